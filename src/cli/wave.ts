/**
 * `omnistock wave wave.json [--json] [--budget N] [--branch-nodes N] [--simplex-rows N]`: routes a wave document's orders together and prints
 * the wave — its total, bound, optimality, gap, saving against one-by-one routing, prices of
 * contested stock and of contested daily capacity, and one line per order — as a table, or the
 * whole result as JSON.
 */
import * as E from 'fp-ts/lib/Either.js'
import { formatError } from '../errors.js'
import { routeWaveDocument } from '../wave/document.js'
import type { WaveResult } from '../wave/wave.js'
import { numberFlag, positiveInteger, type CliIo, type Command, type FlagValues } from './command.js'

/** The wave as a readable table. */
export const waveTable = (wave: WaveResult): string => {
  const lines = [
    `wave of ${wave.plans.length} orders: total ${wave.totalCost}, ${wave.optimality}${wave.optimality === 'bounded' ? ` (gap ${wave.gap}, bound ${wave.lowerBound})` : ''}`,
    `one by one: ${wave.oneByOneCost}, saving ${wave.saving}; ${wave.contestedOrders} orders competed for stock; ${wave.iterations} price iterations${wave.branchNodes > 0 ? `, ${wave.branchNodes} branch nodes` : ''}`,
  ]
  if (wave.prices.length > 0) lines.push('prices of contested stock:', ...wave.prices.map((p) => `  ${p.node} ${p.sku}: ${p.price}`))
  if (wave.capacityPrices.length > 0) lines.push('prices of daily capacity:', ...wave.capacityPrices.map((p) => `  ${p.node}, ${p.capacity === 'units' ? 'a unit' : 'an order'} sent today: ${p.price}`))
  lines.push('plans:')
  for (const p of wave.plans) {
    const from = [...new Set(p.allocations.map((a) => a.node))].join(', ')
    const short = p.unfulfilled.reduce((a, l) => a + l.quantity, 0)
    lines.push(`  ${p.orderId}: ${p.totalCost}${from === '' ? '' : ` from ${from}`}${short > 0 ? `, ${short} unfulfilled` : ''}`)
  }
  return lines.join('\n')
}

/**
 * Runs the `wave` command on a parsed document: the exit code and what to print (the wave as
 * JSON with `json`, else as a table; a typed error naming the path on failure, exit code 2).
 */
export const waveCommand = (
  doc: unknown,
  now: string,
  json: boolean,
  limits: { readonly budget?: number; readonly maxBranchNodes?: unknown; readonly maxSimplexRows?: unknown },
): { readonly code: number; readonly out?: string; readonly err?: string } => {
  const result = routeWaveDocument(doc, now, limits as Parameters<typeof routeWaveDocument>[2])
  if (E.isLeft(result)) {
    const e = result.left
    return { code: 2, err: e._tag === 'decode-error' ? formatError(e) : `${e._tag}: ${formatError(e)}` }
  }
  const { wave } = result.right
  return { code: 0, out: json ? JSON.stringify(wave, null, 2) : waveTable(wave) }
}

/** `omnistock wave`: a wave of orders routed together on shared stock. */
export const waveCliCommand: Command = {
  name: 'wave',
  summary: 'route a wave of orders together on shared stock (docs/waves.md), as a table or JSON',
  usage: 'omnistock wave [--json] [--budget N] [--branch-nodes N] [--simplex-rows N] [--max-input-bytes N] <wave.json | ->',
  flagHelp: [
    ['--json', 'print the whole wave as JSON'],
    ['--budget N', 'work budget of the price iterations, in work units'],
    ['--branch-nodes N', 'nodes of the branch and price at most (default 100; more prove more waves optimal, 0 none)'],
    ['--simplex-rows N', 'rows of the master up to which the simplex solves it (default 4000; beyond, its dual is ascended)'],
  ],
  flags: { json: { type: 'boolean' }, budget: { type: 'string' }, 'branch-nodes': { type: 'string' }, 'simplex-rows': { type: 'string' } },
  run: (doc: unknown, flags: FlagValues, io: CliIo): number => {
    const budget = positiveInteger(flags['budget'])
    const nodes = flags['branch-nodes']
    const rows = flags['simplex-rows']
    const ran = waveCommand(doc, io.now(), flags['json'] === true, {
      ...(budget === undefined ? {} : { budget }),
      ...(nodes === undefined ? {} : { maxBranchNodes: numberFlag(nodes) }),
      ...(rows === undefined ? {} : { maxSimplexRows: numberFlag(rows) }),
    })
    if (ran.out !== undefined) io.out(ran.out)
    if (ran.err !== undefined) io.err(ran.err)
    return ran.code
  },
}
