/**
 * `npm run demo`: a French omnichannel retailer routes 10,000 orders three ways — the exact
 * optimiser and the two rules most platforms ship (node priority, nearest node) — and the
 * demo prints what each costs, explains one order in full and draws two pictures; a
 * self-contained HTML report puts them together (examples/out/report.html). Each part of the
 * demo adds a section to `report` (a heading and HTML built with ./demo/report.ts's helpers).
 *
 *   npm run demo                       (10,000 orders, seed 2026)
 *   npx tsx examples/demo.ts --orders 2000 --seed 7 --out /tmp/demo
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { routeBatch, type BatchOptions } from '../src/batch/batch.js'
import type { Order } from '../src/model/order.js'
import type { Strategy } from '../src/model/scenario.js'
import { formatLocalIso, formatMoney, zoneOfDelivery, zoneOfNode } from '../src/display.js'
import { describeNode } from '../src/routing/explain.js'
import { DEFAULT_UNFULFILLED_PENALTY } from '../src/routing/facilities.js'
import type { Plan } from '../src/routing/plan.js'
import { routeOrder, type CapacityUsed } from '../src/routing/route.js'
import type { StockState } from '../src/stock/index.js'
import { recordOf, summarise, summaryTable, type OrderRecord, type StrategySummary } from './demo/summary.js'
import { inlineSvg, preformatted, reportHtml, type ReportSection } from './demo/report.js'
import { orderMapSvg, strategyChartSvg, type MapPlan } from './demo/svg.js'
import { rebalanceChartSvg, rebalanceComparison, rebalanceComparisonText } from './demo/reassort.js'
import { COMMUNES } from './network/communes.js'
import { generateNetwork } from './network/generate.js'
import { loadNetwork, loadOrders } from './network/load.js'
import { generateOrders, ORDER_CASES } from './network/orders.js'
import { waveSaving } from './demo/wave.js'

const argValue = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback
}

const ORDER_COUNT = argValue('orders', 10_000)
const SEED = argValue('seed', 2026)
const NOW = '2026-11-27T09:00:00Z'
const CHUNK = 250
const STRATEGIES: readonly Strategy[] = ['optimal', 'priority', 'nearest']
const COLOURS: Readonly<Record<Strategy, string>> = { optimal: '#1a7f37', fastest: '#8e44ad', priority: '#c0392b', nearest: '#2f6fb0' }
const here = dirname(fileURLToPath(import.meta.url))
const outArg = process.argv.indexOf('--out')
const outDir = outArg >= 0 && process.argv[outArg + 1] !== undefined ? (process.argv[outArg + 1] as string) : join(here, 'out')
/** The sections of examples/out/report.html, in order. */
const report: ReportSection[] = []

const say = (s = ''): void => {
  process.stdout.write(`${s}\n`)
}
const int = (x: number): string => Math.round(x).toLocaleString('en-US')

// --- the retailer --------------------------------------------------------------------------
const t0 = process.hrtime.bigint()
const generated = generateNetwork({ seed: SEED })
const loaded = loadNetwork(generated)
const generatedOrders = generateOrders(generated, { count: ORDER_COUNT, now: NOW })
const orders = loadOrders(generatedOrders)
const kindById = new Map(generated.network.nodes.map((n) => [n.id, n.kind as string]))
const kindOf = (id: string): string => kindById.get(id) ?? 'warehouse'
const countKind = (k: string): number => generated.network.nodes.filter((n) => n.kind === k).length
say('omnistock demo — a French omnichannel retailer (generated, seeded)')
say(
  `network: ${countKind('warehouse')} warehouses, ${countKind('store')} stores in ${new Set(generated.network.nodes.filter((n) => n.kind === 'store').map((n) => n.name.split(' ')[0])).size}+ communes, ` +
    `${countKind('dark-store')} dark stores, ${countKind('locker')} lockers, ${countKind('supplier')} drop-ship supplier`,
)
say(
  `catalogue: ${int(generated.catalogue.length)} SKUs (${generated.catalogue.filter((s) => s.bulky).length} bulky), ` +
    `${int(generated.stock.rows.length)} stock positions, ${int(generated.stock.rows.reduce((a, r) => a + r.onHand, 0))} units on hand, ` +
    `${int(generated.stock.inbound.length)} inbound lots in transit`,
)
const caseCounts = ORDER_CASES.map((c) => `${c} ${int(generatedOrders.filter((o) => o.case === c).length)}`).join(', ')
say(`orders: ${int(orders.length)} (${caseCounts}), ${int(orders.reduce((a, o) => a + o.lines.length, 0))} lines`)
say(`generated and decoded in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s; routing at ${NOW}`)
say()

