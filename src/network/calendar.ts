/**
 * Node calendars and carrier delivery days, compiled: a node's zone, its opening hours per
 * weekday (local milliseconds of the day, half-open intervals) and its closed local dates;
 * the network's delivery days as a weekday mask. The rules (docs/model.md §2):
 *
 * - an opening interval `[start, end)` of local date D is open from the instant the node's
 *   clock reads `start` on D to the instant it reads `end` (`24:00`: the next date's 00:00),
 *   each read by {@link instantAt} (the earlier of a repeated time, the change for a skipped
 *   one); a node without `openingHours` is open all day, every day but its closed dates;
 * - a day is open when it is not a closed date and its weekday has an interval;
 * - a carrier hands over only on a delivery day (judged in the receiving zone): an arrival on
 *   another day moves to the start (00:00 local) of the next delivery day — the start, not
 *   the same time of day, so that a parcel that leaves later never arrives earlier.
 */
import { MS_PER_DAY, MS_PER_MINUTE, parseLocalDate, type EpochMs } from '../time.js'
import { instantAt, localOf, weekdayOf, WEEKDAYS, type Weekday, type Zone } from '../time/zone.js'

/** One node's compiled calendar. */
export interface NodeCalendar {
  readonly zone: Zone
  /** Opening intervals per weekday (Monday first), local ms of the day; undefined: open all day. */
  readonly hours: readonly (readonly (readonly [number, number])[])[] | undefined
  /** Closed local dates, as days since 1970-01-01. */
  readonly closed: ReadonlySet<number>
  /** True when the node is open at every instant (no hours, no closed dates). */
  readonly alwaysOpen: boolean
}

/** Weekday mask (bit 0 = Monday) of every day. */
export const EVERY_DAY = 0x7f
/** Monday to Saturday: the carrier's delivery days when the network states none. */
export const DEFAULT_DELIVERY_DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/** The weekday mask of `days`. */
export const weekdayMask = (days: readonly Weekday[]): number => {
  let mask = 0
  for (const d of days) mask |= 1 << WEEKDAYS.indexOf(d)
  return mask
}

const HH_MM = /^(\d{2}):(\d{2})$/
/** Milliseconds after midnight of `HH:MM` (`24:00` included). */
const msOfDay = (text: string): number => {
  const m = HH_MM.exec(text)
  return m === null ? 0 : (Number(m[1]) * 60 + Number(m[2])) * MS_PER_MINUTE
}


/** A node's calendar from its decoded fields. */
export const compileCalendar = (
  zone: Zone,
  openingHours: Readonly<Partial<Record<Weekday, readonly (readonly [string, string])[]>>> | undefined,
  closedDates: readonly string[] | undefined,
): NodeCalendar => {
  const hours = openingHours === undefined ? undefined : WEEKDAYS.map((d) => (openingHours[d] ?? []).map(([s, e]) => [msOfDay(s), msOfDay(e)] as const))
  const closed: ReadonlySet<number> = new Set((closedDates ?? []).map((d) => parseLocalDate(d) ?? Number.NaN))
  return { zone, hours, closed, alwaysOpen: hours === undefined && closed.size === 0 }
}

/** True when the node is open on local date `day` (not closed, and its weekday has hours). */
export const isOpenDay = (cal: NodeCalendar, day: number): boolean =>
  !cal.closed.has(day) && (cal.hours === undefined || (cal.hours[weekdayOf(day)]?.length ?? 0) > 0)

/** Days looked at before giving up: every weekday of every week a closed date could block, and one more. */
const horizonDays = (cal: NodeCalendar): number => 7 * (cal.closed.size + 2)

/**
 * The first instant at or after `at` inside the node's opening hours (`at` itself when it
 * always is); +Infinity when it never opens again (a calendar the codecs refuse).
 */
export const nextOpenAt = (cal: NodeCalendar, at: EpochMs): EpochMs => {
  if (cal.alwaysOpen) return at
  const zone = cal.zone
  // The day before too: where clocks go back over midnight, a local date can come round twice.
  const first = Math.floor(localOf(zone, at) / MS_PER_DAY) - 1
  const last = first + horizonDays(cal)
  for (let day = first; day <= last; day++) {
    if (!isOpenDay(cal, day)) continue
    const base = day * MS_PER_DAY
    const intervals = cal.hours?.[weekdayOf(day)] ?? ALL_DAY
    for (const [start, end] of intervals) {
      const to = instantAt(zone, base + end)
      if (to <= at) continue
      const from = instantAt(zone, base + start)
      if (from < to) return Math.max(at, from)
    }
  }
  return Number.POSITIVE_INFINITY
}

const ALL_DAY: readonly (readonly [number, number])[] = [[0, MS_PER_DAY]]

/**
 * The first instant at or after `at` when the node's clock reads `cutoffMs` (local ms of the
 * day) on an open day; +Infinity when it never opens again.
 */
export const nextCutoffAt = (cal: NodeCalendar, at: EpochMs, cutoffMs: number): EpochMs => {
  const zone = cal.zone
  const first = Math.floor(localOf(zone, at) / MS_PER_DAY) - 1
  const last = first + horizonDays(cal)
  for (let day = first; day <= last; day++) {
    if (!isOpenDay(cal, day)) continue
    const c = instantAt(zone, day * MS_PER_DAY + cutoffMs)
    if (c >= at) return c
  }
  return Number.POSITIVE_INFINITY
}

/**
 * When a carrier arriving at `at` hands over in `zone` with delivery days `mask`: `at` on a
 * delivery day, else the start of the next one.
 */
export const onDeliveryDay = (zone: Zone, mask: number, at: EpochMs): EpochMs => {
  if (mask === EVERY_DAY || mask === 0 || !Number.isFinite(at)) return at
  const day = Math.floor(localOf(zone, at) / MS_PER_DAY)
  if ((mask >> weekdayOf(day)) & 1) return at
  let next = day + 1
  while (((mask >> weekdayOf(next)) & 1) === 0) next++
  return instantAt(zone, next * MS_PER_DAY)
}
