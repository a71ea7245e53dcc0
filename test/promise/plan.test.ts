import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { instantText } from '../../src/promise/plan.js'
import { formatInstant } from '../../src/time.js'

describe('instantText', () => {
  it('writes every instant exactly as formatInstant does', () => {
    const base = Date.UTC(2026, 10, 27, 9, 30)
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: base - 3 * 86_400_000, max: base + 30 * 86_400_000 }),
          fc.integer({ min: -62_167_219_200_000 - 86_400_000, max: 253_402_300_799_999 + 86_400_000 }),
          fc.integer({ min: -10_000, max: 10_000 }),
          fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }),
        ),
        (ms) => {
          expect(instantText(ms)).toBe(formatInstant(ms))
          // Again, from what was kept.
          expect(instantText(ms)).toBe(formatInstant(ms))
        },
      ),
      { numRuns: 20_000 },
    )
  })
})
