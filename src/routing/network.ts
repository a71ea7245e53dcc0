/**
 * The routing view of a network: every node's costs in integer micro-units, its timing in
 * milliseconds and its position, compiled once and shared by every routing call.
 */
import * as E from 'fp-ts/lib/Either.js'
import { distanceCostMicros, rateToNanosPerKm, toMicros, type Micros } from '../money.js'
import type { Network, NodeKind } from '../model/network.js'
import { buildNodeIndex, hasCapability, type NodeIndex } from '../stock/nodes.js'
import type { StockError } from '../stock/errors.js'
import { MS_PER_HOUR, parseLocalTime, parseUtcOffset } from '../time.js'
import { Arena } from './optimiser/arena.js'

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

/** A network compiled for routing. Build it with {@link compileNetwork}. */
export interface RoutingNetwork {
  readonly nodes: NodeIndex
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
  readonly utcOffsetMinutes: Int16Array
  readonly transferMs: Float64Array
  /** Rank for the priority strategy (lower first); nodes without one rank last. */
  readonly priority: Float64Array
  readonly transitBaseMs: number
  readonly transitKmPerHour: number
  /** SKU attributes from the catalogue. */
  readonly skuAttributes: ReadonlyMap<string, readonly string[]>
  /**
   * True when the network lists its SKUs (`skus`, even empty): a line for a SKU outside the
   * catalogue is then an `unknown-sku` error unless the order allows unknown SKUs.
   */
  readonly catalogued: boolean
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
  /**
   * Scratch memory the optimiser's solves on this network reuse from call to call (calls are
   * synchronous: one call's solves never overlap another's). Holds no answer of any call.
   */
  readonly scratch: Arena
}

/**
 * Compiles a decoded network for routing: costs become integer micro-units, times become
 * milliseconds, nodes get canonical indexes (ascending id) shared with the stock index.
 *
 * @example
 * const network = compileNetwork(decodedNetwork) // Either<StockError, RoutingNetwork>
 */
export const compileNetwork = (network: Network): E.Either<StockError, RoutingNetwork> =>
  E.map((nodes: NodeIndex): RoutingNetwork => {
    const n = nodes.count
    const packageMicros = new Float64Array(n)
    const unitMicros = new Float64Array(n)
    const perKmNanos = new Float64Array(n)
    const transferFixedMicros = new Float64Array(n)
    const transferUnitMicros = new Float64Array(n)
    const transferPerKmNanos = new Float64Array(n)
    const leadTimeMs = new Float64Array(n)
    const cutoffMinute = new Int16Array(n)
    const utcOffsetMinutes = new Int16Array(n)
    const transferMs = new Float64Array(n)
    const priority = new Float64Array(n)
    const dailyOrders = new Float64Array(n).fill(Number.POSITIVE_INFINITY)
    const dailyUnits = new Float64Array(n).fill(Number.POSITIVE_INFINITY)
    for (let i = 0; i < n; i++) {
      const node = nodes.nodes[i]
      if (node === undefined) continue
      dailyOrders[i] = node.dailyCapacity?.orders ?? Number.POSITIVE_INFINITY
      dailyUnits[i] = node.dailyCapacity?.units ?? Number.POSITIVE_INFINITY
      const c = node.costs
      packageMicros[i] = toMicros(c.package)
      unitMicros[i] = toMicros(c.unit)
      perKmNanos[i] = rateToNanosPerKm(c.perUnitKm)
      transferFixedMicros[i] = toMicros(c.transfer?.fixed ?? c.package)
      transferUnitMicros[i] = toMicros(c.transfer?.unit ?? c.unit)
      transferPerKmNanos[i] = rateToNanosPerKm(c.transfer?.perUnitKm ?? c.perUnitKm)
      leadTimeMs[i] = (node.leadTimeHours ?? DEFAULT_LEAD_TIME_HOURS[node.kind]) * MS_PER_HOUR
      cutoffMinute[i] = node.cutoff === undefined ? -1 : (parseLocalTime(node.cutoff) ?? -1)
      utcOffsetMinutes[i] = node.utcOffset === undefined ? 0 : (parseUtcOffset(node.utcOffset) ?? 0)
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
    const skuAttributes = new Map<string, readonly string[]>()
    for (const sku of network.skus ?? []) skuAttributes.set(sku.id, sku.attributes ?? [])
    let shipUnit = 0
    let transferUnit = 0
    let dearestFixedMicros = 0
    for (let i = 0; i < n; i++) {
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
      utcOffsetMinutes,
      transferMs,
      priority,
      transitBaseMs: (network.transit?.baseHours ?? DEFAULT_TRANSIT_BASE_HOURS) * MS_PER_HOUR,
      transitKmPerHour: network.transit?.kmPerHour ?? DEFAULT_TRANSIT_KM_PER_HOUR,
      skuAttributes,
      catalogued: network.skus !== undefined,
      dearestUnitMicros: shipUnit + transferUnit,
      dearestFixedMicros,
      minShipPackageMicros,
      minShipUnitMicros,
      dailyOrders,
      dailyUnits,
      scratch: new Arena(),
    }
  })(buildNodeIndex(network))

/** Per-unit cost of shipping one unit from `node` over `metres` to the customer. */
export const shipUnitMicros = (net: RoutingNetwork, node: number, metres: number): Micros =>
  (net.unitMicros[node] ?? 0) + distanceCostMicros(net.perKmNanos[node] ?? 0, metres)

/** Per-unit cost of transferring one unit from `node` over `metres`. */
export const transferUnitCostMicros = (net: RoutingNetwork, node: number, metres: number): Micros =>
  (net.transferUnitMicros[node] ?? 0) + distanceCostMicros(net.transferPerKmNanos[node] ?? 0, metres)
