/**
 * The routing context of one order, as `routeOrder` builds it, for tests of the parts that
 * read it directly (the prepared order, the candidate views): no rules, nothing used of any
 * node's capacity, every line's penalty the order's or 1,000. With the orders those tests
 * route: one parcel to Lyon, lines of one unit per SKU.
 */
import { order } from '../../../examples/setup.js'
import type { Order } from '../../../src/model/order.js'
import type { CompiledNetwork } from '../../../src/network/compile.js'
import type { RoutingContext } from '../../../src/routing/instance.js'
import { compileRules } from '../../../src/rules/sourcing.js'
import type { StockState } from '../../../src/stock/index.js'
import { parseInstant } from '../../../src/time.js'
import { LYON_POINT } from '../../support/network.js'

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

/** A web order `O` of `lines` shipped to `to` (Lyon by default), with `more` on top. */
export const shipTo = (lines: readonly unknown[], more: Record<string, unknown> = {}, to: { readonly lat: number; readonly lon: number } = LYON_POINT): Order =>
  order({ id: 'O', channel: 'web', lines, delivery: { method: 'ship', to }, ...more })

/** SKUs K00, K01, …: `count` of them. */
export const skuNames = (count: number): string[] => Array.from({ length: count }, (_, s) => `K${String(s).padStart(2, '0')}`)

/** One line of one unit per SKU, ids 0, 1, …, each with `more`. */
export const oneEach = (skus: readonly string[], more: object = {}) => skus.map((sku, i) => ({ id: String(i), sku, quantity: 1, ...more }))
