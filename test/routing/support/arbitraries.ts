/**
 * fast-check arbitraries for facility problems: small enough for brute force, with ties,
 * zero fixed costs, binding capacities, several tiers, all-or-nothing and forced facilities.
 */
import * as fc from 'fast-check'
import type { FacilityProblem } from '../../../src/routing/optimiser.js'
import { UNLIMITED } from './instances.js'

export interface ProblemShape {
  readonly maxFacilities: number
  readonly maxItems: number
  readonly maxQuantity?: number
}

const moneyArb = (max: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.constantFrom(0, 400_000, 750_000, 8_759_000, 10_000_000),
    fc.integer({ min: 0, max }),
  )

/** A facility problem within `shape`. */
export const problemArb = (shape: ProblemShape): fc.Arbitrary<FacilityProblem> => {
  const maxQ = shape.maxQuantity ?? 3
  return fc
    .record({
      items: fc.integer({ min: 1, max: shape.maxItems }),
      facilities: fc.integer({ min: 0, max: shape.maxFacilities }),
    })
    .chain(({ items, facilities }) =>
      fc.record({
        tiers: fc.array(
          fc.array(fc.record({ quantity: fc.integer({ min: 1, max: maxQ }), penalty: moneyArb(60_000_000) }), {
            minLength: 1,
            maxLength: 3,
          }),
          { minLength: items, maxLength: items },
        ),
        rows: fc.array(
          fc.record({
            fixed: moneyArb(12_000_000),
            capacity: fc.oneof(fc.constant(UNLIMITED), fc.constant(UNLIMITED), fc.integer({ min: 0, max: 5 })),
            supply: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: maxQ + 1 })), {
              minLength: items,
              maxLength: items,
            }),
            cost: fc.array(moneyArb(3_000_000), { minLength: items, maxLength: items }),
          }),
          { minLength: facilities, maxLength: facilities },
        ),
        maxOpen: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(Math.max(1, facilities))),
        allOrNothing: fc.boolean(),
        forceOpen: facilities > 0 ? fc.option(fc.integer({ min: 0, max: facilities - 1 }), { freq: 5 }) : fc.constant(null),
      }),
    )
    .map(({ tiers, rows, maxOpen, allOrNothing, forceOpen }): FacilityProblem => {
      const items = tiers.length
      const tierStart = new Int32Array(items + 1)
      const quantity: number[] = []
      const penalty: number[] = []
      tiers.forEach((list, s) => {
        tierStart[s] = quantity.length
        for (const t of [...list].sort((a, b) => b.penalty - a.penalty)) {
          quantity.push(t.quantity)
          penalty.push(t.penalty)
        }
      })
      tierStart[items] = quantity.length
      const problem: FacilityProblem = {
        itemCount: items,
        tierStart,
        tierQuantity: Int32Array.from(quantity),
        tierPenalty: Float64Array.from(penalty),
        facilityCount: rows.length,
        fixedCost: Float64Array.from(rows, (r) => r.fixed),
        unitCost: Float64Array.from(rows.flatMap((r) => r.cost)),
        supply: Int32Array.from(rows.flatMap((r) => r.supply)),
        capacity: Int32Array.from(rows, (r) => r.capacity),
        maxOpen,
        allOrNothing,
      }
      return forceOpen === null ? problem : { ...problem, forceOpen }
    })
}

/** `p` with facilities reordered: new index i holds old facility order[i]. */
export const permuteFacilities = (p: FacilityProblem, order: readonly number[]): FacilityProblem => {
  const items = p.itemCount
  const pick = <A extends Int32Array | Float64Array>(src: A, make: (n: number) => A, width: number): A => {
    const out = make(src.length)
    order.forEach((k, i) => {
      for (let s = 0; s < width; s++) out[i * width + s] = src[k * width + s] ?? 0
    })
    return out
  }
  const base: FacilityProblem = {
    ...p,
    fixedCost: pick(p.fixedCost, (n) => new Float64Array(n), 1),
    unitCost: pick(p.unitCost, (n) => new Float64Array(n), items),
    supply: pick(p.supply, (n) => new Int32Array(n), items),
    capacity: pick(p.capacity, (n) => new Int32Array(n), 1),
  }
  if (p.forceOpen === undefined) return base
  return { ...base, forceOpen: typeof p.forceOpen === 'number' ? order.indexOf(p.forceOpen) : p.forceOpen.map((f) => order.indexOf(f)) }
}

/**
 * `p` with its facilities in consecutive groups sharing stock (a node leaving at several
 * instants): within a group each facility's supply is the one before plus its own draw, so
 * supplies never fall in facility order. `cuts[k]` true starts a new group at facility k. A
 * facility alone in its group gets −1 (stock of its own), as the router writes it, so that
 * grouped and ungrouped facilities meet in one problem.
 */
export const withStockGroups = (p: FacilityProblem, cuts: readonly boolean[]): FacilityProblem => {
  const items = p.itemCount
  const supply = Int32Array.from(p.supply)
  const stockGroup = new Int32Array(p.facilityCount)
  let g = -1
  for (let k = 0; k < p.facilityCount; k++) {
    if (k === 0 || cuts[k] === true) g++
    else for (let s = 0; s < items; s++) supply[k * items + s] = (supply[k * items + s] ?? 0) + (supply[(k - 1) * items + s] ?? 0)
    stockGroup[k] = g
  }
  for (let k = 0; k < p.facilityCount; k++) {
    const alone = (k === 0 || stockGroup[k - 1] !== stockGroup[k]) && (k + 1 === p.facilityCount || stockGroup[k + 1] !== stockGroup[k])
    if (alone) stockGroup[k] = -1
  }
  return { ...p, supply, stockGroup }
}

/** Problems of {@link problemArb} whose facilities share stock in groups. */
export const groupedProblemArb = (shape: ProblemShape): fc.Arbitrary<FacilityProblem> =>
  problemArb(shape).chain((p) =>
    fc.array(fc.boolean(), { minLength: p.facilityCount, maxLength: p.facilityCount }).map((cuts) => withStockGroups(p, cuts)),
  )

/** Problems of {@link problemArb}, some of whose last units are protected (dearer), and some sharing stock. */
export const protectedProblemArb = (shape: ProblemShape): fc.Arbitrary<FacilityProblem> =>
  problemArb(shape).chain((p) =>
    fc
      .record({
        share: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: p.supply.length, maxLength: p.supply.length }),
        cost: fc.array(moneyArb(4_000_000), { minLength: p.facilityCount, maxLength: p.facilityCount }),
        cuts: fc.option(fc.array(fc.boolean(), { minLength: p.facilityCount, maxLength: p.facilityCount }), { nil: undefined }),
      })
      .map(({ share, cost, cuts }) => {
        const q = cuts === undefined ? p : withStockGroups(p, cuts)
        return {
          ...q,
          protectedUnits: Int32Array.from(share, (n, i) => Math.min(n, q.supply[i] ?? 0)),
          protectedCost: Float64Array.from(cost),
        }
      }),
  )
