/**
 * Seeded facility problems for the optimiser's tests and bench: realistic ones (fixed parcel
 * cost ≈ 8.759, per unit ≈ 0.4 + 0.000336 × km, penalties 10–60) with sparse stock, optional
 * binding capacities, several tiers per item, all-or-nothing and forced facilities, and
 * adversarial ones (equal costs everywhere, zero fixed costs, penalties below every cost).
 */
import type { Facility } from '../../../src/routing/facilities.js'
import type { Instance, Tier } from '../../../src/routing/instance.js'
import type { FacilityProblem, FacilitySolution } from '../../../src/routing/optimiser.js'
import { mulberry32 } from '../../../examples/network/random.js'
export { mulberry32 } from '../../../examples/network/random.js'

export const UNLIMITED = 2_147_483_647


export interface Rng {
  readonly next: () => number
  readonly int: (lo: number, hi: number) => number
  readonly chance: (p: number) => boolean
  readonly pick: <T>(xs: readonly T[]) => T
}

export const rng = (seed: number): Rng => {
  const next = mulberry32(seed)
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1))
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T,>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T,
  }
}

export type Flavour = 'realistic' | 'equal-costs' | 'zero-fixed' | 'penalty-below-cost' | 'mixed'

export interface GenOptions {
  readonly facilities: number
  readonly items: number
  /** A number, or 'unlimited' for maxOpen = facilityCount. */
  readonly maxOpen: number | 'unlimited'
  readonly flavour?: Flavour
  /** Probability that a facility stocks a given item. */
  readonly density?: number
  /** Largest units per tier. */
  readonly maxQuantity?: number
  readonly tiers?: boolean
  readonly capacities?: boolean
  readonly allOrNothing?: boolean
  readonly forceOpen?: boolean
}

const micros = (units: number): number => Math.round(units * 1e6)

/** One seeded facility problem. */
export const generateProblem = (seed: number, o: GenOptions): FacilityProblem => {
  const r = rng(seed)
  const flavour = o.flavour ?? 'realistic'
  const n = o.facilities
  const items = o.items
  const maxQ = o.maxQuantity ?? 3
  const density = o.density ?? 0.35
  const tierStart = new Int32Array(items + 1)
  const tierQuantity: number[] = []
  const tierPenalty: number[] = []
  for (let s = 0; s < items; s++) {
    tierStart[s] = tierQuantity.length
    const tiers = o.tiers === true && r.chance(0.5) ? r.int(2, 3) : 1
    const pens: number[] = []
    for (let t = 0; t < tiers; t++) {
      pens.push(flavour === 'penalty-below-cost' ? micros(0.05 + r.next() * 0.3) : micros(10 + r.int(0, 50)) + r.int(0, 9) * 1000)
    }
    pens.sort((a, b) => b - a)
    for (const pen of pens) {
      tierQuantity.push(r.int(1, maxQ))
      tierPenalty.push(pen)
    }
  }
  tierStart[items] = tierQuantity.length
  const fixedCost = new Float64Array(n)
  const unitCost = new Float64Array(n * items)
  const supply = new Int32Array(n * items)
  const capacity = new Int32Array(n).fill(UNLIMITED)
  const equalUnit = micros(0.4 + 0.000336 * r.int(0, 1000))
  for (let k = 0; k < n; k++) {
    const km = r.next() * 1000
    const base = 0.4 + 0.000336 * km
    const localFlavour = flavour === 'mixed' ? r.pick(['realistic', 'equal-costs', 'zero-fixed'] as const) : flavour
    fixedCost[k] =
      localFlavour === 'zero-fixed' ? 0 : localFlavour === 'equal-costs' ? micros(8.759) : micros(8.759 * (r.chance(0.8) ? 1 : 0.5 + r.next()))
    let any = false
    for (let s = 0; s < items; s++) {
      if (!r.chance(density)) continue
      any = true
      supply[k * items + s] = r.int(1, maxQ + 1)
      unitCost[k * items + s] =
        localFlavour === 'equal-costs' ? equalUnit : micros(base) + (r.chance(0.3) ? r.int(0, 200_000) : 0)
    }
    if (!any && r.chance(0.5)) {
      const s = r.int(0, items - 1)
      supply[k * items + s] = r.int(1, maxQ)
      unitCost[k * items + s] = localFlavour === 'equal-costs' ? equalUnit : micros(base)
    }
    if (o.capacities === true && r.chance(0.4)) capacity[k] = r.int(1, 4)
  }
  const maxOpen = o.maxOpen === 'unlimited' ? Math.max(1, n) : o.maxOpen
  const base: FacilityProblem = {
    itemCount: items,
    tierStart,
    tierQuantity: Int32Array.from(tierQuantity),
    tierPenalty: Float64Array.from(tierPenalty),
    facilityCount: n,
    fixedCost,
    unitCost,
    supply,
    capacity,
    maxOpen,
    allOrNothing: o.allOrNothing === true,
  }
  if (o.forceOpen === true && n > 0) return { ...base, forceOpen: r.int(0, n - 1) }
  return base
}

