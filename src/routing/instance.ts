/**
 * Turns an order, the stock and the rules into a facility problem for the optimiser: every
 * way a node can contribute (ship to the customer, transfer to the pickup node or hub, the
 * target's own stock, each now or from inbound lots) becomes a facility with a fixed cost,
 * per-unit costs per SKU, supply per SKU, capacity and an ETA. Nodes that cannot contribute
 * are kept with the reason, for the explanation.
 */
import { distanceMetres, type LatLon } from '../geo.js'
import { toMicros } from '../money.js'
import type { Order } from '../model/order.js'
import { ineligibility, skuAllowedAt, type CompiledRules } from '../rules/sourcing.js'
import { hasCapability } from '../stock/nodes.js'
import { atpAt, inboundLotsAt, nodesHoldingSku, skuIndexOf, type StockState } from '../stock/index.js'
import { deliveredAt, pickupReadyAt, transferArrivesAt } from './eta.js'
import { shipUnitMicros, transferUnitCostMicros, type RoutingNetwork } from './network.js'
import type { FacilityProblem } from './optimiser.js'
import type { NodeReason } from './plan.js'

/** Per-unit penalty when neither the line, the order nor the options name one. */
export const DEFAULT_UNFULFILLED_PENALTY = '1000'

/** How a facility's units reach the customer. */
export type FacilityRole = 'ship' | 'transfer' | 'own'

/** One way a node can contribute units. */
export interface Facility {
  readonly node: number
  readonly role: FacilityRole
  /** True when the units come from inbound lots. */
  readonly later: boolean
  /** When the facility's units are at its node (now, or the last lot it waits for). */
  readonly stockAtMs: number
  /** Distance to the customer (`ship`) or to the target node (`transfer`, `own`: 0). */
  readonly metres: number
  /** When the customer has the units if this facility alone served them. */
  readonly etaMs: number
}

/** A demand tier: one order line. */
export interface Tier {
  readonly lineId: string
  readonly sku: string
  readonly quantity: number
  readonly penalty: number
}

/** A node that was looked at and why it can or cannot contribute. */
export interface Considered {
  readonly node: number
  readonly metres: number
  /** Set when the node cannot contribute; otherwise its facilities decide. */
  readonly reason?: NodeReason
}

/** A routing instance: one way of serving the order (direct, to a pickup node, via a hub). */
export interface Instance {
  readonly mode: 'direct' | 'pickup' | 'hub'
  /** The pickup node or hub, or −1. */
  readonly target: number
  /** Distance from the target to the customer (hub), else 0. */
  readonly targetMetres: number
  readonly items: readonly string[]
  readonly tiers: readonly Tier[]
  readonly facilities: readonly Facility[]
  readonly problem: FacilityProblem
  /** Paid once when any unit is served (the hub's last-mile parcel). */
  readonly constantMicros: number
  /** Last-mile cost per unit from a hub to the customer (0 otherwise). */
  readonly lastMileUnitMicros: number
  readonly considered: readonly Considered[]
}

/** What every instance of one routing call shares. */
export interface RoutingContext {
  readonly net: RoutingNetwork
  readonly stock: StockState
  readonly order: Order
  readonly rules: CompiledRules
  readonly nowMs: number
  readonly deliverByMs: number
  readonly maxOpen: number
  readonly allOrNothing: boolean
  readonly allowBackorder: boolean
  readonly capacityUsed: (node: string) => { readonly orders: number; readonly units: number }
  readonly defaultPenalty: string
}

const UNLIMITED = 2_147_483_647

interface ItemData {
  readonly items: readonly string[]
  readonly skuIndex: Int32Array
  readonly attributes: readonly (readonly string[])[]
  readonly tiers: readonly Tier[]
  readonly tierStart: Int32Array
  readonly demand: Int32Array
}

const itemData = (ctx: RoutingContext): ItemData => {
  const { order, net, stock } = ctx
  const orderPenalty = order.unfulfilledPenalty ?? ctx.defaultPenalty
  const items = [...new Set(order.lines.map((l) => l.sku))].sort()
  const tiers: Tier[] = []
  const tierStart = new Int32Array(items.length + 1)
  const demand = new Int32Array(items.length)
  items.forEach((sku, s) => {
    tierStart[s] = tiers.length
    const lines = order.lines
      .filter((l) => l.sku === sku)
      .map((l) => ({ lineId: l.id, sku, quantity: l.quantity, penalty: toMicros(l.unfulfilledPenalty ?? orderPenalty) }))
      .sort((a, b) => b.penalty - a.penalty || (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0))
    for (const t of lines) {
      tiers.push(t)
      demand[s] = (demand[s] ?? 0) + t.quantity
    }
  })
  tierStart[items.length] = tiers.length
  return {
    items,
    skuIndex: Int32Array.from(items, (sku) => skuIndexOf(stock, sku)),
    attributes: items.map((sku) => net.skuAttributes.get(sku) ?? []),
    tiers,
    tierStart,
    demand,
  }
}

