/**
 * Turns an order, the stock and the rules into a facility problem for the optimiser: every
 * way a node can contribute (ship to the customer, transfer to the pickup node or hub, the
 * target's own stock, each now or from inbound lots) becomes a facility with a fixed cost,
 * per-unit costs per SKU, supply per SKU, capacity and an ETA. Nodes that cannot contribute
 * are kept with the reason, for the explanation.
 */
import { distanceMetres, type LatLon } from '../geo.js'
import { ineligibility, skuAllowedAt } from '../rules/sourcing.js'
import { CAPABILITIES } from '../model/network.js'
import { atpAt, inboundLotsAt } from '../stock/index.js'
import { shipUnitMicros } from '../network/compile.js'
import { heldMask, holderNodes, holdersWith, prepareOrder, type ItemData, type PreparedOrder, type RoutingContext, type Tier } from './prepared.js'
import { fixedCostOf, offerEta, UNLIMITED, unitCostOf, unitsToday, type Facility, type FacilityRole, type SupplyInstant } from './facilities.js'
import type { FacilityProblem } from './optimiser.js'
import type { NodeReason } from './plan.js'
import { delayZone, localDays } from './delay.js'

export { coveringNodes, heldMask, holderNodes, holdersWith, outsideCoverBound, prepareOrder, type Holders, type ItemData, type PreparedOrder, type RoutingContext, type Tier } from './prepared.js'
export { DEFAULT_UNFULFILLED_PENALTY, dispatchInstant, type Dispatch, type Facility, type FacilityRole, type SupplyInstant } from './facilities.js'

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
  /**
   * Delay cost per unit on every facility of the instance (micros): a pickup or hub plan
   * priced at the day its units reach the customer together (see ./delay.ts); 0 otherwise.
   */
  readonly delayUnitMicros: number
  readonly considered: readonly Considered[]
}

interface Draft {
  readonly facilities: Facility[]
  readonly fixed: number[]
  readonly unit: number[]
  readonly supply: number[]
  readonly capacity: number[]
  /** Stock group per facility: the node, for a node leaving at several instants; else −1. */
  readonly group: number[]
  /** Protected units per facility and item (see `FacilityProblem.protectedUnits`), and each facility's surcharge. */
  readonly protect: number[]
  readonly protectCost: number[]
  /** Per-item scratch for the protected units of one node now. */
  readonly protectScratch: number[]
  /** Per-item scratch for one node's supply. */
  readonly scratch: number[]
}

/**
 * The instants after now at which more of the order reaches `node` (inbound lots of the items
 * it holds and may send), ascending and distinct, each with the cumulative supply by then;
 * only instants whose units still meet the date, and only those that add units or room
 * beyond the instant before (`first`, the supply now, or nothing) — but for the first instant
 * after now when `unprotect` is set: units sent now are protected, and a parcel that waits
 * for a lot sends the same units without the surcharge.
 */
const laterInstants = (
  ctx: RoutingContext,
  data: ItemData,
  node: number,
  allowedMask: number,
  eta: EtaOf,
  metres: number,
  first: SupplyInstant | undefined,
  unprotect = false,
): SupplyInstant[] => {
  const times: number[] = []
  for (let i = 0; i < data.skuIndex.length; i++) {
    const s = data.skuIndex[i] ?? -1
    if (s < 0 || (allowedMask & (1 << i)) === 0) continue
    for (const lot of inboundLotsAt(ctx.stock, s, node)) if (lot.etaMs > ctx.nowMs) times.push(lot.etaMs)
  }
  if (times.length === 0) return []
  times.sort((a, b) => a - b)
  const out: SupplyInstant[] = []
  let previous = first
  for (let i = 0; i < times.length; i++) {
    const at = times[i] as number
    if (i > 0 && at === times[i - 1]) continue
    const etaMs = eta(node, metres, at)
    // ETAs grow with the instant units are at the node: no later lot meets the date either.
    if (etaMs > ctx.deliverByMs) break
    const supply = new Int32Array(data.items.length)
    let units = 0
    let grows = false
    for (let s = 0; s < supply.length; s++) {
      const sku = data.skuIndex[s] ?? -1
      if (sku < 0 || (allowedMask & (1 << s)) === 0) continue
      const q = Math.min(atpAt(ctx.stock, sku, node, ctx.order.channel, at), data.demand[s] ?? 0)
      supply[s] = q
      units += q
      if (q > (previous?.supply[s] ?? 0)) grows = true
    }
    if (units === 0) continue
    if (!grows && previous !== undefined && previous.capacity >= units && !(unprotect && !previous.later)) continue
    previous = { atMs: at, etaMs, later: true, supply, capacity: UNLIMITED }
    out.push(previous)
  }
  return out
}

