/** A plan rendered as a readable table for `omnistock explain`. */
import { formatLocalIso, moneyFormat } from '../display.js'
import { describeNode } from '../routing/explain.js'
import type { Plan } from '../routing/plan.js'

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length))

/** Formats rows as aligned columns. */
export const columns = (rows: readonly (readonly string[])[]): string => {
  const widths: number[] = []
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)))
  return rows.map((r) => r.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd()).join('\n')
}

/** The zone (IANA name or `±HH:MM`) a node's local times are shown in; UTC for a node it does not know. */
export type ZoneOf = (node: string) => string

const inUtc: ZoneOf = () => 'UTC'

/**
 * The zone the plan's ETA is shown in: the pickup node's; for a delivery, the customer's
 * when the order gives one, else the hub's or that of the node whose parcel arrives last.
 */
const etaZone = (plan: Plan, zoneOf: ZoneOf, customerZone: string | undefined): string => {
  if (plan.pickup !== undefined) return zoneOf(plan.pickup.node)
  if (customerZone !== undefined) return customerZone
  if (plan.hub !== undefined) return zoneOf(plan.hub)
  const last = plan.shipments.find((s) => s.deliveredAt === plan.eta)
  return last === undefined ? 'UTC' : zoneOf(last.from)
}

/**
 * The readable form of a plan: summary, legs, unfulfilled lines, and every node's reason.
 * Amounts have two decimals and the plan's currency (`€14.65`); instants are local to the
 * place they happen at (`zoneOf`: a transfer's arrival and a pickup in the receiving node's
 * zone; a parcel's delivery in the customer's, `customerZone`, when the order gives one,
 * else in its sender's), e.g. `Mon 30 Mar 10:00 Europe/Paris`.
 */
export const planTable = (plan: Plan, zoneOf: ZoneOf = inUtc, customerZone?: string): string => {
  const money = moneyFormat(plan.currency)
  const out: string[] = []
  out.push(`Order ${plan.orderId} (${plan.method}, ${plan.strategy}): ${plan.explanation.summary}`)
  out.push(
    `Total ${money(plan.totalCost)} = fulfilment ${money(plan.fulfilmentCost)} + penalties ${money(plan.penaltyCost)}` +
      `${plan.delayCost === undefined ? '' : ` + delay ${money(plan.delayCost)}`}${plan.protectionCost === undefined ? '' : ` + protection ${money(plan.protectionCost)}`}; ${plan.optimality}` +
      `${plan.gap === '0' ? '' : `, gap ≤ ${money(plan.gap)}`}${plan.eta === undefined ? '' : `; ETA ${formatLocalIso(plan.eta, etaZone(plan, zoneOf, customerZone))}`}`,
  )
  const legs: string[][] = [['leg', 'from', 'to', 'lines', 'km', 'cost', 'when']]
  for (const s of plan.shipments) {
    legs.push(['parcel', s.from, 'customer', s.lines.map((l) => `${l.lineId}:${l.sku}×${l.quantity}`).join(' '), s.distanceKm.toFixed(1), money(s.cost), `${s.backorder ? 'backorder, ' : ''}delivered ${formatLocalIso(s.deliveredAt, customerZone ?? zoneOf(s.from))}`])
  }
  for (const t of plan.transfers) {
    legs.push(['transfer', t.from, t.to, t.lines.map((l) => `${l.lineId}:${l.sku}×${l.quantity}`).join(' '), t.distanceKm.toFixed(1), money(t.cost), `${t.backorder ? 'backorder, ' : ''}arrives ${formatLocalIso(t.arrivesAt, zoneOf(t.to))}`])
  }
  if (plan.pickup !== undefined) {
    const p = plan.pickup
    legs.push(['pickup', p.node, 'customer', p.lines.map((l) => `${l.lineId}:${l.sku}×${l.quantity}`).join(' '), '0.0', money(p.cost), `ready ${formatLocalIso(p.readyAt, zoneOf(p.node))}`])
  }
  if (legs.length > 1) out.push('', columns(legs))
  if (plan.unfulfilled.length > 0) {
    out.push('', `Unfulfilled: ${plan.unfulfilled.map((l) => `${l.lineId}:${l.sku}×${l.quantity}`).join(', ')}`)
  }
  const nodes: string[][] = [['node', 'kind', 'km', 'reason', 'detail']]
  for (const n of plan.explanation.nodes) {
    nodes.push([n.node, n.kind, (n.distanceKm ?? 0).toFixed(1), n.amount === undefined ? n.reason : `${n.reason} ${money(n.amount)}`, describeNode(n, plan.currency)])
  }
  out.push('', columns(nodes))
  return out.join('\n')
}
