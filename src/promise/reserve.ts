/** Checkout: holding exactly what an option promised. */
import type * as E from 'fp-ts/lib/Either.js'
import type { ReserveRequest } from '../model/stock.js'
import { reservationRequestOf } from '../routing/reservation.js'
import { reserve, type LedgerResult, type StockError, type StockState } from '../stock/index.js'
import type { PromiseOption } from './types.js'

/** Options of {@link reserveOption}. */
export interface ReserveOptionOptions {
  /** The current instant (ISO-8601). */
  readonly now: string
  /** When an unconfirmed hold lapses; default: the option's `holdUntil` (reserve-in-store), else none. */
  readonly expiresAt?: string
  /** Reservation id; default `order:<orderId>`. */
  readonly reservationId?: string
  /** Replaying the same key returns the same reservation and changes nothing. */
  readonly idempotencyKey?: string
}

/**
 * The reservation request that holds exactly the units the option's plan allocates — one
 * line per (node, SKU, order line), inbound units with their `availableAt` — expiring at the
 * reserve-in-store hold unless told otherwise.
 *
 * @example
 * optionReservation(option, { now }) // { channel: 'web', lines: [{ node: 'S-LYON-PART-DIEU', sku: 'LAMP', quantity: 1, lineId: '1' }], expiresAt: '…T13:00:00.000Z', … }
 */
export const optionReservation = (option: PromiseOption, o: ReserveOptionOptions): ReserveRequest => {
  const expiresAt = o.expiresAt ?? option.holdUntil
  return reservationRequestOf(option.plan, {
    ...(o.reservationId === undefined ? {} : { reservationId: o.reservationId }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(o.idempotencyKey === undefined ? {} : { idempotencyKey: o.idempotencyKey }),
  })
}

/**
 * Holds what the shopper picked, all or nothing: the option's plan, in the ledger, so no
 * other order can take those units. Fails with `insufficient-stock` when the stock moved
 * since the promise (promise again, or route `option.order` afresh).
 *
 * @example
 * const held = reserveOption(stock, option, { now: '2026-11-27T09:01:00Z' }) // Either<StockError, { state, events, reservation }>
 */
export const reserveOption = (stock: StockState, option: PromiseOption, o: ReserveOptionOptions): E.Either<StockError, LedgerResult> =>
  reserve(stock, optionReservation(option, o), o.now)
