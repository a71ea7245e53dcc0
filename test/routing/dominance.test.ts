/**
 * Unit-aware dominance between facilities (the one rule of the router's screen and the cart
 * search), checked against its definition: a facility reported as dominating another can send every number of units the other could send for no
 * more, and when it may cost the same it comes first in node order; one reported as not
 * dominating fails that for some number of units.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Dominators } from '../../src/routing/dominance.js'

interface Facility {
  readonly node: number
  readonly fixed: number
  readonly unit: number
  /** SKUs held in full (bit mask over 3 SKUs). */
  readonly full: number
}

const facilityArb = (node: number): fc.Arbitrary<Facility> =>
  fc.record({
    node: fc.constant(node),
    fixed: fc.constantFrom(0, 2_000_000, 3_500_000, 3_600_000, 5_000_000),
    unit: fc.constantFrom(100_000, 600_000, 650_000, 1_200_000),
    full: fc.integer({ min: 0, max: 7 }),
  })

const worldArb = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    dominators: fc.tuple(...Array.from({ length: n }, (_, i) => facilityArb(2 * i))),
    other: facilityArb(7),
    skus: fc.integer({ min: 1, max: 7 }),
    most: fc.integer({ min: 1, max: 6 }),
  }),
)

/** The definition, unit count by unit count. */
const dominates = (j: Facility, k: Facility, skus: number, most: number): boolean => {
  if ((j.full & skus) !== skus) return false
  let equal = false
  for (let u = 1; u <= most; u++) {
    const dj = j.fixed + u * j.unit
    const dk = k.fixed + u * k.unit
    if (dj > dk) return false
    if (dj === dk) equal = true
  }
  return !equal || j.node < k.node
}

describe('Dominators', () => {
  it('reports a dominator exactly when one dominates at every number of units', () => {
    fc.assert(
      fc.property(worldArb, ({ dominators, other, skus, most }) => {
        const d = new Dominators(3)
        for (const f of dominators) d.add(f.fixed, f.unit, f.full, f.node)
        const by = d.by(skus, other.fixed, other.unit, most, other.node)
        const expected = dominators.filter((j) => dominates(j, other, skus, most))
        if (by < 0) expect(expected).toEqual([])
        else expect(expected.map((j) => j.node)).toContain(by)
      }),
      { numRuns: 2000, seed: 20261128 },
    )
  })

  it('weighs fixed cost against per-unit cost over the units a facility can send', () => {
    const d = new Dominators(2)
    // A nearer store: 0.10 more per parcel, 0.01 less per unit.
    d.add(3_200_000, 640_000, 0b01, 10)
    expect(d.by(0b01, 3_300_000, 630_000, 2, 11)).toBe(10)
    // Eleven units or more make the dearer parcel worth it.
    expect(d.by(0b01, 3_300_000, 630_000, 11, 11)).toBe(-1)
    // It must hold every SKU the other could send.
    expect(d.by(0b11, 3_300_000, 630_000, 2, 11)).toBe(-1)
    // Equal costs: only a node that comes first wins the tie.
    expect(d.by(0b01, 3_200_000, 640_000, 2, 11)).toBe(10)
    expect(d.by(0b01, 3_200_000, 640_000, 2, 9)).toBe(-1)
  })
})
