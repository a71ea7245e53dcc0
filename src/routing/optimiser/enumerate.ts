/**
 * Exhaustive search for small problems. When the open sets within the slot limit are few,
 * evaluating every one exactly costs less than setting up the bound state, the greedy
 * incumbent and the Lagrangian root bound that branch and bound needs, and it is trivially
 * exact: the best plan over all sets, in the tie order (cost, then fewer facilities, then the
 * lexicographically smallest list of facilities that really serve). With few candidates but
 * more sets, fixed costs usually rule most sets out early; when they do not, the enumeration
 * stops after a few dozen evaluations and branch and bound takes over.
 *
 * @internal
 */
import { evaluateSet, fillBuckets, itemCostWith, type Workspace } from './assignment.js'
import type { Prepared } from './prepare.js'
import type { SearchResult } from './search.js'

/** Most evaluations an enumeration may take before it gives way to branch and bound. */
export const MAX_ENUMERATED_SETS = 32
/** Candidates up to which enumeration is tried even when the sets outnumber that limit. */
export const MAX_ENUMERATED_CANDIDATES = 8

/**
 * How many open sets within the slot limit there are (each containing the forced candidate,
 * if any), or `limit + 1` once there are more than `limit`.
 */
export const countOpenSets = (P: Prepared, limit: number): number => {
  const forced = P.forcedSet.length
  const n = P.m - forced
  const slots = P.maxOpen - forced
  let total = 0
  let ways = 1
  for (let k = 0; k <= slots && k <= n; k++) {
    // ways = C(n, k); exact while it stays small, which the limit guarantees.
    total += ways
    if (total > limit) return limit + 1
    ways = (ways * (n - k)) / (k + 1)
  }
  return total
}

/**
 * Least cost of serving the items with every candidate open, capacities ignored, fixed costs
 * not counted: no plan's unit costs and penalties together come below it.
 */
const serviceFloor = (P: Prepared, W: Workspace): number => {
  const { scratch } = P.meter
  const all = scratch.int32(P.m)
  for (let j = 0; j < P.m; j++) all[j] = j
  fillBuckets(P, W, all, P.m)
  let floor = 0
  for (let s = 0; s < P.items; s++) floor += itemCostWith(P, W, s, 0, 0)
  return floor
}

/**
 * Evaluates the open sets of at most `P.maxOpen` candidates (all containing the forced
 * candidate, if any), size by size, and returns the best in the tie order; or null when that
 * would take more than `maxEvaluations` evaluations. Sets whose fixed costs plus the service
 * floor already exceed the best plan found are skipped with all their supersets (when fixed
 * costs are non-negative, no facility is forced and units may go unserved: then a plan
 * costs at least the fixed costs of the facilities serving plus the floor, and a set whose
 * plan leaves a member idle gives a plan that its serving subset gives as cheaply). `W` keeps
 * the evaluations' scratch.
 */
export const enumerateOpenSets = (P: Prepared, W: Workspace, maxEvaluations: number): SearchResult | null => {
  const { m, forcedSet, isForced, fixed } = P
  const { scratch } = P.meter
  const hasForced = forcedSet.length > 0
  const freeSlots = P.maxOpen - forcedSet.length
  const chosen = scratch.int32(freeSlots + 1)
  const set = scratch.int32(P.maxOpen + 1)
  const best = scratch.int32(P.maxOpen + 1)
  let prunes = !hasForced && !P.serveAll
  for (let j = 0; j < m && prunes; j++) if (!(fixed[j]! >= 0)) prunes = false
  const floor = prunes ? serviceFloor(P, W) : -Infinity
  // Serving nothing is a plan unless a facility is forced to serve (then the empty set is
  // not evaluated: it would cost the same and use no facility).
  let bestCost = hasForced ? Infinity : P.nothingCost
  let bestCount = 0
  let nodes = 0
  const offer = (size: number): void => {
    // chosen[0..size) and the forced candidates, merged ascending.
    let n = 0
    let f = 0
    for (let i = 0; i < size; i++) {
      while (f < forcedSet.length && forcedSet[f]! < chosen[i]!) set[n++] = forcedSet[f++]!
      set[n++] = chosen[i]!
    }
    while (f < forcedSet.length) set[n++] = forcedSet[f++]!
    nodes++
    const cost = evaluateSet(P, W, set, n)
    if (cost === Infinity || cost > bestCost) return
    const count = W.usedCount
    const used = W.used
    if (cost === bestCost) {
      if (count > bestCount) return
      if (count === bestCount) {
        let i = 0
        while (i < count && used[i] === best[i]) i++
        if (i === count || used[i]! > best[i]!) return
      }
    }
    bestCost = cost
    bestCount = count
    for (let i = 0; i < count; i++) best[i] = used[i]!
  }
  // The sets of `size` non-forced members extending chosen[0..at), ascending index lists.
  const extend = (at: number, size: number, from: number, fixedSoFar: number): boolean => {
    if (at === size) {
      if (nodes === maxEvaluations) return false
      offer(size)
      return true
    }
    for (let j = from; j <= m - (size - at); j++) {
      if (isForced[j] === 1) continue
      const f = fixedSoFar + fixed[j]!
      if (f + floor > bestCost) continue
      chosen[at] = j
      if (!extend(at + 1, size, j + 1, f)) return false
    }
    return true
  }
  for (let size = hasForced ? 0 : 1; size <= freeSlots; size++) {
    if (!extend(0, size, 0, 0)) return null
  }
  return {
    set: bestCost === Infinity ? null : best.subarray(0, bestCount),
    cost: bestCost,
    lowerBound: bestCost,
    proven: true,
    nodes,
  }
}
