/**
 * Turns a facility problem into the compact form the search works on: only facilities that
 * can help (candidates, renumbered in index order so that candidate order is tie order), each
 * with the items it can usefully serve and how many units of each.
 *
 * @internal
 */
import type { WorkMeter } from './meter.js'
import type { FacilityProblem } from './types.js'

/** The search's view of a problem. Its arrays live in the solve's scratch arena. */
export interface Prepared {
  readonly problem: FacilityProblem
  readonly items: number
  /** Q_s: units demanded of item s. */
  readonly demand: Int32Array
  /** Tier positions of item s are tierStart[s] .. tierStart[s+1]-1 (the problem's ranges). */
  readonly tierStart: Int32Array
  /** Original tier index at each position; within an item, penalty descending. */
  readonly tierOrder: Int32Array
  readonly tierQty: Int32Array
  /** Penalty the search charges per unserved unit: the tier's, or a prohibitive one when all-or-nothing. */
  readonly tierPen: Float64Array
  /** Per item: its highest tierPen (prices above it never raise the bound). */
  readonly priceCap: Float64Array
  /** Σ qty × tierPen over this position and the later ones of the same item. */
  readonly tierTail: Float64Array
  /** The tier's own penalty (what the plan reports). */
  readonly tierRealPen: Float64Array
  /** Candidate count. */
  readonly m: number
  /** Original facility index of each candidate, ascending. */
  readonly orig: Int32Array
  readonly fixed: Float64Array
  readonly cap: Int32Array
  /** 1 when the candidate's capacity is below its useful supply, so it can bind. */
  readonly capBinds: Uint8Array
  /** Most entries any item has (the per-item stride of the evaluation's buckets). */
  readonly stride: number
  /** Entries of candidate j are fStart[j] .. fStart[j+1]-1, by item (an item's protected units in a second, dearer entry). */
  readonly fStart: Int32Array
  readonly eItem: Int32Array
  /** Candidate owning each entry. */
  readonly eFac: Int32Array
  /** Useful units: min(supply, capacity, units whose penalty exceeds the unit cost). */
  readonly eSupply: Int32Array
  readonly eCost: Float64Array
  /** Entries of item s are iStart[s] .. iStart[s+1]-1 (indexes into the entry arrays), by candidate. */
  readonly iStart: Int32Array
  readonly iEntry: Int32Array
  /** Stock group of each candidate (see `FacilityProblem.stockGroup`), or -1. */
  readonly group: Int32Array
  /** Cumulative supply of item s for candidate j and its group's earlier members, at [j * items + s]. */
  readonly groupCap: Int32Array
  /** True when some two candidates share a stock group. */
  readonly grouped: boolean
  /** The candidate that must serve when exactly one must, else -1. */
  readonly forced: number
  /** Every candidate that must serve, ascending. */
  readonly forcedSet: Int32Array
  /** 1 for a candidate that must serve. */
  readonly isForced: Uint8Array
  /** Every unit must be served or none. */
  readonly serveAll: boolean
  /** Cost of serving nothing. */
  readonly nothingCost: number
  /** min(maxOpen, m). */
  readonly maxOpen: number
  /** Largest item demand. */
  readonly maxDemand: number
  /** Absolute error a floating-point lower bound may carry. */
  readonly tolerance: number
  /** False when forceOpen names no facility, or one that cannot serve a unit. */
  readonly feasible: boolean
  /**
   * No plan costs less: every unit at the lesser of its penalty and the cheapest rate any
   * facility offers for its item, negative fixed costs (if any) all paid. The search's lower
   * bound when it stops before bounding anything.
   */
  readonly floor: number
  /** The call's work meter: every step of the solve is charged to it. */
  readonly meter: WorkMeter
}

