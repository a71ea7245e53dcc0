import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { customers } from '../../examples/sample-network.js'
import { loadSample, order } from '../../examples/setup.js'
import { reroute } from '../../src/batch/reroute.js'
import { toMicros } from '../../src/money.js'
import { routeOrder } from '../../src/routing/route.js'

const now = '2026-11-27T09:00:00Z'
const sample = loadSample()

describe('reroute', () => {
  it('Part-Dieu cannot find the lamps it promised: they come from elsewhere, the rest of the plan stays', () => {
    const o = order({
      id: 'RR-1', channel: 'web',
      lines: [{ id: '1', sku: 'LAMP', quantity: 2 }, { id: '2', sku: 'SNEAKER-42', quantity: 1 }],
      delivery: { method: 'pickup', node: 'S-LYON-PART-DIEU' },
      rules: { regions: ['ARA'] },
    })
    const planned = routeOrder(sample.stock, o, { now })
    if (E.isLeft(planned)) throw new Error('route failed')
    const plan = planned.right
    expect(plan.allocations.some((a) => a.node === 'S-LYON-PART-DIEU' && a.sku === 'LAMP')).toBe(true)
    const r = reroute(sample.stock, o, plan, { node: 'S-LYON-PART-DIEU', sku: 'LAMP' }, { now })
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const after = r.right.plan
    expect(after.allocations.some((a) => a.node === 'S-LYON-PART-DIEU' && a.sku === 'LAMP')).toBe(false)
    // What did not touch the rejected position is kept as it was.
    for (const kept of plan.allocations.filter((a) => !(a.node === 'S-LYON-PART-DIEU' && a.sku === 'LAMP'))) {
      expect(after.allocations).toContainEqual(kept)
    }
    expect(r.right.moved.reduce((a, m) => a + m.quantity, 0)).toBe(2)
    expect(after.allocations).toContainEqual({ node: 'S-LYON-PART-DIEU', sku: 'SNEAKER-42', lineId: '2', quantity: 1 })
    expect(after.transfers.map((t) => t.to)).toEqual(['S-LYON-PART-DIEU'])
    // Coverage still holds per line.
    for (const line of o.lines) {
      const planned = after.allocations.filter((a) => a.lineId === line.id).reduce((a, l) => a + l.quantity, 0)
      const missing = after.unfulfilled.filter((u) => u.lineId === line.id).reduce((a, l) => a + l.quantity, 0)
      expect(planned + missing).toBe(line.quantity)
    }
    expect(toMicros(after.totalCost)).toBe(toMicros(after.fulfilmentCost) + toMicros(after.penaltyCost))
    expect(toMicros(r.right.extraOverFullReroute)).toBeGreaterThanOrEqual(0)
  })

  it('a whole store rejecting a shipped order sends every unit from other nodes', () => {
    const o = order({
      id: 'RR-2', channel: 'web', lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 1 }],
      delivery: { method: 'ship', to: customers.lyonPresquile }, rules: { nodeKinds: ['store'] },
    })
    const planned = routeOrder(sample.stock, o, { now })
    if (E.isLeft(planned)) throw new Error('route failed')
    const from = planned.right.shipments[0]?.from ?? ''
    const r = reroute(sample.stock, o, planned.right, { node: from }, { now })
    if (E.isLeft(r)) throw new Error('reroute failed')
    expect(r.right.plan.shipments.every((s) => s.from !== from)).toBe(true)
    expect(r.right.plan.allocations.every((a) => a.node !== from)).toBe(true)
  })

  it('refuses a plan of another order', () => {
    const o = order({ id: 'X', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 1 }], delivery: { method: 'ship', to: customers.grenoble } })
    const p = routeOrder(sample.stock, o, { now })
    if (E.isLeft(p)) throw new Error('route failed')
    const other = order({ id: 'Y', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 1 }], delivery: { method: 'ship', to: customers.grenoble } })
    const r = reroute(sample.stock, other, p.right, { node: 'W-LYON' }, { now })
    expect(E.isLeft(r) && r.left._tag).toBe('rejection-mismatch')
  })
})
