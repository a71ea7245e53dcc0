/** Runs a scenario document end to end: decode, compile, build stock, route. */
import * as E from 'fp-ts/lib/Either.js'
import { decodeScenario, type DecodeError } from './codecs/decode.js'
import type { InvalidJson } from './internal/json.js'
import type { SourcingRules } from './model/order.js'
import { scenarioNetwork, type Scenario } from './model/scenario.js'
import type { RoutingError } from './routing/errors.js'
import { compileNetwork } from './network/compile.js'
import type { Plan } from './routing/plan.js'
import { routeOrder } from './routing/route.js'
import { buildScenarioStock, type StockError } from './stock/index.js'
import { unknownNode } from './stock/errors.js'

/** Anything that can go wrong between a scenario's text and its plan. */
export type ScenarioError = InvalidJson | DecodeError | StockError | RoutingError

/** The first node a scenario's sourcing rules name (`excludeNodes`) that its network does not have. */
const unknownRuleNode = (scenario: Scenario): StockError | undefined => {
  const ids = new Set<string>(scenario.nodes.map((n) => n.id))
  const check = (rules: SourcingRules | undefined, at: string): StockError | undefined => {
    const excluded = rules?.excludeNodes ?? []
    for (let i = 0; i < excluded.length; i++) {
      const id = excluded[i] as string
      if (!ids.has(id)) return unknownNode(id, `${at}.excludeNodes[${i}]`)
    }
    return undefined
  }
  return check(scenario.rules, '$.rules') ?? check(scenario.order.rules, '$.order.rules')
}

/**
 * Routes the order of a scenario document (already parsed from JSON). `now` is the
 * scenario's own `now`, else the one given. Every error names the scenario's own path:
 * `$.stock[3].node` for a stock row, `$.rules.excludeNodes[0]` for a rule naming a node the
 * network does not have. `limits.budget` is the work budget of the routing call (see
 * `RouteOptions.budget`).
 *
 * @example routeScenario(JSON.parse(text), '2026-11-27T09:00:00Z') // Right({ scenario, plan }) or Left({ _tag: 'unknown-node', path: '$.stock[3].node', … })
 */
export const routeScenario = (
  json: unknown,
  now: string,
  limits: { readonly budget?: number } = {},
): E.Either<ScenarioError, { readonly scenario: Scenario; readonly plan: Plan }> => {
  const decoded = decodeScenario(json)
  if (E.isLeft(decoded)) return decoded
  const scenario = decoded.right
  const network = compileNetwork(scenarioNetwork(scenario))
  if (E.isLeft(network)) return network
  const stock = buildScenarioStock(network.right, scenario)
  if (E.isLeft(stock)) return stock
  const unknown = unknownRuleNode(scenario)
  if (unknown !== undefined) return E.left(unknown)
  const plan = routeOrder(stock.right, scenario.order, {
    now: scenario.now ?? now,
    ...(scenario.strategy === undefined ? {} : { strategy: scenario.strategy }),
    ...(scenario.rules === undefined ? {} : { rules: scenario.rules }),
    ...(limits.budget === undefined ? {} : { budget: limits.budget }),
  })
  return E.map((p: Plan) => ({ scenario, plan: p }))(plan)
}
