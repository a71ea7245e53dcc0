/**
 * The product-page fast path. For one SKU (no backorder) the routing engine's instances have
 * one facility per node that can contribute, each with a fixed cost, a per-unit cost and a
 * supply; an all-or-nothing order of q units is then served by the cheapest single facility
 * that holds q units whenever that costs no more than any two facilities could (their two
 * smallest fixed costs plus q times the smallest per-unit cost) and less than leaving the
 * order unserved. Ties go to the lowest node index, as in the optimiser (facility order is
 * node order). When neither holds, the answer is `unknown` and the option is routed in full.
 *
 * Candidates are visited in order of a cost floor that needs neither stock nor distance
 * (fixed + q × per-unit handling), so the search stops as soon as the floor passes the best
 * plan found; ATP and distances are computed only for nodes that could still win.
 *
 * Reserve-in-store needs no search at all: the store's own shelves are its only facility.
 *
 * @internal
 */
import { distanceMetres, metresBelow, unitVectorOf, type LatLon } from '../geo.js'
import { CAPABILITIES } from '../model/network.js'
import type { Order } from '../model/order.js'
import { deliveredAt, pickupReadyAt, transferArrivesAt } from '../routing/eta.js'
import type { Facility } from '../routing/instance.js'
import { shipUnitMicros, transferUnitCostMicros } from '../routing/network.js'
import { ineligibility, skuAllowedAt } from '../rules/sourcing.js'
import { atpAt, hasCapability, nodesHoldingSku, skuIndexOf } from '../stock/index.js'
import type { PromiseContext } from './context.js'
import { singleNodePlan } from './plan.js'
import type { PromisedPlan } from './types.js'

