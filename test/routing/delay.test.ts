/**
 * Speed in the objective: an order's `delayCost` (an amount per unit per local day until the
 * customer has the unit) weighed against cost in one optimum (docs/model.md, "Delay").
 * Every total below is derived by hand in the comment next to it.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { toMicros } from '../../src/money.js'
import { routeScenario } from '../../src/scenario.js'
import type { Plan } from '../../src/routing/plan.js'

const PARIS = { lat: 48.8566, lon: 2.3522 }
// 2.5 km from the customer, and Lyon, about 392 km away.
const STORE_AT = { lat: 48.8566, lon: 2.3863 }
const LYON = { lat: 45.764, lon: 4.8357 }
// Tuesday 8 December 2026, 10:00 in Paris.
const NOW = '2026-12-08T09:00:00Z'
const DAY = 86_400_000
/** Carriage takes no time worth counting: a parcel is delivered on the day it leaves. */
const transit = { baseHours: 0, kmPerHour: 10_000 }

const routed = (doc: Record<string, unknown>): Plan => {
  const r = routeScenario(doc, String(doc['now'] ?? NOW))
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right.plan
}

/**
 * The jacket of the story: a Paris store 2.5 km away sends it today for 6 + 1 = 7.00; the
 * Lyon warehouse sends it tomorrow (24 h of preparation) for 4 + 1.27 = 5.27, 1.73 less.
 */
const jacket = (delayCost?: string): Record<string, unknown> => ({
  now: NOW,
  transit,
  nodes: [
    { id: 'STORE-PARIS', kind: 'store', location: STORE_AT, timeZone: 'Europe/Paris', leadTimeHours: 0, costs: { package: '6', unit: '1', perUnitKm: '0' } },
    { id: 'W-LYON', kind: 'warehouse', location: LYON, timeZone: 'Europe/Paris', leadTimeHours: 24, costs: { package: '4', unit: '1.27', perUnitKm: '0' } },
  ],
  stock: [
    { node: 'STORE-PARIS', sku: 'JACKET', onHand: 1 },
    { node: 'W-LYON', sku: 'JACKET', onHand: 5 },
  ],
  order: {
    id: 'O1',
    channel: 'web',
    lines: [{ id: '1', sku: 'JACKET', quantity: 1 }],
    delivery: { method: 'ship', to: PARIS },
    ...(delayCost === undefined ? {} : { delayCost }),
  },
})

