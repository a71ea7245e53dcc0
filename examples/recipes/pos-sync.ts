/**
 * Syncing point-of-sale sales into the ledger: the tills of Lyon Part-Dieu sell head lamps
 * that the web also promises. Each till sale becomes `adjustOnHand` with a negative `delta`
 * (the evening's cycle count an absolute `onHand`), so web ATP follows the shelf. When the
 * shelf falls below what web orders hold, the event reports the `shortfall` to re-route.
 * The events are the sync's log: replaying them on the morning's state rebuilds the evening's.
 *
 *   npx tsx examples/recipes/pos-sync.ts
 */
import { adjustOnHand, availableToPromise, decodeReserveRequest, positionBreakdown, replay, reserve, type StockEvent, type StockState } from '../../src/index.js'
import { isMain, NOW, orThrow, sampleStockState } from './sample.js'

const lamps = { node: 'S-LYON-PART-DIEU', sku: 'LAMP', channel: 'web' }
const tillSales = [
  { at: '2026-11-27T10:12:00Z', quantity: 1 },
  { at: '2026-11-27T14:40:00Z', quantity: 2 },
]

export const posSync = () => {
  const morning = sampleStockState()
  // A web order holds one lamp at the store before the tills open.
  const request = orThrow(decodeReserveRequest({ channel: 'web', id: 'WEB-77', lines: [{ node: lamps.node, sku: lamps.sku, quantity: 1 }] }))
  const web = orThrow(reserve(morning, request, NOW))
  let state: StockState = web.state
  const events: StockEvent[] = [...web.events]
  const atp: number[] = [availableToPromise(state, lamps)]
  for (const sale of tillSales) {
    const r = orThrow(adjustOnHand(state, { node: lamps.node, sku: lamps.sku, delta: -sale.quantity }, sale.at, 'till sale'))
    state = r.state
    events.push(...r.events)
    atp.push(availableToPromise(state, lamps))
  }
  // Closing count: the shelf is empty, though the web order still holds a lamp.
  const count = orThrow(adjustOnHand(state, { node: lamps.node, sku: lamps.sku, onHand: 0 }, '2026-11-27T18:05:00Z', 'closing count'))
  events.push(...count.events)
  const evening = positionBreakdown(count.state, lamps)
  const replayed = positionBreakdown(replay(morning, events), lamps)
  return { atp, events, evening, replayed }
}

if (isMain(import.meta.url)) {
  const { atp, events, evening, replayed } = posSync()
  console.log(`web ATP of lamps at Part-Dieu after each sale: ${atp.join(' → ')}`)
  for (const e of events) console.log(`  ${e.at} ${e.type}${'delta' in e ? ` ${e.delta} (${e.reason ?? ''}), shortfall ${e.shortfall}` : ''}`)
  console.log(`evening: on hand ${evening?.onHand}, reserved ${evening?.reserved}, shortfall ${evening?.shortfall}; replayed log agrees: ${JSON.stringify(replayed) === JSON.stringify(evening)}`)
}
