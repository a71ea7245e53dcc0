import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ReserveRequest } from '../../src/model/stock.js'
import {
  type StockEvent,
  type StockState,
  adjustOnHand,
  announceInbound,
  availableToPromise,
  confirm,
  expire,
  fulfil,
  getReservation,
  lastEventAt,
  liveReservations,
  positionBreakdown,
  receiveInbound,
  release,
  replay,
  reserve,
  returnUnits,
} from '../../src/stock/index.js'
import {
  CHANNELS,
  type Command,
  SAMPLE_TIMES,
  at,
  buildWorld,
  commandArb,
  observe,
  runCommand,
  skusOf,
  worldArb,
} from './arbitraries.js'
import { NOW, build, deepFreeze, later, request, reservedWeb, unwrap, unwrapLeft } from './fixtures.js'
import { propertyParameters } from '../support/properties.js'

const nodes = [
  { id: 'dc-1', kind: 'warehouse' },
  { id: 'st-1', kind: 'store' },
]

const simple = (): StockState =>
  build(nodes, {
    rows: [
      { node: 'dc-1', sku: 'a', onHand: 10 },
      { node: 'st-1', sku: 'a', onHand: 4 },
    ],
    inbound: [{ id: 'po-1', node: 'dc-1', sku: 'a', quantity: 6, eta: later(24) }],
  })

const atp = (s: StockState, node: string, sku: string, channel = 'web', when?: string): number =>
  availableToPromise(s, when === undefined ? { node, sku, channel } : { node, sku, channel, at: when })

/** Runs commands from a world, checking `check` after every step; returns the last state and all events. */
const runAll = (
  state: StockState,
  commands: readonly Command[],
  check: (before: StockState, after: StockState, cmd: Command, errorTag: string | undefined) => void = () => {},
): { state: StockState; events: StockEvent[]; ids: string[] } => {
  const ids: string[] = []
  const events: StockEvent[] = []
  let s = state
  commands.forEach((cmd, i) => {
    const step = runCommand(s, cmd, i * 7, ids)
    check(s, step.state, cmd, step.error?._tag)
    events.push(...step.events)
    s = step.state
  })
  return { state: s, events, ids }
}

/** onHand + shortfall = available + reserved + ringFenced + safety, and reserved = Σ live immediate units. */
const checkConservation = (s: StockState): void => {
  const heldNow = new Map<string, number>()
  for (const r of liveReservations(s)) {
    for (const l of r.lines) {
      if (l.availableAt !== undefined) continue
      const key = `${l.node}/${l.sku}`
      heldNow.set(key, (heldNow.get(key) ?? 0) + l.held)
    }
  }
  for (const sku of skusOf(s)) {
    for (const node of s.nodes.ids) {
      for (const channel of CHANNELS) {
        const b = positionBreakdown(s, { node, sku, channel })
        if (b === undefined) {
          expect(heldNow.get(`${node}/${sku}`) ?? 0).toBe(0)
          continue
        }
        for (const v of Object.values(b)) expect(v).toBeGreaterThanOrEqual(0)
        expect(b.onHand + b.shortfall).toBe(b.available + b.reserved + b.ringFenced + b.safety)
        expect(b.reserved).toBe(heldNow.get(`${node}/${sku}`) ?? 0)
        expect(b.shortfall === 0 || b.onHand < b.reserved).toBe(true)
        expect(b.atp).toBe(atp(s, node, sku, channel))
      }
    }
  }
}

