/**
 * The route-level tie rule: when a direct plan and a plan through a hub cost exactly the same,
 * the one with fewer shipments wins (parcels and transfers counted alike, the hub's parcel
 * included, the hub's own shelf not: it moves nothing), and on equal counts the direct plan,
 * which is considered first.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { loadSample, order } from '../../examples/setup.js'
import { routeOrder } from '../../src/routing/route.js'
import type { Plan } from '../../src/routing/plan.js'
import type { StockState } from '../../src/stock/types.js'

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

/** The plan of the order document `json` on `stock`, or a thrown refusal. */
const planOf = (stock: StockState, json: unknown): Plan => {
  const r = routeOrder(stock, order(json), { now })
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const route = (transferFixed: string, extra: Record<string, unknown>): Plan =>
  planOf(world(transferFixed).stock, {
    id: 'T', channel: 'web',
    lines: [{ id: '1', sku: 'X', quantity: 1 }, { id: '2', sku: 'Y', quantity: 1 }],
    delivery: { method: 'ship', to: { lat: 45.2, lon: 4.2 } },
    ...extra,
  })

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

  it('at an equal 12 and two shipments each (two parcels; a transfer and the hub’s parcel), an allowHub order takes the direct plan, considered first', () => {
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

/**
 * The other direction: the hub plan has fewer shipments. W-C holds Y and Z but may only
 * transfer; W-D and W-E hold one of them each and ship; X is at W-B (which ships), or on the
 * hub W-A's own shelf. Costs as above (a parcel 5 + 1 a unit; a transfer `transferFixed` + 1 a
 * unit; a unit from the hub's shelf pays only the last mile, 1):
 *   direct, three parcels:                    3 × (5 + 1)                                 = 18
 *   through W-A, X from W-B, W-C's Y and Z:   (transferFixed + 1) + (transferFixed + 2) + 5 + 3 = 2 × transferFixed + 11
 *   through W-A, X on its shelf:              (transferFixed + 2) + 5 + 3                  = transferFixed + 10
 * With transferFixed = 3.5 the first hub plan costs exactly 18 (three shipments, as many as the
 * direct plan's); with transferFixed = 8 the second does, with two shipments: the shelf moves nothing.
 */
const spread = (transferFixed: string, xAt: 'W-A' | 'W-B') => {
  const costs = { package: '5', unit: '1', perUnitKm: '0', transfer: { fixed: transferFixed, unit: '1', perUnitKm: '0' } }
  const at = (lat: number) => ({ lat, lon: 4.0 })
  const shipper = ['ship', 'transfer-out']
  return loadSample(
    {
      nodes: [
        { id: 'W-A', kind: 'warehouse', location: at(45.0), costs },
        { id: 'W-B', kind: 'warehouse', location: at(45.1), costs, capabilities: shipper },
        { id: 'W-C', kind: 'warehouse', location: at(45.2), costs, capabilities: ['transfer-out'] },
        { id: 'W-D', kind: 'warehouse', location: at(45.3), costs, capabilities: shipper },
        { id: 'W-E', kind: 'warehouse', location: at(45.4), costs, capabilities: shipper },
      ],
    },
    {
      rows: [
        { node: xAt, sku: 'X', onHand: 1 }, { node: 'W-C', sku: 'Y', onHand: 1 }, { node: 'W-C', sku: 'Z', onHand: 1 },
        { node: 'W-D', sku: 'Y', onHand: 1 }, { node: 'W-E', sku: 'Z', onHand: 1 },
      ],
    },
  )
}

const routeSpread = (transferFixed: string, xAt: 'W-A' | 'W-B'): Plan =>
  planOf(spread(transferFixed, xAt).stock, {
    id: 'S', channel: 'web', allowHub: true,
    lines: [{ id: '1', sku: 'X', quantity: 1 }, { id: '2', sku: 'Y', quantity: 1 }, { id: '3', sku: 'Z', quantity: 1 }],
    delivery: { method: 'ship', to: { lat: 44.9, lon: 4.0 } },
  })

/** Total, hub, transfers (from, to, cost) and parcels (from, cost) of a plan. */
const legs = (plan: Plan) => [plan.totalCost, plan.hub, plan.transfers.map((t) => [t.from, t.to, t.cost]), plan.shipments.map((s) => [s.from, s.cost])]

describe('a hub plan with fewer shipments on an exact tie', () => {
  it('at an equal 18 and three shipments each, the three direct parcels, considered first', () => {
    expect(legs(routeSpread('3.5', 'W-B'))).toEqual(['18', undefined, [], [['W-B', '6'], ['W-D', '6'], ['W-E', '6']]])
  })

  it('at an equal 18, one transfer and the hub’s parcel beat three direct parcels: the hub’s own shelf is not a shipment', () => {
    const plan = routeSpread('8', 'W-A')
    expect(legs(plan)).toEqual(['18', 'W-A', [['W-C', 'W-A', '10']], [['W-A', '8']]])
    expect(plan.optimality).toBe('proven')
  })

  it('one micro-unit dearer, the three direct parcels win: the tie above is really a tie', () => {
    expect(legs(routeSpread('8.000001', 'W-A'))).toEqual(['18', undefined, [], [['W-A', '6'], ['W-D', '6'], ['W-E', '6']]])
  })
})
