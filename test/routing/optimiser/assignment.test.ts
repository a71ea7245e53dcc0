/**
 * The exact assignment where a forced facility meets capacities: a set's greedy assignment
 * that overloads a member goes to the min-cost flow, which serves the forced facility's unit
 * itself; the greedy per-item costs that the construction's marginals start from stay those
 * of the greedy assignment. Plans are checked against enumeration, and the search's work on
 * the suite is pinned (see search.test.ts): a marginal computed from other per-item costs
 * picks other additions and shows there.
 */
import { describe, expect, test } from 'vitest'
import { solveFacilityProblem, type FacilityProblem } from '../../../src/routing/optimiser.js'
import { createWorkspace } from '../../../src/routing/optimiser/assignment.js'
import { enumerateOpenSets } from '../../../src/routing/optimiser/enumerate.js'
import { unlimitedMeter } from '../../../src/routing/optimiser/meter.js'
import { prepareProblem } from '../../../src/routing/optimiser/prepare.js'
import { generateProblem, rng } from '../support/instances.js'

/** 10 to 16 facilities, one of them forced, 3 to 5 open at most, some with capacities of 1 to 4 units. */
const forcedWithCapacities = (seed: number): FacilityProblem => {
  const r = rng(seed * 7 + 1)
  return generateProblem(seed + 50_000, { facilities: r.int(10, 16), items: r.int(1, 4), maxOpen: r.int(3, 5), capacities: true, forceOpen: true })
}

describe('a forced facility among capacities', () => {
  test('400 seeded problems: every plan equal to enumeration, the work pinned', () => {
    let nodes = 0
    let spent = 0
    let cost = 0
    for (let seed = 1; seed <= 400; seed++) {
      const p = forcedWithCapacities(seed)
      const meter = unlimitedMeter()
      const sol = solveFacilityProblem(p, { meter })
      expect(sol.optimality).toBe('proven')
      const P = prepareProblem(p, unlimitedMeter())
      const enumerated = P.feasible ? enumerateOpenSets(P, createWorkspace(P), 10_000_000) : null
      expect({ seed, cost: sol.cost, open: [...sol.open] }).toEqual({
        seed,
        cost: enumerated?.set ? enumerated.cost : sol.cost,
        open: enumerated?.set ? [...enumerated.set].map((j) => P.orig[j]) : [],
      })
      nodes += sol.searchNodes
      spent += meter.spent
      cost += sol.cost
    }
    expect({ nodes, spent, cost }).toEqual({ nodes: 2_263, spent: 408_078, cost: 18_570_063_723 })
  })
})
