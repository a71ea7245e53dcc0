/**
 * The compiled network: a network document compiled once into what every layer reads — the
 * node index and its grids, the SKU catalogue, every node's costs in integer micro-units and
 * its timing in milliseconds. The stock index is built on it and holds it; routing and the
 * delivery promise read it from there.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DuplicateNode, DuplicateSku, InvalidInput } from '../errors.js'
import { distanceCostMicros, rateToNanosPerKm, toMicros, type Micros } from '../money.js'
import type { Network, NodeKind } from '../model/network.js'
import { Arena } from '../internal/arena.js'
import { moneyFormat } from '../display.js'
import { MS_PER_HOUR, MS_PER_MINUTE, parseLocalTime, parseUtcOffset } from '../time.js'
import { fixedZone, ianaZone, type Zone } from '../time/zone.js'
import { compileCalendar, DEFAULT_DELIVERY_DAYS, weekdayMask, type NodeCalendar } from './calendar.js'
import type { ShipCells } from './ship-cells.js'
import { catalogueOf, type SkuCatalogue } from './catalogue.js'
import { buildNodeIndex, hasCapability, type NodeIndex } from './nodes.js'

/** Carrier timing defaults: a parcel arrives a day after dispatch plus one hour per 80 km. */
export const DEFAULT_TRANSIT_BASE_HOURS = 24
export const DEFAULT_TRANSIT_KM_PER_HOUR = 80
/** Hours from order to ready-to-dispatch when a node states none, by kind. */
export const DEFAULT_LEAD_TIME_HOURS: Readonly<Record<NodeKind, number>> = {
  warehouse: 4,
  store: 2,
  'dark-store': 1,
  locker: 0,
  supplier: 48,
}
/** Half the Earth's circumference, rounded up: no two points are further apart. */
const LONGEST_METRES = 20_038_000

/** Hours a transfer takes before distance when a node states none. */
export const DEFAULT_TRANSFER_HOURS = 12

/**
 * A network's memo: derived data built on first use.
 *
 * @internal
 */
export interface NetworkMemo {
  /** The shipping nodes in cells with their cost bounds (./ship-cells.ts). */
  shipCells?: ShipCells
  /** The catalogue's SKU ids, ascending, with their indexes and attributes (`catalogueSkusOf`). */
  catalogueSkus?: CatalogueSkus
}

/** The SKU ids of a catalogue, ascending, with their indexes and attributes. */
export interface CatalogueSkus {
  readonly ids: readonly string[]
  readonly byId: ReadonlyMap<string, number>
  readonly attributes: readonly (readonly string[])[]
}

/** `ids` (ascending) interned: their indexes and their attributes in `net`'s catalogue. */
export const internedSkus = (net: CompiledNetwork, ids: readonly string[]): CatalogueSkus => {
  const byId = new Map<string, number>()
  ids.forEach((id, i) => byId.set(id, i))
  return { ids, byId, attributes: ids.map((id) => net.skuAttributes.get(id) ?? []) }
}

/**
 * The catalogue's SKUs interned once per network: stock indexes whose rows name no other SKU
 * share them instead of sorting the catalogue again (shared, never written).
 *
 * @internal
 */
export const catalogueSkusOf = (net: CompiledNetwork): CatalogueSkus =>
  (net.memo.catalogueSkus ??= internedSkus(net, [...net.skuAttributes.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))))

/** Why a network document does not compile. */
export type NetworkError = DuplicateNode | DuplicateSku | InvalidInput

