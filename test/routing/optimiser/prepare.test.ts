/**
 * What building the search's view of a problem keeps, seen through solves of problems built
 * by hand: which facilities are candidates at all, the shared stock of a stock group, and the
 * floor a solve reports when it stops before bounding anything.
 */
import { describe, expect, it } from 'vitest'
import { solveFacilityProblem } from '../../../src/routing/optimiser.js'
import { workMeter } from '../../../src/routing/optimiser/meter.js'
import { handProblem, rng, solutionShape } from '../support/instances.js'
import { solvedLikeEnumeration } from '../support/search.js'

const M = 1_000_000

describe('candidates', () => {
  /**
   * One item, 2 units at a penalty of 100. Facility 0 sends a unit at 1 (parcel 1); facility 1
   * (parcel 0) only at 100, which saves nothing, so it is no candidate: the one set worth
   * evaluating is {0}, 1 + 2 × 1 = 3.
   */
  it('a facility whose every unit costs the penalty it would save is left out: one set evaluated', () => {
    const p = handProblem(
      1,
      [
        { fixed: 1 * M, unit: [1 * M], supply: [2] },
        { fixed: 0, unit: [100 * M], supply: [2] },
      ],
      [{ item: 0, quantity: 2, penalty: 100 * M }],
    )
    expect(solutionShape(solveFacilityProblem(p))).toEqual({
      open: [0],
      flow: [2, 0],
      unserved: [0],
      cost: 3 * M,
      lowerBound: 3 * M,
      optimality: 'proven',
      searchNodes: 1,
      feasible: true,
    })
  })
})

describe('shared stock', () => {
  /**
   * One item, 5 units at a penalty of 100. Facilities 0 and 1 share one stock (group 0, in
   * that order): 2 units by facility 0's instant, 3 in all by facility 1's. Together they send
   * 3 at most: 2 from facility 0 at 1 and 1 from facility 1 at 2, parcels 1 each, 2 units
   * left: 2 + 2 + 2 + 200 = 206 (facility 1 alone: 1 + 6 + 200 = 207). Were the stocks
   * separate, the pair would send all 5 for 1 + 1 + 2 + 6 = 10.
   */
  it('two facilities of one stock group send no more together than the later one holds', () => {
    const p = handProblem(
      1,
      [
        { fixed: 1 * M, unit: [1 * M], supply: [2], group: 0 },
        { fixed: 1 * M, unit: [2 * M], supply: [3], group: 0 },
      ],
      [{ item: 0, quantity: 5, penalty: 100 * M }],
    )
    expect(solutionShape(solveFacilityProblem(p))).toEqual({
      open: [0, 1],
      flow: [2, 1],
      unserved: [2],
      cost: 206 * M,
      lowerBound: 206 * M,
      optimality: 'proven',
      searchNodes: 3,
      feasible: true,
    })
  })
})

describe('the floor', () => {
  /**
   * Nine facilities, past enumeration, each with a unit of the one item (2 demanded at 100) at
   * 1; facility 0 opens at −50, the others at 10. Out of work before the search bounds
   * anything, the solve keeps serving nothing (200) and reports the floor: both units at 1,
   * and every negative fixed cost paid, 2 − 50 = −48, less the tolerance and rounded down to
   * a whole micro (the optimum, {0, 1}, costs −38).
   */
  it('a negative fixed cost lowers it', () => {
    const p = handProblem(
      1,
      Array.from({ length: 9 }, (_, k) => ({ fixed: k === 0 ? -50 * M : 10 * M, unit: [M], supply: [1] })),
      [{ item: 0, quantity: 2, penalty: 100 * M }],
    )
    expect(solutionShape(solveFacilityProblem(p, { meter: workMeter(1) }))).toMatchObject({ open: [], cost: 200 * M, lowerBound: -48 * M - 1, optimality: 'bounded' })
    expect(solutionShape(solveFacilityProblem(p))).toMatchObject({ open: [0, 1], cost: -38 * M, optimality: 'proven' })
  })

  /**
   * Nine facilities, each with a unit at 1 (parcels 10), of an item demanded 100 at a time at
   * 100: supply falls far short of demand. The floor is every unit at 1, 100; out of work
   * before any bound, the solve reports it less the tolerance, a margin that stays positive
   * however supply and demand compare, rounded down: 99.999999.
   */
  it('less a positive tolerance when supply falls far short of demand', () => {
    const p = handProblem(
      1,
      Array.from({ length: 9 }, () => ({ fixed: 10 * M, unit: [M], supply: [1] })),
      [{ item: 0, quantity: 100, penalty: 100 * M }],
    )
    expect(solutionShape(solveFacilityProblem(p, { meter: workMeter(1) }))).toMatchObject({ open: [], cost: 10_000 * M, lowerBound: 100 * M - 1, optimality: 'bounded' })
  })
})

