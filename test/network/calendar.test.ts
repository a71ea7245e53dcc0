/**
 * Node calendars (docs/model.md §2): a day is open when it is not a closed date and its
 * weekday has an interval; `open(k, t)` is the *first* instant ≥ t inside an opening interval,
 * the cut-off dispatch the *first* cut-off ≥ t on an open day, and a hand-over off a delivery
 * day the start of the *next* delivery day. The laws in test/routing/eta.test.ts check that
 * the answers are inside hours and on the right days; these check that none comes later than
 * the rules say, against a reading of the clock by Intl.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { compileCalendar, DEFAULT_DELIVERY_DAYS, EVERY_DAY, isOpenDay, nextCutoffAt, nextOpenAt, onDeliveryDay, weekdayMask, type NodeCalendar } from '../../src/network/calendar.js'
import { parseLocalDate } from '../../src/time.js'
import { fixedZone, ianaZone, WEEKDAYS, type Weekday, type Zone } from '../../src/time/zone.js'

const HOUR = 3_600_000
const DAY = 86_400_000
const STEP = 30 * 60_000
const at = (iso: string): number => Date.parse(iso)
const zone = (name: string): Zone => {
  const z = ianaZone(name)
  if (z === undefined) throw new Error(`unknown zone ${name}`)
  return z
}
const day = (date: string): number => parseLocalDate(date) ?? Number.NaN
const UTC = fixedZone(0)

describe('weekday masks', () => {
  it('bit 0 is Monday; every day is 0x7f; the default delivery days are Monday to Saturday', () => {
    expect(weekdayMask(['mon'])).toBe(1)
    expect(weekdayMask(['sun'])).toBe(64)
    expect(weekdayMask(['wed', 'mon'])).toBe(5)
    expect(weekdayMask([])).toBe(0)
    expect(weekdayMask(WEEKDAYS)).toBe(EVERY_DAY)
    expect(weekdayMask(DEFAULT_DELIVERY_DAYS)).toBe(0x3f)
  })
})

describe('open days and opening hours', () => {
  // Monday 30 March 2026 … Sunday 5 April 2026.
  const shop = compileCalendar(UTC, { mon: [['09:00', '12:30'], ['14:00', '19:00']], tue: [['09:00', '24:00']], wed: [] }, ['2026-03-31'], -1)

  it('a day is open when it is not closed and its weekday has an interval; a weekday absent or [] is closed', () => {
    expect(['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-06', '2026-04-07'].map((d) => isOpenDay(shop, day(d)))).toEqual([true, false, false, false, true, true])
    const noHours = compileCalendar(UTC, undefined, ['2026-03-31'], -1)
    expect(['2026-03-30', '2026-03-31', '2026-04-05'].map((d) => isOpenDay(noHours, day(d)))).toEqual([true, false, true])
    expect(noHours.alwaysOpen).toBe(false)
    expect(compileCalendar(UTC, undefined, undefined, -1).alwaysOpen).toBe(true)
    expect(compileCalendar(UTC, { mon: [['00:00', '24:00']] }, undefined, -1).alwaysOpen).toBe(false)
  })

  it('the first instant inside the hours: the instant itself inside, the next opening outside, intervals half-open', () => {
    expect(nextOpenAt(shop, at('2026-03-30T08:00:00Z'))).toBe(at('2026-03-30T09:00:00Z'))
    expect(nextOpenAt(shop, at('2026-03-30T09:00:00Z'))).toBe(at('2026-03-30T09:00:00Z'))
    expect(nextOpenAt(shop, at('2026-03-30T11:15:00Z'))).toBe(at('2026-03-30T11:15:00Z'))
    expect(nextOpenAt(shop, at('2026-03-30T12:30:00Z'))).toBe(at('2026-03-30T14:00:00Z'))
    expect(nextOpenAt(shop, at('2026-03-30T18:59:59.999Z'))).toBe(at('2026-03-30T18:59:59.999Z'))
    // 19:00 Monday: Tuesday 31 is closed, Wednesday has [], Thursday to Sunday are absent: next Monday.
    expect(nextOpenAt(shop, at('2026-03-30T19:00:00Z'))).toBe(at('2026-04-06T09:00:00Z'))
    // Tuesday 7 April is open until 24:00, the next day's 00:00.
    expect(nextOpenAt(shop, at('2026-04-07T23:59:00Z'))).toBe(at('2026-04-07T23:59:00Z'))
    expect(nextOpenAt(shop, at('2026-04-08T00:00:00Z'))).toBe(at('2026-04-13T09:00:00Z'))
  })

  it('a node without hours or closed dates is open at every instant; with closed dates only, it opens at 00:00 after them', () => {
    const always = compileCalendar(fixedZone(90), undefined, undefined, -1)
    expect(nextOpenAt(always, at('2026-12-25T12:34:56.789Z'))).toBe(at('2026-12-25T12:34:56.789Z'))
    const christmas = compileCalendar(fixedZone(60), undefined, ['2026-12-25', '2026-12-26'], -1)
    expect(nextOpenAt(christmas, at('2026-12-24T22:59:59Z'))).toBe(at('2026-12-24T22:59:59Z'))
    expect(nextOpenAt(christmas, at('2026-12-24T23:00:00Z'))).toBe(at('2026-12-26T23:00:00Z'))
  })

  it('looks far enough: a node open on Mondays only, its next five Mondays closed, opens on the sixth', () => {
    const mondays = ['2026-04-06', '2026-04-13', '2026-04-20', '2026-04-27', '2026-05-04']
    const cal = compileCalendar(UTC, { mon: [['09:00', '19:00']] }, mondays, 17 * HOUR)
    expect(nextOpenAt(cal, at('2026-03-30T20:00:00Z'))).toBe(at('2026-05-11T09:00:00Z'))
    expect(nextCutoffAt(cal, at('2026-03-30T17:00:01Z'))).toBe(at('2026-05-11T17:00:00Z'))
  })

  it('a calendar that never opens answers +Infinity (the codecs refuse it)', () => {
    const never = compileCalendar(UTC, {}, undefined, 17 * HOUR)
    expect(nextOpenAt(never, at('2026-03-30T08:00:00Z'))).toBe(Number.POSITIVE_INFINITY)
    expect(nextCutoffAt(never, at('2026-03-30T08:00:00Z'))).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('an interval the clock skips', () => {
  it('02:00–03:00 on the Sunday clocks go forward in Paris is empty: the node opens at 10:00', () => {
    const cal = compileCalendar(zone('Europe/Paris'), { sun: [['02:00', '03:00'], ['10:00', '12:00']] }, undefined, -1)
    // Sunday 29 March 2026: 02:00 and 03:00 local both read as 01:00Z; 10:00 summer time is 08:00Z.
    expect(nextOpenAt(cal, at('2026-03-29T00:30:00Z'))).toBe(at('2026-03-29T08:00:00Z'))
    // A week earlier the hour exists.
    expect(nextOpenAt(cal, at('2026-03-22T00:30:00Z'))).toBe(at('2026-03-22T01:00:00Z'))
  })
})

describe('cut-offs', () => {
  const paris = zone('Europe/Paris')
  const cal = compileCalendar(paris, { mon: [['06:00', '22:00']], tue: [['06:00', '22:00']], sat: [['06:00', '13:00']] }, ['2026-03-31'], 17 * HOUR)

  it('the first cut-off at or after the instant, on an open day, read in the node zone', () => {
    // Monday 30 March 2026, summer time: 17:00 is 15:00Z.
    expect(nextCutoffAt(cal, at('2026-03-30T08:00:00Z'))).toBe(at('2026-03-30T15:00:00Z'))
    expect(nextCutoffAt(cal, at('2026-03-30T15:00:00Z'))).toBe(at('2026-03-30T15:00:00Z'))
    // After it: Tuesday 31 closed, Saturday 4 April (the cut-off is not bound to the hours).
    expect(nextCutoffAt(cal, at('2026-03-30T15:00:00.001Z'))).toBe(at('2026-04-04T15:00:00Z'))
    // Saturday 28 March, winter time: 17:00 is 16:00Z.
    expect(nextCutoffAt(cal, at('2026-03-28T15:59:00Z'))).toBe(at('2026-03-28T16:00:00Z'))
  })

  it('without a cut-off, the instant itself', () => {
    const none = compileCalendar(paris, { mon: [['06:00', '22:00']] }, undefined, -1)
    expect(nextCutoffAt(none, at('2026-03-29T03:00:00Z'))).toBe(at('2026-03-29T03:00:00Z'))
  })
})

describe('delivery days', () => {
  const paris = zone('Europe/Paris')
  const monToSat = weekdayMask(DEFAULT_DELIVERY_DAYS)

  it('an arrival on a delivery day is handed over at once; on another day at 00:00 local of the next one', () => {
    // Saturday 28 March 2026 23:30 Paris (22:30Z) is a delivery day.
    expect(onDeliveryDay(paris, monToSat, at('2026-03-28T22:30:00Z'))).toBe(at('2026-03-28T22:30:00Z'))
    // Sunday 29 March 00:30 Paris (23:30Z on Saturday): Monday 30 March 00:00 summer time, 22:00Z.
    expect(onDeliveryDay(paris, monToSat, at('2026-03-28T23:30:00Z'))).toBe(at('2026-03-29T22:00:00Z'))
    // Wednesdays only, from a Thursday: a week less a day later.
    expect(onDeliveryDay(UTC, weekdayMask(['wed']), at('2026-04-02T10:00:00Z'))).toBe(at('2026-04-08T00:00:00Z'))
    expect(onDeliveryDay(UTC, weekdayMask(['wed']), at('2026-04-01T23:59:59Z'))).toBe(at('2026-04-01T23:59:59Z'))
  })

  it('every day a delivery day, and an instant that never comes, stay as they are', () => {
    expect(onDeliveryDay(UTC, EVERY_DAY, at('2026-03-29T12:00:00Z'))).toBe(at('2026-03-29T12:00:00Z'))
    expect(onDeliveryDay(UTC, monToSat, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY)
    expect(onDeliveryDay(paris, monToSat, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY)
  })
})

/** What the clock of `name` reads at `ms`: local date, weekday (Monday 0) and minute of the day. */
const readers = new Map<string, Intl.DateTimeFormat>()
const reading = (name: string, ms: number): { date: string; weekday: number; minute: number } => {
  let f = readers.get(name)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: name, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' })
    readers.set(name, f)
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]))
  return { date: `${p['year']}-${p['month']}-${p['day']}`, weekday: WEEKDAYS.indexOf(String(p['weekday']).toLowerCase().slice(0, 3) as Weekday), minute: Number(p['hour']) * 60 + Number(p['minute']) }
}

