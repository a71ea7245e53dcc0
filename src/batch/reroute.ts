/**
 * Re-routing after a store (or any node) cannot pick: the rejected position is excluded, the
 * units already planned elsewhere stay where they are, and only the rejected units are routed
 * again on the current stock.
 */
import * as E from 'fp-ts/lib/Either.js'
import { formatMicros, toMicros } from '../money.js'
import type { Order } from '../model/order.js'
import { routingError, type RoutingError } from '../routing/errors.js'
import type { RoutingNetwork } from '../routing/network.js'
import type { Allocation, Plan, PlanLine, Shipment, Transfer } from '../routing/plan.js'
import { workMeter } from '../routing/optimiser.js'
import { routeOrderMetered, workBudget, type RouteOptions } from '../routing/route.js'
import type { StockState } from '../stock/index.js'

/** A node refusing to pick: all of the order's units there, or one SKU's. */
export interface Rejection {
  readonly node: string
  readonly sku?: string
}

/** The re-routed plan, what moved, and how far it is from re-planning everything. */
export interface Rerouted {
  readonly plan: Plan
  /** Allocations taken away from the rejected node. */
  readonly moved: readonly Allocation[]
  /** Cost of the plan minus the optimum of routing the whole order again without the rejected position. */
  readonly extraOverFullReroute: string
}

const rejected = (r: Rejection) => (a: { readonly node: string; readonly sku: string }): boolean =>
  a.node === r.node && (r.sku === undefined || a.sku === r.sku)

const sumUnits = (lines: readonly PlanLine[]): number => lines.reduce((a, l) => a + l.quantity, 0)

const minus = (lines: readonly PlanLine[], from: string, moved: readonly Allocation[]): PlanLine[] =>
  lines
    .map((l) => ({
      ...l,
      quantity: l.quantity - moved.filter((m) => m.node === from && m.lineId === l.lineId).reduce((a, m) => a + m.quantity, 0),
    }))
    .filter((l) => l.quantity > 0)

/** A parcel or transfer cost is fixed + units × per-unit, so it scales exactly with its units. */
const rescale = (cost: string, fixed: number, before: number, after: number): string => {
  const c = toMicros(cost)
  if (before === 0) return cost
  return formatMicros(fixed + ((c - fixed) / before) * after)
}

/**
 * Re-routes `plan` after `rejection`. The stock should still hold the plan's other units
 * (reserved or not); the rejected position is never used again for this order. Hub plans
 * are consolidated as a whole, so they are re-planned entirely without the position.
 *
 * @example
 * const r = reroute(network, stock, order, plan, { node: 'S-LYON-2', sku: 'SHOE-42' }, { now })
 */
