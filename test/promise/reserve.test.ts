/**
 * Checkout from a promise option (src/promise/reserve.ts): the reservation request holds
 * exactly the option's allocations, with the caller's id, expiry and idempotency key when
 * given and the option's own defaults otherwise.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { customers } from '../../examples/sample-network.js'
import { loadSample } from '../../examples/setup.js'
import { decodePromiseRequest } from '../../src/codecs/decode.js'
import { optionReservation, promiseOptions, reserveOption, type PromiseOption } from '../../src/promise/index.js'

const now = '2026-11-27T09:00:00Z'
const sample = loadSample()

/** The lamp's options for a shopper in Lyon; `method` (and `node`) picks one. */
const lampOption = (method: PromiseOption['method'], node?: string): PromiseOption => {
  const request = decodePromiseRequest({ channel: 'web', now, location: customers.lyonPresquile, sku: 'LAMP', orderId: 'o-7' })
  if (E.isLeft(request)) throw new Error(request.left.message)
  const options = promiseOptions(sample.stock, request.right, {})
  if (E.isLeft(options)) throw new Error(JSON.stringify(options.left))
  const found = options.right.find((o) => o.method === method && (node === undefined || o.node === node))
  if (found === undefined) throw new Error(`no ${method} option`)
  return found
}

describe('the reservation an option asks for', () => {
  it('reserve-in-store: its allocations, id order:<orderId>, expiring when the hold ends, no key', () => {
    const o = lampOption('reserve-in-store', 'S-LYON-PART-DIEU')
    expect(o.holdUntil).toBeDefined()
    expect(optionReservation(o, { now })).toEqual({
      id: 'order:o-7',
      orderId: 'o-7',
      channel: 'web',
      lines: [{ node: 'S-LYON-PART-DIEU', sku: 'LAMP', quantity: 1, lineId: '1' }],
      expiresAt: o.holdUntil,
    })
  })

  it('the caller’s id, expiry and idempotency key win', () => {
    const o = lampOption('reserve-in-store', 'S-LYON-PART-DIEU')
    const r = optionReservation(o, { now, reservationId: 'r-1', expiresAt: '2026-11-27T10:00:00Z', idempotencyKey: 'k-1' })
    expect(r).toMatchObject({ id: 'r-1', orderId: 'o-7', expiresAt: '2026-11-27T10:00:00Z', idempotencyKey: 'k-1' })
  })

  it('a delivery option has no hold: no expiry unless the caller gives one', () => {
    const o = lampOption('ship')
    expect(o.holdUntil).toBeUndefined()
    const r = optionReservation(o, { now })
    expect(r.id).toBe('order:o-7')
    expect('expiresAt' in r).toBe(false)
    expect('idempotencyKey' in r).toBe(false)
    expect(r.lines).toEqual(o.plan.allocations.map((a) => ({ node: a.node, sku: a.sku, quantity: a.quantity, lineId: a.lineId })))
  })

  it('holding it twice with one key changes nothing the second time', () => {
    const o = lampOption('reserve-in-store', 'S-LYON-PART-DIEU')
    const first = reserveOption(sample.stock, o, { now, idempotencyKey: 'k-2' })
    if (E.isLeft(first)) throw new Error(JSON.stringify(first.left))
    expect(first.right.reservation.id).toBe('order:o-7')
    const again = reserveOption(first.right.state, o, { now, idempotencyKey: 'k-2' })
    if (E.isLeft(again)) throw new Error(JSON.stringify(again.left))
    expect(again.right.events).toEqual([])
    expect(again.right.reservation).toEqual(first.right.reservation)
  })
})
