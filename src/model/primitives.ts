/**
 * Branded primitive codecs. A value of a branded type has been checked at run time, so the
 * layers above never re-validate it and never throw on it.
 */
import * as t from 'io-ts'
import { AMOUNT_SCALE, MAX_AMOUNT_MICROS, MAX_QUANTITY, MAX_RATE_NANOS_PER_KM, RATE_SCALE, parseScaled } from '../money.js'
import { parseInstant, parseLocalDate, parseLocalTime, parseUtcOffset } from '../time.js'
import { isTimeZone } from '../time/zone.js'

/** Identifier of a node, SKU, order, line or reservation: a non-empty string of at most 200 characters. */
export interface IdBrand {
  readonly Id: unique symbol
}
/** Codec of identifiers (of a node, SKU, order, line or reservation): a non-empty string of at most 200 characters. */
export const Id = t.brand(
  t.string,
  (s): s is t.Branded<string, IdBrand> => s.length > 0 && s.length <= 200,
  'Id',
)
export type Id = t.TypeOf<typeof Id>

/**
 * A non-negative amount of money as a decimal string with at most 6 decimal places, at most
 * `MAX_AMOUNT` (1,000,000,000).
 */
export interface AmountBrand {
  readonly Amount: unique symbol
}
/** Codec of amounts of money: a non-negative decimal string, at most 6 decimal places, at most 1,000,000,000. */
export const Amount = t.brand(
  t.string,
  (s): s is t.Branded<string, AmountBrand> => {
    const r = parseScaled(s, AMOUNT_SCALE)
    return r.ok && r.value <= MAX_AMOUNT_MICROS
  },
  'Amount',
)
export type Amount = t.TypeOf<typeof Amount>

/**
 * A non-negative money rate per unit per km as a decimal string with at most 9 decimal
 * places, at most `MAX_RATE` (1,000).
 */
export interface RateBrand {
  readonly Rate: unique symbol
}
/** Codec of money rates per unit per km: a non-negative decimal string, at most 9 decimal places, at most 1,000. */
export const Rate = t.brand(
  t.string,
  (s): s is t.Branded<string, RateBrand> => {
    const r = parseScaled(s, RATE_SCALE)
    return r.ok && r.value <= MAX_RATE_NANOS_PER_KM
  },
  'Rate',
)
export type Rate = t.TypeOf<typeof Rate>

/** A whole number of units, zero or more, at most `MAX_QUANTITY` (1,000,000). */
export interface QuantityBrand {
  readonly Quantity: unique symbol
}
/** Codec of quantities: a whole number of units from 0 to 1,000,000. */
export const Quantity = t.brand(
  t.number,
  (n): n is t.Branded<number, QuantityBrand> => Number.isSafeInteger(n) && n >= 0 && n <= MAX_QUANTITY,
  'Quantity',
)
export type Quantity = t.TypeOf<typeof Quantity>

/** A whole number of units, one or more, at most `MAX_QUANTITY` (1,000,000). */
export interface PositiveQuantityBrand {
  readonly PositiveQuantity: unique symbol
}
/** Codec of positive quantities: a whole number of units from 1 to 1,000,000. */
export const PositiveQuantity = t.brand(
  t.number,
  (n): n is t.Branded<number, PositiveQuantityBrand> => Number.isSafeInteger(n) && n >= 1 && n <= MAX_QUANTITY,
  'PositiveQuantity',
)
export type PositiveQuantity = t.TypeOf<typeof PositiveQuantity>

/** Largest magnitude of a node's `priority` rank. */
export const MAX_PRIORITY = 1_000_000_000

/** A rank (lower goes first): a finite number from −1,000,000,000 to 1,000,000,000. */
export interface PriorityBrand {
  readonly Priority: unique symbol
}
export const Priority = t.brand(
  t.number,
  (n): n is t.Branded<number, PriorityBrand> => Number.isFinite(n) && Math.abs(n) <= MAX_PRIORITY,
  'Priority',
)
export type Priority = t.TypeOf<typeof Priority>

/** A percentage from 0 to 100 inclusive. */
export interface PercentBrand {
  readonly Percent: unique symbol
}
export const Percent = t.brand(
  t.number,
  (n): n is t.Branded<number, PercentBrand> => Number.isFinite(n) && n >= 0 && n <= 100,
  'Percent',
)
export type Percent = t.TypeOf<typeof Percent>

