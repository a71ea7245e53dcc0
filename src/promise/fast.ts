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
 * Reserve-in-store needs no search at all (./reserve-in-store.ts): the store's own shelves are its only facility.
 *
 * @internal
 */
import { distanceMetres, metresBelow, unitVectorOf, type LatLon } from '../geo.js'
import { CAPABILITIES } from '../model/network.js'
import type { Order } from '../model/order.js'
import { fixedCostOf, unitCostOf, type FacilityRole } from '../routing/facilities.js'
import { wholeOfferPlan, type Offer } from '../routing/offers.js'
import { ineligibility } from '../rules/sourcing.js'
import { hasCapability } from '../network/nodes.js'
import type { PromiseContext } from './context.js'
import { shopperTarget } from './orders.js'
import type { SkuSupply } from './sku-supply.js'
import type { SendingCapability } from './tables.js'
import type { PromisedPlan } from './types.js'

/** A proven plan (and the ATP of its source), proof that nothing can be served, or "route it in full". */
export type FastAnswer =
  | { readonly kind: 'plan'; readonly plan: PromisedPlan; readonly etaMs: number; readonly available: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown' }

const NONE: FastAnswer = { kind: 'none' }
const UNKNOWN: FastAnswer = { kind: 'unknown' }

/** Running minimum over single-facility plans, and the bound on plans with two or more. */
class Search {
  bestCost = Number.POSITIVE_INFINITY
  bestNode = -1
  bestFixed = 0
  bestUnit = 0
  bestMetres = 0
  bestRole: FacilityRole = 'ship'
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

  offer(node: number, role: FacilityRole, fixed: number, unit: number, metres: number, units: number): void {
    this.facilities++
    if (units < this.q) return
    const cost = fixed + this.q * unit
    if (cost < this.bestCost || (cost === this.bestCost && node < this.bestNode)) {
      this.bestCost = cost
      this.bestNode = node
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

export const pointOf = (ctx: PromiseContext, node: number): LatLon => ({ lat: ctx.net.nodes.lat[node] as number, lon: ctx.net.nodes.lon[node] as number })

/**
 * Scans the holders that can send, by cost floor, for the cheapest single facility sending
 * to `to` (a parcel or a transfer): `fixedOf` is the facility's fixed cost.
 */
const scan = (
  ctx: PromiseContext,
  h: SkuSupply,
  search: Search,
  capability: SendingCapability,
  skip: number,
  to: LatLon,
  tv: Float64Array,
  fixedOf: Float64Array,
  unitFloorOf: Float64Array,
  rateOf: Float64Array,
  role: 'ship' | 'transfer',
): void => {
  const net = ctx.net
  const nodes = ctx.net.nodes
  const rules = ctx.compiledRules
  const v = nodes.unitVectors
  const q = search.q
  const checkDistance = Number.isFinite(rules.maxMetres)
  if (q > 1) {
    const bit = 1 << CAPABILITIES.indexOf(capability)
    const bits = h.bits
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w] as number
      while (word !== 0) {
        const low = word & -word
        word ^= low
        const n = (w << 5) | (31 - Math.clz32(low))
        if (n !== skip && ((nodes.capabilities[n] as number) & bit) !== 0) search.mayExist(fixedOf[n] ?? 0, unitFloorOf[n] ?? 0)
      }
    }
  }
  const walk = h.walk(capability)
  for (let j = 0; ; j++) {
    const n = walk.at(j, search.bestCost)
    if (n < 0) break
    const f = walk.floor[j] as number
    if (f > search.bestCost) break
    if (n === skip || search.beaten(f, n)) continue
    // A distance never above the real one: the carriage rounded down, less one micro-unit
    // for the product's floating point, bounds the cost before the exact distance is needed.
    const floorMetres = Math.max(0, metresBelow(v, 3 * n, tv))
    if (search.beaten(f + q * Math.max(0, Math.floor(((rateOf[n] as number) * floorMetres) / 1e6) - 1), n) || !h.canSend(n)) continue
    const metres = distanceMetres(pointOf(ctx, n), to)
    if (checkDistance && ineligibility(rules, nodes, n, metres) !== undefined) continue
    search.offer(n, role, fixedOf[n] ?? 0, unitCostOf(net, role, n, metres), metres, h.sendable(n))
  }
}

/** The best parcel from one node to the shopper, if provably optimal. */
export const fastShip = (ctx: PromiseContext, h: SkuSupply, order: Order): FastAnswer => {
  const net = ctx.net
  const search = new Search(ctx.demand[0] ?? 0)
  scan(ctx, h, search, 'ship', -1, ctx.location, unitVectorOf(ctx.location), net.packageMicros, net.unitMicros, net.perKmNanos, 'ship')
  const verdict = search.verdict(ctx.penaltyMicros)
  if (verdict !== 'proven') return verdict === 'none' ? NONE : UNKNOWN
  const n = search.bestNode
  const offer: Offer = { node: n, role: 'ship', fixed: search.bestFixed, unit: search.bestUnit, metres: search.bestMetres, capacity: h.sendable(n) }
  const { plan, etaMs } = wholeOfferPlan(net, ctx.nowMs, order, ctx.planLines, shopperTarget(ctx), offer)
  return { kind: 'plan', plan, etaMs, available: h.atp(n) }
}

/** Click & collect at `target`: its own shelves or one transfer, if provably optimal. */
export const fastPickup = (ctx: PromiseContext, h: SkuSupply, target: number, order: Order): FastAnswer => {
  const net = ctx.net
  const nodes = net.nodes
  const search = new Search(ctx.demand[0] ?? 0)
  if (h.canSend(target)) {
    // The pickup node's own stock: no fixed cost, its handling per unit, within its capacity.
    const unit = unitCostOf(net, 'own', target, 0)
    search.mayExist(0, unit)
    search.offer(target, 'own', 0, unit, 0, h.sendable(target))
  }
  if (hasCapability(nodes, target, 'transfer-in')) {
    // Pickup points of a call lie close together: the last one's source, priced here first,
    // usually is the best, and bounds the scan from its first step.
    const seed = h.lastSource
    if (seed >= 0 && seed !== target && h.canSend(seed)) {
      const metres = distanceMetres(pointOf(ctx, seed), pointOf(ctx, target))
      if (ineligibility(ctx.compiledRules, nodes, seed, metres) === undefined) {
        search.offer(seed, 'transfer', fixedCostOf(net, 'transfer', seed), unitCostOf(net, 'transfer', seed, metres), metres, h.sendable(seed))
      }
    }
    // The pickup node's unit vector during its scan: the network's scratch, so a scan allocates none.
    const tv = ctx.tables.targetVector
    tv[0] = nodes.unitVectors[3 * target] as number
    tv[1] = nodes.unitVectors[3 * target + 1] as number
    tv[2] = nodes.unitVectors[3 * target + 2] as number
    scan(ctx, h, search, 'transfer-out', target, pointOf(ctx, target), tv, net.transferFixedMicros, net.transferUnitMicros, net.transferPerKmNanos, 'transfer')
  }
  const verdict = search.verdict(ctx.penaltyMicros)
  if (verdict !== 'proven') return verdict === 'none' ? NONE : UNKNOWN
  const n = search.bestNode
  if (search.bestRole !== 'own') h.lastSource = n
  const offer: Offer = { node: n, role: search.bestRole, fixed: search.bestFixed, unit: search.bestUnit, metres: search.bestMetres, capacity: h.sendable(n) }
  const { plan, etaMs } = wholeOfferPlan(net, ctx.nowMs, order, ctx.planLines, { mode: 'pickup', node: target }, offer)
  return { kind: 'plan', plan, etaMs, available: h.atp(n) }
}

