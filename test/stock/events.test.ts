import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import type { ReserveRequest } from '../../src/model/stock.js'
import { applyEvent, replay, reserve } from '../../src/stock/index.js'
import type { StockEvent } from '../../src/stock/index.js'
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