describe('a jacket 2.5 km away in a Paris store, or a day later from Lyon for 1.73 less', () => {
  it('without a delay cost, Lyon: 5.27 against 7.00, and the plan has no delay field', () => {
    const plan = routed(jacket())
    expect(plan.shipments.map((s) => s.from)).toEqual(['W-LYON'])
    expect(plan.totalCost).toBe('5.27')
    expect(plan.delayCost).toBeUndefined()
  })

  it('at 1.00 a day Lyon still wins: 5.27 + 1 day × 1.00 = 6.27 < 7.00', () => {
    const plan = routed(jacket('1'))
    expect(plan.shipments.map((s) => s.from)).toEqual(['W-LYON'])
    expect([plan.fulfilmentCost, plan.delayCost, plan.totalCost]).toEqual(['5.27', '1', '6.27'])
  })

  it('an order that may wait for lots, where none are due, is priced the same: 6.27 from Lyon, 1.73 a day flips it', () => {
    const backordered = (delayCost: string): Record<string, unknown> => {
      const doc = jacket(delayCost)
      return { ...doc, order: { ...(doc['order'] as object), allowBackorder: true } }
    }
    const lyon = routed(backordered('1'))
    expect(lyon.shipments.map((s) => [s.from, s.backorder])).toEqual([['W-LYON', false]])
    expect([lyon.fulfilmentCost, lyon.delayCost, lyon.totalCost]).toEqual(['5.27', '1', '6.27'])
    const store = routed(backordered('2'))
    expect(store.shipments.map((s) => s.from)).toEqual(['STORE-PARIS'])
    expect(store.totalCost).toBe('7')
  })

  it('six jackets, Lyon’s lot of 3 landing within the hour: one parcel that waits, delivered the same day, 4 + 6 × 1.27 + 6 × 1.00', () => {
    const doc = jacket('1')
    const plan = routed({
      ...doc,
      inbound: [{ id: 'LOT-L', node: 'W-LYON', sku: 'JACKET', quantity: 3, eta: new Date(Date.parse(NOW) + 3_600_000).toISOString() }],
      order: { ...(doc['order'] as object), lines: [{ id: '1', sku: 'JACKET', quantity: 6 }], allowBackorder: true },
    })
    expect(plan.shipments.map((s) => [s.from, s.backorder, s.lines[0]?.quantity])).toEqual([['W-LYON', true, 6]])
    // The lot changes no delivery day: the parcel is priced at the one delay of its instants.
    expect([plan.fulfilmentCost, plan.delayCost, plan.totalCost]).toEqual(['11.62', '6', '17.62'])
  })

  it('at 2.00 a day the store wins: 7.00 + 0 days against 5.27 + 2.00 = 7.27', () => {
    const plan = routed(jacket('2'))
    expect(plan.shipments.map((s) => s.from)).toEqual(['STORE-PARIS'])
    expect([plan.fulfilmentCost, plan.delayCost, plan.totalCost]).toEqual(['7', '0', '7'])
    expect(plan.optimality).toBe('proven')
  })

  it('at exactly 1.73 the two tie at 7.00: one parcel each, so node order decides (STORE-PARIS first)', () => {
    const plan = routed(jacket('1.73'))
    expect(plan.totalCost).toBe('7')
    expect(plan.shipments.map((s) => s.from)).toEqual(['STORE-PARIS'])
  })

  test.prop([fc.integer({ min: 0, max: 500 })], { numRuns: 40 })('the choice flips once, at 1.73: below it Lyon, above it the store', (cents) => {
    const plan = routed(jacket((cents / 100).toFixed(2)))
    const lyon = 5_270_000 + cents * 10_000
    expect(toMicros(plan.totalCost)).toBe(Math.min(lyon, 7_000_000))
    expect(plan.shipments[0]?.from).toBe(lyon < 7_000_000 ? 'W-LYON' : 'STORE-PARIS')
  })
})

/**
 * A warehouse with 2 units on hand and a lot of 3 due in 3 days (Friday); an order of 5 that
 * may wait for it. Parcel 3, unit 1, delivered the day it leaves.
 */
const backorder = (delayCost: string): Record<string, unknown> => ({
  now: NOW,
  transit,
  nodes: [{ id: 'W1', kind: 'warehouse', location: PARIS, timeZone: 'Europe/Paris', leadTimeHours: 0, costs: { package: '3', unit: '1', perUnitKm: '0' } }],
  stock: [{ node: 'W1', sku: 'BOOT', onHand: 2 }],
  inbound: [{ id: 'LOT1', node: 'W1', sku: 'BOOT', quantity: 3, eta: new Date(Date.parse(NOW) + 3 * DAY).toISOString() }],
  order: {
    id: 'O2',
    channel: 'web',
    lines: [{ id: '1', sku: 'BOOT', quantity: 5 }],
    delivery: { method: 'ship', to: PARIS },
    allowBackorder: true,
    delayCost,
  },
})

