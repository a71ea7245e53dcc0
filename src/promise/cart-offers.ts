/**
 * One cart option's offers: the facility each holder offers the option (from the facility
 * model: fixed and per-unit cost, distance, capacity), worked out node by node on demand, and
 * the offers that can be in an optimal plan — those another offer does not dominate (see
 * `Dominators`: it takes every unit they could send, for no more at any number of units) and
 * whose fixed cost, with every unit at the cheapest rate, does not pass the cost of a plan the
 * option has. Candidates are visited by fixed cost, and bounds on the distance let most be
 * dropped before their exact distance.
 *
 * @internal
 */
import { distanceMetres, metresBelow, unitVectorOf, type LatLon } from '../geo.js'
import { CAPABILITIES } from '../model/network.js'
import { fixedCostOf, unitCostOf } from '../routing/facilities.js'
import type { Offer, OfferTarget } from '../routing/offers.js'
import { ineligibility } from '../rules/sourcing.js'
import { hasCapability } from '../network/nodes.js'
import type { PromiseContext } from './context.js'
import { Dominators } from '../routing/offers.js'
import type { CartNodes } from './cart-nodes.js'

/** One facility of an option, and its holder's slot in CartNodes. */
export interface Candidate extends Offer {
  readonly slot: number
}

/** The target of an option: the shopper (ship) or a pickup node. */
export type Target = OfferTarget

/** One option's facilities: worked out node by node, on demand. */
export class Facilities {
  readonly to: LatLon
  readonly self: number
  /** The holders (indexes in `data.nodes`) by (fixed cost, node). */
  readonly order: readonly number[]
  readonly fixedOf: Float64Array
  readonly unitFloorOf: Float64Array
  readonly rateOf: Float64Array
  readonly bit: number
  /** The pickup node's own shelves, when they hold a cart SKU. */
  readonly own: Candidate | undefined
  /** False when the pickup node takes no transfers. */
  readonly transfers: boolean
  /** The smallest fixed cost of a facility other than the own shelves, and the smallest per-unit cost of any. */
  readonly minOtherFixed: number
  readonly minUnit: number
  /** This option's number in the call, for the holders' prices. */
  private readonly option: number

  constructor(private readonly ctx: PromiseContext, private readonly data: CartNodes, readonly target: Target) {
    const net = ctx.net
    const nodes = net.nodes
    const f = ctx.tables.costFloors()
    this.option = data.newOption()
    if (target.mode === 'pickup') {
      const p = target.node
      this.self = p
      this.to = { lat: nodes.lat[p] as number, lon: nodes.lon[p] as number }
      const slot = data.slotOf(p)
      // The pickup node's own shelves: no fixed cost, its handling per unit, within its capacity.
      this.own = slot >= 0 && data.touch(slot) !== 0 && data.open(slot) ? { node: p, slot, role: 'own', fixed: 0, unit: unitCostOf(net, 'own', p, 0), metres: 0, capacity: data.capacity(slot) } : undefined
      this.transfers = hasCapability(nodes, p, 'transfer-in')
      this.order = data.transferOrder
      this.fixedOf = net.transferFixedMicros
      this.unitFloorOf = net.transferUnitMicros
      this.rateOf = net.transferPerKmNanos
      this.bit = 1 << CAPABILITIES.indexOf('transfer-out')
      this.minOtherFixed = f.transfer[0]
      this.minUnit = Math.min(f.transfer[1], this.own?.unit ?? Number.POSITIVE_INFINITY)
    } else {
      this.self = -1
      this.to = target.to
      this.own = undefined
      this.transfers = true
      this.order = data.shipOrder
      this.fixedOf = net.packageMicros
      this.unitFloorOf = net.unitMicros
      this.rateOf = net.perKmNanos
      this.bit = 1 << CAPABILITIES.indexOf('ship')
      this.minOtherFixed = f.ship[0]
      this.minUnit = f.ship[1]
    }
  }

  /** The facility node `n` offers the option, or undefined when it offers none. */
  at(n: number): Candidate | undefined {
    if (n === this.self) return this.own
    const slot = this.data.slotOf(n)
    return slot < 0 ? undefined : this.atSlot(slot)
  }

  /** The facility of holder `slot` (not the pickup node itself). */
  atSlot(slot: number): Candidate | undefined {
    const data = this.data
    if (data.priced(slot, this.option)) return data.facility(slot)
    const c = this.compute(slot)
    data.price(slot, this.option, c)
    return c
  }

  private compute(slot: number): Candidate | undefined {
    const { ctx, data } = this
    const nodes = ctx.net.nodes
    const n = data.nodes[slot] as number
    if (!this.transfers || ((nodes.capabilities[n] as number) & this.bit) === 0) return undefined
    if (data.touch(slot) === 0 || !data.open(slot)) return undefined
    const metres = distanceMetres({ lat: nodes.lat[n] as number, lon: nodes.lon[n] as number }, this.to)
    if (ineligibility(ctx.compiledRules, nodes, n, metres) !== undefined) return undefined
    const role = this.target.mode === 'pickup' ? 'transfer' : 'ship'
    return { node: n, slot, role, fixed: fixedCostOf(ctx.net, role, n), unit: unitCostOf(ctx.net, role, n, metres), metres, capacity: data.capacity(slot) }
  }
}

