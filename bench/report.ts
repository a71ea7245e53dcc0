/**
 * The performance page from a benchmark run's results: docs/performance.md in full (every
 * table) and the short summary block of README.md between `<!-- bench:start -->` and
 * `<!-- bench:end -->`. Used by `npm run bench` (./run.ts) after a run, and by
 * `npm run bench:docs` (./docs.ts), which rewrites both from bench/results/latest.json
 * without measuring anything.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { OptimiserBenchResult } from './optimiser.js'
import type { PromiseBenchResult } from './promise.js'
import type { RoutingBenchResult, ScalingPoint, Timing } from './routing.js'
import type { ScaleBenchResult, ScaleRow } from './scale.js'
import type { StockBenchResult } from './stock.js'

export interface Machine {
  readonly command: string
  readonly date: string
  readonly node: string
  readonly cpu: string
  readonly cores: number
  readonly memoryGiB: number
  readonly loadAverageAtStart: readonly number[]
  readonly loadAverageAtEnd: readonly number[]
  readonly seconds: number
}

/** Everything one `npm run bench` measured: bench/results/latest.json. */
export interface Results {
  readonly machine: Machine
  readonly stock: StockBenchResult
  readonly optimiser: OptimiserBenchResult
  readonly routing: RoutingBenchResult
  readonly promise: PromiseBenchResult
  readonly scale: ScaleBenchResult
}

// --- Markdown --------------------------------------------------------------------------------
const int = (x: number): string => Math.round(x).toLocaleString('en-US')
const us = (x: number): string => (x >= 100 ? int(x) : x.toFixed(1))
const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)} %`
const met = (ok: boolean): string => (ok ? 'met' : '**missed**')
const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')

const ms = (micros: number): string => (micros / 1000).toFixed(micros < 10_000 ? 2 : 1)
const scaleRow = (s: ScaleBenchResult, world: ScaleRow['world'], nodes: number, lines: number): ScaleRow | undefined =>
  s.rows.find((x) => x.world === world && Math.abs(x.nodes - nodes) < 10 && x.lines === lines)

/** The targets of dense networks and large orders, each with what the scale section measured (rows it did not run are left out). */
const scaleTargets = (s: ScaleBenchResult, opt: Timing): string[][] => {
  const out: string[][] = []
  // Throughput on the 1,000-node network is the routing section's (median of passes over 1,500 orders, each order's median time).
  out.push(['routeOrder, bench network, 1,000 nodes, 5 lines (the routing section)', '≥ 30,000 orders/s, p99 ≤ 250 µs', `${int(opt.ordersPerSecond)} orders/s, p99 ${us(opt.p99Micros)} µs`, met(opt.ordersPerSecond >= 30_000 && opt.p99Micros <= 250)])
  const full = scaleRow(s, 'bench', 1000, 5)?.fullModel
  if (full !== undefined) out.push(['HiGHS on the full MIP vs routeOrder, same orders', '≥ 1,000×', `${int(full.ratio)}× (${full.equalCost}/${full.proven} proven plans at its optimum)`, met(full.ratio >= 1000)])
  const b10 = scaleRow(s, 'bench', 10_000, 5)
  if (b10 !== undefined) out.push(['routeOrder, bench network, 10,000 nodes, 5 lines', 'p99 ≤ 1 ms', `p99 ${ms(b10.p99Micros)} ms`, met(b10.p99Micros <= 1000)])
  const b20 = scaleRow(s, 'bench', 1000, 20)
  if (b20 !== undefined) out.push(['routeOrder, bench network, 1,000 nodes, 20 lines', '≥ 5,000 orders/s, p99 ≤ 2 ms', `${int(b20.callsPerSecond)} orders/s, p99 ${ms(b20.p99Micros)} ms`, met(b20.callsPerSecond >= 5000 && b20.p99Micros <= 2000)])
  for (const [nodes, maxMs, share] of [[1000, 50, 0.95], [10_000, 100, 0.9]] as const) {
    const f = scaleRow(s, 'fashion', nodes, 20)
    if (f !== undefined) out.push([`routeOrder, fashion chain, ${int(nodes)} stores, 20 lines`, `max ≤ ${maxMs} ms, ≥ ${100 * share} % proven`, `max ${ms(f.maxMicros)} ms, ${pct(f.provenShare)} proven`, met(f.maxMicros <= maxMs * 1000 && f.provenShare >= share)])
  }
  return out
}

/** The scale section's table. */
const scaleSection = (s: ScaleBenchResult): string[] => {
  const worlds = s.worlds.map((w) => `${w.world} ${int(w.nodes)} nodes (${int(w.skus)} SKUs, ${int(w.positions)} positions, built in ${w.buildSeconds} s, heap ${int(w.heapMegabytes)} MB)`).join('; ')
  return [
    `**Scale** (\`bench/scale.ts\`) — \`routeOrder\` with the default budget of ${int(s.budget)} work units and \`explainAlternatives: 0\`, each order timed once after a warm-up on as many orders of another seed (up to 500; a quarter as many from 10 lines up). ` +
      'Worlds: `bench`, the generated retailer (`examples/network`); `fashion`, the dense fashion chain (`test/support/dense.ts`: each store 1–2 units of a fifth of the catalogue, Zipf demand). ' +
      `${worlds}. Gaps are over the bounded plans only, relative to their cost. "HiGHS full MIP" is the reference model (\`test/reference/model.ts\`) built from the scenario document of each order (every node, the stock of its SKUs) and solved to a zero gap, model building included, over the first orders of the row; the ratio is its time over routeOrder's on the same orders (routeOrder's time per order the median of 5 runs, so that one garbage-collection pause does not decide it).`,
    '',
    table(
      ['world', 'nodes', 'lines', 'orders', 'orders/s', 'p50 ms', 'p99 ms', 'max ms', 'proven', 'gap mean / worst', 'units mean / max', 'HiGHS full MIP'],
      s.rows.map((x) => [
        x.world,
        int(x.nodes),
        String(x.lines),
        int(x.calls),
        int(x.callsPerSecond),
        ms(x.p50Micros),
        ms(x.p99Micros),
        ms(x.maxMicros),
        pct(x.provenShare),
        x.provenShare < 1 ? `${pct(x.meanGap, 2)} / ${pct(x.worstGap, 2)}` : '—',
        `${int(x.meanUnits ?? 0)} / ${int(x.maxUnits ?? 0)}`,
        x.fullModel === undefined ? '' : `${x.fullModel.highsMeanMillis} ms/order, ${int(x.fullModel.ratio)}×, ${x.fullModel.equalCost}/${x.fullModel.proven} equal`,
      ]),
    ),
    '',
  ]
}

