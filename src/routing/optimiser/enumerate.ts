/**
 * Exhaustive search for small problems. When the open sets within the slot limit are few,
 * evaluating every one exactly costs less than setting up the bound state, the greedy
 * incumbent and the Lagrangian root bound that branch and bound needs, and it is trivially
 * exact: the best plan over all sets, in the tie order (cost, then fewer facilities, then the
 * lexicographically smallest list of facilities that really serve).
 *
 * @internal
 */
import { int32 } from './arena.js'
import { evaluateSet, type Workspace } from './assignment.js'
import type { Prepared } from './prepare.js'
import type { SearchResult } from './search.js'

/** Most open sets a solve enumerates instead of branching. */
export const MAX_ENUMERATED_SETS = 32

/**
 * How many open sets within the slot limit there are (each containing the forced candidate,
 * if any), or `limit + 1` once there are more than `limit`.
 */
export const countOpenSets = (P: Prepared, limit: number): number => {
  const forced = P.forced >= 0 ? 1 : 0
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
 * Evaluates every open set of at most `P.maxOpen` candidates (all containing the forced
 * candidate, if any) and returns the best in the tie order. `W` keeps the evaluations'
 * scratch; its contents afterwards are those of the last set evaluated.
 */
export const enumerateOpenSets = (P: Prepared, W: Workspace): SearchResult => {
  const { m, forced } = P
  const hasForced = forced >= 0
  const freeSlots = P.maxOpen - (hasForced ? 1 : 0)
  const chosen = int32(freeSlots + 1)
  const set = int32(P.maxOpen + 1)
  const best = int32(P.maxOpen + 1)
  // Serving nothing is a plan unless a facility is forced to serve (then the empty set is
  // not evaluated: it would cost the same and use no facility).
  let bestCost = hasForced ? Infinity : P.nothingCost
  let bestCount = 0
  let nodes = 0
  const offer = (size: number): void => {
    let n = 0
    for (let i = 0; i < size; i++) {
      if (hasForced && n === i && chosen[i]! > forced) set[n++] = forced
      set[n++] = chosen[i]!
    }
    if (hasForced && n === size) set[n++] = forced
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
  // Non-forced members as ascending index lists, depth first.
  const extend = (size: number, from: number): void => {
    if (size > 0 || hasForced) offer(size)
    if (size === freeSlots) return
    for (let j = from; j < m; j++) {
      if (j === forced) continue
      chosen[size] = j
      extend(size + 1, j + 1)
    }
  }
  if (freeSlots >= 0) extend(0, 0)
  return {
    set: bestCost === Infinity ? null : best.subarray(0, bestCount),
    cost: bestCost,
    lowerBound: bestCost,
    proven: true,
    nodes,
  }
}