// --- route the same orders three ways ------------------------------------------------------
const baseOptions: BatchOptions = { now: NOW, rules: loaded.rules, explainAlternatives: 0 }

interface Checkpoint {
  readonly index: number
  readonly state: StockState
  readonly capacityUsed: ReadonlyMap<string, CapacityUsed>
}

interface Run {
  readonly records: OrderRecord[]
  readonly seconds: number
  readonly checkpoints: Checkpoint[]
  /** Per order: lines, sources used and whether it moved stock (for picking the order to explain). */
  readonly shape: { sources: number; transfers: number; hub: boolean; served: boolean }[]
}

const bar = (label: string, done: number, total: number, seconds: number): string => {
  const width = 36
  const filled = Math.round((width * done) / total)
  const rate = seconds > 0 ? done / seconds : 0
  return `${label.padEnd(9)} [${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${String(done).padStart(6)}/${total}  ${int(rate).padStart(7)} orders/s`
}

const runStrategy = (strategy: Strategy): Run => {
  const records: OrderRecord[] = []
  const checkpoints: Checkpoint[] = []
  const shape: Run['shape'] = []
  let state = loaded.stock
  let used: ReadonlyMap<string, CapacityUsed> = new Map()
  let seconds = 0
  const tty = process.stdout.isTTY === true
  let nextMark = 0.25
  for (let i = 0; i < orders.length; i += CHUNK) {
    const chunk = orders.slice(i, i + CHUNK)
    checkpoints.push({ index: i, state, capacityUsed: used })
    const start = process.hrtime.bigint()
    const result = routeBatch(state, chunk, { ...baseOptions, strategy, capacityUsed: used })
    seconds += Number(process.hrtime.bigint() - start) / 1e9
    state = result.state
    used = result.capacityUsed
    result.outcomes.forEach((outcome, j) => {
      const order = chunk[j] as Order
      records.push(recordOf(order, outcome, kindOf))
      const plan = outcome.status === 'routed' ? outcome.plan : undefined
      shape.push({
        sources: plan === undefined ? 0 : new Set(plan.allocations.map((a) => a.node)).size,
        transfers: plan?.transfers.length ?? 0,
        hub: plan?.hub !== undefined,
        served: plan !== undefined && plan.unfulfilled.length === 0,
      })
    })
    const done = Math.min(orders.length, i + CHUNK)
    if (tty) process.stdout.write(`\r${bar(strategy, done, orders.length, seconds)}`)
    else if (done / orders.length >= nextMark || done === orders.length) {
      say(bar(strategy, done, orders.length, seconds))
      while (nextMark <= done / orders.length) nextMark += 0.25
    }
  }
  if (tty) process.stdout.write('\n')
  return { records, seconds, checkpoints, shape }
}

say(`Routing ${int(orders.length)} orders with routeBatch (explainAlternatives: 0), each strategy from the same opening stock:`)
const runs = new Map<Strategy, Run>()
for (const s of STRATEGIES) runs.set(s, runStrategy(s))
const summaries: StrategySummary[] = STRATEGIES.map((s) => {
  const run = runs.get(s) as Run
  return summarise(s, run.records, run.seconds)
})
say()
const summaryText = summaryTable(summaries, generated.network.currency)
say(summaryText)
say()
const [opt, pri, near] = summaries as [StrategySummary, StrategySummary, StrategySummary]
const cheaper = opt.totalCostMicros < pri.totalCostMicros && opt.totalCostMicros < near.totalCostMicros
say(
  `optimal costs less than both baselines: ${cheaper ? 'yes' : 'NO — an engine bug'} ` +
    `(optimal ${formatMoney(opt.totalCostMicros, generated.network.currency)}, priority ${formatMoney(pri.totalCostMicros, generated.network.currency)} = +${(100 * (pri.totalCostMicros / opt.totalCostMicros - 1)).toFixed(1)} %, ` +
    `nearest ${formatMoney(near.totalCostMicros, generated.network.currency)} = +${(100 * (near.totalCostMicros / opt.totalCostMicros - 1)).toFixed(1)} %)`,
)
if (!cheaper) process.exitCode = 1
say()

