/**
 * Offers (src/routing/offers.ts): the order's tiers as the router orders them, a set of
 * offers solved all-or-nothing, and the plan written for a solution — or none when the
 * solution leaves a unit unserved — worked out by hand on two nodes.
 */
import { describe, expect, it } from 'vitest'
import { order } from '../../examples/setup.js'
import { callMeter, evaluateOffers, offerPlan, offerSet, orderTiers, solveOffers, workLeft, type Offer } from '../../src/routing/offers.js'
import { compiledNetwork, LYON_POINT, nodeNorth } from '../support/network.js'

const nowMs = Date.parse('2026-12-08T09:00:00Z')
const MICRO = 1_000_000

describe('orderTiers', () => {
  it('puts one tier per line, grouped by SKU in the items order, by line id within a SKU', () => {
    const lines = [
      { id: 'm', sku: 'X', quantity: 4 },
      { id: 'k', sku: 'Y', quantity: 7 },
      { id: 'z', sku: 'X', quantity: 1 },
      { id: 'a', sku: 'X', quantity: 2 },
      { id: 'q', sku: 'X', quantity: 3 },
      { id: 'b', sku: 'Y', quantity: 5 },
    ]
    const t = orderTiers(['X', 'Y'], lines, 9 * MICRO)
    expect(t.tiers.map((x) => x.lineId)).toEqual(['a', 'm', 'q', 'z', 'b', 'k'])
    expect(t.tiers.map((x) => x.sku)).toEqual(['X', 'X', 'X', 'X', 'Y', 'Y'])
    expect(Array.from(t.tierStart)).toEqual([0, 4, 6])
    expect(Array.from(t.tierQuantity)).toEqual([2, 4, 3, 1, 5, 7])
    expect(Array.from(t.tierPenalty)).toEqual([9, 9, 9, 9, 9, 9].map((p) => p * MICRO))
  })
})

describe('a set of offers', () => {
  // Two stores north of the shopper; costs are the offers' own, not the nodes'.
  const net = compiledNetwork({ nodes: [nodeNorth('A', 'store', 2), nodeNorth('B', 'store', 5)] })
  const target = { mode: 'direct', to: LYON_POINT } as const
  const a = net.nodes.ids.indexOf('A')
  const b = net.nodes.ids.indexOf('B')
  const offer = (node: number, fixed: number): Offer => ({ node, role: 'ship', fixed, unit: MICRO / 2, metres: 0, capacity: 100 })
  // X: 1 unit, Y: 2 units, each unit unserved at 10.
  const tiers = orderTiers(['X', 'Y'], [{ id: '1', sku: 'X', quantity: 1 }, { id: '2', sku: 'Y', quantity: 2 }], 10 * MICRO)
  // A holds the X and one Y (3 + 0.5 a unit); B holds everything but costs 100 a parcel.
  const held = [[1, 1], [1, 2]] as const
  const set = offerSet(net, nowMs, tiers, target, [offer(a, 3 * MICRO), offer(b, 100 * MICRO)], (k, s) => held[k]?.[s] ?? 0)
  const basket = order({ id: 'O', channel: 'web', lines: [{ id: '1', sku: 'X', quantity: 1 }, { id: '2', sku: 'Y', quantity: 2 }], delivery: { method: 'ship', to: LYON_POINT } })

  it('is solved all or nothing: no plan that leaves a unit unserved', () => {
    // Serving nothing costs 3 × 10 = 30; A's two units and one unserved 3 + 1 + 10 = 14 would
    // be cheaper but leaves a unit out; B alone costs 100 + 1.5. Nothing it is.
    const sol = solveOffers(set, callMeter(net, undefined), 1, new Int32Array(0))
    expect(sol.optimality).toBe('proven')
    expect(sol.cost).toBe(30 * MICRO)
    expect(Array.from(sol.open)).toEqual([])
    expect(offerPlan(net, nowMs, basket, set, sol, true)).toBeUndefined()
  })

  it('writes no plan for a solution that serves one item in full and another in part', () => {
    // Both offers used, each item from its cheapest first: A sends its X and one Y, B the
    // other Y. Then A alone: the second Y is unserved, so there is no plan to write.
    const both = evaluateOffers(set, callMeter(net, undefined))
    expect(Array.from(both.unserved)).toEqual([0, 0])
    const written = offerPlan(net, nowMs, basket, set, both, true)
    expect(written?.plan.totalCost).toBe('104.5')
    expect(written?.plan.shipments.map((s) => [s.from, s.lines])).toEqual([
      ['A', [{ lineId: '1', sku: 'X', quantity: 1 }, { lineId: '2', sku: 'Y', quantity: 1 }]],
      ['B', [{ lineId: '2', sku: 'Y', quantity: 1 }]],
    ])
    const partial = { ...both, open: Int32Array.of(0), flow: Int32Array.of(1, 1, 0, 0), unserved: Int32Array.of(0, 1), cost: 14 * MICRO }
    expect(offerPlan(net, nowMs, basket, set, partial, true)).toBeUndefined()
  })

  it('reports a bounded plan with its gap to the lower bound, and a proven one with none', () => {
    const both = evaluateOffers(set, callMeter(net, undefined))
    const bounded = offerPlan(net, nowMs, basket, set, { ...both, lowerBound: both.cost - 1.5 * MICRO }, false)
    expect(bounded?.plan.optimality).toBe('bounded')
    expect(bounded?.plan.gap).toBe('1.5')
    const proven = offerPlan(net, nowMs, basket, set, { ...both, lowerBound: both.cost - 1.5 * MICRO }, true)
    expect([proven?.plan.optimality, proven?.plan.gap]).toEqual(['proven', '0'])
  })
})

