/**
 * Branded primitive codecs. A value of a branded type has been checked at run time, so the
 * layers above never re-validate it and never throw on it.
 */
import * as t from 'io-ts'
import { AMOUNT_SCALE, RATE_SCALE, isScaledDecimal } from '../money.js'
import { parseInstant, parseLocalTime, parseUtcOffset } from '../time.js'

/** Identifier of a node, SKU, order, line or reservation: a non-empty string of at most 200 characters. */
export interface IdBrand {
  readonly Id: unique symbol
}
export const Id = t.brand(
  t.string,
  (s): s is t.Branded<string, IdBrand> => s.length > 0 && s.length <= 200,
  'Id',
)
export type Id = t.TypeOf<typeof Id>

/** A non-negative amount of money as a decimal string with at most 6 decimal places. */
export interface AmountBrand {
  readonly Amount: unique symbol
}
export const Amount = t.brand(
  t.string,
  (s): s is t.Branded<string, AmountBrand> => isScaledDecimal(s, AMOUNT_SCALE),
  'Amount',
)
export type Amount = t.TypeOf<typeof Amount>

/** A non-negative money rate per unit per km as a decimal string with at most 9 decimal places. */
export interface RateBrand {
  readonly Rate: unique symbol
}
export const Rate = t.brand(
  t.string,
  (s): s is t.Branded<string, RateBrand> => isScaledDecimal(s, RATE_SCALE),
  'Rate',
)
export type Rate = t.TypeOf<typeof Rate>

/** A whole number of units, zero or more, within the exact range of a double. */
export interface QuantityBrand {
  readonly Quantity: unique symbol
}
export const Quantity = t.brand(
  t.number,
  (n): n is t.Branded<number, QuantityBrand> => Number.isSafeInteger(n) && n >= 0 && n <= 1_000_000_000,
  'Quantity',
)
export type Quantity = t.TypeOf<typeof Quantity>

/** A whole number of units, one or more. */
export interface PositiveQuantityBrand {
  readonly PositiveQuantity: unique symbol
}
export const PositiveQuantity = t.brand(
  t.number,
  (n): n is t.Branded<number, PositiveQuantityBrand> => Number.isSafeInteger(n) && n >= 1 && n <= 1_000_000_000,
  'PositiveQuantity',
)
export type PositiveQuantity = t.TypeOf<typeof PositiveQuantity>

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

/** A point on the Earth. */
export const Location = t.readonly(t.strict({ lat: Latitude, lon: Longitude }), 'Location')
export type Location = t.TypeOf<typeof Location>

/** An ISO-8601 instant with an explicit offset, e.g. `2026-11-27T09:30:00Z`. */
export interface InstantBrand {
  readonly Instant: unique symbol
}
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
 * The same readonly object codec, refusing an own `__proto__` key (which `JSON.parse` creates
 * from `{"__proto__": …}`). io-ts merges the members of an intersection with `r[k] = u[k]`,
 * so that key would become the decoded object's prototype and smuggle unvalidated fields
 * (`"__proto__": {"maxShipments": -5}`) past every codec. The result is still a
 * `ReadonlyType` around the same inner codec, so io-ts's tagged-union detection still sees it.
 */
export const refuseProtoKey = <C extends t.ReadonlyC<t.Mixed>>(codec: C): C =>
  new t.ReadonlyType(
    codec.name,
    (u): u is t.TypeOf<C> => !ownsProtoKey(u) && codec.is(u),
    (u, c) => {
      if (!ownsProtoKey(u)) return codec.validate(u, c)
      const value = (u as Readonly<Record<string, unknown>>)['__proto__']
      return t.failure(value, t.appendContext(c, '__proto__', ProtoKey, value), 'no "__proto__" key')
    },
    codec.encode,
    codec.type,
  ) as C

/**
 * A readonly object type with required and optional properties. Extra keys are tolerated
 * (and kept); an own `__proto__` key is refused (see `refuseProtoKey`).
 */
export const record = <R extends t.Props, O extends t.Props>(required: R, optional: O, name: string) =>
  refuseProtoKey(t.readonly(t.intersection([t.type(required), t.partial(optional)]), name))
