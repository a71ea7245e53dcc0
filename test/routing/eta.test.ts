/**
 * When things happen, with zones and calendars: the story of a Paris store over the changes
 * of clocks (routing and the delivery promise), and the laws every ETA keeps — no dispatch on
 * a closed day or outside opening hours, no hand-over on a carrier's day off, ETAs
 * non-decreasing in the instant the stock is there, and the old arithmetic when no calendar
 * is given.
 */
import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodePromiseRequest, decodeStockSnapshot } from '../../src/codecs/decode.js'
import { compiledNetwork } from '../support/network.js'
import type { CompiledNetwork } from '../../src/network/compile.js'
import { promiseOptions } from '../../src/promise/index.js'
import { deliveredAt, dispatchAt, pickupReadyAt, transferArrivesAt } from '../../src/routing/eta.js'
import { routeScenario } from '../../src/scenario.js'
import { buildStock } from '../../src/stock/index.js'
import { nextLocalTime } from '../../src/time.js'
import { ianaZone, localOf, weekdayOf } from '../../src/time/zone.js'

const HOUR = 3_600_000
const DAY = 86_400_000
const at = (iso: string): number => Date.parse(iso)

const MON_SAT_10_19 = { mon: [['10:00', '19:00']], tue: [['10:00', '19:00']], wed: [['10:00', '19:00']], thu: [['10:00', '19:00']], fri: [['10:00', '19:00']], sat: [['10:00', '19:00']], sun: [] }

const parisStore = {
  id: 'S-PARIS',
  kind: 'store',
  location: { lat: 48.8566, lon: 2.3522 },
  timeZone: 'Europe/Paris',
  openingHours: MON_SAT_10_19,
  leadTimeHours: 2,
  costs: { package: '5', unit: '0.5', perUnitKm: '0.0005' },
}

const pickupScenario = (now: string): Record<string, unknown> => ({
  now,
  nodes: [parisStore],
  stock: [{ node: 'S-PARIS', sku: 'JACKET', onHand: 3 }],
  order: { id: 'O1', channel: 'web', lines: [{ id: '1', sku: 'JACKET', quantity: 1 }], delivery: { method: 'pickup', node: 'S-PARIS' } },
})

const compiled = compiledNetwork

describe('a Paris store open Monday to Saturday, 10:00–19:00, with a 2-hour preparation', () => {
  it('an order on Saturday 28 March 2026 at 17:30 is ready on Monday 30 March at 10:00 local, 08:00Z (summer time by then)', () => {
    const r = routeScenario(pickupScenario('2026-03-28T16:30:00Z'), '2026-03-28T16:30:00Z')
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    expect(r.right.plan.pickup?.readyAt).toBe('2026-03-30T08:00:00.000Z')
    expect(r.right.plan.eta).toBe('2026-03-30T08:00:00.000Z')
  })

  it("October's twin: Saturday 24 October 2026 at 17:30 (15:30Z) is ready on Monday 26 October at 10:00 local, 09:00Z (winter time by then)", () => {
    const r = routeScenario(pickupScenario('2026-10-24T15:30:00Z'), '2026-10-24T15:30:00Z')
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    expect(r.right.plan.pickup?.readyAt).toBe('2026-10-26T09:00:00.000Z')
  })

  it('an order at 09:00 local is ready at 11:00 the same day, one at 16:30 at 18:30: inside the hours, the preparation alone', () => {
    for (const [now, ready] of [
      ['2026-03-27T08:00:00Z', '2026-03-27T10:00:00.000Z'],
      ['2026-03-27T15:30:00Z', '2026-03-27T17:30:00.000Z'],
      ['2026-03-27T06:00:00Z', '2026-03-27T09:00:00.000Z'],
    ] as const) {
      const r = routeScenario(pickupScenario(now), now)
      if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
      expect([now, r.right.plan.pickup?.readyAt]).toEqual([now, ready])
    }
  })

  it('a closed date (Easter Monday) moves the Saturday order to Tuesday', () => {
    const doc = pickupScenario('2026-04-04T15:30:00Z')
    doc['nodes'] = [{ ...parisStore, closedDates: ['2026-04-06'] }]
    const r = routeScenario(doc, '2026-04-04T15:30:00Z')
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    expect(r.right.plan.pickup?.readyAt).toBe('2026-04-07T08:00:00.000Z')
  })

  it("the delivery promise offers the same ready time for collection in the store", () => {
    const net = compiled({ nodes: [parisStore] })
    const snapshot = decodeStockSnapshot({ rows: [{ node: 'S-PARIS', sku: 'JACKET', onHand: 3 }] })
    if (E.isLeft(snapshot)) throw new Error(snapshot.left.message)
    const stock = buildStock(net, snapshot.right)
    if (E.isLeft(stock)) throw new Error(JSON.stringify(stock.left))
    const req = decodePromiseRequest({ channel: 'web', now: '2026-03-28T16:30:00Z', location: { lat: 48.86, lon: 2.35 }, sku: 'JACKET', methods: ['pickup'] })
    if (E.isLeft(req)) throw new Error(req.left.message)
    const options = promiseOptions(stock.right, req.right)
    if (E.isLeft(options)) throw new Error(JSON.stringify(options.left))
    const pickup = options.right.find((o) => o.method === 'pickup')
    expect(pickup?.eta).toBe('2026-03-30T08:00:00.000Z')
    expect(pickup?.plan.pickup?.readyAt).toBe('2026-03-30T08:00:00.000Z')
  })
})

