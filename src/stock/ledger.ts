/**
 * The reservation ledger: reserve, confirm, release, expire and fulfil. Every command is pure:
 * it validates against the state, emits events, and returns the state those events produce
 * (`applyEvent`, or for releases and fulfilments the same `applyDrain` it dispatches to, which
 * also hands back the new view), never touching its inputs. `now` is an ISO-8601 instant passed
 * by the caller.
 */
import * as E from 'fp-ts/lib/Either.js'
import { hamtGet } from '../internal/hamt.js'
import { heapPeek, heapPop } from '../internal/heap.js'
import { sameJson } from '../internal/json.js'
import type { ReservationLine, ReserveRequest } from '../model/stock.js'
import { parseInstant } from '../time.js'
import { atpAt, fencesAt, minFreeFrom } from './atp.js'
import { isQuantity, isRecord, parseNowAfter } from './input.js'
import {
  type StockError,
  duplicateReservation,
  expired,
  idempotencyConflict,
  invalidInput,
  insufficientStock,
  invalidInstant,
  invalidQuantity,
  notLive,
  unknownNode,
  unknownReservation,
} from './errors.js'
import {
  type EventLine,
  type FulfilledEvent,
  type ReleasedEvent,
  type ReservedEvent,
  type ReservedEventLine,
  type StockEvent,
  applyDrain,
  applyEvent,
  stamped,
} from './events.js'
import { adjustHold, readPosition, skuIndexOf } from './positions.js'
import { expiresAtMsOf, hasReservation, makeEventLine, makePosition, makeState, reservationOf } from './state.js'
import type { Reservation, ReservedLine, StockState } from './types.js'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** What a ledger command returns: the new state, the events that made it, the reservation. */
export interface LedgerResult {
  readonly state: StockState
  readonly events: readonly StockEvent[]
  readonly reservation: Reservation
}

/** Units to release or fulfil from a reservation at one position. */
export interface LineQuantity {
  readonly node: string
  readonly sku: string
  readonly quantity: number
}


/**
 * A reservation's current view, or undefined when no reservation has this id.
 *
 * @example getReservation(state, 'r-1')?.status // 'held'
 */
export const getReservation = (state: StockState, id: string): Reservation | undefined => reservationOf(state, id)

/** A validated reservation line. */
interface CheckedLine {
  readonly index: number
  readonly line: ReservationLine
  readonly node: number
  readonly sku: number
  readonly atMs: number
}

const validateLines = (state: StockState, lines: readonly ReservationLine[]): E.Either<StockError, readonly CheckedLine[]> => {
  if (!Array.isArray(lines)) return E.left(invalidInput('$.lines', 'an array of reservation lines'))
  if (lines.length === 0) return E.left(invalidQuantity('a reservation needs at least one line', '$.lines'))
  const out: CheckedLine[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as ReservationLine
    if (!isRecord(line) || typeof line.node !== 'string' || typeof line.sku !== 'string') {
      return E.left(invalidInput(`$.lines[${i}]`, 'a line with string node and sku'))
    }
    const node = state.nodes.byId.get(line.node)
    if (node === undefined) return E.left(unknownNode(line.node, `$.lines[${i}].node`))
    if (!isQuantity(line.quantity, 1)) return E.left(invalidQuantity('expected a whole number of units ≥ 1', `$.lines[${i}].quantity`))
    let atMs = -Infinity
    if (line.availableAt !== undefined) {
      const ms = parseInstant(line.availableAt)
      if (ms === undefined) return E.left(invalidInstant(line.availableAt, `$.lines[${i}].availableAt`))
      atMs = ms
    }
    out.push({ index: i, line, node, sku: skuIndexOf(state, line.sku), atMs })
  }
  return E.right(out)
}

/**
 * The first group of lines on one position that does not fit, as an error, or undefined. A
 * group fits when, after holding all its lines, free(τ) of the channel stays ≥ 0 from each
 * line's instant on (for one line: quantity ≤ ATP at its instant).
 */
