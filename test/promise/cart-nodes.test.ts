/**
 * The cart's supply table (src/promise/cart-nodes.ts): for every node holding a SKU of the
 * cart, which SKUs it may supply at all and in full, how many units of each (ATP capped by the
 * demand, after the sourcing rules), and whether its capacity today lets it send — each value
 * worked out by hand from the documents below.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodePromiseRequest } from '../../src/codecs/decode.js'
import type { SourcingRules } from '../../src/model/order.js'
import { cartNodes, type CartNodes } from '../../src/promise/cart-nodes.js'
import { promiseContext } from '../../src/promise/context.js'
import { promiseOptionsWith } from '../../src/promise/promise.js'
import type { PromiseOptions } from '../../src/promise/index.js'
import { compiledNetwork, stockOn } from '../support/network.js'

const now = '2026-12-08T09:00:00Z'
const SHOPPER = { lat: 45.76, lon: 4.835 }
const costs = { package: '3', unit: '0.5', perUnitKm: '0' }

const network = compiledNetwork({
  transit: { baseHours: 0, kmPerHour: 10_000 },
  skus: [{ id: 'GAS', attributes: ['hazmat'] }, { id: 'CAP' }, { id: 'BAG' }],
  nodes: [
    { id: 'N-0', kind: 'store', location: { lat: 45.761, lon: 4.836 }, costs },
    { id: 'N-1', kind: 'store', location: { lat: 45.762, lon: 4.837 }, costs, dailyCapacity: { orders: 1 } },
    { id: 'N-2', kind: 'warehouse', location: { lat: 45.8, lon: 4.9 }, costs, tags: ['hazmat-ok'] },
    { id: 'N-3', kind: 'store', location: { lat: 45.763, lon: 4.838 }, costs, tags: ['closed'] },
  ],
})

const stock = stockOn(
  network,
  {
    rows: [
      // N-0: 2 caps (the cart wants 2: in full), 1 bag of 3 wanted (some), gas (not allowed at a store).
      { node: 'N-0', sku: 'CAP', onHand: 2 },
      { node: 'N-0', sku: 'BAG', onHand: 1 },
      { node: 'N-0', sku: 'GAS', onHand: 4 },
      // N-1: 5 bags (capped at the 3 wanted), 1 cap held by the reservation below (ATP 0).
      { node: 'N-1', sku: 'BAG', onHand: 5 },
      { node: 'N-1', sku: 'CAP', onHand: 1 },
      // N-2: gas at a warehouse tagged for it.
      { node: 'N-2', sku: 'GAS', onHand: 1 },
      // N-3: excluded by a tag rule.
      { node: 'N-3', sku: 'CAP', onHand: 9 },
    ],
  },
  // N-1's cap is held for an order: nothing left to promise.
  [{ node: 'N-1', sku: 'CAP', quantity: 1 }],
  now,
)

const RULES = { excludeTags: ['closed'], skuAttributes: [{ attribute: 'hazmat', requireTags: ['hazmat-ok'] }] } as unknown as SourcingRules
const LINES = [
  { id: 'g', sku: 'GAS', quantity: 1 },
  { id: 'c', sku: 'CAP', quantity: 2 },
  { id: 'b', sku: 'BAG', quantity: 3 },
]

const tableOf = (options: PromiseOptions, capacityUsed?: Record<string, { orders: number; units: number }>): { data: CartNodes; items: readonly string[] } => {
  const request = decodePromiseRequest({ channel: 'web', now, location: SHOPPER, lines: LINES })
  if (E.isLeft(request)) throw new Error(request.left.message)
  const ctx = promiseContext(stock, request.right, { ...options, ...(capacityUsed === undefined ? {} : { capacityUsed }) })
  if (E.isLeft(ctx)) throw new Error(JSON.stringify(ctx.left))
  return { data: cartNodes(ctx.right), items: ctx.right.items }
}

/** Per node id: [SKUs supplied at all, SKUs supplied in full, units of each SKU, capacity today, open]. */
const rowsOf = (t: { data: CartNodes; items: readonly string[] }) => {
  const skusOf = (mask: number): string[] => t.items.filter((_, s) => (mask & (1 << s)) !== 0)
  return Object.fromEntries(
    t.data.nodes.map((n, i) => [
      network.nodes.ids[n],
      {
        // Units first: a table read starts from a node it has not worked out yet.
        units: Object.fromEntries(t.items.map((sku, s) => [sku, t.data.supply(i, s)])),
        touch: skusOf(t.data.touch(i)),
        full: skusOf(t.data.full(i)),
        capacity: t.data.capacity(i),
        open: t.data.open(i),
      },
    ]),
  )
}

