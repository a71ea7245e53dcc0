/**
 * Several facilities forced open at once (the wave's branch and price: an order's plans must
 * take units from each of some nodes): each of them must serve a unit, together, or the
 * problem is infeasible. Plans are checked against brute force on tiny problems (the same
 * tie rule) and against HiGHS beyond enumeration, and the forced facilities are checked to
 * serve.
 */
import { describe, expect, test } from 'vitest'
import { evaluateOpenSet, solveFacilityProblem, type FacilityProblem, type FacilitySolution } from '../../../src/routing/optimiser.js'
import { solveWithHighs } from '../../support/highs.js'
import { bruteForce, forcedOf } from '../support/brute.js'
import { generateProblem, rng } from '../support/instances.js'

/** `p` with two or three of its facilities forced open (all of them when it has fewer). */
const withForced = (p: FacilityProblem, seed: number): FacilityProblem => {
  const r = rng(seed * 31 + 7)
  const want = Math.min(p.facilityCount, r.int(2, 3))
  const set = new Set<number>()
  while (set.size < want) set.add(r.int(0, p.facilityCount - 1))
  return { ...p, forceOpen: [...set] }
}

const tiny = (seed: number): FacilityProblem => {
  const r = rng(seed * 13 + 5)
  const p = generateProblem(seed + 70_000, {
    facilities: r.int(2, 7),
    items: r.int(1, 3),
    maxOpen: r.chance(0.3) ? 'unlimited' : r.int(1, 4),
    tiers: r.chance(0.4),
    capacities: r.chance(0.5),
    allOrNothing: r.chance(0.2),
  })
  return withForced(p, seed)
}

const beyond = (seed: number): FacilityProblem => {
  const r = rng(seed * 17 + 3)
  const p = generateProblem(seed + 80_000, { facilities: r.int(12, 24), items: r.int(1, 5), maxOpen: r.int(3, 6), tiers: r.chance(0.4), capacities: r.chance(0.5) })
  return withForced(p, seed)
}

/** Each forced facility is open and serves a unit. */
const forcedServe = (p: FacilityProblem, sol: FacilitySolution): boolean =>
  forcedOf(p).every((k) => sol.open.includes(k) && Array.from({ length: p.itemCount }, (_, s) => sol.flow[k * p.itemCount + s] ?? 0).some((x) => x > 0))

describe('several facilities forced open', () => {
  test('equal to enumeration on 1,000 tiny problems: feasibility, cost and open set', () => {
    let feasible = 0
    for (let seed = 1; seed <= 1_000; seed++) {
      const p = tiny(seed)
      const sol = solveFacilityProblem(p)
      const best = bruteForce(p)
      expect({ seed, feasible: sol.feasible }).toEqual({ seed, feasible: best.feasible })
      if (!best.feasible) continue
      feasible++
      expect({ seed, cost: sol.cost, open: [...sol.open], serve: forcedServe(p, sol) }).toEqual({ seed, cost: best.cost, open: [...best.open], serve: true })
      expect({ seed, cost: evaluateOpenSet(p, Int32Array.from(best.open)).cost }).toEqual({ seed, cost: best.cost })
    }
    // Both kinds are there: forcing several facilities is often impossible (maxOpen, stock).
    expect(feasible).toBeGreaterThan(300)
    expect(feasible).toBeLessThan(1_000)
  })

  test('equal to HiGHS on 150 problems beyond enumeration (12–24 facilities)', async () => {
    for (let seed = 1; seed <= 150; seed++) {
      const p = beyond(seed)
      const sol = solveFacilityProblem(p)
      const h = await solveWithHighs(p)
      expect({ seed, feasible: sol.feasible }).toEqual({ seed, feasible: h.status === 'Optimal' })
      if (!sol.feasible) continue
      expect(sol.optimality).toBe('proven')
      expect(forcedServe(p, sol)).toBe(true)
      expect({ seed, close: Math.abs(sol.cost - h.cost) <= 1e-6 * Math.max(1, Math.abs(h.cost)) }).toEqual({ seed, close: true })
    }
  })

  test('a set that cannot all serve (more than maxOpen, or one without stock) is infeasible', () => {
    const p = generateProblem(90_001, { facilities: 6, items: 2, maxOpen: 2 })
    expect(solveFacilityProblem({ ...p, forceOpen: [0, 1, 2] }).feasible).toBe(false)
    expect(solveFacilityProblem({ ...p, forceOpen: [0, 99] }).feasible).toBe(false)
  })
})
