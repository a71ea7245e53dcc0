/**
 * The cart path: an exact solve of each option's facility problem (the routing engine's, for
 * orders without backorder), made small before it is solved.
 *
 * 1. Node data is shared by every option of the call: what each node holding a cart SKU may
 *    supply (ATP capped by demand, after the rules and attribute rules), its capacity.
 * 2. Per option (ship to the shopper, pickup at a node) every facility gets its fixed cost
 *    and per-unit cost, and facilities that can never be in an optimal plan are dropped: those
 *    another facility dominates (see `Dominators`: it takes every unit they could send, for no
 *    more at any number of units) and those whose fixed cost alone, with every unit at the
 *    cheapest rate, passes the cost of a plan the option has. Candidates are visited by fixed
 *    cost, and bounds on the distance let most be dropped before their exact distance.
 * 3. The survivors' relaxation (every node may send all it has of a SKU, see
 *    `relaxedSplit`) is solved over SKU sets; when its optimum is a plan no other split
 *    reaches, that is the answer. Otherwise the survivors are searched depth first over node
 *    sets; a branch is cut when its fixed costs plus every unit at the cheapest rate it could
 *    still use cannot beat the best plan. When a capacity could bind or the search budget
 *    runs out, the survivors go to the routing engine's optimiser.
 * 4. The plan is assembled by the routing engine's own `assemble` from the chosen nodes'
 *    flows, so it is the plan `routeOrder` returns. When each SKU comes whole from one chosen
 *    node, the flows are written directly (the engine serves an item from its cheapest node
 *    first, ties by node, so they are the engine's); otherwise the engine evaluates the set.
 *
 * @internal
 */
import { distanceMetres, metresBelow, unitVectorOf, type LatLon } from '../geo.js'
import { CAPABILITIES, type Capability } from '../model/network.js'
import type { Order } from '../model/order.js'
import { fixedCostOf, unitCostOf, unitsToday } from '../routing/facilities.js'
import { evaluateOffers, offerEtaMs, offerPlan, offerSet, orderTiers, servedWhole, solveOffers, workLeft, type Offer, type OfferSet, type OfferSolution, type OfferTarget, type OrderTiers } from '../routing/offers.js'
import type { RoutingNetwork } from '../routing/network.js'
import { ineligibility, skuAllowedAt } from '../rules/sourcing.js'
import { popcount } from '../internal/bits.js'
import { atpAt, hasCapability, holderBits, holderWords, skuIndexOf } from '../stock/index.js'
import type { PromiseContext } from './context.js'
import { singleNodePlan } from './plan.js'
import type { PromisedPlan } from './types.js'
import { Dominators } from './dominators.js'
import { relaxedSplit } from './relaxation.js'

/** SKU sets are bit masks. */
export const MAX_CART_ITEMS = 30

/**
 * Per node of the call holding a cart SKU: which SKUs it holds (known at once) and what it
 * may supply (worked out on first use, since most nodes are dropped before). Shared by every
 * option of the call.
 */
export class CartNodes {
  /** Nodes holding a cart SKU, ascending. */
  readonly nodes: number[] = []
  /** Bit s set when node i holds SKU s (a superset of what it may supply). */
  readonly held: number[] = []
  /** The holders as a bitset over node indexes, and how many come before each word (see `slotOf`). */
  private readonly union: number[] = []
  private readonly before: number[] = []
  /** Holders of every SKU of the request (the only nodes that may serve it alone). */
  readonly coverers: number[] = []
  /** Units the request asks of each set of SKUs (a bit mask), for carts of up to 12 SKUs. */
  readonly unitsBySkus: number[] | undefined
  private shipOrdered: readonly number[] | undefined
  private transferOrdered: readonly number[] | undefined
  private readonly shipCovering = new Map<number, number[]>()
  private readonly transferCovering = new Map<number, number[]>()
  /**
   * Per holder i at INFO × i: the SKUs it supplies at all, those it supplies in full, the
   * units it may still send today, flags (KNOWN, OPEN), and the last option that priced it.
   */
  private readonly info: Int32Array
  /** supply[i × items + s] = min(ATP, demand) of SKU s, 0 when the rules forbid it. */
  private readonly supplies: Int32Array
  /** The facility holder i offers the option that priced it last (see `priced`). */
  private readonly facilities: (Candidate | undefined)[]
  private options = 0
  private readonly skus: number[]
  private readonly attributes: (readonly string[])[]
  private orderTiers: OrderTiers | undefined

