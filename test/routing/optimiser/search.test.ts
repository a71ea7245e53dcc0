/**
 * The search's work, pinned. Every plan the search returns is checked elsewhere against
 * HiGHS and enumeration; what those checks cannot see is a search that reaches the same plan
 * with weaker bounds, fewer fixings or a worse incumbent, and so spends more of a budget that
 * large orders run out of. Work is counted in deterministic units (see meter.ts), so the
 * totals over seeded suites are exact, and each is pinned to its recorded value: even a small
 * loss (a root round skipped, a fixing missed at the tolerance) or a step left uncounted
 * shows. A change to the search's work on these suites must say why and record it again.
 */
import { describe, expect, test } from 'vitest'
import { solveFacilityProblem, type FacilityProblem, type FacilitySolution } from '../../../src/routing/optimiser.js'
import { unlimitedMeter, workMeter } from '../../../src/routing/optimiser/meter.js'
import { beyondEnumeration, generateProblem, rng, suiteProblem } from '../support/instances.js'
import { compareWithEnumeration } from '../support/search.js'

/** Past enumeration (12–24 facilities): the bounds, fixings and branching are all at work. */
const pastEnumeration = (seed: number): FacilityProblem => beyondEnumeration(seed + 9000, rng(seed * 31), 12)

const optima = new Map<number, FacilitySolution>()
/** The unlimited solve of `pastEnumeration(seed)`, worked out once for every test below that compares with it. */
const optimumOf = (seed: number): FacilitySolution => {
  let best = optima.get(seed)
  if (best === undefined) {
    best = solveFacilityProblem(pastEnumeration(seed))
    optima.set(seed, best)
  }
  return best
}

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

describe('the search’s work on seeded suites, pinned', () => {
  test('the 600 problems checked against HiGHS (≤ 40 facilities × 8 items)', () => {
    const w = workOf(suiteProblem, 600)
    expect(w.nodes).toBe(10_188)
    expect(w.spent).toBe(6_686_471)
    expect(w.most).toBe(868_831)
    expect(w.cost).toBe(44_445_632_864)
  })

  test('300 problems past enumeration (12–24 facilities)', () => {
    const w = workOf(pastEnumeration, 300)
    expect(w.nodes).toBe(3_588)
    expect(w.spent).toBe(1_436_039)
    expect(w.most).toBe(203_656)
    // HiGHS: 293 of the 300 feasible, their optima summing to this.
    expect(w.cost).toBe(16_757_015_322)
  })
})

/**
 * One suite stopped early, by a node budget or a work limit: every answer must hold a true
 * lower bound (at most the optimum, found by an unlimited solve) and a plan no cheaper than
 * the optimum. The totals pin the answers exactly where the search stops: how far the bounds
 * fall short of the optima, how far the plans lie above them, and how many are proven. A
 * change to where or how the search stops, better or worse, must say why and record them again.
 */
const stoppedEarly = (stop: { readonly nodes?: number; readonly units?: number }, count: number) => {
  let shortfall = 0
  let excess = 0
  let proven = 0
  for (let seed = 1; seed <= count; seed++) {
    const p = pastEnumeration(seed)
    const best = optimumOf(seed)
    if (!best.feasible) continue
    const sol = solveFacilityProblem(p, {
      ...(stop.nodes === undefined ? {} : { maxSearchNodes: stop.nodes }),
      ...(stop.units === undefined ? {} : { meter: workMeter(stop.units) }),
    })
    expect(sol.feasible).toBe(true)
    expect(Number.isInteger(sol.lowerBound)).toBe(true)
    expect(sol.lowerBound).toBeLessThanOrEqual(best.cost)
    expect(sol.cost).toBeGreaterThanOrEqual(best.cost)
    if (sol.optimality === 'proven') {
      expect(sol.cost).toBe(best.cost)
      expect(sol.lowerBound).toBe(sol.cost)
      proven++
    } else expect(sol.lowerBound).toBeLessThanOrEqual(sol.cost)
    shortfall += best.cost - sol.lowerBound
    excess += sol.cost - best.cost
  }
  return { proven, shortfall, excess }
}

describe('a search stopped early keeps a true bound and its best plan', () => {
  // Recorded on the 293 feasible problems of the suite above.
  test.each([
    ['3 nodes', { nodes: 3 }, { proven: 137, shortfall: 3_639_213_164, excess: 602_073_462 }],
    ['12 nodes', { nodes: 12 }, { proven: 233, shortfall: 1_335_129_768, excess: 67_707_143 }],
    ['33 nodes (one past the light search)', { nodes: 33 }, { proven: 273, shortfall: 627_554_128, excess: 5_287_207 }],
    ['40 nodes', { nodes: 40 }, { proven: 278, shortfall: 355_685_304, excess: 0 }],
    ['2,000 units', { units: 2_000 }, { proven: 230, shortfall: 2_623_254_077, excess: 1_084_183_010 }],
    ['8,000 units', { units: 8_000 }, { proven: 269, shortfall: 919_004_636, excess: 12_286_857 }],
    ['30,000 units', { units: 30_000 }, { proven: 285, shortfall: 76_973_976, excess: 0 }],
  ] as const)('%s', (_, stop, recorded) => {
    expect(stoppedEarly(stop, 300)).toEqual(recorded)
  })
})

