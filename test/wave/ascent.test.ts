import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ascend, type Pool } from '../../src/wave/ascent.js'
import { allColumns, highsOptimum, masterArb, type Master } from './masters.js'

/** One plan: its cost and the units it takes through each row (row index, units). */
interface PoolPlan {
  readonly cost: number
  readonly rows: Int32Array
  readonly units: Float64Array
}

/** The flat pool of each order's plans (in order) over rows of `capacity`, as `WaveMaster.lagrangian` lays it out. */
const flatPool = (orders: readonly (readonly PoolPlan[])[], capacity: Float64Array): Pool => {
  const plans = orders.flat()
  const first = new Int32Array(orders.length + 1)
  orders.forEach((mine, o) => (first[o + 1] = (first[o] as number) + mine.length))
  const start = new Int32Array(plans.length + 1)
  plans.forEach((p, k) => (start[k + 1] = (start[k] as number) + p.rows.length))
  const rows = new Int32Array(start[plans.length] as number)
  const units = new Float64Array(rows.length)
  plans.forEach((p, k) => {
    rows.set(p.rows, start[k] as number)
    units.set(p.units, start[k] as number)
  })
  return { first, cost: Float64Array.from(plans, (p) => p.cost), start, rows, units, capacity }
}

/** The master `m` as the ascent reads it: each order's columns (its unfulfilled one first), the rows' capacities. */
const poolOf = (m: Master): Pool => {
  const all = allColumns(m)
  return flatPool(
    Array.from({ length: m.orders }, (_, o) =>
      all
        .filter((c) => c.order === o)
        .map((c) => ({ cost: c.cost, rows: Int32Array.from(c.usage.map(([p]) => p)), units: Float64Array.from(c.usage.map(([, u]) => u)) })),
    ),
    Float64Array.from(m.capacity),
  )
}

/** g(π) written out from its definition: each order's least priced column, less the capacity's worth. */
const dual = (m: Master, prices: ArrayLike<number>): { value: number; least: number[] } => {
  const all = allColumns(m)
  const least = Array.from({ length: m.orders }, (_, o) => Math.min(...all.filter((c) => c.order === o).map((c) => c.cost + c.usage.reduce((s, [p, u]) => s + (prices[p] as number) * u, 0))))
  return { value: least.reduce((a, b) => a + b, 0) - m.capacity.reduce((s, cap, p) => s + (prices[p] as number) * cap, 0), least }
}

const LIMITS = { steps: 2000, work: Number.POSITIVE_INFINITY }

/** An upper estimate of the LP optimum: every order at its dearest column. */
const dearest = (m: Master): number => {
  const all = allColumns(m)
  let total = 0
  for (let o = 0; o < m.orders; o++) total += Math.max(...all.filter((c) => c.order === o).map((c) => c.cost))
  return total
}

describe('the ascent of the master\'s dual', () => {
  it('its value is g at its prices, never above the LP optimum (HiGHS), and within 1 % of it on random masters', async () => {
    const masters = fc.sample(masterArb, { numRuns: 150, seed: 20261207 })
    let exact = 0
    for (const m of masters) {
      const optimum = await highsOptimum(m)
      const a = ascend(poolOf(m), new Float64Array(m.capacity.length), optimum * 1.1 + 1, LIMITS)
      const g = dual(m, a.prices)
      expect(a.value).toBeCloseTo(g.value, 6)
      a.least.forEach((l, o) => expect(l).toBeCloseTo(g.least[o] as number, 6))
      for (const p of a.prices) expect(p).toBeGreaterThanOrEqual(0)
      // Weak duality: a price vector's g is a lower bound on the LP.
      expect(a.value).toBeLessThanOrEqual(optimum + 1e-6)
      expect(a.value).toBeGreaterThanOrEqual(optimum - 0.01 * Math.abs(optimum) - 1e-6)
      if (a.value >= optimum - 1e-6) exact++
    }
    // Most reach the optimum itself.
    expect(exact).toBeGreaterThan(100)
  }, 60_000)

  it('is deterministic, keeps to its limits, and starts from the prices given', () => {
    const masters = fc.sample(masterArb, { numRuns: 60, seed: 11 })
    for (const m of masters) {
      const pool = poolOf(m)
      const start = Float64Array.from(m.capacity, (_, p) => (p % 2) * 7)
      const a = ascend(pool, start, 500, { steps: 40, work: Number.POSITIVE_INFINITY })
      const b = ascend(pool, start, 500, { steps: 40, work: Number.POSITIVE_INFINITY })
      expect([...a.prices]).toEqual([...b.prices])
      expect(a.value).toBe(b.value)
      expect(a.steps).toBeLessThanOrEqual(40)
      // Its best is at least the start's value (the first prices evaluated).
      expect(a.value).toBeGreaterThanOrEqual(dual(m, start).value - 1e-9)
      const one = ascend(pool, start, 500, { steps: 1, work: Number.POSITIVE_INFINITY })
      expect([...one.prices]).toEqual([...start])
      const capped = ascend(pool, start, 500, { steps: 1000, work: 1 })
      expect(capped.steps).toBe(1)
    }
  })

  it('keeps every price at most its ceiling', () => {
    const masters = fc.sample(masterArb, { numRuns: 60, seed: 3 })
    let bound = 0
    for (const m of masters) {
      const optimum = dearest(m)
      const a = ascend(poolOf(m), new Float64Array(m.capacity.length), optimum + 1, LIMITS, 5)
      for (const p of a.prices) expect(p).toBeLessThanOrEqual(5)
      const free = ascend(poolOf(m), new Float64Array(m.capacity.length), optimum + 1, LIMITS)
      if (free.prices.some((p) => p > 5)) bound++
      // Still a value of g, so still below the LP's optimum.
      expect(a.value).toBeCloseTo(dual(m, a.prices).value, 6)
    }
    // The ceiling binds on some masters.
    expect(bound).toBeGreaterThan(0)
  })

  it('a row without a finite capacity keeps a price of 0', () => {
    const pool: Pool = flatPool(
      [
        [
          { cost: 10, rows: Int32Array.from([0, 1]), units: Float64Array.from([1, 1]) },
          { cost: 40, rows: new Int32Array(0), units: new Float64Array(0) },
        ],
        [{ cost: 12, rows: Int32Array.from([0, 1]), units: Float64Array.from([1, 1]) }, { cost: 40, rows: new Int32Array(0), units: new Float64Array(0) }],
      ],
      Float64Array.from([1, Number.POSITIVE_INFINITY]),
    )
    const a = ascend(pool, new Float64Array(2), 100, LIMITS)
    expect(a.prices[1]).toBe(0)
    // One unit for two orders: the LP gives it to the first (it saves 30, the second 28), at 10 + 40 = 50; g reaches 50 with the unit priced between 28 and 30.
    expect(a.value).toBeCloseTo(50, 6)
    expect(a.prices[0]).toBeGreaterThanOrEqual(28 - 1e-6)
    expect(a.prices[0]).toBeLessThanOrEqual(30 + 1e-6)
  })
})
