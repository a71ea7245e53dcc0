/**
 * Ties. A plan as cheap as the incumbent wins when it uses fewer facilities or comes first in
 * index order, so a subtree pruned at the incumbent's cost might still hold the answer. A
 * pruned node settles that on the spot when reduced costs leave few candidates undecided;
 * otherwise phase 2 looks for such a plan, set size by set size, in index order.
 *
 * @internal
 */
import { FREE, lagrangeBound, OUT } from './bound.js'
import { cannotServeAll, relaxedBase, relaxedWith } from './relaxation.js'
import { addMember, fixIn, fixOut, NODE_ROUNDS, offer, offerWith, removeMember, spend, tick, undoTrail, type Search } from './search-state.js'

/** Undecided candidates up to which a possible tie is settled on the spot (2^n plans). */
export const MAX_UNDECIDED = 6

/**
 * A pruned node might still hold a plan of exactly the incumbent's cost (which could win the
 * tie). Reduced costs at the tie threshold decide each free candidate in or out of every such
 * plan; the plans left are the members, those decided in, and any subset of the few
 * undecided, all evaluated here. Only when too many stay undecided is the doubt recorded
 * for phase 2.
 */
export const settleTies = (S: Search, current: number): void => {
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
 * Phase 2 node: sets of exactly `slots` members whose cost can still equal the target,
 * visited in tie order (lowest free index included first); stops at the first that matches.
 */
export const exploreTies = (S: Search, floor: number, slots: number): void => {
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

export const tieLeaf = (S: Search, set: Int32Array, size: number): void => {
  if (S.found) return
  const cost = offer(S, set, size)
  if (cost === S.target && S.W.usedCount === size) S.found = true
}
