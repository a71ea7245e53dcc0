/**
 * Routing benchmark on the generated French retailer (examples/network): `routeOrder` per
 * strategy with p50/p99 per order, `routeBatch` throughput, the optimiser against HiGHS on the
 * very MIPs `routeOrder` builds, scaling curves (nodes 10 → 10,000, lines 1 → 20) and quality
 * figures (cost and split gaps of the baselines against the optimum, proven share).
 *
 *   npx tsx bench/routing.ts            (the full run, a few minutes)
 *   npx tsx bench/routing.ts --quick    (small samples, to check it works)
 *
 * One thread; every timed section is warmed up first; times come from process.hrtime.bigint.
 */
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { loadNetwork, loadOrders, type LoadedNetwork } from '../examples/network/load.js'
import { generateNetwork, optionsForNodes, type GeneratedNetwork } from '../examples/network/generate.js'
import { generateOrders } from '../examples/network/orders.js'
import { routeBatch } from '../src/batch/batch.js'
import type { Order } from '../src/model/order.js'
import type { Strategy } from '../src/model/scenario.js'
import { toMicros } from '../src/money.js'
import { compileRules, composeRules } from '../src/rules/sourcing.js'
import { DEFAULT_UNFULFILLED_PENALTY, directInstance, targetInstance, type Instance, type RoutingContext } from '../src/routing/instance.js'
import { solveFacilityProblem, type FacilityProblem } from '../src/routing/optimiser.js'
import type { Plan } from '../src/routing/plan.js'
import { routeOrder } from '../src/routing/route.js'
import { parseInstant } from '../src/time.js'
import { facilityLp, loadHighs } from '../test/support/highs.js'
import { runDenseBench, type DenseBenchOptions, type DenseBenchResult } from './dense.js'

export interface RoutingBenchOptions {
  readonly seed?: number
  /** Orders timed per strategy on the 1,000-node network (default 1,500). */
  readonly orders?: number
  /** Timed passes over those orders; each order's time is its median (default 3). */
  readonly rounds?: number
  /** Orders in the routeBatch run (default 5,000). */
  readonly batchOrders?: number
  /** MIPs also solved by HiGHS (default 300). */
  readonly highsOrders?: number
  /** Orders per point of the scaling curves (default 300; a quarter at 10,000 nodes), each timed `rounds` times. */
  readonly scalingOrders?: number
  /** Orders of the quality comparison (default 10,000). */
  readonly qualityOrders?: number
  /** The dense world's sample sizes (see ./dense.ts). */
  readonly dense?: DenseBenchOptions
  readonly log?: boolean
}

export interface Timing {
  readonly orders: number
  /** Orders over the wall time of a whole timed pass (the median pass), garbage collection included. */
  readonly ordersPerSecond: number
  readonly meanMicros: number
  readonly p50Micros: number
  readonly p99Micros: number
  readonly maxMicros: number
  /** Process CPU time (user + system, all threads: GC helper threads count too) per order over the timed loop. */
  readonly cpuMicrosPerOrder?: number
}

export interface StrategyTiming extends Timing {
  readonly strategy: Strategy
  readonly provenShare: number
}

export interface ScalingPoint extends Timing {
  readonly nodes: number
  readonly lines: number
  /** Mean nodes considered per order (holders of the order's SKUs). */
  readonly consideredNodes: number
  readonly provenShare: number
}

