/**
 * Routing many orders against shared stock: each order is routed on the stock left by the
 * ones before it, its units are reserved at once, and each node's daily capacity is consumed
 * as it goes, so a wave never promises the same unit twice.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Order } from '../model/order.js'
import type { RoutingError } from '../routing/errors.js'
import { checkBatchOptions } from '../routing/options.js'
import type { Plan } from '../routing/plan.js'
import { workMeter } from '../routing/optimiser.js'
import { routeOrderMetered, workBudget, type CapacityUsed, type RouteOptions } from '../routing/route.js'
import type { StockError, StockEvent, StockState } from '../stock/index.js'
import { reserveForPlan } from './reserve.js'

/** Options of a batch: those of `routeOrder` (its work `budget` applies to each order) plus reservation expiry. */
export interface BatchOptions extends Omit<RouteOptions, 'capacityUsed'> {
  /** Capacity used before the batch starts, by node id (a Map or a record). */
  readonly capacityUsed?: ReadonlyMap<string, CapacityUsed> | Readonly<Record<string, CapacityUsed>>
  /** When the batch's holds lapse unless confirmed (ISO-8601). */
  readonly expiresAt?: string
  /** `given` (default) routes in the order given; `id` sorts by order id first. */
  readonly sequence?: 'given' | 'id'
}

/** What happened to one order of a batch. */
export type BatchOutcome =
  | { readonly orderId: string; readonly status: 'routed'; readonly plan: Plan; readonly reservationId: string | undefined }
  | { readonly orderId: string; readonly status: 'rejected'; readonly error: RoutingError | StockError }

/** The result of a batch. */
export interface BatchResult {
  readonly state: StockState
  readonly outcomes: readonly BatchOutcome[]
  readonly events: readonly StockEvent[]
  readonly capacityUsed: ReadonlyMap<string, CapacityUsed>
}

/**
 * Adds a plan's use of each node's daily capacity (one order and its units now; backordered
 * units do not count) to `used`. Shared by batches and waves.
 *
 * @example addUsage(used, plan) // used.get('S-LYON') → { orders: 1, units: 3 }
 * @internal
 */
export const addUsage = (used: Map<string, CapacityUsed>, plan: Plan): void => {
  const units = new Map<string, number>()
  for (const a of plan.allocations) {
    if (a.availableAt !== undefined) continue
    units.set(a.node, (units.get(a.node) ?? 0) + a.quantity)
  }
  for (const [node, q] of units) {
    const prev = used.get(node) ?? { orders: 0, units: 0 }
    used.set(node, { orders: prev.orders + 1, units: prev.units + q })
  }
}

/**
 * Routes `orders` one after another against shared stock, reserving each plan's units before
 * the next order is routed. Deterministic: the same orders and stock give the same plans.
 * Orders whose plan ships nothing are returned as routed with everything unfulfilled and no
 * reservation. The options are checked once, with the codecs of `routeOrder`'s: invalid
 * options reject every order with the same `invalid-option` error (naming the option's path)
 * and change nothing.
 *
 * @example
 * const { state, outcomes } = routeBatch(stock, orders, { now: '2026-11-27T09:00:00Z' })
 */
export const routeBatch = (
  stock: StockState,
  orders: readonly Order[],
  options: BatchOptions,
): BatchResult => {
  const checked = checkBatchOptions(options)
  if (E.isLeft(checked)) {
    const error = checked.left
    return { state: stock, outcomes: orders.map((o) => ({ orderId: o.id, status: 'rejected', error })), events: [], capacityUsed: new Map() }
  }
  const sequence = options.sequence === 'id' ? [...orders].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) : orders
  const before = options.capacityUsed
  const used = new Map<string, CapacityUsed>(before === undefined ? [] : before instanceof Map ? before : Object.entries(before))
  // The batch's own options, not the route's: each order is routed with exactly the route options.
  const { expiresAt: _expiresAt, sequence: _sequence, capacityUsed: _capacityUsed, ...routeOptions } = options
  const outcomes: BatchOutcome[] = []
  const events: StockEvent[] = []
  let state = stock
  for (const order of sequence) {
    // Each order has a budget of its own, as if routed alone.
    const routed = routeOrderMetered(state, order, { ...routeOptions, capacityUsed: used }, workMeter(workBudget(options.budget), state.network.scratch))
    if (E.isLeft(routed)) {
      outcomes.push({ orderId: order.id, status: 'rejected', error: routed.left })
      continue
    }
    const plan = routed.right
    if (plan.allocations.length === 0) {
      outcomes.push({ orderId: order.id, status: 'routed', plan, reservationId: undefined })
      continue
    }
    const held = reserveForPlan(state, plan, {
      now: options.now,
      ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
      reservationId: `order:${order.id}`,
    })
    if (E.isLeft(held)) {
      outcomes.push({ orderId: order.id, status: 'rejected', error: held.left })
      continue
    }
    state = held.right.state
    events.push(...held.right.events)
    addUsage(used, plan)
    outcomes.push({ orderId: order.id, status: 'routed', plan, reservationId: held.right.reservation.id })
  }
  return { state, outcomes, events, capacityUsed: used }
}