describe('reserve', () => {
  it('holds units and lowers ATP of every channel', () => {
    const s = simple()
    const r = unwrap(reserve(s, request({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 3 }] }), NOW))
    expect(r.reservation).toMatchObject({ id: 'r-1', status: 'held', channel: 'web' })
    expect(r.reservation.lines[0]).toMatchObject({ quantity: 3, held: 3, fulfilled: 0, released: 0, expired: 0 })
    expect(r.events).toHaveLength(1)
    expect(r.events[0]?.type).toBe('reserved')
    expect(atp(r.state, 'dc-1', 'a')).toBe(7)
    expect(atp(r.state, 'dc-1', 'a', 'store')).toBe(7)
    expect(atp(s, 'dc-1', 'a')).toBe(10)
  })

  it('is all or nothing and reports the short position', () => {
    const s = simple()
    const req = request({
      channel: 'web',
      lines: [
        { node: 'dc-1', sku: 'a', quantity: 2 },
        { node: 'st-1', sku: 'a', quantity: 5 },
      ],
    })
    const err = unwrapLeft(reserve(s, req, NOW))
    expect(err).toMatchObject({ _tag: 'insufficient-stock', node: 'st-1', sku: 'a', requested: 5, available: 4, path: '$.lines[1].quantity' })
    expect(liveReservations(s)).toEqual([])
  })

  it('adds up lines on the same position', () => {
    const s = simple()
    const two = (q1: number, q2: number): ReserveRequest =>
      request({ channel: 'web', lines: [{ node: 'st-1', sku: 'a', quantity: q1 }, { node: 'st-1', sku: 'a', quantity: q2 }] })
    expect(unwrapLeft(reserve(s, two(3, 2), NOW))).toMatchObject({ _tag: 'insufficient-stock', requested: 5, available: 4 })
    const ok = unwrap(reserve(s, two(3, 1), NOW))
    expect(atp(ok.state, 'st-1', 'a')).toBe(0)
  })

  it('checks backorder lines at their instant, against inbound lots due by then', () => {
    const s = simple()
    // Before the lot: only the 10 on hand.
    expect(unwrapLeft(reserve(s, request({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 12, availableAt: later(1) }] }), NOW))).toMatchObject({
      _tag: 'insufficient-stock',
      available: 10,
    })
    const ok = unwrap(reserve(s, request({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 12, availableAt: later(30) }] }), NOW))
    // The backorder protects the future units: only 4 may still be promised now.
    expect(atp(ok.state, 'dc-1', 'a')).toBe(4)
    expect(atp(ok.state, 'dc-1', 'a', 'web', later(30))).toBe(4)
    expect(positionBreakdown(ok.state, { node: 'dc-1', sku: 'a', channel: 'web' })).toMatchObject({ reserved: 0, backordered: 12, available: 10, atp: 4 })
    // Mixed lines on one position: 4 now and 12 later do not fit (16 > 10 + 6 − 0 at the later instant).
    const mixed = request({
      channel: 'web',
      lines: [
        { node: 'dc-1', sku: 'a', quantity: 5 },
        { node: 'dc-1', sku: 'a', quantity: 12, availableAt: later(30) },
      ],
    })
    expect(unwrapLeft(reserve(s, mixed, NOW))).toMatchObject({ _tag: 'insufficient-stock', requested: 17 })
  })

  it('numbers reservations r-<n>, skipping ids already taken, and rejects duplicate ids', () => {
    let s = simple()
    const one = (id?: string): ReserveRequest =>
      request({ channel: 'web', ...(id === undefined ? {} : { id }), lines: [{ node: 'dc-1', sku: 'a', quantity: 1 }] })
    s = unwrap(reserve(s, one('r-2'), NOW)).state
    const a = unwrap(reserve(s, one(), NOW))
    expect(a.reservation.id).toBe('r-1')
    const b = unwrap(reserve(a.state, one(), NOW))
    expect(b.reservation.id).toBe('r-3')
    expect(unwrapLeft(reserve(b.state, one('r-1'), NOW))).toMatchObject({ _tag: 'duplicate-reservation', reservation: 'r-1' })
  })

  it('replays an idempotency key: same request → same reservation, no events, same state object', () => {
    const s = simple()
    const req = request({ channel: 'web', idempotencyKey: 'order-9', lines: [{ node: 'dc-1', sku: 'a', quantity: 2 }] })
    const first = unwrap(reserve(s, req, NOW))
    const again = unwrap(reserve(first.state, request({ channel: 'web', idempotencyKey: 'order-9', lines: [{ node: 'dc-1', sku: 'a', quantity: 2 }] }), later(1)))
    expect(again.state).toBe(first.state)
    expect(again.events).toEqual([])
    expect(again.reservation).toEqual(first.reservation)
    const other = request({ channel: 'web', idempotencyKey: 'order-9', lines: [{ node: 'dc-1', sku: 'a', quantity: 3 }] })
    expect(unwrapLeft(reserve(first.state, other, NOW))).toMatchObject({ _tag: 'idempotency-conflict', idempotencyKey: 'order-9', reservation: 'r-1' })
  })

  it('a replayed idempotency key is the same request only field for field: reordered keys and undefined fields are, an extra field is not', () => {
    const s = simple()
    const first = unwrap(reserve(s, request({ channel: 'web', idempotencyKey: 'order-9', lines: [{ node: 'dc-1', sku: 'a', quantity: 2 }] }), NOW))
    const reorderedReplay = { lines: [{ quantity: 2, sku: 'a', node: 'dc-1' }], idempotencyKey: 'order-9', channel: 'web' } as unknown as ReserveRequest
    const same = unwrap(reserve(first.state, reorderedReplay, later(1)))
    expect(same.state).toBe(first.state)
    expect(same.events).toEqual([])
    const withUndefined = { channel: 'web', idempotencyKey: 'order-9', lines: [{ node: 'dc-1', sku: 'a', quantity: 2 }], orderId: undefined } as unknown as ReserveRequest
    expect(unwrap(reserve(first.state, withUndefined, later(1))).state).toBe(first.state)
    for (const extra of [{ orderId: 'O-9' }, { expiresAt: later(2) }, { id: 'r-9' }]) {
      const replay = request({ channel: 'web', idempotencyKey: 'order-9', lines: [{ node: 'dc-1', sku: 'a', quantity: 2 }], ...extra })
      expect(unwrapLeft(reserve(first.state, replay, later(1)))).toMatchObject({ _tag: 'idempotency-conflict', idempotencyKey: 'order-9', reservation: 'r-1' })
    }
    // An extra field on the first request and not on the replay is a conflict too.
    const fuller = unwrap(reserve(s, request({ channel: 'web', idempotencyKey: 'k-2', orderId: 'O-2', lines: [{ node: 'dc-1', sku: 'a', quantity: 1 }] }), NOW))
    const thinner = request({ channel: 'web', idempotencyKey: 'k-2', lines: [{ node: 'dc-1', sku: 'a', quantity: 1 }] })
    expect(unwrapLeft(reserve(fuller.state, thinner, later(1)))).toMatchObject({ _tag: 'idempotency-conflict', idempotencyKey: 'k-2' })
  })

  it('rejects bad input with typed errors and paths, never throwing', () => {
    const s = simple()
    const bad = (doc: unknown, now = NOW) => unwrapLeft(reserve(s, doc as ReserveRequest, now))
    expect(bad({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 1 }] }, 'yesterday')).toMatchObject({ _tag: 'invalid-instant', path: 'now' })
    expect(bad({ channel: 'web', lines: [{ node: 'nope', sku: 'a', quantity: 1 }] })).toMatchObject({ _tag: 'unknown-node', path: '$.lines[0].node' })
    expect(bad({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 0 }] })).toMatchObject({ _tag: 'invalid-quantity', path: '$.lines[0].quantity' })
    expect(bad({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 1.5 }] })).toMatchObject({ _tag: 'invalid-quantity' })
    expect(bad({ channel: 'web', lines: [] })).toMatchObject({ _tag: 'invalid-quantity', path: '$.lines' })
    expect(bad({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 1, availableAt: 'soon' }] })).toMatchObject({
      _tag: 'invalid-instant',
      path: '$.lines[0].availableAt',
    })
    expect(bad({ channel: 'web', expiresAt: NOW, lines: [{ node: 'dc-1', sku: 'a', quantity: 1 }] })).toMatchObject({ _tag: 'expired', path: '$.expiresAt' })
    expect(bad({ channel: 'web', lines: [{ node: 'dc-1', sku: 'zzz', quantity: 1 }] })).toMatchObject({ _tag: 'insufficient-stock', available: 0 })
  })
})

