/**
 * Promise calls for tests that build a call's context directly, as the promise's internal
 * callers do: the request's fields over a web shopper in Lyon on 27 November 2026 at 09:00
 * UTC, not decoded, so that the context's own checks are reached.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { PromiseRequest } from '../../src/model/promise.js'
import { promiseContext, type PromiseContext } from '../../src/promise/context.js'
import type { PromiseOptions } from '../../src/promise/types.js'
import type { StockState } from '../../src/stock/index.js'
import { LYON_POINT } from './network.js'

/** The request `fields` make over the default shopper (channel `web`, in Lyon, at 09:00 UTC). */
export const promiseRequest = (fields: Record<string, unknown>): PromiseRequest =>
  ({ channel: 'web', now: '2026-11-27T09:00:00Z', location: LYON_POINT, ...fields }) as unknown as PromiseRequest

/** The context of a call for `fields` on `stock`; a request or options it rejects fail the test with the error. */
export const contextFor = (stock: StockState, fields: Record<string, unknown>, options: PromiseOptions = {}): PromiseContext => {
  const c = promiseContext(stock, promiseRequest(fields), options)
  if (E.isLeft(c)) throw new Error(JSON.stringify(c.left))
  return c.right
}
