/** Nodes and SKUs: the places that hold or hand over stock, and the things they hold. */
import * as t from 'io-ts'
import { Amount, Currency, Hours, Id, Location, LocalTime, Priority, Quantity, Rate, Speed, UtcOffset, record } from './primitives.js'

/** The kinds of node a network is made of. */
export const NodeKind = t.keyof(
  { warehouse: null, store: null, 'dark-store': null, locker: null, supplier: null },
  'NodeKind',
)
export type NodeKind = t.TypeOf<typeof NodeKind>

/** Every node kind, in a fixed order. */
export const NODE_KINDS: readonly NodeKind[] = ['warehouse', 'store', 'dark-store', 'locker', 'supplier']

/**
 * What a node can do: `ship` parcels to customers, hand over `pickup` orders, receive
 * (`transfer-in`) and send (`transfer-out`) transfers, and act as a consolidation `hub`.
 */
export const Capability = t.keyof(
  { ship: null, pickup: null, 'transfer-in': null, 'transfer-out': null, hub: null },
  'Capability',
)
export type Capability = t.TypeOf<typeof Capability>

/** Every capability, in a fixed order. */
export const CAPABILITIES: readonly Capability[] = ['ship', 'pickup', 'transfer-in', 'transfer-out', 'hub']

/** Transfer (node-to-node) costs: fixed per transfer, per unit, and per unit per km. */
export const TransferCosts = record({ fixed: Amount }, { unit: Amount, perUnitKm: Rate }, 'TransferCosts')
export type TransferCosts = t.TypeOf<typeof TransferCosts>

/**
 * A node's costs as decimal strings: `package` is the fixed cost of one parcel leaving the
 * node, `unit` the handling cost of one unit, `perUnitKm` the carriage of one unit over one km.
 * `transfer` prices transfers leaving the node (defaults: fixed = package, same rates).
 */
export const NodeCosts = record(
  { package: Amount, unit: Amount, perUnitKm: Rate },
  { transfer: TransferCosts },
  'NodeCosts',
)
export type NodeCosts = t.TypeOf<typeof NodeCosts>

/** Remaining daily capacity of a node: orders (shipments or transfers) and units. */
export const DailyCapacity = record({}, { orders: Quantity, units: Quantity }, 'DailyCapacity')
export type DailyCapacity = t.TypeOf<typeof DailyCapacity>

/**
 * A node. Only `id`, `kind`, `location` and `costs` are required; the rest default by kind
 * (see `defaultCapabilities`).
 */
export const Node = record(
  { id: Id, kind: NodeKind, location: Location, costs: NodeCosts },
  {
    name: t.string,
    region: Id,
    tags: t.readonlyArray(Id),
    capabilities: t.readonlyArray(Capability),
    /** Hours from order to ready-to-dispatch (pick and pack). */
    leadTimeHours: Hours,
    /** Daily dispatch cut-off, local time; orders ready after it leave the next day. */
    cutoff: LocalTime,
    /** The node's offset from UTC, used for its cut-off. Default `+00:00`. */
    utcOffset: UtcOffset,
    /** Hours a transfer from this node takes to reach its destination, before distance. */
    transferHours: Hours,
    dailyCapacity: DailyCapacity,
    /** Rank for the `priority` strategy: lower goes first; a finite number, |priority| ≤ 1,000,000,000. */
    priority: Priority,
  },
  'Node',
)
export type Node = t.TypeOf<typeof Node>

/** A stock-keeping unit and its attributes (e.g. `bulky`, `hazmat`, `fragile`). */
export const Sku = record({ id: Id }, { name: t.string, attributes: t.readonlyArray(Id) }, 'Sku')
export type Sku = t.TypeOf<typeof Sku>

/**
 * Carrier timing used for delivery estimates: a parcel arrives `baseHours` after dispatch plus
 * one hour per `kmPerHour` km. Defaults: 24 h and 80 km/h.
 */
export const Transit = record({}, { baseHours: Hours, kmPerHour: Speed }, 'Transit')
export type Transit = t.TypeOf<typeof Transit>

/**
 * The network: nodes, the SKU catalogue, carrier timing, and the `currency` (ISO 4217, e.g.
 * `EUR`) every amount of the network is in. Without one, amounts are shown as plain decimals;
 * with one, plans and promise options carry it and readable output shows `€14.65`.
 */
export const Network = record(
  { nodes: t.readonlyArray(Node) },
  { skus: t.readonlyArray(Sku), transit: Transit, currency: Currency },
  'Network',
)
export type Network = t.TypeOf<typeof Network>

/** Capabilities a node has when its document lists none. */
export const defaultCapabilities = (kind: NodeKind): readonly Capability[] => {
  switch (kind) {
    case 'warehouse':
      return ['ship', 'transfer-out', 'transfer-in', 'hub']
    case 'store':
      return ['ship', 'pickup', 'transfer-in', 'transfer-out']
    case 'dark-store':
      return ['ship', 'transfer-in', 'transfer-out']
    case 'locker':
      return ['pickup', 'transfer-in']
    case 'supplier':
      return ['ship']
  }
}
