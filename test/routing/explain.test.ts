import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { loadSample, order } from '../../examples/setup.js'
import { describeNode } from '../../src/routing/explain.js'
import type { Plan } from '../../src/routing/plan.js'
import { routeOrder, type RouteOptions } from '../../src/routing/route.js'
import { reserve } from '../../src/stock/ledger.js'
import type { StockState } from '../../src/stock/index.js'
import { request, unwrap } from '../stock/fixtures.js'

const now = '2026-11-27T09:00:00Z'
const lyon = { lat: 45.764, lon: 4.8357 }
const costs = (pkg: string) => ({ package: pkg, unit: '0.4', perUnitKm: '0.0003' })

const routeIn = (stock: StockState, json: unknown, options: Partial<RouteOptions> = {}): Plan => {
  const r = routeOrder(stock, order(json), { now, ...options })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}
const routed = (network: unknown, stock: unknown, json: unknown, options: Partial<RouteOptions> = {}): Plan => routeIn(loadSample(network, stock).stock, json, options)
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

/** Nodes all at the customer's door: no carriage, so every total below is parcels and handling. */
const at = (id: string, kind: string, pkg: string, more: object = {}) => ({ id, kind, location: lyon, costs: costs(pkg), ...more })
const line = (id: string, sku: string, quantity: number, more: object = {}) => ({ id, sku, quantity, ...more })
const shipped = (lines: readonly unknown[], more: object = {}) => ({ id: 'E-1', channel: 'web', lines, delivery: { method: 'ship', to: lyon }, ...more })
const collected = (lines: readonly unknown[], node: string) => ({ id: 'E-2', channel: 'web', lines, delivery: { method: 'pickup', node } })
const fencedOf = (p: Plan) => {
  const n = nodeOf(p, 'S-LYON')
  return [n.fenced, n.detail]
}

describe('what is fenced for other channels', () => {
  // S-LYON keeps its lamps for other channels; W-PARIS ships the web order of one.
  const network = { nodes: [{ id: 'S-LYON', kind: 'store', location: lyon, costs: costs('5') }, { id: 'W-PARIS', kind: 'warehouse', location: { lat: 48.79, lon: 2.46 }, costs: costs('8') }] }
  const web = { id: 'F-3', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 1 }], delivery: { method: 'ship', to: lyon } }
  const store = (onHand: number, policies: object) => loadSample(network, { rows: [{ node: 'S-LYON', sku: 'LAMP', onHand }, { node: 'W-PARIS', sku: 'LAMP', onHand: 5 }], policies }).stock
  const fences = (...sizes: readonly (readonly [string, number])[]) => sizes.map(([channel, quantity]) => ({ channel, nodeKind: 'store', quantity }))
  const held = (stock: StockState, channel: string, quantity: number): StockState =>
    unwrap(reserve(stock, request({ channel, lines: [{ node: 'S-LYON', sku: 'LAMP', quantity }] }), now)).state

  it('on hand covers every channel’s reservations first, then each fence less what its channel holds, in channel order', () => {
    // 5 on hand, fences of 3 for walk-in and 3 for wholesale; walk-in holds 2, wholesale 1.
    // Left after the holds: 5 − 3 = 2. Walk-in's fence still wants 3 − 2 = 1: it takes 1, 1 left;
    // wholesale's wants 3 − 1 = 2 and takes the 1 left. Web: 5 − 3 − 1 − 2 < 0, none to promise.
    const stock = held(held(store(5, { ringFences: fences(['walk-in', 3], ['wholesale', 3]) }), 'walk-in', 2), 'wholesale', 1)
    const p = routeIn(stock, web)
    expect(fencedOf(p)).toEqual([[{ channel: 'walk-in', units: 1 }, { channel: 'wholesale', units: 1 }], '1 unit fenced for walk-in, 1 unit fenced for wholesale'])
    expect(describeNode(nodeOf(p, 'S-LYON'))).toBe('S-LYON (store, 0.0 km): holds none of the order available to promise: 1 unit fenced for walk-in, 1 unit fenced for wholesale')
  })

  it('safety stock comes off on hand before the fences', () => {
    // 3 on hand, 1 of safety stock: 2 left for walk-in's fence of 3.
    const p = routeIn(store(3, { safetyStock: [{ node: 'S-LYON', quantity: 1 }], ringFences: fences(['walk-in', 3]) }), web)
    expect(fencedOf(p)).toEqual([[{ channel: 'walk-in', units: 2 }], '2 units fenced for walk-in'])
  })

  it('a fence left nothing by the ones before it is not listed', () => {
    // 2 on hand: walk-in's fence of 2 takes both, wholesale's fence of 2 gets none.
    const p = routeIn(store(2, { ringFences: fences(['walk-in', 2], ['wholesale', 2]) }), web)
    expect(fencedOf(p)).toEqual([[{ channel: 'walk-in', units: 2 }], '2 units fenced for walk-in'])
  })

  it('the order’s own fence takes nothing, even when its channel comes first', () => {
    // An app order; 2 on hand, app's fence of 1 and walk-in's of 2: app's own fence is the
    // order's to take, so walk-in's fence keeps both (app: 2 − 2 = 0 to promise).
    const p = routeIn(store(2, { ringFences: fences(['app', 1], ['walk-in', 2]) }), { ...web, channel: 'app' })
    expect(fencedOf(p)).toEqual([[{ channel: 'walk-in', units: 2 }], '2 units fenced for walk-in'])
  })

  it('a holder with nothing to promise and nothing fenced for others says only that', () => {
    // 2 on hand, all of it safety stock: walk-in's fence of 1 has nothing left to keep.
    const p = routeIn(store(2, { safetyStock: [{ node: 'S-LYON', quantity: 2 }], ringFences: fences(['walk-in', 1]) }), web)
    expect(nodeOf(p, 'S-LYON')).toEqual({ node: 'S-LYON', kind: 'store', reason: 'no-stock', distanceKm: 0 })
  })

  it('fences of several SKUs add up per channel and are listed by channel', () => {
    // A-LAMP (1 on hand) is fenced for wholesale; B-VASE (3) for marketplace (1) then walk-in (2).
    // The channels meet in the order wholesale, marketplace, walk-in; they are listed by name.
    const stock = loadSample(network, {
      rows: [{ node: 'S-LYON', sku: 'A-LAMP', onHand: 1 }, { node: 'S-LYON', sku: 'B-VASE', onHand: 3 }, { node: 'W-PARIS', sku: 'A-LAMP', onHand: 5 }, { node: 'W-PARIS', sku: 'B-VASE', onHand: 5 }],
      policies: {
        ringFences: [
          { channel: 'wholesale', nodeKind: 'store', sku: 'A-LAMP', quantity: 1 },
          { channel: 'walk-in', nodeKind: 'store', sku: 'B-VASE', quantity: 2 },
          { channel: 'marketplace', nodeKind: 'store', sku: 'B-VASE', quantity: 1 },
        ],
      },
    }).stock
    const p = routeIn(stock, { ...web, lines: [line('1', 'A-LAMP', 1), line('2', 'B-VASE', 1)] })
    expect(fencedOf(p)).toEqual([
      [{ channel: 'marketplace', units: 1 }, { channel: 'walk-in', units: 2 }, { channel: 'wholesale', units: 1 }],
      '1 unit fenced for marketplace, 2 units fenced for walk-in, 1 unit fenced for wholesale',
    ])
  })
})

