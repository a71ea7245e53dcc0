/**
 * The delivery promise on a network that protects its stores' last units: every option is
 * the router's plan (the shortcuts price a node's units at one rate, so such a network routes
 * each option in full), its surcharge shown, and the protected pair left on the shelf when a
 * warehouse does better.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodePromiseRequest, decodeStockSnapshot } from '../../src/codecs/decode.js'
import { promiseOptionsWith } from '../../src/promise/promise.js'
import { routeOrder } from '../../src/routing/route.js'
import { buildStock } from '../../src/stock/index.js'
import { compiledNetwork } from '../support/network.js'

const now = '2026-12-08T09:00:00Z'
const PARIS = { lat: 48.8566, lon: 2.3522 }
const network = (cost: string) =>
  compiledNetwork({
    transit: { baseHours: 0, kmPerHour: 10_000 },
    nodes: [
      // A store 2.5 km from the shopper holding 2 pairs, both protected; a warehouse far off.
      { id: 'S-PARIS', kind: 'store', location: { lat: 48.8566, lon: 2.3863 }, leadTimeHours: 0, costs: { package: '4', unit: '0.6', perUnitKm: '0' }, protection: { lastUnits: 2, unitCost: cost } },
      { id: 'W-LYON', kind: 'warehouse', location: { lat: 45.764, lon: 4.8357 }, leadTimeHours: 0, costs: { package: '5', unit: '0.5', perUnitKm: '0' } },
    ],
  })

const stockOf = (cost: string) => {
  const snap = decodeStockSnapshot({ rows: [{ node: 'S-PARIS', sku: 'SHOE', onHand: 2 }, { node: 'W-LYON', sku: 'SHOE', onHand: 9 }] })
  if (E.isLeft(snap)) throw new Error(snap.left.message)
  const s = buildStock(network(cost), snap.right)
  if (E.isLeft(s)) throw new Error(JSON.stringify(s.left))
  return s.right
}

const shipOption = (cost: string, engine: 'fast' | 'routed') => {
  const request = decodePromiseRequest({ channel: 'web', now, location: PARIS, sku: 'SHOE', quantity: 1, methods: ['ship'] })
  if (E.isLeft(request)) throw new Error(request.left.message)
  const r = promiseOptionsWith(stockOf(cost), request.right, {}, engine)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right.find((o) => o.method === 'ship')
}

describe('the promise on a network protecting its stores’ last pairs', () => {
  it('at 25 a protected pair, the warehouse ships: 5 + 0.5 = 5.5 against 4 + 0.6 + 25', () => {
    const o = shipOption('25', 'fast')
    expect([o?.sources, o?.cost, o?.plan.protectionCost]).toEqual([['W-LYON'], '5.5', undefined])
  })

  it('at 0.5 the store’s pair is worth taking: 4 + 0.6 + 0.5 = 5.1, the surcharge shown apart', () => {
    const o = shipOption('0.5', 'fast')
    expect([o?.sources, o?.cost, o?.plan.fulfilmentCost, o?.plan.protectionCost]).toEqual([['S-PARIS'], '5.1', '4.6', '0.5'])
    const routed = o === undefined ? undefined : routeOrder(stockOf('0.5'), o.order, { now })
    expect(routed !== undefined && E.isRight(routed) ? routed.right.explanation.summary : '').toBe('ship 1 unit in 1 parcel from S-PARIS; total 5.1, of which 0.5 protection (proven optimal)')
  })

  it('every option is the router’s plan, and the shortcuts find what routing in full finds', () => {
    for (const cost of ['0', '0.5', '25']) {
      const fast = shipOption(cost, 'fast')
      expect(shipOption(cost, 'routed')).toEqual(fast)
      if (fast === undefined) continue
      const routed = routeOrder(stockOf(cost), fast.order, { now })
      if (E.isLeft(routed)) throw new Error(JSON.stringify(routed.left))
      const { explanation: _explanation, ...plan } = routed.right
      expect(plan).toEqual(fast.plan)
    }
  })
})
