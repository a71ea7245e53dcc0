/**
 * Screening: most holders of an order never need to be built into the problem. For direct
 * shipping, two screens, cheapest first, each leaving the plan exactly as building every holder
 * would:
 *
 * 1. cover: solve over the nodes that hold every item (less those the cheapest of them
 *    dominate); a network-wide bound proves that any plan using another node costs more (see
 *    `outsideCoverBound`);
 * 2. dominance: build a few promising nodes per item, drop every holder one of them dominates
 *    (./dominance.ts), and solve over the rest.
 *
 * Serving through a pickup node or a hub takes the dominance screen, with the holders priced
 * as transfers into the target.
 */
import { screenByCells } from './cell-screen.js'
import { chosenNodes, holderView, nodesView, promisingNodes, seedScore, targetView, type HolderView } from './candidates.js'
import { dominanceScreen, IN_SUBSET, markNodes, OUTSIDE } from './dominance.js'
import type { Screened } from './explain.js'
import { coveringNodes, mergeInstances, outsideCoverBound, type Instance, type PreparedOrder, type RoutingContext } from './instance.js'
import { unitsLeft, type FacilitySolution, type WorkMeter } from './optimiser.js'
import type { LatLon } from '../geo.js'

/** Holders per item the dominance screen builds first, at least, and at most. */
const PROMISING_PER_ITEM = 6
const MOST_PROMISING_PER_ITEM = 16
/** Holders per seed and item beyond which more seeds are built. */
const HOLDERS_PER_SEED = 80
/**
 * Seeds per item for `holders` holders of an order of `items` items: 6 on networks of a few
 * thousand nodes; on 10,000 nodes, where a popular SKU has thousands of holders, up to 16,
 * so that the seeds dominate most of them. On the generated retailer at 10,000 nodes (5-line
 * orders) this cut the work of the 99th percentile order from 558,000 units to 130,000 and
 * the mean by a quarter; at 1,000 nodes every order keeps 6.
 */
const promisingPerItem = (holders: number, items: number): number =>
  Math.max(PROMISING_PER_ITEM, Math.min(MOST_PROMISING_PER_ITEM, Math.ceil(holders / (HOLDERS_PER_SEED * Math.max(1, items)))))
/** Beyond this many nodes holding the whole order, the cover screen is skipped for dominance. */
const MAX_COVER = 16
/** Covering nodes built first, the cheapest: they usually dominate the other covering nodes. */
const COVER_SEEDS = 2
/**
 * Work units charged per node and item while building an instance (stock, rules and lot
 * look-ups): on the dense bench world one node-item costs about as much CPU time as 60 units
 * of the optimiser's search.
 */
export const BUILD_UNITS = 60
/**
 * When building the holders left after the dominance screen would take more than this share
 * of the work left, they are built in slices of at most a sixteenth of it, cheapest first,
 * the work meter read between slices: a call whose work would not pay for the next slice and
 * what follows it solves over the slices it has. Otherwise they are built at once.
 */
const BUILD_AT_ONCE_SHARE = 0.25
const SLICE_SHARE = 1 / 16
/**
 * Work per facility and item an instance needs after its last slice, at the least: the
 * merge that copies it, the solve's preparation and first plan, and the two baselines' plans.
 */
const FINISH_STEPS = 5

/** A solved instance. */
export interface Solved {
  readonly inst: Instance
  readonly sol: FacilitySolution
  readonly cost: number
}

/** An instance solved over a subset of the holders, and what was left out (when anything was). */
export interface ScreenedSolve {
  readonly solved: Solved
  readonly screened?: Screened
  /**
   * True when the work ran out before every holder that might matter was built: the solve's
   * lower bound then holds for the holders built only.
   */
  readonly unfinished?: boolean
}

/**
 * Solves the direct instance of `ctx` (its `maxOpen` already set for direct shipping) over as
 * few holders as the screens allow. `build(nodes)` builds the direct instance over the given
 * nodes (ascending); `solve` solves it. Undefined when no node holds anything of the order.
 * `cellsFrom`: the holders from which the screen goes by cells (tests lower it).
 */
