/**
 * The README's quick start, as written there (only the import path differs: `omnistock` is
 * this repository's `src/`). `npm run quickstart` runs it; test/examples/quickstart.test.ts
 * checks that it still matches the README and prints what the README says it prints.
 */
import * as E from 'fp-ts/lib/Either.js'
import { buildStock, compileNetwork, decodeNetwork, decodeOrder, decodeStockSnapshot, routeOrder } from '../src/index.js'

const networkDoc = decodeNetwork({
  nodes: [
    { id: 'W1', kind: 'warehouse', location: { lat: 48.85, lon: 2.35 },
      costs: { package: '8.759', unit: '0.423', perUnitKm: '0.000336' } },
    { id: 'S1', kind: 'store', location: { lat: 45.76, lon: 4.86 },
      costs: { package: '8.759', unit: '1.20', perUnitKm: '0.000336' } },
  ],
})
const snapshot = decodeStockSnapshot({ rows: [{ node: 'W1', sku: 'A', onHand: 10 }, { node: 'S1', sku: 'A', onHand: 2 }] })
const order = decodeOrder({
  id: 'O1', channel: 'web', lines: [{ id: '1', sku: 'A', quantity: 2 }],
  delivery: { method: 'ship', to: { lat: 45.76, lon: 4.84 } }, maxShipments: 2, unfulfilledPenalty: '30',
})

if (E.isRight(networkDoc) && E.isRight(snapshot) && E.isRight(order)) {
  const network = compileNetwork(networkDoc.right)
  const stock = E.isRight(network) ? buildStock(network.right, snapshot.right) : network
  if (E.isRight(stock)) {
    const plan = routeOrder(stock.right, order.right, { now: '2026-11-27T09:00:00Z' })
    if (E.isRight(plan)) console.log(plan.right.explanation.summary)
    // ship 2 units in 1 parcel from W1; total 9.86808 (proven optimal)
  }
}