/** Every table of a run, as Markdown (the body of docs/performance.md). */
export const performanceMarkdown = (r: Results): string => {
  const m = r.machine
  const opt = r.routing.routeOrder.find((s) => s.strategy === 'optimal') as RoutingBenchResult['routeOrder'][number]
  const w = r.routing.workload
  const cpu = (t: { readonly cpuMicrosPerOrder?: number }): string => (t.cpuMicrosPerOrder === undefined ? '' : us(t.cpuMicrosPerOrder))
  const timingRow = (label: string, t: Timing, extra: string): string[] => [label, int(t.ordersPerSecond), us(t.meanMicros), us(t.p50Micros), us(t.p99Micros), cpu(t), extra]
  const scalingRow = (p: ScalingPoint, key: 'nodes' | 'lines'): string[] => [int(p[key]), int(p.consideredNodes), us(p.meanMicros), us(p.p50Micros), us(p.p99Micros), cpu(p), int(p.ordersPerSecond), pct(p.provenShare)]
  const q = r.routing.quality
  const h = r.routing.highs
  return [
    `Measured with \`${m.command}\` on ${m.date.slice(0, 10)}: Node ${m.node}, ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; load average (1 / 5 / 15 min) ${m.loadAverageAtStart.join(' / ')} at start, ${m.loadAverageAtEnd.join(' / ')} at end; whole run ${m.seconds} s. ` +
      'Every figure is one thread, warmed up, timed with `process.hrtime.bigint()` (wall clock); "CPU µs/order" is process CPU time over the same loop divided by the orders (all threads, so the GC helper threads of V8 count too: it can exceed the wall time). A load average above the core count means other processes shared the cores during the run. The raw numbers are in `bench/results/latest.json`.',
    '',
    '**Targets**',
    '',
    table(
      ['target', 'goal', 'measured', ''],
      [
        [`routeOrder \`optimal\`, 5-line orders, ${int(w.nodes)} nodes`, '≥ 10,000 orders/s', `${int(opt.ordersPerSecond)} orders/s`, met(opt.ordersPerSecond >= 10_000)],
        ['same, p99 per order', '≤ 2 ms', `${us(opt.p99Micros)} µs`, met(opt.p99Micros <= 2000)],
        ['optimiser vs HiGHS on the same MIPs', '≥ 100× faster', `${h.speedRatio}× (routeOrder end to end: ${h.speedRatioEndToEnd}×)`, met(h.speedRatio >= 100)],
        ['proven optimal (routeOrder, 5 lines)', '≥ 99 %', pct(opt.provenShare, 2), met(opt.provenShare >= 0.99)],
        ['proven optimal (demo mix, 10,000 orders)', '≥ 99 %', pct(q.provenShare, 2), met(q.provenShare >= 0.99)],
        ['optimiser alone, median / p99 (its own bench)', '≤ 50 µs / ≤ 1 ms', `${us(r.optimiser.optimiser.micros.median)} / ${us(r.optimiser.optimiser.micros.p99)} µs`, met(r.optimiser.optimiser.micros.median <= 50 && r.optimiser.optimiser.micros.p99 <= 1000)],
        ['stock build, 2M positions', '≤ 3 s, ≤ 500 MB', `${r.stock.build.seconds.toFixed(2)} s, ${int(r.stock.build.heapGrowthMB)} MB`, met(r.stock.build.seconds <= 3 && r.stock.build.heapGrowthMB <= 500)],
        ['`atpAt` lookups', '≥ 2,000,000 /s', `${int(r.stock.atpAt.perSecond)} /s`, met(r.stock.atpAt.perSecond >= 2_000_000)],
        ['`atpNear` radius queries (50 km)', '≥ 50,000 /s', `${int(r.stock.atpNear.perSecond)} /s`, met(r.stock.atpNear.perSecond >= 50_000)],
        ['reserve + release pairs', '≥ 200,000 /s', `${int(r.stock.reserveRelease.pairsPerSecond)} /s`, met(r.stock.reserveRelease.pairsPerSecond >= 200_000)],
        ['Delivery promise: single-SKU option lists', '≥ 50,000 /s', `${int(r.promise.single.perSecond)} /s`, met(r.promise.single.perSecond >= 50_000)],
        ['same, p99', '≤ 0.5 ms', `${r.promise.single.p99Ms} ms`, met(r.promise.single.p99Ms <= 0.5)],
        [`Delivery promise: ${r.promise.cart.lines}-line cart option lists`, '≥ 5,000 /s', `${int(r.promise.cart.perSecond)} /s`, met(r.promise.cart.perSecond >= 5_000)],
        ...scaleTargets(r.scale, opt),
      ],
    ),
    '',
    `**Routing** — the generated French retailer (\`examples/network\`) at ${int(w.nodes)} nodes, ${int(w.skus)} SKUs, ${int(w.stockPositions)} stock positions; ` +
      `${int(r.routing.routeOrder[0]?.orders ?? 0)} orders of 5 lines by Zipf demand, each routed on the opening stock with \`explainAlternatives: 0\`; orders/s over a whole pass (the median of ${w.rounds}, garbage collection included), mean and percentiles over each order's median time; on average ${int(w.consideredNodes)} nodes are built into an order's problem, the other holders of its SKUs being screened out.`,
    '',
    table(
      ['', 'orders/s', 'mean µs', 'p50 µs', 'p99 µs', 'CPU µs/order', ''],
      [
        ...r.routing.routeOrder.map((s) => timingRow(`routeOrder \`${s.strategy}\``, s, s.strategy === 'optimal' ? `${pct(s.provenShare, 2)} proven` : '')),
        timingRow('routeOrder `optimal`, default explanation (5 alternatives priced)', r.routing.routeOrderExplained, ''),
        ['routeBatch (mixed cases, reserving as it goes)', int(r.routing.routeBatch.ordersPerSecond), '', '', '', us(r.routing.routeBatch.cpuMicrosPerOrder), `${int(r.routing.routeBatch.orders)} orders in ${r.routing.routeBatch.seconds} s`],
      ],
    ),
    '',
    `**The same MIPs in HiGHS** (the \`highs\` WebAssembly build, zero gap): ${h.mips} order MIPs of ${h.meanFacilities} facilities on average; ` +
      `HiGHS solved ${h.finished}, with the same cost on ${h.equalCost}${h.worstGap > 0 ? ` (worst gap ${pct(h.worstGap, 4)})` : ''}; ` +
      `optimiser ${us(h.optimiserMeanMicros)} µs vs HiGHS ${us(h.highsMeanMicros)} µs per MIP = ${h.speedRatio}× (whole routeOrder vs HiGHS's solve alone: ${h.speedRatioEndToEnd}×).`,
    '',
    '**Scaling** (`optimal`, time per order):',
    '',
    table(['nodes (5 lines)', 'considered', 'mean µs', 'p50 µs', 'p99 µs', 'CPU µs/order', 'orders/s', 'proven'], r.routing.scaling.nodes.map((p) => scalingRow(p, 'nodes'))),
    '',
    table([`lines (${int(w.nodes)} nodes)`, 'considered', 'mean µs', 'p50 µs', 'p99 µs', 'CPU µs/order', 'orders/s', 'proven'], r.routing.scaling.lines.map((p) => scalingRow(p, 'lines'))),
    '',
    `**Dense world under the work budget** — ${int(r.routing.dense.workload.stores)} stores holding 1–2 units of a fifth of ${int(r.routing.dense.workload.skus)} SKUs, ${r.routing.dense.workload.warehouses} warehouses, ${int(r.routing.dense.workload.positions)} positions, Zipf demand (\`test/support/dense.ts\`); ` +
      `every call with the default budget of ${int(r.routing.dense.workload.budget)} work units, timed once each after a warm-up; gaps are \`gap\` over the plan's cost (promise: each call's worst option).`,
    '',
    table(
      ['', 'lines', 'calls/s', 'p50 ms', 'p99 ms', 'max ms', 'CPU ms/call', 'proven', 'mean gap', 'worst gap', 'units (mean / max)'],
      [
        ...r.routing.dense.routeOrder.map((d) => ['routeOrder', String(d.lines), int(d.callsPerSecond), (d.p50Micros / 1000).toFixed(1), (d.p99Micros / 1000).toFixed(1), (d.maxMicros / 1000).toFixed(1), (d.cpuMicrosPerCall / 1000).toFixed(1), pct(d.provenShare), pct(d.meanGap, 2), pct(d.worstGap, 2), `${int(d.meanUnits ?? 0)} / ${int(d.maxUnits ?? 0)}`]),
        ...r.routing.dense.promiseOptions.map((d) => ['promiseOptions (cart)', String(d.lines), int(d.callsPerSecond), (d.p50Micros / 1000).toFixed(1), (d.p99Micros / 1000).toFixed(1), (d.maxMicros / 1000).toFixed(1), (d.cpuMicrosPerCall / 1000).toFixed(1), pct(d.provenShare), pct(d.meanGap, 2), pct(d.worstGap, 2), '']),
      ],
    ),
    '',
    `The CLI (\`omnistock route\`, in process) on ${r.routing.dense.cli.files} dense scenario files of ${r.routing.dense.cli.megabytes} MB with 20-line orders: mean ${r.routing.dense.cli.meanMillis} ms, max ${r.routing.dense.cli.maxMillis} ms end to end (reading, parsing and decoding the document and building the stock index dominate).`,
    '',
    ...scaleSection(r.scale),
    `**Quality** — ${int(q.orders)} orders of the demo's mix on ${q.network}; gaps are total cost against \`optimal\` on the same orders and stock; ` +
      `${pct(q.provenShare, 2)} proven optimal (${pct(q.boundedShare, 2)} bounded); HiGHS agrees on ${q.highs.equalCost} of ${q.highs.finished} MIPs it finished (${q.highs.mips} tried).`,
    '',
    table(
      ['strategy', 'mean cost', 'cost gap', 'split rate', 'units unfulfilled', 'orders dearer / cheaper than optimal'],
      q.strategies.map((s) => [`\`${s.strategy}\``, s.meanCost.toFixed(2), s.strategy === 'optimal' ? '—' : `+${pct(s.costGap)}`, pct(s.splitRate), int(s.unfulfilledUnits), s.strategy === 'optimal' ? '—' : `${int(s.ordersDearer)} / ${int(s.ordersCheaper)}`]),
    ),
    '',
    `**Stock** — ${int(r.stock.workload.nodes)} nodes × ${int(r.stock.workload.skus)} SKUs, ${int(r.stock.workload.positions)} positions, ${int(r.stock.workload.lots)} inbound lots: ` +
      `build ${r.stock.build.seconds.toFixed(2)} s; \`atpAt\` ${int(r.stock.atpAt.perSecond)} /s; \`availableToPromise\` (string ids) ${int(r.stock.availableToPromise.perSecond)} /s; ` +
      `\`atpNear\` ${int(r.stock.atpNear.perSecond)} /s (${r.stock.atpNear.meanResults.toFixed(1)} nodes per answer); reserve + release ${int(r.stock.reserveRelease.pairsPerSecond)} pairs/s.`,
    '',
    `**Delivery promise** — ${int(r.promise.workload.nodes)} nodes, ${int(r.promise.workload.skus)} SKUs, ${int(r.promise.workload.positions)} positions, pickup radius ${r.promise.workload.radiusKm} km, ${r.promise.workload.maxPickupNodes} pickup points; warmed up on 2,000 single-SKU and 1,000 cart requests drawn with another seed (the JIT, and the per-SKU holder bitsets those touch), then each call timed on its own, no answer cached; calls/s is the median of 3 passes: ` +
      `single-SKU lists ${int(r.promise.single.perSecond)} /s (${r.promise.single.meanOptions.toFixed(1)} options, p50 ${r.promise.single.p50Ms} ms, p99 ${r.promise.single.p99Ms} ms); ` +
      `${r.promise.cart.lines}-line carts ${int(r.promise.cart.perSecond)} /s (p50 ${r.promise.cart.p50Ms} ms, p99 ${r.promise.cart.p99Ms} ms); ` +
      `store availability ${int(r.promise.availability.perSecond)} /s (p99 ${r.promise.availability.p99Ms} ms).`,
    '',
    `**Optimiser alone** — ${int(r.optimiser.workload.orders)} MIPs on its own ${int(r.optimiser.workload.networkNodes)}-node network (${r.optimiser.workload.facilities.median} facilities median): ` +
      `${int(r.optimiser.optimiser.solvesPerSecond)} solves/s, median ${us(r.optimiser.optimiser.micros.median)} µs, p99 ${us(r.optimiser.optimiser.micros.p99)} µs, ${pct(r.optimiser.optimiser.provenShare, 2)} proven; ` +
      `HiGHS ${r.optimiser.highs.speedRatio}× slower on ${r.optimiser.highs.orders} of them, equal cost on ${r.optimiser.highs.equalCost}.`,
  ].join('\n')
}


