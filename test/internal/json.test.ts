import { test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseJson, sameJson, withoutByteOrderMark } from '../../src/internal/json.js'
import { propertyParameters } from '../support/properties.js'

describe('parseJson', () => {
  test.prop([fc.jsonValue()])('reads any JSON text, with or without a byte-order mark', (value) => {
    const text = JSON.stringify(value)
    const plain = parseJson(text)
    expect(plain).toEqual(E.right(JSON.parse(text)))
    expect(parseJson(`\uFEFF${text}`)).toEqual(plain)
  })

  test('a byte-order mark is skipped once, at the start only; anything else not JSON is an error', () => {
    expect(withoutByteOrderMark('\uFEFF\uFEFF1')).toBe('\uFEFF1')
    expect(E.isLeft(parseJson('\uFEFF\uFEFF1'))).toBe(true)
    expect(E.isLeft(parseJson('[1,\uFEFF2]'))).toBe(true)
    expect(parseJson('{')).toMatchObject(E.left({ _tag: 'invalid-json', path: '$' }))
    expect(parseJson('')).toMatchObject(E.left({ _tag: 'invalid-json' }))
  })
})

/** The same JSON value with every object's keys in reverse order. */
const reordered = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(reordered)
  if (typeof v !== 'object' || v === null) return v
  return Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reordered((v as Record<string, unknown>)[k])]))
}

describe('sameJson', () => {
  it('ignores key order, at any depth', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true)
    expect(sameJson({ x: { a: [1, { c: 3, d: 4 }], b: null } }, { x: { b: null, a: [1, { d: 4, c: 3 }] } })).toBe(true)
  })

  it('an added key makes a different value, on either side and at any depth', () => {
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false)
    expect(sameJson({ a: 1, b: 2 }, { a: 1 })).toBe(false)
    expect(sameJson({ a: { b: 1 } }, { a: { b: 1, c: null } })).toBe(false)
    expect(sameJson([{ a: 1 }], [{ a: 1, b: false }])).toBe(false)
    expect(sameJson({}, { a: 0 })).toBe(false)
  })

  it('a removed or renamed key makes a different value even when the counts match', () => {
    expect(sameJson({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false)
    expect(sameJson({ a: 1, b: undefined }, { c: 1 })).toBe(false)
    expect(sameJson({ a: 1 }, {})).toBe(false)
  })

  it('a key holding undefined counts as absent, on either side', () => {
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true)
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(true)
    expect(sameJson({ a: undefined }, {})).toBe(true)
    expect(sameJson({ a: undefined }, { a: null })).toBe(false)
    expect(sameJson({ a: 1, b: undefined }, { a: 1, c: 2 })).toBe(false)
  })

  it('arrays compare element by element, in order, nested too', () => {
    expect(sameJson([1, [2, [3]]], [1, [2, [3]]])).toBe(true)
    expect(sameJson([1, [2, [3]]], [1, [2, [4]]])).toBe(false)
    expect(sameJson([1, 2], [2, 1])).toBe(false)
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false)
    expect(sameJson([1, 2, 3], [1, 2])).toBe(false)
    expect(sameJson([], {})).toBe(false)
    expect(sameJson({}, [])).toBe(false)
    expect(sameJson({ 0: 'a' }, ['a'])).toBe(false)
  })

  it('scalars compare by value and type', () => {
    expect(sameJson('1', 1)).toBe(false)
    expect(sameJson(null, {})).toBe(false)
    expect(sameJson({}, null)).toBe(false)
    expect(sameJson(null, null)).toBe(true)
    expect(sameJson(0, false)).toBe(false)
    expect(sameJson({ a: '2' }, { a: 2 })).toBe(false)
  })

  it('a value is the same as its JSON round trip with its keys reordered', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(sameJson(v, JSON.parse(JSON.stringify(v)))).toBe(true)
        expect(sameJson(v, reordered(v))).toBe(true)
        expect(sameJson(reordered(v), v)).toBe(true)
      }),
      propertyParameters({ numRuns: 300 }),
    )
  })

  it('adding a key to any object makes a different value, both ways round', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), fc.string(), fc.jsonValue({ maxDepth: 1 }), (o, k, extra) => {
        fc.pre(!Object.prototype.hasOwnProperty.call(o, k))
        const bigger = { ...o, [k]: extra }
        expect(sameJson(o, bigger)).toBe(false)
        expect(sameJson(bigger, o)).toBe(false)
      }),
      propertyParameters({ numRuns: 300 }),
    )
  })
})
