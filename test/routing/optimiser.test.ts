import { test as fcTest } from '@fast-check/vitest'
import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  evaluateOpenSet,
  solveFacilityProblem,
  unitsCost,
  type FacilityProblem,
  type FacilitySolution,
} from '../../src/routing/optimiser.js'
import { createWorkspace } from '../../src/routing/optimiser/assignment.js'
import { enumerateOpenSets } from '../../src/routing/optimiser/enumerate.js'
import { unlimitedMeter } from '../../src/routing/optimiser/meter.js'
import { prepareProblem } from '../../src/routing/optimiser/prepare.js'
import { searchOpenSet } from '../../src/routing/optimiser/search.js'
import { solveWithHighs } from '../support/highs.js'
import { runs } from '../support/properties.js'
import { groupedProblemArb, permuteFacilities, problemArb, protectedProblemArb, withStockGroups } from './support/arbitraries.js'
import { bruteForce, forcedOf } from './support/brute.js'
import { beyondEnumeration, generateProblem, rng, suiteProblem, UNLIMITED, type Flavour } from './support/instances.js'

const demandOf = (p: FacilityProblem, s: number): number => {
  let q = 0
  for (let t = p.tierStart[s] ?? 0; t < (p.tierStart[s + 1] ?? 0); t++) q += p.tierQuantity[t] ?? 0
  return q
}

/** Cost of a plan recomputed from its flows and unserved units. */
const recomputedCost = (p: FacilityProblem, sol: FacilitySolution): number => {
  let cost = 0
  for (const k of sol.open) cost += p.fixedCost[k] ?? 0
  sol.flow.forEach((x, i) => (cost += unitsCost(p, Math.floor(i / p.itemCount), i % p.itemCount, x)))
  sol.unserved.forEach((u, t) => (cost += u * (p.tierPenalty[t] ?? 0)))
  return cost
}

/** Every constraint of the MIP, checked on a plan; returns what is wrong, or []. */
const violations = (p: FacilityProblem, sol: FacilitySolution): string[] => {
  const wrong: string[] = []
  const items = p.itemCount
  const open = [...sol.open]
  if (sol.flow.length !== p.facilityCount * items) wrong.push('flow length')
  if (sol.unserved.length !== p.tierQuantity.length) wrong.push('unserved length')
  if (open.some((k, i) => i > 0 && k <= (open[i - 1] ?? -1))) wrong.push('open not ascending')
  if (open.length > p.maxOpen) wrong.push('too many open')
  for (let k = 0; k < p.facilityCount; k++) {
    let units = 0
    for (let s = 0; s < items; s++) {
      const x = sol.flow[k * items + s] ?? 0
      if (x < 0) wrong.push(`negative flow ${k},${s}`)
      if (x > (p.supply[k * items + s] ?? 0)) wrong.push(`flow above supply ${k},${s}`)
      units += x
    }
    if (units > (p.capacity[k] ?? 0)) wrong.push(`capacity ${k}`)
    if ((units > 0) !== open.includes(k)) wrong.push(`open set does not match flows at ${k}`)
  }
  const group = p.stockGroup
  if (group !== undefined) {
    for (let k = 0; k < p.facilityCount; k++) {
      for (let s = 0; s < items; s++) {
        let together = 0
        for (let j = 0; j <= k; j++) if ((group[k] ?? -1) >= 0 && group[j] === group[k]) together += sol.flow[j * items + s] ?? 0
        if ((group[k] ?? -1) >= 0 && together > (p.supply[k * items + s] ?? 0)) wrong.push(`shared stock above supply ${k},${s}`)
      }
    }
  }
  for (let s = 0; s < items; s++) {
    let served = 0
    for (let k = 0; k < p.facilityCount; k++) served += sol.flow[k * items + s] ?? 0
    let left = 0
    for (let t = p.tierStart[s] ?? 0; t < (p.tierStart[s + 1] ?? 0); t++) {
      const u = sol.unserved[t] ?? 0
      if (u < 0 || u > (p.tierQuantity[t] ?? 0)) wrong.push(`unserved out of range at tier ${t}`)
      left += u
    }
    if (served + left !== demandOf(p, s)) wrong.push(`coverage of item ${s}`)
  }
  if (p.allOrNothing) {
    const anyServed = sol.flow.some((x) => x > 0)
    const anyLeft = sol.unserved.some((u) => u > 0)
    if (anyServed && anyLeft) wrong.push('all-or-nothing served part of the order')
  }
  if (sol.feasible && forcedOf(p).some((f) => !open.includes(f))) wrong.push('forced facility unused')
  if (recomputedCost(p, sol) !== sol.cost) wrong.push('cost does not match flows')
  if (!(sol.lowerBound <= sol.cost)) wrong.push('lower bound above cost')
  if (sol.optimality === 'proven' && sol.lowerBound !== sol.cost) wrong.push('proven but bound below cost')
  return wrong
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b))

