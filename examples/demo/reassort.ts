/**
 * Rebalancing on the sample network, seen from routing: the sample document's suggested
 * transfers (examples/rebalance/sample.ts) are applied to the stock, and the same web orders —
 * customers near the stores, buying what each store's forecast says sells there — are routed
 * before and after. Returns the split rate, the share of parcels shipped from stores and the
 * cost per order, both ways.
 */
import { mulberry32 } from '../network/random.js'
import { moneyFormat } from '../../src/display.js'
import * as E from 'fp-ts/lib/Either.js'
import { routeBatch } from '../../src/batch/batch.js'
import { toMicros, formatMicros } from '../../src/money.js'
import type { Order } from '../../src/model/order.js'
import type { RebalanceDocument } from '../../src/model/reassort.js'
import { compileNetwork } from '../../src/network/compile.js'
import { suggestTransfers, type Rebalance } from '../../src/reassort/transfers.js'
import { buildStock } from '../../src/stock/index.js'
import { sampleNetwork, sampleStock } from '../sample-network.js'
import { sampleDemand, sampleRebalanceDocument } from '../rebalance/sample.js'

/** How routing fares on one stock. */
export interface RoutingFigures {
  readonly orders: number
  /** Share of routed orders sent in more than one parcel. */
  readonly splitRate: number
  /** Share of parcels that leave a store. */
  readonly shipFromStoreShare: number
  /** Total cost (fulfilment and penalties) per order, as a decimal string. */
  readonly costPerOrder: string
}

export interface RebalanceComparison {
  readonly rebalance: Rebalance
  readonly before: RoutingFigures
  readonly after: RoutingFigures
}

const NOW = '2026-11-27T09:00:00Z'

const prng = mulberry32

/** `count` web orders: each near a store, for one or two SKUs that store's forecast sells, drawn by forecast. */
const ordersNearStores = (count: number, seed: number): Order[] => {
  const r = prng(seed)
  const total = sampleDemand.reduce((s, d) => s + d.mean, 0)
  const draw = (): (typeof sampleDemand)[number] => {
    let x = r() * total
    for (const d of sampleDemand) {
      x -= d.mean
      if (x <= 0) return d
    }
    return sampleDemand[sampleDemand.length - 1] as (typeof sampleDemand)[number]
  }
  const where = new Map(sampleNetwork.nodes.map((n) => [n.id as string, n.location]))
  return Array.from({ length: count }, (_, i) => {
    const first = draw()
    const at = where.get(first.node) ?? { lat: 46, lon: 2 }
    const skus = new Set<string>([first.sku])
    const other = sampleDemand.filter((d) => d.node === first.node && d.sku !== first.sku)
    if (other.length > 0 && r() < 0.35) skus.add((other[Math.floor(r() * other.length)] as (typeof other)[number]).sku)
    return {
      id: `R${String(i + 1).padStart(4, '0')}`,
      channel: 'web',
      lines: [...skus].map((sku, j) => ({ id: String(j + 1), sku, quantity: 1 })),
      delivery: { method: 'ship', to: { lat: at.lat + (r() - 0.5) * 0.08, lon: at.lon + (r() - 0.5) * 0.08 } },
      maxShipments: 3,
      unfulfilledPenalty: '30',
    } as unknown as Order
  })
}

const figures = (rows: readonly { node: string; sku: string; onHand: number }[], orders: readonly Order[]): RoutingFigures => {
  const net = compileNetwork(sampleNetwork as never)
  if (E.isLeft(net)) throw new Error(net.left.message)
  const stock = buildStock(net.right, { rows, inbound: sampleStock.inbound, policies: sampleStock.policies } as never)
  if (E.isLeft(stock)) throw new Error(stock.left.message)
  const kind = new Map(sampleNetwork.nodes.map((n) => [n.id as string, n.kind as string]))
  const result = routeBatch(stock.right, orders, { now: NOW })
  let routed = 0
  let split = 0
  let parcels = 0
  let fromStores = 0
  let cost = 0
  for (const o of result.outcomes) {
    if (o.status !== 'routed') continue
    routed++
    const shipments = o.plan.shipments
    if (shipments.length > 1) split++
    parcels += shipments.length
    fromStores += shipments.filter((s) => kind.get(s.from) === 'store').length
    cost += toMicros(o.plan.totalCost)
  }
  return {
    orders: orders.length,
    splitRate: routed === 0 ? 0 : split / routed,
    shipFromStoreShare: parcels === 0 ? 0 : fromStores / parcels,
    costPerOrder: formatMicros(Math.round(cost / Math.max(1, orders.length))),
  }
}

