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
 * piece of D is concave piecewise linear in π_s), cheap but liable to stall at kinks, or by
 * supergradient steps, slower but not stopped by them; λ is optimal in closed form. The
 * reduced costs (F_k + λ − V_k)⁺ fix facilities in or out of a subtree. Validity never
 * depends on how good the prices are: D is recomputed exactly from them, and its floating-
 * point error is covered by the problem's tolerance.
 *
 * @internal
 */
import { spentOut } from './meter.js'
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
  readonly knapItem: Int32Array
  /** Per item: prices saved before a round, the best prices seen, a supergradient. */
  readonly saved: Float64Array
  readonly best: Float64Array
  readonly grad: Float64Array
  /** Candidates the scans visit (all but those fixed out for the whole solve); aliveCount of them. */
  readonly alive: Int32Array
  aliveCount: number
  /**
   * Item-major entry lists of the alive candidates: item s's are itemEntry[itemStart[s] ..
   * itemEnd[s]), liveEntries in all; those of candidates a subtree has set aside (see
   * setAsideOut) follow, up to itemStart[s + 1].
   */
  readonly itemStart: Int32Array
  readonly itemEnd: Int32Array
  readonly itemEntry: Int32Array
  liveEntries: number
}

export const createBoundState = (P: Prepared): BoundState => {
  const { scratch } = P.meter
  const maxItemsPerFacility = P.items + 1
  const alive = scratch.int32(P.m)
  for (let j = 0; j < P.m; j++) alive[j] = j
  const itemStart = scratch.int32(P.items + 1)
  itemStart.set(P.iStart)
  const itemEntry = scratch.int32(P.iEntry.length)
  itemEntry.set(P.iEntry)
  const itemEnd = scratch.int32(P.items)
  itemEnd.set(P.iStart.subarray(1, P.items + 1))
  return {
    status: scratch.uint8(P.m),
    inCount: 0,
    pi: scratch.float64(P.items),
    vu: scratch.float64(P.m),
    contrib: scratch.float64(P.eItem.length),
    value: scratch.float64(P.m),
    lambda: 0,
    bufVal: scratch.float64(P.maxDemand + 2),
    bufW: scratch.float64(P.maxDemand + 2),
    scratch: scratch.float64(P.m + 1),
    knapVal: scratch.float64(maxItemsPerFacility),
    knapW: scratch.float64(maxItemsPerFacility),
    knapItem: scratch.int32(maxItemsPerFacility),
    saved: scratch.float64(P.items),
    best: scratch.float64(P.items),
    grad: scratch.float64(P.items),
    alive,
    aliveCount: P.m,
    itemStart,
    itemEnd,
    itemEntry,
    liveEntries: P.iEntry.length,
  }
}

