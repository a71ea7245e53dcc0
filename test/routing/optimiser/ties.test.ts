/**
 * The search's tie rule where ties are everywhere. Small problems are solved by enumeration,
 * so the branch and bound's own tie handling (a pruned subtree that may hold a plan of the
 * incumbent's cost with fewer facilities or earlier indexes, settled by reduced costs and a
 * few evaluations) is only reached past it. Here every candidate costs the same, or opens for
 * nothing, on 8 to 13 candidates: many plans share the optimal cost, and the search must end
 * on the one the tie rule names, as exhaustive enumeration does. Then the same problems with
 * each cost nudged down by 0 to 2 micros: plans one micro apart, where a prune or a fixing
 * that is off by the tolerance, or by the one micro that integer costs allow, loses the optimum.
 */
import { describe, expect, test } from 'vitest'
import type { FacilityProblem } from '../../../src/routing/optimiser.js'
import { generateProblem, rng, type Rng } from '../support/instances.js'
import { searchEqualsEnumeration } from '../support/search.js'

/** Problems of 8 to 13 candidates where many plans cost the same. */
const tieHeavy = (seed: number): FacilityProblem => {
  const r = rng(seed * 7 + 1)
  return generateProblem(seed + 50_000, {
    facilities: r.int(8, 13),
    items: r.int(1, 4),
    maxOpen: r.chance(0.3) ? 'unlimited' : r.int(1, 4),
    flavour: r.chance(0.5) ? 'equal-costs' : 'zero-fixed',
    density: 0.3 + r.next() * 0.5,
    maxQuantity: r.int(1, 3),
    capacities: r.chance(0.3),
    forceOpen: r.chance(0.15),
  })
}

/** The same problem with every fixed and unit cost lowered by 0 to 2 micros (never below 0). */
const nudged = (p: FacilityProblem, r: Rng): FacilityProblem => ({
  ...p,
  fixedCost: p.fixedCost.map((c) => Math.max(0, c - r.int(0, 2))),
  unitCost: p.unitCost.map((c) => Math.max(0, c - r.int(0, 2))),
})

describe('the search’s tie rule on problems full of ties', () => {
  test('equals enumeration (cost, then fewest facilities, then lowest indexes) on 600 seeded problems', () => {
    let compared = 0
    for (let seed = 1; seed <= 600; seed++) if (searchEqualsEnumeration(seed, tieHeavy(seed)) !== undefined) compared++
    expect(compared).toBeGreaterThanOrEqual(590)
  })

  test('equals enumeration on the same 600 problems with costs one or two micros apart', () => {
    let compared = 0
    for (let seed = 1; seed <= 600; seed++) if (searchEqualsEnumeration(seed, nudged(tieHeavy(seed), rng(seed * 13 + 5))) !== undefined) compared++
    expect(compared).toBeGreaterThanOrEqual(590)
  })
})
