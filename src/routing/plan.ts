/** The result of routing one order: what leaves where, what it costs, and why. */
import type { IneligibleReason } from '../rules/sourcing.js'

/** A quantity of one order line. */
export interface PlanLine {
  readonly lineId: string
  readonly sku: string
  readonly quantity: number
}

/** Units taken from one node's stock for one line; what `reserveForPlan` holds. */
export interface Allocation extends PlanLine {
  readonly node: string
  /** Set when the units come from inbound lots (a backorder): the instant they are there. */
  readonly availableAt?: string
}

/** One parcel leaving a node for the customer. */
export interface Shipment {
  readonly from: string
  readonly lines: readonly PlanLine[]
  /** Package + handling + carriage of this parcel, as a decimal string. */
  readonly cost: string
  readonly distanceKm: number
  readonly dispatchAt: string
  readonly deliveredAt: string
  /** True when the parcel waits for inbound stock. */
  readonly backorder: boolean
}

/** One movement of units from a node to a pickup node or hub before the customer leg. */
export interface Transfer {
  readonly from: string
  readonly to: string
  readonly lines: readonly PlanLine[]
  readonly cost: string
  readonly distanceKm: number
  readonly arrivesAt: string
  readonly backorder: boolean
}

/** Collection by the customer at a node. */
export interface Pickup {
  readonly node: string
  readonly lines: readonly PlanLine[]
  /** Handling of the units the pickup node takes from its own stock. */
  readonly cost: string
  readonly readyAt: string
}

/** Why a node was or was not used. */
export type NodeReason =
  | 'used'
  | 'no-stock'
  | IneligibleReason
  | 'sku-rule'
  | 'over-capacity'
  | 'past-cutoff'
  | 'dominated'
  | 'costlier-by'
  | 'not-priced'
  | 'not-chosen-by-strategy'

/** One node's part in the decision. */
export interface NodeExplanation {
  readonly node: string
  readonly kind: string
  readonly reason: NodeReason
  /** For `costlier-by`: how much more the best plan using this node costs. */
  readonly amount?: string
  /** For `dominated`: the used node that does everything this one does, for less. */
  readonly dominatedBy?: string
  readonly distanceKm?: number
  /** For `used`: the units it gives up. */
  readonly units?: number
  /** For `not-priced`: true when no plan within the order's limits can use it. */
  readonly unusable?: boolean
  /** Units of the order's SKUs on its shelf but ring-fenced for other channels, by channel. */
  readonly fenced?: readonly { readonly channel: string; readonly units: number }[]
  /** For `costlier-by`: units the best plan using it leaves unfulfilled, when more than the chosen plan does. */
  readonly unfulfilledIfUsed?: number
  /** Why, in the retailer's words: `2 units fenced for walk-in`, `using it would leave 3 units unfulfilled at the penalty`. */
  readonly detail?: string
}

/** Why the plan is what it is: a summary, every node's reason, what the screens left out, and the work spent. */
export interface Explanation {
  /** A one-line summary of the plan. */
  readonly summary: string
  /** Every node considered, used ones first, then by id. */
  readonly nodes: readonly NodeExplanation[]
  /**
   * Holders of the order never built into the problem. `dominated` of them are matched by a
   * node in the problem that holds all the order asks of every item they hold, at no more
   * cost, so no plan needs them; any plan using one of the others provably costs at least
   * `atLeastCostlierBy` more (present when there are others).
   */
  readonly screened?: { readonly nodes: number; readonly dominated: number; readonly atLeastCostlierBy?: string }
  /**
   * The call's work: units `spent` of its `budget` (see `RouteOptions.budget`). Deterministic:
   * the same input and budget spend the same units.
   */
  readonly work?: { readonly spent: number; readonly budget: number }
}

/**
 * How good a plan is known to be: `proven`, no cheaper plan exists; `bounded`, the best found
 * within the work budget, at most `gap` above the optimum; `heuristic`, a baseline strategy's plan.
 */
export type Optimality = 'proven' | 'bounded' | 'heuristic'

/** The fulfilment plan of one order. */
export interface Plan {
  readonly orderId: string
  readonly channel: string
  readonly method: 'ship' | 'pickup'
  readonly strategy: 'optimal' | 'fastest' | 'priority' | 'nearest'
  readonly shipments: readonly Shipment[]
  readonly transfers: readonly Transfer[]
  /** The consolidation node when transfers feed one last-mile parcel. */
  readonly hub?: string
  readonly pickup?: Pickup
  readonly unfulfilled: readonly PlanLine[]
  readonly allocations: readonly Allocation[]
  /** Fulfilment cost + unfulfilled penalties + delay + protection costs, as a decimal string. */
  readonly totalCost: string
  readonly fulfilmentCost: string
  readonly penaltyCost: string
  /**
   * What the order's `delayCost` charges the units served: per unit, the rate × the local
   * days until the customer has it. Present when the order sets `delayCost`.
   */
  readonly delayCost?: string
  /**
   * The surcharge on protected units the plan takes (a node's `protection`: the last units
   * on a store's shelf, priced for the walk-in sale it may lose). Present when above 0.
   */
  readonly protectionCost?: string
  /** When the last unit reaches the customer (or is ready to collect); absent when nothing ships. */
  readonly eta?: string
  /** `proven`: no cheaper plan exists; `bounded`: best found, at most `gap` above the optimum; `heuristic`: a baseline strategy. */
  readonly optimality: Optimality
  readonly gap: string
  /** The currency of every amount (ISO 4217), when the network names one. */
  readonly currency?: string
  readonly explanation: Explanation
}
