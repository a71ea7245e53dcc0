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

const ZEROS = ['', '0', '00', '000', '0000', '00000']

/**
 * `formatMicros(micros)`, without the regular expression and padding it spends on every
 * call: a product page writes a cost per option.
 */
export const microsText = (micros: number): string => {
  if (!Number.isSafeInteger(micros)) return formatMicros(micros)
  const negative = micros < 0
  const abs = negative ? -micros : micros
  const whole = Math.floor(abs / 1_000_000)
  let frac = abs - whole * 1_000_000
  const sign = negative ? '-' : ''
  if (frac === 0) return `${sign}${whole}`
  // Trailing zeros dropped: `digits` places are left, the first ones zeros when frac is short.
  let digits = 6
  while (frac % 10 === 0) {
    frac /= 10
    digits--
  }
  const text = String(frac)
  return `${sign}${whole}.${ZEROS[digits - text.length] as string}${text}`
}
