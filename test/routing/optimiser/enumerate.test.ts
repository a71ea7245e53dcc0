/**
 * Enumeration, on problems built by hand: when the solve takes it instead of branch and
 * bound (how many open sets it counts), and which sets its pruning by fixed costs may skip.
 */
import { describe, expect, it } from 'vitest'
import { solveFacilityProblem } from '../../../src/routing/optimiser.js'
import { handProblem } from '../support/instances.js'

const M = 1_000_000

describe('the open sets counted, with a forced facility', () => {
  /**
   * Nine facilities stocking 3 items (2 units each) at 1 a unit, opening at 8 (+ k micros); a
   * unit left costs 1.5. At most 2 open, facility 0 forced: the sets are {0} and {0, k} for
   * k = 1..8, 9 in all, few enough to enumerate (were facility 0 counted as free, there would
   * be 1 + 9 + 36 = 46, past the 32 enumeration takes, and branch and bound would run).
   */
  const nine = (forceOpen: number) =>
    handProblem(
      3,
      Array.from({ length: 9 }, (_, k) => ({ fixed: 8 * M + k, unit: [M, M, M], supply: [2, 2, 2] })),
      [
        { item: 0, quantity: 2, penalty: 1.5 * M },
        { item: 1, quantity: 2, penalty: 1.5 * M },
        { item: 2, quantity: 2, penalty: 1.5 * M },
      ],
      { maxOpen: 2, forceOpen },
    )

  it.each([0, 1, 8])('facility %i forced: the 9 sets are evaluated, and it serves alone for 14', (k) => {
    const sol = solveFacilityProblem(nine(k))
    expect({ open: [...sol.open], cost: sol.cost, optimality: sol.optimality, searchNodes: sol.searchNodes }).toEqual({
      open: [k],
      cost: 14 * M + k,
      optimality: 'proven',
      searchNodes: 9,
    })
  })
})

describe('pruning by fixed costs', () => {
  /**
   * One item, 2 units at a penalty of 100. Facility 0 opens at 10 and facility 1 at −1,000,
   * each with a unit at 1: {0} costs 111, {1} −899, {0, 1} 10 − 1,000 + 2 = −988, the optimum.
   * A negative fixed cost makes a set cheaper than its first member's fixed cost suggests:
   * no set may be skipped for what that member alone costs to open.
   */
  it('a facility with a negative fixed cost: the pair is evaluated and wins, −988', () => {
    const p = handProblem(
      1,
      [
        { fixed: 10 * M, unit: [M], supply: [1] },
        { fixed: -1000 * M, unit: [M], supply: [1] },
      ],
      [{ item: 0, quantity: 2, penalty: 100 * M }],
    )
    const sol = solveFacilityProblem(p)
    expect({ open: [...sol.open], flow: [...sol.flow], cost: sol.cost, optimality: sol.optimality, searchNodes: sol.searchNodes }).toEqual({
      open: [0, 1],
      flow: [1, 1],
      cost: -988 * M,
      optimality: 'proven',
      // {0}, {1} and {0, 1}.
      searchNodes: 3,
    })
  })
})
