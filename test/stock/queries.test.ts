import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { distanceMetres } from '../../src/geo.js'
import {
  atpAcrossNetwork,
  atpInRegion,
  atpNear,
  availableToPromise,
  inboundLotsAt,
  liveReservations,
  positionBreakdown,
  reserve,
  skuIndexOf,
} from '../../src/stock/index.js'
import { NOW, build, later, request, unwrap } from './fixtures.js'
import { propertyParameters } from '../support/properties.js'

const nodes = [
  { id: 'paris-2', kind: 'store', lat: 48.86, lon: 2.35, region: 'idf' },
  { id: 'paris-1', kind: 'store', lat: 48.86, lon: 2.35, region: 'idf' },
  { id: 'orly', kind: 'warehouse', lat: 48.73, lon: 2.37, region: 'idf' },
  { id: 'lyon', kind: 'store', lat: 45.76, lon: 4.84, region: 'ara' },
  { id: 'empty', kind: 'store', lat: 48.87, lon: 2.36, region: 'idf' },
]
const s = build(nodes, {
  rows: [
    { node: 'paris-2', sku: 'a', onHand: 3 },
    { node: 'paris-1', sku: 'a', onHand: 2 },
    { node: 'orly', sku: 'a', onHand: 20 },
    { node: 'lyon', sku: 'a', onHand: 7 },
    { node: 'empty', sku: 'a', onHand: 0 },
  ],
  inbound: [{ id: 'po-1', node: 'lyon', sku: 'a', quantity: 5, eta: later(10) }, { id: 'po-0', node: 'lyon', sku: 'a', quantity: 1, eta: later(10) }],
})