describe('a warehouse with a 17:00 cut-off in Paris, closed on Sundays and on Christmas Day', () => {
  const net = compiled({
    nodes: [
      {
        id: 'W',
        kind: 'warehouse',
        location: { lat: 45.7, lon: 4.9 },
        timeZone: 'Europe/Paris',
        cutoff: '17:00',
        leadTimeHours: 4,
        openingHours: { mon: [['06:00', '22:00']], tue: [['06:00', '22:00']], wed: [['06:00', '22:00']], thu: [['06:00', '22:00']], fri: [['06:00', '22:00']], sat: [['06:00', '13:00']] },
        closedDates: ['2026-12-25'],
        costs: { package: '8', unit: '0.4', perUnitKm: '0.0003' },
      },
      { id: 'S', kind: 'store', location: { lat: 45.76, lon: 4.84 }, timeZone: 'Europe/Paris', openingHours: MON_SAT_10_19, costs: { package: '6', unit: '0.5', perUnitKm: '0.001' } },
    ],
  })
  const W = net.nodes.byId.get('W') ?? -1
  const S = net.nodes.byId.get('S') ?? -1
  it('the cut-off follows the clocks: 16:00Z in winter, 15:00Z in summer, on both sides of each change', () => {
    expect(dispatchAt(net, W, at('2026-03-27T08:00:00Z'))).toBe(at('2026-03-27T16:00:00Z'))
    expect(dispatchAt(net, W, at('2026-03-30T08:00:00Z'))).toBe(at('2026-03-30T15:00:00Z'))
    expect(dispatchAt(net, W, at('2026-10-23T08:00:00Z'))).toBe(at('2026-10-23T15:00:00Z'))
    expect(dispatchAt(net, W, at('2026-10-26T08:00:00Z'))).toBe(at('2026-10-26T16:00:00Z'))
  })
  it('a Saturday order past the cut-off, and a Christmas Eve one, leave on the next open day', () => {
    // Saturday 28 March, ready 18:30 local: Sunday closed, Monday 17:00 summer time.
    expect(dispatchAt(net, W, at('2026-03-28T12:30:00Z'))).toBe(at('2026-03-30T15:00:00Z'))
    // Thursday 24 December 15:00 local, ready 19:00: Friday 25th closed, Saturday 26th 17:00.
    expect(dispatchAt(net, W, at('2026-12-24T14:00:00Z'))).toBe(at('2026-12-26T16:00:00Z'))
  })
  it('a parcel due on Sunday is handed over on Monday at 00:00 local (default delivery days Monday to Saturday)', () => {
    // Saturday 26 December dispatch at 17:00 local, + 24 h: Sunday; Monday 00:00 Paris is Sunday 23:00Z.
    expect(deliveredAt(net, W, at('2026-12-24T14:00:00Z'), 0)).toBe(at('2026-12-27T23:00:00Z'))
  })
  it('a transfer into the store waits for a delivery day there, and the pickup for the store to open', () => {
    const arrives = transferArrivesAt(net, W, at('2026-12-24T14:00:00Z'), 8_000, S)
    expect(arrives).toBe(at('2026-12-27T23:00:00Z'))
    expect(pickupReadyAt(net, S, arrives)).toBe(at('2026-12-28T09:00:00Z'))
  })
})

