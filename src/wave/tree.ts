/**
 * The wave's branch and price (see ./branch.ts for what a node asks of the orders' plans and
 * how it splits): each node's master priced again within its restrictions until no plan
 * enters; a node whose bound reaches the best wave is closed, and so is one whose converged
 * master gives a wave at its value; any other splits, on the pair strong branching picks. The
 * open node with the least bound starts a dive: each split goes on with its leading child (the
 * node required when its share is ½ or more, else forbidden) and queues the other, so the bound
 * rises while dives find waves. When every node is closed the best wave is the optimum;
 * otherwise the bound is the least of the open nodes'.
 *
 * @internal
 */
import type { Plan } from '../routing/plan.js'
import { branchingPairs, inBranch, type Branch, type BranchingPair, type Restriction } from './branch.js'
import type { WaveColumn, WaveMaster } from './master.js'

/** Pairs tried by strong branching at each split (the nearest ½ first). */
const STRONG_CANDIDATES = 4
/** A child's rise in the master's value counts as at least this (micros) in strong branching's product. */
const STRONG_FLOOR = 1

/** What the search asks of the wave. */
export interface TreeSearch {
  readonly master: WaveMaster
  /** Node indexes by id. */
  readonly byId: ReadonlyMap<string, number>
  /** The root's bound (micros). */
  readonly root: number
  /** Nodes of the tree at most. */
  readonly maxNodes: number
  /** The cost of the best wave so far (micros); it falls as the search offers waves. */
  bestCost(): number
  /** Charges `units` of work to the wave. */
  charge(units: number): void
  /** True once the wave's work budget is spent. */
  exhausted(): boolean
  /** Solves the master within the wave's work budget. */
  solveMaster(): void
  /** Column generation at a node (its restrictions; its bound raised): how it ended. */
  price(branch: Branch): 'converged' | 'stopped' | 'failed'
  /** Order `j` routed once within `restrictions` at the current prices: its plan, or undefined within the budget. */
  priceWithin(j: number, restrictions: readonly Restriction[]): Plan | undefined
  /** Adds a plan of order `j` to the master's pool. */
  addPlan(j: number, plan: Plan): void
  /** When the node's master, converged, gives a wave at its value: true (the wave is offered). */
  meetsMaster(x: ReturnType<WaveMaster['solution']>, restricted: ReadonlyMap<number, readonly Restriction[]>, barred: ReadonlySet<number>): boolean
}

/** Runs the search: the least bound of the open nodes (the best wave's cost when the tree is closed), and the nodes visited. */
export const branchAndPrice = (s: TreeSearch): { readonly bound: number; readonly nodes: number } => {
  const master = s.master
  const restricted = new Map<number, Restriction[]>()
  const barred = new Set<number>()
  let open = Number.POSITIVE_INFINITY
  let nodes = 0
  /** Bars the plans outside the current restrictions and lifts the others' bars. */
  const barOutside = (): void => {
    const outside = new Set<number>()
    for (const [j, restrictions] of restricted) {
      s.charge(master.plansOf(j).length)
      for (const i of master.plansOf(j)) if (!inBranch((master.columns()[i] as WaveColumn).plan, restrictions, s.byId)) outside.add(i)
    }
    for (const i of barred) if (!outside.has(i)) master.bar(i, false)
    for (const i of outside) if (!barred.has(i)) master.bar(i, true)
    barred.clear()
    for (const i of outside) barred.add(i)
  }
  /**
   * Strong branching: of `pairs`, the one whose two children raise the master's value most
   * (the product of the two rises). Each child is tried with its restriction, its order
   * priced once within it at the current prices, and the master solved again — an
   * estimate, not a bound (the child's other plans are not priced).
   */
  const strongest = (pairs: readonly BranchingPair[]): BranchingPair => {
    const parent = master.objective()
    let pick = pairs[0] as BranchingPair
    let bestScore = -1
    const basis = master.snapshot()
    for (const pair of pairs) {
      if (s.exhausted()) break
      const mine = restricted.get(pair.order) ?? []
      let score = 1
      for (const uses of [true, false]) {
        const restrictions = [...mine, { node: pair.node, uses }]
        restricted.set(pair.order, restrictions)
        barOutside()
        const priced = s.priceWithin(pair.order, restrictions)
        if (priced !== undefined && inBranch(priced, restrictions, s.byId)) s.addPlan(pair.order, priced)
        master.sync()
        s.solveMaster()
        score *= Math.max(master.objective() - parent, STRONG_FLOOR)
        // Returning to the basis copies it: charged its rows.
        s.charge(master.size)
        master.restore(basis)
      }
      if (mine.length === 0) restricted.delete(pair.order)
      else restricted.set(pair.order, mine)
      if (score > bestScore) {
        bestScore = score
        pick = pair
      }
    }
    barOutside()
    return pick
  }
  /** Open nodes: their restrictions and the bound they inherit, in the order they were made. */
  const queue: { readonly restrictions: ReadonlyMap<number, readonly Restriction[]>; readonly bound: number; readonly seq: number }[] = [{ restrictions: new Map(), bound: s.root, seq: 0 }]
  let made = 1
  while (queue.length > 0) {
    // The open node with the least bound (the first made among equals) starts a dive; the search charged per node waiting.
    s.charge(queue.length)
    let at = 0
    for (let k = 1; k < queue.length; k++) {
      const a = queue[k] as (typeof queue)[number]
      const b = queue[at] as (typeof queue)[number]
      if (a.bound < b.bound || (a.bound === b.bound && a.seq < b.seq)) at = k
    }
    const start = queue.splice(at, 1)[0] as (typeof queue)[number]
    restricted.clear()
    for (const [j, r] of start.restrictions) restricted.set(j, r.slice())
    let inherited = start.bound
    // A dive: each node split goes on with its leading child; the other waits in the queue.
    for (;;) {
      if (inherited >= s.bestCost()) break
      if (nodes >= s.maxNodes || s.exhausted()) {
        open = Math.min(open, inherited)
        break
      }
      nodes++
      barOutside()
      const here: Branch = { restricted, bound: inherited }
      const state = s.price(here)
      if (here.bound >= s.bestCost()) break
      if (state === 'failed' || s.exhausted()) {
        open = Math.min(open, here.bound)
        break
      }
      const x = master.solution()
      s.charge(master.columns().length)
      const pairs = branchingPairs(master, x.value, restricted, barred, s.byId, STRONG_CANDIDATES)
      if (pairs.length === 0) {
        if (state !== 'converged' || !s.meetsMaster(x, restricted, barred)) open = Math.min(open, here.bound)
        break
      }
      const pick = pairs.length === 1 ? (pairs[0] as BranchingPair) : strongest(pairs)
      const mine = restricted.get(pick.order) ?? []
      const [first, second] = pick.y >= 0.5 ? [true, false] : [false, true]
      const other = new Map(restricted)
      other.set(pick.order, [...mine, { node: pick.node, uses: second as boolean }])
      queue.push({ restrictions: other, bound: here.bound, seq: made++ })
      restricted.set(pick.order, [...mine, { node: pick.node, uses: first as boolean }])
      inherited = here.bound
    }
    if (nodes >= s.maxNodes || s.exhausted()) {
      for (const waiting of queue) if (waiting.bound < s.bestCost()) open = Math.min(open, waiting.bound)
      break
    }
  }
  restricted.clear()
  barOutside()
  return { bound: Math.min(open, s.bestCost()), nodes }
}
