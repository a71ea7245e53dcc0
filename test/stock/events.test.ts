import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import type { ReserveRequest } from '../../src/model/stock.js'
import { announceInbound, applyEvent, availableToPromise, fulfil, inboundLotsAt, liveReservations, positionBreakdown, receiveInbound, release, replay, reserve, skuIndexOf } from '../../src/stock/index.js'
import type { StockEvent, StockState } from '../../src/stock/index.js'
import { NOW, build, later, request, reservedWeb, unwrap, unwrapLeft } from './fixtures.js'
import { buildWorld, commandArb, observe, runCommand, worldArb } from './arbitraries.js'
import { propertyParameters } from '../support/properties.js'

describe('replay', () => {
  it('rebuilds an equal state from the events of any command sequence, also after a JSON round trip', () => {
    const config = propertyParameters({ numRuns: 120 })
    let replayed = 0
    fc.assert(
      fc.property(worldArb, fc.array(commandArb, { minLength: 5, maxLength: 30 }), (world, commands) => {
        const initial = buildWorld(world)
        const ids: string[] = []
        const events: StockEvent[] = []
        let s = initial
        commands.forEach((cmd, i) => {
          const step = runCommand(s, cmd, i * 7, ids)
          events.push(...step.events)
          s = step.state
        })
        const allIds = [...ids, 'unknown']
        const expected = observe(s, allIds)
        expect(observe(replay(initial, events), allIds)).toEqual(expected)
        const fromJson = JSON.parse(JSON.stringify(events)) as StockEvent[]
        expect(observe(replay(initial, fromJson), allIds)).toEqual(expected)
        expect(observe(fromJson.reduce(applyEvent, initial), allIds)).toEqual(expected)
        // The next generated reservation id, and idempotency keys, behave the same too.
        const again = replay(initial, events)
        expect(again.sequence).toBe(s.sequence)
        for (const key of ['k1', 'k2']) {
          const probe = { channel: 'web', idempotencyKey: key, lines: [{ node: 'dc-1', sku: 'a', quantity: 1 }] } as unknown as ReserveRequest
          const a = reserve(s, probe, '2026-11-30T00:00:00Z')
          const b = reserve(again, probe, '2026-11-30T00:00:00Z')
          expect(E.isRight(b) ? b.right.reservation : b.left).toEqual(E.isRight(a) ? a.right.reservation : a.left)
        }
        if (events.length > 0) replayed++
      }),
      config,
    )
    expect(replayed).toBeGreaterThan(config.numRuns / 2)
  })

  it('ignores events that do not fit the state instead of throwing', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const s = buildWorld(world)
        const stray: StockEvent[] = [
          { type: 'released', at: '2026-11-27T09:00:00Z', reservation: 'ghost', lines: [{ line: 0, node: 'dc-1', sku: 'a', quantity: 1 }] },
          { type: 'confirmed', at: '2026-11-27T09:00:00Z', reservation: 'ghost' },
          { type: 'inbound-received', at: '2026-11-27T09:00:00Z', lot: 'ghost', node: 'dc-1', sku: 'a', quantity: 1, remaining: 0 },
          { type: 'returned', at: '2026-11-27T09:00:00Z', node: 'mars', sku: 'a', quantity: 1 },
          { type: 'reserved', at: '2026-11-27T09:00:00Z', reservation: { id: 'x', channel: 'web', lines: [{ node: 'mars', sku: 'a', quantity: 1 }] }, sequence: 0 },
        ]
        expect(observe(replay(s, stray), ['x'])).toEqual(observe(s, ['x']))
      }),
      propertyParameters({ numRuns: 20 }),
    )
  })
})

