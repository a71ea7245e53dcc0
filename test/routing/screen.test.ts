import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeNetwork, decodeOrder, decodeStockSnapshot } from '../../src/codecs/decode.js'
import { compileNetwork } from '../../src/network/compile.js'
import { directInstance, holderNodes, mergeInstances, prepareOrder } from '../../src/routing/instance.js'
import { routeOrder } from '../../src/routing/route.js'
import { buildStock } from '../../src/stock/index.js'
import { routingContext } from './support/context.js'

const now = '2026-11-27T09:00:00Z'
const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

/** A warehouse near Paris with gloves only, and thirty stores along a line east of Lyon with a scarf each. */
const retailer = () => {
  const store = (i: number) => ({
    id: `S${String(i).padStart(2, '0')}`,
    kind: 'store',
    location: { lat: 45.76, lon: 4.85 + i * 0.05 },
    costs: { package: '8.759', unit: '1.20', perUnitKm: '0.000336' },
  })
  const nodes = [
    { id: 'W-PARIS', kind: 'warehouse', location: { lat: 48.9, lon: 2.35 }, costs: { package: '8.759', unit: '0.423', perUnitKm: '0.000336' } },
    ...Array.from({ length: 30 }, (_, i) => store(i)),
  ]
  const rows = [
    { node: 'W-PARIS', sku: 'GLOVES', onHand: 40 },
    ...Array.from({ length: 30 }, (_, i) => ({ node: store(i).id, sku: 'SCARF', onHand: 1 + (i % 3) })),
  ]
  const network = right(compileNetwork(right(decodeNetwork({ nodes }))))
  return { network, stock: right(buildStock(network, right(decodeStockSnapshot({ rows })))) }
}

const order = (to: { lat: number; lon: number }) =>
  right(
    decodeOrder({
      id: 'O-1',
      channel: 'web',
      lines: [
        { id: '1', sku: 'SCARF', quantity: 1 },
        { id: '2', sku: 'GLOVES', quantity: 1 },
      ],
      delivery: { method: 'ship', to },
      unfulfilledPenalty: '40',
    }),
  )

describe('screening by dominance', () => {
  it('thirty stores hold the scarf and none the gloves: the nearest store ships it, the others are dominated and never built', () => {
    const { stock } = retailer()
    const o = order({ lat: 45.76, lon: 5.52 }) // nearest to S13 and S14
    const screened = right(routeOrder(stock, o, { now }))
    const full = right(routeOrder(stock, o, { now, screening: false }))
    expect(screened.shipments.map((s) => s.from).sort()).toEqual(['S13', 'W-PARIS'])
    const { explanation: _a, ...a } = screened
    const { explanation: _b, ...b } = full
    expect(a).toEqual(b)
    expect(screened.explanation.screened?.dominated).toBeGreaterThan(20)
    expect(screened.explanation.screened?.nodes).toBe(screened.explanation.screened?.dominated)
    expect(screened.explanation.screened?.atLeastCostlierBy).toBeUndefined()
    expect(screened.explanation.nodes.length + (screened.explanation.screened?.nodes ?? 0)).toBe(31)
  })

  it('when ten stores stand at the same place, the first in node order is kept, as without screening', () => {
    const nodes = ['S-7', 'S-3', 'S-9', 'S-0', 'S-5', 'S-1', 'S-8', 'S-2', 'S-6', 'S-4'].map((id) => ({
      id,
      kind: 'store',
      location: { lat: 45.76, lon: 4.85 },
      costs: { package: '8.759', unit: '1.20', perUnitKm: '0.000336' },
    }))
    const decoded = right(decodeNetwork({ nodes: [...nodes, { id: 'W', kind: 'warehouse', location: { lat: 48.9, lon: 2.35 }, costs: { package: '8.759', unit: '0.423', perUnitKm: '0.000336' } }] }))
    const network = right(compileNetwork(decoded))
    const stock = right(
      buildStock(network, right(decodeStockSnapshot({ rows: [...nodes.map((n) => ({ node: n.id, sku: 'SCARF', onHand: 2 })), { node: 'W', sku: 'GLOVES', onHand: 5 }] }))),
    )
    const plan = right(routeOrder(stock, order({ lat: 45.7, lon: 4.9 }), { now }))
    expect(plan.shipments.map((s) => s.from).sort()).toEqual(['S-0', 'W'])
    expect(plan.explanation.screened?.dominated).toBe(4)
    expect(right(routeOrder(stock, order({ lat: 45.7, lon: 4.9 }), { now, screening: false })).shipments.map((s) => s.from).sort()).toEqual(['S-0', 'W'])
  })
  it('counts units: a warehouse with a cheaper parcel but a dearer unit leaves out the stores it beats on this order', () => {
    // Store i: a parcel 0.01 × i dearer and a unit 0.001 × i cheaper than store 0, all at one
    // place; the warehouse, beside them, has the cheapest parcel and the dearest unit. No
    // node is cheaper both per parcel and per unit than another, but for one unit the
    // warehouse costs least, then store 0, store 1, …
    const store = (i: number) => ({
      id: `S-${i}`,
      kind: 'store',
      location: { lat: 45.76, lon: 4.85 },
      costs: { package: (8.1 + 0.01 * i).toFixed(2), unit: (0.49 - 0.001 * i).toFixed(3), perUnitKm: '0.000336' },
    })
    const stores = Array.from({ length: 10 }, (_, i) => store(i))
    const w = { id: 'W', kind: 'warehouse', location: { lat: 45.76, lon: 4.85 }, costs: { package: '8.00', unit: '0.50', perUnitKm: '0.000336' } }
    const network = right(compileNetwork(right(decodeNetwork({ nodes: [...stores, w] }))))
    const stock = right(buildStock(network, right(decodeStockSnapshot({ rows: [...stores, w].map((n) => ({ node: n.id, sku: 'SCARF', onHand: 3 })) }))))
    const one = right(
      decodeOrder({ id: 'O-2', channel: 'web', lines: [{ id: '1', sku: 'SCARF', quantity: 1 }], delivery: { method: 'ship', to: { lat: 45.7, lon: 4.9 } }, unfulfilledPenalty: '40' }),
    )
    const screened = right(routeOrder(stock, one, { now }))
    const full = right(routeOrder(stock, one, { now, screening: false }))
    expect(screened.shipments.map((s) => s.from)).toEqual(['W'])
    // Six promising holders are built (the warehouse and stores 0–4); the other five are dominated.
    expect(screened.explanation.screened?.dominated).toBe(5)
    const { explanation: _a, ...a } = screened
    const { explanation: _b, ...b } = full
    expect(a).toEqual(b)
  })
})

describe('mergeInstances', () => {
  it('equals building the two node sets together', () => {
    const { network, stock } = retailer()
    const o = order({ lat: 45.76, lon: 5.2 })
    const ctx = routingContext(network, stock, o)
    const prepared = prepareOrder(ctx)
    const all = holderNodes(prepared)
    const odd = all.filter((_, i) => i % 3 === 1)
    const rest = all.filter((_, i) => i % 3 !== 1)
    const to = { lat: 45.76, lon: 5.2 }
    const together = directInstance(ctx, to, prepared, all)
    const merged = mergeInstances(ctx, directInstance(ctx, to, prepared, odd), directInstance(ctx, to, prepared, rest))
    expect(merged.facilities).toEqual(together.facilities)
    expect(merged.considered).toEqual(together.considered)
    expect(merged.problem).toEqual(together.problem)
  })
})
