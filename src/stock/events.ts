/**
 * Stock events: plain JSON data (instants as ISO strings) recording every change a command
 * made, each carrying everything needed to apply it again. Commands validate, emit events,
 * and fold them with `applyEvent`; so `replay(initial, events)` rebuilds an equal state by
 * construction.
 */
import * as E from 'fp-ts/lib/Either.js'
import { hamtDelete, hamtGet, hamtSet } from '../internal/hamt.js'
import { heapInsert } from '../internal/heap.js'
import type { ReserveRequest } from '../model/stock.js'
import { parseInstant } from '../time.js'
import { adjustHold, holdAt, internNewSku, internSku, overlayWith, positionOrEmpty, readPosition, skuIndexOf, writePosition } from './positions.js'
import { parseNow } from './input.js'
import { hasReservation, makeLine, makePosition, makeState, makeView, stampedAt, storedOf, withReservations } from './state.js'
import type { LotLocation, Position, PositionLot, Reservation, ReservationStatus, ReservedLine, StockState } from './types.js'

/** A line as a `reserved` event records it. */
export interface ReservedEventLine {
  readonly node: string
  readonly sku: string
  readonly quantity: number
  readonly availableAt?: string
  readonly lineId?: string
}

/** Units taken off one reservation line (by index) by a release, fulfilment or expiry. */
export interface EventLine {
  /** Index of the line in the reservation. */
  readonly line: number
  readonly node: string
  readonly sku: string
  readonly quantity: number
  readonly availableAt?: string
}

/** Units were reserved. `sequence` is the id counter after this reservation. */
export interface ReservedEvent {
  readonly type: 'reserved'
  readonly at: string
  readonly reservation: {
    readonly id: string
    readonly channel: string
    readonly lines: readonly ReservedEventLine[]
    readonly orderId?: string
    readonly idempotencyKey?: string
    readonly expiresAt?: string
  }
  readonly sequence: number
  /** The request, when it carried an idempotency key (replays of the key are compared with it). */
  readonly request?: ReserveRequest
}

/** A held reservation was confirmed: it no longer expires. */
export interface ConfirmedEvent {
  readonly type: 'confirmed'
  readonly at: string
  readonly reservation: string
}

/** Units of a reservation were released back to ATP. */
export interface ReleasedEvent {
  readonly type: 'released'
  readonly at: string
  readonly reservation: string
  readonly lines: readonly EventLine[]
}

/** A held reservation reached its expiry; its units went back to ATP. */
export interface ExpiredEvent {
  readonly type: 'expired'
  readonly at: string
  readonly reservation: string
  readonly expiresAt: string
  readonly lines: readonly EventLine[]
}

/** Units of a reservation left on hand (shipped or handed over). */
export interface FulfilledEvent {
  readonly type: 'fulfilled'
  readonly at: string
  readonly reservation: string
  readonly lines: readonly EventLine[]
}

/** An inbound lot was announced. */
export interface InboundAnnouncedEvent {
  readonly type: 'inbound-announced'
  readonly at: string
  readonly lot: {
    readonly id: string
    readonly node: string
    readonly sku: string
    readonly quantity: number
    readonly eta: string
  }
}

/** Units of an inbound lot arrived and joined on hand; `remaining` stay inbound. */
export interface InboundReceivedEvent {
  readonly type: 'inbound-received'
  readonly at: string
  readonly lot: string
  readonly node: string
  readonly sku: string
  readonly quantity: number
  readonly remaining: number
}

/** On hand was set by a count (or moved by a delta); `shortfall` is what reservations now lack. */
export interface AdjustedEvent {
  readonly type: 'adjusted'
  readonly at: string
  readonly node: string
  readonly sku: string
  readonly previous: number
  readonly onHand: number
  readonly delta: number
  readonly shortfall: number
  readonly reason?: string
}

/** Units came back (a customer return) at a node. */
export interface ReturnedEvent {
  readonly type: 'returned'
  readonly at: string
  readonly node: string
  readonly sku: string
  readonly quantity: number
}

/** Every stock event. */
export type StockEvent =
  | ReservedEvent
  | ConfirmedEvent
  | ReleasedEvent
  | ExpiredEvent
  | FulfilledEvent
  | InboundAnnouncedEvent
  | InboundReceivedEvent
  | AdjustedEvent
  | ReturnedEvent

const instantOr = (text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback
  return parseInstant(text) ?? fallback
}