describe('backorder and delay: a parcel now and another when the lot lands, or one that waits', () => {
  it('at 1.00 a day, two parcels: (3 + 2) now + (3 + 3 + 3 units × 3 days) = 20 < one waiting parcel 3 + 5 + 5 × 3 = 23', () => {
    const plan = routed(backorder('1'))
    expect(plan.shipments.map((s) => [s.from, s.backorder, s.lines[0]?.quantity])).toEqual([
      ['W1', false, 2],
      ['W1', true, 3],
    ])
    expect([plan.fulfilmentCost, plan.delayCost, plan.totalCost, plan.optimality]).toEqual(['11', '9', '20', 'proven'])
    expect(plan.allocations.map((a) => [a.quantity, a.availableAt !== undefined])).toEqual([
      [2, false],
      [3, true],
    ])
  })

  it('at 0.40 a day, one parcel that waits: 3 + 5 + 5 × 3 × 0.40 = 14 < 5 + 6 + 3 × 3 × 0.40 = 14.6', () => {
    const plan = routed(backorder('0.4'))
    expect(plan.shipments.map((s) => [s.from, s.backorder, s.lines[0]?.quantity])).toEqual([['W1', true, 5]])
    expect([plan.fulfilmentCost, plan.delayCost, plan.totalCost]).toEqual(['8', '6', '14'])
  })

  it('with maxShipments 1 the waiting parcel is the only way to serve all five', () => {
    const doc = backorder('1')
    const plan = routed({ ...doc, order: { ...(doc['order'] as object), maxShipments: 1 } })
    expect([plan.shipments.length, plan.totalCost]).toEqual([1, '23'])
  })

  it('the parcel now and the one that waits draw on one stock: an order of 7 gets the 5 the node will hold, not 2 + 5', () => {
    const doc = backorder('1')
    const order = doc['order'] as Record<string, unknown>
    const plan = routed({ ...doc, order: { ...order, lines: [{ id: '1', sku: 'BOOT', quantity: 7 }], unfulfilledPenalty: '100' } })
    expect(plan.shipments.map((s) => [s.backorder, s.lines[0]?.quantity])).toEqual([
      [false, 2],
      [true, 3],
    ])
    expect(plan.unfulfilled).toEqual([{ lineId: '1', sku: 'BOOT', quantity: 2 }])
    // As at 1.00 above, 20, and 2 units at the penalty.
    expect([plan.fulfilmentCost, plan.delayCost, plan.penaltyCost, plan.totalCost]).toEqual(['11', '9', '200', '220'])
  })

  /**
   * The order of 7 on W1 and nine stores of one pair each, store i at `storePackage` + unit
   * 1 + i / `unitDivisor` (no node holds all 7, so none dominates another): the screen builds
   * a few holders first and merges in the rest.
   */
  const withStores = (delayCost: string, storePackage: string, unitDivisor: number): Plan => {
    const doc = backorder(delayCost)
    const stores = Array.from({ length: 9 }, (_, i) => ({
      id: `S${i + 1}`, kind: 'store', location: PARIS, timeZone: 'Europe/Paris', leadTimeHours: 0,
      costs: { package: storePackage, unit: String(1 + i / unitDivisor), perUnitKm: '0' },
    }))
    return routed({
      ...doc,
      nodes: [...(doc['nodes'] as object[]), ...stores],
      stock: [...(doc['stock'] as object[]), ...stores.map((st) => ({ node: st.id, sku: 'BOOT', onHand: 1 }))],
      order: { ...(doc['order'] as object), lines: [{ id: '1', sku: 'BOOT', quantity: 7 }], unfulfilledPenalty: '100' },
    })
  }

  it('still one stock when the screen builds the holders in two parts: W1 gives 5 of 7, two stores the rest', () => {
    // W1's two parcels are among the holders built first.
    const plan = withStores('1', '20', 10)
    expect(plan.explanation.screened).toBeUndefined()
    expect(plan.allocations.map((a) => [a.node, a.quantity, a.availableAt !== undefined])).toEqual([
      ['S1', 1, false],
      ['S2', 1, false],
      ['W1', 2, false],
      ['W1', 3, true],
    ])
    // W1 as above (11 + 9), and two pairs at 20 + 1 and 20 + 1.1.
    expect([plan.fulfilmentCost, plan.delayCost, plan.totalCost]).toEqual(['53.1', '9', '62.1'])
  })

  it('and when W1 is among the holders merged in later: at 0.10 a day it waits once for 5, two stores give 2', () => {
    // Stores of one pair at 2 + 1.0x look cheaper than W1 (3 + 1), so the screen builds them
    // first and W1 joins with the rest. W1's waiting parcel: 3 + 5 + 5 units × 3 days × 0.10
    // = 9.5; its two parcels would cost 5 + 6.9; sent now and once the lot lands as if from
    // two stocks, 7 pairs would cost 14.5 — but it never holds more than 5.
    const plan = withStores('0.1', '2', 100)
    expect(plan.allocations.map((a) => [a.node, a.quantity, a.availableAt !== undefined])).toEqual([
      ['S1', 1, false],
      ['S2', 1, false],
      ['W1', 5, true],
    ])
    // 9.5 and the stores' 2 + 1 and 2 + 1.01.
    expect([plan.fulfilmentCost, plan.delayCost, plan.totalCost]).toEqual(['14.01', '1.5', '15.51'])
  })
})

