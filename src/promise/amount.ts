/**
 * Amounts on the promise's hot path. Most amounts are short decimals ("4.90", "1000"), which
 * parse exactly with integer arithmetic; anything else goes through the library's exact
 * (decimal.js) parser, which accepts the same strings and gives the same micro-units.
 *
 * @internal
 */
import { Amount } from '../model/primitives.js'
import { formatMicros, toMicros } from '../money.js'

const SHORT = /^(0|[1-9]\d{0,8})(?:\.(\d{1,6}))?$/

/** Micro-units of a valid amount string, or undefined when it is not one. */
export const amountMicros = (s: unknown): number | undefined => {
  if (typeof s !== 'string') return undefined
  const m = SHORT.exec(s)
  // ≤ 999,999,999.999999 units: below 2^53 micro-units, so exact.
  if (m !== null) return Number(m[1]) * 1_000_000 + (m[2] === undefined ? 0 : Number(m[2].padEnd(6, '0')))
  return Amount.is(s) ? toMicros(s) : undefined
}

/** "000" … "999", and the same without trailing zeros ("", "1", "12", "123", "01", …). */
const DIGITS3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))
const TRIMMED3: readonly string[] = DIGITS3.map((d) => d.replace(/0+$/, ''))

/**
 * `formatMicros(micros)` for the promise's hot path: each option writes its cost, and the
 * general writer's padding and regular expression were a tenth of a product-page call. The
 * fraction is written from tables of three digits; anything but a non-negative safe
 * integer goes to `formatMicros`. Tests hold the two equal.
 */
export const costText = (micros: number): string => {
  if (!(Number.isSafeInteger(micros) && micros >= 0)) return formatMicros(micros)
  const frac = micros % 1_000_000
  const whole = (micros - frac) / 1_000_000
  if (frac === 0) return String(whole)
  const lo = frac % 1000
  const hi = (frac - lo) / 1000
  return lo === 0 ? `${whole}.${TRIMMED3[hi] as string}` : `${whole}.${DIGITS3[hi] as string}${TRIMMED3[lo] as string}`
}
