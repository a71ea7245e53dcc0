/**
 * The `fastest` strategy: the whole order as early as possible, then the cheapest plan among
 * those ("delivery from the fastest point of sale"). Stated lexicographically over every plan
 * of every way of serving the order (direct parcels, hubs, the pickup node):
 *
 * 1. serve F* units, the most any plan can serve (F(T) is the most units a plan can serve
 *    with every ETA ≤ T; it never falls as T grows, and F* = F(∞));
 * 2. by T* = the least T with F(T) = F*: the plan's ETA is T*;
 * 3. at the least cost (the usual objective, penalties included) among the plans that serve
 *    F* units with every ETA ≤ T*; ties as for `optimal`.
 *
 * It is solved exactly with the router's own optimiser: a plan with every ETA ≤ T is a plan
 * of the instance cut at T (each facility keeps the supply instants whose ETA is ≤ T), so
 * F(T) is one solve of the cut instance with every cost 0 and every unit's penalty 1, T* a
 * binary search over the distinct ETAs of the facilities, and step 3 one solve of the cut
 * instance whose penalties are raised by more than the cost of a plan serving F* units (so
 * that no plan serving fewer can be cheaper). Every solve draws on the call's work meter;
 * the plan is `proven` only when every solve was.
 */
import { unitsCost, unitsLeft, unservedUnits, withShare, solveFacilityProblem, type FacilityProblem, type FacilitySolution, type WorkMeter } from './optimiser.js'
import { UNLIMITED, type Facility } from './facilities.js'
import type { Instance } from './instance.js'

/** The plan `fastest` chose: its instance (cut at its ETA), its solution and how sure it is. */
export interface FastestChoice {
  readonly inst: Instance
  readonly sol: FacilitySolution
  /** The instance's total (its solution's cost plus a hub's parcel when it serves). */
  readonly cost: number
  /** True when every solve of the search was proven. */
  readonly proven: boolean
  /** A proven lower bound on the cost of step 3 (equal to `cost` when proven). */
  readonly lowerBound: number
}

/**
 * The instance with only the supply instants whose ETA is at most `deadline`: a facility
 * keeps the cumulative supply of its last such instant, and none when it has none. Facility
 * indexes are kept (a facility cut entirely has no supply), so solutions of the cut instance
 * read as solutions of the whole.
 */
export const cutAt = (inst: Instance, deadline: number): Instance => {
  const p = inst.problem
  const items = p.itemCount
  let supply: Int32Array | undefined
  let capacity: Int32Array | undefined
  let facilities: Facility[] | undefined
  inst.facilities.forEach((f, k) => {
    const instants = f.instants
    if (f.etaMs <= deadline) return
    supply ??= Int32Array.from(p.supply)
    capacity ??= Int32Array.from(p.capacity)
    facilities ??= inst.facilities.slice()
    const kept = instants === undefined ? [] : instants.filter((at) => at.etaMs <= deadline)
    const last = kept[kept.length - 1]
    if (last === undefined) {
      supply.fill(0, k * items, (k + 1) * items)
      return
    }
    supply.set(last.supply, k * items)
    // As the instance builder does: a facility left with one instant sends within that
    // instant's capacity; with several, the earliest instant that carries its units.
    capacity[k] = kept.length === 1 ? last.capacity : UNLIMITED
    // Its delay per unit, if any, is the same at every instant (a node whose instants differ
    // in delay has one facility per instant), so the cut keeps it.
    facilities[k] = { ...f, later: last.later, stockAtMs: last.atMs, etaMs: last.etaMs, instants: kept }
  })
  if (supply === undefined || capacity === undefined || facilities === undefined) return inst
  return { ...inst, facilities, problem: { ...p, supply, capacity } }
}

/** Every distinct ETA a facility of `instances` can give, ascending. */
export const candidateEtas = (instances: readonly Instance[]): number[] => {
  const etas = new Set<number>()
  for (const inst of instances) {
    for (const f of inst.facilities) {
      if (f.instants === undefined) etas.add(f.etaMs)
      else for (const at of f.instants) etas.add(at.etaMs)
    }
  }
  return [...etas].sort((a, b) => a - b)
}

const demandOf = (p: FacilityProblem): number => {
  let d = 0
  for (const q of p.tierQuantity) d += q
  return d
}

/** The cost of `sol` under the prices of `p` (its flows and unserved units as they are). */
const costUnder = (p: FacilityProblem, sol: FacilitySolution): number => {
  const items = p.itemCount
  let cost = 0
  for (const k of sol.open) {
    cost += p.fixedCost[k] ?? 0
    for (let s = 0; s < items; s++) cost += unitsCost(p, k, s, sol.flow[k * items + s] ?? 0)
  }
  for (let t = 0; t < p.tierQuantity.length; t++) cost += (sol.unserved[t] ?? 0) * (p.tierPenalty[t] ?? 0)
  return cost
}

/** The units-only problem of `p`: every cost 0 (protection surcharges too), every unserved unit 1. */
const unitsProblem = (p: FacilityProblem): FacilityProblem => ({
  ...p,
  fixedCost: new Float64Array(p.facilityCount),
  unitCost: new Float64Array(p.unitCost.length),
  ...(p.protectedCost === undefined ? {} : { protectedCost: new Float64Array(p.protectedCost.length) }),
  tierPenalty: new Float64Array(p.tierPenalty.length).fill(1),
})

/** The plan of `p` that serves nothing, unproven. */
const nothingServed = (p: FacilityProblem): FacilitySolution => {
  let cost = 0
  for (let t = 0; t < p.tierQuantity.length; t++) cost += (p.tierQuantity[t] ?? 0) * (p.tierPenalty[t] ?? 0)
  return {
    open: new Int32Array(0),
    flow: new Int32Array(p.facilityCount * p.itemCount),
    unserved: Int32Array.from(p.tierQuantity),
    cost,
    lowerBound: 0,
    optimality: 'bounded',
    searchNodes: 0,
    feasible: true,
  }
}

