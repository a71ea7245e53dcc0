/**
 * Time zones: offsets from Intl memoised per UTC day, local readings and the instant a wall
 * clock reads a local time, exact across the changes of clocks (the skipped hour gives the
 * change's instant, the repeated hour its earlier reading).
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { fixedZone, ianaZone, instantAt, isTimeZone, localOf, offsetAt, weekdayOf, type Zone } from '../../src/time/zone.js'

const zone = (name: string): Zone => {
  const z = ianaZone(name)
  if (z === undefined) throw new Error(`unknown zone ${name}`)
  return z
}
const at = (iso: string): number => Date.parse(iso)
const HOUR = 3_600_000

/** What Intl says the wall clock reads at `ms` (no memo), as UTC-style ms. */
const intlLocal = (name: string, ms: number): number => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: name, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(ms)
      .map((p) => [p.type, Number(p.value)]),
  )
  return Date.UTC(parts['year'] ?? 0, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0) + (ms % 1000)
}

describe('zones', () => {
  it('knows IANA names the runtime knows, and no others', () => {
    expect(['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'UTC'].map(isTimeZone)).toEqual([true, true, true, true])
    expect(['Europe/Pariss', '', 'Mars/Olympus', '+01:00x'].map(isTimeZone)).toEqual([false, false, false, false])
  })

  it('knows canonical names and aliases alike, and answers the same when asked again', () => {
    expect(['US/Eastern', 'Etc/GMT+5', 'Europe/Kiev', 'Europe/Kyiv'].map(isTimeZone)).toEqual([true, true, true, true])
    const names = ['Europe/Paris', 'Europe/Pariss', 'Asia/Tokyo', 'Mars/Olympus']
    const first = names.map(isTimeZone)
    for (let i = 0; i < 1200; i++) isTimeZone(`Nowhere/Place-${i}`)
    expect(names.map(isTimeZone)).toEqual(first)
    expect(first).toEqual([true, false, true, false])
    // Zones made twice from one name read the same offsets.
    const tokyo = zone('Asia/Tokyo')
    expect(offsetAt(tokyo, at('2026-07-01T00:00:00Z'))).toBe(9 * HOUR)
    expect(offsetAt(zone('Asia/Tokyo'), at('2026-01-01T00:00:00Z'))).toBe(9 * HOUR)
  })

  it('Paris: +1 h in winter, +2 h in summer, the change at 01:00Z on 29 March and 25 October 2026', () => {
    const paris = zone('Europe/Paris')
    expect(offsetAt(paris, at('2026-03-29T00:59:59Z'))).toBe(HOUR)
    expect(offsetAt(paris, at('2026-03-29T01:00:00Z'))).toBe(2 * HOUR)
    expect(offsetAt(paris, at('2026-10-25T00:59:59Z'))).toBe(2 * HOUR)
    expect(offsetAt(paris, at('2026-10-25T01:00:00Z'))).toBe(HOUR)
  })

  it('the skipped hour reads as the change, the repeated hour as its earlier reading, other times exactly', () => {
    const paris = zone('Europe/Paris')
    expect(instantAt(paris, at('2026-03-29T02:30:00Z'))).toBe(at('2026-03-29T01:00:00Z'))
    expect(instantAt(paris, at('2026-03-29T03:00:00Z'))).toBe(at('2026-03-29T01:00:00Z'))
    expect(instantAt(paris, at('2026-03-29T01:59:00Z'))).toBe(at('2026-03-29T00:59:00Z'))
    expect(instantAt(paris, at('2026-10-25T02:30:00Z'))).toBe(at('2026-10-25T00:30:00Z'))
    expect(instantAt(paris, at('2026-10-25T03:00:00Z'))).toBe(at('2026-10-25T02:00:00Z'))
    const ny = zone('America/New_York')
    expect(instantAt(ny, at('2026-03-08T02:15:00Z'))).toBe(at('2026-03-08T07:00:00Z'))
    expect(instantAt(ny, at('2026-11-01T01:30:00Z'))).toBe(at('2026-11-01T05:30:00Z'))
    const sydney = zone('Australia/Sydney')
    expect(instantAt(sydney, at('2026-10-04T02:30:00Z'))).toBe(at('2026-10-03T16:00:00Z'))
    expect(instantAt(sydney, at('2026-04-05T02:30:00Z'))).toBe(at('2026-04-04T15:30:00Z'))
  })

  it('a fixed zone is plain arithmetic', () => {
    const z = fixedZone(5 * 60 + 30)
    expect(z.name).toBe('+05:30')
    expect(fixedZone(0).name).toBe('UTC')
    expect(localOf(z, 0)).toBe(5.5 * HOUR)
    expect(instantAt(z, 5.5 * HOUR)).toBe(0)
  })

  it('a change at a UTC midnight belongs to the day it opens: Casablanca went from +00 to +01 at 00:00Z on 3 April 2011', () => {
    const casablanca = zone('Africa/Casablanca')
    expect(offsetAt(casablanca, at('2011-04-02T23:59:59.999Z'))).toBe(0)
    expect(offsetAt(casablanca, at('2011-04-03T00:00:00Z'))).toBe(HOUR)
    expect(instantAt(casablanca, at('2011-04-02T23:59:59Z'))).toBe(at('2011-04-02T23:59:59Z'))
  })

  it('a fixed zone west of UTC is named with a minus, hours and minutes on two digits', () => {
    expect([fixedZone(-210).name, fixedZone(-600).name, fixedZone(60).name, fixedZone(14 * 60).name]).toEqual(['-03:30', '-10:00', '+01:00', '+14:00'])
    expect(offsetAt(fixedZone(-210), 0)).toBe(-3.5 * HOUR)
    expect(instantAt(fixedZone(-210), 0)).toBe(3.5 * HOUR)
  })

  it('an IANA zone is named as the runtime canonicalises it; an unknown one is undefined', () => {
    expect(ianaZone('europe/paris')?.name).toBe('Europe/Paris')
    expect(ianaZone('Mars/Olympus')).toBeUndefined()
  })

  it('before standard time a zone keeps its local mean time, in the 19th century as in 100 BC (the era read)', () => {
    const paris = zone('Europe/Paris')
    const lmt = 9 * 60_000 + 21_000
    expect(offsetAt(paris, Date.UTC(1800, 5, 1, 12))).toBe(lmt)
    const bc = new Date(0).setUTCFullYear(-99, 5, 1)
    expect(offsetAt(paris, bc)).toBe(lmt)
    expect(localOf(paris, bc + 123)).toBe(bc + 123 + lmt)
  })

  it('weekdays: 1970-01-01 was a Thursday, 2026-03-30 a Monday', () => {
    expect(weekdayOf(0)).toBe(3)
    expect(weekdayOf(Math.floor(at('2026-03-30T00:00:00Z') / 86_400_000))).toBe(0)
    expect(weekdayOf(-1)).toBe(2)
  })

  const names = fc.constantFrom('Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago', 'UTC')
  const instants = fc.integer({ min: at('2024-01-01T00:00:00Z'), max: at('2028-12-31T00:00:00Z') })

  test.prop([names, instants])('a local reading agrees with Intl at every instant, the memo filling as it goes', (name, ms) => {
    const z = zone(name)
    expect(localOf(z, ms)).toBe(intlLocal(name, ms))
    expect(localOf(z, ms + 7 * HOUR)).toBe(intlLocal(name, ms + 7 * HOUR))
  })

  test.prop([names, instants])('round trip: the clock at instantAt(local) reads local when it ever does, and instantAt(localOf(t)) ≤ t is a reading of the same time', (name, ms) => {
    const z = zone(name)
    const local = localOf(z, ms)
    const back = instantAt(z, local)
    expect(localOf(z, back)).toBe(local)
    expect(back).toBeLessThanOrEqual(ms)
    // Whole minutes of local time: instantAt gives an instant reading them, or the first after a gap.
    const minute = Math.floor(local / 60_000) * 60_000
    const u = instantAt(z, minute)
    if (localOf(z, u) !== minute) {
      expect(localOf(z, u)).toBeGreaterThan(minute)
      expect(localOf(z, u - 1000)).toBeLessThan(minute)
    }
  })

  test.prop([names, instants, fc.integer({ min: 1, max: 3 * 24 * 60 })])('instantAt is increasing in local time', (name, ms, minutes) => {
    const z = zone(name)
    const local = Math.floor(localOf(z, ms) / 60_000) * 60_000
    expect(instantAt(z, local + minutes * 60_000)).toBeGreaterThanOrEqual(instantAt(z, local))
  })
})