export interface RoutingBenchResult {
  readonly workload: {
    readonly seed: number
    readonly nodes: number
    readonly skus: number
    readonly stockPositions: number
    readonly linesPerOrder: number
    readonly consideredNodes: number
    readonly rounds: number
    readonly now: string
  }
  readonly routeOrder: readonly StrategyTiming[]
  /** Optimal with the default explanation (5 alternatives priced exactly), for reference. */
  readonly routeOrderExplained: Timing
  readonly routeBatch: { readonly orders: number; readonly ordersPerSecond: number; readonly seconds: number; readonly cpuMicrosPerOrder: number; readonly network: string }
  readonly highs: {
    readonly mips: number
    readonly finished: number
    readonly equalCost: number
    readonly worstGap: number
    readonly optimiserMeanMicros: number
    readonly highsMeanMicros: number
    /** Σ HiGHS solve time / Σ optimiser solve time on the same MIPs. */
    readonly speedRatio: number
    /** Σ HiGHS solve time / Σ whole routeOrder time (instance building, baselines, assembly, explanation). */
    readonly speedRatioEndToEnd: number
    readonly meanFacilities: number
  }
  readonly scaling: { readonly nodes: readonly ScalingPoint[]; readonly lines: readonly ScalingPoint[] }
  readonly quality: {
    readonly orders: number
    readonly network: string
    readonly provenShare: number
    readonly boundedShare: number
    readonly strategies: readonly {
      readonly strategy: Strategy
      readonly meanCost: number
      readonly costGap: number
      readonly splitRate: number
      readonly unfulfilledUnits: number
      readonly ordersDearer: number
      readonly ordersCheaper: number
    }[]
    readonly highs: { readonly mips: number; readonly finished: number; readonly equalCost: number; readonly worstGap: number }
  }
  /** The dense fashion-chain world under the default work budget (./dense.ts). */
  readonly dense: DenseBenchResult
  readonly targets: { readonly ordersPerSecond: 10_000; readonly p99Micros: 2_000; readonly highsSpeedRatio: 100; readonly provenShare: 0.99 }
}

const NOW = '2026-11-27T09:00:00Z'
const STRATEGIES: readonly Strategy[] = ['optimal', 'priority', 'nearest']

const micros = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e3

const timing = (samples: number[], passMicros?: number): Timing => {
  const v = [...samples].sort((a, b) => a - b)
  const q = (f: number): number => v[Math.min(v.length - 1, Math.floor(f * v.length))] ?? 0
  const total = v.reduce((a, b) => a + b, 0)
  return {
    orders: v.length,
    ordersPerSecond: Math.round(v.length / ((passMicros ?? total) / 1e6)),
    meanMicros: round1(total / Math.max(1, v.length)),
    p50Micros: round1(q(0.5)),
    p99Micros: round1(q(0.99)),
    maxMicros: round1(v[v.length - 1] ?? 0),
  }
}

const round1 = (x: number): number => Math.round(x * 10) / 10
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000

interface Setup {
  readonly generated: GeneratedNetwork
  readonly loaded: LoadedNetwork
  readonly nodes: number
  readonly skus: number
  readonly positions: number
}

const setupOf = (g: GeneratedNetwork): Setup => ({
  generated: g,
  loaded: loadNetwork(g),
  nodes: g.network.nodes.length,
  skus: g.catalogue.length,
  positions: g.stock.rows.length,
})

const setup = (nodes: number, seed: number, skus = 2000): Setup => setupOf(generateNetwork(optionsForNodes(nodes, { seed, skus })))

const ordersFor = (s: Setup, seed: number, count: number, lines?: number): Order[] =>
  loadOrders(generateOrders(s.generated, { seed: seed * 7 + 3, count, now: NOW, ...(lines === undefined ? {} : { lines }) }))

/**
 * Routes each order on the opening stock and returns per-order times and plans. With
 * `rounds` > 1 every order is timed that many times (in separate passes) and its time is the
 * median, which damps the noise of other processes sharing the cores.
 */
