/**
 * Branch and bound over which candidates open.
 *
 * Phase 1 finds the least cost. A greedy incumbent (best marginal candidate while it pays,
 * then drop and swap moves) comes first; then a depth-first include/exclude search bounds
 * each node with the Lagrangian bound, fixes candidates in or out by their reduced costs,
 * completes nodes with one slot left by exact evaluation of the few completions whose
 * relaxed cost can compete, and branches on the most valuable free candidate, include first.
 * Costs are integers, so a subtree whose bound exceeds incumbent − 1 holds nothing cheaper.
 * If that light search has not finished after a few dozen nodes, more greedy descents start
 * from the candidates that lower the cost most on their own (a better incumbent prunes more),
 * and the search starts again from the root with supergradient prices (LP strength where
 * coordinate ascent stalls), refining prices by supergradient steps at every node.
 *
 * Ties (fewer facilities, then the lexicographically smallest list) are settled where they
 * could hide: a pruned subtree that might hold a plan of exactly the incumbent's cost is
 * resolved by reduced costs at the tie threshold plus evaluation of the few undecided
 * combinations. Only when too many stay undecided does phase 2 look for such a plan, set size
 * by set size, in index order.
 *
 * @internal
 */
import { createWorkspace } from './assignment.js'
import { compactAlive, createBoundState, FREE, IN, lagrangeBound, OUT, restoreAside, setAsideOut, subgradientBound } from './bound.js'
import { constructIncumbent, diversifyIncumbent } from './incumbent.js'
import { spentOut } from './meter.js'
import type { Prepared } from './prepare.js'
import { cannotServeAll, completeWithOne } from './relaxation.js'
import { addMember, fixIn, fixOut, NODE_ROUNDS, offer, removeMember, spend, undoTrail, type Search } from './search-state.js'
import { exploreTies, MAX_UNDECIDED, settleTies, tieLeaf } from './ties.js'

export interface SearchResult {
  /** The best open set found (candidate indices, ascending); null when nothing is feasible. */
  readonly set: Int32Array | null
  readonly cost: number
  readonly lowerBound: number
  readonly proven: boolean
  readonly nodes: number
}

const ROOT_ROUNDS = 12
/** Nodes the first, light search may take before the search restarts with stronger prices. */
const LIGHT_NODES = 32
const SUBGRADIENT_STEPS = 300
const NODE_STEPS = 10
/**
 * A node sets its out candidates aside when at least 1/ASIDE_SHARE of those the scans visit
 * are out: below the heavy search's first nodes most are, and every bound, price step and
 * fixing scan then visits only the rest.
 */
const ASIDE_SHARE = 8
/** Nested set-asides at most (each drops an eighth of the candidates or more: 64 levels leave 1/5,000 of them). */
const MAX_ASIDE_LEVELS = 64
/** Greedy descents from other first candidates when the light search has not sufficed. */
const DESCENTS = 20
/** The share of the work left those descents may start in. */
const DESCENTS_SHARE = 0.1

/**
 * The root's coordinate ascent, round by round. After each round, facilities whose reduced
 * cost already puts them above the incumbent leave the search for good (tie-safe threshold),
 * so the later rounds, and every node after them, scan fewer.
 */
const rootBound = (S: Search): number => {
  const { P, B } = S
  const tol = P.tolerance
  let d = lagrangeBound(P, B, P.maxOpen, 0)
  for (let round = 0; round < ROOT_ROUNDS && !spentOut(P.meter); round++) {
    const { alive, status, value } = B
    let dropped = 0
    for (let i = 0; i < B.aliveCount; i++) {
      const j = alive[i]!
      if (status[j] !== FREE) continue
      const openGap = P.fixed[j]! + B.lambda - value[j]!
      if (openGap > 0 && d + openGap - tol > S.incCost) {
        status[j] = OUT
        dropped++
      }
    }
    if (dropped > 0) compactAlive(P, B)
    // With nothing dropped the state still describes d: the round need not recompute it.
    const next = lagrangeBound(P, B, P.maxOpen, 1, false, dropped > 0 ? undefined : d)
    const gained = next - d
    d = next
    if (!(gained > tol + 1e-5 * Math.abs(d))) break
  }
  return d
}

/**
 * Phase 1 node (its members already evaluated): bound, prune, fix by reduced costs, then
 * branch on the most valuable free candidate, include first.
 */
