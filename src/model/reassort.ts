/**
 * The rebalancing document (`omnistock rebalance`): the network and its stock as in a
 * scenario, a demand forecast per node and SKU, a margin per SKU, and the limits on the
 * transfers suggested (see docs/reassort.md).
 */
import * as t from 'io-ts'
import { Node, Sku, Transit } from './network.js'
import { Amount, Currency, Id, Instant, PositiveQuantity, Quantity, record } from './primitives.js'
import { InboundLot, StockPolicies, StockRow } from './stock.js'

/** Largest mean a demand forecast may give: a million units over the horizon. */
export const MAX_MEAN = 1_000_000

/** The brand of {@link Mean}. */
export interface MeanBrand {
  readonly Mean: unique symbol
}
/** Expected units sold over the horizon (a Poisson mean): a finite number from 0 to {@link MAX_MEAN}. */
export const Mean = t.brand(t.number, (n): n is t.Branded<number, MeanBrand> => Number.isFinite(n) && n >= 0 && n <= MAX_MEAN, 'Mean')
/** Expected units sold over the horizon (a Poisson mean): a finite number from 0 to {@link MAX_MEAN}. */
export type Mean = t.TypeOf<typeof Mean>

/** A work budget: a whole number of work units, one or more, within the exact range of a double. */
export interface WorkBudgetBrand {
  readonly WorkBudget: unique symbol
}
export const WorkBudget = t.brand(t.number, (n): n is t.Branded<number, WorkBudgetBrand> => Number.isSafeInteger(n) && n >= 1, 'WorkBudget')
export type WorkBudget = t.TypeOf<typeof WorkBudget>

/**
 * The demand forecast of one position: `mean` units of `sku` expected to sell at `node` over
 * the horizon, sales following a Poisson law of that mean.
 */
export const DemandForecast = record({ node: Id, sku: Id, mean: Mean }, {}, 'DemandForecast')
export type DemandForecast = t.TypeOf<typeof DemandForecast>

/** The margin one unit of `sku` earns when sold (a decimal string ≥ 0). */
export const SkuMargin = record({ sku: Id, margin: Amount }, {}, 'SkuMargin')
export type SkuMargin = t.TypeOf<typeof SkuMargin>

/**
 * Limits on the suggestion: at most `maxLanes` lanes (sender → receiver) used, each carrying
 * at least `minUnitsPerLane` units, found within `budget` work units (default 20,000,000).
 */
export const RebalanceOptions = record({}, { maxLanes: Quantity, minUnitsPerLane: PositiveQuantity, budget: WorkBudget }, 'RebalanceOptions')
export type RebalanceOptions = t.TypeOf<typeof RebalanceOptions>

/** A rebalancing document: see docs/reassort.md. */
export const RebalanceDocument = record(
  {
    now: Instant,
    nodes: t.readonlyArray(Node),
    stock: t.readonlyArray(StockRow),
    demand: t.readonlyArray(DemandForecast),
    margins: t.readonlyArray(SkuMargin),
  },
  {
    skus: t.readonlyArray(Sku),
    transit: Transit,
    currency: Currency,
    inbound: t.readonlyArray(InboundLot),
    policies: StockPolicies,
    options: RebalanceOptions,
  },
  'RebalanceDocument',
)
export type RebalanceDocument = t.TypeOf<typeof RebalanceDocument>
