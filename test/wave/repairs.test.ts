import { describe, expect, it } from 'vitest'
import type { Plan } from '../../src/routing/plan.js'
import { costOf, type Alone } from '../../src/wave/context.js'
import { complete, polish, repair } from '../../src/wave/repairs.js'
import { contextOf } from './setup.js'
import { positionKey, rowKey } from '../../src/wave/prices.js'

describe('the repairs of a wave', () => {
  it('polish never raises a wave\'s cost, keeps it feasible in its sequence, and reports its cost', () => {
    let improved = 0
    for (let seed = 1; seed <= 60; seed++) {
      const ctx = contextOf(seed)
      // The orders one by one on priced stock (every unit an order takes alone costs 5 more): a feasible wave that leaves cheap stock behind.
      for (const j of ctx.everyOrder) {
        for (const a of (ctx.solo[j] as Alone).plan.allocations) {
          const key = rowKey(positionKey(ctx.stock.network.nodes.byId.get(a.node) as number, a.sku))
          if (ctx.rowUsageOf(j, (ctx.solo[j] as Alone).plan).has(key)) ctx.book.set(key, ctx.rowAt(key), 5_000_000)
        }
      }
      const routed = ctx.sequential(ctx.stock, ctx.everyOrder, (j) => ctx.pricesFor(j), ctx.startUsed())
      if (routed === undefined) throw new Error('not routed')
      const plans = ctx.everyOrder.map((j) => routed.plans.get(j) as Plan)
      const wave = { plans, cost: costOf(plans), sequence: ctx.everyOrder }
      expect(ctx.feasible(wave.plans, wave.sequence)).toBe(true)
      const polished = polish(ctx, wave, ctx.everyOrder)
      expect(polished.cost).toBeLessThanOrEqual(wave.cost)
      expect(costOf(polished.plans)).toBe(polished.cost)
      expect(ctx.feasible(polished.plans, polished.sequence)).toBe(true)
      if (polished.cost < wave.cost) improved++
    }
    expect(improved).toBeGreaterThan(0)
  }, 60_000)

  it('repair offers only feasible waves, never above one by one, and finds cheaper ones', () => {
    let cheaper = 0
    for (let seed = 1; seed <= 60; seed++) {
      const ctx = contextOf(seed)
      const oneByOne = ctx.best.cost
      expect(repair(ctx, ctx.everyOrder.slice(), Number.POSITIVE_INFINITY, undefined)).toBeUndefined()
      expect(ctx.best.cost).toBeLessThanOrEqual(oneByOne)
      expect(costOf(ctx.best.plans)).toBe(ctx.best.cost)
      expect(ctx.feasible(ctx.best.plans, ctx.best.sequence)).toBe(true)
      if (ctx.best.cost < oneByOne) cheaper++
    }
    expect(cheaper).toBeGreaterThan(0)
  }, 60_000)

  it('complete keeps the plans given, holds them first, and routes the others after them', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const ctx = contextOf(seed)
      const j = ctx.everyOrder[ctx.everyOrder.length - 1] as number
      const plan = (ctx.solo[j] as Alone).plan
      ctx.best = { plans: [], cost: Number.POSITIVE_INFINITY, sequence: [] }
      complete(ctx, new Map([[j, plan]]), new Set(ctx.everyOrder))
      expect(ctx.best.plans[j]).toBe(plan)
      expect(ctx.best.sequence[0]).toBe(j)
      expect([...ctx.best.sequence].sort((a, b) => a - b)).toEqual(ctx.everyOrder)
      expect(ctx.feasible(ctx.best.plans, ctx.best.sequence)).toBe(true)
    }
  }, 60_000)
})
