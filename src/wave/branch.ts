/**
 * Branch and price on the wave's master (./master.ts): what a node of the tree asks of the
 * orders' plans, and how it splits.
 *
 * A node restricts some orders: each restriction says an order's plans take units from a
 * node, or take none from it. Pricing keeps to it (the router leaves the forbidden nodes out
 * and forces the others open), the master bars the pool's plans that break it, and its value
 * bounds the waves of the node. A fractional master splits on the order and node whose share
 *
 *     y = Σ over the order's plans in the master that take units from the node of their value
 *
 * is strictly between 0 and 1: one child requires the node, the other forbids it. Every plan of
 * the order is in exactly one child, so the children cover the node's waves. The candidates
 * come nearest ½ first; the tree tries a few and keeps the one whose children raise the
 * master's value most (strong branching, in ./tree.ts).
 *
 * @internal
 */
import type { Plan } from '../routing/plan.js'
import type { WaveMaster, WaveColumn } from './master.js'

/** An order's plans take units from `node` (an index), or take none from it. */
export interface Restriction {
  readonly node: number
  readonly uses: boolean
}

/** A node of the tree: the restrictions on its orders' plans (by order), and the best bound on its waves so far. */
export interface Branch {
  readonly restricted: ReadonlyMap<number, readonly Restriction[]>
  bound: number
}

/** LP values within this of 0 or 1 count as integral. */
const INTEGRAL = 1e-6

/** The nodes (indexes, by `byId`) `plan` takes units from. */
export const nodesOf = (plan: Plan, byId: ReadonlyMap<string, number>): Set<number> => {
  const out = new Set<number>()
  for (const a of plan.allocations) {
    const node = byId.get(a.node)
    if (a.quantity > 0 && node !== undefined) out.add(node)
  }
  return out
}

/** True when `plan` keeps to every restriction. */
export const inBranch = (plan: Plan, restrictions: readonly Restriction[], byId: ReadonlyMap<string, number>): boolean => {
  if (restrictions.length === 0) return true
  const nodes = nodesOf(plan, byId)
  return restrictions.every((r) => nodes.has(r.node) === r.uses)
}

/** The value of each pool column in the master's solution. */
type Values = (i: number) => number

/** An order and a node it may split on, with the share y of the node in the order's plans. */
export interface BranchingPair {
  readonly order: number
  readonly node: number
  readonly y: number
}

/**
 * The pairs to split on: of the orders in the master, each node not yet restricted for that
 * order whose share y is strictly between 0 and 1, read from the plans outside `barred`;
 * nearest ½ first (ties: the lower order, then the lower node), at most `most`. Empty when
 * every share is 0 or 1.
 */
export const branchingPairs = (
  master: WaveMaster,
  value: Values,
  restricted: ReadonlyMap<number, readonly Restriction[]>,
  barred: ReadonlySet<number>,
  byId: ReadonlyMap<string, number>,
  most: number,
): BranchingPair[] => {
  const pairs: BranchingPair[] = []
  for (const j of master.orders()) {
    const share = new Map<number, number>()
    for (const i of master.plansOf(j)) {
      const v = value(i)
      if (v <= INTEGRAL || barred.has(i)) continue
      for (const node of nodesOf((master.columns()[i] as WaveColumn).plan, byId)) share.set(node, (share.get(node) ?? 0) + v)
    }
    const decided = new Set((restricted.get(j) ?? []).map((r) => r.node))
    for (const [node, y] of share) if (y < 1 - INTEGRAL && !decided.has(node)) pairs.push({ order: j, node, y })
  }
  pairs.sort((a, b) => Math.abs(a.y - 0.5) - Math.abs(b.y - 0.5) || a.order - b.order || a.node - b.node)
  return pairs.slice(0, most)
}

/**
 * The units the master's mix of order `order`'s plans takes from each position, as caps for
 * every node (0 where it takes none) and each of `skus`; undefined when some position's units
 * are not whole.
 */
export const wholeUnits = (
  master: WaveMaster,
  value: Values,
  order: number,
  skus: ReadonlySet<string>,
  nodeCount: number,
  byId: ReadonlyMap<string, number>,
): Map<number, Map<string, number>> | undefined => {
  const units = new Map<number, Map<string, number>>()
  for (const i of master.plansOf(order)) {
    const v = value(i)
    if (v <= INTEGRAL) continue
    for (const a of (master.columns()[i] as WaveColumn).plan.allocations) {
      const node = byId.get(a.node)
      if (node === undefined) continue
      let bySku = units.get(node)
      if (bySku === undefined) units.set(node, (bySku = new Map()))
      bySku.set(a.sku, (bySku.get(a.sku) ?? 0) + v * a.quantity)
    }
  }
  const caps = new Map<number, Map<string, number>>()
  for (let node = 0; node < nodeCount; node++) {
    const bySku = new Map<string, number>()
    for (const sku of skus) {
      const q = units.get(node)?.get(sku) ?? 0
      if (Math.abs(q - Math.round(q)) > INTEGRAL) return undefined
      bySku.set(sku, Math.round(q))
    }
    caps.set(node, bySku)
  }
  return caps
}
