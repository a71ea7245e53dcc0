/**
 * Choices `routeOrder` makes itself, around the instances it solves: which positions an
 * exclusion zeroes, which baseline a strategy names, and which hubs it tries.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { customers } from '../../examples/sample-network.js'
import { loadSample, order } from '../../examples/setup.js'
import type { Order } from '../../src/model/order.js'
import type { Plan } from '../../src/routing/plan.js'
import { routeOrder, type RouteOptions } from '../../src/routing/route.js'
import type { StockState } from '../../src/stock/types.js'

const now = '2026-11-27T09:00:00Z'
const sample = loadSample()

const planOf = (stock: StockState, o: Order, options: Omit<RouteOptions, 'now'> = {}): Plan => {
  const r = routeOrder(stock, o, { now, ...options })
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

/** The parts of a plan that say where units come from and what they cost. */
const sourcing = (p: Plan) => ({ total: p.totalCost, shipments: p.shipments.map((s) => [s.from, s.lines]), transfers: p.transfers, unfulfilled: p.unfulfilled })

describe('excluded positions', () => {
  const basket = order({
    id: 'X', channel: 'web',
    lines: [{ id: '1', sku: 'LAMP', quantity: 3 }, { id: '2', sku: 'JACKET-M', quantity: 2 }, { id: '3', sku: 'SNEAKER-42', quantity: 2 }],
    delivery: { method: 'ship', to: customers.grenoble },
  })

  it('a position of an SKU the order does not ask for, or of a node the network lacks, changes nothing', () => {
    const plain = sourcing(planOf(sample.stock, basket))
    for (const node of sample.doc.nodes.map((n) => n.id)) {
      expect({ node, plan: sourcing(planOf(sample.stock, basket, { excludePositions: [{ node, sku: 'TENT-4P' }] })) }).toEqual({ node, plan: plain })
    }
    expect(sourcing(planOf(sample.stock, basket, { excludePositions: [{ node: 'W-NOWHERE', sku: 'LAMP' }] }))).toEqual(plain)
  })

  it('an exclusion at a node whose SKU the order lacks touches no other node’s stock', () => {
    // Every holder in the instance (no screen), W-A's facility just before W-B's: W-A sends X
    // for 6, W-B for 7. Excluding W-B's Z, which the order does not ask for, leaves W-A's X.
    const at = { lat: 45.2, lon: 4.2 }
    const two = loadSample(
      {
        nodes: [
          { id: 'W-A', kind: 'warehouse', location: at, costs: { package: '5', unit: '1', perUnitKm: '0' } },
          { id: 'W-B', kind: 'warehouse', location: at, costs: { package: '6', unit: '1', perUnitKm: '0' } },
        ],
      },
      { rows: [{ node: 'W-A', sku: 'X', onHand: 2 }, { node: 'W-B', sku: 'X', onHand: 2 }, { node: 'W-B', sku: 'Z', onHand: 2 }] },
    )
    const x = order({ id: 'Z', channel: 'web', lines: [{ id: '1', sku: 'X', quantity: 1 }], delivery: { method: 'ship', to: at } })
    const plan = planOf(two.stock, x, { screening: false, excludePositions: [{ node: 'W-B', sku: 'Z' }] })
    expect([plan.shipments.map((s) => s.from), plan.totalCost]).toEqual([['W-A'], '6'])
  })

  it('an excluded position sends nothing of its SKU, and only of its SKU', () => {
    const plain = planOf(sample.stock, basket)
    const lampFrom = plain.allocations.find((a) => a.sku === 'LAMP')?.node as string
    const without = planOf(sample.stock, basket, { excludePositions: [{ node: lampFrom, sku: 'LAMP' }] })
    expect(without.allocations.filter((a) => a.node === lampFrom && a.sku === 'LAMP')).toEqual([])
    expect(without.allocations.reduce((n, a) => n + (a.sku === 'LAMP' ? a.quantity : 0), 0)).toBe(3)
  })
})

describe('baseline strategies', () => {
  it('priority follows the node priority order, nearest the distance: they part where the two disagree', () => {
    // The lamp is at W-LYON (priority 2), S-LYON-PART-DIEU (10) and DS-PARIS-11 (5), the
    // dark store 1 km from a customer at Bastille.
    const lamp = order({ id: 'B', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 2 }], delivery: { method: 'ship', to: customers.parisBastille } })
    const froms = (strategy: 'priority' | 'nearest') => planOf(sample.stock, lamp, { strategy }).shipments.map((s) => s.from)
    expect({ priority: froms('priority'), nearest: froms('nearest') }).toEqual({ priority: ['W-LYON'], nearest: ['DS-PARIS-11'] })
  })
})

