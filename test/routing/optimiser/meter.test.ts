/**
 * The work meter at its limit: spent once it reaches the limit (not only past it), with
 * nothing left then or after, so that a limit stops a solve at the same step every time.
 */
import { describe, expect, it } from 'vitest'
import { solveFacilityProblem } from '../../../src/routing/optimiser.js'
import { spentOut, unitsLeft, workMeter } from '../../../src/routing/optimiser/meter.js'
import { beyondEnumeration, rng } from '../support/instances.js'

describe('a meter at and past its limit', () => {
  it('reaching the limit spends it: no further step starts, and nothing is left', () => {
    const m = workMeter(10)
    m.spent = 9
    expect({ spentOut: spentOut(m), left: unitsLeft(m) }).toEqual({ spentOut: false, left: 1 })
    m.spent = 10
    expect({ spentOut: spentOut(m), left: unitsLeft(m) }).toEqual({ spentOut: true, left: 0 })
    expect(spentOut(workMeter(0))).toBe(true)
  })

  it('units are charged a step at a time, so a meter ends past its limit: still nothing left, never less', () => {
    const m = workMeter(10)
    m.spent = 14
    expect({ spentOut: spentOut(m), left: unitsLeft(m) }).toEqual({ spentOut: true, left: 0 })
  })
})

describe('a solve whose limit is reached exactly at a check', () => {
  /**
   * Seeded, past enumeration (16 facilities, any number open). Building the problem (75
   * units) and evaluating the empty set (2) spend 77 units, and the greedy construction checks
   * the meter before its first addition: with a limit of 77 it stops there, and the plan is
   * serving nothing; one unit more and it adds facility 15, a plan of 9.998201.
   */
  const p = beyondEnumeration(9002, rng(62), 12)
  const solve = (limit: number) => {
    const meter = workMeter(limit)
    const sol = solveFacilityProblem(p, { meter })
    return { open: [...sol.open], cost: sol.cost, optimality: sol.optimality, searchNodes: sol.searchNodes, spent: meter.spent }
  }

  it('a limit of 77: the construction stops at its first check', () => {
    expect(solve(77)).toEqual({ open: [], cost: 141_027_000, optimality: 'bounded', searchNodes: 1, spent: 79 })
  })

  it('a limit of 78: it places facility 15', () => {
    expect(solve(78)).toEqual({ open: [15], cost: 9_998_201, optimality: 'bounded', searchNodes: 1, spent: 121 })
  })
})
