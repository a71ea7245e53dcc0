/**
 * The search's work, pinned. Every plan the search returns is checked elsewhere against
 * HiGHS and enumeration; what those checks cannot see is a search that reaches the same plan
 * with weaker bounds, fewer fixings or a worse incumbent, and so spends more of a budget that
 * large orders run out of. Work is counted in deterministic units (see meter.ts), so the
 * totals over seeded suites are exact; each is held under its recorded value plus 1 %. A
 * change that makes the search do more on these suites must say why and raise the ceiling.
 */
import { describe, expect, test } from 'vitest'
import { solveFacilityProblem, type FacilityProblem } from '../../../src/routing/optimiser.js'
import { unlimitedMeter } from '../../../src/routing/optimiser/meter.js'
import { beyondEnumeration, rng, suiteProblem } from '../support/instances.js'

/** Past enumeration (12–24 facilities): the bounds, fixings and branching are all at work. */
const pastEnumeration = (seed: number): FacilityProblem => beyondEnumeration(seed + 9000, rng(seed * 31), 12)

/**
 * Totals of one suite solved to proof: search nodes and work units, the most one took, and
 * the sum of the optimal costs of its feasible problems (equal to HiGHS's sum over the same
 * problems, in micros), so that a search which saves work by missing the optimum fails too.
 */
const workOf = (problem: (seed: number) => FacilityProblem, count: number) => {
  let nodes = 0
  let spent = 0
  let most = 0
  let cost = 0
  for (let seed = 1; seed <= count; seed++) {
    const meter = unlimitedMeter()
    const sol = solveFacilityProblem(problem(seed), { meter })
    expect(sol.optimality).toBe('proven')
    expect(sol.lowerBound).toBe(sol.cost)
    if (sol.feasible) cost += sol.cost
    nodes += sol.searchNodes
    spent += meter.spent
    if (meter.spent > most) most = meter.spent
  }
  return { nodes, spent, most, cost }
}

const within = (recorded: number): number => Math.ceil(recorded * 1.01)

describe('the search’s work on seeded suites stays under its recorded ceilings', () => {
  test('the 600 problems checked against HiGHS (≤ 40 facilities × 8 items)', () => {
    const w = workOf(suiteProblem, 600)
    expect(w.nodes).toBeLessThanOrEqual(within(10_587))
    expect(w.spent).toBeLessThanOrEqual(within(7_950_420))
    expect(w.most).toBeLessThanOrEqual(within(874_227))
    expect(w.cost).toBe(44_445_632_864)
  })

  test('300 problems past enumeration (12–24 facilities)', () => {
    const w = workOf(pastEnumeration, 300)
    expect(w.nodes).toBeLessThanOrEqual(within(3_630))
    expect(w.spent).toBeLessThanOrEqual(within(1_748_362))
    expect(w.most).toBeLessThanOrEqual(within(214_269))
    // HiGHS: 293 of the 300 feasible, their optima summing to this.
    expect(w.cost).toBe(16_757_015_322)
  })
})
