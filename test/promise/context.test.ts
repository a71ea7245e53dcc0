/**
 * One promise call's shared view (src/promise/context.ts), built directly: the request
 * normalised into order lines, SKUs and demand, the defaults, and every request or option
 * it cannot use an error naming its path. `promiseOptions` decodes the request and checks
 * the options first; the context checks them again for its internal callers.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { DEFAULT_HOLD_HOURS, DEFAULT_MAX_PICKUP_NODES, DEFAULT_PROMISE_ORDER_ID, DEFAULT_RADIUS_KM, promiseContext } from '../../src/promise/context.js'
import type { PromiseOptions } from '../../src/promise/types.js'
import { compiledNetwork, nodeNorth, stockOn } from '../support/network.js'
import { contextFor, promiseRequest } from '../support/promise.js'

const stock = stockOn(compiledNetwork({ nodes: [nodeNorth('S1', 'store', 0)] }), { rows: [{ node: 'S1', sku: 'A', onHand: 5 }] })
/** The context's answer, error or not. */
const context = (r: Record<string, unknown>, o: Record<string, unknown> = {}) => promiseContext(stock, promiseRequest(r), o as PromiseOptions)
/** The context, which must build. */
const built = (r: Record<string, unknown>, o: Record<string, unknown> = {}) => contextFor(stock, r, o as PromiseOptions)

describe('the request as order lines', () => {
  it('a single SKU is one line "1" of the quantity asked (1 by default)', () => {
    const c = built({ sku: 'B', quantity: 3 })
    expect(c.lines).toEqual([{ id: '1', sku: 'B', quantity: 3 }])
    expect([c.items, c.demand, c.quantity]).toEqual([['B'], [3], 3])
    expect(c.planLines).toEqual([{ lineId: '1', sku: 'B', quantity: 3 }])
    expect(built({ sku: 'B' }).quantity).toBe(1)
    // A cart field present but undefined is no cart.
    expect(built({ sku: 'B', lines: undefined }).lines).toEqual([{ id: '1', sku: 'B', quantity: 1 }])
  })

  it('a cart: ids by position unless given, SKUs sorted and merged, plan lines by id', () => {
    const c = built({
      lines: [
        { sku: 'B', quantity: 2 },
        { id: 'a', sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 4 },
      ],
    })
    expect(c.lines.map((l) => [l.id, l.sku, l.quantity])).toEqual([['1', 'B', 2], ['a', 'A', 1], ['3', 'B', 4]])
    expect([c.items, c.demand, c.quantity]).toEqual([['A', 'B'], [1, 6], 7])
    expect(c.planLines.map((l) => l.lineId)).toEqual(['1', '3', 'a'])
  })

  it('defaults, and the request’s own values', () => {
    const d = built({ sku: 'A' })
    expect([d.radiusKm, d.maxPickupNodes, d.orderId, d.holdMs, d.rankBy, d.allowBackorder, d.value, d.valueMicros, d.penalty]).toEqual([
      DEFAULT_RADIUS_KM,
      DEFAULT_MAX_PICKUP_NODES,
      DEFAULT_PROMISE_ORDER_ID,
      DEFAULT_HOLD_HOURS * 3_600_000,
      'distance',
      false,
      undefined,
      0,
      '1000',
    ])
    expect([...d.methods].sort()).toEqual(['pickup', 'reserve-in-store', 'ship'])
    const c = built(
      { sku: 'A', radiusKm: 5, maxPickupNodes: 2, orderId: 'o-1', allowBackorder: true, value: '12.50', methods: ['pickup'] },
      { holdHours: 0.5, rankBy: 'eta', unfulfilledPenalty: '20' },
    )
    expect([c.radiusKm, c.maxPickupNodes, c.orderId, c.holdMs, c.rankBy, c.allowBackorder, c.value, c.valueMicros, c.penalty, c.penaltyMicros]).toEqual([
      5, 2, 'o-1', 1_800_000, 'eta', true, '12.50', 12_500_000, '20', 20_000_000,
    ])
    expect([...c.methods]).toEqual(['pickup'])
  })
})

describe('what the context cannot use, by path', () => {
  it.each([
    [{ sku: 'A', lines: [{ sku: 'A', quantity: 1 }] }, {}, { _tag: 'invalid-request', path: '$.lines', message: 'give either sku (a product page) or lines (a cart), not both' }],
    [{ lines: [] }, {}, { _tag: 'invalid-request', path: '$.lines', message: 'a cart has at least one line' }],
    [
      { lines: [{ id: 'x', sku: 'A', quantity: 1 }, { id: 'x', sku: 'B', quantity: 1 }] },
      {},
      { _tag: 'duplicate-line', path: '$.lines[1].id', message: 'line id x appears twice' },
    ],
    [
      { lines: [{ sku: 'A', quantity: 1 }, { id: '1', sku: 'B', quantity: 1 }] },
      {},
      { _tag: 'duplicate-line', path: '$.lines[1].id', message: 'line id 1 appears twice' },
    ],
    [{ sku: 'A' }, { unfulfilledPenalty: 'lots' }, { _tag: 'invalid-request', path: '$.options.unfulfilledPenalty', message: 'expected an amount such as "1000", got "lots"' }],
    [{ sku: 'A' }, { holdHours: -1 }, { _tag: 'invalid-request', path: '$.options.holdHours', message: 'expected a non-negative number of hours, got -1' }],
    [{ sku: 'A' }, { holdHours: Number.POSITIVE_INFINITY }, { _tag: 'invalid-request', path: '$.options.holdHours', message: 'expected a non-negative number of hours, got null' }],
    [{ sku: 'A' }, { rankBy: 'nearest' }, { _tag: 'invalid-request', path: '$.options.rankBy', message: 'expected "distance", "eta" or "price", got "nearest"' }],
    [{ sku: 'A' }, { price: 'free' }, { _tag: 'invalid-price', path: '$.price', message: 'a price rule is an array of tiers or a function' }],
    [{ sku: 'A' }, { price: null }, { _tag: 'invalid-price', path: '$.price', message: 'a price rule is an array of tiers or a function' }],
  ])('%j with options %j', (r, o, error) => {
    expect(context(r, o)).toEqual(E.left(error))
  })

  it('an instant that does not parse names $.now', () => {
    const r = context({ sku: 'A', now: 'tomorrow' })
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'invalid-instant', path: '$.now' })
  })
})
