/**
 * The exact optimiser: which facilities serve an order, and how many units of each item each
 * one sends, at the least total cost (fixed costs of the facilities used, per-unit costs,
 * penalties for units left unfulfilled) under a limit on the number of facilities, capacities,
 * all-or-nothing service and an optional facility that must serve. It returns the MIP
 * optimum (proven by branch and bound) or, when the search budget runs out, the best plan
 * found with a proven lower bound.
 */
import { createWorkspace, evaluateSet, type Workspace } from './optimiser/assignment.js'
import { countOpenSets, enumerateOpenSets, MAX_ENUMERATED_CANDIDATES, MAX_ENUMERATED_SETS } from './optimiser/enumerate.js'
import { unlimitedMeter, type WorkMeter } from './optimiser/meter.js'
import { prepareProblem, type Prepared } from './optimiser/prepare.js'
import { searchOpenSet, type SearchResult } from './optimiser/search.js'
import type { FacilityProblem, FacilitySolution, SolveOptions } from './optimiser/types.js'

export type { FacilityProblem, FacilitySolution, SolveOptions } from './optimiser/types.js'
export { dearestUnitCost, unitsCost } from './optimiser/types.js'
export { spentOut, unitsLeft, unlimitedMeter, withShare, workMeter, type WorkMeter } from './optimiser/meter.js'

/** Search nodes a solve may use unless the caller says otherwise. */
export const DEFAULT_MAX_SEARCH_NODES = 50_000

/** Units a solution leaves unfulfilled, over every tier. */
export const unservedUnits = (sol: FacilitySolution): number => {
  let n = 0
  for (const q of sol.unserved) n += q
  return n
}

/** Maps original facility indexes to candidate indexes, ascending, without non-candidates. */
const toCandidates = (P: Prepared, open: Int32Array, withForced: boolean): Int32Array => {
  const picked: number[] = []
  const { orig } = P
  for (const k of open) {
    // orig is ascending: binary search.
    let lo = 0
    let hi = P.m - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const v = orig[mid] ?? 0
      if (v === k) {
        picked.push(mid)
        break
      }
      if (v < k) lo = mid + 1
      else hi = mid - 1
    }
  }
  if (withForced) picked.push(...P.forcedSet)
  picked.sort((a, b) => a - b)
  return Int32Array.from(picked.filter((j, i) => i === 0 || picked[i - 1] !== j))
}

/** The plan in the problem's own indexing, from the last evaluation in `W`. */
const planFrom = (
  P: Prepared,
  W: Workspace,
  search: { readonly lowerBound: number; readonly proven: boolean; readonly nodes: number },
): FacilitySolution => {
  const p = P.problem
  const items = P.items
  const flow = new Int32Array(Math.max(0, p.facilityCount) * items)
  const open = new Int32Array(W.usedCount)
  let cost = 0
  for (let i = 0; i < W.usedCount; i++) {
    const j = W.used[i] ?? 0
    const k = P.orig[j] ?? 0
    open[i] = k
    cost += p.fixedCost[k] ?? 0
    for (let e = P.fStart[j] ?? 0; e < (P.fStart[j + 1] ?? 0); e++) {
      const x = W.flowE[e] ?? 0
      const at = k * items + (P.eItem[e] ?? 0)
      flow[at] = (flow[at] ?? 0) + x
      cost += x * (P.eCost[e] ?? 0)
    }
  }
  const unserved = new Int32Array(p.tierQuantity.length)
  for (let pos = 0; pos < P.tierOrder.length; pos++) {
    const t = P.tierOrder[pos] ?? 0
    const u = W.unserved[pos] ?? 0
    unserved[t] = u
    cost += u * (p.tierPenalty[t] ?? 0)
  }
  return {
    open,
    flow,
    unserved,
    cost,
    lowerBound: search.proven ? cost : Math.min(cost, search.lowerBound),
    optimality: search.proven ? 'proven' : 'bounded',
    searchNodes: search.nodes,
    feasible: true,
  }
}

/**
 * The plan that serves nothing, marked infeasible: forceOpen cannot be honoured.
 *
 * @internal
 */