  constructor(private readonly ctx: PromiseContext) {
    const { net, stock } = ctx
    const items = ctx.items.length
    this.skus = ctx.items.map((sku) => skuIndexOf(stock, sku))
    this.attributes = ctx.items.map((sku) => net.skuAttributes.get(sku) ?? [])
    // The holders of each SKU as bitsets (memoised per snapshot): their union gives every
    // holder, ascending; then each SKU marks its holders.
    const bits = this.skus.map((sku) => holderBits(stock, sku))
    const words = holderWords(stock)
    const { nodes, held, union, before } = this
    for (let w = 0; w < words; w++) {
      let any = 0
      for (let s = 0; s < items; s++) any |= (bits[s] as Int32Array)[w] as number
      union.push(any)
      before.push(nodes.length)
      while (any !== 0) {
        const low = any & -any
        any ^= low
        nodes.push((w << 5) | (31 - Math.clz32(low)))
        held.push(0)
      }
    }
    for (let s = 0; s < items; s++) {
      const of = bits[s] as Int32Array
      for (let w = 0; w < words; w++) {
        let word = of[w] as number
        const all = union[w] as number
        const first = before[w] as number
        while (word !== 0) {
          const low = word & -word
          word ^= low
          const slot = first + popcount(all & (low - 1))
          held[slot] = (held[slot] as number) | (1 << s)
        }
      }
    }
    const count = this.nodes.length
    this.info = new Int32Array(count * INFO)
    this.supplies = new Int32Array(count * items)
    this.facilities = new Array<Candidate | undefined>(count)
    const everything = (1 << items) - 1
    for (let i = 0; i < count; i++) if (this.held[i] === everything) this.coverers.push(this.nodes[i] as number)
    if (items <= 12) {
      const table = [0]
      for (let mask = 1; mask <= everything; mask++) table.push((table[mask & (mask - 1)] as number) + (ctx.demand[31 - Math.clz32(mask & -mask)] as number))
      this.unitsBySkus = table
    }
  }

  /** The call's demand tiers as the router orders them, shared by its options' offer sets. */
  get tiers(): OrderTiers {
    return (this.orderTiers ??= orderTiers(this.ctx.items, this.ctx.lines, this.ctx.penaltyMicros))
  }

  /** The units the request asks of the SKUs in `skus` (a bit mask). */
  unitsOf(skus: number): number {
    const table = this.unitsBySkus
    if (table !== undefined) return table[skus] as number
    let units = 0
    for (let s = 0; skus >>> s !== 0; s++) if (((skus >>> s) & 1) !== 0) units += this.ctx.demand[s] as number
    return units
  }

  /** The index of node `n` in `nodes`, or −1 when it holds no cart SKU. */
  slotOf(n: number): number {
    const w = n >>> 5
    const bit = 1 << (n & 31)
    const all = this.union[w] ?? 0
    return (all & bit) === 0 ? -1 : (this.before[w] as number) + popcount(all & (bit - 1))
  }

  /**
   * Positions in `transferOrder` (pickup) or `shipOrder` of the holders of every SKU in
   * `skus` (a bit mask); worked out once per call and set of SKUs.
   */
  covering(pickup: boolean, skus: number): readonly number[] {
    const memo = pickup ? this.transferCovering : this.shipCovering
    let found = memo.get(skus)
    if (found === undefined) {
      const order = pickup ? this.transferOrder : this.shipOrder
      const held = this.held
      found = []
      for (let k = 0; k < order.length; k++) if ((((held[order[k] as number] as number) & skus) === skus)) found.push(k)
      memo.set(skus, found)
    }
    return found
  }

  /** The holders (their indexes in `nodes`) by (fixed cost, node), for ship and for transfers; worked out on first use. */
  get shipOrder(): readonly number[] {
    return (this.shipOrdered ??= this.ordered(fixedOrders(this.ctx.net).ship))
  }

  get transferOrder(): readonly number[] {
    return (this.transferOrdered ??= this.ordered(fixedOrders(this.ctx.net).transfer))
  }

  /** The holders (indexes in `nodes`) in the order of `all` (every node by (fixed, node)). */
  private ordered(all: Int32Array): number[] {
    const rank = rankOf(this.ctx.net, all)
    const nodes = this.nodes
    const words = (all.length + 31) >>> 5
    // Holders marked at their rank, then read back in rank order.
    if (rankBits.length < words) rankBits = new Int32Array(words)
    if (slotAtRank.length < all.length) slotAtRank = new Int32Array(all.length)
    const marks = rankBits.fill(0, 0, words)
    const slots = slotAtRank
    for (let i = 0; i < nodes.length; i++) {
      const r = rank[nodes[i] as number] as number
      marks[r >>> 5] = (marks[r >>> 5] as number) | (1 << (r & 31))
      slots[r] = i
    }
    const out: number[] = []
    for (let w = 0; w < words; w++) {
      let word = marks[w] as number
      while (word !== 0) {
        const low = word & -word
        word ^= low
        out.push(slots[(w << 5) | (31 - Math.clz32(low))] as number)
      }
    }
    return out
  }

