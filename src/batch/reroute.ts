/**
 * Re-routing after a store (or any node) cannot pick: the rejected position is excluded, the
 * units already planned elsewhere stay where they are, and only the rejected units are routed
 * again on the current stock. The result is a plan like any other: every line covered, its
 * legs and pickup listing exactly what its allocations take, its totals adding up, and a
 * summary that says what it is.
 */
import * as E from 'fp-ts/lib/Either.js'
import { formatMicros, toMicros } from '../money.js'
import type { Order } from '../model/order.js'
import { routingError, type RoutingError } from '../routing/errors.js'
import { summaryOf } from '../routing/explain.js'
import { checkRouteOptions } from '../routing/options.js'
import type { Allocation, NodeExplanation, Pickup, Plan, PlanLine, Shipment, Transfer } from '../routing/plan.js'
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

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const sumUnits = (lines: readonly PlanLine[]): number => {
  let n = 0
  for (const l of lines) n += l.quantity
  return n
}

/** Lines summed by line id, ascending. */
const mergeLines = (lines: readonly PlanLine[]): PlanLine[] => {
  const by = new Map<string, PlanLine>()
  for (const l of lines) {
    const seen = by.get(l.lineId)
    by.set(l.lineId, seen === undefined ? { lineId: l.lineId, sku: l.sku, quantity: l.quantity } : { ...seen, quantity: seen.quantity + l.quantity })
  }
  return [...by.values()].filter((l) => l.quantity > 0).sort((a, b) => byText(a.lineId, b.lineId))
}

/** Allocations summed by node, line and instant, in the order plans list them. */
const mergeAllocations = (allocations: readonly Allocation[]): Allocation[] => {
  const by = new Map<string, Allocation>()
  for (const a of allocations) {
    const key = `${a.node}\u0000${a.lineId}\u0000${a.availableAt ?? ''}`
    const seen = by.get(key)
    by.set(key, seen === undefined ? a : { ...seen, quantity: seen.quantity + a.quantity })
  }
  return [...by.values()].sort((a, b) => byText(a.node, b.node) || byText(a.lineId, b.lineId) || byText(a.availableAt ?? '', b.availableAt ?? ''))
}

/** The leg's lines less the moved units it carried (same node, same now-or-backorder). */
const keptLines = (lines: readonly PlanLine[], from: string, backorder: boolean, moved: readonly Allocation[]): PlanLine[] =>
  lines
    .map((l) => {
      let q = l.quantity
      for (const m of moved) if (m.node === from && m.lineId === l.lineId && (m.availableAt !== undefined) === backorder) q -= m.quantity
      return { lineId: l.lineId, sku: l.sku, quantity: q }
    })
    .filter((l) => l.quantity > 0)

/**
 * A leg's cost with fewer units: a parcel or transfer costs fixed + units × one per-unit
 * cost, so the per-unit cost is (cost − fixed) / units, exactly.
 */
const rescaled = (cost: string, fixed: number, before: number, after: number): number => {
  const c = toMicros(cost)
  if (before === 0 || after === before) return c
  return fixed + ((c - fixed) / before) * after
}

/** Legs from one node at one instant, merged into one: one fixed charge is saved. */
const mergeLegs = <L extends Shipment | Transfer>(legs: readonly L[], sameLeg: (a: L, b: L) => boolean, fixedOf: (leg: L) => number): L[] => {
  const out: L[] = []
  for (const leg of legs) {
    const at = out.findIndex((o) => sameLeg(o, leg))
    const seen = out[at]
    if (seen === undefined) {
      out.push(leg)
      continue
    }
    out[at] = { ...seen, lines: mergeLines([...seen.lines, ...leg.lines]), cost: formatMicros(toMicros(seen.cost) + toMicros(leg.cost) - fixedOf(leg)) }
  }
  return out.sort((a, b) => byText(a.from, b.from) || Number(a.backorder) - Number(b.backorder))
}

