/**
 * `omnistock route scenario.json` prints the fulfilment plan as JSON; `omnistock explain
 * scenario.json` prints the plan and every node's reason as a table.
 */
import * as E from 'fp-ts/lib/Either.js'
import { zoneOfNode } from '../display.js'
import { formatError } from '../errors.js'
import { routeScenario, type ScenarioError } from '../scenario.js'
import { BUDGET_HELP, positiveInteger, type CliIo, type Command, type FlagValues } from './command.js'
import { planTable } from './table.js'

/** An error as the CLI prints it: a decode error's issues, else its tag and message. */
export const describeError = (e: { readonly _tag: string; readonly message: string; readonly path?: string; readonly document?: string }): string =>
  e._tag === 'decode-error' ? formatError(e) : `${e._tag}: ${formatError(e)}`

const routeWith =
  (command: 'route' | 'explain') =>
  (doc: unknown, flags: FlagValues, io: CliIo): number => {
    const budget = positiveInteger(flags['budget'])
    const result = routeScenario(doc, io.now(), budget === undefined ? {} : { budget })
    if (E.isLeft(result)) {
      io.err(describeError(result.left as ScenarioError))
      return 2
    }
    const { scenario, plan } = result.right
    const zones = new Map(scenario.nodes.map((n) => [n.id as string, zoneOfNode(n)]))
    io.out(command === 'route' ? JSON.stringify(plan, null, 2) : planTable(plan, (node) => zones.get(node) ?? 'UTC', scenario.order.delivery.method === 'ship' ? scenario.order.delivery.timeZone : undefined))
    return 0
  }

const flags = { budget: { type: 'string' } } as const

/** `omnistock route`: the plan as JSON. */
export const routeCommand: Command = {
  name: 'route',
  summary: 'print the fulfilment plan of a scenario as JSON',
  usage: 'omnistock route [--budget N] [--max-input-bytes N] <scenario.json | ->',
  flagHelp: [BUDGET_HELP],
  flags,
  run: routeWith('route'),
}

/** `omnistock explain`: the plan and every node's reason as a table. */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'print the plan of a scenario and every node\'s reason as a table',
  usage: 'omnistock explain [--budget N] [--max-input-bytes N] <scenario.json | ->',
  flagHelp: [BUDGET_HELP],
  flags,
  run: routeWith('explain'),
}
