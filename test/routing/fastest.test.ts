/**
 * The `fastest` strategy: the most units any plan serves, by the earliest ETA that serves
 * them, then the cheapest such plan. Stories for each way of serving, and properties against
 * the `optimal` strategy on the reference suite's scenario families (the reference model
 * itself checks `fastest` in test/reference, family `fastest`).
 */
import { test as fcTest } from '@fast-check/vitest'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { routeBatch } from '../../src/batch/batch.js'
import { reroute } from '../../src/batch/reroute.js'
import { decodeScenario } from '../../src/codecs/decode.js'
import { scenarioNetwork, type Scenario } from '../../src/model/scenario.js'
import { compileNetwork } from '../../src/network/compile.js'
import type { Plan } from '../../src/routing/plan.js'
import { routeOrder, type RouteOptions } from '../../src/routing/route.js'
import { routeScenario } from '../../src/scenario.js'
import { buildScenarioStock, type StockState } from '../../src/stock/index.js'
import { FAMILIES, generateScenario, listTape } from '../reference/generate.js'
import { planViolations } from '../reference/validity.js'

const NOW = '2026-03-27T08:00:00Z'
const PARIS = { lat: 48.8566, lon: 2.3522 }

/** A Paris customer; a store 2.5 km away and a warehouse in Lyon (≈ 392 km), cheaper per parcel. */
const jacket = (order: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  now: NOW,
  nodes: [
    { id: 'S-PARIS', kind: 'store', location: { lat: 48.8656, lon: 2.3212 }, leadTimeHours: 2, costs: { package: '6.90', unit: '1.20', perUnitKm: '0.0009' } },
    { id: 'W-LYON', kind: 'warehouse', location: { lat: 45.7606, lon: 4.8594 }, leadTimeHours: 4, costs: { package: '4.20', unit: '0.423', perUnitKm: '0.000336' } },
  ],
  stock: [
    { node: 'S-PARIS', sku: 'JACKET-M', onHand: 1 },
    { node: 'W-LYON', sku: 'JACKET-M', onHand: 40 },
  ],
  order: { id: 'O1', channel: 'web', lines: [{ id: '1', sku: 'JACKET-M', quantity: 1 }], delivery: { method: 'ship', to: PARIS }, ...order },
  ...extra,
})

const planOf = (doc: Record<string, unknown>): Plan => {
  const r = routeScenario(doc, NOW)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right.plan
}

const stockOf = (doc: Record<string, unknown>): { readonly scenario: Scenario; readonly stock: StockState } => {
  const s = decodeScenario(doc)
  if (E.isLeft(s)) throw new Error(s.left.message)
  const net = compileNetwork(scenarioNetwork(s.right))
  if (E.isLeft(net)) throw new Error('network')
  const stock = buildScenarioStock(net.right, s.right)
  if (E.isLeft(stock)) throw new Error('stock')
  return { scenario: s.right, stock: stock.right }
}

const sources = (p: Plan): string[] => [...new Set(p.allocations.map((a) => a.node))].sort()
const served = (p: Plan): number => p.allocations.reduce((n, a) => n + a.quantity, 0)

