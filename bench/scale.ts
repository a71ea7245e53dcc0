/**
 * Scale: `routeOrder` on large and dense networks, per world and order size, with the default
 * work budget — orders/s, p50/p99/max, the share of plans proven, the mean and worst gap of
 * the others (relative to the plan's cost), the work spent, and, where measured, the ratio of
 * HiGHS on the full MIP of the same orders to `routeOrder`.
 *
 * Worlds:
 * - `bench`: the generated French retailer (examples/network) at 1,000 and 10,000 nodes,
 *   2,000 SKUs, orders of 5 and 20 lines;
 * - `fashion`: the dense fashion chain (test/support/dense.ts) at 1,000 and 10,000 stores
 *   plus 4 warehouses, each store holding 1–2 units of a fifth of 5,000 SKUs, Zipf demand,
 *   orders of 1, 5, 10, 20, 50 and 200 lines.
 *
 * The full MIP is the reference model of docs/model.md (test/reference/model.ts): built from
 * the scenario document (every node, the stock rows of the order's SKUs, lots, policies,
 * rules), not from the instance routing screened, and solved by HiGHS to a zero gap. The
 * ratio is Σ its time (model and solve) / Σ routeOrder's time on the same orders (each
 * order's median of 5 runs).
 *
 *   npx tsx bench/scale.ts [--quick]      (--quick: 1,000-node worlds only, small samples)
 */
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { generateNetwork, optionsForNodes, type GeneratedNetwork } from '../examples/network/generate.js'
import { loadNetwork } from '../examples/network/load.js'
import { generateOrders } from '../examples/network/orders.js'
import { decodeOrder } from '../src/codecs/decode.js'
import type { Order } from '../src/model/order.js'
import type { Plan } from '../src/routing/plan.js'
import { DEFAULT_WORK_BUDGET, routeOrder, type RouteOptions } from '../src/routing/route.js'
import type { StockState } from '../src/stock/index.js'
import { micros } from '../test/reference/documented.js'
import { referenceOptimum } from '../test/reference/model.js'
import { DENSE_NOW, denseWorld } from '../test/support/dense.js'
import { callRow, gapOf, timed, type CallRow } from './measure.js'

export type ScaleWorld = 'bench' | 'fashion'

export interface ScaleRow extends CallRow {
  readonly world: ScaleWorld
  readonly nodes: number
  /** HiGHS on the full MIP of the first orders of the row (absent where not measured). */
  readonly fullModel?: {
    readonly orders: number
    /** Orders whose plan is proven and costs exactly the MIP optimum, of those proven. */
    readonly equalCost: number
    readonly proven: number
    readonly highsMeanMillis: number
    /** Σ HiGHS time / Σ routeOrder time (each order's median of 5 runs) on the same orders. */
    readonly ratio: number
  }
}

export interface ScaleWorldFacts {
  readonly world: ScaleWorld
  readonly nodes: number
  readonly skus: number
  readonly positions: number
  readonly buildSeconds: number
  readonly heapMegabytes: number
}

export interface ScaleBenchResult {
  readonly budget: number
  readonly worlds: readonly ScaleWorldFacts[]
  readonly rows: readonly ScaleRow[]
}

export interface ScaleBenchOptions {
  readonly quick?: boolean
  readonly log?: boolean
}

/** Orders per (world size, lines): enough for a p99 where calls are cheap, a few where each spends the budget. */
const PLAN: Readonly<Record<ScaleWorld, readonly { readonly lines: number; readonly calls: readonly [number, number]; readonly highs?: number }[]>> = {
  bench: [
    { lines: 5, calls: [2000, 400], highs: 20 },
    { lines: 20, calls: [500, 100] },
  ],
  fashion: [
    { lines: 1, calls: [300, 100] },
    { lines: 5, calls: [200, 60], highs: 5 },
    { lines: 10, calls: [60, 20] },
    { lines: 20, calls: [40, 12] },
    { lines: 50, calls: [12, 5] },
    { lines: 200, calls: [5, 3] },
  ],
}

const BENCH_SEED = 20_261_127
const BENCH_NOW = '2026-11-27T09:00:00Z'

interface World {
  readonly facts: ScaleWorldFacts
  readonly stock: StockState
  readonly options: RouteOptions
  readonly orders: (lines: number, count: number, seed: number) => readonly Order[]
  /** The scenario document of an order: every node, the stock rows and lots of its SKUs. */
  readonly scenario: (order: Order) => Record<string, unknown>
}

