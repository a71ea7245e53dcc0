/**
 * The `fastest` strategy: the most units any plan serves, by the earliest ETA that serves
 * them, then the cheapest such plan. Stories for each way of serving, properties against the
 * `optimal` strategy on the reference suite's scenario families (the reference model itself
 * checks `fastest` in test/reference, family `fastest`), and the search itself on instances
 * built by hand: T*, the plan priced there, its bound and how sure it is, under each budget.
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
import { instanceCost } from '../../src/routing/assemble.js'
import { UNLIMITED, type Facility, type SupplyInstant } from '../../src/routing/facilities.js'
import { candidateEtas, cutAt, fastestPlan, type FastestChoice } from '../../src/routing/fastest.js'
import type { Instance } from '../../src/routing/instance.js'
import { DEFAULT_MAX_SEARCH_NODES, solveFacilityProblem, workMeter, type FacilityProblem } from '../../src/routing/optimiser.js'
import type { Plan } from '../../src/routing/plan.js'
import { routeOrder, type RouteOptions } from '../../src/routing/route.js'
import { routeScenario } from '../../src/scenario.js'
import { buildScenarioStock, type StockState } from '../../src/stock/index.js'
import { FAMILIES, generateScenario, listTape } from '../reference/generate.js'
import { planViolations } from '../reference/validity.js'
import { generateProblem, handInstance, handProblem } from './support/instances.js'

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

/**
 * The search itself (`fastestPlan`, `cutAt`, `candidateEtas`) on instances built by hand: one
 * item, each facility a parcel with an ETA, a fixed cost, a cost a unit and its units. Amounts
 * are micro-units (`M` = 1.00). The totals are the router's own (`instanceCost`).
 */
const M = 1_000_000

/** One facility of a one-item instance: when its parcel arrives, what it costs and how many units it holds. */
interface Parcel {
  readonly eta: number
  readonly fixed: number
  readonly unit: number
  readonly units: number
}

/** A direct instance of `problem` whose facility k arrives at `etas[k]`. */
const instanceOf = (problem: FacilityProblem, etas: readonly number[], items: readonly string[]): Instance =>
  handInstance(problem, etas.map((etaMs, node): Facility => ({ node, role: 'ship', later: false, stockAtMs: 0, metres: 0, etaMs })), items)

/** `inst` frozen down to its facilities (typed arrays cannot be frozen: the tests read them again after). */
const frozen = (inst: Instance): Instance => Object.freeze({ ...inst, problem: Object.freeze(inst.problem), facilities: Object.freeze(inst.facilities.map((f) => Object.freeze(f))) })

/** A one-item instance with `parcels`, one line per entry of `lines`, at most `maxOpen` parcels; frozen. */
const oneItem = (parcels: readonly Parcel[], lines: readonly { readonly quantity: number; readonly penalty: number }[], maxOpen: number, more: Partial<FacilityProblem> = {}): Instance =>
  frozen(
    instanceOf(
      {
        ...handProblem(
          1,
          parcels.map((f) => ({ fixed: f.fixed, unit: [f.unit], supply: [f.units] })),
          lines.map((l) => ({ item: 0, ...l })),
          { maxOpen },
        ),
        ...more,
      },
      parcels.map((f) => f.eta),
      ['X'],
    ),
  )

interface Search {
  readonly choice: FastestChoice | undefined
  /** The deadline each instance that serves F* units was priced at, in order. */
  readonly pricedAt: readonly number[]
  /** The work spent when the last step began, and in all. */
  readonly spentBeforeCheapest: number | undefined
  readonly spent: number
}

const search = (instances: readonly Instance[], o: { readonly budget?: number; readonly maxSearchNodes?: number } = {}): Search => {
  const meter = workMeter(o.budget ?? Number.POSITIVE_INFINITY)
  const pricedAt: number[] = []
  let spentBeforeCheapest: number | undefined
  const choice = fastestPlan(instances, meter, o.maxSearchNodes ?? DEFAULT_MAX_SEARCH_NODES, instanceCost, (a, b) => a.cost < b.cost, (inst, deadline) => {
    pricedAt.push(deadline)
    spentBeforeCheapest ??= meter.spent
    return inst
  })
  return { choice, pricedAt, spentBeforeCheapest, spent: meter.spent }
}

