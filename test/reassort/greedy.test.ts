import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, test } from 'vitest'
import { decodeRebalanceDocument } from '../../src/codecs/decode.js'
import { dualBound, greedyLanes, priceArcs, relaxationPrices } from '../../src/reassort/greedy.js'
import { buildRebalanceInstance, layAllArcs, layCandidateArcs, type RebalanceInstance } from '../../src/reassort/instance.js'
import { unlimitedMeter } from '../../src/routing/optimiser/meter.js'
import { referenceOptimum, smallDocument } from './reference.js'

const instanceOf = (seed: number): { inst: RebalanceInstance; doc: ReturnType<typeof smallDocument> } => {
  const doc = smallDocument(seed)
  const decoded = decodeRebalanceDocument(doc)
  if (E.isLeft(decoded)) throw new Error(decoded.left.message)
  const built = buildRebalanceInstance(decoded.right)
  if (E.isLeft(built)) throw new Error(built.left.message)
  return { inst: built.right, doc }
}

describe('the Lagrangian bound', () => {
  test('bounds the HiGHS optimum from any shelves and prices, and is at least the greedy solution', async () => {
    for (let seed = 2_000; seed < 2_060; seed++) {
      const { inst, doc } = instanceOf(seed)
      layAllArcs(inst)
      const g = greedyLanes(inst, unlimitedMeter())
      const relaxed = relaxationPrices(inst, g.relaxed, unlimitedMeter())
      const best = (await referenceOptimum(doc)) * 1e6
      for (const bound of [dualBound(inst, g.units, unlimitedMeter()), dualBound(inst, relaxed.units, unlimitedMeter(), relaxed.prices)]) {
        expect(bound, `seed ${seed}`).toBeGreaterThanOrEqual(best - 1)
        expect(bound).toBeGreaterThanOrEqual(g.objective)
      }
    }
  })

  test('from candidate arcs and pricing (the large-instance path) it still bounds the optimum, and the greedy stays feasible', async () => {
    for (let seed = 3_000; seed < 3_060; seed++) {
      const { inst, doc } = instanceOf(seed)
      layCandidateArcs(inst, 1)
      const priced = priceArcs(inst, unlimitedMeter(), 2, 1)
      const g = greedyLanes(inst, unlimitedMeter())
      const best = (await referenceOptimum(doc)) * 1e6
      expect(dualBound(inst, priced.units, unlimitedMeter(), priced.prices), `seed ${seed}`).toBeGreaterThanOrEqual(best - 1)
      expect(g.objective).toBeLessThanOrEqual(best + 1)
      expect(g.objective).toBeGreaterThanOrEqual(0)
    }
  })
})