  /** Works out what holder `i` may supply: ATP capped by demand, after the rules. */
  private learn(i: number): void {
    const ctx = this.ctx
    const nodes = ctx.net.nodes
    const items = ctx.items.length
    const n = this.nodes[i] as number
    const at = i * INFO
    this.info[at + FLAGS] = KNOWN
    if (ineligibility(ctx.compiledRules, nodes, n, 0) !== undefined) return
    const held = this.held[i] as number
    let touch = 0
    let full = 0
    for (let s = 0; s < items; s++) {
      if ((held & (1 << s)) === 0 || !skuAllowedAt(ctx.compiledRules, nodes, this.attributes[s] as readonly string[], n)) continue
      const atp = atpAt(ctx.stock, this.skus[s] as number, n, ctx.channel)
      if (atp <= 0) continue
      const q = ctx.demand[s] as number
      this.supplies[i * items + s] = Math.min(atp, q)
      touch |= 1 << s
      if (atp >= q) full |= 1 << s
    }
    this.info[at + TOUCH] = touch
    this.info[at + FULL] = full
    const cap = unitsToday(ctx.net, ctx.capacityUsed, n)
    this.info[at + CAPACITY] = cap
    this.info[at + FLAGS] = cap > 0 ? KNOWN | OPEN : KNOWN
  }

  private field(i: number, field: number): number {
    const at = i * INFO
    if (this.info[at + FLAGS] === 0) this.learn(i)
    return this.info[at + field] as number
  }

  /** SKUs holder `i` supplies at all (0 when it may not source). */
  touch(i: number): number {
    return this.field(i, TOUCH)
  }

  /** SKUs holder `i` supplies in full. */
  full(i: number): number {
    return this.field(i, FULL)
  }

  supply(i: number, s: number): number {
    if (this.info[i * INFO + FLAGS] === 0) this.learn(i)
    return this.supplies[i * this.ctx.items.length + s] as number
  }

  /** Units holder `i` may still send today. */
  capacity(i: number): number {
    return this.field(i, CAPACITY)
  }

  /** False when its order capacity is used up: it may not ship or transfer today. */
  open(i: number): boolean {
    return (this.field(i, FLAGS) & OPEN) !== 0
  }

  /** A new option of the call, for {@link priced}. */
  newOption(): number {
    return ++this.options
  }

  /** True when holder `i` has been priced for `option` (see {@link facility}). */
  priced(i: number, option: number): boolean {
    return this.info[i * INFO + PRICED] === option
  }

  /** The facility holder `i` offers the option that priced it last. */
  facility(i: number): Candidate | undefined {
    return this.facilities[i]
  }

  /** Records what holder `i` offers `option`. */
  price(i: number, option: number, c: Candidate | undefined): void {
    this.info[i * INFO + PRICED] = option
    this.facilities[i] = c
  }
}

/** Fields of `CartNodes.info`. */
const TOUCH = 0
const FULL = 1
const CAPACITY = 2
const FLAGS = 3
const PRICED = 4
const INFO = 5
const KNOWN = 1
const OPEN = 2

const byFixed = new WeakMap<RoutingNetwork, { readonly ship: Int32Array; readonly transfer: Int32Array }>()

/** Every node ordered by (fixed cost, node), per role; derived from the network alone. */
const fixedOrders = (net: RoutingNetwork): { readonly ship: Int32Array; readonly transfer: Int32Array } => {
  let o = byFixed.get(net)
  if (o === undefined) {
    const order = (fixed: Float64Array): Int32Array =>
      Int32Array.from({ length: net.nodes.count }, (_, i) => i).sort((a, b) => (fixed[a] as number) - (fixed[b] as number) || a - b)
    o = { ship: order(net.packageMicros), transfer: order(net.transferFixedMicros) }
    byFixed.set(net, o)
  }
  return o
}

/** The nodes that hold any SKU of the request. */
export const cartNodes = (ctx: PromiseContext): CartNodes => {
  const nodes = new CartNodes(ctx)
  ctx.meter.spent += nodes.nodes.length * (ctx.items.length + 1)
  return nodes
}

/** Scratch of `CartNodes.ordered`, which calls out to nothing: one pair serves every call. */
let rankBits = new Int32Array(64)
let slotAtRank = new Int32Array(2048)

const ranks = new WeakMap<Int32Array, Int32Array>()
const rankOf = (net: RoutingNetwork, order: Int32Array): Int32Array => {
  let r = ranks.get(order)
  if (r === undefined) {
    r = new Int32Array(net.nodes.count)
    order.forEach((n, k) => ((r as Int32Array)[n] = k))
    ranks.set(order, r)
  }
  return r
}

/** One facility of an option, and its holder's slot in CartNodes. */
interface Candidate extends Offer {
  readonly slot: number
}

/** The outcome for one option: a plan, nothing to offer, or "route it in full". */
export type CartAnswer =
  | { readonly kind: 'plan'; readonly plan: PromisedPlan; readonly etaMs: number; readonly nodes: readonly number[] }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown' }

const NONE: CartAnswer = { kind: 'none' }
const UNKNOWN: CartAnswer = { kind: 'unknown' }

