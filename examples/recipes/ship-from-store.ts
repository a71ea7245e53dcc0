/**
 * Ship from store: a shopper in Marseille wants trail sneakers by Saturday evening. The
 * Bordeaux warehouse is the cheapest source, but its parcel arrives Saturday night; with
 * `deliverBy`, the optimiser ships from the Marseille store instead — the cheapest plan that
 * arrives in time.
 *
 *   npx tsx examples/recipes/ship-from-store.ts
 */
import { describeNode, formatLocalInstant, routeOrder, type Plan } from '../../src/index.js'
import { isMain, NOW, orderOf, orThrow, sampleStockState } from './sample.js'

const marseilleVieuxPort = { lat: 43.2965, lon: 5.3798 }

export const shipFromStore = (): { readonly cheapest: Plan; readonly byDeadline: Plan } => {
  const stock = sampleStockState()
  const order = (deliverBy?: string) =>
    orderOf({
      id: 'WEB-1042',
      channel: 'web',
      lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 1 }],
      delivery: { method: 'ship', to: marseilleVieuxPort, timeZone: 'Europe/Paris' },
      ...(deliverBy === undefined ? {} : { deliverBy }),
    })
  const cheapest = orThrow(routeOrder(stock, order(), { now: NOW }))
  // Saturday 28 November, 19:00 in Marseille.
  const byDeadline = orThrow(routeOrder(stock, order('2026-11-28T18:00:00Z'), { now: NOW }))
  return { cheapest, byDeadline }
}

if (isMain(import.meta.url)) {
  const { cheapest, byDeadline } = shipFromStore()
  const eta = (p: Plan) => (p.eta === undefined ? 'never' : formatLocalInstant(Date.parse(p.eta), 'Europe/Paris'))
  console.log(`no deadline:      ${cheapest.explanation.summary}, delivered ${eta(cheapest)}`)
  console.log(`by Saturday 19:00: ${byDeadline.explanation.summary}, delivered ${eta(byDeadline)}`)
  for (const n of byDeadline.explanation.nodes) console.log(`  ${describeNode(n, byDeadline.currency)}`)
}