const applyReserved = (state: StockState, ev: ReservedEvent): StockState => {
  const r = ev.reservation
  if (hasReservation(state, r.id)) return state
  const count = r.lines.length
  for (let i = 0; i < count; i++) if (!state.nodes.byId.has((r.lines[i] as ReservedEventLine).node)) return state
  let next = state
  let overlay = state.overlay
  const lines: ReservedLine[] = new Array<ReservedLine>(count)
  for (let i = 0; i < count; i++) {
    const line = r.lines[i] as ReservedEventLine
    let sku = skuIndexOf(next, line.sku)
    if (sku < 0) {
      const interned = internNewSku(next, line.sku)
      next = interned.state
      sku = interned.index
    }
    const node = next.nodes.byId.get(line.node) as number
    overlay = holdAt(next, overlay, sku, node, r.channel, instantOr(line.availableAt, -Infinity), line.quantity)
    lines[i] = makeLine(line, line.quantity, line.quantity, 0, 0, 0)
  }
  const expiresAtMs = instantOr(r.expiresAt, Infinity)
  const view = makeView(r, ev.at, 'held', lines)
  return makeState(
    next,
    next.skus,
    overlay,
    next.lots,
    hamtSet(next.reservations, r.id, view),
    next.finished,
    r.idempotencyKey === undefined || ev.request === undefined
      ? next.idempotency
      : hamtSet(next.idempotency, r.idempotencyKey, { reservation: r.id, request: ev.request }),
    expiresAtMs === Infinity ? next.expiry : heapInsert(next.expiry, { atMs: expiresAtMs, id: r.id }),
    Math.max(next.sequence, ev.sequence),
  )
}

/** @internal */
export type Drain = 'released' | 'fulfilled' | 'expired'

/** A state after an event, and the reservation view the event produced. */
interface Drained {
  readonly state: StockState
  readonly view: Reservation | undefined
}

/**
 * Applies a released, expired or fulfilled event and returns the reservation's new view too
 * (so that a command can answer with it without reading it back from the finished map).
 * Released and expired units return to ATP; fulfilled ones also leave on hand.
 *
 * @example applyDrain(state, 'r-1', event.lines, 'released').view?.status // 'released'
 * @internal
 */
export const applyDrain = (state: StockState, id: string, lines: readonly EventLine[], kind: Drain): Drained => {
  const rec = hamtGet(state.reservations, id)
  if (rec === undefined) return { state, view: undefined }
  const status = rec.status
  if (status !== 'held' && status !== 'confirmed') return { state, view: undefined }
  let overlay = state.overlay
  const viewLines = rec.lines.slice()
  for (let k = 0; k < lines.length; k++) {
    const ev = lines[k] as EventLine
    const line = viewLines[ev.line]
    if (line === undefined) continue
    const q = Math.min(Math.max(0, ev.quantity), line.held)
    if (q <= 0) continue
    const node = state.nodes.byId.get(line.node)
    const sku = skuIndexOf(state, line.sku)
    const p = node === undefined || sku < 0 ? undefined : (hamtGet(overlay, sku * state.nodes.count + node) ?? readPosition(state, sku, node))
    if (p === undefined || node === undefined) continue
    const holds = adjustHold(p.holds, rec.channel, instantOr(line.availableAt, -Infinity), -q)
    const onHand = kind === 'fulfilled' ? Math.max(0, p.onHand - q) : p.onHand
    overlay = overlayWith(state, overlay, sku, node, makePosition(onHand, p.heldBack, holds, p.lots))
    viewLines[ev.line] = makeLine(
      line,
      line.quantity,
      line.held - q,
      line.fulfilled + (kind === 'fulfilled' ? q : 0),
      line.released + (kind === 'released' ? q : 0),
      line.expired + (kind === 'expired' ? q : 0),
    )
  }
  let drained = true
  for (let k = 0; k < viewLines.length; k++) if ((viewLines[k] as ReservedLine).held > 0) drained = false
  const nextStatus: ReservationStatus = kind === 'expired' || drained ? kind : status
  const view = makeView(rec, rec.createdAt, nextStatus, viewLines)
  const live = nextStatus === 'held' || nextStatus === 'confirmed'
  const next = makeState(
    state,
    state.skus,
    overlay,
    state.lots,
    live ? hamtSet(state.reservations, id, view) : hamtDelete(state.reservations, id),
    live ? state.finished : hamtSet(state.finished, id, storedOf(view)),
    state.idempotency,
    state.expiry,
    state.sequence,
  )
  return { state: next, view }
}

const applyConfirmed = (state: StockState, ev: ConfirmedEvent): StockState => {
  const rec = hamtGet(state.reservations, ev.reservation)
  if (rec === undefined || rec.status !== 'held') return state
  return withReservations(state, hamtSet(state.reservations, ev.reservation, makeView(rec, rec.createdAt, 'confirmed', rec.lines)), state.finished)
}

/** Applies `f` to position (node, sku), interning the SKU; an unknown node leaves the state as is. */
const updatePosition = (state: StockState, node: string, sku: string, f: (p: Position) => Position): StockState => {
  const n = state.nodes.byId.get(node)
  if (n === undefined) return state
  const interned = internSku(state, sku)
  const p = positionOrEmpty(interned.state, interned.index, n)
  return writePosition(interned.state, interned.index, n, f(p))
}