/** The optimiser's plan of a tiny problem against enumeration: valid, and the same feasibility, cost and open set. */
const expectEnumeration = (p: FacilityProblem): void => {
  const sol = solveFacilityProblem(p)
  const best = bruteForce(p)
  expect(violations(p, sol)).toEqual([])
  expect(sol.feasible).toBe(best.feasible)
  if (best.feasible) {
    expect(sol.cost).toBe(best.cost)
    expect([...sol.open]).toEqual([...best.open])
  }
}

/**
 * What is wrong with the optimiser's plan of `p` (with a large search budget) against HiGHS:
 * an invalid plan, a feasibility HiGHS disagrees with, or a cost not proven equal; undefined
 * when nothing is.
 */
const provenAsHighs = async (p: FacilityProblem): Promise<string | undefined> => {
  const sol = solveFacilityProblem(p, { maxSearchNodes: 5_000_000 })
  const wrong = violations(p, sol)
  if (wrong.length > 0) return wrong.join(', ')
  const h = await solveWithHighs(p)
  if (!sol.feasible) return h.status === 'Optimal' ? `infeasible, HiGHS ${h.cost}` : undefined
  return sol.optimality !== 'proven' || !close(h.cost, sol.cost) ? `${sol.optimality} ${sol.cost} vs HiGHS ${h.cost}` : undefined
}

describe('solveFacilityProblem against HiGHS', () => {
  test('the HiGHS oracle itself agrees with brute force on tiny instances', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed * 97)
      const p = generateProblem(seed + 3100, {
        facilities: r.int(0, 7),
        items: r.int(1, 3),
        maxOpen: r.chance(0.3) ? 'unlimited' : r.int(1, 3),
        tiers: r.chance(0.4),
        capacities: r.chance(0.4),
        allOrNothing: r.chance(0.3),
        forceOpen: r.chance(0.2),
      })
      const best = bruteForce(p)
      const h = await solveWithHighs(p)
      expect({ seed, optimal: h.status === 'Optimal' }).toEqual({ seed, optimal: best.feasible })
      if (best.feasible) expect(close(h.cost, best.cost)).toBe(true)
    }
  })

  test('equals the MIP optimum on 600 seeded instances (≤ 40 facilities × 8 items)', async () => {
    let instances = 0
    let equal = 0
    let proven = 0
    let infeasible = 0
    const mismatches: string[] = []
    for (let seed = 1; seed <= 600; seed++) {
      const p = suiteProblem(seed)
      const sol = solveFacilityProblem(p)
      const h = await solveWithHighs(p)
      instances++
      if (sol.optimality === 'proven') proven++
      expect(violations(p, sol)).toEqual([])
      if (h.status !== 'Optimal') {
        infeasible++
        if (!sol.feasible) equal++
        else mismatches.push(`seed ${seed}: HiGHS ${h.status}, optimiser feasible`)
        continue
      }
      if (sol.feasible && close(sol.cost, h.cost)) equal++
      else if (sol.optimality === 'proven' || !sol.feasible) mismatches.push(`seed ${seed}: ${sol.cost} vs ${h.cost}`)
      else if (!(sol.lowerBound <= h.cost + 1e-6 * h.cost && h.cost <= sol.cost + 1e-6 * h.cost)) {
        mismatches.push(`seed ${seed}: bounded answer does not bracket the optimum`)
      }
    }
    console.log(`optimiser vs HiGHS: ${instances} instances, ${equal} equal to HiGHS, ${proven} proven, ${infeasible} infeasible (forceOpen)`)
    expect(mismatches).toEqual([])
    expect(equal).toBe(instances)
    expect(proven).toBe(instances)
  })

  test('adversarial instances: equal costs everywhere, zero fixed costs, penalties below every cost', async () => {
    const flavours: Flavour[] = ['equal-costs', 'zero-fixed', 'penalty-below-cost']
    let instances = 0
    let equal = 0
    for (let seed = 1; seed <= 90; seed++) {
      const r = rng(seed * 101)
      const p = generateProblem(seed * 13, {
        facilities: r.int(5, 40),
        items: r.int(1, 8),
        maxOpen: r.chance(0.3) ? 'unlimited' : r.int(1, 4),
        flavour: flavours[seed % 3] ?? 'equal-costs',
        density: 0.2 + r.next() * 0.5,
        capacities: r.chance(0.3),
        tiers: r.chance(0.3),
        allOrNothing: r.chance(0.2),
      })
      const sol = solveFacilityProblem(p)
      const h = await solveWithHighs(p)
      instances++
      expect(violations(p, sol)).toEqual([])
      expect(h.status).toBe('Optimal')
      expect(sol.optimality).toBe('proven')
      if (close(sol.cost, h.cost)) equal++
    }
    console.log(`adversarial vs HiGHS: ${instances} instances, ${equal} equal to HiGHS`)
    expect(equal).toBe(instances)
  })

  test('a tiny search budget still returns a feasible plan and a valid, finite lower bound', async () => {
    let bounded = 0
    for (let seed = 1; seed <= 90; seed++) {
      const p = suiteProblem(seed + 5000)
      const sol = solveFacilityProblem(p, { maxSearchNodes: 1 + (seed % 3) * 2 })
      expect(violations(p, sol)).toEqual([])
      expect(Number.isFinite(sol.lowerBound)).toBe(true)
      if (sol.optimality === 'bounded') bounded++
      const h = await solveWithHighs(p)
      if (h.status !== 'Optimal') continue
      expect(sol.lowerBound).toBeLessThanOrEqual(h.cost + 1e-6 * Math.max(1, h.cost))
      expect(sol.cost).toBeGreaterThanOrEqual(h.cost - 1e-6 * Math.max(1, h.cost))
    }
    expect(bounded).toBeGreaterThan(0)
  })
})

