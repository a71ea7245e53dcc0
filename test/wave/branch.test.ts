/**
 * What the branch and price asks of the router (`routeOrderWithin`): plans that take units
 * from given nodes, none from others, within caps. The plans through each node, with the plan
 * that takes from none of them, cover every plan of the order: the cheapest of them is the
 * order's optimum. And the tree's own pieces (./../../src/wave/branch.ts) on a hand-made pool.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Order } from '../../src/model/order.js'
import { toMicros } from '../../src/money.js'
import { workMeter } from '../../src/routing/optimiser.js'
import { routeOrderMetered, routeOrderWithin } from '../../src/routing/route.js'
import type { Plan } from '../../src/routing/plan.js'
import { routeWaveDocument } from '../../src/wave/document.js'
import { inBranch, nodesOf } from '../../src/wave/branch.js'
import { seededWave } from './generate.js'

const NOW = '2026-12-22T12:00:00Z'
const OPTIONS = { now: NOW, explainAlternatives: 0 }

const waveOf = (seed: number) => {
  const r = routeWaveDocument(seededWave(seed), NOW, { maxIterations: 1, maxBranchNodes: 0 })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

/** Checks every order of wave `seed` through every pair of nodes, and within caps; the number of pairs with a plan. */
const throughPairs = (seed: number): number => {
  const { stock, document } = waveOf(seed)
  const net = stock.network
  let pairs = 0
  for (const order of document.orders as readonly Order[]) {
      const free = routeOrderMetered(stock, order, OPTIONS, workMeter(10_000_000, net.scratch))
      if (E.isLeft(free)) throw new Error('routed')
      for (let a = 0; a < net.nodes.count; a++) {
        for (let b = a + 1; b < net.nodes.count; b++) {
          const both = routeOrderWithin(stock, order, OPTIONS, workMeter(10_000_000, net.scratch), undefined, { through: [a, b] })
          if (E.isLeft(both)) throw new Error('routed')
          if (both.right === undefined) continue
          pairs++
          const plan: Plan = both.right
          expect(inBranch(plan, [{ node: a, uses: true }, { node: b, uses: true }], net.nodes.byId)).toBe(true)
          expect(toMicros(plan.totalCost)).toBeGreaterThanOrEqual(toMicros(free.right.totalCost))
        }
      }
      // Caps: at most one unit of each SKU from each node.
      const caps = new Map(Array.from({ length: net.nodes.count }, (_, n) => [n, new Map(order.lines.map((l) => [l.sku, 1]))] as const))
      const capped = routeOrderWithin(stock, order, OPTIONS, workMeter(10_000_000, net.scratch), undefined, { caps })
      if (E.isLeft(capped) || capped.right === undefined) throw new Error('routed')
      const taken = new Map<string, number>()
      for (const x of capped.right.allocations) taken.set(`${x.node}|${x.sku}`, (taken.get(`${x.node}|${x.sku}`) ?? 0) + x.quantity)
      for (const q of taken.values()) expect(q).toBeLessThanOrEqual(1)
    }
  return pairs
}

describe('routeOrderWithin', () => {
  it('plans through each holder, and the plan through none, cover the order: the cheapest is its optimum', () => {
    let checked = 0
    for (let seed = 1; seed <= 40; seed++) {
      const { stock, document } = waveOf(seed)
      const net = stock.network
      for (const order of document.orders as readonly Order[]) {
        const optimum = routeOrderMetered(stock, order, OPTIONS, workMeter(10_000_000, net.scratch))
        if (E.isLeft(optimum)) throw new Error(JSON.stringify(optimum.left))
        const skus: string[] = [...new Set<string>(order.lines.map((l) => l.sku))]
        const holders = [...new Set((seededWave(seed).stock as { node: string; sku: string }[]).filter((p) => skus.includes(p.sku)).map((p) => p.node))]
        const costs: number[] = []
        for (const holder of holders) {
          const node = net.nodes.byId.get(holder) as number
          const through = routeOrderWithin(stock, order, OPTIONS, workMeter(10_000_000, net.scratch), undefined, { through: [node] })
          if (E.isLeft(through)) throw new Error(JSON.stringify(through.left))
          if (through.right === undefined) continue
          expect(nodesOf(through.right, net.nodes.byId).has(node)).toBe(true)
          expect(through.right.optimality).toBe('proven')
          costs.push(toMicros(through.right.totalCost))
        }
        const none = routeOrderWithin(
          stock,
          order,
          { ...OPTIONS, excludePositions: holders.flatMap((node) => skus.map((sku) => ({ node, sku }))) },
          workMeter(10_000_000, net.scratch),
          undefined,
          {},
        )
        if (E.isLeft(none) || none.right === undefined) throw new Error('the plan through no node is always there')
        expect(none.right.allocations).toEqual([])
        costs.push(toMicros(none.right.totalCost))
        expect({ seed, order: order.id, cost: Math.min(...costs) }).toEqual({ seed, order: order.id, cost: toMicros(optimum.right.totalCost) })
        checked++
      }
    }
    expect(checked).toBeGreaterThan(100)
  })

  it('takes units from every node it must use, at least as dear as the optimum; caps hold; none when no plan can', () => {
    let pairs = 0
    for (let seed = 1; seed <= 8; seed++) pairs += throughPairs(seed)
    expect(pairs).toBeGreaterThan(20)
    // A node that holds none of an order's SKUs: no plan takes units from it.
    let empties = 0
    for (let seed = 1; seed <= 8; seed++) {
      const { stock, document } = waveOf(seed)
      const doc = seededWave(seed) as { nodes: { id: string }[]; stock: { node: string; sku: string }[] }
      for (const order of document.orders as readonly Order[]) {
        const skus = new Set<string>(order.lines.map((l) => l.sku))
        for (const { id } of doc.nodes) {
          if (doc.stock.some((p) => p.node === id && skus.has(p.sku))) continue
          empties++
          const none = routeOrderWithin(stock, order, OPTIONS, workMeter(10_000_000, stock.network.scratch), undefined, { through: [stock.network.nodes.byId.get(id) as number] })
          expect(E.isRight(none) && none.right === undefined).toBe(true)
        }
      }
    }
    expect(empties).toBeGreaterThan(10)
  })
})
