/**
 * Branch and bound over which candidates open.
 *
 * Phase 1 finds the least cost. A greedy incumbent (best marginal candidate while it pays,
 * then drop and swap moves) comes first; then a depth-first include/exclude search bounds
 * each node with the Lagrangian bound, fixes candidates in or out by their reduced costs,
 * completes nodes with one slot left by exact evaluation of the few completions whose
 * relaxed cost can compete, and branches on the most valuable free candidate, include first.
 * Costs are integers, so a subtree whose bound exceeds incumbent − 1 holds nothing cheaper.
 * If that light search has not finished after a few dozen nodes, it starts again from the
 * root with supergradient prices (LP strength where coordinate ascent stalls) and refines
 * prices by supergradient steps at every node.
 *
 * Ties (fewer facilities, then the lexicographically smallest list) are settled where they
 * could hide: a pruned subtree that might hold a plan of exactly the incumbent's cost is
 * resolved by reduced costs at the tie threshold plus evaluation of the few undecided
 * combinations. Only when too many stay undecided does phase 2 look for such a plan, set size
 * by set size, in index order.
 *
 * @internal
 */
import { createWorkspace, dearestUnit, evaluateSet, fillBuckets, itemCostWith, type Workspace } from './assignment.js'
import { compactAlive, createBoundState, FREE, IN, lagrangeBound, OUT, subgradientBound, type BoundState } from './bound.js'
import { spentOut } from './meter.js'
import type { Prepared } from './prepare.js'

export interface SearchResult {
  /** The best open set found (candidate indices, ascending); null when nothing is feasible. */
  readonly set: Int32Array | null
  readonly cost: number
  readonly lowerBound: number
  readonly proven: boolean
  readonly nodes: number
}

interface Search {
  readonly P: Prepared
  readonly W: Workspace
  readonly B: BoundState
  budget: number
  /** Scratch for evaluating I ∪ {j}. */
  readonly probe: Int32Array
  /** Candidates whose part in a tie the reduced costs leave open (settleTies). */
  readonly doubt: Int32Array
  /** Scratch: the largest supplies of an item (cannotServeAll). */
  readonly top: Float64Array
  /** Per item: the members' uncapacitated greedy cost (see relaxedBase). */
  readonly base: Float64Array
  /** Open candidates (status IN), ascending. */
  readonly members: Int32Array
  readonly trail: Int32Array
  trailLen: number
  nodes: number
  aborted: boolean
  /** Least bound of any subtree left unexplored when the budget ran out. */
  openBound: number
  incCost: number
  readonly incSet: Int32Array
  incCount: number
  /** Least incumbent cost at which a pruned subtree might have held a tie-winning plan. */
  riskCost: number
  /** Phase 2: the cost being matched and whether a plan was found. */
  target: number
  found: boolean
  /** Set once the light search has not sufficed: nodes then refine prices by supergradient steps. */
  heavy: boolean
}

const ROOT_ROUNDS = 12
const NODE_ROUNDS = 1
/** Nodes the first, light search may take before the search restarts with stronger prices. */
const LIGHT_NODES = 32
/** Undecided candidates up to which a possible tie is settled on the spot (2^n plans). */
const MAX_UNDECIDED = 6
const SUBGRADIENT_STEPS = 300
const NODE_STEPS = 10

/** True when (cost, used) beats the incumbent in (cost, count, lexicographic) order. */
const beats = (S: Search, cost: number, used: Int32Array, count: number): boolean => {
  if (cost !== S.incCost) return cost < S.incCost
  if (count !== S.incCount) return count < S.incCount
  for (let i = 0; i < count; i++) {
    if (used[i] !== S.incSet[i]) return used[i]! < S.incSet[i]!
  }
  return false
}

