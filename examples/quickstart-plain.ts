/**
 * The README's quick start without fp-ts in the caller's code, as written there (only the
 * import path differs). test/examples/quickstart.test.ts checks it against the README and runs it.
 */
import { buildStock, compileNetwork, decodeNetwork, decodeOrder, decodeStockSnapshot, formatError, routeOrder } from '../src/index.js'

/** The value of a result, or an Error with the library's one-line message. */
const orThrow = <A>(result: { _tag: 'Left'; left: { _tag: string; message: string } } | { _tag: 'Right'; right: A }): A => {
  if (result._tag === 'Left') throw new Error(formatError(result.left))
  return result.right
}

const costs = (unit: string) => ({ package: '8.759', unit, perUnitKm: '0.000336' })
const network = orThrow(compileNetwork(orThrow(decodeNetwork({
  nodes: [
    { id: 'W1', kind: 'warehouse', location: { lat: 48.85, lon: 2.35 }, costs: costs('0.423') },
    { id: 'S1', kind: 'store', location: { lat: 45.76, lon: 4.86 }, costs: costs('1.20') },
  ],
}))))
const stock = orThrow(buildStock(network, orThrow(decodeStockSnapshot({ rows: [{ node: 'W1', sku: 'A', onHand: 10 }, { node: 'S1', sku: 'A', onHand: 2 }] }))))
const order = orThrow(decodeOrder({
  id: 'O1', channel: 'web', lines: [{ id: '1', sku: 'A', quantity: 2 }],
  delivery: { method: 'ship', to: { lat: 45.76, lon: 4.84 } }, maxShipments: 2, unfulfilledPenalty: '30',
}))
const plan = orThrow(routeOrder(stock, order, { now: '2026-11-27T09:00:00Z' }))
console.log(plan.explanation.summary)
// ship 2 units in 1 parcel from W1; total 9.86808 (proven optimal)
