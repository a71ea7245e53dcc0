/** Orders and the sourcing rules that constrain where they may be fulfilled from. */
import * as t from 'io-ts'
import { NodeKind } from './network.js'
import { Amount, Channel, Id, Instant, Kilometres, Location, PositiveQuantity, ZoneName, record } from './primitives.js'

/**
 * Sourcing rules as data. Every rule narrows the eligible nodes; network-wide rules and an
 * order's own rules compose by intersection.
 */
export const SkuAttributeRule = record(
  { attribute: Id },
  { nodeKinds: t.readonlyArray(NodeKind), requireTags: t.readonlyArray(Id) },
  'SkuAttributeRule',
)
export type SkuAttributeRule = t.TypeOf<typeof SkuAttributeRule>

/**
 * Which nodes may source an order (eligibility filters applied before optimisation): node
 * kinds, tags, regions, a radius, excluded nodes and rules per SKU attribute. Every rule given
 * must hold; an absent rule allows everything.
 */
export const SourcingRules = record(
  {},
  {
    /** Only these node kinds may source. */
    nodeKinds: t.readonlyArray(NodeKind),
    /** Nodes must carry every one of these tags. */
    requireTags: t.readonlyArray(Id),
    /** Nodes carrying any of these tags are excluded. */
    excludeTags: t.readonlyArray(Id),
    /** Only nodes in these regions may source. */
    regions: t.readonlyArray(Id),
    /** Sources further than this from the customer (or pickup node) are excluded. */
    maxDistanceKm: Kilometres,
    /** These nodes never source. */
    excludeNodes: t.readonlyArray(Id),
    /** SKUs with an attribute may only come from the listed node kinds / tagged nodes. */
    skuAttributes: t.readonlyArray(SkuAttributeRule),
  },
  'SourcingRules',
)
export type SourcingRules = t.TypeOf<typeof SourcingRules>

/** One order line. `unfulfilledPenalty` overrides the order's per-unit penalty. */
export const OrderLine = record(
  { id: Id, sku: Id, quantity: PositiveQuantity },
  { unfulfilledPenalty: Amount },
  'OrderLine',
)
export type OrderLine = t.TypeOf<typeof OrderLine>

/**
 * Delivery to an address: parcels from one or more nodes, possibly consolidated at a hub.
 * `timeZone` is the customer's (IANA or `±HH:MM`): when given, a parcel's hand-over day is
 * judged on the customer's clock; without it, on the sending node's (docs/model.md §2).
 */
export const ShipDelivery = record(
  { method: t.literal('ship'), to: Location },
  { region: Id, timeZone: ZoneName },
  'ShipDelivery',
)
/** Click & collect: the customer collects at `node`; other nodes may transfer stock there. */
export const PickupDelivery = record({ method: t.literal('pickup'), node: Id }, {}, 'PickupDelivery')
/** Where the order goes: shipped to an address (`ship`) or collected at a node (`pickup`), told apart by `method`. */
export const Delivery = t.union([ShipDelivery, PickupDelivery], 'Delivery')
export type Delivery = t.TypeOf<typeof Delivery>

/**
 * An order to route. Options: `maxShipments` caps the source nodes used; `shipComplete`
 * means one parcel reaches the customer (direct, or consolidated at a hub) with every unit;
 * `allowPartial: false` makes the order all-or-nothing; `allowBackorder` lets inbound lots
 * source; `deliverBy` is the latest acceptable delivery (or pickup-ready) instant;
 * `allowUnknownSkus` lets lines name SKUs outside the network's catalogue (they are left
 * unfulfilled at their penalty) where they would otherwise be an `unknown-sku` error.
 * `delayCost` prices speed: an amount per unit and per local day until the customer has it
 * (delivered, or ready to collect), weighed against cost in the one optimum (docs/model.md,
 * "Delay"); absent, time costs nothing.
 */
export const Order = record(
  { id: Id, channel: Channel, lines: t.readonlyArray(OrderLine), delivery: Delivery },
  {
    maxShipments: PositiveQuantity,
    shipComplete: t.boolean,
    allowPartial: t.boolean,
    allowBackorder: t.boolean,
    allowHub: t.boolean,
    allowUnknownSkus: t.boolean,
    deliverBy: Instant,
    unfulfilledPenalty: Amount,
    delayCost: Amount,
    rules: SourcingRules,
  },
  'Order',
)
export type Order = t.TypeOf<typeof Order>
