import { test } from '@fast-check/vitest'
import Decimal from 'decimal.js'
import * as fc from 'fast-check'
import { afterEach, describe, expect } from 'vitest'
import {
  AMOUNT_SCALE,
  MAX_AMOUNT,
  MAX_AMOUNT_MICROS,
  MAX_RATE,
  MAX_RATE_NANOS_PER_KM,
  MICROS_PER_UNIT,
  RATE_SCALE,
  distanceCostMicros,
  divRoundHalfEven,
  formatMicros,
  isScaledDecimal,
  parseScaled,
  rateToNanosPerKm,
  toMicros,
} from '../src/money.js'
import { propertyParameters } from './support/properties.js'

/** Exact reference arithmetic, independent of the code under test. */
const Exact = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_EVEN })

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** A canonical decimal string for `units` (scaled integer) at `scale`: what a well-behaved caller sends. */
const decimalOf = (scaled: bigint, scale: number): string => new Exact(scaled.toString()).dividedBy(new Exact(10).pow(scale)).toFixed()

/** Any valid decimal text with at most `scale` places, written with optional trailing zeros. */
const validDecimalArb = (scale: number) =>
  fc
    .tuple(fc.bigInt({ min: 0n, max: MAX_SAFE }), fc.integer({ min: 0, max: scale }), fc.boolean())
    .map(([scaled, places, padded]) => {
      // Keep `places` decimals of the value (drop the rest), then optionally write it with
      // trailing zeros up to `places`, which is still at most `scale` decimals.
      const unit = 10n ** BigInt(scale - places)
      const v = (scaled / unit) * unit
      const text = new Exact(v.toString()).dividedBy(new Exact(10).pow(scale)).toFixed(padded ? places : undefined)
      return { text, scaled: v }
    })

const half = (n: bigint, d: bigint): bigint => {
  const q = n / d
  const r = n % d
  return r * 2n > d || (r * 2n === d && q % 2n === 1n) ? q + 1n : q
}

describe('parseScaled', () => {
  test.prop([validDecimalArb(AMOUNT_SCALE)])('parses every valid amount exactly', ({ text, scaled }) => {
    const r = parseScaled(text, AMOUNT_SCALE)
    expect(r).toEqual({ ok: true, value: Number(scaled) })
    expect(isScaledDecimal(text, AMOUNT_SCALE)).toBe(true)
  })

  test.prop([validDecimalArb(RATE_SCALE)])('parses every valid rate exactly', ({ text, scaled }) => {
    expect(parseScaled(text, RATE_SCALE)).toEqual({ ok: true, value: Number(scaled) })
    expect(rateToNanosPerKm(text)).toBe(Number(scaled))
  })

  test.prop([fc.bigInt({ min: 1n, max: MAX_SAFE })])('rejects every negative amount', (scaled) => {
    const text = `-${decimalOf(scaled, AMOUNT_SCALE)}`
    expect(parseScaled(text, AMOUNT_SCALE).ok).toBe(false)
    expect(Number.isNaN(toMicros(text))).toBe(true)
  })

  test.prop([fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: -20, max: 20 }), fc.constantFrom('e', 'E')])(
    'rejects exponent notation, even when it denotes a valid amount',
    (mantissa, exponent, e) => {
      expect(parseScaled(`${mantissa}${e}${exponent}`, AMOUNT_SCALE).ok).toBe(false)
      expect(parseScaled(`1.5${e}+${Math.abs(exponent)}`, AMOUNT_SCALE).ok).toBe(false)
    },
  )

  test.prop([fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 30 })])(
    'rejects more than 6 significant decimal places',
    (whole, lastDigit, extra) => {
      // The last written digit is non-zero, so the value really has 6 + extra places.
      const text = `${whole}.${'0'.repeat(AMOUNT_SCALE + extra - 1)}${lastDigit}`
      const r = parseScaled(text, AMOUNT_SCALE)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.reason).toMatch(/at most 6 decimal places/)
    },
  )

  test.prop([fc.bigInt({ min: MAX_SAFE + 1n, max: 10n ** 40n }), fc.constantFrom(AMOUNT_SCALE, RATE_SCALE)])(
    'rejects amounts too large to be exact in micro-units',
    (scaled, scale) => {
      const r = parseScaled(decimalOf(scaled, scale), scale)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.reason).toMatch(/small enough/)
    },
  )

  test('accepts the largest exact amount and rejects the next one', () => {
    expect(toMicros('9007199254.740991')).toBe(Number.MAX_SAFE_INTEGER)
    expect(parseScaled('9007199254.740992', AMOUNT_SCALE).ok).toBe(false)
    expect(parseScaled(`1${'0'.repeat(400)}`, AMOUNT_SCALE).ok).toBe(false)
  })

  test.each([
    '',
    ' 1',
    '1 ',
    '+1',
    '.5',
    '5.',
    '01',
    '00.1',
    '1,5',
    '1_000',
    '0x10',
    'NaN',
    'Infinity',
    '-0',
    '١٢',
    '1.2.3',
  ])('rejects %j', (text) => {
    expect(parseScaled(text, AMOUNT_SCALE).ok).toBe(false)
  })

  test.prop([fc.string()])('never throws and accepts only plain decimals', (text) => {
    const r = parseScaled(text, AMOUNT_SCALE)
    if (r.ok) expect(text).toMatch(/^(0|[1-9]\d*)(\.\d+)?$/)
  })

  test('is not affected by the application changing the shared decimal.js settings', () => {
    Decimal.set({ precision: 3, rounding: Decimal.ROUND_DOWN })
    expect(toMicros('8.759123')).toBe(8_759_123)
    expect(rateToNanosPerKm('0.000336001')).toBe(336_001)
    expect(formatMicros(8_759_123)).toBe('8.759123')
  })

  afterEach(() => {
    Decimal.set({ precision: 20, rounding: Decimal.ROUND_HALF_UP })
  })
})

