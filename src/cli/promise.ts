/**
 * `omnistock promise promise.json` prints the ranked delivery options (and, for one SKU, the
 * nearest stores' availability) as a table, or as JSON with `--json`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { zoneOfNode } from '../display.js'
import { promiseScenario } from '../promise/scenario.js'
import { BUDGET_HELP, positiveInteger, type CliIo, type Command, type FlagValues } from './command.js'
import { promiseTable } from './promise-table.js'
import { describeError } from './route.js'

const run = (doc: unknown, flags: FlagValues, io: CliIo): number => {
  const budget = positiveInteger(flags['budget'])
  const promised = promiseScenario(doc, budget === undefined ? {} : { budget })
  if (E.isLeft(promised)) {
    io.err(describeError(promised.left))
    return 2
  }
  const { options, availability, scenario } = promised.right
  const zones = new Map(scenario.nodes.map((n) => [n.id as string, zoneOfNode(n)]))
  io.out(
    flags['json'] === true
      ? JSON.stringify(availability === undefined ? { options } : { options, availability }, null, 2)
      : promiseTable(options, availability, (node) => zones.get(node) ?? 'UTC', scenario.request.timeZone),
  )
  return 0
}

/** `omnistock promise`: the delivery options, ranked. */
export const promiseCommand: Command = {
  name: 'promise',
  summary: 'print the delivery options (ship, pickup, reserve-in-store) ranked, as a table or JSON',
  usage: 'omnistock promise [--json] [--budget N] [--max-input-bytes N] <promise.json | ->',
  flagHelp: [['--json', 'print JSON instead of tables'], BUDGET_HELP],
  flags: { json: { type: 'boolean' }, budget: { type: 'string' } },
  run,
}
