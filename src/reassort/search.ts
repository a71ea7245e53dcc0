/**
 * The exact search over lanes. Each lane (sender → receiver) is open (it carries at least
 * `minUnitsPerLane` units and pays its fixed cost), closed, or free. A search node's bound is
 * the optimum of the relaxation in which free lanes pay no fixed cost but a per-unit share of
 * it (⌊fixed / most units the lane can carry⌋, the LP relaxation's smallest charge), open
 * lanes pay theirs, closed lanes carry nothing, lane minimums are dropped (or priced by
 * Lagrangian multipliers) and, once `maxLanes` lanes are open, free lanes close. For fixed
 * lane states each SKU is an independent concave transportation problem solved exactly
 * (./flow.ts), so a node's bound is exact for its relaxation and a child re-solves only the
 * SKUs its lane touches. Best bound first; ties by creation order.
 *
 * @internal
 */
import type { WorkMeter } from '../routing/optimiser/meter.js'
import { solveSkuFlow, valueGainOf, type SkuFlow } from './flow.js'
import type { RebalanceInstance } from './instance.js'

const FREE = 0
const OPEN = 1
const CLOSED = 2

/** A solution: units per arc of every SKU, and its objective (gain − cost, micro-units). */
export interface LaneSolution {
  readonly units: readonly Int32Array[]
  readonly objective: number
}

/** What the search found: the best solution, and the best bound on any solution. */
export interface SearchResult {
  readonly best: LaneSolution
  /** An upper bound on every solution's objective (≥ best.objective). */
  readonly bound: number
  readonly proven: boolean
  /** False when a flow solve ran out of budget: `bound` is then no bound at all. */
  readonly boundValid: boolean
}

interface SearchNode {
  readonly status: Int8Array
  readonly lambda: Float64Array
  readonly flows: readonly SkuFlow[]
  readonly bound: number
  readonly seq: number
}

/** The objective of flows taken as a solution: every lane that carries a unit pays its fixed cost. */
export const objectiveOf = (inst: RebalanceInstance, units: readonly Int32Array[]): { readonly objective: number; readonly laneUnits: Float64Array } => {
  const laneUnits = new Float64Array(inst.lanes.length)
  let objective = 0
  inst.skus.forEach((p, s) => {
    const x = units[s] as Int32Array
    const k = [...p.stock]
    for (let a = 0; a < p.arcs.length; a++) {
      const q = x[a] as number
      if (q === 0) continue
      const arc = p.arcs[a] as (typeof p.arcs)[number]
      const lane = inst.lanes[arc.lane] as (typeof inst.lanes)[number]
      laneUnits[arc.lane] = (laneUnits[arc.lane] as number) + q
      objective -= q * lane.unit
      k[arc.from] = (k[arc.from] as number) - q
      k[arc.to] = (k[arc.to] as number) + q
    }
    objective += valueGain(inst, s, k)
  })
  for (let l = 0; l < inst.lanes.length; l++) if ((laneUnits[l] as number) > 0) objective -= (inst.lanes[l] as (typeof inst.lanes)[number]).fixed
  return { objective, laneUnits }
}

const valueGain = (inst: RebalanceInstance, s: number, k: readonly number[]): number => valueGainOf(inst.skus[s] as (typeof inst.skus)[number], k)

/** True when a solution's lanes respect `maxLanes` and `minUnitsPerLane`. */
const feasible = (inst: RebalanceInstance, laneUnits: Float64Array): boolean => {
  let used = 0
  for (let l = 0; l < laneUnits.length; l++) {
    const u = laneUnits[l] as number
    if (u === 0) continue
    used++
    if (u < inst.minUnitsPerLane) return false
  }
  return used <= inst.maxLanes
}

/**
 * Branch and bound on the lanes of `inst` (arcs laid), starting from `incumbent`. Stops when
 * every node is settled (`proven`) or the meter runs out (`bounded`, with the best open bound).
 */