/**
 * Suggests the sample document's transfers, applies them to its stock, and routes `count`
 * seeded orders on the stock before and after.
 *
 * @example rebalanceComparison(400) // { before: { splitRate: 0.12, shipFromStoreShare: 0.2, costPerOrder: '11.4' }, after: { … }, rebalance }
 */
export const rebalanceComparison = (count = 400, seed = 2026): RebalanceComparison => {
  const suggested = suggestTransfers(sampleRebalanceDocument as unknown as RebalanceDocument)
  if (E.isLeft(suggested)) throw new Error(suggested.left.message)
  const rebalance = suggested.right
  const before = sampleStock.rows.map((r) => ({ node: r.node as string, sku: r.sku as string, onHand: r.onHand as number }))
  const after = new Map(before.map((r) => [`${r.node}|${r.sku}`, { ...r }]))
  for (const t of rebalance.transfers) {
    for (const l of t.lines) {
      const from = after.get(`${t.from}|${l.sku}`)
      if (from !== undefined) from.onHand -= l.quantity
      const key = `${t.to}|${l.sku}`
      const to = after.get(key) ?? { node: t.to, sku: l.sku, onHand: 0 }
      to.onHand += l.quantity
      after.set(key, to)
    }
  }
  const orders = ordersNearStores(count, seed)
  return { rebalance, before: figures(before, orders), after: figures([...after.values()], orders) }
}

/** The comparison as a few lines of text. */
export const rebalanceComparisonText = (c: RebalanceComparison, currency = 'EUR'): string => {
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`
  const money = moneyFormat(currency)
  const units = c.rebalance.transfers.reduce((u, t) => u + t.lines.reduce((q, l) => q + l.quantity, 0), 0)
  return [
    `Rebalancing the sample network first: ${c.rebalance.transfers.length} transfers, ${units} units, cost ${money(c.rebalance.transferCost)} (${c.rebalance.optimality}),`,
    `expected margin ${money(c.rebalance.expectedMarginBefore)} → ${money(c.rebalance.expectedMarginAfter)}. The same ${c.before.orders} web orders, routed before → after:`,
    `  split orders ${pct(c.before.splitRate)} → ${pct(c.after.splitRate)}, ship-from-store ${pct(c.before.shipFromStoreShare)} → ${pct(c.after.shipFromStoreShare)}, cost per order ${money(c.before.costPerOrder)} → ${money(c.after.costPerOrder)}`,
  ].join('\n')
}

/**
 * Before and after as paired bars, one group per measure (split orders, ship-from-store share,
 * cost per order relative to before): grey before, green after, each bar labelled.
 */
export const rebalanceChartSvg = (c: RebalanceComparison): string => {
  const cost = (f: RoutingFigures): number => Number(f.costPerOrder)
  const groups: readonly { readonly label: string; readonly before: number; readonly after: number; readonly text: (x: number) => string }[] = [
    { label: 'split orders', before: c.before.splitRate, after: c.after.splitRate, text: (x) => `${(100 * x).toFixed(1)} %` },
    { label: 'ship from store', before: c.before.shipFromStoreShare, after: c.after.shipFromStoreShare, text: (x) => `${(100 * x).toFixed(1)} %` },
    { label: 'cost per order', before: 1, after: cost(c.before) > 0 ? cost(c.after) / cost(c.before) : 1, text: (x) => `${(100 * x).toFixed(1)} % of before` },
  ]
  const width = 560
  const barHeight = 18
  const left = 130
  const scale = (x: number): number => Math.max(1, Math.round((width - left - 140) * Math.min(1, x)))
  const rows: string[] = []
  groups.forEach((g, i) => {
    const y = 30 + i * 60
    rows.push(`<text x="8" y="${y + barHeight}" font-size="13">${g.label}</text>`)
    rows.push(`<rect x="${left}" y="${y}" width="${scale(g.before)}" height="${barHeight}" fill="#9e9e9e"/>`)
    rows.push(`<text x="${left + scale(g.before) + 6}" y="${y + 13}" font-size="12">before ${g.text(g.before)}</text>`)
    rows.push(`<rect x="${left}" y="${y + barHeight + 4}" width="${scale(g.after)}" height="${barHeight}" fill="#2e7d32"/>`)
    rows.push(`<text x="${left + scale(g.after) + 6}" y="${y + barHeight + 17}" font-size="12">after ${g.text(g.after)}</text>`)
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${30 + groups.length * 60}" viewBox="0 0 ${width} ${30 + groups.length * 60}" font-family="sans-serif">`,
    `<text x="8" y="18" font-size="14" font-weight="bold">${c.before.orders} web orders, before and after the suggested transfers</text>`,
    ...rows,
    '</svg>',
  ].join('\n')
}