describe('confirm', () => {
  it('confirms once; a second confirm changes nothing', () => {
    const s = simple()
    const r = unwrap(reserve(s, request({ channel: 'web', expiresAt: later(1), lines: [{ node: 'dc-1', sku: 'a', quantity: 2 }] }), NOW))
    const c = unwrap(confirm(r.state, 'r-1', NOW))
    expect(c.reservation.status).toBe('confirmed')
    expect(c.events).toEqual([{ type: 'confirmed', at: NOW, reservation: 'r-1' }])
    const c2 = unwrap(confirm(c.state, 'r-1', later(0.5)))
    expect(c2.state).toBe(c.state)
    expect(c2.events).toEqual([])
    // Confirmed reservations never expire.
    const e = unwrap(expire(c.state, later(5)))
    expect(e.events).toEqual([])
    expect(getReservation(e.state, 'r-1')?.status).toBe('confirmed')
  })

  it('refuses expired, unknown and finished reservations', () => {
    const s = simple()
    const r = unwrap(reserve(s, request({ channel: 'web', expiresAt: later(1), lines: [{ node: 'dc-1', sku: 'a', quantity: 2 }] }), NOW))
    expect(unwrapLeft(confirm(r.state, 'r-1', later(1)))).toMatchObject({ _tag: 'expired', reservation: 'r-1' })
    expect(unwrapLeft(confirm(unwrap(expire(r.state, later(2))).state, 'r-1', later(2.5)))).toMatchObject({ _tag: 'expired' })
    expect(unwrapLeft(confirm(r.state, 'r-404', NOW))).toMatchObject({ _tag: 'unknown-reservation', reservation: 'r-404' })
    const released = unwrap(release(r.state, 'r-1', NOW)).state
    expect(unwrapLeft(confirm(released, 'r-1', NOW))).toMatchObject({ _tag: 'not-live', status: 'released' })
  })
})

describe('release', () => {
  const held = (): StockState =>
    reservedWeb(simple(), [
      { node: 'dc-1', sku: 'a', quantity: 3 },
      { node: 'st-1', sku: 'a', quantity: 2 },
    ])

  it('releases wholly, then again with no events', () => {
    const r = unwrap(release(held(), 'r-1', NOW))
    expect(r.reservation.status).toBe('released')
    expect(r.reservation.lines.map((l) => [l.held, l.released])).toEqual([
      [0, 3],
      [0, 2],
    ])
    expect(atp(r.state, 'dc-1', 'a')).toBe(10)
    expect(atp(r.state, 'st-1', 'a')).toBe(4)
    const again = unwrap(release(r.state, 'r-1', later(1)))
    expect(again.events).toEqual([])
    expect(again.state).toBe(r.state)
  })

  it('releases partly, and refuses more than held', () => {
    const r = unwrap(release(held(), 'r-1', NOW, [{ node: 'dc-1', sku: 'a', quantity: 2 }]))
    expect(r.reservation.status).toBe('held')
    expect(r.reservation.lines[0]).toMatchObject({ held: 1, released: 2 })
    expect(atp(r.state, 'dc-1', 'a')).toBe(9)
    expect(unwrapLeft(release(r.state, 'r-1', NOW, [{ node: 'dc-1', sku: 'a', quantity: 2 }]))).toMatchObject({
      _tag: 'invalid-quantity',
      path: '$.lines[0].quantity',
    })
    expect(unwrapLeft(release(r.state, 'r-1', NOW, [{ node: 'st-1', sku: 'b', quantity: 1 }]))).toMatchObject({ _tag: 'invalid-quantity' })
    expect(unwrapLeft(release(r.state, 'nope', NOW))).toMatchObject({ _tag: 'unknown-reservation' })
  })
})

