/**
 * `omnistock buffers history.json` suggests confidence buffers from a cycle-count history: a
 * table per node (and SKU attribute) with the counts used, the shortfall statistics and why
 * each buffer is what it is, then the policies to paste into a stock snapshot; or, with
 * `--json`, the whole suggestion.
 */
import * as E from 'fp-ts/lib/Either.js'
import { suggestConfidenceBuffers, type BufferEstimate, type BufferSuggestion, type ConfidenceBufferOptions } from '../reassort/confidence.js'
import { numberFlag, positiveInteger, type CliIo, type Command, type FlagValues } from './command.js'
import { describeError } from './route.js'
import { columns } from './table.js'

/** Each option of `suggestConfidenceBuffers` and the flag that sets it. */
const FLAG_OF: Readonly<Record<string, string>> = {
  serviceLevel: 'service-level',
  halfLifeDays: 'half-life-days',
  asOf: 'as-of',
  priorCounts: 'prior-counts',
  minEmpiricalCounts: 'min-empirical-counts',
  minAttributeCounts: 'min-attribute-counts',
  budget: 'budget',
}

const optionsOf = (flags: FlagValues): ConfidenceBufferOptions => {
  const options: Record<string, unknown> = {}
  for (const [option, flag] of Object.entries(FLAG_OF)) {
    const value = flags[flag]
    if (value === undefined) continue
    options[option] = option === 'asOf' ? value : option === 'budget' ? positiveInteger(value) : numberFlag(value)
  }
  return options as ConfidenceBufferOptions
}

const percent = (x: number): string => `${Math.round(x * 100)}%`

const row = (label: string, e: BufferEstimate, applied = ''): string[] => [
  label,
  String(e.counts),
  String(e.effectiveCounts),
  percent(e.shrinkage),
  percent(e.phantomShare),
  e.meanShortfall.toFixed(2),
  e.method,
  e.empiricalQuantile === undefined ? '-' : String(e.empiricalQuantile),
  e.fittedQuantile.toFixed(2),
  `${e.quantity}${applied}`,
]

/** The suggestion as tables: per node and attribute, the network, then the policies. */
export const buffersTable = (s: BufferSuggestion): string => {
  const rows: string[][] = [['node', 'counts', 'effective', 'shrunk', 'phantom', 'mean', 'method', 'empirical', 'fitted', 'buffer']]
  for (const n of s.nodes) {
    rows.push(row(n.node, n))
    for (const a of n.attributes) rows.push(row(`  [${a.attribute}]`, a, a.applied ? '' : ' (not applied)'))
  }
  rows.push(row('(network)', s.network))
  const out = [
    `Confidence buffers at service level ${s.serviceLevel} (ages from ${s.asOf}${s.halfLifeDays === undefined ? ', no recency weighting' : `, half-life ${s.halfLifeDays} days`}; shrinkage counts: nodes ${s.shrinkageCounts.nodes}, attributes ${s.shrinkageCounts.attributes})`,
    '',
    columns(rows),
    '',
    ...s.nodes.flatMap((n) => [`${n.node}: ${n.reason}`, ...n.attributes.map((a) => `  [${a.attribute}]: ${a.reason}`)]),
    `(network): ${s.network.reason}`,
    '',
    'policies.confidenceBuffers:',
    JSON.stringify(s.confidenceBuffers, null, 2),
  ]
  return out.join('\n')
}

const run = (doc: unknown, flags: FlagValues, io: CliIo): number => {
  const result = suggestConfidenceBuffers(doc as never, optionsOf(flags))
  if (E.isLeft(result)) {
    const e = result.left
    const option = 'path' in e && typeof e.path === 'string' ? /^\$\.options\.(\w+)/.exec(e.path)?.[1] : undefined
    const flag = option === undefined ? undefined : FLAG_OF[option]
    io.err(flag === undefined ? describeError(e) : `${describeError(e)} (--${flag})`)
    return 2
  }
  io.out(flags['json'] === true ? JSON.stringify(result.right, null, 2) : buffersTable(result.right))
  return 0
}

/** `omnistock buffers`: confidence buffers from a cycle-count history. */
export const buffersCommand: Command = {
  name: 'buffers',
  summary: 'suggest confidence buffers per node from a cycle-count history, as a table or JSON',
  usage: 'omnistock buffers [--json] [--service-level P] [--half-life-days D] [--as-of INSTANT] [more flags: --help] <history.json | ->',
  flagHelp: [
    ['--json', 'print the whole suggestion as JSON'],
    ['--service-level P', 'chance a promised last unit is there, 0.5 to 0.9999 (default 0.95)'],
    ['--half-life-days D', 'weight of a count halves every D days (default: all counts alike)'],
    ['--as-of INSTANT', 'ages are measured from this ISO-8601 instant (default: the latest count)'],
    ['--prior-counts K', 'shrinkage towards the network, in counts (default: estimated from the history)'],
    ['--min-empirical-counts N', 'effective counts for an empirical quantile (default 50)'],
    ['--min-attribute-counts N', 'effective counts for a buffer per SKU attribute (default 30)'],
    ['--budget N', 'work budget, in work units (default 50,000,000)'],
  ],
  flags: {
    json: { type: 'boolean' },
    'service-level': { type: 'string' },
    'half-life-days': { type: 'string' },
    'as-of': { type: 'string' },
    'prior-counts': { type: 'string' },
    'min-empirical-counts': { type: 'string' },
    'min-attribute-counts': { type: 'string' },
    budget: { type: 'string' },
  },
  run,
}