/** The SKUs an order names: its scenario document carries their stock rows and lots only. */
const skusOf = (order: Order): ReadonlySet<string> => new Set<string>(order.lines.map((l) => l.sku))

const seconds = (t0: bigint): number => Math.round(Number(process.hrtime.bigint() - t0) / 1e7) / 100
const heapMegabytes = (): number => Math.round(process.memoryUsage().heapUsed / 1e6)

const benchWorld = (nodes: number): World => {
  const t0 = process.hrtime.bigint()
  const g: GeneratedNetwork = generateNetwork(optionsForNodes(nodes, { seed: BENCH_SEED, skus: 2000 }))
  const loaded = loadNetwork(g)
  const facts = { world: 'bench' as const, nodes: g.network.nodes.length, skus: g.network.skus.length, positions: g.stock.rows.length, buildSeconds: seconds(t0), heapMegabytes: heapMegabytes() }
  const orderJson = new WeakMap<Order, unknown>()
  return {
    facts,
    stock: loaded.stock,
    options: { now: BENCH_NOW, rules: loaded.rules, explainAlternatives: 0 },
    orders: (lines, count, seed) =>
      generateOrders(g, { seed, count, now: BENCH_NOW, lines }).map((o) => {
        const d = decodeOrder(o.json)
        if (E.isLeft(d)) throw new Error(`bench order ${o.json.id}: ${d.left.message}`)
        orderJson.set(d.right, o.json)
        return d.right
      }),
    scenario: (order) => {
      const skus = skusOf(order)
      return {
        now: BENCH_NOW,
        currency: g.network.currency,
        transit: g.network.transit,
        skus: g.network.skus.filter((s) => skus.has(s.id)),
        nodes: g.network.nodes,
        stock: g.stock.rows.filter((r) => skus.has(r.sku)),
        inbound: g.stock.inbound.filter((r) => skus.has(r.sku)),
        policies: g.stock.policies,
        rules: g.rules,
        order: orderJson.get(order),
      }
    },
  }
}

/**
 * The fashion chain. Its documents (a million stock rows per 1,000 stores) are kept only when
 * `documents` asks for them (the full MIP's scenarios): otherwise the world keeps its stock
 * index and order generator alone, so that ten million rows do not sit in the heap the timed
 * calls' garbage collection walks.
 */
const fashionWorld = (stores: number, documents: boolean): World => {
  const t0 = process.hrtime.bigint()
  let w: ReturnType<typeof denseWorld> | undefined = denseWorld({ seed: 1, stores, skus: 5000 })
  const facts = { world: 'fashion' as const, nodes: w.network.nodes.length, skus: w.skus.length, positions: w.rows.length, buildSeconds: seconds(t0), heapMegabytes: 0 }
  const { stock, orders } = w
  const kept = documents ? { nodes: w.network.nodes, skus: w.network.skus, rows: w.rows } : undefined
  w = undefined
  collect()
  return {
    facts: { ...facts, heapMegabytes: heapMegabytes() },
    stock,
    options: { now: DENSE_NOW, explainAlternatives: 0 },
    orders,
    scenario: (order) => {
      if (kept === undefined) throw new Error('fashion world built without its documents')
      const skus = skusOf(order)
      return { now: DENSE_NOW, nodes: kept.nodes, skus: kept.skus.filter((s) => skus.has(s.id)), stock: kept.rows.filter((r) => skus.has(r.sku)), order }
    },
  }
}

/** A full garbage collection when the process allows it (bench/section.ts runs with --expose-gc). */
const collect = (): void => (globalThis as { gc?: () => void }).gc?.()

/** Runs of routeOrder per order for the ratio to HiGHS: the median, so that one collection pause does not decide it. */
const RATIO_RUNS = 5

/** routeOrder's median time on `order` (µs) over `RATIO_RUNS` runs. */
const medianRouteMicros = (world: World, order: Order): number => {
  const times: number[] = []
  for (let k = 0; k < RATIO_RUNS; k++) {
    const t = process.hrtime.bigint()
    routeOrder(world.stock, order, world.options)
    times.push(Number(process.hrtime.bigint() - t) / 1e3)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(RATIO_RUNS / 2)] ?? 0
}

/**
 * HiGHS on the full MIP of each order, against routeOrder's cost and time on it (the median
 * of `RATIO_RUNS` runs; HiGHS's one run takes hundreds of milliseconds, so its spread hardly
 * moves the ratio).
 */