describe('expire', () => {
  it('expires held reservations due by now, in (expiresAt, id) order, skipping confirmed ones', () => {
    let s = simple()
    const mk = (id: string, expiresAt: string, q = 1): void => {
      s = unwrap(reserve(s, request({ id, channel: 'web', expiresAt, lines: [{ node: 'dc-1', sku: 'a', quantity: q }] }), NOW)).state
    }
    mk('z', later(1))
    mk('b', later(2))
    mk('a', later(1))
    mk('c', later(3))
    s = unwrap(confirm(s, 'b', NOW)).state
    const e = unwrap(expire(s, later(2.5)))
    expect(e.events.map((ev) => (ev.type === 'expired' ? ev.reservation : ev.type))).toEqual(['a', 'z'])
    expect(getReservation(e.state, 'a')).toMatchObject({ status: 'expired', lines: [{ held: 0, expired: 1 }] })
    expect(atp(e.state, 'dc-1', 'a')).toBe(10 - 2)
    expect(unwrap(expire(e.state, later(2.5))).events).toEqual([])
    expect(unwrapLeft(expire(s, 'not an instant'))).toMatchObject({ _tag: 'invalid-instant', path: 'now' })
  })
})

describe('fulfil', () => {
  it('takes units out of on hand and the reservation; fully fulfilled → fulfilled', () => {
    const s = reservedWeb(simple(), [{ node: 'dc-1', sku: 'a', quantity: 4 }])
    const part = unwrap(fulfil(s, 'r-1', NOW, [{ node: 'dc-1', sku: 'a', quantity: 1 }]))
    expect(part.reservation).toMatchObject({ status: 'held', lines: [{ held: 3, fulfilled: 1 }] })
    expect(positionBreakdown(part.state, { node: 'dc-1', sku: 'a', channel: 'web' })).toMatchObject({ onHand: 9, reserved: 3 })
    const all = unwrap(fulfil(part.state, 'r-1', NOW))
    expect(all.reservation.status).toBe('fulfilled')
    expect(positionBreakdown(all.state, { node: 'dc-1', sku: 'a', channel: 'web' })).toMatchObject({ onHand: 6, reserved: 0, available: 6 })
    expect(unwrapLeft(fulfil(all.state, 'r-1', NOW))).toMatchObject({ _tag: 'not-live', status: 'fulfilled' })
  })

  it('cannot fulfil a backorder before its units are on hand', () => {
    const s = reservedWeb(simple(), [{ node: 'dc-1', sku: 'a', quantity: 14, availableAt: later(30) }])
    expect(unwrapLeft(fulfil(s, 'r-1', later(31)))).toMatchObject({ _tag: 'insufficient-stock', requested: 14, available: 10 })
  })
})