/** Evaluates set[0..size) and keeps it when it beats the incumbent; returns its cost. */
const offer = (S: Search, set: Int32Array, size: number): number => {
  const cost = evaluateSet(S.P, S.W, set, size)
  if (cost !== Infinity && beats(S, cost, S.W.used, S.W.usedCount)) {
    S.incCost = cost
    S.incCount = S.W.usedCount
    S.incSet.set(S.W.used.subarray(0, S.W.usedCount))
  }
  return cost
}

const addMember = (S: Search, j: number): void => {
  const { members, B } = S
  let pos = B.inCount
  while (pos > 0 && members[pos - 1]! > j) {
    members[pos] = members[pos - 1]!
    pos--
  }
  members[pos] = j
  B.inCount++
  B.status[j] = IN
}

const removeMember = (S: Search, j: number): void => {
  const { members, B } = S
  let pos = 0
  while (members[pos] !== j) pos++
  for (; pos < B.inCount - 1; pos++) members[pos] = members[pos + 1]!
  B.inCount--
  B.status[j] = FREE
}

/** Evaluates the open members plus candidate j. */
const offerWith = (S: Search, j: number): number => offer(S, S.probe, edited(S.members, S.B.inCount, -1, j, S.probe))

const undoTrail = (S: Search, mark: number): void => {
  const { B, trail } = S
  while (S.trailLen > mark) {
    const j = trail[--S.trailLen]!
    if (B.status[j] === IN) removeMember(S, j)
    else B.status[j] = FREE
  }
}

const fixOut = (S: Search, j: number): void => {
  S.B.status[j] = OUT
  S.trail[S.trailLen++] = j
}

const fixIn = (S: Search, j: number): void => {
  addMember(S, j)
  S.trail[S.trailLen++] = j
}

/** Counts a node; false (and the search aborted) once the node budget or the work meter is spent. */
const tick = (S: Search): boolean => {
  if (++S.nodes <= S.budget && !spentOut(S.P.meter)) return true
  S.aborted = true
  return false
}

/** Counts a node whose subtree has bound `bound`; on abort that subtree stays unexplored. */
const spend = (S: Search, bound: number): boolean => {
  if (tick(S)) return true
  if (bound < S.openBound) S.openBound = bound
  return false
}

/**
 * Fills the buckets with the members' entries and returns the members' fixed costs plus
 * every item's uncapacitated greedy cost, leaving the per-item costs in `base`.
 */
const relaxedBase = (S: Search): number => {
  const { P, W, B, base } = S
  fillBuckets(P, W, S.members, B.inCount)
  P.meter.spent += P.tierQty.length
  let total = 0
  for (let i = 0; i < B.inCount; i++) total += P.fixed[S.members[i]!]!
  for (let s = 0; s < P.items; s++) {
    const c = itemCostWith(P, W, s, 0, 0)
    base[s] = c
    total += c
  }
  return total
}

/**
 * The MIP cost of members ∪ {j} with capacities and the forced unit relaxed (every member's
 * fixed cost charged, each item served greedily): a lower bound on that set's cost, and
 * exactly it when nothing binds. Needs `relaxedBase` first.
 */
const relaxedWith = (S: Search, baseTotal: number, j: number): number => {
  const { P, W, base } = S
  const { fStart, eItem, eCost, eSupply } = P
  P.meter.spent += 1 + fStart[j + 1]! - fStart[j]!
  let lb = baseTotal + P.fixed[j]!
  for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
    const s = eItem[e]!
    lb += itemCostWith(P, W, s, eCost[e]!, eSupply[e]!) - base[s]!
  }
  return lb
}

/**
 * A node with one slot left: its sets are the members (already evaluated) and the members
 * plus one free candidate. Each completion whose relaxed cost can reach the incumbent
 * (ties included) is evaluated exactly; the rest cost more.
 */