// Whole-hour zones, and hours whose bounds avoid 01:00–04:00 (where clocks change): there a
// reading of the clock tells exactly whether an instant is inside an interval.
const ZONES = ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'UTC'] as const
const DAY_HOURS: readonly (readonly (readonly [string, string])[])[] = [[], [['09:00', '19:00']], [['10:00', '12:30'], ['14:00', '19:00']], [['00:00', '24:00']], [['00:00', '00:30'], ['17:00', '24:00']], [['06:00', '07:00']]]
const calendarArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  cutoff: fc.option(fc.constantFrom('17:00', '00:30', '12:00', '23:30', '00:00'), { nil: undefined }),
  hours: fc.option(fc.array(fc.constantFrom(...DAY_HOURS), { minLength: 7, maxLength: 7 }), { nil: undefined }),
  closed: fc.array(fc.integer({ min: -2, max: 20 }), { maxLength: 4 }),
})
/** Instants around the 2026 changes of clocks (Europe, New York, Sydney), to the minute. */
const instantArb = fc.tuple(fc.constantFrom('2026-03-27T00:00:00Z', '2026-10-23T00:00:00Z', '2026-03-06T00:00:00Z', '2026-10-30T00:00:00Z', '2026-04-03T00:00:00Z', '2026-10-02T00:00:00Z'), fc.integer({ min: 0, max: 5 * 24 * 60 })).map(([base, minutes]) => at(base) + minutes * 60_000)