describe('ledger edges: each pins a rule a one-line change would break', () => {
  const reserveRaw = (s: StockState, doc: unknown, now = NOW) => reserve(s, doc as ReserveRequest, now)
  /** dc-1/a: 3 units on line 0, 2 on line 1; st-1/a: 1 unit on line 2. */
  const twoLines = (extra: Record<string, unknown> = {}): StockState =>
    unwrap(
      reserve(
        simple(),
        request({
          channel: 'web',
          ...extra,
          lines: [
            { node: 'dc-1', sku: 'a', quantity: 3 },
            { node: 'dc-1', sku: 'a', quantity: 2 },
            { node: 'st-1', sku: 'a', quantity: 1 },
          ],
        }),
        NOW,
      ),
    ).state

  it('names the offending path and what was expected for every malformed reserve request', () => {
    const s = simple()
    const ok = { node: 'dc-1', sku: 'a', quantity: 1 }
    expect(unwrapLeft(reserveRaw(s, { channel: 'web', lines: 'all of it' }))).toEqual({ _tag: 'invalid-input', path: '$.lines', message: '$.lines: expected an array of reservation lines' })
    expect(unwrapLeft(reserveRaw(s, { channel: 'web', lines: [] }))).toEqual({ _tag: 'invalid-quantity', path: '$.lines', message: '$.lines: a reservation needs at least one line' })
    expect(unwrapLeft(reserveRaw(s, { channel: 'web', lines: [ok, { node: 'dc-1', sku: 7, quantity: 1 }] }))).toEqual({
      _tag: 'invalid-input',
      path: '$.lines[1]',
      message: '$.lines[1]: expected a line with string node and sku',
    })
    expect(unwrapLeft(reserveRaw(s, { channel: 'web', lines: [ok, { node: 'dc-1', sku: 'a', quantity: 0 }] }))).toEqual({
      _tag: 'invalid-quantity',
      path: '$.lines[1].quantity',
      message: '$.lines[1].quantity: expected a whole number of units ≥ 1',
    })
    for (const doc of [{ lines: [ok] }, { channel: 5, lines: [ok] }, null, 'web']) {
      expect(unwrapLeft(reserveRaw(s, doc))).toEqual({ _tag: 'invalid-input', path: '$', message: '$: expected a reserve request with a string channel' })
    }
    expect(unwrapLeft(reserveRaw(s, { channel: 'web', expiresAt: 'tomorrow', lines: [ok] }))).toMatchObject({ _tag: 'invalid-instant', path: '$.expiresAt', value: 'tomorrow' })
    expect(unwrapLeft(reserveRaw(s, { channel: 'web', expiresAt: NOW, lines: [ok] }))).toMatchObject({
      _tag: 'expired',
      path: '$.expiresAt',
      message: `$.expiresAt: expiresAt ${NOW} is not after now (${NOW})`,
    })
    const taken = unwrap(reserve(s, request({ id: 'mine', channel: 'web', lines: [ok] }), NOW)).state
    expect(unwrapLeft(reserveRaw(taken, { id: 'mine', channel: 'web', lines: [ok] }))).toMatchObject({ _tag: 'duplicate-reservation', path: '$.id', reservation: 'mine' })
    // The short line is named by its own index, whether it is alone or after others.
    expect(unwrapLeft(reserveRaw(s, { channel: 'web', lines: [{ node: 'st-1', sku: 'a', quantity: 5 }] }))).toMatchObject({ _tag: 'insufficient-stock', path: '$.lines[0].quantity', available: 4 })
    expect(unwrapLeft(reserveRaw(s, { channel: 'web', lines: [ok, { node: 'st-1', sku: 'a', quantity: 5 }] }))).toMatchObject({ _tag: 'insufficient-stock', path: '$.lines[1].quantity', available: 4 })
  })

  it('refuses lines on one position that a later lot would cover but that overdraw the shelf now', () => {
    // 10 on hand and 6 arriving in 24 h: 12 now and 1 in 30 h fit by then, not now.
    const lines = [
      { node: 'dc-1', sku: 'a', quantity: 12 },
      { node: 'dc-1', sku: 'a', quantity: 1, availableAt: later(30) },
    ]
    expect(unwrapLeft(reserve(simple(), request({ channel: 'web', lines }), NOW))).toMatchObject({ _tag: 'insufficient-stock', requested: 13, path: '$.lines[0].quantity' })
    // 10 now and 6 in 30 h fit at both instants.
    const fits = [
      { node: 'dc-1', sku: 'a', quantity: 10 },
      { node: 'dc-1', sku: 'a', quantity: 6, availableAt: later(30) },
    ]
    expect(unwrap(reserve(simple(), request({ channel: 'web', lines: fits }), NOW)).reservation.status).toBe('held')
  })

  it('names the path of a bad reservation id and of bad release lines', () => {
    const s = twoLines()
    expect(unwrapLeft(release(s, 42 as unknown as string, NOW))).toEqual({ _tag: 'invalid-input', path: 'id', message: 'id: expected a reservation id string' })
    const bad = (lines: unknown) => unwrapLeft(release(s, 'r-1', NOW, lines as never))
    expect(bad('two')).toEqual({ _tag: 'invalid-input', path: '$.lines', message: '$.lines: expected an array of lines' })
    expect(bad([null])).toEqual({ _tag: 'invalid-input', path: '$.lines[0]', message: '$.lines[0]: expected an object with node, sku and quantity' })
    expect(bad([{ node: 'dc-1', sku: 'a', quantity: 1 }, { node: 'dc-1', sku: 'a', quantity: 0 }])).toEqual({
      _tag: 'invalid-quantity',
      path: '$.lines[1].quantity',
      message: '$.lines[1].quantity: expected a whole number of units ≥ 1',
    })
    expect(bad([{ node: 'dc-1', sku: 'a', quantity: 6 }])).toEqual({
      _tag: 'invalid-quantity',
      path: '$.lines[0].quantity',
      message: '$.lines[0].quantity: cannot release 6 of a at dc-1 from reservation r-1: only 5 held',
    })
    expect(unwrapLeft(fulfil(s, 'r-1', NOW, [{ node: 'st-1', sku: 'a', quantity: 2 }]))).toMatchObject({
      message: '$.lines[0].quantity: cannot fulfil 2 of a at st-1 from reservation r-1: only 1 held',
    })
  })

  it('drains a position line by line, in line order, across requests for the same position', () => {
    const r = unwrap(
      release(twoLines(), 'r-1', NOW, [
        { node: 'dc-1', sku: 'a', quantity: 2 },
        { node: 'dc-1', sku: 'a', quantity: 2 },
      ]),
    )
    expect(r.reservation.lines.map((l) => [l.held, l.released])).toEqual([
      [0, 3],
      [1, 1],
      [1, 0],
    ])
    // Only the lines that gave units are in the event.
    expect(r.events).toEqual([
      {
        type: 'released',
        at: NOW,
        reservation: 'r-1',
        lines: [
          { line: 0, node: 'dc-1', sku: 'a', quantity: 3 },
          { line: 1, node: 'dc-1', sku: 'a', quantity: 1 },
        ],
      },
    ])
    expect(atp(r.state, 'dc-1', 'a')).toBe(10 - 1)
    // Nothing asked, nothing changes.
    const none = unwrap(release(r.state, 'r-1', later(1), []))
    expect(none.events).toEqual([])
    expect(none.state).toBe(r.state)
  })

  it('releases and fulfils a confirmed reservation; fulfilling a held one at or after its expiry is refused', () => {
    const confirmed = unwrap(confirm(twoLines({ expiresAt: later(1) }), 'r-1', NOW)).state
    // Confirmed reservations never expire: past the old expiresAt they are still released and fulfilled.
    expect(unwrap(release(confirmed, 'r-1', later(2))).reservation.status).toBe('released')
    expect(unwrap(fulfil(confirmed, 'r-1', later(2))).reservation.status).toBe('fulfilled')
    const held = twoLines({ expiresAt: later(1) })
    expect(unwrapLeft(fulfil(held, 'r-1', later(1)))).toEqual({ _tag: 'expired', reservation: 'r-1', message: 'reservation r-1 expired' })
    expect(unwrap(fulfil(held, 'r-1', later(0.5))).reservation.status).toBe('fulfilled')
    const gone = unwrap(expire(held, later(1))).state
    expect(unwrapLeft(fulfil(gone, 'r-1', later(1)))).toMatchObject({ _tag: 'expired', message: 'reservation r-1 expired' })
    expect(unwrapLeft(confirm(gone, 'r-1', later(1)))).toEqual({ _tag: 'expired', reservation: 'r-1', message: 'reservation r-1 expired' })
    expect(unwrapLeft(confirm(held, 'r-1', later(1)))).toEqual({ _tag: 'expired', reservation: 'r-1', message: `reservation r-1 expired at ${later(1)}` })
  })

  it('fulfils every unit on hand, per position: lines on one position add up, lines on two do not', () => {
    const all = reservedWeb(simple(), [{ node: 'dc-1', sku: 'a', quantity: 10 }])
    expect(positionBreakdown(unwrap(fulfil(all, 'r-1', NOW)).state, { node: 'dc-1', sku: 'a', channel: 'web' })).toMatchObject({ onHand: 0 })
    // 8 now and 6 once the lot lands: 14 on a position with 10 on hand until it is received.
    const split = reservedWeb(simple(), [
      { node: 'dc-1', sku: 'a', quantity: 8 },
      { node: 'dc-1', sku: 'a', quantity: 6, availableAt: later(30) },
    ])
    expect(unwrapLeft(fulfil(split, 'r-1', later(31)))).toMatchObject({ _tag: 'insufficient-stock', requested: 14, available: 10 })
    // 8 from dc-1 and 4 from st-1: each position has enough of its own.
    const two = unwrap(
      reserve(
        simple(),
        request({
          channel: 'web',
          lines: [
            { node: 'dc-1', sku: 'a', quantity: 8 },
            { node: 'st-1', sku: 'a', quantity: 4 },
          ],
        }),
        NOW,
      ),
    ).state
    expect(unwrap(fulfil(two, 'r-1', NOW)).reservation.status).toBe('fulfilled')
  })

  it('expires only the units still held, and an expiry with nothing due returns the same state', () => {
    const s = twoLines({ expiresAt: later(1) })
    const part = unwrap(release(s, 'r-1', NOW, [{ node: 'dc-1', sku: 'a', quantity: 3 }])).state
    const e = unwrap(expire(part, later(1)))
    expect(e.events).toEqual([
      {
        type: 'expired',
        at: later(1),
        reservation: 'r-1',
        expiresAt: later(1),
        lines: [
          { line: 1, node: 'dc-1', sku: 'a', quantity: 2 },
          { line: 2, node: 'st-1', sku: 'a', quantity: 1 },
        ],
      },
    ])
    const quiet = unwrap(expire(part, later(0.5)))
    expect(quiet.events).toEqual([])
    expect(quiet.state).toBe(part)
  })
})