describe('all or nothing', () => {
  /**
   * One item, 2 units at a penalty of 100, one facility with both. The penalty the search
   * charges for a unit left out must stay above anything serving costs, however the fixed and
   * the unit costs weigh: opening at 50 with units at 1, the plan is 50 + 2 = 52; opening at 0
   * with units at 10, it is 20. Serving nothing would cost 200.
   */
  it.each([
    [50, 1, 52],
    [0, 10, 20],
  ])('opening at %i, units at %i: everything served, for %i', (fixed, unit, cost) => {
    const p = handProblem(1, [{ fixed: fixed * M, unit: [unit * M], supply: [2] }], [{ item: 0, quantity: 2, penalty: 100 * M }], { allOrNothing: true })
    expect(solutionShape(solveFacilityProblem(p))).toMatchObject({ open: [0], flow: [2], unserved: [0], cost: cost * M, optimality: 'proven' })
  })
})

describe('the service floor that enumeration prunes by', () => {
  /**
   * One item in four lines of a unit each, at penalties of 100, 80, 70 and 60; facilities 0
   * and 1 (parcels 90) each hold a unit at 1. With both open the two dearest lines are served
   * and the other two pay their penalties: no plan's units and penalties come below 2 + 70 +
   * 60 = 132. {0} costs 90 + 1 + 80 + 70 + 60 = 301 (serving nothing, 310), and then {0, 1} is
   * skipped without an evaluation: its parcels and the floor, 180 + 132 = 312, already exceed
   * 301. Two sets evaluated, {0} and {1}.
   */
  it('counts the penalties of every line left out: {0, 1} is not evaluated', () => {
    const p = handProblem(
      1,
      [
        { fixed: 90 * M, unit: [M], supply: [1] },
        { fixed: 90 * M, unit: [M], supply: [1] },
      ],
      [100, 80, 70, 60].map((penalty) => ({ item: 0, quantity: 1, penalty: penalty * M })),
    )
    expect(solutionShape(solveFacilityProblem(p))).toEqual({
      open: [0],
      flow: [1, 0],
      unserved: [0, 1, 1, 1],
      cost: 301 * M,
      lowerBound: 301 * M,
      optimality: 'proven',
      searchNodes: 2,
      feasible: true,
    })
  })
})

describe('units worth offering', () => {
  /**
   * 10 to 14 facilities, 2 items in two lines each (penalties 100 and 40, 100 and 50), unit
   * costs of 10 to 95: a facility's units often cost more than the second line's penalty, and
   * only the units of the lines above their cost are worth offering (the bound prices the rest
   * otherwise, and the search does other work). Plans equal to enumeration, work pinned.
   */
  const tiered = (seed: number) => {
    const r = rng(seed * 13 + 7)
    const n = r.int(10, 14)
    return handProblem(
      2,
      Array.from({ length: n }, () => ({
        fixed: r.int(5, 60) * M,
        unit: [r.int(10, 95) * M, r.int(10, 95) * M],
        supply: [r.int(0, 3), r.int(0, 3)],
        ...(r.chance(0.3) ? { capacity: r.int(1, 3) } : {}),
      })),
      [
        { item: 0, quantity: r.int(1, 3), penalty: 100 * M },
        { item: 0, quantity: r.int(1, 3), penalty: 40 * M },
        { item: 1, quantity: r.int(1, 3), penalty: 100 * M },
        { item: 1, quantity: r.int(1, 3), penalty: 50 * M },
      ],
      { maxOpen: r.int(2, 4) },
    )
  }

  it('100 seeded problems with unit costs between line penalties', () => {
    expect(solvedLikeEnumeration(100, tiered)).toMatchObject({ nodes: 364, spent: 90_120 })
  })
})
