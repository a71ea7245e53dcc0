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
import { createWorkspace } from '../../../src/routing/optimiser/assignment.js'
import { enumerateOpenSets } from '../../../src/routing/optimiser/enumerate.js'
import { unlimitedMeter } from '../../../src/routing/optimiser/meter.js'
import { prepareProblem } from '../../../src/routing/optimiser/prepare.js'
import { searchOpenSet } from '../../../src/routing/optimiser/search.js'
import type { FacilityProblem } from '../../../src/routing/optimiser.js'
import { generateProblem, rng, type Rng } from '../support/instances.js'

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

/** The search and enumeration on one prepared problem: same cost, same set. */
const compare = (seed: number, p: FacilityProblem): boolean => {
  const P = prepareProblem(p, unlimitedMeter())
  if (!P.feasible) return false
  const searched = searchOpenSet(P, 10_000_000, [])
  const enumerated = enumerateOpenSets(P, createWorkspace(P), 10_000_000)
  expect(searched.proven).toBe(true)
  expect({ seed, cost: searched.cost, set: [...(searched.set ?? [])] }).toEqual({
    seed,
    cost: enumerated?.cost,
    set: [...(enumerated?.set ?? [])],
  })
  return true
}

describe('the search’s tie rule on problems full of ties', () => {
  test('equals enumeration (cost, then fewest facilities, then lowest indexes) on 600 seeded problems', () => {
    let compared = 0
    for (let seed = 1; seed <= 600; seed++) if (compare(seed, tieHeavy(seed))) compared++
    expect(compared).toBeGreaterThanOrEqual(590)
  })

  test('equals enumeration on the same 600 problems with costs one or two micros apart', () => {
    let compared = 0
    for (let seed = 1; seed <= 600; seed++) if (compare(seed, nudged(tieHeavy(seed), rng(seed * 13 + 5)))) compared++
    expect(compared).toBeGreaterThanOrEqual(590)
  })
})
