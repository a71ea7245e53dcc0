/**
 * Stock documents: on-hand rows, inbound lots, the policies that hold stock back (safety
 * stock, channel ring-fences, count-confidence buffers) and reservations.
 */
import * as t from 'io-ts'
import { NodeKind } from './network.js'
import { Channel, Id, Instant, Percent, PositiveQuantity, Quantity, checkObject, oneOf, record } from './primitives.js'

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
 * Which positions a policy covers. Give `node` or `nodeKind` (or neither: every node, never
 * both), and `sku` (or none: every SKU). The most specific matching policy wins: node beats
 * node kind beats everywhere, and a SKU match beats all SKUs. A named node or SKU must exist
 * (in the network, and in the SKU catalogue when there is one).
 */
const scopeProps = { node: Id, nodeKind: NodeKind, sku: Id }

const SCOPE_CHOICE = 'at most one of "node" or "nodeKind"'

/** A policy of `size` units in a scope: `node` and `nodeKind` are alternatives. */
const scoped = <P extends t.Props>(size: P, name: string) =>
  checkObject(record(size, scopeProps, name), (u) => oneOf(u, ['node', 'nodeKind'], false, SCOPE_CHOICE))

/** Units kept back at every matching position, never promised to any channel. */
export const SafetyStock = scoped({ quantity: Quantity }, 'SafetyStock')
export type SafetyStock = t.TypeOf<typeof SafetyStock>

/** What a ring-fence's issue says when its size is missing or given twice. */
export const RING_FENCE_SIZE = 'exactly one of "quantity" (whole number ≥ 0) or "percent" (0 to 100)'

/**
 * Units of every matching position kept for one channel: a fixed `quantity`, or `percent` of
 * on hand (rounded down) — exactly one of the two. Other channels cannot promise them; the
 * channel itself can.
 */
export const RingFence = checkObject(
  record({ channel: Channel }, { quantity: Quantity, percent: Percent, ...scopeProps }, 'RingFence'),
  (u) => [...oneOf(u, ['quantity', 'percent'], true, RING_FENCE_SIZE), ...oneOf(u, ['node', 'nodeKind'], false, SCOPE_CHOICE)],
)
export type RingFence = t.TypeOf<typeof RingFence>

/**
 * Units held back because the count itself is uncertain (typically at stores, where shoppers
 * move and take stock): a store never promises its last, doubtful units.
 */
export const ConfidenceBuffer = scoped({ quantity: Quantity }, 'ConfidenceBuffer')
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
