/**
 * Time zones: a fixed offset from UTC or an IANA zone (`Europe/Paris`), read from the
 * runtime's `Intl` time-zone data. Local wall-clock times are written as "local
 * milliseconds": the epoch milliseconds the wall clock would read if it were UTC, so a local
 * date is `Math.floor(local / MS_PER_DAY)` and a time of day the remainder.
 *
 * `Intl` takes microseconds per question, so each zone memoises, per UTC day, the offset at
 * the day's start and the instant its offset changes within it (found by bisection, to the
 * second), on the zone object itself: a compiled network holds its zones, and the memo
 * lives and dies with it. The memo assumes a zone changes its offset at most once per UTC
 * day, which holds for every zone of the IANA database since 1970.
 */
import { MS_PER_DAY, MS_PER_MINUTE, type EpochMs } from '../time.js'

/** One UTC day of a zone: its offset at the start, and the instant and offset of a change within it. */
interface ZoneDay {
  readonly startOffsetMs: number
  /** The instant the offset changes within the day; +Infinity when it does not. */
  readonly changeAt: number
  readonly endOffsetMs: number
}

/** A time zone with its memo. Build it with {@link fixedZone} or {@link ianaZone}; compare by `name`. */
export interface Zone {
  /** `UTC`, a fixed offset `±HH:MM`, or the IANA name as the runtime canonicalises it. */
  readonly name: string
  /** The offset of a fixed zone in milliseconds; undefined for an IANA zone. */
  readonly fixedOffsetMs: number | undefined
  readonly format: Intl.DateTimeFormat | undefined
  readonly days: Map<number, ZoneDay>
}

