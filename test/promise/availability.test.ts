/**
 * Per-store availability for a product page (src/promise/availability.ts): the nearest stores
 * within the radius, nearest first, each with its ATP and the bucket it falls in; inbound
 * lots counted by `at`; and every malformed query or option an `invalid-request` error naming
 * its path, never a crash.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { storeAvailability, type StoreAvailabilityOptions, type StoreAvailabilityQuery } from '../../src/promise/availability.js'
import { compiledNetwork, LYON_POINT, nodeNorth, stockOn } from '../support/network.js'

const HERE = LYON_POINT

/**
 * Stores S1 (1 km, named), S2 (2 km), S3 (2 km, same spot as S2), S4 (40 km), a warehouse W1
 * (1.5 km) and a locker L1 (0.5 km). LAMP on hand: S1 5, S2 1, S3 3, W1 9, L1 2; an inbound
 * lot of 4 LAMPs reaches S2 at noon.
 */
const stock = (() => {
  const node = nodeNorth
  const net = compiledNetwork({
    nodes: [
      node('S1', 'store', 1, { name: 'Lyon Centre' }),
      node('S2', 'store', 2),
      node('S3', 'store', 2),
      node('S4', 'store', 40),
      node('W1', 'warehouse', 1.5),
      node('L1', 'locker', 0.5),
    ],
    skus: [{ id: 'LAMP' }, { id: 'RUG' }],
  })
  return stockOn(net, {
    rows: [
      { node: 'S1', sku: 'LAMP', onHand: 5 },
      { node: 'S2', sku: 'LAMP', onHand: 1 },
      { node: 'S3', sku: 'LAMP', onHand: 3 },
      { node: 'W1', sku: 'LAMP', onHand: 9 },
      { node: 'L1', sku: 'LAMP', onHand: 2 },
    ],
    inbound: [{ id: 'lot-1', node: 'S2', sku: 'LAMP', quantity: 4, eta: '2026-11-27T12:00:00Z' }],
  })
})()

const query = (q: Partial<StoreAvailabilityQuery> = {}): StoreAvailabilityQuery => ({ sku: 'LAMP', channel: 'web', location: HERE, ...q })
const listed = (q: Partial<StoreAvailabilityQuery> = {}, o: StoreAvailabilityOptions = {}) => {
  const r = storeAvailability(stock, query(q), o)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right.map((a) => [a.node, a.atp, a.bucket])
}
const invalid = (path: string, message: string) => E.left({ _tag: 'invalid-request', path, message })

describe('the stores near a shopper', () => {
  it('stores only, nearest first (ties by id), within 30 km, with ATP and the default buckets', () => {
    expect(listed()).toEqual([
      ['S1', 5, 'in-stock'],
      ['S2', 1, 'low-stock'],
      ['S3', 3, 'low-stock'],
    ])
  })

  it('the name when the node has one, and the distance in km', () => {
    const r = storeAvailability(stock, query({ limit: 2 }))
    expect(E.isRight(r) && r.right).toEqual([
      { node: 'S1', name: 'Lyon Centre', distanceKm: expect.closeTo(1, 6), atp: 5, bucket: 'in-stock' },
      { node: 'S2', distanceKm: expect.closeTo(2, 6), atp: 1, bucket: 'low-stock' },
    ])
  })

  it('limit, radius and node kinds as asked', () => {
    expect(listed({ limit: 1 })).toEqual([['S1', 5, 'in-stock']])
    expect(listed({ limit: 0 })).toEqual([])
    expect(listed({ radiusKm: 1.5 })).toEqual([['S1', 5, 'in-stock']])
    expect(listed({ radiusKm: 0 })).toEqual([])
    expect(listed({ radiusKm: 50 }).map(([n]) => n)).toEqual(['S1', 'S2', 'S3', 'S4'])
    expect(listed({}, { kinds: ['warehouse', 'locker'] })).toEqual([
      ['L1', 2, 'low-stock'],
      ['W1', 9, 'in-stock'],
    ])
    expect(listed({}, { kinds: [] })).toEqual([])
  })

  it('a SKU nobody holds, or that is not in the catalogue, is listed as none everywhere', () => {
    expect(listed({ sku: 'RUG' })).toEqual([
      ['S1', 0, 'none'],
      ['S2', 0, 'none'],
      ['S3', 0, 'none'],
    ])
    expect(listed({ sku: 'NOT-A-SKU', limit: 1 })).toEqual([['S1', 0, 'none']])
  })

  it('inbound lots count from `at` on', () => {
    expect(listed({ limit: 2, at: '2026-11-27T11:59:59Z' })[1]).toEqual(['S2', 1, 'low-stock'])
    expect(listed({ limit: 2, at: '2026-11-27T12:00:00Z' })[1]).toEqual(['S2', 5, 'in-stock'])
  })

  it('buckets: the highest minimum reached; of equal minimums the first listed', () => {
    const buckets = [
      { label: 'zero', min: 0 },
      { label: 'plenty', min: 3 },
      { label: 'some', min: 1 },
      { label: 'also-plenty', min: 3 },
    ]
    expect(listed({}, { buckets })).toEqual([
      ['S1', 5, 'plenty'],
      ['S2', 1, 'some'],
      ['S3', 3, 'plenty'],
    ])
  })
})

describe('a malformed query or option names its path', () => {
  it.each([
    [{ buckets: [{ label: 'some', min: 1 }] }, 'options.buckets', 'one bucket must start at 0'],
    [{ buckets: 'none' }, 'options.buckets', 'one bucket must start at 0'],
    [{ buckets: [] }, 'options.buckets', 'one bucket must start at 0'],
    [{ buckets: [{ label: 'none', min: 0 }, null] }, 'options.buckets[1]', 'a bucket is { label: string, min: whole number ≥ 0 }'],
    [{ buckets: [null, { label: 'none', min: 0 }] }, 'options.buckets[0]', 'a bucket is { label: string, min: whole number ≥ 0 }'],
    [{ buckets: [{ label: 'none', min: 0 }, 'low'] }, 'options.buckets[1]', 'a bucket is { label: string, min: whole number ≥ 0 }'],
    [{ buckets: [{ label: 'none', min: 0 }, { label: 7, min: 1 }] }, 'options.buckets[1]', 'a bucket is { label: string, min: whole number ≥ 0 }'],
    [{ buckets: [{ label: 'none', min: 0 }, { label: 'low', min: 1.5 }] }, 'options.buckets[1]', 'a bucket is { label: string, min: whole number ≥ 0 }'],
    [{ buckets: [{ label: 'none', min: 0 }, { label: 'low', min: -1 }] }, 'options.buckets[1]', 'a bucket is { label: string, min: whole number ≥ 0 }'],
  ])('options %j', (options, path, message) => {
    expect(storeAvailability(stock, query(), options as unknown as StoreAvailabilityOptions)).toEqual(invalid(path, message))
  })

  it.each([
    [{ radiusKm: -1 }, '$.radiusKm', 'expected a distance in km ≥ 0'],
    [{ radiusKm: Number.NaN }, '$.radiusKm', 'expected a distance in km ≥ 0'],
    [{ limit: -1 }, '$.limit', 'expected a whole number ≥ 0'],
    [{ limit: 1.5 }, '$.limit', 'expected a whole number ≥ 0'],
    [{ limit: Number.NaN }, '$.limit', 'expected a whole number ≥ 0'],
    [{ at: 'noon' }, '$.at', 'not an ISO-8601 instant: "noon"'],
  ])('query %j', (q, path, message) => {
    expect(storeAvailability(stock, query(q))).toEqual(invalid(path, message))
  })
})
