/**
 * Offers: what the router answers a product that has already chosen which nodes to consider
 * (the delivery promise's option lists). An offer is one node's facility for one way of
 * serving the order — a parcel to the shopper, a transfer to a pickup point, or the pickup
 * point's own shelf — priced by the facility model (`./facilities.ts`). Given a set of
 * offers, the router prices and solves it as it would the order (`solveOffers`,
 * `evaluateOffers`), and writes the plan `routeOrder` would write for that choice
 * (`offerPlan`, without the explanation; `wholeOfferPlan` when one offer sends everything).
 * When the product cannot decide an option alone it routes the option's order in full
 * (`routeWithin`), on the same work meter.
 *
 * This is the only routing module the promise imports besides the facility model, the
 * network's cost tables and the plan and option types: the router's instances, optimiser and
 * assembly stay behind it.
 *
 * @example
 * const set = offerSet(net, nowMs, orderTiers(items, lines, penalty), { mode: 'direct', to }, offers, (k, s) => supply[k][s])
 * const sol = solveOffers(set, meter, seed)
 * const written = offerPlan(net, order, set, sol, sol.optimality === 'proven') // { plan, etaMs } | undefined
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { LatLon } from '../geo.js'
import type { Order } from '../model/order.js'
import { formatMicros } from '../money.js'
import type { StockState } from '../stock/index.js'
import { formatInstant } from '../time.js'
import type { Zone } from '../time/zone.js'
import { assemble, instanceCost, planOf, wholePlan, type PlanBody } from './assemble.js'
import type { RoutingError } from './errors.js'
import { offerEta, type Facility, type FacilityRole } from './facilities.js'
import type { Instance, Tier } from './instance.js'
import type { CompiledNetwork } from '../network/compile.js'
import { evaluateOpenSet, solveFacilityProblem, unitsLeft, withShare, workMeter, type FacilityProblem, type FacilitySolution, type WorkMeter } from './optimiser.js'
import type { Plan, PlanLine } from './plan.js'
import { amountRange, capacityLookup, routeOrderMetered, workBudget, type RouteOptions } from './route.js'

export type { WorkMeter } from './optimiser.js'

/** One node's facility for one way of serving the order (see `./facilities.ts`). */
export interface Offer {
  readonly node: number
  readonly role: FacilityRole
  /** Fixed cost (micro-units) if it sends anything. */
  readonly fixed: number
  /** Cost (micro-units) of each unit it sends. */
  readonly unit: number
  /** Distance to the shopper (`ship`) or the pickup point (`transfer`; 0 for `own`). */
  readonly metres: number
  /** Units it may send today. */
  readonly capacity: number
}

/**
 * Where an option's units go: to the shopper (on whose clock, `zone`, parcels are handed
 * over when the request gives one), or to a pickup point.
 */
export type OfferTarget = { readonly mode: 'direct'; readonly to: LatLon; readonly zone?: Zone } | { readonly mode: 'pickup'; readonly node: number }

/** The order's demand as the router orders it: one tier per line, by SKU then line id. Build once per call. */
export interface OrderTiers {
  readonly items: readonly string[]
  readonly tiers: readonly Tier[]
  readonly tierStart: Int32Array
  readonly tierQuantity: Int32Array
  readonly tierPenalty: Float64Array
}

/** A set of offers as the router sees it: the instance it would solve for them. */
export interface OfferSet {
  readonly instance: Instance
}

/** The router's choice among a set's offers: which are used and the units each sends. */
export type OfferSolution = FacilitySolution

/** A plan as `routeOrder` writes it, without the explanation. */
export type OfferPlan = PlanBody

/**
 * The tiers of `lines` over `items` (distinct SKUs, ascending), every line at `penaltyMicros`
 * a unit: by SKU, then line id, as the router orders tiers of equal penalty.
 */
