/**
 * Constructors for the state's records. Every new state, position and reservation view is
 * built by one object literal with all its fields in a fixed order: objects of one kind then
 * share a single hidden class, and no update pays for an object spread (which costs an order
 * of magnitude more than a literal in V8).
 *
 * @internal
 */
import { type Hamt, hamtGet } from '../internal/hamt.js'
import type { ExpiryHeap } from '../internal/heap.js'
import { parseInstant } from '../time.js'
import type { EventLine } from './events.js'
import type {
  CompactReservation,
  Hold,
  IdempotencyRecord,
  LotLocation,
  Position,
  PositionLot,
  Reservation,
  ReservationStatus,
  ReservedLine,
  SkuTable,
  StockState,
  StoredReservation,
} from './types.js'

/** The parts of a state that commands change. @internal */
export type StateParts = Pick<
  StockState,
  'skus' | 'overlay' | 'lots' | 'reservations' | 'finished' | 'idempotency' | 'expiry' | 'sequence'
>

/**
 * A state sharing `s`'s network, base, policies and last event instant, with the given parts.
 *
 * @example makeState(s, s.skus, overlay, s.lots, s.reservations, s.finished, s.idempotency, s.expiry, s.sequence)
 * @internal
 */
export const makeState = (
  s: StockState,
  skus: SkuTable,
  overlay: Hamt<number, Position>,
  lots: Hamt<string, LotLocation>,
  reservations: Hamt<string, Reservation>,
  finished: Hamt<string, StoredReservation>,
  idempotency: Hamt<string, IdempotencyRecord>,
  expiry: ExpiryHeap,
  sequence: number,
): StockState => ({
  network: s.network,
  nodes: s.nodes,
  base: s.base,
  policies: s.policies,
  skus,
  overlay,
  lots,
  reservations,
  finished,
  idempotency,
  expiry,
  sequence,
  lastEventAt: s.lastEventAt,
  lastEventMs: s.lastEventMs,
})

/**
 * `s` having seen an event at `at` (`atMs` epoch ms): the last event instant moves forward,
 * never back.
 *
 * @example stampedAt(state, '2026-11-27T11:00:00Z', 1795777200000).lastEventAt // '2026-11-27T11:00:00Z'
 * @internal
 */
export const stampedAt = (s: StockState, at: string, atMs: number): StockState =>
  atMs <= s.lastEventMs
    ? s
    : {
        network: s.network,
  nodes: s.nodes,
        base: s.base,
        policies: s.policies,
        skus: s.skus,
        overlay: s.overlay,
        lots: s.lots,
        reservations: s.reservations,
        finished: s.finished,
        idempotency: s.idempotency,
        expiry: s.expiry,
        sequence: s.sequence,
        lastEventAt: at,
        lastEventMs: atMs,
      }

/**
 * `s` with another overlay.
 *
 * @example withOverlay(state, hamtDelete(state.overlay, key))
 * @internal
 */
export const withOverlay = (s: StockState, overlay: Hamt<number, Position>): StockState =>
  makeState(s, s.skus, overlay, s.lots, s.reservations, s.finished, s.idempotency, s.expiry, s.sequence)

/**
 * `s` with other live and finished reservations.
 *
 * @example withReservations(state, hamtSet(state.reservations, id, view), state.finished)
 * @internal
 */
export const withReservations = (s: StockState, reservations: Hamt<string, Reservation>, finished: Hamt<string, StoredReservation>): StockState =>
  makeState(s, s.skus, s.overlay, s.lots, reservations, finished, s.idempotency, s.expiry, s.sequence)

/**
 * A position.
 *
 * @example makePosition(10, 2, [], []) // 10 on hand, 2 held back
 * @internal
 */
export const makePosition = (onHand: number, heldBack: number, holds: readonly Hold[], lots: readonly PositionLot[]): Position => ({
  onHand,
  heldBack,
  holds,
  lots,
})

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/**
 * A reservation line with new counts, keeping its optional fields.
 *
 * @example makeLine({ node: 'dc-1', sku: 'a' }, 3, 1, 0, 2, 0) // 3 reserved, 1 held, 2 released
 * @internal
 */