const explore = (S: Search, floor: number, root: boolean): void => {
  const { P, B } = S
  const slots = P.maxOpen
  if (slots - B.inCount <= 0) return
  if (slots - B.inCount === 1) {
    completeWithOne(S)
    return
  }
  if (!spend(S, floor)) return
  if (P.serveAll && cannotServeAll(S, slots)) return
  let raw = root ? rootBound(S) : lagrangeBound(P, B, slots, NODE_ROUNDS)
  if (S.heavy && !root && raw - P.tolerance <= S.incCost - 1) raw = subgradientBound(P, B, slots, S.incCost, NODE_STEPS)
  const d = raw > floor ? raw : floor
  const tol = P.tolerance
  const inSize = B.inCount
  if (d - tol > S.incCost - 1) {
    // Nothing cheaper here. Something as cheap only matters with fewer facilities (the
    // members themselves are evaluated) or when it could come first in index order.
    if (d - tol <= S.incCost && inSize + 1 <= S.incCount) settleTies(S, raw)
    return
  }
  const mark = S.trailLen
  const lambda = B.lambda
  const { alive, status, value } = B
  let includes = 0
  let free = 0
  let outs = 0
  for (let i = 0; i < B.aliveCount; i++) {
    const j = alive[i]!
    if (status[j] !== FREE) {
      if (status[j] === OUT) outs++
      continue
    }
    const openGap = P.fixed[j]! + lambda - value[j]!
    // Thresholds at the incumbent itself, not one below: fixings never hide a tie.
    if (raw + (openGap > 0 ? openGap : 0) - tol > S.incCost) {
      fixOut(S, j)
      outs++
    } else if (raw - (openGap < 0 ? openGap : 0) - tol > S.incCost) {
      fixIn(S, j)
      includes++
    } else free++
  }
  if (root) {
    // Root fixings out hold for the whole solve (phase 2 included): drop them from the scans.
    let kept = mark
    for (let i = mark; i < S.trailLen; i++) if (status[S.trail[i]!] === IN) S.trail[kept++] = S.trail[i]!
    S.trailLen = kept
    compactAlive(P, B)
  }
  if (B.inCount > slots) {
    undoTrail(S, mark)
    return
  }
  // Where most candidates are out, the subtree's scans skip them (set aside, then restored).
  const level = S.asideLevel
  const aside = !root && outs * ASIDE_SHARE >= B.aliveCount && level < MAX_ASIDE_LEVELS
  const count = B.aliveCount
  const live = B.liveEntries
  const ends = S.asideEnds.subarray(level * P.items, (level + 1) * P.items)
  if (aside) {
    ends.set(B.itemEnd)
    S.asideLevel++
    setAsideOut(P, B)
  }
  branch(S, d, includes, free)
  if (aside) {
    restoreAside(P, B, count, live, ends)
    S.asideLevel--
  }
  undoTrail(S, mark)
}

/**
 * A node after its fixings: with candidates fixed in, the search goes on from the members;
 * otherwise it branches on the most valuable free candidate, include first.
 */
const branch = (S: Search, d: number, includes: number, free: number): void => {
  const { P, B } = S
  const { alive, status, value } = B
  if (includes > 0) {
    offer(S, S.members, B.inCount)
    if (free > 0 && B.inCount < P.maxOpen) explore(S, d, false)
    return
  }
  if (free === 0) return
  let pick = -1
  let pickNet = -Infinity
  for (let i = 0; i < B.aliveCount; i++) {
    const j = alive[i]!
    if (status[j] !== FREE) continue
    const net = value[j]! - P.fixed[j]!
    if (net > pickNet) {
      pickNet = net
      pick = j
    }
  }
  addMember(S, pick)
  offer(S, S.members, B.inCount)
  explore(S, d, false)
  removeMember(S, pick)
  if (S.aborted) {
    if (d < S.openBound) S.openBound = d
  } else {
    B.status[pick] = OUT
    explore(S, d, false)
    B.status[pick] = FREE
  }
}

/** Finds the best open set for P within `budget` nodes, starting from `seeds` (candidate sets). */
export const searchOpenSet = (P: Prepared, budget: number, seeds: readonly Int32Array[]): SearchResult => {
  const { scratch } = P.meter
  const S: Search = {
    P,
    W: createWorkspace(P),
    B: createBoundState(P),
    budget,
    asideEnds: scratch.int32(P.items * MAX_ASIDE_LEVELS),
    asideLevel: 0,
    probe: scratch.int32(P.m + 1),
    doubt: scratch.int32(MAX_UNDECIDED + 1),
    top: scratch.float64(P.maxOpen + 1),
    base: scratch.float64(P.items),
    members: scratch.int32(P.m + 1),
    trail: scratch.int32(P.m * 2 + 2),
    trailLen: 0,
    nodes: 0,
    aborted: false,
    openBound: Infinity,
    incCost: Infinity,
    incSet: scratch.int32(P.m + 1),
    incCount: 0,
    riskCost: Infinity,
    target: Infinity,
    found: false,
    heavy: false,
  }
  // Serving nothing is a plan unless a facility is forced to serve.
  if (P.forcedSet.length === 0) {
    S.incCost = P.nothingCost
    S.incCount = 0
  }
  for (const seed of seeds) if (seed.length <= P.maxOpen) offer(S, seed, seed.length)
  constructIncumbent(S)
  const { B } = S
  for (const j of P.forcedSet) addMember(S, j)
  // Most orders are settled in a few nodes with prices from coordinate ascent. When one is
  // not, those prices may be stuck far below the LP bound: start again from the root with
  // prices from supergradient ascent.
  S.budget = Math.min(budget, LIGHT_NODES)
  explore(S, -Infinity, true)
  S.budget = budget
  if (S.aborted && S.nodes < budget && !spentOut(P.meter)) {
    diversifyIncumbent(S, DESCENTS, DESCENTS_SHARE)
    S.heavy = true
    S.aborted = false
    S.openBound = Infinity
    subgradientBound(P, B, P.maxOpen, S.incCost, SUBGRADIENT_STEPS)
    explore(S, -Infinity, true)
  }
  const costProven = !S.aborted
  if (!S.aborted && S.riskCost === S.incCost && S.incCount > 0) {
    S.target = S.incCost
    for (let c = B.inCount; c <= S.incCount && !S.found && !S.aborted; c++) {
      if (c === 0) continue
      if (B.inCount === c) tieLeaf(S, S.members, c)
      else exploreTies(S, -Infinity, c)
    }
  }
  const cost = S.incCost
  // Phase 2 only settles ties: once phase 1 is complete the cost is proven either way.
  // Stopped before any subtree was bounded, the floor is all that is known.
  const open = Math.ceil(S.openBound - P.tolerance)
  const lowerBound = costProven ? cost : Math.min(cost, open > P.floor ? open : Math.floor(P.floor - P.tolerance))
  const proven = !S.aborted
  return {
    set: cost === Infinity ? null : S.incSet.slice(0, S.incCount),
    cost,
    lowerBound,
    proven,
    nodes: S.nodes,
  }
}
