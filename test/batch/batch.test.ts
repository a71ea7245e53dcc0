import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { customers } from '../../examples/sample-network.js'
import { loadSample, order } from '../../examples/setup.js'
import { routeBatch } from '../../src/batch/batch.js'
import { reservationRequestFor, reserveForPlan } from '../../src/batch/reserve.js'
import type { LatLon } from '../../src/geo.js'
import type { Order } from '../../src/model/order.js'
import { routeOrder } from '../../src/routing/route.js'
import { availableToPromise, getReservation, liveReservations } from '../../src/stock/index.js'
import { propertyParameters } from '../support/properties.js'

const now = '2026-11-27T09:00:00Z'
const sample = loadSample()

const shipOrder = (id: string, sku: string, quantity: number, to: LatLon = customers.lyonPresquile): Order =>
  order({ id, channel: 'web', lines: [{ id: '1', sku, quantity }], delivery: { method: 'ship', to }, unfulfilledPenalty: '40' })

describe('routeBatch', () => {
  it('two shoppers race for the last Part-Dieu sneaker at the store: the first collects it, the second is not promised it', () => {
    const pickup = (id: string): Order =>
      order({ id, channel: 'web', lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 1 }], delivery: { method: 'pickup', node: 'S-LYON-PART-DIEU' },
        rules: { nodeKinds: ['store'], regions: ['ARA'] } })
    const { outcomes, state } = routeBatch(sample.stock, [pickup('A'), pickup('B')], { now })
    const [a, b] = outcomes
    expect(a?.status === 'routed' && a.plan.allocations).toEqual([{ node: 'S-LYON-PART-DIEU', sku: 'SNEAKER-42', lineId: '1', quantity: 1 }])
    expect(b?.status === 'routed' && b.plan.unfulfilled).toEqual([{ lineId: '1', sku: 'SNEAKER-42', quantity: 1 }])
    expect(availableToPromise(state, { node: 'S-LYON-PART-DIEU', sku: 'SNEAKER-42', channel: 'web' })).toBe(0)
    expect(liveReservations(state).map((r) => r.id)).toEqual(['order:A'])
  })

  it('never reserves more of a position than it could promise before the batch, whatever the orders', () => {
    const skus = ['SNEAKER-42', 'JACKET-M', 'TENT-4P', 'LAMP']
    const places = Object.values(customers)
    fc.assert(
      fc.property(
        fc.array(fc.record({ sku: fc.constantFrom(...skus), q: fc.integer({ min: 1, max: 9 }), to: fc.constantFrom(...places) }), { minLength: 1, maxLength: 25 }),
        (specs) => {
          const orders = specs.map((s, i) => shipOrder(`O${i}`, s.sku, s.q, s.to))
          const { state, outcomes } = routeBatch(sample.stock, orders, { now })
          const held = new Map<string, number>()
          for (const r of liveReservations(state)) {
            for (const l of r.lines) held.set(`${l.node}|${l.sku}`, (held.get(`${l.node}|${l.sku}`) ?? 0) + l.quantity)
          }
          for (const [key, q] of held) {
            const [node, sku] = key.split('|') as [string, string]
            expect(q).toBeLessThanOrEqual(availableToPromise(sample.stock, { node, sku, channel: 'web' }))
          }
          // Every routed plan with units is held exactly as allocated.
          for (const o of outcomes) {
            if (o.status !== 'routed' || o.reservationId === undefined) continue
            const r = getReservation(state, o.reservationId)
            expect(r?.lines.reduce((a, l) => a + l.quantity, 0)).toBe(o.plan.allocations.reduce((a, l) => a + l.quantity, 0))
          }
          // Store capacity (orders per day) is consumed as the batch goes.
          for (const node of sample.doc.nodes) {
            const cap = node.dailyCapacity?.orders
            if (cap === undefined) continue
            const used = outcomes.filter((o) => o.status === 'routed' && o.plan.allocations.some((a) => a.node === node.id && a.availableAt === undefined)).length
            expect(used).toBeLessThanOrEqual(cap)
          }
        },
      ),
      propertyParameters({ numRuns: 60, seed: 7 }),
    )
  })

  it('is deterministic: the same orders give the same plans and events', () => {
    const orders = ['SNEAKER-42', 'JACKET-M', 'LAMP', 'TENT-4P'].map((sku, i) => shipOrder(`O${i}`, sku, 2, customers.parisBastille))
    const a = routeBatch(sample.stock, orders, { now })
    const b = routeBatch(sample.stock, orders, { now })
    expect(b.outcomes).toEqual(a.outcomes)
    expect(b.events).toEqual(a.events)
  })
})

