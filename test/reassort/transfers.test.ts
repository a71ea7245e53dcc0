import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, test } from 'vitest'
import type { RebalanceDocument } from '../../src/model/reassort.js'
import { rebalanceDocument, type Rebalance } from '../../src/reassort/transfers.js'
import { checkSuggestion, referenceOptimum, smallDocument } from './reference.js'

const suggest = (doc: unknown, budget?: number): Rebalance => {
  const r = rebalanceDocument(doc, budget === undefined ? {} : { budget })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right.rebalance
}

const objective = (r: Rebalance): number => {
  const m = (s: string): number => Math.round(Number(s) * 1e6)
  return m(r.expectedMarginAfter) - m(r.expectedMarginBefore) - m(r.transferCost)
}

describe('suggestTransfers against HiGHS on the documented MIP', () => {
  const COUNT = 600
  test(`${COUNT} seeded small documents: proven answers are optimal, bounded ones within their gap`, async () => {
    let proven = 0
    let withLimits = 0
    for (let seed = 1; seed <= COUNT; seed++) {
      const doc = smallDocument(seed)
      const r = suggest(doc)
      const own = checkSuggestion(doc as RebalanceDocument, r)
      expect(own, `seed ${seed}`).toBe(objective(r))
      const best = await referenceOptimum(doc as RebalanceDocument)
      const got = own / 1e6
      if (r.optimality === 'proven') {
        proven++
        expect(Math.abs(got - best), `seed ${seed}: engine ${got}, HiGHS ${best}`).toBeLessThanOrEqual(1e-6)
      } else {
        expect(got, `seed ${seed}`).toBeLessThanOrEqual(best + 1e-6)
        expect(best, `seed ${seed}: gap ${r.gap}`).toBeLessThanOrEqual(got + Number(r.gap) + 1e-6)
      }
      if (doc.options !== undefined) withLimits++
    }
    expect(proven).toBeGreaterThanOrEqual(500)
    expect(withLimits).toBeGreaterThan(100)
  }, 120_000)
})