/**
 * The facilities of an option that can be in an optimal plan, in node order. A node is
 * dropped when every plan using it costs more than `bound` (the cost of a plan the option
 * has): its fixed cost, another's when it cannot serve everything alone, and every unit at
 * the cheapest rate of any facility — so once fixed costs pass the bound, the scan stops.
 * It is also dropped when dominated (see the module comment).
 */
export const candidates = (ctx: PromiseContext, data: CartNodes, fac: Facilities, bound: number): Candidate[] => {
  const items = ctx.items.length
  const all = (1 << items) - 1
  const total = ctx.quantity
  const kept: Candidate[] = []
  const dominators = new Dominators(ctx.items.length)
  const keep = (c: Candidate): void => {
    kept.push(c)
    if (c.capacity >= total) dominators.add(c.fixed, c.unit, data.full(c.slot), c.node)
  }
  const unitsFloor = total * fac.minUnit
  const ownHeld = fac.own === undefined ? 0 : data.touch(fac.own.slot)
  let own = fac.own
  if (own !== undefined && unitsFloor > bound) own = undefined
  if (fac.transfers) {
    const nodes = ctx.net.nodes
    const v = nodes.unitVectors
    const tv = unitVectorOf(fac.to)
    const capabilities = nodes.capabilities
    const { fixedOf, unitFloorOf, rateOf, bit, self } = fac
    const holders = data.nodes
    const minOtherFixed = fac.minOtherFixed
    const consider = (slot: number, n: number, fixed: number): void => {
      if (n === self || ((capabilities[n] as number) & bit) === 0) return
      const held = data.held[slot] as number
      // What this node and the own shelves cannot hold needs another node's fixed cost too.
      if ((held | ownHeld) !== all && fixed + minOtherFixed + unitsFloor > bound) return
      // Held SKUs and a per-unit cost never above the real one settle most nodes with no
      // stock lookup: the handling alone, then the carriage over a distance never above the
      // real one (rounded down, less one micro-unit for the product's floating point).
      if (dominators.size > 0) {
        const most = data.unitsOf(held)
        const handling = unitFloorOf[n] as number
        if (dominators.by(held, fixed, handling, most, n) >= 0) return
        const floorMetres = metresBelow(v, 3 * n, tv)
        if (dominators.by(held, fixed, handling + Math.max(0, Math.floor(((rateOf[n] as number) * floorMetres) / 1e6) - 1), most, n) >= 0) return
      }
      const c = fac.atSlot(slot)
      if (c === undefined) return
      const touch = data.touch(slot)
      if (dominators.by(touch, c.fixed, c.unit, Math.min(c.capacity, data.unitsOf(touch)), n) >= 0) return
      keep(c)
    }
    const order = fac.order
    // The own shelves (fixed cost 0) take their place in (fixed, node) order, so that a
    // facility only ever counts as dominated by one before it.
    const placeOwn = (n: number, fixed: number): void => {
      if (own !== undefined && (fixed > 0 || n > self)) {
        keep(own)
        own = undefined
      }
    }
    let k = 0
    let onlyCovering = false
    for (; k < order.length; k++) {
      const slot = order[k] as number
      const n = holders[slot] as number
      const fixed = fixedOf[n] as number
      placeOwn(n, fixed)
      if (fixed + unitsFloor > bound) break
      if (fixed + minOtherFixed + unitsFloor > bound) {
        onlyCovering = true
        break
      }
      consider(slot, n, fixed)
    }
    // From here on, only nodes that serve with the own shelves alone can be in a plan that
    // good: the precomputed list of those, in the same order.
    if (onlyCovering) {
      for (const at of data.covering(fac.self >= 0, all & ~ownHeld)) {
        if (at < k) continue
        const slot = order[at] as number
        const n = holders[slot] as number
        const fixed = fixedOf[n] as number
        placeOwn(n, fixed)
        if (fixed + unitsFloor > bound) break
        consider(slot, n, fixed)
      }
    }
  }
  if (own !== undefined) keep(own)
  return byNode(kept)
}

/**
 * Sorts facilities by node in place: an insertion sort (a few dozen at most, mostly in
 * order), written out so that the comparison inlines — the cart search sorts on every set it
 * tries, and a shared sort taking the comparison as a function is markedly slower here.
 */
export const byNode = (cs: Candidate[]): Candidate[] => {
  for (let i = 1; i < cs.length; i++) {
    const c = cs[i] as Candidate
    let j = i
    while (j > 0 && (cs[j - 1] as Candidate).node > c.node) {
      cs[j] = cs[j - 1] as Candidate
      j--
    }
    cs[j] = c
  }
  return cs
}

/** Units of SKU `s` candidate `c` may give. */
export const supplyOf = (data: CartNodes, c: Candidate, s: number): number => data.supply(c.slot, s)
