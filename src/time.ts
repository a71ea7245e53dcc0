/**
 * Instants and local times. Instants cross the boundary as ISO-8601 strings with an explicit
 * offset (`2026-11-27T09:30:00Z`, `2026-11-27T10:30:00+01:00`) and are epoch milliseconds
 * inside. The library never reads a clock: callers pass `now`.
 */

/** Epoch milliseconds. */
export type EpochMs = number

export const MS_PER_MINUTE = 60_000
export const MS_PER_HOUR = 3_600_000
export const MS_PER_DAY = 86_400_000

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

/** The year, month and day of a match whose groups 1–3 are `YYYY`, `MM`, `DD`, when that date exists. */
const existingDate = (m: RegExpExecArray): { readonly year: number; readonly month: number; readonly day: number } | undefined => {
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  return month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ? undefined : { year, month, day }
}

/**
 * Parses an ISO-8601 instant with an explicit offset; undefined when it is not one, including
 * dates that do not exist (`2026-02-30`, which `Date.parse` would roll over to March) and
 * `24:00`.
 *
 * @example parseInstant('2026-11-27T09:30:00Z') // 1795771800000
 */
export const parseInstant = (text: string): EpochMs | undefined => {
  const m = ISO_INSTANT.exec(text)
  if (!m || existingDate(m) === undefined) return undefined
  const ms = Date.parse(text)
  return Number.isFinite(ms) ? ms : undefined
}

/** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the instants written without a `Date`. */
const FIRST_FAST_MS = -62_167_219_200_000
const LAST_FAST_MS = 253_402_300_799_999

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`)
/** "MM:SS" for minute × 60 + second, and ".mmmZ" for each millisecond. */
const MINUTE_SECOND: readonly string[] = Object.freeze(Array.from({ length: 3600 }, (_, i) => `${two(Math.floor(i / 60))}:${two(i % 60)}`))
const MILLI_Z: readonly string[] = Object.freeze(Array.from({ length: 1000 }, (_, i) => `.${String(i).padStart(3, '0')}Z`))

/** `YYYY-MM-DDTHH:` of an hour (ms, a multiple of an hour) since the epoch (H. Hinnant's civil-from-days, proleptic Gregorian). */
const hourPrefix = (hourMs: number): string => {
  const days = Math.floor(hourMs / MS_PER_DAY)
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  const y = year < 10 ? `000${year}` : year < 100 ? `00${year}` : year < 1000 ? `0${year}` : `${year}`
  return `${y}-${two(month)}-${two(day)}T${two((hourMs - days * MS_PER_DAY) / MS_PER_HOUR)}:`
}

/**
 * Formats epoch milliseconds as an ISO-8601 UTC instant, `YYYY-MM-DDTHH:mm:ss.sssZ`: the text
 * of `Date.prototype.toISOString`, written directly for years 0000–9999 (plans and option
 * lists write a dozen instants each: the date part by arithmetic, the rest from tables) and
 * by a `Date` beyond them.
 *
 * @example formatInstant(0) // '1970-01-01T00:00:00.000Z'
 */
export const formatInstant = (ms: EpochMs): string => {
  if (!Number.isInteger(ms) || ms < FIRST_FAST_MS || ms > LAST_FAST_MS) return new Date(ms).toISOString()
  const inHour = ((ms % MS_PER_HOUR) + MS_PER_HOUR) % MS_PER_HOUR
  const milli = inHour % 1000
  return `${hourPrefix(ms - inHour)}${MINUTE_SECOND[(inHour - milli) / 1000] as string}${MILLI_Z[milli] as string}`
}

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/
const UTC_OFFSET = /^([+-])(\d{2}):([0-5]\d)$/

/** Minutes after local midnight of an `HH:MM` time; undefined when malformed. */
export const parseLocalTime = (text: string): number | undefined => {
  const m = LOCAL_TIME.exec(text)
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Days since 1970-01-01 of a local date `YYYY-MM-DD`; undefined when malformed or when the
 * date does not exist (`2026-02-30`).
 *
 * @example parseLocalDate('2026-12-25') // 20812
 */
export const parseLocalDate = (text: string): number | undefined => {
  const m = LOCAL_DATE.exec(text)
  const date = m ? existingDate(m) : undefined
  if (date === undefined) return undefined
  const d = new Date(0)
  d.setUTCFullYear(date.year, date.month - 1, date.day)
  return Math.floor(d.getTime() / MS_PER_DAY)
}

/** Minutes east of UTC of a `±HH:MM` offset; undefined when malformed or beyond ±14:00. */
export const parseUtcOffset = (text: string): number | undefined => {
  const m = UTC_OFFSET.exec(text)
  if (!m) return undefined
  const minutes = Number(m[2]) * 60 + Number(m[3])
  if (minutes > 14 * 60) return undefined
  return m[1] === '-' ? -minutes : minutes
}

/**
 * The first instant at or after `from` when the local clock (at `offsetMinutes` from UTC)
 * reads `minuteOfDay`: the fixed-offset arithmetic that a node without zone or calendar
 * keeps (routing itself reads calendars: src/network/calendar.ts).
 *
 * @example nextLocalTime(Date.parse('2026-11-27T15:00:00Z'), 17 * 60, 60) // 16:00Z the same day
 */
export const nextLocalTime = (from: EpochMs, minuteOfDay: number, offsetMinutes: number): EpochMs => {
  const offsetMs = offsetMinutes * MS_PER_MINUTE
  const localMidnight = Math.floor((from + offsetMs) / MS_PER_DAY) * MS_PER_DAY - offsetMs
  const sameDay = localMidnight + minuteOfDay * MS_PER_MINUTE
  return sameDay >= from ? sameDay : sameDay + MS_PER_DAY
}
