/**
 * The demo's wave: eight web orders for the sample network's scarce sneakers, lamps and
 * jackets, routed one by one and together (`routeWave`); what routing them together saves.
 */
import * as E from 'fp-ts/lib/Either.js'
import { customers } from '../sample-network.js'
import { loadSample, order } from '../setup.js'
import { routeWave } from '../../src/wave/wave.js'

const NOW = '2026-11-27T09:00:00Z'

/** The wave's total, one by one and together, and the saving (decimal strings). @example waveSaving() // { oneByOne: '104.172706', wave: '103.679916', saving: '0.49279', optimality: 'proven' } */
export const waveSaving = (): { readonly oneByOne: string; readonly wave: string; readonly saving: string; readonly optimality: string } => {
  const { stock } = loadSample()
  const places = [customers.lyonPresquile, customers.grenoble, customers.parisBastille, customers.toulouse]
  const wants = [
    ['SNEAKER-42', 2, 'LAMP', 1],
    ['SNEAKER-42', 1, 'JACKET-M', 2],
    ['LAMP', 2, 'SNEAKER-42', 1],
    ['JACKET-M', 1, 'LAMP', 1],
    ['SNEAKER-42', 2, 'JACKET-M', 1],
    ['LAMP', 1, 'SNEAKER-42', 2],
    ['JACKET-M', 2, 'SNEAKER-42', 1],
    ['SNEAKER-42', 1, 'LAMP', 2],
  ] as const
  const orders = wants.map(([a, qa, b, qb], i) =>
    order({
      id: `W${i + 1}`,
      channel: 'web',
      lines: [{ id: '1', sku: a, quantity: qa }, { id: '2', sku: b, quantity: qb }],
      delivery: { method: 'ship', to: places[i % places.length] },
      unfulfilledPenalty: '40',
      maxShipments: 2,
    }),
  )
  const wave = routeWave(stock, orders, { now: NOW })
  if (E.isLeft(wave)) throw new Error(wave.left.message)
  return { oneByOne: wave.right.oneByOneCost, wave: wave.right.totalCost, saving: wave.right.saving, optimality: wave.right.optimality }
}