describe('reserveForPlan', () => {
  it('holds exactly the units the plan allocates and lowers ATP by that much', () => {
    const plan = routeOrder(sample.stock, shipOrder('R1', 'JACKET-M', 3), { now })
    if (E.isLeft(plan)) throw new Error('route failed')
    const before = availableToPromise(sample.stock, { node: 'W-LYON', sku: 'JACKET-M', channel: 'web' })
    const held = reserveForPlan(sample.stock, plan.right, { now, expiresAt: '2026-11-27T09:15:00Z' })
    if (E.isLeft(held)) throw new Error(held.left.message)
    expect(held.right.reservation.lines.map((l) => [l.node, l.sku, l.quantity])).toEqual(
      plan.right.allocations.map((a) => [a.node, a.sku, a.quantity]),
    )
    const fromLyon = plan.right.allocations.filter((a) => a.node === 'W-LYON').reduce((a, l) => a + l.quantity, 0)
    expect(availableToPromise(held.right.state, { node: 'W-LYON', sku: 'JACKET-M', channel: 'web' })).toBe(before - fromLyon)
    expect(reservationRequestFor(plan.right, { now }).id).toBe('order:R1')
  })

  it('fails with insufficient-stock, changing nothing, when the stock moved since the plan was made', () => {
    // Part-Dieu holds 4 lamps: a reserve-in-store plan for 3 can be held once, not twice.
    const plan = routeOrder(
      sample.stock,
      order({ id: 'R2', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 3 }], delivery: { method: 'pickup', node: 'S-LYON-PART-DIEU' } }),
      { now },
    )
    if (E.isLeft(plan)) throw new Error('route failed')
    expect(plan.right.allocations).toEqual([{ node: 'S-LYON-PART-DIEU', sku: 'LAMP', lineId: '1', quantity: 3 }])
    const first = reserveForPlan(sample.stock, plan.right, { now, reservationId: 'first' })
    if (E.isLeft(first)) throw new Error('first hold failed')
    const lamps = { node: 'S-LYON-PART-DIEU', sku: 'LAMP', channel: 'web' }
    expect(availableToPromise(first.right.state, lamps)).toBe(1)
    const live = liveReservations(first.right.state)
    const again = reserveForPlan(first.right.state, plan.right, { now, reservationId: 'second' })
    expect(E.isLeft(again) && again.left._tag).toBe('insufficient-stock')
    // The state it was given is untouched: same ATP, same live reservations, no 'second'.
    expect(availableToPromise(first.right.state, lamps)).toBe(1)
    expect(liveReservations(first.right.state)).toEqual(live)
    expect(getReservation(first.right.state, 'second')).toBeUndefined()
  })
})

describe('routeBatch refusals', () => {
  const atpOfEveryPosition = (state: Parameters<typeof availableToPromise>[0]) =>
    sample.snapshot.rows.map((r) => availableToPromise(state, { node: r.node, sku: r.sku, channel: 'web' }))

  it('an order refused by routing or by the ledger changes nothing: the batch ends as if it were not there', () => {
    const a = shipOrder('A', 'LAMP', 2)
    const b = shipOrder('B', 'JACKET-M', 2, customers.parisBastille)
    const unroutable = order({ id: 'X', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 1 }], delivery: { method: 'pickup', node: 'NOWHERE' } })
    // Same id as A: its hold, order:A, already exists.
    const duplicate = shipOrder('A', 'SNEAKER-42', 1, customers.parisBastille)
    const without = routeBatch(sample.stock, [a, b], { now })
    const withRefusals = routeBatch(sample.stock, [a, unroutable, duplicate, b], { now })
    expect(withRefusals.outcomes.map((o) => [o.orderId, o.status, o.status === 'rejected' ? o.error._tag : o.reservationId])).toEqual([
      ['A', 'routed', 'order:A'],
      ['X', 'rejected', 'unknown-node'],
      ['A', 'rejected', 'duplicate-reservation'],
      ['B', 'routed', 'order:B'],
    ])
    expect(withRefusals.events).toEqual(without.events)
    expect(liveReservations(withRefusals.state)).toEqual(liveReservations(without.state))
    expect(atpOfEveryPosition(withRefusals.state)).toEqual(atpOfEveryPosition(without.state))
    expect([...withRefusals.capacityUsed]).toEqual([...without.capacityUsed])
    expect(withRefusals.outcomes.filter((o) => o.status === 'routed')).toEqual(without.outcomes)
  })
})