/** One instance's most units at one deadline: a plan serving them, and whether it is proven the most. */
interface Reach {
  readonly inst: Instance
  readonly sol: FacilitySolution
  readonly served: number
}

/** Share of what is left that one units-only solve may use. */
const REACH_SHARE = 0.25
/** Share of what is left that a step-3 solve may use. */
const CHEAPEST_SHARE = 0.75

/**
 * The `fastest` plan among `instances` (every way of serving one order, built in full), or
 * undefined when there is none. See the module's documentation for the rule.
 *
 * @example fastestPlan([direct, ...hubs], meter, 50_000) // { inst, sol, cost, proven: true, … }
 */
export const fastestPlan = (
  instances: readonly Instance[],
  meter: WorkMeter,
  maxSearchNodes: number,
  totalOf: (inst: Instance, sol: FacilitySolution) => number,
  better: (a: { readonly inst: Instance; readonly sol: FacilitySolution; readonly cost: number }, b: { readonly inst: Instance; readonly sol: FacilitySolution; readonly cost: number }) => boolean,
  priced: (inst: Instance, deadline: number) => Instance = (inst) => inst,
): FastestChoice | undefined => {
  if (instances.length === 0) return undefined
  let proven = true
  const reachAt = (deadline: number): Reach[] =>
    instances.map((whole) => {
      const inst = cutAt(whole, deadline)
      if (unitsLeft(meter) === 0) {
        // No work left to solve: the plan that serves nothing stands, unproven.
        proven = false
        return { inst, sol: nothingServed(inst.problem), served: 0 }
      }
      const sol = withShare(meter, REACH_SHARE, (m) => solveFacilityProblem(unitsProblem(inst.problem), { maxSearchNodes, meter: m }))
      if (sol.optimality !== 'proven') proven = false
      return { inst, sol, served: demandOf(inst.problem) - unservedUnits(sol) }
    })
  const most = (reach: readonly Reach[]): number => reach.reduce((n, r) => Math.max(n, r.served), 0)
  const etas = candidateEtas(instances)
  // Step 1: the most units any plan serves, by any deadline.
  let reach = reachAt(Number.POSITIVE_INFINITY)
  const units = most(reach)
  // Step 2: the least candidate ETA by which some plan serves that many (the last one does).
  let deadline = Number.POSITIVE_INFINITY
  if (units > 0) {
    let lo = 0
    let hi = etas.length - 1
    while (lo < hi && unitsLeft(meter) > 0) {
      const mid = (lo + hi) >> 1
      const r = reachAt(etas[mid] as number)
      // A bounded solve that found fewer units leaves the deadline undecided: it is passed
      // over (the answer may be later than the fastest) and the plan is not proven.
      if (most(r) >= units) {
        hi = mid
        reach = r
      } else lo = mid + 1
    }
    // Undecided for want of work: the latest deadline known to serve them stands.
    if (lo < hi) proven = false
    deadline = etas[hi] as number
    // `reach` is at etas[hi]: evaluated there, or (the last ETA) the whole instances.
  }
  // Step 3: in each instance that serves that many in time, the cheapest plan that does.
  let best: { inst: Instance; sol: FacilitySolution; cost: number } | undefined
  let lowerBound = Number.POSITIVE_INFINITY
  for (const reached of reach) {
    if (reached.served < units) continue
    // Priced at the deadline (a plan handed over together pays its delay from then).
    const r = { ...reached, inst: priced(reached.inst, deadline) }
    const p = r.inst.problem
    const witness = costUnder(p, r.sol)
    const raise = witness + 1
    let bound = 0
    let found: FacilitySolution = { ...r.sol, cost: witness, lowerBound: bound, optimality: 'bounded' }
    let sum = 0
    for (let t = 0; t < p.tierQuantity.length; t++) sum += (p.tierQuantity[t] ?? 0) * ((p.tierPenalty[t] ?? 0) + raise)
    // Beyond the exact range of a double, the witness stands, with no bound but zero.
    if (sum + witness <= Number.MAX_SAFE_INTEGER && unitsLeft(meter) > 0) {
      const raised: FacilityProblem = { ...p, tierPenalty: p.tierPenalty.map((x) => x + raise) }
      const sol = withShare(meter, CHEAPEST_SHARE, (m) => solveFacilityProblem(raised, { maxSearchNodes, meter: m, incumbents: [r.sol.open] }))
      const cost = costUnder(p, sol)
      const left = demandOf(p) - units
      bound = Math.max(0, sol.lowerBound - raise * left)
      if (sol.optimality === 'proven') found = { ...sol, cost, lowerBound: cost }
      else {
        // Cut short, the search may hold a plan worse than the witness, or serving fewer.
        proven = false
        const enough = demandOf(p) - unservedUnits(sol) >= units
        found = enough && cost <= witness ? { ...sol, cost, lowerBound: Math.min(cost, bound) } : { ...found, lowerBound: Math.min(witness, bound) }
      }
    } else proven = false
    const constant = totalOf(r.inst, found) - found.cost
    lowerBound = Math.min(lowerBound, (found.optimality === 'proven' ? found.cost : bound) + constant)
    const candidate = { inst: r.inst, sol: found, cost: totalOf(r.inst, found) }
    if (best === undefined || better(candidate, best)) best = candidate
  }
  if (best === undefined) return undefined
  return { ...best, proven, lowerBound: Math.min(lowerBound, best.cost) }
}
