/**
 * One SKU's transfers for given arc costs, exactly: a min-cost flow whose value at each node
 * is concave in the units it ends with. Node `i` is split into a source (its own movable
 * units, which it keeps or sends once) and a shelf (what it ends with); each shelf pays
 * −value(j) for its j-th unit into a sink. Starting from "everyone keeps everything", every
 * negative cycle of the residual graph (found by Bellman–Ford) is cancelled one unit at a
 * time; with no negative cycle left the flow is optimal (the unit values are non-increasing,
 * so the sink's costs are convex).
 *
 * @internal
 */
import type { WorkMeter } from '../routing/optimiser/meter.js'
import { unitValue, type SkuProblem } from './instance.js'

/** The flow of one SKU: units per arc, and what it is worth. */
export interface SkuFlow {
  /** Units on each arc of the problem (`p.arcs` order). */
  readonly units: Int32Array
  /** Value after − value before, over the SKU's nodes (micro-units). */
  readonly valueGain: number
  /** Σ units × the arc cost the solve was given. */
  readonly arcCost: number
  /** False when the meter ran out before the flow was proven optimal. */
  readonly complete: boolean
  /**
   * A price per local node between the values of its last unit and its next one: the
   * residual graph's shortest-path potentials when the flow is optimal (then the Lagrangian
   * bound of ./greedy.ts at these prices equals the flow's value).
   */
  readonly prices: Float64Array
}

/** A vertex on a cycle of the parent edges (`parent[v]` is the edge into v), or −1. */
const cycleInParents = (parent: Int32Array, from: readonly number[], V: number): number => {
  const mark = new Int32Array(V).fill(-1)
  for (let s = 0; s < V; s++) {
    let v = s
    while (v >= 0 && mark[v] === -1) {
      mark[v] = s
      const e = parent[v] as number
      v = e < 0 ? -1 : (from[e] as number)
    }
    if (v >= 0 && mark[v] === s) return v
  }
  return -1
}

/** The SKU's shelves after `units`: k_i = stock − sent + received. */
export const shelvesAfter = (p: SkuProblem, units: Int32Array): number[] => {
  const k = [...p.stock]
  for (let a = 0; a < p.arcs.length; a++) {
    const x = units[a] as number
    if (x === 0) continue
    const arc = p.arcs[a] as (typeof p.arcs)[number]
    k[arc.from] = (k[arc.from] as number) - x
    k[arc.to] = (k[arc.to] as number) + x
  }
  return k
}

/** Value after − value before of shelves `k` (micro-units). */
export const valueGainOf = (p: SkuProblem, k: readonly number[]): number => {
  let g = 0
  for (let i = 0; i < k.length; i++) {
    const before = p.stock[i] as number
    const after = k[i] as number
    if (after > before) for (let j = before + 1; j <= after; j++) g += unitValue(p, i, j)
    else for (let j = after + 1; j <= before; j++) g -= unitValue(p, i, j)
  }
  return g
}

/**
 * The optimal flow of SKU `p` when arc `a` costs `cost[a]` per unit (NaN: closed), from
 * `start` (a feasible flow: each sender sends at most its stock) or from nothing.
 */
export const solveSkuFlow = (p: SkuProblem, cost: Float64Array, meter: WorkMeter, start?: Int32Array): SkuFlow => {
  const n = p.nodes.length
  const arcs = p.arcs
  const units = start === undefined ? new Int32Array(arcs.length) : Int32Array.from(start)
  for (let a = 0; a < arcs.length; a++) if (Number.isNaN(cost[a] as number)) units[a] = 0
  const V = 2 * n + 1
  const T = 2 * n
  // Edge list rebuilt per round: endpoints, cost, and what it changes (arc a: +a+1 forward, −a−1 back; 0: no flow change).
  const eu: number[] = []
  const ev: number[] = []
  const ec: number[] = []
  const er: number[] = []
  const dist = new Float64Array(V)
  const parent = new Int32Array(V)
  let complete = true
  for (;;) {
    const k = shelvesAfter(p, units)
    const out = new Int32Array(n)
    for (let a = 0; a < arcs.length; a++) { const f = (arcs[a] as (typeof arcs)[number]).from; out[f] = (out[f] as number) + (units[a] as number) }
    eu.length = 0
    ev.length = 0
    ec.length = 0
    er.length = 0
    const edge = (u: number, v: number, c: number, r: number): void => {
      eu.push(u)
      ev.push(v)
      ec.push(c)
      er.push(r)
    }
    for (let a = 0; a < arcs.length; a++) {
      const c = cost[a] as number
      if (Number.isNaN(c)) continue
      const arc = arcs[a] as (typeof arcs)[number]
      edge(arc.from, n + arc.to, c, a + 1)
      if ((units[a] as number) > 0) edge(n + arc.to, arc.from, -c, -a - 1)
    }
    for (let i = 0; i < n; i++) {
      edge(i, n + i, 0, 0)
      if ((p.stock[i] as number) - (out[i] as number) > 0) edge(n + i, i, 0, 0)
      const ki = k[i] as number
      edge(n + i, T, -unitValue(p, i, ki + 1), 0)
      if (ki > 0) edge(T, n + i, unitValue(p, i, ki), 0)
    }
    const E = eu.length
    dist.fill(0)
    parent.fill(-1)
    let last = -1
    for (let pass = 0; pass < V; pass++) {
      last = -1
      meter.spent += E
      for (let e = 0; e < E; e++) {
        const u = eu[e] as number
        const v = ev[e] as number
        const d = (dist[u] as number) + (ec[e] as number)
        if (d < (dist[v] as number)) {
          dist[v] = d
          parent[v] = e
          last = v
        }
      }
      if (last < 0) break
      // A cycle among the parent edges is a negative cycle: look for one now and then rather
      // than waiting for the V-th pass.
      if (pass % 4 === 3 && cycleInParents(parent, eu, V) >= 0) break
    }
    if (last < 0) break
    let v = cycleInParents(parent, eu, V)
    if (v < 0) {
      // A vertex relaxed in the V-th pass leads back into a negative cycle.
      v = last
      for (let s = 0; s < V; s++) v = eu[parent[v] as number] as number
    }
    const cycle: number[] = []
    let w = v
    do {
      const e = parent[w] as number
      cycle.push(e)
      w = eu[e] as number
    } while (w !== v && cycle.length <= V)
    for (const e of cycle) {
      const r = er[e] as number
      if (r > 0) units[r - 1] = (units[r - 1] as number) + 1
      else if (r < 0) units[-r - 1] = (units[-r - 1] as number) - 1
    }
    if (meter.spent >= meter.limit) {
      complete = false
      break
    }
  }
  const k = shelvesAfter(p, units)
  const prices = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const ki = k[i] as number
    const lo = unitValue(p, i, ki + 1)
    const hi = ki === 0 ? Number.POSITIVE_INFINITY : unitValue(p, i, ki)
    const d = (dist[n + i] as number) - (dist[T] as number)
    prices[i] = complete ? Math.min(hi, Math.max(lo, d)) : ki === 0 ? lo : hi
  }
  let arcCost = 0
  for (let a = 0; a < arcs.length; a++) if ((units[a] as number) > 0) arcCost += (units[a] as number) * (cost[a] as number)
  return { units, valueGain: valueGainOf(p, k), arcCost, complete, prices }
}
