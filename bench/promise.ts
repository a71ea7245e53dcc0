/**
 * Delivery-promise benchmark: a seeded network of 1,000 nodes around French cities
 * (warehouses, stores, dark stores, lockers, suppliers) and 5,000 SKUs; measures option lists
 * for single SKUs (a product page) and for 5-line carts, and per-store availability, against
 * their targets.
 *
 *   npx tsx bench/promise.ts
 */
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { decodeNetwork, decodePromiseRequest, decodeStockSnapshot } from '../src/codecs/decode.js'
import type { Network, NodeKind } from '../src/model/network.js'
import type { PromiseRequest } from '../src/model/promise.js'
import type { StockSnapshot } from '../src/model/stock.js'
import { mulberry32 } from '../examples/network/random.js'
import { promiseOptions, storeAvailability, type PriceRule } from '../src/promise/index.js'
import { compileNetwork, type CompiledNetwork } from '../src/network/compile.js'
import { buildStock, type StockState } from '../src/stock/index.js'

export interface PromiseBenchOptions {
  readonly nodes?: number
  readonly skus?: number
  readonly seed?: number
  /** Timed single-SKU option lists. */
  readonly singleCalls?: number
  /** Timed 5-line cart option lists. */
  readonly cartCalls?: number
  readonly cartLines?: number
  /** Timed per-store availability calls. */
  readonly availabilityCalls?: number
  readonly log?: boolean
}

export interface Latency {
  /** Calls per wall-clock second, one at a time on one thread: the median of the passes. */
  readonly perSecond: number
  /** Calls per second of each pass. */
  readonly passes: readonly number[]
  /** Calls per second of this process's CPU time (less sensitive to other load on a shared machine). */
  readonly perCpuSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly maxMs: number
  readonly meanOptions: number
}

export interface PromiseBenchResult {
  readonly workload: {
    readonly nodes: number
    readonly skus: number
    readonly positions: number
    readonly seed: number
    readonly radiusKm: number
    readonly maxPickupNodes: number
  }
  readonly single: Latency & { readonly targetPerSecond: 50_000; readonly targetP99Ms: 0.5 }
  readonly cart: Latency & { readonly lines: number; readonly targetPerSecond: 5_000 }
  readonly availability: Latency
  readonly checksum: number
}


/** French cities and a rough weight (where shoppers and stores are). */
const CITIES: readonly (readonly [string, number, number, number])[] = [
  ['Paris', 48.8566, 2.3522, 10], ['Lyon', 45.764, 4.8357, 3], ['Marseille', 43.2965, 5.3698, 3],
  ['Toulouse', 43.6047, 1.4442, 2], ['Nice', 43.7102, 7.262, 1.5], ['Nantes', 47.2184, -1.5536, 1.5],
  ['Strasbourg', 48.5734, 7.7521, 1.2], ['Montpellier', 43.6108, 3.8767, 1.2], ['Bordeaux', 44.8378, -0.5792, 1.8],
  ['Lille', 50.6292, 3.0573, 2], ['Rennes', 48.1173, -1.6778, 1], ['Reims', 49.2583, 4.0317, 0.7],
  ['Le Havre', 49.4944, 0.1079, 0.6], ['Saint-Etienne', 45.4397, 4.3872, 0.6], ['Toulon', 43.1242, 5.928, 0.7],
  ['Grenoble', 45.1885, 5.7245, 1], ['Dijon', 47.322, 5.0415, 0.6], ['Angers', 47.4784, -0.5632, 0.5],
  ['Nimes', 43.8367, 4.3601, 0.5], ['Clermont-Ferrand', 45.7772, 3.087, 0.6], ['Tours', 47.3941, 0.6848, 0.5],
  ['Limoges', 45.8336, 1.2611, 0.4], ['Amiens', 49.8941, 2.2958, 0.4], ['Metz', 49.1193, 6.1757, 0.5],
  ['Perpignan', 42.6887, 2.8948, 0.4], ['Orleans', 47.9029, 1.9093, 0.5], ['Rouen', 49.4432, 1.0999, 0.8],
  ['Caen', 49.1829, -0.3707, 0.5], ['Brest', 48.3904, -4.4861, 0.4], ['Pau', 43.2951, -0.3708, 0.3],
]
const WEIGHT = CITIES.reduce((a, c) => a + c[3], 0)

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** A point near a city drawn by weight, spread about `spreadDeg` (roughly normal). */
const nearCity = (rnd: () => number, spreadDeg: number): { lat: number; lon: number } => {
  let r = rnd() * WEIGHT
  let city = CITIES[0] as (typeof CITIES)[number]
  for (const c of CITIES) {
    r -= c[3]
    if (r <= 0) {
      city = c
      break
    }
  }
  const g = (): number => (rnd() + rnd() + rnd() - 1.5) * 2 * spreadDeg
  return { lat: Math.round((city[1] + g()) * 1e6) / 1e6, lon: Math.round((city[2] + g() * 1.4) * 1e6) / 1e6 }
}