const completeWithOne = (S: Search): void => {
  const { B } = S
  const baseTotal = relaxedBase(S)
  const { alive, status } = B
  for (let i = 0; i < B.aliveCount; i++) {
    const j = alive[i]!
    if (status[j] !== FREE) continue
    const relaxed = relaxedWith(S, baseTotal, j)
    if (relaxed > S.incCost) continue
    // Out of budget, a completion left unevaluated still costs at least its relaxed cost.
    if (S.aborted || !tick(S)) {
      if (relaxed < S.openBound) S.openBound = relaxed
      continue
    }
    offerWith(S, j)
  }
}

/**
 * A pruned node might still hold a plan of exactly the incumbent's cost (which could win the
 * tie). Reduced costs at the tie threshold decide each free candidate in or out of every such
 * plan; the plans left are the members, those decided in, and any subset of the few
 * undecided, all evaluated here. Only when too many stay undecided is the doubt recorded
 * for phase 2.
 */
const settleTies = (S: Search, current: number): void => {
  const { P, B, doubt, probe } = S
  const tol = P.tolerance
  // Centred prices keep the bound where D is flat but make reduced costs strict where the LP
  // is degenerate (the bound and the reduced costs below all come from these prices).
  const raw = lagrangeBound(P, B, P.maxOpen, 1, true, current)
  const mark = S.trailLen
  let open = 0
  const { alive, status, value } = B
  const lambda = B.lambda
  for (let i = 0; i < B.aliveCount && open <= MAX_UNDECIDED; i++) {
    const j = alive[i]!
    if (status[j] !== FREE) continue
    const openGap = P.fixed[j]! + lambda - value[j]!
    if (raw + (openGap > 0 ? openGap : 0) - tol > S.incCost) continue
    if (raw - (openGap < 0 ? openGap : 0) - tol > S.incCost) fixIn(S, j)
    else doubt[open++] = j
  }
  if (open > MAX_UNDECIDED) {
    if (S.incCost < S.riskCost) S.riskCost = S.incCost
  } else if (B.inCount <= P.maxOpen) {
    for (let mask = 0; mask < 1 << open; mask++) {
      let size = B.inCount
      probe.set(S.members.subarray(0, size))
      for (let b = 0; b < open; b++) {
        if ((mask & (1 << b)) === 0) continue
        // Insert in order (members and candidates are few).
        let pos = size++
        while (pos > 0 && probe[pos - 1]! > doubt[b]!) {
          probe[pos] = probe[pos - 1]!
          pos--
        }
        probe[pos] = doubt[b]!
      }
      if (size > P.maxOpen) continue
      if (!tick(S)) {
        if (S.incCost < S.riskCost) S.riskCost = S.incCost
        break
      }
      offer(S, probe, size)
    }
  }
  undoTrail(S, mark)
}

/**
 * All-or-nothing: true when some item cannot be covered by the members plus the `slots`
 * free candidates with the most units of it (capacities shared across items are ignored, so
 * this only ever answers true when it must). Such a subtree holds only the plan that serves
 * nothing, which the search starts from.
 */