const byEtaThenId = (a: PositionLot, b: PositionLot): number => a.etaMs - b.etaMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const applyAnnounced = (state: StockState, ev: InboundAnnouncedEvent): StockState => {
  const lot = ev.lot
  const node = state.nodes.byId.get(lot.node)
  if (node === undefined || hamtGet(state.lots, lot.id) !== undefined) return state
  const etaMs = parseInstant(lot.eta)
  if (etaMs === undefined) return state
  const entry: PositionLot = { id: lot.id, quantity: lot.quantity, etaMs, eta: lot.eta }
  const next = updatePosition(state, lot.node, lot.sku, (p) => makePosition(p.onHand, p.heldBack, p.holds, [...p.lots, entry].sort(byEtaThenId)))
  const sku = internSku(next, lot.sku).index
  const where: LotLocation = { node, sku }
  return makeState(next, next.skus, next.overlay, hamtSet(next.lots, lot.id, where), next.reservations, next.finished, next.idempotency, next.expiry, next.sequence)
}

const applyReceived = (state: StockState, ev: InboundReceivedEvent): StockState => {
  const where = hamtGet(state.lots, ev.lot)
  if (where === undefined) return state
  const p = readPosition(state, where.sku, where.node)
  const i = p === undefined ? -1 : p.lots.findIndex((l) => l.id === ev.lot)
  if (p === undefined || i < 0) return state
  const lot = p.lots[i] as PositionLot
  const q = Math.min(Math.max(0, ev.quantity), lot.quantity)
  const left = lot.quantity - q
  const lots =
    left === 0
      ? p.lots.filter((_, j) => j !== i)
      : p.lots.map((l, j): PositionLot => (j === i ? { id: l.id, quantity: left, etaMs: l.etaMs, eta: l.eta } : l))
  const next = writePosition(state, where.sku, where.node, makePosition(p.onHand + q, p.heldBack, p.holds, lots))
  if (left > 0) return next
  return makeState(next, next.skus, next.overlay, hamtDelete(next.lots, ev.lot), next.reservations, next.finished, next.idempotency, next.expiry, next.sequence)
}

/**
 * The state after one event. Events come from this ledger's commands; an event that does not
 * fit the state (an unknown reservation or node, a reservation id already present) leaves it
 * unchanged rather than throwing.
 *
 * @example
 * const { state: next, events } = unwrap(reserve(state, request, now))
 * events.reduce(applyEvent, state) // same ATP, breakdowns and reservations as next
 */
export const applyEvent = (state: StockState, event: StockEvent): StockState => {
  const next = applyChange(state, event)
  return next === state ? state : stamped(next, event)
}

/**
 * `state` having seen `event`: its last event instant moves up to the event's, so that a
 * replay rebuilds it too. An event whose `at` is not an instant leaves it as it was.
 *
 * @example stamped(state, { type: 'confirmed', at: '2026-11-27T11:00:00Z', reservation: 'r-1' }).lastEventAt // '2026-11-27T11:00:00Z'
 * @internal
 */
export const stamped = (state: StockState, event: StockEvent): StockState => {
  const at: unknown = event.at
  if (typeof at !== 'string') return state
  const ms = parseNow(at)
  return E.isRight(ms) ? stampedAt(state, at, ms.right) : state
}

/** The state after one event, before its instant is recorded. */
const applyChange = (state: StockState, event: StockEvent): StockState => {
  switch (event.type) {
    case 'reserved':
      return applyReserved(state, event)
    case 'confirmed':
      return applyConfirmed(state, event)
    case 'released':
      return applyDrain(state, event.reservation, event.lines, 'released').state
    case 'expired':
      return applyDrain(state, event.reservation, event.lines, 'expired').state
    case 'fulfilled':
      return applyDrain(state, event.reservation, event.lines, 'fulfilled').state
    case 'inbound-announced':
      return applyAnnounced(state, event)
    case 'inbound-received':
      return applyReceived(state, event)
    case 'adjusted':
      return updatePosition(state, event.node, event.sku, (p) => makePosition(Math.max(0, event.onHand), p.heldBack, p.holds, p.lots))
    case 'returned':
      return updatePosition(state, event.node, event.sku, (p) =>
        makePosition(p.onHand + Math.max(0, event.quantity), p.heldBack, p.holds, p.lots),
      )
    default:
      return state
  }
}

/**
 * Folds events over a state, in order: the state a sequence of commands produced, rebuilt
 * from the initial state and their events (an event log, a replica, a what-if).
 *
 * @example replay(initial, [...r1.events, ...r2.events]) // equals r2.state for every query
 */
export const replay = (state: StockState, events: readonly StockEvent[]): StockState => {
  let s = state
  for (const e of events) s = applyEvent(s, e)
  return s
}