/** The short summary for README.md: a few headline figures and the targets met, with a link to the full page. */
export const performanceSummary = (r: Results): string => {
  const opt = r.routing.routeOrder.find((s) => s.strategy === 'optimal') as RoutingBenchResult['routeOrder'][number]
  const targets = performanceMarkdown(r).split('**Targets**')[1]?.split('\n\n')[1] ?? ''
  const metCount = (targets.match(/\| met \|/g) ?? []).length
  const missed = (targets.match(/\| \*\*missed\*\* \|/g) ?? []).length
  const m = r.machine
  return [
    `Measured with \`${m.command}\` on ${m.date.slice(0, 10)} (Node ${m.node}, ${m.cores} cores, one thread per figure):`,
    '',
    `- \`routeOrder\`, 5-line orders on a ${int(r.routing.workload.nodes)}-node network: ${int(opt.ordersPerSecond)} orders/s, p99 ${us(opt.p99Micros)} µs, ${pct(opt.provenShare, 2)} proven optimal;`,
    `- the optimiser is ${r.routing.highs.speedRatio}× faster than HiGHS on the same MIPs, with the same cost on ${r.routing.highs.equalCost} of ${r.routing.highs.finished};`,
    `- stock index of 2,000,000 positions built in ${r.stock.build.seconds.toFixed(2)} s; \`atpAt\` ${int(r.stock.atpAt.perSecond)} lookups/s;`,
    `- delivery promise: ${int(r.promise.single.perSecond)} single-SKU option lists/s, ${int(r.promise.cart.perSecond)} 5-line carts/s;`,
    `- ${metCount} of ${metCount + missed} performance targets met, ${missed} missed.`,
    '',
    'Every table, the machine and the load during the run: [docs/performance.md](docs/performance.md).',
  ].join('\n')
}