describe('edge cases against HiGHS', () => {
  const check = async (p: FacilityProblem): Promise<FacilitySolution> => {
    const sol = solveFacilityProblem(p)
    expect(violations(p, sol)).toEqual([])
    expect(sol.optimality).toBe('proven')
    const h = await solveWithHighs(p)
    if (h.status === 'Optimal') {
      expect(sol.feasible).toBe(true)
      expect(close(sol.cost, h.cost)).toBe(true)
    } else expect(sol.feasible).toBe(false)
    return sol
  }

  test('large quantities (up to 40 units a tier) and many items (up to 20)', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const r = rng(seed * 7 + 3)
      await check(
        generateProblem(seed + 900, {
          facilities: r.int(5, 30),
          items: seed % 2 === 0 ? r.int(10, 20) : r.int(1, 5),
          maxOpen: r.chance(0.3) ? 'unlimited' : r.int(1, 4),
          maxQuantity: seed % 2 === 0 ? 3 : 40,
          density: 0.3,
          tiers: r.chance(0.5),
          capacities: r.chance(0.3),
          allOrNothing: r.chance(0.2),
        }),
      )
    }
  })

  test('unsorted tiers, items without tiers, zero penalties, zero capacities, maxOpen above the facility count', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const base = generateProblem(seed + 1700, { facilities: 12, items: 4, maxOpen: 3, tiers: true, capacities: true })
      const r = rng(seed)
      // Reverse each item's tiers, zero some penalties, drop item 0's tiers, zero some capacities.
      const tierStart = Int32Array.from(base.tierStart)
      const quantity: number[] = []
      const penalty: number[] = []
      for (let s = 0; s < base.itemCount; s++) {
        tierStart[s] = quantity.length
        if (s === 0 && seed % 3 === 0) continue
        for (let t = (base.tierStart[s + 1] ?? 0) - 1; t >= (base.tierStart[s] ?? 0); t--) {
          quantity.push(base.tierQuantity[t] ?? 1)
          penalty.push(r.chance(0.15) ? 0 : (base.tierPenalty[t] ?? 0))
        }
      }
      tierStart[base.itemCount] = quantity.length
      const capacity = Int32Array.from(base.capacity, (c) => (r.chance(0.1) ? 0 : c))
      await check({
        ...base,
        tierStart,
        tierQuantity: Int32Array.from(quantity),
        tierPenalty: Float64Array.from(penalty),
        capacity,
        maxOpen: seed % 2 === 0 ? 50 : base.maxOpen,
      })
    }
  })

  test('forceOpen: at a loss, out of range, without stock', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const base = generateProblem(seed + 2500, { facilities: 10, items: 3, maxOpen: (seed % 3) + 1, capacities: seed % 2 === 0 })
      const forceOpen = seed % 5 === 0 ? 10 : seed % 7 === 0 ? -1 : seed % 10
      const sol = solveFacilityProblem({ ...base, forceOpen })
      if (forceOpen < 0 || forceOpen >= base.facilityCount) {
        expect(sol.feasible).toBe(false)
        continue
      }
      await check({ ...base, forceOpen })
      if (sol.feasible) expect([...sol.open]).toContain(forceOpen)
    }
  })

  test('identical facilities: the lowest indexes win the tie', () => {
    const p = generateProblem(5, { facilities: 1, items: 3, maxOpen: 2, density: 1 })
    const copies = 6
    const items = p.itemCount
    const twin: FacilityProblem = {
      ...p,
      facilityCount: copies,
      fixedCost: new Float64Array(copies).fill(p.fixedCost[0] ?? 0),
      unitCost: Float64Array.from({ length: copies * items }, (_, i) => p.unitCost[i % items] ?? 0),
      supply: Int32Array.from({ length: copies * items }, (_, i) => p.supply[i % items] ?? 0),
      capacity: new Int32Array(copies).fill(UNLIMITED),
      maxOpen: copies,
    }
    const sol = solveFacilityProblem(twin)
    expect(sol.optimality).toBe('proven')
    expect(sol.open[0]).toBe(0)
    expect([...sol.open]).toEqual([...bruteForce(twin).open])
  })
})

