/**
 * What each promise option says, field by field, and how options are ranked: on a small
 * hand-made network (no node names, a pickup store first in the network, a dark store that
 * collects, two SKUs held apart), where every expected value is worked out in the comments.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodePromiseRequest } from '../../src/codecs/decode.js'
import { distanceMetres } from '../../src/geo.js'
import type { PromiseRequest } from '../../src/model/promise.js'
import type { PromiseContext } from '../../src/promise/context.js'
import { rankOptions, type Ranked } from '../../src/promise/option.js'
import { promiseOptions, type PromiseOption, type PromiseOptions } from '../../src/promise/index.js'
import { routeOrder } from '../../src/routing/route.js'
import { compiledNetwork, stockOn } from '../support/network.js'

const now = '2026-12-08T09:00:00Z'
const SHOPPER = { lat: 45.76, lon: 4.835 }
const costs = (pkg: string, unit: string) => ({ package: pkg, unit, perUnitKm: '0' })
const A_STORE = { lat: 45.762, lon: 4.84 }
const C_STORE = { lat: 45.78, lon: 4.86 }

const network = compiledNetwork({
  transit: { baseHours: 0, kmPerHour: 10_000 },
  nodes: [
    // First in the network (nodes are indexed by id: S-A is 0): a store that collects, 0.43 km
    // from the shopper.
    { id: 'S-A', name: 'Ainay', kind: 'store', location: A_STORE, leadTimeHours: 1, costs: costs('3', '0.5') },
    { id: 'S-B', name: 'Brotteaux', kind: 'store', location: { lat: 45.77, lon: 4.85 }, leadTimeHours: 1, costs: costs('3', '0.5') },
    // No name: its options' records have no nodeName.
    { id: 'S-C', kind: 'store', location: C_STORE, leadTimeHours: 1, costs: costs('3', '0.5') },
    // A dark store that collects too: a pickup point, never a store to reserve in.
    { id: 'T-D', kind: 'dark-store', location: { lat: 45.7601, lon: 4.8351 }, leadTimeHours: 1, costs: costs('3', '0.5'), capabilities: ['ship', 'pickup', 'transfer-in', 'transfer-out'] },
    { id: 'W-Z', kind: 'warehouse', location: { lat: 45.8, lon: 4.9 }, leadTimeHours: 1, costs: costs('4', '0.2') },
  ],
})

const stockOf = (rows: readonly { node: string; sku: string; onHand: number }[]) => stockOn(network, { rows })

const request = (json: Record<string, unknown>): PromiseRequest => {
  const r = decodePromiseRequest({ channel: 'web', now, location: SHOPPER, ...json })
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const promise = (stock: ReturnType<typeof stockOf>, json: Record<string, unknown>, options: PromiseOptions = {}): readonly PromiseOption[] => {
  const r = promiseOptions(stock, request(json), options)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

/** Routing the option's order at checkout gives the option's plan again. */
const expectRoutesTo = (stock: ReturnType<typeof stockOf>, o: PromiseOption): void => {
  const routed = routeOrder(stock, o.order, { now })
  if (E.isLeft(routed)) throw new Error(JSON.stringify(routed.left))
  const { explanation: _explanation, ...plan } = routed.right
  expect(plan).toEqual(o.plan)
}