/** A proven plan (and the ATP of its source), proof that nothing can be served, or "route it in full". */
export type FastAnswer =
  | { readonly kind: 'plan'; readonly plan: PromisedPlan; readonly etaMs: number; readonly available: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown' }

const NONE: FastAnswer = { kind: 'none' }
const UNKNOWN: FastAnswer = { kind: 'unknown' }
const UNLIMITED = 2_147_483_647

const NO_ATTRIBUTES: readonly string[] = []
const UNKNOWN_STATE = 0
const USABLE = 1
const UNUSABLE = 2

/**
 * Holders of one capability in order of their cost floor (ties by node), produced lazily
 * from a heap: a scan that stops after a few candidates sorts only those. The produced
 * prefix is kept, so the next scan (the next pickup point) replays it.
 */
class FloorOrder {
  readonly floor: number[]
  /** Holder indexes in floor order, as far as produced. */
  readonly prefix: number[] = []
  private readonly heap: number[] = []

  constructor(h: Holders, capability: 'ship' | 'transfer-out', fixed: Float64Array, unit: Float64Array, q: number, nodes: PromiseContext['net']['nodes']) {
    this.floor = new Array<number>(h.count).fill(0)
    const bit = 1 << CAPABILITIES.indexOf(capability)
    const capabilities = nodes.capabilities
    for (let i = 0; i < h.count; i++) {
      const n = h.node[i] as number
      if (((capabilities[n] as number) & bit) === 0) continue
      this.floor[i] = (fixed[n] ?? 0) + q * (unit[n] ?? 0)
      this.heap.push(i)
    }
    for (let k = (this.heap.length >> 1) - 1; k >= 0; k--) this.sift(k)
  }

  /** The k-th holder in floor order, or −1 past the last. */
  at(k: number): number {
    while (this.prefix.length <= k) {
      if (this.heap.length === 0) return -1
      this.prefix.push(this.heap[0] as number)
      const last = this.heap.pop() as number
      if (this.heap.length > 0) {
        this.heap[0] = last
        this.sift(0)
      }
    }
    return this.prefix[k] as number
  }

  /** Every candidate, in no particular order (for bounds). */
  all(): readonly number[] {
    return [...this.prefix, ...this.heap]
  }

  private less(a: number, b: number): boolean {
    const fa = this.floor[a] as number
    const fb = this.floor[b] as number
    return fa < fb || (fa === fb && a < b)
  }

  private sift(k: number): void {
    const heap = this.heap
    const size = heap.length
    for (;;) {
      const l = 2 * k + 1
      const r = l + 1
      let m = k
      if (l < size && this.less(heap[l] as number, heap[m] as number)) m = l
      if (r < size && this.less(heap[r] as number, heap[m] as number)) m = r
      if (m === k) return
      const t = heap[k] as number
      heap[k] = heap[m] as number
      heap[m] = t
      k = m
    }
  }
}

/**
 * The nodes holding the request's only SKU, ascending, with what each can give, worked out
 * on first use and shared by every option of the call.
 */
export class Holders {
  readonly count: number
  readonly node: readonly number[]
  readonly sku: number
  private readonly attributes: readonly string[]
  /**
   * Per holder i, at 4i…4i+3: state (unknown, usable, unusable), ATP, units it may send
   * today (min(ATP, demand, remaining unit capacity)), and 1 when it may ship or transfer
   * today (its order capacity is not used up). One array: this is built on every call.
   */
  private readonly info: number[]
  private shipOrder: FloorOrder | undefined
  private transferOrder: FloorOrder | undefined

  constructor(private readonly ctx: PromiseContext) {
    const skuId = ctx.items[0] as string
    this.sku = skuIndexOf(ctx.stock, skuId)
    this.attributes = ctx.net.skuAttributes.get(skuId) ?? NO_ATTRIBUTES
    this.node = this.sku < 0 ? [] : nodesHoldingSku(ctx.stock, this.sku)
    this.count = this.node.length
    this.info = new Array<number>(4 * this.count).fill(0)
  }

  /** ATP of holder `i` (once usable). */
  atp(i: number): number {
    return this.info[4 * i + 1] as number
  }

  /** Units holder `i` may send today (once usable). */
  sendable(i: number): number {
    return this.info[4 * i + 2] as number
  }

  /** min(ATP, demand): what holder `i`'s own shelves give a pickup there (no capacity bound). */
  own(i: number): number {
    return Math.min(this.info[4 * i + 1] as number, this.ctx.demand[0] ?? 0)
  }

  /** True when holder `i` has ATP and the rules let it source the SKU (at some distance). */
  usable(i: number): boolean {
    const info = this.info
    const s = info[4 * i] as number
    if (s !== UNKNOWN_STATE) return s === USABLE
    const ctx = this.ctx
    const nodes = ctx.net.nodes
    const n = this.node[i] as number
    const atp = atpAt(ctx.stock, this.sku, n, ctx.channel)
    if (atp <= 0 || ineligibility(ctx.compiledRules, nodes, n, 0) !== undefined || !skuAllowedAt(ctx.compiledRules, nodes, this.attributes, n)) {
      info[4 * i] = UNUSABLE
      return false
    }
    const q = ctx.demand[0] ?? 0
    let cap = UNLIMITED
    let open = 1
    const daily = nodes.nodes[n]?.dailyCapacity
    if (daily !== undefined) {
      const used = ctx.capacityUsed(nodes.ids[n] ?? '')
      if (daily.orders !== undefined && daily.orders - used.orders <= 0) open = 0
      if (daily.units !== undefined) {
        cap = Math.max(0, daily.units - used.units)
        if (cap === 0) open = 0
      }
    }
    info[4 * i] = USABLE
    info[4 * i + 1] = atp
    info[4 * i + 2] = Math.min(atp, q, cap)
    info[4 * i + 3] = open
    return true
  }

  /** True when holder `i` may ship or transfer today. */
  canSend(i: number): boolean {
    return this.usable(i) && this.info[4 * i + 3] === 1
  }

  /** Index of `node` among the holders, or −1. */
  indexOf(node: number): number {
    let lo = 0
    let hi = this.count - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const v = this.node[mid] as number
      if (v === node) return mid
      if (v < node) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  shipCandidates(): FloorOrder {
    const net = this.ctx.net
    return (this.shipOrder ??= new FloorOrder(this, 'ship', net.packageMicros, net.unitMicros, this.ctx.demand[0] ?? 0, net.nodes))
  }

  transferCandidates(): FloorOrder {
    const net = this.ctx.net
    return (this.transferOrder ??= new FloorOrder(this, 'transfer-out', net.transferFixedMicros, net.transferUnitMicros, this.ctx.demand[0] ?? 0, net.nodes))
  }
}

/** Running minimum over single-facility plans, and the bound on plans with two or more. */
class Search {
  bestCost = Number.POSITIVE_INFINITY
  bestNode = -1
  bestHolder = -1
  bestFixed = 0
  bestUnit = 0
  bestMetres = 0
  bestRole: Facility['role'] = 'ship'
  /** Facilities found to exist. */
  facilities = 0
  /** Smallest fixed costs and per-unit floor over every facility that may exist. */
  fixed1 = Number.POSITIVE_INFINITY
  fixed2 = Number.POSITIVE_INFINITY
  unitMin = Number.POSITIVE_INFINITY

  constructor(readonly q: number) {}

  mayExist(fixed: number, unitFloor: number): void {
    if (fixed < this.fixed1) {
      this.fixed2 = this.fixed1
      this.fixed1 = fixed
    } else if (fixed < this.fixed2) this.fixed2 = fixed
    if (unitFloor < this.unitMin) this.unitMin = unitFloor
  }

  /** True when nothing costing at least `floor` at `node` can beat the best single plan. */
  beaten(floor: number, node: number): boolean {
    return floor > this.bestCost || (floor === this.bestCost && node > this.bestNode)
  }

  offer(holder: number, node: number, role: Facility['role'], fixed: number, unit: number, metres: number, units: number): void {
    this.facilities++
    if (units < this.q) return
    const cost = fixed + this.q * unit
    if (cost < this.bestCost || (cost === this.bestCost && node < this.bestNode)) {
      this.bestCost = cost
      this.bestNode = node
      this.bestHolder = holder
      this.bestFixed = fixed
      this.bestUnit = unit
      this.bestMetres = metres
      this.bestRole = role
    }
  }

  /**
   * `proven` when the best single plan is the optimum; `none` when no facility exists (the
   * scan then visited every candidate, since nothing was ever beaten).
   */
  verdict(penaltyMicros: number): 'proven' | 'none' | 'unknown' {
    if (this.bestNode < 0) return this.facilities === 0 ? 'none' : 'unknown'
    if (this.q > 1 && this.bestCost > this.fixed1 + this.fixed2 + this.q * this.unitMin) return 'unknown'
    // Serving nothing costs q × penalty and wins ties (fewer facilities).
    return this.bestCost < this.q * penaltyMicros ? 'proven' : 'unknown'
  }
}

const pointOf = (ctx: PromiseContext, node: number): LatLon => ({ lat: ctx.net.nodes.lat[node] as number, lon: ctx.net.nodes.lon[node] as number })

/**
 * Scans `candidates` (by floor) for the cheapest single facility sending to `to`: `unitOf`
 * prices a unit over `metres`, `fixedOf` is the facility's fixed cost.
 */
const scan = (
  ctx: PromiseContext,
  h: Holders,
  search: Search,
  candidates: FloorOrder,
  skip: number,
  to: LatLon,
  fixedOf: Float64Array,
  unitFloorOf: Float64Array,
  rateOf: Float64Array,
  unitOf: (node: number, metres: number) => number,
  role: Facility['role'],
): void => {
  const nodes = ctx.net.nodes
  const rules = ctx.compiledRules
  const v = nodes.unitVectors
  const tv = unitVectorOf(to)
  const q = search.q
  const checkDistance = Number.isFinite(rules.maxMetres)
  if (search.q > 1) {
    for (const i of candidates.all()) {
      const n = h.node[i] as number
      if (n !== skip) search.mayExist(fixedOf[n] ?? 0, unitFloorOf[n] ?? 0)
    }
  }
  for (let k = 0; ; k++) {
    const i = candidates.at(k)
    if (i < 0) break
    const n = h.node[i] as number
    const f = candidates.floor[i] as number
    if (f > search.bestCost) break
    if (n === skip || search.beaten(f, n)) continue
    // A distance never above the real one: the carriage rounded down, less one micro-unit
    // for the product's floating point, bounds the cost before the exact distance is needed.
    const floorMetres = Math.max(0, metresBelow(v, 3 * n, tv))
    if (search.beaten(f + q * Math.max(0, Math.floor(((rateOf[n] as number) * floorMetres) / 1e6) - 1), n) || !h.canSend(i)) continue
    const metres = distanceMetres(pointOf(ctx, n), to)
    if (checkDistance && ineligibility(rules, nodes, n, metres) !== undefined) continue
    search.offer(i, n, role, fixedOf[n] ?? 0, unitOf(n, metres), metres, h.sendable(i))
  }
}

/** The best parcel from one node to the shopper, if provably optimal. */
export const fastShip = (ctx: PromiseContext, h: Holders, order: Order): FastAnswer => {
  const net = ctx.net
  const search = new Search(ctx.demand[0] ?? 0)
  scan(ctx, h, search, h.shipCandidates(), -1, ctx.location, net.packageMicros, net.unitMicros, net.perKmNanos, (n, m) => shipUnitMicros(net, n, m), 'ship')
  const verdict = search.verdict(ctx.penaltyMicros)
  if (verdict !== 'proven') return verdict === 'none' ? NONE : UNKNOWN
  const n = search.bestNode
  const metres = search.bestMetres
  const etaMs = deliveredAt(net, n, ctx.nowMs, metres)
  return {
    kind: 'plan',
    plan: singleNodePlan(ctx, order, 'ship', n, -1, metres, search.bestFixed, search.bestUnit, etaMs),
    etaMs,
    available: h.atp(search.bestHolder),
  }
}

/** Click & collect at `target`: its own shelves or one transfer, if provably optimal. */
export const fastPickup = (ctx: PromiseContext, h: Holders, target: number, order: Order): FastAnswer => {
  const net = ctx.net
  const nodes = net.nodes
  const search = new Search(ctx.demand[0] ?? 0)
  const self = h.indexOf(target)
  if (self >= 0 && h.usable(self)) {
    // The pickup node's own stock: no fixed cost, its handling per unit, no capacity bound.
    const unit = net.unitMicros[target] ?? 0
    search.mayExist(0, unit)
    search.offer(self, target, 'own', 0, unit, 0, h.own(self))
  }
  if (hasCapability(nodes, target, 'transfer-in')) {
    scan(ctx, h, search, h.transferCandidates(), target, pointOf(ctx, target), net.transferFixedMicros, net.transferUnitMicros, net.transferPerKmNanos, (n, m) => transferUnitCostMicros(net, n, m), 'transfer')
  }
  const verdict = search.verdict(ctx.penaltyMicros)
  if (verdict !== 'proven') return verdict === 'none' ? NONE : UNKNOWN
  const n = search.bestNode
  const metres = search.bestMetres
  const own = search.bestRole === 'own'
  const etaMs = own ? pickupReadyAt(net, target, ctx.nowMs) : pickupReadyAt(net, target, transferArrivesAt(net, n, ctx.nowMs, metres))
  return {
    kind: 'plan',
    plan: singleNodePlan(ctx, order, own ? 'own' : 'transfer', n, target, metres, search.bestFixed, search.bestUnit, etaMs),
    etaMs,
    available: h.atp(search.bestHolder),
  }
}

/**
 * Stores within the radius that may hold everything the request needs, nearest first (ties
 * by node index): those holding every SKU of the request, by exact distance.
 */
export const reserveCandidates = (
  ctx: PromiseContext,
  isStore: (node: number) => boolean,
  holders?: readonly number[],
): ReadonlyArray<{ readonly node: number; readonly metres: number }> => {
  const { stock, net } = ctx
  let common: readonly number[] | undefined = holders
  if (common === undefined) {
    for (const skuId of ctx.items) {
      const s = skuIndexOf(stock, skuId)
      const holding = s < 0 ? [] : nodesHoldingSku(stock, s)
      common = common === undefined ? holding : intersectSorted(common, holding)
      if (common.length === 0) return []
    }
  }
  const v = net.nodes.unitVectors
  const p = unitVectorOf(ctx.location)
  const limit = ctx.radiusKm * 1000
  const out: { node: number; metres: number }[] = []
  for (const n of common ?? []) {
    if (!isStore(n) || metresBelow(v, 3 * n, p) > limit) continue
    const metres = distanceMetres(ctx.location, pointOf(ctx, n))
    if (metres <= limit) out.push({ node: n, metres })
  }
  return out.sort((a, b) => a.metres - b.metres || a.node - b.node)
}

const intersectSorted = (a: readonly number[], b: readonly number[]): number[] => {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) {
      out.push(x)
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return out
}

/**
 * Reserve-in-store at `store`, any request: its own shelves are the only facility the order
 * allows, so the plan is that facility serving everything, or nothing. The order's extra
 * rules (nothing beyond 0 km, co-located nodes excluded) never exclude the store itself, so
 * the call's own rules decide whether its shelves may source.
 */
export const reserveServes = (ctx: PromiseContext, store: number, h?: Holders): boolean => {
  const { net, stock } = ctx
  if (h !== undefined) {
    // One SKU: the holders already know (or will remember) the store's ATP and rules.
    const i = h.indexOf(store)
    return i >= 0 && h.usable(i) && h.atp(i) >= (ctx.demand[0] ?? 0) && (net.unitMicros[store] ?? 0) < ctx.penaltyMicros
  }
  for (let s = 0; s < ctx.items.length; s++) {
    const skuId = ctx.items[s] as string
    if (atpAt(stock, skuIndexOf(stock, skuId), store, ctx.channel) < (ctx.demand[s] ?? 0)) return false
  }
  const nodes = net.nodes
  if (ineligibility(ctx.compiledRules, nodes, store, 0) !== undefined) return false
  for (const skuId of ctx.items) if (!skuAllowedAt(ctx.compiledRules, nodes, net.skuAttributes.get(skuId) ?? [], store)) return false
  // All-or-nothing: serving nothing costs the penalties and wins a tie.
  return (net.unitMicros[store] ?? 0) < ctx.penaltyMicros
}

/** The reserve-in-store plan at `store`, once {@link reserveServes} said it serves. */
export const reservePlan = (ctx: PromiseContext, store: number, order: Order, h?: Holders): FastAnswer => {
  const net = ctx.net
  const etaMs = pickupReadyAt(net, store, ctx.nowMs)
  const plan = singleNodePlan(ctx, order, 'own', store, store, 0, 0, net.unitMicros[store] ?? 0, etaMs)
  // One SKU: the store's ATP is what it can still promise; a cart's is looked up per SKU.
  const i = h === undefined ? -1 : h.indexOf(store)
  const available =
    h !== undefined && i >= 0 ? h.atp(i) : ctx.items.length === 1 ? atpAt(ctx.stock, skuIndexOf(ctx.stock, ctx.items[0] as string), store, ctx.channel) : -1
  return { kind: 'plan', plan, etaMs, available }
}
