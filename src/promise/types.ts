/** The delivery promise's public types: options, the plan each one stands for, the price rule, errors. */
import type { Order, SourcingRules } from '../model/order.js'
import type { PromiseMethod } from '../model/promise.js'
import type { RoutingError } from '../routing/errors.js'
import type { Plan } from '../routing/plan.js'
import type { CapacityUsed } from '../routing/route.js'

/**
 * The plan an option stands for: exactly what `routeOrder` returns for the option's `order`,
 * without the node-by-node explanation (route the order to get it).
 */
export type PromisedPlan = Omit<Plan, 'explanation'>

/** One line of an option: what it promises, and how much its sources could still promise. */
export interface PromiseLine {
  readonly lineId: string
  readonly sku: string
  /** Units promised (the whole line). */
  readonly quantity: number
  /**
   * Units of the SKU the option's source nodes may still promise to the channel (their ATP,
   * after safety stock, confidence buffers, other channels' ring-fences and reservations):
   * the "3 left" of "collect today (3 left)".
   */
  readonly available: number
}

/** One way the shopper can get the request, priced and ready to reserve. */
export interface PromiseOption {
  readonly method: PromiseMethod
  /** The pickup point or store (pickup and reserve-in-store). */
  readonly node?: string
  /** The node's name, when the network gives one. */
  readonly nodeName?: string
  /** Distance from the shopper to the node, in km (pickup and reserve-in-store). */
  readonly distanceKm?: number
  /** Nodes whose stock the plan takes, ascending. */
  readonly sources: readonly string[]
  /** True when stock moves node-to-node before the customer leg. */
  readonly transfer: boolean
  /** When the last unit is delivered (ship) or ready to collect (pickup, reserve-in-store). */
  readonly eta: string
  /** What fulfilling the option costs the retailer (the plan's total cost), decimal string. */
  readonly cost: string
  /** What the shopper pays for the method, from the price rule, decimal string. */
  readonly price: string
  /** Units promised: every unit of the request. */
  readonly quantity: number
  readonly lines: readonly PromiseLine[]
  /** Reserve-in-store: until when the store holds the goods (`eta` + hold). Pass it as `expiresAt` to `reserveForPlan`. */
  readonly holdUntil?: string
  /** The order checkout routes when the shopper picks this option; routing it gives `plan`. */
  readonly order: Order
  /** The plan `routeOrder(network, stock, order, { now })` returns for `order`, without its explanation. */
  readonly plan: PromisedPlan
  /** The currency of `cost` and `price` (ISO 4217), when the network names one. */
  readonly currency?: string
}

/** What a price function sees: the option before it is priced, and the request's cart value. */
export type PricingInput = Omit<PromiseOption, 'price'> & { readonly value?: string }

/**
 * One price tier: the option's method (every method when absent), the cart value from which
 * it applies (`threshold`, from 0 when absent) and the price, all amounts as decimal strings.
 */
export interface PriceTier {
  readonly method?: PromiseMethod
  readonly threshold?: string
  readonly price: string
}

/**
 * What the shopper pays for an option. Either tiers — of the tiers whose method matches and
 * whose threshold the request's `value` reaches, the one with the highest threshold applies
 * (a tier naming the method beats one that does not; then the earlier tier) — or a function
 * of the option returning a decimal string. Without a rule, or when no tier applies, the
 * price is the option's cost.
 */
export type PriceRule = readonly PriceTier[] | ((option: PricingInput) => string)

/** How options are ranked. Every ranking ends with method, then node id, so it is total. */
export type PromiseRanking = 'distance' | 'eta' | 'price'

/** The retailer's side of a promise: pricing, rules and limits. All optional. */
export interface PromiseOptions {
  /** Price rule; default: the price is the cost. */
  readonly price?: PriceRule
  /** Network-wide sourcing rules; they are written into every option's order. */
  readonly rules?: SourcingRules
  /** Hours a reserve-in-store hold lasts once the goods are ready. Default 2. */
  readonly holdHours?: number
  /**
   * `distance` (default): delivery first, then pickup points nearest first; `eta`: earliest
   * first; `price`: cheapest first. Ties: eta, price, distance, method, node id.
   */
  readonly rankBy?: PromiseRanking
  /** Capacity already used today, by node id; checkout must route with the same. */
  readonly capacityUsed?: Readonly<Record<string, CapacityUsed>> | ReadonlyMap<string, CapacityUsed>
  /** Per-unit penalty written into the options' orders. Default "1000". */
  readonly unfulfilledPenalty?: string
  /** Search nodes of the exact optimiser per routed option. Default 50,000 (see `budget`). */
  readonly maxSearchNodes?: number
  /**
   * Work budget of the whole call, in the deterministic work units of `RouteOptions.budget`,
   * shared by every option's search. Default `DEFAULT_WORK_BUDGET`. An option solved after it
   * runs out gets the best plan found (`optimality: 'bounded'`). A positive safe integer.
   */
  readonly budget?: number
}

/** Why no option list could be computed (an empty list is not an error). */
export type PromiseError =
  | RoutingError
  | { readonly _tag: 'invalid-request'; readonly path: string; readonly message: string }
  | { readonly _tag: 'invalid-price'; readonly path: string; readonly message: string }
