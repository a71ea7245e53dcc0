/**
 * Screening of the direct instance: most holders of an order never need to be built into the
 * problem. Three screens, cheapest first, each leaving the plan exactly as building every
 * holder would:
 *
 * 1. cover: solve over the nodes that hold every item; a network-wide bound proves that any
 *    plan using another node costs more (see `outsideCoverBound`);
 * 2. dominance: solve over a few promising nodes per item, and drop every holder that one of
 *    them dominates (./dominance.ts);
 * 3. pricing: when many holders remain, Lagrangian prices prove most of them costlier
 *    (./pricing.ts); those that cannot be priced out join, and the subset is solved again.
 *
 * When all three fail the caller builds every holder.
 */
import { holderView, chosenNodes, promisingNodes, type HolderView } from './candidates.js'
import { dominanceScreen, IN_SUBSET, OUTSIDE } from './dominance.js'
import type { Screened } from './explain.js'
import { coveringNodes, mergeInstances, outsideCoverBound, type Instance, type PreparedOrder, type RoutingContext } from './instance.js'
import type { FacilitySolution } from './optimiser.js'
import { priceOutside } from './pricing.js'
import type { LatLon } from '../geo.js'

/** Holders per item the dominance screen builds first. */
const PROMISING_PER_ITEM = 6
/** Rounds of the pricing screen, and how many holders may join the subset each round. */
const PRICING_ROUNDS = 3
const PRICING_JOIN = 24

/** A solved instance. */
export interface Solved {
  readonly inst: Instance
  readonly sol: FacilitySolution
  readonly cost: number
}

/** The direct instance's optimum found over a subset of the holders, and what was left out. */
export interface ScreenedDirect {
  readonly solved: Solved
  readonly screened: Screened
}

/**
 * Solves the direct instance of `ctx` (its `maxOpen` already set for direct shipping) over as
 * few holders as the screens allow. `build(nodes)` builds the direct instance over the given
 * nodes (ascending); `solve` solves it. Undefined when no screen succeeds.
 */
export const screenDirect = (
  ctx: RoutingContext,
  to: LatLon,
  prepared: PreparedOrder,
  build: (nodes: Int32Array) => Instance,
  solve: (inst: Instance) => Solved,
): ScreenedDirect | undefined => {
  const total = prepared.holders.count
  const cover = coveringNodes(prepared)
  if (cover.length >= total) return undefined
  if (cover.length > 0) {
    const c = solve(build(cover))
    const bound = outsideCoverBound(ctx, prepared, ctx.maxOpen)
    if (c.sol.optimality === 'proven' && bound > c.cost) {
      return { solved: c, screened: { nodes: total - cover.length, dominated: 0, atLeastMicros: bound - c.cost, instance: c.inst } }
    }
  }
  const view = holderView(ctx, prepared, to)
  const marks = promisingNodes(view, prepared.data.items.length, PROMISING_PER_ITEM)
  markCover(view, cover, marks)
  // Holders that cannot ship are built too: they cost no stock lookup, and the explanation
  // names their reason.
  for (let i = 0; i < marks.length; i++) if ((view.fixed[i] ?? 0) === Number.POSITIVE_INFINITY) marks[i] = IN_SUBSET
  let current = build(chosenNodes(view, marks))
  const dominated = dominanceScreen(view, marks, current)
  /** Marks the holders at `positions` in the subset and builds them into `current`. */
  const join = (positions: readonly number[]): void => {
    if (positions.length === 0) return
    const sorted = [...positions].sort((a, b) => a - b)
    for (const i of sorted) marks[i] = IN_SUBSET
    current = mergeInstances(ctx, current, build(Int32Array.from(sorted, (i) => view.nodes[i] ?? 0)))
  }
  for (let round = 0; ; round++) {
    const outside: number[] = []
    for (let i = 0; i < marks.length; i++) if (marks[i] === OUTSIDE) outside.push(i)
    if (outside.length <= PRICING_JOIN) {
      // Few enough to build: every holder left out is then dominated.
      join(outside)
      const c = solve(current)
      if (c.sol.optimality !== 'proven') return undefined
      return { solved: c, screened: { nodes: dominated, dominated, atLeastMicros: 0, instance: c.inst } }
    }
    if (round === PRICING_ROUNDS) return undefined
    const c = solve(current)
    if (c.sol.optimality !== 'proven') return undefined
    const priced = priceOutside(view, marks, c.inst, c.cost)
    if (priced.violators.length === 0) {
      if (!(priced.margin > 0)) return undefined
      // Plan costs are whole micro-units: beating the optimum by more than `margin` means by
      // at least its integer part plus one.
      return { solved: c, screened: { nodes: total - c.inst.considered.length, dominated, atLeastMicros: Math.floor(priced.margin) + 1, instance: c.inst } }
    }
    join(priced.violators.slice(0, PRICING_JOIN))
  }
}

/** Marks the cover nodes (ascending) in `marks`, by holder position. */
const markCover = (view: HolderView, cover: Int32Array, marks: Uint8Array): void => {
  for (let i = 0, j = 0; i < view.nodes.length && j < cover.length; i++) {
    if (view.nodes[i] === cover[j]) {
      marks[i] = IN_SUBSET
      j++
    }
  }
}