export const searchLanes = (inst: RebalanceInstance, incumbent: LaneSolution, meter: WorkMeter): SearchResult => {
  const L = inst.lanes.length
  const m = inst.minUnitsPerLane
  // Most units each lane could carry, for the relaxation's per-unit share of its fixed cost.
  const reach = new Float64Array(L)
  const skusOfLane: number[][] = Array.from({ length: L }, () => [])
  inst.skus.forEach((p, s) => {
    const seen = new Set<number>()
    for (const arc of p.arcs) {
      reach[arc.lane] = (reach[arc.lane] as number) + (p.stock[arc.from] as number)
      if (!seen.has(arc.lane)) {
        seen.add(arc.lane)
        ;(skusOfLane[arc.lane] as number[]).push(s)
      }
    }
  })
  const share = new Float64Array(L)
  for (let l = 0; l < L; l++) share[l] = (reach[l] as number) > 0 ? Math.floor((inst.lanes[l] as (typeof inst.lanes)[number]).fixed / (reach[l] as number)) : 0

  let best = incumbent
  let complete = true
  const offer = (units: readonly Int32Array[]): void => {
    const { objective, laneUnits } = objectiveOf(inst, units)
    if (objective > best.objective && feasible(inst, laneUnits)) best = { units: units.map((u) => Int32Array.from(u)), objective }
  }

  const effectiveStatus = (status: Int8Array): Int8Array => {
    let open = 0
    for (let l = 0; l < L; l++) if (status[l] === OPEN) open++
    if (open < inst.maxLanes) return status
    const s = Int8Array.from(status)
    for (let l = 0; l < L; l++) if (s[l] === FREE) s[l] = CLOSED
    return s
  }

  const solveSku = (s: number, status: Int8Array, lambda: Float64Array, start?: Int32Array): SkuFlow => {
    const p = inst.skus[s] as (typeof inst.skus)[number]
    const cost = new Float64Array(p.arcs.length)
    for (let a = 0; a < p.arcs.length; a++) {
      const l = (p.arcs[a] as (typeof p.arcs)[number]).lane
      const st = status[l]
      const unit = (inst.lanes[l] as (typeof inst.lanes)[number]).unit
      cost[a] = st === CLOSED ? Number.NaN : st === FREE ? unit + (share[l] as number) : unit - (lambda[l] as number)
    }
    const flow = solveSkuFlow(p, cost, meter, start)
    if (!flow.complete) complete = false
    return flow
  }

  /** Bound of a node whose flows are `flows`: their relaxed objective, less open lanes' fixed costs and minimums' multipliers. */
  const boundOf = (status: Int8Array, lambda: Float64Array, flows: readonly SkuFlow[]): number => {
    let b = 0
    for (const f of flows) b += f.valueGain - f.arcCost
    for (let l = 0; l < L; l++) if (status[l] === OPEN) b -= (inst.lanes[l] as (typeof inst.lanes)[number]).fixed + (lambda[l] as number) * m
    return b
  }

  const laneUnitsOf = (flows: readonly SkuFlow[]): Float64Array => {
    const u = new Float64Array(L)
    inst.skus.forEach((p, s) => {
      const x = (flows[s] as SkuFlow).units
      for (let a = 0; a < p.arcs.length; a++) { const l = (p.arcs[a] as (typeof p.arcs)[number]).lane; u[l] = (u[l] as number) + (x[a] as number) }
    })
    return u
  }

  let seq = 0
  const queue: SearchNode[] = []
  const push = (node: SearchNode): void => {
    // Binary insertion keeps the queue sorted by (bound desc, seq asc); the best is last.
    let lo = 0
    let hi = queue.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const q = queue[mid] as SearchNode
      if (q.bound < node.bound || (q.bound === node.bound && q.seq > node.seq)) lo = mid + 1
      else hi = mid
    }
    queue.splice(lo, 0, node)
  }

  const makeNode = (status: Int8Array, lambda: Float64Array, parent: readonly SkuFlow[] | undefined, changed: readonly number[]): SearchNode => {
    const eff = effectiveStatus(status)
    let flows: SkuFlow[]
    if (parent === undefined) flows = inst.skus.map((_, s) => solveSku(s, eff, lambda))
    else {
      const redo = new Set<number>()
      const lanes = eff === status ? changed : [...changed, ...Array.from({ length: L }, (_, l) => l).filter((l) => status[l] === FREE)]
      for (const l of lanes) for (const s of skusOfLane[l] as number[]) redo.add(s)
      flows = parent.map((f, s) => (redo.has(s) ? solveSku(s, eff, lambda) : f))
    }
    const node = { status: eff, lambda, flows, bound: boundOf(eff, lambda, flows), seq: seq++ }
    offer(flows.map((f) => f.units))
    return node
  }

  const unresolved: number[] = []
  if (L > 0 && inst.maxLanes > 0) push(makeNode(new Int8Array(L), new Float64Array(L), undefined, []))
  while (queue.length > 0 && complete && meter.spent < meter.limit) {
    const node = queue.pop() as SearchNode
    if (node.bound <= best.objective) continue
    let current = node
    let bound = node.bound
    // Lagrangian steps while every lane with flow is open but some open lane is short of its minimum.
    for (let iter = 0; ; iter++) {
      const units = laneUnitsOf(current.flows)
      let branch = -1
      for (let l = 0; l < L; l++) {
        if (current.status[l] !== FREE || (units[l] as number) === 0) continue
        if (branch < 0 || (units[l] as number) > (units[branch] as number)) branch = l
      }
      if (branch >= 0) {
        const opened = Int8Array.from(current.status)
        opened[branch] = OPEN
        const closed = Int8Array.from(current.status)
        closed[branch] = CLOSED
        for (const child of [makeNode(opened, current.lambda, current.flows, [branch]), makeNode(closed, current.lambda, current.flows, [branch])]) {
          const b = Math.min(child.bound, bound)
          if (b > best.objective) push(b === child.bound ? child : { ...child, bound: b })
        }
        break
      }
      // Every lane with flow is open: the node is settled once its bound falls to the best
      // solution (a Lagrangian solution that meets the minimums with complementary slackness
      // is itself offered as a solution at its bound).
      if (bound <= best.objective) break
      let norm = 0
      const g = new Float64Array(L)
      for (let l = 0; l < L; l++) {
        if (current.status[l] !== OPEN) continue
        const gl = (units[l] as number) - m
        if (gl < 0 || (current.lambda[l] as number) > 0) {
          g[l] = gl
          norm += gl * gl
        }
      }
      if (norm === 0 || iter >= 40 || meter.spent >= meter.limit) {
        unresolved.push(bound)
        break
      }
      const step = Math.max(1, (current.bound - best.objective) / Math.max(1, norm))
      const lambda = Float64Array.from(current.lambda)
      const changed: number[] = []
      for (let l = 0; l < L; l++) {
        if (g[l] === 0 && (current.lambda[l] as number) === 0) continue
        const next = Math.max(0, Math.round((current.lambda[l] as number) - step * (g[l] as number)))
        if (next !== lambda[l]) {
          lambda[l] = next
          changed.push(l)
        }
      }
      if (changed.length === 0) {
        unresolved.push(bound)
        break
      }
      current = makeNode(current.status, lambda, current.flows, changed)
      bound = Math.min(bound, current.bound)
    }
  }
  const open = queue.reduce((b, q) => Math.max(b, q.bound), Number.NEGATIVE_INFINITY)
  const left = Math.max(open, ...unresolved)
  const proven = complete && left <= best.objective
  return { best, bound: proven ? best.objective : Math.max(best.objective, left), proven, boundValid: complete }
}
