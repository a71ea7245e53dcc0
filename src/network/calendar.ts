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

/** One local date of a node, as instants: whether it is open, its opening intervals and its cut-off. */
interface DayPlan {
  readonly open: boolean
  /** Opening intervals as instants, `[from₀, to₀, from₁, to₁, …]`. */
  readonly bounds: readonly number[]
  /** The instant of the day's cut-off (NaN without one). */
  readonly cutoffAt: number
}

/**
 * One node's compiled calendar. `days` memoises each local date's plan as the engine asks
 * for it: turning local times into instants takes several zone lookups, and every ETA of
 * every node of every order would repeat them.
 */
export interface NodeCalendar {
  readonly zone: Zone
  /** Opening intervals per weekday (Monday first), local ms of the day; undefined: open all day. */
  readonly hours: readonly (readonly (readonly [number, number])[])[] | undefined
  /** Closed local dates, as days since 1970-01-01. */
  readonly closed: ReadonlySet<number>
  /** True when the node is open at every instant (no hours, no closed dates). */
  readonly alwaysOpen: boolean
  /** The daily cut-off in local ms of the day; −1 without one. */
  readonly cutoffMs: number
  readonly days: Map<number, DayPlan>
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
  cutoffMs: number,
): NodeCalendar => {
  const hours = openingHours === undefined ? undefined : WEEKDAYS.map((d) => (openingHours[d] ?? []).map(([s, e]) => [msOfDay(s), msOfDay(e)] as const))
  const closed: ReadonlySet<number> = new Set((closedDates ?? []).map((d) => parseLocalDate(d) ?? Number.NaN))
  return { zone, hours, closed, alwaysOpen: hours === undefined && closed.size === 0, cutoffMs, days: new Map() }
}

/** True when the node is open on local date `day` (not closed, and its weekday has hours). */
export const isOpenDay = (cal: NodeCalendar, day: number): boolean =>
  !cal.closed.has(day) && (cal.hours === undefined || (cal.hours[weekdayOf(day)]?.length ?? 0) > 0)

/** Days looked at before giving up: every weekday of every week a closed date could block, and one more. */
const horizonDays = (cal: NodeCalendar): number => 7 * (cal.closed.size + 2)

const ALL_DAY: readonly (readonly [number, number])[] = [[0, MS_PER_DAY]]
const CLOSED: DayPlan = { open: false, bounds: [], cutoffAt: Number.NaN }

/** The plan of local date `day`, from the memo or worked out once. */
const planOf = (cal: NodeCalendar, day: number): DayPlan => {
  const known = cal.days.get(day)
  if (known !== undefined) return known
  let plan = CLOSED
  if (isOpenDay(cal, day)) {
    const base = day * MS_PER_DAY
    const bounds: number[] = []
    for (const [start, end] of cal.hours?.[weekdayOf(day)] ?? ALL_DAY) bounds.push(instantAt(cal.zone, base + start), instantAt(cal.zone, base + end))
    plan = { open: true, bounds, cutoffAt: cal.cutoffMs < 0 ? Number.NaN : instantAt(cal.zone, base + cal.cutoffMs) }
  }
  cal.days.set(day, plan)
  return plan
}

/**
 * The first instant at or after `at` inside the node's opening hours (`at` itself when it
 * always is); +Infinity when it never opens again (a calendar the codecs refuse).
 */
export const nextOpenAt = (cal: NodeCalendar, at: EpochMs): EpochMs => {
  if (cal.alwaysOpen) return at
  // The day before too: where clocks go back over midnight, a local date can come round twice.
  const first = Math.floor(localOf(cal.zone, at) / MS_PER_DAY) - 1
  const last = first + horizonDays(cal)
  for (let day = first; day <= last; day++) {
    const plan = planOf(cal, day)
    if (!plan.open) continue
    const b = plan.bounds
    for (let i = 0; i < b.length; i += 2) {
      const from = b[i] as number
      const to = b[i + 1] as number
      if (to > at && from < to) return from > at ? from : at
    }
  }
  return Number.POSITIVE_INFINITY
}

/**
 * The first instant at or after `at` when the node's clock reads its cut-off on an open day
 * (`at` itself without a cut-off); +Infinity when it never opens again.
 */
export const nextCutoffAt = (cal: NodeCalendar, at: EpochMs): EpochMs => {
  if (cal.cutoffMs < 0) return at
  const first = Math.floor(localOf(cal.zone, at) / MS_PER_DAY) - 1
  const last = first + horizonDays(cal)
  for (let day = first; day <= last; day++) {
    const plan = planOf(cal, day)
    if (plan.open && plan.cutoffAt >= at) return plan.cutoffAt
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
