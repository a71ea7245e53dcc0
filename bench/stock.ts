/**
 * Stock benchmark: a seeded network of 1,000 nodes across France and 20,000 SKUs with
 * 2,000,000 non-zero positions; measures the build, ATP lookups (by index and by id),
 * radius queries and reserve + release pairs against their targets. Each throughput is
 * measured in `rounds` rounds (3): the best and the median round are printed, and the rate per
 * CPU second of the process, since other work on a shared machine only ever slows a round.
 *
 *   npx tsx bench/stock.ts                          (heap growth from memoryUsage deltas)
 *   node --expose-gc --import tsx bench/stock.ts    (heap growth after forced GC)
 */
import { PerformanceObserver } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import type { Network, Node, NodeKind } from '../src/model/network.js'
import { compileNetwork } from '../src/network/compile.js'
import type { InboundLot, ReserveRequest, StockRow, StockSnapshot } from '../src/model/stock.js'
import { mulberry32 } from '../examples/network/random.js'
import {
  type StockState,
  atpAt,
  atpNear,
  availableToPromise,
  buildStock,
  release,
  reserve,
} from '../src/stock/index.js'

export interface StockBenchOptions {
  readonly nodes?: number
  readonly skus?: number
  readonly positionsPerSku?: number
  readonly lots?: number
  readonly seed?: number
  readonly atpLookups?: number
  readonly idLookups?: number
  readonly nearQueries?: number
  readonly reservePairs?: number
  /** Each throughput is measured this many times; best and median are reported (other processes only ever slow a round down). */
  readonly rounds?: number
  readonly log?: boolean
  /** Called around the timed reserve + release phase (e.g. to start and stop a profiler). */
  readonly aroundPairs?: (phase: 'start' | 'stop') => Promise<void>
}

/**
 * Rates of one measurement repeated `rounds` times, per wall-clock second; `perSecond` is the
 * best round. `perCpuSecond` divides by the CPU time of the whole process instead (best round),
 * which other processes on the machine disturb less.
 */
export interface Rates {
  readonly perSecond: number
  readonly best: number
  readonly median: number
  readonly rounds: readonly number[]
  readonly perCpuSecond: number
}

export interface StockBenchResult {
  readonly workload: {
    readonly nodes: number
    readonly skus: number
    readonly positions: number
    readonly lots: number
    readonly seed: number
    readonly rounds: number
  }
  readonly build: { readonly seconds: number; readonly heapGrowthMB: number; readonly heapMethod: string; readonly targetSeconds: 3; readonly targetHeapMB: 500 }
  readonly atpAt: Rates & { readonly target: 2_000_000 }
  readonly availableToPromise: Rates
  readonly atpNear: Rates & { readonly radiusKm: 50; readonly meanResults: number; readonly target: 50_000 }
  readonly reserveRelease: Rates & { readonly pairsPerSecond: number; readonly pairsPerRound: number; readonly gcShare: number; readonly target: 200_000 }
  /** Sum of every ATP read, so that no lookup can be optimised away. */
  readonly checksum: number
}


const KINDS: readonly NodeKind[] = ['warehouse', 'store', 'store', 'store', 'store', 'store', 'store', 'dark-store', 'locker', 'supplier']
const REGIONS = ['idf', 'nord', 'est', 'ouest', 'sud-ouest', 'sud-est', 'centre']

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

interface Workload {
  readonly network: Network
  /** Generated positions as (sku index, node index) pairs; indexes follow ascending id. */
  readonly posSku: Int32Array
  readonly posNode: Int32Array
  readonly nodeIds: readonly string[]
  readonly skuIds: readonly string[]
}

