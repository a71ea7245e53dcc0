import { test } from '@fast-check/vitest'
import * as fc from 'fast-check'
import { describe, expect, vi } from 'vitest'
import {
  MS_PER_DAY,
  MS_PER_MINUTE,
  formatInstant,
  nextLocalTime,
  parseInstant,
  parseLocalDate,
  parseLocalTime,
  parseUtcOffset,
} from '../src/time.js'

/** Every instant whose ISO form has a four-digit year: 0000-01-01 to 9999-12-31. */
const YEAR0 = new Date(0).setUTCFullYear(0, 0, 1) // Date.UTC would read year 0 as 1900
const YEAR9999_END = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

const msArb = fc.integer({ min: YEAR0, max: YEAR9999_END })
const offsetMinutesArb = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 })

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
const offsetText = (minutes: number): string =>
  `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`

/** `ms` written as local time at `offset` minutes east of UTC, with that offset. */
const withOffset = (ms: number, offset: number, seconds: 'none' | 'whole' | 'millis'): string => {
  const local = new Date(ms + offset * MS_PER_MINUTE).toISOString() // YYYY-MM-DDTHH:MM:SS.sssZ
  const head = seconds === 'none' ? local.slice(0, 16) : seconds === 'whole' ? local.slice(0, 19) : local.slice(0, 23)
  return `${head}${offsetText(offset)}`
}

const truncate = (ms: number, seconds: 'none' | 'whole' | 'millis'): number =>
  seconds === 'millis' ? ms : seconds === 'whole' ? ms - (((ms % 1000) + 1000) % 1000) : ms - (((ms % 60_000) + 60_000) % 60_000)

