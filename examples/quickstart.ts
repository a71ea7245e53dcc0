/**
 * The README's quick start, as written there (only the import path differs: `omnistock` is
 * this repository's `src/`). `npm run quickstart` runs it; test/examples/quickstart.test.ts
 * checks that it still matches the README and prints what the README says it prints.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { buildStock, compileNetwork, decodeNetwork, decodeOrder, decodeStockSnapshot, formatError, routeOrder } from '../src/index.js'

const costs = (unit: string) => ({ package: '8.759', unit, perUnitKm: '0.000336' })
const network = decodeNetwork({
  nodes: [
    { id: 'W1', kind: 'warehouse', location: { lat: 48.85, lon: 2.35 }, costs: costs('0.423') },
    { id: 'S1', kind: 'store', location: { lat: 45.76, lon: 4.86 }, costs: costs('1.20') },
  ],
})
const snapshot = decodeStockSnapshot({ rows: [{ node: 'W1', sku: 'A', onHand: 10 }, { node: 'S1', sku: 'A', onHand: 2 }] })
const order = decodeOrder({
  id: 'O1', channel: 'web', lines: [{ id: '1', sku: 'A', quantity: 2 }],
  delivery: { method: 'ship', to: { lat: 45.76, lon: 4.84 } }, maxShipments: 2, unfulfilledPenalty: '30',
})

pipe(
  E.Do,
  E.apSW('network', pipe(network, E.chainW(compileNetwork))),
  E.apSW('snapshot', snapshot),
  E.apSW('order', order),
  E.bindW('stock', ({ network, snapshot }) => buildStock(network, snapshot)),
  E.chainW(({ stock, order }) => routeOrder(stock, order, { now: '2026-11-27T09:00:00Z' })),
  E.match(
    (error) => console.error(formatError(error)),
    (plan) => console.log(plan.explanation.summary),
    // ship 2 units in 1 parcel from W1; total 9.86808 (proven optimal)
  ),
)
