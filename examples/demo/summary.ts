/** Per-order records and per-strategy summaries of routed batches (demo and bench). */
import { formatMoney } from '../../src/display.js'
import type { BatchOutcome } from '../../src/batch/batch.js'
import { toMicros } from '../../src/money.js'
import type { Order } from '../../src/model/order.js'
import type { Plan } from '../../src/routing/plan.js'

/** How one order was fulfilled, in the demo's words. */
export type Fulfilment =
  | 'parcel from a warehouse'
  | 'parcel from a store'
  | 'parcel from a dark store'
  | 'drop-ship by the supplier'
  | 'split into several parcels'
  | 'consolidated at a hub'
  | 'collect: stock at the pickup node'
  | 'collect: after a transfer'
  | 'nothing available'
  | 'rejected'

export const FULFILMENTS: readonly Fulfilment[] = [
  'parcel from a warehouse',
  'parcel from a store',
  'parcel from a dark store',
  'drop-ship by the supplier',
  'split into several parcels',
  'consolidated at a hub',
  'collect: stock at the pickup node',
  'collect: after a transfer',
  'nothing available',
  'rejected',
]

/** What the summary keeps of one routed order (plans themselves are dropped as the batch goes). */
export interface OrderRecord {
  readonly orderId: string
  readonly fulfilment: Fulfilment
  readonly costMicros: number
  readonly penaltyMicros: number
  readonly parcels: number
  readonly storeParcels: number
  readonly split: boolean
  readonly backorder: boolean
  readonly unitsOrdered: number
  readonly unitsUnfulfilled: number
  readonly proven: boolean
}

const units = (o: Order): number => o.lines.reduce((a, l) => a + l.quantity, 0)

/** The record of one outcome; `kindOf` maps a node id to its kind. */
export const recordOf = (order: Order, outcome: BatchOutcome, kindOf: (node: string) => string): OrderRecord => {
  if (outcome.status === 'rejected') {
    return {
      orderId: order.id, fulfilment: 'rejected', costMicros: 0, penaltyMicros: 0, parcels: 0, storeParcels: 0, split: false,
      backorder: false, unitsOrdered: units(order), unitsUnfulfilled: units(order), proven: false,
    }
  }
  const p: Plan = outcome.plan
  const parcels = p.shipments.length
  const storeParcels = p.shipments.filter((s) => kindOf(s.from) === 'store').length
  const sources = new Set(p.allocations.map((a) => a.node)).size
  return {
    orderId: order.id,
    fulfilment: fulfilmentOf(p, kindOf),
    costMicros: toMicros(p.totalCost),
    penaltyMicros: toMicros(p.penaltyCost),
    parcels,
    storeParcels,
    split: parcels > 1 || (p.method === 'pickup' && sources > 1),
    backorder: p.allocations.some((a) => a.availableAt !== undefined),
    unitsOrdered: units(order),
    unitsUnfulfilled: p.unfulfilled.reduce((a, l) => a + l.quantity, 0),
    proven: p.optimality === 'proven',
  }
}

const fulfilmentOf = (p: Plan, kindOf: (node: string) => string): Fulfilment => {
  if (p.allocations.length === 0) return 'nothing available'
  if (p.method === 'pickup') return p.transfers.length > 0 ? 'collect: after a transfer' : 'collect: stock at the pickup node'
  if (p.hub !== undefined) return 'consolidated at a hub'
  if (p.shipments.length > 1) return 'split into several parcels'
  switch (kindOf(p.shipments[0]?.from ?? '')) {
    case 'store':
      return 'parcel from a store'
    case 'dark-store':
      return 'parcel from a dark store'
    case 'supplier':
      return 'drop-ship by the supplier'
    default:
      return 'parcel from a warehouse'
  }
}

