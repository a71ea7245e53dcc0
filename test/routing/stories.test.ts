import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { customers } from '../../examples/sample-network.js'
import { loadSample, order } from '../../examples/setup.js'
import { SourcingRules } from '../../src/model/order.js'
import { routeOrder, type RouteOptions } from '../../src/routing/route.js'
import type { Plan } from '../../src/routing/plan.js'

const now = '2026-11-27T09:00:00Z'
const sample = loadSample()

const route = (json: unknown, options: Partial<RouteOptions> = {}): Plan => {
  const r = routeOrder(sample.stock, order(json), { now, ...options })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

const rules = (json: unknown): SourcingRules => {
  const r = SourcingRules.decode(json)
  if (E.isLeft(r)) throw new Error('bad rules')
  return r.right
}

const units = (p: Plan): number => p.allocations.reduce((a, l) => a + l.quantity, 0)

describe('stories', () => {
  it('a Lyon shopper buys a jacket and a lamp: the Lyon warehouse ships both in one parcel', () => {
    const plan = route({
      id: 'O-1', channel: 'web',
      lines: [{ id: '1', sku: 'JACKET-M', quantity: 1 }, { id: '2', sku: 'LAMP', quantity: 1 }],
      delivery: { method: 'ship', to: customers.lyonPresquile },
    })
    expect(plan.shipments.map((s) => s.from)).toEqual(['W-LYON'])
    expect(plan.unfulfilled).toEqual([])
    expect(plan.optimality).toBe('proven')
    expect(plan.explanation.nodes.find((n) => n.node === 'W-LYON')?.reason).toBe('used')
  })

  it('the Lyon store holds the last pair; the customer collects in Villeurbanne after a store-to-store transfer', () => {
    const plan = route(
      {
        id: 'O-2', channel: 'web', lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 1 }],
        delivery: { method: 'pickup', node: 'S-VILLEURBANNE' },
      },
      { rules: rules({ regions: ['ARA'] }) },
    )
    expect(plan.pickup?.node).toBe('S-VILLEURBANNE')
    expect(plan.transfers.map((t) => [t.from, t.to])).toEqual([['S-LYON-PART-DIEU', 'S-VILLEURBANNE']])
    expect(plan.allocations).toEqual([{ node: 'S-LYON-PART-DIEU', sku: 'SNEAKER-42', lineId: '1', quantity: 1 }])
    // transfer: fixed 3.50 + unit 0.60 + 0.0002/km × ~2.6 km
    expect(Number(plan.totalCost)).toBeGreaterThan(4.1)
    expect(Number(plan.totalCost)).toBeLessThan(4.2)
  })

  it('reserve in store: the shopper collects where the lamp already is, at handling cost only', () => {
    const plan = route({
      id: 'O-3', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 2 }],
      delivery: { method: 'pickup', node: 'S-LYON-PART-DIEU' },
    })
    expect(plan.transfers).toEqual([])
    expect(plan.pickup?.lines).toEqual([{ lineId: '1', sku: 'LAMP', quantity: 2 }])
    expect(plan.totalCost).toBe('2.4')
  })

  it('a Paris order for a lamp and sneakers: the dark store is cheaper for the lamp, but one parcel from the Lyon store holding both beats two', () => {
    const json = {
      id: 'O-4', channel: 'web',
      lines: [{ id: '1', sku: 'LAMP', quantity: 1 }, { id: '2', sku: 'SNEAKER-42', quantity: 1 }],
      delivery: { method: 'ship', to: customers.parisBastille },
      maxShipments: 2,
    }
    // Alone, the lamp goes to the Paris dark store.
    const lamp = route({ ...json, id: 'O-4a', lines: [json.lines[0]] })
    expect(lamp.shipments.map((s) => s.from)).toEqual(['DS-PARIS-11'])
    // Together, Part-Dieu (the only node with both) sends one parcel, though two are allowed.
    const plan = route(json)
    expect(plan.shipments.map((s) => [s.from, s.lines.map((l) => l.sku)])).toEqual([['S-LYON-PART-DIEU', ['LAMP', 'SNEAKER-42']]])
    expect(plan.unfulfilled).toEqual([])
    expect(plan.optimality).toBe('proven')
    // The best two-parcel plan (Part-Dieu left out): the dark store's lamp and a warehouse's sneakers, dearer.
    const split = route({ ...json, id: 'O-4b', rules: { excludeNodes: ['S-LYON-PART-DIEU'] } })
    expect(split.shipments.map((s) => s.from)).toEqual(['DS-PARIS-11', 'W-PARIS'])
    expect(Number(plan.totalCost)).toBeLessThan(Number(split.totalCost))
    // And the one-parcel limit changes nothing: the plan already is one parcel.
    const single = route({ ...json, id: 'O-4', maxShipments: 1 })
    expect(single.shipments).toEqual(plan.shipments)
    expect(single.totalCost).toBe(plan.totalCost)
  })

  it('bulky tents ship only from warehouses and suppliers when the rule says so; the Marseille store is passed over by rule, not by price', () => {
    const json = {
      id: 'O-5', channel: 'web', lines: [{ id: '1', sku: 'TENT-4P', quantity: 1 }],
      delivery: { method: 'ship', to: { lat: 43.3, lon: 5.38 } },
      rules: { skuAttributes: [{ attribute: 'bulky', nodeKinds: ['warehouse', 'supplier'] }] },
    }
    const plan = route(json)
    expect(plan.shipments[0]?.from).not.toBe('S-MARSEILLE')
    expect(plan.explanation.nodes.find((n) => n.node === 'S-MARSEILLE')?.reason).toBe('sku-rule')
    // Without the rule the Marseille store competes, and the explanation prices it exactly:
    // store picking (1.20) costs more than Bordeaux's handling plus ~500 km of carriage.
    const free = route({ ...json, rules: undefined, id: 'O-5b' })
    const marseille = free.explanation.nodes.find((n) => n.node === 'S-MARSEILLE')
    expect(marseille?.reason).toBe('costlier-by')
    expect(Number(marseille?.amount)).toBeGreaterThan(0)
  })

  it('backorder: twenty sneakers for a Grenoble club wait for the inbound lot in Lyon when the order allows it', () => {
    const base = {
      id: 'O-6', channel: 'web', lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 70 }],
      delivery: { method: 'ship', to: customers.grenoble }, unfulfilledPenalty: '60',
    }
    const without = route(base)
    const withBackorder = route({ ...base, allowBackorder: true })
    expect(units(without)).toBeLessThan(70)
    expect(units(withBackorder)).toBeGreaterThan(units(without))
    expect(withBackorder.allocations.some((a) => a.node === 'W-LYON' && a.availableAt === '2026-11-29T08:00:00.000Z')).toBe(true)
    expect(withBackorder.shipments.some((s) => s.backorder)).toBe(true)
    expect(Number(withBackorder.totalCost)).toBeLessThan(Number(without.totalCost))
  })

  it('ship-complete from two warehouses consolidates at a hub into one parcel', () => {
    const plan = route({
      id: 'O-7', channel: 'web',
      lines: [{ id: '1', sku: 'TENT-4P', quantity: 1 }, { id: '2', sku: 'LAMP', quantity: 1 }],
      delivery: { method: 'ship', to: customers.toulouse },
      shipComplete: true,
      rules: { nodeKinds: ['warehouse'] },
    })
    expect(plan.unfulfilled).toEqual([])
    expect(plan.hub).toBeDefined()
    expect(plan.shipments.length).toBe(1)
    expect(plan.shipments[0]?.from).toBe(plan.hub)
    expect(plan.transfers.length).toBeGreaterThan(0)
  })

  it('a delivery date the warehouses cannot meet leaves them out with past-cutoff', () => {
    const json = {
      id: 'O-8', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 1 }],
      delivery: { method: 'ship', to: customers.parisBastille },
      deliverBy: '2026-11-28T12:00:00Z',
      unfulfilledPenalty: '30',
    }
    const plan = route(json)
    const reasons = Object.fromEntries(plan.explanation.nodes.map((n) => [n.node, n.reason]))
    expect(reasons).toEqual({ 'DS-PARIS-11': 'used', 'W-LYON': 'past-cutoff', 'S-LYON-PART-DIEU': 'past-cutoff' })
    expect(plan.shipments.map((s) => s.from)).toEqual(['DS-PARIS-11'])
    expect(plan.unfulfilled).toEqual([])
    expect(Date.parse(plan.eta ?? 'missing')).toBeLessThanOrEqual(Date.parse(json.deliverBy))
    // Without the date, the Lyon warehouse is passed over by price instead.
    const undated = route({ ...json, deliverBy: undefined })
    expect(undated.explanation.nodes.find((n) => n.node === 'W-LYON')?.reason).toBe('costlier-by')
  })

  it('the baselines respect the same limits and never beat the optimum', () => {
    const json = {
      id: 'O-9', channel: 'web',
      lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 3 }, { id: '2', sku: 'JACKET-M', quantity: 2 }, { id: '3', sku: 'LAMP', quantity: 1 }],
      delivery: { method: 'ship', to: customers.lyonPresquile }, maxShipments: 3,
    }
    const optimal = route(json)
    for (const strategy of ['priority', 'nearest'] as const) {
      const p = route(json, { strategy })
      expect(p.optimality).toBe('heuristic')
      expect(p.shipments.length).toBeLessThanOrEqual(3)
      expect(Number(optimal.totalCost)).toBeLessThanOrEqual(Number(p.totalCost))
    }
  })
})
