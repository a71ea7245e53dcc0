/**
 * The dominance screen. A holder B need not be built into the problem when a node A already
 * in it holds every unit the order asks of each item B holds, has room for the whole order,
 * and costs no more: A's fixed cost (parcel, or transfer) ≤ B's and A's per-unit cost ≤ the
 * least B's can be. Any plan that uses B can hand B's units to A instead — swap B for A when A is
 * not used, or let A send them when it is — and pay no more. When the costs might be equal,
 * A must also come first in node order, so that the swap also wins the optimiser's tie rule
 * (cost, then fewer parcels, then the first nodes): the plan found without B is then exactly
 * the plan found with it. B's own stock is never looked up, only the items it holds, so on
 * a retailer whose stores share a cost structure most holders of an order go unbuilt.
 */
import type { HolderView } from './candidates.js'
import type { Instance } from './instance.js'

/** Holder marks shared by the screens, by holder position. */
export const OUTSIDE = 0
export const IN_SUBSET = 1
export const DOMINATED = 2

/** Facilities that can dominate, cheapest per unit first, as parallel arrays. */
interface Dominators {
  readonly count: number
  readonly node: Int32Array
  readonly fixed: Float64Array
  /** The dearest per-unit cost over the items it holds in full. */
  readonly unit: Float64Array
  /** Items it can send all the order's units of. */
  readonly full: Int32Array
}

/** The facilities of `inst` that can dominate. */
const dominatorsOf = (inst: Instance): Dominators => {
  const p = inst.problem
  const items = p.itemCount
  const demand = new Int32Array(items)
  let units = 0
  for (let s = 0; s < items; s++) {
    for (let t = p.tierStart[s] ?? 0; t < (p.tierStart[s + 1] ?? 0); t++) demand[s] = (demand[s] ?? 0) + (p.tierQuantity[t] ?? 0)
    units += demand[s] ?? 0
  }
  const found: { node: number; fixed: number; unit: number; full: number }[] = []
  for (let k = 0; k < p.facilityCount; k++) {
    if ((p.capacity[k] ?? 0) < units) continue
    let full = 0
    let unit = 0
    for (let s = 0; s < items; s++) {
      if ((p.supply[k * items + s] ?? 0) < (demand[s] ?? 0)) continue
      full |= 1 << s
      unit = Math.max(unit, p.unitCost[k * items + s] ?? 0)
    }
    if (full !== 0) found.push({ node: inst.facilities[k]?.node ?? -1, fixed: p.fixedCost[k] ?? 0, unit, full })
  }
  found.sort((a, b) => a.unit - b.unit || a.fixed - b.fixed || a.node - b.node)
  const d = { count: found.length, node: new Int32Array(found.length), fixed: new Float64Array(found.length), unit: new Float64Array(found.length), full: new Int32Array(found.length) }
  found.forEach((f, k) => {
    d.node[k] = f.node
    d.fixed[k] = f.fixed
    d.unit[k] = f.unit
    d.full[k] = f.full
  })
  return d
}

/**
 * Marks `DOMINATED` every holder still `OUTSIDE` in `marks` that a facility of `inst` (the
 * instance over the holders marked `IN_SUBSET`) dominates, and returns how many it
 * marked. Orders of more than 31 items are left alone.
 */
export const dominanceScreen = (view: HolderView, marks: Uint8Array, inst: Instance): number => {
  if (inst.problem.itemCount > 31) return 0
  const d = dominatorsOf(inst)
  if (d.count === 0) return 0
  let count = 0
  for (let i = 0; i < marks.length; i++) {
    if (marks[i] !== OUTSIDE) continue
    const held = view.mask[i] as number
    const fixed = view.fixed[i] as number
    let unit = view.unitBelow[i] as number
    let exact = false
    const node = view.nodes[i] as number
    for (let k = 0; k < d.count; k++) {
      const aUnit = d.unit[k] as number
      // Sorted by unit cost: past B's unit cost, no later one can dominate. The bound may be
      // a metre short of B's cost, so B's exact cost decides before giving up.
      if (aUnit > unit) {
        if (exact) break
        unit = view.unitExact(i)
        exact = true
        if (aUnit > unit) break
      }
      const aFixed = d.fixed[k] as number
      if (((d.full[k] as number) & held) !== held || aFixed > fixed) continue
      if (aUnit < unit || aFixed < fixed || (d.node[k] as number) < node) {
        marks[i] = DOMINATED
        count++
        break
      }
    }
  }
  return count
}
