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

  /**
   * Two lines, sneakers (4 on hand) and socks (none on hand), at Lyon. The instants a parcel
   * may wait for are those of every lot of every line, in time order, whatever line lists them.
   */
  const twoLines = (inbound: readonly unknown[], extra: Record<string, unknown> = {}) => {
    const doc = sneakers({
      lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 4 }, { id: '2', sku: 'SOCKS', quantity: 2 }],
      deliverBy: '2026-12-26T18:00:00Z',
      ...extra,
    })
    return { ...doc, inbound }
  }

  it('a lot of the first line arriving too late does not hide an earlier lot of the second', () => {
    // Sneakers' lot lands 12-27 (its parcel would arrive after the date); socks' lands 12-23.
    const plan = route(twoLines([
      { id: 'PO-S', node: 'W-LYON', sku: 'SNEAKER-42', quantity: 5, eta: '2026-12-27T08:00:00Z' },
      { id: 'PO-K', node: 'W-LYON', sku: 'SOCKS', quantity: 2, eta: '2026-12-23T08:00:00Z' },
    ]))
    expect(plan.unfulfilled).toEqual([])
    // One parcel of all six, leaving once the socks are in (one package fee, not two).
    expect(plan.shipments).toHaveLength(1)
    expect(plan.shipments[0]?.backorder).toBe(true)
    expect(plan.allocations).toEqual([
      { lineId: '1', sku: 'SNEAKER-42', quantity: 4, node: 'W-LYON', availableAt: '2026-12-23T08:00:00.000Z' },
      { lineId: '2', sku: 'SOCKS', quantity: 2, node: 'W-LYON', availableAt: '2026-12-23T08:00:00.000Z' },
    ])
  })

  it('a parcel waits for the second lot when the first does not complete it', () => {
    const plan = route(twoLines([
      { id: 'PO-1', node: 'W-LYON', sku: 'SOCKS', quantity: 1, eta: '2026-12-23T08:00:00Z' },
      { id: 'PO-2', node: 'W-LYON', sku: 'SOCKS', quantity: 1, eta: '2026-12-24T08:00:00Z' },
    ], { maxShipments: 1 }))
    expect(plan.unfulfilled).toEqual([])
    expect(plan.shipments).toHaveLength(1)
    expect(plan.allocations.map((a) => a.availableAt)).toEqual(['2026-12-24T08:00:00.000Z', '2026-12-24T08:00:00.000Z'])
  })

  it('an order that may wait, with no lot due and a date its parcel today misses: past-cutoff', () => {
    const plan = route({ ...sneakers({ deliverBy: '2026-12-23T12:00:00Z' }), inbound: [] })
    expect(plan.unfulfilled).toEqual([{ lineId: '1', sku: 'SNEAKER-42', quantity: 10 }])
    expect(plan.explanation.nodes.map((n) => [n.node, n.reason])).toEqual([['W-LYON', 'past-cutoff']])
  })

  /**
   * Lyon as given, and Voiron, at the customer's door, which ships for 0.1 a unit with no
   * parcel charge but holds only 6. Waiting for Lyon's lot (one parcel of 10, 13.26823, so
   * 0.450923 a unit) costs more than Lyon's 4 on hand now (8.759 + 4 × 0.450923 = 10.562692)
   * and Voiron's 6 (0.6): 11.162692. (Lyon comes first among the facilities, Voiron's flow
   * right after its own.)
   */
  const withVoiron = (lyonNode: Record<string, unknown>): Plan => {
    const voiron = { ...lyon, id: 'W-VOIRON', location: { lat: 45.1885, lon: 5.7245 }, costs: { package: '0', unit: '0.1', perUnitKm: '0' } }
    const doc = sneakers({})
    return route({ ...doc, nodes: [lyonNode, voiron], stock: [...doc.stock, { node: 'W-VOIRON', sku: 'SNEAKER-42', onHand: 6 }] })
  }

  it('a parcel that carries only what is on hand leaves now, though its node could wait for a lot', () => {
    // Lyon's facility may leave now or once the lot lands; with 4 units it leaves now.
    const plan = withVoiron(lyon)
    expect(plan.totalCost).toBe('11.162692')
    expect(plan.shipments.map((s) => [s.from, s.lines[0]?.quantity, s.backorder, s.dispatchAt.slice(0, 10)])).toEqual([
      ['W-LYON', 4, false, '2026-12-22'],
      ['W-VOIRON', 6, false, '2026-12-22'],
    ])
    expect(plan.allocations.every((a) => a.availableAt === undefined)).toBe(true)
  })

  it('room today for exactly the units it carries: the parcel still leaves now', () => {
    const plan = withVoiron({ ...lyon, dailyCapacity: { units: 4 } })
    expect(plan.totalCost).toBe('11.162692')
    expect(plan.shipments.map((s) => [s.from, s.lines[0]?.quantity, s.backorder])).toEqual([
      ['W-LYON', 4, false],
      ['W-VOIRON', 6, false],
    ])
  })

  it('two warehouses that each wait for their own lot send from their own stock', () => {
    // Lyon: 4 on hand and 20 due; Valence: 3 and 5 due. Thirty pairs need both, each waiting.
    const valence = { ...lyon, id: 'W-VALENCE', location: { lat: 44.9334, lon: 4.8924 } }
    const doc = sneakers({ lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 30 }] })
    const plan = route({
      ...doc,
      nodes: [lyon, valence],
      stock: [{ node: 'W-LYON', sku: 'SNEAKER-42', onHand: 4 }, { node: 'W-VALENCE', sku: 'SNEAKER-42', onHand: 3 }],
      inbound: [...doc.inbound, { id: 'PO-V', node: 'W-VALENCE', sku: 'SNEAKER-42', quantity: 5, eta: '2026-12-23T08:00:00Z' }],
    })
    expect(plan.unfulfilled).toEqual([])
    expect(plan.shipments.map((s) => [s.from, s.backorder])).toEqual([['W-LYON', true], ['W-VALENCE', true]])
    const from = (node: string) => plan.allocations.filter((a) => a.node === node).reduce((n, a) => n + a.quantity, 0)
    expect(from('W-LYON')).toBeLessThanOrEqual(24)
    expect(from('W-VALENCE')).toBeLessThanOrEqual(8)
  })

  it('what today’s capacity keeps back leaves on a later day: the lot’s day serves the whole order', () => {
    // 10 on hand but room for 2 units today; the lot adds nothing this order needs, yet on its
    // day the capacity of today no longer binds.
    const doc = sneakers({ lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 5 }] })
    const plan = route({ ...doc, nodes: [{ ...lyon, dailyCapacity: { units: 2 } }], stock: [{ node: 'W-LYON', sku: 'SNEAKER-42', onHand: 10 }] })
    expect(plan.unfulfilled).toEqual([])
    expect(plan.shipments.map((s) => [s.backorder, s.lines[0]?.quantity])).toEqual([[true, 5]])
  })

  it('a hub’s parcel that carries a transferred lot is a backorder too', () => {
    // Ship-complete: W-A holds the X, W-B's Y lands tomorrow; W-B transfers it to W-A, whose
    // one parcel waits for it.
    const costs = { package: '5', unit: '1', perUnitKm: '0', transfer: { fixed: '4', unit: '1', perUnitKm: '0' } }
    const plan = route({
      now: '2026-12-22T09:00:00Z',
      nodes: [
        { id: 'W-A', kind: 'warehouse', location: { lat: 45.0, lon: 4.0 }, costs },
        { id: 'W-B', kind: 'warehouse', location: { lat: 46.0, lon: 5.0 }, costs },
      ],
      stock: [{ node: 'W-A', sku: 'X', onHand: 3 }],
      inbound: [{ id: 'PO-Y', node: 'W-B', sku: 'Y', quantity: 3, eta: '2026-12-23T08:00:00Z' }],
      order: {
        id: 'H', channel: 'web', lines: [{ id: '1', sku: 'X', quantity: 1 }, { id: '2', sku: 'Y', quantity: 1 }],
        delivery: { method: 'ship', to: { lat: 45.2, lon: 4.2 } }, shipComplete: true, allowBackorder: true, unfulfilledPenalty: '60',
      },
    })
    expect(plan.unfulfilled).toEqual([])
    expect(plan.hub).toBe('W-A')
    expect(plan.transfers.map((t) => [t.from, t.backorder])).toEqual([['W-B', true]])
    expect(plan.shipments.map((s) => [s.from, s.backorder])).toEqual([['W-A', true]])
    // The transfer 4 + 1, the hub's parcel 5 + 2 × 1.
    expect(plan.totalCost).toBe('12')
  })

  it('a lot of an SKU the rules keep from a node is not waited for there either', () => {
    // Tents are bulky, and bulky goods leave from warehouses only: the store's lots of tents
    // and of socks land tomorrow and the day after, but the parcel that waits for the socks
    // carries no tent.
    const store = {
      id: 'S-GRENOBLE', kind: 'store', location: { lat: 45.1885, lon: 5.7245 }, leadTimeHours: 1,
      costs: { package: '6', unit: '0.9', perUnitKm: '0' },
    }
    const plan = route({
      now: '2026-12-22T09:00:00Z',
      nodes: [store],
      skus: [{ id: 'TENT', attributes: ['bulky'] }, { id: 'SOCKS' }],
      stock: [{ node: 'S-GRENOBLE', sku: 'SOCKS', onHand: 0 }],
      inbound: [
        { id: 'TR-1', node: 'S-GRENOBLE', sku: 'TENT', quantity: 5, eta: '2026-12-23T08:00:00Z' },
        { id: 'TR-2', node: 'S-GRENOBLE', sku: 'SOCKS', quantity: 3, eta: '2026-12-24T08:00:00Z' },
      ],
      rules: { skuAttributes: [{ attribute: 'bulky', nodeKinds: ['warehouse', 'supplier'] }] },
      order: {
        id: 'R', channel: 'web', lines: [{ id: '1', sku: 'TENT', quantity: 2 }, { id: '2', sku: 'SOCKS', quantity: 1 }],
        delivery: { method: 'ship', to: { lat: 45.19, lon: 5.73 } }, allowBackorder: true, unfulfilledPenalty: '60',
      },
    })
    expect(plan.allocations).toEqual([{ lineId: '2', sku: 'SOCKS', quantity: 1, node: 'S-GRENOBLE', availableAt: '2026-12-24T08:00:00.000Z' }])
    expect(plan.unfulfilled).toEqual([{ lineId: '1', sku: 'TENT', quantity: 2 }])
  })

  it('a backorder delivered exactly at deliverBy meets the date', () => {
    const lots = [{ id: 'PO-K', node: 'W-LYON', sku: 'SOCKS', quantity: 2, eta: '2026-12-23T08:00:00Z' }]
    const free = route(twoLines(lots, { deliverBy: undefined, maxShipments: 1 }))
    expect(free.unfulfilled).toEqual([])
    const eta = free.eta as string
    // Lands 12-23 08:00, leaves at the 17:00 cut-off, then 24 h plus 83.08 km at 80 km/h (62 min 19.7 s).
    expect(eta).toBe('2026-12-24T18:02:19.725Z')
    const atTheDate = route(twoLines(lots, { deliverBy: eta, maxShipments: 1 }))
    expect(atTheDate.unfulfilled).toEqual([])
    expect(atTheDate.eta).toBe(eta)
    const aMomentEarlier = route(twoLines(lots, { deliverBy: new Date(Date.parse(eta) - 1).toISOString(), maxShipments: 1 }))
    expect(aMomentEarlier.unfulfilled).toEqual([{ lineId: '2', sku: 'SOCKS', quantity: 2 }])
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

  it('a node the order’s rules exclude sends no transfer to the pickup node', () => {
    const d = doc({ orders: 0 })
    const plan = route({ ...d, order: { ...d.order, rules: { excludeNodes: ['S-CANNES'] } } })
    expect(plan.allocations).toEqual([])
    expect(plan.unfulfilled).toEqual([{ lineId: '1', sku: 'LAMP', quantity: 2 }])
    expect(plan.explanation.nodes.find((n) => n.node === 'S-CANNES')?.reason).toBe('excluded')
  })

  it('a node that cannot send transfers sends none', () => {
    const d = doc({ orders: 0 })
    const [nice, cannes] = d.nodes
    const plan = route({ ...d, nodes: [nice, { ...cannes, capabilities: ['ship', 'pickup'] }] })
    expect(plan.allocations).toEqual([])
    expect(plan.explanation.nodes.find((n) => n.node === 'S-CANNES')?.reason).toBe('no-capability')
  })

  it('no order left today and no lot due: an order that may wait still finds the shelf over capacity, not past its cut-off', () => {
    const d = doc({ orders: 0 })
    const plan = route({ ...d, order: { ...d.order, allowBackorder: true } })
    expect(plan.transfers.map((t) => t.from)).toEqual(['S-CANNES'])
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