/** A non-negative, finite number of hours. */
export interface HoursBrand {
  readonly Hours: unique symbol
}
export const Hours = t.brand(
  t.number,
  (n): n is t.Branded<number, HoursBrand> => Number.isFinite(n) && n >= 0 && n <= 24 * 366,
  'Hours',
)
export type Hours = t.TypeOf<typeof Hours>

/** A positive, finite distance in kilometres. */
export interface KilometresBrand {
  readonly Kilometres: unique symbol
}
export const Kilometres = t.brand(
  t.number,
  (n): n is t.Branded<number, KilometresBrand> => Number.isFinite(n) && n >= 0 && n <= 40_000,
  'Kilometres',
)
export type Kilometres = t.TypeOf<typeof Kilometres>

/** A positive, finite speed in km per hour. */
export interface SpeedBrand {
  readonly Speed: unique symbol
}
export const Speed = t.brand(
  t.number,
  (n): n is t.Branded<number, SpeedBrand> => Number.isFinite(n) && n > 0 && n <= 10_000,
  'Speed',
)
export type Speed = t.TypeOf<typeof Speed>

/** Latitude in decimal degrees, −90 to 90. */
export interface LatitudeBrand {
  readonly Latitude: unique symbol
}
export const Latitude = t.brand(
  t.number,
  (n): n is t.Branded<number, LatitudeBrand> => Number.isFinite(n) && n >= -90 && n <= 90,
  'Latitude',
)
/** Longitude in decimal degrees, −180 to 180. */
export interface LongitudeBrand {
  readonly Longitude: unique symbol
}
export const Longitude = t.brand(
  t.number,
  (n): n is t.Branded<number, LongitudeBrand> => Number.isFinite(n) && n >= -180 && n <= 180,
  'Longitude',
)

/** An ISO-8601 instant with an explicit offset, e.g. `2026-11-27T09:30:00Z`. */
export interface InstantBrand {
  readonly Instant: unique symbol
}
/** Codec of instants: an ISO-8601 string with an explicit offset, e.g. `2026-11-27T09:30:00Z`. */
export const Instant = t.brand(
  t.string,
  (s): s is t.Branded<string, InstantBrand> => parseInstant(s) !== undefined,
  'Instant',
)
export type Instant = t.TypeOf<typeof Instant>

/** A local wall-clock time `HH:MM`. */
export interface LocalTimeBrand {
  readonly LocalTime: unique symbol
}
export const LocalTime = t.brand(
  t.string,
  (s): s is t.Branded<string, LocalTimeBrand> => parseLocalTime(s) !== undefined,
  'LocalTime',
)
export type LocalTime = t.TypeOf<typeof LocalTime>

/** An ISO 4217 currency code: three upper-case letters, e.g. `EUR`. */
export interface CurrencyBrand {
  readonly Currency: unique symbol
}
export const Currency = t.brand(t.string, (s): s is t.Branded<string, CurrencyBrand> => /^[A-Z]{3}$/.test(s), 'Currency')
export type Currency = t.TypeOf<typeof Currency>

/** A fixed offset from UTC `±HH:MM`. */
export interface UtcOffsetBrand {
  readonly UtcOffset: unique symbol
}
export const UtcOffset = t.brand(
  t.string,
  (s): s is t.Branded<string, UtcOffsetBrand> => parseUtcOffset(s) !== undefined,
  'UtcOffset',
)
export type UtcOffset = t.TypeOf<typeof UtcOffset>

/** An IANA time zone the runtime knows, e.g. `Europe/Paris`, `America/New_York`, `UTC`. */
export interface TimeZoneBrand {
  readonly TimeZone: unique symbol
}
export const TimeZone = t.brand(t.string, (s): s is t.Branded<string, TimeZoneBrand> => isTimeZone(s), 'TimeZone')
export type TimeZone = t.TypeOf<typeof TimeZone>

/**
 * A zone as an order gives it: an IANA time zone the runtime knows (`Asia/Tokyo`) or a fixed
 * offset `±HH:MM` — the two forms a node's `timeZone` and `utcOffset` accept.
 */
