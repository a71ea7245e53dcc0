/**
 * Stock errors as values. Every failure of a stock build, query or command is one member of
 * the `StockError` union, tagged by `_tag`, with a human `message` and, where it concerns a
 * document, the JSON `path` of the offending value (`$.rows[12].node`). The shapes other
 * layers share (`unknown-node`, `invalid-input`, …) are defined once in `../errors.ts`.
 */
import {
  at,
  show,
  withPath,
  type DuplicateNode,
  type DuplicateSku,
  type InvalidInput,
  type InvalidInstant,
  type InvalidQuantity,
  type UnknownNode,
  type UnknownSku,
} from '../errors.js'

export {
  duplicateNode,
  duplicateSku,
  invalidInput,
  invalidInstant,
  invalidQuantity,
  unknownNode,
  unknownSku,
  type DuplicateNode,
  type DuplicateSku,
  type InvalidInput,
  type InvalidInstant,
  type InvalidQuantity,
  type UnknownNode,
  type UnknownSku,
} from '../errors.js'

/** More units were asked of a position than it may promise to the channel. */
export interface InsufficientStock {
  readonly _tag: 'insufficient-stock'
  readonly message: string
  readonly node: string
  readonly sku: string
  readonly requested: number
  readonly available: number
  readonly path?: string
}

/** No reservation has this id. */
export interface UnknownReservation {
  readonly _tag: 'unknown-reservation'
  readonly message: string
  readonly reservation: string
}

/** The reservation has expired (or its expiry has passed) and can no longer be confirmed or fulfilled. */
export interface Expired {
  readonly _tag: 'expired'
  readonly message: string
  readonly reservation: string
  readonly path?: string
}

/** An idempotency key was replayed with a different request. */
export interface IdempotencyConflict {
  readonly _tag: 'idempotency-conflict'
  readonly message: string
  readonly idempotencyKey: string
  readonly reservation: string
}

/** Two stock rows describe the same (node, SKU) position. */
export interface DuplicatePosition {
  readonly _tag: 'duplicate-position'
  readonly message: string
  readonly node: string
  readonly sku: string
  readonly path: string
}

/** A reservation with this id already exists. */
export interface DuplicateReservation {
  readonly _tag: 'duplicate-reservation'
  readonly message: string
  readonly reservation: string
  readonly path?: string
}

/** No inbound lot has this id. */
export interface UnknownLot {
  readonly _tag: 'unknown-lot'
  readonly message: string
  readonly lot: string
}

/** An inbound lot with this id already exists. */
export interface DuplicateLot {
  readonly _tag: 'duplicate-lot'
  readonly message: string
  readonly lot: string
  readonly path?: string
}

/** The reservation is no longer live (released, expired or fulfilled) for this command. */
export interface NotLive {
  readonly _tag: 'not-live'
  readonly message: string
  readonly reservation: string
  readonly status: string
}

/**
 * A command's `now` is earlier than the last event the state has seen: the ledger's history
 * only moves forward (a confirm at 07:00 of a reservation made at 11:00 is refused).
 */
export interface TimeWentBack {
  readonly _tag: 'time-went-back'
  readonly message: string
  /** The instant of the state's last event. */
  readonly last: string
  /** The `now` the command was given. */
  readonly now: string
  readonly path: 'now'
}

/** Every error the stock layer returns. */
export type StockError =
  | InsufficientStock
  | UnknownNode
  | DuplicateNode
  | UnknownReservation
  | Expired
  | IdempotencyConflict
  | InvalidQuantity
  | DuplicatePosition
  | DuplicateReservation
  | UnknownLot
  | DuplicateLot
  | InvalidInstant
  | NotLive
  | InvalidInput
  | UnknownSku
  | DuplicateSku
  | TimeWentBack

/**
 * An `insufficient-stock` error.
 *
 * @example insufficientStock('paris-1', 'sku-1', 5, 2).message // 'paris-1 has 2 of sku-1 to promise, 5 requested'
 */
export const insufficientStock = (
  node: string,
  sku: string,
  requested: number,
  available: number,
  path?: string,
): InsufficientStock => ({
  _tag: 'insufficient-stock',
  message: `${at(path)}${node} has ${available} of ${sku} to promise, ${requested} requested`,
  node,
  sku,
  requested,
  available,
  ...withPath(path),
})

/**
 * An `unknown-reservation` error.
 *
 * @example unknownReservation('r-9').reservation // 'r-9'
 */
export const unknownReservation = (reservation: string): UnknownReservation => ({
  _tag: 'unknown-reservation',
  message: `no reservation ${show(reservation)}`,
  reservation,
})

/**
 * An `expired` error.
 *
 * @example expired('r-1', 'reservation r-1 expired')._tag // 'expired'
 */
export const expired = (reservation: string, message: string, path?: string): Expired => ({
  _tag: 'expired',
  message: `${at(path)}${message}`,
  reservation,
  ...withPath(path),
})

/**
 * An `idempotency-conflict` error.
 *
 * @example idempotencyConflict('k-1', 'r-1')._tag // 'idempotency-conflict'
 */
export const idempotencyConflict = (idempotencyKey: string, reservation: string): IdempotencyConflict => ({
  _tag: 'idempotency-conflict',
  message: `idempotency key ${show(idempotencyKey)} was used for reservation ${reservation} with a different request`,
  idempotencyKey,
  reservation,
})

/**
 * A `duplicate-position` error.
 *
 * @example duplicatePosition('paris-1', 'sku-1', '$.rows[7]')._tag // 'duplicate-position'
 */
export const duplicatePosition = (node: string, sku: string, path: string): DuplicatePosition => ({
  _tag: 'duplicate-position',
  message: `${path}: a second row for ${sku} at ${node}`,
  node,
  sku,
  path,
})

/**
 * A `duplicate-reservation` error.
 *
 * @example duplicateReservation('r-1').reservation // 'r-1'
 */
export const duplicateReservation = (reservation: string, path?: string): DuplicateReservation => ({
  _tag: 'duplicate-reservation',
  message: `${at(path)}reservation ${show(reservation)} already exists`,
  reservation,
  ...withPath(path),
})

/**
 * An `unknown-lot` error.
 *
 * @example unknownLot('po-1').lot // 'po-1'
 */
export const unknownLot = (lot: string): UnknownLot => ({
  _tag: 'unknown-lot',
  message: `no inbound lot ${show(lot)}`,
  lot,
})

/**
 * A `duplicate-lot` error.
 *
 * @example duplicateLot('po-1', '$.inbound[2].id')._tag // 'duplicate-lot'
 */
export const duplicateLot = (lot: string, path?: string): DuplicateLot => ({
  _tag: 'duplicate-lot',
  message: `${at(path)}inbound lot ${show(lot)} already exists`,
  lot,
  ...withPath(path),
})

/**
 * A `not-live` error.
 *
 * @example notLive('r-1', 'fulfilled').status // 'fulfilled'
 */
export const notLive = (reservation: string, status: string): NotLive => ({
  _tag: 'not-live',
  message: `reservation ${reservation} is ${status}, no longer live`,
  reservation,
  status,
})

/**
 * A `time-went-back` error: `now` is before `last`, the instant of the state's last event.
 *
 * @example timeWentBack('2026-11-27T11:00:00Z', '2026-11-27T07:00:00Z').message // 'now: 2026-11-27T07:00:00Z is before the last event, at 2026-11-27T11:00:00Z'
 */
export const timeWentBack = (last: string, now: string): TimeWentBack => ({
  _tag: 'time-went-back',
  message: `now: ${now} is before the last event, at ${last}`,
  last,
  now,
  path: 'now',
})
