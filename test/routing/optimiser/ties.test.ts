/**
 * The search's tie rule where ties are everywhere. Small problems are solved by enumeration,
 * so the branch and bound's own tie handling (a pruned subtree that may hold a plan of the
 * incumbent's cost with fewer facilities or earlier indexes, settled by reduced costs and a
 * few evaluations) is only reached past it. Here every candidate costs the same, or opens for
 * nothing, on 8 to 13 candidates: many plans share the optimal cost, and the search must end
 * on the one the tie rule names, as exhaustive enumeration does. Then the same problems with
 * each cost nudged down by 0 to 2 micros: plans one micro apart, where a prune or a fixing
 * that is off by the tolerance, or by the one micro that integer costs allow, loses the optimum.
 * Last, costs on a coarse grid over 8 to 20 candidates and 3 to 6 items: there the plan the
 * search first proves optimal is often not the one the tie rule names, and only the phase that
 * looks again for a plan of the same cost with fewer or earlier facilities finds it; and the
 * same problems with a penalty below the dearer unit cost, where the best plans leave units
 * unserved and a same-cost plan that serves fewer items must still be looked for; and the
 * grid made all or nothing, where sets that cannot serve every unit are passed over. Each
 * family's search nodes are pinned: a settle step or a phase-2 prune that is lost changes no
 * plan of these problems, only the nodes spent finding it.
 */
import { describe, expect, test } from 'vitest'
import type { FacilityProblem } from '../../../src/routing/optimiser.js'
import { generateProblem, rng, UNLIMITED, type Rng } from '../support/instances.js'
import { compareWithEnumeration } from '../support/search.js'

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

/**
 * Fixed costs of 0 to 2 whole units and unit costs of 0.5 or 1 (one grid step per problem),
 * each candidate holding about half of 3 to 6 items, one in five with a unit capacity of 1 to 3:
 * many sets of two to four candidates cost exactly the same.
 */
const gridCosts = (seed: number): FacilityProblem => {
  const r = rng(seed * 31 + 7)
  const fixedSteps = r.int(0, 2)
  const unitSteps = r.int(1, 2)
  const n = r.int(8, 20)
  const items = r.int(3, 6)
  const tierQuantity = Int32Array.from({ length: items }, () => r.int(1, 3))
  const fixedCost = new Float64Array(n)
  const unitCost = new Float64Array(n * items)
  const supply = new Int32Array(n * items)
  const capacity = new Int32Array(n).fill(UNLIMITED)
  for (let k = 0; k < n; k++) {
    fixedCost[k] = r.int(0, fixedSteps) * 1_000_000
    for (let s = 0; s < items; s++) {
      if (!r.chance(0.5)) continue
      supply[k * items + s] = r.int(1, 3)
      unitCost[k * items + s] = r.int(1, unitSteps) * 500_000
    }
    if (r.chance(0.2)) capacity[k] = r.int(1, 3)
  }
  return {
    itemCount: items,
    tierStart: Int32Array.from({ length: items + 1 }, (_, s) => s),
    tierQuantity,
    tierPenalty: new Float64Array(items).fill(50_000_000),
    facilityCount: n,
    fixedCost,
    unitCost,
    supply,
    capacity,
    // Enumeration checks every set within the limit: at most four of more than 12 candidates.
    maxOpen: n <= 12 && r.chance(0.3) ? n : r.int(1, 4),
    allOrNothing: false,
  }
}

describe('the search’s tie rule on problems full of ties', () => {
  test('equals enumeration (cost, then fewest facilities, then lowest indexes) on 600 seeded problems', () => {
    expect(compareWithEnumeration(600, tieHeavy)).toEqual({ compared: 592, served: 592, nodes: 21_808 })
  })

  test('equals enumeration on the same 600 problems with costs one or two micros apart', () => {
    expect(compareWithEnumeration(600, (seed) => nudged(tieHeavy(seed), rng(seed * 13 + 5)))).toEqual({ compared: 592, served: 592, nodes: 16_861 })
  })

  test('equals enumeration on 600 problems whose costs lie on a coarse grid', () => {
    expect(compareWithEnumeration(600, gridCosts)).toEqual({ compared: 600, served: 600, nodes: 10164 })
  })

  test('equals enumeration on 1,000 such problems with a penalty of 0.75 a unit, below the dearer unit cost', () => {
    const cheapPenalty = (seed: number): FacilityProblem => {
      const p = gridCosts(seed)
      return { ...p, tierPenalty: p.tierPenalty.map(() => 750_000) }
    }
    expect(compareWithEnumeration(1000, cheapPenalty)).toEqual({ compared: 1000, served: 987, nodes: 13_754 })
  })

  test('equals enumeration on 600 of the coarse-grid problems made all or nothing', () => {
    expect(compareWithEnumeration(600, (seed) => ({ ...gridCosts(seed), allOrNothing: true }))).toEqual({ compared: 600, served: 442, nodes: 14_555 })
  })
})