/** What a choice serves and costs, and how sure it is. */
const outcome = (c: FastestChoice | undefined) =>
  c === undefined ? undefined : { open: [...c.sol.open], flow: [...c.sol.flow], unserved: [...c.sol.unserved], cost: c.cost, proven: c.proven, lowerBound: c.lowerBound }

describe('fastest: the search, on instances built by hand', () => {
  it('cutAt keeps, at each facility\'s own index, the supply of its last instant by the deadline', () => {
    // Two items. Facility 0 sends now, arriving at 5, with 2 and 2. Facility 1 waits: by 10 it
    // has 1 and 0 (today's capacity: 1 unit), by 20 2 and 1, by 30 3 and 2 (later days: no cap).
    const instants: SupplyInstant[] = [
      { atMs: 0, etaMs: 10, later: false, supply: Int32Array.of(1, 0), capacity: 1 },
      { atMs: 8, etaMs: 20, later: true, supply: Int32Array.of(2, 1), capacity: UNLIMITED },
      { atMs: 18, etaMs: 30, later: true, supply: Int32Array.of(3, 2), capacity: UNLIMITED },
    ]
    const inst = frozen({
      ...instanceOf(
        {
          itemCount: 2,
          tierStart: Int32Array.of(0, 1, 2),
          tierQuantity: Int32Array.of(3, 2),
          tierPenalty: Float64Array.of(50 * M, 50 * M),
          facilityCount: 2,
          fixedCost: Float64Array.of(M, M),
          unitCost: Float64Array.of(M, M, M, M),
          supply: Int32Array.of(2, 2, 3, 2),
          capacity: Int32Array.of(UNLIMITED, UNLIMITED),
          maxOpen: 2,
          allOrNothing: false,
        },
        [5, 30],
        ['X', 'Y'],
      ),
      facilities: [
        { node: 0, role: 'ship', later: false, stockAtMs: 0, metres: 0, etaMs: 5 },
        { node: 1, role: 'ship', later: true, stockAtMs: 18, metres: 0, etaMs: 30, instants },
      ],
    })
    const view = (deadline: number) => {
      const cut = cutAt(inst, deadline)
      const f = cut.facilities[1]
      return { supply: [...cut.problem.supply], capacity: [...cut.problem.capacity], eta: f?.etaMs, at: f?.stockAtMs, later: f?.later, instants: f?.instants?.map((i) => i.etaMs) }
    }
    // By 5, facility 1 has nothing yet: its row is zero, facility 0's is untouched.
    expect(view(5)).toEqual({ supply: [2, 2, 0, 0], capacity: [UNLIMITED, UNLIMITED], eta: 30, at: 18, later: true, instants: [10, 20, 30] })
    // By 10, only today's instant: its units, within today's capacity.
    expect(view(10)).toEqual({ supply: [2, 2, 1, 0], capacity: [UNLIMITED, 1], eta: 10, at: 0, later: false, instants: [10] })
    // By 20 (an instant exactly at the deadline counts): two instants, the later one's units.
    expect(view(20)).toEqual({ supply: [2, 2, 2, 1], capacity: [UNLIMITED, UNLIMITED], eta: 20, at: 8, later: true, instants: [10, 20] })
    // By 30 nothing is cut: the instance itself.
    expect(cutAt(inst, 30)).toBe(inst)
    expect([...inst.problem.supply]).toEqual([2, 2, 3, 2])
  })

  it('candidateEtas lists every facility\'s ETAs and every instant\'s, once each, ascending', () => {
    const a = oneItem([{ eta: 30, fixed: 0, unit: 0, units: 1 }, { eta: 10, fixed: 0, unit: 0, units: 1 }], [{ quantity: 1, penalty: M }], 1)
    const at = (etaMs: number): SupplyInstant => ({ atMs: 0, etaMs, later: false, supply: Int32Array.of(1), capacity: UNLIMITED })
    const b: Instance = { ...a, facilities: [{ ...(a.facilities[0] as Facility), etaMs: 40, instants: [at(20), at(40)] }, { ...(a.facilities[1] as Facility), etaMs: 5 }] }
    expect(candidateEtas([a, b])).toEqual([5, 10, 20, 30, 40])
  })

  it('T* is the least ETA by which the most units arrive; the plan is the cheapest by then, priced at T*', () => {
    // Two units (50 each if not sent), one parcel at most. By 1000 one unit can arrive, by 2000
    // both: T* = 2000. By then the only parcel of 2 costs 2 + 2 × 1 = 4 (the one at 3000 would
    // cost 3 + 2 = 5).
    const inst = oneItem([{ eta: 1000, fixed: M, unit: M, units: 1 }, { eta: 2000, fixed: 2 * M, unit: M, units: 2 }, { eta: 3000, fixed: 3 * M, unit: M, units: 2 }], [{ quantity: 2, penalty: 50 * M }], 1)
    const s = search([inst])
    expect(outcome(s.choice)).toEqual({ open: [1], flow: [0, 2, 0], unserved: [0], cost: 4 * M, proven: true, lowerBound: 4 * M })
    expect(s.pricedAt).toEqual([2000])
    // The plan reads the instance cut at T*: the parcel at 3000 has no units in it.
    expect([...(s.choice?.inst.problem.supply ?? [])]).toEqual([1, 2, 0])
  })

  it('with one ETA there is nothing to search: two solves of the same instance, each charged to the meter, priced at that ETA', () => {
    // One parcel of 2: 1 + 2 × 1 = 3.
    const inst = oneItem([{ eta: 1000, fixed: M, unit: M, units: 2 }], [{ quantity: 2, penalty: 50 * M }], 1)
    const s = search([inst])
    expect(outcome(s.choice)).toEqual({ open: [0], flow: [2], unserved: [0], cost: 3 * M, proven: true, lowerBound: 3 * M })
    expect(s.pricedAt).toEqual([1000])
    // F(∞) (costs 0, penalties 1) and the cheapest plan (penalties raised) have the same shape:
    // each costs what one solve of the instance costs.
    const one = workMeter(Number.POSITIVE_INFINITY)
    solveFacilityProblem(inst.problem, { meter: one })
    expect(s.spent).toBe(2 * one.spent)
  })

  it('when no plan can serve a unit, nothing is served, with no deadline and the instance uncut', () => {
    // All or nothing, 3 units: one parcel holds 2 at most. F* = 0: 3 × 50 = 150, proven.
    const inst = oneItem([{ eta: 1000, fixed: M, unit: M, units: 2 }, { eta: 2000, fixed: 2 * M, unit: M, units: 1 }], [{ quantity: 3, penalty: 50 * M }], 1, { allOrNothing: true })
    const s = search([inst])
    expect(outcome(s.choice)).toEqual({ open: [], flow: [0, 0], unserved: [3], cost: 150 * M, proven: true, lowerBound: 150 * M })
    expect(s.pricedAt).toEqual([Number.POSITIVE_INFINITY])
    expect(s.choice?.inst).toBe(inst)
  })

  it('a way of serving that reaches fewer units is passed over, however cheap', () => {
    // Two units at 1 each if not sent. A: one parcel of 2 at 2000, 9 + 2 = 11. B: one parcel of
    // 1 at 1000, 1 + 1 + 1 (the unit it leaves) = 3. F* = 2, only A reaches it: A, by 2000.
    const a = oneItem([{ eta: 2000, fixed: 9 * M, unit: M, units: 2 }], [{ quantity: 2, penalty: M }], 1)
    const b = oneItem([{ eta: 1000, fixed: M, unit: M, units: 1 }], [{ quantity: 2, penalty: M }], 1)
    const s = search([a, b])
    expect(s.choice?.inst).toBe(a)
    expect(outcome(s.choice)).toEqual({ open: [0], flow: [2], unserved: [0], cost: 11 * M, proven: true, lowerBound: 11 * M })
    expect(s.pricedAt).toEqual([2000])
  })

  it('a line whose penalty is 0 is still served in full, at the least cost that does', () => {
    // Two units, penalty 0: a free parcel of 1 and a parcel of 1 for 5. Serving both costs 5;
    // serving one costs 0, and must not win: the raised penalty (5 + 1 a unit) outweighs it.
    const inst = oneItem([{ eta: 1000, fixed: 0, unit: 0, units: 1 }, { eta: 1000, fixed: 5 * M, unit: 0, units: 1 }], [{ quantity: 2, penalty: 0 }], 2)
    expect(outcome(search([inst]).choice)).toEqual({ open: [0, 1], flow: [1, 1], unserved: [0], cost: 5 * M, proven: true, lowerBound: 5 * M })
  })

  it('a store\'s protected last units count among the units it can serve, though their surcharge is above the penalty', () => {
    // Two units at 1 each if not sent; the only parcel (1 + 1 a unit) holds 2, both protected
    // at 4 more: 1 + 2 × 1 + 2 × 4 = 11 against 2 for sending none. Fastest sends both.
    const inst = oneItem([{ eta: 1000, fixed: M, unit: M, units: 2 }], [{ quantity: 2, penalty: M }], 1, { protectedUnits: Int32Array.of(2), protectedCost: Float64Array.of(4 * M) })
    expect(outcome(search([inst]).choice)).toEqual({ open: [0], flow: [2], unserved: [0], cost: 11 * M, proven: true, lowerBound: 11 * M })
  })

  it('beyond the exact range of a double, the plan that serves F* stands, unproven, bounded by 0; at the edge it is solved', () => {
    // One unit; one parcel costing W. The last step raises the penalty P by W + 1, so its
    // amounts reach P + (W + 1) + W. With W = 4e15 and P = 2e15 that is past 2^53 − 1.
    const beyond = oneItem([{ eta: 1000, fixed: 4e15, unit: 0, units: 1 }], [{ quantity: 1, penalty: 2e15 }], 1)
    expect(outcome(search([beyond]).choice)).toEqual({ open: [0], flow: [1], unserved: [0], cost: 4e15, proven: false, lowerBound: 0 })
    // W = 1e15 and P = 2^53 − 1 − 2W − 1: P + 2W + 1 is exactly 2^53 − 1, still exact.
    const edge = oneItem([{ eta: 1000, fixed: 1e15, unit: 0, units: 1 }], [{ quantity: 1, penalty: Number.MAX_SAFE_INTEGER - 1 - 2e15 }], 1)
    expect(outcome(search([edge]).choice)).toEqual({ open: [0], flow: [1], unserved: [0], cost: 1e15, proven: true, lowerBound: 1e15 })
  })

  describe('under a work budget', () => {
    // The world of T* above: one unit by 1000, two by 2000 (parcel 2 + 2 × 1) or by 3000 (3 + 2).
    const world = oneItem([{ eta: 1000, fixed: M, unit: M, units: 1 }, { eta: 2000, fixed: 2 * M, unit: M, units: 2 }, { eta: 3000, fixed: 3 * M, unit: M, units: 2 }], [{ quantity: 2, penalty: 50 * M }], 1)

    it('with no work at all, the plan that serves nothing, unproven, with no bound but 0', () => {
      const s = search([world], { budget: 0 })
      expect(outcome(s.choice)).toEqual({ open: [], flow: [0, 0, 0], unserved: [2], cost: 100 * M, proven: false, lowerBound: 0 })
      expect([s.pricedAt, s.spent]).toEqual([[Number.POSITIVE_INFINITY], 0])
    })

    it('spent by F(∞), T* is left undecided: the latest ETA stands, with the first plan found that serves F*', () => {
      // F(∞)'s plan: the fewest parcels serving 2, the lowest first: the parcel at 2000, 4.
      const s = search([world], { budget: 1 })
      expect(outcome(s.choice)).toEqual({ open: [1], flow: [0, 2, 0], unserved: [0], cost: 4 * M, proven: false, lowerBound: 0 })
      expect(s.pricedAt).toEqual([3000])
      expect(s.choice?.inst).toBe(world)
    })

    it('spent exactly when the last step begins: T* is known, the plan that proved F(T*) stands, unproven', () => {
      const full = search([world])
      const s = search([world], { budget: full.spentBeforeCheapest ?? 0 })
      expect(outcome(s.choice)).toEqual({ open: [1], flow: [0, 2, 0], unserved: [0], cost: 4 * M, proven: false, lowerBound: 0 })
      expect(s.pricedAt).toEqual([2000])
    })
  })

  describe('with searches cut short by their node budget', () => {
    // Ten parcels of 1 a unit, nine by 1000 (enough that the search branches rather than
    // enumerating): 2 units for 10, 5, 6, 7, 8, 9; 1 unit for 2, 3, 4. The parcel at 2000
    // holds 2 for 1 (cut: it comes later than T* = 1000). At most two parcels.
    const parcels: Parcel[] = [
      { eta: 1000, fixed: 10 * M, unit: M, units: 2 },
      { eta: 1000, fixed: 5 * M, unit: M, units: 2 },
      { eta: 2000, fixed: M, unit: M, units: 2 },
      { eta: 1000, fixed: 2 * M, unit: M, units: 1 },
      { eta: 1000, fixed: 3 * M, unit: M, units: 1 },
      { eta: 1000, fixed: 4 * M, unit: M, units: 1 },
      ...[6, 7, 8, 9].map((fixed) => ({ eta: 1000, fixed: fixed * M, unit: M, units: 2 })),
    ]

    it('every unit served: the plan is the cheapest by T*, unproven, and its bound is the search\'s own', () => {
      // Two units: the parcel for 5 (5 + 2 = 7), as cheap as 2 + 1 + 3 + 1 and one parcel fewer.
      // One node proves nothing; the root's relaxation spreads each parcel over its units: one
      // unit from the parcel for 2 at 3, one from the parcel for 5 at 3.5: 6.5.
      const s = search([oneItem(parcels, [{ quantity: 2, penalty: 50 * M }], 2)], { maxSearchNodes: 1 })
      expect(outcome(s.choice)).toEqual({ open: [1], flow: [0, 2, 0, 0, 0, 0, 0, 0, 0, 0], unserved: [0], cost: 7 * M, proven: false, lowerBound: 6.5 * M })
      // The plan handed back says so too: bounded, with that bound.
      expect([s.choice?.sol.optimality, s.choice?.sol.lowerBound]).toEqual(['bounded', 6.5 * M])
      expect(s.pricedAt).toEqual([1000])
    })

    it('a unit left over: the bound is the search\'s less the raise on that unit, below the plan\'s cost', () => {
      // Five units, two parcels: 4 at most (F* = 4), the cheapest two parcels of 2 by 1000 are
      // the ones for 5 and 6: 5 + 2 + 6 + 2 + 50 for the unit left = 65.
      const s = search([oneItem(parcels, [{ quantity: 5, penalty: 50 * M }], 2)], { maxSearchNodes: 1 })
      const c = s.choice
      expect(outcome(c)).toMatchObject({ open: [1, 6], flow: [0, 2, 0, 0, 0, 0, 2, 0, 0, 0], unserved: [1], cost: 65 * M, proven: false })
      expect(c?.lowerBound).toBeGreaterThanOrEqual(0)
      expect(c?.lowerBound).toBeLessThan(65 * M)
    })

    it('the last step starts from the parcels of the plan that proved F*: one node spreads their units at least cost', () => {
      // A seeded problem of 9 parcels arriving at 1000, 2000 or 3000, 3 items, 2 parcels at most,
      // penalties below most costs. F* takes until 3000; the parcels of the plan that proved it
      // (chosen for their count of units, not their cost) are those of the cheapest plan, [0, 8],
      // so the one-node search, seeded with them, hands back the proven plan's cost and flows.
      const p = generateProblem(205, { facilities: 9, items: 3, maxOpen: 2, flavour: 'penalty-below-cost', density: 0.5, maxQuantity: 3 })
      const inst = frozen(instanceOf(p, Array.from({ length: p.facilityCount }, (_, k) => 1000 * (1 + (k % 3))), ['X', 'Y', 'Z']))
      const full = search([inst])
      const short = search([inst], { maxSearchNodes: 1 })
      expect([full.choice?.proven, short.choice?.proven, full.pricedAt, short.pricedAt]).toEqual([true, false, [3000], [3000]])
      expect(short.choice?.sol.open).toEqual(Int32Array.of(0, 8))
      expect({ ...outcome(short.choice), proven: true, lowerBound: full.choice?.lowerBound }).toEqual(outcome(full.choice))
    })

    it('a units search cut short leaves the plan unproven, though every later solve is proven', () => {
      // A seeded problem of 11 parcels, 3 items, 3 parcels at most; only the first three arrive
      // by 1000 (and serve as many units as all eleven). Five nodes do not settle F(∞) over
      // eleven parcels; cut at 1000, three parcels are enumerated and proven.
      const p = generateProblem(2, { facilities: 11, items: 3, maxOpen: 3, flavour: 'realistic', density: 0.6, maxQuantity: 3 })
      const inst = frozen(instanceOf(p, Array.from({ length: p.facilityCount }, (_, k) => (k < 3 ? 1000 : 2000)), ['X', 'Y', 'Z']))
      const full = search([inst])
      const short = search([inst], { maxSearchNodes: 5 })
      expect(full.choice?.proven).toBe(true)
      expect([full.pricedAt, short.pricedAt]).toEqual([[1000], [1000]])
      expect(short.choice?.proven).toBe(false)
      expect({ ...outcome(short.choice), proven: true }).toEqual(outcome(full.choice))
    })
  })
})