describe('promise option fields', () => {
  const lamps = stockOf([
    { node: 'S-A', sku: 'LAMP', onHand: 2 },
    { node: 'S-B', sku: 'LAMP', onHand: 3 },
    { node: 'S-C', sku: 'LAMP', onHand: 4 },
    { node: 'T-D', sku: 'LAMP', onHand: 5 },
  ])

  it('a ship option names no node and no distance: it goes to the shopper', () => {
    for (const json of [{ sku: 'LAMP' }, { lines: [{ id: 'l1', sku: 'LAMP', quantity: 1 }] }]) {
      const ship = promise(lamps, { ...json, methods: ['ship'] })
      expect(ship).toHaveLength(1)
      expect(Object.keys(ship[0] as PromiseOption)).toEqual(['method', 'sources', 'transfer', 'eta', 'cost', 'price', 'quantity', 'lines', 'order', 'plan'])
    }
  })

  it('the network’s first node, as a pickup point and a store to reserve in, carries its id, name and distance in km', () => {
    const km = Math.round(distanceMetres(SHOPPER, A_STORE)) / 1000
    expect(km).toBeGreaterThan(0.4)
    expect(km).toBeLessThan(0.5)
    const options = promise(lamps, { sku: 'LAMP', methods: ['pickup', 'reserve-in-store'], maxPickupNodes: 4 })
    for (const method of ['pickup', 'reserve-in-store'] as const) {
      const here = options.find((o) => o.method === method && o.node === 'S-A')
      expect(here, method).toBeDefined()
      expect(Object.keys(here as PromiseOption).slice(0, 4)).toEqual(['method', 'node', 'nodeName', 'distanceKm'])
      expect([here?.nodeName, here?.distanceKm]).toEqual(['Ainay', km])
      // S-C has no name: the same record without it, its distance in km too.
      const c = options.find((o) => o.method === method && o.node === 'S-C')
      expect(Object.keys(c as PromiseOption).slice(0, 3)).toEqual(['method', 'node', 'distanceKm'])
      expect(c?.distanceKm).toBe(Math.round(distanceMetres(SHOPPER, C_STORE)) / 1000)
    }
    expect(options.find((o) => o.node === 'S-B')?.nodeName).toBe('Brotteaux')
  })

  it('reserve-in-store is only offered at stores, and at most maxPickupNodes of them: the nearest', () => {
    // T-D is nearest of all and collects, but is a dark store: a pickup point only. Of the
    // three stores holding the lamp, maxPickupNodes = 1 keeps the nearest, S-A.
    const options = promise(lamps, { sku: 'LAMP', methods: ['pickup', 'reserve-in-store'], maxPickupNodes: 1 })
    expect(options.map((o) => [o.method, o.node])).toEqual([
      ['pickup', 'T-D'],
      ['reserve-in-store', 'S-A'],
    ])
    const two = promise(lamps, { sku: 'LAMP', methods: ['reserve-in-store'], maxPickupNodes: 2 })
    expect(two.map((o) => o.node)).toEqual(['S-A', 'S-B'])
    const many = promise(lamps, { lines: [{ id: 'l1', sku: 'LAMP', quantity: 1 }], methods: ['reserve-in-store'], maxPickupNodes: 9 })
    expect(many.map((o) => o.node)).toEqual(['S-A', 'S-B', 'S-C'])
  })

  it('a cart served by two nodes lists its sources by id, and each line’s available units at its own source only', () => {
    // The bag is only at S-B; the cap is at W-Z (5, cheapest per unit), and 1 at S-B. The
    // parcel plan takes both caps from W-Z (0.2 a unit against S-B's 0.5) and the bag from
    // S-B; the sources are by id. The cap line shows W-Z's 5, not S-B's cap as well.
    const stock = stockOf([
      { node: 'W-Z', sku: 'CAP', onHand: 5 },
      { node: 'S-B', sku: 'CAP', onHand: 1 },
      { node: 'S-B', sku: 'BAG', onHand: 3 },
    ])
    const [ship] = promise(stock, { lines: [{ id: 'c', sku: 'CAP', quantity: 2 }, { id: 'b', sku: 'BAG', quantity: 1 }], methods: ['ship'] })
    expect(ship?.sources).toEqual(['S-B', 'W-Z'])
    expect(ship?.lines).toEqual([
      { lineId: 'c', sku: 'CAP', quantity: 2, available: 5 },
      { lineId: 'b', sku: 'BAG', quantity: 1, available: 3 },
    ])
    expectRoutesTo(stock, ship as PromiseOption)
  })

  it('a price function sees whether the option needs a transfer', () => {
    // Only W-Z holds the scarf: collecting at S-A needs a transfer, and the function charges it.
    const stock = stockOf([{ node: 'W-Z', sku: 'SCARF', onHand: 2 }])
    const price = (o: { readonly method: string; readonly transfer: boolean }): string => (o.transfer ? '2.5' : o.method === 'ship' ? '4.9' : '0')
    const options = promise(stock, { lines: [{ id: 's', sku: 'SCARF', quantity: 1 }], methods: ['ship', 'pickup'], maxPickupNodes: 1 }, { price })
    expect(options.map((o) => [o.method, o.node, o.transfer, o.price])).toEqual([
      ['ship', undefined, false, '4.9'],
      ['pickup', 'T-D', true, '2.5'],
    ])
  })
})

