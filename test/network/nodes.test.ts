import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { distanceMetres } from '../../src/geo.js'
import { CAPABILITIES, NODE_KINDS } from '../../src/model/network.js'
import { nodesWithin } from '../../src/network/grid.js'
import { buildNodeIndex, hasCapability } from '../../src/network/nodes.js'
import { network, unwrap, unwrapLeft } from '../stock/fixtures.js'
import { propertyParameters } from '../support/properties.js'

describe('buildNodeIndex', () => {
  it('numbers nodes by ascending id whatever the input order', () => {
    const a = unwrap(buildNodeIndex(network([{ id: 'paris' }, { id: 'lyon', kind: 'store' }, { id: 'brest', kind: 'locker' }])))
    const b = unwrap(buildNodeIndex(network([{ id: 'lyon', kind: 'store' }, { id: 'brest', kind: 'locker' }, { id: 'paris' }])))
    expect(a.ids).toEqual(['brest', 'lyon', 'paris'])
    expect(b.ids).toEqual(a.ids)
    expect([...a.kind]).toEqual([NODE_KINDS.indexOf('locker'), NODE_KINDS.indexOf('store'), NODE_KINDS.indexOf('warehouse')])
    expect(a.byId.get('paris')).toBe(2)
    expect(a.nodes[1]?.id).toBe('lyon')
  })

  it('names the second occurrence of a duplicate id', () => {
    const err = unwrapLeft(buildNodeIndex(network([{ id: 'a' }, { id: 'b' }, { id: 'a' }])))
    expect(err).toMatchObject({ _tag: 'duplicate-node', node: 'a', path: '$.nodes[2].id' })
  })

  it('takes capabilities from the node, else from its kind', () => {
    const index = unwrap(
      buildNodeIndex(network([{ id: 'st', kind: 'store' }, { id: 'lk', kind: 'locker' }, { id: 'odd', kind: 'warehouse', capabilities: ['pickup'] }])),
    )
    const st = index.byId.get('st') as number
    const lk = index.byId.get('lk') as number
    const odd = index.byId.get('odd') as number
    expect(CAPABILITIES.filter((c) => hasCapability(index, st, c))).toEqual(['ship', 'pickup', 'transfer-in', 'transfer-out'])
    expect(CAPABILITIES.filter((c) => hasCapability(index, lk, c))).toEqual(['pickup', 'transfer-in'])
    expect(CAPABILITIES.filter((c) => hasCapability(index, odd, c))).toEqual(['pickup'])
    expect(hasCapability(index, 99, 'ship')).toBe(false)
    expect(hasCapability(index, -1, 'ship')).toBe(false)
  })

  it('keeps regions', () => {
    const index = unwrap(buildNodeIndex(network([{ id: 'a', region: 'idf' }, { id: 'b' }])))
    expect(index.region).toEqual(['idf', undefined])
  })
})

describe('nodesWithin', () => {
  const point = fc.record({ lat: fc.double({ min: -89, max: 89, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) })

  it('equals a brute-force scan, sorted by metres then id', () => {
    const cluster = fc.oneof(
      // A regional network (France) and a world-wide one crossing the antimeridian.
      fc.record({ lat: fc.double({ min: 43, max: 50, noNaN: true }), lon: fc.double({ min: -1.5, max: 7.5, noNaN: true }) }),
      fc.record({ lat: fc.double({ min: -60, max: 70, noNaN: true }), lon: fc.constantFrom(-179.9, 179.9, 0, 90, -90) }),
      point,
    )
    fc.assert(
      fc.property(fc.array(cluster, { minLength: 1, maxLength: 60 }), fc.oneof(cluster, point), fc.double({ min: 0, max: 3000, noNaN: true }), (locs, centre, radiusKm) => {
        const net = network(locs.map((l, i) => ({ id: `n${String(i).padStart(3, '0')}`, lat: l.lat, lon: l.lon })))
        const index = unwrap(buildNodeIndex(net))
        const expected = index.ids
          .map((_, node) => ({ node, metres: distanceMetres(centre, { lat: index.lat[node] as number, lon: index.lon[node] as number }) }))
          .filter((x) => x.metres <= radiusKm * 1000)
          .sort((a, b) => a.metres - b.metres || a.node - b.node)
        expect(nodesWithin(index, centre, radiusKm)).toEqual(expected)
      }),
      propertyParameters({ numRuns: 300 }),
    )
  })

  it('breaks distance ties by node id', () => {
    // Two nodes at the same place: the lower id comes first, whatever the input order.
    const index = unwrap(buildNodeIndex(network([{ id: 'z', lat: 45, lon: 5 }, { id: 'a', lat: 45, lon: 5 }, { id: 'm', lat: 45.1, lon: 5 }])))
    expect(nodesWithin(index, { lat: 45, lon: 5 }, 50).map((x) => index.ids[x.node])).toEqual(['a', 'z', 'm'])
  })

  it('answers empty for an empty network, a negative radius or a far point', () => {
    const empty = unwrap(buildNodeIndex(network([])))
    expect(nodesWithin(empty, { lat: 0, lon: 0 }, 100)).toEqual([])
    const one = unwrap(buildNodeIndex(network([{ id: 'a', lat: 48, lon: 2 }])))
    expect(nodesWithin(one, { lat: 48, lon: 2 }, -1)).toEqual([])
    expect(nodesWithin(one, { lat: -40, lon: 170 }, 100)).toEqual([])
    expect(nodesWithin(one, { lat: 48, lon: 2 }, 0)).toEqual([{ node: 0, metres: 0 }])
    expect(E.isRight(buildNodeIndex(network([])))).toBe(true)
  })
})