const pushFacility = (
  draft: Draft,
  f: Facility,
  fixedMicros: number,
  unitMicros: number,
  supply: ArrayLike<number>,
  cap: number,
  group = -1,
  protectedUnits?: ArrayLike<number>,
  protectMicros = 0,
): void => {
  draft.facilities.push(f)
  draft.group.push(group)
  draft.fixed.push(fixedMicros)
  draft.protectCost.push(protectedUnits === undefined ? 0 : protectMicros)
  for (let s = 0; s < supply.length; s++) {
    draft.unit.push(unitMicros)
    draft.supply.push(supply[s] ?? 0)
    draft.protect.push(protectedUnits === undefined ? 0 : (protectedUnits[s] ?? 0))
  }
  draft.capacity.push(cap)
}

/** When the customer has units that are at `node` (`metres` from where they go) at `stockAt`. */
type EtaOf = (node: number, metres: number, stockAt: number) => number

/** The delay cost per unit (micros) of a parcel from `node` delivered at `etaMs`. */
type DelayOf = (node: number, etaMs: number) => number

/** `f` carrying `delayMicros` per unit, when any. */
const delayed = (f: Facility, delayMicros: number): Facility => (delayMicros > 0 ? { ...f, delayMicros } : f)

/**
 * Adds the facility of `node` to the draft, or returns the reason it has none. The facility
 * may leave now and, for backorders, at each later instant an inbound lot adds units (see
 * {@link Facility}). Only the items the node holds (`heldMask`) are looked up: the others
 * have no ATP and no lots there. Today's remaining capacity binds what leaves now; a backorder
 * leaves on a later day and is not bound by it.
 */
