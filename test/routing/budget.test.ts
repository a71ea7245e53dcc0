import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Order } from '../../src/model/order.js'
import { toMicros } from '../../src/money.js'
import { promiseOptions } from '../../src/promise/promise.js'
import type { Plan } from '../../src/routing/plan.js'
import { DEFAULT_WORK_BUDGET, routeOrder, type RouteOptions } from '../../src/routing/route.js'
import { reroute } from '../../src/batch/reroute.js'
import { BUILD_UNITS } from '../../src/routing/screen.js'
import { DENSE_NOW, denseWorld } from '../support/dense.js'

// A small dense world: 150 stores holding 1–2 units of a fifth of 120 SKUs, 4 warehouses.
const world = denseWorld({ stores: 150, skus: 120, seed: 3 })

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

const route = (order: Order, options: Partial<RouteOptions> = {}): Plan => right(routeOrder(world.stock, order, { now: DENSE_NOW, ...options }))

/** The units of building the order's whole problem once: one step's worth at most. */
const oneBuild = (order: Order): number => {
  const skus = new Set<string>(order.lines.map((l) => l.sku))
  const holders = new Set(world.rows.filter((r) => skus.has(r.sku)).map((r) => r.node))
  return BUILD_UNITS * holders.size * (skus.size + 1)
}

/** Every line is covered exactly and (with `stock`) no position gives more than it holds. */
const expectValid = (order: Order, plan: Plan, stock = true): void => {
  for (const line of order.lines) {
    const planned = plan.allocations.filter((a) => a.lineId === line.id).reduce((n, a) => n + a.quantity, 0)
    const missing = plan.unfulfilled.filter((u) => u.lineId === line.id).reduce((n, u) => n + u.quantity, 0)
    expect(planned + missing).toBe(line.quantity)
  }
  const taken = new Map<string, number>()
  for (const a of plan.allocations) taken.set(`${a.node}|${a.sku}`, (taken.get(`${a.node}|${a.sku}`) ?? 0) + a.quantity)
  const onHand = new Map(world.rows.map((r) => [`${r.node}|${r.sku}`, r.onHand]))
  if (stock) for (const [position, q] of taken) expect(q).toBeLessThanOrEqual(onHand.get(position) ?? 0)
  expect(toMicros(plan.totalCost)).toBe(toMicros(plan.fulfilmentCost) + toMicros(plan.penaltyCost))
}

const BUDGETS = [1, 1_000, 30_000, 300_000, 3_000_000]
const ORDERS = [...world.orders(5, 3), ...world.orders(20, 3)]