const generate = (o: Required<StockBenchOptions>): { readonly workload: Workload; readonly snapshot: StockSnapshot } => {
  const rnd = mulberry32(o.seed)
  const nodeIds = Array.from({ length: o.nodes }, (_, i) => `n${pad(i, 4)}`)
  const skuIds = Array.from({ length: o.skus }, (_, i) => `sku-${pad(i, 5)}`)
  const nodes = nodeIds.map(
    (id): Node =>
      ({
        id,
        kind: KINDS[Math.floor(rnd() * KINDS.length)] as NodeKind,
        location: { lat: 43 + rnd() * 7, lon: -1.5 + rnd() * 9 },
        region: REGIONS[Math.floor(rnd() * REGIONS.length)],
        costs: { package: '4.5', unit: '0.35', perUnitKm: '0.0004' },
      }) as unknown as Node,
  )
  const skus = skuIds.map((id, i) => ({ id, ...(i % 50 === 0 ? { attributes: ['bulky'] } : {}) }))
  const total = o.skus * o.positionsPerSku
  const posSku = new Int32Array(total)
  const posNode = new Int32Array(total)
  const rows: StockRow[] = new Array(total)
  const pool = Int32Array.from({ length: o.nodes }, (_, i) => i)
  let k = 0
  for (let s = 0; s < o.skus; s++) {
    // Partial Fisher–Yates: positionsPerSku distinct nodes for this SKU.
    for (let j = 0; j < o.positionsPerSku; j++) {
      const r = j + Math.floor(rnd() * (o.nodes - j))
      const t = pool[j] as number
      pool[j] = pool[r] as number
      pool[r] = t
      const n = pool[j] as number
      posSku[k] = s
      posNode[k] = n
      rows[k] = { node: nodeIds[n], sku: skuIds[s], onHand: 1 + Math.floor(rnd() * 60) } as unknown as StockRow
      k++
    }
  }
  const lots: InboundLot[] = []
  for (let i = 0; i < o.lots; i++) {
    const p = Math.floor(rnd() * total)
    lots.push({
      id: `po-${pad(i, 6)}`,
      node: nodeIds[posNode[p] as number],
      sku: skuIds[posSku[p] as number],
      quantity: 10 + Math.floor(rnd() * 90),
      eta: new Date(Date.UTC(2026, 11, 1) + Math.floor(rnd() * 30) * 86_400_000).toISOString(),
    } as unknown as InboundLot)
  }
  const policies = {
    safetyStock: [{ nodeKind: 'warehouse', quantity: 2 }, { quantity: 1 }],
    confidenceBuffers: [{ nodeKind: 'store', quantity: 1 }],
    ringFences: [
      { channel: 'store', nodeKind: 'store', quantity: 2 },
      { channel: 'marketplace', nodeKind: 'warehouse', percent: 10 },
    ],
  }
  return {
    workload: { network: { nodes, skus } as unknown as Network, posSku, posNode, nodeIds, skuIds },
    snapshot: { rows, inbound: lots, policies } as unknown as StockSnapshot,
  }
}

const gcOf = (): (() => void) | undefined => (globalThis as { gc?: () => void }).gc

/** JS heap plus typed-array backing stores (which live outside the JS heap). */
const heapMB = (): number => {
  const m = process.memoryUsage()
  return (m.heapUsed + m.arrayBuffers) / 1_048_576
}

/** Milliseconds spent in garbage collection while `body` runs. */
const gcMillis = async (body: () => void): Promise<number> => {
  let total = 0
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) total += e.duration
  })
  obs.observe({ entryTypes: ['gc'] })
  body()
  // GC entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 50))
  obs.disconnect()
  return total
}

/** Runs `body(i)` for i in [0, n) and returns calls per second. */
const rate = (n: number, body: (i: number) => void): Timed => {
  const c0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < n; i++) body(i)
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  const cpu = process.cpuUsage(c0)
  return { wall: n / seconds, cpu: n / ((cpu.user + cpu.system) / 1e6) }
}

/** Calls per wall-clock second, and per CPU second of the whole process (GC helper threads included). */
interface Timed {
  readonly wall: number
  readonly cpu: number
}

