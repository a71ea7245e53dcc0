/**
 * Turns a facility problem into the compact form the search works on: only facilities that
 * can help (candidates, renumbered in index order so that candidate order is tie order), each
 * with the items it can usefully serve and how many units of each.
 *
 * @internal
 */
import type { FacilityProblem } from './types.js'

/** The search's view of a problem. All arrays are owned by the solve that built them. */
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
  /** Useful units of the candidate over all items (its supply capped by its capacity). */
  readonly reach: Int32Array
  /** Entries of candidate j are fStart[j] .. fStart[j+1]-1, by item. */
  readonly fStart: Int32Array
  readonly eItem: Int32Array
  /** Candidate owning each entry. */
  readonly eFac: Int32Array
  /** Useful units: min(supply, capacity, units whose penalty exceeds the unit cost). */
  readonly eSupply: Int32Array
  readonly eCost: Float64Array
  /** Entries of item s are iStart[s] .. iStart[s+1]-1 (indexes into the entry arrays), by cost then candidate. */
  readonly iStart: Int32Array
  readonly iEntry: Int32Array
  /** The candidate that must serve, or -1. */
  readonly forced: number
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
  /** False when forceOpen names a facility that cannot serve a unit. */
  readonly feasible: boolean
}

const at = (a: Int32Array | Float64Array, i: number): number => a[i] ?? 0

