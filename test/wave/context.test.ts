import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Plan } from '../../src/routing/plan.js'
import { toMicros } from '../../src/money.js'
import { availableToPromise } from '../../src/stock/index.js'
import { routeWaveDocument } from '../../src/wave/document.js'
import { costOf, type Alone, type WaveContext } from '../../src/wave/context.js'
import { positionKey, rowKey } from '../../src/wave/prices.js'
import { seededWave } from './generate.js'
import { contextOf, NOW } from './setup.js'


/** Units every position gives out over `plans`, against its ATP: true when none is over. */
const withinAtp = (ctx: WaveContext, plans: readonly Plan[]): boolean => {
  const taken = new Map<string, number>()
  for (const p of plans) for (const a of p.allocations) taken.set(`${a.node}|${a.sku}`, (taken.get(`${a.node}|${a.sku}`) ?? 0) + a.quantity)
  for (const [key, q] of taken) {
    const [node, sku] = key.split('|') as [string, string]
    if (q > availableToPromise(ctx.stock, { node, sku, channel: 'web' })) return false
  }
  return true
}

describe('the wave context', () => {
  it('offer keeps a cheaper wave exactly when its plans can be held together in its sequence', () => {
    let kept = 0
    let refused = 0
    for (let seed = 1; seed <= 60; seed++) {
      const ctx = contextOf(seed)
      const oneByOne = ctx.best
      // The orders alone: cheaper than one by one only when some do not fit beside the others.
      const alone = ctx.solo.map((a) => a.plan)
      const fits = ctx.feasible(alone, ctx.everyOrder)
      ctx.offer(alone)
      if (costOf(alone) < oneByOne.cost && !fits) refused++
      if (!fits) expect(ctx.best).toBe(oneByOne)
      // The joint wave, in the order its plans can be held: kept when it saves.
      const r = routeWaveDocument(seededWave(seed), NOW, { maxBranchNodes: 0 })
      if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
      const byOrder = new Map(r.right.wave.plans.map((p) => [p.orderId, p]))
      const position = new Map<string, number>(ctx.list.map((o, j) => [o.id, j]))
      const plans = ctx.list.map((o) => byOrder.get(o.id) as Plan)
      const sequence = r.right.wave.holdOrder.map((id) => position.get(id) as number)
      const before = ctx.best
      ctx.offer(plans, sequence)
      if (costOf(plans) < before.cost) {
        kept++
        expect(ctx.best.plans).toBe(plans)
        expect(ctx.best.sequence).toBe(sequence)
        expect(withinAtp(ctx, plans)).toBe(true)
      } else expect(ctx.best).toBe(before)
      // The best wave can always be held in its sequence.
      expect(ctx.feasible(ctx.best.plans, ctx.best.sequence)).toBe(true)
    }
    expect(kept).toBeGreaterThan(0)
    expect(refused).toBeGreaterThan(0)
  }, 60_000)

  it('a plan is charged its units at their rows\' prices, and routing alone on priced stock reports the priced cost and a bound below it', () => {
    const seed = [1, 2, 3, 4, 5, 6, 7, 8].find((k) => contextOf(k).solo.some((a) => a.plan.allocations.length > 0)) as number
    const ctx = contextOf(seed)
    const j = ctx.everyOrder.find((k) => (ctx.solo[k] as Alone).plan.allocations.length > 0) as number
    const plan = (ctx.solo[j] as Alone).plan
    const a = plan.allocations[0] as Plan['allocations'][number]
    const node = ctx.stock.network.nodes.byId.get(a.node) as number
    const key = rowKey(positionKey(node, a.sku))
    // The plan's rows are known once its usage is read.
    expect(ctx.rowUsageOf(j, plan).has(key)).toBe(true)
    ctx.book.set(key, ctx.rowAt(key), 2_000_000)
    let units = 0
    for (const b of plan.allocations) if (b.node === a.node && b.sku === a.sku) units += b.quantity
    expect(ctx.chargeOf(j, plan)).toBe(units * 2_000_000)
    const priced = ctx.alone(j) as Alone
    expect(priced.priced).toBe(toMicros(priced.plan.totalCost) + ctx.chargeOf(j, priced.plan))
    expect(priced.bound).toBeLessThanOrEqual(priced.priced)
    // Priced, the order pays no more than its plan alone at those prices.
    expect(priced.priced).toBeLessThanOrEqual(toMicros(plan.totalCost) + units * 2_000_000)
  })

  it('hold refuses a plan beyond a node\'s daily units, and counts what it holds', () => {
    const doc = {
      now: NOW,
      nodes: [{ id: 'S0', kind: 'store', location: { lat: 48.85, lon: 2.35 }, costs: { package: '5', unit: '0.5', perUnitKm: '0.001' }, capabilities: ['ship'], dailyCapacity: { units: 2 } }],
      stock: [{ node: 'S0', sku: 'A', onHand: 5 }],
      orders: [
        { id: 'O1', channel: 'web', lines: [{ id: '1', sku: 'A', quantity: 2 }], delivery: { method: 'ship', to: { lat: 48.86, lon: 2.34 } } },
        { id: 'O2', channel: 'web', lines: [{ id: '1', sku: 'A', quantity: 1 }], delivery: { method: 'ship', to: { lat: 48.86, lon: 2.34 } } },
      ],
    }
    const ctx = contextOf(doc)
    const used = ctx.startUsed()
    const first = ctx.hold(ctx.stock, (ctx.solo[0] as Alone).plan, used)
    expect(first).toBeDefined()
    expect(used.get('S0')).toEqual({ orders: 1, units: 2 })
    expect(ctx.hold(first as NonNullable<typeof first>, (ctx.solo[1] as Alone).plan, used)).toBeUndefined()
    expect(ctx.feasible(ctx.solo.map((a) => a.plan), ctx.everyOrder)).toBe(false)
  })
})