describe('hubs tried', () => {
  /**
   * Distance-free costs: a parcel 5 + 1 a unit, a transfer 1 + 1 a unit. W-B holds X and W-C
   * holds Y, neither a hub; W-A and W-D are empty hubs, W-A the nearer to the customer.
   *   direct, two parcels:                 (5 + 1) + (5 + 1)         = 12
   *   through either hub, two transfers:   (1 + 1) × 2 + 5 + 2 × 1   = 11
   * The two hubs tie; the nearer is tried first and kept.
   */
  const costs = { package: '5', unit: '1', perUnitKm: '0', transfer: { fixed: '1', unit: '1', perUnitKm: '0' } }
  const snapshot = { rows: [{ node: 'W-B', sku: 'X', onHand: 3 }, { node: 'W-C', sku: 'Y', onHand: 3 }] }
  const world = loadSample(
    {
      nodes: [
        { id: 'W-A', kind: 'warehouse', location: { lat: 45.21, lon: 4.21 }, costs, dailyCapacity: { orders: 1 } },
        { id: 'W-B', kind: 'warehouse', location: { lat: 46.0, lon: 5.0 }, costs, capabilities: ['ship', 'transfer-out'] },
        { id: 'W-C', kind: 'warehouse', location: { lat: 44.5, lon: 3.5 }, costs, capabilities: ['ship', 'transfer-out'] },
        { id: 'W-D', kind: 'warehouse', location: { lat: 45.5, lon: 4.5 }, costs, dailyCapacity: { orders: 5 } },
      ],
    },
    snapshot,
  )
  const xy = order({
    id: 'H', channel: 'web', allowHub: true,
    lines: [{ id: '1', sku: 'X', quantity: 1 }, { id: '2', sku: 'Y', quantity: 1 }],
    delivery: { method: 'ship', to: { lat: 45.2, lon: 4.2 } },
  })
  /** The same order without `allowHub` (hubs then follow `shipComplete`). */
  const { allowHub: _, ...rest } = xy

  it('on a tie between hubs, the nearer one', () => {
    const plan = planOf(world.stock, xy)
    expect([plan.hub, plan.totalCost]).toEqual(['W-A', '11'])
    expect(plan.explanation.summary).toMatch(/\(proven optimal\)$/)
  })

  it('a baseline strategy tries no hub: two direct parcels, 12, where the optimum goes through one for 11', () => {
    for (const strategy of ['priority', 'nearest'] as const) {
      const plan = planOf(world.stock, xy, { strategy })
      expect([strategy, plan.hub, plan.totalCost, plan.optimality]).toEqual([strategy, undefined, '12', 'heuristic'])
      expect(plan.explanation.summary).toMatch(/\(baseline strategy\)$/)
    }
  })

  it('a hub the order’s rules exclude is not tried', () => {
    const plan = planOf(world.stock, order({ ...xy, rules: { excludeNodes: ['W-A'] } }))
    expect([plan.hub, plan.totalCost]).toEqual(['W-D', '11'])
  })

  it('between hubs at the same place, the first by id, whatever the document’s order', () => {
    const together = loadSample(
      { nodes: world.doc.nodes.map((n) => (n.id === 'W-D' ? { ...n, location: { lat: 45.21, lon: 4.21 } } : n)) },
      snapshot,
    )
    expect(planOf(together.stock, xy).hub).toBe('W-A')
    const swapped = loadSample(
      { nodes: [...together.doc.nodes].reverse() },
      snapshot,
    )
    expect(planOf(swapped.stock, xy).hub).toBe('W-A')
  })

  it('a hub with no order left today is not tried; one with orders left still is', () => {
    const plan = planOf(world.stock, xy, { capacityUsed: { 'W-A': { orders: 1, units: 0 }, 'W-D': { orders: 4, units: 0 } } })
    expect([plan.hub, plan.totalCost, plan.transfers.map((t) => [t.from, t.to])]).toEqual(['W-D', '11', [['W-B', 'W-D'], ['W-C', 'W-D']]])
  })

  it('fastest, ship-complete: only a hub serves both units in one parcel, so fastest goes through one', () => {
    // Ship-complete allows hubs unless the order says otherwise.
    const complete = order({ ...rest, shipComplete: true })
    const plan = planOf(world.stock, complete, { strategy: 'fastest' })
    expect([plan.hub, plan.unfulfilled, plan.optimality]).toEqual(['W-A', [], 'proven'])
    expect(plan.explanation.summary).toContain('(proven fastest, then cheapest)')
    // With too little work to finish the search, the plan and its summary say so.
    const short = planOf(world.stock, complete, { strategy: 'fastest', budget: 40 })
    expect(short.optimality).toBe('bounded')
    expect(short.explanation.summary).toContain('(fastest found within the search budget)')
    // The direct instance and its search spent the budget: no hub was built (building one
    // would charge its nodes and items), so nothing serves both lines in one parcel.
    expect([short.hub, short.unfulfilled.length, short.explanation.work]).toEqual([undefined, 2, { spent: 366, budget: 40 }])
  })

  it('fastest through a hub with a delay cost: every unit waits for the hub’s parcel', () => {
    const plan = planOf(world.stock, order({ ...rest, shipComplete: true, delayCost: '1' }), { strategy: 'fastest' })
    // The hub's parcel arrives 2026-11-30, three days after now (the 27th): 2 units × 3 days × 1.
    expect([plan.hub, plan.eta, plan.delayCost, plan.fulfilmentCost, plan.totalCost, plan.optimality]).toEqual(['W-A', '2026-11-30T00:00:00.000Z', '6', '11', '17', 'proven'])
  })

  it('fastest tries hubs only when the order allows them: without, what only a transfer can bring is left', () => {
    // W-C may send Y to a hub but not ship it: only a hub serves both lines.
    const noShip = loadSample(
      { nodes: world.doc.nodes.map((n) => (n.id === 'W-C' ? { ...n, capabilities: ['transfer-out'] } : n)) },
      snapshot,
    )
    const alone = planOf(noShip.stock, order(rest), { strategy: 'fastest' })
    expect([alone.hub, alone.shipments.map((s) => s.from), alone.unfulfilled.map((u) => u.sku)]).toEqual([undefined, ['W-B'], ['Y']])
    const hubbed = planOf(noShip.stock, xy, { strategy: 'fastest' })
    expect([hubbed.hub, hubbed.unfulfilled]).toEqual(['W-A', []])
  })
})