const cannotServeAll = (S: Search, slots: number): boolean => {
  const { P, B, top } = S
  const { iStart, iEntry, eFac, eSupply, demand } = P
  const free = slots - B.inCount
  P.meter.spent += P.items + iStart[P.items]!
  for (let s = 0; s < P.items; s++) {
    let need = demand[s]!
    let len = 0
    for (let i = iStart[s]!; i < iStart[s + 1]! && need > 0; i++) {
      const e = iEntry[i]!
      const st = B.status[eFac[e]!]!
      if (st === IN) need -= eSupply[e]!
      else if (st === FREE && free > 0) {
        // Keep the `free` largest supplies, descending.
        const a = eSupply[e]!
        if (len === free && !(a > top[len - 1]!)) continue
        let pos = len < free ? len++ : len - 1
        while (pos > 0 && top[pos - 1]! < a) {
          top[pos] = top[pos - 1]!
          pos--
        }
        top[pos] = a
      }
    }
    for (let i = 0; i < len && need > 0; i++) need -= top[i]!
    if (need > 0) return true
  }
  return false
}

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
  for (let i = 0; i < B.aliveCount; i++) {
    const j = alive[i]!
    if (status[j] !== FREE) continue
    const openGap = P.fixed[j]! + lambda - value[j]!
    // Thresholds at the incumbent itself, not one below: fixings never hide a tie.
    if (raw + (openGap > 0 ? openGap : 0) - tol > S.incCost) fixOut(S, j)
    else if (raw - (openGap < 0 ? openGap : 0) - tol > S.incCost) {
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
  if (includes > 0) {
    offer(S, S.members, B.inCount)
    if (free > 0 && B.inCount < slots) explore(S, d, false)
    undoTrail(S, mark)
    return
  }
  if (free === 0) {
    undoTrail(S, mark)
    return
  }
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
  undoTrail(S, mark)
}

/**
 * Phase 2 node: sets of exactly `slots` members whose cost can still equal the target,
 * visited in tie order (lowest free index included first); stops at the first that matches.
 */
const exploreTies = (S: Search, floor: number, slots: number): void => {
  const { P, B } = S
  if (!spend(S, floor)) return
  if (P.serveAll && cannotServeAll(S, slots)) return
  if (slots - B.inCount === 1) {
    // Completions in index order: the first that matches is the answer.
    const baseTotal = relaxedBase(S)
    for (let j = 0; j < P.m && !S.found; j++) {
      if (B.status[j] !== FREE || relaxedWith(S, baseTotal, j) > S.target) continue
      if (!spend(S, floor)) return
      if (offerWith(S, j) === S.target && S.W.usedCount === slots) S.found = true
    }
    return
  }
  const raw = lagrangeBound(P, B, slots, NODE_ROUNDS)
  const d = raw > floor ? raw : floor
  const tol = P.tolerance
  if (d - tol > S.target) return
  const mark = S.trailLen
  const r = slots - B.inCount
  const lambda = B.lambda
  for (let i = 0; i < B.aliveCount; i++) {
    const j = B.alive[i]!
    if (B.status[j] !== FREE) continue
    const openGap = P.fixed[j]! + lambda - B.value[j]!
    if (raw + (openGap > 0 ? openGap : 0) - tol > S.target) fixOut(S, j)
    else if (r > 0 && raw - (openGap < 0 ? openGap : 0) - tol > S.target) fixIn(S, j)
  }
  if (B.inCount >= slots) {
    if (B.inCount === slots) tieLeaf(S, S.members, B.inCount)
    undoTrail(S, mark)
    return
  }
  let pick = -1
  for (let j = 0; j < P.m && pick < 0; j++) if (B.status[j] === FREE) pick = j
  if (pick >= 0) {
    addMember(S, pick)
    if (B.inCount === slots) tieLeaf(S, S.members, B.inCount)
    else exploreTies(S, d, slots)
    removeMember(S, pick)
    if (!S.found && !S.aborted) {
      B.status[pick] = OUT
      exploreTies(S, d, slots)
      B.status[pick] = FREE
    }
  }
  undoTrail(S, mark)
}

const tieLeaf = (S: Search, set: Int32Array, size: number): void => {
  if (S.found) return
  const cost = offer(S, set, size)
  if (cost === S.target && S.W.usedCount === size) S.found = true
}

/**
 * The candidate whose addition to the last evaluated set lowers the cost most, by the
 * uncapacitated marginal (each of its items re-served with its units merged in); -1 when
 * none lowers it. Skips candidates marked in `taken`.
 */
const bestAddition = (S: Search, taken: Uint8Array): number => {
  const { P, W, base: top } = S
  const { fStart, eItem, eCost, eSupply, fixed } = P
  // A unit at cost c saves at most (top_s − c)⁺, top_s being the dearest unit item s pays now
  // (a served unit's cost or an unserved tier's penalty): a cheap screen before the exact merge.
  for (let s = 0; s < P.items; s++) top[s] = dearestUnit(P, W, s)
  P.meter.spent += P.items + P.m + P.eItem.length
  let best = -1
  let bestDelta = 0
  for (let j = 0; j < P.m; j++) {
    if (taken[j] === 1) continue
    let screen = fixed[j]!
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
      const gain = top[eItem[e]!]! - eCost[e]!
      if (gain > 0) screen -= gain * eSupply[e]!
    }
    if (!(screen < bestDelta)) continue
    let delta = fixed[j]!
    P.meter.spent += fStart[j + 1]! - fStart[j]!
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
      const s = eItem[e]!
      delta += itemCostWith(P, W, s, eCost[e]!, eSupply[e]!) - W.itemCost[s]!
    }
    if (delta < bestDelta) {
      bestDelta = delta
      best = j
    }
  }
  return best
}

