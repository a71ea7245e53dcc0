/**
 * Reserve-in-store's own steps (src/promise/reserve-in-store.ts), called directly: the stores
 * near the shopper holding every SKU of the request (a cart's by intersecting each SKU's
 * holders, a single SKU's read off its holders' bitset), nearest first with ties by node
 * index; whether a store's own shelves serve the whole request; and the plan's ATP.
 */
import { describe, expect, it } from 'vitest'
import type { PromiseContext } from '../../src/promise/context.js'
import { reserveOrder } from '../../src/promise/orders.js'
import { reserveCandidates, reserveCandidatesHeld, reservePlan, reserveServes } from '../../src/promise/reserve-in-store.js'
import { SkuSupply } from '../../src/promise/sku-supply.js'
import type { PromiseOptions } from '../../src/promise/types.js'
import { compiledNetwork, nodeNorth, stockOn } from '../support/network.js'
import { contextFor } from '../support/promise.js'

const node = nodeNorth

/**
 * Stores S1 (1 km), S2 and S3 (both 2 km, one spot; S3 picks at most 3 units a day), S4
 * (40 km), warehouse W1 (1 km).
 * On hand: S1 A 2; S2 A 1, B 1; S3 A 3, B 2; S4 A 5, B 5; W1 A 9, B 9.
 */
const network = compiledNetwork({
  nodes: [node('S1', 'store', 1), node('S2', 'store', 2), node('S3', 'store', 2, { dailyCapacity: { orders: 10, units: 3 } }), node('S4', 'store', 40), node('W1', 'warehouse', 1)],
})
const stock = stockOn(network, {
  rows: [
    ['S1', 'A', 2],
    ['S2', 'A', 1],
    ['S2', 'B', 1],
    ['S3', 'A', 3],
    ['S3', 'B', 2],
    ['S4', 'A', 5],
    ['S4', 'B', 5],
    ['W1', 'A', 9],
    ['W1', 'B', 9],
  ].map(([n, sku, onHand]) => ({ node: n, sku, onHand })),
})
const at = (id: string): number => network.nodes.byId.get(id as never) ?? -1
const isStore = (n: number): boolean => (network.nodes.ids[n] as string).startsWith('S')

const ctxOf = (r: Record<string, unknown>, o: PromiseOptions = {}): PromiseContext => contextFor(stock, r, o)
const cart = (lines: readonly (readonly [string, number])[], r: Record<string, unknown> = {}, o: PromiseOptions = {}) =>
  ctxOf({ lines: lines.map(([sku, quantity]) => ({ sku, quantity })), ...r }, o)
/** The ATP a plan answer reports (undefined for any other answer). */
const availableOf = (a: ReturnType<typeof reservePlan>): number | undefined => (a.kind === 'plan' ? a.available : undefined)
const named = (list: ReadonlyArray<{ readonly node: number; readonly metres: number }>) => list.map((c) => [network.nodes.ids[c.node], Math.round(c.metres)])

