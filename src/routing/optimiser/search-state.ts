/**
 * The branch-and-bound search's state and its elementary moves: the members (candidates fixed
 * in), fixings recorded on a trail so that a node can undo them, the incumbent with its tie
 * order (cost, then fewer facilities, then the lexicographically smallest list), and the node
 * budget.
 *
 * @internal
 */
import { evaluateSet, type Workspace } from './assignment.js'
import { FREE, IN, OUT, type BoundState } from './bound.js'
import { spentOut } from './meter.js'
import type { Prepared } from './prepare.js'

export interface Search {
  readonly P: Prepared
  readonly W: Workspace
  readonly B: BoundState
  budget: number
  /** Per level of candidates set aside (see setAsideOut), the item lists' ends to restore. */
  readonly asideEnds: Int32Array
  asideLevel: number
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

/** Coordinate-ascent rounds at a node below the root. */
export const NODE_ROUNDS = 1

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
export const offer = (S: Search, set: Int32Array, size: number): number => {
  const cost = evaluateSet(S.P, S.W, set, size)
  if (cost !== Infinity && beats(S, cost, S.W.used, S.W.usedCount)) {
    S.incCost = cost
    S.incCount = S.W.usedCount
    S.incSet.set(S.W.used.subarray(0, S.W.usedCount))
  }
  return cost
}

export const addMember = (S: Search, j: number): void => {
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

export const removeMember = (S: Search, j: number): void => {
  const { members, B } = S
  let pos = 0
  while (members[pos] !== j) pos++
  for (; pos < B.inCount - 1; pos++) members[pos] = members[pos + 1]!
  B.inCount--
  B.status[j] = FREE
}

/** Evaluates the open members plus candidate j. */
export const offerWith = (S: Search, j: number): number => offer(S, S.probe, edited(S.members, S.B.inCount, -1, j, S.probe))

export const undoTrail = (S: Search, mark: number): void => {
  const { B, trail } = S
  while (S.trailLen > mark) {
    const j = trail[--S.trailLen]!
    if (B.status[j] === IN) removeMember(S, j)
    else B.status[j] = FREE
  }
}

export const fixOut = (S: Search, j: number): void => {
  S.B.status[j] = OUT
  S.trail[S.trailLen++] = j
}

export const fixIn = (S: Search, j: number): void => {
  addMember(S, j)
  S.trail[S.trailLen++] = j
}

/** Counts a node; false (and the search aborted) once the node budget or the work meter is spent. */
export const tick = (S: Search): boolean => {
  if (++S.nodes <= S.budget && !spentOut(S.P.meter)) return true
  S.aborted = true
  return false
}

/** Counts a node whose subtree has bound `bound`; on abort that subtree stays unexplored. */
export const spend = (S: Search, bound: number): boolean => {
  if (tick(S)) return true
  if (bound < S.openBound) S.openBound = bound
  return false
}

/** Writes `base` without `skip` and with `add` (either may be -1) into `out`, ascending. */
export const edited = (base: Int32Array, size: number, skip: number, add: number, out: Int32Array): number => {
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