describe('fastest: stories', () => {
  it('a jacket 2.5 km away in a Paris store, or from Lyon for less: optimal ships from Lyon, fastest from the store', () => {
    const optimal = planOf(jacket())
    const fastest = planOf({ ...jacket(), strategy: 'fastest' })
    expect(sources(optimal)).toEqual(['W-LYON'])
    expect(sources(fastest)).toEqual(['S-PARIS'])
    expect(fastest.strategy).toBe('fastest')
    expect(fastest.optimality).toBe('proven')
    expect(Date.parse(fastest.eta ?? '')).toBeLessThan(Date.parse(optimal.eta ?? ''))
    expect(Number(fastest.totalCost)).toBeGreaterThan(Number(optimal.totalCost))
    expect(fastest.explanation.summary).toMatch(/proven fastest, then cheapest/)
    expect(fastest.explanation.nodes.find((n) => n.node === 'W-LYON')?.reason).toBe('not-chosen-by-strategy')
  })

  it('among plans as fast, the cheapest: two stores as near, the cheaper one', () => {
    const doc = jacket()
    const nodes = [...(doc['nodes'] as Record<string, unknown>[]), { id: 'S-OPERA', kind: 'store', location: { lat: 48.8656, lon: 2.3212 }, leadTimeHours: 2, costs: { package: '5.90', unit: '1.20', perUnitKm: '0.0009' } }]
    const stock = [...(doc['stock'] as Record<string, unknown>[]), { node: 'S-OPERA', sku: 'JACKET-M', onHand: 1 }]
    const fastest = planOf({ ...doc, nodes, stock, strategy: 'fastest' })
    expect(sources(fastest)).toEqual(['S-OPERA'])
  })

  it('the whole order first: when the store has only 1 of 2, fastest waits for the one parcel that serves both, or splits when that is sooner', () => {
    const two = jacket({ lines: [{ id: '1', sku: 'JACKET-M', quantity: 2 }] })
    const fastest = planOf({ ...two, strategy: 'fastest' })
    expect(served(fastest)).toBe(2)
    // The store's unit arrives first, Lyon's later: the order's ETA is Lyon's either way, so
    // the cheapest plan by then serves both from Lyon.
    expect(sources(fastest)).toEqual(['W-LYON'])
    const optimal = planOf(two)
    expect(fastest.eta).toBe(optimal.eta)
    expect(fastest.totalCost).toBe(optimal.totalCost)
  })

  it('serves the most units any plan can, even where the penalty is below the cost of serving', () => {
    const cheapPenalty = jacket({ unfulfilledPenalty: '1' })
    expect(served(planOf(cheapPenalty))).toBe(0)
    const fastest = planOf({ ...cheapPenalty, strategy: 'fastest' })
    expect(served(fastest)).toBe(1)
    expect(sources(fastest)).toEqual(['S-PARIS'])
  })

  it('click & collect: the transfer from the nearer store, before the cheaper warehouse', () => {
    const doc = jacket({ delivery: { method: 'pickup', node: 'S-MARAIS' } })
    const nodes = [...(doc['nodes'] as Record<string, unknown>[]), { id: 'S-MARAIS', kind: 'store', location: { lat: 48.8575, lon: 2.3601 }, leadTimeHours: 1, costs: { package: '6', unit: '0.5', perUnitKm: '0.0009' } }]
    const optimal = planOf({ ...doc, nodes })
    const fastest = planOf({ ...doc, nodes, strategy: 'fastest' })
    expect(optimal.transfers.map((t) => t.from)).toEqual(['W-LYON'])
    expect(fastest.transfers.map((t) => t.from)).toEqual(['S-PARIS'])
    expect(Date.parse(fastest.pickup?.readyAt ?? '')).toBeLessThan(Date.parse(optimal.pickup?.readyAt ?? ''))
  })

  it('backorder: stock on hand now before a cheaper lot later', () => {
    const doc = jacket({ allowBackorder: true }, { inbound: [{ id: 'PO-1', node: 'W-LYON', sku: 'JACKET-M', quantity: 10, eta: '2026-03-28T06:00:00Z' }] })
    const stock = [{ node: 'S-PARIS', sku: 'JACKET-M', onHand: 1 }]
    const nodes = (doc['nodes'] as Record<string, unknown>[]).map((n) => (n['id'] === 'W-LYON' ? { ...n, location: { lat: 48.7, lon: 2.5 } } : n))
    const optimal = planOf({ ...doc, nodes, stock })
    const fastest = planOf({ ...doc, nodes, stock, strategy: 'fastest' })
    expect(optimal.allocations).toEqual([{ lineId: '1', sku: 'JACKET-M', quantity: 1, node: 'W-LYON', availableAt: '2026-03-28T06:00:00.000Z' }])
    expect(fastest.allocations).toEqual([{ lineId: '1', sku: 'JACKET-M', quantity: 1, node: 'S-PARIS' }])
  })

  it('routeBatch and reroute take the strategy: the batch routes as routeOrder does; a rejection by the store falls back to Lyon', () => {
    const { scenario, stock } = stockOf(jacket())
    const options: RouteOptions = { now: NOW, strategy: 'fastest' }
    const alone = routeOrder(stock, scenario.order, options)
    if (E.isLeft(alone)) throw new Error('route')
    const batch = routeBatch(stock, [scenario.order], options)
    const outcome = batch.outcomes[0]
    expect(outcome?.status).toBe('routed')
    if (outcome?.status !== 'routed') return
    expect(outcome.plan.allocations).toEqual(alone.right.allocations)
    const again = reroute(batch.state, scenario.order, alone.right, { node: 'S-PARIS' }, options)
    if (E.isLeft(again)) throw new Error(JSON.stringify(again.left))
    expect(sources(again.right.plan)).toEqual(['W-LYON'])
  })

  it('draws on the one work budget: a tiny budget gives a valid plan, not proven, within a step of the budget', () => {
    const { scenario, stock } = stockOf(jacket())
    const r = routeOrder(stock, scenario.order, { now: NOW, strategy: 'fastest', budget: 1 })
    if (E.isLeft(r)) throw new Error('route')
    expect(r.right.optimality).toBe('bounded')
    expect(r.right.explanation.summary).toContain('(fastest found within the search budget)')
    expect(served(r.right) + r.right.unfulfilled.reduce((n, l) => n + l.quantity, 0)).toBe(1)
    const full = routeOrder(stock, scenario.order, { now: NOW, strategy: 'fastest' })
    if (E.isLeft(full)) throw new Error('route')
    expect(full.right.explanation.work?.spent).toBeGreaterThan(0)
  })

  it('the strategy is checked like every option', () => {
    const { scenario, stock } = stockOf(jacket())
    const r = routeOrder(stock, scenario.order, { now: NOW, strategy: 'soonest' as never })
    expect(E.isLeft(r) && r.left.path).toBe('$.options.strategy')
  })
})