const SMALL_FLAVOURS: Flavour[] = ['realistic', 'equal-costs', 'zero-fixed', 'penalty-below-cost', 'mixed']

/** A small problem of every flavour: up to `facilities` facilities and `items` items, drawn with `r`. */
const smallProblem = (seed: number, r: ReturnType<typeof rng>, facilities: number, items: number): FacilityProblem =>
  generateProblem(seed, {
    facilities: r.int(0, facilities),
    items: r.int(1, items),
    maxOpen: r.chance(0.3) ? 'unlimited' : r.int(1, 3),
    flavour: SMALL_FLAVOURS[seed % 5] ?? 'realistic',
    density: 0.2 + r.next() * 0.6,
    maxQuantity: r.int(1, 3),
    tiers: r.chance(0.4),
    capacities: r.chance(0.4),
    allOrNothing: r.chance(0.2),
    forceOpen: r.chance(0.2),
  })

describe('solveFacilityProblem against brute force', () => {
  test('equals enumeration on 1,500 tiny instances, tie rule included', () => {
    for (let seed = 1; seed <= 1500; seed++) {
      const p = smallProblem(seed, rng(seed * 31 + 5), 8, 4)
      const sol = solveFacilityProblem(p)
      const best = bruteForce(p)
      expect({ seed, feasible: sol.feasible }).toEqual({ seed, feasible: best.feasible })
      if (!best.feasible) continue
      expect({ seed, cost: sol.cost, open: [...sol.open] }).toEqual({ seed, cost: best.cost, open: [...best.open] })
    }
  })

  fcTest.prop([problemArb({ maxFacilities: 7, maxItems: 3 })], { numRuns: 300 })(
    'equals enumeration on arbitrary tiny problems (cost, then fewest facilities, then lowest indexes)',
    (p) => {
      const sol = solveFacilityProblem(p)
      const best = bruteForce(p)
      expect(sol.feasible).toBe(best.feasible)
      if (best.feasible) {
        expect(sol.cost).toBe(best.cost)
        expect([...sol.open]).toEqual([...best.open])
      }
    },
  )
})

