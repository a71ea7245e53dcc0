/**
 * Lagrangian lower bound. Relaxing each item's demand with a price π_s and the slot limit
 * with λ ≥ 0 leaves, for any prices, the valid bound
 *
 *   D = Σ_s Σ_t q_t·min(π_s, P_t) + Σ_{k open} (F_k − V_k) − Σ_{k free} (V_k − F_k − λ)⁺ − λ·r
 *
 * where V_k(π) is the most facility k's units are worth at those prices (a fractional
 * knapsack of its capacity over its items), r the slots still free, and excluded facilities
 * drop out. Its maximum over π and λ is the LP relaxation of the strong formulation
 * (x_ks ≤ min(a_ks, q_s)·y_k). Prices are improved by exact coordinate ascent (each item's
 * piece of D is concave piecewise linear in π_s), λ is optimal in closed form, and the
 * reduced costs (F_k + λ − V_k)⁺ fix facilities in or out of a subtree.
 *
 * @internal
 */
import type { Prepared } from './prepare.js'

export const FREE = 0
export const IN = 1
export const OUT = 2

/** Search state the bound reads and the prices it keeps between nodes. */
export interface BoundState {
  /** Per candidate: FREE, IN or OUT. */
  readonly status: Uint8Array
  inCount: number
  /** Item prices; any prices give a valid bound, so they carry over from node to node. */
  readonly pi: Float64Array
  /** Per candidate: Σ_s ā_ks (π_s − c_ks)⁺ (its value ignoring capacity). */
  readonly vu: Float64Array
  /** Per entry: ā (π − c)⁺. */
  readonly contrib: Float64Array
  /** Per candidate: V_k at the last bound (capacity respected). */
  readonly value: Float64Array
  lambda: number
  readonly bufVal: Float64Array
  readonly bufW: Float64Array
  readonly scratch: Float64Array
  readonly knapVal: Float64Array
  readonly knapW: Float64Array
}

export const createBoundState = (P: Prepared): BoundState => {
  const maxItemsPerFacility = P.items + 1
  return {
    status: new Uint8Array(P.m),
    inCount: 0,
    pi: new Float64Array(P.items),
    vu: new Float64Array(P.m),
    contrib: new Float64Array(P.eItem.length),
    value: new Float64Array(P.m),
    lambda: 0,
    bufVal: new Float64Array(P.maxDemand + 2),
    bufW: new Float64Array(P.maxDemand + 2),
    scratch: new Float64Array(P.m + 1),
    knapVal: new Float64Array(maxItemsPerFacility),
    knapW: new Float64Array(maxItemsPerFacility),
  }
}

/** Sets π_s and keeps the per-entry contributions and facility values in step. */
const setPrice = (P: Prepared, B: BoundState, s: number, price: number): void => {
  const { iStart, iEntry, eSupply, eCost, eFac } = P
  const { contrib, vu } = B
  const old = B.pi[s]!
  const reach = old > price ? old : price
  B.pi[s] = price
  for (let i = iStart[s]!; i < iStart[s + 1]!; i++) {
    const e = iEntry[i]!
    const c = eCost[e]!
    // Entries are cheapest first: past both prices every contribution is and stays 0.
    if (!(c < reach)) break
    const v = c < price ? eSupply[e]! * (price - c) : 0
    const j = eFac[e]!
    vu[j] = vu[j]! + v - contrib[e]!
    contrib[e] = v
  }
}

/**
 * Exact line search on π_s: D's dependence on π_s is concave piecewise linear with slope
 * Q_s minus the units of every tier whose penalty π_s has passed and of every facility
 * that has become worth opening; the maximum is where those units first reach Q_s.
 */
