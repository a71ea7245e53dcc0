import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { InboundLot } from '../../src/model/stock.js'
import {
  adjustOnHand,
  announceInbound,
  availableToPromise,
  inboundLotsAt,
  nodesHoldingSku,
  positionBreakdown,
  receiveInbound,
  returnUnits,
  skuIndexOf,
} from '../../src/stock/index.js'
import { NOW, build, later, reservedWeb, unwrap, unwrapLeft } from './fixtures.js'
import { propertyParameters } from '../support/properties.js'

const base = () =>
  build([{ id: 'dc-1' }, { id: 'st-1', kind: 'store' }, { id: 'st-2', kind: 'store' }], {
    rows: [{ node: 'dc-1', sku: 'a', onHand: 10 }],
    policies: { confidenceBuffers: [{ nodeKind: 'store', quantity: 1 }] },
  })

const lot = (doc: object): InboundLot => ({ id: 'po-1', node: 'dc-1', sku: 'a', quantity: 5, eta: later(24), ...doc }) as InboundLot

describe('inbound lots', () => {
  it('are announced, then received wholly or partly into on hand', () => {
    const a = unwrap(announceInbound(base(), lot({}), NOW))
    expect(a.events).toEqual([{ type: 'inbound-announced', at: NOW, lot: { id: 'po-1', node: 'dc-1', sku: 'a', quantity: 5, eta: later(24) } }])
    expect(availableToPromise(a.state, { node: 'dc-1', sku: 'a', channel: 'web', at: later(24) })).toBe(15)
    const part = unwrap(receiveInbound(a.state, 'po-1', later(20), 2))
    expect(part.events[0]).toMatchObject({ type: 'inbound-received', lot: 'po-1', quantity: 2, remaining: 3 })
    expect(positionBreakdown(part.state, { node: 'dc-1', sku: 'a', channel: 'web' })).toMatchObject({ onHand: 12, inbound: 3 })
    const rest = unwrap(receiveInbound(part.state, 'po-1', later(21)))
    expect(positionBreakdown(rest.state, { node: 'dc-1', sku: 'a', channel: 'web' })).toMatchObject({ onHand: 15, inbound: 0 })
    expect(unwrapLeft(receiveInbound(rest.state, 'po-1', later(22)))).toMatchObject({ _tag: 'unknown-lot', lot: 'po-1' })
    expect(unwrapLeft(receiveInbound(part.state, 'po-1', later(22), 4))).toMatchObject({ _tag: 'invalid-quantity' })
  })

  it('keep backorder reservations promised when received', () => {
    const a = unwrap(announceInbound(base(), lot({ quantity: 8 }), NOW)).state
    const r = reservedWeb(a, [{ node: 'dc-1', sku: 'a', quantity: 15, availableAt: later(30) }])
    expect(availableToPromise(r, { node: 'dc-1', sku: 'a', channel: 'web' })).toBe(3)
    const received = unwrap(receiveInbound(r, 'po-1', later(24))).state
    expect(availableToPromise(received, { node: 'dc-1', sku: 'a', channel: 'web' })).toBe(3)
    expect(positionBreakdown(received, { node: 'dc-1', sku: 'a', channel: 'web' })).toMatchObject({ onHand: 18, backordered: 15, inbound: 0 })
  })

  it('may create a position, even of a new SKU, and reject bad lots', () => {
    const a = unwrap(announceInbound(base(), lot({ node: 'st-2', sku: 'brand-new' }), NOW)).state
    const sku = skuIndexOf(a, 'brand-new')
    expect(sku).toBeGreaterThanOrEqual(0)
    expect(nodesHoldingSku(a, sku)).toEqual([a.nodes.byId.get('st-2')])
    expect(inboundLotsAt(a, sku, a.nodes.byId.get('st-2') ?? -1).map((l) => l.id)).toEqual(['po-1'])
    expect(unwrapLeft(announceInbound(a, lot({}), NOW))).toMatchObject({ _tag: 'duplicate-lot', path: '$.id' })
    expect(unwrapLeft(announceInbound(base(), lot({ node: 'mars' }), NOW))).toMatchObject({ _tag: 'unknown-node', path: '$.node' })
    expect(unwrapLeft(announceInbound(base(), lot({ quantity: 0 }), NOW))).toMatchObject({ _tag: 'invalid-quantity', path: '$.quantity' })
    expect(unwrapLeft(announceInbound(base(), lot({ eta: 'tomorrow' }), NOW))).toMatchObject({ _tag: 'invalid-instant', path: '$.eta' })
    expect(unwrapLeft(announceInbound(base(), lot({}), 'now'))).toMatchObject({ _tag: 'invalid-instant', path: 'now' })
  })
})