interface KindPlan {
  readonly kind: NodeKind
  readonly count: number
  /** Share of the catalogue each node of the kind holds, and its on-hand range. */
  readonly share: number
  readonly onHand: readonly [number, number]
}

const scaled = (rnd: () => number, base: number, digits: number): string => (base * (0.9 + 0.2 * rnd())).toFixed(digits)

/** The seeded workload: network and stock documents. */
export const promiseWorkload = (o: { readonly nodes: number; readonly skus: number; readonly seed: number }): { readonly network: unknown; readonly stock: unknown } => {
  const rnd = mulberry32(o.seed)
  const n = o.nodes
  const plans: KindPlan[] = [
    { kind: 'warehouse', count: Math.max(1, Math.round(n * 0.012)), share: 0.6, onHand: [5, 200] },
    { kind: 'dark-store', count: Math.round(n * 0.06), share: 0.15, onHand: [1, 20] },
    { kind: 'locker', count: Math.round(n * 0.2), share: 0, onHand: [0, 0] },
    { kind: 'supplier', count: Math.round(n * 0.028), share: 0.1, onHand: [50, 500] },
  ]
  plans.push({ kind: 'store', count: n - plans.reduce((a, p) => a + p.count, 0), share: 0.08, onHand: [1, 8] })
  const skuIds = Array.from({ length: o.skus }, (_, i) => `sku-${pad(i, 5)}`)
  const nodes: unknown[] = []
  const rows: unknown[] = []
  const lots: unknown[] = []
  let id = 0
  for (const p of plans) {
    for (let i = 0; i < p.count; i++) {
      const nodeId = `${p.kind}-${pad(id++, 4)}`
      const location = p.kind === 'warehouse' || p.kind === 'supplier' ? nearCity(rnd, 0.5) : nearCity(rnd, 0.12)
      const costs =
        p.kind === 'warehouse'
          ? { package: scaled(rnd, 8.759, 3), unit: scaled(rnd, 0.423, 3), perUnitKm: '0.000336', transfer: { fixed: scaled(rnd, 4.5, 2), unit: '0.20', perUnitKm: '0.00025' } }
          : p.kind === 'store'
            ? { package: scaled(rnd, 8.759, 3), unit: scaled(rnd, 1.2, 2), perUnitKm: '0.000336', transfer: { fixed: scaled(rnd, 3.5, 2), unit: '0.60', perUnitKm: '0.0002' } }
            : p.kind === 'dark-store'
              ? { package: scaled(rnd, 5.9, 2), unit: scaled(rnd, 0.8, 2), perUnitKm: '0.000336' }
              : p.kind === 'locker'
                ? { package: '0', unit: '0.10', perUnitKm: '0' }
                : { package: scaled(rnd, 12, 2), unit: '0.50', perUnitKm: '0.000336' }
      nodes.push({
        id: nodeId,
        kind: p.kind,
        location,
        costs,
        ...(p.kind === 'warehouse' ? { cutoff: '17:00', utcOffset: '+01:00', leadTimeHours: 4 } : {}),
        ...(p.kind === 'store' ? { leadTimeHours: 2, dailyCapacity: { orders: 40, units: 120 } } : {}),
      })
      if (p.share === 0) continue
      for (const sku of skuIds) {
        if (rnd() >= p.share) continue
        const onHand = p.onHand[0] + Math.floor(rnd() * (p.onHand[1] - p.onHand[0] + 1))
        rows.push({ node: nodeId, sku, onHand })
        if ((p.kind === 'warehouse' || p.kind === 'store') && rnd() < 0.02) {
          lots.push({ id: `po-${pad(lots.length, 6)}`, node: nodeId, sku, quantity: 10, eta: new Date(Date.UTC(2026, 10, 28) + Math.floor(rnd() * 10) * 86_400_000).toISOString() })
        }
      }
    }
  }
  return {
    network: { nodes, skus: skuIds.map((s) => ({ id: s })) },
    stock: {
      rows,
      inbound: lots,
      policies: {
        safetyStock: [{ nodeKind: 'warehouse', quantity: 2 }],
        confidenceBuffers: [{ nodeKind: 'store', quantity: 1 }],
        ringFences: [{ channel: 'store', nodeKind: 'store', quantity: 1 }],
      },
    },
  }
}