/** Builds the search's view of `p`, charging `meter`. Never mutates `p`. */
export const prepareProblem = (p: FacilityProblem, meter: WorkMeter): Prepared => {
  const { scratch } = meter
  const items = Math.max(0, p.itemCount | 0)
  const n = Math.max(0, p.facilityCount | 0)
  const { tierStart, tierPenalty, tierQuantity, supply, unitCost, capacity, fixedCost } = p
  const tierCount = tierStart[items] ?? 0

  // Tiers by penalty descending within each item (the contract says they are; this makes it so).
  const tierOrder = scratch.int32(tierCount)
  const tierQty = scratch.int32(tierCount)
  const tierRealPen = scratch.float64(tierCount)
  const demand = scratch.int32(items)
  const topPen = scratch.float64(items)
  let nothingCost = 0
  let maxDemand = 0
  for (let s = 0; s < items; s++) {
    const from = tierStart[s]!
    const to = tierStart[s + 1]!
    for (let t = from; t < to; t++) {
      const pen = tierPenalty[t]!
      let i = t
      while (i > from && tierPenalty[tierOrder[i - 1]!]! < pen) {
        tierOrder[i] = tierOrder[i - 1]!
        i--
      }
      tierOrder[i] = t
    }
    let q = 0
    for (let i = from; i < to; i++) {
      const t = tierOrder[i]!
      const qty = Math.max(0, tierQuantity[t]!)
      tierQty[i] = qty
      tierRealPen[i] = tierPenalty[t]!
      q += qty
      nothingCost += qty * tierPenalty[t]!
    }
    topPen[s] = to > from ? tierRealPen[from]! : 0
    demand[s] = q
    if (q > maxDemand) maxDemand = q
  }

  // A forceOpen that names no facility (out of range, not an integer) can never be honoured.
  const forceOpen = new Set<number>(p.forceOpen === undefined ? [] : typeof p.forceOpen === 'number' ? [p.forceOpen] : p.forceOpen)
  const wantsForced = forceOpen.size > 0
  const serveAll = p.allOrNothing

  // Candidates and their useful entries, written into arrays sized for the worst case.
  const origAll = scratch.int32(n, false)
  const fixedAll = scratch.float64(n, false)
  const capAll = scratch.int32(n, false)
  const capBindsAll = scratch.uint8(n, false)
  const fStartAll = scratch.int32(n + 1)
  const groupAll = scratch.int32(n, false)
  const stockGroup = p.stockGroup
  // An item's protected units make a second entry of the facility, dearer by its surcharge.
  const protectedUnits = p.protectedUnits
  const protectedCost = p.protectedCost
  const split = protectedUnits === undefined ? 1 : 2
  const eItemAll = scratch.int32(n * items * split, false)
  const eSupplyAll = scratch.int32(n * items * split, false)
  const eCostAll = scratch.float64(n * items * split, false)
  const eFacAll = scratch.int32(n * items * split, false)
  let m = 0
  let nnz = 0
  const forcedAll: number[] = []
  let fixedSum = 0
  let maxFixed = 0
  let valueSum = 0
  for (let k = 0; k < n; k++) {
    const capK = capacity[k]!
    if (!(capK >= 1)) continue
    const isForced = forceOpen.has(k)
    const first = nnz
    const row = k * items
    let units = 0
    for (let s = 0; s < items; s++) {
      const total = supply[row + s]!
      if (!(total > 0)) continue
      const q = demand[s]!
      if (q === 0) continue
      const prot = protectedUnits === undefined ? 0 : Math.min(total, Math.max(0, protectedUnits[row + s]!))
      for (let part = 0, parts = prot > 0 ? 2 : 1; part < parts; part++) {
        // Part 0: the units before the protected ones, at c; part 1: the protected ones.
        const a = part === 0 ? total - prot : prot
        if (!(a > 0)) continue
        const c = unitCost[row + s]! + (part === 0 ? 0 : protectedCost?.[k] ?? 0)
        let useful = a < capK ? a : capK
        if (q < useful) useful = q
        if (!isForced && !serveAll) {
          // More units than those whose penalty exceeds c never pay.
          if (!(c < topPen[s]!)) continue
          let worth = 0
          for (let i = tierStart[s]!; i < tierStart[s + 1]! && c < tierRealPen[i]!; i++) worth += tierQty[i]!
          if (worth < useful) useful = worth
        }
        eItemAll[nnz] = s
        eSupplyAll[nnz] = useful
        eCostAll[nnz] = c
        eFacAll[nnz] = m
        valueSum += c * useful
        units += useful
        nnz++
      }
    }
    if (nnz === first) continue
    if (isForced) forcedAll.push(m)
    const f = fixedCost[k]!
    const g = stockGroup?.[k] ?? -1
    groupAll[m] = g >= 0 ? g : -1
    origAll[m] = k
    fixedAll[m] = f
    capAll[m] = capK
    capBindsAll[m] = units > capK ? 1 : 0
    fixedSum += f
    if (f > maxFixed) maxFixed = f
    m++
    fStartAll[m] = nnz
  }
  // maxOpen ≥ 1 by contract; anything below 1 (or NaN) opens nothing, anything above m is m.
  meter.spent += n * (items + 1) + tierCount
  const maxOpen = p.maxOpen >= 1 ? Math.min(Math.floor(p.maxOpen), m) : 0
  const feasible = !wantsForced || (forcedAll.length === forceOpen.size && maxOpen >= forcedAll.length)
  const forcedSet = Int32Array.from(forcedAll)
  const isForced = new Uint8Array(m)
  for (const j of forcedAll) isForced[j] = 1
  const forced = forcedAll.length === 1 ? (forcedAll[0] as number) : -1
  const orig = origAll.subarray(0, m)
  const fixed = fixedAll.subarray(0, m)
  const cap = capAll.subarray(0, m)
  const capBinds = capBindsAll.subarray(0, m)
  const fStart = fStartAll.subarray(0, m + 1)
  const eItem = eItemAll.subarray(0, nnz)
  const eSupply = eSupplyAll.subarray(0, nnz)
  const eCost = eCostAll.subarray(0, nnz)
  const eFac = eFacAll.subarray(0, nnz)
  const group = groupAll.subarray(0, m)

  // Shared stock: two candidates of one group. Their caps are their raw supplies (within the
  // demand), not the useful units above, which a capacity may have cut.
  let grouped = false
  for (let j = 1; j < m && !grouped; j++) {
    if (group[j]! < 0) continue
    for (let i = 0; i < j; i++) if (group[i] === group[j]) grouped = true
  }
  const groupCap = scratch.int32(grouped ? m * items : 0, false)
  if (grouped) {
    for (let j = 0; j < m; j++) {
      const row = orig[j]! * items
      for (let s = 0; s < items; s++) {
        const a = supply[row + s]!
        const q = demand[s]!
        groupCap[j * items + s] = a > 0 ? (a < q ? a : q) : 0
      }
    }
    meter.spent += m * items
  }

  // Item-major entry lists, in candidate order. (Sorting them by cost would let scans stop
  // early, but realistic unit costs are far below the prices the bound works with, so the
  // scans rarely could, and the sort would cost more than it saves.)
  const iStart = scratch.int32(items + 1)
  for (let e = 0; e < nnz; e++) iStart[eItem[e]! + 1] = iStart[eItem[e]! + 1]! + 1
  for (let s = 0; s < items; s++) iStart[s + 1] = iStart[s + 1]! + iStart[s]!
  let stride = 0
  for (let s = 0; s < items; s++) stride = Math.max(stride, iStart[s + 1]! - iStart[s]!)
  const iEntry = scratch.int32(nnz)
  const fill = scratch.int32(items)
  fill.set(iStart.subarray(0, items))
  for (let e = 0; e < nnz; e++) {
    const s = eItem[e]!
    iEntry[fill[s]!] = e
    fill[s] = fill[s]! + 1
  }

  // All-or-nothing: the search charges a penalty no plan can beat by leaving a unit out, so
  // it serves everything it can; plans that still leave units out are worth nothing.
  const prohibitive = 1 + fixedSum + valueSum
  const tierPen = serveAll ? scratch.float64(tierCount, false).fill(prohibitive) : tierRealPen
  const priceCap = scratch.float64(items)
  for (let s = 0; s < items; s++) priceCap[s] = serveAll ? prohibitive : topPen[s]!
  const tierTail = scratch.float64(tierCount + 1)
  for (let s = 0; s < items; s++) {
    let tail = 0
    for (let i = tierStart[s + 1]! - 1; i >= tierStart[s]!; i--) {
      tail += tierQty[i]! * tierPen[i]!
      tierTail[i] = tail
    }
  }

  // The bound sums O(entries) terms: demand at prices ≤ priceCap, facility values ≤ their
  // units at priceCap, fixed costs, λ·r ≤ (slots) × the largest value. Its rounding error is
  // at most (terms) × 2^-53 × Σ|terms|; allow for that with a wide margin.
  let worth = 0
  for (let s = 0; s < items; s++) worth += demand[s]! * priceCap[s]!
  for (let e = 0; e < nnz; e++) worth += eSupply[e]! * priceCap[eItem[e]!]!
  const scale = worth * (2 + maxOpen) + (maxFixed + fixedSum) * (2 + maxOpen) + valueSum
  const tolerance = scale * (nnz + m + tierCount + 16) * 1e-15 + 1e-9

  // The floor: per item, its cheapest rate among the facilities that supply it (the entries
  // dropped above only ever cost at least their tiers' penalties).
  const cheapest = scratch.float64(items, false).fill(Infinity)
  for (let e = 0; e < nnz; e++) {
    const s = eItem[e]!
    if (eCost[e]! < cheapest[s]!) cheapest[s] = eCost[e]!
  }
  let floor = 0
  for (let s = 0; s < items; s++) {
    for (let i = tierStart[s]!; i < tierStart[s + 1]!; i++) floor += tierQty[i]! * Math.min(tierRealPen[i]!, cheapest[s]!)
  }
  for (let j = 0; j < m; j++) if (fixed[j]! < 0) floor += fixed[j]!
  meter.spent += nnz + m

  return {
    problem: p,
    items,
    demand,
    tierStart,
    tierOrder,
    tierQty,
    tierPen,
    priceCap,
    tierTail,
    tierRealPen,
    m,
    orig,
    fixed,
    cap,
    capBinds,
    stride,
    fStart,
    eItem,
    eFac,
    eSupply,
    eCost,
    iStart,
    iEntry,
    group,
    groupCap,
    grouped,
    forced,
    forcedSet,
    isForced,
    serveAll,
    nothingCost,
    maxOpen,
    maxDemand,
    tolerance,
    feasible,
    floor,
    meter,
  }
}
