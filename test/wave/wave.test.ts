import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { routeBatch } from '../../src/batch/batch.js'
import { toMicros } from '../../src/money.js'
import type { Order } from '../../src/model/order.js'
import { routeWaveDocument } from '../../src/wave/document.js'
import { routeWave } from '../../src/wave/wave.js'
import { availableToPromise } from '../../src/stock/index.js'
import { reserveForPlan } from '../../src/batch/reserve.js'
import { seededWave } from './generate.js'
import { joinedOptimum } from './reference.js'

const NOW = '2026-12-22T12:00:00Z'

const waveOf = (seed: number, options: Record<string, unknown> = {}) => {
  const r = routeWaveDocument(seededWave(seed), NOW, options)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

/** HiGHS's optimum of seeded wave `seed`'s joint MIP (micros). */
const optimumOf = async (seed: number): Promise<number> => {
  const ref = await joinedOptimum(seededWave(seed))
  if ('error' in ref) throw new Error(`seed ${seed}: ${ref.error}`)
  return ref.optimum
}

/** Seeded wave `seed` routed with `options`, with its cost, its bound and HiGHS's optimum (micros). */
const againstHighs = async (seed: number, options: Record<string, unknown>) => {
  const { wave } = waveOf(seed, options)
  return { wave, cost: toMicros(wave.totalCost), bound: toMicros(wave.lowerBound), optimum: await optimumOf(seed) }
}

describe('routeWave against HiGHS on the joint MIP', () => {
  it('300 seeded small waves: the cost equals the optimum when proven; bound ≤ optimum ≤ cost otherwise', async () => {
    let proven = 0
    let bounded = 0
    for (let seed = 1; seed <= 300; seed++) {
      // Fewer price iterations than the default keep the suite quick; every claim holds for any.
      const { wave, cost, bound, optimum } = await againstHighs(seed, { maxIterations: 12 })
      if (wave.optimality === 'proven') {
        proven++
        expect({ seed, cost }).toEqual({ seed, cost: optimum })
      } else {
        bounded++
        expect({ seed, below: bound <= optimum, above: optimum <= cost }).toEqual({ seed, below: true, above: true })
        expect(Number(wave.gap)).toBeGreaterThan(0)
      }
    }
    expect(proven + bounded).toBe(300)
    // 155 without the branch and price (maxBranchNodes 0); 265 with it; 289 with nodes' daily units as rows of the master, 300 with their daily orders too.
    expect(proven).toBeGreaterThan(295)
  }, 120_000)

  it('masters beyond the simplex (maxSimplexRows 0: the dual ascended on the pool) on 300 seeded small waves: bound ≤ optimum ≤ cost, equal when proven, never above one by one', async () => {
    let proven = 0
    let raised = 0
    for (let seed = 1; seed <= 300; seed++) {
      const { wave, cost, bound, optimum } = await againstHighs(seed, { maxIterations: 12, maxSimplexRows: 0 })
      expect({ seed, below: bound <= optimum, above: optimum <= cost }).toEqual({ seed, below: true, above: true })
      expect(cost).toBeLessThanOrEqual(toMicros(wave.oneByOneCost))
      expect(wave.branchNodes).toBe(0)
      if (wave.optimality === 'proven') {
        proven++
        expect({ seed, cost }).toEqual({ seed, cost: optimum })
      }
      // The ascended prices raise the bound above the orders' own (each alone, unpriced).
      if (wave.iterations > 0 && wave.prices.length > 0) raised++
    }
    // 119 proven (155 with the simplex at the root and no tree): the ascent's bound is true but converges more slowly.
    expect(proven).toBeGreaterThan(110)
    expect(raised).toBeGreaterThan(0)
  }, 120_000)

  it('a master that grows past maxSimplexRows mid-way goes on from the simplex\'s prices: its bound stays true on 150 small waves (limit 10 rows)', async () => {
    let differs = 0
    for (let seed = 1; seed <= 150; seed++) {
      const { wave, cost, bound, optimum } = await againstHighs(seed, { maxIterations: 12, maxSimplexRows: 10 })
      expect({ seed, below: bound <= optimum, above: optimum <= cost }).toEqual({ seed, below: true, above: true })
      if (wave.optimality === 'proven') expect({ seed, cost }).toEqual({ seed, cost: optimum })
      // Neither all simplex nor all ascent: some waves take a third path.
      const simplex = waveOf(seed, { maxIterations: 12, maxBranchNodes: 0 }).wave
      const ascent = waveOf(seed, { maxIterations: 12, maxSimplexRows: 0 }).wave
      if (wave.lowerBound !== simplex.lowerBound && wave.lowerBound !== ascent.lowerBound) differs++
    }
    expect(differs).toBeGreaterThan(0)
  }, 120_000)

  it('the branch and price proves waves the root leaves open, and its proofs hold', async () => {
    let closed = 0
    for (let seed = 1; seed <= 60; seed++) {
      const root = waveOf(seed, { maxIterations: 12, maxBranchNodes: 0 }).wave
      if (root.optimality === 'proven') continue
      const { wave } = waveOf(seed, { maxIterations: 12 })
      expect(wave.branchNodes).toBeGreaterThan(0)
      expect(toMicros(wave.lowerBound)).toBeGreaterThanOrEqual(toMicros(root.lowerBound))
      if (wave.optimality !== 'proven') continue
      closed++
      expect({ seed, cost: toMicros(wave.totalCost) }).toEqual({ seed, cost: await optimumOf(seed) })
    }
    expect(closed).toBeGreaterThan(10)
  }, 120_000)
})

describe('nodes\' daily unit capacity in the master', () => {
  /** Two orders of one unit next to store S0, whose daily capacity (`units` or `orders`) is `limit`; the warehouse W1 is far. */
  const capacityWave = (limit: number, backorder = false, per: 'units' | 'orders' = 'units'): Record<string, unknown> => ({
    now: NOW,
    nodes: [
      { id: 'S0', kind: 'store', location: { lat: 48.85, lon: 2.35 }, costs: { package: '5', unit: '0.5', perUnitKm: '0.001' }, capabilities: ['ship'], dailyCapacity: { [per]: limit } },
      { id: 'W1', kind: 'warehouse', location: { lat: 43.3, lon: 5.4 }, costs: { package: '12', unit: '0.5', perUnitKm: '0.001' }, capabilities: ['ship'] },
    ],
    stock: [
      { node: 'S0', sku: 'A', onHand: 2 },
      { node: 'W1', sku: 'A', onHand: 2 },
    ],
    orders: ['O1', 'O2'].map((id) => ({
      id,
      channel: 'web',
      lines: [{ id: '1', sku: 'A', quantity: 1 }],
      delivery: { method: 'ship', to: { lat: 48.86, lon: 2.34 } },
      unfulfilledPenalty: '40',
      ...(backorder ? { allowBackorder: true } : {}),
    })),
  })

  it.each(['units', 'orders'] as const)('prices the %s a node may send today: the wave keeps its capacity, at the optimum, proven at the root', async (per) => {
    const doc = capacityWave(1, false, per)
    const r = routeWaveDocument(doc, NOW, { maxBranchNodes: 0 })
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const { wave } = r.right
    const fromStore = wave.plans.flatMap((p) => p.allocations).filter((a) => a.node === 'S0')
    expect(fromStore.reduce((n, a) => n + a.quantity, 0)).toBe(1)
    expect(wave.optimality).toBe('proven')
    const ref = await joinedOptimum(doc)
    if ('error' in ref) throw new Error(ref.error)
    expect(toMicros(wave.totalCost)).toBe(ref.optimum)
    // One more unit (or order) today at S0 would save the wave the warehouse's dearer parcel: its price is above 0.
    expect(wave.capacityPrices.map((p) => [p.node, p.capacity])).toEqual([['S0', per]])
    expect(toMicros(wave.capacityPrices[0]?.price ?? '0')).toBeGreaterThan(0)
    // A capacity that does not bind is not priced.
    const loose = routeWaveDocument(capacityWave(2, false, per), NOW, {})
    if (E.isLeft(loose)) throw new Error(JSON.stringify(loose.left))
    expect(loose.right.wave.capacityPrices).toEqual([])
    expect(loose.right.wave.optimality).toBe('proven')
  })

  it.each(['units', 'orders'] as const)('orders that take backorders are not charged a node\'s daily %s, yet the wave keeps the capacity and its bound holds', (per) => {
    const r = routeWaveDocument(capacityWave(1, true, per), NOW, {})
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const { wave } = r.right
    const today = wave.plans.flatMap((p) => p.allocations).filter((a) => a.node === 'S0' && a.availableAt === undefined)
    expect(today.reduce((n, a) => n + a.quantity, 0)).toBeLessThanOrEqual(1)
    expect(toMicros(wave.lowerBound)).toBeLessThanOrEqual(toMicros(wave.totalCost))
    expect(wave.plans.every((p) => p.allocations.length + p.unfulfilled.length > 0)).toBe(true)
  })

  it('on the 300 small waves, every wave whose node capacity binds keeps it, and the proven ones are at the optimum', async () => {
    let priced = 0
    let provenPriced = 0
    for (let seed = 1; seed <= 300; seed++) {
      const { wave } = waveOf(seed, { maxIterations: 12 })
      if (wave.capacityPrices.length === 0) continue
      priced++
      for (const p of wave.capacityPrices) expect(toMicros(p.price)).toBeGreaterThan(0)
      if (wave.optimality !== 'proven') continue
      provenPriced++
      expect({ seed, cost: toMicros(wave.totalCost) }).toEqual({ seed, cost: await optimumOf(seed) })
    }
    expect(priced).toBeGreaterThan(5)
    expect(provenPriced).toBeGreaterThan(priced / 2)
  }, 120_000)
})

describe('routeWave plans', () => {
  it('carry the wave\'s verdict, not the router\'s alone: optimality, gap and the summary\'s closing words', () => {
    let bounded = 0
    for (let seed = 1; seed <= 40; seed++) {
      const { wave } = waveOf(seed, { maxIterations: 12, maxBranchNodes: seed % 2 === 0 ? 0 : 100 })
      if (wave.optimality === 'bounded') bounded++
      for (const p of wave.plans) {
        expect(p.optimality).toBe(wave.optimality)
        expect(toMicros(p.gap)).toBe(wave.optimality === 'proven' ? 0 : toMicros(wave.totalCost) - toMicros(wave.lowerBound))
        expect(p.explanation.summary.endsWith(wave.optimality === 'proven' ? '(part of a proven optimal wave)' : `(part of a wave at most ${p.gap} above its optimum)`)).toBe(true)
        expect(p.explanation.summary).not.toContain('(proven optimal)')
      }
    }
    // Without the tree some waves stay bounded, so both verdicts are seen.
    expect(bounded).toBeGreaterThan(0)
  })
})

describe('routeWave properties', () => {
  it('never costs more than one by one (routeBatch in id order), never promises beyond ATP, and says so', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (seed) => {
        const { stock, document, wave } = waveOf(seed)
        const batch = routeBatch(stock, document.orders, { now: NOW, sequence: 'id', explainAlternatives: 0 })
        let batchCost = 0
        for (const o of batch.outcomes) if (o.status === 'routed') batchCost += toMicros(o.plan.totalCost)
        expect(toMicros(wave.oneByOneCost)).toBe(batchCost)
        expect(toMicros(wave.totalCost)).toBeLessThanOrEqual(batchCost)
        expect(toMicros(wave.saving)).toBe(batchCost - toMicros(wave.totalCost))
        const taken = new Map<string, number>()
        for (const p of wave.plans) for (const a of p.allocations) taken.set(`${a.node}|${a.sku}`, (taken.get(`${a.node}|${a.sku}`) ?? 0) + a.quantity)
        for (const [key, q] of taken) {
          const [node, sku] = key.split('|') as [string, string]
          expect(q).toBeLessThanOrEqual(availableToPromise(stock, { node, sku, channel: 'web' }))
        }
        let sum = 0
        for (const p of wave.plans) sum += toMicros(p.totalCost)
        expect(sum).toBe(toMicros(wave.totalCost))
        expect(toMicros(wave.lowerBound)).toBeLessThanOrEqual(sum)
      }),
      { numRuns: 40 },
    )
  }, 60_000)

  it('a permutation of the orders changes nothing: same total, same plan per order id; deterministic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 1000 }), (seed, shift) => {
        const { stock, document, wave } = waveOf(seed)
        const orders = document.orders as readonly Order[]
        const k = shift % Math.max(1, orders.length)
        const turned = [...orders.slice(k), ...orders.slice(0, k)].reverse()
        const again = routeWave(stock, turned, { now: NOW })
        if (E.isLeft(again)) throw new Error('routed once, not twice')
        expect(again.right.totalCost).toBe(wave.totalCost)
        expect(again.right.lowerBound).toBe(wave.lowerBound)
        const byId = new Map(wave.plans.map((p) => [p.orderId, p]))
        for (const p of again.right.plans) expect(p).toEqual(byId.get(p.orderId))
        expect(again.right.plans.map((p) => p.orderId)).toEqual(turned.map((o) => o.id))
      }),
      { numRuns: 25 },
    )
  }, 60_000)

  it('orders of several channels under ring-fences: the plans hold one after another in holdOrder, never dearer than one by one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (seed) => {
        const doc = seededWave(seed) as { orders: Record<string, unknown>[] } & Record<string, unknown>
        const channels = ['web', 'store', 'app']
        const mixed = {
          ...doc,
          orders: doc.orders.map((o, i) => ({ ...o, channel: channels[(seed + i) % channels.length] })),
          policies: { ringFences: [{ channel: 'store', nodeKind: 'store', quantity: 1 }, { channel: 'app', nodeKind: 'warehouse', percent: 50 }] },
        }
        const r = routeWaveDocument(mixed, NOW)
        if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
        const { stock, wave } = r.right
        expect([...wave.holdOrder].sort()).toEqual(wave.plans.map((p) => p.orderId).sort())
        const byId = new Map(wave.plans.map((p) => [p.orderId, p]))
        let state = stock
        for (const id of wave.holdOrder) {
          const plan = byId.get(id) as (typeof wave.plans)[number]
          if (plan.allocations.length === 0) continue
          const held = reserveForPlan(state, plan, { now: NOW })
          expect(E.isRight(held)).toBe(true)
          if (E.isRight(held)) state = held.right.state
        }
        expect(toMicros(wave.totalCost)).toBeLessThanOrEqual(toMicros(wave.oneByOneCost))
        expect(toMicros(wave.lowerBound)).toBeLessThanOrEqual(toMicros(wave.totalCost))
      }),
      { numRuns: 40 },
    )
  }, 60_000)

  it('reserves the plans when asked, and the state then holds each order', () => {
    const { stock, document, wave } = waveOf(7, { reserve: true })
    const held = wave.reservation
    expect(held).toBeDefined()
    const withUnits = wave.plans.filter((p) => p.allocations.length > 0).map((p) => p.orderId)
    expect([...(held?.reservations.keys() ?? [])].sort()).toEqual([...withUnits].sort())
    expect(document.orders.length).toBe(wave.plans.length)
    const taken = new Map<string, number>()
    for (const p of wave.plans) for (const a of p.allocations) taken.set(`${a.node}|${a.sku}`, (taken.get(`${a.node}|${a.sku}`) ?? 0) + a.quantity)
    for (const [key, q] of taken) {
      const [node, sku] = key.split('|') as [string, string]
      const state = held?.state ?? stock
      expect(availableToPromise(state, { node, sku, channel: 'web' })).toBe(availableToPromise(stock, { node, sku, channel: 'web' }) - q)
    }
  })

  it('rejects bad options and duplicate order ids with a typed error naming the path', () => {
    const { stock, document } = waveOf(3)
    const orders = document.orders as readonly Order[]
    const bad = routeWave(stock, orders, { now: NOW, budget: 0 })
    expect(E.isLeft(bad) && bad.left).toMatchObject({ _tag: 'invalid-option', path: '$.options.budget' })
    const unknown = routeWave(stock, orders, { now: NOW, sequence: 'id' } as never)
    expect(E.isLeft(unknown) && unknown.left).toMatchObject({ _tag: 'invalid-option', path: '$.options.sequence' })
    for (const maxBranchNodes of [-1, 1.5, '10']) {
      const wrong = routeWave(stock, orders, { now: NOW, maxBranchNodes } as never)
      expect(E.isLeft(wrong) && wrong.left).toMatchObject({ _tag: 'invalid-option', path: '$.options.maxBranchNodes' })
    }
    for (const maxSimplexRows of [-1, 2.5, Number.POSITIVE_INFINITY, null]) {
      const wrong = routeWave(stock, orders, { now: NOW, maxSimplexRows } as never)
      expect(E.isLeft(wrong) && wrong.left).toMatchObject({ _tag: 'invalid-option', path: '$.options.maxSimplexRows' })
    }
    const twice = routeWave(stock, [...orders, orders[0] as Order], { now: NOW })
    expect(E.isLeft(twice) && twice.left).toMatchObject({ _tag: 'invalid-option', path: `$.orders[${orders.length}].id` })
  })

  it('a budget too small for any price iteration still returns a feasible wave no dearer than one by one', () => {
    for (const seed of [4, 9, 11]) {
      const { wave } = waveOf(seed, { budget: 1, maxIterations: 1 })
      expect(wave.iterations).toBeLessThanOrEqual(1)
      expect(toMicros(wave.totalCost)).toBeLessThanOrEqual(toMicros(wave.oneByOneCost))
      expect(toMicros(wave.lowerBound)).toBeLessThanOrEqual(toMicros(wave.totalCost))
    }
  })
})