// --- one order, explained in full ----------------------------------------------------------
/** What the demo prints about the explained order, kept for the report too. */
const explained: string[] = []
const tell = (line = ''): void => {
  say(line)
  explained.push(line)
}
const optimalRun = runs.get('optimal') as Run
const costOf = (s: Strategy, i: number): number => (runs.get(s) as Run).records[i]?.costMicros ?? 0
let pick = -1
let bestSaving = -1
// The order where the optimiser saves most over the better baseline, among everyday orders
// (home delivery or click & collect, several lines) that every strategy serves in full.
const servedBy = (s: Strategy, i: number): boolean => (runs.get(s) as Run).records[i]?.unitsUnfulfilled === 0
orders.forEach((o, i) => {
  const shape = optimalRun.shape[i]
  const kind = generatedOrders[i]?.case
  if (shape === undefined || o.lines.length < 2 || (kind !== 'ship' && kind !== 'collect')) return
  if (!STRATEGIES.every((s) => servedBy(s, i))) return
  if (shape.sources < 2 && shape.transfers === 0 && !shape.hub) return
  const saving = Math.min(costOf('priority', i), costOf('nearest', i)) - costOf('optimal', i)
  if (saving > bestSaving) {
    bestSaving = saving
    pick = i
  }
})
if (pick < 0) pick = 0
const order = orders[pick] as Order
// Rebuild the stock exactly as it stood when the batch reached this order.
const checkpoint = [...optimalRun.checkpoints].reverse().find((c) => c.index <= pick) as Checkpoint
const replay = routeBatch(checkpoint.state, orders.slice(checkpoint.index, pick), {
  ...baseOptions,
  strategy: 'optimal',
  capacityUsed: checkpoint.capacityUsed,
})
const routeFull = (strategy: Strategy): Plan => {
  const r = routeOrder(replay.state, order, {
    now: NOW,
    rules: loaded.rules,
    strategy,
    capacityUsed: replay.capacityUsed,
    explainAlternatives: 5,
  })
  if (E.isLeft(r)) throw new Error(`${order.id}: ${r.left.message}`)
  return r.right
}
const plans = new Map(STRATEGIES.map((s) => [s, routeFull(s)]))
const optimalPlan = plans.get('optimal') as Plan
const skuName = new Map(generated.catalogue.map((s) => [s.id, s.name]))
const nearestCommune = (lat: number, lon: number): string => {
  let best = COMMUNES[0]
  let d = Number.POSITIVE_INFINITY
  for (const c of COMMUNES) {
    const dd = (c.lat - lat) ** 2 + ((c.lon - lon) * Math.cos((lat * Math.PI) / 180)) ** 2
    if (dd < d) {
      d = dd
      best = c
    }
  }
  return best?.name ?? '?'
}
const destination =
  order.delivery.method === 'ship'
    ? { lat: order.delivery.to.lat, lon: order.delivery.to.lon, label: `customer near ${nearestCommune(order.delivery.to.lat, order.delivery.to.lon)}` }
    : (() => {
        const n = generated.network.nodes.find((x) => order.delivery.method === 'pickup' && x.id === order.delivery.node)
        return { lat: n?.location.lat ?? 0, lon: n?.location.lon ?? 0, label: `collect at ${n?.id ?? '?'}` }
      })()

