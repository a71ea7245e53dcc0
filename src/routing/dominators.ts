/**
 * Dominance between the facilities of one way of serving an order, aware of how many units a facility can
 * send. Facility j dominates facility k when j can take every unit k could send (j holds each
 * of k's SKUs in full and has room for the whole order) and sending u units through j costs
 * no more than through k, `fixed + u × unit`, for every u from 1 to the most k can send. The
 * costs are lines in u, so the two ends decide. Any plan using k then does at least as well
 * with j instead (or with k's units moved to j, when j is in it), with no more nodes; where
 * the costs may be equal, j must come first in node order so that the swap also wins the
 * optimiser's tie rule (least cost, then fewest nodes, then the smallest node list). Some
 * optimal plan, the one the tie rule picks, never uses a dominated facility.
 *
 * Comparing per-unit costs alone misses most of it on a cart: stores a few hundred km apart
 * differ by a cent per unit and by tens of cents of fixed cost, and a cart line sends one or
 * two units. The router's dominance screen (./dominance.ts) and the delivery promise's cart
 * search both use this rule.
 */

/** Facilities that may dominate others, filed under each SKU they hold in full. */
export class Dominators {
  private readonly fixed: number[] = []
  private readonly unit: number[] = []
  private readonly full: number[] = []
  private readonly node: number[] = []
  /** Indexes of the facilities holding SKU s in full, by s. */
  private readonly bySku: number[][]

  constructor(items: number) {
    this.bySku = []
    for (let s = 0; s < items; s++) this.bySku.push([])
  }

  get size(): number {
    return this.node.length
  }

  /** Adds a facility with room for every unit of the order; `full`: the SKUs it holds in full. */
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