/** A varied seeded instance for the optimality suite (up to 40 facilities × 8 items). */
export const suiteProblem = (seed: number): FacilityProblem => {
  const r = rng(seed * 7919 + 17)
  const flavour: Flavour =
    seed % 10 === 7 ? 'equal-costs' : seed % 10 === 8 ? 'zero-fixed' : seed % 10 === 9 ? 'penalty-below-cost' : seed % 10 === 6 ? 'mixed' : 'realistic'
  const facilities = r.int(1, 40)
  const items = r.int(1, 8)
  const maxOpen = r.chance(0.25) ? 'unlimited' : r.int(1, 4)
  return generateProblem(seed, {
    facilities,
    items,
    maxOpen,
    flavour,
    density: 0.1 + r.next() * 0.5,
    maxQuantity: r.int(1, 4),
    tiers: r.chance(0.3),
    capacities: r.chance(0.25),
    allOrNothing: r.chance(0.15),
    forceOpen: r.chance(0.1),
  })
}

/** A seeded problem of `minFacilities` to 24 facilities, drawn with `r`: mostly past enumeration, so the search, its bounds and capacities are at work. */
export const beyondEnumeration = (seed: number, r: ReturnType<typeof rng>, minFacilities: number): FacilityProblem =>
  generateProblem(seed, {
    facilities: r.int(minFacilities, 24),
    items: r.int(1, 5),
    maxOpen: r.chance(0.3) ? 'unlimited' : r.int(1, 4),
    tiers: r.chance(0.4),
    capacities: r.chance(0.5),
    allOrNothing: r.chance(0.2),
    forceOpen: r.chance(0.1),
  })

/** A facility of a hand-written problem: its parcel, per item its unit cost and supply, its capacity and stock group (−1: its own). */
export interface HandFacility {
  readonly fixed?: number
  readonly unit?: readonly number[]
  readonly supply?: readonly number[]
  readonly capacity?: number
  readonly group?: number
}

/** An order line of a hand-written problem: a tier of item `item` (an item's lines by penalty, dearest first). */
export interface HandLine {
  readonly item: number
  readonly quantity: number
  readonly penalty: number
}

/** The facility problem of `items` items written out by hand; maxOpen defaults to every facility. */
export const handProblem = (
  items: number,
  facilities: readonly HandFacility[],
  lines: readonly HandLine[],
  o: { readonly maxOpen?: number; readonly allOrNothing?: boolean; readonly forceOpen?: number } = {},
): FacilityProblem => {
  const tierStart = new Int32Array(items + 1)
  for (let s = 0, t = 0; s <= items; s++) {
    while (t < lines.length && (lines[t] as HandLine).item < s) t++
    tierStart[s] = t
  }
  const row = (xs: readonly number[] | undefined): number[] => Array.from({ length: items }, (_, s) => xs?.[s] ?? 0)
  const grouped = facilities.some((f) => (f.group ?? -1) >= 0)
  return {
    itemCount: items,
    tierStart,
    tierQuantity: Int32Array.from(lines, (l) => l.quantity),
    tierPenalty: Float64Array.from(lines, (l) => l.penalty),
    facilityCount: facilities.length,
    fixedCost: Float64Array.from(facilities, (f) => f.fixed ?? 0),
    unitCost: Float64Array.from(facilities.flatMap((f) => row(f.unit))),
    supply: Int32Array.from(facilities.flatMap((f) => row(f.supply))),
    capacity: Int32Array.from(facilities, (f) => f.capacity ?? UNLIMITED),
    maxOpen: o.maxOpen ?? Math.max(1, facilities.length),
    allOrNothing: o.allOrNothing ?? false,
    ...(grouped ? { stockGroup: Int32Array.from(facilities, (f) => f.group ?? -1) } : {}),
    ...(o.forceOpen === undefined ? {} : { forceOpen: o.forceOpen }),
  }
}

/** A direct instance of `problem` over `facilities`, with no constant, last mile or delay: what the searches and baselines read. */
export const handInstance = (problem: FacilityProblem, facilities: readonly Facility[], items: readonly string[], tiers: readonly Tier[] = []): Instance => ({
  mode: 'direct',
  target: -1,
  targetMetres: 0,
  items,
  tiers,
  facilities,
  problem,
  constantMicros: 0,
  lastMileUnitMicros: 0,
  delayUnitMicros: 0,
  considered: [],
})

/** A solution with its arrays as plain lists, for exact comparisons. */
export const solutionShape = (s: FacilitySolution) => ({
  open: [...s.open],
  flow: [...s.flow],
  unserved: [...s.unserved],
  cost: s.cost,
  lowerBound: s.lowerBound,
  optimality: s.optimality,
  searchNodes: s.searchNodes,
  feasible: s.feasible,
})
