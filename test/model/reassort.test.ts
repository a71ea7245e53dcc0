import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, test } from 'vitest'
import { decodeRebalanceDocument } from '../../src/codecs/decode.js'
import { rebalanceDocument, suggestTransfers } from '../../src/reassort/transfers.js'
import type { RebalanceDocument } from '../../src/model/reassort.js'

const costs = { package: '5', unit: '0.5', perUnitKm: '0.002' }
const valid = {
  now: '2026-11-27T09:00:00Z',
  nodes: [
    { id: 'A', kind: 'store', location: { lat: 48.85, lon: 2.35 }, costs },
    { id: 'B', kind: 'store', location: { lat: 45.76, lon: 4.84 }, costs },
  ],
  skus: [{ id: 'X' }],
  stock: [{ node: 'A', sku: 'X', onHand: 5 }],
  demand: [{ node: 'B', sku: 'X', mean: 3 }],
  margins: [{ sku: 'X', margin: '12.5' }],
}

const pathsOf = (doc: unknown): string[] => {
  const r = rebalanceDocument(doc)
  if (E.isRight(r)) return []
  const e = r.left
  return 'issues' in e ? e.issues.map((i) => i.path) : ['path' in e ? (e.path ?? '') : '']
}

describe('decodeRebalanceDocument', () => {
  test('a valid document decodes and gives a suggestion', () => {
    expect(E.isRight(decodeRebalanceDocument(valid))).toBe(true)
    expect(E.isRight(rebalanceDocument(valid))).toBe(true)
  })

  test.each([
    ['a negative mean', { demand: [{ node: 'B', sku: 'X', mean: -1 }] }, '$.demand[0].mean'],
    ['a mean that is not a number', { demand: [{ node: 'B', sku: 'X', mean: '3' }] }, '$.demand[0].mean'],
    ['an infinite mean', { demand: [{ node: 'B', sku: 'X', mean: 1e400 }] }, '$.demand[0].mean'],
    ['a negative margin', { margins: [{ sku: 'X', margin: '-2' }] }, '$.margins[0].margin'],
    ['a margin with 7 decimals', { margins: [{ sku: 'X', margin: '1.0000001' }] }, '$.margins[0].margin'],
    ['a negative maxLanes', { options: { maxLanes: -1 } }, '$.options.maxLanes'],
    ['a zero minUnitsPerLane', { options: { minUnitsPerLane: 0 } }, '$.options.minUnitsPerLane'],
    ['a fractional budget', { options: { budget: 2.5 } }, '$.options.budget'],
    ['an unknown option', { options: { maxLane: 2 } }, '$.options.maxLane'],
    ['a missing now', { now: undefined }, '$.now'],
  ])('%s is refused at its path', (_, change, path) => {
    const doc = { ...valid, ...change }
    const r = decodeRebalanceDocument(doc)
    expect(E.isLeft(r)).toBe(true)
    if (E.isLeft(r)) expect(r.left.issues.map((i) => i.path)).toContain(path)
  })

  test.each([
    ['an unknown node in a forecast', { demand: [{ node: 'Z', sku: 'X', mean: 1 }] }, '$.demand[0].node', 'unknown-node'],
    ['an SKU outside the catalogue in a forecast', { demand: [{ node: 'B', sku: 'Y', mean: 1 }] }, '$.demand[0].sku', 'unknown-sku'],
    ['an SKU outside the catalogue in a margin', { margins: [{ sku: 'X', margin: '1' }, { sku: 'Y', margin: '1' }] }, '$.margins[1].sku', 'unknown-sku'],
    ['a forecast SKU without a margin', { margins: [] }, '$.demand[0].sku', 'invalid-input'],
    ['a forecast given twice', { demand: [{ node: 'B', sku: 'X', mean: 1 }, { node: 'B', sku: 'X', mean: 2 }] }, '$.demand[1]', 'invalid-input'],
    ['a margin given twice', { margins: [{ sku: 'X', margin: '1' }, { sku: 'X', margin: '2' }] }, '$.margins[1].sku', 'invalid-input'],
    ['a stock row at an unknown node', { stock: [{ node: 'Q', sku: 'X', onHand: 1 }] }, '$.stock[0].node', 'unknown-node'],
  ])('%s is a typed error naming its path', (_, change, path, tag) => {
    const r = rebalanceDocument({ ...valid, ...change })
    expect(E.isLeft(r)).toBe(true)
    if (E.isLeft(r)) expect(r.left._tag).toBe(tag)
    expect(pathsOf({ ...valid, ...change })).toContain(path)
  })

  test('options built in code are checked too: a bad budget or maxLanes is an invalid-input naming the option', () => {
    const doc = valid as unknown as RebalanceDocument
    const bad = suggestTransfers(doc, { budget: 0 })
    expect(E.isLeft(bad) && bad.left._tag === 'invalid-input' && bad.left.path).toBe('budget')
    const lanes = suggestTransfers({ ...doc, options: { maxLanes: -2 } } as unknown as RebalanceDocument)
    expect(E.isLeft(lanes) && lanes.left._tag === 'invalid-input' && lanes.left.path).toBe('$.options.maxLanes')
  })

  test('hostile input never throws', () => {
    for (const x of [null, 1, 'x', [], { ...valid, nodes: null }, { ...valid, demand: [null] }]) expect(() => rebalanceDocument(x)).not.toThrow()
  })
})