describe('the incumbents a caller passes in seed the search', () => {
  test('an optimal incumbent is kept when the search stops after 1 node', () => {
    let used = 0
    for (let seed = 1; seed <= 300; seed++) {
      const p = pastEnumeration(seed)
      const best = optimumOf(seed)
      if (!best.feasible) continue
      const alone = solveFacilityProblem(p, { maxSearchNodes: 1 })
      const seeded = solveFacilityProblem(p, { maxSearchNodes: 1, incumbents: [best.open] })
      expect(seeded.cost).toBe(best.cost)
      expect(seeded.lowerBound).toBeLessThanOrEqual(best.cost)
      if (alone.cost > best.cost) used++
    }
    // The problems where the search alone, stopped there, keeps a worse plan.
    expect(used).toBeGreaterThanOrEqual(25)
  })

  test('an incumbent opening more facilities than allowed is ignored', () => {
    let tried = 0
    for (let seed = 1; seed <= 300; seed++) {
      const p = pastEnumeration(seed)
      if (p.maxOpen >= p.facilityCount || p.forceOpen !== undefined) continue
      const best = optimumOf(seed)
      const free = solveFacilityProblem({ ...p, maxOpen: p.facilityCount })
      if (!best.feasible || free.open.length <= p.maxOpen || free.cost >= best.cost) continue
      tried++
      const seeded = solveFacilityProblem(p, { incumbents: [free.open] })
      expect(seeded.cost).toBe(best.cost)
      expect(seeded.open.length).toBeLessThanOrEqual(p.maxOpen)
      expect([...seeded.open]).toEqual([...best.open])
    }
    expect(tried).toBeGreaterThanOrEqual(50)
  })
})

describe('a plan that needs every candidate', () => {
  test('12 facilities, each the only one to stock its item: all 12 open', () => {
    const n = 12
    const supply = new Int32Array(n * n)
    const unitCost = new Float64Array(n * n)
    for (let k = 0; k < n; k++) {
      supply[k * n + k] = 2
      unitCost[k * n + k] = 400_000 + 1_000 * k
    }
    const p: FacilityProblem = {
      itemCount: n,
      tierStart: Int32Array.from({ length: n + 1 }, (_, s) => s),
      tierQuantity: new Int32Array(n).fill(2),
      tierPenalty: new Float64Array(n).fill(40_000_000),
      facilityCount: n,
      fixedCost: Float64Array.from({ length: n }, (_, k) => 8_759_000 + k),
      unitCost,
      supply,
      capacity: new Int32Array(n).fill(2_147_483_647),
      maxOpen: n,
      allOrNothing: false,
    }
    const sol = solveFacilityProblem(p)
    expect(sol.optimality).toBe('proven')
    expect([...sol.open]).toEqual(Array.from({ length: n }, (_, k) => k))
    // Σ fixed (8,759,000 × 12 + 66) + Σ 2 units × (400,000 + 1,000 k) (9,600,000 + 132,000).
    expect(sol.cost).toBe(105_108_066 + 9_732_000)
    expect(sol.searchNodes).toBeGreaterThan(0)
  })
})

describe('a forced facility', () => {
  test('serves even where serving nothing would cost less, whichever facility it is', () => {
    // 12 facilities stocking 3 items (2 units each) at 1 a unit, opening at 8 (+ k micros);
    // leaving a unit costs 1.5, so serving nothing (9) beats any plan (at least 8 + 6 = 14).
    const n = 12
    const items = 3
    const p: FacilityProblem = {
      itemCount: items,
      tierStart: Int32Array.from([0, 1, 2, 3]),
      tierQuantity: Int32Array.from([2, 2, 2]),
      tierPenalty: new Float64Array(items).fill(1_500_000),
      facilityCount: n,
      fixedCost: Float64Array.from({ length: n }, (_, k) => 8_000_000 + k),
      unitCost: new Float64Array(n * items).fill(1_000_000),
      supply: new Int32Array(n * items).fill(2),
      capacity: new Int32Array(n).fill(2_147_483_647),
      maxOpen: 3,
      allOrNothing: false,
    }
    expect(solveFacilityProblem(p).cost).toBe(9_000_000)
    for (let k = 0; k < n; k++) {
      const sol = solveFacilityProblem({ ...p, forceOpen: k })
      expect(sol.feasible).toBe(true)
      expect(sol.optimality).toBe('proven')
      // Facility k alone, serving all 6 units (each unit served saves 0.5).
      expect({ k, open: [...sol.open], cost: sol.cost }).toEqual({ k, open: [k], cost: 14_000_000 + k })
      expect(sol.searchNodes).toBeGreaterThan(0)
    }
  })
})

describe('all-or-nothing orders whose items need most of the slots to cover', () => {
  /**
   * 12 to 16 candidates holding 1 to 5 units of items demanded 1 to 4 at a time, at most 2 to 4
   * facilities: whether the members and the slots left can still cover every item decides
   * most subtrees. Equal to enumeration, plan by plan; the search nodes pinned.
   */
  test('400 seeded problems', () => {
    const problem = (seed: number): FacilityProblem => {
      const r = rng(seed * 17 + 3)
      return generateProblem(seed + 70_000, {
        facilities: r.int(12, 16),
        items: r.int(2, 4),
        maxOpen: r.int(2, 4),
        density: 0.3 + r.next() * 0.4,
        maxQuantity: 4,
        capacities: r.chance(0.3),
        allOrNothing: true,
      })
    }
    expect(compareWithEnumeration(400, problem)).toEqual({ compared: 400, served: 379, nodes: 3_032 })
  })
})