describe('each node described in one sentence', () => {
  it('used, dominated and priced nodes, with and without the currency', () => {
    // S-A ships both lamps for 5 + 2 × 0.4 = 5.8. W-N, one degree of latitude north (6371 km ×
    // π / 180 = 111.195 km), sends a parcel for 4 + 2 × 1 = 6 (no carriage): 0.2 more. Its
    // parcel is cheaper, so S-A does not dominate it.
    const north = { id: 'W-N', kind: 'warehouse', location: { lat: lyon.lat + 1, lon: lyon.lon }, costs: { package: '4', unit: '1', perUnitKm: '0' } }
    const p = routed({ nodes: [at('S-A', 'store', '5'), north] }, { rows: [{ node: 'S-A', sku: 'LAMP', onHand: 2 }, { node: 'W-N', sku: 'LAMP', onHand: 2 }] }, shipped([line('1', 'LAMP', 2)]), { screening: false })
    expect(p.explanation.nodes).toEqual([
      { node: 'S-A', kind: 'store', reason: 'used', distanceKm: 0, units: 2 },
      { node: 'W-N', kind: 'warehouse', reason: 'costlier-by', distanceKm: 111.195, amount: '0.2' },
    ])
    expect(p.explanation.nodes.map((n) => describeNode(n))).toEqual(['S-A (store, 0.0 km): used for 2 units', 'W-N (warehouse, 111.2 km): the best plan using it costs 0.2 more'])
    expect(describeNode(nodeOf(p, 'W-N'), 'EUR')).toBe('W-N (warehouse, 111.2 km): the best plan using it costs €0.20 more')
  })

  it('a node the used one dominates, and a single unit', () => {
    // S-A (parcel 5) ships the lamp; W-N (parcel 6, as much stock, a warehouse's later dispatch) is dominated.
    const p = routed(
      { nodes: [at('S-A', 'store', '5'), { ...at('W-N', 'warehouse', '6'), location: { lat: lyon.lat + 1, lon: lyon.lon } }] },
      { rows: [{ node: 'S-A', sku: 'LAMP', onHand: 1 }, { node: 'W-N', sku: 'LAMP', onHand: 1 }] },
      shipped([line('1', 'LAMP', 1)]),
      { screening: false },
    )
    expect(p.explanation.nodes.map((n) => describeNode(n))).toEqual([
      'S-A (store, 0.0 km): used for 1 unit',
      'W-N (warehouse, 111.2 km): dominated by S-A, which is used and holds as much for no more',
    ])
  })

  it('a node no plan within the order’s limits can use, and one left unpriced', () => {
    // All or nothing in one parcel: S-ONE holds the lamp but not the vase, so no plan may use
    // it. Only W-ALL holds both: 5 + 2 × 0.4 = 5.8.
    const network = { nodes: [at('S-ONE', 'store', '4'), at('W-ALL', 'warehouse', '5')] }
    const stock = { rows: [{ node: 'S-ONE', sku: 'LAMP', onHand: 1 }, { node: 'W-ALL', sku: 'LAMP', onHand: 1 }, { node: 'W-ALL', sku: 'VASE', onHand: 1 }] }
    const json = shipped([line('1', 'LAMP', 1), line('2', 'VASE', 1)], { maxShipments: 1, allowPartial: false })
    const one = nodeOf(routed(network, stock, json, { screening: false }), 'S-ONE')
    expect(one).toEqual({ node: 'S-ONE', kind: 'store', reason: 'not-priced', distanceKm: 0, unusable: true })
    expect(describeNode(one)).toBe("S-ONE (store, 0.0 km): cannot be used within the order's limits")
    const unpriced = nodeOf(routed(network, stock, json, { screening: false, explainAlternatives: 0 }), 'S-ONE')
    expect(unpriced).toEqual({ node: 'S-ONE', kind: 'store', reason: 'not-priced', distanceKm: 0 })
    expect(describeNode(unpriced)).toBe('S-ONE (store, 0.0 km): not priced: beyond the alternatives explained')
  })
})
