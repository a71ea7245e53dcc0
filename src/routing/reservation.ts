/**
 * The reservation request a plan's allocations make: the one place a plan (from `routeOrder`,
 * a batch or a delivery-promise option) turns into what the ledger holds.
 */
import type { Id, Instant, PositiveQuantity } from '../model/primitives.js'
import type { ReservationLine, ReserveRequest } from '../model/stock.js'
import type { Plan } from './plan.js'

/** Who holds the units and until when. */
export interface ReservationTerms {
  /** Reservation id; default `order:<orderId>`. */
  readonly reservationId?: string
  /** When an unconfirmed hold lapses (ISO-8601); none when absent. */
  readonly expiresAt?: string
  /** Replaying the same key returns the same reservation and changes nothing. */
  readonly idempotencyKey?: string
}

/**
 * The reservation request that holds exactly the units `plan` allocates: one line per (node,
 * SKU, order line), inbound units with their `availableAt`.
 *
 * Every value comes from a decoded order, network and stock (ids, channel, instants the
 * engine formats, whole positive quantities), so each is branded as the codec would brand it.
 *
 * @example reservationRequestOf(plan, { expiresAt }) // { id: 'order:o1', orderId: 'o1', channel: 'web', lines: [{ node: 'W1', sku: 'A', quantity: 2, lineId: '1' }], expiresAt }
 */
export const reservationRequestOf = (plan: Pick<Plan, 'orderId' | 'channel' | 'allocations'>, terms: ReservationTerms): ReserveRequest => {
  const lines = plan.allocations.map(
    (a): ReservationLine =>
      a.availableAt === undefined
        ? { node: a.node as Id, sku: a.sku as Id, quantity: a.quantity as PositiveQuantity, lineId: a.lineId as Id }
        : { node: a.node as Id, sku: a.sku as Id, quantity: a.quantity as PositiveQuantity, lineId: a.lineId as Id, availableAt: a.availableAt as Instant },
  )
  const request: ReserveRequest = {
    id: (terms.reservationId ?? `order:${plan.orderId}`) as Id,
    orderId: plan.orderId as Id,
    channel: plan.channel as Id,
    lines,
    ...(terms.expiresAt === undefined ? {} : { expiresAt: terms.expiresAt as Instant }),
    ...(terms.idempotencyKey === undefined ? {} : { idempotencyKey: terms.idempotencyKey as Id }),
  }
  return request
}