export const reroute = (
  network: RoutingNetwork,
  stock: StockState,
  order: Order,
  plan: Plan,
  rejection: Rejection,
  options: RouteOptions,
): E.Either<RoutingError, Rerouted> => {
  if (plan.orderId !== order.id) {
    return E.left(routingError('rejection-mismatch', `plan ${plan.orderId} is not the plan of order ${order.id}`, '$.plan.orderId'))
  }
  const moved = plan.allocations.filter(rejected(rejection))
  const skus = rejection.sku === undefined ? [...new Set(order.lines.map((l) => l.sku))] : [rejection.sku]
  const exclude = [...(options.excludePositions ?? []), ...skus.map((sku) => ({ node: rejection.node, sku }))]
  // Both routings draw on one budget: the call as a whole is bounded.
  const meter = workMeter(workBudget(options.budget))
  const full = routeOrderMetered(network, stock, order, { ...options, excludePositions: exclude }, meter)
  if (E.isLeft(full)) return full
  const fullPlan = full.right
  if (moved.length === 0 || plan.hub !== undefined) {
    return E.right({ plan: fullPlan, moved, extraOverFullReroute: '0' })
  }
  const residualLines = order.lines
    .map((l) => ({ ...l, quantity: moved.filter((m) => m.lineId === l.id).reduce((a, m) => a + m.quantity, 0) }))
    .filter((l) => l.quantity > 0)
  const keptSources = new Set(plan.allocations.filter((a) => !rejected(rejection)(a)).map((a) => a.node))
  const residualOrder = {
    ...order,
    lines: residualLines,
    ...(order.maxShipments === undefined ? {} : { maxShipments: Math.max(1, order.maxShipments - keptSources.size) }),
  } as unknown as Order
  const residual = routeOrderMetered(network, stock, residualOrder, { ...options, excludePositions: exclude }, meter)
  if (E.isLeft(residual)) return residual
  const r = residual.right
  const keptShipments: Shipment[] = plan.shipments
    .map((s) => {
      const lines = minus(s.lines, s.from, moved)
      const n = network.nodes.byId.get(s.from) ?? -1
      return { ...s, lines, cost: rescale(s.cost, network.packageMicros[n] ?? 0, sumUnits(s.lines), sumUnits(lines)) }
    })
    .filter((s) => s.lines.length > 0)
  const keptTransfers: Transfer[] = plan.transfers
    .map((t) => {
      const lines = minus(t.lines, t.from, moved)
      const n = network.nodes.byId.get(t.from) ?? -1
      return { ...t, lines, cost: rescale(t.cost, network.transferFixedMicros[n] ?? 0, sumUnits(t.lines), sumUnits(lines)) }
    })
    .filter((t) => t.lines.length > 0)
  const pickup =
    plan.pickup === undefined
      ? undefined
      : (() => {
          const own = minus(plan.pickup.lines, plan.pickup.node, moved)
          const ownBefore = plan.allocations.filter((a) => a.node === plan.pickup?.node)
          const ownAfter = ownBefore.filter((a) => !rejected(rejection)(a))
          const lines = mergeLines([...own.filter(() => true), ...(r.pickup?.lines ?? [])], order)
          return {
            ...plan.pickup,
            lines,
            cost: formatMicros(
              toMicros(rescale(plan.pickup.cost, 0, sumUnits(ownBefore), sumUnits(ownAfter))) + toMicros(r.pickup?.cost ?? '0'),
            ),
            readyAt: [plan.pickup.readyAt, r.pickup?.readyAt ?? plan.pickup.readyAt].sort()[1] ?? plan.pickup.readyAt,
          }
        })()
  const shipments = [...keptShipments, ...r.shipments].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  const transfers = [...keptTransfers, ...r.transfers].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  const fulfilment =
    shipments.reduce((a, s) => a + toMicros(s.cost), 0) +
    transfers.reduce((a, t) => a + toMicros(t.cost), 0) +
    (pickup === undefined ? 0 : toMicros(pickup.cost))
  const penalty = toMicros(plan.penaltyCost) + toMicros(r.penaltyCost)
  const total = fulfilment + penalty
  const allocations = [...plan.allocations.filter((a) => !rejected(rejection)(a)), ...r.allocations].sort(
    (a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0),
  )
  const etas = [plan.eta, r.eta].filter((x): x is string => x !== undefined).sort()
  const merged: Plan = {
    ...plan,
    shipments,
    transfers,
    ...(pickup === undefined ? {} : { pickup }),
    unfulfilled: [...plan.unfulfilled, ...r.unfulfilled].sort((a, b) => (a.lineId < b.lineId ? -1 : 1)),
    allocations,
    totalCost: formatMicros(total),
    fulfilmentCost: formatMicros(fulfilment),
    penaltyCost: formatMicros(penalty),
    ...(etas.length === 0 ? {} : { eta: etas[etas.length - 1] as string }),
    optimality: 'heuristic',
    gap: formatMicros(Math.max(0, total - toMicros(fullPlan.totalCost))),
    explanation: {
      summary: `re-routed ${sumUnits(moved)} unit(s) away from ${rejection.node}: ${r.explanation.summary}`,
      nodes: r.explanation.nodes,
    },
  }
  return E.right({ plan: merged, moved, extraOverFullReroute: formatMicros(Math.max(0, total - toMicros(fullPlan.totalCost))) })
}

const mergeLines = (lines: readonly PlanLine[], order: Order): PlanLine[] => {
  const by = new Map<string, number>()
  for (const l of lines) by.set(l.lineId, (by.get(l.lineId) ?? 0) + l.quantity)
  return order.lines
    .filter((l) => (by.get(l.id) ?? 0) > 0)
    .map((l) => ({ lineId: l.id, sku: l.sku, quantity: by.get(l.id) ?? 0 }))
    .sort((a, b) => (a.lineId < b.lineId ? -1 : 1))
}