describe('shared stock (stock groups)', () => {
  fcTest.prop([groupedProblemArb({ maxFacilities: 7, maxItems: 3 })], { numRuns: 300 })(
    'equals enumeration with cumulative supplies shared within each group',
    (p) => expectEnumeration(p),
  )

  test('a node sends now what it has and waits for the lot only with what must wait', () => {
    // One item, 5 units demanded (penalty 50 each). Facility 0: the node now, 2 units at 1 a
    // unit, parcel 3. Facility 1: the same node once a lot lands, 5 units cumulative, at 4 a
    // unit (a slower delivery priced in), parcel 3. Sharing: 0 and 1 together send at most 5.
    // Both: 3 + 2×1 + 3 + 3×4 = 20. Only the later one: 3 + 5×4 = 23. Without the group, the
    // optimiser would take 2 + 5 = 7 units of a stock of 5.
    const p: FacilityProblem = {
      itemCount: 1,
      tierStart: Int32Array.of(0, 1),
      tierQuantity: Int32Array.of(5),
      tierPenalty: Float64Array.of(50e6),
      facilityCount: 2,
      fixedCost: Float64Array.of(3e6, 3e6),
      unitCost: Float64Array.of(1e6, 4e6),
      supply: Int32Array.of(2, 5),
      capacity: Int32Array.of(UNLIMITED, UNLIMITED),
      maxOpen: 2,
      allOrNothing: false,
      stockGroup: Int32Array.of(0, 0),
    }
    const sol = solveFacilityProblem(p)
    expect({ cost: sol.cost, flow: [...sol.flow], open: [...sol.open] }).toEqual({ cost: 20e6, flow: [2, 3], open: [0, 1] })
    expect(solveFacilityProblem({ ...p, maxOpen: 1 }).cost).toBe(23e6)
  })

  test('equals HiGHS on 300 seeded grouped instances beyond enumeration (search, bounds and capacities)', async () => {
    const mismatches: string[] = []
    for (let seed = 1; seed <= runs(300); seed++) {
      const r = rng(seed * 131 + 7)
      const base = beyondEnumeration(seed + 9100, r, 10)
      const cuts = Array.from({ length: base.facilityCount }, () => r.chance(0.5))
      const p = withStockGroups(base, cuts)
      // Shared stock weakens the bound (each member is valued on the whole cumulative stock),
      // so some of these need more than the default search budget to be proven.
      const wrong = await provenAsHighs(p)
      if (wrong !== undefined) mismatches.push(`${seed}: ${wrong}`)
    }
    expect(mismatches).toEqual([])
  })
})

describe('protected units (a dearer last few of a supply)', () => {
  fcTest.prop([protectedProblemArb({ maxFacilities: 7, maxItems: 3 })], { numRuns: 300 })(
    'equals enumeration, the protected units priced as a second, dearer supply',
    (p) => expectEnumeration(p),
  )

  test('a store gives up its last pair only when it pays: 2 of 3 units protected at 4 each', () => {
    // Demand 3 (penalty 50). Store: parcel 2, unit 1, 3 units of which the last 2 cost 4 more.
    // Warehouse: parcel 6, unit 1, 3 units. Store alone: 2 + 3 + 2 × 4 = 13; warehouse alone:
    // 6 + 3 = 9; store 1 + warehouse 2: 2 + 1 + 6 + 2 = 11. The warehouse.
    const p: FacilityProblem = {
      itemCount: 1,
      tierStart: Int32Array.of(0, 1),
      tierQuantity: Int32Array.of(3),
      tierPenalty: Float64Array.of(50e6),
      facilityCount: 2,
      fixedCost: Float64Array.of(2e6, 6e6),
      unitCost: Float64Array.of(1e6, 1e6),
      supply: Int32Array.of(3, 3),
      capacity: Int32Array.of(UNLIMITED, UNLIMITED),
      maxOpen: 2,
      allOrNothing: false,
      protectedUnits: Int32Array.of(2, 0),
      protectedCost: Float64Array.of(4e6, 0),
    }
    const sol = solveFacilityProblem(p)
    expect({ cost: sol.cost, open: [...sol.open] }).toEqual({ cost: 9e6, open: [1] })
    // At 1 a protected unit the store alone wins: 2 + 3 + 2 = 7.
    expect(solveFacilityProblem({ ...p, protectedCost: Float64Array.of(1e6, 0) }).cost).toBe(7e6)
  })

  test('equals HiGHS on 300 seeded instances with protected units (and shared stock in half of them)', async () => {
    const mismatches: string[] = []
    for (let seed = 1; seed <= runs(300); seed++) {
      const r = rng(seed * 173 + 11)
      const base = beyondEnumeration(seed + 12_100, r, 6)
      const shared = r.chance(0.5) ? withStockGroups(base, Array.from({ length: base.facilityCount }, () => r.chance(0.5))) : base
      const p: FacilityProblem = {
        ...shared,
        protectedUnits: Int32Array.from(shared.supply, (a) => Math.min(a, r.int(0, 2))),
        protectedCost: Float64Array.from({ length: shared.facilityCount }, () => r.int(0, 4) * 500_000),
      }
      const wrong = await provenAsHighs(p)
      if (wrong !== undefined) mismatches.push(`${seed}: ${wrong}`)
    }
    expect(mismatches).toEqual([])
  })
})

