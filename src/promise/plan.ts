/**
 * Plans of options whose optimum is known without a search: one node serves every unit —
 * a parcel from it, its own shelves, or one transfer to the pickup node. They are built field
 * for field as the routing engine's plan assembly builds them (tests hold the two equal), with
 * cheaper formatting, because a product page builds a dozen per call.
 *
 * @internal
 */
import type { Order } from '../model/order.js'
import { formatMicros } from '../money.js'
import { dispatchAt, transferArrivesAt } from '../routing/eta.js'
import type { Allocation } from '../routing/plan.js'
import { formatInstant } from '../time.js'
import type { PromiseContext } from './context.js'
import type { PromisedPlan } from './types.js'

/** How the one node serves: a parcel to the shopper, its own shelves, or a transfer to the pickup node. */
export type SingleRole = 'ship' | 'own' | 'transfer'

const km = (metres: number): number => Math.round(metres) / 1000

/**
 * The plan in which node `source` alone serves every unit, at `fixed` plus `unit` per unit:
 * a parcel (`ship`), the pickup node's own shelves (`own`) or a transfer to pickup node
 * `target` (`transfer`). `etaMs` is when the customer has the goods.
 */
export const singleNodePlan = (
  ctx: PromiseContext,
  order: Order,
  role: SingleRole,
  source: number,
  target: number,
  metres: number,
  fixed: number,
  unit: number,
  etaMs: number,
): PromisedPlan => {
  // Object literals throughout: this builds a dozen plans per call, and spreading objects
  // into literals is markedly slower in V8.
  const ids = ctx.net.nodes.ids
  const from = ids[source] as string
  const lines = ctx.planLines
  let allocations: Allocation[]
  const one = lines.length === 1 ? lines[0] : undefined
  if (one !== undefined) allocations = [{ lineId: one.lineId, sku: one.sku, quantity: one.quantity, node: from }]
  else {
    allocations = []
    for (const l of lines) allocations.push({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, node: from })
  }
  const cost = formatMicros(fixed + ctx.quantity * unit)
  const eta = formatInstant(etaMs)
  const method = order.delivery.method
  if (role === 'ship') {
    return {
      orderId: order.id,
      channel: order.channel,
      method,
      strategy: 'optimal',
      shipments: [
        {
          from,
          lines,
          cost,
          distanceKm: km(metres),
          dispatchAt: formatInstant(dispatchAt(ctx.net, source, ctx.nowMs)),
          deliveredAt: eta,
          backorder: false,
        },
      ],
      transfers: [],
      unfulfilled: [],
      allocations,
      totalCost: cost,
      fulfilmentCost: cost,
      penaltyCost: '0',
      eta,
      optimality: 'proven',
      gap: '0',
    }
  }
  const to = ids[target] as string
  if (role === 'own') {
    return {
      orderId: order.id,
      channel: order.channel,
      method,
      strategy: 'optimal',
      shipments: [],
      transfers: [],
      pickup: { node: to, lines: lines.slice(), cost, readyAt: eta },
      unfulfilled: [],
      allocations,
      totalCost: cost,
      fulfilmentCost: cost,
      penaltyCost: '0',
      eta,
      optimality: 'proven',
      gap: '0',
    }
  }
  return {
    orderId: order.id,
    channel: order.channel,
    method,
    strategy: 'optimal',
    shipments: [],
    transfers: [
      {
        from,
        to,
        lines,
        cost,
        distanceKm: km(metres),
        arrivesAt: formatInstant(transferArrivesAt(ctx.net, source, ctx.nowMs, metres, target)),
        backorder: false,
      },
    ],
    pickup: { node: to, lines: lines.slice(), cost: '0', readyAt: eta },
    unfulfilled: [],
    allocations,
    totalCost: cost,
    fulfilmentCost: cost,
    penaltyCost: '0',
    eta,
    optimality: 'proven',
    gap: '0',
  }
}