export interface BuiltWorkload {
  readonly doc: Network
  readonly network: CompiledNetwork
  readonly stock: StockState
  readonly skuIds: readonly string[]
  readonly positions: number
}

/** Decodes and builds the seeded workload. */
export const buildPromiseWorkload = (o: { readonly nodes: number; readonly skus: number; readonly seed: number }): BuiltWorkload => {
  const w = promiseWorkload(o)
  const doc = decodeNetwork(w.network)
  const snapshot = decodeStockSnapshot(w.stock)
  if (E.isLeft(doc)) throw new Error(doc.left.message)
  if (E.isLeft(snapshot)) throw new Error(snapshot.left.message)
  const network = compileNetwork(doc.right)
  if (E.isLeft(network)) throw new Error(network.left.message)
  const stock = buildStock(network.right, snapshot.right as StockSnapshot)
  if (E.isLeft(stock)) throw new Error(stock.left.message)
  return {
    doc: doc.right,
    network: network.right,
    stock: stock.right,
    skuIds: Array.from({ length: o.skus }, (_, i) => `sku-${pad(i, 5)}`),
    positions: snapshot.right.rows.length,
  }
}

const NOW = '2026-11-27T09:30:00Z'
const RADIUS_KM = 30
const MAX_PICKUP_NODES = 5

/** The retailer's price rule used by the bench: free collection, free delivery over €50. */
const PRICE: PriceRule = [
  { method: 'ship', price: '4.90' },
  { method: 'ship', threshold: '50', price: '0' },
  { method: 'pickup', price: '0' },
  { method: 'reserve-in-store', price: '0' },
]