/** True when `plan` keeps the order's limits: sources, one parcel, all or nothing. */
const withinLimits = (order: Order, plan: Omit<Plan, 'explanation'>): boolean => {
  const sources = new Set(plan.allocations.map((a) => `${a.node}\u0000${a.availableAt ?? ''}`)).size
  if (order.maxShipments !== undefined && sources > order.maxShipments) return false
  const partial = plan.allocations.length > 0 && plan.unfulfilled.length > 0
  if ((order.shipComplete === true || order.allowPartial === false) && partial) return false
  if (order.shipComplete === true && plan.shipments.length > 1) return false
  return true
}

/**
 * Re-routes `plan` after `rejection`. The stock should still hold the plan's other units
 * (reserve the plan first, with `reserveForPlan`, so that the rejected units are not found
 * again among them); the rejected position is never used again for this order. Hub plans are
 * consolidated as a whole, so they are re-planned entirely without the position; so is a plan
 * whose kept part and re-routed part together would break the order's limits
 * (`maxShipments`, `shipComplete`, all-or-nothing). A merged plan is `heuristic`: its `gap`
 * and `extraOverFullReroute` say how much more it costs than re-planning everything.
 *
 * @example
 * const r = reroute(stock, order, plan, { node: 'S-LYON-2', sku: 'SHOE-42' }, { now })
 */