/** One strategy's figures over a batch. */
export interface StrategySummary {
  readonly strategy: string
  readonly orders: number
  readonly seconds: number
  readonly ordersPerSecond: number
  readonly totalCostMicros: number
  readonly meanCost: number
  readonly meanFulfilmentCost: number
  readonly parcels: number
  readonly shipFromStoreShare: number
  readonly splitRate: number
  readonly unitsOrdered: number
  readonly unitsUnfulfilled: number
  readonly backorders: number
  readonly provenShare: number
  readonly mix: Readonly<Record<Fulfilment, number>>
}

/** Sums the records of one strategy's run. */
export const summarise = (strategy: string, records: readonly OrderRecord[], seconds: number): StrategySummary => {
  const mix = Object.fromEntries(FULFILMENTS.map((f) => [f, 0])) as Record<Fulfilment, number>
  let cost = 0
  let penalty = 0
  let parcels = 0
  let storeParcels = 0
  let served = 0
  let splits = 0
  let ordered = 0
  let unfulfilled = 0
  let backorders = 0
  let proven = 0
  for (const r of records) {
    mix[r.fulfilment]++
    cost += r.costMicros
    penalty += r.penaltyMicros
    parcels += r.parcels
    storeParcels += r.storeParcels
    if (r.fulfilment !== 'nothing available' && r.fulfilment !== 'rejected') served++
    if (r.split) splits++
    ordered += r.unitsOrdered
    unfulfilled += r.unitsUnfulfilled
    if (r.backorder) backorders++
    if (r.proven) proven++
  }
  const n = Math.max(1, records.length)
  return {
    strategy,
    orders: records.length,
    seconds,
    ordersPerSecond: records.length / seconds,
    totalCostMicros: cost,
    meanCost: cost / n / 1e6,
    meanFulfilmentCost: (cost - penalty) / n / 1e6,
    parcels,
    shipFromStoreShare: parcels === 0 ? 0 : storeParcels / parcels,
    splitRate: served === 0 ? 0 : splits / served,
    unitsOrdered: ordered,
    unitsUnfulfilled: unfulfilled,
    backorders,
    provenShare: proven / n,
    mix,
  }
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`
const int = (x: number): string => Math.round(x).toLocaleString('en-US')

/** The summary as a fixed-width text table, one column per strategy. */
export const summaryTable = (summaries: readonly StrategySummary[], currency?: string): string => {
  // Means are not amounts of the cost model: rounded to the cent, then shown in the currency.
  const money = (x: number): string => formatMoney(x.toFixed(2), currency)
  const rows: [string, (s: StrategySummary) => string][] = [
    ['orders routed', (s) => int(s.orders)],
    ...FULFILMENTS.filter((f) => summaries.some((s) => s.mix[f] > 0)).map(
      (f): [string, (s: StrategySummary) => string] => [`  ${f}`, (s) => `${int(s.mix[f])} (${pct(s.mix[f] / Math.max(1, s.orders))})`],
    ),
    ['parcels', (s) => int(s.parcels)],
    ['ship-from-store share of parcels', (s) => pct(s.shipFromStoreShare)],
    ['split rate (served orders)', (s) => pct(s.splitRate)],
    ['mean cost per order (incl. penalties)', (s) => money(s.meanCost)],
    ['mean fulfilment cost per order', (s) => money(s.meanFulfilmentCost)],
    ['total cost', (s) => money(s.totalCostMicros / 1e6)],
    ['units unfulfilled', (s) => `${int(s.unitsUnfulfilled)} of ${int(s.unitsOrdered)}`],
    ['orders waiting for inbound lots', (s) => int(s.backorders)],
    ['proven optimal', (s) => (s.strategy === 'optimal' ? pct(s.provenShare) : '—')],
    ['throughput (orders/s, routeBatch)', (s) => int(s.ordersPerSecond)],
  ]
  const header = ['', ...summaries.map((s) => s.strategy)]
  const body = rows.map(([label, f]) => [label, ...summaries.map(f)])
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((r) => (r[i] ?? '').length)))
  const line = (r: readonly string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n')
}
