/**
 * The routing context of one order, as `routeOrder` builds it, for tests of the parts that
 * read it directly (the prepared order, the candidate views): no rules, nothing used of any
 * node's capacity, every line's penalty the order's or 1,000.
 */
import type { Order } from '../../../src/model/order.js'
import type { CompiledNetwork } from '../../../src/network/compile.js'
import type { RoutingContext } from '../../../src/routing/instance.js'
import { compileRules } from '../../../src/rules/sourcing.js'
import type { StockState } from '../../../src/stock/index.js'
import { parseInstant } from '../../../src/time.js'

export const routingContext = (net: CompiledNetwork, stock: StockState, order: Order, maxOpen = 3): RoutingContext => ({
  net,
  stock,
  order,
  rules: compileRules({}),
  nowMs: parseInstant('2026-11-27T09:00:00Z') ?? 0,
  deliverByMs: Number.POSITIVE_INFINITY,
  maxOpen,
  allOrNothing: false,
  allowBackorder: false,
  capacityUsed: () => ({ orders: 0, units: 0 }),
  defaultPenalty: '1000',
})
