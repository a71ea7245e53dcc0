/** A plan rendered as a readable table for `omnistock explain`. */
import { describeNode } from '../routing/explain.js'
import type { Plan } from '../routing/plan.js'

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length))

/** Formats rows as aligned columns. */
export const columns = (rows: readonly (readonly string[])[]): string => {
  const widths: number[] = []
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)))
  return rows.map((r) => r.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd()).join('\n')
}

/** The readable form of a plan: summary, legs, unfulfilled lines, and every node's reason. */
export const planTable = (plan: Plan): string => {
  const out: string[] = []
  out.push(`Order ${plan.orderId} (${plan.method}, ${plan.strategy}): ${plan.explanation.summary}`)
  out.push(`Total ${plan.totalCost} = fulfilment ${plan.fulfilmentCost} + penalties ${plan.penaltyCost}; ${plan.optimality}${plan.gap === '0' ? '' : `, gap ≤ ${plan.gap}`}${plan.eta === undefined ? '' : `; ETA ${plan.eta}`}`)
  const legs: string[][] = [['leg', 'from', 'to', 'lines', 'km', 'cost', 'when']]
  for (const s of plan.shipments) {
    legs.push(['parcel', s.from, 'customer', s.lines.map((l) => `${l.lineId}:${l.sku}×${l.quantity}`).join(' '), s.distanceKm.toFixed(1), s.cost, `${s.backorder ? 'backorder, ' : ''}delivered ${s.deliveredAt}`])
  }
  for (const t of plan.transfers) {
    legs.push(['transfer', t.from, t.to, t.lines.map((l) => `${l.lineId}:${l.sku}×${l.quantity}`).join(' '), t.distanceKm.toFixed(1), t.cost, `${t.backorder ? 'backorder, ' : ''}arrives ${t.arrivesAt}`])
  }
  if (plan.pickup !== undefined) {
    const p = plan.pickup
    legs.push(['pickup', p.node, 'customer', p.lines.map((l) => `${l.lineId}:${l.sku}×${l.quantity}`).join(' '), '0.0', p.cost, `ready ${p.readyAt}`])
  }
  if (legs.length > 1) out.push('', columns(legs))
  if (plan.unfulfilled.length > 0) {
    out.push('', `Unfulfilled: ${plan.unfulfilled.map((l) => `${l.lineId}:${l.sku}×${l.quantity}`).join(', ')}`)
  }
  const nodes: string[][] = [['node', 'kind', 'km', 'reason', 'detail']]
  for (const n of plan.explanation.nodes) {
    nodes.push([n.node, n.kind, (n.distanceKm ?? 0).toFixed(1), n.amount === undefined ? n.reason : `${n.reason} ${n.amount}`, describeNode(n)])
  }
  out.push('', columns(nodes))
  return out.join('\n')
}