const checkStock = (state: StockState, channel: string, lines: readonly CheckedLine[]): StockError | undefined => {
  if (lines.length === 1) {
    const l = lines[0] as CheckedLine
    const atp = l.sku < 0 ? 0 : atpAt(state, l.sku, l.node, channel, l.atMs)
    return l.line.quantity <= atp ? undefined : insufficientStock(l.line.node, l.line.sku, l.line.quantity, atp, `$.lines[${l.index}].quantity`)
  }
  const groups = new Map<string, CheckedLine[]>()
  for (const l of lines) {
    const key = `${l.node}\u0000${l.line.sku}`
    const g = groups.get(key)
    if (g === undefined) groups.set(key, [l])
    else g.push(l)
  }
  for (const group of groups.values()) {
    const first = group[0] as CheckedLine
    const requested = group.reduce((n, l) => n + l.line.quantity, 0)
    const earliest = group.reduce((t, l) => Math.min(t, l.atMs), Infinity)
    const p = first.sku < 0 ? undefined : readPosition(state, first.sku, first.node)
    const path = `$.lines[${first.index}].quantity`
    if (p === undefined) return insufficientStock(first.line.node, first.line.sku, requested, 0, path)
    const fences = fencesAt(state.policies, first.node, state.nodes.kind[first.node] as number, first.sku, p.onHand)
    let holds = p.holds
    for (const l of group) holds = adjustHold(holds, channel, l.atMs, l.line.quantity)
    const after = makePosition(p.onHand, p.heldBack, holds, p.lots)
    if (group.some((l) => minFreeFrom(after, fences, channel, l.atMs) < 0)) {
      const available = Math.max(0, minFreeFrom(p, fences, channel, earliest))
      return insufficientStock(first.line.node, first.line.sku, requested, available, path)
    }
  }
  return undefined
}

/** The result of a release or fulfilment, answering with the view the event produced. */
const drainedResult = (drained: { readonly state: StockState; readonly view: Reservation | undefined }, event: StockEvent, id: string): LedgerResult => {
  // `applyEvent` would record the event's instant; `applyDrain` is its release and fulfil branch.
  const state = stamped(drained.state, event)
  return drained.view === undefined ? resultOf(state, [event], id) : { state, events: [event], reservation: drained.view }
}

const resultOf = (state: StockState, events: readonly StockEvent[], id: string): LedgerResult => ({
  state,
  events,
  reservation: reservationOf(state, id) as Reservation,
})

/**
 * Holds stock for an order: every line or none. Each line is checked against the ATP of the
 * request's channel (lines on the same position add up; a line with `availableAt` is checked
 * at that instant, against inbound lots due by then). The reservation id is `request.id`, or
 * `r-<n>` from the state's counter. A request carrying an `idempotencyKey` seen before returns
 * the first reservation, no events and the same state when it is the same request, and
 * `idempotency-conflict` otherwise. No expiry unless `expiresAt` is given (it must be after
 * `now`). Errors: `insufficient-stock`, `unknown-node`, `duplicate-reservation`,
 * `invalid-quantity`, `invalid-instant`, `expired`.
 *
 * @example
 * reserve(state, { channel: 'web', lines: [{ node: 'paris-1', sku: 'sku-1', quantity: 2 }] }, '2026-11-27T09:30:00Z')
 * // Right({ state, events: [{ type: 'reserved', … }], reservation: { id: 'r-1', status: 'held', … } })
 */
export const reserve = (state: StockState, request: ReserveRequest, now: string): E.Either<StockError, LedgerResult> => {
  const nowMs = parseNowAfter(state, now)
  if (E.isLeft(nowMs)) return nowMs
  if (!isRecord(request) || typeof request.channel !== 'string') return E.left(invalidInput('$', 'a reserve request with a string channel'))
  const key = request.idempotencyKey
  if (key !== undefined) {
    const prior = hamtGet(state.idempotency, key)
    if (prior !== undefined) {
      if (!sameJson(prior.request, request)) return E.left(idempotencyConflict(key, prior.reservation))
      return E.right(resultOf(state, [], prior.reservation))
    }
  }
  let id: string
  let sequence = state.sequence
  if (request.id !== undefined) {
    if (hasReservation(state, request.id)) return E.left(duplicateReservation(request.id, '$.id'))
    id = request.id
  } else {
    do {
      sequence++
      id = `r-${sequence}`
    } while (hasReservation(state, id))
  }
  if (request.expiresAt !== undefined) {
    const ms = parseInstant(request.expiresAt)
    if (ms === undefined) return E.left(invalidInstant(request.expiresAt, '$.expiresAt'))
    if (ms <= nowMs.right) return E.left(expired(id, `expiresAt ${request.expiresAt} is not after now (${now})`, '$.expiresAt'))
  }
  const lines = validateLines(state, request.lines)
  if (E.isLeft(lines)) return lines
  const checked = checkStock(state, request.channel, lines.right)
  if (checked !== undefined) return E.left(checked)
  const eventLines = new Array<ReservedEventLine>(request.lines.length)
  for (let i = 0; i < request.lines.length; i++) {
    const l = request.lines[i] as ReservationLine
    const line: Mutable<ReservedEventLine> = { node: l.node, sku: l.sku, quantity: l.quantity }
    if (l.availableAt !== undefined) line.availableAt = l.availableAt
    if (l.lineId !== undefined) line.lineId = l.lineId
    eventLines[i] = line
  }
  const reservation: Mutable<ReservedEvent['reservation']> = { id, channel: request.channel, lines: eventLines }
  if (request.orderId !== undefined) reservation.orderId = request.orderId
  if (key !== undefined) reservation.idempotencyKey = key
  if (request.expiresAt !== undefined) reservation.expiresAt = request.expiresAt
  const event: Mutable<ReservedEvent> = { type: 'reserved', at: now, reservation, sequence }
  if (key !== undefined) event.request = request
  return E.right(resultOf(applyEvent(state, event), [event], id))
}