/** Sets π_s and keeps the per-entry contributions and facility values in step. */
const setPrice = (P: Prepared, B: BoundState, s: number, price: number): void => {
  const { eSupply, eCost, eFac } = P
  const { contrib, vu, itemStart, itemEnd, itemEntry } = B
  const old = B.pi[s]!
  const reach = old > price ? old : price
  B.pi[s] = price
  P.meter.spent += itemEnd[s]! - itemStart[s]!
  for (let i = itemStart[s]!; i < itemEnd[s]!; i++) {
    const e = itemEntry[i]!
    const c = eCost[e]!
    // Past both prices the contribution is and stays 0.
    if (!(c < reach)) continue
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
const improvePrice = (P: Prepared, B: BoundState, s: number, centre: boolean): void => {
  const Q = P.demand[s]!
  if (Q === 0) return
  const { eSupply, eCost, eFac, fixed, tierStart, tierPen, tierQty } = P
  const { bufVal, bufW, status, vu, contrib, itemStart, itemEnd, itemEntry } = B
  const lambda = B.lambda
  // bufVal/bufW hold the smallest breakpoints, ascending, just enough of them to reach Q
  // units; `beyond` is the least breakpoint left out.
  let len = 0
  let total = 0
  let beyond = Infinity
  const tEnd = tierStart[s + 1]!
  const iEnd = itemEnd[s]!
  let t = tierStart[s]!
  let i = itemStart[s]!
  P.meter.spent += tEnd - t + iEnd - i
  while (t < tEnd || i < iEnd) {
    let v: number
    let w: number
    if (t < tEnd) {
      v = tierPen[t]!
      w = tierQty[t]!
      t++
    } else {
      const e = itemEntry[i++]!
      const j = eFac[e]!
      const st = status[j]!
      if (st === OUT) continue
      v = eCost[e]!
      w = eSupply[e]!
      if (st === FREE) {
        const short = fixed[j]! + lambda - (vu[j]! - contrib[e]!)
        if (short > 0) v += short / w
      }
      if (!(v < bufVal[len - 1]!)) {
        if (v < beyond) beyond = v
        continue
      }
    }
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
      if (bufVal[len]! < beyond) beyond = bufVal[len]!
    }
  }
  // Where the units reach Q exactly, D is flat up to the next breakpoint. The ascent takes the
  // left end; centring takes the middle, so that facilities bought at the left end become
  // strictly worth opening and the one at the right end strictly not (their reduced costs
  // then decide them, ties included).
  const last = bufVal[len - 1]!
  const middle = centre && total === Q && beyond < Infinity && beyond > last ? (last + beyond) / 2 : last
  setPrice(P, B, s, middle < P.priceCap[s]! ? middle : last)
}

/**
 * Facility j's knapsack at the current prices: its items worth more than they cost, best
 * first, in knapVal (value per unit), knapW (units) and knapItem. Returns how many.
 */
const knapsack = (P: Prepared, B: BoundState, j: number): number => {
  const { fStart, eItem, eSupply, eCost } = P
  const { knapVal, knapW, knapItem, pi } = B
  let len = 0
  for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
    const v = pi[eItem[e]!]! - eCost[e]!
    if (!(v > 0)) continue
    let pos = len++
    while (pos > 0 && knapVal[pos - 1]! < v) {
      knapVal[pos] = knapVal[pos - 1]!
      knapW[pos] = knapW[pos - 1]!
      knapItem[pos] = knapItem[pos - 1]!
      pos--
    }
    knapVal[pos] = v
    knapW[pos] = eSupply[e]!
    knapItem[pos] = eItem[e]!
  }
  return len
}

/** V_k at the current prices: the best `cap` units among its items. */
const facilityValue = (P: Prepared, B: BoundState, j: number): number => {
  if (P.capBinds[j] === 0) {
    // Summed afresh (and the running value reset) so that no rounding drift reaches the bound.
    const { fStart } = P
    let v = 0
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) v += B.contrib[e]!
    B.vu[j] = v
    return v
  }
  const { knapVal, knapW } = B
  const len = knapsack(P, B, j)
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
  const { items, tierStart, tierPen, tierQty, fixed } = P
  const { pi, status, value, scratch, alive } = B
  P.meter.spent += items + tierQty.length + B.aliveCount + B.liveEntries
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
  for (let i = 0; i < B.aliveCount; i++) {
    const j = alive[i]!
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
  const lambda = free > r ? kthLargest(scratch, free, r + 1) : 0
  B.lambda = lambda
  for (let i = 0; i < free; i++) {
    const excess = scratch[i]! - lambda
    if (excess > 0) d -= excess
  }
  return d - lambda * r
}

/** The k-th largest of a[0..n) (1 ≤ k ≤ n), reordering a: quickselect, median-of-three. */
const kthLargest = (a: Float64Array, n: number, k: number): number => {
  let lo = 0
  let hi = n - 1
  const want = k - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const x = a[lo]!
    const y = a[mid]!
    const z = a[hi]!
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i]! > pivot) i++
      while (a[j]! < pivot) j--
      if (i <= j) {
        const tmp = a[i]!
        a[i] = a[j]!
        a[j] = tmp
        i++
        j--
      }
    }
    if (want <= j) hi = j
    else if (want >= i) lo = i
    else return a[want]!
  }
  return a[want]!
}

/**
 * Drops candidates that are OUT from the scans (for fixings that hold for the whole solve);
 * nothing may be set aside then.
 */