/** Nodes holding any of the order's SKUs, ascending. */
const holders = (ctx: RoutingContext, data: ItemData, extra: number): number[] => {
  const seen = new Uint8Array(ctx.net.nodes.count)
  const out: number[] = []
  for (const s of data.skuIndex) {
    if (s < 0) continue
    for (const n of nodesHoldingSku(ctx.stock, s)) {
      if (seen[n] === 0) {
        seen[n] = 1
        out.push(n)
      }
    }
  }
  if (extra >= 0 && seen[extra] === 0) out.push(extra)
  return out.sort((a, b) => a - b)
}

interface Draft {
  readonly facilities: Facility[]
  readonly fixed: number[]
  readonly unit: number[]
  readonly supply: number[]
  readonly capacity: number[]
}

/** The latest lot instant at `node` whose units still meet the date, or −1. */
const backorderInstant = (
  ctx: RoutingContext,
  data: ItemData,
  node: number,
  etaOf: (stockAt: number) => number,
): number => {
  let best = -1
  for (const s of data.skuIndex) {
    if (s < 0) continue
    for (const lot of inboundLotsAt(ctx.stock, s, node)) {
      if (lot.etaMs <= ctx.nowMs || lot.etaMs <= best) continue
      if (etaOf(lot.etaMs) <= ctx.deliverByMs) best = lot.etaMs
    }
  }
  return best
}

/**
 * Adds the facilities of `node` (now, and from inbound lots when allowed) to the draft, or
 * returns the reason it has none.
 */
const addFacilities = (
  ctx: RoutingContext,
  data: ItemData,
  draft: Draft,
  node: number,
  role: FacilityRole,
  metres: number,
  fixedMicros: number,
  unitMicros: (s: number) => number,
  etaOf: (stockAt: number) => number,
  capacityApplies: boolean,
): NodeReason | undefined => {
  const nItems = data.items.length
  const channel = ctx.order.channel
  let capacity = UNLIMITED
  if (capacityApplies) {
    const cap = ctx.net.nodes.nodes[node]?.dailyCapacity
    if (cap !== undefined) {
      const used = ctx.capacityUsed(ctx.net.nodes.ids[node] ?? '')
      if (cap.orders !== undefined && cap.orders - used.orders <= 0) return 'over-capacity'
      if (cap.units !== undefined) {
        capacity = Math.max(0, cap.units - used.units)
        if (capacity === 0) return 'over-capacity'
      }
    }
  }
  const nowSupply = new Array<number>(nItems).fill(0)
  let anyStock = false
  let anyAllowed = false
  for (let s = 0; s < nItems; s++) {
    const sku = data.skuIndex[s] ?? -1
    if (sku < 0) continue
    const atp = atpAt(ctx.stock, sku, node, channel)
    if (atp > 0 || inboundLotsAt(ctx.stock, sku, node).length > 0) anyStock = true
    if (!skuAllowedAt(ctx.rules, ctx.net.nodes, data.attributes[s] ?? [], node)) continue
    anyAllowed = true
    nowSupply[s] = Math.min(atp, data.demand[s] ?? 0)
  }
  if (!anyStock) return 'no-stock'
  if (!anyAllowed) return 'sku-rule'
  const push = (later: boolean, stockAtMs: number, supply: readonly number[], cap: number): void => {
    draft.facilities.push({ node, role, later, stockAtMs, metres, etaMs: etaOf(stockAtMs) })
    draft.fixed.push(fixedMicros)
    for (let s = 0; s < nItems; s++) {
      draft.unit.push(unitMicros(s))
      draft.supply.push(supply[s] ?? 0)
    }
    draft.capacity.push(cap)
  }
  const nowOnTime = etaOf(ctx.nowMs) <= ctx.deliverByMs
  const hasNow = nowOnTime && nowSupply.some((q) => q > 0)
  if (hasNow) push(false, ctx.nowMs, nowSupply, capacity)
  let hasLater = false
  if (ctx.allowBackorder) {
    const at = backorderInstant(ctx, data, node, etaOf)
    if (at > 0) {
      const laterSupply = nowSupply.map((now, s) => {
        const sku = data.skuIndex[s] ?? -1
        if (sku < 0 || !skuAllowedAt(ctx.rules, ctx.net.nodes, data.attributes[s] ?? [], node)) return 0
        const total = Math.min(atpAt(ctx.stock, sku, node, channel, at), data.demand[s] ?? 0)
        return Math.max(0, total - (nowOnTime ? now : 0))
      })
      if (laterSupply.some((q) => q > 0)) {
        // A backorder leaves on a later day, so today's remaining capacity does not bind it.
        push(true, at, laterSupply, UNLIMITED)
        hasLater = true
      }
    }
  }
  if (hasNow || hasLater) return undefined
  return nowSupply.some((q) => q > 0) ? 'past-cutoff' : 'no-stock'
}

