/**
 * Branch and bound over which candidates open. Phase 1 finds the least cost: a greedy
 * incumbent improved by local search, then a depth-first include/exclude search that prunes
 * with the Lagrangian bound and fixes facilities by their reduced costs. Costs are integers,
 * so a subtree whose bound exceeds incumbent − 1 holds nothing cheaper. Phase 2 runs only
 * when a pruned subtree might have held a plan of equal cost that wins the tie (fewer
 * facilities, then the lexicographically smallest list): it looks for one in tie order.
 *
 * @internal
 */
import { createWorkspace, evaluateSet, type Workspace } from './assignment.js'
import { createBoundState, FREE, IN, lagrangeBound, OUT, type BoundState } from './bound.js'
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
  readonly budget: number
  /** Scratch for evaluating I ∪ {j}. */
  readonly probe: Int32Array
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
}

const ROOT_ROUNDS = 12
const NODE_ROUNDS = 3

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
const offerWith = (S: Search, j: number): number => {
  const { members, probe, B } = S
  let size = 0
  let placed = false
  for (let i = 0; i < B.inCount; i++) {
    const k = members[i]!
    if (!placed && j < k) {
      probe[size++] = j
      placed = true
    }
    probe[size++] = k
  }
  if (!placed) probe[size++] = j
  return offer(S, probe, size)
}

const noteRisk = (S: Search, bound: number, minCount: number): void => {
  if (bound - S.P.tolerance <= S.incCost && minCount <= S.incCount && S.incCost < S.riskCost) S.riskCost = S.incCost
}

const undoTrail = (S: Search, mark: number): void => {
  const { B, trail } = S
  while (S.trailLen > mark) {
    const j = trail[--S.trailLen]!
    if (B.status[j] === IN) removeMember(S, j)
    else B.status[j] = FREE
  }
}

/**
 * Phase 1 node: the members are evaluated; prune, fix by reduced costs, branch on the most
 * valuable free facility (include first).
 */