export const compactAlive = (P: Prepared, B: BoundState): void => {
  const { status, alive, itemStart, itemEnd, itemEntry } = B
  let n = 0
  for (let i = 0; i < B.aliveCount; i++) {
    const j = alive[i]!
    if (status[j] !== OUT) alive[n++] = j
  }
  B.aliveCount = n
  let out = 0
  for (let s = 0; s < P.items; s++) {
    const from = itemStart[s]!
    const to = itemEnd[s]!
    itemStart[s] = out
    for (let i = from; i < to; i++) {
      const e = itemEntry[i]!
      if (status[P.eFac[e]!] !== OUT) itemEntry[out++] = e
    }
    itemEnd[s] = out
  }
  itemStart[P.items] = out
  B.liveEntries = out
}

/**
 * Moves the candidates that are OUT (and their entries) past the end of the alive lists, so
 * that the scans below a node where most candidates are fixed out skip them; restoreAside,
 * given the counts and ends saved before, brings them back. Order within the lists changes.
 */
export const setAsideOut = (P: Prepared, B: BoundState): void => {
  const { status, alive, itemStart, itemEnd, itemEntry } = B
  P.meter.spent += B.aliveCount + B.liveEntries
  let n = B.aliveCount
  for (let i = 0; i < n; ) {
    const j = alive[i]!
    if (status[j] !== OUT) i++
    else {
      alive[i] = alive[--n]!
      alive[n] = j
    }
  }
  B.aliveCount = n
  let live = 0
  for (let s = 0; s < P.items; s++) {
    let end = itemEnd[s]!
    for (let i = itemStart[s]!; i < end; ) {
      const e = itemEntry[i]!
      if (status[P.eFac[e]!] !== OUT) i++
      else {
        itemEntry[i] = itemEntry[--end]!
        itemEntry[end] = e
      }
    }
    itemEnd[s] = end
    live += end - itemStart[s]!
  }
  B.liveEntries = live
}

/**
 * Undoes setAsideOut: `count` candidates and `live` entries alive again, the item lists
 * ending at `ends`. Prices moved while they were set aside, so the contributions and values
 * of the candidates brought back are computed afresh.
 */
export const restoreAside = (P: Prepared, B: BoundState, count: number, live: number, ends: Int32Array): void => {
  const { alive, contrib, vu, pi } = B
  const { fStart, eItem, eSupply, eCost } = P
  for (let i = B.aliveCount; i < count; i++) {
    const j = alive[i]!
    P.meter.spent += 1 + fStart[j + 1]! - fStart[j]!
    let v = 0
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
      const c = eCost[e]!
      const price = pi[eItem[e]!]!
      const x = c < price ? eSupply[e]! * (price - c) : 0
      contrib[e] = x
      v += x
    }
    vu[j] = v
  }
  B.aliveCount = count
  B.liveEntries = live
  B.itemEnd.set(ends)
}

/** Sets every price back to `saved` (those already there stay as they are). */
const restorePrices = (P: Prepared, B: BoundState, saved: Float64Array): void => {
  for (let s = 0; s < P.items; s++) if (saved[s] !== B.pi[s]) setPrice(P, B, s, saved[s]!)
}

/**
 * Improves the prices by up to `rounds` of coordinate ascent and returns the bound at the
 * final prices (so `value` and `lambda` describe the bound returned). With `centre`, prices
 * move to the middle of flat stretches instead of their left end. `current`, when given, is
 * the bound the state already describes (the value the last boundAtPrices returned, with
 * prices, statuses and slots unchanged since), which is then not computed again.
 */
export const lagrangeBound = (
  P: Prepared,
  B: BoundState,
  slots: number,
  rounds: number,
  centre = false,
  current?: number,
): number => {
  let d = current ?? boundAtPrices(P, B, slots)
  for (let round = 0; round < rounds && !spentOut(P.meter); round++) {
    B.saved.set(B.pi)
    for (let s = 0; s < P.items; s++) improvePrice(P, B, s, centre)
    const next = boundAtPrices(P, B, slots)
    if (next < d - P.tolerance) {
      // The line search reads capacity-bound facilities as uncapacitated, so a round can
      // lose ground there: take it back.
      restorePrices(P, B, B.saved)
      return boundAtPrices(P, B, slots)
    }
    const gained = next - d
    d = next
    // Coordinate ascent stalls at kinks; stop once a round gains next to nothing.
    if (!(gained > P.tolerance + 1e-5 * Math.abs(d))) break
  }
  return d
}

