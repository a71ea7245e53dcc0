/** Runs a scenario document end to end: decode, compile, build stock, route. */
import * as E from 'fp-ts/lib/Either.js'
import { decodeScenario, type DecodeError } from './codecs/decode.js'
import { scenarioNetwork, type Scenario } from './model/scenario.js'
import type { RoutingError } from './routing/errors.js'
import { compileNetwork } from './routing/network.js'
import type { Plan } from './routing/plan.js'
import { routeOrder } from './routing/route.js'
import { buildStock, type StockError } from './stock/index.js'

/** Anything that can go wrong between a scenario's text and its plan. */
export type ScenarioError =
  | { readonly _tag: 'InvalidJson'; readonly message: string }
  | DecodeError
  | StockError
  | RoutingError

/**
 * Routes the order of a scenario document (already parsed from JSON).
 * `now` is the scenario's own `now`, else the one given; `limits.budget` is the work budget
 * of the routing call (see `RouteOptions.budget`).
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
  const stock = buildStock(scenarioNetwork(scenario), {
    rows: scenario.stock,
    ...(scenario.inbound === undefined ? {} : { inbound: scenario.inbound }),
    ...(scenario.policies === undefined ? {} : { policies: scenario.policies }),
  })
  if (E.isLeft(stock)) return stock
  const plan = routeOrder(network.right, stock.right, scenario.order, {
    now: scenario.now ?? now,
    ...(scenario.strategy === undefined ? {} : { strategy: scenario.strategy }),
    ...(scenario.rules === undefined ? {} : { rules: scenario.rules }),
    ...(limits.budget === undefined ? {} : { budget: limits.budget }),
  })
  return E.map((p: Plan) => ({ scenario, plan: p }))(plan)
}