type CalendarCase = typeof calendarArb extends fc.Arbitrary<infer A> ? A : never
const build = (c: CalendarCase, base: number): { cal: NodeCalendar; closed: readonly string[]; hours: readonly (readonly (readonly [string, string])[])[] | undefined } => {
  const closed = c.closed.map((d) => new Date(base + d * DAY).toISOString().slice(0, 10))
  let hours = c.hours
  if (hours !== undefined && hours.every((h) => h.length === 0)) hours = hours.map((h, i) => (i === 2 ? [['09:00', '19:00']] : h))
  const openingHours = hours === undefined ? undefined : Object.fromEntries(WEEKDAYS.map((d, i) => [d, hours?.[i] ?? []]))
  const cutoffMs = c.cutoff === undefined ? -1 : minutes(c.cutoff) * 60_000
  return { cal: compileCalendar(zone(c.zone), openingHours, closed, cutoffMs), closed, hours }
}
const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))

/** The instant `t` and every half hour after it, before `end`: where a rule could have answered earlier. */
const candidates = (t: number, end: number): number[] => {
  const out = t < end ? [t] : []
  for (let u = Math.floor(t / STEP) * STEP + STEP; u < end; u += STEP) out.push(u)
  return out
}

describe('laws: no answer later than the rules say', () => {
  test.prop([calendarArb, instantArb])('nextOpenAt is inside the hours, and no earlier instant at or after t is', (c, t) => {
    const { cal, closed, hours } = build(c, t)
    const inside = (u: number): boolean => {
      const r = reading(c.zone, u)
      if (closed.includes(r.date)) return false
      if (hours === undefined) return true
      return (hours[r.weekday] ?? []).some(([s, e]) => r.minute >= minutes(s) && r.minute < minutes(e))
    }
    const open = nextOpenAt(cal, t)
    expect(open).toBeGreaterThanOrEqual(t)
    expect(inside(open)).toBe(true)
    for (const u of candidates(t, open)) expect([u, inside(u)]).toEqual([u, false])
  })

  test.prop([calendarArb, instantArb])('nextCutoffAt reads the cut-off on an open day, and no earlier instant at or after t does', (c, t) => {
    const { cal, closed, hours } = build(c, t)
    const cut = nextCutoffAt(cal, t)
    if (c.cutoff === undefined) {
      expect(cut).toBe(t)
      return
    }
    const cutoffMinute = minutes(c.cutoff)
    const isCutoff = (u: number): boolean => {
      const r = reading(c.zone, u)
      return r.minute === cutoffMinute && !closed.includes(r.date) && (hours === undefined || (hours[r.weekday] ?? []).length > 0)
    }
    expect(cut).toBeGreaterThanOrEqual(t)
    expect(cut % 60_000).toBe(0)
    expect(isCutoff(cut)).toBe(true)
    // An instant reading the cut-off minute, past its first second, is not the cut-off's instant.
    for (const u of candidates(t, cut)) if (u % 60_000 === 0) expect([u, isCutoff(u)]).toEqual([u, false])
  })

  test.prop([fc.constantFrom(...ZONES), fc.subarray([...WEEKDAYS], { minLength: 1 }), instantArb])('onDeliveryDay: the instant itself on a delivery day, else the 00:00 after the last day off', (name, days, t) => {
    const mask = weekdayMask(days)
    const handed = onDeliveryDay(zone(name), mask, t)
    const onDay = (u: number): boolean => ((mask >> reading(name, u).weekday) & 1) === 1
    if (onDay(t)) {
      expect(handed).toBe(t)
      return
    }
    expect(handed).toBeGreaterThan(t)
    expect(onDay(handed)).toBe(true)
    expect(reading(name, handed).minute).toBe(0)
    expect(onDay(handed - 60_000)).toBe(false)
    for (const u of candidates(t, handed)) expect([u, onDay(u)]).toEqual([u, false])
  })
})
