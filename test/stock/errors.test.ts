import { describe, expect, it } from 'vitest'
import { duplicatePosition, insufficientStock, invalidInstant, unknownNode } from '../../src/stock/errors.js'

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
