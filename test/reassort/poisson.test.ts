import { test } from '@fast-check/vitest'
import * as fc from 'fast-check'
import { describe, expect } from 'vitest'
import { expectedUnits, lnFactorial, shelfValueMicros, tailProbability, unitValueMicros } from '../../src/reassort/poisson.js'

/** P(D ≥ t) by the textbook sum, for small means. */
const naiveTail = (mean: number, t: number): number => {
  let p = Math.exp(-mean)
  let cdf = 0
  for (let i = 0; i < t; i++) {
    cdf += p
    p = (p * mean) / (i + 1)
  }
  return 1 - cdf
}

describe('Poisson tails', () => {
  test('ln n! matches the sum of logarithms', () => {
    for (const n of [0, 1, 2, 10, 29, 30, 31, 100, 1000]) {
      let s = 0
      for (let i = 2; i <= n; i++) s += Math.log(i)
      expect(Math.abs(lnFactorial(n) - s)).toBeLessThanOrEqual(1e-9 * Math.max(1, s))
    }
  })

  test.prop([fc.double({ min: 0.01, max: 40, noNaN: true }), fc.integer({ min: 0, max: 80 })])('P(D ≥ t) agrees with the textbook sum for small means', (mean, t) => {
    expect(Math.abs(tailProbability(mean, t) - naiveTail(mean, t))).toBeLessThanOrEqual(1e-12)
  })

  test.prop([fc.double({ min: 0, max: 1_000_000, noNaN: true }), fc.integer({ min: 0, max: 2_000_000 })])('P(D ≥ t) is a probability, non-increasing in t, for means up to a million (no overflow)', (mean, t) => {
    const p = tailProbability(mean, t)
    const q = tailProbability(mean, t + 1)
    expect(p).toBeGreaterThanOrEqual(0)
    expect(p).toBeLessThanOrEqual(1)
    expect(q).toBeLessThanOrEqual(p)
  })

  test('known values: e^−2 tail, the median region of a large mean, the ends of the support', () => {
    expect(tailProbability(2, 1)).toBeCloseTo(1 - Math.exp(-2), 15)
    expect(tailProbability(0, 1)).toBe(0)
    expect(tailProbability(5, 0)).toBe(1)
    // For a large mean, Edgeworth: P(D ≥ μ) ≈ 1/2 + (1/2 − 1/6) / √(2πμ) (continuity, then skewness).
    expect(tailProbability(250_000, 250_000)).toBeCloseTo(0.5 + (1 / 2 - 1 / 6) / Math.sqrt(2 * Math.PI * 250_000), 6)
    expect(tailProbability(250_000, 200_000)).toBe(1)
    expect(tailProbability(250_000, 300_000)).toBe(0)
  })

  test.prop([fc.integer({ min: 0, max: 1_000_000_000 }), fc.double({ min: 0, max: 50, noNaN: true }), fc.integer({ min: 0, max: 120 })])('a shelf of k units is worth the sum of its units, each non-increasing and at most the margin', (margin, mean, k) => {
    let s = 0
    let last = margin
    for (let j = 1; j <= k; j++) {
      const v = unitValueMicros(margin, mean, j)
      expect(v).toBeLessThanOrEqual(last)
      expect(Number.isSafeInteger(v)).toBe(true)
      last = v
      s += v
    }
    expect(shelfValueMicros(margin, mean, k)).toBe(s)
  })

  test('expected units sold from a shelf approach the mean as the shelf grows', () => {
    expect(expectedUnits(3, 0, 100)).toBeCloseTo(3, 10)
    expect(expectedUnits(3, 0, 1)).toBeCloseTo(1 - Math.exp(-3), 12)
  })
})