const addFacilities = (
  ctx: RoutingContext,
  data: ItemData,
  draft: Draft,
  node: number,
  heldMask: number,
  role: FacilityRole,
  metres: number,
  fixedMicros: number,
  unitMicros: number,
  eta: EtaOf,
  delayOf?: DelayOf,
): NodeReason | undefined => {
  const nItems = data.items.length
  const channel = ctx.order.channel
  const capacity = unitsToday(ctx.net, ctx.capacityUsed, node)
  const today = capacity > 0
  if (!today && !ctx.allowBackorder) return 'over-capacity'
  // Copied into the draft by pushFacility, so one scratch array serves every node.
  const nowSupply = draft.scratch.fill(0)
  // Protection: of what the node sends now, the units among its last N of an SKU (of its ATP).
  const lastUnits = ctx.net.protectLastUnits[node] ?? 0
  const protectMicros = ctx.net.protectMicros[node] ?? 0
  const nowProtected = draft.protectScratch.fill(0)
  let anyProtected = false
  let anyStock = false
  let allowedMask = 0
  let anyNow = false
  for (let s = 0; s < nItems; s++) {
    const sku = data.skuIndex[s] ?? -1
    if (sku < 0) continue
    const held = (heldMask & (1 << s)) !== 0
    const atp = held ? atpAt(ctx.stock, sku, node, channel) : 0
    if (held && (atp > 0 || inboundLotsAt(ctx.stock, sku, node).length > 0)) anyStock = true
    if (!skuAllowedAt(ctx.rules, ctx.net.nodes, data.attributes[s] ?? [], node)) continue
    if (held) allowedMask |= 1 << s
    const q = Math.min(atp, data.demand[s] ?? 0)
    nowSupply[s] = q
    if (q > 0) anyNow = true
    if (lastUnits > 0 && q > 0) {
      const p = q - Math.max(0, atp - lastUnits)
      if (p > 0) {
        nowProtected[s] = p
        anyProtected = true
      }
    }
  }
  if (!anyStock) return 'no-stock'
  if (allowedMask === 0) return 'sku-rule'
  const nowEta = eta(node, metres, ctx.nowMs)
  const hasNow = today && anyNow && nowEta <= ctx.deliverByMs
  const nowFacility: Facility = { node, role, later: false, stockAtMs: ctx.nowMs, metres, etaMs: nowEta }
  const delayAt = (etaMs: number): number => (delayOf === undefined ? 0 : delayOf(node, etaMs))
  const nowDelay = delayAt(nowEta)
  const nowProtect = anyProtected && protectMicros > 0 ? nowProtected : undefined
  if (!ctx.allowBackorder) {
    if (!hasNow) return anyNow ? 'past-cutoff' : 'no-stock'
    pushFacility(draft, delayed(nowFacility, nowDelay), fixedMicros, unitMicros + nowDelay, nowSupply, capacity, -1, nowProtect, protectMicros)
    return undefined
  }
  const now: SupplyInstant | undefined = hasNow
    ? { atMs: ctx.nowMs, etaMs: nowEta, later: false, supply: Int32Array.from(nowSupply), capacity }
    : undefined
  const later = laterInstants(ctx, data, node, allowedMask, eta, metres, now, nowProtect !== undefined)
  const last = later[later.length - 1]
  if (last === undefined) {
    if (now === undefined) return !today && anyNow ? 'over-capacity' : anyNow ? 'past-cutoff' : 'no-stock'
    pushFacility(draft, delayed(nowFacility, nowDelay), fixedMicros, unitMicros + nowDelay, nowSupply, capacity, -1, nowProtect, protectMicros)
    return undefined
  }
  const instants = now === undefined ? later : [now, ...later]
  const first = instants[0] as SupplyInstant
  const lastDelay = delayAt(last.etaMs)
  if (lastDelay !== delayAt(first.etaMs) || (now !== undefined && nowProtect !== undefined)) {
    // The instant changes the cost: later parcels cost more delay, and only units sent now
    // are protected. A parcel now and another once a lot lands may then beat one parcel that
    // waits: one facility per instant, drawing on the node's one stock.
    for (const at of instants) {
      const d = delayAt(at.etaMs)
      const f: Facility = { node, role, later: at.later, stockAtMs: at.atMs, metres, etaMs: at.etaMs }
      pushFacility(draft, delayed(f, d), fixedMicros, unitMicros + d, at.supply, at.capacity, node, at.later ? undefined : nowProtect, protectMicros)
    }
    return undefined
  }
  const f: Facility = { node, role, later: true, stockAtMs: last.atMs, metres, etaMs: last.etaMs, instants }
  pushFacility(draft, delayed(f, lastDelay), fixedMicros, unitMicros + lastDelay, last.supply, UNLIMITED)
  return undefined
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
  const problem: FacilityProblem = {
    itemCount: data.items.length,
    tierStart: data.tierStart,
    tierQuantity: data.tierQuantity,
    tierPenalty: data.tierPenalty,
    facilityCount: draft.facilities.length,
    fixedCost: new Float64Array(draft.fixed),
    unitCost: new Float64Array(draft.unit),
    supply: new Int32Array(draft.supply),
    capacity: new Int32Array(draft.capacity),
    maxOpen: Math.max(1, Math.min(ctx.maxOpen, Math.max(1, draft.facilities.length))),
    allOrNothing: ctx.allOrNothing,
    ...(draft.group.some((g) => g >= 0) ? { stockGroup: Int32Array.from(draft.group) } : {}),
    ...(draft.protect.some((u) => u > 0) ? { protectedUnits: Int32Array.from(draft.protect), protectedCost: Float64Array.from(draft.protectCost) } : {}),
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
    delayUnitMicros: 0,
    considered,
  }
}