const summarise = (all: readonly Timed[]): Rates => {
  const walls = all.map((t) => t.wall).sort((a, b) => a - b)
  const cpus = all.map((t) => t.cpu).sort((a, b) => a - b)
  const best = walls[walls.length - 1] as number
  return {
    perSecond: best,
    best,
    median: walls[Math.floor(walls.length / 2)] as number,
    rounds: all.map((t) => t.wall),
    perCpuSecond: cpus[cpus.length - 1] as number,
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

/**
 * Runs the stock benchmark and returns its measurements (JSON-able).
 *
 * @example const result = await runStockBench({ log: false })
 */
export const runStockBench = async (opts: StockBenchOptions = {}): Promise<StockBenchResult> => {
  const o: Required<StockBenchOptions> = {
    nodes: 1000,
    skus: 20_000,
    positionsPerSku: 100,
    lots: 20_000,
    seed: 20261127,
    atpLookups: 4_000_000,
    idLookups: 1_000_000,
    nearQueries: 100_000,
    reservePairs: 200_000,
    rounds: 3,
    log: true,
    aroundPairs: async () => {},
    ...opts,
  }
  const say = (line: string): void => {
    if (o.log) process.stdout.write(`${line}\n`)
  }
  const generated = generate(o)
  const w = generated.workload
  // Only the built state should stay alive after the build, as in a service.
  let snapshot: StockSnapshot | undefined = generated.snapshot
  const positions = w.posSku.length
  say(`workload: ${o.nodes} nodes × ${o.skus} SKUs, ${fmt(positions)} positions, ${fmt(o.lots)} inbound lots (seed ${o.seed})`)

  // --- build ---------------------------------------------------------------------------
  const gc = gcOf()
  const heapMethod =
    gc === undefined
      ? 'heapUsed + arrayBuffers delta from process.memoryUsage(), no forced GC (run with node --expose-gc for retained size)'
      : 'heapUsed + arrayBuffers delta, global.gc() before and after (retained size)'
  gc?.()
  const heapBefore = heapMB()
  const t0 = process.hrtime.bigint()
  // The build includes compiling the network, which the stock index is built on.
  const compiled = compileNetwork(w.network)
  if (E.isLeft(compiled)) throw new Error(`compile failed: ${compiled.left.message}`)
  const built = buildStock(compiled.right, snapshot)
  const buildSeconds = Number(process.hrtime.bigint() - t0) / 1e9
  if (E.isLeft(built)) throw new Error(`build failed: ${built.left.message}`)
  let state: StockState = built.right
  gc?.()
  snapshot = undefined
  const heapGrowthMB = heapMB() - heapBefore
  say(`build:              ${buildSeconds.toFixed(2)} s (target ≤ 3 s), heap growth ${heapGrowthMB.toFixed(0)} MB (target ≤ 500 MB; ${heapMethod})`)

  // Generated indexes are the built ones: ids are zero-padded, so ascending id = generation order.
  const rnd = mulberry32(o.seed ^ 0x5eed)
  const Q = 1 << 20
  const qSku = new Int32Array(Q)
  const qNode = new Int32Array(Q)
  for (let i = 0; i < Q; i++) {
    const p = Math.floor(rnd() * positions)
    qSku[i] = w.posSku[p] as number
    qNode[i] = w.posNode[p] as number
  }
  const channels = ['web', 'store', 'marketplace', 'app']
  let checksum = 0
  const R = Math.max(1, o.rounds)
  const rounds = (name: string, target: string, measure: (round: number) => Timed): Rates => {
    const all: Timed[] = []
    for (let r = 0; r < R; r++) all.push(measure(r))
    const result = summarise(all)
    say(`${name.padEnd(20)}${fmt(result.best)} /s best of ${R}, median ${fmt(result.median)} /s, ${fmt(result.perCpuSecond)} per CPU-s${target}`)
    return result
  }

  // --- atpAt ---------------------------------------------------------------------------
  rate(200_000, (i) => {
    checksum += atpAt(state, qSku[i & (Q - 1)] as number, qNode[i & (Q - 1)] as number, 'web')
  })
  const atpRates = rounds('atpAt:', ' (target ≥ 2,000,000 /s)', () =>
    rate(o.atpLookups, (i) => {
      const j = i & (Q - 1)
      checksum += atpAt(state, qSku[j] as number, qNode[j] as number, channels[i & 3] as string)
    }),
  )

  // --- availableToPromise (string ids) ----------------------------------------------------
  const idRates = rounds('availableToPromise:', ' (string ids)', () =>
    rate(o.idLookups, (i) => {
      const j = i & (Q - 1)
      checksum += availableToPromise(state, {
        node: w.nodeIds[qNode[j] as number] as string,
        sku: w.skuIds[qSku[j] as number] as string,
        channel: channels[i & 3] as string,
      })
    }),
  )

  // --- atpNear -------------------------------------------------------------------------
  const points = Array.from({ length: 4096 }, () => ({ lat: 43 + rnd() * 7, lon: -1.5 + rnd() * 9 }))
  let results = 0
  const nearRates = rounds('atpNear (50 km):', ' (target ≥ 50,000 /s)', () =>
    rate(o.nearQueries, (i) => {
      const found = atpNear(state, {
        sku: w.skuIds[qSku[i & (Q - 1)] as number] as string,
        channel: 'web',
        point: points[i & 4095] as { lat: number; lon: number },
        radiusKm: 50,
      })
      results += found.length
    }),
  )
  const meanResults = results / (o.nearQueries * R)

  // --- reserve + release ---------------------------------------------------------------
  const now = '2026-11-27T09:30:00Z'
  let failures = 0
  let gcMs = 0
  let pairs = 0
  let cursor = 0
  const pairRates: Timed[] = []
  for (let round = 0; round < R; round++) {
    // One-line reservations on random positions that have ATP > 0. Only the positions are
    // prepared; each request is a plain object made in the loop, as a caller would pass one
    // after decoding (a pre-built array of 200,000 requests would only add to the heap).
    const pick = new Int32Array(o.reservePairs)
    let picked = 0
    for (let tries = 0; picked < o.reservePairs && tries < 20 * o.reservePairs; tries++) {
      const j = cursor++ & (Q - 1)
      if (atpAt(state, qSku[j] as number, qNode[j] as number, 'web') > 0) pick[picked++] = j
    }
    const requests = { length: picked }
    const requestAt = (i: number): ReserveRequest => {
      const j = pick[i] as number
      return {
        channel: 'web',
        lines: [{ node: w.nodeIds[qNode[j] as number] as string, sku: w.skuIds[qSku[j] as number] as string, quantity: 1 }],
      } as unknown as ReserveRequest
    }
    pairs = requests.length
    await o.aroundPairs('start')
    let pairRate: Timed = { wall: 0, cpu: 0 }
    gcMs += await gcMillis(() => {
      pairRate = rate(requests.length, (i) => {
        const r = reserve(state, requestAt(i), now)
        if (E.isLeft(r)) {
          failures++
          return
        }
        const back = release(r.right.state, r.right.reservation.id, now)
        if (E.isLeft(back)) failures++
        else state = back.right.state
      })
    })
    await o.aroundPairs('stop')
    pairRates.push(pairRate)
  }
  if (failures > 0) throw new Error(`${failures} reserve/release pairs failed`)
  const pairResult = summarise(pairRates)
  const pairSeconds = pairRates.reduce((t, r) => t + pairs / r.wall, 0)
  say(
    `reserve + release:  ${fmt(pairResult.best)} pairs/s best of ${R}, median ${fmt(pairResult.median)}, ${fmt(pairResult.perCpuSecond)} per CPU-s ` +
      `(target ≥ 200,000 /s); GC ${((gcMs / 1000 / pairSeconds) * 100).toFixed(0)}% of the time`,
  )

  return {
    workload: { nodes: o.nodes, skus: o.skus, positions, lots: o.lots, seed: o.seed, rounds: R },
    build: { seconds: buildSeconds, heapGrowthMB, heapMethod, targetSeconds: 3, targetHeapMB: 500 },
    atpAt: { ...atpRates, target: 2_000_000 },
    availableToPromise: idRates,
    atpNear: { ...nearRates, radiusKm: 50, meanResults, target: 50_000 },
    reserveRelease: { ...pairResult, pairsPerSecond: pairResult.best, pairsPerRound: pairs, gcShare: gcMs / 1000 / pairSeconds, target: 200_000 },
    checksum,
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (invokedDirectly) {
  const result = await runStockBench()
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
}