/**
 * Click & collect at a store holding 1 of 2 units; another store sends the second by a
 * transfer that takes 24 hours (fixed 2, unit 0.5). The customer collects both together, so
 * both units wait for the transfer: 2 units × 1 day.
 */
const pickup = (delayCost: string): Record<string, unknown> => ({
  now: NOW,
  transit,
  nodes: [
    { id: 'S-PICK', kind: 'store', location: PARIS, timeZone: 'Europe/Paris', leadTimeHours: 0, costs: { package: '5', unit: '0.25', perUnitKm: '0' } },
    { id: 'S-OTHER', kind: 'store', location: STORE_AT, timeZone: 'Europe/Paris', leadTimeHours: 0, transferHours: 24, costs: { package: '5', unit: '0.5', perUnitKm: '0', transfer: { fixed: '2', unit: '0.5', perUnitKm: '0' } } },
  ],
  stock: [
    { node: 'S-PICK', sku: 'BAG', onHand: 1 },
    { node: 'S-OTHER', sku: 'BAG', onHand: 1 },
  ],
  order: { id: 'O3', channel: 'web', lines: [{ id: '1', sku: 'BAG', quantity: 2 }], delivery: { method: 'pickup', node: 'S-PICK' }, delayCost, unfulfilledPenalty: '50' },
})

describe('click & collect: delay counts from when everything is ready', () => {
  it('both units wait a day for the transfer: own 0.25 + transfer 2 + 0.5, delay 2 units × 1 day × 1.00', () => {
    const plan = routed(pickup('1'))
    expect(plan.transfers.map((t) => t.from)).toEqual(['S-OTHER'])
    expect([plan.fulfilmentCost, plan.delayCost, plan.totalCost]).toEqual(['2.75', '2', '4.75'])
    // The transfer's 24 hours, and 2.5 km at 10,000 km/h (under a second).
    expect(plan.pickup?.readyAt.slice(0, 16)).toBe(new Date(Date.parse(NOW) + DAY).toISOString().slice(0, 16))
  })

  it('at 3.00 a day both still wait: 2.75 + 2 × 3 = 8.75 beats one unit today and one at the penalty, 0.25 + 50', () => {
    const plan = routed(pickup('3'))
    expect([plan.delayCost, plan.totalCost]).toEqual(['6', '8.75'])
  })

  it('with a penalty below the waiting, the own unit goes today and the other is left: 0.25 + 5 = 5.25 < 2.75 + 2 × 2.00 = 6.75', () => {
    const doc = pickup('2')
    const plan = routed({ ...doc, order: { ...(doc['order'] as object), unfulfilledPenalty: '5' } })
    expect(plan.transfers).toEqual([])
    expect([plan.fulfilmentCost, plan.delayCost, plan.penaltyCost, plan.totalCost]).toEqual(['0.25', '0', '5', '5.25'])
  })
})

