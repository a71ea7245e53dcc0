/**
 * Brute force for tiny facility problems: every open set within the slot limit, each with an
 * independent min-cost-flow assignment (one unit per augmentation), every member charged its
 * fixed cost as in the MIP. Shared stock (`stockGroup`) is written as the MIP states it: for
 * every member q of a group, what q and the group's earlier open members send of an item
 * together is at most q's supply of it — here an arc per (group, item, open member) from a
 * node per member to the next, the last to the item. Protected units (the last of a supply)
 * go on a second arc, dearer by the facility's surcharge. Returns the optimum under the tie rule (cost, then fewest
 * facilities, then the lexicographically smallest list).
 */
import type { FacilityProblem } from '../../../src/routing/optimiser.js'

interface Arc {
  readonly from: number
  readonly to: number
  cap: number
  readonly cost: number
  readonly rev: number
}

/** Min-cost flow cost of serving as much as pays; Infinity when `mustServeAll` fails. */
const assignmentCost = (
  p: FacilityProblem,
  open: readonly number[],
  supplyOf: (k: number, s: number) => number,
  capOf: (k: number) => number,
  quantityOf: (t: number) => number,
  mustServeAll: boolean,
  sharedOf: (k: number, s: number) => number = (k, s) => Math.max(0, p.supply[k * p.itemCount + s] ?? 0),
): number => {
  const items = p.itemCount
  const tiers = p.tierQuantity.length
  const big = 1e15
  const groupOf = (k: number): number => p.stockGroup?.[k] ?? -1
  const chainBase = 2 + open.length + items + tiers
  const nodes = chainBase + open.length * items
  const source = 0
  const sink = 1 + open.length + items + tiers
  const arcs: Arc[] = []
  const out: number[][] = Array.from({ length: nodes }, () => [])
  const add = (from: number, to: number, cap: number, cost: number): void => {
    out[from]?.push(arcs.length)
    arcs.push({ from, to, cap, cost, rev: arcs.length + 1 })
    out[to]?.push(arcs.length)
    arcs.push({ from: to, to: from, cap: 0, cost: -cost, rev: arcs.length - 1 })
  }
  open.forEach((k, i) => {
    add(source, 1 + i, capOf(k), 0)
    const g = groupOf(k)
    // The next open member of k's group, if any.
    const next = g < 0 ? -1 : open.findIndex((q, at) => at > i && groupOf(q) === g)
    for (let s = 0; s < items; s++) {
      const a = supplyOf(k, s)
      const item = 1 + open.length + s
      const here = g < 0 ? item : chainBase + i * items + s
      // Protected units: the last of the supply, on a second arc dearer by the surcharge.
      const prot = Math.min(a, Math.max(0, p.protectedUnits?.[k * items + s] ?? 0))
      const c = p.unitCost[k * items + s] ?? 0
      if (a - prot > 0) add(1 + i, here, a - prot, c)
      if (prot > 0) add(1 + i, here, prot, c + (p.protectedCost?.[k] ?? 0))
      if (g < 0) continue
      add(here, next < 0 ? item : chainBase + next * items + s, sharedOf(k, s), 0)
    }
  })
  let cost = 0
  let demand = 0
  for (let s = 0; s < items; s++) {
    for (let t = p.tierStart[s] ?? 0; t < (p.tierStart[s + 1] ?? 0); t++) {
      const q = quantityOf(t)
      const pen = p.tierPenalty[t] ?? 0
      demand += q
      cost += q * pen
      add(1 + open.length + s, 1 + open.length + items + t, q, mustServeAll ? -big : -pen)
      add(1 + open.length + items + t, sink, q, 0)
    }
  }
  let served = 0
  for (;;) {
    const dist = new Array<number>(nodes).fill(Infinity)
    const via = new Array<number>(nodes).fill(-1)
    dist[source] = 0
    for (let round = 0; round < nodes; round++) {
      let changed = false
      arcs.forEach((a, i) => {
        if (a.cap > 0 && (dist[a.from] ?? Infinity) + a.cost < (dist[a.to] ?? Infinity)) {
          dist[a.to] = (dist[a.from] ?? 0) + a.cost
          via[a.to] = i
          changed = true
        }
      })
      if (!changed) break
    }
    if (!((dist[sink] ?? Infinity) < 0)) break
    for (let v = sink; v !== source; ) {
      const a = arcs[via[v] ?? 0] as Arc
      a.cap -= 1
      ;(arcs[a.rev] as Arc).cap += 1
      v = a.from
    }
    served++
    // Path cost with the real penalty.
    cost += (dist[sink] ?? 0) + (mustServeAll ? big - 0 : 0)
  }
  if (mustServeAll) {
    if (served < demand) return Infinity
    // Recompute: with -big tier arcs, each unit's path cost was c - big; cost added big back,
    // and the start charged real penalties, which serving every unit removes.
    let penalties = 0
    for (let t = 0; t < tiers; t++) penalties += quantityOf(t) * (p.tierPenalty[t] ?? 0)
    return cost - penalties
  }
  return cost
}

