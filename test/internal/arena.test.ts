import { test as fcTest } from '@fast-check/vitest'
import * as fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { evaluateOpenSet, solveFacilityProblem, type FacilityProblem, type FacilitySolution } from '../../src/routing/optimiser.js'
import { Arena } from '../../src/internal/arena.js'
import { workMeter } from '../../src/routing/optimiser/meter.js'
import { problemArb } from '../routing/support/arbitraries.js'
import { generateProblem } from '../routing/support/instances.js'

/** A solution as plain data, so that later writes into shared memory would show. */
const snapshot = (s: FacilitySolution): unknown => ({ ...s, open: [...s.open], flow: [...s.flow], unserved: [...s.unserved] })

/** Small problems (solved by enumeration) and larger ones (solved by branch and bound). */
const anyProblem: fc.Arbitrary<FacilityProblem> = fc.oneof(
  problemArb({ maxFacilities: 8, maxItems: 3 }),
  fc
    .record({ seed: fc.integer({ min: 1, max: 1_000_000 }), facilities: fc.integer({ min: 20, max: 60 }), maxOpen: fc.integer({ min: 2, max: 4 }), capacities: fc.boolean() })
    .map(({ seed, facilities, maxOpen, capacities }) => generateProblem(seed, { facilities, items: 4, maxOpen, density: 0.3, capacities })),
)

/** One step of an interleaving: solve or evaluate problem `which` (0 or 1). */
type Step = { readonly which: 0 | 1; readonly kind: 'solve' | 'evaluate' }
const stepArb: fc.Arbitrary<Step> = fc.record({ which: fc.constantFrom<0 | 1>(0, 1), kind: fc.constantFrom<'solve' | 'evaluate'>('solve', 'evaluate') })

const run = (p: FacilityProblem, kind: Step['kind'], arena: Arena): FacilitySolution =>
  kind === 'solve'
    ? solveFacilityProblem(p, { meter: workMeter(Number.POSITIVE_INFINITY, arena), maxSearchNodes: 2000 })
    : evaluateOpenSet(p, Int32Array.from({ length: Math.min(2, p.facilityCount) }, (_, k) => k), workMeter(Number.POSITIVE_INFINITY, arena))

describe('scratch memory holds no answer', () => {
  fcTest.prop([anyProblem, anyProblem, fc.array(stepArb, { minLength: 1, maxLength: 8 })], { numRuns: 60 })(
    'solves and evaluations of two problems, interleaved in any order on one arena, give what each gives alone on a fresh one',
    (p0, p1, steps) => {
      const problems = [p0, p1] as const
      const shared = new Arena()
      const results = steps.map((s) => run(problems[s.which], s.kind, shared))
      // Every result stays as it was returned, although later solves reused the arena.
      const kept = results.map(snapshot)
      steps.forEach((s, i) => {
        expect(kept[i]).toEqual(snapshot(run(problems[s.which], s.kind, new Arena())))
      })
      expect(results.map(snapshot)).toEqual(kept)
    },
  )

  test('a solve without a meter leaves no trace for the next one', () => {
    const big = generateProblem(11, { facilities: 80, items: 5, maxOpen: 3, density: 0.3 })
    const small = generateProblem(12, { facilities: 30, items: 3, maxOpen: 2, density: 0.4 })
    const alone = snapshot(solveFacilityProblem(small))
    solveFacilityProblem(big)
    expect(snapshot(solveFacilityProblem(small))).toEqual(alone)
  })
})

describe('Arena', () => {
  fcTest.prop([fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 40 })])(
    'arrays handed out in one solve never overlap, and come zero-filled',
    (lengths) => {
      const arena = new Arena()
      for (let solve = 0; solve < 2; solve++) {
        arena.begin()
        const arrays = lengths.map((n, i) => (i % 3 === 0 ? arena.int32(n) : i % 3 === 1 ? arena.float64(n) : arena.uint8(n)))
        arrays.forEach((a) => expect(a.every((x) => x === 0)).toBe(true))
        arrays.forEach((a, i) => a.fill(i + 1))
        arrays.forEach((a, i) => expect(a.every((x) => x === i + 1)).toBe(true))
      }
    },
  )
})