describe('ledger properties', () => {
  const scenario = fc.record({ world: worldArb, commands: fc.array(commandArb, { minLength: 8, maxLength: 30 }) })

  it('conserves every position after any command sequence (valid and invalid)', () => {
    const outcomes = new Map<string, number>()
    fc.assert(
      fc.property(scenario, ({ world, commands }) => {
        const s0 = buildWorld(world)
        checkConservation(s0)
        runAll(s0, commands, (_before, after, cmd, error) => {
          const key = `${cmd.kind}:${error ?? 'ok'}`
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
          checkConservation(after)
        })
      }),
      propertyParameters({ numRuns: 100 }),
    )
    if (process.env.SHOW_OUTCOMES) console.log([...outcomes].sort())
    // Every command succeeded at least sometimes, and shortfalls and failures were exercised too.
    for (const kind of ['reserve', 'confirm', 'release', 'expire', 'fulfil', 'announce', 'receive', 'adjust', 'return']) {
      expect(outcomes.get(`${kind}:ok`) ?? 0).toBeGreaterThan(0)
    }
    expect(outcomes.get('reserve:insufficient-stock') ?? 0).toBeGreaterThan(0)
  })

  it('never reserves beyond ATP: at each line instant, the units promised by then fit the ATP before', () => {
    let checked = 0
    fc.assert(
      fc.property(scenario, ({ world, commands }) => {
        runAll(buildWorld(world), commands, (before, after, cmd, error) => {
          if (cmd.kind !== 'reserve' || error !== undefined || before === after) return
          const lines = cmd.request.lines
          for (const line of lines) {
            const byThen = lines
              .filter((l) => l.node === line.node && l.sku === line.sku)
              .filter((l) => l.availableAt === undefined || (line.availableAt !== undefined && Date.parse(l.availableAt) <= Date.parse(line.availableAt)))
              .reduce((n, l) => n + l.quantity, 0)
            expect(byThen).toBeLessThanOrEqual(atp(before, line.node, line.sku, cmd.request.channel, line.availableAt))
            checked++
          }
        })
      }),
      propertyParameters({ numRuns: 150 }),
    )
    expect(checked).toBeGreaterThan(20)
  })

  it('restores ATP exactly when a reservation is released or expires', () => {
    const config = propertyParameters({ numRuns: 100 })
    let restored = 0
    fc.assert(
      fc.property(scenario, fc.nat(), fc.integer({ min: 1, max: 5 }), fc.boolean(), ({ world, commands }, pick, want, backorder) => {
        const { state } = runAll(buildWorld(world), commands)
        const minute = 1000
        const when = backorder ? at(minute + 60) : undefined
        const candidates: Array<{ node: string; sku: string; channel: string; atp: number }> = []
        for (const sku of skusOf(state)) {
          for (const node of state.nodes.ids) {
            for (const channel of CHANNELS) {
              const a = atp(state, node, sku, channel, when)
              if (a > 0) candidates.push({ node, sku, channel, atp: a })
            }
          }
        }
        const c = candidates[pick % Math.max(1, candidates.length)]
        if (c === undefined) return
        const line = { node: c.node, sku: c.sku, quantity: Math.min(want, c.atp), ...(when === undefined ? {} : { availableAt: when }) }
        const r = unwrap(reserve(state, request({ id: 'probe', channel: c.channel, expiresAt: at(minute + 30), lines: [line] }), at(minute)))
        expect(atp(r.state, c.node, c.sku, c.channel, when)).toBe(c.atp - line.quantity)
        const released = unwrap(release(r.state, 'probe', at(minute)))
        expect((observe(released.state) as { positions: unknown }).positions).toEqual((observe(state) as { positions: unknown }).positions)
        // Expiry at minute + 30 also expires older reservations due by then: compare with the same expiry.
        const expiredAfter = unwrap(expire(r.state, at(minute + 30)))
        expect(expiredAfter.events.some((e) => e.type === 'expired' && e.reservation === 'probe')).toBe(true)
        const expiredBefore = unwrap(expire(state, at(minute + 30))).state
        expect((observe(expiredAfter.state) as { positions: unknown }).positions).toEqual((observe(expiredBefore) as { positions: unknown }).positions)
        restored++
      }),
      config,
    )
    // The property must have been exercised, not vacuously true.
    expect(restored).toBeGreaterThan(config.numRuns / 2)
  })

  it('confirm and idempotency-key replays are idempotent', () => {
    fc.assert(
      fc.property(scenario, ({ world, commands }) => {
        const { state, ids } = runAll(buildWorld(world), commands)
        for (const id of ids) {
          const c = confirm(state, id, at(10_000))
          if (E.isLeft(c)) continue
          const c2 = unwrap(confirm(c.right.state, id, at(10_000)))
          expect(c2.state).toBe(c.right.state)
          expect(c2.events).toEqual([])
        }
        for (const key of ['k1', 'k2']) {
          const prior = liveReservations(state).find((r) => r.idempotencyKey === key)
          if (prior === undefined) continue
          const replayed = reserve(state, { channel: 'nope', lines: [], idempotencyKey: key } as unknown as ReserveRequest, at(10_000))
          expect(E.isLeft(replayed) && replayed.left._tag).toBe('idempotency-conflict')
        }
      }),
      propertyParameters({ numRuns: 100 }),
    )
  })

  it('never mutates deep-frozen inputs', () => {
    fc.assert(
      fc.property(scenario, ({ world, commands }) => {
        const frozenWorld = deepFreeze(structuredClone(world))
        const frozenCommands = deepFreeze(structuredClone(commands))
        const before = JSON.stringify([frozenWorld, frozenCommands])
        const { state } = runAll(buildWorld(frozenWorld), frozenCommands)
        expect(JSON.stringify([frozenWorld, frozenCommands])).toBe(before)
        expect(SAMPLE_TIMES.length).toBeGreaterThan(0)
        void state
      }),
      propertyParameters({ numRuns: 80 }),
    )
  })
})