const timeRouteOrder = (
  s: Setup,
  orders: readonly Order[],
  strategy: Strategy,
  explainAlternatives: number,
  rounds = 1,
): { samples: number[]; plans: Plan[]; passMicros: number; cpuMicrosPerOrder: number } => {
  const { stock, rules } = s.loaded
  const options = { now: NOW, rules, strategy, explainAlternatives }
  // Two warm-up passes (so that the JIT's background compilation is done, not charged to the
  // timed CPU), then the timed passes, which keep nothing (as a service that sends each plan on
  // would not); the plans come from a last, untimed pass.
  for (let warm = 0; warm < 2; warm++) {
    for (const o of orders) {
      const result = routeOrder(stock, o, options)
      if (E.isLeft(result)) throw new Error(`${o.id}: ${result.left.message}`)
    }
  }
  const perRound: number[][] = orders.map(() => [])
  const passes: number[] = []
  // Start from a collected heap (when run with --expose-gc, as npm run bench does), so that
  // the set-up's garbage is not charged to routing; routing's own collections still are.
  ;(globalThis as { gc?: () => void }).gc?.()
  const cpu0 = process.cpuUsage()
  for (let r = 0; r < rounds; r++) {
    const p0 = process.hrtime.bigint()
    for (let i = 0; i < orders.length; i++) {
      const t0 = process.hrtime.bigint()
      routeOrder(stock, orders[i] as Order, options)
      perRound[i]?.push(micros(t0))
    }
    passes.push(micros(p0))
  }
  const cpu = process.cpuUsage(cpu0)
  const plans = orders.map((o) => E.getOrElseW(() => undefined)(routeOrder(stock, o, options)) as Plan)
  const samples = perRound.map((xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0)
  const passMicros = [...passes].sort((a, b) => a - b)[Math.floor(passes.length / 2)] ?? 0
  return { samples, plans, passMicros, cpuMicrosPerOrder: round1((cpu.user + cpu.system) / Math.max(1, orders.length * rounds)) }
}

/** The instance routeOrder builds first for an order (direct parcels, or the pickup node). */
const mainInstance = (s: Setup, order: Order): Instance => {
  const { network, stock, rules } = s.loaded
  const nowMs = parseInstant(NOW) ?? 0
  const maxShipments = order.maxShipments ?? Number.MAX_SAFE_INTEGER
  const shipComplete = order.shipComplete === true
  const ctx: RoutingContext = {
    net: network,
    stock,
    order,
    rules: compileRules(composeRules(rules, order.rules)),
    nowMs,
    deliverByMs: order.deliverBy === undefined ? Number.POSITIVE_INFINITY : (parseInstant(order.deliverBy) ?? Number.POSITIVE_INFINITY),
    maxOpen: shipComplete ? 1 : maxShipments,
    allOrNothing: shipComplete || order.allowPartial === false,
    allowBackorder: order.allowBackorder === true,
    capacityUsed: () => ({ orders: 0, units: 0 }),
    defaultPenalty: DEFAULT_UNFULFILLED_PENALTY,
  }
  const d = order.delivery
  return d.method === 'ship' ? directInstance(ctx, d.to) : targetInstance({ ...ctx, maxOpen: maxShipments }, 'pickup', network.nodes.byId.get(d.node) ?? 0)
}

interface HighsComparison {
  readonly mips: number
  readonly finished: number
  readonly equalCost: number
  readonly worstGap: number
  readonly oursMicros: number
  readonly highsMicros: number
  readonly facilities: number
}

/** Solves each problem with the optimiser (best of 3) and with HiGHS (LP text built outside the timing). */
const againstHighs = async (problems: readonly FacilityProblem[]): Promise<HighsComparison> => {
  const highs = await loadHighs()
  for (const p of problems.slice(0, 50)) solveFacilityProblem(p)
  let finished = 0
  let equal = 0
  let worst = 0
  let ours = 0
  let theirs = 0
  let facilities = 0
  for (const p of problems) {
    let best = Number.POSITIVE_INFINITY
    let cost = 0
    for (let k = 0; k < 3; k++) {
      const t0 = process.hrtime.bigint()
      cost = solveFacilityProblem(p).cost
      best = Math.min(best, micros(t0))
    }
    ours += best
    facilities += p.facilityCount
    const lp = facilityLp(p)
    const t0 = process.hrtime.bigint()
    const r = highs.solve(lp, { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0, time_limit: 20 })
    theirs += micros(t0)
    if (String(r.Status) !== 'Optimal') continue
    finished++
    const h = r.ObjectiveValue * 1e6
    // Costs are integer micros; HiGHS works in floating point on currency units.
    if (Math.abs(cost - h) <= 1) equal++
    else worst = Math.max(worst, (cost - h) / Math.max(1, h))
  }
  return { mips: problems.length, finished, equalCost: equal, worstGap: worst, oursMicros: ours, highsMicros: theirs, facilities }
}

const consideredOf = (plans: readonly Plan[]): number => round1(plans.reduce((a, p) => a + p.explanation.nodes.length, 0) / Math.max(1, plans.length))
const provenOf = (plans: readonly Plan[]): number => round4(plans.filter((p) => p.optimality === 'proven').length / Math.max(1, plans.length))

/**
 * Runs the routing benchmark and returns its figures (JSON-able).
 *
 * @example const result = await runRoutingBench({ log: true })
 */
export const runRoutingBench = async (opts: RoutingBenchOptions = {}): Promise<RoutingBenchResult> => {
  const o = {
    seed: 2026,
    orders: 1500,
    rounds: 3,
    batchOrders: 4000,
    highsOrders: 300,
    scalingOrders: 300,
    qualityOrders: 10_000,
    log: true,
    ...opts,
  }
  const say = (line: string): void => {
    if (o.log) process.stdout.write(`${line}\n`)
  }
  const started = process.hrtime.bigint()
  const elapsed = (): string => `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s`

  // --- routeOrder per strategy: 5-line orders on 1,000 nodes ---------------------------------
  const main = setup(1000, o.seed)
  const mainOrders = ordersFor(main, o.seed, o.orders, 5)
  say(`routing: ${main.nodes} nodes, ${main.skus} SKUs, ${main.positions.toLocaleString('en-US')} positions; ${o.orders} orders of 5 lines, median of ${o.rounds} passes`)
  const perStrategy: StrategyTiming[] = []
  let considered = 0
  let optimalSamples: number[] = []
  for (const strategy of STRATEGIES) {
    const { samples, plans, passMicros, cpuMicrosPerOrder } = timeRouteOrder(main, mainOrders, strategy, 0, o.rounds)
    const t = { ...timing(samples, passMicros), cpuMicrosPerOrder }
    perStrategy.push({ strategy, ...t, provenShare: strategy === 'optimal' ? provenOf(plans) : 0 })
    if (strategy === 'optimal') {
      considered = consideredOf(plans)
      optimalSamples = samples
    }
    say(`  routeOrder ${strategy.padEnd(8)} ${t.ordersPerSecond.toLocaleString('en-US').padStart(7)} orders/s  p50 ${t.p50Micros} µs  p99 ${t.p99Micros} µs  CPU ${cpuMicrosPerOrder} µs/order  [${elapsed()}]`)
  }
  const explainedOrders = mainOrders.slice(0, Math.max(50, Math.floor(o.orders / 6)))
  const explainedRun = timeRouteOrder(main, explainedOrders, 'optimal', 5)
  const explained = { ...timing(explainedRun.samples, explainedRun.passMicros), cpuMicrosPerOrder: explainedRun.cpuMicrosPerOrder }
  say(`  routeOrder optimal with the default explanation (5 alternatives priced): ${explained.ordersPerSecond} orders/s, p99 ${explained.p99Micros} µs`)

  // --- routeBatch ----------------------------------------------------------------------------
  const batchOrders = ordersFor(main, o.seed + 1, o.batchOrders)
  routeBatch(main.loaded.stock, batchOrders.slice(0, 300), { now: NOW, rules: main.loaded.rules, explainAlternatives: 0 })
  const b0 = process.hrtime.bigint()
  const bc0 = process.cpuUsage()
  routeBatch(main.loaded.stock, batchOrders, { now: NOW, rules: main.loaded.rules, explainAlternatives: 0 })
  const batchSeconds = micros(b0) / 1e6
  const bc = process.cpuUsage(bc0)
  const routeBatchResult = {
    orders: batchOrders.length,
    ordersPerSecond: Math.round(batchOrders.length / batchSeconds),
    seconds: round1(batchSeconds),
    cpuMicrosPerOrder: round1((bc.user + bc.system) / batchOrders.length),
    network: `${main.nodes} nodes, mixed order cases`,
  }
  say(`  routeBatch: ${batchOrders.length} mixed orders in ${batchSeconds.toFixed(1)} s = ${routeBatchResult.ordersPerSecond} orders/s (reserving as it goes)  [${elapsed()}]`)

  // --- the same MIPs with HiGHS ------------------------------------------------------------
  const mipOrders = mainOrders.slice(0, o.highsOrders)
  const mips = mipOrders.map((order) => mainInstance(main, order).problem)
  const h = await againstHighs(mips)
  const endToEnd = optimalSamples.slice(0, mipOrders.length).reduce((a, b) => a + b, 0)
  const highs = {
    mips: h.mips,
    finished: h.finished,
    equalCost: h.equalCost,
    worstGap: h.worstGap,
    optimiserMeanMicros: round1(h.oursMicros / h.mips),
    highsMeanMicros: round1(h.highsMicros / h.mips),
    speedRatio: round1(h.highsMicros / h.oursMicros),
    speedRatioEndToEnd: round1(h.highsMicros / endToEnd),
    meanFacilities: round1(h.facilities / h.mips),
  }
  say(`  HiGHS on the same ${h.mips} MIPs (${highs.meanFacilities} facilities each): ${h.finished} solved, ${h.equalCost} equal cost; optimiser ${highs.optimiserMeanMicros} µs vs HiGHS ${highs.highsMeanMicros} µs = ${highs.speedRatio}× (routeOrder end to end ${highs.speedRatioEndToEnd}×)  [${elapsed()}]`)

  // --- scaling curves ----------------------------------------------------------------------
  const scalingNodes: ScalingPoint[] = []
  for (const nodes of [10, 100, 1000, 10_000]) {
    const s = nodes === 1000 ? main : setup(nodes, o.seed)
    const count = nodes >= 10_000 ? Math.max(50, Math.floor(o.scalingOrders / 4)) : o.scalingOrders
    const orders = ordersFor(s, o.seed + 2, count, 5)
    const { samples, plans, passMicros, cpuMicrosPerOrder } = timeRouteOrder(s, orders, 'optimal', 0, o.rounds)
    const t = { ...timing(samples, passMicros), cpuMicrosPerOrder }
    scalingNodes.push({ nodes: s.nodes, lines: 5, ...t, consideredNodes: consideredOf(plans), provenShare: provenOf(plans) })
    say(`  scaling nodes ${String(s.nodes).padStart(6)}, 5 lines: mean ${t.meanMicros} µs, p99 ${t.p99Micros} µs, ${consideredOf(plans)} nodes considered  [${elapsed()}]`)
  }
  const scalingLines: ScalingPoint[] = []
  for (const lines of [1, 2, 5, 10, 20]) {
    const orders = ordersFor(main, o.seed + 3, o.scalingOrders, lines)
    const { samples, plans, passMicros, cpuMicrosPerOrder } = timeRouteOrder(main, orders, 'optimal', 0, o.rounds)
    const t = { ...timing(samples, passMicros), cpuMicrosPerOrder }
    scalingLines.push({ nodes: main.nodes, lines, ...t, consideredNodes: consideredOf(plans), provenShare: provenOf(plans) })
    say(`  scaling lines ${String(lines).padStart(2)} on ${main.nodes} nodes: mean ${t.meanMicros} µs, p99 ${t.p99Micros} µs, proven ${(100 * provenOf(plans)).toFixed(1)} %  [${elapsed()}]`)
  }

  // --- quality: the demo's retailer and order mix, every order on the opening stock ----------
  // The demo's retailer and orders exactly (same seed, same default sizes and order seed).
  const qSetup = setupOf(generateNetwork({ seed: o.seed }))
  const qOrders = loadOrders(generateOrders(qSetup.generated, { count: o.qualityOrders, now: NOW }))
  const byStrategy = new Map<Strategy, Plan[]>()
  for (const strategy of STRATEGIES) byStrategy.set(strategy, timeRouteOrder(qSetup, qOrders, strategy, 0).plans)
  const opt = byStrategy.get('optimal') as Plan[]
  const costOf = (p: Plan): number => toMicros(p.totalCost)
  const optimalTotal = opt.reduce((a, p) => a + costOf(p), 0)
  const served = (p: Plan): boolean => p.allocations.length > 0
  const splitRate = (plans: readonly Plan[]): number => {
    const s = plans.filter(served)
    return round4(s.filter((p) => p.shipments.length > 1 || new Set(p.allocations.map((a) => a.node)).size > 1).length / Math.max(1, s.length))
  }
  const strategies = STRATEGIES.map((strategy) => {
    const plans = byStrategy.get(strategy) as Plan[]
    const total = plans.reduce((a, p) => a + costOf(p), 0)
    let dearer = 0
    let cheaper = 0
    plans.forEach((p, i) => {
      const d = costOf(p) - costOf(opt[i] as Plan)
      if (d > 0) dearer++
      if (d < 0) cheaper++
    })
    return {
      strategy,
      meanCost: round4(total / plans.length / 1e6),
      costGap: round4(total / optimalTotal - 1),
      splitRate: splitRate(plans),
      unfulfilledUnits: plans.reduce((a, p) => a + p.unfulfilled.reduce((u, l) => u + l.quantity, 0), 0),
      ordersDearer: dearer,
      ordersCheaper: cheaper,
    }
  })
  const qMips = qOrders.slice(0, o.highsOrders).map((order) => mainInstance(qSetup, order).problem)
  const qh = await againstHighs(qMips)
  const qualityResult = {
    orders: qOrders.length,
    network: `${qSetup.nodes} nodes (the demo's retailer), each order on the opening stock`,
    provenShare: provenOf(opt),
    boundedShare: round4(opt.filter((p) => p.optimality === 'bounded').length / opt.length),
    strategies,
    highs: { mips: qh.mips, finished: qh.finished, equalCost: qh.equalCost, worstGap: qh.worstGap },
  }
  for (const s of strategies) {
    say(`  quality ${s.strategy.padEnd(8)} mean cost ${s.meanCost.toFixed(2)}  gap ${(100 * s.costGap).toFixed(1)} %  split ${(100 * s.splitRate).toFixed(1)} %  dearer on ${s.ordersDearer}, cheaper on ${s.ordersCheaper}`)
  }
  say(`  quality: ${(100 * qualityResult.provenShare).toFixed(2)} % proven; HiGHS agrees on ${qh.equalCost}/${qh.finished} of ${qh.mips} MIPs  [${elapsed()}]`)

  // --- dense world: the work budget at work ------------------------------------------------------
  const dense = runDenseBench({ log: o.log !== false, ...(opts.dense ?? {}) })
  say(`  dense world done  [${elapsed()}]`)

  return {
    workload: {
      seed: o.seed,
      nodes: main.nodes,
      skus: main.skus,
      stockPositions: main.positions,
      linesPerOrder: 5,
      consideredNodes: considered,
      rounds: o.rounds,
      now: NOW,
    },
    routeOrder: perStrategy,
    routeOrderExplained: explained,
    routeBatch: routeBatchResult,
    highs,
    scaling: { nodes: scalingNodes, lines: scalingLines },
    quality: qualityResult,
    dense,
    targets: { ordersPerSecond: 10_000, p99Micros: 2_000, highsSpeedRatio: 100, provenShare: 0.99 },
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (invokedDirectly) {
  const quick = process.argv.includes('--quick')
  const result = await runRoutingBench(
    quick ? { orders: 300, rounds: 1, batchOrders: 500, highsOrders: 40, scalingOrders: 60, qualityOrders: 600 } : {},
  )
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
}