describe('network queries', () => {
  it('sum ATP across the network, by node id, omitting nodes with none', () => {
    expect(atpAcrossNetwork(s, { sku: 'a', channel: 'web' })).toEqual({
      total: 32,
      byNode: [
        { node: 'lyon', atp: 7 },
        { node: 'orly', atp: 20 },
        { node: 'paris-1', atp: 2 },
        { node: 'paris-2', atp: 3 },
      ],
    })
    expect(atpAcrossNetwork(s, { sku: 'a', channel: 'web', at: later(11) }).total).toBe(38)
    expect(atpAcrossNetwork(s, { sku: 'zzz', channel: 'web' })).toEqual({ total: 0, byNode: [] })
    expect(atpAcrossNetwork(s, { sku: 'a', channel: 'web', at: 'garbage' })).toEqual({ total: 0, byNode: [] })
  })

  it('omit a node whose units are all held back, though it holds the SKU', () => {
    const held = build(nodes, { rows: [{ node: 'orly', sku: 'a', onHand: 4 }, { node: 'lyon', sku: 'a', onHand: 5 }], policies: { safetyStock: [{ node: 'orly', quantity: 4 }] } })
    expect(atpAcrossNetwork(held, { sku: 'a', channel: 'web' })).toEqual({ total: 5, byNode: [{ node: 'lyon', atp: 5 }] })
    expect(atpInRegion(held, { sku: 'a', channel: 'web', region: 'idf' })).toEqual({ total: 0, byNode: [] })
  })

  it('restrict to a region', () => {
    expect(atpInRegion(s, { sku: 'a', channel: 'web', region: 'ara' })).toEqual({ total: 7, byNode: [{ node: 'lyon', atp: 7 }] })
    expect(atpInRegion(s, { sku: 'a', channel: 'web', region: 'idf' }).total).toBe(25)
    expect(atpInRegion(s, { sku: 'a', channel: 'web', region: 'nowhere' }).byNode).toEqual([])
  })

  it('find stock near a point: nearest first, ties by id, zero ATP omitted, limit respected', () => {
    const near = atpNear(s, { sku: 'a', channel: 'web', point: { lat: 48.86, lon: 2.35 }, radiusKm: 50 })
    expect(near.map((n) => n.node)).toEqual(['paris-1', 'paris-2', 'orly'])
    expect(near[0]).toEqual({ node: 'paris-1', atp: 2, distanceKm: 0 })
    expect(near[2]?.distanceKm).toBe(distanceMetres({ lat: 48.86, lon: 2.35 }, { lat: 48.73, lon: 2.37 }) / 1000)
    expect(atpNear(s, { sku: 'a', channel: 'web', point: { lat: 48.86, lon: 2.35 }, radiusKm: 50, limit: 1 }).map((n) => n.node)).toEqual(['paris-1'])
    expect(atpNear(s, { sku: 'a', channel: 'web', point: { lat: 48.86, lon: 2.35 }, radiusKm: 1000 }).map((n) => n.node)).toEqual([
      'paris-1',
      'paris-2',
      'orly',
      'lyon',
    ])
    expect(atpNear(s, { sku: 'a', channel: 'web', point: { lat: 48.86, lon: 2.35 }, radiusKm: -1 })).toEqual([])
    // A radius of 0 keeps the nodes at the point itself; a radius or a time that is not a number keeps none.
    expect(atpNear(s, { sku: 'a', channel: 'web', point: { lat: 48.86, lon: 2.35 }, radiusKm: 0 }).map((n) => n.node)).toEqual(['paris-1', 'paris-2'])
    expect(atpNear(s, { sku: 'a', channel: 'web', point: { lat: 48.86, lon: 2.35 }, radiusKm: Number.NaN })).toEqual([])
    expect(atpNear(s, { sku: 'a', channel: 'web', point: { lat: 48.86, lon: 2.35 }, radiusKm: 50, at: 'garbage' })).toEqual([])
    expect(atpNear(s, { sku: 'a', channel: 'web', point: { lat: 48.86, lon: 2.35 }, radiusKm: 50, limit: 0 })).toEqual([])
    expect(atpNear(s, { sku: 'b', channel: 'web', point: { lat: 48.86, lon: 2.35 }, radiusKm: 50 })).toEqual([])
  })

  it('atpNear equals a brute-force answer, whichever strategy (positions or grid cells) it picks', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ id: `n${String(i).padStart(2, '0')}`, lat: 43 + ((i * 37) % 70) / 10, lon: -1.5 + ((i * 53) % 90) / 10 }))
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(79), { maxLength: 80 }),
        fc.record({ lat: fc.double({ min: 42, max: 51, noNaN: true }), lon: fc.double({ min: -2, max: 8, noNaN: true }) }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        (holders, point, radiusKm, limit) => {
          const st = build(many, { rows: holders.map((n, k) => ({ node: many[n]?.id ?? '', sku: 'a', onHand: k % 4 })) })
          const expected = holders
            .map((n, k) => ({ id: many[n]?.id ?? '', atp: k % 4, metres: distanceMetres(point, many[n] as { lat: number; lon: number }) }))
            .filter((x) => x.atp > 0 && x.metres <= radiusKm * 1000)
            .sort((a, b) => a.metres - b.metres || (a.id < b.id ? -1 : 1))
            .slice(0, limit ?? Infinity)
            .map((x) => ({ node: x.id, atp: x.atp, distanceKm: x.metres / 1000 }))
          expect(atpNear(st, { sku: 'a', channel: 'web', point, radiusKm, ...(limit === undefined ? {} : { limit }) })).toEqual(expected)
        },
      ),
      propertyParameters({ numRuns: 200 }),
    )
  })
})

describe('position queries', () => {
  it('list inbound lots by eta then id', () => {
    expect(inboundLotsAt(s, skuIndexOf(s, 'a'), s.nodes.byId.get('lyon') ?? -1).map((l) => [l.id, l.quantity])).toEqual([
      ['po-0', 1],
      ['po-1', 5],
    ])
    expect(inboundLotsAt(s, -1, 0)).toEqual([])
  })

  it('break a position down, and answer undefined for no position', () => {
    expect(positionBreakdown(s, { node: 'lyon', sku: 'a', channel: 'web' })).toEqual({
      onHand: 7,
      reserved: 0,
      safety: 0,
      ringFenced: 0,
      available: 7,
      inbound: 6,
      shortfall: 0,
      backordered: 0,
      atp: 7,
    })
    expect(positionBreakdown(s, { node: 'lyon', sku: 'b', channel: 'web' })).toBeUndefined()
    expect(positionBreakdown(s, { node: 'mars', sku: 'a', channel: 'web' })).toBeUndefined()
    expect(availableToPromise(s, { node: 'mars', sku: 'a', channel: 'web' })).toBe(0)
  })

  it('list live reservations by id', () => {
    let st = s
    for (const id of ['c', 'a', 'b']) st = unwrap(reserve(st, request({ id, channel: 'web', lines: [{ node: 'orly', sku: 'a', quantity: 1 }] }), NOW)).state
    expect(liveReservations(st).map((r) => r.id)).toEqual(['a', 'b', 'c'])
    expect(liveReservations(s)).toEqual([])
  })
})