describe('time only moves forward', () => {
  const at11 = '2026-11-27T11:00:00Z'
  const at07 = '2026-11-27T07:00:00Z'

  it('refuses a confirm at 07:00 of a reservation made at 11:00, naming both instants', () => {
    const r = unwrap(reserve(simple(), request({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 2 }] }), at11))
    expect(lastEventAt(r.state)).toBe(at11)
    expect(unwrapLeft(confirm(r.state, 'r-1', at07))).toEqual({
      _tag: 'time-went-back',
      message: `now: ${at07} is before the last event, at ${at11}`,
      last: at11,
      now: at07,
      path: 'now',
    })
    // The same instant, or any later one, is fine.
    expect(unwrap(confirm(r.state, 'r-1', at11)).reservation.status).toBe('confirmed')
    expect(lastEventAt(unwrap(confirm(r.state, 'r-1', '2026-11-27T12:00:00+01:00')).state)).toBe(at11)
  })

  it('is checked by every command that takes `now`, ledger and stock movements alike', () => {
    const s = unwrap(reserve(simple(), request({ channel: 'web', expiresAt: later(30), lines: [{ node: 'dc-1', sku: 'a', quantity: 2 }] }), later(3))).state
    const before = later(2)
    const commands = [
      () => reserve(s, request({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 1 }] }), before),
      () => confirm(s, 'r-1', before),
      () => release(s, 'r-1', before),
      () => fulfil(s, 'r-1', before),
      () => expire(s, before),
      () => announceInbound(s, { id: 'po-2', node: 'dc-1', sku: 'a', quantity: 1, eta: later(9) } as never, before),
      () => receiveInbound(s, 'po-1', before),
      () => adjustOnHand(s, { node: 'dc-1', sku: 'a', onHand: 3 }, before),
      () => returnUnits(s, { node: 'dc-1', sku: 'a', quantity: 1 }, before),
    ]
    for (const command of commands) expect(unwrapLeft(command())).toMatchObject({ _tag: 'time-went-back', last: later(3), now: before })
  })

  it('a state before any event takes any instant; the last event instant is the latest seen, not the last applied', () => {
    const s = simple()
    expect(lastEventAt(s)).toBeUndefined()
    const r = unwrap(reserve(s, request({ channel: 'web', expiresAt: later(1), lines: [{ node: 'dc-1', sku: 'a', quantity: 2 }] }), '1999-01-01T00:00:00Z'))
    expect(lastEventAt(r.state)).toBe('1999-01-01T00:00:00Z')
    // An expiry's event carries `now`, not `expiresAt`.
    const e = unwrap(expire(r.state, later(5)))
    expect(lastEventAt(e.state)).toBe(later(5))
    // Commands that change nothing record nothing.
    expect(unwrap(release(e.state, 'r-1', later(6))).state).toBe(e.state)
  })

  it('replay rebuilds the last event instant, and any command sequence refuses every earlier now without changing the state', () => {
    fc.assert(
      fc.property(worldArb, fc.array(commandArb, { minLength: 3, maxLength: 20 }), commandArb, fc.integer({ min: 1, max: 500 }), (world, commands, late, back) => {
        const initial = buildWorld(world)
        const { state, events } = runAll(initial, commands)
        expect(lastEventAt(replay(initial, events))).toBe(lastEventAt(state))
        const last = lastEventAt(state)
        if (last === undefined) return
        const minute = (Date.parse(last) - Date.parse(at(0))) / 60_000
        const step = runCommand(state, late, minute - back, [])
        expect(step.error?._tag).toBe('time-went-back')
        expect(step.state).toBe(state)
      }),
      { numRuns: 100 },
    )
  })
})

