/**
 * The wave benchmark: `routeWave` on waves of orders competing for scarce stock —
 *
 * - the seeded 30-order waves on 12 nodes (1–3 lines, maxShipments 3, penalty 40; the
 *   generator of test/wave/generate.ts): share proven, mean and worst gap, saving against
 *   one-by-one routing;
 * - 1,000 and 10,000 orders on the generated 1,000-node retailer (examples/network) whose
 *   stock is cut to a scarce remnant (one position in 10 kept, at most 3 units): time,
 *   heap, gap and saving.
 *
 *   npx tsx bench/wave.ts [--quick] [--waves N] [--orders 1000,10000] [--iterations N] [--branch-nodes N] [--highs N] [--json out.json]
 *
 * `--highs N` also solves the first N seeded 30-order waves' joint MIP with HiGHS and prints
 * how far one by one and the wave are from the optimum.
 */
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { loadNetwork, loadOrders } from '../examples/network/load.js'
import { generateNetwork, optionsForNodes, type GeneratedNetwork } from '../examples/network/generate.js'
import { generateOrders } from '../examples/network/orders.js'
import { toMicros } from '../src/money.js'
import { routeWave, type WaveOptions, type WaveResult } from '../src/wave/wave.js'
import { routeWaveDocument } from '../src/wave/document.js'
import { BENCH_WAVE, seededWave } from '../test/wave/generate.js'

const NOW = '2026-11-27T09:00:00Z'
/** Units a position keeps at most in the scarce retailer. */
const SCARCE_UNITS = 3
/** One stock position in this many is kept in the scarce retailer. */
const SCARCE_KEEP = 10

export interface SmallWaveRow {
  readonly waves: number
  readonly proven: number
  readonly meanGap: number
  readonly worstGap: number
  readonly meanSavingPercent: number
  readonly meanMillis: number
  /** Nodes of the branch and price a wave, on average. */
  readonly meanBranchNodes: number
}

export interface LargeWaveRow {
  readonly orders: number
  readonly nodes: number
  readonly seconds: number
  /** The heap in use right after the wave, above its start (garbage not yet collected included). */
  readonly heapMiB: number
  /** The process's peak resident memory (the operating system's accounting), network and orders included. */
  readonly peakRssMiB: number
  readonly gap: number
  readonly optimality: string
  readonly savingPercent: number
  readonly contested: number
  readonly iterations: number
  readonly totalCost: string
  readonly oneByOneCost: string
}

export interface WaveBenchResult {
  readonly small: SmallWaveRow
  readonly large: readonly LargeWaveRow[]
}

const round = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d

/** The 30-order waves on 12 nodes. */
export const smallWaves = (count: number, options: Partial<WaveOptions> = {}): SmallWaveRow => {
  if (count === 0) return { waves: 0, proven: 0, meanGap: 0, worstGap: 0, meanSavingPercent: 0, meanMillis: 0, meanBranchNodes: 0 }
  let proven = 0
  let gaps = 0
  let worst = 0
  let saving = 0
  let millis = 0
  let branchNodes = 0
  for (let seed = 1; seed <= count; seed++) {
    const t0 = process.hrtime.bigint()
    const r = routeWaveDocument(seededWave(seed, BENCH_WAVE), NOW, options)
    millis += Number(process.hrtime.bigint() - t0) / 1e6
    if (E.isLeft(r)) throw new Error(`wave ${seed}: ${JSON.stringify(r.left)}`)
    const w = r.right.wave
    if (w.optimality === 'proven') proven++
    branchNodes += w.branchNodes
    gaps += Number(w.gap)
    worst = Math.max(worst, Number(w.gap))
    saving += toMicros(w.saving) / Math.max(1, toMicros(w.oneByOneCost))
  }
  return {
    waves: count,
    proven,
    meanGap: round(gaps / count),
    worstGap: round(worst),
    meanSavingPercent: round((100 * saving) / count, 2),
    meanMillis: round(millis / count, 1),
    meanBranchNodes: round(branchNodes / count, 1),
  }
}

/**
 * The generated retailer with its stock cut to a scarce remnant: one position in `keepOneIn`
 * kept (chosen by a hash of node and SKU), with at most `most` units.
 */
const scarce = (g: GeneratedNetwork, keepOneIn: number, most: number): GeneratedNetwork => {
  const hash = (text: string): number => {
    let h = 2166136261
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0
    return h
  }
  const rows = g.stock.rows.filter((row) => hash(`${row.node}|${row.sku}`) % keepOneIn === 0)
  return { ...g, stock: { ...g.stock, rows: rows.map((row) => ({ ...row, onHand: Math.min(row.onHand, most) })) } }
}

/** One large wave: `orders` orders on the scarce 1,000-node retailer. */
export const largeWave = (orders: number, nodes = 1000, options: Partial<WaveOptions> = {}, keepOneIn = SCARCE_KEEP, most = SCARCE_UNITS): LargeWaveRow => {
  const g = scarce(generateNetwork(optionsForNodes(nodes, { seed: 2026, skus: 2000 })), keepOneIn, most)
  const loaded = loadNetwork(g)
  const list = loadOrders(generateOrders(g, { seed: 77, count: orders, now: NOW }))
  ;(globalThis as { gc?: () => void }).gc?.()
  const heap0 = process.memoryUsage().heapUsed
  const t0 = process.hrtime.bigint()
  let peak = heap0
  const r = routeWave(loaded.stock, list, { now: NOW, rules: loaded.rules as never, ...options })
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  peak = Math.max(peak, process.memoryUsage().heapUsed)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  const w: WaveResult = r.right
  return {
    orders,
    nodes,
    seconds: round(seconds, 2),
    heapMiB: round((peak - heap0) / 2 ** 20, 1),
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
    gap: Number(w.gap),
    optimality: w.optimality,
    savingPercent: round((100 * toMicros(w.saving)) / Math.max(1, toMicros(w.oneByOneCost)), 3),
    contested: w.contestedOrders,
    iterations: w.iterations,
    totalCost: w.totalCost,
    oneByOneCost: w.oneByOneCost,
  }
}