describe('toMicros / formatMicros', () => {
  test('examples', () => {
    expect(toMicros('8.759')).toBe(8_759_000)
    expect(toMicros('0.423')).toBe(423_000)
    expect(toMicros('0')).toBe(0)
    expect(toMicros('0.000001')).toBe(1)
    expect(formatMicros(8_759_000)).toBe('8.759')
    expect(formatMicros(0)).toBe('0')
    expect(formatMicros(1)).toBe('0.000001')
    expect(formatMicros(MICROS_PER_UNIT * 12)).toBe('12')
    expect(formatMicros(Number.MAX_SAFE_INTEGER)).toBe('9007199254.740991')
    expect(formatMicros(-1_500_000)).toBe('-1.5')
  })

  test.prop([validDecimalArb(AMOUNT_SCALE)])('formatMicros ∘ toMicros is the same number, canonically written', ({ text }) => {
    const back = formatMicros(toMicros(text))
    expect(new Exact(back).equals(new Exact(text))).toBe(true)
    expect(back).toBe(new Exact(text).toFixed())
    expect(back).not.toMatch(/e/i)
  })

  test.prop([fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })])('toMicros ∘ formatMicros is the identity', (micros) => {
    expect(toMicros(formatMicros(micros))).toBe(micros)
  })

  test.prop([fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER })])(
    'formatMicros equals the exact decimal quotient',
    (micros) => {
      expect(formatMicros(micros)).toBe(new Exact(micros).dividedBy(MICROS_PER_UNIT).toFixed())
    },
  )
})

describe('divRoundHalfEven', () => {
  test('examples', () => {
    expect(divRoundHalfEven(2_500_000, 1_000_000)).toBe(2)
    expect(divRoundHalfEven(3_500_000, 1_000_000)).toBe(4)
    expect(divRoundHalfEven(2_500_001, 1_000_000)).toBe(3)
    expect(divRoundHalfEven(2_499_999, 1_000_000)).toBe(2)
    expect(divRoundHalfEven(0, 7)).toBe(0)
    expect(divRoundHalfEven(Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER)
    expect(divRoundHalfEven(Number.MAX_SAFE_INTEGER, 2)).toBe(4_503_599_627_370_496)
  })

  test.prop([
    fc.oneof(
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: Number.MAX_SAFE_INTEGER - 10_000_000, max: Number.MAX_SAFE_INTEGER }),
    ),
    fc.oneof(fc.integer({ min: 1, max: 10 }), fc.constant(1_000_000), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
  ])('equals exact BigInt division with half-even rounding', (n, d) => {
    expect(divRoundHalfEven(n, d)).toBe(Number(half(BigInt(n), BigInt(d))))
  })

  test.prop([fc.integer({ min: 0, max: 4_000_000_000 }), fc.integer({ min: 1, max: 500_000 }).map((h) => 2 * h)])(
    'rounds exact halves to the even neighbour',
    (q, d) => {
      const r = divRoundHalfEven(q * d + d / 2, d)
      expect(r % 2).toBe(0)
      expect(Math.abs(r - (q + 0.5))).toBe(0.5)
    },
  )
})