describe('bad delay costs are refused with the path', () => {
  it('a negative or malformed delayCost is a decode error at $.order.delayCost', () => {
    for (const bad of ['-1', 'abc', '1e3']) {
      const r = routeScenario(jacket(bad), NOW)
      expect(E.isLeft(r) && JSON.stringify(r.left).includes('delayCost')).toBe(true)
    }
  })
})

describe('days are counted on the customer’s clock', () => {
  // Tuesday 23:30 in Paris is Wednesday 07:30 in Tokyo; Lyon's parcel, 2 hours of preparation
  // here, lands at 01:32 Wednesday in Paris (the next day) and 09:32 Wednesday in Tokyo (the same day).
  const late = (timeZone?: string): Record<string, unknown> => {
    const doc = jacket('1')
    const order = doc['order'] as Record<string, unknown>
    return {
      ...doc,
      now: '2026-12-08T22:30:00Z',
      nodes: (doc['nodes'] as Record<string, unknown>[]).map((n) => (n['id'] === 'W-LYON' ? { ...n, leadTimeHours: 2 } : n)),
      stock: [{ node: 'W-LYON', sku: 'JACKET', onHand: 5 }],
      order: { ...order, delivery: { method: 'ship', to: PARIS, ...(timeZone === undefined ? {} : { timeZone }) } },
    }
  }

  it('without a customer zone, the sender’s (Paris): 1 day', () => {
    expect(routed(late()).delayCost).toBe('1')
  })

  it('with the customer in Asia/Tokyo: the same local day, 0', () => {
    expect(routed(late('Asia/Tokyo')).delayCost).toBe('0')
  })
})

describe('a delay cost that could leave the exact range of amounts', () => {
  it('is refused at $.order.delayCost, not rounded', () => {
    const r = routeScenario(jacket('9000000000'), NOW)
    expect(E.isLeft(r)).toBe(true)
    if (E.isLeft(r)) expect(JSON.stringify(r.left)).toContain('$.order.delayCost')
  })
})

describe('fastest weighs the delay in its last step', () => {
  it('fastest takes the store (today) whatever the delay; its plan carries the delay of its day, 0', () => {
    const r = routeScenario({ ...jacket('1'), strategy: 'fastest' }, NOW)
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    expect([r.right.plan.shipments[0]?.from, r.right.plan.delayCost, r.right.plan.totalCost]).toEqual(['STORE-PARIS', '0', '7'])
  })
})

describe('a passed-over node is priced at the best of its instants', () => {
  // Two jackets, which may wait for a lot. The Paris store holds 1 now and gets 1 more on
  // Thursday 10 (two days); Lyon sends both tomorrow: 4 + 2 × 1.27 = 6.54 + 2 units × 1 day.
  // Forced to use the store now: its parcel 7 and one from Lyon 5.27 + 1 day; forced to use it
  // Thursday: one parcel 6 + 2 = 8 + 2 units × 2 days.
  const waiting = (delayCost: string): Record<string, unknown> => {
    const doc = jacket(delayCost)
    return {
      ...doc,
      stock: [{ node: 'STORE-PARIS', sku: 'JACKET', onHand: 1 }, { node: 'W-LYON', sku: 'JACKET', onHand: 5 }],
      inbound: [{ id: 'PO-1', node: 'STORE-PARIS', sku: 'JACKET', quantity: 1, eta: '2026-12-10T09:00:00Z' }],
      order: { ...(doc['order'] as object), allowBackorder: true, lines: [{ id: '1', sku: 'JACKET', quantity: 2 }] },
    }
  }
  const store = (plan: Plan) => plan.explanation.nodes.find((n) => n.node === 'STORE-PARIS')

  it('at 1.00 a day Thursday’s parcel is the store’s best: 12 − 8.54 = 3.46', () => {
    const plan = routed(waiting('1'))
    expect([plan.totalCost, store(plan)?.reason, store(plan)?.amount]).toEqual(['8.54', 'costlier-by', '3.46'])
  })

  it('at 2.00 a day today’s parcel is, though Thursday comes after it: 7 + 5.27 + 2 = 14.27 against 16, 14.27 − 10.54 = 3.73', () => {
    const plan = routed(waiting('2'))
    expect([plan.totalCost, store(plan)?.reason, store(plan)?.amount]).toEqual(['10.54', 'costlier-by', '3.73'])
  })
})

