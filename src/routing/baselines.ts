/**
 * The two routing rules most platforms ship, kept as honest baselines: walk an ordered list
 * of sources and take what each has until the order is filled (Magento MSI's source priority
 * algorithm), with the list ordered by the nodes' priority or by distance to the customer.
 * They respect the same eligibility, ATP, capacity and shipment limits as the optimiser;
 * they simply do not weigh cost.
 */
import { unitsCost, type FacilitySolution } from './optimiser.js'
import type { Instance } from './instance.js'
import type { CompiledNetwork } from '../network/compile.js'

type Facility = Instance['facilities'][number]

/**
 * Facility indexes in ascending `before` order, produced lazily from a binary heap: the greedy
 * walk usually opens its few facilities long before the end of the list, so sorting every
 * facility would be wasted. `before` must be a strict total order (it is: it ends on node, then
 * on-hand before inbound, then instant, then index).
 */
const lazilySorted = (n: number, before: (a: number, b: number) => boolean): Iterable<number> => ({
  *[Symbol.iterator](): Generator<number> {
    const heap = new Int32Array(n)
    for (let i = 0; i < n; i++) heap[i] = i
    const siftDown = (from: number, size: number): void => {
      let i = from
      for (;;) {
        const l = 2 * i + 1
        if (l >= size) return
        const r = l + 1
        let m = l
        if (r < size && before(heap[r] as number, heap[l] as number)) m = r
        if (!before(heap[m] as number, heap[i] as number)) return
        const t = heap[i] as number
        heap[i] = heap[m] as number
        heap[m] = t
        i = m
      }
    }
    for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(i, n)
    for (let size = n; size > 0; ) {
      const top = heap[0] as number
      size--
      heap[0] = heap[size] as number
      siftDown(0, size)
      yield top
    }
  },
})

/** Visiting order of the `priority` strategy: node priority, then id; stock on hand before inbound. */
export const priorityOrder = (net: CompiledNetwork, inst: Instance): Iterable<number> => {
  const fs = inst.facilities
  return lazilySorted(fs.length, (i, j) => {
    const a = fs[i] as Facility
    const b = fs[j] as Facility
    return ((net.priority[a.node] ?? 0) - (net.priority[b.node] ?? 0) || a.node - b.node || Number(a.later) - Number(b.later) || a.stockAtMs - b.stockAtMs || i - j) < 0
  })
}

/** Visiting order of the `nearest` strategy: distance, then id; stock on hand before inbound. */
export const nearestOrder = (inst: Instance): Iterable<number> => {
  const fs = inst.facilities
  return lazilySorted(fs.length, (i, j) => {
    const a = fs[i] as Facility
    const b = fs[j] as Facility
    return (a.metres - b.metres || a.node - b.node || Number(a.later) - Number(b.later) || a.stockAtMs - b.stockAtMs || i - j) < 0
  })
}

/**
 * Fills the order by visiting facilities in `visit` order, taking from each all it can of
 * every line still open, opening at most `maxOpen` facilities. Costs are those of the units
 * actually taken; all-or-nothing orders that cannot be filled ship nothing.
 */
export const greedySolution = (inst: Instance, visit: Iterable<number>): FacilitySolution => {
  const p = inst.problem
  const items = p.itemCount
  const flow = new Int32Array(p.facilityCount * items)
  const remaining = Int32Array.from(p.tierQuantity)
  const open: number[] = []
  let left = 0
  for (const q of remaining) left += q
  // Shared stock: what the node's facilities visited so far took, per group and item (they
  // are visited in instant order, so a facility's cumulative supply less that is its own).
  const group = p.stockGroup
  const taken = new Map<number, Int32Array>()
  for (const k of visit) {
    // Once every unit is placed no later facility can take anything: stop walking.
    if (open.length >= p.maxOpen || left === 0) break
    let capacity = p.capacity[k] ?? 0
    let took = false
    const g = group?.[k] ?? -1
    let shared: Int32Array | undefined
    if (g >= 0) {
      shared = taken.get(g) ?? new Int32Array(items)
      taken.set(g, shared)
    }
    for (let s = 0; s < items; s++) {
      let supply = (p.supply[k * items + s] ?? 0) - (shared?.[s] ?? 0)
      for (let t = p.tierStart[s] ?? 0; t < (p.tierStart[s + 1] ?? 0) && supply > 0 && capacity > 0; t++) {
        const q = Math.min(remaining[t] ?? 0, supply, capacity)
        if (q <= 0) continue
        remaining[t] = (remaining[t] ?? 0) - q
        left -= q
        supply -= q
        capacity -= q
        flow[k * items + s] = (flow[k * items + s] ?? 0) + q
        if (shared !== undefined) shared[s] = (shared[s] ?? 0) + q
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
  for (let i = 0; i < flow.length; i++) cost += unitsCost(p, Math.floor(i / p.itemCount), i % p.itemCount, flow[i] ?? 0)
  for (let t = 0; t < unserved.length; t++) cost += (unserved[t] ?? 0) * (p.tierPenalty[t] ?? 0)
  return { open, flow, unserved, cost, lowerBound: 0, optimality: 'bounded', searchNodes: 0, feasible: true }
}
