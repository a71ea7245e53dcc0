/**
 * An option is an order: ship to the shopper, pickup at a node, or reserve-in-store (pickup at
 * a store from its own shelves only). These are the orders checkout routes; the promise
 * routes exactly the same ones, so what was promised is what gets routed.
 *
 * @internal
 */
import type { Order, SourcingRules } from '../model/order.js'
import type { Id, Kilometres } from '../model/primitives.js'
import { composeRules } from '../rules/sourcing.js'
import { nodesWithin } from '../network/grid.js'
import type { OfferTarget } from '../routing/offers.js'
import type { PromiseContext } from './context.js'

// Written out rather than spread: a product page builds a dozen orders per call.
const base = (ctx: PromiseContext, delivery: Order['delivery'], allowBackorder: boolean, rules: SourcingRules | undefined): Order =>
  rules === undefined
    ? { id: ctx.orderId, channel: ctx.channel, lines: ctx.lines, delivery, allowPartial: false, allowBackorder, unfulfilledPenalty: ctx.penalty }
    : { id: ctx.orderId, channel: ctx.channel, lines: ctx.lines, delivery, allowPartial: false, allowBackorder, unfulfilledPenalty: ctx.penalty, rules }

/** Delivery to the shopper's location (on the shopper's clock when the request gives a zone). */
export const shipOrder = (ctx: PromiseContext): Order =>
  base(ctx, ctx.timeZone === undefined ? { method: 'ship', to: ctx.location } : { method: 'ship', to: ctx.location, timeZone: ctx.timeZone }, ctx.allowBackorder, ctx.rules)

/** Where the ship option's parcels go: the shopper's location, on the shopper's clock when the request gives a zone. */
export const shopperTarget = (ctx: PromiseContext): OfferTarget =>
  ctx.customerZone === undefined ? { mode: 'direct', to: ctx.location } : { mode: 'direct', to: ctx.location, zone: ctx.customerZone }

/** Click & collect at `node`, fed by transfers where that is cheapest. */
export const pickupOrder = (ctx: PromiseContext, node: number): Order =>
  base(ctx, { method: 'pickup', node: ctx.net.nodes.ids[node] as Id }, ctx.allowBackorder, ctx.rules)

/**
 * Nodes at the very same coordinates as `node` (0 m away): a maximum sourcing distance of
 * 0 km would still let them transfer, so reserve-in-store excludes them by id.
 */
export const colocated = (ctx: PromiseContext, node: number): readonly Id[] => {
  // Which nodes share a node's location depends on the network alone: the network's tables keep it.
  const nodes = ctx.net.nodes
  return ctx.tables.colocated(node, () => {
    const found: Id[] = []
    for (const near of nodesWithin(nodes, { lat: nodes.lat[node] ?? 0, lon: nodes.lon[node] ?? 0 }, 0)) {
      if (near.node !== node) found.push(nodes.ids[near.node] as Id)
    }
    return found
  })
}

/** Rules that leave `node` as the only possible source: nothing beyond 0 km, nothing co-located. */
export const ownShelfRules = (ctx: PromiseContext, node: number): SourcingRules => {
  const others = colocated(ctx, node)
  const own: SourcingRules = others.length === 0 ? ONLY_HERE : { maxDistanceKm: 0 as Kilometres, excludeNodes: others }
  return ctx.rules === undefined ? own : composeRules(ctx.rules, own)
}

const ONLY_HERE: SourcingRules = { maxDistanceKm: 0 as Kilometres }

/** Reserve-in-store at `node`: pickup from the store's own shelves, no transfer, no backorder. */
export const reserveOrder = (ctx: PromiseContext, node: number): Order =>
  base(ctx, { method: 'pickup', node: ctx.net.nodes.ids[node] as Id }, false, ownShelfRules(ctx, node))
