/**
 * The search's tie rule where ties are everywhere. Small problems are solved by enumeration,
 * so the branch and bound's own tie handling (a pruned subtree that may hold a plan of the
 * incumbent's cost with fewer facilities or earlier indexes, settled by reduced costs and a
 * few evaluations) is only reached past it. Here every candidate costs the same, or opens for
 * nothing, on 8 to 13 candidates: many plans share the optimal cost, and the search must end
 * on the one the tie rule names, as exhaustive enumeration does.
 */
import { describe, expect, test } from 'vitest'
import { createWorkspace } from '../../../src/routing/optimiser/assignment.js'
import { enumerateOpenSets } from '../../../src/routing/optimiser/enumerate.js'
import { unlimitedMeter } from '../../../src/routing/optimiser/meter.js'
import { prepareProblem } from '../../../src/routing/optimiser/prepare.js'
import { searchOpenSet } from '../../../src/routing/optimiser/search.js'
import { generateProblem, rng } from '../support/instances.js'

describe('the search’s tie rule on problems full of ties', () => {
  test('equals enumeration (cost, then fewest facilities, then lowest indexes) on 600 seeded problems', () => {
    let compared = 0
    for (let seed = 1; seed <= 600; seed++) {
      const r = rng(seed * 7 + 1)
      const p = generateProblem(seed + 50_000, {
        facilities: r.int(8, 13),
        items: r.int(1, 4),
        maxOpen: r.chance(0.3) ? 'unlimited' : r.int(1, 4),
        flavour: r.chance(0.5) ? 'equal-costs' : 'zero-fixed',
        density: 0.3 + r.next() * 0.5,
        maxQuantity: r.int(1, 3),
        capacities: r.chance(0.3),
      })
      const P = prepareProblem(p, unlimitedMeter())
      if (!P.feasible) continue
      const searched = searchOpenSet(P, 10_000_000, [])
      const enumerated = enumerateOpenSets(P, createWorkspace(P), 10_000_000)
      expect(searched.proven).toBe(true)
      expect({ seed, cost: searched.cost, set: [...(searched.set ?? [])] }).toEqual({
        seed,
        cost: enumerated?.cost,
        set: [...(enumerated?.set ?? [])],
      })
      compared++
    }
    expect(compared).toBe(600)
  })
})
