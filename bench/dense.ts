/**
 * The dense world (test/support/dense.ts): 1,000 stores that each hold 1–2 units of a fifth of
 * the catalogue, a few warehouses, Zipf demand. Every store holds a little of nearly every
 * order, so this is where the work budget decides: per order size (1, 5, 20, 200 lines), the
 * time of `routeOrder` and `promiseOptions` (a cart of the same lines) with the default budget,
 * the share of plans still proven, the mean and worst gap (relative to the plan's cost) and
 * the work units spent; and the CLI end to end on dense scenario files.
 *
 *   npx tsx bench/dense.ts [--quick]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { main, readBounded } from '../src/cli/main.js'
import type { Order } from '../src/model/order.js'
import { promiseOptions } from '../src/promise/promise.js'
import type { PromiseOption } from '../src/promise/types.js'
import type { Plan } from '../src/routing/plan.js'
import { DEFAULT_WORK_BUDGET, routeOrder } from '../src/routing/route.js'
import { DENSE_NOW, denseScenario, denseWorld } from '../test/support/dense.js'
import { callRow, gapOf, round1, round4, timed, type CallRow } from './measure.js'

export interface DenseBenchOptions {
  readonly seed?: number
  /** Calls per order size: 1, 5, 20 and 200 lines (default 200, 200, 60, 10). */
  readonly calls?: readonly [number, number, number, number]
  /** Dense scenario files routed by the CLI (default 3). */
  readonly cliFiles?: number
  readonly log?: boolean
}

/** One row of a call-timing table (./measure.ts). */
export type DenseRow = CallRow

export interface DenseBenchResult {
  readonly workload: { readonly seed: number; readonly stores: number; readonly warehouses: number; readonly skus: number; readonly positions: number; readonly budget: number }
  readonly routeOrder: readonly DenseRow[]
  readonly promiseOptions: readonly DenseRow[]
  /** `omnistock route file.json` in process (read, parse, decode, build the stock, route, print), 20-line orders. */
  readonly cli: { readonly files: number; readonly megabytes: number; readonly meanMillis: number; readonly maxMillis: number; readonly provenShare: number }
}

const LINES = [1, 5, 20, 200] as const

/** Runs the dense-world bench. */
export const runDenseBench = (opts: DenseBenchOptions = {}): DenseBenchResult => {
  const seed = opts.seed ?? 1
  const calls = opts.calls ?? [200, 200, 60, 10]
  const say = (s: string): void => {
    if (opts.log !== false) process.stdout.write(`${s}\n`)
  }
  const world = denseWorld({ seed })
  const right = <A>(e: E.Either<unknown, A>): A => {
    if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
    return e.right
  }
  const routeRows: DenseRow[] = []
  const promiseRows: DenseRow[] = []
  LINES.forEach((lines, k) => {
    const count = calls[k] ?? 10
    const orders = world.orders(lines, count)
    const warm = world.orders(lines, Math.min(5, count), seed * 31 + lines)
    const r = timed(orders, warm, (o: Order): Plan => right(routeOrder(world.stock, o, { now: DENSE_NOW })))
    const proven = r.results.filter((p) => p.optimality === 'proven').length / Math.max(1, r.results.length)
    const units = r.results.map((p) => p.explanation.work?.spent ?? 0)
    const rr = callRow(lines, r, proven, r.results.map(gapOf), units)
    routeRows.push(rr)
    say(
      `  dense routeOrder ${String(lines).padStart(3)} lines: ${rr.callsPerSecond} orders/s, p50 ${(rr.p50Micros / 1000).toFixed(1)} ms, p99 ${(rr.p99Micros / 1000).toFixed(1)} ms, max ${(rr.maxMicros / 1000).toFixed(1)} ms, CPU ${(rr.cpuMicrosPerCall / 1000).toFixed(1)} ms/order, ` +
        `${(100 * rr.provenShare).toFixed(1)} % proven, gap mean ${(100 * rr.meanGap).toFixed(2)} % worst ${(100 * rr.worstGap).toFixed(2)} %, units mean ${rr.meanUnits} max ${rr.maxUnits}`,
    )
    if (lines < 5) return
    // A cart of the same lines, for a shopper where the order goes.
    const request = (o: Order): never =>
      ({ channel: 'web', location: o.delivery.method === 'ship' ? o.delivery.to : { lat: 46, lon: 2 }, now: DENSE_NOW, lines: o.lines.map((l) => ({ id: l.id, sku: l.sku, quantity: l.quantity })) }) as never
    const promiseCount = Math.max(3, Math.ceil(count / 4))
    const p = timed(orders.slice(0, promiseCount), warm.slice(0, 2), (o: Order): readonly PromiseOption[] => right(promiseOptions(world.stock, request(o))))
    const plans = p.results.flat().map((x) => x.plan)
    const pr = callRow(
      lines,
      p,
      plans.filter((x) => x.optimality === 'proven').length / Math.max(1, plans.length),
      p.results.map((options) => Math.max(0, ...options.map((x) => gapOf(x.plan)))),
    )
    promiseRows.push(pr)
    say(
      `  dense promiseOptions ${String(lines).padStart(3)}-line carts: ${pr.callsPerSecond} calls/s, p50 ${(pr.p50Micros / 1000).toFixed(1)} ms, max ${(pr.maxMicros / 1000).toFixed(1)} ms, CPU ${(pr.cpuMicrosPerCall / 1000).toFixed(1)} ms/call, ` +
        `${(100 * pr.provenShare).toFixed(1)} % of option plans proven, worst gap mean ${(100 * pr.meanGap).toFixed(2)} % worst ${(100 * pr.worstGap).toFixed(2)} %`,
    )
  })
  // The CLI end to end on scenario files of 20-line orders.
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-dense-'))
  const files = opts.cliFiles ?? 3
  let bytes = 0
  const paths = world.orders(20, files, seed * 97).map((o, i) => {
    const path = join(dir, `dense-${i}.json`)
    const text = JSON.stringify(denseScenario(world, o))
    bytes += text.length
    writeFileSync(path, text)
    return path
  })
  let proven = 0
  const cliMillis = paths.map((path) => {
    let out = ''
    const t = process.hrtime.bigint()
    const code = main(['route', path], { out: (s) => (out = s), err: () => undefined, read: readBounded, now: () => DENSE_NOW })
    const ms = Number(process.hrtime.bigint() - t) / 1e6
    if (code !== 0) throw new Error(`omnistock route ${path} exited ${code}`)
    if ((JSON.parse(out) as Plan).optimality === 'proven') proven++
    return ms
  })
  rmSync(dir, { recursive: true, force: true })
  const cli = {
    files,
    megabytes: round1(bytes / files / 1e6),
    meanMillis: round1(cliMillis.reduce((a, b) => a + b, 0) / Math.max(1, files)),
    maxMillis: round1(Math.max(0, ...cliMillis)),
    provenShare: round4(proven / Math.max(1, files)),
  }
  say(`  dense CLI route (${cli.megabytes} MB scenario, 20 lines): mean ${cli.meanMillis} ms, max ${cli.maxMillis} ms end to end (read, parse, decode, stock, route)`)
  return {
    workload: { seed, stores: 1000, warehouses: 4, skus: world.skus.length, positions: world.rows.length, budget: DEFAULT_WORK_BUDGET },
    routeOrder: routeRows,
    promiseOptions: promiseRows,
    cli,
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (invokedDirectly) {
  const quick = process.argv.includes('--quick')
  runDenseBench(quick ? { calls: [40, 40, 12, 3], cliFiles: 1 } : {})
}