/**
 * The instance over the nodes of `a` and of `b` together: two instances of the same order,
 * mode and target over disjoint nodes. Facilities and considered nodes stay in node order, as
 * if built together, so the optimiser's tie rule (which prefers earlier facilities) sees the
 * same order.
 */
export const mergeInstances = (ctx: RoutingContext, a: Instance, b: Instance): Instance => {
  const pa = a.problem
  const pb = b.problem
  const items = pa.itemCount
  const count = pa.facilityCount + pb.facilityCount
  const fixedCost = new Float64Array(count)
  const unitCost = new Float64Array(count * items)
  const supply = new Int32Array(count * items)
  const capacity = new Int32Array(count)
  const grouped = pa.stockGroup !== undefined || pb.stockGroup !== undefined
  const stockGroup = grouped ? new Int32Array(count) : undefined
  const protects = pa.protectedUnits !== undefined || pb.protectedUnits !== undefined
  const protectedUnits = protects ? new Int32Array(count * items) : undefined
  const protectedCost = protects ? new Float64Array(count) : undefined
  const facilities: Facility[] = []
  for (let i = 0, j = 0; i + j < count; ) {
    const fromA = j >= pb.facilityCount || (i < pa.facilityCount && (a.facilities[i]?.node ?? 0) < (b.facilities[j]?.node ?? 0))
    const p = fromA ? pa : pb
    const k = fromA ? i++ : j++
    const at = facilities.length
    facilities.push((fromA ? a : b).facilities[k] as Facility)
    fixedCost[at] = p.fixedCost[k] ?? 0
    capacity[at] = p.capacity[k] ?? 0
    if (stockGroup !== undefined) stockGroup[at] = p.stockGroup?.[k] ?? -1
    if (protectedUnits !== undefined && protectedCost !== undefined && p.protectedUnits !== undefined) {
      protectedUnits.set(p.protectedUnits.subarray(k * items, (k + 1) * items), at * items)
      protectedCost[at] = p.protectedCost?.[k] ?? 0
    }
    unitCost.set(p.unitCost.subarray(k * items, (k + 1) * items), at * items)
    supply.set(p.supply.subarray(k * items, (k + 1) * items), at * items)
  }
  const considered = [...a.considered, ...b.considered].sort((x, y) => x.node - y.node)
  return {
    ...a,
    facilities,
    considered,
    problem: {
      ...pa,
      facilityCount: count,
      fixedCost,
      unitCost,
      supply,
      capacity,
      maxOpen: Math.max(1, Math.min(ctx.maxOpen, Math.max(1, count))),
      ...(stockGroup === undefined ? {} : { stockGroup }),
      ...(protectedUnits === undefined || protectedCost === undefined ? {} : { protectedUnits, protectedCost }),
    },
  }
}

const emptyDraft = (items: number): Draft => ({
  facilities: [],
  fixed: [],
  unit: [],
  supply: [],
  capacity: [],
  group: [],
  protect: [],
  protectCost: [],
  scratch: new Array<number>(items).fill(0),
  protectScratch: new Array<number>(items).fill(0),
})

const SHIP_BIT = 1 << CAPABILITIES.indexOf('ship')
const TRANSFER_IN_BIT = 1 << CAPABILITIES.indexOf('transfer-in')
const TRANSFER_OUT_BIT = 1 << CAPABILITIES.indexOf('transfer-out')

/**
 * Direct shipping: every eligible node that can ship sends its own parcel. `prepared` (from
 * `prepareOrder(ctx)`) lets the instances of one routing call share their item data.
 */