describe('the cart supply table', () => {
  it('lists the nodes holding a cart SKU, in node order, and what each may supply under the rules', () => {
    const t = tableOf({ rules: RULES })
    // The cart's SKUs in id order.
    expect(t.items).toEqual(['BAG', 'CAP', 'GAS'])
    expect(t.data.nodes.map((n) => network.nodes.ids[n])).toEqual(['N-0', 'N-1', 'N-2', 'N-3'])
    const rows = rowsOf(t)
    // N-0: gas is hazmat and N-0 lacks the tag; 2 caps of 2 (in full); 1 bag of 3.
    expect(rows['N-0']).toMatchObject({ units: { GAS: 0, CAP: 2, BAG: 1 }, touch: ['BAG', 'CAP'], full: ['CAP'], open: true })
    // N-1: its cap is reserved (ATP 0: not supplied); 5 bags capped at the 3 wanted, in full.
    expect(rows['N-1']).toMatchObject({ units: { GAS: 0, CAP: 0, BAG: 3 }, touch: ['BAG'], full: ['BAG'], open: true })
    // N-2: 1 gas of 1, the warehouse carries the tag the rule asks for.
    expect(rows['N-2']).toMatchObject({ units: { GAS: 1, CAP: 0, BAG: 0 }, touch: ['GAS'], full: ['GAS'], open: true })
    // N-3: excluded by its tag, whatever it holds.
    expect(rows['N-3']).toMatchObject({ units: { GAS: 0, CAP: 0, BAG: 0 }, touch: [], full: [] })
  })

  it('without rules, the same nodes supply every SKU they have promisable', () => {
    const rows = rowsOf(tableOf({}))
    expect(rows['N-0']).toMatchObject({ units: { GAS: 1, CAP: 2, BAG: 1 }, touch: ['BAG', 'CAP', 'GAS'], full: ['CAP', 'GAS'] })
    expect(rows['N-3']).toMatchObject({ units: { GAS: 0, CAP: 2, BAG: 0 }, touch: ['CAP'], full: ['CAP'] })
  })

  it('a node whose orders today are used up may not send; the others keep their capacity', () => {
    // N-1 takes one order a day; one is used.
    const rows = rowsOf(tableOf({}, { 'N-1': { orders: 1, units: 0 } }))
    expect(rows['N-1']?.open).toBe(false)
    expect(rows['N-1']?.capacity).toBe(0)
    expect(rows['N-0']?.open).toBe(true)
    expect(rows['N-0']?.capacity).toBeGreaterThan(1000)
    expect(rowsOf(tableOf({}))['N-1']?.open).toBe(true)
  })
})

describe('carts of more SKUs than the table of units per SKU set covers', () => {
  it('a cart of 14 SKUs finds the same options on the cart path as routing in full', () => {
    // The units a set of SKUs asks for come from a table for carts of up to 12 SKUs, and are
    // summed per set beyond.
    const skus = Array.from({ length: 14 }, (_, i) => `S${String(i).padStart(2, '0')}`)
    const net = compiledNetwork({
      transit: { baseHours: 0, kmPerHour: 10_000 },
      nodes: [
        { id: 'W-1', kind: 'warehouse', location: { lat: 45.8, lon: 4.9 }, costs: { package: '5', unit: '0.2', perUnitKm: '0' } },
        { id: 'S-1', kind: 'store', location: { lat: 45.761, lon: 4.836 }, costs: { package: '3', unit: '0.5', perUnitKm: '0' } },
        { id: 'S-2', kind: 'store', location: { lat: 45.77, lon: 4.85 }, costs: { package: '3', unit: '0.4', perUnitKm: '0' } },
      ],
    })
    const rows = skus.flatMap((sku, i) => [
      { node: 'W-1', sku, onHand: i % 3 === 0 ? 0 : 3 },
      { node: 'S-1', sku, onHand: i % 2 === 0 ? 2 : 0 },
      { node: 'S-2', sku, onHand: i % 2 === 1 ? 2 : 1 },
    ])
    const cartStock = stockOn(net, { rows })
    const request = decodePromiseRequest({ channel: 'web', now, location: SHOPPER, lines: skus.map((sku, i) => ({ id: `l${i}`, sku, quantity: 1 + (i % 2) })) })
    if (E.isLeft(request)) throw new Error(request.left.message)
    const cart = promiseOptionsWith(cartStock, request.right, {}, 'cart')
    const routed = promiseOptionsWith(cartStock, request.right, {}, 'routed')
    expect(E.isRight(cart)).toBe(true)
    expect(cart).toEqual(routed)
    const options = E.isRight(cart) ? cart.right : []
    expect(options.map((o) => o.method)).toContain('ship')
    expect(options.map((o) => o.method)).toContain('pickup')
  })
})
