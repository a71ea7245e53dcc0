import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildWorld, commandArb, runCommand, worldArb } from './arbitraries.js'
import { propertyParameters } from '../support/properties.js'
import { fulfil, getReservation, release, reserve } from '../../src/stock/index.js'
import { NOW, build, request, reservedWeb, unwrap, unwrapLeft } from './fixtures.js'

describe('state records', () => {
  it('every state has the built state’s fields in the same order (one hidden class on the hot path)', () => {
    fc.assert(
      fc.property(worldArb, fc.array(commandArb, { minLength: 1, maxLength: 15 }), (world, commands) => {
        const initial = buildWorld(world)
        const ids: string[] = []
        let s = initial
        commands.forEach((cmd, i) => {
          s = runCommand(s, cmd, i * 7, ids).state
          expect(Object.keys(s)).toEqual(Object.keys(initial))
        })
      }),
      propertyParameters({ numRuns: 50 }),
    )
  })
})

describe('finished reservations, stored compactly', () => {
  const nodes = [{ id: 'dc-1' }, { id: 'st-1', kind: 'store' }]
  const state = build(nodes, {
    rows: [
      { node: 'dc-1', sku: 'a', onHand: 10 },
      { node: 'st-1', sku: 'b', onHand: 10 },
    ],
  })

  it('keep every line of a reservation of two lines', () => {
    const held = reservedWeb(state, [
      { node: 'dc-1', sku: 'a', quantity: 2 },
      { node: 'st-1', sku: 'b', quantity: 3 },
    ], { id: 'two' })
    const done = unwrap(release(held, 'two', NOW)).state
    expect(getReservation(done, 'two')?.lines.map((l) => [l.node, l.sku, l.quantity, l.held, l.released])).toEqual([
      ['dc-1', 'a', 2, 0, 2],
      ['st-1', 'b', 3, 0, 3],
    ])
  })

  it('read back with nothing held once one line is partly fulfilled and the rest released', () => {
    const held = reservedWeb(state, [{ node: 'dc-1', sku: 'a', quantity: 5 }], { id: 'one' })
    const part = unwrap(fulfil(held, 'one', NOW, [{ node: 'dc-1', sku: 'a', quantity: 2 }])).state
    const done = unwrap(release(part, 'one', NOW)).state
    const r = getReservation(done, 'one')
    expect(r?.status).toBe('released')
    expect(r?.lines).toEqual([{ node: 'dc-1', sku: 'a', quantity: 5, held: 0, fulfilled: 2, released: 3, expired: 0 }])
  })

  it('keep their id: a new reservation may not take it', () => {
    const held = reservedWeb(state, [{ node: 'dc-1', sku: 'a', quantity: 1 }], { id: 'once' })
    const done = unwrap(release(held, 'once', NOW)).state
    expect(unwrapLeft(reserve(done, request({ id: 'once', channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 1 }] }), NOW))).toMatchObject({
      _tag: 'duplicate-reservation',
      reservation: 'once',
      path: '$.id',
    })
  })
})