describe('cycle counts', () => {
  it('set or correct on hand, and report a shortfall when units held are missing', () => {
    const held = reservedWeb(base(), [{ node: 'dc-1', sku: 'a', quantity: 6 }])
    const counted = unwrap(adjustOnHand(held, { node: 'dc-1', sku: 'a', onHand: 4 }, later(1), 'cycle count'))
    expect(counted.events).toEqual([
      { type: 'adjusted', at: later(1), node: 'dc-1', sku: 'a', previous: 10, onHand: 4, delta: -6, shortfall: 2, reason: 'cycle count' },
    ])
    expect(positionBreakdown(counted.state, { node: 'dc-1', sku: 'a', channel: 'web' })).toEqual({
      onHand: 4,
      reserved: 6,
      safety: 0,
      ringFenced: 0,
      available: 0,
      inbound: 0,
      shortfall: 2,
      backordered: 0,
      atp: 0,
    })
    const found = unwrap(adjustOnHand(counted.state, { node: 'dc-1', sku: 'a', delta: 5 }, later(2)))
    expect(found.events[0]).toMatchObject({ previous: 4, onHand: 9, delta: 5, shortfall: 0 })
    expect(availableToPromise(found.state, { node: 'dc-1', sku: 'a', channel: 'web' })).toBe(3)
  })

  it('refuse a count that would leave on hand negative or fractional', () => {
    expect(unwrapLeft(adjustOnHand(base(), { node: 'dc-1', sku: 'a', delta: -11 }, NOW))).toMatchObject({ _tag: 'invalid-quantity', path: '$.delta' })
    expect(unwrapLeft(adjustOnHand(base(), { node: 'dc-1', sku: 'a', onHand: 1.5 }, NOW))).toMatchObject({ _tag: 'invalid-quantity', path: '$.onHand' })
    expect(unwrapLeft(adjustOnHand(base(), { node: 'x', sku: 'a', onHand: 1 }, NOW))).toMatchObject({ _tag: 'unknown-node', path: '$.node' })
    // A count or a correction, never both (which one would win?) and never neither.
    expect(unwrapLeft(adjustOnHand(base(), { node: 'dc-1', sku: 'a', onHand: 4, delta: 2 } as never, NOW))).toMatchObject({ _tag: 'invalid-input', path: '$.delta' })
    expect(unwrapLeft(adjustOnHand(base(), { node: 'dc-1', sku: 'a' } as never, NOW))).toMatchObject({ _tag: 'invalid-input', path: '$' })
  })
})

describe('shortfall of a count', () => {
  it('weighs only the units held now, not those a backorder waits for', () => {
    const s = unwrap(announceInbound(base(), lot({ quantity: 8 }), NOW)).state
    const held = reservedWeb(s, [
      { node: 'dc-1', sku: 'a', quantity: 3 },
      { node: 'dc-1', sku: 'a', quantity: 4, availableAt: later(30) },
    ])
    expect(unwrap(adjustOnHand(held, { node: 'dc-1', sku: 'a', onHand: 2 }, NOW)).events[0]).toMatchObject({ previous: 10, onHand: 2, shortfall: 1 })
  })
})

describe('returns', () => {
  it('bring units back at any node, creating the position (with the store buffer) if needed', () => {
    const s = base()
    const r = unwrap(returnUnits(s, { node: 'st-1', sku: 'a', quantity: 3 }, NOW))
    expect(r.events).toEqual([{ type: 'returned', at: NOW, node: 'st-1', sku: 'a', quantity: 3 }])
    const sku = skuIndexOf(r.state, 'a')
    expect(nodesHoldingSku(s, sku)).toEqual([0])
    expect(nodesHoldingSku(r.state, sku)).toEqual([0, 1])
    expect(availableToPromise(r.state, { node: 'st-1', sku: 'a', channel: 'web' })).toBe(2)
    expect(unwrapLeft(returnUnits(s, { node: 'st-1', sku: 'a', quantity: 0 }, NOW))).toMatchObject({ _tag: 'invalid-quantity' })
  })
})

