/**
 * Checks on command arguments that the codecs normally guarantee but that a caller may bypass
 * (a value built in code, a cast): quantities and the caller's `now`. They return data, never
 * throw.
 */
import * as E from 'fp-ts/lib/Either.js'
import { MAX_QUANTITY } from '../money.js'
import { parseInstant } from '../time.js'
import { type StockError, invalidInstant, timeWentBack } from './errors.js'
import type { StockState } from './types.js'

/**
 * Largest quantity a row, lot or command may carry: the codecs' Quantity bound (1,000,000),
 * defined once in `money`.
 *
 * @example isQuantity(MAX_QUANTITY + 1, 0) // false
 */
export { MAX_QUANTITY }

/**
 * True when `n` is a whole number of units between `min` and the quantity bound.
 *
 * @example isQuantity(3, 1) // true; isQuantity(2.5, 1) // false
 * @internal
 */
export const isQuantity = (n: unknown, min: number): n is number =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= min && n <= MAX_QUANTITY

/**
 * True when `x` is a non-null object (a document a command can read fields of).
 *
 * @example isRecord({}) // true; isRecord(null) // false
 * @internal
 */
export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null

/**
 * The caller's `now` as epoch ms, or an `invalid-instant` error at path `now`.
 *
 * @example parseNow('2026-11-27T09:30:00Z') // Right(1795771800000)
 * @internal
 */
export const parseNow = (now: string): E.Either<StockError, number> => {
  const ms = typeof now === 'string' ? parseInstant(now) : undefined
  return ms === undefined ? E.left(invalidInstant(now, 'now')) : E.right(ms)
}

/**
 * The caller's `now` as epoch ms, when it is an instant no earlier than the state's last
 * event: `invalid-instant` otherwise, or `time-went-back` (a confirm at 07:00 of a
 * reservation made at 11:00 would rewrite history, and expiry and ATP at an instant depend
 * on commands arriving in time order). The same instant as the last event is fine.
 *
 * @example parseNowAfter(state, '2026-11-27T07:00:00Z') // Left({ _tag: 'time-went-back', last: '2026-11-27T11:00:00Z', now: '2026-11-27T07:00:00Z', … })
 * @internal
 */
export const parseNowAfter = (state: StockState, now: string): E.Either<StockError, number> => {
  const parsed = parseNow(now)
  if (E.isRight(parsed) && parsed.right < state.lastEventMs) return E.left(timeWentBack(state.lastEventAt, now))
  return parsed
}
