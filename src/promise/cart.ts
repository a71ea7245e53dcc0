/**
 * The cart path: an exact solve of each option's facility problem (the router's, for orders
 * without backorder), made small before it is solved.
 *
 * 1. The supply table (`./cart-nodes.ts`) is shared by every option of the call: what each
 *    node holding a cart SKU may supply, and its capacity, from the facility model.
 * 2. Per option (ship to the shopper, pickup at a node) each holder's offer is priced and the
 *    offers that can never be in an optimal plan are dropped (`./cart-offers.ts`).
 * 3. The survivors' relaxation (`./cart-relaxed.ts`) is tried first; when its optimum is a
 *    plan no other split reaches, that is the answer. Otherwise the survivors are searched
 *    depth first over node sets (`./cart-search.ts`). When a capacity could bind or the
 *    search budget runs out, the survivors go to the router (`solveOffers`).
 * 4. The plan is written by the router (`offerPlan`) from the chosen offers' flows, so it is
 *    the plan `routeOrder` returns. When each SKU comes whole from one chosen node, the flows
 *    are written directly (the router serves an item from its cheapest node first, ties by
 *    node, so they are the router's); otherwise the router evaluates the set.
 *
 * @internal
 */
import type { Order } from '../model/order.js'
import { evaluateOffers, offerPlan, offerSet, servedWhole, solveOffers, wholeOfferPlan, type OfferSet, type OfferSolution } from '../routing/offers.js'
import type { PromiseContext } from './context.js'
import type { PromisedPlan } from './types.js'
import type { CartNodes } from './cart-nodes.js'
import { candidates, Facilities, supplyOf, type Candidate, type Target } from './cart-offers.js'
import { bestSet, firstPlan, setCost, upperBound, wholeCost } from './cart-search.js'
import { relaxedBest } from './cart-relaxed.js'

/** The outcome for one option: a plan, nothing to offer, or "route it in full". */
export type CartAnswer =
  | { readonly kind: 'plan'; readonly plan: PromisedPlan; readonly etaMs: number; readonly nodes: readonly number[] }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown' }

const NONE: CartAnswer = { kind: 'none' }
const UNKNOWN: CartAnswer = { kind: 'unknown' }

/** Work units charged per holder and item while an option's candidates are priced (see `RouteOptions.budget`). */
const CANDIDATE_UNITS = 20
/** Share of the call's work left that one option's reduced solve may use. */
const OPTION_SHARE = 0.5

/** The exact plan of one option of the cart, or what to do instead. */
export const cartOption = (ctx: PromiseContext, data: CartNodes, target: Target, order: Order, hint?: readonly number[]): CartAnswer => {
  const fac = new Facilities(ctx, data, target)
  const nothing = ctx.quantity * ctx.penaltyMicros
  const bound = Math.min(nothing, upperBound(ctx, data, fac, hint))
  const kept = candidates(ctx, data, fac, bound)
  ctx.meter.spent += (data.nodes.length + 1) * (ctx.items.length + 1) * CANDIDATE_UNITS
  if (kept.length === 0) return NONE
  const best = relaxedBest(ctx, data, kept, nothing) ?? bestSet(ctx, data, kept, nothing, bound)
  if (best === undefined) return solveReduced(ctx, data, target, order, kept)
  if (best.length === 0) return NONE
  const one = best[0] as Candidate
  if (best.length === 1) {
    const { plan, etaMs } = wholeOfferPlan(ctx.net, ctx.nowMs, order, ctx.planLines, target, one)
    return { kind: 'plan', plan, etaMs, nodes: [one.node] }
  }
  const set = offersOf(ctx, data, target, best)
  let sol = wholeSolution(ctx, data, set, best)
  if (sol === undefined) {
    sol = evaluateOffers(set, ctx.meter)
    // The engine's own evaluation must agree with the search's; if not, route in full.
    if (sol.cost !== setCost(ctx, data, best)) return UNKNOWN
  }
  // Proven by the search: no other set of nodes does better.
  const planned = offerPlan(ctx.net, ctx.nowMs, order, set, sol, true)
  return planned === undefined ? UNKNOWN : { kind: 'plan', plan: planned.plan, etaMs: planned.etaMs, nodes: best.map((c) => c.node) }
}

/** Hands the surviving candidates to the routing engine's optimiser. */
const solveReduced = (ctx: PromiseContext, data: CartNodes, target: Target, order: Order, kept: readonly Candidate[]): CartAnswer => {
  const set = offersOf(ctx, data, target, kept)
  // The greedy first plan seeds the solve: with little work left, it is the plan.
  ctx.meter.spent += kept.length * (ctx.items.length + 1)
  const seed = Int32Array.from(firstPlan(ctx, data, kept), (c) => kept.indexOf(c)).sort()
  // Half of the work left: the options after this one (pickup points, stores) get the rest.
  const sol = solveOffers(set, ctx.meter, OPTION_SHARE, seed, ctx.maxSearchNodes)
  if (sol.open.length === 0) return NONE
  const planned = offerPlan(ctx.net, ctx.nowMs, order, set, sol, sol.optimality === 'proven')
  return planned === undefined ? NONE : { kind: 'plan', plan: planned.plan, etaMs: planned.etaMs, nodes: Array.from(sol.open, (k) => (kept[k] as Candidate).node) }
}

/** The router's set of the offers `chosen` (in node order). */
const offersOf = (ctx: PromiseContext, data: CartNodes, target: Target, chosen: readonly Candidate[]): OfferSet =>
  offerSet(ctx.net, ctx.nowMs, data.tiers, target, chosen, (k, s) => supplyOf(data, chosen[k] as Candidate, s))

/**
 * The router's solution for `chosen` when each SKU comes whole from one of them with no
 * capacity binding (see {@link wholeCost}): the router serves an item from its cheapest
 * facility first, ties by position, so its flows are these. Undefined otherwise.
 */
const wholeSolution = (ctx: PromiseContext, data: CartNodes, set: OfferSet, chosen: readonly Candidate[]): OfferSolution | undefined => {
  const servedBy = new Int32Array(ctx.items.length)
  const cost = wholeCost(ctx, data, chosen, new Int32Array(chosen.length), servedBy)
  if (cost === undefined || cost === Number.POSITIVE_INFINITY) return undefined
  return servedWhole(set, ctx.demand, servedBy, cost)
}

export type { Target }