/** The first `count` seeded 30-order waves against HiGHS on their joint MIP: saving possible and taken, bound and cost against the optimum. */
export const highsWaves = async (count: number, options: Partial<WaveOptions> = {}): Promise<{ readonly waves: number; readonly possible: string; readonly taken: string; readonly proven: number; readonly atOptimum: number }> => {
  const { joinedOptimum } = await import('../test/wave/reference.js')
  let possible = 0
  let taken = 0
  let proven = 0
  let atOptimum = 0
  for (let seed = 1; seed <= count; seed++) {
    const doc = seededWave(seed, BENCH_WAVE)
    const r = routeWaveDocument(doc, NOW, options)
    if (E.isLeft(r)) throw new Error(`wave ${seed}: ${JSON.stringify(r.left)}`)
    const w = r.right.wave
    const ref = await joinedOptimum(doc)
    if ('error' in ref) throw new Error(`wave ${seed}: ${ref.error}`)
    const cost = toMicros(w.totalCost)
    const lb = toMicros(w.lowerBound)
    if (lb > ref.optimum || cost < ref.optimum) throw new Error(`wave ${seed}: bound ${lb}, optimum ${ref.optimum}, cost ${cost}`)
    possible += toMicros(w.oneByOneCost) - ref.optimum
    taken += toMicros(w.saving)
    if (w.optimality === 'proven') proven++
    if (cost === ref.optimum) atOptimum++
    process.stdout.write(`  wave ${seed}: one by one ${w.oneByOneCost}, optimum ${(ref.optimum / 1e6).toFixed(6)}, wave ${w.totalCost} (${w.optimality}), bound ${w.lowerBound}\n`)
  }
  return { waves: count, possible: (possible / 1e6).toFixed(2), taken: (taken / 1e6).toFixed(2), proven, atOptimum }
}

/** Runs the wave benchmark. @example const result = runWaveBench({ quick: true }) */
export const runWaveBench = (
  opts: {
    readonly quick?: boolean
    readonly log?: boolean
    readonly waves?: number
    readonly orders?: readonly number[]
    readonly iterations?: number
    readonly branchNodes?: number
  } = {},
): WaveBenchResult => {
  const say = (s: string): void => {
    if (opts.log !== false) process.stdout.write(`${s}\n`)
  }
  const small = smallWaves(opts.waves ?? (opts.quick === true ? 10 : 50), opts.branchNodes === undefined ? {} : { maxBranchNodes: opts.branchNodes })
  if (small.waves > 0) {
    say(
      `wave: ${small.waves} waves of 30 orders on 12 nodes: ${small.proven} proven, gap mean ${small.meanGap} worst ${small.worstGap}, saving ${small.meanSavingPercent} % of one by one, ${small.meanMillis} ms and ${small.meanBranchNodes} branch nodes a wave`,
    )
  }
  const large: LargeWaveRow[] = []
  for (const orders of opts.orders ?? (opts.quick === true ? [1000] : [1000, 10_000])) {
    const row = largeWave(orders, 1000, opts.iterations === undefined ? {} : { maxIterations: opts.iterations })
    large.push(row)
    say(`wave: ${row.orders} orders × ${row.nodes} nodes: ${row.seconds} s, heap +${row.heapMiB} MiB, peak RSS ${row.peakRssMiB} MiB, ${row.optimality}, gap ${row.gap}, saving ${row.savingPercent} %, ${row.contested} contested, ${row.iterations} iterations`)
  }
  return { small, large }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const flag = (name: string): string | undefined => {
    const at = process.argv.indexOf(name)
    return at >= 0 ? process.argv[at + 1] : undefined
  }
  const waves = flag('--waves')
  const orders = flag('--orders')
  const iterations = flag('--iterations')
  const branchNodes = flag('--branch-nodes')
  const result = runWaveBench({
    quick: process.argv.includes('--quick'),
    ...(waves === undefined ? {} : { waves: Number(waves) }),
    ...(orders === undefined ? {} : { orders: orders.split(',').filter((x) => x !== '').map(Number) }),
    ...(iterations === undefined ? {} : { iterations: Number(iterations) }),
    ...(branchNodes === undefined ? {} : { branchNodes: Number(branchNodes) }),
  })
  const at = process.argv.indexOf('--json')
  const highs = flag('--highs')
  if (highs !== undefined) {
    const h = await highsWaves(Number(highs), branchNodes === undefined ? {} : { maxBranchNodes: Number(branchNodes) })
    process.stdout.write(`wave: ${h.waves} waves of 30 orders against HiGHS: one by one leaves ${h.possible} above the optimum, the wave takes ${h.taken}; ${h.proven} proven, ${h.atOptimum} at the optimum\n`)
  }
  if (at >= 0 && process.argv[at + 1] !== undefined) writeFileSync(process.argv[at + 1] as string, JSON.stringify(result, null, 2))
}