export const screenDirect = (
  ctx: RoutingContext,
  to: LatLon,
  prepared: PreparedOrder,
  build: (nodes: Int32Array) => Instance,
  solve: (inst: Instance) => Solved,
  meter: WorkMeter,
  cellsFrom = CELL_SCREEN_HOLDERS,
): ScreenedSolve | undefined => {
  const total = prepared.holders.count
  if (total === 0) return undefined
  const items = prepared.data.items.length
  const cover = coveringNodes(prepared)
  // When every holder holds the whole order (one-line orders), or very many do, dominance
  // screens better than building them all.
  const tryCover = cover.length > 0 && cover.length < total && cover.length <= MAX_COVER
  if (tryCover) {
    // The cheapest covering nodes usually dominate the others: only those left are built.
    const view = nodesView(ctx, prepared, to, cover)
    const found = solveUndominated(ctx, view, promisingNodes(view, items, COVER_SEEDS), build, solve, meter)
    const c = found.solved
    const bound = outsideCoverBound(ctx, prepared, ctx.maxOpen)
    if (c.sol.optimality === 'proven' && !found.unfinished && bound > c.cost) {
      return { solved: c, screened: { nodes: total - c.inst.considered.length, dominated: found.dominated, atLeastMicros: bound - c.cost, instance: c.inst } }
    }
  }
  const perItem = promisingPerItem(total, items)
  const seeds = tryCover ? cover : NO_NODES
  const byCells = total >= cellsFrom ? screenByCells(ctx, to, prepared, perItem, seeds, build) : undefined
  if (byCells !== undefined) return leftOut(solveRest(ctx, byCells.view, byCells.marks, byCells.seeds, byCells.dominated, build, solve, meter))
  const view = holderView(ctx, prepared, to)
  const marks = promisingNodes(view, items, perItem)
  // The covering nodes join the seeds.
  markNodes(view, seeds, marks)
  return leftOut(solveUndominated(ctx, view, marks, build, solve, meter))
}

const NO_NODES = new Int32Array(0)

/**
 * Holders from which the dominance screen goes by ship cells (./cell-screen.ts), which leaves
 * the plan, the nodes built and the work as they are and only reads fewer holders. Below it,
 * reading every holder costs less than the cells' bookkeeping: on the generated retailer at
 * 1,000 nodes (about 800 holders an order) the two took the same time; at 10,000 nodes (about
 * 8,700) the cells cut the median screened order from about 740 µs to 175 µs.
 */
export const CELL_SCREEN_HOLDERS = 2_000

/**
 * Solves the instance serving through `target` (a pickup node, or a hub with its last mile to
 * `to`) over the holders that the cheapest ones do not dominate. `build(nodes)` builds that
 * instance over the given nodes (ascending), `solve` solves it.
 */
export const screenTarget = (
  ctx: RoutingContext,
  prepared: PreparedOrder,
  mode: 'pickup' | 'hub',
  target: number,
  to: LatLon | undefined,
  build: (nodes: Int32Array) => Instance,
  solve: (inst: Instance) => Solved,
  meter: WorkMeter,
): ScreenedSolve => {
  const view = targetView(ctx, prepared, mode, target, to)
  const items = prepared.data.items.length
  const marks = promisingNodes(view, items, promisingPerItem(view.nodes.length, items))
  // The target is always in the problem: its own shelves, and the node the plan is about.
  const at = view.nodes.indexOf(target)
  if (at >= 0) marks[at] = IN_SUBSET
  return leftOut(solveUndominated(ctx, view, marks, build, solve, meter))
}

/**
 * The outcome of the dominance screen alone: every holder left out is dominated. Dominance
 * keeps the optimum, so even a bounded solve's lower bound holds for every holder.
 */
