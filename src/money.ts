/**
 * Exact money. Amounts cross the library boundary as decimal strings and live inside as
 * integer micro-units (millionths of the currency unit) held in a `number`: integer addition
 * and multiplication stay exact up to 2^53 micro-units (about nine billion currency units),
 * which is far beyond any one order. decimal.js does the parsing and formatting, so no binary
 * floating point ever touches an amount at the boundary.
 */
import DecimalJs from 'decimal.js'

// A private constructor: decimal.js's default export is shared with the application, and a
// caller's `Decimal.set({ precision: 5 })` must not round our amounts. 64 significant digits
// hold every exact amount (at most 16 digits) with room to spare before the range check.
const Decimal = DecimalJs.clone({ precision: 64, rounding: DecimalJs.ROUND_HALF_EVEN })

/** Integer micro-units of the currency (1 unit = 1,000,000 micros). */
export type Micros = number

/** Micro-units in one currency unit. */
export const MICROS_PER_UNIT = 1_000_000

/** Decimal places an amount may carry (micro-unit precision). */
export const AMOUNT_SCALE = 6

/** Decimal places a per-unit-per-km rate may carry (nano-unit precision). */
export const RATE_SCALE = 9

// ---------------------------------------------------------------------------------------------
// Documented limits of a document's fields. Each keeps one field's value exact inside (an
// amount in micros, a rate in nanos per km, a quantity) far below 2^53, with room for the
// products the router forms: one unit carried over the longest great-circle distance
// (20,016 km) at the largest rate costs 2.0016e13 micros. Totals over an order (quantity ×
// per-unit cost, summed over lines and legs) are bounded by the order as a whole, not by
// these per-field limits alone. No real retailer comes near them.
// ---------------------------------------------------------------------------------------------

/** Largest quantity a document may carry in one field (an order line, a stock row, a lot, a capacity): 1,000,000 units. */
export const MAX_QUANTITY = 1_000_000

/** Largest amount of money a document may carry in one field, as text: 1,000,000,000 currency units. */
export const MAX_AMOUNT = '1000000000'

/** `MAX_AMOUNT` in micro-units: 10^15. */
export const MAX_AMOUNT_MICROS = 1_000_000_000 * MICROS_PER_UNIT

/** Largest per-unit-per-km rate a document may carry, as text: 1,000 currency units per unit per km. */
export const MAX_RATE = '1000'

/** `MAX_RATE` in nano-units per km: 10^12. */
export const MAX_RATE_NANOS_PER_KM = 1_000 * 1_000_000_000

const DECIMAL_PATTERN = /^(0|[1-9]\d*)(\.\d+)?$/

/**
 * Parses a non-negative decimal string with at most `scale` decimal places into an integer
 * count of 10^-scale units, or returns a message saying what is wrong.
 *
 * @example parseScaled('8.759', 6) // { ok: true, value: 8759000 }
 */
export const parseScaled = (
  text: string,
  scale: number,
): { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string } => {
  if (!DECIMAL_PATTERN.test(text)) {
    return { ok: false, reason: 'a non-negative decimal string such as "8.759"' }
  }
  // Fast path, exact: at most 15 significant digits stay integers below 2^53 once scaled.
  const dot = text.indexOf('.')
  const whole = dot < 0 ? text : text.slice(0, dot)
  const fraction = dot < 0 ? '' : text.slice(dot + 1)
  if (fraction.length <= scale && whole.length + scale <= 15) {
    return { ok: true, value: Number(whole) * 10 ** scale + (fraction.length === 0 ? 0 : Number(fraction) * 10 ** (scale - fraction.length)) }
  }
  const d = new Decimal(text)
  if (d.decimalPlaces() > scale) {
    return { ok: false, reason: `at most ${scale} decimal places` }
  }
  const scaled = d.times(new Decimal(10).pow(scale))
  if (scaled.greaterThan(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, reason: 'an amount small enough to be exact' }
  }
  return { ok: true, value: scaled.toNumber() }
}

/** True when `text` is an amount the library accepts with `scale` decimal places. */
export const isScaledDecimal = (text: string, scale: number): boolean => parseScaled(text, scale).ok