/** Builds the search's view of `p`. Never mutates `p`. */
export const prepareProblem = (p: FacilityProblem): Prepared => {
  const items = Math.max(0, p.itemCount | 0)
  const n = Math.max(0, p.facilityCount | 0)
  const tierCount = at(p.tierStart, items)

  // Tiers by penalty descending within each item (the contract says they are; this makes it so).
  const tierOrder = new Int32Array(tierCount)
  const tierQty = new Int32Array(tierCount)
  const tierRealPen = new Float64Array(tierCount)
  const demand = new Int32Array(items)
  let nothingCost = 0
  let maxDemand = 0
  for (let s = 0; s < items; s++) {
    const from = at(p.tierStart, s)
    const to = at(p.tierStart, s + 1)
    const order: number[] = []
    for (let t = from; t < to; t++) order.push(t)
    order.sort((a, b) => at(p.tierPenalty, b) - at(p.tierPenalty, a) || a - b)
    let q = 0
    for (let i = 0; i < order.length; i++) {
      const t = order[i] ?? from
      tierOrder[from + i] = t
      tierQty[from + i] = Math.max(0, at(p.tierQuantity, t))
      tierRealPen[from + i] = at(p.tierPenalty, t)
      q += tierQty[from + i] ?? 0
      nothingCost += (tierQty[from + i] ?? 0) * (tierRealPen[from + i] ?? 0)
    }
    demand[s] = q
    if (q > maxDemand) maxDemand = q
  }

  const forceOpen = p.forceOpen
  const serveAll = p.allOrNothing
  // Units of item s whose penalty exceeds cost c: more units from a facility at cost c never pay.
  const unitsWorthServing = (s: number, c: number): number => {
    if (serveAll) return at(demand, s)
    let units = 0
    for (let i = at(p.tierStart, s); i < at(p.tierStart, s + 1); i++) {
      if (c < at(tierRealPen, i)) units += at(tierQty, i)
      else break
    }
    return units
  }

  const orig: number[] = []
  const eItem: number[] = []
  const eSupply: number[] = []
  const eCost: number[] = []
  const fStartList: number[] = [0]
  let feasible = forceOpen === undefined
  let forced = -1
  for (let k = 0; k < n; k++) {
    const capK = at(p.capacity, k)
    if (capK < 1) continue
    const isForced = k === forceOpen
    const first = eItem.length
    for (let s = 0; s < items; s++) {
      const a = at(p.supply, k * items + s)
      const q = at(demand, s)
      if (a <= 0 || q <= 0) continue
      const c = at(p.unitCost, k * items + s)
      const useful = isForced ? q : unitsWorthServing(s, c)
      const units = Math.min(a, capK, q, useful)
      if (units <= 0) continue
      eItem.push(s)
      eSupply.push(units)
      eCost.push(c)
    }
    if (eItem.length === first) continue
    if (isForced) {
      forced = orig.length
      feasible = true
    }
    orig.push(k)
    fStartList.push(eItem.length)
  }
  const m = orig.length
  const nnz = eItem.length
  const fixed = new Float64Array(m)
  const cap = new Int32Array(m)
  const capBinds = new Uint8Array(m)
  const reach = new Int32Array(m)
  const fStart = Int32Array.from(fStartList)
  const eFac = new Int32Array(nnz)
  for (let j = 0; j < m; j++) {
    const k = orig[j] ?? 0
    fixed[j] = at(p.fixedCost, k)
    cap[j] = at(p.capacity, k)
    let units = 0
    for (let e = at(fStart, j); e < at(fStart, j + 1); e++) {
      units += eSupply[e] ?? 0
      eFac[e] = j
    }
    capBinds[j] = units > at(cap, j) ? 1 : 0
    reach[j] = Math.min(units, at(cap, j))
  }

  // Item-major entry lists, cheapest first, ties by candidate (= facility index) order.
  const iStart = new Int32Array(items + 1)
  for (let e = 0; e < nnz; e++) {
    const s = (eItem[e] ?? 0) + 1
    iStart[s] = at(iStart, s) + 1
  }
  for (let s = 0; s < items; s++) iStart[s + 1] = at(iStart, s + 1) + at(iStart, s)
  const fill = iStart.slice(0, items)
  const iEntry = new Int32Array(nnz)
  for (let e = 0; e < nnz; e++) {
    const s = eItem[e] ?? 0
    iEntry[at(fill, s)] = e
    fill[s] = at(fill, s) + 1
  }
  for (let s = 0; s < items; s++) {
    // Entries were appended in candidate order, so a stable sort by cost keeps index ties.
    const slice = Array.from(iEntry.subarray(at(iStart, s), at(iStart, s + 1)))
    slice.sort((a, b) => (eCost[a] ?? 0) - (eCost[b] ?? 0) || a - b)
    iEntry.set(slice, at(iStart, s))
  }

  // All-or-nothing: the search charges a penalty no plan can beat by leaving a unit out, so
  // it serves everything it can; plans that still leave units out are worth nothing.
  const tierPen = Float64Array.from(tierRealPen)
  let prohibitive = 1
  for (let j = 0; j < m; j++) prohibitive += at(fixed, j)
  for (let e = 0; e < nnz; e++) prohibitive += (eCost[e] ?? 0) * (eSupply[e] ?? 0)
  if (serveAll) tierPen.fill(prohibitive)

  // Floating-point bounds sum O(entries) products of magnitude ≤ scale; allow for the
  // rounding of every one of them, with a wide margin.
  let scale = 0
  for (let s = 0; s < items; s++) {
    let top = 0
    for (let i = at(p.tierStart, s); i < at(p.tierStart, s + 1); i++) top = Math.max(top, at(tierPen, i))
    scale += at(demand, s) * top
  }
  let perFacility = 0
  for (let j = 0; j < m; j++) perFacility = Math.max(perFacility, at(fixed, j))
  scale = scale * (2 + Math.min(p.maxOpen, m)) + perFacility * (m + 1)
  for (let e = 0; e < nnz; e++) scale += (eCost[e] ?? 0) * (eSupply[e] ?? 0)
  const tolerance = scale * (nnz + m + tierCount + 16) * 1e-15 + 1e-9

  return {
    problem: p,
    items,
    demand,
    tierStart: p.tierStart,
    tierOrder,
    tierQty,
    tierPen,
    tierRealPen,
    m,
    orig: Int32Array.from(orig),
    fixed,
    cap,
    capBinds,
    reach,
    fStart,
    eItem: Int32Array.from(eItem),
    eFac,
    eSupply: Int32Array.from(eSupply),
    eCost: Float64Array.from(eCost),
    iStart,
    iEntry,
    forced,
    serveAll,
    nothingCost,
    maxOpen: Math.max(0, Math.min(Math.floor(p.maxOpen), m)),
    maxDemand,
    tolerance,
    feasible,
  }
}