/** A compiled network. Build it with {@link compileNetwork}. */
export interface CompiledNetwork extends SkuCatalogue {
  readonly nodes: NodeIndex
  /**
   * Scratch memory the optimiser's solves reuse from one call to the next (calls are
   * synchronous, so one call's arrays are never live during another's): allocating it per
   * call more than doubles the CPU of a small order. Never part of an answer.
   */
  readonly scratch: Arena
  /** What is worked out from the network on first use and kept with it (networks are immutable). */
  readonly memo: NetworkMemo
  /** The currency of every amount (ISO 4217), when the network names one. */
  readonly currency?: string
  /** Writes an amount as a person reads it in `currency` (`€14.65`), when the network names one. */
  readonly money?: (amount: string | number) => string
  /** Fixed cost of a parcel leaving each node. */
  readonly packageMicros: Float64Array
  /** Handling cost of one unit shipped from each node. */
  readonly unitMicros: Float64Array
  /** Carriage of one unit over one km from each node, in nano-units. */
  readonly perKmNanos: Float64Array
  /** Fixed cost of one transfer leaving each node. */
  readonly transferFixedMicros: Float64Array
  /** Handling cost of one unit transferred from each node. */
  readonly transferUnitMicros: Float64Array
  /** Carriage of one transferred unit over one km from each node, in nano-units. */
  readonly transferPerKmNanos: Float64Array
  readonly leadTimeMs: Float64Array
  /** Local minute of the daily cut-off, or −1 when the node dispatches as soon as it is ready. */
  readonly cutoffMinute: Int16Array
  /**
   * Each node's calendar: its zone (`timeZone`, else `utcOffset`, else UTC), opening hours
   * and closed dates. Nodes of one zone share one zone object, and with it the memo of its
   * offsets, which fills as routing asks (src/time/zone.ts).
   */
  readonly calendars: readonly NodeCalendar[]
  /**
   * The network's zones by key (`tz:<IANA name>`, `offset:<minutes>`): the nodes' zones, and
   * each customer zone an order names, compiled once on first use (`zoneNamed`) so that
   * every call reuses its memo of offsets.
   */
  readonly zones: Map<string, Zone>
  /** The carrier's delivery days, a weekday mask (bit 0 = Monday). */
  readonly deliveryDays: number
  readonly transferMs: Float64Array
  /** Rank for the priority strategy (lower first); nodes without one rank last. */
  readonly priority: Float64Array
  readonly transitBaseMs: number
  readonly transitKmPerHour: number
  /**
   * What one unit can cost at most, whatever way it takes (a transfer, then a parcel, each
   * over the longest distance on Earth), and the dearest fixed charge of a parcel or
   * transfer: the bounds that let routing refuse an order whose totals could leave the exact
   * range of micro-units before it computes a wrong one. Not exact (floats): only compared.
   */
  readonly dearestUnitMicros: number
  readonly dearestFixedMicros: number
  /**
   * The cheapest parcel and the cheapest per-unit handling of any node that can ship
   * (+Infinity when none can): network-wide lower bounds that let routing prove that nodes
   * it never looked at cannot improve a plan.
   */
  readonly minShipPackageMicros: number
  readonly minShipUnitMicros: number
  /** Each node's daily capacity in orders and in units (+Infinity where it states none). */
  readonly dailyOrders: Float64Array
  readonly dailyUnits: Float64Array
  /** Each node's protected last units of an SKU (0: no protection) and their surcharge, micros a unit. */
  readonly protectLastUnits: Int32Array
  readonly protectMicros: Float64Array
  /** True when some node protects its last units. */
  readonly protects: boolean
}

/**
 * Compiles a decoded network, once: nodes get canonical indexes (ascending id, so the order
 * they are listed in never matters), costs become integer micro-units, times milliseconds,
 * and the SKU catalogue is checked. Build the stock index on the result
 * (`buildStock(network, snapshot)`), then route and promise against that stock. Errors:
 * `duplicate-node` (`$.nodes[i].id`), `duplicate-sku` (`$.skus[i].id`), `invalid-input` for
 * values that bypassed the codecs.
 *
 * @example
 * const network = compileNetwork(decodedNetwork) // Right(network), or Left({ _tag: 'duplicate-node', path: '$.nodes[3].id', … })
 */
