/**
 * Cheap facts about a node before its Lagrangian bound: the relaxed cost of adding one
 * candidate to the members (capacities and the forced unit relaxed), which settles the nodes
 * with one slot left, and, for all-or-nothing orders, whether the members plus the slots
 * left can cover every item at all.
 *
 * @internal
 */
import { fillBuckets, itemCostWith } from './assignment.js'
import { FREE, IN } from './bound.js'
import { offerWith, tick, type Search } from './search-state.js'

/**
 * Fills the buckets with the members' entries and returns the members' fixed costs plus
 * every item's uncapacitated greedy cost, leaving the per-item costs in `base`.
 */
export const relaxedBase = (S: Search): number => {
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
export const relaxedWith = (S: Search, baseTotal: number, j: number): number => {
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
export const completeWithOne = (S: Search): void => {
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
 * All-or-nothing: true when some item cannot be covered by the members plus the `slots`
 * free candidates with the most units of it (capacities shared across items are ignored, so
 * this only ever answers true when it must). Such a subtree holds only the plan that serves
 * nothing, which the search starts from.
 */
export const cannotServeAll = (S: Search, slots: number): boolean => {
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
