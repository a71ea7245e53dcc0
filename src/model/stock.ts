/**
 * Stock documents: on-hand rows, inbound lots, the policies that hold stock back (safety
 * stock, channel ring-fences, count-confidence buffers) and reservations.
 */
import * as t from 'io-ts'
import { NodeKind } from './network.js'
import { Channel, Id, Instant, Percent, PositiveQuantity, Quantity, record, refuseProtoKey } from './primitives.js'

/** One position's physical stock: `onHand` units of `sku` at `node`. */
export const StockRow = record({ node: Id, sku: Id, onHand: Quantity }, {}, 'StockRow')
export type StockRow = t.TypeOf<typeof StockRow>

/** Units on their way to a node (purchase order, transfer, truck), expected at `eta`. */
export const InboundLot = record(
  { id: Id, node: Id, sku: Id, quantity: PositiveQuantity, eta: Instant },
  {},
  'InboundLot',
)
export type InboundLot = t.TypeOf<typeof InboundLot>

/**
 * Which positions a policy covers. Give `node` or `nodeKind` (or neither: every node), and
 * `sku` (or none: every SKU). The most specific matching policy wins: node beats node kind
 * beats everywhere, and a SKU match beats all SKUs.
 */
const scopeProps = { node: Id, nodeKind: NodeKind, sku: Id }

/** Units kept back at every matching position, never promised to any channel. */
export const SafetyStock = record({ quantity: Quantity }, scopeProps, 'SafetyStock')
export type SafetyStock = t.TypeOf<typeof SafetyStock>

/**
 * Units of every matching position kept for one channel: a fixed `quantity`, or `percent` of
 * on hand (rounded down). Other channels cannot promise them; the channel itself can.
 */
export const RingFence = refuseProtoKey(
  t.readonly(
    t.intersection([
      t.type({ channel: Channel }),
      t.union([t.type({ quantity: Quantity }), t.type({ percent: Percent })], 'RingFenceSize'),
      t.partial(scopeProps),
    ]),
    'RingFence',
  ),
)
export type RingFence = t.TypeOf<typeof RingFence>

/**
 * Units held back because the count itself is uncertain (typically at stores, where shoppers
 * move and take stock): a store never promises its last, doubtful units.
 */
export const ConfidenceBuffer = record({ quantity: Quantity }, scopeProps, 'ConfidenceBuffer')
export type ConfidenceBuffer = t.TypeOf<typeof ConfidenceBuffer>

/** The policies that hold stock back from promise. */
export const StockPolicies = record(
  {},
  {
    safetyStock: t.readonlyArray(SafetyStock),
    ringFences: t.readonlyArray(RingFence),
    confidenceBuffers: t.readonlyArray(ConfidenceBuffer),
  },
  'StockPolicies',
)
export type StockPolicies = t.TypeOf<typeof StockPolicies>

/**
 * One reserved line: `quantity` of `sku` at `node`. `availableAt` is set when the units come
 * from inbound lots (a backorder): they are promised from what will be there at that instant.
 */
export const ReservationLine = record(
  { node: Id, sku: Id, quantity: PositiveQuantity },
  { availableAt: Instant, lineId: Id },
  'ReservationLine',
)
export type ReservationLine = t.TypeOf<typeof ReservationLine>

/** A request to hold stock for an order. All lines are held, or none. */
export const ReserveRequest = record(
  { channel: Channel, lines: t.readonlyArray(ReservationLine) },
  { id: Id, orderId: Id, idempotencyKey: Id, expiresAt: Instant },
  'ReserveRequest',
)
export type ReserveRequest = t.TypeOf<typeof ReserveRequest>

/** A stock snapshot: the document a stock index is built from. */
export const StockSnapshot = record(
  { rows: t.readonlyArray(StockRow) },
  { inbound: t.readonlyArray(InboundLot), policies: StockPolicies },
  'StockSnapshot',
)
export type StockSnapshot = t.TypeOf<typeof StockSnapshot>
