/**
 * Stories where stock on hand and inbound lots meet: a facility is a node that may leave at
 * each instant more supply arrives, carrying everything at the node by then. Before, on-hand
 * and arriving units were two separate parcels, so a one-parcel order shipped only the lot.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Plan } from '../../src/routing/plan.js'
import { routeScenario } from '../../src/scenario.js'

const lyon = {
  id: 'W-LYON', kind: 'warehouse', location: { lat: 45.6969, lon: 4.9437 }, cutoff: '17:00', leadTimeHours: 4,
  costs: { package: '8.759', unit: '0.423', perUnitKm: '0.000336' },
}

const route = (doc: unknown): Plan => {
  const r = routeScenario(doc, '2026-12-22T09:00:00Z')
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right.plan
}

const sneakers = (order: Record<string, unknown>) => ({
  now: '2026-12-22T09:00:00Z',
  nodes: [lyon],
  stock: [{ node: 'W-LYON', sku: 'SNEAKER-42', onHand: 4 }],
  inbound: [{ id: 'PO-1', node: 'W-LYON', sku: 'SNEAKER-42', quantity: 20, eta: '2026-12-23T08:00:00Z' }],
  order: {
    id: 'O', channel: 'web', lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 10 }],
    delivery: { method: 'ship', to: { lat: 45.1885, lon: 5.7245 } },
    allowBackorder: true, deliverBy: '2026-12-31T18:00:00Z', unfulfilledPenalty: '60', ...order,
  },
})

describe('backorders consolidate on-hand units with later supply', () => {
  // One parcel of 10 from Lyon, 83.1 km: 8.759 + 10 × (0.423 + 0.000336 × 83.071) = 13.26823 (rounded per unit-km to the micro).
  it('one parcel may carry the 4 on hand and 6 of the lot when the lot arrives (maxShipments 1)', () => {
    const plan = route(sneakers({ maxShipments: 1 }))
    expect(plan.unfulfilled).toEqual([])
    expect(plan.shipments).toHaveLength(1)
    expect(plan.shipments[0]?.lines).toEqual([{ lineId: '1', sku: 'SNEAKER-42', quantity: 10 }])
    expect(plan.shipments[0]?.backorder).toBe(true)
    expect(plan.totalCost).toBe('13.26823')
    expect(plan.optimality).toBe('proven')
    expect(plan.allocations).toEqual([{ lineId: '1', sku: 'SNEAKER-42', quantity: 10, node: 'W-LYON', availableAt: '2026-12-23T08:00:00.000Z' }])
  })

  it('without maxShipments one parcel still beats a parcel now and another later', () => {
    const plan = route(sneakers({}))
    expect(plan.shipments).toHaveLength(1)
    expect(plan.totalCost).toBe('13.26823')
  })

  it('units that are all on hand leave now, not with the lot', () => {
    const plan = route(sneakers({ lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 3 }] }))
    expect(plan.shipments).toHaveLength(1)
    expect(plan.shipments[0]?.backorder).toBe(false)
    expect(plan.allocations[0]?.availableAt).toBeUndefined()
  })

  it('the earliest lot that completes the parcel is the one it waits for', () => {
    const doc = sneakers({})
    const plan = route({
      ...doc,
      inbound: [
        { id: 'PO-1', node: 'W-LYON', sku: 'SNEAKER-42', quantity: 6, eta: '2026-12-23T08:00:00Z' },
        { id: 'PO-2', node: 'W-LYON', sku: 'SNEAKER-42', quantity: 20, eta: '2026-12-27T08:00:00Z' },
      ],
    })
    expect(plan.shipments).toHaveLength(1)
    expect(plan.allocations[0]?.availableAt).toBe('2026-12-23T08:00:00.000Z')
  })

  it('a lot that arrives too late for deliverBy is not waited for', () => {
    // Now: ready 13:00, leaves at the 17:00 cut-off, 24 h + 83.1 km at 80 km/h: 2026-12-23T18:02.
    // The lot: at the node 12-23 08:00, leaves 17:00, arrives 2026-12-24T18:02, after the date.
    const plan = route(sneakers({ maxShipments: 1, deliverBy: '2026-12-24T12:00:00Z' }))
    // Only the 4 on hand arrive in time: 6 units are left at 60 each.
    expect(plan.unfulfilled).toEqual([{ lineId: '1', sku: 'SNEAKER-42', quantity: 6 }])
    expect(plan.shipments[0]?.backorder).toBe(false)
  })

  it('a click & collect waits for a lot at the pickup store and takes its own shelf with it', () => {
    const store = {
      id: 'S-GRENOBLE', kind: 'store', location: { lat: 45.1885, lon: 5.7245 }, leadTimeHours: 1,
      costs: { package: '6', unit: '0.9', perUnitKm: '0.0004', transfer: { fixed: '3.5', unit: '0.6', perUnitKm: '0.0002' } },
    }
    const plan = route({
      now: '2026-12-22T09:00:00Z',
      nodes: [lyon, store],
      stock: [{ node: 'S-GRENOBLE', sku: 'SNEAKER-42', onHand: 1 }],
      inbound: [{ id: 'TR-1', node: 'S-GRENOBLE', sku: 'SNEAKER-42', quantity: 5, eta: '2026-12-24T08:00:00Z' }],
      order: {
        id: 'C', channel: 'web', lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 3 }],
        delivery: { method: 'pickup', node: 'S-GRENOBLE' }, allowBackorder: true, maxShipments: 1, unfulfilledPenalty: '60',
      },
    })
    expect(plan.unfulfilled).toEqual([])
    expect(plan.transfers).toEqual([])
    expect(plan.pickup?.lines).toEqual([{ lineId: '1', sku: 'SNEAKER-42', quantity: 3 }])
    // Ready an hour after the lot arrives: 3 × 0.9 handling.
    expect(plan.pickup?.readyAt).toBe('2026-12-24T09:00:00.000Z')
    expect(plan.totalCost).toBe('2.7')
  })
})

describe('daily capacity binds the pickup node’s own shelf', () => {
  const doc = (capacity: Record<string, number>, cannes = 3) => ({
    now: '2026-12-22T09:00:00Z',
    nodes: [
      { id: 'S-NICE', kind: 'store', location: { lat: 43.7, lon: 7.27 }, dailyCapacity: capacity,
        costs: { package: '6', unit: '0.9', perUnitKm: '0.0004' } },
      { id: 'S-CANNES', kind: 'store', location: { lat: 43.55, lon: 7.01 },
        costs: { package: '6', unit: '0.9', perUnitKm: '0.0004', transfer: { fixed: '3.5', unit: '0.6', perUnitKm: '0.0002' } } },
    ],
    stock: [{ node: 'S-NICE', sku: 'LAMP', onHand: 3 }, { node: 'S-CANNES', sku: 'LAMP', onHand: cannes }],
    order: { id: 'P', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 2 }], delivery: { method: 'pickup', node: 'S-NICE' } },
  })

  it('one unit left today and stock for a whole transfer: one transfer of 2 (4.7+) beats the shelf and a transfer of 1 (5.0+)', () => {
    const plan = route(doc({ units: 1 }))
    expect(plan.allocations.map((a) => [a.node, a.quantity])).toEqual([['S-CANNES', 2]])
  })

  it('no order left today: the units come by transfer, the shelf is reported over capacity', () => {
    const plan = route(doc({ orders: 0 }))
    expect(plan.transfers.map((t) => t.from)).toEqual(['S-CANNES'])
    expect(plan.allocations.map((a) => a.node)).toEqual(['S-CANNES'])
    expect(plan.explanation.nodes.find((n) => n.node === 'S-NICE')?.reason).toBe('over-capacity')
  })

  it('one unit left today: the shelf gives one, a transfer the other', () => {
    const plan = route(doc({ units: 1 }, 1))
    expect(plan.allocations.map((a) => [a.node, a.quantity])).toEqual([['S-CANNES', 1], ['S-NICE', 1]])
  })

  it('with room, the shelf serves alone', () => {
    const plan = route(doc({ orders: 5, units: 5 }))
    expect(plan.transfers).toEqual([])
    expect(plan.allocations.map((a) => [a.node, a.quantity])).toEqual([['S-NICE', 2]])
  })
})