/** The facilities `p` forces open (one or several), in index order. */
export const forcedOf = (p: FacilityProblem): number[] =>
  p.forceOpen === undefined ? [] : [...new Set(typeof p.forceOpen === 'number' ? [p.forceOpen] : p.forceOpen)].sort((a, b) => a - b)

const bestAssignment = (p: FacilityProblem, open: readonly number[], mustServeAll: boolean): number => {
  const items = p.itemCount
  const forced = forcedOf(p)
  const capOf0 = (k: number): number => p.capacity[k] ?? 0
  if (forced.some((f) => !open.includes(f) || capOf0(f) < 1)) return Infinity
  /**
   * Each forced facility left serves one unit first: every (item, tier) tried for it, what
   * it takes out of the supplies, capacities, tiers and shared stock passed on.
   */
  const serveFirst = (
    at: number,
    supplyOf: (k: number, s: number) => number,
    capOf: (k: number) => number,
    quantityOf: (t: number) => number,
    sharedOf: (k: number, s: number) => number,
  ): number => {
    if (at === forced.length) return assignmentCost(p, open, supplyOf, capOf, quantityOf, mustServeAll, sharedOf)
    const f = forced[at] as number
    if (capOf(f) < 1) return Infinity
    let best = Infinity
    for (let s = 0; s < items; s++) {
      if (supplyOf(f, s) < 1 || sharedOf(f, s) < 1) continue
      for (let t = p.tierStart[s] ?? 0; t < (p.tierStart[s + 1] ?? 0); t++) {
        if (quantityOf(t) < 1) continue
        const c = serveFirst(
          at + 1,
          (k, i) => supplyOf(k, i) - (k === f && i === s ? 1 : 0),
          (k) => capOf(k) - (k === f ? 1 : 0),
          (u) => quantityOf(u) - (u === t ? 1 : 0),
          // The forced unit also counts against its group's shared stock, at f and after it.
          (k, i) => Math.max(0, sharedOf(k, i) - (i === s && k >= f && (p.stockGroup?.[k] ?? -1) >= 0 && p.stockGroup?.[k] === p.stockGroup?.[f] ? 1 : 0)),
        )
        // The forced unit is the facility's cheapest of the item: protected only when all are.
        const whole = p.supply[f * items + s] ?? 0
        const protectedAll = Math.min(whole, Math.max(0, p.protectedUnits?.[f * items + s] ?? 0)) === whole
        best = Math.min(best, c + (p.unitCost[f * items + s] ?? 0) + (protectedAll ? (p.protectedCost?.[f] ?? 0) : 0))
      }
    }
    return best
  }
  return serveFirst(
    0,
    (k, s) => p.supply[k * items + s] ?? 0,
    capOf0,
    (t) => p.tierQuantity[t] ?? 0,
    (k, s) => Math.max(0, p.supply[k * items + s] ?? 0),
  )
}

export interface BruteResult {
  readonly cost: number
  readonly open: readonly number[]
  readonly feasible: boolean
}

/** The optimum of a tiny problem (facilityCount ≤ 12) by enumeration. */
export const bruteForce = (p: FacilityProblem): BruteResult => {
  const n = p.facilityCount
  let nothing = 0
  for (let t = 0; t < p.tierQuantity.length; t++) nothing += (p.tierQuantity[t] ?? 0) * (p.tierPenalty[t] ?? 0)
  let best: BruteResult = { cost: Infinity, open: [], feasible: false }
  const consider = (cost: number, open: number[]): void => {
    if (cost === Infinity) return
    const better =
      cost < best.cost ||
      (cost === best.cost &&
        (open.length < best.open.length ||
          (open.length === best.open.length && open.join(',') !== best.open.join(',') && lexLess(open, best.open))))
    if (better) best = { cost, open, feasible: true }
  }
  for (let mask = 0; mask < 1 << n; mask++) {
    const open: number[] = []
    for (let k = 0; k < n; k++) if (mask & (1 << k)) open.push(k)
    if (open.length > p.maxOpen) continue
    if (forcedOf(p).some((f) => !open.includes(f))) continue
    let fixed = 0
    for (const k of open) fixed += p.fixedCost[k] ?? 0
    if (p.allOrNothing) {
      if (open.length === 0) consider(nothing, open)
      else consider(fixed + bestAssignment(p, open, true), open)
    } else {
      consider(fixed + bestAssignment(p, open, false), open)
    }
  }
  if (!best.feasible) return { cost: nothing, open: [], feasible: false }
  return best
}

const lexLess = (a: readonly number[], b: readonly number[]): boolean => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0)
  }
  return a.length < b.length
}