const improvePrice = (P: Prepared, B: BoundState, s: number): void => {
  const Q = P.demand[s]!
  if (Q === 0) return
  const { iStart, iEntry, eSupply, eCost, eFac, fixed, tierStart, tierPen, tierQty } = P
  const { bufVal, bufW, status, vu, contrib } = B
  const lambda = B.lambda
  let len = 0
  let total = 0
  const insert = (v: number, w: number): void => {
    if (total >= Q && v >= bufVal[len - 1]!) return
    let pos = len
    while (pos > 0 && bufVal[pos - 1]! > v) {
      bufVal[pos] = bufVal[pos - 1]!
      bufW[pos] = bufW[pos - 1]!
      pos--
    }
    bufVal[pos] = v
    bufW[pos] = w
    len++
    total += w
    while (len > 1 && total - bufW[len - 1]! >= Q) {
      total -= bufW[len - 1]!
      len--
    }
  }
  for (let t = tierStart[s]!; t < tierStart[s + 1]!; t++) insert(tierPen[t]!, tierQty[t]!)
  for (let i = iStart[s]!; i < iStart[s + 1]!; i++) {
    const e = iEntry[i]!
    const c = eCost[e]!
    if (!(c < bufVal[len - 1]!)) break
    const j = eFac[e]!
    const st = status[j]!
    if (st === OUT) continue
    const a = eSupply[e]!
    let b = c
    if (st === FREE) {
      const short = fixed[j]! + lambda - (vu[j]! - contrib[e]!)
      if (short > 0) b += short / a
    }
    insert(b, a)
  }
  setPrice(P, B, s, bufVal[len - 1]!)
}

/** V_k at the current prices: the best `cap` units among its items. */
const facilityValue = (P: Prepared, B: BoundState, j: number): number => {
  if (P.capBinds[j] === 0) return B.vu[j]!
  const { fStart, eItem, eSupply, eCost } = P
  const { knapVal, knapW, pi } = B
  let len = 0
  for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
    const v = pi[eItem[e]!]! - eCost[e]!
    if (!(v > 0)) continue
    let pos = len
    while (pos > 0 && knapVal[pos - 1]! < v) {
      knapVal[pos] = knapVal[pos - 1]!
      knapW[pos] = knapW[pos - 1]!
      pos--
    }
    knapVal[pos] = v
    knapW[pos] = eSupply[e]!
    len++
  }
  let room = P.cap[j]!
  let value = 0
  for (let i = 0; i < len && room > 0; i++) {
    const w = knapW[i]! < room ? knapW[i]! : room
    value += w * knapVal[i]!
    room -= w
  }
  return value
}

/**
 * D at the current prices with the best λ for them, given `slots` facilities at most.
 * Leaves V_k in `value` and λ in `lambda`.
 */
export const boundAtPrices = (P: Prepared, B: BoundState, slots: number): number => {
  const { items, tierStart, tierPen, tierQty, fixed, m } = P
  const { pi, status, value, scratch } = B
  let d = 0
  for (let s = 0; s < items; s++) {
    const price = pi[s]!
    for (let t = tierStart[s]!; t < tierStart[s + 1]!; t++) {
      const pen = tierPen[t]!
      d += tierQty[t]! * (price < pen ? price : pen)
    }
  }
  const r = slots - B.inCount
  if (r < 0) return Infinity
  let free = 0
  for (let j = 0; j < m; j++) {
    const st = status[j]!
    if (st === OUT) continue
    const v = facilityValue(P, B, j)
    value[j] = v
    if (st === IN) d += fixed[j]! - v
    else {
      const net = v - fixed[j]!
      if (net > 0) scratch[free++] = net
    }
  }
  // λ: the (r+1)-th largest positive net value (0 when at most r are positive).
  let lambda = 0
  if (free > r) {
    const top = scratch.subarray(0, free)
    top.sort()
    lambda = top[free - 1 - r]!
  }
  B.lambda = lambda
  for (let i = 0; i < free; i++) {
    const excess = scratch[i]! - lambda
    if (excess > 0) d -= excess
  }
  return d - lambda * r
}

/**
 * Improves the prices by up to `rounds` of coordinate ascent and returns the bound at the
 * final prices (so `value` and `lambda` describe the bound returned).
 */
export const lagrangeBound = (P: Prepared, B: BoundState, slots: number, rounds: number): number => {
  let d = boundAtPrices(P, B, slots)
  for (let round = 0; round < rounds; round++) {
    for (let s = 0; s < P.items; s++) improvePrice(P, B, s)
    const next = boundAtPrices(P, B, slots)
    const gained = next - d
    d = next
    if (!(gained > P.tolerance)) break
  }
  return d
}
