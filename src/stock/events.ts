/**
 * Stock events: plain JSON data (instants as ISO strings) recording every change a command
 * made, each carrying everything needed to apply it again. Commands validate, emit events,
 * and fold them with `applyEvent`; so `replay(initial, events)` rebuilds an equal state by
 * construction.
 */
import { hamtDelete, hamtGet, hamtSet } from '../internal/hamt.js'
import { heapInsert } from '../internal/heap.js'
import type { ReserveRequest } from '../model/stock.js'
import { parseInstant } from '../time.js'
import { adjustHold, internSku, positionOrEmpty, readPosition, writePosition } from './positions.js'
import type {
  Position,
  PositionLot,
  ReservationRecord,
  ReservationStatus,
  ReservedLine,
  StockState,
} from './types.js'

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
  if (hamtGet(state.reservations, r.id) !== undefined) return state
  const lineNode: number[] = []
  for (const line of r.lines) {
    const node = state.nodes.byId.get(line.node)
    if (node === undefined) return state
    lineNode.push(node)
  }
  let next = state
  const lineSku: number[] = []
  const lineAtMs: number[] = []
  const lines: ReservedLine[] = []
  r.lines.forEach((line, i) => {
    const interned = internSku(next, line.sku)
    next = interned.state
    const node = lineNode[i] as number
    const atMs = instantOr(line.availableAt, -Infinity)
    const p = positionOrEmpty(next, interned.index, node)
    next = writePosition(next, interned.index, node, { ...p, holds: adjustHold(p.holds, r.channel, atMs, line.quantity) })
    lineSku.push(interned.index)
    lineAtMs.push(atMs)
    lines.push({
      node: line.node,
      sku: line.sku,
      quantity: line.quantity,
      held: line.quantity,
      fulfilled: 0,
      released: 0,
      expired: 0,
      ...(line.availableAt === undefined ? {} : { availableAt: line.availableAt }),
      ...(line.lineId === undefined ? {} : { lineId: line.lineId }),
    })
  })
  const expiresAtMs = instantOr(r.expiresAt, Infinity)
  const record: ReservationRecord = {
    view: {
      id: r.id,
      channel: r.channel,
      status: 'held',
      createdAt: ev.at,
      lines,
      ...(r.orderId === undefined ? {} : { orderId: r.orderId }),
      ...(r.idempotencyKey === undefined ? {} : { idempotencyKey: r.idempotencyKey }),
      ...(r.expiresAt === undefined ? {} : { expiresAt: r.expiresAt }),
    },
    expiresAtMs,
    lineNode,
    lineSku,
    lineAtMs,
  }
  return {
    ...next,
    reservations: hamtSet(next.reservations, r.id, record),
    expiry: expiresAtMs === Infinity ? next.expiry : heapInsert(next.expiry, { atMs: expiresAtMs, id: r.id }),
    idempotency:
      r.idempotencyKey === undefined || ev.request === undefined
        ? next.idempotency
        : hamtSet(next.idempotency, r.idempotencyKey, { reservation: r.id, request: ev.request }),
    sequence: Math.max(next.sequence, ev.sequence),
  }
}

type Drain = 'released' | 'fulfilled' | 'expired'

/** Takes units off reservation lines: released and expired units return to ATP, fulfilled ones also leave on hand. */
const applyDrain = (state: StockState, id: string, lines: readonly EventLine[], kind: Drain): StockState => {
  const rec = hamtGet(state.reservations, id)
  if (rec === undefined) return state
  const status = rec.view.status
  if (status !== 'held' && status !== 'confirmed') return state
  let next = state
  const viewLines = rec.view.lines.slice()
  for (const ev of lines) {
    const line = viewLines[ev.line]
    if (line === undefined) continue
    const q = Math.min(Math.max(0, ev.quantity), line.held)
    if (q <= 0) continue
    const node = rec.lineNode[ev.line] as number
    const sku = rec.lineSku[ev.line] as number
    const p = readPosition(next, sku, node)
    if (p === undefined) continue
    const holds = adjustHold(p.holds, rec.view.channel, rec.lineAtMs[ev.line] as number, -q)
    const onHand = kind === 'fulfilled' ? Math.max(0, p.onHand - q) : p.onHand
    next = writePosition(next, sku, node, { ...p, onHand, holds })
    viewLines[ev.line] = { ...line, held: line.held - q, [kind]: line[kind] + q }
  }
  const drained = viewLines.every((l) => l.held === 0)
  const nextStatus: ReservationStatus = kind === 'expired' || drained ? kind : status
  const record: ReservationRecord = { ...rec, view: { ...rec.view, status: nextStatus, lines: viewLines } }
  return { ...next, reservations: hamtSet(next.reservations, id, record) }
}

const applyConfirmed = (state: StockState, ev: ConfirmedEvent): StockState => {
  const rec = hamtGet(state.reservations, ev.reservation)
  if (rec === undefined || rec.view.status !== 'held') return state
  const record: ReservationRecord = { ...rec, view: { ...rec.view, status: 'confirmed' } }
  return { ...state, reservations: hamtSet(state.reservations, ev.reservation, record) }
}

/** Applies `f` to position (node, sku), interning the SKU; an unknown node leaves the state as is. */
const updatePosition = (state: StockState, node: string, sku: string, f: (p: Position) => Position): StockState => {
  const n = state.nodes.byId.get(node)
  if (n === undefined) return state
  const interned = internSku(state, sku)
  const p = positionOrEmpty(interned.state, interned.index, n)
  return writePosition(interned.state, interned.index, n, f(p))
}

const applyAnnounced = (state: StockState, ev: InboundAnnouncedEvent): StockState => {
  const lot = ev.lot
  const node = state.nodes.byId.get(lot.node)
  if (node === undefined || hamtGet(state.lots, lot.id) !== undefined) return state
  const etaMs = parseInstant(lot.eta)
  if (etaMs === undefined) return state
  const entry: PositionLot = { id: lot.id, quantity: lot.quantity, etaMs, eta: lot.eta }
  const next = updatePosition(state, lot.node, lot.sku, (p) => {
    const lots = [...p.lots, entry].sort((a, b) => a.etaMs - b.etaMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    return { ...p, lots }
  })
  const sku = internSku(next, lot.sku).index
  return { ...next, lots: hamtSet(next.lots, lot.id, { node, sku }) }
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
  const lots = left === 0 ? [...p.lots.slice(0, i), ...p.lots.slice(i + 1)] : p.lots.map((l, j) => (j === i ? { ...l, quantity: left } : l))
  const next = writePosition(state, where.sku, where.node, { ...p, onHand: p.onHand + q, lots })
  return left === 0 ? { ...next, lots: hamtDelete(next.lots, ev.lot) } : next
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
  switch (event.type) {
    case 'reserved':
      return applyReserved(state, event)
    case 'confirmed':
      return applyConfirmed(state, event)
    case 'released':
      return applyDrain(state, event.reservation, event.lines, 'released')
    case 'expired':
      return applyDrain(state, event.reservation, event.lines, 'expired')
    case 'fulfilled':
      return applyDrain(state, event.reservation, event.lines, 'fulfilled')
    case 'inbound-announced':
      return applyAnnounced(state, event)
    case 'inbound-received':
      return applyReceived(state, event)
    case 'adjusted':
      return updatePosition(state, event.node, event.sku, (p) => ({ ...p, onHand: Math.max(0, event.onHand) }))
    case 'returned':
      return updatePosition(state, event.node, event.sku, (p) => ({ ...p, onHand: p.onHand + Math.max(0, event.quantity) }))
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
