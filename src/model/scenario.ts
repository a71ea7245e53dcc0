/** A scenario: everything one routing call needs, as one JSON document (the CLI's input). */
import * as t from 'io-ts'
import { Network as NetworkC, Sku, Transit, Node } from './network.js'
import { Order, SourcingRules } from './order.js'
import { Currency, Instant, record } from './primitives.js'
import { InboundLot, StockPolicies, StockRow } from './stock.js'

/**
 * How a plan is chosen: `optimal` (least cost), `fastest` (the whole order as early as
 * possible, then least cost; see docs/model.md), or a baseline: `priority`, `nearest`.
 */
export const Strategy = t.keyof({ optimal: null, fastest: null, priority: null, nearest: null }, 'Strategy')
export type Strategy = t.TypeOf<typeof Strategy>

/**
 * The scenario document: a network (`nodes`, optional `skus`, `transit`, `currency`), its stock
 * (`stock` rows, `inbound` lots, `policies`), one `order`, and optionally sourcing `rules`, the
 * instant `now` and the `strategy`.
 */
export const Scenario = record(
  { nodes: t.readonlyArray(Node), stock: t.readonlyArray(StockRow), order: Order },
  {
    skus: t.readonlyArray(Sku),
    transit: Transit,
    currency: Currency,
    inbound: t.readonlyArray(InboundLot),
    policies: StockPolicies,
    rules: SourcingRules,
    now: Instant,
    strategy: Strategy,
  },
  'Scenario',
)
export type Scenario = t.TypeOf<typeof Scenario>

/** The network part of a scenario. */
export const scenarioNetwork = (s: Pick<Scenario, 'nodes' | 'skus' | 'transit' | 'currency'>): NetworkC => ({
  nodes: s.nodes,
  ...(s.skus === undefined ? {} : { skus: s.skus }),
  ...(s.transit === undefined ? {} : { transit: s.transit }),
  ...(s.currency === undefined ? {} : { currency: s.currency }),
})

/**
 * A wave document: a network, its stock and the orders routed together on it (the
 * `omnistock wave` command's input; see docs/waves.md). The same pieces as a scenario, with
 * `orders` for `order`.
 */
export const WaveDocument = record(
  { nodes: t.readonlyArray(Node), stock: t.readonlyArray(StockRow), orders: t.readonlyArray(Order) },
  {
    skus: t.readonlyArray(Sku),
    transit: Transit,
    currency: Currency,
    inbound: t.readonlyArray(InboundLot),
    policies: StockPolicies,
    rules: SourcingRules,
    now: Instant,
  },
  'WaveDocument',
)
export type WaveDocument = t.TypeOf<typeof WaveDocument>
