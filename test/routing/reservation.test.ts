/** One reservation request per plan, whoever made the plan (routing, a batch, a promise option). */
import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect } from 'vitest'
import { ReserveRequest } from '../../src/model/stock.js'
import { reservationRequestOf } from '../../src/routing/reservation.js'

const allocation = fc.record(
  {
    node: fc.constantFrom('W1', 'S2', 'D3'),
    sku: fc.constantFrom('A', 'B'),
    quantity: fc.integer({ min: 1, max: 50 }),
    lineId: fc.constantFrom('1', '2', '3'),
    availableAt: fc.constantFrom('2026-12-23T08:00:00.000Z'),
  },
  { requiredKeys: ['node', 'sku', 'quantity', 'lineId'] },
)

describe('reservationRequestOf', () => {
  test.prop([fc.array(allocation, { maxLength: 6 }), fc.option(fc.constantFrom('2026-12-22T11:00:00.000Z'), { nil: undefined }), fc.option(fc.constantFrom('k-1'), { nil: undefined })])(
    'holds exactly the allocated units, line by line, and is a valid ReserveRequest document',
    (allocations, expiresAt, idempotencyKey) => {
      const plan = { orderId: 'o-1', channel: 'web', allocations }
      const request = reservationRequestOf(plan, { ...(expiresAt === undefined ? {} : { expiresAt }), ...(idempotencyKey === undefined ? {} : { idempotencyKey }) })
      expect(request.id).toBe('order:o-1')
      // Strictly: a member the plan or the terms leave out is absent, not present as undefined.
      expect(request.lines.map((l) => ({ ...l }))).toStrictEqual(allocations.map((a) => ({ ...a })))
      expect(Object.keys(request)).toStrictEqual(['id', 'orderId', 'channel', 'lines', ...(expiresAt === undefined ? [] : ['expiresAt']), ...(idempotencyKey === undefined ? [] : ['idempotencyKey'])])
      expect(request.expiresAt).toBe(expiresAt)
      expect(request.idempotencyKey).toBe(idempotencyKey)
      expect(E.isRight(ReserveRequest.decode(JSON.parse(JSON.stringify(request))))).toBe(true)
    },
  )
})
