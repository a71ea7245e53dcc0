/**
 * `npm run bench`: every benchmark in one run — stock (build, ATP lookups, radius queries,
 * reserve/release), the optimiser against HiGHS, routing (per strategy, routeBatch, HiGHS on
 * the MIPs routeOrder builds, scaling curves, quality), the delivery promise and scale (dense
 * and 10,000-node worlds by order size, HiGHS on the full MIP: ./scale.ts) — each
 * section in a process of its own (./section.ts), so that none inherits another's heap. Writes
 * bench/results/latest.json and bench/results/latest.md, writes docs/performance.md in full and
 * regenerates README.md's short summary between `<!-- bench:start -->` and `<!-- bench:end -->`
 * (./report.ts; `npm run bench:docs` redoes both from latest.json without measuring).
 *
 *   npm run bench              (the full run; under 10 minutes on 2 cores)
 *   npx tsx bench/run.ts --quick   (small samples; docs and README untouched)
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { OptimiserBenchResult } from './optimiser.js'
import type { PromiseBenchResult } from './promise.js'
import { performanceMarkdown, writePerformanceDocs, type Results } from './report.js'
import type { RoutingBenchResult } from './routing.js'
import type { ScaleBenchResult } from './scale.js'
import type { SectionName } from './section.js'
import type { StockBenchResult } from './stock.js'

const here = dirname(fileURLToPath(import.meta.url))
const quick = process.argv.includes('--quick')
const touchDocs = !process.argv.includes('--no-readme') && !quick

const say = (s: string): void => {
  process.stdout.write(`${s}\n`)
}

const started = process.hrtime.bigint()
const startedAt = new Date()
const load = os.loadavg().map((x) => Math.round(x * 100) / 100)
const secondsSoFar = (): number => Number(process.hrtime.bigint() - started) / 1e9

say(`omnistock benchmarks — ${startedAt.toISOString()}, Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}${quick ? ' (quick)' : ''}`)
/** Runs one section in a fresh process (./section.ts; with `global.gc`, so timed loops start from a collected heap) and reads its result. */
const section = <T>(name: SectionName): T => {
  const out = join(os.tmpdir(), `omnistock-bench-${process.pid}-${name}.json`)
  execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, 'section.ts'), name, out, ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'inherit', 'inherit'] })
  const result = JSON.parse(readFileSync(out, 'utf8')) as T
  rmSync(out, { force: true })
  return result
}

say('\n== stock ==')
const stock = section<StockBenchResult>('stock')
say(`[${secondsSoFar().toFixed(0)} s]`)
say('\n== optimiser ==')
const optimiser = section<OptimiserBenchResult>('optimiser')
say(
  `optimiser: ${optimiser.workload.orders} MIPs, median ${optimiser.optimiser.micros.median} µs, p99 ${optimiser.optimiser.micros.p99} µs, ` +
    `${(100 * optimiser.optimiser.provenShare).toFixed(2)} % proven; HiGHS ${optimiser.highs.speedRatio}× slower, ${optimiser.highs.equalCost}/${optimiser.highs.orders} equal cost  [${secondsSoFar().toFixed(0)} s]`,
)
say('\n== routing ==')
const routing = section<RoutingBenchResult>('routing')
{
  const d20 = routing.dense.routeOrder.find((r) => r.lines === 20)
  if (d20 !== undefined) {
    say(`dense world, 20 lines: p99 ${(d20.p99Micros / 1000).toFixed(1)} ms, max ${(d20.maxMicros / 1000).toFixed(1)} ms, ${(100 * d20.provenShare).toFixed(1)} % proven, gap mean ${(100 * d20.meanGap).toFixed(2)} % worst ${(100 * d20.worstGap).toFixed(2)} %  [${secondsSoFar().toFixed(0)} s]`)
  }
}

say('\n== delivery promise ==')
const promise = section<PromiseBenchResult>('promise')
say(
  `promise: single-SKU ${Math.round(promise.single.perSecond)} /s (p99 ${promise.single.p99Ms} ms), 5-line cart ${Math.round(promise.cart.perSecond)} /s, availability ${Math.round(promise.availability.perSecond)} /s  [${secondsSoFar().toFixed(0)} s]`,
)

say('\n== scale ==')
const scale = section<ScaleBenchResult>('scale')
say(`[${secondsSoFar().toFixed(0)} s]`)

const results: Results = {
  machine: {
    command: quick ? 'npx tsx bench/run.ts --quick' : 'npm run bench',
    date: startedAt.toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: load,
    loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
    seconds: Math.round(secondsSoFar()),
  },
  stock,
  optimiser,
  routing,
  promise,
  scale,
}

const md = performanceMarkdown(results)
// A quick run is a smoke test: its figures go to the temp directory, never over the real ones.
const outDir = quick ? join(os.tmpdir(), 'omnistock-bench') : join(here, 'results')
mkdirSync(outDir, { recursive: true })
writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
writeFileSync(join(outDir, 'latest.md'), `# omnistock benchmark results\n\n${md}\n`)
say(`\nwrote ${join(outDir, 'latest.json')} and ${join(outDir, 'latest.md')}`)

// --- docs/performance.md and the README summary ------------------------------------------------
if (touchDocs) for (const file of writePerformanceDocs(results, join(here, '..'))) say(`${file}: performance figures regenerated`)
say(`done in ${secondsSoFar().toFixed(0)} s`)