export const compileNetwork = (network: Network): E.Either<NetworkError, CompiledNetwork> => {
  const nodes = buildNodeIndex(network)
  if (E.isLeft(nodes)) return nodes
  const catalogue = catalogueOf(network)
  if (E.isLeft(catalogue)) return catalogue
  return E.right(compileNodes(network, nodes.right, catalogue.right))
}

/** The costs, timings and bounds of the nodes of `nodes`. */
const compileNodes = (network: Network, nodes: NodeIndex, catalogue: SkuCatalogue): CompiledNetwork => {
  const n = nodes.count
  const packageMicros = new Float64Array(n)
  const unitMicros = new Float64Array(n)
  const perKmNanos = new Float64Array(n)
  const transferFixedMicros = new Float64Array(n)
  const transferUnitMicros = new Float64Array(n)
  const transferPerKmNanos = new Float64Array(n)
  const leadTimeMs = new Float64Array(n)
  const cutoffMinute = new Int16Array(n)
  const calendars: NodeCalendar[] = []
  const zones = new Map<string, Zone>()
  const zoneNamed = (key: string, make: () => Zone | undefined): Zone => zoneByKey(zones, key, make)
  const transferMs = new Float64Array(n)
  const priority = new Float64Array(n)
  const dailyOrders = new Float64Array(n).fill(Number.POSITIVE_INFINITY)
  const dailyUnits = new Float64Array(n).fill(Number.POSITIVE_INFINITY)
  const protectLastUnits = new Int32Array(n)
  const protectMicros = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const node = nodes.nodes[i]
    if (node === undefined) {
      calendars.push(compileCalendar(zoneNamed('offset:0', () => fixedZone(0)), undefined, undefined, -1))
      continue
    }
    dailyOrders[i] = node.dailyCapacity?.orders ?? Number.POSITIVE_INFINITY
    dailyUnits[i] = node.dailyCapacity?.units ?? Number.POSITIVE_INFINITY
    if (node.protection !== undefined) {
      protectLastUnits[i] = Math.min(node.protection.lastUnits, 2_147_483_647)
      protectMicros[i] = toMicros(node.protection.unitCost)
    }
    const c = node.costs
    packageMicros[i] = toMicros(c.package)
    unitMicros[i] = toMicros(c.unit)
    perKmNanos[i] = rateToNanosPerKm(c.perUnitKm)
    transferFixedMicros[i] = toMicros(c.transfer?.fixed ?? c.package)
    transferUnitMicros[i] = toMicros(c.transfer?.unit ?? c.unit)
    transferPerKmNanos[i] = rateToNanosPerKm(c.transfer?.perUnitKm ?? c.perUnitKm)
    leadTimeMs[i] = (node.leadTimeHours ?? DEFAULT_LEAD_TIME_HOURS[node.kind]) * MS_PER_HOUR
    cutoffMinute[i] = node.cutoff === undefined ? -1 : (parseLocalTime(node.cutoff) ?? -1)
    const offset = node.utcOffset === undefined ? 0 : (parseUtcOffset(node.utcOffset) ?? 0)
    const tz = node.timeZone
    const zone = tz !== undefined ? zoneNamed(`tz:${tz}`, () => ianaZone(tz)) : zoneNamed(`offset:${offset}`, () => fixedZone(offset))
    const calendar = compileCalendar(zone, node.openingHours, node.closedDates, (cutoffMinute[i] ?? -1) < 0 ? -1 : (cutoffMinute[i] ?? 0) * MS_PER_MINUTE)
    calendars.push(calendar)
    transferMs[i] = (node.transferHours ?? DEFAULT_TRANSFER_HOURS) * MS_PER_HOUR
    priority[i] = node.priority ?? Number.MAX_VALUE
  }
  let minShipPackageMicros = Number.POSITIVE_INFINITY
  let minShipUnitMicros = Number.POSITIVE_INFINITY
  for (let i = 0; i < n; i++) {
    if (!hasCapability(nodes, i, 'ship')) continue
    minShipPackageMicros = Math.min(minShipPackageMicros, packageMicros[i] ?? 0)
    minShipUnitMicros = Math.min(minShipUnitMicros, unitMicros[i] ?? 0)
  }
  let shipUnit = 0
  let transferUnit = 0
  let dearestFixedMicros = 0
  let dearestProtection = 0
  for (let i = 0; i < n; i++) {
    dearestProtection = Math.max(dearestProtection, protectMicros[i] ?? 0)
    shipUnit = Math.max(shipUnit, (unitMicros[i] ?? 0) + ((perKmNanos[i] ?? 0) * LONGEST_METRES) / 1e6)
    transferUnit = Math.max(transferUnit, (transferUnitMicros[i] ?? 0) + ((transferPerKmNanos[i] ?? 0) * LONGEST_METRES) / 1e6)
    dearestFixedMicros = Math.max(dearestFixedMicros, packageMicros[i] ?? 0, transferFixedMicros[i] ?? 0)
  }
  return {
    nodes,
    packageMicros,
    unitMicros,
    perKmNanos,
    transferFixedMicros,
    transferUnitMicros,
    transferPerKmNanos,
    leadTimeMs,
    cutoffMinute,
    calendars,
    zones,
    deliveryDays: weekdayMask(network.transit?.deliveryDays ?? DEFAULT_DELIVERY_DAYS),
    transferMs,
    priority,
    transitBaseMs: (network.transit?.baseHours ?? DEFAULT_TRANSIT_BASE_HOURS) * MS_PER_HOUR,
    transitKmPerHour: network.transit?.kmPerHour ?? DEFAULT_TRANSIT_KM_PER_HOUR,
    skuAttributes: catalogue.skuAttributes,
    catalogued: catalogue.catalogued,
    // A unit may cross a transfer and a parcel, and be a protected one.
    dearestUnitMicros: shipUnit + transferUnit + dearestProtection,
    dearestFixedMicros,
    minShipPackageMicros,
    minShipUnitMicros,
    dailyOrders,
    dailyUnits,
    protectLastUnits,
    protectMicros,
    protects: dearestProtection > 0,
    scratch: new Arena(),
    memo: {},
    ...(network.currency === undefined ? {} : { currency: network.currency, money: moneyFormat(network.currency) }),
  }
}