describe('the stores that may hold the whole request', () => {
  it('a cart: the stores holding every SKU, within the radius, nearest first, ties by node index', () => {
    expect(named(reserveCandidates(cart([['A', 1], ['B', 1]]), isStore))).toEqual([
      ['S2', 2000],
      ['S3', 2000],
    ])
    expect(named(reserveCandidates(cart([['A', 1], ['B', 1]], { radiusKm: 50 }), isStore)).map(([n]) => n)).toEqual(['S2', 'S3', 'S4'])
    expect(named(reserveCandidates(cart([['A', 1], ['B', 1]], { radiusKm: 1.999 }), isStore))).toEqual([])
    expect(named(reserveCandidates(cart([['A', 1]], { radiusKm: 1 }), isStore))).toEqual([['S1', 1000]])
    // A SKU no node holds, or one not in the stock at all, leaves none.
    expect(reserveCandidates(cart([['A', 1], ['Z', 1]]), isStore)).toEqual([])
  })

  it('given the holders, only those are looked at', () => {
    expect(named(reserveCandidates(cart([['A', 1]]), isStore, [at('S3'), at('S4')]))).toEqual([['S3', 2000]])
  })

  it('a single SKU, read off its holders: the same stores as the cart path', () => {
    const ctx = ctxOf({ sku: 'A' })
    const held = named(reserveCandidatesHeld(ctx, isStore, new SkuSupply(ctx)))
    expect(held).toEqual([
      ['S1', 1000],
      ['S2', 2000],
      ['S3', 2000],
    ])
    expect(named(reserveCandidates(ctx, isStore))).toEqual(held)
    const near = ctxOf({ sku: 'B', radiusKm: 1.999 })
    expect(reserveCandidatesHeld(near, isStore, new SkuSupply(near))).toEqual([])
  })

  it('a single SKU past the first 32 nodes of the bitset', () => {
    const nodes = Array.from({ length: 40 }, (_, i) => node(`N${String(i).padStart(2, '0')}`, 'store', 0.1 * (40 - i)))
    const s = stockOn(compiledNetwork({ nodes }), { rows: [{ node: 'N35', sku: 'A', onHand: 1 }, { node: 'N03', sku: 'A', onHand: 1 }] })
    const c = contextFor(s, { sku: 'A' })
    const ids = reserveCandidatesHeld(c, () => true, new SkuSupply(c)).map((x) => s.network.nodes.ids[x.node])
    expect(ids).toEqual(['N35', 'N03'])
  })
})

describe('whether a store’s own shelves serve the whole request', () => {
  it('a cart: every SKU’s ATP covers its demand, the rules allow the store, and a unit costs less than leaving it', () => {
    expect(reserveServes(cart([['A', 1], ['B', 1]]), at('S2'))).toBe(true)
    expect(reserveServes(cart([['A', 2], ['B', 1]]), at('S2'))).toBe(false)
    expect(reserveServes(cart([['A', 1], ['B', 2]]), at('S3'))).toBe(true)
    expect(reserveServes(cart([['A', 1], ['B', 1]], {}, { rules: { excludeNodes: ['S2' as never] } }), at('S2'))).toBe(false)
    expect(reserveServes(cart([['A', 1], ['B', 1]], {}, { rules: { nodeKinds: ['warehouse'] } }), at('S2'))).toBe(false)
    // A unit costs 1: a penalty of 1 makes leaving it as cheap, and leaving wins the tie.
    expect(reserveServes(cart([['A', 1], ['B', 1]], {}, { unfulfilledPenalty: '1' as never }), at('S2'))).toBe(false)
    expect(reserveServes(cart([['A', 1], ['B', 1]], {}, { unfulfilledPenalty: '1.000001' as never }), at('S2'))).toBe(true)
  })

  it('a cart: the store must still have room today for every unit', () => {
    // S3 picks at most 3 units a day; the cart is 3 units.
    const used = (units: number) => ({ capacityUsed: { S3: { orders: 0, units } } }) as unknown as PromiseOptions
    expect(reserveServes(cart([['A', 2], ['B', 1]], {}, used(0)), at('S3'))).toBe(true)
    expect(reserveServes(cart([['A', 2], ['B', 1]], {}, used(1)), at('S3'))).toBe(false)
    expect(reserveServes(cart([['A', 1]], {}, used(2)), at('S3'))).toBe(true)
    expect(reserveServes(cart([['A', 1]], {}, used(3)), at('S3'))).toBe(false)
  })

  it('a single SKU: what the holders know', () => {
    const ctx = ctxOf({ sku: 'A', quantity: 2 })
    const h = new SkuSupply(ctx)
    expect(reserveServes(ctx, at('S1'), h)).toBe(true)
    expect(reserveServes(ctx, at('S2'), h)).toBe(false)
    const dear = ctxOf({ sku: 'A', quantity: 2 }, { unfulfilledPenalty: '1' as never })
    expect(reserveServes(dear, at('S1'), new SkuSupply(dear))).toBe(false)
  })
})

