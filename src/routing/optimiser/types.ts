/**
 * The facility problem the optimiser solves: pure numbers, built by the routing layer from
 * stock, rules and distances. Money is integer micro-units held in doubles.
 */
import type { Arena } from '../../internal/arena.js'
import type { WorkMeter } from './meter.js'

/**
 * One order as a fixed-charge facility problem. Facilities `k` (a node shipping to the
 * customer, or transferring to a pickup node or hub) serve items `s` (the order's SKUs); the
 * demand of an item is split into tiers (order lines) with their own per-unit penalty for
 * units left unfulfilled. Facilities share nothing unless `stockGroup` says otherwise: each
 * has its own supply and capacity.
 */
export interface FacilityProblem {
  readonly itemCount: number
  /** Tiers of item s are tierStart[s] .. tierStart[s+1]-1, sorted by penalty descending. */
  readonly tierStart: Int32Array
  /** Units demanded in each tier (≥ 1). */
  readonly tierQuantity: Int32Array
  /** Per-unit unfulfilled penalty of each tier (micros, integer-valued). */
  readonly tierPenalty: Float64Array
  readonly facilityCount: number
  /** F_k: paid once when facility k serves at least one unit. */
  readonly fixedCost: Float64Array
  /** c_ks at [k * itemCount + s], per unit. */
  readonly unitCost: Float64Array
  /** a_ks at [k * itemCount + s]: most units of item s facility k can serve (0 = none). */
  readonly supply: Int32Array
  /** Most units facility k can serve across items (2^31 - 1 for unlimited). */
  readonly capacity: Int32Array
  /** S: at most this many facilities serve (≥ 1). */
  readonly maxOpen: number
  /** Either every unit is served or none is (then the cost is the sum of the penalties). */
  readonly allOrNothing: boolean
  /**
   * A facility that must serve at least one unit ("what if" explanations), or several that
   * must each serve one (the wave's branch and price).
   */
  readonly forceOpen?: number | readonly number[]
  /**
   * Facilities that draw on one stock (one node leaving at several instants): facilities with
   * the same group (≥ 0) share it, in facility order, and each one's supply of an item bounds
   * what it and the group's earlier facilities send of it together (cumulative supply: a
   * parcel now and a parcel once a lot has arrived take the lot's units once). −1, or no
   * array: the facility's stock is its own. Supplies within a group never fall in facility
   * order.
   */
  readonly stockGroup?: Int32Array
  /**
   * Protected units at [k * itemCount + s]: the last of a_ks, each costing
   * `protectedCost[k]` more than c_ks (a store's last units on its shelf: the walk-in sale
   * it may lose). The cost of x units is then x·c_ks + max(0, x − (a_ks − protected))·p_k,
   * convex in x. Absent: none.
   */
  readonly protectedUnits?: Int32Array
  /** p_k per facility, micros per protected unit (with `protectedUnits`). */
  readonly protectedCost?: Float64Array
}

/** The dearest rate of facility k for item s: c_ks, plus p_k when some of its units are protected. */
export const dearestUnitCost = (p: FacilityProblem, k: number, s: number): number => {
  const at = k * p.itemCount + s
  return (p.unitCost[at] ?? 0) + ((p.protectedUnits?.[at] ?? 0) > 0 ? (p.protectedCost?.[k] ?? 0) : 0)
}

/**
 * What `x` units of item s cost through facility k of `p`: x·c_ks, plus the protected
 * surcharge on those beyond a_ks − protected_ks. Every cost recomputed from a plan's flows
 * goes through here.
 */
export const unitsCost = (p: FacilityProblem, k: number, s: number, x: number): number => {
  const at = k * p.itemCount + s
  let cost = x * (p.unitCost[at] ?? 0)
  const prot = p.protectedUnits?.[at] ?? 0
  if (prot > 0 && x > 0) {
    const over = x - ((p.supply[at] ?? 0) - prot)
    if (over > 0) cost += over * (p.protectedCost?.[k] ?? 0)
  }
  return cost
}

/** The optimiser's plan for a facility problem. */
export interface FacilitySolution {
  /** Facilities that serve at least one unit, ascending. */
  readonly open: Int32Array
  /** Units at [k * itemCount + s]. */
  readonly flow: Int32Array
  /** Units left unfulfilled, per tier. */
  readonly unserved: Int32Array
  /** Σ F_k over open + Σ c·flow + Σ penalty·unserved (micros). */
  readonly cost: number
  /** Proven lower bound on the optimum (equal to `cost` when proven). */
  readonly lowerBound: number
  readonly optimality: 'proven' | 'bounded'
  readonly searchNodes: number
  /** False only when `forceOpen` cannot be honoured. */
  readonly feasible: boolean
}

/** Limits and hints for one solve. */
export interface SolveOptions {
  /** Search budget in branch-and-bound nodes (default 50,000). */
  readonly maxSearchNodes?: number
  /** Candidate open sets (e.g. from greedy baselines) that seed the upper bound. */
  readonly incumbents?: readonly Int32Array[]
  /**
   * The work meter the solve draws on (see ./meter.ts); without one the solve is limited by
   * `maxSearchNodes` alone. Once it is spent the search stops between steps and returns the
   * best plan found with a proven lower bound.
   */
  readonly meter?: WorkMeter
  /**
   * Scratch memory to reuse from one solve to the next when no `meter` is given (a meter
   * brings its own). A caller solving many problems keeps one `Arena` and passes it to each
   * solve: allocating the scratch arrays per solve costs about as much as a small solve.
   */
  readonly scratch?: Arena
}
