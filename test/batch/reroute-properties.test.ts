import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadSample, order as decodeOrderOrThrow } from '../../examples/setup.js'
import { reroute } from '../../src/batch/reroute.js'
import { reserveForPlan } from '../../src/batch/reserve.js'
import { toMicros } from '../../src/money.js'
import type { Plan, PlanLine } from '../../src/routing/plan.js'
import { routeOrder } from '../../src/routing/route.js'
import { atpAt, skuIndexOf } from '../../src/stock/index.js'

const now = '2026-11-27T09:00:00Z'
const SKUS = ['A', 'B', 'C']
const KINDS = ['store', 'store', 'warehouse', 'dark-store'] as const

const worldArb = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc.record({
    nodes: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          kind: fc.constantFrom(...KINDS),
          lat: fc.double({ min: 43, max: 48, noNaN: true }),
          lon: fc.double({ min: -1, max: 7, noNaN: true }),
          pkg: fc.integer({ min: 0, max: 9_000 }),
          unit: fc.integer({ min: 0, max: 1_500 }),
          capacity: fc.option(fc.record({ orders: fc.integer({ min: 1, max: 3 }), units: fc.integer({ min: 1, max: 6 }) }), { nil: undefined }),
        }).map((x) => ({
          id: `N${i}`,
          kind: i === 0 ? ('store' as const) : x.kind,
          location: { lat: x.lat, lon: x.lon },
          ...(x.capacity === undefined ? {} : { dailyCapacity: x.capacity }),
          costs: { package: (x.pkg / 1000).toFixed(3), unit: (x.unit / 1000).toFixed(3), perUnitKm: '0.0003', transfer: { fixed: '2.5', unit: '0.4', perUnitKm: '0.0002' } },
        })),
      ),
    ),
    stock: fc.array(fc.record({ node: fc.integer({ min: 0, max: n - 1 }), sku: fc.constantFrom(...SKUS), onHand: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 3 * n }),
    inbound: fc.array(fc.record({ node: fc.integer({ min: 0, max: n - 1 }), sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 4 }), days: fc.integer({ min: 1, max: 4 }) }), { maxLength: 2 }),
    lines: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 4 }), penalty: fc.integer({ min: 5, max: 60 }) }), { minLength: 1, maxLength: 4 }),
    pickup: fc.boolean(),
    to: fc.record({ lat: fc.double({ min: 43, max: 48, noNaN: true }), lon: fc.double({ min: -1, max: 7, noNaN: true }) }),
    maxShipments: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    allowPartial: fc.boolean(),
    allowBackorder: fc.boolean(),
    shipComplete: fc.boolean(),
    wholeNode: fc.boolean(),
    pick: fc.nat(),
  }),
)

type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never

const setup = (w: World) => {
  const rows = new Map<string, { node: string; sku: string; onHand: number }>()
  for (const r of w.stock) rows.set(`N${r.node}|${r.sku}`, { node: `N${r.node}`, sku: r.sku, onHand: r.onHand })
  const world = loadSample(
    { nodes: w.nodes },
    {
      rows: [...rows.values()],
      inbound: w.inbound.map((l, i) => ({ id: `LOT${i}`, node: `N${l.node}`, sku: l.sku, quantity: l.quantity, eta: new Date(Date.parse(now) + l.days * 86_400_000).toISOString() })),
    },
  )
  const order = decodeOrderOrThrow({
    id: 'RR', channel: 'web',
    lines: w.lines.map((l, i) => ({ id: `L${i}`, sku: l.sku, quantity: l.quantity, unfulfilledPenalty: String(l.penalty) })),
    delivery: w.pickup ? { method: 'pickup', node: 'N0' } : { method: 'ship', to: w.to },
    allowPartial: w.allowPartial,
    allowBackorder: w.allowBackorder,
    ...(w.pickup ? {} : { shipComplete: w.shipComplete }),
    ...(w.maxShipments === undefined ? {} : { maxShipments: w.maxShipments }),
  })
  return { ...world, order }
}