describe('promise options are input too', () => {
  it('a ranking that is not one of the three is refused at its path, naming the choices', () => {
    const r = promiseOptions(stockOf([]), request({ sku: 'LAMP' }), { rankBy: 'nearest' } as never)
    expect(r).toEqual(
      E.left({ _tag: 'invalid-option', path: '$.options.rankBy', message: 'expected PromiseRanking (one of "distance", "eta", "price"), got "nearest"' }),
    )
  })
})

describe('rankOptions', () => {
  const ctxOf = (rankBy: 'distance' | 'eta' | 'price'): PromiseContext => ({ rankBy }) as unknown as PromiseContext
  const ranked = (name: string, method: PromiseOption['method'], etaMs: number, priceMicros: number, metres: number, node?: string): Ranked => ({
    option: { method, ...(node === undefined ? {} : { node }), name } as unknown as PromiseOption,
    etaMs,
    priceMicros,
    metres,
  })
  const names = (rankBy: 'distance' | 'eta' | 'price', xs: readonly Ranked[]): readonly string[] =>
    rankOptions(ctxOf(rankBy), [...xs]).map((o) => (o as unknown as { name: string }).name)

  it('ranks by the chosen key first, then ETA, price, distance, method and node id', () => {
    // Each pair ties on every key before the one it differs in, and comes in the wrong order.
    expect(names('distance', [ranked('far', 'pickup', 0, 0, 900, 'x'), ranked('near', 'pickup', 9, 9, 100, 'y')])).toEqual(['near', 'far'])
    expect(names('distance', [ranked('late', 'pickup', 50, 0, 100, 'x'), ranked('early', 'pickup', 10, 9, 100, 'y')])).toEqual(['early', 'late'])
    expect(names('distance', [ranked('dear', 'pickup', 10, 70, 100, 'x'), ranked('cheap', 'pickup', 10, 30, 100, 'y')])).toEqual(['cheap', 'dear'])
    expect(names('eta', [ranked('far', 'pickup', 10, 30, 700, 'x'), ranked('near', 'pickup', 10, 30, 200, 'y')])).toEqual(['near', 'far'])
    expect(names('eta', [ranked('reserve', 'reserve-in-store', 10, 30, 200, 'x'), ranked('pickup', 'pickup', 10, 30, 200, 'x')])).toEqual(['pickup', 'reserve'])
    expect(names('eta', [ranked('pickup', 'pickup', 10, 30, 200, 'x'), ranked('ship', 'ship', 10, 30, 200)])).toEqual(['ship', 'pickup'])
    expect(names('eta', [ranked('y', 'pickup', 10, 30, 200, 'S-Y'), ranked('x', 'pickup', 10, 30, 200, 'S-X')])).toEqual(['x', 'y'])
    expect(names('eta', [ranked('x', 'pickup', 10, 30, 200, 'S-X'), ranked('y', 'pickup', 10, 30, 200, 'S-Y')])).toEqual(['x', 'y'])
    expect(names('price', [ranked('dear', 'ship', 0, 500, 0), ranked('cheap', 'pickup', 99, 100, 900, 'z')])).toEqual(['cheap', 'dear'])
    expect(names('eta', [ranked('late', 'ship', 90, 0, 0), ranked('early', 'pickup', 10, 900, 900, 'z')])).toEqual(['early', 'late'])
  })

  it('keeps the order it was given for options equal on every key, and sorts longer lists', () => {
    const same = [ranked('a', 'pickup', 1, 1, 1, 'n'), ranked('b', 'pickup', 1, 1, 1, 'n')]
    expect(names('eta', same)).toEqual(['a', 'b'])
    const many = [5, 3, 9, 1, 7].map((m) => ranked(`m${m}`, 'pickup', 0, 0, m, `n${m}`))
    expect(names('distance', many)).toEqual(['m1', 'm3', 'm5', 'm7', 'm9'])
  })
})
