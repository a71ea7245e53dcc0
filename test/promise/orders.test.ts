/**
 * The orders a promise's options stand for (src/promise/orders.ts), built directly: what a
 * shopper's checkout routes again, so every field is asserted — the request's lines, no
 * partial delivery, backorder only where the request allows it, the call's penalty and
 * rules, and reserve-in-store's rules keeping the store's own shelves the only source.
 */
import { describe, expect, it } from 'vitest'
import { colocated, ownShelfRules, pickupOrder, reserveOrder, shipOrder } from '../../src/promise/orders.js'
import type { PromiseOptions } from '../../src/promise/types.js'
import { compiledNetwork, LYON_POINT, nodeNorth, stockOn } from '../support/network.js'
import { contextFor } from '../support/promise.js'

const HERE = LYON_POINT
// S1 and L1 share the shopper's spot; S2 stands alone, 5 km north.
const stock = stockOn(compiledNetwork({ nodes: [nodeNorth('S1', 'store', 0), nodeNorth('L1', 'store', 0), nodeNorth('S2', 'store', 5)] }), {
  rows: [{ node: 'S1', sku: 'A', onHand: 5 }],
})

const ctxOf = (r: Record<string, unknown> = {}, o: PromiseOptions = {}) => contextFor(stock, { sku: 'A', quantity: 2, ...r }, o)
const at = (id: string): number => stock.network.nodes.byId.get(id as never) ?? -1
const lines = [{ id: '1', sku: 'A', quantity: 2 }]

describe('the orders behind the options', () => {
  it('ship: to the shopper, never partial, backorder as the request says, the call’s penalty', () => {
    expect(shipOrder(ctxOf())).toEqual({
      id: 'promise',
      channel: 'web',
      lines,
      delivery: { method: 'ship', to: HERE },
      allowPartial: false,
      allowBackorder: false,
      unfulfilledPenalty: '1000',
    })
    const rules = { nodeKinds: ['store' as const] }
    expect(shipOrder(ctxOf({ allowBackorder: true, orderId: 'o-1', timeZone: 'Europe/Paris' }, { rules, unfulfilledPenalty: '50' as never }))).toEqual({
      id: 'o-1',
      channel: 'web',
      lines,
      delivery: { method: 'ship', to: HERE, timeZone: 'Europe/Paris' },
      allowPartial: false,
      allowBackorder: true,
      unfulfilledPenalty: '50',
      rules,
    })
  })

  it('pickup at a node: the same terms, collected there', () => {
    expect(pickupOrder(ctxOf({ allowBackorder: true }), at('S2'))).toEqual({
      id: 'promise',
      channel: 'web',
      lines,
      delivery: { method: 'pickup', node: 'S2' },
      allowPartial: false,
      allowBackorder: true,
      unfulfilledPenalty: '1000',
    })
  })

  it('reserve-in-store: the store’s own shelves only (nothing beyond 0 km, co-located nodes excluded), never a backorder', () => {
    expect(colocated(ctxOf(), at('S1'))).toEqual(['L1'])
    expect(colocated(ctxOf(), at('S2'))).toEqual([])
    expect(reserveOrder(ctxOf({ allowBackorder: true }), at('S2'))).toEqual({
      id: 'promise',
      channel: 'web',
      lines,
      delivery: { method: 'pickup', node: 'S2' },
      allowPartial: false,
      allowBackorder: false,
      unfulfilledPenalty: '1000',
      rules: { maxDistanceKm: 0 },
    })
    expect(reserveOrder(ctxOf(), at('S1')).rules).toEqual({ maxDistanceKm: 0, excludeNodes: ['L1'] })
    // The call's rules are kept, combined with the shelf's.
    expect(ownShelfRules(ctxOf({}, { rules: { maxDistanceKm: 20 as never, excludeTags: ['closed' as never] } }), at('S1'))).toEqual({
      excludeTags: ['closed'],
      maxDistanceKm: 0,
      excludeNodes: ['L1'],
    })
  })
})
