/**
 * The exact assignment where a forced facility meets capacities: a set's greedy assignment
 * that overloads a member goes to the min-cost flow, which serves the forced facility's unit
 * itself; the greedy per-item costs that the construction's marginals start from stay those
 * of the greedy assignment. Plans are checked against enumeration, and the search's work on
 * the suite is pinned (see search.test.ts): a marginal computed from other per-item costs
 * picks other additions and shows there.
 */
import { describe, expect, test } from 'vitest'
import { evaluateOpenSet, type FacilityProblem } from '../../../src/routing/optimiser.js'
import { generateProblem, handProblem, rng } from '../support/instances.js'
import { solvedLikeEnumeration } from '../support/search.js'

const M = 1_000_000

/** 10 to 16 facilities, one of them forced, 3 to 5 open at most, some with capacities of 1 to 4 units. */
const forcedWithCapacities = (seed: number): FacilityProblem => {
  const r = rng(seed * 7 + 1)
  return generateProblem(seed + 50_000, { facilities: r.int(10, 16), items: r.int(1, 4), maxOpen: r.int(3, 5), capacities: true, forceOpen: true })
}

describe('a forced facility among capacities', () => {
  test('400 seeded problems: every plan equal to enumeration, the work pinned', () => {
    expect(solvedLikeEnumeration(400, forcedWithCapacities)).toEqual({ nodes: 2_196, spent: 350_143, cost: 18_570_063_723 })
  })
})

describe('the min-cost flow serves a unit only where that saves money', () => {
  /**
   * Item X: 1 unit at a penalty of 100, then 1 at 50; item Y: 1 unit at 100. Facility 0 (parcel
   * 5) sends X at 50, facility 1 (parcel 1, capacity 1 unit) X or Y at 10, facility 2 (parcel
   * 1) Y at 20. Facility 1 cannot send both, so the flow decides: 1 sends X's first unit, 2
   * sends Y, and X's second unit stays out, since facility 0's unit would cost exactly the 50
   * it saves: 1 + 1 + 10 + 20 + 50 = 82, facility 0 not serving (serving, it would add its 5).
   */
  test('a unit whose cost equals the penalty stays unserved, and its facility unused', () => {
    const p = handProblem(
      2,
      [
        { fixed: 5 * M, unit: [50 * M, 0], supply: [2, 0] },
        { fixed: 1 * M, unit: [10 * M, 10 * M], supply: [1, 1], capacity: 1 },
        { fixed: 1 * M, unit: [0, 20 * M], supply: [0, 1] },
      ],
      [
        { item: 0, quantity: 1, penalty: 100 * M },
        { item: 0, quantity: 1, penalty: 50 * M },
        { item: 1, quantity: 1, penalty: 100 * M },
      ],
    )
    const sol = evaluateOpenSet(p, Int32Array.of(0, 1, 2))
    expect({ open: [...sol.open], flow: [...sol.flow], unserved: [...sol.unserved], cost: sol.cost }).toEqual({
      open: [1, 2],
      flow: [0, 0, 1, 0, 0, 1],
      unserved: [0, 1, 0],
      cost: 82 * M,
    })
  })
})
