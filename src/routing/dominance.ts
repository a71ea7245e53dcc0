/**
 * Dominance: when a node may be left out of an order's problem because another provably does
 * at least as well for every plan. One rule, used by the router's screen
 * (`dominanceScreen`, over holders it has not built) and by the delivery promise's cart
 * search (through `./offers.ts`).
 *
 * Facility j dominates facility k when j can take every unit k could send (j holds each of
 * k's items in full and has room for the whole order) and sending u units through j costs no
 * more than through k, `fixed + u × unit`, for every u from 1 to the most k can send. The
 * costs are lines in u, so the two ends decide. Any plan using k then does at least as well
 * with j instead (or with k's units moved to j, when j is in it), with no more nodes; where
 * the costs may be equal, j must come first in node order so that the swap also wins the
 * optimiser's tie rule (least cost, then fewest nodes, then the smallest node list). Some
 * optimal plan, the one the tie rule picks, never uses a dominated facility.
 *
 * This is the stronger of the two rules the engine once had: "j's fixed cost and its
 * per-unit cost are each no higher than k's" implies it, while stores a few hundred km apart,
 * which differ by a cent per unit and by tens of cents of fixed cost, are dominated only when
 * the units are counted — a cart line sends one or two.
 */
import type { HolderView } from './candidates.js'
import type { Instance } from './instance.js'
import { dearestUnitCost } from './optimiser.js'

/** Facilities that may dominate others, filed under each item they hold in full. */
export class Dominators {
  private readonly fixed: number[] = []
  private readonly unit: number[] = []
  private readonly full: number[] = []
  private readonly node: number[] = []
  /** Indexes of the facilities holding item s in full, by s. */
  private readonly bySku: number[][]

  constructor(items: number) {
    this.bySku = []
    for (let s = 0; s < items; s++) this.bySku.push([])
  }

  get size(): number {
    return this.node.length
  }

  /** Visits every facility added, in the order added. */
  forEach(visit: (fixed: number, unit: number, full: number, node: number) => void): void {
    for (let d = 0; d < this.node.length; d++) visit(this.fixed[d] as number, this.unit[d] as number, this.full[d] as number, this.node[d] as number)
  }

  /** Adds a facility with room for every unit of the order; `full`: the items it holds in full. */
  add(fixed: number, unit: number, full: number, node: number): void {
    const d = this.node.length
    this.fixed.push(fixed)
    this.unit.push(unit)
    this.full.push(full)
    this.node.push(node)
    for (let s = 0; full >>> s !== 0; s++) if (((full >>> s) & 1) !== 0) (this.bySku[s] as number[]).push(d)
  }

  /**
   * The node of a facility that dominates one sending some of `skus` (a non-empty bit mask),
   * at most `most` units, for `fixed` + `unit` per unit, or −1. Costs given here may be lower
   * bounds of the real ones: a facility dominated at a lower cost is dominated at the real one.
   */
  by(skus: number, fixed: number, unit: number, most: number, node: number): number {
    const fixeds = this.fixed
    const units = this.unit
    const fulls = this.full
    const nodes = this.node
    const list = this.bySku[31 - Math.clz32(skus & -skus)] as number[]
    for (let i = 0; i < list.length; i++) {
      const d = list[i] as number
      if (((fulls[d] as number) & skus) !== skus) continue
      const f = fixeds[d] as number
      const u = units[d] as number
      const one = f + u - (fixed + unit)
      if (one > 0) continue
      const many = f + most * u - (fixed + most * unit)
      if (many > 0) continue
      if ((one < 0 && many < 0) || (nodes[d] as number) < node) return nodes[d] as number
    }
    return -1
  }
}

/** Holder marks shared by the screens, by holder position. */
export const OUTSIDE = 0
export const IN_SUBSET = 1
export const DOMINATED = 2

/** Marks `nodes` (ascending, each one of the view's) `IN_SUBSET` in `marks`, by holder position. */
export const markNodes = (view: HolderView, nodes: Int32Array, marks: Uint8Array): void => {
  for (let i = 0, j = 0; i < view.nodes.length && j < nodes.length; i++) {
    if (view.nodes[i] === nodes[j]) {
      marks[i] = IN_SUBSET
      j++
    }
  }
}

/** The dominators of an instance, and the units of the order per item. */
export interface DominatorsOf {
  readonly dominators: Dominators
  readonly demand: Int32Array
}

/**
 * The facilities of `inst` that can dominate (room for the whole order, some item held in
 * full), cheapest per unit first so that a holder usually meets its dominator early; with
 * the units of the order per item.
 */
export const dominatorsOf = (inst: Instance): DominatorsOf => {
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
      // One cost per facility for the rule: the dearest over the items it may be asked for.
      unit = Math.max(unit, dearestUnitCost(p, k, s))
    }
    if (full !== 0) found.push({ node: inst.facilities[k]?.node ?? -1, fixed: p.fixedCost[k] ?? 0, unit, full })
  }
  found.sort((a, b) => a.unit - b.unit || a.fixed - b.fixed || a.node - b.node)
  const dominators = new Dominators(items)
  for (const f of found) dominators.add(f.fixed, f.unit, f.full, f.node)
  return { dominators, demand }
}

/**
 * Arc over chord is at most π/2: a per-unit cost priced on the chord, scaled by this and
 * padded for rounding, is above the exact one. Only decides whether the exact cost is worth
 * working out; the rule itself always sees the exact cost.
 */
const ARC_OVER_CHORD = 1.5708
const ROUNDING_PAD = 16

/**
 * Marks `DOMINATED` every holder still `OUTSIDE` in `marks` that a facility of `inst` (the
 * instance over the holders marked `IN_SUBSET`) dominates, and returns how many it marked.
 * A holder's own stock is never looked up: it is taken to send up to every unit the order
 * asks of the items it holds, at its per-unit cost's lower bound, and its exact per-unit
 * cost is worked out only when that could make it dominated. Orders of more than 31 items
 * are left alone. `of`: the dominators of `inst`, when already worked out.
 */
export const dominanceScreen = (view: HolderView, marks: Uint8Array, inst: Instance, of?: DominatorsOf): number => {
  if (inst.problem.itemCount > 31) return 0
  const { dominators, demand } = of ?? dominatorsOf(inst)
  if (dominators.size === 0) return 0
  let count = 0
  for (let i = 0; i < marks.length; i++) {
    if (marks[i] !== OUTSIDE) continue
    const held = view.mask[i] as number
    if (held === 0) continue
    let most = 0
    for (let m = held; m !== 0; m &= m - 1) most += demand[31 - Math.clz32(m & -m)] as number
    const fixed = view.fixed[i] as number
    const node = view.nodes[i] as number
    const below = view.unitBelow[i] as number
    let by = dominators.by(held, fixed, below, most, node)
    if (by < 0 && dominators.by(held, fixed, Math.ceil(below * ARC_OVER_CHORD) + ROUNDING_PAD, most, node) >= 0) {
      by = dominators.by(held, fixed, view.unitExact(i), most, node)
    }
    if (by >= 0) {
      marks[i] = DOMINATED
      count++
    }
  }
  return count
}
