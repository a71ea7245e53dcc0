/**
 * Money and instants as a person reads them: `€14.65`, `Mon 30 Mar 10:00 Europe/Paris`. For
 * the CLI, explanations and the demo only; JSON keeps exact decimal strings and UTC instants.
 * Pure and deterministic: a fixed locale (`en`), formatters built from their arguments alone,
 * no clock and no host time zone.
 */
import { formatMicros, type Micros } from './money.js'
import { parseInstant, parseUtcOffset, MS_PER_MINUTE, type EpochMs } from './time.js'

/**
 * An amount with two decimals, rounded half away from zero from its exact decimal value, and
 * the currency's symbol or code when one is given: `formatMoney('14.655', 'EUR')` is
 * `€14.66`, `formatMoney(14_650_000, 'CHF')` is `CHF 14.65`, `formatMoney('14.65')` is
 * `14.65`. `amount` is a decimal string (as in plans) or micro-units.
 *
 * @example formatMoney('1234.5', 'EUR') // '€1,234.50'
 */
export const formatMoney = (amount: string | Micros, currency?: string): string => moneyFormat(currency)(amount)

/**
 * {@link formatMoney} for one currency, with its `Intl` formatter built once: a formatter
 * costs tens of microseconds to build, more than routing a small order, so whatever writes
 * many amounts (an explanation per plan) keeps one — the compiled network holds its own.
 *
 * @example moneyFormat('EUR')('14.655') // '€14.66'
 */
export const moneyFormat = (currency?: string): ((amount: string | Micros) => string) => {
  // `signDisplay: 'negative'` (ECMA-402 v3, Node ≥ 19) is beyond the ES2022 typings.
  const options: Readonly<Record<string, unknown>> = {
    ...(currency === undefined ? { useGrouping: false } : { style: 'currency', currency }),
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    // An amount that rounds to zero is shown without a sign: `€0.00`, not `-€0.00`.
    signDisplay: 'negative',
  }
  const format = new Intl.NumberFormat('en', options as Intl.NumberFormatOptions)
  return (amount) => {
    const decimal = typeof amount === 'number' ? formatMicros(amount) : amount
    // Intl formats a decimal string exactly (ECMA-402 "NumberFormat v3", in Node ≥ 19): no
    // detour through a double that would round 14.655 down. The ES2022 typings know numbers only.
    // ICU separates a code from the number by a no-break space: a plain one reads (and greps) the same.
    return format.format(decimal as unknown as number).replace(/\u00a0/g, ' ')
  }
}

/** The IANA zone or fixed offset a node's local times are shown in: its `timeZone`, else its `utcOffset`, else UTC. */
export const zoneOfNode = (node: { readonly timeZone?: string; readonly utcOffset?: string } | undefined): string =>
  node?.timeZone ?? node?.utcOffset ?? 'UTC'

/**
 * The zone a parcel's delivery to the customer is shown in: the customer's, when the order's
 * ship delivery gives a `timeZone` (the clock its hand-over day is judged on), else its
 * sender's ({@link zoneOfNode}).
 *
 * @example zoneOfDelivery({ method: 'ship', timeZone: 'Asia/Tokyo' }, paris) // 'Asia/Tokyo'
 */
export const zoneOfDelivery = (
  delivery: { readonly method: string; readonly timeZone?: string } | undefined,
  sender: { readonly timeZone?: string; readonly utcOffset?: string } | undefined,
): string => (delivery?.method === 'ship' ? delivery.timeZone : undefined) ?? zoneOfNode(sender)

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const
const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

/** `Mon 30 Mar 10:00` of the wall clock `ms` reads in UTC. */
const wallClock = (ms: EpochMs): string => {
  const d = new Date(ms)
  return `${WEEKDAYS[d.getUTCDay()] ?? ''} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ''} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`
}

/**
 * An instant as the local clock of `zone` reads it, with the zone: `Mon 30 Mar 10:00
 * Europe/Paris`, `Sat 28 Mar 17:30 +01:00`. `zone` is an IANA name (daylight saving from the
 * runtime's time-zone data) or a fixed offset `±HH:MM` (`Z` and `UTC` for UTC), which is
 * applied here: Node 20's `Intl` refuses offset zones. An unknown name is shown in UTC, named
 * `UTC`, rather than throwing.
 *
 * @example formatLocalInstant(Date.parse('2026-03-30T08:00:00Z'), 'Europe/Paris') // 'Mon 30 Mar 10:00 Europe/Paris'
 */
export const formatLocalInstant = (ms: EpochMs, zone: string): string => {
  if (zone === 'UTC' || zone === 'Z') return `${wallClock(ms)} UTC`
  const offset = parseUtcOffset(zone)
  if (offset !== undefined) return `${wallClock(ms + offset * MS_PER_MINUTE)} ${zone}`
  let parts: Intl.DateTimeFormatPart[]
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(ms)
  } catch {
    return `${wallClock(ms)} UTC`
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('hour')}:${part('minute')} ${zone}`
}

/** {@link formatLocalInstant} of an ISO-8601 instant (as in plans); the text itself when it is not one. */
export const formatLocalIso = (iso: string, zone: string): string => {
  const ms = parseInstant(iso)
  return ms === undefined ? iso : formatLocalInstant(ms, zone)
}
