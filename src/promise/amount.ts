/**
 * Amounts on the promise's hot path. Most amounts are short decimals ("4.90", "1000"), which
 * parse exactly with integer arithmetic; anything else goes through the library's exact
 * (decimal.js) parser, which accepts the same strings and gives the same micro-units.
 *
 * @internal
 */
import { Amount } from '../model/primitives.js'
import { toMicros } from '../money.js'

const SHORT = /^(0|[1-9]\d{0,8})(?:\.(\d{1,6}))?$/

/** Micro-units of a valid amount string, or undefined when it is not one. */
export const amountMicros = (s: unknown): number | undefined => {
  if (typeof s !== 'string') return undefined
  const m = SHORT.exec(s)
  // ≤ 999,999,999.999999 units: below 2^53 micro-units, so exact.
  if (m !== null) return Number(m[1]) * 1_000_000 + (m[2] === undefined ? 0 : Number(m[2].padEnd(6, '0')))
  return Amount.is(s) ? toMicros(s) : undefined
}