/** Writes `base` without `skip` and with `add` (either may be -1) into `out`, ascending. */
const edited = (base: Int32Array, size: number, skip: number, add: number, out: Int32Array): number => {
  let t = 0
  let placed = add < 0
  for (let i = 0; i < size; i++) {
    const k = base[i]!
    if (k === skip) continue
    if (!placed && add < k) {
      out[t++] = add
      placed = true
    }
    out[t++] = k
  }
  if (!placed) out[t++] = add
  return t
}

/**
 * Greedy construction (add the best marginal candidate while it pays), then drop and swap
 * moves while they lower the exact cost. Every set evaluated is offered as an incumbent.
 */
const constructIncumbent = (S: Search): void => {
  const { P } = S
  const { scratch } = P.meter
  const current = scratch.int32(P.m + 1)
  const trial = scratch.int32(P.m + 1)
  const taken = scratch.uint8(P.m)
  let size = 0
  if (P.forced >= 0) {
    current[size++] = P.forced
    taken[P.forced] = 1
  }
  // The last set offered is always `current`, so its cost carries over to the moves below.
  let cost = offer(S, current, size)
  // Out of work, the moves stop: every set they reached has been offered already.
  while (size < P.maxOpen && !spentOut(P.meter)) {
    const j = bestAddition(S, taken)
    if (j < 0) break
    size = edited(current, size, -1, j, trial)
    current.set(trial.subarray(0, size))
    taken[j] = 1
    cost = offer(S, current, size)
  }
  for (let pass = 0; pass < 2 * P.maxOpen + 2 && !spentOut(P.meter); pass++) {
    let moved = -1
    for (let i = 0; i < size && moved < 0 && !spentOut(P.meter); i++) {
      const k = current[i]!
      if (k === P.forced) continue
      let t = edited(current, size, k, -1, trial)
      const dropped = offer(S, trial, t)
      if (dropped < cost) {
        cost = dropped
        taken[k] = 0
        moved = t
        break
      }
      const j = bestAddition(S, taken)
      if (j < 0) continue
      t = edited(current, size, k, j, trial)
      const swapped = offer(S, trial, t)
      if (swapped < cost) {
        cost = swapped
        taken[k] = 0
        taken[j] = 1
        moved = t
      }
    }
    if (moved < 0) break
    size = moved
    current.set(trial.subarray(0, size))
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
  if (P.forced < 0) {
    S.incCost = P.nothingCost
    S.incCount = 0
  }
  for (const seed of seeds) if (seed.length <= P.maxOpen) offer(S, seed, seed.length)
  constructIncumbent(S)
  const { B } = S
  if (P.forced >= 0) addMember(S, P.forced)
  // Most orders are settled in a few nodes with prices from coordinate ascent. When one is
  // not, those prices may be stuck far below the LP bound: start again from the root with
  // prices from supergradient ascent.
  S.budget = Math.min(budget, LIGHT_NODES)
  explore(S, -Infinity, true)
  S.budget = budget
  if (S.aborted && S.nodes < budget && !spentOut(P.meter)) {
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
