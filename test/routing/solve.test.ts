/**
 * The optimiser's entry points on a problem small enough to solve by hand: the plan it
 * returns and its flags, the best assignment for a given open set (`evaluateOpenSet`, as
 * baselines and explanations use it), and the plan that serves nothing when a forced facility
 * cannot be honoured.
 */
import { describe, expect, it } from 'vitest'
import { evaluateOpenSet, solveFacilityProblem, type FacilityProblem } from '../../src/routing/optimiser.js'
import { handProblem, solutionShape } from './support/instances.js'

const M = 1_000_000


/**
 * X: 2 units at a penalty of 40; Y: 1 unit at 30. Facility 0 holds X (parcel 5, unit 1),
 * facility 1 holds Y (parcel 6, unit 2), facility 2 both (parcel 9, unit 3 each), facility 3
 * nothing. The plans worth comparing:
 *   {0, 1}: 5 + 2 × 1 + 6 + 2 = 15 (the optimum)   {2}: 9 + 3 × 3 = 18
 *   {0, 2}: X from 0, Y from 2: 5 + 2 + 9 + 3 = 19  {0}: 7 + Y's 30 = 37
 *   nothing: 2 × 40 + 30 = 110
 */
const twoItems = (o: { readonly allOrNothing?: boolean; readonly forceOpen?: number } = {}): FacilityProblem =>
  handProblem(
    2,
    [
      { fixed: 5 * M, unit: [1 * M, 0], supply: [3, 0] },
      { fixed: 6 * M, unit: [0, 2 * M], supply: [0, 4] },
      { fixed: 9 * M, unit: [3 * M, 3 * M], supply: [5, 5] },
      { fixed: 1 * M },
    ],
    [
      { item: 0, quantity: 2, penalty: 40 * M },
      { item: 1, quantity: 1, penalty: 30 * M },
    ],
    o,
  )

/** The plan that serves nothing of `twoItems`, marked infeasible. */
const nothingServed = {
  open: [],
  flow: [0, 0, 0, 0, 0, 0, 0, 0],
  unserved: [2, 1],
  cost: 110 * M,
  lowerBound: 110 * M,
  optimality: 'proven',
  searchNodes: 0,
  feasible: false,
}

describe('solving a facility problem', () => {
  it('the optimum, proven: facilities 0 and 1 for 15', () => {
    expect(solutionShape(solveFacilityProblem(twoItems()))).toMatchObject({
      open: [0, 1],
      flow: [2, 0, 0, 1, 0, 0, 0, 0],
      unserved: [0, 0],
      cost: 15 * M,
      lowerBound: 15 * M,
      optimality: 'proven',
      feasible: true,
    })
  })

  it('forced to use facility 2, it sends everything from there: 18', () => {
    expect(solutionShape(solveFacilityProblem(twoItems({ forceOpen: 2 })))).toMatchObject({ open: [2], flow: [0, 0, 0, 0, 2, 1, 0, 0], cost: 18 * M, feasible: true })
  })

  it('forced to use facility 3, which holds nothing: nothing is served, every penalty paid, and the plan says so', () => {
    expect(solutionShape(solveFacilityProblem(twoItems({ forceOpen: 3 })))).toEqual(nothingServed)
    expect(solutionShape(solveFacilityProblem(twoItems({ forceOpen: 3, allOrNothing: true })))).toEqual(nothingServed)
  })
})

describe('the best assignment for an open set', () => {
  it('facilities 2, 0 and 0 again: X from 0, Y from 2, listed ascending; not proven optimal, with no bound', () => {
    expect(solutionShape(evaluateOpenSet(twoItems(), Int32Array.of(2, 0, 0)))).toEqual({
      open: [0, 2],
      flow: [2, 0, 0, 0, 0, 1, 0, 0],
      unserved: [0, 0],
      cost: 19 * M,
      lowerBound: 0,
      optimality: 'bounded',
      searchNodes: 0,
      feasible: true,
    })
  })

  it('every facility given, in falling order: the optimum’s assignment, 15', () => {
    expect(solutionShape(evaluateOpenSet(twoItems(), Int32Array.of(3, 2, 1, 0)))).toMatchObject({ open: [0, 1], flow: [2, 0, 0, 1, 0, 0, 0, 0], cost: 15 * M })
  })

  it('a facility that holds nothing serves nothing: with 3 and 1 open, X goes unserved: 6 + 2 + 80 = 88', () => {
    expect(solutionShape(evaluateOpenSet(twoItems(), Int32Array.of(3, 1)))).toMatchObject({ open: [1], flow: [0, 0, 0, 1, 0, 0, 0, 0], unserved: [2, 0], cost: 88 * M })
  })

  it('with a forced facility: infeasible unless it is open and serves', () => {
    const forced = twoItems({ forceOpen: 2 })
    expect(solutionShape(evaluateOpenSet(forced, Int32Array.of(0, 1)))).toEqual(nothingServed)
    expect(solutionShape(evaluateOpenSet(forced, Int32Array.of(0, 2)))).toMatchObject({ open: [0, 2], cost: 19 * M, feasible: true })
    // Facility 3 holds nothing: forced, no set can honour it.
    expect(solutionShape(evaluateOpenSet(twoItems({ forceOpen: 3 }), Int32Array.of(0, 1, 3)))).toEqual(nothingServed)
  })

  it('all or nothing: a set that cannot serve everything serves nothing; forced into such a set, it is infeasible', () => {
    // Facility 0 alone cannot send Y: nothing is served, 110.
    expect(solutionShape(evaluateOpenSet(twoItems({ allOrNothing: true }), Int32Array.of(0)))).toMatchObject({ open: [], unserved: [2, 1], cost: 110 * M })
    expect(solutionShape(evaluateOpenSet(twoItems({ allOrNothing: true, forceOpen: 0 }), Int32Array.of(0)))).toEqual(nothingServed)
    expect(solutionShape(evaluateOpenSet(twoItems({ allOrNothing: true, forceOpen: 0 }), Int32Array.of(0, 1)))).toMatchObject({ open: [0, 1], cost: 15 * M, feasible: true })
  })
})

describe('seeds', () => {
  /**
   * Past enumeration (ten facilities that can serve): facility 0 holds X and Y (parcel 9, unit
   * 3), 1 holds X (5, 1), 2 holds Y (6, 2), and 3 to 9 hold X (20, 1). Facility 0 must serve:
   * alone it costs 9 + 3 × 3 = 18, the optimum; {0, 1} costs 19, and {1, 2}, 15, leaves it out.
   */
  const forcedFirst = handProblem(
    2,
    [
      { fixed: 9 * M, unit: [3 * M, 3 * M], supply: [5, 5] },
      { fixed: 5 * M, unit: [1 * M, 0], supply: [3, 0] },
      { fixed: 6 * M, unit: [0, 2 * M], supply: [0, 4] },
      ...Array.from({ length: 7 }, () => ({ fixed: 20 * M, unit: [1 * M, 0], supply: [2, 0] })),
    ],
    [
      { item: 0, quantity: 2, penalty: 40 * M },
      { item: 1, quantity: 1, penalty: 30 * M },
    ],
    { forceOpen: 0 },
  )

  it('a seed without the forced facility is tried with it: the plan still uses facility 0, at 18', () => {
    for (const seed of [Int32Array.of(1, 2), Int32Array.of(2, 1), Int32Array.of(1)]) {
      expect(solutionShape(solveFacilityProblem(forcedFirst, { incumbents: [seed] }))).toMatchObject({ open: [0], flow: [2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], cost: 18 * M, feasible: true })
    }
  })
})
