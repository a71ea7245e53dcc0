import { describe, expect, it } from 'vitest'
import { rebalanceComparison, rebalanceComparisonText } from '../../examples/demo/reassort.js'

describe('demo: rebalancing seen from routing', () => {
  it('moves stock to the stores that sell it, so fewer orders split and more parcels leave stores', () => {
    const c = rebalanceComparison(200)
    expect(c.rebalance.transfers.length).toBeGreaterThan(0)
    expect(c.before.orders).toBe(200)
    expect(c.after.splitRate).toBeLessThanOrEqual(c.before.splitRate)
    expect(c.after.shipFromStoreShare).toBeGreaterThan(c.before.shipFromStoreShare)
    expect(rebalanceComparisonText(c)).toMatch(/split orders [\d.]+ % → [\d.]+ %, ship-from-store [\d.]+ % → [\d.]+ %, cost per order €[\d,]+\.\d\d → €[\d,]+\.\d\d/)
  })
})