tell(`One order explained in full: ${order.id} (${generatedOrders[pick]?.case} order, ${order.channel} channel), routed on the stock as the batch left it`)
tell(`  deliver to ${destination.label} (${destination.lat.toFixed(4)}, ${destination.lon.toFixed(4)}), at most ${order.maxShipments ?? '∞'} parcels`)
for (const l of order.lines) {
  tell(`  line ${l.id}: ${l.quantity} × ${l.sku} ${skuName.get(l.sku) ?? ''}  (unfulfilled penalty ${formatMoney(l.unfulfilledPenalty ?? order.unfulfilledPenalty ?? DEFAULT_UNFULFILLED_PENALTY, generated.network.currency)} per unit)`)
}
// Amounts in the network's currency with two decimals; times on the clock of the node where they happen.
const money = (amount: string): string => formatMoney(amount, optimalPlan.currency)
const nodeById = new Map(generated.network.nodes.map((n) => [n.id, n]))
const localAt = (iso: string, node: string): string => formatLocalIso(iso, zoneOfNode(nodeById.get(node)))
// A parcel's delivery: on the customer's clock when the order gives one, else its sender's.
const deliveredLocalAt = (iso: string, sender: string): string => formatLocalIso(iso, zoneOfDelivery(order.delivery, nodeById.get(sender)))
tell(`  optimal plan: ${optimalPlan.explanation.summary}`)
for (const s of optimalPlan.shipments) {
  tell(`    parcel   ${s.from.padEnd(22)} → customer  ${s.lines.map((l) => `line ${l.lineId}×${l.quantity}`).join(', ').padEnd(24)} ${s.distanceKm.toFixed(1).padStart(7)} km  cost ${money(s.cost).padStart(8)}  delivered ${deliveredLocalAt(s.deliveredAt, s.from)}`)
}
for (const t of optimalPlan.transfers) {
  tell(`    transfer ${t.from.padEnd(22)} → ${t.to}  ${t.lines.map((l) => `line ${l.lineId}×${l.quantity}`).join(', ')}  ${t.distanceKm.toFixed(1)} km  cost ${money(t.cost)}  arrives ${localAt(t.arrivesAt, t.to)}`)
}
if (optimalPlan.pickup !== undefined) tell(`    pickup at ${optimalPlan.pickup.node}, ready ${localAt(optimalPlan.pickup.readyAt, optimalPlan.pickup.node)}, handling ${money(optimalPlan.pickup.cost)}`)
tell(`    total ${money(optimalPlan.totalCost)} (fulfilment ${money(optimalPlan.fulfilmentCost)}, penalties ${money(optimalPlan.penaltyCost)}), ${optimalPlan.optimality}`)
const nodes = optimalPlan.explanation.nodes
const reasonCounts = new Map<string, number>()
for (const n of nodes) reasonCounts.set(n.reason, (reasonCounts.get(n.reason) ?? 0) + 1)
tell(`  why these nodes — ${nodes.length} considered: ${[...reasonCounts.entries()].map(([r, c]) => `${c} ${r}`).join(', ')}`)
const shown = [
  ...nodes.filter((x) => x.reason === 'used'),
  ...nodes.filter((x) => x.reason === 'costlier-by').sort((a, b) => Number(a.amount) - Number(b.amount)),
  ...nodes.filter((x) => x.reason === 'dominated').slice(0, 3),
  ...nodes.filter((x) => x.reason !== 'used' && x.reason !== 'costlier-by' && x.reason !== 'dominated').slice(0, 3),
]
for (const n of shown) tell(`    ${describeNode(n, optimalPlan.currency)}`)
for (const s of ['priority', 'nearest'] as const) {
  const p = plans.get(s) as Plan
  const diff = Number(p.totalCost) - Number(optimalPlan.totalCost)
  tell(`  ${s} on the same stock: ${p.explanation.summary.replace(/ \(baseline strategy\)$/, '')} — ${diff >= 0 ? '+' : ''}${money(diff.toFixed(2))} vs optimal`)
}
{
  // The whole order as early as possible, then the cheapest such plan.
  const fastest = routeFull('fastest')
  const diff = Number(fastest.totalCost) - Number(optimalPlan.totalCost)
  const etaNode = fastest.pickup?.node ?? fastest.hub ?? fastest.shipments.find((s) => s.deliveredAt === fastest.eta)?.from ?? ''
  const eta = fastest.eta === undefined ? 'nothing ships' : `ETA ${fastest.pickup === undefined ? deliveredLocalAt(fastest.eta, etaNode) : localAt(fastest.eta, etaNode)}`
  const optimalEtaNode = optimalPlan.pickup?.node ?? optimalPlan.hub ?? optimalPlan.shipments.find((s) => s.deliveredAt === optimalPlan.eta)?.from ?? ''
  const optimalEta = optimalPlan.eta === undefined ? 'none' : optimalPlan.pickup === undefined ? deliveredLocalAt(optimalPlan.eta, optimalEtaNode) : localAt(optimalPlan.eta, optimalEtaNode)
  tell(`  fastest on the same stock: ${fastest.explanation.summary} — ${eta} (optimal: ${optimalEta}), ${diff >= 0 ? '+' : ''}${money(diff.toFixed(2))} vs optimal`)
}
tell()