export const infeasiblePlan = (p: FacilityProblem, nodes: number): FacilitySolution => {
  let cost = 0
  for (let t = 0; t < p.tierQuantity.length; t++) cost += (p.tierQuantity[t] ?? 0) * (p.tierPenalty[t] ?? 0)
  return {
    open: new Int32Array(0),
    flow: new Int32Array(Math.max(0, p.facilityCount) * Math.max(0, p.itemCount)),
    unserved: Int32Array.from(p.tierQuantity),
    cost,
    lowerBound: cost,
    optimality: 'proven',
    searchNodes: nodes,
    feasible: false,
  }
}

/**
 * Solves a facility problem exactly: the least-cost plan, with ties broken towards fewer
 * facilities and then the lexicographically smallest list of facility indexes, so the same
 * input always gives the same plan. When `maxSearchNodes` or the work `meter` runs out first,
 * the best plan found (at worst the best of `incumbents` and a greedy construction) comes
 * back with `optimality: 'bounded'` and a proven `lowerBound`. When `forceOpen` names a
 * facility that cannot serve a unit (or cannot, with all-or-nothing, be part of a plan that
 * serves everything), the result has `feasible: false` and serves nothing.
 *
 * @example
 * const plan = solveFacilityProblem(problem, { incumbents: [baseline.open] })
 * plan.optimality // 'proven'
 */
export const solveFacilityProblem = (p: FacilityProblem, o: SolveOptions = {}): FacilitySolution => {
  const meter = o.meter ?? unlimitedMeter(o.scratch)
  meter.scratch.begin()
  const P = prepareProblem(p, meter)
  if (!P.feasible) return infeasiblePlan(p, 0)
  const budget = Math.max(1, Math.floor(o.maxSearchNodes ?? DEFAULT_MAX_SEARCH_NODES))
  const W = createWorkspace(P)
  // Few sets (or few candidates, and fixed costs that rule most sets out): evaluating them is
  // cheaper than branch and bound's set-up, and exact. Seeds cannot change the answer, only
  // how fast the search finds it.
  const evaluations = Math.min(budget, MAX_ENUMERATED_SETS)
  let result: SearchResult | null = null
  if (P.m <= MAX_ENUMERATED_CANDIDATES || countOpenSets(P, evaluations) <= evaluations) {
    result = enumerateOpenSets(P, W, evaluations)
  }
  if (result === null) {
    const seeds = (o.incumbents ?? []).map((open) => toCandidates(P, open, true))
    result = searchOpenSet(P, budget, seeds)
  }
  // Nothing feasible found: proven only when the search was complete.
  if (result.set === null) return result.proven ? infeasiblePlan(p, result.nodes) : { ...infeasiblePlan(p, result.nodes), optimality: 'bounded', lowerBound: result.lowerBound }
  // Settle on the facilities the assignment really uses (evaluating that set again is then a
  // fixed point, which is what evaluateOpenSet(p, plan.open) reproduces).
  let set = result.set
  evaluateSet(P, W, set, set.length)
  while (W.usedCount < set.length) {
    set = W.used.slice(0, W.usedCount)
    evaluateSet(P, W, set, set.length)
  }
  return planFrom(P, W, result)
}

/**
 * The exact best assignment when exactly the facilities in `open` may serve (baselines and
 * explanations): units go cheapest first to the highest-penalty lines while that saves money,
 * through a min-cost flow when capacities bind. `open` in the result lists the facilities
 * that end up serving. With `forceOpen` set, that facility must be in `open` and serve.
 *
 * @example
 * evaluateOpenSet(problem, Int32Array.of(0, 3)).cost
 */
export const evaluateOpenSet = (p: FacilityProblem, open: Int32Array, meter: WorkMeter = unlimitedMeter()): FacilitySolution => {
  meter.scratch.begin()
  const P = prepareProblem(p, meter)
  if (!P.feasible || P.forcedSet.some((j) => !open.includes(P.orig[j] as number))) return infeasiblePlan(p, 0)
  const W = createWorkspace(P)
  const set = toCandidates(P, open, false)
  const cost = evaluateSet(P, W, set, set.length)
  if (cost === Infinity) return infeasiblePlan(p, 0)
  return planFrom(P, W, { lowerBound: 0, proven: false, nodes: 0 })
}