describe('distanceCostMicros', () => {
  const exactCost = (nanosPerKm: number, metres: number): number => {
    // nanos/km × m = 1e-9 units/km × 1e-3 km = 1e-12 units = 1e-6 micros.
    const micros = new Exact(nanosPerKm).times(metres).dividedBy(1_000_000)
    return micros.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber()
  }

  test('examples', () => {
    // 0.000336 per unit per km over 391.5 km is 0.131544 per unit.
    expect(distanceCostMicros(rateToNanosPerKm('0.000336'), 391_500)).toBe(131_544)
    expect(distanceCostMicros(0, 20_000_000)).toBe(0)
    expect(distanceCostMicros(1, 500_000)).toBe(0) // 0.5 micros → even (0)
    expect(distanceCostMicros(3, 500_000)).toBe(2) // 1.5 micros → even (2)
    expect(distanceCostMicros(1, 500_001)).toBe(1)
  })

  test.prop([fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 20_100_000 })])(
    'equals the exact half-even result for realistic rates and distances',
    (nanos, metres) => {
      expect(distanceCostMicros(nanos, metres)).toBe(exactCost(nanos, metres))
    },
  )

  test.prop([
    fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    fc.integer({ min: 1, max: 20_100_000 }),
  ])('is exact for products beyond 2^53', (nanos, metres) => {
    const product = BigInt(nanos) * BigInt(metres)
    fc.pre(product > 2n ** 53n)
    expect(distanceCostMicros(nanos, metres)).toBe(Number(half(product, 1_000_000n)))
    expect(distanceCostMicros(nanos, metres)).toBe(exactCost(nanos, metres))
  })

  test('exact halves beyond 2^53 round to the even neighbour', () => {
    // 18_014_398_511 × 500_000 = 9_007_199_255_500_000 > 2^53: exactly 9_007_199_255.5 micros.
    expect(BigInt(18_014_398_511) * 500_000n > 2n ** 53n).toBe(true)
    expect(distanceCostMicros(18_014_398_511, 500_000)).toBe(9_007_199_256)
    // … and 9_007_199_256.5 micros stays at the even 9_007_199_256.
    expect(distanceCostMicros(18_014_398_513, 500_000)).toBe(9_007_199_256)
  })

  test('returns NaN rather than throwing on invalid (unvalidated) inputs', () => {
    expect(distanceCostMicros(Number.NaN, 1000)).toBeNaN()
    expect(distanceCostMicros(rateToNanosPerKm('bad'), 2 ** 60)).toBeNaN()
    expect(distanceCostMicros(1.5, 2 ** 60)).toBeNaN()
  })
})

describe('formatMicros against decimal.js', () => {
  test('writes every safe integer as Decimal would: no exponent, no trailing zeros, leading zeros kept', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: 100_000_000 }),
          fc.maxSafeInteger(),
          fc.integer({ min: -1_000_000, max: 1_000_000 }),
          fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 })).map(([m, e]) => m * 10 ** e),
          fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        ),
        (micros) => {
          expect(formatMicros(micros)).toBe(new Decimal(micros).dividedBy(1_000_000).toFixed())
        },
      ),
      propertyParameters({ numRuns: 20_000 }),
    )
    for (const [m, text] of [[0, '0'], [4_900_000, '4.9'], [4_090_000, '4.09'], [1, '0.000001'], [12_000_100, '12.0001'], [-2_500_000, '-2.5']] as const) {
      expect(formatMicros(m)).toBe(text)
    }
  })
})

describe('the documented limits and the edges of the exact paths', () => {
  test('each limit is the same number as text and inside (10^9 units = 10^15 micros, 10^3 per km = 10^12 nanos)', () => {
    expect(MAX_AMOUNT).toBe('1000000000')
    expect(MAX_AMOUNT_MICROS).toBe(1e15)
    expect(toMicros(MAX_AMOUNT)).toBe(MAX_AMOUNT_MICROS)
    expect(MAX_RATE).toBe('1000')
    expect(MAX_RATE_NANOS_PER_KM).toBe(1e12)
    expect(rateToNanosPerKm(MAX_RATE)).toBe(MAX_RATE_NANOS_PER_KM)
  })

  test('a refusal says what was expected', () => {
    expect(parseScaled('8,75', AMOUNT_SCALE)).toEqual({ ok: false, reason: 'a non-negative decimal string such as "8.759"' })
    expect(parseScaled('1.1234567', AMOUNT_SCALE)).toEqual({ ok: false, reason: 'at most 6 decimal places' })
    expect(parseScaled('123456789012', AMOUNT_SCALE)).toEqual({ ok: false, reason: 'an amount small enough to be exact' })
  })

  test('micro-units beyond the safe integers and fractions of a micro-unit are written exactly, in full', () => {
    // 2^70 micros = 1180591620717411.303424 units: 22 significant digits, more than decimal.js
    // keeps by default (20), so a formatter with the default precision would round it.
    expect(formatMicros(2 ** 70)).toBe('1180591620717411.303424')
    expect(formatMicros(-(2 ** 70))).toBe('-1180591620717411.303424')
    // Not an integer count of micros (only unvalidated input gets here): no table lookup.
    expect(formatMicros(1.5)).toBe('0.0000015')
  })

  test.prop([fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((b) => Number(b))])(
    'writes every integer a double holds as its exact decimal value',
    (micros) => {
      expect(formatMicros(micros)).toBe(new Exact(BigInt(micros).toString()).dividedBy(MICROS_PER_UNIT).toFixed())
    },
  )
})
