import { describe, expect, it } from 'vitest'
import {
  duplicateLot,
  duplicatePosition,
  duplicateReservation,
  idempotencyConflict,
  insufficientStock,
  invalidInstant,
  notLive,
  unknownLot,
  unknownNode,
  unknownReservation,
} from '../../src/stock/errors.js'

describe('stock errors', () => {
  it('are tagged values whose message names the path and the facts', () => {
    expect(insufficientStock('paris-1', 'sku-1', 5, 2, '$.lines[0].quantity')).toEqual({
      _tag: 'insufficient-stock',
      message: '$.lines[0].quantity: paris-1 has 2 of sku-1 to promise, 5 requested',
      node: 'paris-1',
      sku: 'sku-1',
      requested: 5,
      available: 2,
      path: '$.lines[0].quantity',
    })
    expect(unknownNode('x')).not.toHaveProperty('path')
    expect(unknownNode('x', '$.rows[3].node').message).toBe('$.rows[3].node: no node "x" in the network')
    expect(duplicatePosition('a', 'b', '$.rows[1]').message).toContain('$.rows[1]')
    expect(invalidInstant(42, 'now')).toMatchObject({ value: '42', path: 'now' })
  })
})

describe('the errors of reservations and lots', () => {
  it('name the reservation or lot, and the request’s path where there is one', () => {
    expect(unknownReservation('r-9')).toEqual({ _tag: 'unknown-reservation', message: 'no reservation "r-9"', reservation: 'r-9' })
    expect(idempotencyConflict('k-1', 'r-1')).toEqual({
      _tag: 'idempotency-conflict',
      message: 'idempotency key "k-1" was used for reservation r-1 with a different request',
      idempotencyKey: 'k-1',
      reservation: 'r-1',
    })
    expect(duplicateReservation('r-1', '$.id')).toEqual({ _tag: 'duplicate-reservation', message: '$.id: reservation "r-1" already exists', reservation: 'r-1', path: '$.id' })
    expect(duplicateReservation('r-1')).toEqual({ _tag: 'duplicate-reservation', message: 'reservation "r-1" already exists', reservation: 'r-1' })
    expect(unknownLot('po-1')).toEqual({ _tag: 'unknown-lot', message: 'no inbound lot "po-1"', lot: 'po-1' })
    expect(duplicateLot('po-1', '$.inbound[2].id')).toEqual({ _tag: 'duplicate-lot', message: '$.inbound[2].id: inbound lot "po-1" already exists', lot: 'po-1', path: '$.inbound[2].id' })
    expect(notLive('r-1', 'fulfilled')).toEqual({ _tag: 'not-live', message: 'reservation r-1 is fulfilled, no longer live', reservation: 'r-1', status: 'fulfilled' })
  })
})
