/**
 * Returns: a customer brings back a pair of trail sneakers bought online to the Lyon
 * Part-Dieu store. `returnUnits` puts the pair on that store's shelf (any node takes returns,
 * whoever shipped the order), its ATP rises at once, and a click & collect order for two pairs
 * there is now served from the shelf instead of waiting for a transfer.
 *
 *   npx tsx examples/recipes/returns.ts
 */
import { availableToPromise, returnUnits, routeOrder, type Plan } from '../../src/index.js'
import { isMain, NOW, orderOf, orThrow, sampleStockState } from './sample.js'

const sneakers = { node: 'S-LYON-PART-DIEU', sku: 'SNEAKER-42', channel: 'web' }

export const returns = (): { readonly atpBefore: number; readonly atpAfter: number; readonly before: Plan; readonly after: Plan } => {
  const stock = sampleStockState()
  const returned = orThrow(returnUnits(stock, { node: sneakers.node, sku: sneakers.sku, quantity: 1 }, NOW))
  const order = orderOf({
    id: 'CC-4410',
    channel: 'web',
    lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 2 }],
    delivery: { method: 'pickup', node: 'S-LYON-PART-DIEU' },
  })
  const later = '2026-11-27T09:05:00Z'
  return {
    atpBefore: availableToPromise(stock, sneakers),
    atpAfter: availableToPromise(returned.state, sneakers),
    before: orThrow(routeOrder(stock, order, { now: later })),
    after: orThrow(routeOrder(returned.state, order, { now: later })),
  }
}

if (isMain(import.meta.url)) {
  const { atpBefore, atpAfter, before, after } = returns()
  console.log(`web ATP of SNEAKER-42 at Part-Dieu: ${atpBefore} before the return, ${atpAfter} after`)
  console.log(`collect 2 pairs, before: ${before.explanation.summary}`)
  console.log(`collect 2 pairs, after:  ${after.explanation.summary}`)
}