describe('solveFacilityProblem properties', () => {
  const arb = problemArb({ maxFacilities: 12, maxItems: 5 })

  fcTest.prop([arb], { numRuns: 300 })('plans are feasible, costed from their flows, and bounded below', (p) => {
    expect(violations(p, solveFacilityProblem(p))).toEqual([])
  })

  fcTest.prop([arb], { numRuns: 200 })('evaluating the plan’s open set reproduces the plan', (p) => {
    const sol = solveFacilityProblem(p)
    if (!sol.feasible) return
    const again = evaluateOpenSet(p, sol.open)
    expect(again.cost).toBe(sol.cost)
    expect([...again.open]).toEqual([...sol.open])
    expect([...again.flow]).toEqual([...sol.flow])
    expect(violations(p, again).filter((v) => !v.startsWith('proven'))).toEqual([])
  })

  fcTest.prop([arb, fc.integer()], { numRuns: 200 })('permuting facilities changes nothing but the indexes', (p, seed) => {
    const r = rng(seed)
    const order = Array.from({ length: p.facilityCount }, (_, i) => i)
    for (let i = order.length - 1; i > 0; i--) {
      const j = r.int(0, i)
      const t = order[i] ?? 0
      order[i] = order[j] ?? 0
      order[j] = t
    }
    const a = solveFacilityProblem(p)
    const b = solveFacilityProblem(permuteFacilities(p, order))
    expect(b.feasible).toBe(a.feasible)
    expect(b.cost).toBe(a.cost)
    expect(b.open.length).toBe(a.open.length)
  })

  fcTest.prop([arb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 3 })], { numRuns: 200 })(
    'adding supply never increases the cost',
    (p, kSeed, sSeed, more) => {
      if (p.facilityCount === 0) return
      const at = (kSeed % p.facilityCount) * p.itemCount + (sSeed % p.itemCount)
      const supply = Int32Array.from(p.supply)
      supply[at] = (supply[at] ?? 0) + more
      const before = solveFacilityProblem(p)
      const after = solveFacilityProblem({ ...p, supply })
      if (before.feasible) expect(after.cost).toBeLessThanOrEqual(before.cost)
    },
  )

  fcTest.prop([arb], { numRuns: 100 })('is deterministic and leaves its input untouched', (p) => {
    const copy = structuredClone(p)
    const a = solveFacilityProblem(p)
    const b = solveFacilityProblem(p)
    expect(b).toEqual(a)
    expect(p).toEqual(copy)
  })

  fcTest.prop([arb, fc.array(fc.nat(), { maxLength: 4 })], { numRuns: 150 })(
    'seeding incumbents never changes the answer',
    (p, picks) => {
      const seed = Int32Array.from(new Set(picks.map((x) => (p.facilityCount > 0 ? x % p.facilityCount : 0)))).sort()
      const plain = solveFacilityProblem(p)
      const seeded = solveFacilityProblem(p, { incumbents: [seed] })
      expect(seeded.cost).toBe(plain.cost)
      expect([...seeded.open]).toEqual([...plain.open])
    },
  )
})