export const orderTiers = (
  items: readonly string[],
  lines: readonly { readonly id: string; readonly sku: string; readonly quantity: number }[],
  penaltyMicros: number,
): OrderTiers => {
  const tiers: Tier[] = []
  const tierStart = new Int32Array(items.length + 1)
  items.forEach((sku, s) => {
    tierStart[s] = tiers.length
    const of = lines.filter((l) => l.sku === sku).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    for (const l of of) tiers.push({ lineId: l.id, sku, quantity: l.quantity, penalty: penaltyMicros })
  })
  tierStart[items.length] = tiers.length
  const tierQuantity = new Int32Array(tiers.length)
  const tierPenalty = new Float64Array(tiers.length)
  tiers.forEach((t, i) => {
    tierQuantity[i] = t.quantity
    tierPenalty[i] = t.penalty
  })
  return { items, tiers, tierStart, tierQuantity, tierPenalty }
}

/** When the customer has the units of `offer` if they leave now. */
export const offerEtaMs = (net: CompiledNetwork, nowMs: number, target: OfferTarget, offer: Offer): number =>
  target.mode === 'pickup'
    ? offerEta(net, 'pickup', target.node, 0, offer.role, offer.node, nowMs, offer.metres)
    : offerEta(net, 'direct', -1, 0, offer.role, offer.node, nowMs, offer.metres, target.zone)

/**
 * The router's instance for `offers` (in node order), all-or-nothing, each sending now:
 * `supply(k, s)` is what offer k may send of item s.
 */
export const offerSet = (
  net: CompiledNetwork,
  nowMs: number,
  tiers: OrderTiers,
  target: OfferTarget,
  offers: readonly Offer[],
  supply: (k: number, s: number) => number,
): OfferSet => {
  const items = tiers.items.length
  const m = offers.length
  const fixedCost = new Float64Array(m)
  const unitCost = new Float64Array(m * items)
  const supplies = new Int32Array(m * items)
  const capacity = new Int32Array(m)
  offers.forEach((c, k) => {
    fixedCost[k] = c.fixed
    capacity[k] = c.capacity
    for (let s = 0; s < items; s++) {
      unitCost[k * items + s] = c.unit
      supplies[k * items + s] = supply(k, s)
    }
  })
  const problem: FacilityProblem = {
    itemCount: items,
    tierStart: tiers.tierStart,
    tierQuantity: tiers.tierQuantity,
    tierPenalty: tiers.tierPenalty,
    facilityCount: m,
    fixedCost,
    unitCost,
    supply: supplies,
    capacity,
    maxOpen: Math.max(1, m),
    allOrNothing: true,
  }
  return {
    instance: {
      mode: target.mode,
      target: target.mode === 'pickup' ? target.node : -1,
      targetMetres: 0,
      items: tiers.items,
      tiers: tiers.tiers,
      facilities: offers.map((c): Facility => ({ node: c.node, role: c.role, later: false, stockAtMs: nowMs, metres: c.metres, etaMs: offerEtaMs(net, nowMs, target, c) })),
      problem,
      constantMicros: 0,
      lastMileUnitMicros: 0,
      delayUnitMicros: 0,
      considered: [],
    },
  }
}

/** The router's evaluation of every offer of `set` used, each item from its cheapest offers first. */
export const evaluateOffers = (set: OfferSet, meter: WorkMeter): OfferSolution =>
  evaluateOpenSet(set.instance.problem, Int32Array.from(set.instance.facilities, (_, k) => k), meter)

/**
 * The router's exact solve of `set`, seeded with the offers of `seed` (positions, ascending),
 * on `share` of the work `meter` has left.
 */
export const solveOffers = (set: OfferSet, meter: WorkMeter, share: number, seed: Int32Array, maxSearchNodes?: number): OfferSolution =>
  withShare(meter, share, (m) =>
    solveFacilityProblem(set.instance.problem, { meter: m, incumbents: [seed], ...(maxSearchNodes === undefined ? {} : { maxSearchNodes }) }),
  )

/**
 * The solution in which every offer of `set` is used and item s comes whole (its `demand[s]`
 * units) from offer `servedBy[s]`, at `cost`: how the router serves a set when each item's
 * cheapest offer holds all of it and no capacity binds.
 */