/**
 * Parses `now` and finds reservation `id`: the prologue of every command on one reservation.
 * Errors: `invalid-instant`, `invalid-input`, `unknown-reservation`.
 */
const findReservation = (
  state: StockState,
  id: string,
  now: string,
): E.Either<StockError, { readonly nowMs: number; readonly rec: Reservation }> => {
  const nowMs = parseNowAfter(state, now)
  if (E.isLeft(nowMs)) return nowMs
  if (typeof id !== 'string') return E.left(invalidInput('id', 'a reservation id string'))
  const rec = reservationOf(state, id)
  if (rec === undefined) return E.left(unknownReservation(id))
  return E.right({ nowMs: nowMs.right, rec })
}

/**
 * Confirms a held reservation: it stays held and never expires. Confirming a confirmed
 * reservation changes nothing (no events). Errors: `unknown-reservation`; `expired` when it
 * expired or its `expiresAt` ≤ now; `not-live` when released or fulfilled.
 *
 * @example confirm(state, 'r-1', '2026-11-27T09:35:00Z') // Right({ events: [{ type: 'confirmed', … }], … })
 */
export const confirm = (state: StockState, id: string, now: string): E.Either<StockError, LedgerResult> => {
  const found = findReservation(state, id, now)
  if (E.isLeft(found)) return found
  const { nowMs, rec } = found.right
  const status = rec.status
  if (status === 'confirmed') return E.right(resultOf(state, [], id))
  if (status === 'expired') return E.left(expired(id, `reservation ${id} expired`))
  if (status !== 'held') return E.left(notLive(id, status))
  if (expiresAtMsOf(rec) <= nowMs) return E.left(expired(id, `reservation ${id} expired at ${rec.expiresAt ?? ''}`))
  const event: StockEvent = { type: 'confirmed', at: now, reservation: id }
  return E.right(resultOf(applyEvent(state, event), [event], id))
}

/**
 * Per reservation line, the units to take off for `lines` (all held units when omitted):
 * each requested quantity is taken from the reservation's lines at that node and SKU, in line
 * order. Asking for more than is held is `invalid-quantity`.
 */
const linesToDrain = (rec: Reservation, lines: readonly LineQuantity[] | undefined, verb: string): E.Either<StockError, EventLine[]> => {
  const view = rec.lines
  const take = new Array<number>(view.length).fill(0)
  if (lines === undefined) {
    for (let i = 0; i < view.length; i++) take[i] = (view[i] as ReservedLine).held
  } else {
    if (!Array.isArray(lines)) return E.left(invalidInput('$.lines', 'an array of lines'))
    for (let k = 0; k < lines.length; k++) {
      const want = lines[k] as LineQuantity
      if (!isRecord(want)) return E.left(invalidInput(`$.lines[${k}]`, 'an object with node, sku and quantity'))
      if (!isQuantity(want.quantity, 1)) return E.left(invalidQuantity('expected a whole number of units ≥ 1', `$.lines[${k}].quantity`))
      let left = want.quantity
      for (let i = 0; i < view.length && left > 0; i++) {
        const l = view[i]
        if (l === undefined || l.node !== want.node || l.sku !== want.sku) continue
        const q = Math.min(left, l.held - (take[i] as number))
        take[i] = (take[i] as number) + q
        left -= q
      }
      if (left > 0) {
        return E.left(
          invalidQuantity(
            `cannot ${verb} ${want.quantity} of ${want.sku} at ${want.node} from reservation ${rec.id}: only ${want.quantity - left} held`,
            `$.lines[${k}].quantity`,
          ),
        )
      }
    }
  }
  const out: EventLine[] = []
  for (let i = 0; i < take.length; i++) {
    const q = take[i] as number
    const l = view[i]
    if (q > 0 && l !== undefined) out.push(makeEventLine(i, l, q))
  }
  return E.right(out)
}

/**
 * Releases a reservation, wholly or partly (`lines`: units per node and SKU). Released units
 * return to ATP exactly. Releasing a reservation that is no longer live (already released,
 * expired or fulfilled) succeeds with no events. Errors: `unknown-reservation`,
 * `invalid-quantity` (more than held), `invalid-instant`.
 *
 * @example release(state, 'r-1', now, [{ node: 'paris-1', sku: 'sku-1', quantity: 1 }])
 */
