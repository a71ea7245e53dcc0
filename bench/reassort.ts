/**
 * Stock rebalancing at chain scale: `suggestTransfers` on seeded chains of S stores and K
 * SKUs (each store stocks 15 % of the catalogue, 0–6 units, and forecasts sales of 20 %, a
 * mean of 0.2–4 units; margins 2–60; transfers 3–8 per truck, 0.30–0.80 per unit plus
 * 0.0002 per unit per km), at the default work budget. Reports time, memory, share proven,
 * and the gap over the gain (gain − cost) of the suggestion.
 *
 *   node --expose-gc --import tsx bench/reassort.ts [--quick | --large] [--budget N]
 */
import { mulberry32 } from '../examples/network/random.js'
import * as E from 'fp-ts/lib/Either.js'
import type { RebalanceDocument } from '../src/model/reassort.js'
import { suggestTransfers } from '../src/reassort/transfers.js'
import { toMicros } from '../src/money.js'

const prng = mulberry32

/** A seeded chain of `stores` stores and `skus` SKUs. */
export const chain = (stores: number, skus: number, seed: number): RebalanceDocument => {
  const r = prng(seed)
  const nodes = Array.from({ length: stores }, (_, i) => ({
    id: `S${String(i).padStart(5, '0')}`,
    kind: 'store',
    location: { lat: 43 + r() * 7.5, lon: -1.5 + r() * 9 },
    costs: { package: '6', unit: '1.2', perUnitKm: '0.0003', transfer: { fixed: (3 + r() * 5).toFixed(2), unit: (0.3 + r() * 0.5).toFixed(2), perUnitKm: '0.0002' } },
  }))
  const stock: { node: string; sku: string; onHand: number }[] = []
  const demand: { node: string; sku: string; mean: number }[] = []
  const margins: { sku: string; margin: string }[] = []
  for (let s = 0; s < skus; s++) {
    const sku = `K${String(s).padStart(5, '0')}`
    margins.push({ sku, margin: (2 + r() * 58).toFixed(2) })
    for (const n of nodes) {
      if (r() < 0.15) stock.push({ node: n.id, sku, onHand: Math.floor(r() * 7) })
      if (r() < 0.2) demand.push({ node: n.id, sku, mean: Math.round((0.2 + r() * 3.8) * 10) / 10 })
    }
  }
  return { now: '2026-11-27T09:00:00Z', nodes, stock, demand, margins } as unknown as RebalanceDocument
}

export interface ReassortRow {
  readonly stores: number
  readonly skus: number
  readonly runs: number
  readonly stockRows: number
  readonly forecasts: number
  readonly seconds: number
  readonly heapMiB: number
  readonly rssMiB: number
  readonly provenShare: number
  readonly transfers: number
  readonly units: number
  readonly gainLessCost: string
  readonly gap: string
  /** Gap over (gain − cost). */
  readonly relativeGap: number
}

const mib = (bytes: number): number => Math.round(bytes / 1024 / 1024)

export const runReassortBench = (sizes: readonly (readonly [number, number, number])[], budget?: number): ReassortRow[] => {
  const rows: ReassortRow[] = []
  for (const [stores, skus, runs] of sizes) {
    let seconds = 0
    let proven = 0
    let heap = 0
    let rss = 0
    let last: ReassortRow | undefined
    for (let k = 0; k < runs; k++) {
      const doc = chain(stores, skus, 1 + k)
      ;(globalThis as { gc?: () => void }).gc?.()
      const heap0 = process.memoryUsage().heapUsed
      const t0 = process.hrtime.bigint()
      const r = suggestTransfers(doc, budget === undefined ? {} : { budget })
      const dt = Number(process.hrtime.bigint() - t0) / 1e9
      const mem = process.memoryUsage()
      if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
      seconds += dt
      heap = Math.max(heap, mem.heapUsed - heap0)
      rss = Math.max(rss, mem.rss)
      if (r.right.optimality === 'proven') proven++
      const objective = toMicros(r.right.expectedMarginAfter) - toMicros(r.right.expectedMarginBefore) - toMicros(r.right.transferCost)
      const gap = toMicros(r.right.gap)
      last = {
        stores,
        skus,
        runs,
        stockRows: doc.stock.length,
        forecasts: doc.demand.length,
        seconds: 0,
        heapMiB: 0,
        rssMiB: 0,
        provenShare: 0,
        transfers: r.right.transfers.length,
        units: r.right.transfers.reduce((u, t) => u + t.lines.reduce((q, l) => q + l.quantity, 0), 0),
        gainLessCost: (objective / 1e6).toFixed(2),
        gap: r.right.gap,
        relativeGap: objective > 0 ? Math.round((gap / objective) * 10_000) / 10_000 : 0,
      }
      process.stdout.write(`  ${stores} stores × ${skus} SKUs, seed ${1 + k}: ${dt.toFixed(2)} s, ${r.right.optimality}, ${last.transfers} transfers, ${last.units} units, gain − cost ${last.gainLessCost}, gap ${r.right.gap} (${(100 * last.relativeGap).toFixed(2)} %)\n`)
    }
    if (last !== undefined) rows.push({ ...last, seconds: Math.round((seconds / runs) * 100) / 100, heapMiB: mib(heap), rssMiB: mib(rss), provenShare: proven / runs })
  }
  return rows
}

/** The rows as a Markdown table. */
export const reassortTable = (rows: readonly ReassortRow[]): string =>
  [
    '| stores × SKUs | stock rows | forecasts | runs | time per call | heap (peak Δ) | RSS | proven | transfers | units | gain − cost | gap | gap / (gain − cost) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.stores.toLocaleString('en')} × ${r.skus.toLocaleString('en')} | ${r.stockRows.toLocaleString('en')} | ${r.forecasts.toLocaleString('en')} | ${r.runs} | ${r.seconds} s | ${r.heapMiB} MiB | ${r.rssMiB} MiB | ${(100 * r.provenShare).toFixed(0)} % | ${r.transfers} | ${r.units} | ${r.gainLessCost} | ${r.gap} | ${(100 * r.relativeGap).toFixed(2)} % |`,
    ),
  ].join('\n')

const isEntry = /(?:^|[\\/])reassort\.ts$/.test(process.argv[1] ?? '')
if (isEntry) {
  const quick = process.argv.includes('--quick')
  const large = process.argv.includes('--large')
  const sizes: (readonly [number, number, number])[] = quick ? [[20, 50, 3], [200, 2000, 1]] : large ? [[200, 2000, 1], [1000, 5000, 1]] : [[20, 50, 5], [200, 2000, 3], [1000, 5000, 1]]
  const at = process.argv.indexOf('--budget')
  const budget = at > 0 ? Number(process.argv[at + 1]) : undefined
  process.stdout.write(`work budget ${budget ?? 'default (20,000,000)'}\n`)
  const rows = runReassortBench(sizes, budget)
  process.stdout.write(`\n${reassortTable(rows)}\n`)
}