export const makeLine = (
  from: { readonly node: string; readonly sku: string; readonly availableAt?: string; readonly lineId?: string },
  quantity: number,
  held: number,
  fulfilled: number,
  released: number,
  expired: number,
): ReservedLine => {
  const line: Mutable<ReservedLine> = { node: from.node, sku: from.sku, quantity, held, fulfilled, released, expired }
  if (from.availableAt !== undefined) line.availableAt = from.availableAt
  if (from.lineId !== undefined) line.lineId = from.lineId
  return line
}

/**
 * A reservation view with another status and lines, keeping its optional fields.
 *
 * @example makeView(view, view.createdAt, 'released', lines)
 * @internal
 */
export const makeView = (
  from: {
    readonly id: string
    readonly channel: string
    readonly orderId?: string
    readonly idempotencyKey?: string
    readonly expiresAt?: string
  },
  createdAt: string,
  status: ReservationStatus,
  lines: readonly ReservedLine[],
): Reservation => {
  const view: Mutable<Reservation> = { id: from.id, channel: from.channel, status, createdAt, lines }
  if (from.orderId !== undefined) view.orderId = from.orderId
  if (from.idempotencyKey !== undefined) view.idempotencyKey = from.idempotencyKey
  if (from.expiresAt !== undefined) view.expiresAt = from.expiresAt
  return view
}

/**
 * An event line (units taken off reservation line `line`), keeping `availableAt`.
 *
 * @example makeEventLine(0, line, 2) // { line: 0, node, sku, quantity: 2 }
 * @internal
 */
export const makeEventLine = (
  line: number,
  from: { readonly node: string; readonly sku: string; readonly availableAt?: string },
  quantity: number,
): EventLine => {
  const out: Mutable<EventLine> = { line, node: from.node, sku: from.sku, quantity }
  if (from.availableAt !== undefined) out.availableAt = from.availableAt
  return out
}

/**
 * Epoch ms of a reservation's expiry, +Infinity when it has none.
 *
 * @example expiresAtMsOf({ …, expiresAt: '1970-01-01T00:00:01Z' }) // 1000
 * @internal
 */
export const expiresAtMsOf = (r: Reservation): number => (r.expiresAt === undefined ? Infinity : parseInstant(r.expiresAt) ?? Infinity)

/**
 * The reservation with this id, live or finished.
 *
 * @example reservationOf(state, 'r-1')?.status // 'released'
 * @internal
 */
export const reservationOf = (s: StockState, id: string): Reservation | undefined => {
  const live = hamtGet(s.reservations, id)
  if (live !== undefined) return live
  const done = s.finished.size > 0 ? hamtGet(s.finished, id) : undefined
  return done === undefined ? undefined : viewOf(done)
}

/**
 * True when a reservation (live or finished) has this id.
 *
 * @example hasReservation(state, 'r-1') // true
 * @internal
 */
export const hasReservation = (s: StockState, id: string): boolean =>
  hamtGet(s.reservations, id) !== undefined || (s.finished.size > 0 && hamtGet(s.finished, id) !== undefined)

/**
 * How a finished reservation is stored: compact when it has one line.
 *
 * @example storedOf(view) // a CompactReservation when view has one line
 * @internal
 */
export const storedOf = (view: Reservation): StoredReservation => {
  if (view.lines.length !== 1) return view
  const line = view.lines[0] as ReservedLine
  const c: Mutable<CompactReservation> = {
    id: view.id,
    channel: view.channel,
    status: view.status,
    createdAt: view.createdAt,
    node: line.node,
    sku: line.sku,
    quantity: line.quantity,
    fulfilled: line.fulfilled,
    released: line.released,
    expired: line.expired,
  }
  if (line.availableAt !== undefined) c.availableAt = line.availableAt
  if (line.lineId !== undefined) c.lineId = line.lineId
  if (view.orderId !== undefined) c.orderId = view.orderId
  if (view.idempotencyKey !== undefined) c.idempotencyKey = view.idempotencyKey
  if (view.expiresAt !== undefined) c.expiresAt = view.expiresAt
  return c
}

/**
 * The view of a stored reservation.
 *
 * @example viewOf(storedOf(view)) // deep-equals view
 * @internal
 */
export const viewOf = (stored: StoredReservation): Reservation => {
  if (stored.lines !== undefined) return stored
  const held = stored.quantity - stored.fulfilled - stored.released - stored.expired
  return makeView(stored, stored.createdAt, stored.status, [makeLine(stored, stored.quantity, held, stored.fulfilled, stored.released, stored.expired)])
}
