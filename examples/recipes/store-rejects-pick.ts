/**
 * A store rejects a pick: a click & collect order for two head lamps and a pair of sneakers
 * at Lyon Part-Dieu is reserved on the store's own shelf, but the picker finds no lamps. `reroute` moves only the
 * rejected units (here, from the Lyon warehouse by transfer) and keeps the rest of the plan;
 * the store's count goes into the stock with `adjustOnHand`; the old hold is released and the
 * new plan reserved.
 *
 *   npx tsx examples/recipes/store-rejects-pick.ts
 */
import { adjustOnHand, release, reroute, reserveForPlan, routeOrder, type Plan, type Rerouted } from '../../src/index.js'
import { isMain, NOW, orderOf, orThrow, sampleStockState } from './sample.js'

const LATER = '2026-11-27T10:00:00Z'

export const storeRejectsPick = (): { readonly first: Plan; readonly rerouted: Rerouted; readonly reservedAfter: readonly string[] } => {
  const order = orderOf({
    id: 'CC-3107',
    channel: 'web',
    lines: [{ id: '1', sku: 'LAMP', quantity: 2 }, { id: '2', sku: 'SNEAKER-42', quantity: 1 }],
    delivery: { method: 'pickup', node: 'S-LYON-PART-DIEU' },
  })
  const opening = sampleStockState()
  const first = orThrow(routeOrder(opening, order, { now: NOW }))
  const held = orThrow(reserveForPlan(opening, first, { now: NOW }))

  // An hour later the picker reports an empty shelf: move the lamps elsewhere, keep the rest.
  const rerouted = orThrow(reroute(held.state, order, first, { node: 'S-LYON-PART-DIEU', sku: 'LAMP' }, { now: LATER }))
  // Record the count, give back the old hold, hold the new plan (all on the same state, in time order).
  const counted = orThrow(adjustOnHand(held.state, { node: 'S-LYON-PART-DIEU', sku: 'LAMP', onHand: 0 }, LATER, 'pick rejected: shelf empty'))
  const released = orThrow(release(counted.state, held.reservation.id, LATER))
  const reheld = orThrow(reserveForPlan(released.state, rerouted.plan, { now: LATER, reservationId: 'order:CC-3107:2' }))
  return { first, rerouted, reservedAfter: reheld.reservation.lines.map((l) => `${l.quantity} × ${l.sku} at ${l.node}`) }
}

if (isMain(import.meta.url)) {
  const { first, rerouted, reservedAfter } = storeRejectsPick()
  console.log(`first plan: ${first.explanation.summary}`)
  console.log(`moved: ${rerouted.moved.map((a) => `${a.quantity} × ${a.sku} from ${a.node}`).join(', ')}`)
  console.log(`new plan: ${rerouted.plan.explanation.summary}`)
  console.log(`cost above re-planning the whole order: ${rerouted.extraOverFullReroute}`)
  console.log(`reserved now: ${reservedAfter.join(', ')}`)
}