/** The target of an option: the shopper (ship) or a pickup node. */
type Target = OfferTarget

/** Network-wide floors per role: the smallest fixed cost and per-unit handling of any node with the capability. */
const floors = new WeakMap<RoutingNetwork, { readonly ship: readonly [number, number]; readonly transfer: readonly [number, number] }>()

const floorsOf = (net: RoutingNetwork): { readonly ship: readonly [number, number]; readonly transfer: readonly [number, number] } => {
  let f = floors.get(net)
  if (f === undefined) {
    const of = (capability: Capability, fixed: Float64Array, unit: Float64Array): readonly [number, number] => {
      let minFixed = Number.POSITIVE_INFINITY
      let minUnit = Number.POSITIVE_INFINITY
      for (let n = 0; n < net.nodes.count; n++) {
        if (!hasCapability(net.nodes, n, capability)) continue
        minFixed = Math.min(minFixed, fixed[n] as number)
        minUnit = Math.min(minUnit, unit[n] as number)
      }
      return [minFixed, minUnit]
    }
    f = { ship: of('ship', net.packageMicros, net.unitMicros), transfer: of('transfer-out', net.transferFixedMicros, net.transferUnitMicros) }
    floors.set(net, f)
  }
  return f
}

/** One option's facilities: worked out node by node, on demand. */
class Facilities {
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
    const f = floorsOf(net)
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
 * A plan the option can certainly have, to bound the search: the best single node serving
 * everything (its own shelves, or a node holding every SKU), or the nodes of `hint` (the
 * previous pickup point's plan) if they serve everything here too. +∞ when there is none.
 */
const upperBound = (ctx: PromiseContext, data: CartNodes, fac: Facilities, hint: readonly number[] | undefined): number => {
  const all = (1 << ctx.items.length) - 1
  const total = ctx.quantity
  let bound = Number.POSITIVE_INFINITY
  const single = (c: Candidate | undefined): void => {
    if (c === undefined || data.full(c.slot) !== all || c.capacity < total) return
    bound = Math.min(bound, c.fixed + total * c.unit)
  }
  single(fac.own)
  for (const n of data.coverers) single(fac.at(n))
  const consider = (nodes: readonly number[]): void => {
    const set: Candidate[] = []
    for (const n of nodes) {
      const c = fac.at(n)
      if (c === undefined) return
      set.push(c)
    }
    // Any feasible assignment bounds the optimum, idle nodes and all.
    const { cost, units } = assign(ctx, data, set)
    if (cost < bound && set.every((c, a) => (units[a] as number) <= c.capacity)) bound = cost
  }
  if (hint !== undefined && hint.length > 0) consider(hint)
  if (bound === Number.POSITIVE_INFINITY) consider(greedyCover(ctx, data, fac))
  return bound
}

/**
 * Nodes that together hold every SKU, chosen greedily: most missing SKUs held in full, then
 * the smaller fixed cost. Only the chosen nodes are worked out in detail. [] when it fails.
 */
const greedyCover = (ctx: PromiseContext, data: CartNodes, fac: Facilities): number[] => {
  const all = (1 << ctx.items.length) - 1
  const chosen: number[] = []
  const refused = new Set<number>()
  let missing = all
  if (fac.own !== undefined) {
    chosen.push(fac.own.node)
    missing &= ~data.full(fac.own.slot)
  }
  while (missing !== 0 && fac.transfers) {
    let pick = -1
    let pickCount = 0
    let pickFixed = Number.POSITIVE_INFINITY
    for (let i = 0; i < data.nodes.length; i++) {
      const n = data.nodes[i] as number
      if (n === fac.self || refused.has(n) || ((ctx.net.nodes.capabilities[n] as number) & fac.bit) === 0) continue
      const count = popcount((data.held[i] as number) & missing)
      const fixed = fac.fixedOf[n] as number
      if (count > pickCount || (count === pickCount && count > 0 && fixed < pickFixed)) {
        pick = n
        pickCount = count
        pickFixed = fixed
      }
    }
    if (pick < 0) return []
    const c = fac.at(pick)
    const gain = c === undefined ? 0 : data.full(c.slot) & missing
    if (c === undefined || gain === 0) {
      refused.add(pick)
      continue
    }
    chosen.push(pick)
    missing &= ~gain
  }
  return missing === 0 ? chosen.sort((a, b) => a - b) : []
}

/**
 * The facilities of an option that can be in an optimal plan, in node order. A node is
 * dropped when every plan using it costs more than `bound` (the cost of a plan the option
 * has): its fixed cost, another's when it cannot serve everything alone, and every unit at
 * the cheapest rate of any facility — so once fixed costs pass the bound, the scan stops.
 * It is also dropped when dominated (see the module comment).
 */
const candidates = (ctx: PromiseContext, data: CartNodes, fac: Facilities, bound: number): Candidate[] => {
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

/** Sorts facilities by node in place (an insertion sort: a few dozen at most, mostly in order). */
const byNode = (cs: Candidate[]): Candidate[] => {
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

/** Units of each SKU candidate `c` may give. */
const supplyOf = (data: CartNodes, c: Candidate, s: number): number => data.supply(c.slot, s)

/** Search nodes the cart search may visit before it hands the option to the optimiser. */
const SEARCH_BUDGET = 20_000
/**
 * Work units charged per step, measured against the optimiser's units (see
 * `RouteOptions.budget`): a search node per item and depth (its bound, and the assignment of a
 * complete set), and a holder per item while an option's candidates are priced.
 */
const VISIT_UNITS = 40
const CANDIDATE_UNITS = 20
/** Share of the call's work left that one option's reduced solve may use. */
const OPTION_SHARE = 0.5
/** Share of the call's work left that one option's search may use before the optimiser takes over. */
const SEARCH_SHARE = 0.2

/**
 * How `set` serves every unit: each SKU from the cheapest rate first (ties by node). Units
 * per node, in `set` order, and the cost; the cost is +∞ when the set cannot serve everything.
 */
const assign = (ctx: PromiseContext, data: CartNodes, set: readonly Candidate[]): { readonly cost: number; readonly units: number[] } => {
  const items = ctx.items.length
  const k = set.length
  // Nodes by rate (ties by node): an insertion sort, sets are small.
  const order: number[] = []
  for (let a = 0; a < k; a++) {
    const c = set[a] as Candidate
    let i = order.length
    while (i > 0) {
      const d = set[order[i - 1] as number] as Candidate
      if (d.unit < c.unit || (d.unit === c.unit && d.node < c.node)) break
      i--
    }
    order.splice(i, 0, a)
  }
  const units = new Array<number>(k).fill(0)
  let cost = 0
  for (const c of set) cost += c.fixed
  for (let s = 0; s < items; s++) {
    let q = ctx.demand[s] as number
    for (let i = 0; i < k && q > 0; i++) {
      const a = order[i] as number
      const c = set[a] as Candidate
      const x = Math.min(q, supplyOf(data, c, s))
      q -= x
      units[a] = (units[a] as number) + x
      cost += x * c.unit
    }
    if (q > 0) return { cost: Number.POSITIVE_INFINITY, units }
  }
  return { cost, units }
}

/**
 * Cost of serving every unit from `set`, or +∞ when it cannot, or when a node would send
 * nothing (the smaller set does as well with fewer nodes); NaN when a capacity could bind
 * (the exact assignment must decide).
 */
const setCost = (ctx: PromiseContext, data: CartNodes, set: readonly Candidate[]): number => {
  const { cost, units } = assign(ctx, data, set)
  if (cost === Number.POSITIVE_INFINITY) return cost
  for (let a = 0; a < set.length; a++) {
    const u = units[a] as number
    if (u === 0) return Number.POSITIVE_INFINITY
    if (u > (set[a] as Candidate).capacity) return Number.NaN
  }
  return cost
}

/**
 * {@link setCost} without allocating, when every SKU comes whole from the first node (by
 * rate, then node) of `set` that has it — as {@link assign} would take it, and as the routing
 * engine's evaluation of the set does; undefined otherwise (a SKU split between nodes, or a
 * capacity that might bind), for `setCost` to decide. `units` is scratch of at least
 * `set.length` entries; `servedBy`, when given, gets the position in `set` serving each SKU.
 */
const wholeCost = (ctx: PromiseContext, data: CartNodes, set: readonly Candidate[], units: Int32Array, servedBy?: Int32Array): number | undefined => {
  const k = set.length
  units.fill(0, 0, k)
  let cost = 0
  for (let a = 0; a < k; a++) cost += (set[a] as Candidate).fixed
  for (let s = 0; s < ctx.items.length; s++) {
    const q = ctx.demand[s] as number
    let first = -1
    for (let a = 0; a < k; a++) {
      const c = set[a] as Candidate
      if (supplyOf(data, c, s) === 0) continue
      const f = first < 0 ? undefined : (set[first] as Candidate)
      if (f === undefined || c.unit < f.unit || (c.unit === f.unit && c.node < f.node)) first = a
    }
    if (first < 0) return Number.POSITIVE_INFINITY
    const c = set[first] as Candidate
    if (supplyOf(data, c, s) < q) return undefined
    if (servedBy !== undefined) servedBy[s] = first
    units[first] = (units[first] as number) + q
    cost += q * c.unit
  }
  for (let a = 0; a < k; a++) {
    const u = units[a] as number
    // A node that sends nothing: the smaller set does as well with fewer nodes.
    if (u === 0) return Number.POSITIVE_INFINITY
    if (u > (set[a] as Candidate).capacity) return undefined
  }
  return cost
}

/** True when node list `a` comes before `b` (both ascending, same length). */
const lexBefore = (a: readonly Candidate[], b: readonly Candidate[]): boolean => {
  for (let k = 0; k < a.length; k++) {
    const x = (a[k] as Candidate).node
    const y = (b[k] as Candidate).node
    if (x !== y) return x < y
  }
  return false
}

/**
 * A good first plan to bound the search: the best single node serving everything, else
 * nodes added greedily by cost per unit they add.
 */
const firstPlan = (ctx: PromiseContext, data: CartNodes, kept: readonly Candidate[]): Candidate[] => {
  const all = (1 << ctx.items.length) - 1
  let best: Candidate | undefined
  let bestCost = Number.POSITIVE_INFINITY
  for (const c of kept) {
    if (data.full(c.slot) !== all) continue
    const cost = setCost(ctx, data, [c])
    if (cost < bestCost) {
      bestCost = cost
      best = c
    }
  }
  if (best !== undefined) return [best]
  const chosen: Candidate[] = []
  const left = ctx.demand.slice()
  for (let round = 0; round < kept.length && left.some((q) => q > 0); round++) {
    let pick: Candidate | undefined
    let pickRatio = Number.POSITIVE_INFINITY
    for (const c of kept) {
      if (chosen.includes(c)) continue
      let units = 0
      for (let s = 0; s < left.length; s++) units += Math.min(left[s] as number, supplyOf(data, c, s))
      if (units === 0) continue
      const ratio = (c.fixed + units * c.unit) / units
      if (ratio < pickRatio) {
        pickRatio = ratio
        pick = c
      }
    }
    if (pick === undefined) return []
    chosen.push(pick)
    for (let s = 0; s < left.length; s++) left[s] = Math.max(0, (left[s] as number) - supplyOf(data, pick, s))
  }
  // Keep the nodes the assignment uses (it may serve a SKU from a later, cheaper pick).
  let set = byNode(chosen)
  for (;;) {
    const { cost, units } = assign(ctx, data, set)
    if (cost === Number.POSITIVE_INFINITY) return []
    const used = set.filter((_, a) => (units[a] as number) > 0)
    if (used.length === set.length) return set
    set = used
  }
}

/**
 * Arrays of the search, kept between searches: it calls out to nothing (its candidates' data
 * is worked out before it starts), so no other search can run while one uses them.
 */
let scratchInts = new Int32Array(256)
let scratchFloats = new Float64Array(1024)
const searchScratch = (ints: number, floats: number): readonly [Int32Array, Float64Array] => {
  if (scratchInts.length < ints) scratchInts = new Int32Array(2 * ints)
  if (scratchFloats.length < floats) scratchFloats = new Float64Array(2 * floats)
  return [scratchInts, scratchFloats]
}

/** Carts of up to this many SKUs are tried on the relaxation first (2^items table entries). */
const RELAXED_MAX_ITEMS = 10
/** Fewer candidates than this are searched directly: the search is as quick. */
const RELAXED_MIN_CANDIDATES = 6

let relaxedFixed = new Float64Array(64)
let relaxedRate = new Float64Array(64)
let relaxedTouch = new Int32Array(64)

/**
 * The optimiser's choice among `kept` read off the relaxation (see `relaxedSplit`), when it
 * can be: the relaxed optimum is reached by one split only, uses each node once, and every
 * group is sent in full within capacity. Then it is a plan at the lower bound, and no other
 * plan costs as little (its relaxed cost would tie), so it is the optimum the tie rule picks.
 * Undefined otherwise, for the search.
 */
const relaxedBest = (ctx: PromiseContext, data: CartNodes, kept: readonly Candidate[], nothing: number): readonly Candidate[] | undefined => {
  const items = ctx.items.length
  const m = kept.length
  const units = data.unitsBySkus
  if (items > RELAXED_MAX_ITEMS || m < RELAXED_MIN_CANDIDATES || units === undefined) return undefined
  if (relaxedTouch.length < m) {
    relaxedFixed = new Float64Array(2 * m)
    relaxedRate = new Float64Array(2 * m)
    relaxedTouch = new Int32Array(2 * m)
  }
  for (let j = 0; j < m; j++) {
    const c = kept[j] as Candidate
    relaxedFixed[j] = c.fixed
    relaxedRate[j] = c.unit
    relaxedTouch[j] = data.touch(c.slot)
  }
  const split = relaxedSplit(items, units, m, relaxedFixed, relaxedRate, relaxedTouch)
  if (split === undefined || split.tied || !(split.cost < nothing)) return undefined
  const set: Candidate[] = []
  for (let g = 0; g < split.facility.length; g++) {
    const c = kept[split.facility[g] as number] as Candidate
    const T = split.group[g] as number
    if ((data.full(c.slot) & T) !== T || (units[T] as number) > c.capacity || set.includes(c)) return undefined
    set.push(c)
  }
  return byNode(set)
}

/**
 * The optimiser's choice among `kept` (in node order): least cost, then fewest nodes, then
 * the smallest node list; the empty set (serve nothing) costs `nothing`. Depth-first over
 * node lists; a branch stops when its fixed costs plus every unit at the cheapest rate it
 * could still use pass the best plan found, or `known` (the cost of a plan the option has:
 * the search starts from a greedy first plan only without one). Returns undefined when a
 * capacity could bind or the budget runs out.
 */
const bestSet = (ctx: PromiseContext, data: CartNodes, candidates: readonly Candidate[], nothing: number, known: number): readonly Candidate[] | undefined => {
  const items = ctx.items.length
  const all = (1 << items) - 1
  const demand = ctx.demand
  const INF = Number.POSITIVE_INFINITY
  let bestCost = nothing
  let best: Candidate[] = []
  const better = (cost: number, set: readonly Candidate[]): boolean =>
    cost < bestCost || (cost === bestCost && (set.length < best.length || (set.length === best.length && lexBefore(set, best))))
  // Branches are cut above `limit`: the best plan found so far, or the cost of a plan the
  // option is known to have (the optimum costs no more; a plan of exactly that cost is still found).
  let limit = Math.min(nothing, known)
  if (limit === nothing) {
    const first = firstPlan(ctx, data, candidates)
    if (first.length > 0) {
      const cost = setCost(ctx, data, first)
      if (Number.isNaN(cost)) return undefined
      if (better(cost, first)) {
        bestCost = cost
        best = first
        limit = cost
      }
    }
  }
  // Every unit costs at least the cheapest rate of any candidate. A candidate whose fixed cost,
  // plus another's when it cannot serve everything, plus that floor, exceeds the first plan's
  // cost is in no plan as good: the search never sees it.
  let unitMin = INF
  let fixedMin = INF
  for (const c of candidates) {
    if (c.unit < unitMin) unitMin = c.unit
    if (c.fixed < fixedMin) fixedMin = c.fixed
  }
  const floorAll = ctx.quantity * unitMin
  const kept = candidates.filter((c) => c.fixed + (data.touch(c.slot) === all ? 0 : fixedMin) + floorAll <= limit)
  const m = kept.length
  const [ints, floats] = searchScratch(3 * m + 2, (m + 1) * (1 + 2 * items))
  // What the nodes from j on can still bring: SKUs, each SKU's cheapest rate, the smallest fixed cost.
  const touches = ints.subarray(0, m)
  for (let j = 0; j < m; j++) touches[j] = data.touch((kept[j] as Candidate).slot)
  const suffixTouch = ints.subarray(m, 2 * m + 1).fill(0)
  const suffixFixed = floats.subarray(0, m + 1).fill(INF)
  const suffixRate = floats.subarray(m + 1, (m + 1) * (1 + items)).fill(INF)
  for (let j = m - 1; j >= 0; j--) {
    const c = kept[j] as Candidate
    const touch = touches[j] as number
    suffixTouch[j] = (suffixTouch[j + 1] as number) | touch
    suffixFixed[j] = Math.min(suffixFixed[j + 1] as number, c.fixed)
    for (let s = 0; s < items; s++) {
      const next = suffixRate[(j + 1) * items + s] as number
      suffixRate[j * items + s] = (touch & (1 << s)) !== 0 ? Math.min(next, c.unit) : next
    }
  }
  let visited = 0
  let failed = false
  const stopAt = ctx.meter.spent + workLeft(ctx.meter) * SEARCH_SHARE
  const units = ints.subarray(2 * m + 1, 3 * m + 2)
  const chosen: Candidate[] = []
  // rates[depth × items + s]: the cheapest rate for SKU s among the chosen nodes.
  const rates = floats.subarray((m + 1) * (1 + items), (m + 1) * (1 + 2 * items)).fill(INF)
  const visit = (from: number, fixed: number, covered: number): void => {
    const depth = chosen.length
    for (let j = from; j < m && !failed; j++) {
      const c = kept[j] as Candidate
      const touch = touches[j] as number
      const f = fixed + c.fixed
      const now = covered | touch
      // Every plan in this branch pays f, one more fixed cost while SKUs are missing, and at
      // least the cheapest rate it could use for every unit (first with the cheapest rate of all).
      let bound = f + (now === all ? 0 : (suffixFixed[j + 1] as number))
      if (bound + floorAll > limit) continue
      for (let s = 0; s < items && bound < INF; s++) {
        let r = rates[depth * items + s] as number
        if ((touch & (1 << s)) !== 0 && c.unit < r) r = c.unit
        rates[(depth + 1) * items + s] = r
        bound += (demand[s] as number) * Math.min(r, suffixRate[(j + 1) * items + s] as number)
      }
      const size = depth + (now === all ? 1 : 2)
      if (bound > limit || (bound === bestCost && size > best.length)) continue
      // Out of nodes or of the call's work, the optimiser takes over (bounded by the same meter).
      ctx.meter.spent += (items + depth + 1) * VISIT_UNITS
      if (++visited > SEARCH_BUDGET || ctx.meter.spent >= stopAt) {
        failed = true
        return
      }
      chosen.push(c)
      if (now === all) {
        const quick = wholeCost(ctx, data, chosen, units)
        const cost = quick === undefined ? setCost(ctx, data, chosen) : quick
        if (Number.isNaN(cost)) failed = true
        else if (better(cost, chosen)) {
          bestCost = cost
          best = chosen.slice()
          if (cost < limit) limit = cost
        }
      }
      // More nodes may still cover what is missing, or bring cheaper rates.
      if ((now | (suffixTouch[j + 1] as number)) === all) visit(j + 1, f, now)
      chosen.pop()
    }
  }
  visit(0, 0, 0)
  return failed ? undefined : best
}

/** The exact plan of one option of the cart, or what to do instead. */
export const cartOption = (ctx: PromiseContext, data: CartNodes, target: Target, order: Order, hint?: readonly number[]): CartAnswer => {
  const fac = new Facilities(ctx, data, target)
  const nothing = ctx.quantity * ctx.penaltyMicros
  const bound = Math.min(nothing, upperBound(ctx, data, fac, hint))
  const kept = candidates(ctx, data, fac, bound)
  ctx.meter.spent += (data.nodes.length + 1) * (ctx.items.length + 1) * CANDIDATE_UNITS
  if (kept.length === 0) return NONE
  const best = relaxedBest(ctx, data, kept, nothing) ?? bestSet(ctx, data, kept, nothing, bound)
  if (best === undefined) return solveReduced(ctx, data, target, order, kept)
  if (best.length === 0) return NONE
  const one = best[0] as Candidate
  if (best.length === 1) {
    const etaMs = offerEtaMs(ctx.net, ctx.nowMs, target, one)
    const role = one.role === 'ship' ? 'ship' : one.role === 'own' ? 'own' : 'transfer'
    const plan = singleNodePlan(ctx, order, role, one.node, target.mode === 'pickup' ? target.node : -1, one.metres, one.fixed, one.unit, etaMs)
    return { kind: 'plan', plan, etaMs, nodes: [one.node] }
  }
  const set = offersOf(ctx, data, target, best)
  let sol = wholeSolution(ctx, data, set, best)
  if (sol === undefined) {
    sol = evaluateOffers(set, ctx.meter)
    // The engine's own evaluation must agree with the search's; if not, route in full.
    if (sol.cost !== setCost(ctx, data, best)) return UNKNOWN
  }
  // Proven by the search: no other set of nodes does better.
  const planned = offerPlan(ctx.net, ctx.nowMs, order, set, sol, true)
  return planned === undefined ? UNKNOWN : { kind: 'plan', plan: planned.plan, etaMs: planned.etaMs, nodes: best.map((c) => c.node) }
}

/** Hands the surviving candidates to the routing engine's optimiser. */
const solveReduced = (ctx: PromiseContext, data: CartNodes, target: Target, order: Order, kept: readonly Candidate[]): CartAnswer => {
  const set = offersOf(ctx, data, target, kept)
  // The greedy first plan seeds the solve: with little work left, it is the plan.
  ctx.meter.spent += kept.length * (ctx.items.length + 1)
  const seed = Int32Array.from(firstPlan(ctx, data, kept), (c) => kept.indexOf(c)).sort()
  // Half of the work left: the options after this one (pickup points, stores) get the rest.
  const sol = solveOffers(set, ctx.meter, OPTION_SHARE, seed, ctx.maxSearchNodes)
  if (sol.open.length === 0) return NONE
  const planned = offerPlan(ctx.net, ctx.nowMs, order, set, sol, sol.optimality === 'proven')
  return planned === undefined ? NONE : { kind: 'plan', plan: planned.plan, etaMs: planned.etaMs, nodes: Array.from(sol.open, (k) => (kept[k] as Candidate).node) }
}

/** The router's set of the offers `chosen` (in node order). */
const offersOf = (ctx: PromiseContext, data: CartNodes, target: Target, chosen: readonly Candidate[]): OfferSet =>
  offerSet(ctx.net, ctx.nowMs, data.tiers, target, chosen, (k, s) => supplyOf(data, chosen[k] as Candidate, s))

/**
 * The router's solution for `chosen` when each SKU comes whole from one of them with no
 * capacity binding (see {@link wholeCost}): the router serves an item from its cheapest
 * facility first, ties by position, so its flows are these. Undefined otherwise.
 */
const wholeSolution = (ctx: PromiseContext, data: CartNodes, set: OfferSet, chosen: readonly Candidate[]): OfferSolution | undefined => {
  const servedBy = new Int32Array(ctx.items.length)
  const cost = wholeCost(ctx, data, chosen, new Int32Array(chosen.length), servedBy)
  if (cost === undefined || cost === Number.POSITIVE_INFINITY) return undefined
  return servedWhole(set, ctx.demand, servedBy, cost)
}

export type { Target }
