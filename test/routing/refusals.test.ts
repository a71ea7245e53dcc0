/**
 * What `routeOrder` refuses to route, each refusal typed, at the path of what is wrong, with a
 * message that says why: an order with no lines or a line id used twice (which the order's
 * decoder lets through, as JavaScript callers may build orders by hand), an SKU outside the
 * catalogue, a pickup at a node that is not one, and totals that could leave the exact range
 * of a double (a line, the parcels' fixed charges, the delay cost).
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { customers } from '../../examples/sample-network.js'
import { loadSample, order } from '../../examples/setup.js'
import type { Order } from '../../src/model/order.js'
import { routeOrder } from '../../src/routing/route.js'
import type { StockState } from '../../src/stock/types.js'

const now = '2026-11-27T09:00:00Z'
const sample = loadSample()
const at = { lat: 45.764, lon: 4.8357 }
const base = { id: 'R', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 2 }], delivery: { method: 'ship', to: customers.grenoble } }

/** The refusal's tag, path and message, or 'routed'. */
const refusal = (stock: StockState, o: Order) => {
  const r = routeOrder(stock, o, { now })
  return E.isLeft(r) ? { _tag: r.left._tag, path: 'path' in r.left ? r.left.path : undefined, message: r.left.message } : 'routed'
}

/** Five warehouses at one point, each parcel 1,000,000,000 (the most an amount may be); 20 of B at the first. */
const goldWorld = loadSample(
  { nodes: [1, 2, 3, 4, 5].map((i) => ({ id: `W-GOLD-${i}`, kind: 'warehouse', location: at, costs: { package: '1000000000', unit: '0', perUnitKm: '0' } })) },
  { rows: [{ node: 'W-GOLD-1', sku: 'B', onHand: 20 }] },
)

describe('routeOrder refuses what it cannot route exactly, and says where and why', () => {
  it('an order with no lines', () => {
    expect(refusal(sample.stock, { ...order(base), lines: [] })).toEqual({ _tag: 'empty-order', path: '$.order.lines', message: 'order R has no lines' })
  })

  it('a line id used twice, at the second use', () => {
    const once = order(base)
    const twice = { ...once, lines: [...once.lines, { id: '1', sku: 'LAMP', quantity: 1 }] } as Order
    expect(refusal(sample.stock, twice)).toEqual({ _tag: 'duplicate-line', path: '$.order.lines[1].id', message: 'line id 1 appears twice' })
  })

  it('an SKU outside the catalogue, with the way to route it anyway', () => {
    expect(refusal(sample.stock, order({ ...base, lines: [{ id: '1', sku: 'NOPE', quantity: 2 }] }))).toEqual({
      _tag: 'unknown-sku',
      path: '$.order.lines[0].sku',
      message: '$.order.lines[0].sku: no SKU "NOPE" in the catalogue (set allowUnknownSkus to leave it unfulfilled)',
    })
  })

  it('a pickup at a node the network does not have, or at one that offers no pickup', () => {
    expect(refusal(sample.stock, order({ ...base, delivery: { method: 'pickup', node: 'NOWHERE' } }))).toEqual({
      _tag: 'unknown-node',
      path: '$.order.delivery.node',
      message: '$.order.delivery.node: no node "NOWHERE" in the network',
    })
    expect(refusal(sample.stock, order({ ...base, delivery: { method: 'pickup', node: 'SUP-OUTDOOR' } }))).toEqual({
      _tag: 'not-a-pickup-node',
      path: '$.order.delivery.node',
      message: 'node SUP-OUTDOOR does not offer pickup',
    })
  })

  it('a line whose units at their penalty could pass the largest exact amount', () => {
    // 10 units at 1,000,000,000: 10^16 micros, beyond 2^53 − 1 ≈ 9.007 × 10^15.
    const o = order({ ...base, unfulfilledPenalty: '1000000000', lines: [{ id: '1', sku: 'LAMP', quantity: 10 }] })
    expect(refusal(sample.stock, o)).toEqual({
      _tag: 'amount-out-of-range',
      path: '$.order.lines[0]',
      message: "line 1 could bring the order's total beyond 9007199254.740991, the largest exact amount (10 units at up to 1000000000 each)",
    })
  })

  it('parcels whose fixed charges could pass it, though every line is in range', () => {
    // Up to min(9 units, 2 × 5 nodes) + 1 = 10 parcels at 10^15 micros each: 10^16. With 8
    // units, 9 × 10^15 stays below 2^53 − 1, and the order routes (leaving the 8 units at
    // their penalty of 1,000 is cheaper than any parcel).
    expect(refusal(goldWorld.stock, order({ ...base, lines: [{ id: '1', sku: 'B', quantity: 9 }] }))).toEqual({
      _tag: 'amount-out-of-range',
      path: '$.order',
      message: "the order's total could exceed 9007199254.740991, the largest exact amount",
    })
    const eight = routeOrder(goldWorld.stock, order({ ...base, lines: [{ id: '1', sku: 'B', quantity: 8 }] }), { now })
    expect(E.isRight(eight) && [eight.right.totalCost, eight.right.optimality]).toEqual(['8000', 'proven'])
  })

  it('a delay cost that could pass it over the days a backorder may wait, refused from one micro past the edge', () => {
    const lotWorld = loadSample(
      { nodes: [{ id: 'W-ONE', kind: 'warehouse', location: at, costs: { package: '1', unit: '0', perUnitKm: '0' } }] },
      { rows: [{ node: 'W-ONE', sku: 'B', onHand: 5 }], inbound: [{ id: 'PO', node: 'W-ONE', sku: 'B', quantity: 5, eta: '2026-12-20T08:00:00Z' }] },
    )
    const waiting = (delayCost: string) => order({ ...base, delayCost, allowBackorder: true, lines: [{ id: '1', sku: 'B', quantity: 8 }] })
    expect(refusal(lotWorld.stock, waiting('1000000000'))).toEqual({
      _tag: 'amount-out-of-range',
      path: '$.order.delayCost',
      message: "the order's delay cost (1000000000 a unit a day) could bring its total beyond 9007199254.740991, the largest exact amount",
    })
    expect(refusal(lotWorld.stock, waiting('1'))).toBe('routed')
    // The edge, by hand. The latest ETA of the order's instance is the lot's parcel, delivered
    // 2026-12-21T13:10:44.670Z (that plan's own ETA), 24 days 4 hours after now: 25 days, plus
    // two for the zones' offsets, 27. Each of the 8 units may cost the rate × 27 on top of the
    // dearest unit or penalty (the default penalty, 1,000: 10^9 micros) and a parcel (1:
    // 10^6 micros), so the total stays exact while 8 × (27 × rate + 1,001,000,000) ≤ 2^53 − 1,
    // that is for a rate of at most 41,699,959,475,652 micros a day (8 × 1,125,899,906,842,604 =
    // 9,007,199,254,740,832; one micro more gives 9,007,199,254,741,048).
    const slow = routeOrder(lotWorld.stock, waiting('1'), { now })
    expect(E.isRight(slow) && slow.right.eta).toBe('2026-12-21T13:10:44.670Z')
    expect(refusal(lotWorld.stock, waiting('41699959.475652'))).toBe('routed')
    expect(refusal(lotWorld.stock, waiting('41699959.475653'))).toMatchObject({ _tag: 'amount-out-of-range', path: '$.order.delayCost' })
  })
})
