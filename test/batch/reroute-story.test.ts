import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { loadSample, order } from '../../examples/setup.js'
import { reroute } from '../../src/batch/reroute.js'
import { routeOrder } from '../../src/routing/route.js'

const now = '2026-11-27T09:00:00Z'
const costs = { package: '6', unit: '0.5', perUnitKm: '0.0003' }
const store = (id: string, lat: number, lon: number) => ({ id, kind: 'store', location: { lat, lon }, costs })
const riviera = loadSample(
  { nodes: [store('S-NICE', 43.7102, 7.262), store('S-NANTES', 47.2184, -1.5536), store('S-MARSEILLE', 43.2965, 5.3698)] },
  { rows: [{ node: 'S-NANTES', sku: 'LAMP', onHand: 2 }, { node: 'S-MARSEILLE', sku: 'LAMP', onHand: 2 }] },
)

describe('reroute after a store rejects a click & collect transfer', () => {
  it('Marseille rejects: Nantes sends the unit, and the pickup, transfers, allocations and summary agree', () => {
    const o = order({ id: 'CC-1', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 1 }], delivery: { method: 'pickup', node: 'S-NICE' } })
    const planned = routeOrder(riviera.stock, o, { now })
    if (E.isLeft(planned)) throw new Error(JSON.stringify(planned.left))
    expect(planned.right.transfers.map((t) => t.from)).toEqual(['S-MARSEILLE'])
    const r = reroute(riviera.stock, o, planned.right, { node: 'S-MARSEILLE' }, { now })
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const p = r.right.plan
    expect(p.transfers.map((t) => [t.from, t.lines])).toEqual([['S-NANTES', [{ lineId: '1', sku: 'LAMP', quantity: 1 }]]])
    expect(p.allocations).toEqual([{ lineId: '1', sku: 'LAMP', quantity: 1, node: 'S-NANTES' }])
    expect(p.pickup?.lines).toEqual([{ lineId: '1', sku: 'LAMP', quantity: 1 }])
    expect(p.optimality).toBe('heuristic')
    expect(p.explanation.summary).not.toContain('proven optimal')
    expect(p.explanation.summary).toContain(`total ${p.totalCost} (`)
    expect(p.explanation.summary).toContain('collect 1 unit at S-NICE')
  })
})