describe('the explanation names the delay inside the total', () => {
  it('Lyon at 1.00 a day: total 6.27, of which 1 delay', () => {
    expect(routed(jacket('1')).explanation.summary).toBe('ship 1 unit in 1 parcel from W-LYON; total 6.27, of which 1 delay (proven optimal)')
  })

  it('and the protection beside it: Lyon’s jackets all among its last 5, at 0.5 each, 6.77 < 7.00', () => {
    const doc = jacket('1')
    const protectedLyon = { ...doc, nodes: (doc['nodes'] as Record<string, unknown>[]).map((n) => (n['id'] === 'W-LYON' ? { ...n, protection: { lastUnits: 5, unitCost: '0.5' } } : n)) }
    expect(routed(protectedLyon).explanation.summary).toBe('ship 1 unit in 1 parcel from W-LYON; total 6.77, of which 1 delay and 0.5 protection (proven optimal)')
  })
})

/**
 * Click & collect at P (no stock of its own) from three stores whose transfers land at
 * different times; listed so that node order is not ETA order. C-NEAR lands today 12:00
 * (transfer 10), B-MID today 15:00 (3), A-FAR in two days (1.5). At 1.00 a day: B-MID 3 + 0,
 * A-FAR 1.5 + 2 = 3.5, C-NEAR 10.
 */
const landings = (delayCost: string, withStock = true): Record<string, unknown> => {
  const store = (id: string, hours: number, fixed: string) => ({
    id,
    kind: 'store',
    location: STORE_AT,
    timeZone: 'Europe/Paris',
    leadTimeHours: 0,
    transferHours: hours,
    costs: { package: '9', unit: '0', perUnitKm: '0', transfer: { fixed, unit: '0', perUnitKm: '0' } },
  })
  return {
    now: NOW,
    transit,
    nodes: [
      { id: 'P', kind: 'store', location: PARIS, timeZone: 'Europe/Paris', leadTimeHours: 0, costs: { package: '9', unit: '0', perUnitKm: '0' } },
      store('A-FAR', 48, '1.5'),
      store('B-MID', 5, '3'),
      store('C-NEAR', 2, '10'),
    ],
    stock: withStock ? ['A-FAR', 'B-MID', 'C-NEAR'].map((node) => ({ node, sku: 'CAP', onHand: 1 })) : [],
    order: { id: 'O4', channel: 'web', lines: [{ id: '1', sku: 'CAP', quantity: 1 }], delivery: { method: 'pickup', node: 'P' }, delayCost, unfulfilledPenalty: '50' },
  }
}

describe('pickup: one solve per day the transfers can land, whatever their order', () => {
  it('at 1.00 a day, B-MID today: 3 + 0 against A-FAR 1.5 + 2 and C-NEAR 10 (the later of two landings of one day counts)', () => {
    const plan = routed(landings('1'))
    expect([plan.transfers.map((t) => t.from), plan.delayCost, plan.totalCost]).toEqual([['B-MID'], '0', '3'])
  })

  it('at 0.50 a day, A-FAR: 1.5 + 2 × 0.5 = 2.5 < 3', () => {
    const plan = routed(landings('0.5'))
    expect([plan.transfers.map((t) => t.from), plan.delayCost, plan.totalCost]).toEqual([['A-FAR'], '1', '2.5'])
  })

  it('with nothing anywhere, the unit is left at its penalty, no delay', () => {
    const plan = routed(landings('1', false))
    expect([plan.transfers, plan.unfulfilled.map((l) => l.quantity), plan.delayCost, plan.totalCost]).toEqual([[], [1], '0', '50'])
  })
})
