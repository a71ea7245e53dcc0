/** Nodes and SKUs: the places that hold or hand over stock, and the things they hold. */
import * as t from 'io-ts'
import { Amount, checkObject, Currency, ClosingTime, Hours, Id, LocalDate, Location, LocalTime, PositiveQuantity, Priority, Quantity, Rate, Speed, TimeZone, UtcOffset, record } from './primitives.js'
import { WEEKDAYS } from '../time/zone.js'
import { parseLocalTime } from '../time.js'

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
 * Store-stock protection: each unit an order takes from the node's last `lastUnits` of an SKU
 * (of what it could promise now) costs `unitCost` more — the walk-in sale the store may lose —
 * so the optimiser takes a store's last pair only when that is worth it. Units a backorder
 * waits for a lot to send are not protected: the lot restocks the shelf.
 */
export const Protection = record({ lastUnits: PositiveQuantity, unitCost: Amount }, {}, 'Protection')
export type Protection = t.TypeOf<typeof Protection>

/** A day of the week: `mon` … `sun`. */
export const Weekday = t.keyof({ mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null }, 'Weekday')
export type Weekday = t.TypeOf<typeof Weekday>

/** An opening interval of one day, local time: open from the first time (included) to the second (excluded; `24:00` allowed). */
export const OpeningInterval = t.readonly(t.tuple([LocalTime, ClosingTime]), 'OpeningInterval')
export type OpeningInterval = t.TypeOf<typeof OpeningInterval>

/**
 * A node's opening hours per weekday, local time: `{ "mon": [["09:00","12:00"],["14:00","19:00"]], …, "sun": [] }`.
 * A day's intervals are in order and do not overlap (one may end when the next starts); a
 * weekday absent from the object, or with `[]`, is closed; at least one day has an interval.
 */
export const OpeningHours = checkObject(
  record({}, Object.fromEntries(WEEKDAYS.map((d) => [d, t.readonlyArray(OpeningInterval)])) as Record<(typeof WEEKDAYS)[number], t.ReadonlyArrayC<typeof OpeningInterval>>, 'OpeningHours'),
  (u) => {
    const problems: { key?: string; expected: string }[] = []
    let intervals = 0
    for (const d of WEEKDAYS) {
      const list = u[d]
      if (!Array.isArray(list)) continue
      intervals += list.length
      let end = -1
      for (const iv of list as unknown[]) {
        // Malformed intervals are the codec's to report.
        if (!Array.isArray(iv) || typeof iv[0] !== 'string' || typeof iv[1] !== 'string') continue
        const s = parseLocalTime(iv[0])
        const e = iv[1] === '24:00' ? 24 * 60 : parseLocalTime(iv[1])
        if (s === undefined || e === undefined) continue
        if (e <= s) problems.push({ key: d, expected: `intervals that end after they start (${iv[0]}–${iv[1]})` })
        else if (s < end) problems.push({ key: d, expected: `intervals in order, without overlap (${iv[0]}–${iv[1]} starts before the previous one ends)` })
        end = Math.max(end, e)
      }
    }
    if (intervals === 0) problems.push({ expected: 'at least one opening interval in the week (a node never open would never dispatch)' })
    return problems
  },
)
export type OpeningHours = t.TypeOf<typeof OpeningHours>

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
    /** The node's fixed offset from UTC, for its local times when it has no `timeZone`. Default `+00:00`. */
    utcOffset: UtcOffset,
    /** The node's IANA time zone (`Europe/Paris`): its local times follow its daylight-saving changes. Wins over `utcOffset`. */
    timeZone: TimeZone,
    /** Local opening hours per weekday; absent: open at every hour of every day (but its closed dates). */
    openingHours: OpeningHours,
    /** Local dates the node is closed (`2026-12-25`): it neither dispatches nor hands over then. */
    closedDates: t.readonlyArray(LocalDate),
    /** Hours a transfer from this node takes to reach its destination, before distance. */
    transferHours: Hours,
    dailyCapacity: DailyCapacity,
    /** Surcharge on the node's last units of each SKU (see `Protection`); absent: none. */
    protection: Protection,
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
 * one hour per `kmPerHour` km, on one of the carrier's `deliveryDays` (judged in the receiving
 * zone; an arrival on another day moves to the start of the next delivery day). Defaults:
 * 24 h, 80 km/h, Monday to Saturday.
 */
export const Transit = checkObject(record({}, { baseHours: Hours, kmPerHour: Speed, deliveryDays: t.readonlyArray(Weekday) }, 'Transit'), (u) =>
  Array.isArray(u['deliveryDays']) && u['deliveryDays'].length === 0 ? [{ key: 'deliveryDays', expected: 'at least one delivery day' }] : [],
)
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