export const directInstance = (
  ctx: RoutingContext,
  to: LatLon,
  prepared: PreparedOrder = prepareOrder(ctx),
  only?: Int32Array,
): Instance => {
  const { data } = prepared
  const { net } = ctx
  const nodes = net.nodes
  const draft = emptyDraft(data.items.length)
  const considered: Considered[] = []
  const eta: EtaOf = (node, metres, at) => offerEta(net, 'direct', -1, 0, 'ship', node, at, metres, ctx.customerZone)
  const rate = ctx.delayMicros ?? 0
  const delayOf: DelayOf | undefined = rate > 0 ? (node, etaMs) => rate * localDays(delayZone(net, ctx.customerZone, node), ctx.nowMs, etaMs) : undefined
  const list = only ?? holderNodes(prepared)
  for (let i = 0; i < list.length; i++) {
    const node = list[i] ?? 0
    const metres = distanceMetres({ lat: nodes.lat[node] ?? 0, lon: nodes.lon[node] ?? 0 }, to)
    const blocked = ineligibility(ctx.rules, nodes, node, metres)
    if (blocked !== undefined) {
      considered.push({ node, metres, reason: blocked })
      continue
    }
    if (((nodes.capabilities[node] ?? 0) & SHIP_BIT) === 0) {
      considered.push({ node, metres, reason: 'no-capability' })
      continue
    }
    const reason = addFacilities(
      ctx,
      data,
      draft,
      node,
      heldMask(prepared, node),
      'ship',
      metres,
      fixedCostOf(net, 'ship', node),
      unitCostOf(net, 'ship', node, metres),
      eta,
      delayOf,
    )
    considered.push(reason === undefined ? { node, metres } : { node, metres, reason })
  }
  return finish(ctx, data, draft, 'direct', -1, 0, 0, 0, considered)
}

/**
 * Serving through a target node: a pickup node the customer collects at, or a hub that
 * consolidates transfers into one last-mile parcel to `to`.
 */
export const targetInstance = (
  ctx: RoutingContext,
  mode: 'pickup' | 'hub',
  target: number,
  to?: LatLon,
  prepared: PreparedOrder = prepareOrder(ctx),
  only?: Int32Array,
): Instance => {
  const { data } = prepared
  const { net } = ctx
  const nodes = net.nodes
  const targetLoc = { lat: nodes.lat[target] ?? 0, lon: nodes.lon[target] ?? 0 }
  const lastMetres = mode === 'hub' && to !== undefined ? distanceMetres(targetLoc, to) : 0
  const lastMileUnit = mode === 'hub' ? shipUnitMicros(net, target, lastMetres) : 0
  const ownEta: EtaOf = (node, metres, at) => offerEta(net, mode, target, lastMetres, 'own', node, at, metres, ctx.customerZone)
  const transferEta: EtaOf = (node, metres, at) => offerEta(net, mode, target, lastMetres, 'transfer', node, at, metres, ctx.customerZone)
  const targetTakesTransfers = ((nodes.capabilities[target] ?? 0) & TRANSFER_IN_BIT) !== 0
  const draft = emptyDraft(data.items.length)
  const considered: Considered[] = []
  const list = only ?? holdersWith(prepared, target)
  for (let i = 0; i < list.length; i++) {
    const node = list[i] ?? 0
    const own = node === target
    const metres = own
      ? 0
      : distanceMetres({ lat: nodes.lat[node] ?? 0, lon: nodes.lon[node] ?? 0 }, targetLoc)
    const blocked = ineligibility(ctx.rules, nodes, node, metres)
    if (blocked !== undefined) {
      considered.push({ node, metres, reason: blocked })
      continue
    }
    if (!own && (!targetTakesTransfers || ((nodes.capabilities[node] ?? 0) & TRANSFER_OUT_BIT) === 0)) {
      considered.push({ node, metres, reason: 'no-capability' })
      continue
    }
    const role: FacilityRole = own ? 'own' : 'transfer'
    // A hub's own shelf adds only the last mile: its parcel's handling is paid by that leg.
    const perUnit = own && mode === 'hub' ? lastMileUnit : unitCostOf(net, role, node, metres) + lastMileUnit
    const reason = addFacilities(
      ctx,
      data,
      draft,
      node,
      heldMask(prepared, node),
      role,
      metres,
      fixedCostOf(net, role, node),
      perUnit,
      own ? ownEta : transferEta,
    )
    considered.push(reason === undefined ? { node, metres } : { node, metres, reason })
  }
  const constant = mode === 'hub' ? (net.packageMicros[target] ?? 0) : 0
  return finish(ctx, data, draft, mode, target, lastMetres, constant, lastMileUnit, considered)
}

