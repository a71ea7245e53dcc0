import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { loadNetwork, loadOrders } from '../../examples/network/load.js'
import { generateNetwork, optionsForNodes } from '../../examples/network/generate.js'
import { generateOrders } from '../../examples/network/orders.js'
import type { Order } from '../../src/model/order.js'
import { workMeter } from '../../src/routing/optimiser/meter.js'
import { compiledPrices, routeOrderWithin, type CompiledPrices, type InstanceMemo, type PlanRestriction, type RouteOptions } from '../../src/routing/route.js'
import type { StockState } from '../../src/stock/index.js'

// The generated retailer at 300 nodes: its orders are screened (cover, dominance), and some go
// through pickup nodes and hubs, so their calls build instances over many subsets of nodes.
const g = generateNetwork(optionsForNodes(300, { seed: 5, skus: 400 }))
const retailer = loadNetwork(g)
const orders = loadOrders(generateOrders(g, { count: 120, seed: 13 }))
const options: RouteOptions = { now: g.options.now, rules: retailer.rules as never }

/** A seeded price between 0 and 20 (micros) on every position of the order's SKUs at a third of the nodes, and a node charge at some. */
const pricesFor = (stock: StockState, order: Order, seed: number): CompiledPrices | undefined => {
  const byNode = new Map<number, Map<string, number>>()
  for (let node = 0; node < stock.network.nodes.count; node++) {
    if ((node * 7 + seed) % 3 !== 0) continue
    const bySku = new Map<string, number>()
    order.lines.forEach((l, i) => bySku.set(l.sku, ((node * 31 + i * 17 + seed * 13) % 21) * 1_000_000))
    if ((node + seed) % 5 === 0) bySku.set('', 3_000_000)
    byNode.set(node, bySku)
  }
  return compiledPrices(byNode)
}

const routed = (order: Order, prices: CompiledPrices | undefined, restriction: PlanRestriction, extra: Partial<RouteOptions>, memo?: InstanceMemo): string => {
  const meter = workMeter(10_000_000, retailer.stock.network.scratch)
  const r = routeOrderWithin(retailer.stock, order, { ...options, ...extra }, meter, prices, restriction, memo)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return JSON.stringify({ plan: r.right, spent: meter.spent })
}

describe('a memo of the instances built for an order', () => {
  it('gives the same plans and work as building them again, at other prices, exclusions and restrictions', () => {
    let reused = 0
    for (const order of orders) {
      const memo: InstanceMemo = new Map()
      const first = routed(order, undefined, {}, {}, memo)
      expect(first).toBe(routed(order, undefined, {}, {}))
      const built = memo.size
      expect(built).toBeGreaterThan(0)
      for (const seed of [1, 2, 3]) {
        const prices = pricesFor(retailer.stock, order, seed)
        expect(routed(order, prices, {}, {}, memo)).toBe(routed(order, prices, {}, {}))
      }
      if (memo.size === built) reused++
      // A node of its plan left out, or forced in with its units capped: what the wave's branch and price asks.
      const plan = JSON.parse(first).plan as { allocations: { node: string; sku: string; quantity: number }[] }
      const a = plan.allocations[0]
      if (a !== undefined) {
        const node = retailer.stock.network.nodes.byId.get(a.node) as number
        const excluded = { excludePositions: order.lines.map((l) => ({ node: a.node, sku: l.sku })) }
        expect(routed(order, pricesFor(retailer.stock, order, 4), {}, excluded, memo)).toBe(routed(order, pricesFor(retailer.stock, order, 4), {}, excluded))
        const restriction: PlanRestriction = { through: [node], caps: new Map([[node, new Map([[a.sku, a.quantity]])]]) }
        expect(routed(order, undefined, restriction, {}, memo)).toBe(routed(order, undefined, restriction, {}))
      }
    }
    // Most orders' priced calls build nothing new.
    expect(reused).toBeGreaterThan(orders.length / 2)
  }, 120_000)
})