/**
 * Converts a decimal string already validated by the codecs into micro-units.
 * Inputs that fail validation map to NaN, which no codec lets through.
 *
 * @example toMicros('0.423') // 423000
 */
export const toMicros = (text: string): Micros => {
  const r = parseScaled(text, AMOUNT_SCALE)
  return r.ok ? r.value : Number.NaN
}

/**
 * Converts a validated per-unit-per-km rate into nano-units per km.
 *
 * @example rateToNanosPerKm('0.000336') // 336000
 */
export const rateToNanosPerKm = (text: string): number => {
  const r = parseScaled(text, RATE_SCALE)
  return r.ok ? r.value : Number.NaN
}

/**
 * Cost in micro-units of carrying one unit over `metres` at `nanosPerKm`, rounded half to
 * even. nanos/km × m = 1e-12 units, so the exact result is `nanosPerKm × metres / 1e6`
 * micros; BigInt takes over when the product leaves the exact range of a double.
 */
export const distanceCostMicros = (nanosPerKm: number, metres: number): Micros => {
  // Only reachable with unvalidated input; NaN is the same "invalid" signal `toMicros` gives,
  // where BigInt() would throw.
  if (!Number.isSafeInteger(nanosPerKm) || !Number.isSafeInteger(metres)) return Number.NaN
  const product = nanosPerKm * metres
  if (product <= Number.MAX_SAFE_INTEGER) return divRoundHalfEven(product, 1_000_000)
  const p = BigInt(nanosPerKm) * BigInt(metres)
  const q = p / 1_000_000n
  const r = p % 1_000_000n
  const up = r * 2n > 1_000_000n || (r * 2n === 1_000_000n && q % 2n === 1n)
  return Number(up ? q + 1n : q)
}

/**
 * Integer division of a non-negative safe integer by a positive safe integer, rounding half
 * to even.
 *
 * @example divRoundHalfEven(2_500_000, 1_000_000) // 2
 */
export const divRoundHalfEven = (numerator: number, divisor: number): number => {
  // Exact by construction: `%` on doubles is exact, and (numerator − r) is an exact multiple
  // of divisor, so the quotient is an exact integer (a rounded numerator / divisor is not).
  const r = numerator % divisor
  const q = (numerator - r) / divisor
  const twice = r * 2
  if (twice > divisor || (twice === divisor && q % 2 === 1)) return q + 1
  return q
}

/** "000" … "999", and the same without trailing zeros ("", "1", "12", "123", "01", …). */
const DIGITS3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))
const TRIMMED3: readonly string[] = DIGITS3.map((d) => d.replace(/0+$/, ''))

/**
 * Formats micro-units as a plain decimal string with no exponent and no trailing zeros.
 * Exact for every integer a double holds (beyond 2^53 too), with no floating-point step.
 *
 * @example formatMicros(8759000) // '8.759'
 */
export const formatMicros = (micros: Micros): string => {
  if (!Number.isSafeInteger(micros)) {
    // An integer beyond 2^53 is still an exact integer: BigInt reads every digit of it, where
    // decimal.js would read the number's shortest decimal text (17 significant digits).
    if (!Number.isInteger(micros)) return new Decimal(micros).dividedBy(MICROS_PER_UNIT).toFixed()
    const big = BigInt(micros)
    const abs = big < 0n ? -big : big
    const frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '')
    return `${big < 0n ? '-' : ''}${abs / 1_000_000n}${frac === '' ? '' : `.${frac}`}`
  }
  const abs = Math.abs(micros)
  const frac = abs % MICROS_PER_UNIT
  const whole = (abs - frac) / MICROS_PER_UNIT
  const sign = micros < 0 ? '-' : ''
  if (frac === 0) return `${sign}${whole}`
  // The six fraction digits as two groups of three, from tables: plans and option lists
  // write a cost per leg, and padding plus a regular expression was most of that.
  const lo = frac % 1000
  const hi = (frac - lo) / 1000
  return lo === 0 ? `${sign}${whole}.${TRIMMED3[hi] as string}` : `${sign}${whole}.${DIGITS3[hi] as string}${TRIMMED3[lo] as string}`
}

