/**
 * Stock errors as values. Every failure of a stock build, query or command is one member of
 * the `StockError` union, tagged by `_tag`, with a human `message` and, where it concerns a
 * document, the JSON `path` of the offending value (`$.rows[12].node`).
 */

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

/** A document or command names a node the network does not have. */
export interface UnknownNode {
  readonly _tag: 'unknown-node'
  readonly message: string
  readonly node: string
  readonly path?: string
}

/** Two nodes of a network share an id. */
export interface DuplicateNode {
  readonly _tag: 'duplicate-node'
  readonly message: string
  readonly node: string
  readonly path: string
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

/** A quantity is not a whole number in range, or exceeds what it applies to. */
export interface InvalidQuantity {
  readonly _tag: 'invalid-quantity'
  readonly message: string
  readonly path?: string
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

/** A string that should be an ISO-8601 instant with an offset is not one. */
export interface InvalidInstant {
  readonly _tag: 'invalid-instant'
  readonly message: string
  readonly value: string
  readonly path?: string
}

/** The reservation is no longer live (released, expired or fulfilled) for this command. */
export interface NotLive {
  readonly _tag: 'not-live'
  readonly message: string
  readonly reservation: string
  readonly status: string
}

/** An argument that is not the document it should be (what the codecs reject): not an object, not an array, not a string. */
export interface InvalidInput {
  readonly _tag: 'invalid-input'
  readonly message: string
  readonly path: string
}

/** A policy names an SKU the network's catalogue does not list. */
export interface UnknownSku {
  readonly _tag: 'unknown-sku'
  readonly message: string
  readonly sku: string
  readonly path?: string
}

/** Two SKUs of a catalogue share an id. */
export interface DuplicateSku {
  readonly _tag: 'duplicate-sku'
  readonly message: string
  readonly sku: string
  readonly path: string
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

const at = (path: string | undefined): string => (path === undefined ? '' : `${path}: `)

/** A short quoted rendering of any value for a message; never throws (BigInt, cycles, hostile toString). */
const show = (value: unknown): string => {
  try {
    const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? typeof value
    return text.length > 80 ? `${text.slice(0, 77)}...` : text
  } catch {
    return typeof value
  }
}
const withPath = (path: string | undefined): { readonly path?: string } => (path === undefined ? {} : { path })

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
 * An `unknown-node` error.
 *
 * @example unknownNode('nowhere', '$.rows[3].node').path // '$.rows[3].node'
 */
export const unknownNode = (node: string, path?: string): UnknownNode => ({
  _tag: 'unknown-node',
  message: `${at(path)}no node ${show(node)} in the network`,
  node,
  ...withPath(path),
})

/**
 * A `duplicate-node` error.
 *
 * @example duplicateNode('lyon-1', '$.nodes[4].id')._tag // 'duplicate-node'
 */
export const duplicateNode = (node: string, path: string): DuplicateNode => ({
  _tag: 'duplicate-node',
  message: `${path}: node id ${show(node)} appears more than once`,
  node,
  path,
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
 * An `invalid-quantity` error.
 *
 * @example invalidQuantity('expected a whole number ≥ 1', '$.lines[0].quantity').path // '$.lines[0].quantity'
 */
export const invalidQuantity = (message: string, path?: string): InvalidQuantity => ({
  _tag: 'invalid-quantity',
  message: `${at(path)}${message}`,
  ...withPath(path),
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
 * An `invalid-instant` error.
 *
 * @example invalidInstant('yesterday', 'now').message // 'now: expected an ISO-8601 instant with offset, got "yesterday"'
 */
export const invalidInstant = (value: unknown, path?: string): InvalidInstant => {
  const shown = typeof value === 'string' ? value : show(value)
  return {
    _tag: 'invalid-instant',
    message: `${at(path)}expected an ISO-8601 instant with offset, got ${show(value)}`,
    value: shown,
    ...withPath(path),
  }
}

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
 * An `invalid-input` error: the value at `path` is not what the codecs would have let through.
 *
 * @example invalidInput('$.lines[0]', 'an object with node, sku and quantity').message // '$.lines[0]: expected an object with node, sku and quantity'
 */
export const invalidInput = (path: string, expected: string): InvalidInput => ({
  _tag: 'invalid-input',
  message: `${path}: expected ${expected}`,
  path,
})

/**
 * An `unknown-sku` error.
 *
 * @example unknownSku('sku-9', '$.policies.safetyStock[0].sku').message // '$.policies.safetyStock[0].sku: no SKU "sku-9" in the catalogue'
 */
export const unknownSku = (sku: string, path?: string): UnknownSku => ({
  _tag: 'unknown-sku',
  message: `${at(path)}no SKU ${show(sku)} in the catalogue`,
  sku,
  ...withPath(path),
})

/**
 * A `duplicate-sku` error.
 *
 * @example duplicateSku('sku-1', '$.skus[3].id')._tag // 'duplicate-sku'
 */
export const duplicateSku = (sku: string, path: string): DuplicateSku => ({
  _tag: 'duplicate-sku',
  message: `${path}: SKU id ${show(sku)} appears more than once`,
  sku,
  path,
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
