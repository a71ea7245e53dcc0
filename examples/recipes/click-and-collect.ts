/**
 * Click & collect with a transfer: a shopper picks up trail sneakers at Villeurbanne, which
 * has none. The optimiser moves the pair from the Lyon Part-Dieu store (2.7 km away) rather
 * than from a warehouse, and checkout holds exactly that plan, with an expiry, so no other
 * channel can sell the pair before it leaves.
 *
 *   npx tsx examples/recipes/click-and-collect.ts
 */
import { availableToPromise, formatLocalInstant, reserveForPlan, routeOrder, type Plan, type Reservation } from '../../src/index.js'
import { isMain, NOW, orderOf, orThrow, sampleStockState } from './sample.js'

const partDieu = { node: 'S-LYON-PART-DIEU', sku: 'SNEAKER-42', channel: 'web' }

export const clickAndCollect = (): { readonly plan: Plan; readonly reservation: Reservation; readonly atpBefore: number; readonly atpAfter: number } => {
  const stock = sampleStockState()
  const order = orderOf({
    id: 'CC-2201',
    channel: 'web',
    lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 1 }],
    delivery: { method: 'pickup', node: 'S-VILLEURBANNE' },
  })
  const plan = orThrow(routeOrder(stock, order, { now: NOW }))
  // Hold the plan's units until the shopper pays; unconfirmed, the hold lapses after 30 minutes.
  const held = orThrow(reserveForPlan(stock, plan, { now: NOW, expiresAt: '2026-11-27T09:30:00Z', idempotencyKey: 'checkout-CC-2201' }))
  return { plan, reservation: held.reservation, atpBefore: availableToPromise(stock, partDieu), atpAfter: availableToPromise(held.state, partDieu) }
}

if (isMain(import.meta.url)) {
  const { plan, reservation, atpBefore, atpAfter } = clickAndCollect()
  const paris = (iso: string) => formatLocalInstant(Date.parse(iso), 'Europe/Paris')
  console.log(plan.explanation.summary)
  for (const t of plan.transfers) console.log(`  transfer ${t.from} → ${t.to}, ${t.distanceKm} km, arrives ${paris(t.arrivesAt)}`)
  if (plan.pickup !== undefined) console.log(`  ready to collect at ${plan.pickup.node} ${paris(plan.pickup.readyAt)}`)
  console.log(`reservation ${reservation.id}: ${reservation.lines.map((l) => `${l.quantity} × ${l.sku} at ${l.node}`).join(', ')}, until ${reservation.expiresAt}`)
  console.log(`web ATP of SNEAKER-42 at Part-Dieu: ${atpBefore} before, ${atpAfter} after`)
}
