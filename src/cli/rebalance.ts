/** `omnistock rebalance`: the suggested transfers of a rebalancing document, as a table or JSON. */
import * as E from 'fp-ts/lib/Either.js'
import { moneyFormat } from '../display.js'
import { rebalanceDocument, type Rebalance, type RebalanceError } from '../reassort/transfers.js'
import { positiveInteger, type CliIo, type Command, type FlagValues } from './command.js'
import { describeError } from './route.js'
import { columns } from './table.js'

/**
 * The readable form of a suggestion: one row per line of each transfer, the totals, then each
 * transfer's explanation. Amounts have two decimals and the document's currency.
 */
export const rebalanceTable = (r: Rebalance, currency?: string): string => {
  const money = moneyFormat(currency)
  const out: string[] = []
  if (r.transfers.length === 0) out.push('No transfer is worth its cost.')
  else {
    const rows: string[][] = [['from', 'to', 'sku', 'units', 'gain', 'lane cost']]
    for (const t of r.transfers) {
      t.lines.forEach((l, i) => rows.push([i === 0 ? t.from : '', i === 0 ? t.to : '', l.sku, String(l.quantity), money(l.gain), i === 0 ? money(t.cost) : '']))
    }
    out.push(columns(rows))
  }
  out.push('')
  out.push(`expected margin ${money(r.expectedMarginBefore)} → ${money(r.expectedMarginAfter)}, transfer cost ${money(r.transferCost)}`)
  out.push(r.optimality === 'proven' ? 'proven optimal' : `bounded: a better suggestion would add at most ${money(r.gap)}`)
  for (const t of r.transfers) out.push('', t.explanation)
  return out.join('\n')
}

/**
 * Runs `omnistock rebalance` on a parsed document: the text to print (a table, or JSON with
 * `json`), or the error.
 */
export const runRebalance = (doc: unknown, json: boolean, limits: { readonly budget?: number }): E.Either<RebalanceError, string> =>
  E.map(({ document, rebalance }: { document: { readonly currency?: string }; rebalance: Rebalance }) =>
    json ? JSON.stringify(rebalance, null, 2) : rebalanceTable(rebalance, document.currency),
  )(rebalanceDocument(doc, limits))

/** `omnistock rebalance`: the suggested stock transfers of a rebalancing document. */
export const rebalanceCommand: Command = {
  name: 'rebalance',
  summary: 'print the suggested stock transfers between nodes, as a table or JSON',
  usage: 'omnistock rebalance [--json] [--budget N] [--max-input-bytes N] <rebalance.json | ->',
  flagHelp: [
    ['--json', 'print the whole suggestion as JSON'],
    ['--budget N', 'work budget of the call, in work units (default 20,000,000)'],
  ],
  flags: { json: { type: 'boolean' }, budget: { type: 'string' } },
  run: (doc: unknown, flags: FlagValues, io: CliIo): number => {
    const budget = positiveInteger(flags['budget'])
    const printed = runRebalance(doc, flags['json'] === true, budget === undefined ? {} : { budget })
    if (E.isLeft(printed)) {
      io.err(describeError(printed.left))
      return 2
    }
    io.out(printed.right)
    return 0
  },
}