describe('solving a set from a seed', () => {
  // Six stores, three SKUs of two units each; store k charges 3 + k a parcel and
  // 0.5 + 0.001·k a unit. Stores 0 and 1 together hold everything (A 2 + 0, B 0 + 2, C 1 + 1)
  // for 3 + 4 + 6 × 0.5 + 3 × 0.001 = 10.003: the cheapest pair, and no store holds it all
  // but store 5 (8 + 3.03 = 11.03).
  const net = compiledNetwork({ nodes: [0, 1, 2, 3, 4, 5].map((i) => nodeNorth(`N${i}`, 'store', 2 + i)) })
  const items = ['A', 'B', 'C']
  const tiers = orderTiers(items, items.map((sku, i) => ({ id: String(i), sku, quantity: 2 })), 10 * MICRO)
  const offers = [0, 1, 2, 3, 4, 5].map((k): Offer => ({ node: k, role: 'ship', fixed: (3 + k) * MICRO, unit: MICRO / 2 + k * 1000, metres: 0, capacity: 100 }))
  const held = [[2, 0, 1], [0, 2, 1], [1, 1, 2], [2, 2, 0], [0, 1, 2], [2, 2, 2]]
  const set = offerSet(net, nowMs, tiers, { mode: 'direct', to: LYON_POINT }, offers, (k, s) => held[k]?.[s] ?? 0)
  const solved = (seed: Int32Array) => {
    const meter = callMeter(net, 1_000_000)
    const sol = solveOffers(set, meter, 1, seed)
    return { cost: sol.cost, open: Array.from(sol.open), optimality: sol.optimality, searchNodes: sol.searchNodes, spent: 1_000_000 - workLeft(meter) }
  }

  it('starts from the seed: seeded with the optimum, the search closes in fewer nodes on the caller\'s meter', () => {
    const cold = solved(new Int32Array(0))
    const seeded = solved(Int32Array.of(0, 1))
    expect([cold.cost, cold.open, cold.optimality]).toEqual([10_003_000, [0, 1], 'proven'])
    expect([seeded.cost, seeded.open, seeded.optimality]).toEqual([10_003_000, [0, 1], 'proven'])
    // The work and nodes of each search, as the meter counts them (deterministic units).
    expect([cold.searchNodes, cold.spent]).toEqual([5, 1070])
    expect([seeded.searchNodes, seeded.spent]).toEqual([2, 792])
  })
})
