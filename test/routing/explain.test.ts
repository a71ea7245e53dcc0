import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { loadSample, order } from '../../examples/setup.js'
import { describeNode } from '../../src/routing/explain.js'
import type { Plan } from '../../src/routing/plan.js'
import { routeOrder, type RouteOptions } from '../../src/routing/route.js'

const now = '2026-11-27T09:00:00Z'
const lyon = { lat: 45.764, lon: 4.8357 }
const costs = (pkg: string) => ({ package: pkg, unit: '0.4', perUnitKm: '0.0003' })

const routed = (network: unknown, stock: unknown, json: unknown, options: Partial<RouteOptions> = {}): Plan => {
  const w = loadSample(network, stock)
  const r = routeOrder(w.stock, order(json), { now, ...options })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}
const nodeOf = (p: Plan, id: string) => {
  const n = p.explanation.nodes.find((e) => e.node === id)
  if (n === undefined) throw new Error(`${id} is not explained`)
  return n
}

describe('explanations say why', () => {
  it('stock that is there but fenced for another channel (not looked for when no alternative is priced)', () => {
    // S-LYON's 2 lamps are fenced for walk-in; a web order of one goes to W-PARIS.
    const network = { nodes: [{ id: 'S-LYON', kind: 'store', location: lyon, costs: costs('5') }, { id: 'W-PARIS', kind: 'warehouse', location: { lat: 48.79, lon: 2.46 }, costs: costs('8') }] }
    const stock = { rows: [{ node: 'S-LYON', sku: 'LAMP', onHand: 2 }, { node: 'W-PARIS', sku: 'LAMP', onHand: 5 }], policies: { ringFences: [{ channel: 'walk-in', nodeKind: 'store', quantity: 2 }] } }
    const web = { id: 'F-1', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 1 }], delivery: { method: 'ship', to: lyon } }
    const p = routed(network, stock, web)
    expect(p.shipments.map((s) => s.from)).toEqual(['W-PARIS'])
    const store = nodeOf(p, 'S-LYON')
    expect(store).toMatchObject({ reason: 'no-stock', fenced: [{ channel: 'walk-in', units: 2 }], detail: '2 units fenced for walk-in' })
    expect(describeNode(store)).toBe('S-LYON (store, 0.0 km): holds none of the order available to promise: 2 units fenced for walk-in')
    const bare = { node: 'S-LYON', kind: 'store', reason: 'no-stock', distanceKm: 0 }
    expect(nodeOf(routed(network, stock, web, { explainAlternatives: 0 }), 'S-LYON')).toEqual(bare)
    // A baseline prices no alternative either, whatever the option says: its fences are not read.
    expect(nodeOf(routed(network, stock, web, { strategy: 'priority', explainAlternatives: 5 }), 'S-LYON')).toEqual(bare)
  })

  it('the fence of the order’s own channel is not listed: that stock is the order’s to take', () => {
    const p = routed(
      { nodes: [{ id: 'S-LYON', kind: 'store', location: lyon, costs: costs('5') }, { id: 'W-PARIS', kind: 'warehouse', location: { lat: 48.79, lon: 2.46 }, costs: costs('8') }] },
      {
        rows: [{ node: 'S-LYON', sku: 'LAMP', onHand: 2 }, { node: 'W-PARIS', sku: 'LAMP', onHand: 5 }],
        policies: { ringFences: [{ channel: 'walk-in', nodeKind: 'store', quantity: 2 }, { channel: 'web', nodeKind: 'store', quantity: 1 }] },
      },
      { id: 'F-2', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 2 }], delivery: { method: 'ship', to: lyon } },
    )
    const store = nodeOf(p, 'S-LYON')
    expect(store).toMatchObject({ reason: 'no-stock', fenced: [{ channel: 'walk-in', units: 2 }], detail: '2 units fenced for walk-in' })
  })

  it('a node left out because using it would leave units unfulfilled at the penalty', () => {
    const p = routed(
      {
        nodes: [
          { id: 'S-NEAR', kind: 'store', location: lyon, costs: costs('5') },
          { id: 'W-FAR', kind: 'warehouse', location: { lat: 48.79, lon: 2.46 }, costs: costs('9') },
        ],
      },
      { rows: [{ node: 'S-NEAR', sku: 'LAMP', onHand: 3 }, { node: 'W-FAR', sku: 'LAMP', onHand: 3 }, { node: 'W-FAR', sku: 'JACKET', onHand: 3 }] },
      {
        id: 'P-1', channel: 'web', maxShipments: 1, unfulfilledPenalty: '100',
        lines: [{ id: '1', sku: 'LAMP', quantity: 1 }, { id: '2', sku: 'JACKET', quantity: 2 }],
        delivery: { method: 'ship', to: lyon },
      },
      // Screening would leave the store out unpriced (it lacks the jacket); the explanation of every node is asked for.
      { screening: false },
    )
    expect(p.shipments.map((s) => s.from)).toEqual(['W-FAR'])
    const near = nodeOf(p, 'S-NEAR')
    expect(near).toMatchObject({ reason: 'costlier-by', unfulfilledIfUsed: 2, detail: 'using it would leave 2 units unfulfilled at the penalty' })
    expect(describeNode(near)).toBe(`S-NEAR (store, 0.0 km): the best plan using it costs ${near.amount ?? ''} more: using it would leave 2 units unfulfilled at the penalty`)
  })

  it('a dearer node that leaves nothing more unfulfilled says only how much dearer', () => {
    const p = routed(
      { nodes: [{ id: 'S-A', kind: 'store', location: lyon, leadTimeHours: 1, costs: costs('6') }, { id: 'S-B', kind: 'store', location: lyon, leadTimeHours: 3, costs: costs('5') }] },
      { rows: [{ node: 'S-A', sku: 'LAMP', onHand: 1 }, { node: 'S-B', sku: 'LAMP', onHand: 1 }] },
      { id: 'P-2', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 1 }], delivery: { method: 'ship', to: lyon } },
    )
    const a = nodeOf(p, 'S-A')
    expect(a).toEqual({ node: 'S-A', kind: 'store', reason: 'costlier-by', distanceKm: 0, amount: '1' })
    expect(describeNode(a)).toBe('S-A (store, 0.0 km): the best plan using it costs 1 more')
  })

  it('capacity exhausted on the pickup store’s own shelf', () => {
    const p = routed(
      {
        nodes: [
          { id: 'S-NICE', kind: 'store', location: { lat: 43.7102, lon: 7.262 }, dailyCapacity: { orders: 3 }, costs: costs('5') },
          { id: 'S-CANNES', kind: 'store', location: { lat: 43.5528, lon: 7.0174 }, costs: costs('5') },
        ],
      },
      { rows: [{ node: 'S-NICE', sku: 'LAMP', onHand: 2 }, { node: 'S-CANNES', sku: 'LAMP', onHand: 2 }] },
      { id: 'C-1', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 1 }], delivery: { method: 'pickup', node: 'S-NICE' } },
      { capacityUsed: { 'S-NICE': { orders: 3, units: 9 } } },
    )
    expect(p.transfers.map((t) => t.from)).toEqual(['S-CANNES'])
    const nice = nodeOf(p, 'S-NICE')
    expect(nice).toMatchObject({ reason: 'over-capacity', detail: 'its own shelf cannot be picked for this collection today' })
    expect(describeNode(nice)).toBe('S-NICE (store, 0.0 km): no capacity left today: its own shelf cannot be picked for this collection today')
  })
})