describe('fastest: properties on the reference families', () => {
  const tape = fc.array(fc.nat({ max: 1_000_000 }), { maxLength: 160 })
  fcTest.prop([fc.constantFrom(...FAMILIES), tape], { numRuns: 120 })(
    'fastest serves at least as many units as optimal; as many, by no later an ETA; never for less',
    (family, values) => {
      const doc = generateScenario(listTape(values), family)
      const optimal = routeScenario({ ...doc, strategy: 'optimal' }, NOW)
      const fastest = routeScenario({ ...doc, strategy: 'fastest' }, NOW)
      expect(E.isLeft(fastest)).toBe(E.isLeft(optimal))
      if (E.isLeft(optimal) || E.isLeft(fastest)) return
      const o = optimal.right.plan
      const f = fastest.right.plan
      if (o.optimality !== 'proven' || f.optimality !== 'proven') return
      expect(served(f)).toBeGreaterThanOrEqual(served(o))
      if (served(f) === served(o) && o.eta !== undefined) expect(Date.parse(f.eta ?? '')).toBeLessThanOrEqual(Date.parse(o.eta))
      expect(Number(f.totalCost)).toBeGreaterThanOrEqual(Number(o.totalCost))
      // When optimal is as fast and serves as much, fastest costs no more than it.
      if (served(f) === served(o) && f.eta === o.eta) expect(f.totalCost).toBe(o.totalCost)
    },
  )

  fcTest.prop([fc.constantFrom(...FAMILIES), tape, fc.integer({ min: 1, max: 300_000 })], { numRuns: 60 })(
    'under any work budget, a fastest plan is valid (the reference suite\'s independent check) and never claims more than it proved',
    (family, values, budget) => {
      const doc = { ...generateScenario(listTape(values), family), strategy: 'fastest' }
      const r = routeScenario(doc, NOW, { budget })
      if (E.isLeft(r)) return
      expect(planViolations(r.right.scenario, r.right.plan, NOW)).toEqual([])
      const full = routeScenario(doc, NOW)
      if (E.isLeft(full) || r.right.plan.optimality !== 'proven' || full.right.plan.optimality !== 'proven') return
      expect([r.right.plan.totalCost, r.right.plan.eta]).toEqual([full.right.plan.totalCost, full.right.plan.eta])
    },
  )
})