const GENERATED = '<!-- generated by `npm run bench` (bench/run.ts) from bench/results/latest.json: do not edit by hand -->'

/** docs/performance.md in full. */
export const performancePage = (r: Results): string =>
  `# Performance\n\n${GENERATED}\n\n${performanceMarkdown(r)}\n`

/**
 * Writes docs/performance.md and the summary block of README.md (between the bench markers;
 * a README without them is left alone) under the repository root `root`. Returns the files written.
 */
export const writePerformanceDocs = (r: Results, root: string): string[] => {
  const written: string[] = []
  writeFileSync(`${root}/docs/performance.md`, performancePage(r))
  written.push('docs/performance.md')
  const readmePath = `${root}/README.md`
  if (existsSync(readmePath)) {
    const readme = readFileSync(readmePath, 'utf8')
    const start = readme.indexOf('<!-- bench:start -->')
    const end = readme.indexOf('<!-- bench:end -->')
    if (start >= 0 && end > start) {
      const block = `<!-- bench:start -->\n${GENERATED}\n\n${performanceSummary(r)}\n\n<!-- bench:end -->`
      writeFileSync(readmePath, `${readme.slice(0, start)}${block}${readme.slice(end + '<!-- bench:end -->'.length)}`)
      written.push('README.md')
    }
  }
  return written
}
