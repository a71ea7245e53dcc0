import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { customers } from '../../examples/sample-network.js'
import { loadSample, order } from '../../examples/setup.js'
import { decodeOrder } from '../../src/codecs/decode.js'
import { routeOrder } from '../../src/routing/route.js'

const now = '2026-11-27T09:00:00Z'
const sample = loadSample()
const lines = [{ id: '1', sku: 'LAMP', quantity: 1 }, { id: '2', sku: 'LAMP-TYPO', quantity: 2 }]
const shipTo = { method: 'ship', to: customers.grenoble }

describe('lines for SKUs outside the catalogue', () => {
  it('are an unknown-sku error at the line when the network lists its SKUs', () => {
    const r = routeOrder(sample.stock, order({ id: 'U-1', channel: 'web', lines, delivery: shipTo }), { now })
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'unknown-sku', path: '$.order.lines[1].sku' })
  })

  it('are left unfulfilled at the penalty when the order allows unknown SKUs', () => {
    const r = routeOrder(sample.stock, order({ id: 'U-2', channel: 'web', lines, delivery: shipTo, allowUnknownSkus: true, unfulfilledPenalty: '30' }), { now })
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    expect(r.right.unfulfilled).toEqual([{ lineId: '2', sku: 'LAMP-TYPO', quantity: 2 }])
    expect(r.right.penaltyCost).toBe('60')
  })

  it('are routed as today when the network has no catalogue', () => {
    const bare = loadSample({ ...sample.doc, skus: undefined }, sample.snapshot)
    const r = routeOrder(bare.stock, order({ id: 'U-3', channel: 'web', lines, delivery: shipTo }), { now })
    expect(E.isRight(r) && r.right.unfulfilled).toEqual([{ lineId: '2', sku: 'LAMP-TYPO', quantity: 2 }])
  })

  it('allowUnknownSkus is part of the order document', () => {
    expect(E.isRight(decodeOrder({ id: 'U-4', channel: 'web', lines, delivery: shipTo, allowUnknownSkus: true }))).toBe(true)
    expect(E.isLeft(decodeOrder({ id: 'U-4', channel: 'web', lines, delivery: shipTo, allowUnknownSkus: 'yes' }))).toBe(true)
  })
})