export interface ZoneNameBrand {
  readonly ZoneName: unique symbol
}
export const ZoneName = t.brand(
  t.string,
  (s): s is t.Branded<string, ZoneNameBrand> => parseUtcOffset(s) !== undefined || isTimeZone(s),
  'ZoneName',
)
export type ZoneName = t.TypeOf<typeof ZoneName>

/** A local calendar date `YYYY-MM-DD` that exists (not `2026-02-30`). */
export interface LocalDateBrand {
  readonly LocalDate: unique symbol
}
export const LocalDate = t.brand(t.string, (s): s is t.Branded<string, LocalDateBrand> => parseLocalDate(s) !== undefined, 'LocalDate')
export type LocalDate = t.TypeOf<typeof LocalDate>

/** The end of an opening interval: a local time `HH:MM`, or `24:00` (midnight at the end of the day). */
export interface ClosingTimeBrand {
  readonly ClosingTime: unique symbol
}
export const ClosingTime = t.brand(t.string, (s): s is t.Branded<string, ClosingTimeBrand> => s === '24:00' || parseLocalTime(s) !== undefined, 'ClosingTime')
export type ClosingTime = t.TypeOf<typeof ClosingTime>

/** A sales channel name such as `web`, `app`, `store`, `marketplace`. */
export const Channel = Id
export type Channel = Id

const ownsProtoKey = (u: unknown): boolean =>
  typeof u === 'object' && u !== null && Object.prototype.hasOwnProperty.call(u, '__proto__')

const ProtoKey = new t.Type<never, never, unknown>(
  '__proto__',
  (_): _ is never => false,
  (u, c) => t.failure(u, c, 'no "__proto__" key'),
  (a) => a,
)

/**
 * The codec an unknown key's issue is attributed to, so that its path ends at the key (even
 * an empty one).
 *
 * @internal
 */
export const UnknownKey = new t.Type<never, never, unknown>(
  'unknown key',
  (_): _ is never => false,
  (u, c) => t.failure(u, c, 'a known key (unknown key)'),
  (a) => a,
)

const isPlainObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** Edit distance of two short strings (insertions, deletions, substitutions), case ignored. */
const editDistance = (a: string, b: string): number => {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const row = [i]
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1))
    }
    previous = row
  }
  return previous[y.length] as number
}

/** The known key `key` is most likely a typo of (at most two edits, and fewer than half its length), if any. */
const nearestKey = (key: string, known: readonly string[]): string | undefined => {
  if (key.length > 64) return undefined
  let best: string | undefined
  let bestDistance = Infinity
  for (const k of known) {
    const d = editDistance(key, k)
    if (d < bestDistance) {
      best = k
      bestDistance = d
    }
  }
  return bestDistance <= 2 && bestDistance * 2 < Math.max(key.length, 2) ? best : undefined
}

/** What an unknown key's issue says was expected: the keys the record knows, or the one it resembles. */
const unknownKeyExpected = (name: string, key: string, known: readonly string[]): string => {
  const near = nearestKey(key, known)
  if (near !== undefined) return `a known key of ${name} (unknown key; did you mean "${near}"?)`
  const listed = known.map((k) => JSON.stringify(k)).join(', ')
  return known.length === 0 ? `no key in ${name} (unknown key)` : `a known key of ${name} (unknown key; one of ${listed})`
}

/** The own keys of `u` outside `known` (keys holding `undefined` count as absent, as in JSON text). */
const unknownKeys = (u: Readonly<Record<string, unknown>>, known: ReadonlySet<string>): readonly string[] => {
  const out: string[] = []
  for (const k of Object.keys(u)) if (!known.has(k) && u[k] !== undefined) out.push(k)
  return out
}

/**
 * The same readonly object codec, exact: an own key outside `known` is an issue at its own
 * path (`$.order.maxShipment`: "a known key of Order (unknown key; did you mean
 * "maxShipments"?)"), reported with every other problem of the object, so that a typo is
 * never silently ignored. An own `__proto__` key is refused on its own, before anything else
 * reads the object: `JSON.parse` creates one from `{"__proto__": …}`, and io-ts merges the
 * members of an intersection with `r[k] = u[k]`, so that key would become the decoded
 * object's prototype and smuggle unvalidated fields (`"__proto__": {"maxShipments": -5}`)
 * past every codec. The result is still a `ReadonlyType` around the same inner codec, so
 * io-ts's tagged-union detection and the decoder's path rendering still see through it.
 */
