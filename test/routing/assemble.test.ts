/**
 * How a solution is written as a plan (src/routing/assemble.ts): every list of lines in line-id
 * order, whatever the order's lines, SKUs or nodes are called, and allocations by node, then
 * line, then the instant the units are there.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Plan } from '../../src/routing/plan.js'
import { routeScenario } from '../../src/scenario.js'

const NOW = '2026-12-22T09:00:00Z'
const costs = { package: '5', unit: '1', perUnitKm: '0' }

const route = (doc: Record<string, unknown>): Plan => {
  const r = routeScenario({ now: NOW, ...doc }, NOW)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right.plan
}

// Line ids run against the SKUs' order: c is SKU A, a is SKU C, b is SKU B.
const lines = [
  { id: 'c', sku: 'A', quantity: 2 },
  { id: 'a', sku: 'C', quantity: 2 },
  { id: 'b', sku: 'B', quantity: 2 },
]
const order = { id: 'O', channel: 'web', lines, delivery: { method: 'ship', to: { lat: 45.2, lon: 4.2 } }, unfulfilledPenalty: '60' }

describe('lines and allocations in a plan', () => {
  it('unfulfilled lines by line id', () => {
    const plan = route({ nodes: [{ id: 'W', kind: 'warehouse', location: { lat: 45, lon: 4 }, costs }], stock: [], order })
    expect(plan.unfulfilled).toEqual([
      { lineId: 'a', sku: 'C', quantity: 2 },
      { lineId: 'b', sku: 'B', quantity: 2 },
      { lineId: 'c', sku: 'A', quantity: 2 },
    ])
    // 3 lines × 2 units at 60.
    expect([plan.penaltyCost, plan.totalCost]).toEqual(['360', '360'])
  })

  it('a parcel’s lines by line id, allocations by node then line', () => {
    const plan = route({
      nodes: [
        // Z-W holds all three, so one parcel; A-W holds one unit of C, too few to be worth a parcel.
        { id: 'Z-W', kind: 'warehouse', location: { lat: 45, lon: 4 }, costs },
        { id: 'A-W', kind: 'warehouse', location: { lat: 45, lon: 4 }, costs: { ...costs, package: '50' } },
      ],
      stock: [
        { node: 'Z-W', sku: 'A', onHand: 5 },
        { node: 'Z-W', sku: 'B', onHand: 5 },
        { node: 'Z-W', sku: 'C', onHand: 5 },
        { node: 'A-W', sku: 'C', onHand: 1 },
      ],
      order,
    })
    expect(plan.shipments.map((s) => [s.from, s.lines.map((l) => l.lineId)])).toEqual([['Z-W', ['a', 'b', 'c']]])
    expect(plan.allocations.map((a) => [a.node, a.lineId])).toEqual([['Z-W', 'a'], ['Z-W', 'b'], ['Z-W', 'c']])
    // One parcel: 5 + 6 units × 1.
    expect(plan.totalCost).toBe('11')
  })

  it('two parcels by origin, each with its lines by line id; allocations by node, then line', () => {
    const plan = route({
      nodes: [
        { id: 'W-2', kind: 'warehouse', location: { lat: 45, lon: 4 }, costs },
        { id: 'W-1', kind: 'warehouse', location: { lat: 45, lon: 4 }, costs },
      ],
      stock: [
        { node: 'W-2', sku: 'A', onHand: 2 },
        { node: 'W-2', sku: 'C', onHand: 2 },
        { node: 'W-1', sku: 'B', onHand: 2 },
      ],
      order,
    })
    expect(plan.shipments.map((s) => [s.from, s.lines.map((l) => l.lineId)])).toEqual([['W-1', ['b']], ['W-2', ['a', 'c']]])
    expect(plan.allocations.map((a) => [a.node, a.lineId])).toEqual([['W-1', 'b'], ['W-2', 'a'], ['W-2', 'c']])
    // (5 + 2) + (5 + 4).
    expect(plan.totalCost).toBe('16')
  })
})
