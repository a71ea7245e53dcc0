/** Turning a plan into ledger reservations. */
import type * as E from 'fp-ts/lib/Either.js'
import type { ReserveRequest } from '../model/stock.js'
import type { Plan } from '../routing/plan.js'
import { reservationRequestOf } from '../routing/reservation.js'
import { reserve, type StockError, type StockState } from '../stock/index.js'

/** Options of {@link reserveForPlan}. */
export interface ReservePlanOptions {
  /** The current instant (ISO-8601). */
  readonly now: string
  /** When an unconfirmed hold lapses (ISO-8601); none by default. */
  readonly expiresAt?: string
  /** Reservation id; default `order:<orderId>`. */
  readonly reservationId?: string
  /** Replaying the same key returns the same reservation and changes nothing. */
  readonly idempotencyKey?: string
}

/**
 * The reservation request that holds exactly the units a plan allocates: one line per
 * (node, SKU, order line), inbound units with their `availableAt`.
 *
 * @example reservationRequestFor(plan, { now }) // { channel: 'web', lines: [{ node: 'W1', sku: 'A', quantity: 2, lineId: '1' }], ... }
 */
export const reservationRequestFor = (plan: Plan, options: ReservePlanOptions): ReserveRequest => reservationRequestOf(plan, options)

/**
 * Holds a plan's units in the ledger, all or nothing: the state afterwards can never promise
 * them again. Fails with `insufficient-stock` if the stock moved since the plan was made.
 *
 * @example
 * const held = reserveForPlan(stock, plan, { now, expiresAt }) // Either<StockError, { state, events, reservation }>
 */
export const reserveForPlan = (stock: StockState, plan: Plan, options: ReservePlanOptions): ReturnType<typeof reserve> =>
  reserve(stock, reservationRequestFor(plan, options), options.now)

export type { StockError, E }