describe('the work budget', () => {
  it('is never exceeded by more than one step (at most one build of the order’s problem), and reported', () => {
    for (const order of ORDERS) {
      for (const budget of BUDGETS) {
        const plan = route(order, { budget })
        const work = plan.explanation.work
        expect(work?.budget).toBe(budget)
        expect(work?.spent ?? Infinity).toBeLessThanOrEqual(budget + oneBuild(order))
      }
    }
  })

  it('a bounded plan’s gap is a true bound: the proven optimum lies in [cost − gap, cost]', () => {
    let bounded = 0
    for (const order of ORDERS) {
      const proven = route(order, { budget: 200_000_000 })
      expect(proven.optimality).toBe('proven')
      const optimum = toMicros(proven.totalCost)
      for (const budget of BUDGETS) {
        const plan = route(order, { budget })
        const cost = toMicros(plan.totalCost)
        const gap = toMicros(plan.gap)
        expect(cost - gap).toBeLessThanOrEqual(optimum)
        expect(cost).toBeGreaterThanOrEqual(optimum)
        if (plan.optimality === 'proven') expect(cost).toBe(optimum)
        else {
          expect(plan.optimality).toBe('bounded')
          expect(gap).toBeGreaterThan(0)
          bounded++
        }
      }
    }
    // The small budgets really do cut searches short.
    expect(bounded).toBeGreaterThan(5)
  })

  it('for any budget: within one step of it, and the proven optimum in [cost − gap, cost] (property)', () => {
    const optimum = new Map<number, number>()
    const optimumOf = (i: number): number => {
      const known = optimum.get(i)
      if (known !== undefined) return known
      const cost = toMicros(route(ORDERS[i] as Order, { budget: 200_000_000 }).totalCost)
      optimum.set(i, cost)
      return cost
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ORDERS.length - 1 }), fc.integer({ min: 1, max: 2_000_000 }), (i, budget) => {
        const order = ORDERS[i] as Order
        const plan = route(order, { budget })
        expect(plan.explanation.work?.spent ?? Infinity).toBeLessThanOrEqual(budget + oneBuild(order))
        const cost = toMicros(plan.totalCost)
        expect(cost - toMicros(plan.gap)).toBeLessThanOrEqual(optimumOf(i))
        expect(cost).toBeGreaterThanOrEqual(optimumOf(i))
      }),
      { numRuns: 40 },
    )
  })

  it('a budget too small for a proof still finds plans near the optimum: the search also descends from other first nodes', () => {
    // Where every store holds a few of the lines, the greedy first plan opens the store that
    // covers most and often misses the best plans; a short search cannot recover them. With
    // the descents from the next-best first nodes, these ten 20-line orders cost 0.9 % more
    // in total than their proven optima at 1,000,000 units; with the greedy descent alone, 4.7 %.
    let cost = 0
    let optimum = 0
    for (const order of world.orders(20, 10)) {
      const best = route(order, { budget: 400_000_000 })
      expect(best.optimality).toBe('proven')
      optimum += toMicros(best.totalCost)
      cost += toMicros(route(order, { budget: 1_000_000 }).totalCost)
    }
    expect(cost).toBeGreaterThanOrEqual(optimum)
    expect(cost / optimum).toBeLessThan(1.02)
  })

  it('a tiny budget still returns a valid plan, never nothing', () => {
    for (const order of [...ORDERS, ...world.orders(40, 2)]) {
      const plan = route(order, { budget: 1 })
      expectValid(order, plan)
      expect(plan.optimality).not.toBe('proven')
      expect(plan.allocations.length).toBeGreaterThan(0)
    }
  })

  it('the same input and budget give the same plan, byte for byte', () => {
    for (const order of ORDERS.slice(2, 5)) {
      for (const budget of [5_000, 400_000]) {
        expect(JSON.stringify(route(order, { budget }))).toBe(JSON.stringify(route(order, { budget })))
      }
    }
  })

  it('the default budget is the documented constant', () => {
    expect(route(ORDERS[0] as Order).explanation.work?.budget).toBe(DEFAULT_WORK_BUDGET)
  })

  it('reroute draws both of its routings from one budget', () => {
    const order = ORDERS[3] as Order
    const plan = route(order)
    const from = plan.allocations[0]?.node as string
    const r = right(reroute(world.stock, order, plan, { node: from }, { now: DENSE_NOW, budget: 20_000 }))
    // The stock is not reserved here, so the kept units may count twice against it: coverage only.
    expectValid(order, r.plan, false)
    expect(r.plan.allocations.some((a) => a.node === from)).toBe(false)
  })

  it('promiseOptions spends one budget across its options and still returns valid, deterministic options', () => {
    const lines = (ORDERS[4] as Order).lines.map((l) => ({ sku: l.sku, quantity: 1 }))
    const request = { channel: 'web', location: { lat: 45.76, lon: 4.84 }, now: DENSE_NOW, lines, radiusKm: 200 } as never
    for (const budget of [1, 50_000, 5_000_000]) {
      const a = right(promiseOptions(world.stock, request, { budget }))
      const b = right(promiseOptions(world.stock, request, { budget }))
      expect(JSON.stringify(a)).toBe(JSON.stringify(b))
      for (const o of a) {
        expect(o.plan.unfulfilled).toEqual([])
        expect(o.plan.allocations.reduce((n, x) => n + x.quantity, 0)).toBe(lines.length)
        if (o.plan.optimality === 'bounded') expect(toMicros(o.plan.gap)).toBeGreaterThan(0)
      }
    }
  })
})
