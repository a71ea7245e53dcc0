/**
 * The cart relaxation against brute force over every set of facilities: its cost is the least
 * relaxed cost of any set (each SKU at the cheapest rate in the set that has it), the split
 * it reports reaches that cost, and when it says the split is the only one, no other set of
 * facilities, each of them needed, reaches it.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { relaxedSplit } from '../../src/promise/relaxation.js'
import { Scratch } from '../../src/promise/tables.js'
import { propertyParameters } from '../support/properties.js'

interface Instance {
  readonly items: number
  readonly demand: readonly number[]
  readonly fixed: readonly number[]
  readonly rate: readonly number[]
  readonly touch: readonly number[]
}

// Few cost levels, so that equal costs (ties) are common.
const instanceArb: fc.Arbitrary<Instance> = fc.record({ items: fc.integer({ min: 1, max: 4 }), m: fc.integer({ min: 1, max: 7 }) }).chain(({ items, m }) =>
  fc.record({
    items: fc.constant(items),
    demand: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: items, maxLength: items }),
    fixed: fc.array(fc.constantFrom(0, 2, 3, 5), { minLength: m, maxLength: m }),
    rate: fc.array(fc.constantFrom(1, 2, 3), { minLength: m, maxLength: m }),
    touch: fc.array(fc.integer({ min: 0, max: (1 << items) - 1 }), { minLength: m, maxLength: m }),
  }),
)

const unitsTable = (demand: readonly number[]): number[] => {
  const units = [0]
  for (let mask = 1; mask < 1 << demand.length; mask++) units.push((units[mask & (mask - 1)] as number) + (demand[31 - Math.clz32(mask & -mask)] as number))
  return units
}

/** Relaxed cost of the facilities `members`, +∞ when a SKU is missing. */
const membersCost = (x: Instance, members: readonly number[]): number => {
  let cost = 0
  for (const j of members) cost += x.fixed[j] as number
  for (let s = 0; s < x.items; s++) {
    let r = Number.POSITIVE_INFINITY
    for (const j of members) if ((((x.touch[j] as number) >>> s) & 1) !== 0) r = Math.min(r, x.rate[j] as number)
    cost += (x.demand[s] as number) * r
  }
  return cost
}

/** Relaxed cost of facility set `set` (a bit mask over facilities). */
const setCost = (x: Instance, set: number): number => membersCost(x, x.fixed.flatMap((_, j) => (((set >>> j) & 1) !== 0 ? [j] : [])))

describe('relaxedSplit', () => {
  it('finds the least relaxed cost, a split reaching it, and says when another set could tie', () => {
    fc.assert(
      fc.property(instanceArb, (x) => {
        const m = x.fixed.length
        const units = unitsTable(x.demand)
        const split = relaxedSplit(x.items, units, m, x.fixed, x.rate, x.touch)
        const costs = Array.from({ length: 1 << m }, (_, set) => setCost(x, set))
        const least = Math.min(...costs)
        if (least === Number.POSITIVE_INFINITY) {
          expect(split).toBeUndefined()
          return
        }
        expect(split).toBeDefined()
        if (split === undefined) return
        expect(split.cost).toBe(least)
        // The split covers every SKU once and costs what it says.
        let covered = 0
        let cost = 0
        split.facility.forEach((j, g) => {
          const group = split.group[g] as number
          expect(group & covered).toBe(0)
          expect(group & ~(x.touch[j] as number)).toBe(0)
          covered |= group
          cost += (x.fixed[j] as number) + (units[group] as number) * (x.rate[j] as number)
        })
        expect(covered).toBe((1 << x.items) - 1)
        expect(cost).toBe(least)
        if (!split.tied) {
          // No other set reaches the least cost without a facility it could drop (one of
          // fixed cost 0 that sends nothing): a plan never keeps such a facility.
          const set = split.facility.reduce((a, j) => a | (1 << j), 0)
          const tight = (t: number): boolean => {
            for (let j = 0; j < m; j++) if (((t >>> j) & 1) !== 0 && !((costs[t & ~(1 << j)] as number) > (costs[t] as number))) return false
            return true
          }
          expect(costs.flatMap((c, t) => (c === least && tight(t) ? [t] : []))).toEqual([set])
        }
      }),
      propertyParameters({ numRuns: 5000, seed: 20261128 }),
    )
  })

  it('reports the only split of a clear optimum as untied', () => {
    // SKU 0 from facility 0 (cheap), SKU 1 only from facility 1.
    const split = relaxedSplit(2, [0, 1, 1, 2], 3, [1, 1, 9], [1, 1, 1], [0b01, 0b10, 0b01])
    expect(split).toEqual({ cost: 4, facility: [0, 1], group: [0b01, 0b10], tied: false })
  })
})

describe('relaxedSplit with many facilities', () => {
  /** The least relaxed cost over every set of at most `items` facilities (an optimal split never needs more). */
  const bestSmallSet = (x: Instance): number => {
    const m = x.fixed.length
    let best = Number.POSITIVE_INFINITY
    const pick = (from: number, left: number, chosen: number[]): void => {
      if (chosen.length > 0) best = Math.min(best, membersCost(x, chosen))
      if (left === 0) return
      for (let j = from; j < m; j++) pick(j + 1, left - 1, [...chosen, j])
    }
    pick(0, x.items, [])
    return best
  }

  it('equals the best set of at most one facility per SKU, with 8 to 40 facilities and one scratch for every call', () => {
    const scratch = new Scratch()
    const manyArb: fc.Arbitrary<Instance> = fc.record({ items: fc.integer({ min: 1, max: 4 }), m: fc.integer({ min: 8, max: 40 }) }).chain(({ items, m }) =>
      fc.record({
        items: fc.constant(items),
        demand: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: items, maxLength: items }),
        fixed: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: m, maxLength: m }),
        rate: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: m, maxLength: m }),
        touch: fc.array(fc.integer({ min: 0, max: (1 << items) - 1 }), { minLength: m, maxLength: m }),
      }),
    )
    fc.assert(
      fc.property(manyArb, (x) => {
        const split = relaxedSplit(x.items, unitsTable(x.demand), x.fixed.length, x.fixed, x.rate, x.touch, scratch)
        const least = bestSmallSet(x)
        expect(split?.cost ?? Number.POSITIVE_INFINITY).toBe(least)
      }),
      propertyParameters({ numRuns: 300, seed: 20261206 }),
    )
  })
})
