import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { loadSample, order } from '../../examples/setup.js'
import { describeNode } from '../../src/routing/explain.js'
import type { NodeReason, Plan } from '../../src/routing/plan.js'
import { routeOrder, type RouteOptions } from '../../src/routing/route.js'
import { reserve } from '../../src/stock/ledger.js'
import type { StockState } from '../../src/stock/index.js'
import { request, unwrap } from '../stock/fixtures.js'

const now = '2026-11-27T09:00:00Z'
const lyon = { lat: 45.764, lon: 4.8357 }
const costs = (pkg: string) => ({ package: pkg, unit: '0.4', perUnitKm: '0.0003' })
/** A parcel and unit price with no carriage. */
const c = (pkg: string, unit: string) => ({ package: pkg, unit, perUnitKm: '0' })

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

  it('a store that ships is not said to keep stock for others', () => {
    // 5 on hand, walk-in's fence of 2: 3 to promise to the web, and the store ships the lamp.
    const p = routeIn(store(5, { ringFences: fences(['walk-in', 2]) }), web)
    expect(nodeOf(p, 'S-LYON')).toEqual({ node: 'S-LYON', kind: 'store', reason: 'used', distanceKm: 0, units: 1 })
  })

  it('a hold on units still to arrive takes nothing off the shelf', () => {
    // 2 on hand, walk-in's fence of 2; walk-in holds 1 of a lot due in three days. Now, that
    // hold is not on the shelf: both units stay fenced (web: 2 − 2 = 0 to promise now).
    const eta = '2026-11-30T09:00:00Z'
    const stock = loadSample(network, {
      rows: [{ node: 'S-LYON', sku: 'LAMP', onHand: 2 }, { node: 'W-PARIS', sku: 'LAMP', onHand: 5 }],
      inbound: [{ id: 'PO-1', node: 'S-LYON', sku: 'LAMP', quantity: 3, eta }],
      policies: { ringFences: fences(['walk-in', 2]) },
    }).stock
    const waiting = unwrap(reserve(stock, request({ channel: 'walk-in', lines: [{ node: 'S-LYON', sku: 'LAMP', quantity: 1, availableAt: eta }] }), now)).state
    expect(fencedOf(routeIn(waiting, web))).toEqual([[{ channel: 'walk-in', units: 2 }], '2 units fenced for walk-in'])
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

  it('a priced node written without its amount reads as costing nothing more', () => {
    const bare = { node: 'S-A', kind: 'store', reason: 'costlier-by', distanceKm: 1.25 } as const
    expect([describeNode(bare), describeNode(bare, 'EUR')]).toEqual(['S-A (store, 1.3 km): the best plan using it costs 0 more', 'S-A (store, 1.3 km): the best plan using it costs €0.00 more'])
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

describe('which passed-over nodes are priced, and how', () => {
  it('with one alternative to price, the node cheapest on its own is priced: a second line of the SKU needs a second unit', () => {
    // Two lamp lines, at penalties 100 and 50. W-A ships both for 5 + 0.8 = 5.8. Alone, S-X
    // (1 lamp) costs 6 + 0.4 + 50 = 56.4 and S-Y (2 lamps) 7 + 0.8 = 7.8: S-Y is priced, 7.8 −
    // 5.8 = 2. Priced too, S-X's best plan adds W-A's parcel: 6.4 + 5.4 − 5.8 = 6.
    const network = { nodes: [at('S-X', 'store', '6'), at('S-Y', 'store', '7'), at('W-A', 'warehouse', '5')] }
    const stock = { rows: [{ node: 'W-A', sku: 'LAMP', onHand: 2 }, { node: 'S-X', sku: 'LAMP', onHand: 1 }, { node: 'S-Y', sku: 'LAMP', onHand: 2 }] }
    const json = shipped([line('1', 'LAMP', 1, { unfulfilledPenalty: '100' }), line('2', 'LAMP', 1, { unfulfilledPenalty: '50' })])
    const priced = (n: number) => routed(network, stock, json, { screening: false, explainAlternatives: n }).explanation.nodes.map((e) => [e.node, e.reason, e.amount])
    expect(priced(1)).toEqual([['W-A', 'used', undefined], ['S-X', 'not-priced', undefined], ['S-Y', 'costlier-by', '2']])
    expect(priced(2)).toEqual([['W-A', 'used', undefined], ['S-X', 'costlier-by', '6'], ['S-Y', 'costlier-by', '2']])
  })

  it('a node’s capacity for the day bounds what it serves alone', () => {
    // A lamp and a vase. S-X holds both but may send 1 unit today: alone 6 + 0.4 + 1000; S-Y
    // alone 7 + 0.8 = 7.8, priced first: 7.8 − 5.8 = 2.
    const network = { nodes: [at('S-X', 'store', '6', { dailyCapacity: { units: 1 } }), at('S-Y', 'store', '7'), at('W-A', 'warehouse', '5')] }
    const rows = ['W-A', 'S-X', 'S-Y'].flatMap((node) => [{ node, sku: 'LAMP', onHand: 1 }, { node, sku: 'VASE', onHand: 1 }])
    const p = routed(network, { rows }, shipped([line('1', 'LAMP', 1), line('2', 'VASE', 1)]), { screening: false, explainAlternatives: 1 })
    expect(p.explanation.nodes.map((e) => [e.node, e.reason, e.amount])).toEqual([['W-A', 'used', undefined], ['S-X', 'not-priced', undefined], ['S-Y', 'costlier-by', '2']])
  })

  it('ranked alone, a node’s units of one SKU serve that SKU’s lines only', () => {
    // A lamp and a vase; W-A ships both, 5.8. S-X holds 2 lamps, S-Y 1, neither a vase: alone
    // S-X costs 6 + 0.4 + 1000 for the vase, S-Y 4 + 0.4 + 1000, so S-Y is priced: with W-A's
    // vase, 4.4 + 5.4 − 5.8 = 4. S-X's spare lamp is no vase. Priced too, S-X: 6.4 + 5.4 − 5.8 = 6.
    const network = { nodes: [at('S-X', 'store', '6'), at('S-Y', 'store', '4'), at('W-A', 'warehouse', '5')] }
    const rows = [{ node: 'W-A', sku: 'LAMP', onHand: 1 }, { node: 'W-A', sku: 'VASE', onHand: 1 }, { node: 'S-X', sku: 'LAMP', onHand: 2 }, { node: 'S-Y', sku: 'LAMP', onHand: 1 }]
    const priced = (n: number) => routed(network, { rows }, shipped([line('1', 'LAMP', 1), line('2', 'VASE', 1)]), { screening: false, explainAlternatives: n }).explanation.nodes.map((e) => [e.node, e.reason, e.amount])
    expect(priced(1)).toEqual([['W-A', 'used', undefined], ['S-X', 'not-priced', undefined], ['S-Y', 'costlier-by', '4']])
    expect(priced(2)).toEqual([['W-A', 'used', undefined], ['S-X', 'costlier-by', '6'], ['S-Y', 'costlier-by', '4']])
  })

  it('ranked alone, a node does not serve a line whose penalty is below its unit cost', () => {
    // A lamp (penalty 1000) and a vase (penalty 1): W-A ships the lamp, 5.4, the vase is left
    // unfulfilled, 6.4. Alone, S-X (parcel 2, 2 a unit) pays the vase's penalty rather than its
    // dearer unit: 2 + 1000 + 1 = 1003; S-Y (parcel 3, 0.4 a unit) 3 + 1000 + 0.4 = 1003.4. S-X
    // is priced: a node used sends a unit, 5.4 + 2 + 2 − 6.4 = 3 (S-Y's would be 5.4 + 3.4 − 6.4 = 2.4).
    const network = { nodes: [{ ...at('S-X', 'store', '2'), costs: { package: '2', unit: '2', perUnitKm: '0.0003' } }, at('S-Y', 'store', '3'), at('W-A', 'warehouse', '5')] }
    const rows = [{ node: 'W-A', sku: 'LAMP', onHand: 1 }, { node: 'S-X', sku: 'VASE', onHand: 1 }, { node: 'S-Y', sku: 'VASE', onHand: 1 }]
    const priced = (n: number) => routed(network, { rows }, shipped([line('1', 'LAMP', 1), line('2', 'VASE', 1, { unfulfilledPenalty: '1' })]), { screening: false, explainAlternatives: n }).explanation.nodes.map((e) => [e.node, e.reason, e.amount])
    expect(priced(1)).toEqual([['W-A', 'used', undefined], ['S-X', 'costlier-by', '3'], ['S-Y', 'not-priced', undefined]])
    expect(priced(2)).toEqual([['W-A', 'used', undefined], ['S-X', 'costlier-by', '3'], ['S-Y', 'costlier-by', '2.4']])
  })

  it('ranked alone, a lamp left at its penalty does not lend its supply to the vase', () => {
    // A lamp at penalty 0.3, below any unit's 0.4, is never shipped; a vase at 1000. W-A ships
    // the vase: 5.4 + 0.3 = 5.7. Alone, S-X (1 lamp, parcel 6) costs 6 + 0.3 + 1000 and S-Y
    // (1 vase, parcel 7) 7 + 0.3 + 0.4: S-Y is priced, 7.7 − 5.7 = 2.
    const network = { nodes: [at('S-X', 'store', '6'), at('S-Y', 'store', '7'), at('W-A', 'warehouse', '5')] }
    const rows = [{ node: 'W-A', sku: 'VASE', onHand: 1 }, { node: 'S-X', sku: 'LAMP', onHand: 1 }, { node: 'S-Y', sku: 'VASE', onHand: 1 }]
    const p = routed(network, { rows }, shipped([line('1', 'LAMP', 1, { unfulfilledPenalty: '0.3' }), line('2', 'VASE', 1)]), { screening: false, explainAlternatives: 1 })
    expect(p.explanation.nodes.map((e) => [e.node, e.reason, e.amount])).toEqual([['W-A', 'used', undefined], ['S-X', 'not-priced', undefined], ['S-Y', 'costlier-by', '2']])
  })

  it('dominance looks only at the SKUs the dominated node holds', () => {
    // S-A ships a lamp and its last vase, protected: 5 + 2 × 0.4 + 0.5 = 6.3. W-N holds a lamp
    // only: its parcel (6) is dearer, its lamp too (0.4 + 0.0003 × 111.195 km), it dispatches
    // later, and S-A holds as many lamps. That S-A's vase costs more than W-N's rate is no
    // matter: W-N has no vase to offer.
    const p = routed(
      { nodes: [at('S-A', 'store', '5', { protection: { lastUnits: 1, unitCost: '0.5' } }), { ...at('W-N', 'warehouse', '6'), location: { lat: lyon.lat + 1, lon: lyon.lon } }] },
      { rows: [{ node: 'S-A', sku: 'LAMP', onHand: 5 }, { node: 'S-A', sku: 'VASE', onHand: 1 }, { node: 'W-N', sku: 'LAMP', onHand: 1 }] },
      shipped([line('1', 'LAMP', 1), line('2', 'VASE', 1)]),
      { screening: false },
    )
    expect([p.totalCost, nodeOf(p, 'W-N')]).toEqual(['6.3', { node: 'W-N', kind: 'warehouse', reason: 'dominated', distanceKm: 111.195, dominatedBy: 'S-A' }])
  })

  it('a price is given only when the solve forced to use the node is proven', () => {
    // K0 × 2 and K1 × 1 in at most two parcels; no carriage. W-A ships all: 1 + 3 × 0.3 = 1.9.
    // W-B and W-D are dominated by it. S-C (K0 × 1) needs a second parcel: 6.2 + W-A's 1 + 0.6 =
    // 7.8, 5.9 more. With one search node per solve the plan is still proven, S-C's forced solve
    // is not: S-C is left unpriced rather than given a price that may not be exact.
    const network = {
      nodes: [
        { id: 'W-A', kind: 'warehouse', location: lyon, costs: c('1', '0.3') },
        { id: 'W-B', kind: 'warehouse', location: lyon, costs: c('1', '0.4') },
        { id: 'S-C', kind: 'store', location: lyon, costs: c('6', '0.2') },
        { id: 'W-D', kind: 'warehouse', location: lyon, costs: c('3', '0.4') },
      ],
    }
    const stock = {
      rows: [
        { node: 'W-A', sku: 'K0', onHand: 2 }, { node: 'W-A', sku: 'K1', onHand: 1 }, { node: 'W-B', sku: 'K0', onHand: 1 },
        { node: 'W-B', sku: 'K1', onHand: 1 }, { node: 'S-C', sku: 'K0', onHand: 1 }, { node: 'W-D', sku: 'K1', onHand: 2 },
      ],
    }
    const json = shipped([line('0', 'K0', 2), line('1', 'K1', 1)], { maxShipments: 2 })
    const full = routed(network, stock, json, { screening: false })
    expect([full.optimality, nodeOf(full, 'S-C')]).toEqual(['proven', { node: 'S-C', kind: 'store', reason: 'costlier-by', distanceKm: 0, amount: '5.9' }])
    const short = routed(network, stock, json, { screening: false, maxSearchNodes: 1 })
    expect([short.optimality, nodeOf(short, 'S-C')]).toEqual(['proven', { node: 'S-C', kind: 'store', reason: 'not-priced', distanceKm: 0 }])
  })

  it('a plan through a hub prices its alternatives with the hub’s parcel counted once', () => {
    // Ship complete: the lamp at W-H, the vase at S-A or S-Z, consolidated at W-H. W-H's parcel
    // 5 + its lamp's last mile 0.4; S-A's vase: transfer 3 + 0.4 + last mile 0.4 = 3.8; total
    // 9.2. S-Z's vase instead: 2 + 2 + 0.4 = 4.4, total 9.8: 0.6 more.
    const network = { nodes: [at('S-A', 'store', '3'), { ...at('S-Z', 'store', '2'), costs: { package: '2', unit: '2', perUnitKm: '0.0003' } }, at('W-H', 'warehouse', '5')] }
    const stock = { rows: [{ node: 'W-H', sku: 'LAMP', onHand: 1 }, { node: 'S-A', sku: 'VASE', onHand: 1 }, { node: 'S-Z', sku: 'VASE', onHand: 1 }] }
    const p = routed(network, stock, shipped([line('1', 'LAMP', 1), line('2', 'VASE', 1)], { shipComplete: true }))
    expect([p.hub, p.totalCost, nodeOf(p, 'S-Z')]).toEqual(['W-H', '9.2', { node: 'S-Z', kind: 'store', reason: 'costlier-by', distanceKm: 0, amount: '0.6' }])
    expect(p.explanation.summary).toBe('consolidate 2 units at W-H from 2 source(s), then one parcel; total 9.2 (proven optimal)')
  })
})

describe('explaining draws on the call’s work budget', () => {
  // S-W ships both lamps: 5 + 0.8 = 5.8. S-A (parcel 4, handling 2: 8) is passed over and not
  // dominated (its parcel is cheaper); W-B (1 lamp, parcel 6, a warehouse's later dispatch) is
  // dominated by S-W. By id, S-A is looked at before W-B. Comparing a node with the plan costs
  // (open parcels + 1) × its facilities × (SKUs + 1) = 2 × 1 × 2 = 4 units; ranking it for a
  // price, SKUs + lines = 2 more.
  const network = { nodes: [{ ...at('S-A', 'store', '4'), costs: { package: '4', unit: '2', perUnitKm: '0.0003' } }, at('S-W', 'store', '5'), at('W-B', 'warehouse', '6')] }
  const stock = { rows: [{ node: 'S-A', sku: 'LAMP', onHand: 2 }, { node: 'S-W', sku: 'LAMP', onHand: 2 }, { node: 'W-B', sku: 'LAMP', onHand: 1 }] }
  const json = shipped([line('1', 'LAMP', 2)])
  const plan = (explainAlternatives: number, budget?: number) => routed(network, stock, json, { screening: false, explainAlternatives, ...(budget === undefined ? {} : { budget }) })
  const reasons = (p: Plan) => p.explanation.nodes.map((n) => [n.node, n.reason, n.amount, n.unusable])
  // Spent with nothing priced: the plan's own work, then 4 for S-A and 4 for W-B.
  const spent = plan(0).explanation.work?.spent ?? 0

  it('with no alternative to price, a node is compared, not ranked: the last 4 units are W-B’s', () => {
    expect(reasons(plan(0))).toEqual([['S-W', 'used', undefined, undefined], ['S-A', 'not-priced', undefined, undefined], ['W-B', 'dominated', undefined, undefined]])
    // 3 units short of that, W-B's comparison still starts; 4 short, the work is spent when W-B's turn comes.
    expect(reasons(plan(0, spent - 3))[2]).toEqual(['W-B', 'dominated', undefined, undefined])
    const short = plan(0, spent - 4)
    expect([reasons(short)[2], short.explanation.work?.spent]).toEqual([['W-B', 'not-priced', undefined, undefined], spent - 4])
  })

  it('with nothing left when its price would be solved, a node is unpriced, not unusable', () => {
    // Priced, S-A's best plan is S-A itself: 8 − 5.8 = 2.2. Ranked, it costs 2 more units than
    // with nothing to price: a budget of exactly that leaves no unit for its solve.
    expect(reasons(plan(1))[1]).toEqual(['S-A', 'costlier-by', '2.2', undefined])
    const short = plan(1, spent + 2)
    expect([reasons(short)[1], short.explanation.work?.spent]).toEqual([['S-A', 'not-priced', undefined, undefined], spent + 2])
  })
})

describe('over capacity', () => {
  it('a store out of capacity that is not the collection point says no more', () => {
    // Collect at S-P, which holds nothing: S-B has sent its 5 units today, S-A transfers (3 + 0.4).
    const network = { nodes: [at('S-A', 'store', '3'), at('S-B', 'store', '4', { dailyCapacity: { units: 5 } }), at('S-P', 'store', '5')] }
    const p = routed(network, { rows: [{ node: 'S-A', sku: 'LAMP', onHand: 1 }, { node: 'S-B', sku: 'LAMP', onHand: 1 }] }, collected([line('1', 'LAMP', 1)], 'S-P'), { capacityUsed: { 'S-B': { orders: 0, units: 5 } } })
    expect(p.explanation.nodes).toEqual([
      { node: 'S-A', kind: 'store', reason: 'used', distanceKm: 0, units: 1 },
      { node: 'S-B', kind: 'store', reason: 'over-capacity', distanceKm: 0 },
      { node: 'S-P', kind: 'store', reason: 'no-stock', distanceKm: 0 },
    ])
    expect(p.explanation.summary).toBe('collect 1 unit at S-P; after 1 transfer (S-A); total 3.4 (proven optimal)')
  })

  it('a hub whose own shelf is out of capacity still consolidates; its shelf is only over capacity', () => {
    // Ship complete; S-A may only transfer. W-H has sent its 4 units today but still takes orders:
    // S-A's lamp and S-B's vase meet there. 5 + (3 + 0.4 + 0.4) × 2 = 12.6.
    const network = { nodes: [at('S-A', 'store', '3', { capabilities: ['transfer-out'] }), at('S-B', 'store', '3'), at('W-H', 'warehouse', '5', { dailyCapacity: { units: 4 } })] }
    const stock = { rows: [{ node: 'S-A', sku: 'LAMP', onHand: 1 }, { node: 'S-B', sku: 'VASE', onHand: 1 }, { node: 'W-H', sku: 'LAMP', onHand: 1 }] }
    const p = routed(network, stock, shipped([line('1', 'LAMP', 1), line('2', 'VASE', 1)], { shipComplete: true }), { capacityUsed: { 'W-H': { orders: 0, units: 4 } } })
    expect([p.hub, nodeOf(p, 'W-H')]).toEqual(['W-H', { node: 'W-H', kind: 'warehouse', reason: 'over-capacity', distanceKm: 0 }])
    expect(p.explanation.summary).toBe('consolidate 2 units at W-H from 2 source(s), then one parcel; total 12.6 (proven optimal)')
  })
})

describe('the summary', () => {
  const summary = (network: unknown, rows: readonly unknown[], json: unknown, options: Partial<RouteOptions> = {}) => routed(network, { rows }, json, options).explanation.summary

  it('ship: units, parcels and their senders, then what is left unfulfilled', () => {
    const network = { nodes: [at('S-C', 'store', '7'), at('W-A', 'warehouse', '5')] }
    // 2 lamps asked, 1 held: 5 + 0.4 + 1000 (the default penalty).
    expect(summary(network, [{ node: 'W-A', sku: 'LAMP', onHand: 1 }], shipped([line('1', 'LAMP', 2)]))).toBe('ship 1 unit in 1 parcel from W-A; 1 unit unfulfilled; total 1005.4 (proven optimal)')
    // 2 lamps and 3 vases, 1 of each held apart: 7.4 + 5.4 + 3 × 1000.
    const split = routed(network, { rows: [{ node: 'W-A', sku: 'LAMP', onHand: 1 }, { node: 'S-C', sku: 'VASE', onHand: 1 }] }, shipped([line('1', 'LAMP', 2), line('2', 'VASE', 3)]))
    expect(split.explanation.summary).toBe('ship 2 units in 2 parcels from S-C, W-A; 3 units unfulfilled; total 3012.8 (proven optimal)')
    // Nothing held: nothing ships, and the summary says only what is left.
    expect(summary(network, [{ node: 'W-A', sku: 'VASE', onHand: 1 }], shipped([line('1', 'LAMP', 2)]))).toBe('2 units unfulfilled; total 2000 (proven optimal)')
    // Each used node counts its own units.
    expect(split.explanation.nodes.map((n) => [n.node, n.reason, n.units])).toEqual([['S-C', 'used', 1], ['W-A', 'used', 1]])
  })

  it('collect: the collection point, then the transfers into it and their senders', () => {
    const network = { nodes: [at('S-A', 'store', '3'), at('S-B', 'store', '4'), at('S-P', 'store', '5')] }
    // From S-P's own shelf: handling only, 0.4 a unit.
    expect(summary(network, [{ node: 'S-P', sku: 'LAMP', onHand: 2 }], collected([line('1', 'LAMP', 1)], 'S-P'))).toBe('collect 1 unit at S-P; total 0.4 (proven optimal)')
    expect(summary(network, [{ node: 'S-P', sku: 'LAMP', onHand: 2 }], collected([line('1', 'LAMP', 2)], 'S-P'))).toBe('collect 2 units at S-P; total 0.8 (proven optimal)')
    // One lamp from each of S-A (3 + 0.4) and S-B (4 + 0.4).
    expect(summary(network, [{ node: 'S-A', sku: 'LAMP', onHand: 1 }, { node: 'S-B', sku: 'LAMP', onHand: 1 }], collected([line('1', 'LAMP', 2)], 'S-P'))).toBe(
      'collect 2 units at S-P; after 2 transfers (S-A, S-B); total 7.8 (proven optimal)',
    )
  })

  it('consolidate: the hub counts among the sources only when its own shelf serves', () => {
    // Ship complete. The lamp at S-A (3), the vase at S-Z (parcel 2, handling 2), through W-H:
    // 5 + (3 + 0.4 + 0.4) + (2 + 2 + 0.4) = 13.2, from two sources, neither of them W-H.
    const network = { nodes: [at('S-A', 'store', '3'), { ...at('S-Z', 'store', '2'), costs: { package: '2', unit: '2', perUnitKm: '0.0003' } }, at('W-H', 'warehouse', '5')] }
    const complete = shipped([line('1', 'LAMP', 1), line('2', 'VASE', 1)], { shipComplete: true })
    expect(summary(network, [{ node: 'S-A', sku: 'LAMP', onHand: 1 }, { node: 'S-Z', sku: 'VASE', onHand: 1 }], complete)).toBe(
      'consolidate 2 units at W-H from 2 source(s), then one parcel; total 13.2 (proven optimal)',
    )
    // One lamp at S-A, which may only transfer: 5 + 3 + 0.4 + 0.4 = 8.8 through W-H.
    const transferOnly = { nodes: [at('S-A', 'store', '3', { capabilities: ['transfer-out'] }), at('W-H', 'warehouse', '5')] }
    expect(summary(transferOnly, [{ node: 'S-A', sku: 'LAMP', onHand: 1 }], shipped([line('1', 'LAMP', 1)], { shipComplete: true }))).toBe(
      'consolidate 1 unit at W-H from 1 source(s), then one parcel; total 8.8 (proven optimal)',
    )
  })

  it('the verdict: a plan whose search was cut short, and a baseline', () => {
    // K0 × 2 and K1 × 3 in at most two parcels: W-B alone, 9 + 5 × 0.3 = 10.5 (S-A and W-B
    // together 5 + 9.3 = 14.3; S-C and W-B 6.4 + 9.9 = 16.3). One search node does not prove it:
    // the plan is the same, and so are its unpriced alternatives, none of them a difference to
    // an optimum.
    const network = {
      nodes: [
        { id: 'S-A', kind: 'store', location: lyon, costs: c('5', '0') },
        { id: 'S-C', kind: 'store', location: lyon, costs: c('6', '0.2') },
        { id: 'W-B', kind: 'warehouse', location: lyon, costs: c('9', '0.3') },
      ],
    }
    const rows = [
      { node: 'S-A', sku: 'K0', onHand: 2 }, { node: 'S-A', sku: 'K1', onHand: 2 }, { node: 'W-B', sku: 'K0', onHand: 2 },
      { node: 'W-B', sku: 'K1', onHand: 3 }, { node: 'S-C', sku: 'K0', onHand: 3 },
    ]
    const json = shipped([line('0', 'K0', 2), line('1', 'K1', 3)], { maxShipments: 2 })
    const full = routed(network, { rows }, json, { screening: false })
    expect([full.optimality, full.explanation.summary, full.explanation.nodes.map((n) => [n.node, n.reason, n.amount])]).toEqual([
      'proven', 'ship 5 units in 1 parcel from W-B; total 10.5 (proven optimal)', [['W-B', 'used', undefined], ['S-A', 'costlier-by', '3.8'], ['S-C', 'costlier-by', '5.8']],
    ])
    const cut = routed(network, { rows }, json, { screening: false, maxSearchNodes: 1 })
    expect([cut.optimality, cut.explanation.summary, cut.explanation.nodes.map((n) => [n.node, n.reason, n.amount])]).toEqual([
      'bounded', 'ship 5 units in 1 parcel from W-B; total 10.5 (best found within the search budget)', [['W-B', 'used', undefined], ['S-A', 'not-priced', undefined], ['S-C', 'not-priced', undefined]],
    ])
    // The priority baseline takes the nodes by id: S-A's 4 units (5), then W-B's last K1 (9.3).
    expect(summary(network, rows, json, { strategy: 'priority' })).toBe('ship 5 units in 2 parcels from S-A, W-B; total 14.3 (baseline strategy)')
  })
})

describe('every reason in the retailer’s words', () => {
  it('a node passed over by the rules, its capabilities, its capacity, the date or the strategy', () => {
    const said = (reason: NodeReason) => describeNode({ node: 'S-A', kind: 'store', reason, distanceKm: 2.5 })
    const reasons: readonly NodeReason[] = ['no-stock', 'excluded', 'ineligible-kind', 'ineligible-tag', 'ineligible-region', 'outside-radius', 'no-capability', 'sku-rule', 'over-capacity', 'past-cutoff', 'not-priced', 'not-chosen-by-strategy']
    expect(reasons.map(said)).toEqual([
      'S-A (store, 2.5 km): holds none of the order available to promise',
      'S-A (store, 2.5 km): excluded by the rules',
      'S-A (store, 2.5 km): its kind may not source this order',
      'S-A (store, 2.5 km): its tags do not meet the rules',
      'S-A (store, 2.5 km): outside the allowed regions',
      'S-A (store, 2.5 km): beyond the maximum distance',
      'S-A (store, 2.5 km): cannot ship or transfer for this order',
      'S-A (store, 2.5 km): may not source these SKUs (attribute rules)',
      'S-A (store, 2.5 km): no capacity left today',
      'S-A (store, 2.5 km): cannot meet the delivery date (lead time, cut-off, transit)',
      'S-A (store, 2.5 km): not priced: beyond the alternatives explained',
      'S-A (store, 2.5 km): not reached by the strategy',
    ])
  })

  it('a baseline’s passed-over node is one the strategy did not reach', () => {
    // The priority baseline takes S-A (first by id) for the lamp; S-B is not looked at.
    const p = routed({ nodes: [at('S-A', 'store', '5'), at('S-B', 'store', '4')] }, { rows: [{ node: 'S-A', sku: 'LAMP', onHand: 1 }, { node: 'S-B', sku: 'LAMP', onHand: 1 }] }, shipped([line('1', 'LAMP', 1)]), { strategy: 'priority' })
    expect(p.explanation.nodes.map((n) => describeNode(n))).toEqual(['S-A (store, 0.0 km): used for 1 unit', 'S-B (store, 0.0 km): not reached by the strategy'])
  })
})
