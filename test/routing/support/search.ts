/** The branch and bound checked against exhaustive enumeration on one prepared problem. */
import { expect } from 'vitest'
import { solveFacilityProblem, type FacilityProblem } from '../../../src/routing/optimiser.js'
import { createWorkspace } from '../../../src/routing/optimiser/assignment.js'
import { enumerateOpenSets } from '../../../src/routing/optimiser/enumerate.js'
import { unlimitedMeter } from '../../../src/routing/optimiser/meter.js'
import { prepareProblem } from '../../../src/routing/optimiser/prepare.js'
import { searchOpenSet, type SearchResult } from '../../../src/routing/optimiser/search.js'

/**
 * Solves `p` by the search and by enumeration, both to the end, and expects the same cost and
 * the same open set (the tie rule: fewest facilities, then lowest indexes), the search proven.
 * Undefined when the problem is infeasible (nothing to compare).
 */
export const searchEqualsEnumeration = (seed: number, p: FacilityProblem): SearchResult | undefined => {
  const P = prepareProblem(p, unlimitedMeter())
  if (!P.feasible) return undefined
  const searched = searchOpenSet(P, 10_000_000, [])
  const enumerated = enumerateOpenSets(P, createWorkspace(P), 10_000_000)
  expect(searched.proven).toBe(true)
  expect({ seed, cost: searched.cost, set: [...(searched.set ?? [])] }).toEqual({
    seed,
    cost: enumerated?.cost,
    set: [...(enumerated?.set ?? [])],
  })
  return searched
}

/**
 * `searchEqualsEnumeration` over the problems of seeds 1 to `count`: how many were feasible
 * (compared), how many of those the search serves with at least one facility, and the
 * search nodes they took in all.
 */
export const compareWithEnumeration = (
  count: number,
  problem: (seed: number) => FacilityProblem,
): { compared: number; served: number; nodes: number } => {
  let compared = 0
  let served = 0
  let nodes = 0
  for (let seed = 1; seed <= count; seed++) {
    const searched = searchEqualsEnumeration(seed, problem(seed))
    if (searched === undefined) continue
    compared++
    if ((searched.set?.length ?? 0) > 0) served++
    nodes += searched.nodes
  }
  return { compared, served, nodes }
}

/**
 * `solveFacilityProblem` on the problems of seeds 1 to `count`, each expected proven and equal
 * to enumeration (cost and open set, in the problem's own indexes; nothing open when no set
 * is feasible): the search nodes, work and cost they took in all, for suites that pin the work
 * of the whole solve (construction, bounds and search) rather than the search's alone.
 */
export const solvedLikeEnumeration = (
  count: number,
  problem: (seed: number) => FacilityProblem,
): { nodes: number; spent: number; cost: number } => {
  let nodes = 0
  let spent = 0
  let cost = 0
  for (let seed = 1; seed <= count; seed++) {
    const p = problem(seed)
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
  return { nodes, spent, cost }
}