// --- pictures ------------------------------------------------------------------------------
mkdirSync(outDir, { recursive: true })
/** When the customer has a plan's units, on the clock of the node (or customer) where it happens. */
const etaOf = (p: Plan): string | undefined => {
  if (p.eta === undefined) return undefined
  if (p.pickup !== undefined) return localAt(p.eta, p.pickup.node)
  const last = p.shipments.find((x) => x.deliveredAt === p.eta)?.from ?? p.hub ?? ''
  return deliveredLocalAt(p.eta, last)
}
const legsOf = (s: Strategy, p: Plan): MapPlan => ({
  strategy: s,
  colour: COLOURS[s],
  cost: money(p.totalCost),
  ...(etaOf(p) === undefined ? {} : { eta: etaOf(p) as string }),
  summary: p.explanation.summary.replace(/; total .*$/, ''),
  parcels: p.shipments.map((x) => ({ from: x.from, label: x.lines.map((l) => l.lineId).join(',') })),
  transfers: p.transfers.map((x) => ({ from: x.from, to: x.to, label: x.lines.map((l) => l.lineId).join(',') })),
})
const mapSvg = orderMapSvg({
  title: `Order ${order.id}: ${order.lines.length} lines, ${order.lines.reduce((a, l) => a + l.quantity, 0)} units to ${destination.label}`,
  subtitle: `optimal ${money(optimalPlan.totalCost)} vs priority ${money((plans.get('priority') as Plan).totalCost)} and nearest ${money((plans.get('nearest') as Plan).totalCost)} on the same stock, penalties included`,
  nodes: generated.network.nodes.map((n) => ({ id: n.id, kind: n.kind, lat: n.location.lat, lon: n.location.lon })),
  cities: COMMUNES,
  customer: destination,
  plans: STRATEGIES.map((s) => legsOf(s, plans.get(s) as Plan)),
})
const chartSvg = strategyChartSvg(
  `Routing ${int(orders.length)} orders three ways`,
  `${countKind('store')} stores, ${countKind('warehouse')} warehouses, ${int(generated.catalogue.length)} SKUs; optimal is ${(100 * (1 - opt.totalCostMicros / Math.min(pri.totalCostMicros, near.totalCostMicros))).toFixed(1)} % cheaper than the better baseline`,
  summaries.map((s) => ({
    strategy: s.strategy,
    colour: COLOURS[s.strategy as Strategy],
    meanCost: s.meanCost,
    splitRate: s.splitRate,
    shipFromStore: s.shipFromStoreShare,
    unfulfilledShare: s.unitsOrdered === 0 ? 0 : s.unitsUnfulfilled / s.unitsOrdered,
  })),
  generated.network.currency,
)
const mapPath = join(outDir, 'order-map.svg')
const chartPath = join(outDir, 'strategies.svg')
writeFileSync(mapPath, mapSvg)
writeFileSync(chartPath, chartSvg)
report.push(
  { title: `${int(orders.length)} orders, three strategies`, body: `${inlineSvg(chartSvg)}\n${preformatted(summaryText.split('\n'))}` },
  { title: `Order ${order.id}, explained`, body: `${inlineSvg(mapSvg)}\n${preformatted(explained)}` },
)
say('pictures:')
say(`  ${relative(process.cwd(), mapPath)}   (the explained order's plans on a map)`)
say(`  ${relative(process.cwd(), chartPath)}   (cost, split rate, ship-from-store and unfulfilled per strategy)`)
say()

// --- more comparisons go here: print them with say() and add a section with report.push() ---
const rebalancing = rebalanceComparison()
const rebalancingText = rebalanceComparisonText(rebalancing)
say(rebalancingText)
say()
const wave = waveSaving()
say(`a wave of 8 orders on the sample network: ${wave.oneByOne} one by one, ${wave.wave} together (${wave.optimality}), saving ${wave.saving}`)
say()
report.push({ title: 'Rebalancing the sample network first', body: `${inlineSvg(rebalanceChartSvg(rebalancing))}\n${preformatted(rebalancingText.split('\n'))}` })

// --- the report ----------------------------------------------------------------------------
const reportPath = join(outDir, 'report.html')
writeFileSync(
  reportPath,
  reportHtml(
    'omnistock demo — a French omnichannel retailer',
    `${int(orders.length)} generated orders (seed ${SEED}) routed at ${NOW} on ${generated.network.nodes.length} nodes; amounts in ${generated.network.currency ?? 'the network\'s units'}, times on each node's local clock.`,
    report,
  ),
)
say(`report: ${relative(process.cwd(), reportPath)}   (the pictures, the routing summary and the explained order in one self-contained page)`)
say(`done in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`)
