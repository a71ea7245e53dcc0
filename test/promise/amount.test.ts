import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatMicros } from '../../src/money.js'
import { costText } from '../../src/promise/amount.js'

describe('costText', () => {
  it('writes every amount exactly as formatMicros does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: 100_000_000 }),
          fc.maxSafeInteger(),
          fc.integer({ min: -1_000_000, max: 1_000_000 }),
          fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 })).map(([m, e]) => m * 10 ** e),
          fc.double({ noNaN: false }),
        ),
        (micros) => {
          expect(costText(micros)).toBe(formatMicros(micros))
        },
      ),
      { numRuns: 20_000 },
    )
  })

  it('drops trailing zeros of the fraction and keeps leading ones', () => {
    expect(costText(0)).toBe('0')
    expect(costText(4_900_000)).toBe('4.9')
    expect(costText(4_090_000)).toBe('4.09')
    expect(costText(1)).toBe('0.000001')
    expect(costText(12_000_100)).toBe('12.0001')
    expect(costText(-2_500_000)).toBe('-2.5')
  })
})
