/**
 * The route-level tie rule: when a direct plan and a plan through a hub cost exactly the same,
 * the one with fewer shipments wins (parcels and transfers counted alike, the hub's parcel
 * included), and on equal counts the direct plan, which is considered first.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { loadSample, order } from '../../examples/setup.js'
import { routeOrder } from '../../src/routing/route.js'
import type { Plan } from '../../src/routing/plan.js'

const now = '2026-11-27T09:00:00Z'

/**
 * Two warehouses, each holding one of the order's SKUs, with distance-free costs so every
 * total is exact by hand: a parcel 5 + 1 per unit; a transfer `transferFixed` + 1 per unit.
 *   direct, two parcels:             (5 + 1) + (5 + 1)                      = 12
 *   through hub W-A (W-B transfers): transferFixed + 1 + 5 + 2 × 1          = transferFixed + 8
 *   through hub W-B (W-A transfers): the same by symmetry.
 * With transferFixed = 4 all three plans cost exactly 12.
 */
const world = (transferFixed: string) => {
  const costs = { package: '5', unit: '1', perUnitKm: '0', transfer: { fixed: transferFixed, unit: '1', perUnitKm: '0' } }
  return loadSample(
    {
      nodes: [
        { id: 'W-A', kind: 'warehouse', location: { lat: 45.0, lon: 4.0 }, costs },
        { id: 'W-B', kind: 'warehouse', location: { lat: 46.0, lon: 5.0 }, costs },
      ],
    },
    { rows: [{ node: 'W-A', sku: 'X', onHand: 3 }, { node: 'W-B', sku: 'Y', onHand: 3 }] },
  )
}

const route = (transferFixed: string, extra: Record<string, unknown>): Plan => {
  const w = world(transferFixed)
  const r = routeOrder(
    w.stock,
    order({
      id: 'T', channel: 'web',
      lines: [{ id: '1', sku: 'X', quantity: 1 }, { id: '2', sku: 'Y', quantity: 1 }],
      delivery: { method: 'ship', to: { lat: 45.2, lon: 4.2 } },
      ...extra,
    }),
    { now },
  )
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

describe('direct versus hub on an exact tie', () => {
  it('the hub plan alone costs 12 (ship-complete forbids two parcels)', () => {
    const plan = route('4', { shipComplete: true })
    expect(plan.totalCost).toBe('12')
    expect(plan.hub).toBe('W-A')
    expect(plan.shipments.map((s) => s.from)).toEqual(['W-A'])
    expect(plan.transfers.map((t) => [t.from, t.to])).toEqual([['W-B', 'W-A']])
    // Each leg at its price: the transfer 4 + 1, the hub's parcel 5 + 2 × 1 (the last mile of
    // both units, the one transferred in included); together the plan's 12.
    expect(plan.transfers.map((t) => t.cost)).toEqual(['5'])
    expect(plan.shipments.map((s) => [s.from, s.cost, s.lines.map((l) => [l.lineId, l.quantity])])).toEqual([['W-A', '7', [['1', 1], ['2', 1]]]])
    expect(plan.fulfilmentCost).toBe('12')
    expect(plan.shipments[0]?.backorder).toBe(false)
  })

  it('at an equal 12, an allowHub order takes the two direct parcels (two shipments, not a transfer and a hub parcel)', () => {
    const plan = route('4', { allowHub: true })
    expect(plan.totalCost).toBe('12')
    expect(plan.hub).toBeUndefined()
    expect(plan.transfers).toEqual([])
    expect(plan.shipments.map((s) => [s.from, s.cost])).toEqual([['W-A', '6'], ['W-B', '6']])
    expect(plan.optimality).toBe('proven')
  })

  it('one micro-unit cheaper, the hub wins: the tie above is really a tie', () => {
    const plan = route('3.999999', { allowHub: true })
    expect(plan.totalCost).toBe('11.999999')
    expect(plan.hub).toBe('W-A')
    expect(plan.transfers.map((t) => [t.from, t.to, t.cost])).toEqual([['W-B', 'W-A', '4.999999']])
  })
})