/** The zone of `zones` under `key`, made (UTC when `make` knows none) and kept on first use. */
const zoneByKey = (zones: Map<string, Zone>, key: string, make: () => Zone | undefined): Zone => {
  const known = zones.get(key)
  if (known !== undefined) return known
  const z = make() ?? fixedZone(0)
  zones.set(key, z)
  return z
}

/**
 * The network's zone for `name` — an IANA zone or a fixed offset `±HH:MM`, as an order's
 * `timeZone` gives it (UTC for a name the codecs would refuse) — the nodes' own zone object
 * when one of them has it, else compiled once and kept on the network: call it once per
 * call, not per node, and its memo of offsets serves every later call too.
 *
 * @example zoneNamed(net, 'Asia/Tokyo').name // 'Asia/Tokyo'; zoneNamed(net, '+09:00').name // '+09:00'
 */
export const zoneNamed = (net: CompiledNetwork, name: string): Zone => {
  const offset = parseUtcOffset(name)
  return offset !== undefined ? zoneByKey(net.zones, `offset:${offset}`, () => fixedZone(offset)) : zoneByKey(net.zones, `tz:${name}`, () => ianaZone(name))
}

/** Per-unit cost of shipping one unit from `node` over `metres` to the customer. */
export const shipUnitMicros = (net: CompiledNetwork, node: number, metres: number): Micros =>
  (net.unitMicros[node] ?? 0) + distanceCostMicros(net.perKmNanos[node] ?? 0, metres)

/** Per-unit cost of transferring one unit from `node` over `metres`. */
export const transferUnitCostMicros = (net: CompiledNetwork, node: number, metres: number): Micros =>
  (net.transferUnitMicros[node] ?? 0) + distanceCostMicros(net.transferPerKmNanos[node] ?? 0, metres)