describe('movement inputs: the path and what was expected', () => {
  it('names what is wrong with a lot, a receipt, a count and a return', () => {
    const s = base()
    for (const bad of [null, { ...lot({}), id: 7 }, { ...lot({}), node: 7 }, { ...lot({}), sku: 7 }, { ...lot({}), eta: 7 }]) {
      expect(unwrapLeft(announceInbound(s, bad as unknown as InboundLot, NOW))).toEqual({ _tag: 'invalid-input', path: '$', message: '$: expected an inbound lot with string id, node, sku and eta' })
    }
    expect(unwrapLeft(announceInbound(s, lot({ quantity: 2.5 }), NOW))).toEqual({ _tag: 'invalid-quantity', path: '$.quantity', message: '$.quantity: expected a whole number of units ≥ 1' })
    const a = unwrap(announceInbound(s, lot({}), NOW)).state
    expect(unwrapLeft(receiveInbound(a, 7 as unknown as string, NOW))).toEqual({ _tag: 'invalid-input', path: 'lotId', message: 'lotId: expected a lot id string' })
    for (const q of [0, 6, 1.5]) {
      expect(unwrapLeft(receiveInbound(a, 'po-1', NOW, q))).toEqual({
        _tag: 'invalid-quantity',
        path: 'quantity',
        message: 'quantity: expected a whole number of units from 1 to 5 (what lot po-1 still has)',
      })
    }
    // The whole lot, and exactly what it has, are both receipts.
    expect(unwrap(receiveInbound(a, 'po-1', NOW, 5)).events[0]).toMatchObject({ quantity: 5, remaining: 0, node: 'dc-1', sku: 'a' })
    for (const bad of [null, { node: 7, sku: 'a', onHand: 1 }, { node: 'dc-1', sku: 7, onHand: 1 }]) {
      expect(unwrapLeft(adjustOnHand(s, bad as never, NOW))).toEqual({ _tag: 'invalid-input', path: '$', message: '$: expected a count with string node and sku, and onHand or delta' })
    }
    expect(unwrapLeft(adjustOnHand(s, { node: 'dc-1', sku: 'a', onHand: 3, delta: 1 } as never, NOW))).toEqual({
      _tag: 'invalid-input',
      path: '$.delta',
      message: '$.delta: expected exactly one of onHand (a count) or delta (a correction)',
    })
    expect(unwrapLeft(adjustOnHand(s, { node: 'dc-1', sku: 'a' } as never, NOW))).toEqual({
      _tag: 'invalid-input',
      path: '$',
      message: '$: expected exactly one of onHand (a count) or delta (a correction)',
    })
    expect(unwrapLeft(adjustOnHand(s, { node: 'dc-1', sku: 'a', onHand: -1 }, NOW))).toEqual({ _tag: 'invalid-quantity', path: '$.onHand', message: '$.onHand: expected a whole number of units ≥ 0' })
    expect(unwrapLeft(adjustOnHand(s, { node: 'dc-1', sku: 'a', delta: -11 }, NOW))).toEqual({ _tag: 'invalid-quantity', path: '$.delta', message: '$.delta: expected a whole number keeping on hand (10) ≥ 0' })
    // A field given as undefined is a field not given.
    expect(unwrap(adjustOnHand(s, { node: 'dc-1', sku: 'a', onHand: undefined, delta: -1 } as never, NOW)).events[0]).toMatchObject({ onHand: 9, delta: -1 })
    expect(unwrap(adjustOnHand(s, { node: 'dc-1', sku: 'a', onHand: 4, delta: undefined } as never, NOW)).events[0]).toMatchObject({ onHand: 4, delta: -6 })
    // A correction down to exactly 0, and a count of 0, are both allowed.
    expect(unwrap(adjustOnHand(s, { node: 'dc-1', sku: 'a', delta: -10 }, NOW)).events[0]).toMatchObject({ previous: 10, onHand: 0, delta: -10 })
    expect(unwrap(adjustOnHand(s, { node: 'dc-1', sku: 'a', onHand: 0 }, NOW, 'damaged')).events[0]).toMatchObject({ onHand: 0, reason: 'damaged' })
    for (const bad of [null, { node: 7, sku: 'a', quantity: 1 }, { node: 'dc-1', sku: 7, quantity: 1 }]) {
      expect(unwrapLeft(returnUnits(s, bad as never, NOW))).toEqual({ _tag: 'invalid-input', path: '$', message: '$: expected returned units with string node and sku' })
    }
    expect(unwrapLeft(returnUnits(s, { node: 'dc-1', sku: 'a', quantity: 0 }, NOW))).toEqual({ _tag: 'invalid-quantity', path: '$.quantity', message: '$.quantity: expected a whole number of units ≥ 1' })
    expect(unwrapLeft(returnUnits(s, { node: 'mars', sku: 'a', quantity: 1 }, NOW))).toMatchObject({ _tag: 'unknown-node', path: '$.node' })
  })
})

describe('garbage in', () => {
  it('movements answer with a value for arbitrary arguments, never throwing', () => {
    const s = base()
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3 }), fc.anything({ maxDepth: 2 }), (a, b) => {
        for (const call of [
          () => announceInbound(s, a as never, NOW),
          () => receiveInbound(s, a as never, NOW, b as never),
          () => receiveInbound(s, 'po-1', b as never),
          () => adjustOnHand(s, a as never, NOW),
          () => adjustOnHand(s, { node: 'dc-1', sku: 'a', delta: a } as never, NOW, b as never),
          () => returnUnits(s, a as never, NOW),
        ]) {
          expect(typeof call()).toBe('object')
        }
      }),
      propertyParameters({ numRuns: 300 }),
    )
  })
})