const byLine = (lines: readonly PlanLine[]): Map<string, number> => {
  const m = new Map<string, number>()
  for (const l of lines) m.set(l.lineId, (m.get(l.lineId) ?? 0) + l.quantity)
  return m
}
const merged = (...maps: Map<string, number>[]): Map<string, number> => {
  const m = new Map<string, number>()
  for (const x of maps) for (const [k, v] of x) m.set(k, (m.get(k) ?? 0) + v)
  return new Map([...m].filter(([, v]) => v > 0).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** Every invariant a plan states about itself, for an order of `lines` with their penalties. */
const expectPlanInvariants = (p: Plan, lines: readonly { readonly id: string; readonly quantity: number; readonly penalty: number }[], order: ReturnType<typeof setup>['order']): void => {
  const allocated = byLine(p.allocations)
  const missing = byLine(p.unfulfilled)
  for (const l of lines) expect((allocated.get(l.id) ?? 0) + (missing.get(l.id) ?? 0)).toBe(l.quantity)
  const shipped = byLine(p.shipments.flatMap((s) => s.lines))
  const transferred = byLine(p.transfers.flatMap((t) => t.lines))
  if (p.pickup !== undefined) {
    const own = byLine(p.allocations.filter((a) => a.node === p.pickup?.node))
    expect(merged(byLine(p.pickup.lines))).toEqual(merged(transferred, own))
    expect(merged(allocated)).toEqual(merged(transferred, own))
    expect(p.shipments).toEqual([])
    expect(p.eta).toBe(p.pickup.readyAt)
  } else if (p.hub === undefined) {
    expect(merged(allocated)).toEqual(merged(shipped))
    // Each parcel carries exactly what its node gives up, now or from inbound lots.
    for (const s of p.shipments) {
      const from = p.allocations.filter((a) => a.node === s.from && (a.availableAt !== undefined) === s.backorder)
      expect(merged(byLine(s.lines))).toEqual(merged(byLine(from)))
    }
  }
  const legs = [...p.shipments, ...p.transfers].reduce((a, l) => a + toMicros(l.cost), 0) + (p.pickup === undefined ? 0 : toMicros(p.pickup.cost))
  expect(legs).toBe(toMicros(p.fulfilmentCost))
  expect(toMicros(p.fulfilmentCost) + toMicros(p.penaltyCost)).toBe(toMicros(p.totalCost))
  const penalty = p.unfulfilled.reduce((a, u) => a + u.quantity * toMicros(String(lines.find((l) => l.id === u.lineId)?.penalty ?? 0)), 0)
  expect(penalty).toBe(toMicros(p.penaltyCost))
  if (order.maxShipments !== undefined) expect(new Set(p.allocations.map((a) => `${a.node}|${a.availableAt ?? ''}`)).size).toBeLessThanOrEqual(order.maxShipments)
  if (order.allowPartial === false || order.shipComplete === true) expect(p.allocations.length === 0 || p.unfulfilled.length === 0).toBe(true)
  if (order.shipComplete === true && order.delivery.method === 'ship') expect(p.shipments.length).toBeLessThanOrEqual(1)
  // The summary says what the fields say.
  const s = p.explanation.summary
  expect(s).toContain(`; total ${p.totalCost} (`)
  expect(s.includes('(proven optimal)')).toBe(p.optimality === 'proven')
  expect(s.includes('(best found within the search budget)')).toBe(p.optimality === 'bounded')
  const served = p.allocations.reduce((a, l) => a + l.quantity, 0)
  const unserved = p.unfulfilled.reduce((a, l) => a + l.quantity, 0)
  if (p.pickup !== undefined) expect(s).toContain(`collect ${served} unit${served === 1 ? '' : 's'} at ${p.pickup.node}`)
  else if (p.hub === undefined && p.shipments.length > 0) expect(s).toContain(`ship ${served} unit${served === 1 ? '' : 's'} in ${p.shipments.length} parcel`)
  if (unserved > 0) expect(s).toContain(`${unserved} unit${unserved === 1 ? '' : 's'} unfulfilled`)
  for (const n of p.explanation.nodes.filter((e) => e.reason === 'used')) {
    expect(n.units).toBe(p.allocations.filter((a) => a.node === n.node).reduce((a, l) => a + l.quantity, 0))
  }
}

describe('reroute properties', () => {
  it('a rerouted plan keeps every plan invariant, never uses the rejected position, and its summary matches its fields', () => {
    let merges = 0
    fc.assert(
      fc.property(worldArb, (w) => {
        const s = setup(w)
        const planned = routeOrder(s.stock, s.order, { now })
        if (E.isLeft(planned)) throw new Error(JSON.stringify(planned.left))
        const plan = planned.right
        const lines = w.lines.map((l, i) => ({ id: `L${i}`, quantity: l.quantity, penalty: l.penalty }))
        expectPlanInvariants(plan, lines, s.order)
        if (plan.allocations.length === 0) return
        const held = reserveForPlan(s.stock, plan, { now })
        if (E.isLeft(held)) throw new Error(JSON.stringify(held.left))
        const victim = plan.allocations[w.pick % plan.allocations.length]
        if (victim === undefined) return
        const rejection = w.wholeNode ? { node: victim.node } : { node: victim.node, sku: victim.sku }
        const r = reroute(held.right.state, s.order, plan, rejection, { now })
        if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
        const after = r.right.plan
        if (after.optimality === 'heuristic') merges++
        expectPlanInvariants(after, lines, s.order)
        for (const a of after.allocations) expect(a.node === rejection.node && (rejection.sku === undefined || a.sku === rejection.sku)).toBe(false)
        // Never more than the position could promise before the plan was reserved.
        const use = new Map<string, number>()
        for (const a of after.allocations) use.set(`${a.node}|${a.sku}`, (use.get(`${a.node}|${a.sku}`) ?? 0) + a.quantity)
        for (const [key, q] of use) {
          const [node, sku] = key.split('|') as [string, string]
          const latest = Math.max(0, ...after.allocations.filter((a) => a.node === node && a.sku === sku).map((a) => (a.availableAt === undefined ? 0 : Date.parse(a.availableAt))))
          expect(q).toBeLessThanOrEqual(atpAt(s.stock, skuIndexOf(s.stock, sku), s.network.nodes.byId.get(node) ?? -1, 'web', latest > 0 ? latest : undefined))
        }
        expect(toMicros(r.right.extraOverFullReroute)).toBeGreaterThanOrEqual(0)
        expect(r.right.moved.every((m) => m.node === rejection.node)).toBe(true)
      }),
      { numRuns: 300, seed: 20261205 },
    )
    // The merge path (not only the full re-plan) must be exercised.
    expect(merges).toBeGreaterThan(30)
  })
})