export const servedWhole = (set: OfferSet, demand: readonly number[], servedBy: Int32Array, cost: number): OfferSolution => {
  const items = demand.length
  const m = set.instance.facilities.length
  const flow = new Int32Array(m * items)
  for (let s = 0; s < items; s++) flow[(servedBy[s] as number) * items + s] = demand[s] as number
  const open = new Int32Array(m)
  for (let k = 0; k < m; k++) open[k] = k
  return { open, flow, unserved: new Int32Array(set.instance.tiers.length), cost, lowerBound: cost, optimality: 'proven', searchNodes: 0, feasible: true }
}

/** The plan of `sol` within `set`, as `routeOrder` writes it (without the explanation); undefined when it serves nothing or not everything. */
export const offerPlan = (
  net: CompiledNetwork,
  nowMs: number,
  order: Order,
  set: OfferSet,
  sol: OfferSolution,
  proven: boolean,
): { readonly plan: OfferPlan; readonly etaMs: number } | undefined => {
  if (sol.open.length === 0 || sol.unserved.some((u) => u > 0)) return undefined
  const inst = set.instance
  const a = assemble(net, inst, sol)
  const etaMs = a.etaMs ?? nowMs
  const gap = formatMicros(proven ? 0 : Math.max(0, sol.cost - sol.lowerBound))
  const { shipments, transfers, pickup, unfulfilled, allocations } = a
  const totalCost = formatMicros(instanceCost(inst, sol))
  const plan = planOf(order, shipments, transfers, pickup, unfulfilled, allocations, totalCost, formatMicros(a.fulfilmentMicros), formatMicros(a.penaltyMicros), formatInstant(etaMs), proven ? 'proven' : 'bounded', gap)
  return { plan, etaMs }
}

/**
 * The plan in which `offer` alone sends every unit of `lines` (by line id) to `target` from
 * its stock now: what {@link offerPlan} writes for the set of that one offer used in full,
 * written without building the set, for a product that has proven it optimal (a product
 * page writes a dozen per call).
 */
export const wholeOfferPlan = (
  net: CompiledNetwork,
  nowMs: number,
  order: Order,
  lines: readonly PlanLine[],
  target: OfferTarget,
  offer: Offer,
): { readonly plan: OfferPlan; readonly etaMs: number } => {
  let units = 0
  for (const l of lines) units += l.quantity
  const etaMs = offerEtaMs(net, nowMs, target, offer)
  const cost = formatMicros(offer.fixed + units * offer.unit)
  const plan = wholePlan(net, nowMs, order, target.mode === 'pickup' ? target.node : -1, offer.role, offer.node, offer.metres, lines, cost, formatInstant(etaMs))
  return { plan, etaMs }
}

/** A work meter holding a call's budget (`RouteOptions.budget`; the default without one), on the network's scratch memory. */
export const callMeter = (net: CompiledNetwork, budget: number | undefined): WorkMeter => workMeter(workBudget(budget), net.scratch)

/** Work units `meter` has left. */
export const workLeft = (meter: WorkMeter): number => unitsLeft(meter)

/** The capacity used today at a node, read from the `capacityUsed` option. */
export const capacityUsedOf = capacityLookup

/**
 * Routes `order` in full, options already checked, drawing on `meter`: what a product asks
 * when it cannot decide an option from its offers alone.
 */
export const routeWithin = (stock: StockState, order: Order, options: RouteOptions, meter: WorkMeter): E.Either<RoutingError, Plan> =>
  routeOrderMetered(stock, order, options, meter)

/**
 * An `amount-out-of-range` error when some plan of `lines` at `penalty` a unit could cost more
 * than a double holds exactly, naming `lineAt(i)` or `whole`; undefined when every plan's total is exact.
 */
export const amountsInRange = amountRange

export { DEFAULT_UNFULFILLED_PENALTY } from './facilities.js'
export { Dominators } from './dominance.js'