const finish = (
  ctx: RoutingContext,
  data: ItemData,
  draft: Draft,
  mode: Instance['mode'],
  target: number,
  targetMetres: number,
  constantMicros: number,
  lastMileUnitMicros: number,
  considered: Considered[],
): Instance => {
  const tierQuantity = Int32Array.from(data.tiers, (t) => t.quantity)
  const tierPenalty = Float64Array.from(data.tiers, (t) => t.penalty)
  const problem: FacilityProblem = {
    itemCount: data.items.length,
    tierStart: data.tierStart,
    tierQuantity,
    tierPenalty,
    facilityCount: draft.facilities.length,
    fixedCost: Float64Array.from(draft.fixed),
    unitCost: Float64Array.from(draft.unit),
    supply: Int32Array.from(draft.supply),
    capacity: Int32Array.from(draft.capacity),
    maxOpen: Math.max(1, Math.min(ctx.maxOpen, Math.max(1, draft.facilities.length))),
    allOrNothing: ctx.allOrNothing,
  }
  return {
    mode,
    target,
    targetMetres,
    items: data.items,
    tiers: data.tiers,
    facilities: draft.facilities,
    problem,
    constantMicros,
    lastMileUnitMicros,
    considered,
  }
}

const emptyDraft = (): Draft => ({ facilities: [], fixed: [], unit: [], supply: [], capacity: [] })

/** Direct shipping: every eligible node that can ship sends its own parcel. */
export const directInstance = (ctx: RoutingContext, to: LatLon): Instance => {
  const data = itemData(ctx)
  const { net } = ctx
  const nodes = net.nodes
  const draft = emptyDraft()
  const considered: Considered[] = []
  for (const node of holders(ctx, data, -1)) {
    const metres = distanceMetres({ lat: nodes.lat[node] ?? 0, lon: nodes.lon[node] ?? 0 }, to)
    const blocked = ineligibility(ctx.rules, nodes, node, metres)
    if (blocked !== undefined) {
      considered.push({ node, metres, reason: blocked })
      continue
    }
    if (!hasCapability(nodes, node, 'ship')) {
      considered.push({ node, metres, reason: 'no-capability' })
      continue
    }
    const perUnit = shipUnitMicros(net, node, metres)
    const reason = addFacilities(
      ctx,
      data,
      draft,
      node,
      'ship',
      metres,
      net.packageMicros[node] ?? 0,
      () => perUnit,
      (at) => deliveredAt(net, node, at, metres),
      true,
    )
    considered.push(reason === undefined ? { node, metres } : { node, metres, reason })
  }
  return finish(ctx, data, draft, 'direct', -1, 0, 0, 0, considered)
}

/**
 * Serving through a target node: a pickup node the customer collects at, or a hub that
 * consolidates transfers into one last-mile parcel to `to`.
 */
export const targetInstance = (ctx: RoutingContext, mode: 'pickup' | 'hub', target: number, to?: LatLon): Instance => {
  const data = itemData(ctx)
  const { net } = ctx
  const nodes = net.nodes
  const targetLoc = { lat: nodes.lat[target] ?? 0, lon: nodes.lon[target] ?? 0 }
  const lastMetres = mode === 'hub' && to !== undefined ? distanceMetres(targetLoc, to) : 0
  const lastMileUnit = mode === 'hub' ? shipUnitMicros(net, target, lastMetres) : 0
  const lastLeg = (arrivedAt: number): number =>
    mode === 'hub' ? deliveredAt(net, target, arrivedAt, lastMetres) : pickupReadyAt(net, target, arrivedAt)
  const targetTakesTransfers = hasCapability(nodes, target, 'transfer-in')
  const draft = emptyDraft()
  const considered: Considered[] = []
  for (const node of holders(ctx, data, target)) {
    const own = node === target
    const metres = own
      ? 0
      : distanceMetres({ lat: nodes.lat[node] ?? 0, lon: nodes.lon[node] ?? 0 }, targetLoc)
    const blocked = ineligibility(ctx.rules, nodes, node, metres)
    if (blocked !== undefined) {
      considered.push({ node, metres, reason: blocked })
      continue
    }
    if (!own && (!targetTakesTransfers || !hasCapability(nodes, node, 'transfer-out'))) {
      considered.push({ node, metres, reason: 'no-capability' })
      continue
    }
    const perUnit = own
      ? mode === 'hub'
        ? lastMileUnit
        : (net.unitMicros[node] ?? 0)
      : transferUnitCostMicros(net, node, metres) + lastMileUnit
    const reason = addFacilities(
      ctx,
      data,
      draft,
      node,
      own ? 'own' : 'transfer',
      metres,
      own ? 0 : (net.transferFixedMicros[node] ?? 0),
      () => perUnit,
      own ? lastLeg : (at) => lastLeg(transferArrivesAt(net, node, at, metres)),
      !own,
    )
    considered.push(reason === undefined ? { node, metres } : { node, metres, reason })
  }
  const constant = mode === 'hub' ? (net.packageMicros[target] ?? 0) : 0
  return finish(ctx, data, draft, mode, target, lastMetres, constant, lastMileUnit, considered)
}