describe('no calendar: the arithmetic of a fixed offset, as before zones existed', () => {
  test.prop([fc.integer({ min: -12 * 60, max: 14 * 60 }).filter((m) => m % 15 === 0), fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z') }), fc.integer({ min: 0, max: 30 })])(
    'dispatch is the next cut-off of the offset, deliveries move only off Sundays',
    (offset, cutoff, stockAt, lead) => {
      const sign = offset < 0 ? '-' : '+'
      const a = Math.abs(offset)
      const utcOffset = `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
      const hhmm = `${String(Math.floor(cutoff / 60)).padStart(2, '0')}:${String(cutoff % 60).padStart(2, '0')}`
      const net = compiled({ nodes: [{ id: 'W', kind: 'warehouse', location: { lat: 45, lon: 5 }, utcOffset, cutoff: hhmm, leadTimeHours: lead, costs: { package: '1', unit: '0', perUnitKm: '0' } }], transit: { deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] } })
      expect(dispatchAt(net, 0, stockAt)).toBe(nextLocalTime(stockAt + lead * HOUR, cutoff, offset))
      expect(deliveredAt(net, 0, stockAt, 80_000)).toBe(nextLocalTime(stockAt + lead * HOUR, cutoff, offset) + 25 * HOUR)
    },
  )
})

const ZONES = ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'UTC'] as const
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
const DAY_HOURS = [[], [['09:00', '19:00']], [['10:00', '12:30'], ['14:00', '19:00']], [['00:00', '24:00']], [['02:30', '03:30'], ['08:00', '20:00']], [['01:30', '02:30'], ['17:00', '24:00']]]
const nodeArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  cutoff: fc.option(fc.constantFrom('17:00', '02:30', '00:30', '12:00'), { nil: undefined }),
  hours: fc.option(fc.array(fc.constantFrom(...DAY_HOURS), { minLength: 7, maxLength: 7 }), { nil: undefined }),
  closed: fc.array(fc.integer({ min: -2, max: 12 }), { maxLength: 3 }),
  lead: fc.constantFrom(0, 2, 4, 30),
  deliveryDays: fc.subarray([...WEEK], { minLength: 1 }),
})
/** Instants around the 2026 changes of clocks (Europe, New York, Sydney). */
const instantArb = fc.tuple(fc.constantFrom('2026-03-27T00:00:00Z', '2026-10-23T00:00:00Z', '2026-03-06T00:00:00Z', '2026-10-30T00:00:00Z', '2026-04-03T00:00:00Z', '2026-10-02T00:00:00Z'), fc.integer({ min: 0, max: 5 * 24 * 60 })).map(([base, minutes]) => at(base) + minutes * 60_000)

const calendarNet = (n: typeof nodeArb extends fc.Arbitrary<infer A> ? A : never, base: number): { net: CompiledNetwork; closed: readonly string[]; hours: Record<string, unknown> | undefined } => {
  const closed = n.closed.map((d) => new Date(base + d * DAY).toISOString().slice(0, 10))
  let hours: Record<string, unknown> | undefined
  if (n.hours !== undefined) {
    hours = Object.fromEntries(WEEK.map((d, i) => [d, n.hours?.[i] ?? []]))
    if (!Object.values(hours).some((h) => (h as unknown[]).length > 0)) hours['wed'] = [['09:00', '19:00']]
  }
  const node = { id: 'N', kind: 'store', location: { lat: 45, lon: 5 }, timeZone: n.zone, leadTimeHours: n.lead, costs: { package: '1', unit: '0', perUnitKm: '0' }, ...(n.cutoff === undefined ? {} : { cutoff: n.cutoff }), ...(hours === undefined ? {} : { openingHours: hours }), ...(closed.length === 0 ? {} : { closedDates: closed }) }
  return { net: compiled({ nodes: [node], transit: { deliveryDays: n.deliveryDays } }), closed, hours }
}

/** The local date, weekday and minute of `ms` in `zone`, read from Intl. */
const reading = (zone: string, ms: number): { date: string; weekday: string; minute: number } => {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' }).formatToParts(ms).map((p) => [p.type, p.value]))
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, weekday: String(parts['weekday']).toLowerCase().slice(0, 3), minute: Number(parts['hour']) * 60 + Number(parts['minute']) }
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))

describe('laws of calendars (Paris, New York, Sydney, UTC; days around the changes of clocks)', () => {
  test.prop([nodeArb, instantArb])('no dispatch on a closed day, nor outside opening hours without a cut-off; a cut-off dispatch is at the cut-off (or just after a skipped one)', (n, stockAt) => {
    const { net, closed, hours } = calendarNet(n, stockAt)
    const d = dispatchAt(net, 0, stockAt)
    expect(d).toBeGreaterThanOrEqual(stockAt + n.lead * HOUR)
    const r = reading(n.zone, d)
    expect(closed).not.toContain(r.date)
    if (hours !== undefined) expect((hours[r.weekday] as unknown[]).length).toBeGreaterThan(0)
    if (n.cutoff === undefined && hours !== undefined) {
      const intervals = hours[r.weekday] as [string, string][]
      expect(intervals.some(([s, e]) => r.minute >= minutes(s) && r.minute < minutes(e))).toBe(true)
    }
    if (n.cutoff !== undefined) expect(r.minute === minutes(n.cutoff) || localOf(ianaZone(n.zone) ?? (() => { throw new Error() })(), d - 1000) < Math.floor(localOf(ianaZone(n.zone) ?? (() => { throw new Error() })(), d) / DAY) * DAY + minutes(n.cutoff) * 60_000).toBe(true)
  })

  test.prop([nodeArb, instantArb, fc.integer({ min: 0, max: 600_000 })])('no parcel is handed over on a carrier day off', (n, stockAt, metres) => {
    const { net } = calendarNet(n, stockAt)
    const r = reading(n.zone, deliveredAt(net, 0, stockAt, metres))
    expect(n.deliveryDays).toContain(r.weekday)
  })

  test.prop([nodeArb, instantArb])('a pickup is ready inside opening hours, never before its preparation', (n, stockAt) => {
    const { net, closed, hours } = calendarNet(n, stockAt)
    const ready = pickupReadyAt(net, 0, stockAt)
    expect(ready).toBeGreaterThanOrEqual(stockAt + n.lead * HOUR)
    const r = reading(n.zone, ready)
    expect(closed).not.toContain(r.date)
    if (hours !== undefined) {
      const intervals = hours[r.weekday] as [string, string][]
      expect(intervals.some(([s, e]) => r.minute >= minutes(s) && r.minute < minutes(e))).toBe(true)
    }
  })

  test.prop([nodeArb, instantArb, fc.integer({ min: 1, max: 3 * 24 * 60 }), fc.integer({ min: 0, max: 600_000 })])('every ETA is non-decreasing in the instant the stock is there', (n, stockAt, later, metres) => {
    const { net } = calendarNet(n, stockAt)
    const t2 = stockAt + later * 60_000
    expect(dispatchAt(net, 0, t2)).toBeGreaterThanOrEqual(dispatchAt(net, 0, stockAt))
    expect(deliveredAt(net, 0, t2, metres)).toBeGreaterThanOrEqual(deliveredAt(net, 0, stockAt, metres))
    expect(pickupReadyAt(net, 0, t2)).toBeGreaterThanOrEqual(pickupReadyAt(net, 0, stockAt))
    expect(weekdayOf(0)).toBe(3)
  })
})

describe('the arithmetic of one leg, in a UTC warehouse', () => {
  const warehouse = (extra: Record<string, unknown>, transit: Record<string, unknown> = {}): CompiledNetwork =>
    compiled({
      nodes: [
        { id: 'W', kind: 'warehouse', location: { lat: 45, lon: 5 }, costs: { package: '1', unit: '0', perUnitKm: '0' }, ...extra },
        { id: 'S', kind: 'store', location: { lat: 45.1, lon: 5 }, costs: { package: '1', unit: '0', perUnitKm: '0' } },
      ],
      transit: { deliveryDays: [...WEEK], ...transit },
    })
  const idOf = (net: CompiledNetwork, id: string): number => net.nodes.byId.get(id) ?? -1

  it('a cut-off at 00:00 is a cut-off: units ready at 10:00 leave at the next midnight', () => {
    const net = warehouse({ cutoff: '00:00', leadTimeHours: 1 })
    expect(dispatchAt(net, idOf(net, 'W'), at('2026-04-01T09:00:00Z'))).toBe(at('2026-04-02T00:00:00Z'))
    expect(dispatchAt(net, idOf(net, 'W'), at('2026-04-01T23:00:00Z'))).toBe(at('2026-04-02T00:00:00Z'))
  })

  it('travel is the distance at the carrier speed, to the millisecond; a transfer adds the sender’s transfer hours', () => {
    // 70 km/h: 51.43 ms a metre; 1 m is 51 ms, 3 m 154 ms (154.29).
    const net = warehouse({ leadTimeHours: 3, transferHours: 5 }, { baseHours: 2, kmPerHour: 70 })
    const t = at('2026-04-01T09:00:00Z')
    expect(dispatchAt(net, idOf(net, 'W'), t)).toBe(t + 3 * HOUR)
    expect(deliveredAt(net, idOf(net, 'W'), t, 1)).toBe(t + 5 * HOUR + 51)
    expect(deliveredAt(net, idOf(net, 'W'), t, 3)).toBe(t + 5 * HOUR + 154)
    expect(deliveredAt(net, idOf(net, 'W'), t, 70_000)).toBe(t + 6 * HOUR)
    expect(transferArrivesAt(net, idOf(net, 'W'), t, 3, idOf(net, 'S'))).toBe(t + 8 * HOUR + 154)
    expect(pickupReadyAt(net, idOf(net, 'S'), t)).toBe(t + 2 * HOUR)
  })
})