const quantile = (sorted: Float64Array, q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0

/** Passes a measurement is split into: calls/s is their median, as for routing. */
const PASSES = 3

/**
 * Times `body(i)` one call at a time over `n` calls in {@link PASSES} passes: throughput (the
 * median pass), CPU throughput and latency quantiles over every call.
 */
const measure = (n: number, body: (i: number) => number): Latency => {
  const times = new Float64Array(n)
  const passes: number[] = []
  let options = 0
  // Start from a collected heap (with --expose-gc, as npm run bench runs it): the set-up's
  // garbage is not charged to the calls; their own collections are.
  ;(globalThis as { gc?: () => void }).gc?.()
  const cpu0 = process.cpuUsage()
  let i = 0
  for (let pass = 0; pass < PASSES; pass++) {
    const end = Math.round((n * (pass + 1)) / PASSES)
    const start = i
    const t0 = process.hrtime.bigint()
    let last = t0
    for (; i < end; i++) {
      options += body(i)
      const t = process.hrtime.bigint()
      times[i] = Number(t - last) / 1e6
      last = t
    }
    passes.push(Math.round((i - start) / (Number(last - t0) / 1e9)))
  }
  const cpu = process.cpuUsage(cpu0)
  times.sort()
  return {
    perSecond: [...passes].sort((a, b) => a - b)[PASSES >> 1] as number,
    passes,
    perCpuSecond: Math.round(n / ((cpu.user + cpu.system) / 1e6)),
    p50Ms: Number(quantile(times, 0.5).toFixed(4)),
    p99Ms: Number(quantile(times, 0.99).toFixed(4)),
    maxMs: Number((times[n - 1] ?? 0).toFixed(3)),
    meanOptions: Number((options / n).toFixed(2)),
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

/**
 * The bench's requests: 4,096 single-SKU requests and as many carts of `cartLines` distinct
 * SKUs (the first line asks 1 or 2 units, the others 1), each at a shopper near a French
 * city drawn by weight.
 */
export const promiseRequests = (
  w: BuiltWorkload,
  o: { readonly seed: number; readonly cartLines: number },
): { readonly singles: readonly PromiseRequest[]; readonly carts: readonly PromiseRequest[] } => {
  const rnd = mulberry32(o.seed ^ 0x9e3779b9)
  const decode = (json: unknown): PromiseRequest => {
    const r = decodePromiseRequest(json)
    if (E.isLeft(r)) throw new Error(r.left.message)
    return r.right
  }
  const R = 4096
  const singles = Array.from({ length: R }, () =>
    decode({
      channel: 'web',
      location: nearCity(rnd, 0.1),
      now: NOW,
      sku: w.skuIds[Math.floor(rnd() * w.skuIds.length)],
      radiusKm: RADIUS_KM,
      maxPickupNodes: MAX_PICKUP_NODES,
      value: '39.90',
    }),
  )
  const carts = Array.from({ length: R }, () => {
    const skus = new Set<string>()
    while (skus.size < o.cartLines) skus.add(w.skuIds[Math.floor(rnd() * w.skuIds.length)] as string)
    return decode({
      channel: 'web',
      location: nearCity(rnd, 0.1),
      now: NOW,
      lines: [...skus].map((sku, i) => ({ id: `l${i + 1}`, sku, quantity: 1 + (i === 0 ? Math.floor(rnd() * 2) : 0) })),
      radiusKm: RADIUS_KM,
      maxPickupNodes: MAX_PICKUP_NODES,
      value: '89.00',
    })
  })
  return { singles, carts }
}

/**
 * Runs the promise benchmark and returns its measurements (JSON-able).
 *
 * @example const result = runPromiseBench({ log: false }) // { single: { perSecond, p50Ms, p99Ms, … }, cart: …, … }
 */
export const runPromiseBench = (opts: PromiseBenchOptions = {}): PromiseBenchResult => {
  const o: Required<PromiseBenchOptions> = {
    nodes: 1000,
    skus: 5000,
    seed: 20261127,
    singleCalls: 100_000,
    cartCalls: 10_000,
    cartLines: 5,
    availabilityCalls: 100_000,
    log: true,
    ...opts,
  }
  const say = (line: string): void => {
    if (o.log) process.stdout.write(`${line}\n`)
  }
  const w = buildPromiseWorkload(o)
  say(`workload: ${o.nodes} nodes, ${fmt(o.skus)} SKUs, ${fmt(w.positions)} positions (seed ${o.seed}); pickup radius ${RADIUS_KM} km, ${MAX_PICKUP_NODES} pickup points`)
  const { singles, carts } = promiseRequests(w, o)
  const R = singles.length
  let checksum = 0
  const options = { price: PRICE }
  const run = (request: PromiseRequest): number => {
    const r = promiseOptions(w.stock, request, options)
    if (E.isLeft(r)) throw new Error(r.left.message)
    checksum += r.right.length
    return r.right.length
  }
  // Warm up the JIT on other requests than the timed ones (drawn with another seed).
  const warm = promiseRequests(w, { ...o, seed: o.seed + 1 })
  for (let i = 0; i < 2000; i++) run(warm.singles[i % R] as PromiseRequest)
  for (let i = 0; i < 1000; i++) run(warm.carts[i % R] as PromiseRequest)

  const single = measure(o.singleCalls, (i) => run(singles[i % R] as PromiseRequest))
  say(`single SKU:   ${fmt(single.perSecond)} /s (target ≥ 50,000 /s; ${fmt(single.perCpuSecond)} per CPU second), p50 ${single.p50Ms} ms, p99 ${single.p99Ms} ms (target ≤ 0.5 ms), ${single.meanOptions} options per list`)
  const cart = measure(o.cartCalls, (i) => run(carts[i % R] as PromiseRequest))
  say(`${o.cartLines}-line cart:  ${fmt(cart.perSecond)} /s (target ≥ 5,000 /s; ${fmt(cart.perCpuSecond)} per CPU second), p50 ${cart.p50Ms} ms, p99 ${cart.p99Ms} ms, ${cart.meanOptions} options per list`)
  const availability = measure(o.availabilityCalls, (i) => {
    const q = singles[i % R] as PromiseRequest
    const r = storeAvailability(w.stock, { sku: 'sku' in q ? q.sku : '', channel: q.channel, location: q.location, radiusKm: RADIUS_KM, limit: 10 })
    if (E.isLeft(r)) throw new Error(r.left.message)
    checksum += r.right.length
    return r.right.length
  })
  say(`availability: ${fmt(availability.perSecond)} /s (${fmt(availability.perCpuSecond)} per CPU second), p50 ${availability.p50Ms} ms, p99 ${availability.p99Ms} ms, ${availability.meanOptions} stores per answer`)
  return {
    workload: { nodes: o.nodes, skus: o.skus, positions: w.positions, seed: o.seed, radiusKm: RADIUS_KM, maxPickupNodes: MAX_PICKUP_NODES },
    single: { ...single, targetPerSecond: 50_000, targetP99Ms: 0.5 },
    cart: { ...cart, lines: o.cartLines, targetPerSecond: 5_000 },
    availability,
    checksum,
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = runPromiseBench()
  process.stdout.write(`${JSON.stringify(result)}\n`)
}