export const release = (
  state: StockState,
  id: string,
  now: string,
  lines?: readonly LineQuantity[],
): E.Either<StockError, LedgerResult> => {
  const found = findReservation(state, id, now)
  if (E.isLeft(found)) return found
  const { rec } = found.right
  const status = rec.status
  if (status !== 'held' && status !== 'confirmed') return E.right(resultOf(state, [], id))
  const drained = linesToDrain(rec, lines, 'release')
  if (E.isLeft(drained)) return drained
  if (drained.right.length === 0) return E.right(resultOf(state, [], id))
  const event: ReleasedEvent = { type: 'released', at: now, reservation: id, lines: drained.right }
  return E.right(drainedResult(applyDrain(state, id, event.lines, 'released'), event, id))
}

/**
 * Fulfils a live reservation, wholly or partly: the units leave the reservation and on hand
 * (shipped, handed over). Fully fulfilled, the reservation's status becomes `fulfilled`.
 * Errors: `unknown-reservation`, `expired` (expired, or `expiresAt` ≤ now while held),
 * `not-live`, `invalid-quantity` (more than held), `insufficient-stock` (fewer units on hand
 * than to fulfil, e.g. a backorder not yet received).
 *
 * @example fulfil(state, 'r-1', '2026-11-27T10:00:00Z') // Right({ events: [{ type: 'fulfilled', … }], … })
 */
export const fulfil = (
  state: StockState,
  id: string,
  now: string,
  lines?: readonly LineQuantity[],
): E.Either<StockError, LedgerResult> => {
  const found = findReservation(state, id, now)
  if (E.isLeft(found)) return found
  const { nowMs, rec } = found.right
  const status = rec.status
  if (status === 'expired' || (status === 'held' && expiresAtMsOf(rec) <= nowMs)) {
    return E.left(expired(id, `reservation ${id} expired`))
  }
  if (status !== 'held' && status !== 'confirmed') return E.left(notLive(id, status))
  const drained = linesToDrain(rec, lines, 'fulfil')
  if (E.isLeft(drained)) return drained
  const perPosition = new Map<string, { node: number; sku: number; quantity: number; line: EventLine }>()
  for (const l of drained.right) {
    const key = `${l.node}\u0000${l.sku}`
    const acc = perPosition.get(key)
    if (acc === undefined) perPosition.set(key, { node: state.nodes.byId.get(l.node) ?? -1, sku: skuIndexOf(state, l.sku), quantity: l.quantity, line: l })
    else acc.quantity += l.quantity
  }
  for (const { node, sku, quantity, line } of perPosition.values()) {
    const onHand = node < 0 || sku < 0 ? 0 : readPosition(state, sku, node)?.onHand ?? 0
    if (quantity > onHand) return E.left(insufficientStock(line.node, line.sku, quantity, onHand))
  }
  const event: FulfilledEvent = { type: 'fulfilled', at: now, reservation: id, lines: drained.right }
  return E.right(drainedResult(applyDrain(state, id, event.lines, 'fulfilled'), event, id))
}

/** What `expire` returns: the new state and the `expired` events that made it. */
export interface ExpiryResult {
  readonly state: StockState
  readonly events: readonly StockEvent[]
}

/**
 * Expires every held (not confirmed) reservation whose `expiresAt` ≤ now, in (expiresAt, id)
 * order, popping the expiry heap and skipping entries of reservations no longer held.
 * Errors: `invalid-instant` (`now`), `time-went-back` (`now` before the last event).
 *
 * @example expire(state, '2026-11-27T10:00:00Z') // Right({ state, events: [{ type: 'expired', reservation: 'r-3', … }] })
 */
export const expire = (state: StockState, now: string): E.Either<StockError, ExpiryResult> => {
  const nowMs = parseNowAfter(state, now)
  if (E.isLeft(nowMs)) return nowMs
  let heap = state.expiry
  let next = state
  const events: StockEvent[] = []
  for (let top = heapPeek(heap); top !== undefined && top.atMs <= nowMs.right; top = heapPeek(heap)) {
    heap = heapPop(heap)
    const rec = hamtGet(next.reservations, top.id)
    if (rec === undefined || rec.status !== 'held' || expiresAtMsOf(rec) !== top.atMs) continue
    const lines: EventLine[] = []
    rec.lines.forEach((l, i) => {
      if (l.held > 0) lines.push(makeEventLine(i, l, l.held))
    })
    const event: StockEvent = { type: 'expired', at: now, reservation: top.id, expiresAt: rec.expiresAt ?? now, lines }
    events.push(event)
    next = applyEvent(next, event)
  }
  if (heap === state.expiry) return E.right({ state, events })
  return E.right({ state: makeState(next, next.skus, next.overlay, next.lots, next.reservations, next.finished, next.idempotency, heap, next.sequence), events })
}