const explore = (S: Search, floor: number, rounds: number): void => {
  const { P, B } = S
  if (++S.nodes > S.budget) {
    S.aborted = true
    S.openBound = Math.min(S.openBound, floor)
    return
  }
  const slots = P.maxOpen
  const raw = lagrangeBound(P, B, slots, rounds)
  const d = raw > floor ? raw : floor
  const tol = P.tolerance
  const inSize = B.inCount
  if (d - tol > S.incCost - 1) {
    noteRisk(S, d, inSize + 1)
    return
  }
  const mark = S.trailLen
  const r = slots - inSize
  const lambda = B.lambda
  let includes = 0
  let free = 0
  for (let j = 0; j < P.m; j++) {
    if (B.status[j] !== FREE) continue
    const v = B.value[j]!
    const f = P.fixed[j]!
    const openGap = f + lambda - v
    if (raw + (openGap > 0 ? openGap : 0) - tol > S.incCost - 1) {
      noteRisk(S, raw + (openGap > 0 ? openGap : 0), inSize + 1)
      B.status[j] = OUT
      S.trail[S.trailLen++] = j
    } else if (r > 0 && raw - openGap - tol > S.incCost - 1) {
      noteRisk(S, raw - openGap, inSize + 1)
      addMember(S, j)
      S.trail[S.trailLen++] = j
      includes++
    } else free++
  }
  if (B.inCount > slots) {
    undoTrail(S, mark)
    return
  }
  if (includes > 0) offer(S, S.members, B.inCount)
  const left = slots - B.inCount
  if (left === 0 || free === 0) {
    undoTrail(S, mark)
    return
  }
  if (left === 1 && includes === 0) {
    // One slot: every completion is a single evaluation, cheaper than a node.
    for (let j = 0; j < P.m; j++) {
      if (B.status[j] !== FREE) continue
      const openGap = P.fixed[j]! + lambda - B.value[j]!
      if (raw + (openGap > 0 ? openGap : 0) - tol > S.incCost) continue
      if (++S.nodes > S.budget) {
        S.aborted = true
        S.openBound = Math.min(S.openBound, d)
        break
      }
      offerWith(S, j)
    }
    undoTrail(S, mark)
    return
  }
  let pick = -1
  let pickNet = -Infinity
  for (let j = 0; j < P.m; j++) {
    if (B.status[j] !== FREE) continue
    const net = B.value[j]! - P.fixed[j]!
    if (net > pickNet) {
      pickNet = net
      pick = j
    }
  }
  if (includes > 0) {
    // Fixing changed the node: bound it again before branching.
    explore(S, d, rounds)
    undoTrail(S, mark)
    return
  }
  addMember(S, pick)
  offer(S, S.members, B.inCount)
  explore(S, d, NODE_ROUNDS)
  removeMember(S, pick)
  if (S.aborted) {
    S.openBound = Math.min(S.openBound, d)
  } else {
    B.status[pick] = OUT
    explore(S, d, NODE_ROUNDS)
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
  if (++S.nodes > S.budget) {
    S.aborted = true
    return
  }
  const raw = lagrangeBound(P, B, slots, NODE_ROUNDS)
  const d = raw > floor ? raw : floor
  const tol = P.tolerance
  if (d - tol > S.target) return
  const mark = S.trailLen
  const r = slots - B.inCount
  const lambda = B.lambda
  let includes = 0
  for (let j = 0; j < P.m; j++) {
    if (B.status[j] !== FREE) continue
    const openGap = P.fixed[j]! + lambda - B.value[j]!
    if (raw + (openGap > 0 ? openGap : 0) - tol > S.target) {
      B.status[j] = OUT
      S.trail[S.trailLen++] = j
    } else if (r > 0 && raw - openGap - tol > S.target) {
      addMember(S, j)
      S.trail[S.trailLen++] = j
      includes++
    }
  }
  if (B.inCount > slots) {
    undoTrail(S, mark)
    return
  }
  if (B.inCount === slots) {
    if (includes > 0) tieLeaf(S, S.members, B.inCount)
    undoTrail(S, mark)
    return
  }
  let pick = -1
  for (let j = 0; j < P.m && pick < 0; j++) if (B.status[j] === FREE) pick = j
  if (pick < 0) {
    undoTrail(S, mark)
    return
  }
  addMember(S, pick)
  if (B.inCount === slots) tieLeaf(S, S.members, B.inCount)
  else exploreTies(S, d, slots)
  removeMember(S, pick)
  if (!S.found && !S.aborted) {
    B.status[pick] = OUT
    exploreTies(S, d, slots)
    B.status[pick] = FREE
  }
  undoTrail(S, mark)
}

const tieLeaf = (S: Search, set: Int32Array, size: number): void => {
  if (S.found) return
  const cost = offer(S, set, size)
  if (cost === S.target && S.W.usedCount === size) S.found = true
}

/** Adds the best single candidate while it lowers the cost, then tries drops and swaps. */
const localSearch = (S: Search): void => {
  const { P } = S
  const current = new Int32Array(P.m + 1)
  let size = 0
  if (P.forced >= 0) current[size++] = P.forced
  let cost = offer(S, current, size)
  const trial = new Int32Array(P.m + 1)
  const withOne = (base: Int32Array, n: number, skip: number, add: number): number => {
    let t = 0
    let placed = add < 0
    for (let i = 0; i < n; i++) {
      const k = base[i]!
      if (k === skip) continue
      if (!placed && add < k) {
        trial[t++] = add
        placed = true
      }
      trial[t++] = k
    }
    if (!placed) trial[t++] = add
    return t
  }
  const inCurrent = new Uint8Array(P.m)
  for (let i = 0; i < size; i++) inCurrent[current[i]!] = 1
  for (let pass = 0; pass < 4 * (P.maxOpen + 1); pass++) {
    let bestCost = cost
    let bestSkip = -1
    let bestAdd = -1
    const tryMove = (skip: number, add: number): void => {
      const t = withOne(current, size, skip, add)
      const c = offer(S, trial, t)
      if (c < bestCost) {
        bestCost = c
        bestSkip = skip
        bestAdd = add
      }
    }
    if (size < P.maxOpen) for (let j = 0; j < P.m; j++) if (inCurrent[j] === 0) tryMove(-1, j)
    for (let i = 0; i < size; i++) {
      const k = current[i]!
      if (k === P.forced) continue
      tryMove(k, -1)
      for (let j = 0; j < P.m; j++) if (inCurrent[j] === 0) tryMove(k, j)
    }
    if (bestSkip < 0 && bestAdd < 0) break
    const t = withOne(current, size, bestSkip, bestAdd)
    current.set(trial.subarray(0, t))
    size = t
    inCurrent.fill(0)
    for (let i = 0; i < size; i++) inCurrent[current[i]!] = 1
    cost = bestCost
  }
}

/** Finds the best open set for P within `budget` nodes, starting from `seeds` (candidate sets). */
export const searchOpenSet = (P: Prepared, budget: number, seeds: readonly Int32Array[]): SearchResult => {
  const S: Search = {
    P,
    W: createWorkspace(P),
    B: createBoundState(P),
    budget,
    probe: new Int32Array(P.m + 1),
    members: new Int32Array(P.m + 1),
    trail: new Int32Array(P.m * 2 + 2),
    trailLen: 0,
    nodes: 0,
    aborted: false,
    openBound: Infinity,
    incCost: Infinity,
    incSet: new Int32Array(P.m + 1),
    incCount: 0,
    riskCost: Infinity,
    target: Infinity,
    found: false,
  }
  // Serving nothing is a plan unless a facility is forced to serve.
  if (P.forced < 0) {
    S.incCost = P.nothingCost
    S.incCount = 0
  }
  for (const seed of seeds) if (seed.length <= P.maxOpen) offer(S, seed, seed.length)
  localSearch(S)
  const { B } = S
  if (P.forced >= 0) addMember(S, P.forced)
  explore(S, -Infinity, ROOT_ROUNDS)
  if (!S.aborted && S.riskCost === S.incCost && S.incCount > 0) {
    S.target = S.incCost
    for (let c = B.inCount; c <= S.incCount && !S.found && !S.aborted; c++) {
      if (c === 0) continue
      if (B.inCount === c) tieLeaf(S, S.members, c)
      else exploreTies(S, -Infinity, c)
    }
  }
  const cost = S.incCost
  const proven = !S.aborted
  const lowerBound = proven ? cost : Math.min(cost, Math.ceil(S.openBound - P.tolerance))
  return {
    set: cost === Infinity ? null : S.incSet.slice(0, S.incCount),
    cost,
    lowerBound,
    proven,
    nodes: S.nodes,
  }
}
