/**
 * A rebalancing document on the sample network: the stock of examples/sample-network.ts and a
 * plausible forecast of next fortnight's sales per store (expected units), with each SKU's
 * unit margin. Used by docs/reassort.md, the CLI tests and the demo.
 */
import { sampleNetwork, sampleStock } from '../sample-network.js'

/** Expected units sold over the next fortnight, per store and SKU. */
export const sampleDemand = [
  { node: 'S-LYON-PART-DIEU', sku: 'SNEAKER-42', mean: 4.5 },
  { node: 'S-LYON-PART-DIEU', sku: 'JACKET-M', mean: 3 },
  { node: 'S-LYON-PART-DIEU', sku: 'LAMP', mean: 2 },
  { node: 'S-VILLEURBANNE', sku: 'JACKET-M', mean: 1.2 },
  { node: 'S-VILLEURBANNE', sku: 'SNEAKER-42', mean: 2 },
  { node: 'S-PARIS-RIVOLI', sku: 'SNEAKER-42', mean: 6 },
  { node: 'S-PARIS-RIVOLI', sku: 'JACKET-M', mean: 5 },
  { node: 'S-PARIS-RIVOLI', sku: 'LAMP', mean: 3 },
  { node: 'S-MARSEILLE', sku: 'SNEAKER-42', mean: 3.5 },
  { node: 'S-MARSEILLE', sku: 'TENT-4P', mean: 0.4 },
  { node: 'S-LILLE', sku: 'JACKET-M', mean: 4 },
  { node: 'S-LILLE', sku: 'SNEAKER-42', mean: 2.5 },
  { node: 'DS-PARIS-11', sku: 'LAMP', mean: 1.5 },
] as const

/** Margin of one unit sold, per SKU. */
export const sampleMargins = [
  { sku: 'SNEAKER-42', margin: '38.00' },
  { sku: 'JACKET-M', margin: '29.50' },
  { sku: 'TENT-4P', margin: '85.00' },
  { sku: 'LAMP', margin: '9.90' },
] as const

/** The whole document, as `omnistock rebalance` reads it. */
export const sampleRebalanceDocument = {
  ...sampleNetwork,
  now: '2026-11-27T09:00:00Z',
  stock: sampleStock.rows,
  inbound: sampleStock.inbound,
  policies: sampleStock.policies,
  demand: sampleDemand,
  margins: sampleMargins,
}
