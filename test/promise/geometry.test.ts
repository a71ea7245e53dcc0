/**
 * Nearest-first enumeration, which gathers nodes ring by ring from the point, against the
 * plain radius query: the same nodes, nearest first, ties by node index, whatever the
 * network's spread (a city, a country, both sides of the ±180° meridian, co-located nodes).
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CAPABILITIES, NODE_KINDS } from '../../src/model/network.js'
import { Nearby, NearestFirst, type NodeFilter } from '../../src/promise/geometry.js'
import { nodesWithin } from '../../src/network/grid.js'
import { buildNodeIndex, type NodeIndex } from '../../src/network/nodes.js'
import { propertyParameters } from '../support/properties.js'

const KINDS = ['warehouse', 'store', 'locker'] as const

/** Points spread over an area of `spread` degrees around a centre, some on a coarse lattice (co-located). */
const pointArb = (centre: { lat: number; lon: number }, spread: number): fc.Arbitrary<{ lat: number; lon: number }> =>
  fc.oneof(
    fc.record({ lat: fc.double({ min: -spread, max: spread, noNaN: true }), lon: fc.double({ min: -spread, max: spread, noNaN: true }) }),
    fc.record({ lat: fc.integer({ min: -3, max: 3 }), lon: fc.integer({ min: -3, max: 3 }) }).map((p) => ({ lat: (p.lat * spread) / 3, lon: (p.lon * spread) / 3 })),
  ).map((d) => {
    const lat = Math.max(-89, Math.min(89, centre.lat + d.lat))
    let lon = centre.lon + d.lon
    if (lon > 180) lon -= 360
    if (lon < -180) lon += 360
    return { lat, lon }
  })

const worldArb = fc
  .record({
    centre: fc.constantFrom({ lat: 48.85, lon: 2.35 }, { lat: 45.76, lon: 4.83 }, { lat: -16.5, lon: 179.6 }, { lat: 64.1, lon: -21.9 }),
    spread: fc.constantFrom(0.02, 0.3, 3, 20),
    count: fc.integer({ min: 1, max: 120 }),
  })
  .chain(({ centre, spread, count }) =>
    fc.record({
      nodes: fc.array(fc.record({ kind: fc.constantFrom(...KINDS), at: pointArb(centre, spread) }), { minLength: count, maxLength: count }),
      point: pointArb(centre, spread),
      radiusKm: fc.constantFrom(0, 0.5, 2, 5, 30, 300, 3000),
      filter: fc.constantFrom<NodeFilter>({ capabilities: 1 << CAPABILITIES.indexOf('pickup') }, { capabilities: 0, kinds: 1 << NODE_KINDS.indexOf('store') }, { capabilities: 0 }),
      take: fc.integer({ min: 1, max: 200 }),
    }),
  )

const indexOf = (nodes: readonly { kind: (typeof KINDS)[number]; at: { lat: number; lon: number } }[]): NodeIndex => {
  const index = buildNodeIndex({ nodes: nodes.map((n, i) => ({ id: `N${String(i).padStart(3, '0')}`, kind: n.kind, location: n.at })) } as never)
  if (E.isLeft(index)) throw new Error('generated an invalid network')
  return index.right
}

const passes = (index: NodeIndex, n: number, filter: NodeFilter): boolean =>
  ((index.capabilities[n] as number) & filter.capabilities) === filter.capabilities && ((((filter.kinds ?? -1) >>> (index.kind[n] as number)) & 1) === 1)

describe('NearestFirst', () => {
  it('lists what the radius query lists, in its order, however many it is asked for', () => {
    fc.assert(
      fc.property(worldArb, ({ nodes, point, radiusKm, filter, take }) => {
        const index = indexOf(nodes)
        const expected = nodesWithin(index, point, radiusKm).filter((p) => passes(index, p.node, filter)).slice(0, take)
        const first = new NearestFirst(index, new Nearby(index, point, radiusKm, filter))
        const got: { node: number; metres: number }[] = []
        for (let p = first.next(); p !== undefined && got.length < take; p = first.next()) got.push({ node: p.node, metres: p.metres })
        expect(got).toEqual(expected)
      }),
      propertyParameters({ numRuns: 1500, seed: 20261128 }),
    )
  })
})
