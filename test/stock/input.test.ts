import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseInstant } from '../../src/time.js'
import { MAX_QUANTITY, isQuantity, isRecord, parseNow } from '../../src/stock/input.js'

describe('command input checks', () => {
  it('accept whole quantities from a minimum to the bound only', () => {
    expect(isQuantity(0, 0)).toBe(true)
    expect(isQuantity(0, 1)).toBe(false)
    expect(isQuantity(MAX_QUANTITY, 1)).toBe(true)
    for (const bad of [MAX_QUANTITY + 1, -1, 1.5, Number.NaN, Infinity, '3', null, undefined]) expect(isQuantity(bad, 0)).toBe(false)
    expect(isRecord({})).toBe(true)
    expect(isRecord(null)).toBe(false)
    expect(isRecord('x')).toBe(false)
  })

  it('parse now like parseInstant, whatever the order of calls (the memo is invisible)', () => {
    const text = fc.oneof(
      fc.constantFrom('2026-11-27T09:30:00Z', '2026-11-27T10:30:00+01:00', 'yesterday', '', '2026-13-01T00:00:00Z'),
      fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
    )
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), (texts) => {
        for (const t of texts) {
          const got = parseNow(t)
          const want = parseInstant(t)
          if (want === undefined) expect(E.isLeft(got) && got.left).toMatchObject({ _tag: 'invalid-instant', path: 'now' })
          else expect(got).toEqual(E.right(want))
        }
      }),
    )
    expect(E.isLeft(parseNow(42 as unknown as string))).toBe(true)
  })

  it('refuse a now that is not a string, even one whose text reads as an instant', () => {
    const disguised = { toString: () => '2026-11-27T09:30:00Z' } as unknown as string
    expect(parseNow(disguised)).toMatchObject({ _tag: 'Left', left: { _tag: 'invalid-instant', path: 'now' } })
  })
})