/** A zone at a fixed offset from UTC, in minutes east (`0`: UTC). */
export const fixedZone = (offsetMinutes: number): Zone => {
  const sign = offsetMinutes < 0 ? '-' : '+'
  const a = Math.abs(offsetMinutes)
  const name = offsetMinutes === 0 ? 'UTC' : `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
  return { name, fixedOffsetMs: offsetMinutes * MS_PER_MINUTE, format: undefined, days: new Map() }
}

const formatOf = (name: string): Intl.DateTimeFormat | undefined => {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    })
  } catch {
    return undefined
  }
}

/**
 * The runtime's canonical IANA names, read once: building a format to test a name costs about
 * 0.2 ms, thirty times the rest of decoding an order that names its zone, and nearly every
 * name a document carries is canonical. Other names the runtime accepts (aliases such as
 * `US/Eastern`) are still tested by building a format.
 */
const CANONICAL_ZONES: ReadonlySet<string> = new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [])

/**
 * True when the runtime knows the IANA zone `name` (as `Intl.DateTimeFormat` accepts it).
 *
 * @example isTimeZone('Europe/Paris') // true; isTimeZone('Europe/Pariss') // false
 */
export const isTimeZone = (name: string): boolean => name.length > 0 && name.length <= 64 && (CANONICAL_ZONES.has(name) || formatOf(name) !== undefined)

/** The IANA zone `name`; undefined when the runtime does not know it. */
export const ianaZone = (name: string): Zone | undefined => {
  const format = formatOf(name)
  if (format === undefined) return undefined
  return { name: format.resolvedOptions().timeZone, fixedOffsetMs: undefined, format, days: new Map() }
}

/** The offset of `zone` at `at` (whole seconds), asked of `Intl`. */
const askOffsetMs = (format: Intl.DateTimeFormat, at: EpochMs): number => {
  const second = Math.floor(at / 1000) * 1000
  let year = 0
  let month = 1
  let day = 1
  let hour = 0
  let minute = 0
  let sec = 0
  let bc = false
  for (const p of format.formatToParts(second)) {
    switch (p.type) {
      case 'year':
        year = Number(p.value)
        break
      case 'month':
        month = Number(p.value)
        break
      case 'day':
        day = Number(p.value)
        break
      case 'hour':
        hour = Number(p.value)
        break
      case 'minute':
        minute = Number(p.value)
        break
      case 'second':
        sec = Number(p.value)
        break
      case 'era':
        bc = p.value.startsWith('B')
        break
      default:
        break
    }
  }
  const d = new Date(0)
  d.setUTCFullYear(bc ? 1 - year : year, month - 1, day)
  d.setUTCHours(hour, minute, sec, 0)
  return d.getTime() - second
}

const dayOf = (zone: Zone, format: Intl.DateTimeFormat, utcDay: number): ZoneDay => {
  const known = zone.days.get(utcDay)
  if (known !== undefined) return known
  const start = utcDay * MS_PER_DAY
  const startOffsetMs = askOffsetMs(format, start)
  const endOffsetMs = askOffsetMs(format, start + MS_PER_DAY - 1000)
  let changeAt = Number.POSITIVE_INFINITY
  if (endOffsetMs !== startOffsetMs) {
    // The offset is startOffsetMs at lo and endOffsetMs at hi: bisect to the first second of the new one.
    let lo = start
    let hi = start + MS_PER_DAY - 1000
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000
      if (askOffsetMs(format, mid) === startOffsetMs) lo = mid
      else hi = mid
    }
    changeAt = hi
  }
  const entry: ZoneDay = { startOffsetMs, changeAt, endOffsetMs }
  zone.days.set(utcDay, entry)
  return entry
}

/**
 * The offset of `zone` from UTC at instant `at`, in milliseconds (local = at + offset).
 *
 * @example offsetAt(ianaZone('Europe/Paris')!, Date.parse('2026-07-01T12:00:00Z')) // 7_200_000
 */
export const offsetAt = (zone: Zone, at: EpochMs): number => {
  if (zone.fixedOffsetMs !== undefined) return zone.fixedOffsetMs
  const d = dayOf(zone, zone.format as Intl.DateTimeFormat, Math.floor(at / MS_PER_DAY))
  return at < d.changeAt ? d.startOffsetMs : d.endOffsetMs
}

/**
 * The local milliseconds of instant `at` in `zone`: what the wall clock reads, as if it were UTC.
 *
 * @example localOf(ianaZone('Europe/Paris')!, Date.parse('2026-03-28T16:30:00Z')) // Date.parse('2026-03-28T17:30:00Z')
 */
export const localOf = (zone: Zone, at: EpochMs): number => at + offsetAt(zone, at)

/** No zone's offset reaches 18 hours either way: the window in which a wall-clock reading is looked for. */
const WINDOW_MS = 18 * 3_600_000

/**
 * The instant at which the wall clock of `zone` reads `local` (local milliseconds). When it
 * reads it twice (the hour repeated when clocks go back), the earlier; when it never reads
 * it (the hour skipped when clocks go forward), the first instant after the gap — the
 * instant of the change.
 *
 * @example instantAt(ianaZone('Europe/Paris')!, Date.parse('2026-03-29T02:30:00Z')) // 2026-03-29T01:00:00Z (03:00 local)
 */
export const instantAt = (zone: Zone, local: number): EpochMs => {
  if (zone.fixedOffsetMs !== undefined) return local - zone.fixedOffsetMs
  const before = offsetAt(zone, local - WINDOW_MS)
  const after = offsetAt(zone, local + WINDOW_MS)
  const early = local - before
  const late = local - after
  const earlyFits = offsetAt(zone, early) === before
  const lateFits = offsetAt(zone, late) === after
  if (earlyFits && lateFits) return Math.min(early, late)
  if (earlyFits) return early
  if (lateFits) return late
  // A gap: the change lies between `late` and `early`; bisect (on memoised days) to its instant.
  let lo = Math.min(early, late)
  let hi = Math.max(early, late)
  const first = offsetAt(zone, lo)
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2)
    if (offsetAt(zone, mid) === first) lo = mid
    else hi = mid
  }
  return hi
}

/** Days of the week, Monday first: the keys of opening hours and delivery days. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** The weekday (0 = Monday … 6 = Sunday) of a local date (days since 1970-01-01, a Thursday). */
export const weekdayOf = (localDay: number): number => (((localDay + 3) % 7) + 7) % 7