describe('the reserve-in-store plan', () => {
  it('its ATP: the store’s for a single SKU, −1 for a cart', () => {
    const one = ctxOf({ sku: 'A' })
    expect(availableOf(reservePlan(one, at('S3'), reserveOrder(one, at('S3'))))).toBe(3)
    // With the holders: read once the store was found to serve, as the promise does.
    const h = new SkuSupply(one)
    expect(reserveServes(one, at('S3'), h)).toBe(true)
    expect(availableOf(reservePlan(one, at('S3'), reserveOrder(one, at('S3')), h))).toBe(3)
    const two = cart([['A', 1], ['B', 1]])
    const p = reservePlan(two, at('S3'), reserveOrder(two, at('S3')))
    expect(availableOf(p)).toBe(-1)
    expect(p.kind === 'plan' && p.plan.allocations.map((a) => [a.node, a.sku, a.quantity])).toEqual([
      ['S3', 'A', 1],
      ['S3', 'B', 1],
    ])
  })
})

describe('a cart’s stores, holders intersected', () => {
  // BOWL (bulky) at S2, S3 and W1; CUP at S1, S2, S3 and W1 — all 1 km away, in id order. The
  // cart's SKUs in order are BOWL then CUP, whose holders start lower.
  const world = (() => {
    const net = compiledNetwork({
      nodes: [node('S1', 'store', 1), node('S2', 'store', 1), node('S3', 'store', 1), node('W1', 'warehouse', 1)],
      skus: [{ id: 'BOWL', attributes: ['bulky'] }, { id: 'CUP' }],
    })
    return stockOn(net, {
      rows: [['S2', 'BOWL'], ['S3', 'BOWL'], ['W1', 'BOWL'], ['S1', 'CUP'], ['S2', 'CUP'], ['S3', 'CUP'], ['W1', 'CUP']].map(([n, sku]) => ({ node: n, sku, onHand: 2 })),
    })
  })()
  const ctx = (o: PromiseOptions = {}) => contextFor(world, { lines: [{ sku: 'CUP', quantity: 1 }, { sku: 'BOWL', quantity: 1 }] }, o)
  const stores = (n: number): boolean => (world.network.nodes.ids[n] as string).startsWith('S')
  const idsOf = (list: ReadonlyArray<{ readonly node: number }>) => list.map((c) => world.network.nodes.ids[c.node])

  it('every store holding both, whichever SKU’s holders start lower', () => {
    expect(idsOf(reserveCandidates(ctx(), stores))).toEqual(['S2', 'S3'])
    expect(idsOf(reserveCandidates(ctx(), () => true))).toEqual(['S2', 'S3', 'W1'])
  })

  it('a rule on the bulky bowl keeps its store from serving the cart', () => {
    const s2 = world.network.nodes.byId.get('S2' as never) ?? -1
    expect(reserveServes(ctx(), s2)).toBe(true)
    expect(reserveServes(ctx({ rules: { skuAttributes: [{ attribute: 'bulky' as never, nodeKinds: ['warehouse'] }] } }), s2)).toBe(false)
  })
})

describe('the radius', () => {
  it('a store exactly at the radius is listed, by either path', () => {
    const one = ctxOf({ sku: 'A' })
    const metres = reserveCandidates(one, isStore).find((c) => c.node === at('S2'))?.metres ?? 0
    const exact = ctxOf({ sku: 'A', radiusKm: metres / 1000 })
    expect(named(reserveCandidatesHeld(exact, isStore, new SkuSupply(exact))).map(([n]) => n)).toEqual(['S1', 'S2', 'S3'])
    expect(named(reserveCandidates(exact, isStore)).map(([n]) => n)).toEqual(['S1', 'S2', 'S3'])
  })
})
