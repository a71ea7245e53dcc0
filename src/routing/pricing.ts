/**
 * The pricing screen, for orders no single node can serve. Routing first solves the direct
 * instance over a few promising nodes, then proves with Lagrangian prices that no other node
 * can take part in a cheaper plan, so the other nodes are never built.
 *
 * Relaxing each item's demand with a price λ_s gives, for any prices, a lower bound on every
 * plan: Σ_s λ_s·q_s + Σ_facilities min(0, F − Σ_s (λ_s − c_s)⁺·supply_s). A plan that uses
 * node k costs at least that bound plus k's reduced cost F_k − Σ_s (λ_s − c_k)⁺·q_s when that
 * is positive. Nodes outside the subset enter with relaxed data (any SKU they hold counts as
 * fully supplied, rules and capacities ignored), which only lowers the bound, so the proof
 * stays valid. Prices come from a short subgradient ascent over the subset's own facilities.
 */
import type { HolderView } from './candidates.js'
import { OUTSIDE } from './dominance.js'
import type { Instance } from './instance.js'

/** Σ_s λ_s·q_s + Σ_f min(0, F_f − Σ_s (λ_s − c_fs)⁺·min(a_fs, q_s)) over the instance's facilities, with its subgradient. */
const subsetBound = (inst: Instance, q: Float64Array, lambda: Float64Array, gradient: Float64Array): number => {
  const p = inst.problem
  const items = p.itemCount
  let bound = 0
  for (let s = 0; s < items; s++) {
    bound += (lambda[s] ?? 0) * (q[s] ?? 0)
    gradient[s] = q[s] ?? 0
  }
  for (let f = 0; f < p.facilityCount; f++) {
    let value = p.fixedCost[f] ?? 0
    for (let s = 0; s < items; s++) {
      const gain = (lambda[s] ?? 0) - (p.unitCost[f * items + s] ?? 0)
      if (gain > 0) value -= gain * Math.min(p.supply[f * items + s] ?? 0, q[s] ?? 0)
    }
    if (value >= 0) continue
    bound += value
    for (let s = 0; s < items; s++) {
      if ((lambda[s] ?? 0) > (p.unitCost[f * items + s] ?? 0)) gradient[s] = (gradient[s] ?? 0) - Math.min(p.supply[f * items + s] ?? 0, q[s] ?? 0)
    }
  }
  return bound
}

/** The outcome of pricing the holders outside a subset. */
export interface Priced {
  /** How much more than `upper` any plan using an outside holder costs at least (> 0 when proven). */
  readonly margin: number
  /** Outside holders (positions) that could not be priced out, cheapest reduced cost first. */
  readonly violators: readonly number[]
}

/**
 * Prices the holders marked `OUTSIDE` against `upper`, the optimum of `inst` (the direct
 * instance over the holders marked `IN_SUBSET`): proven costlier when the subset's Lagrangian
 * bound plus a holder's reduced cost exceeds `upper`. Holders with other marks are left out.
 */
export const priceOutside = (view: HolderView, marks: Uint8Array, inst: Instance, upper: number): Priced => {
  const p = inst.problem
  const items = p.itemCount
  if (items > 31) return { margin: 0, violators: [] }
  const q = new Float64Array(items)
  const cap = new Float64Array(items)
  for (let s = 0; s < items; s++) {
    cap[s] = Number.POSITIVE_INFINITY
    for (let t = p.tierStart[s] ?? 0; t < (p.tierStart[s + 1] ?? 0); t++) {
      q[s] = (q[s] ?? 0) + (p.tierQuantity[t] ?? 0)
      cap[s] = Math.min(cap[s] ?? 0, p.tierPenalty[t] ?? 0)
    }
  }
  // Start from each item's cheapest amortised unit within the subset.
  const lambda = new Float64Array(items)
  for (let s = 0; s < items; s++) lambda[s] = cap[s] ?? 0
  for (let f = 0; f < p.facilityCount; f++) {
    let units = 0
    for (let s = 0; s < items; s++) units += Math.min(p.supply[f * items + s] ?? 0, q[s] ?? 0)
    if (units === 0) continue
    const share = (p.fixedCost[f] ?? 0) / units
    for (let s = 0; s < items; s++) {
      if ((p.supply[f * items + s] ?? 0) > 0) lambda[s] = Math.min(lambda[s] ?? 0, (p.unitCost[f * items + s] ?? 0) + share)
    }
  }
  const gradient = new Float64Array(items)
  const bestLambda = Float64Array.from(lambda)
  let best = subsetBound(inst, q, lambda, gradient)
  let theta = 1
  let stale = 0
  for (let iteration = 0; iteration < 60 && best < upper; iteration++) {
    const bound = iteration === 0 ? best : subsetBound(inst, q, lambda, gradient)
    if (bound > best) {
      best = bound
      bestLambda.set(lambda)
      stale = 0
    } else if (++stale >= 5) {
      theta /= 2
      stale = 0
    }
    let norm = 0
    for (let s = 0; s < items; s++) norm += (gradient[s] ?? 0) ** 2
    if (norm === 0 || theta < 1e-3) break
    const step = (theta * Math.max(upper - bound, 1)) / norm
    for (let s = 0; s < items; s++) lambda[s] = Math.min(cap[s] ?? 0, Math.max(0, (lambda[s] ?? 0) + step * (gradient[s] ?? 0)))
  }
  // Outside holders with relaxed data: each item they hold counts as fully supplied. When every
  // reduced cost is positive none of them lowers the bound, and each adds its own when used.
  const { mask: held } = view
  const bound = subsetBound(inst, q, bestLambda, gradient)
  let least = Number.POSITIVE_INFINITY
  const violators: { readonly i: number; readonly reduced: number }[] = []
  for (let i = 0; i < marks.length; i++) {
    if (marks[i] !== OUTSIDE) continue
    const fixed = view.fixed[i] ?? Number.POSITIVE_INFINITY
    if (!Number.isFinite(fixed)) continue
    const mask = held[i] ?? 0
    let reduced = fixed
    for (let s = 0; s < items; s++) {
      if ((mask & (1 << s)) === 0) continue
      const gain = (bestLambda[s] ?? 0) - (view.unitBelow[i] ?? 0)
      if (gain > 0) reduced -= gain * (q[s] ?? 0)
    }
    if (reduced <= 0 || bound + reduced <= upper) violators.push({ i, reduced })
    else least = Math.min(least, reduced)
  }
  if (violators.length > 0) {
    violators.sort((a, b) => a.reduced - b.reduced || a.i - b.i)
    return { margin: 0, violators: violators.map((v) => v.i) }
  }
  return { margin: Number.isFinite(least) ? bound + least - upper : Number.POSITIVE_INFINITY, violators: [] }
}
