/**
 * The first incumbent: greedy construction (add the candidate that lowers the cost most while
 * one does), then drop and swap moves while they lower the exact cost.
 *
 * @internal
 */
import { dearestUnit, itemCostWith } from './assignment.js'
import { spentOut, unitsLeft } from './meter.js'
import { edited, offer, type Search } from './search-state.js'

/**
 * The uncapacitated marginal of adding candidate j to the last evaluated set: its fixed cost,
 * and each of its items re-served with its units merged in. The caller charges its entries.
 */
const marginal = (S: Search, j: number): number => {
  const { P, W } = S
  const { fStart, eItem, eCost, eSupply } = P
  let delta = P.fixed[j]!
  for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
    const s = eItem[e]!
    delta += itemCostWith(P, W, s, eCost[e]!, eSupply[e]!) - W.itemCost[s]!
  }
  return delta
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
    P.meter.spent += fStart[j + 1]! - fStart[j]!
    const delta = marginal(S, j)
    if (delta < bestDelta) {
      bestDelta = delta
      best = j
    }
  }
  return best
}

/**
 * From the set in `current` (its first `size` entries, every one marked in `taken`): greedy
 * construction (add the best marginal candidate while it pays), then drop and swap moves
 * while they lower the exact cost. Every set evaluated is offered as an incumbent.
 */
const descend = (S: Search, current: Int32Array, start: number, trial: Int32Array, taken: Uint8Array): void => {
  const { P } = S
  let size = start
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
      if (P.isForced[k] === 1) continue
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

/**
 * Writes the set every descent starts from into `current` (the forced candidate, or nothing),
 * marks it in `taken` (cleared first) and returns its size.
 */
const startSet = (S: Search, current: Int32Array, taken: Uint8Array): number => {
  const { P } = S
  taken.fill(0)
  P.forcedSet.forEach((j, i) => {
    current[i] = j
    taken[j] = 1
  })
  return P.forcedSet.length
}

/** The greedy descent from nothing (or from the forced candidate): the first incumbent. */
export const constructIncumbent = (S: Search): void => {
  const { P } = S
  const { scratch } = P.meter
  const current = scratch.int32(P.m + 1)
  const taken = scratch.uint8(P.m)
  descend(S, current, startSet(S, current, taken), scratch.int32(P.m + 1), taken)
}

/**
 * More descents for an order the first search could not settle: greedy construction is
 * myopic where many candidates each cover a few items (it opens the one covering most, and
 * the best plan may not hold it). Each of the `starts` candidates whose own addition lowers
 * the cost most (after the greedy's own first pick) opens first, and a descent goes on from
 * there. Deterministic: ranked by cost reduction, then candidate index.
 */
export const diversifyIncumbent = (S: Search, starts: number, share: number): void => {
  const { P } = S
  const { scratch } = P.meter
  const current = scratch.int32(P.m + 1)
  const trial = scratch.int32(P.m + 1)
  const taken = scratch.uint8(P.m)
  const first = startSet(S, current, taken)
  // A start set must leave room for the start itself.
  if (first + 1 > P.maxOpen) return
  const stopAt = P.meter.spent + share * unitsLeft(P.meter)
  const rank = scratch.int32(starts + 1)
  const rankDelta = scratch.float64(starts + 1)
  offer(S, current, first)
  // Every candidate's exact marginal on the start set; the `starts + 1` best kept, ascending.
  let len = 0
  P.meter.spent += P.m + P.eItem.length
  for (let j = 0; j < P.m; j++) {
    if (P.isForced[j] === 1) continue
    const delta = marginal(S, j)
    if (!(delta < 0) || (len === starts + 1 && !(delta < rankDelta[len - 1]!))) continue
    let pos = len < starts + 1 ? len++ : len - 1
    while (pos > 0 && rankDelta[pos - 1]! > delta) {
      rankDelta[pos] = rankDelta[pos - 1]!
      rank[pos] = rank[pos - 1]!
      pos--
    }
    rankDelta[pos] = delta
    rank[pos] = j
  }
  // The best of them is where the first descent began.
  for (let r = 1; r < len && P.meter.spent < stopAt; r++) {
    startSet(S, current, taken)
    const j = rank[r]!
    const size = edited(current, first, -1, j, trial)
    current.set(trial.subarray(0, size))
    taken[j] = 1
    descend(S, current, size, trial, taken)
  }
}
