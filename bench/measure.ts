/**
 * Timing helpers shared by the benches that time one call per input: each call timed on its
 * own after a warm-up, and a row of the usual figures (calls/s over the whole pass, mean,
 * p50, p99, max, CPU per call, share proven, gaps, work units).
 */
import { toMicros } from '../src/money.js'

/** One row of a call-timing table. */
export interface CallRow {
  readonly lines: number
  readonly calls: number
  readonly callsPerSecond: number
  readonly meanMicros: number
  readonly p50Micros: number
  readonly p99Micros: number
  readonly maxMicros: number
  /** Process CPU time (all threads) per call. */
  readonly cpuMicrosPerCall: number
  /** Share of plans proven optimal (for promise: of all options' plans). */
  readonly provenShare: number
  /** Mean and worst gap over cost (0 for proven plans; for promise, each call's worst option). */
  readonly meanGap: number
  readonly worstGap: number
  /** Work units spent per call, mean and most (routeOrder only). */
  readonly meanUnits?: number
  readonly maxUnits?: number
}

export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0
export const round1 = (x: number): number => Math.round(x * 10) / 10
export const round4 = (x: number): number => Math.round(x * 10_000) / 10_000

/** A plan's gap over its cost (0 for a plan of cost 0). */
export const gapOf = (p: { readonly gap: string; readonly totalCost: string }): number => {
  const cost = toMicros(p.totalCost)
  return cost > 0 ? toMicros(p.gap) / cost : 0
}

/** What `timed` measured: each call's time, its result, and the pass's wall and CPU time (µs). */
export interface Timed<R> {
  readonly micros: number[]
  readonly results: R[]
  readonly wall: number
  readonly cpu: number
}

/** Times `call` on each input once (after a warm-up on `warm`), with what each call returned. */
export const timed = <I, R>(inputs: readonly I[], warm: readonly I[], call: (i: I) => R): Timed<R> => {
  for (const i of warm) call(i)
  const micros: number[] = []
  const results: R[] = []
  const cpu0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  for (const i of inputs) {
    const t = process.hrtime.bigint()
    results.push(call(i))
    micros.push(Number(process.hrtime.bigint() - t) / 1e3)
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e3
  const cpu = process.cpuUsage(cpu0)
  return { micros, results, wall, cpu: cpu.user + cpu.system }
}

/** The row of one timed pass: `proven` a share, `gaps` relative gaps, `units` work per call. */
export const callRow = (lines: number, t: Omit<Timed<unknown>, 'results'>, proven: number, gaps: readonly number[], units?: readonly number[]): CallRow => {
  const sorted = [...t.micros].sort((a, b) => a - b)
  const n = Math.max(1, sorted.length)
  return {
    lines,
    calls: sorted.length,
    callsPerSecond: round1((sorted.length * 1e6) / Math.max(1, t.wall)),
    meanMicros: round1(sorted.reduce((a, b) => a + b, 0) / n),
    p50Micros: round1(percentile(sorted, 0.5)),
    p99Micros: round1(percentile(sorted, 0.99)),
    maxMicros: round1(sorted[sorted.length - 1] ?? 0),
    cpuMicrosPerCall: round1(t.cpu / n),
    provenShare: round4(proven),
    meanGap: round4(gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length)),
    worstGap: round4(Math.max(0, ...gaps)),
    ...(units === undefined ? {} : { meanUnits: Math.round(units.reduce((a, b) => a + b, 0) / n), maxUnits: Math.max(0, ...units) }),
  }
}
