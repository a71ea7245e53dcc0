/**
 * The facility model: today's capacity, a role's costs and its ETA, the one place the
 * router's instances and the delivery promise read a node's offer from.
 */
import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect } from 'vitest'
import { decodeNetwork } from '../../src/codecs/decode.js'
import { deliveredAt, pickupReadyAt, transferArrivesAt } from '../../src/routing/eta.js'
import { fixedCostOf, offerEta, UNLIMITED, unitCostOf, unitsToday } from '../../src/routing/facilities.js'
import { compileNetwork, shipUnitMicros, transferUnitCostMicros, type CompiledNetwork } from '../../src/network/compile.js'

const networkWith = (capacity: { orders?: number; units?: number } | undefined): CompiledNetwork => {
  const doc = {
    nodes: [
      {
        id: 'W', kind: 'warehouse', location: { lat: 45.7, lon: 4.9 }, cutoff: '17:00',
        costs: { package: '8.759', unit: '0.423', perUnitKm: '0.000541', transfer: { fixed: '3', unit: '0.1', perUnitKm: '0.0002' } },
        ...(capacity === undefined ? {} : { dailyCapacity: capacity }),
      },
      { id: 'S', kind: 'store', location: { lat: 45.76, lon: 4.84 }, costs: { package: '6', unit: '0.5', perUnitKm: '0.001' } },
    ],
  }
  const decoded = decodeNetwork(doc)
  if (E.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left))
  const net = compileNetwork(decoded.right)
  if (E.isLeft(net)) throw new Error(JSON.stringify(net.left))
  return net.right
}

const capacityArb = fc.option(fc.record({ orders: fc.nat(5), units: fc.nat(50) }, { requiredKeys: [] }), { nil: undefined })

describe('unitsToday', () => {
  test.prop([capacityArb, fc.nat(6), fc.nat(60)])('is what is left of the daily units, 0 once orders or units are used up, unlimited without a capacity', (capacity, usedOrders, usedUnits) => {
    const net = networkWith(capacity)
    const w = net.nodes.byId.get('W') ?? -1
    const got = unitsToday(net, (id) => (id === 'W' ? { orders: usedOrders, units: usedUnits } : { orders: 0, units: 0 }), w)
    const ordersLeft = capacity?.orders === undefined ? Number.POSITIVE_INFINITY : capacity.orders - usedOrders
    const unitsLeft = capacity?.units === undefined ? UNLIMITED : Math.max(0, capacity.units - usedUnits)
    const expected = capacity === undefined || (capacity.orders === undefined && capacity.units === undefined) ? UNLIMITED : ordersLeft <= 0 ? 0 : unitsLeft
    expect(got).toBe(expected)
    // A node without a capacity never asks what it used.
    if (capacity === undefined) expect(unitsToday(net, () => { throw new Error('asked') }, w)).toBe(UNLIMITED)
  })
})

describe("a role's costs and ETA", () => {
  const net = networkWith(undefined)
  const now = Date.parse('2026-12-22T09:00:00Z')
  test.prop([fc.integer({ min: 0, max: 900_000 }), fc.integer({ min: 0, max: 50_000 })])('agree with the network tables and the ETA formulas for every role', (metres, targetMetres) => {
    expect(fixedCostOf(net, 'ship', 0)).toBe(net.packageMicros[0])
    expect(fixedCostOf(net, 'transfer', 0)).toBe(net.transferFixedMicros[0])
    expect(fixedCostOf(net, 'own', 0)).toBe(0)
    expect(unitCostOf(net, 'ship', 0, metres)).toBe(shipUnitMicros(net, 0, metres))
    expect(unitCostOf(net, 'transfer', 0, metres)).toBe(transferUnitCostMicros(net, 0, metres))
    expect(unitCostOf(net, 'own', 1, metres)).toBe(net.unitMicros[1])
    expect(offerEta(net, 'direct', -1, 0, 'ship', 0, now, metres)).toBe(deliveredAt(net, 0, now, metres))
    expect(offerEta(net, 'pickup', 1, 0, 'transfer', 0, now, metres)).toBe(pickupReadyAt(net, 1, transferArrivesAt(net, 0, now, metres, 1)))
    expect(offerEta(net, 'pickup', 1, 0, 'own', 1, now, 0)).toBe(pickupReadyAt(net, 1, now))
    expect(offerEta(net, 'hub', 1, targetMetres, 'transfer', 0, now, metres)).toBe(deliveredAt(net, 1, transferArrivesAt(net, 0, now, metres, 1), targetMetres))
    // Farther never arrives sooner.
    expect(offerEta(net, 'direct', -1, 0, 'ship', 0, now, metres + 1000)).toBeGreaterThanOrEqual(offerEta(net, 'direct', -1, 0, 'ship', 0, now, metres))
  })
})