const fullModel = async (world: World, orders: readonly Order[], plans: readonly Plan[]): Promise<NonNullable<ScaleRow['fullModel']>> => {
  let highsMicros = 0
  let engineMicros = 0
  let proven = 0
  let equalCost = 0
  for (const [i, order] of orders.entries()) {
    const doc = world.scenario(order)
    const t = process.hrtime.bigint()
    const r = await referenceOptimum(doc)
    highsMicros += Number(process.hrtime.bigint() - t) / 1e3
    engineMicros += medianRouteMicros(world, order)
    if (r._tag !== 'solved') throw new Error(`full model of ${order.id}: ${r.error}`)
    const plan = plans[i]
    if (plan?.optimality !== 'proven') continue
    proven++
    if (micros(plan.totalCost) === r.best.total) equalCost++
  }
  return {
    orders: orders.length,
    equalCost,
    proven,
    highsMeanMillis: Math.round(highsMicros / Math.max(1, orders.length) / 100) / 10,
    ratio: Math.round((10 * highsMicros) / Math.max(1, engineMicros)) / 10,
  }
}

/** Runs the scale bench. */
export const runScaleBench = async (opts: ScaleBenchOptions = {}): Promise<ScaleBenchResult> => {
  const say = (s: string): void => {
    if (opts.log !== false) process.stdout.write(`${s}\n`)
  }
  const sizes = opts.quick ? [0] : [0, 1]
  const worlds: ScaleWorldFacts[] = []
  const rows: ScaleRow[] = []
  for (const kind of ['bench', 'fashion'] as const) {
    for (const size of sizes) {
      const nodes = size === 0 ? 1000 : 10_000
      const world = kind === 'bench' ? benchWorld(nodes) : fashionWorld(nodes, size === 0)
      worlds.push(world.facts)
      say(`  ${kind} ${world.facts.nodes} nodes, ${world.facts.skus} SKUs, ${world.facts.positions} positions: built in ${world.facts.buildSeconds} s, heap ${world.facts.heapMegabytes} MB`)
      for (const p of PLAN[kind]) {
        const full = p.calls[size] ?? 1
        const count = opts.quick ? Math.max(2, Math.ceil(full / 8)) : full
        const orders = world.orders(p.lines, count, BENCH_SEED + p.lines)
        // Warm-up on orders of another seed: as many as timed for the cheap rows (up to 500), so the JIT has settled.
        const warm = world.orders(p.lines, Math.min(500, Math.max(2, p.lines <= 5 ? count : Math.ceil(count / 4))), BENCH_SEED * 3 + p.lines)
        collect()
        const t = timed(orders, warm, (o: Order): Plan => {
          const r = routeOrder(world.stock, o, world.options)
          if (E.isLeft(r)) throw new Error(`${o.id}: ${JSON.stringify(r.left)}`)
          return r.right
        })
        const plans = t.results
        const proven = plans.filter((x) => x.optimality === 'proven').length / Math.max(1, plans.length)
        const bounded = plans.filter((x) => x.optimality !== 'proven')
        const base = callRow(p.lines, t, proven, bounded.map(gapOf), plans.map((x) => x.explanation.work?.spent ?? 0))
        const highsCount = size === 0 && p.highs !== undefined ? (opts.quick ? Math.min(3, p.highs) : p.highs) : 0
        const fm = highsCount > 0 ? await fullModel(world, orders.slice(0, highsCount), plans.slice(0, highsCount)) : undefined
        const row: ScaleRow = { world: kind, nodes: world.facts.nodes, ...base, ...(fm === undefined ? {} : { fullModel: fm }) }
        rows.push(row)
        say(
          `  ${kind} ${String(row.nodes).padStart(6)} nodes ${String(p.lines).padStart(3)} lines: ${row.callsPerSecond} orders/s, p50 ${(row.p50Micros / 1000).toFixed(2)} ms, p99 ${(row.p99Micros / 1000).toFixed(2)} ms, max ${(row.maxMicros / 1000).toFixed(1)} ms, ` +
            `${(100 * row.provenShare).toFixed(1)} % proven, bounded gap mean ${(100 * row.meanGap).toFixed(2)} % worst ${(100 * row.worstGap).toFixed(2)} %` +
            (fm === undefined ? '' : `; HiGHS full MIP ${fm.highsMeanMillis} ms/order = ${fm.ratio}× routeOrder, ${fm.equalCost}/${fm.proven} proven plans at its optimum`),
        )
      }
    }
  }
  return { budget: DEFAULT_WORK_BUDGET, worlds, rows }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (invokedDirectly) await runScaleBench({ quick: process.argv.includes('--quick') })

