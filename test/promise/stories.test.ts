import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { customers } from '../../examples/sample-network.js'
import { loadSample } from '../../examples/setup.js'
import { decodePromiseRequest } from '../../src/codecs/decode.js'
import type { SourcingRules } from '../../src/model/order.js'
import type { PromiseRequest } from '../../src/model/promise.js'
import { promiseOptions, reserveOption, storeAvailability, type PromiseOption, type PromiseOptions } from '../../src/promise/index.js'
import { routeOrder } from '../../src/routing/route.js'
import { atpAt, buildStock, skuIndexOf } from '../../src/stock/index.js'

const now = '2026-11-27T09:00:00Z'
const sample = loadSample()

const request = (json: Record<string, unknown>): PromiseRequest => {
  const r = decodePromiseRequest({ channel: 'web', now, location: customers.lyonPresquile, ...json })
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const promise = (json: Record<string, unknown>, options: PromiseOptions = {}, stock = sample.stock): readonly PromiseOption[] => {
  const r = promiseOptions(stock, request(json), options)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

/** A French retailer's price rule: €4.90 delivery, free from €50; collection is free. */
const price: PromiseOptions['price'] = [
  { method: 'ship', price: '4.90' },
  { method: 'ship', threshold: '50', price: '0' },
  { method: 'pickup', price: '0' },
  { method: 'reserve-in-store', price: '0' },
]

const find = (options: readonly PromiseOption[], method: PromiseOption['method'], node?: string): PromiseOption | undefined =>
  options.find((o) => o.method === method && (node === undefined || o.node === node))

/** Routing the option's order at checkout gives the option's plan again. */
const expectRoutesTo = (o: PromiseOption): void => {
  const routed = routeOrder(sample.stock, o.order, { now })
  if (E.isLeft(routed)) throw new Error(JSON.stringify(routed.left))
  const { explanation: _explanation, ...plan } = routed.right
  expect(plan).toEqual(o.plan)
}

describe('delivery promise stories (sample network)', () => {
  it('collect today at Lyon Part-Dieu: the lamp is on its shelves (4 left), ready in the store lead time', () => {
    const options = promise({ sku: 'LAMP' }, { price })
    const here = find(options, 'pickup', 'S-LYON-PART-DIEU')
    expect(here).toBeDefined()
    expect(here?.transfer).toBe(false)
    expect(here?.sources).toEqual(['S-LYON-PART-DIEU'])
    expect(here?.eta).toBe('2026-11-27T11:00:00.000Z') // 2 h store lead time
    expect(here?.lines).toEqual([{ lineId: '1', sku: 'LAMP', quantity: 1, available: 4 }])
    expect(here?.price).toBe('0')
    expect(here?.cost).toBe('1.2') // the store's handling of one unit
    expectRoutesTo(here as PromiseOption)
  })

  it('collect at Villeurbanne after a transfer: the last pair of sneakers moves from Part-Dieu', () => {
    const options = promise({ sku: 'SNEAKER-42' }, { price })
    const there = find(options, 'pickup', 'S-VILLEURBANNE')
    expect(there?.transfer).toBe(true)
    expect(there?.sources).toEqual(['S-LYON-PART-DIEU'])
    expect(there?.plan.transfers.map((t) => [t.from, t.to])).toEqual([['S-LYON-PART-DIEU', 'S-VILLEURBANNE']])
    // Transfer time (12 h default) and the pickup store's lead time come after the sender's lead time.
    expect(Date.parse(there?.eta ?? '')).toBeGreaterThan(Date.parse('2026-11-27T23:00:00Z'))
    expect(there?.lines[0]?.available).toBe(1)
    expectRoutesTo(there as PromiseOption)
  })

  it('delivered from a store, €4.90: a ship-from-store pilot rules warehouses out, and the tiers price delivery', () => {
    const rules = { nodeKinds: ['store', 'locker'] } as unknown as SourcingRules
    const options = promise({ sku: 'JACKET-M', location: customers.lyonPresquile }, { price, rules })
    const ship = find(options, 'ship')
    expect(ship?.sources).toEqual(['S-VILLEURBANNE'])
    expect(ship?.price).toBe('4.90')
    expect(ship?.plan.shipments.map((s) => s.from)).toEqual(['S-VILLEURBANNE'])
    expect(ship?.order.rules).toEqual(rules)
    expectRoutesTo(ship as PromiseOption)
    // From €50 of goods delivery is free.
    const free = promise({ sku: 'JACKET-M', value: '79.90' }, { price, rules })
    expect(find(free, 'ship')?.price).toBe('0')
  })

  it('reserve in store, hold 2 h: only where the shelves hold everything, never after a transfer', () => {
    const options = promise({ sku: 'LAMP' }, { price, holdHours: 2 })
    const reserve = options.filter((o) => o.method === 'reserve-in-store')
    expect(reserve.map((o) => o.node)).toEqual(['S-LYON-PART-DIEU'])
    const r = reserve[0] as PromiseOption
    expect(r.transfer).toBe(false)
    expect(r.eta).toBe('2026-11-27T11:00:00.000Z')
    expect(r.holdUntil).toBe('2026-11-27T13:00:00.000Z')
    expect(r.order.rules?.maxDistanceKm).toBe(0)
    expectRoutesTo(r)
    // Checkout holds exactly the promised units, until the hold ends.
    const held = reserveOption(sample.stock, r, { now })
    expect(E.isRight(held)).toBe(true)
    if (E.isRight(held)) {
      expect(held.right.reservation.lines.map((l) => [l.node, l.sku, l.quantity])).toEqual([['S-LYON-PART-DIEU', 'LAMP', 1]])
      expect(held.right.reservation.expiresAt).toBe(r.holdUntil)
      // The next shopper sees one lamp fewer at Part-Dieu.
      const after = promise({ sku: 'LAMP' }, { price }, held.right.state)
      expect(find(after, 'reserve-in-store', 'S-LYON-PART-DIEU')?.lines[0]?.available).toBe(3)
    }
    // Villeurbanne has no lamp: pickup there needs a transfer, so no reserve-in-store.
    expect(find(options, 'pickup', 'S-VILLEURBANNE')?.transfer).toBe(true)
    expect(find(options, 'reserve-in-store', 'S-VILLEURBANNE')).toBeUndefined()
  })

  it('a cart of a jacket and a lamp: one parcel from the Lyon warehouse, or collect with a transfer; no store holds both', () => {
    const options = promise({ lines: [{ id: 'a', sku: 'JACKET-M', quantity: 1 }, { id: 'b', sku: 'LAMP', quantity: 1 }] }, { price })
    const ship = find(options, 'ship')
    expect(ship?.sources).toEqual(['W-LYON'])
    expect(ship?.plan.shipments).toHaveLength(1)
    expect(ship?.quantity).toBe(2)
    expect(options.filter((o) => o.method === 'reserve-in-store')).toEqual([])
    const pickups = options.filter((o) => o.method === 'pickup')
    expect(pickups.length).toBeGreaterThan(0)
    for (const o of options) expectRoutesTo(o)
  })

  it('ranks delivery first, then pickup points nearest first; by eta or price on request', () => {
    const options = promise({ sku: 'LAMP' }, { price })
    expect(options[0]?.method).toBe('ship')
    const distances = options.slice(1).map((o) => o.distanceKm ?? 0)
    expect(distances).toEqual([...distances].sort((a, b) => a - b))
    const byEta = promise({ sku: 'LAMP' }, { price, rankBy: 'eta' }).map((o) => Date.parse(o.eta))
    expect(byEta).toEqual([...byEta].sort((a, b) => a - b))
    const byPrice = promise({ sku: 'LAMP' }, { price, rankBy: 'price' }).map((o) => Number(o.price))
    expect(byPrice).toEqual([...byPrice].sort((a, b) => a - b))
  })

  it('honours the methods, the radius and the number of pickup points asked for', () => {
    expect(promise({ sku: 'LAMP', methods: ['ship'] }).map((o) => o.method)).toEqual(['ship'])
    const near = promise({ sku: 'LAMP', methods: ['pickup'], radiusKm: 2 })
    expect(near.map((o) => o.node)).toEqual(['L-LYON-PERRACHE'])
    expect(promise({ sku: 'LAMP', methods: ['pickup'], maxPickupNodes: 1 })).toHaveLength(1)
    expect(promise({ sku: 'LAMP', methods: ['pickup', 'reserve-in-store'], location: customers.toulouse })).toEqual([])
  })

  it('never promises what is not there: an unknown SKU or too many units gives no option', () => {
    expect(promise({ sku: 'NOT-A-SKU' })).toEqual([])
    const options = promise({ sku: 'LAMP', quantity: 5 })
    // Part-Dieu holds 4 lamps: collecting 5 there needs a transfer, reserving 5 is impossible.
    expect(find(options, 'reserve-in-store')).toBeUndefined()
    const there = find(options, 'pickup', 'S-LYON-PART-DIEU')
    expect(there?.quantity).toBe(5)
    for (const o of options) {
      for (const a of o.plan.allocations) {
        expect(a.quantity).toBeLessThanOrEqual(atpAt(sample.stock, skuIndexOf(sample.stock, a.sku), sample.network.nodes.byId.get(a.node) ?? -1, 'web'))
      }
    }
  })

  it('prices with a function of the option when tiers are not enough, and refuses a price that is not an amount', () => {
    const byDistance = promise({ sku: 'LAMP' }, { price: (o) => (o.method === 'ship' ? '5.90' : (o.distanceKm ?? 0) < 3 ? '0' : '1.50') })
    expect(find(byDistance, 'ship')?.price).toBe('5.90')
    expect(find(byDistance, 'pickup', 'S-LYON-PART-DIEU')?.price).toBe('0')
    expect(find(byDistance, 'pickup', 'S-VILLEURBANNE')?.price).toBe('1.50')
    const bad = promiseOptions(sample.stock, request({ sku: 'LAMP' }), { price: () => 'free' })
    expect(E.isLeft(bad) && bad.left._tag).toBe('invalid-price')
    const badTier = promiseOptions(sample.stock, request({ sku: 'LAMP' }), { price: [{ method: 'ship', price: '4,90' }] })
    expect(E.isLeft(badTier) && badTier.left).toMatchObject({ _tag: 'invalid-price', path: '$.price[0].price' })
  })

  it('rejects a request that names no units or repeats a line id, with the path', () => {
    const empty = promiseOptions(sample.stock, request({ lines: [] }))
    expect(E.isLeft(empty) && empty.left).toMatchObject({ _tag: 'invalid-request', path: '$.lines' })
    const twice = promiseOptions(sample.stock, request({ lines: [{ id: 'x', sku: 'LAMP', quantity: 1 }, { id: 'x', sku: 'JACKET-M', quantity: 1 }] }))
    expect(E.isLeft(twice) && twice.left).toMatchObject({ _tag: 'duplicate-line', path: '$.lines[1].id' })
    const both = promiseOptions(sample.stock, { ...request({ sku: 'LAMP' }), lines: [] } as unknown as PromiseRequest)
    expect(E.isLeft(both) && both.left).toMatchObject({ _tag: 'invalid-request', path: '$.lines' })
  })

  it('decodes the request document and names the path of what is wrong', () => {
    const r = decodePromiseRequest({ channel: 'web', now, location: { lat: 95, lon: 4.8 }, sku: 'LAMP', methods: ['drone'] })
    expect(E.isLeft(r)).toBe(true)
    if (E.isLeft(r)) {
      const paths = r.left.issues.map((i) => i.path)
      expect(paths).toContain('$.location.lat')
      expect(paths).toContain('$.methods[0]')
    }
    expect(E.isRight(decodePromiseRequest({ channel: 'web', now, location: customers.grenoble, lines: [{ sku: 'TENT-4P', quantity: 2 }] }))).toBe(true)
  })
})

describe('per-store availability (sample network)', () => {
  const near = (sku: string, buckets?: Parameters<typeof storeAvailability>[2]) => {
    const r = storeAvailability(sample.stock, { sku, channel: 'web', location: customers.lyonPresquile, limit: 3 }, buckets)
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    return r.right
  }

  it('lists the nearest stores with their ATP, bucketed, stores without stock included', () => {
    expect(near('JACKET-M').map((s) => [s.node, s.atp, s.bucket])).toEqual([
      ['S-LYON-PART-DIEU', 0, 'none'],
      // 3 on hand, one held back by the count-confidence buffer
      ['S-VILLEURBANNE', 2, 'low-stock'],
    ])
    expect(near('LAMP').map((s) => [s.node, s.atp, s.bucket])).toEqual([
      ['S-LYON-PART-DIEU', 4, 'in-stock'],
      ['S-VILLEURBANNE', 0, 'none'],
    ])
  })

  it('never shows the last, uncertain unit as available', () => {
    const rows = sample.snapshot.rows.map((r) => (r.node === 'S-VILLEURBANNE' && r.sku === 'JACKET-M' ? { ...r, onHand: 1 } : r))
    const stock = buildStock(sample.network, { ...sample.snapshot, rows } as typeof sample.snapshot)
    if (E.isLeft(stock)) throw new Error('build')
    const r = storeAvailability(stock.right, { sku: 'JACKET-M', channel: 'web', location: customers.lyonPresquile })
    expect(E.isRight(r) && r.right.find((s) => s.node === 'S-VILLEURBANNE')).toMatchObject({ atp: 0, bucket: 'none' })
  })

  it('uses the caller’s buckets and refuses buckets with no start at 0', () => {
    const buckets = [{ label: 'sold out', min: 0 }, { label: 'last ones', min: 1 }, { label: 'available', min: 3 }]
    expect(near('JACKET-M', { buckets }).map((s) => s.bucket)).toEqual(['sold out', 'last ones'])
    const bad = storeAvailability(sample.stock, { sku: 'LAMP', channel: 'web', location: customers.lyonPresquile }, { buckets: [{ label: 'some', min: 1 }] })
    expect(E.isLeft(bad) && bad.left._tag).toBe('invalid-request')
  })
})