/**
 * A supergradient of D at the current prices (after boundAtPrices): per item, the units of
 * tiers whose penalty the price has not reached minus the units that open facilities, and
 * free facilities worth opening at λ, would sell at these prices. Returns its squared norm.
 */
const supergradient = (P: Prepared, B: BoundState): number => {
  const { items, tierStart, tierPen, tierQty, fStart, eItem, eCost, eSupply, fixed, cap, capBinds } = P
  const { pi, grad, status, value, alive, knapW, knapItem } = B
  // The entries scanned are those of the facilities that sell (charged as they are scanned).
  P.meter.spent += items + tierStart[items]! + B.aliveCount
  for (let s = 0; s < items; s++) {
    let units = 0
    for (let t = tierStart[s]!; t < tierStart[s + 1]!; t++) if (pi[s]! < tierPen[t]!) units += tierQty[t]!
    grad[s] = units
  }
  for (let i = 0; i < B.aliveCount; i++) {
    const j = alive[i]!
    const st = status[j]!
    if (st === OUT || (st === FREE && !(value[j]! - fixed[j]! - B.lambda > 0))) continue
    P.meter.spent += fStart[j + 1]! - fStart[j]!
    if (capBinds[j] === 0) {
      for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
        const s = eItem[e]!
        if (pi[s]! > eCost[e]!) grad[s] = grad[s]! - eSupply[e]!
      }
      continue
    }
    // The knapsack's units: best value first, up to the capacity.
    const len = knapsack(P, B, j)
    let room = cap[j]!
    for (let k = 0; k < len && room > 0; k++) {
      const w = knapW[k]! < room ? knapW[k]! : room
      grad[knapItem[k]!] = grad[knapItem[k]!]! - w
      room -= w
    }
  }
  let norm = 0
  for (let s = 0; s < items; s++) norm += grad[s]! * grad[s]!
  return norm
}

/**
 * Projected supergradient ascent on the prices with Polyak steps towards `target` (the
 * incumbent's cost): slower per step than coordinate ascent but not stopped by kinks, so it
 * reaches LP-strength prices where coordinate ascent stalls far below. Leaves the best prices
 * found and returns the bound at them.
 */
export const subgradientBound = (P: Prepared, B: BoundState, slots: number, target: number, steps: number): number => {
  const { pi, best } = B
  let d = boundAtPrices(P, B, slots)
  let top = d
  best.set(pi)
  let theta = 2
  let stall = 0
  // True while the state describes the best prices (then nothing needs restoring).
  let atBest = true
  for (let k = 0; k < steps && top < target - 1 && !spentOut(P.meter); k++) {
    const norm = supergradient(P, B)
    if (!(norm > 0)) break
    const step = (theta * (target - d)) / norm
    for (let s = 0; s < P.items; s++) {
      // Optimal prices lie in [0, priceCap]; staying there also keeps D's terms, and so its
      // rounding, within the scale the tolerance was set for.
      const next = pi[s]! + step * B.grad[s]!
      const cap = P.priceCap[s]!
      const price = next > 0 ? (next < cap ? next : cap) : 0
      // An item its sellers cover exactly (zero supergradient) keeps its price: nothing to update.
      if (price !== pi[s]) setPrice(P, B, s, price)
    }
    d = boundAtPrices(P, B, slots)
    atBest = d > top
    if (atBest) {
      top = d
      best.set(pi)
      stall = 0
    } else if (++stall >= 5) {
      theta /= 2
      stall = 0
      if (theta < 0.005) break
    }
  }
  if (atBest) return top
  restorePrices(P, B, best)
  return boundAtPrices(P, B, slots)
}