const leftOut = (found: Undominated): ScreenedSolve => {
  const unfinished = found.unfinished ? { unfinished: true } : {}
  return found.dominated === 0
    ? { solved: found.solved, ...unfinished }
    : { solved: found.solved, screened: { nodes: found.dominated, dominated: found.dominated, atLeastMicros: 0, instance: found.solved.inst }, ...unfinished }
}

/**
 * Builds the holders of `view` marked `IN_SUBSET` (and those that cannot ship: they cost no
 * stock lookup, and the explanation names their reason), leaves out the ones they dominate,
 * builds the rest and solves: the problem over every holder that is not dominated has the
 * same optimum and the same tie-winning plan as the problem over all of them.
 */
const solveUndominated = (
  ctx: RoutingContext,
  view: HolderView,
  marks: Uint8Array,
  build: (nodes: Int32Array) => Instance,
  solve: (inst: Instance) => Solved,
  meter: WorkMeter,
): Undominated => {
  for (let i = 0; i < marks.length; i++) if ((view.fixed[i] ?? 0) === Number.POSITIVE_INFINITY) marks[i] = IN_SUBSET
  const seeds = build(chosenNodes(view, marks))
  return solveRest(ctx, view, marks, seeds, dominanceScreen(view, marks, seeds), build, solve, meter)
}

/** A solve over the holders no seed dominates, and how many were left out. */
interface Undominated {
  readonly solved: Solved
  readonly dominated: number
  readonly unfinished: boolean
}

/**
 * Builds the holders of `view` still `OUTSIDE` in `marks` (the seeds, `IN_SUBSET`, are built
 * in `seeds`; `dominated` holders were left out), merges and solves.
 */
const solveRest = (
  ctx: RoutingContext,
  view: HolderView,
  marks: Uint8Array,
  seeds: Instance,
  dominated: number,
  build: (nodes: Int32Array) => Instance,
  solve: (inst: Instance) => Solved,
  meter: WorkMeter,
): Undominated => {
  const rest: number[] = []
  for (let i = 0; i < marks.length; i++) if (marks[i] === OUTSIDE) rest.push(i)
  if (rest.length === 0) return { solved: solve(seeds), dominated, unfinished: false }
  const nodeUnits = (seeds.problem.itemCount + 1) * BUILD_UNITS
  const left = unitsLeft(meter)
  if (rest.length * nodeUnits <= left * BUILD_AT_ONCE_SHARE) {
    const all = Int32Array.from(rest, (i) => view.nodes[i] ?? 0)
    return { solved: solve(mergeInstances(ctx, seeds, build(all))), dominated, unfinished: false }
  }
  // Cheapest first (as promisingNodes scores them, ties by node), in slices, each built in
  // node order and merged: with work enough for all, the instance is the one built at once.
  const score = new Float64Array(marks.length)
  for (const i of rest) score[i] = seedScore(view.unitBelow[i] ?? 0, view.fixed[i] ?? 0, (view.mask[i] ?? 0) & 0x7fffffff)
  rest.sort((a, b) => (score[a] ?? 0) - (score[b] ?? 0) || a - b)
  const slice = Math.max(1, Math.floor((left * SLICE_SHARE) / nodeUnits))
  const perFacility = seeds.problem.itemCount + 1
  let inst = seeds
  let built = 0
  // A slice is built only when the work left pays for it and for what the instance then needs
  // at the least: its merge, the solve's first plan and the baselines' (FINISH_STEPS per
  // facility and item), so that the call ends within its budget.
  const affordable = (nodes: number): boolean => unitsLeft(meter) >= nodes * nodeUnits + FINISH_STEPS * (inst.problem.facilityCount + nodes) * perFacility
  while (built < rest.length && affordable(Math.min(slice, rest.length - built))) {
    const part = rest.slice(built, built + slice).sort((a, b) => a - b)
    inst = mergeInstances(ctx, inst, build(Int32Array.from(part, (i) => view.nodes[i] ?? 0)))
    // A merge copies every facility built so far.
    meter.spent += inst.problem.facilityCount * (inst.problem.itemCount + 1)
    built += part.length
  }
  return { solved: solve(inst), dominated, unfinished: built < rest.length }
}