describe('evaluateOpenSet and edge cases', () => {
  const one = (over: Partial<FacilityProblem>): FacilityProblem => ({
    itemCount: 2,
    tierStart: Int32Array.of(0, 1, 2),
    tierQuantity: Int32Array.of(1, 1),
    tierPenalty: Float64Array.of(100_000_000, 50_000_000),
    facilityCount: 2,
    fixedCost: Float64Array.of(1_000_000, 1_000_000),
    unitCost: Float64Array.of(1_000_000, 1_000_000, 1_000_000, 1_000_000),
    supply: Int32Array.of(1, 1, 1, 0),
    capacity: Int32Array.of(1, UNLIMITED),
    maxOpen: 2,
    allOrNothing: false,
    ...over,
  })

  test('a binding capacity is solved as a transportation problem, not greedily', () => {
    // Facility 0 (capacity 1) could serve either item; facility 1 only the first. The greedy
    // order would give facility 0 the first item and leave the second unserved.
    const sol = evaluateOpenSet(one({}), Int32Array.of(0, 1))
    expect([...sol.flow]).toEqual([0, 1, 1, 0])
    expect(sol.cost).toBe(2_000_000 + 2_000_000)
  })

  test('the optimiser opens both facilities for that case', () => {
    const sol = solveFacilityProblem(one({}))
    expect([...sol.open]).toEqual([0, 1])
    expect(sol.cost).toBe(4_000_000)
    expect(sol.optimality).toBe('proven')
  })

  test('forceOpen is honoured even at a loss, and reported infeasible when it cannot be', () => {
    const forced = solveFacilityProblem(one({ forceOpen: 1, maxOpen: 1, capacity: Int32Array.of(UNLIMITED, UNLIMITED) }))
    expect(forced.feasible).toBe(true)
    expect([...forced.open]).toEqual([1])
    const noStock = solveFacilityProblem(one({ forceOpen: 1, supply: Int32Array.of(1, 1, 0, 0) }))
    expect(noStock.feasible).toBe(false)
    expect([...noStock.open]).toEqual([])
    const cannotServeAll = solveFacilityProblem(one({ forceOpen: 1, maxOpen: 1, allOrNothing: true }))
    expect(cannotServeAll.feasible).toBe(false)
  })

  test('all-or-nothing serves nothing when serving everything costs more', () => {
    const p = one({ allOrNothing: true, fixedCost: Float64Array.of(200_000_000, 200_000_000) })
    const sol = solveFacilityProblem(p)
    expect([...sol.open]).toEqual([])
    expect(sol.cost).toBe(150_000_000)
  })

  test('no facilities: everything is unserved', () => {
    const p = one({ facilityCount: 0, fixedCost: new Float64Array(0), unitCost: new Float64Array(0), supply: new Int32Array(0), capacity: new Int32Array(0) })
    const sol = solveFacilityProblem(p)
    expect(sol.cost).toBe(150_000_000)
    expect([...sol.unserved]).toEqual([1, 1])
    expect(sol.optimality).toBe('proven')
  })

  test('the highest-penalty line is served first from the cheapest facility', () => {
    const p: FacilityProblem = {
      itemCount: 1,
      tierStart: Int32Array.of(0, 2),
      tierQuantity: Int32Array.of(1, 2),
      tierPenalty: Float64Array.of(9_000_000, 3_000_000),
      facilityCount: 2,
      fixedCost: Float64Array.of(0, 0),
      unitCost: Float64Array.of(2_000_000, 1_000_000),
      supply: Int32Array.of(5, 1),
      capacity: Int32Array.of(UNLIMITED, UNLIMITED),
      maxOpen: 2,
      allOrNothing: false,
    }
    const sol = solveFacilityProblem(p)
    // Unit 1 from facility 1 (cost 1), units 2 and 3 from facility 0 (cost 2 < 3).
    expect([...sol.flow]).toEqual([2, 1])
    expect([...sol.unserved]).toEqual([0, 0])
    expect(sol.cost).toBe(5_000_000)
  })

  test('a realistic 300-facility order is proven within the default budget', () => {
    const p = generateProblem(77, { facilities: 300, items: 5, maxOpen: 3, density: 0.15 })
    const sol = solveFacilityProblem(p)
    expect(sol.optimality).toBe('proven')
    expect(violations(p, sol)).toEqual([])
  })
})

describe('branch and bound against exhaustive enumeration', () => {
  // Small problems are solved by enumeration, so the search itself is checked on them here.
  test('both find the same open set and cost on 1,500 small instances, tie rule included', () => {
    for (let seed = 1; seed <= 1500; seed++) {
      const p = smallProblem(seed + 9000, rng(seed * 17 + 3), 9, 5)
      const P = prepareProblem(p, unlimitedMeter())
      if (!P.feasible) continue
      const searched = searchOpenSet(P, 1_000_000, [])
      const enumerated = enumerateOpenSets(P, createWorkspace(P), 1_000_000)
      expect(searched.proven).toBe(true)
      expect({ seed, cost: enumerated?.cost, set: [...(enumerated?.set ?? [])] }).toEqual({
        seed,
        cost: searched.cost,
        set: [...(searched.set ?? [])],
      })
    }
  })
})