describe('garbage in', () => {
  it('every command answers with a value (typed error or result) for arbitrary arguments, never throwing', () => {
    const s = simple()
    const anything = fc.anything({ withNullPrototype: false, maxDepth: 3 })
    fc.assert(
      fc.property(anything, anything, anything, (a, b, c) => {
        const calls = [
          () => reserve(s, a as never, NOW),
          () => reserve(s, { channel: 'web', lines: [a] } as never, NOW),
          () => reserve(s, { channel: 'web', lines: a } as never, NOW),
          () => reserve(s, request({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 1 }] }), a as never),
          () => confirm(s, a as never, NOW),
          () => release(s, a as never, b as never, c as never),
          () => fulfil(s, a as never, NOW, b as never),
          () => expire(s, a as never),
        ]
        for (const call of calls) {
          const out = call() as unknown
          expect(typeof out).toBe('object')
        }
        // A live reservation with garbage partial lines.
        const held = reservedWeb(s, [{ node: 'dc-1', sku: 'a', quantity: 1 }])
        expect(typeof release(held, 'r-1', NOW, [a] as never)).toBe('object')
        expect(typeof fulfil(held, 'r-1', NOW, [b] as never)).toBe('object')
      }),
      propertyParameters({ numRuns: 300 }),
    )
  })
})
