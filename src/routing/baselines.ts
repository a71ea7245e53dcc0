/**
 * The two routing rules most platforms ship, kept as honest baselines: walk an ordered list
 * of sources and take what each has until the order is filled (Magento MSI's source priority
 * algorithm), with the list ordered by the nodes' priority or by distance to the customer.
 * They respect the same eligibility, ATP, capacity and shipment limits as the optimiser;
 * they simply do not weigh cost.
 */
import type { FacilitySolution } from './optimiser.js'
import type { Instance } from './instance.js'
import type { RoutingNetwork } from './network.js'

const indexes = (n: number): number[] => {
  const out = new Array<number>(n)
  for (let i = 0; i < n; i++) out[i] = i
  return out
}

/** Visiting order of the `priority` strategy: node priority, then id; stock on hand before inbound. */
export const priorityOrder = (net: RoutingNetwork, inst: Instance): number[] => {
  const fs = inst.facilities
  return indexes(fs.length).sort((i, j) => {
    const a = fs[i] as Instance['facilities'][number]
    const b = fs[j] as Instance['facilities'][number]
    return (net.priority[a.node] ?? 0) - (net.priority[b.node] ?? 0) || a.node - b.node || Number(a.later) - Number(b.later)
  })
}

/** Visiting order of the `nearest` strategy: distance, then id; stock on hand before inbound. */
export const nearestOrder = (inst: Instance): number[] => {
  const fs = inst.facilities
  return indexes(fs.length).sort((i, j) => {
    const a = fs[i] as Instance['facilities'][number]
    const b = fs[j] as Instance['facilities'][number]
    return a.metres - b.metres || a.node - b.node || Number(a.later) - Number(b.later)
  })
}

/**
 * Fills the order by visiting facilities in `visit` order, taking from each all it can of
 * every line still open, opening at most `maxOpen` facilities. Costs are those of the units
 * actually taken; all-or-nothing orders that cannot be filled ship nothing.
 */
export const greedySolution = (inst: Instance, visit: readonly number[]): FacilitySolution => {
  const p = inst.problem
  const items = p.itemCount
  const flow = new Int32Array(p.facilityCount * items)
  const remaining = Int32Array.from(p.tierQuantity)
  const open: number[] = []
  for (const k of visit) {
    if (open.length >= p.maxOpen) break
    let capacity = p.capacity[k] ?? 0
    let took = false
    for (let s = 0; s < items; s++) {
      let supply = p.supply[k * items + s] ?? 0
      for (let t = p.tierStart[s] ?? 0; t < (p.tierStart[s + 1] ?? 0) && supply > 0 && capacity > 0; t++) {
        const q = Math.min(remaining[t] ?? 0, supply, capacity)
        if (q <= 0) continue
        remaining[t] = (remaining[t] ?? 0) - q
        supply -= q
        capacity -= q
        flow[k * items + s] = (flow[k * items + s] ?? 0) + q
        took = true
      }
    }
    if (took) open.push(k)
  }
  if (p.allOrNothing && remaining.some((q) => q > 0)) {
    return costed(inst, new Int32Array(0), new Int32Array(p.facilityCount * items), Int32Array.from(p.tierQuantity))
  }
  return costed(inst, Int32Array.from(open.sort((a, b) => a - b)), flow, remaining)
}

const costed = (inst: Instance, open: Int32Array, flow: Int32Array, unserved: Int32Array): FacilitySolution => {
  const p = inst.problem
  let cost = 0
  for (const k of open) cost += p.fixedCost[k] ?? 0
  for (let i = 0; i < flow.length; i++) cost += (flow[i] ?? 0) * (p.unitCost[i] ?? 0)
  for (let t = 0; t < unserved.length; t++) cost += (unserved[t] ?? 0) * (p.tierPenalty[t] ?? 0)
  return { open, flow, unserved, cost, lowerBound: 0, optimality: 'bounded', searchNodes: 0, feasible: true }
}
