/**
 * The facilities an option offers the cart search (src/promise/cart-offers.ts): the pickup
 * node's own shelves, and the nodes that may send to the shopper or transfer to the pickup
 * node — each under the rules, its capacity today and its capabilities — worked out by hand
 * on a small network.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodePromiseRequest } from '../../src/codecs/decode.js'
import type { SourcingRules } from '../../src/model/order.js'
import { cartNodes } from '../../src/promise/cart-nodes.js'
import { candidates, Facilities, type Target } from '../../src/promise/cart-offers.js'
import { promiseContext } from '../../src/promise/context.js'
import { shopperTarget } from '../../src/promise/orders.js'
import { compiledNetwork, stockOn } from '../support/network.js'

const now = '2026-12-08T09:00:00Z'
const SHOPPER = { lat: 45.76, lon: 4.835 }
const costs = (pkg: string, unit: string) => ({ package: pkg, unit, perUnitKm: '0', transfer: { fixed: pkg, unit, perUnitKm: '0' } })

const network = compiledNetwork({
  transit: { baseHours: 0, kmPerHour: 10_000 },
  nodes: [
    // The pickup store, by the shopper.
    { id: 'P-0', kind: 'store', location: { lat: 45.7601, lon: 4.8351 }, costs: costs('3', '0.5'), dailyCapacity: { orders: 1 } },
    // Stores 1 km and 3 km away, and a warehouse 60 km away.
    { id: 'S-1', kind: 'store', location: { lat: 45.769, lon: 4.835 }, costs: costs('3', '0.5') },
    { id: 'S-3', kind: 'store', location: { lat: 45.787, lon: 4.835 }, costs: costs('3', '0.4') },
    { id: 'W-9', kind: 'warehouse', location: { lat: 46.3, lon: 4.835 }, costs: costs('4', '0.2') },
    // A store whose one cap is reserved: it holds the cart's SKU, with nothing to give.
    { id: 'P-5', kind: 'store', location: { lat: 45.7602, lon: 4.8352 }, costs: costs('3', '0.5') },
    // A locker: it may take pickups and transfers in, never send.
    { id: 'L-2', kind: 'locker', location: { lat: 45.778, lon: 4.835 }, costs: costs('1', '0.1') },
  ],
})

const stock = stockOn(
  network,
  {
    rows: [
      { node: 'P-0', sku: 'CAP', onHand: 1 },
      { node: 'S-1', sku: 'CAP', onHand: 2 },
      { node: 'S-1', sku: 'BAG', onHand: 1 },
      { node: 'S-3', sku: 'BAG', onHand: 3 },
      { node: 'W-9', sku: 'CAP', onHand: 9 },
      { node: 'W-9', sku: 'BAG', onHand: 9 },
      { node: 'L-2', sku: 'CAP', onHand: 4 },
      { node: 'P-5', sku: 'CAP', onHand: 1 },
    ],
  },
  // P-5's one cap is held for an order.
  [{ node: 'P-5', sku: 'CAP', quantity: 1 }],
  now,
)

const setup = (rules?: SourcingRules, capacityUsed?: Record<string, { orders: number; units: number }>) => {
  const request = decodePromiseRequest({ channel: 'web', now, location: SHOPPER, lines: [{ id: 'c', sku: 'CAP', quantity: 1 }, { id: 'b', sku: 'BAG', quantity: 1 }] })
  if (E.isLeft(request)) throw new Error(request.left.message)
  const ctx = promiseContext(stock, request.right, { ...(rules === undefined ? {} : { rules }), ...(capacityUsed === undefined ? {} : { capacityUsed }) })
  if (E.isLeft(ctx)) throw new Error(JSON.stringify(ctx.left))
  return { ctx: ctx.right, data: cartNodes(ctx.right) }
}

const P0 = network.nodes.byId.get('P-0') as number

/** Every facility of the option for target `t` with no bound: [node, role, metres rounded to km]. */
const offered = (s: ReturnType<typeof setup>, t: Target): readonly (readonly [string, string])[] => {
  const fac = new Facilities(s.ctx, s.data, t)
  return candidates(s.ctx, s.data, fac, Number.POSITIVE_INFINITY).map((c) => [network.nodes.ids[c.node] as string, c.role] as const)
}

describe('the facilities of a cart option', () => {
  it('collect at P-0: its own shelves and every node that can transfer, not the locker, and not one another serves for less', () => {
    // W-9 holds both SKUs, but S-1 does too and sends the 2 units for less whatever the
    // distance: 3 + 2 × 0.5 = 4 against 4 + 2 × 0.2 = 4.4. S-3 holds only the bag.
    const s = setup()
    expect(offered(s, { mode: 'pickup', node: P0 })).toEqual([
      ['P-0', 'own'],
      ['S-1', 'transfer'],
      ['S-3', 'transfer'],
    ])
  })

  it('delivery to the shopper: every node that can ship, not the locker', () => {
    const s = setup()
    expect(offered(s, shopperTarget(s.ctx))).toEqual([
      ['P-0', 'ship'],
      ['S-1', 'ship'],
      ['S-3', 'ship'],
    ])
  })

  it('a distance rule drops the nodes too far from the pickup node, or from the shopper', () => {
    // Within 2 km: S-1 (1 km) stays, S-3 (3 km) goes.
    const s = setup({ maxDistanceKm: 2 } as unknown as SourcingRules)
    expect(offered(s, { mode: 'pickup', node: P0 }).map(([n]) => n)).toEqual(['P-0', 'S-1'])
    expect(offered(s, shopperTarget(s.ctx)).map(([n]) => n)).toEqual(['P-0', 'S-1'])
  })

  it('the pickup node’s own shelves are not offered when its orders today are used up', () => {
    const s = setup(undefined, { 'P-0': { orders: 1, units: 0 } })
    const fac = new Facilities(s.ctx, s.data, { mode: 'pickup', node: P0 })
    expect(fac.own).toBeUndefined()
    expect(offered(s, { mode: 'pickup', node: P0 }).map(([n]) => n)).toEqual(['S-1', 'S-3'])
  })

  it('nor when it holds nothing of the cart that it may give', () => {
    // P-5's one cap is reserved; an excluded node cannot give its own stock either.
    const s = setup()
    const p5 = network.nodes.byId.get('P-5') as number
    expect(new Facilities(s.ctx, s.data, { mode: 'pickup', node: p5 }).own).toBeUndefined()
    expect(offered(s, { mode: 'pickup', node: p5 }).map(([n]) => n)).toEqual(['P-0', 'S-1', 'S-3'])
    const excluded = setup({ excludeNodes: ['P-0'] } as unknown as SourcingRules)
    expect(new Facilities(excluded.ctx, excluded.data, { mode: 'pickup', node: P0 }).own).toBeUndefined()
  })
})
