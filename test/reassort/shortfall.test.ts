import { test } from '@fast-check/vitest'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { credibilityCounts, distributionOf, fittedQuantile, groupOf, mixture, momentsOf, normalQuantile, quantileOf } from '../../src/reassort/shortfall.js'

describe('normalQuantile', () => {
  it('matches tabulated values of the standard normal', () => {
    const table: readonly (readonly [number, number])[] = [
      [0.5, 0],
      [0.8413447460685429, 1],
      [0.95, 1.6448536269514722],
      [0.975, 1.959963984540054],
      [0.99, 2.3263478740408408],
      [0.9999, 3.7190164854556804],
      [0.01, -2.3263478740408408],
    ]
    for (const [p, z] of table) expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-8)
  })

  test.prop([fc.double({ min: 0.5, max: 0.9999, noNaN: true }), fc.double({ min: 0.5, max: 0.9999, noNaN: true })])('is increasing', (a, b) => {
    if (a < b) expect(normalQuantile(a)).toBeLessThanOrEqual(normalQuantile(b))
  })
})

describe('distributions', () => {
  it('merge equal values, normalise weights, and do not depend on the order given', () => {
    const d = distributionOf([2, 0, 0, 5], [1, 1, 2, 0], 3)
    expect(d.values).toEqual([0, 2, 5])
    expect(d.weights).toEqual([0.75, 0.25, 0])
    expect(distributionOf([0, 5, 2, 0], [2, 0, 1, 1], 3)).toEqual(d)
    expect(distributionOf([1, 2], [0, 0], 0).values).toEqual([])
  })

  it('quantiles: the smallest value whose cumulative weight reaches the level', () => {
    const d = distributionOf([0, 1, 3], [8, 1, 1], 10)
    expect(quantileOf(d, 0.8)).toBe(0)
    expect(quantileOf(d, 0.85)).toBe(1)
    expect(quantileOf(d, 0.9)).toBe(1)
    expect(quantileOf(d, 0.91)).toBe(3)
    expect(quantileOf(d, 1)).toBe(3)
    expect(quantileOf(distributionOf([], [], 0), 0.9)).toBe(0)
  })

  it('a mixture weighs the two sides by the share given', () => {
    const own = distributionOf([1], [1], 1)
    const parent = distributionOf([0, 4], [1, 1], 8)
    const m = mixture(own, parent, 0.5, 9)
    expect(m.values).toEqual([0, 1, 4])
    expect(m.weights).toEqual([0.25, 0.5, 0.25])
    expect(m.information).toBe(9)
    expect(mixture(distributionOf([], [], 0), parent, 0.5, 3).values).toEqual([0, 4])
  })

  it('moments carry Bessel’s correction for the information, and the fitted quantile widens for it', () => {
    const d = distributionOf([0, 2], [1, 1], 2)
    expect(momentsOf(d)).toEqual({ mean: 1, sd: Math.sqrt(2) })
    expect(fittedQuantile(d, 0.95)).toBeCloseTo(1 + 1.6448536269514722 * Math.sqrt(2) * Math.sqrt(1.5), 7)
    expect(fittedQuantile(distributionOf([3, 3], [1, 1], 2), 0.99)).toBe(3)
  })
})

describe('credibilityCounts (Bühlmann–Straub)', () => {
  it('matches the formula worked by hand', () => {
    // Two groups of 3 counts: {0, 1, 2} (mean 1) and {4, 5, 6} (mean 5); parent mean 3.
    // EPV = (2 + 2) / (2 + 2) = 1; between = 3·4 + 3·4 = 24; chance = 2 × (1 − 3/6) = 1;
    // spread = 3 × 0.5 + 3 × 0.5 = 3; VHM = (24 − 1) / 3 = 23/3; k = 3/23.
    const a = groupOf([0, 1, 2], [1, 1, 1])
    const b = groupOf([4, 5, 6], [1, 1, 1])
    const all = groupOf([0, 1, 2, 4, 5, 6], [1, 1, 1, 1, 1, 1])
    expect(credibilityCounts([a, b], [all, all])).toBeCloseTo(3 / 23, 12)
  })

  it('is 0 with no variation within groups, or one group that is its parent; Infinity when groups differ by chance only', () => {
    const flat = groupOf([2, 2], [1, 1])
    expect(credibilityCounts([flat, groupOf([5, 5], [1, 1])], [groupOf([2, 2, 5, 5], [1, 1, 1, 1]), groupOf([2, 2, 5, 5], [1, 1, 1, 1])])).toBe(0)
    const one = groupOf([0, 3, 1], [1, 1, 1])
    expect(credibilityCounts([one], [one])).toBe(0)
    const x = groupOf([0, 2, 0, 2], [1, 1, 1, 1])
    expect(credibilityCounts([x, x], [groupOf([0, 2, 0, 2, 0, 2, 0, 2], Array<number>(8).fill(1)), groupOf([0, 2, 0, 2, 0, 2, 0, 2], Array<number>(8).fill(1))])).toBe(Infinity)
  })

  test.prop([fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 8 }), { minLength: 2, maxLength: 5 }), fc.integer({ min: 2, max: 7 })])(
    'does not change when every shortfall is scaled',
    (groups, factor) => {
      const all = groupOf(groups.flat(), groups.flat().map(() => 1))
      const scaledAll = groupOf(groups.flat().map((x) => x * factor), groups.flat().map(() => 1))
      const k = credibilityCounts(groups.map((g) => groupOf(g, g.map(() => 1))), groups.map(() => all))
      const kScaled = credibilityCounts(groups.map((g) => groupOf(g.map((x) => x * factor), g.map(() => 1))), groups.map(() => scaledAll))
      if (Number.isFinite(k)) expect(kScaled).toBeCloseTo(k, 9)
      else expect(kScaled).toBe(k)
    },
  )
})