describe('parseInstant', () => {
  test('examples', () => {
    expect(parseInstant('2026-11-27T09:30:00Z')).toBe(Date.UTC(2026, 10, 27, 9, 30))
    expect(parseInstant('2026-11-27T10:30:00+01:00')).toBe(Date.UTC(2026, 10, 27, 9, 30))
    expect(parseInstant('2026-11-27T04:30-05:00')).toBe(Date.UTC(2026, 10, 27, 9, 30))
    expect(parseInstant('2026-11-27T09:30:00.5Z')).toBe(Date.UTC(2026, 10, 27, 9, 30, 0, 500))
    expect(parseInstant('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29))
    expect(parseInstant('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29))
  })

  test.each([
    ['no offset', '2026-11-27T09:30:00'],
    ['date only', '2026-11-27'],
    ['space separator', '2026-11-27 09:30:00Z'],
    ['lower-case t', '2026-11-27t09:30:00Z'],
    ['lower-case z', '2026-11-27T09:30:00z'],
    ['offset without colon', '2026-11-27T09:30:00+0100'],
    ['hour-only offset', '2026-11-27T09:30:00+01'],
    ['30 February', '2026-02-30T00:00:00Z'],
    ['31 April', '2026-04-31T00:00:00Z'],
    ['29 February of a common year', '2026-02-29T00:00:00Z'],
    ['29 February 1900', '1900-02-29T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['month 0', '2026-00-10T00:00:00Z'],
    ['day 0', '2026-01-00T00:00:00Z'],
    ['24:00', '2026-01-01T24:00:00Z'],
    ['minute 60', '2026-01-01T23:60:00Z'],
    ['leap second', '2026-12-31T23:59:60Z'],
    ['offset hour 24', '2026-01-01T00:00:00+24:00'],
    ['offset minute 60', '2026-01-01T00:00:00+01:60'],
    ['four fraction digits', '2026-01-01T00:00:00.0001Z'],
    ['expanded year', '+002026-01-01T00:00:00Z'],
    ['epoch number', '1795771800000'],
    ['RFC 2822', 'Fri, 27 Nov 2026 09:30:00 GMT'],
    ['trailing space', '2026-11-27T09:30:00Z '],
    ['empty', ''],
  ])('rejects %s', (_, text) => {
    expect(parseInstant(text)).toBeUndefined()
  })

  test.prop([fc.string()])('rejects garbage and never throws', (text) => {
    const ms = parseInstant(text)
    if (ms !== undefined) {
      expect(Number.isFinite(ms)).toBe(true)
      expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    }
  })

  test.prop([fc.oneof(msArb, fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.integer({ min: -62_198_755_200_000, max: 300_000_000_000_000 }))])(
    'formatInstant writes exactly what Date#toISOString writes',
    (ms) => {
      expect(formatInstant(ms)).toBe(new Date(ms).toISOString())
      // Again, from what was kept, and after a neighbour in the same hour.
      expect(formatInstant(ms)).toBe(new Date(ms).toISOString())
      if (Number.isSafeInteger(ms + 61_001)) expect(formatInstant(ms + 61_001)).toBe(new Date(ms + 61_001).toISOString())
    },
  )

  test('formatInstant at the edges of its fast path: epoch, leap days, the last millisecond of 9999', () => {
    for (const ms of [0, 951_782_400_000, 4_107_542_400_000, 253_402_300_799_999, 253_402_300_800_000, -1, 1.5]) {
      expect(formatInstant(ms)).toBe(new Date(ms).toISOString())
    }
    expect(() => formatInstant(Number.NaN)).toThrow(RangeError)
  })

  test.prop([msArb])('parseInstant ∘ formatInstant is the identity', (ms) => {
    expect(parseInstant(formatInstant(ms))).toBe(ms)
  })

  test.prop([msArb, offsetMinutesArb, fc.constantFrom('none', 'whole', 'millis')])(
    'reads the same instant written with any offset',
    (ms, offset, seconds) => {
      fc.pre(ms + offset * MS_PER_MINUTE >= YEAR0 && ms + offset * MS_PER_MINUTE <= YEAR9999_END)
      expect(parseInstant(withOffset(ms, offset, seconds))).toBe(truncate(ms, seconds))
    },
  )

  test.prop([msArb])('formatInstant ∘ parseInstant normalises to UTC with milliseconds', (ms) => {
    const text = formatInstant(ms)
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    const parsed = parseInstant(text)
    expect(parsed).toBeDefined()
    expect(formatInstant(parsed as number)).toBe(text)
  })

  test.prop([
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
  ])('accepts a calendar date exactly when it exists', (year, month, day) => {
    const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}T12:00:00Z`
    const probe = new Date(0)
    probe.setUTCFullYear(year, month - 1, day)
    const exists = probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day
    expect(parseInstant(text) !== undefined).toBe(exists)
  })
})

describe('parseLocalTime / parseUtcOffset', () => {
  test.prop([fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })])('parses every HH:MM', (h, m) => {
    expect(parseLocalTime(`${pad(h)}:${pad(m)}`)).toBe(h * 60 + m)
  })

  test.each(['24:00', '7:30', '07:60', '07:30:00', '', 'noon'])('rejects the local time %j', (text) => {
    expect(parseLocalTime(text)).toBeUndefined()
  })

  test.prop([fc.integer({ min: -14 * 60, max: 14 * 60 })])('parses every offset up to ±14:00', (minutes) => {
    expect(parseUtcOffset(offsetText(minutes))).toBe(minutes)
  })

  test.each(['+14:01', '-15:00', '01:00', '+1:00', 'Z', '+01:60'])('rejects the offset %j', (text) => {
    expect(parseUtcOffset(text)).toBeUndefined()
  })
})

describe('parseLocalDate', () => {
  test('examples: days since 1970-01-01, before it negative, leap days only in leap years', () => {
    expect(['2026-12-25', '1970-01-01', '1969-12-31', '2000-02-29', '2024-02-29', '0000-01-01', '0099-12-31'].map(parseLocalDate)).toEqual([
      20_812, 0, -1, 11_016, 19_782, -719_528, Math.floor(new Date(0).setUTCFullYear(99, 11, 31) / MS_PER_DAY),
    ])
  })

  test.each(['2026-02-29', '1900-02-29', '2100-02-29', '2026-04-31', '2026-06-31', '2026-09-31', '2026-11-31', '2026-01-32', '2026-00-10', '2026-13-01', '2026-01-00', '2026-1-01', '26-01-01', '2026-01-01T00:00', ' 2026-01-01', ''])(
    'refuses %j',
    (text) => {
      expect(parseLocalDate(text)).toBeUndefined()
    },
  )

  test.prop([fc.integer({ min: Math.floor(YEAR0 / MS_PER_DAY), max: Math.floor(YEAR9999_END / MS_PER_DAY) })])('reads back the date of every day of years 0000–9999', (day) => {
    expect(parseLocalDate(new Date(day * MS_PER_DAY).toISOString().slice(0, 10))).toBe(day)
  })
})

describe('nextLocalTime', () => {
  test('examples', () => {
    const from = Date.parse('2026-11-27T15:00:00Z')
    // 17:00 at +01:00 is 16:00Z, later the same day.
    expect(nextLocalTime(from, 17 * 60, 60)).toBe(Date.parse('2026-11-27T16:00:00Z'))
    // 15:00 at +01:00 (14:00Z) has passed: the next one is tomorrow.
    expect(nextLocalTime(from, 15 * 60, 60)).toBe(Date.parse('2026-11-28T14:00:00Z'))
    // Exactly now counts.
    expect(nextLocalTime(from, 15 * 60, 0)).toBe(from)
    // Across the local date line: 09:00 at +14:00 is 19:00Z the previous UTC day.
    expect(nextLocalTime(from, 9 * 60, 14 * 60)).toBe(Date.parse('2026-11-27T19:00:00Z'))
    expect(nextLocalTime(from, 0, -12 * 60)).toBe(Date.parse('2026-11-28T12:00:00Z'))
  })

  test.prop([
    fc.integer({ min: -1e15, max: 1e15 }),
    fc.integer({ min: 0, max: 24 * 60 - 1 }),
    fc.integer({ min: -14 * 60, max: 14 * 60 }),
  ])('is the first instant at or after `from` when the local clock reads the minute', (from, minute, offset) => {
    const next = nextLocalTime(from, minute, offset)
    expect(Number.isInteger(next)).toBe(true)
    expect(next).toBeGreaterThanOrEqual(from)
    expect(next).toBeLessThan(from + MS_PER_DAY)
    const local = next + offset * MS_PER_MINUTE
    expect((((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_MINUTE).toBe(minute)
    // Nothing earlier qualifies: the previous reading of that minute is a day before.
    expect(next - MS_PER_DAY).toBeLessThan(from)
  })

  test.prop([
    fc.integer({ min: 0, max: 4e12 }),
    fc.integer({ min: 0, max: 24 * 60 - 1 }),
    fc.integer({ min: -14 * 60, max: 14 * 60 }),
  ])('is a fixed point: from the result, the next reading is the result', (from, minute, offset) => {
    const next = nextLocalTime(from, minute, offset)
    expect(nextLocalTime(next, minute, offset)).toBe(next)
  })
})

describe('first calls, repeats and near instants', () => {
  test('a fresh module writes the epoch and years of one, two and three digits right on first use', async () => {
    vi.resetModules()
    const fresh = await import('../src/time.js')
    expect(fresh.formatInstant(0)).toBe('1970-01-01T00:00:00.000Z')
    expect(fresh.formatInstant(1000)).toBe('1970-01-01T00:00:01.000Z')
    for (const year of [0, 5, 9, 10, 50, 99, 100, 500, 999, 1000, 1970, 9999]) {
      const ms = new Date(0).setUTCFullYear(year, 6, 4)
      expect(fresh.formatInstant(ms)).toBe(new Date(ms).toISOString())
    }
    expect(fresh.parseInstant('1970-01-01T00:00:00Z')).toBe(0)
  })

  test('the same text parsed twice, and again after another, gives the same instant', () => {
    const a = '2026-11-27T09:30:00Z'
    const b = '2026-11-27T10:30:00+01:00'
    expect(parseInstant(a)).toBe(1_795_771_800_000)
    expect(parseInstant(a)).toBe(1_795_771_800_000)
    expect(parseInstant(b)).toBe(1_795_771_800_000)
    expect(parseInstant('2026-02-30T00:00:00Z')).toBeUndefined()
    expect(parseInstant('2026-02-30T00:00:00Z')).toBeUndefined()
    expect(parseInstant(a)).toBe(1_795_771_800_000)
  })

  test('instants 64 s and 64 h apart are told apart', () => {
    const base = Date.parse('2026-11-27T09:00:00.250Z')
    for (const ms of [base, base + 64_000, base, base + 64 * 3_600_000, base + 64_000, base + 64 * 3_600_000 + 64_000]) {
      expect(formatInstant(ms)).toBe(new Date(ms).toISOString())
    }
  })
})

describe('parsing and formatting keep no state', () => {
  /** Valid instants (as written by formatInstant) and texts that are not instants. */
  const textArb = fc.oneof(msArb.map((ms) => new Date(ms).toISOString()), fc.constantFrom('2026-02-30T00:00:00Z', '2026-11-27T24:00:00Z', 'now', ''), fc.string())

  test.prop([fc.array(fc.oneof(textArb, msArb), { minLength: 1, maxLength: 30 }), fc.func(fc.integer())])(
    'parses and formats interleaved in any order give what each gives alone',
    (calls, order) => {
      const once = (x: string | number): unknown => (typeof x === 'string' ? parseInstant(x) : formatInstant(x))
      const alone = calls.map(once)
      // The same calls again, repeated and in another order: every answer is the one given alone.
      const shuffled = calls.map((x, i) => ({ x, i, key: order(x, i) })).sort((a, b) => a.key - b.key || a.i - b.i)
      for (const { x, i } of [...shuffled, ...shuffled.slice().reverse()]) expect(once(x)).toEqual(alone[i])
    },
  )
})
