import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Plan } from '../../src/routing/plan.js'
import type { Order } from '../../src/model/order.js'
import { routeWaveDocument } from '../../src/wave/document.js'
import { WaveRows } from '../../src/wave/rows.js'
import { capacityRowKey, positionKey, rowKey } from '../../src/wave/prices.js'

const NOW = '2026-12-22T12:00:00Z'

/** Store S0 (2 orders and 3 units a day) and warehouse W1, each with 2 units of A; orders of two channels. */
const doc = {
  now: NOW,
  nodes: [
    { id: 'S0', kind: 'store', location: { lat: 48.85, lon: 2.35 }, costs: { package: '5', unit: '0.5', perUnitKm: '0.001' }, capabilities: ['ship'], dailyCapacity: { orders: 2, units: 3 } },
    { id: 'W1', kind: 'warehouse', location: { lat: 43.3, lon: 5.4 }, costs: { package: '12', unit: '0.5', perUnitKm: '0.001' }, capabilities: ['ship'] },
  ],
  stock: [
    { node: 'S0', sku: 'A', onHand: 2 },
    { node: 'W1', sku: 'A', onHand: 2 },
  ],
  orders: [
    { id: 'O1', channel: 'web', lines: [{ id: '1', sku: 'A', quantity: 2 }], delivery: { method: 'ship', to: { lat: 48.86, lon: 2.34 } } },
    { id: 'O2', channel: 'app', lines: [{ id: '1', sku: 'A', quantity: 1 }], delivery: { method: 'ship', to: { lat: 48.86, lon: 2.34 } } },
  ],
}

const setup = (used: Record<string, { orders: number; units: number }> = {}) => {
  const r = routeWaveDocument(doc, NOW, { maxBranchNodes: 0 })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  const orders = r.right.document.orders as unknown as Order[]
  return { rows: new WaveRows(r.right.stock, orders, new Map(Object.entries(used))), net: r.right.stock.network }
}

/** A plan of order `orderId` taking `allocations` (node, SKU, units, and when the units arrive if later). */
const planOf = (orderId: string, allocations: { node: string; sku: string; quantity: number; availableAt?: string }[]): Plan => ({ orderId, allocations }) as unknown as Plan

describe('the rows of a wave', () => {
  it('a plan sending from a node with a daily capacity goes through its rows of units (its units) and orders (once); a node without one has neither', () => {
    const { rows, net } = setup()
    const s0 = net.nodes.byId.get('S0') as number
    const w1 = net.nodes.byId.get('W1') as number
    const usage = rows.rowUsage(0, planOf('O1', [{ node: 'S0', sku: 'A', quantity: 1 }, { node: 'S0', sku: 'A', quantity: 1 }, { node: 'W1', sku: 'A', quantity: 1 }]))
    expect(usage.get(capacityRowKey(s0, 'units'))).toBe(2)
    expect(usage.get(capacityRowKey(s0, 'orders'))).toBe(1)
    expect(usage.has(capacityRowKey(w1, 'units'))).toBe(false)
    expect(usage.has(capacityRowKey(w1, 'orders'))).toBe(false)
    // Two channels: each position has a row for every channel and one for the order's own.
    expect(usage.get(rowKey(positionKey(s0, 'A')))).toBe(2)
    expect(usage.get(rowKey(positionKey(s0, 'A'), 'web'))).toBe(2)
    expect(usage.get(rowKey(positionKey(w1, 'A'), 'web'))).toBe(1)
    expect(usage.has(rowKey(positionKey(s0, 'A'), 'app'))).toBe(false)
  })

  it('the capacity of a node\'s rows is what its daily capacity has left after the capacity used before the wave; a position\'s is its ATP', () => {
    const { rows, net } = setup({ S0: { orders: 1, units: 1 } })
    const s0 = net.nodes.byId.get('S0') as number
    rows.rowUsage(1, planOf('O2', [{ node: 'S0', sku: 'A', quantity: 1 }]))
    const units = capacityRowKey(s0, 'units')
    const orders = capacityRowKey(s0, 'orders')
    expect(rows.capacity(units, rows.row(units))).toBe(2)
    expect(rows.capacity(orders, rows.row(orders))).toBe(1)
    const position = rowKey(positionKey(s0, 'A'))
    expect(rows.capacity(position, rows.row(position))).toBe(2)
    expect(rows.capacityRead(position)).toBe(2)
    // Once the node's orders are used up, it may send no unit today.
    const full = setup({ S0: { orders: 2, units: 0 } })
    full.rows.rowUsage(0, planOf('O1', [{ node: 'S0', sku: 'A', quantity: 1 }]))
    expect(full.rows.capacity(units, full.rows.row(units))).toBe(0)
    expect(full.rows.capacity(orders, full.rows.row(orders))).toBe(0)
  })

  it('units that arrive later go through the position\'s row of every unit only, not the node\'s daily rows', () => {
    const { rows, net } = setup()
    const s0 = net.nodes.byId.get('S0') as number
    const usage = rows.rowUsage(0, planOf('O1', [{ node: 'S0', sku: 'A', quantity: 2, availableAt: '2026-12-24T12:00:00Z' }]))
    expect([...usage.keys()].sort()).toEqual([rowKey(positionKey(s0, 'A'), undefined, true), rowKey(positionKey(s0, 'A'), 'web', true)].sort())
  })
})