export const exactKeys = <C extends t.ReadonlyC<t.Mixed>>(codec: C, known: readonly string[]): C => {
  const keys = new Set(known)
  return new t.ReadonlyType(
    codec.name,
    (u): u is t.TypeOf<C> => !ownsProtoKey(u) && codec.is(u) && isPlainObject(u) && unknownKeys(u, keys).length === 0,
    (u, c) => {
      if (ownsProtoKey(u)) {
        const value = (u as Readonly<Record<string, unknown>>)['__proto__']
        return t.failure(value, t.appendContext(c, '__proto__', ProtoKey, value), 'no "__proto__" key')
      }
      const inner = codec.validate(u, c)
      if (!isPlainObject(u)) return inner
      const extra = unknownKeys(u, keys)
      if (extra.length === 0) return inner
      const errors: t.ValidationError[] = extra.map((k) => ({
        value: u[k],
        context: t.appendContext(c, k, UnknownKey, u[k]),
        message: unknownKeyExpected(codec.name, k, known),
      }))
      return t.failures(inner._tag === 'Left' ? [...inner.left, ...errors] : errors)
    },
    codec.encode,
    codec.type,
  ) as C
}

/**
 * A readonly object type with required and optional properties, exact: an unknown key (a
 * typo such as `maxShipment`) and an own `__proto__` key are refused with their path (see
 * `exactKeys`).
 */
export const record = <R extends t.Props, O extends t.Props>(required: R, optional: O, name: string) =>
  exactKeys(t.readonly(t.intersection([t.type(required), t.partial(optional)]), name), [...Object.keys(required), ...Object.keys(optional)])

/** A point on the Earth. */
export const Location = record({ lat: Latitude, lon: Longitude }, {}, 'Location')
export type Location = t.TypeOf<typeof Location>

/** The codec a field that may not be given with another one is attributed to. */
const Alternative = new t.Type<never, never, unknown>(
  'alternative',
  (_): _ is never => false,
  (u, c) => t.failure(u, c, 'one field of a choice'),
  (a) => a,
)

/**
 * The same readonly object codec with a further check of the whole object (which fields go
 * together): `check` returns the issues of a value the codec accepted or not, each at a key of
 * the object or at the object itself (`key` undefined).
 */
export const checkObject = <C extends t.ReadonlyC<t.Mixed>>(
  codec: C,
  check: (u: Readonly<Record<string, unknown>>) => readonly { readonly key?: string; readonly expected: string }[],
): C =>
  new t.ReadonlyType(
    codec.name,
    (u): u is t.TypeOf<C> => codec.is(u) && isPlainObject(u) && check(u).length === 0,
    (u, c) => {
      const inner = codec.validate(u, c)
      // An own `__proto__` key is refused alone (see `exactKeys`); nothing else reads the object.
      if (!isPlainObject(u) || ownsProtoKey(u)) return inner
      const problems = check(u)
      if (problems.length === 0) return inner
      const errors: t.ValidationError[] = problems.map(({ key, expected }) =>
        key === undefined
          ? { value: u, context: c, message: expected }
          : { value: u[key], context: t.appendContext(c, key, Alternative, u[key]), message: expected },
      )
      return t.failures(inner._tag === 'Left' ? [...inner.left, ...errors] : errors)
    },
    codec.encode,
    codec.type,
  ) as C

/**
 * The issues of an object that must have one of `keys` (or at most one, when `required` is
 * false): a second one is reported at its own path, a missing one at the object.
 *
 * @example oneOf({ quantity: 2, percent: 10 }, ['quantity', 'percent'], true, 'exactly one of …') // [{ key: 'percent', … }]
 */
export const oneOf = (
  u: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  required: boolean,
  expected: string,
): readonly { readonly key?: string; readonly expected: string }[] => {
  const given = keys.filter((k) => Object.prototype.hasOwnProperty.call(u, k) && u[k] !== undefined)
  if (given.length === 0) return required ? [{ expected }] : []
  return given.slice(1).map((key) => ({ key, expected: `${expected}, not both "${given[0] as string}" and "${key}"` }))
}
