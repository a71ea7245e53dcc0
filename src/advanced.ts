/**
 * `omnistock/advanced` — the engine under the product API, for callers who build on it: the
 * exact optimiser on raw arrays, and lookups by the integer indexes the stock index assigns
 * (nodes by ascending id, SKUs by ascending id). These names are stable within a minor
 * version but closer to the data layout than `omnistock`'s; most services need only the
 * root entry.
 *
 * @example
 * import { atpAt, skuIndexOf } from 'omnistock/advanced'
 * const sku = skuIndexOf(stock, 'LAMP') // −1 when the index has no such SKU
 * const atp = atpAt(stock, sku, stock.nodes.byId.get('S-LYON-1') ?? -1, 'web')
 */

// The exact optimiser on a fixed-charge facility problem given as typed arrays
export {
  solveFacilityProblem,
  evaluateOpenSet,
  type FacilityProblem,
  type FacilitySolution,
  type SolveOptions,
} from './routing/optimiser.js'
/** Scratch memory a caller keeps to reuse across solves (`SolveOptions.scratch`). */
export { Arena } from './internal/arena.js'

// The compiled network's node index and grids: nodes by integer index
export { buildNodeIndex, hasCapability, type NodeIndex } from './network/nodes.js'
export { nodesWithin, type NodeGrid } from './network/grid.js'

// Index-level lookups on the stock index: SKUs and nodes by integer index, holder bitsets
export { skuIndexOf, skuIdOf, skuAttributes, nodesHoldingSku, holderBits, holderWords } from './stock/positions.js'
export { atpAt } from './stock/atp.js'

// The stock index built from a snapshot given as columns (node indexes, SKU indexes, on hand)
export { buildStockFromColumns, type StockColumns } from './stock/build.js'
