/**
 * Amounts on the promise's hot path. Most amounts are short decimals ("4.90", "1000"), which
 * parse exactly with integer arithmetic; anything else goes through the library's exact
 * (decimal.js) parser, which accepts the same strings and gives the same micro-units. Costs
 * are written the same way: integer arithmetic for safe integers, `formatMicros` otherwise.
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

/**
 * `formatMicros(micros)` in one number-to-string conversion: a product page writes a cost
 * per option. Below 10^15 micro-units the decimal has at most 15 significant digits, so the
 * quotient's shortest round-trip text is that decimal exactly ("9.18", "0.000001").
 */
export const microsText = (micros: number): string =>
  Number.isSafeInteger(micros) && micros < 1e15 && micros > -1e15 ? String(micros / 1_000_000) : formatMicros(micros)