describe('events applied one by one', () => {
  // dc-1 holds 10 of a and 6 of b (b's index is 1: its positions' keys are past a's).
  const state = (): StockState =>
    build([{ id: 'dc-1' }, { id: 'st-1', kind: 'store' }], {
      rows: [
        { node: 'dc-1', sku: 'a', onHand: 10 },
        { node: 'dc-1', sku: 'b', onHand: 6 },
      ],
    })
  const held = (): StockState =>
    reservedWeb(state(), [
      { node: 'dc-1', sku: 'b', quantity: 3 },
      { node: 'dc-1', sku: 'b', quantity: 2 },
    ])

  it('ignore a reservation already there, and keep the highest sequence seen', () => {
    const s = state()
    const ev = (id: string, sequence: number): StockEvent => ({
      type: 'reserved',
      at: NOW,
      sequence,
      reservation: { id, channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 1 }] },
    })
    const once = applyEvent(s, ev('x', 5))
    expect(applyEvent(once, ev('x', 5))).toBe(once)
    const later3 = applyEvent(once, ev('y', 3))
    expect(later3.sequence).toBe(5)
    // The next generated id follows the highest sequence.
    expect(unwrap(reserve(later3, request({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 1 }] }), NOW)).reservation.id).toBe('r-6')
  })

  it('drain two lines of one position in one event, each from what the other left', () => {
    const r = unwrap(release(held(), 'r-1', NOW))
    expect(availableToPromise(r.state, { node: 'dc-1', sku: 'b', channel: 'web' })).toBe(6)
    expect(r.reservation.lines.map((l) => [l.held, l.released, l.fulfilled, l.expired])).toEqual([
      [0, 3, 0, 0],
      [0, 2, 0, 0],
    ])
    expect(liveReservations(r.state).map((v) => v.id)).toEqual([])
    const f = unwrap(fulfil(held(), 'r-1', NOW))
    expect(f.reservation.lines.map((l) => [l.held, l.released, l.fulfilled, l.expired])).toEqual([
      [0, 0, 3, 0],
      [0, 0, 2, 0],
    ])
    expect(positionBreakdown(f.state, { node: 'dc-1', sku: 'b', channel: 'web' })).toMatchObject({ onHand: 1, reserved: 0 })
  })

  it('keep lots in (eta, id) order, receive the lot named, and forget a lot once all of it is in', () => {
    let s = state()
    s = unwrap(announceInbound(s, { id: 'po-9', node: 'dc-1', sku: 'b', quantity: 4, eta: later(48) } as never, NOW)).state
    s = unwrap(announceInbound(s, { id: 'po-8', node: 'dc-1', sku: 'b', quantity: 5, eta: later(24) } as never, NOW)).state
    s = unwrap(announceInbound(s, { id: 'po-7', node: 'dc-1', sku: 'b', quantity: 1, eta: later(48) } as never, NOW)).state
    const b = skuIndexOf(s, 'b')
    expect(inboundLotsAt(s, b, 0).map((l) => l.id)).toEqual(['po-8', 'po-7', 'po-9'])
    expect(availableToPromise(s, { node: 'dc-1', sku: 'b', channel: 'web', at: later(30) })).toBe(11)
    // An announcement replayed for a lot already there changes nothing.
    const again: StockEvent = { type: 'inbound-announced', at: NOW, lot: { id: 'po-8', node: 'dc-1', sku: 'b', quantity: 50, eta: later(1) } }
    expect(applyEvent(s, again)).toBe(s)
    const got = unwrap(receiveInbound(s, 'po-9', later(1), 4)).state
    expect(inboundLotsAt(got, b, 0).map((l) => [l.id, l.quantity])).toEqual([
      ['po-8', 5],
      ['po-7', 1],
    ])
    expect(positionBreakdown(got, { node: 'dc-1', sku: 'b', channel: 'web' })).toMatchObject({ onHand: 10, inbound: 6 })
    // Received in full, po-9 is gone: its id may name a new lot.
    expect(unwrap(announceInbound(got, { id: 'po-9', node: 'dc-1', sku: 'b', quantity: 2, eta: later(72) } as never, later(1))).events).toHaveLength(1)
    const part = unwrap(receiveInbound(got, 'po-7', later(2), 1)).state
    expect(unwrapLeft(receiveInbound(part, 'po-7', later(3)))).toMatchObject({ _tag: 'unknown-lot' })
  })
})