export const reroute = (
  stock: StockState,
  order: Order,
  plan: Plan,
  rejection: Rejection,
  options: RouteOptions,
): E.Either<RoutingError, Rerouted> => {
  const checked = checkRouteOptions(options)
  if (E.isLeft(checked)) return checked
  if (plan.orderId !== order.id) {
    return E.left(routingError('rejection-mismatch', `plan ${plan.orderId} is not the plan of order ${order.id}`, '$.plan.orderId'))
  }
  const isRejected = rejected(rejection)
  const moved = plan.allocations.filter(isRejected)
  const skus = rejection.sku === undefined ? [...new Set(order.lines.map((l) => l.sku))] : [rejection.sku]
  const exclude = [...(options.excludePositions ?? []), ...skus.map((sku) => ({ node: rejection.node, sku }))]
  // Both routings draw on one budget: the call as a whole is bounded.
  const meter = workMeter(workBudget(options.budget), stock.network.scratch)
  const full = routeOrderMetered(stock, order, { ...options, excludePositions: exclude }, meter)
  if (E.isLeft(full)) return full
  const fullPlan = full.right
  const replanned = E.right({ plan: fullPlan, moved, extraOverFullReroute: '0' })
  if (moved.length === 0 || plan.hub !== undefined) return replanned
  const residualLines = order.lines
    .map((l) => ({ ...l, quantity: moved.filter((m) => m.lineId === l.id).reduce((a, m) => a + m.quantity, 0) }))
    .filter((l) => l.quantity > 0)
  const keptAllocations = plan.allocations.filter((a) => !isRejected(a))
  const keptSources = new Set(keptAllocations.map((a) => `${a.node}\u0000${a.availableAt ?? ''}`))
  const residualOrder = {
    ...order,
    lines: residualLines,
    ...(order.maxShipments === undefined ? {} : { maxShipments: Math.max(1, order.maxShipments - keptSources.size) }),
  } as unknown as Order
  const residual = routeOrderMetered(stock, residualOrder, { ...options, excludePositions: exclude }, meter)
  if (E.isLeft(residual)) return residual
  const r = residual.right
  const network = stock.network
  const nodeOf = (id: string): number => network.nodes.byId.get(id) ?? -1
  const packageOf = (s: Shipment): number => network.packageMicros[nodeOf(s.from)] ?? 0
  const transferFixedOf = (t: Transfer): number => network.transferFixedMicros[nodeOf(t.from)] ?? 0
  const keptShipments: Shipment[] = []
  for (const s of plan.shipments) {
    const lines = keptLines(s.lines, s.from, s.backorder, moved)
    if (lines.length > 0) keptShipments.push({ ...s, lines, cost: formatMicros(rescaled(s.cost, packageOf(s), sumUnits(s.lines), sumUnits(lines))) })
  }
  const keptTransfers: Transfer[] = []
  for (const t of plan.transfers) {
    const lines = keptLines(t.lines, t.from, t.backorder, moved)
    if (lines.length > 0) keptTransfers.push({ ...t, lines, cost: formatMicros(rescaled(t.cost, transferFixedOf(t), sumUnits(t.lines), sumUnits(lines))) })
  }
  const shipments = mergeLegs([...keptShipments, ...r.shipments], (a, b) => a.from === b.from && a.dispatchAt === b.dispatchAt && a.deliveredAt === b.deliveredAt && a.backorder === b.backorder, packageOf)
  const transfers = mergeLegs([...keptTransfers, ...r.transfers], (a, b) => a.from === b.from && a.to === b.to && a.arrivesAt === b.arrivesAt && a.backorder === b.backorder, transferFixedOf)
  const allocations = mergeAllocations([...keptAllocations, ...r.allocations])
  let pickup: Pickup | undefined
  if (plan.pickup !== undefined || r.pickup !== undefined) {
    const target = (plan.pickup ?? r.pickup)?.node ?? ''
    // What the customer collects: the target's own shelf and every transfer into it.
    const own = allocations.filter((a) => a.node === target)
    const lines = mergeLines([...own, ...transfers.flatMap((t) => t.lines)])
    const ownBefore = plan.allocations.filter((a) => a.node === target)
    const keptOwn = keptAllocations.filter((a) => a.node === target)
    const keptCost = plan.pickup === undefined ? 0 : rescaled(plan.pickup.cost, 0, sumUnits(ownBefore), sumUnits(keptOwn))
    const kept = keptAllocations.length > 0 && plan.pickup !== undefined ? [plan.pickup.readyAt] : []
    const readyAt = [...kept, ...(r.pickup === undefined ? [] : [r.pickup.readyAt])].sort().pop()
    if (lines.length > 0 && readyAt !== undefined) {
      pickup = { node: target, lines, cost: formatMicros(keptCost + (r.pickup === undefined ? 0 : toMicros(r.pickup.cost))), readyAt }
    }
  }
  let fulfilment = pickup === undefined ? 0 : toMicros(pickup.cost)
  for (const s of shipments) fulfilment += toMicros(s.cost)
  for (const t of transfers) fulfilment += toMicros(t.cost)
  const penalty = toMicros(plan.penaltyCost) + toMicros(r.penaltyCost)
  const total = fulfilment + penalty
  const unfulfilled = mergeLines([...plan.unfulfilled, ...r.unfulfilled])
  const eta = pickup !== undefined ? pickup.readyAt : shipments.map((s) => s.deliveredAt).sort().pop()
  const extra = Math.max(0, total - toMicros(fullPlan.totalCost))
  const { eta: _eta, pickup: _pickup, explanation: _explanation, ...rest } = plan
  const body = {
    ...rest,
    shipments,
    transfers,
    ...(pickup === undefined ? {} : { pickup }),
    unfulfilled,
    allocations,
    totalCost: formatMicros(total),
    fulfilmentCost: formatMicros(fulfilment),
    penaltyCost: formatMicros(penalty),
    ...(eta === undefined ? {} : { eta }),
    optimality: 'heuristic' as const,
    gap: formatMicros(extra),
    ...(r.currency === undefined ? {} : { currency: r.currency }),
  }
  if (!withinLimits(order, body)) return replanned
  const units = new Map<string, number>()
  for (const a of allocations) units.set(a.node, (units.get(a.node) ?? 0) + a.quantity)
  const used: NodeExplanation[] = []
  for (const [node, n] of units) {
    const known = r.explanation.nodes.find((e) => e.node === node) ?? plan.explanation.nodes.find((e) => e.node === node)
    used.push({ node, kind: known?.kind ?? 'store', reason: 'used', ...(known?.distanceKm === undefined ? {} : { distanceKm: known.distanceKm }), units: n })
  }
  used.sort((a, b) => byText(a.node, b.node))
  const merged: Plan = {
    ...body,
    explanation: {
      summary: `re-routed ${sumUnits(moved)} unit${sumUnits(moved) === 1 ? '' : 's'} away from ${rejection.node}; ${summaryOf(body, total, `kept the rest of the plan, ${formatMicros(extra)} above re-planning the whole order`, stock.network.money)}`,
      nodes: [...used, ...r.explanation.nodes.filter((e) => !units.has(e.node))],
      work: { spent: meter.spent, budget: meter.limit },
    },
  }
  return E.right({ plan: merged, moved, extraOverFullReroute: formatMicros(extra) })
}
