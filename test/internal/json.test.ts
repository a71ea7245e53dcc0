import { test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect } from 'vitest'
import { parseJson, sameJson, withoutByteOrderMark } from '../../src/internal/json.js'

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

describe('sameJson', () => {
  test.prop([fc.jsonValue()])('a value is the same as its JSON round trip', (value) => {
    expect(sameJson(value, JSON.parse(JSON.stringify(value)))).toBe(true)
  })
  test('ignores key order and undefined keys, not values', () => {
    expect(sameJson({ a: 1, b: [2] }, { b: [2], a: 1, c: undefined })).toBe(true)
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false)
  })
})
