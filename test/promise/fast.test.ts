/**
 * The single-SKU fast path (src/promise/fast.ts) called directly: `fastShip` and `fastPickup`
 * on small hand-made networks, with the exact answer (plan, none or unknown), the chosen node
 * and role, the cost and the source's ATP; every `plan` answer is the plan routing the
 * option's order in full gives. The promise falls back to routing in full on `unknown`, so
 * only these direct calls tell a fast path that gives up from one that answers.
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodePromiseRequest } from '../../src/codecs/decode.js'
import type { Order, SourcingRules } from '../../src/model/order.js'
import { compileNetwork } from '../../src/network/compile.js'
import { promiseContext, type PromiseContext } from '../../src/promise/context.js'
import { fastPickup, fastShip, type FastAnswer } from '../../src/promise/fast.js'
import { pickupOrder, shipOrder } from '../../src/promise/orders.js'
import { SkuSupply } from '../../src/promise/sku-supply.js'
import type { PromiseOptions } from '../../src/promise/types.js'
import { routeOrder } from '../../src/routing/route.js'
import { distanceMetres } from '../../src/geo.js'
import { hasCapability } from '../../src/network/nodes.js'
import { buildStock, type StockState } from '../../src/stock/index.js'
import { formatInstant } from '../../src/time.js'
import { BASE_INSTANT, locationArb, networkWithStockArb, sourcingRulesArb } from '../support/arbitraries.js'
import { compiledNetwork, stockOn } from '../support/network.js'
import { propertyParameters } from '../support/properties.js'

const now = '2026-11-27T09:00:00Z'
/** The shopper, in Lyon; nodes stand here unless a test moves them. */
const HERE = { lat: 45.76, lon: 4.84 }

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

interface Costs {
  readonly package: string
  readonly unit: string
  readonly perUnitKm?: string
  readonly transfer?: { readonly fixed: string; readonly unit?: string; readonly perUnitKm?: string }
}

/** A node with no lead time and no carriage unless `costs` says. */
const node = (id: string, kind: string, costs: Costs, extra: Record<string, unknown> = {}) => ({
  id,
  kind,
  location: HERE,
  leadTimeHours: 0,
  costs: { perUnitKm: '0', ...costs },
  ...extra,
})

/** The network and a stock of SKU `S` (`[node, onHand]`). */
const world = (nodes: readonly unknown[], rows: readonly (readonly [string, number])[]): StockState => {
  const network = compiledNetwork({ nodes, skus: [{ id: 'S' }, { id: 'OTHER' }] })
  return stockOn(network, { rows: rows.map(([n, onHand]) => ({ node: n, sku: 'S', onHand })) })
}

/** One promise call for `quantity` of `S`: its context and supply table, shared by its options. */
const call = (stock: StockState, quantity: number, options: PromiseOptions = {}, location = HERE, sku = 'S') => {
  const request = right(decodePromiseRequest({ channel: 'web', now, location, sku, quantity }))
  const ctx = right(promiseContext(stock, request, options))
  const h = new SkuSupply(ctx)
  const idOf = (n: number): string => ctx.net.nodes.ids[n] as string
  const indexOf = (id: string): number => ctx.net.nodes.byId.get(id) ?? -1
  return {
    ctx,
    h,
    idOf,
    indexOf,
    ship: (): Answered => {
      const order = shipOrder(ctx)
      return { ctx, order, answer: fastShip(ctx, h, order) }
    },
    pickup: (id: string): Answered => {
      const order = pickupOrder(ctx, indexOf(id))
      return { ctx, order, answer: fastPickup(ctx, h, indexOf(id), order) }
    },
  }
}

interface Answered {
  readonly ctx: PromiseContext
  readonly order: Order
  readonly answer: FastAnswer
}

/** The option's order routed in full, without its explanation. */
const routed = (ctx: PromiseContext, order: Order) => {
  const r = right(
    routeOrder(ctx.stock, order, { now: ctx.now, ...(ctx.capacityUsedOption === undefined ? {} : { capacityUsed: ctx.capacityUsedOption }) }),
  )
  const { explanation: _explanation, ...plan } = r
  return plan
}

/** Where a plan's units come from: `[node, role]` with role `ship`, `transfer` or `own`. */
const sourceOf = (a: Answered): readonly [string, string] | undefined => {
  if (a.answer.kind !== 'plan') return undefined
  const plan = a.answer.plan
  if (plan.transfers.length > 0) return [plan.transfers.map((t) => t.from).join('+'), 'transfer']
  if (plan.shipments.length > 0) return [plan.shipments.map((s) => s.from).join('+'), 'ship']
  return [[...new Set(plan.allocations.map((x) => x.node))].join('+'), 'own']
}

/** A `plan` answer: from `node` by `role`, costing `cost`, the source's ATP `available`, and the router's plan. */
const expectPlan = (a: Answered, node: string, role: 'ship' | 'transfer' | 'own', cost: string, available: number): void => {
  expect(a.answer.kind).toBe('plan')
  if (a.answer.kind !== 'plan') return
  expect(sourceOf(a)).toEqual([node, role])
  expect(a.answer.plan.totalCost).toBe(cost)
  expect(a.answer.available).toBe(available)
  expect(a.answer.plan.unfulfilled).toEqual([])
  const plan = routed(a.ctx, a.order)
  expect(plan.optimality).toBe('proven')
  expect(plan).toEqual(a.answer.plan)
  expect(a.answer.etaMs).toBe(Date.parse(plan.eta ?? ''))
}

describe('fastShip: the cheapest single parcel, when provably optimal', () => {
  const three = () =>
    world(
      [
        node('N0', 'warehouse', { package: '5', unit: '1' }),
        node('N1', 'store', { package: '3', unit: '1' }),
        node('N2', 'warehouse', { package: '4', unit: '0.5' }),
      ],
      [['N0', 9], ['N1', 7], ['N2', 8]],
    )

  it('one unit: the cheapest node ships it (3 + 1 against 5 + 1 and 4 + 0.5)', () => {
    expectPlan(call(three(), 1).ship(), 'N1', 'ship', '4', 7)
  })

  it('three units: per-unit cost turns the choice (4 + 3 × 0.5 against 3 + 3 × 1)', () => {
    expectPlan(call(three(), 3).ship(), 'N2', 'ship', '5.5', 8)
  })

  it('exact cost ties go to the lowest node index, the first of equal floors', () => {
    const stock = world(
      [
        node('N0', 'store', { package: '3', unit: '1' }),
        node('N1', 'store', { package: '3', unit: '1' }),
        node('N2', 'warehouse', { package: '3.5', unit: '1' }),
      ],
      [['N1', 4], ['N0', 2], ['N2', 9]],
    )
    expectPlan(call(stock, 1).ship(), 'N0', 'ship', '4', 2)
    expectPlan(call(stock, 2).ship(), 'N0', 'ship', '5', 2)
  })

  it('an exact tie met later in the scan: the lower index wins though its cost floor came second', () => {
    // N1 is cheaper before carriage (3 + 1) and reached first; 1 km of carriage at 1 a unit-km
    // makes it cost exactly what N0, next to the shopper, costs.
    const away = { lat: 45.769, lon: 4.84 }
    const metres = distanceMetres(HERE, away)
    const carriage = (metres / 1000).toFixed(3)
    const stock = world(
      [
        node('N0', 'store', { package: (3 + metres / 1000).toFixed(3), unit: '1' }),
        node('N1', 'store', { package: '3', unit: '1', perUnitKm: '1' }, { location: away }),
      ],
      [['N0', 5], ['N1', 6]],
    )
    const cost = (4 + Number(carriage)).toFixed(3).replace(/\.?0+$/, '')
    expectPlan(call(stock, 1).ship(), 'N0', 'ship', cost, 5)
  })

  it('an exact tie between two nodes that both pay carriage: the first reached, the lower index, keeps it', () => {
    // N0 is cheaper before carriage and reached first; N1, nearer, pays less carriage and
    // more package, to the very same total.
    const far = { lat: 45.778, lon: 4.84 }
    const near = { lat: 45.769, lon: 4.84 }
    const m0 = distanceMetres(HERE, far)
    const m1 = distanceMetres(HERE, near)
    const stock = world(
      [
        node('N0', 'store', { package: '3', unit: '1', perUnitKm: '1' }, { location: far }),
        node('N1', 'store', { package: (3 + (m0 - m1) / 1000).toFixed(3), unit: '1', perUnitKm: '1' }, { location: near }),
      ],
      [['N0', 5], ['N1', 6]],
    )
    expectPlan(call(stock, 1).ship(), 'N0', 'ship', (4 + m0 / 1000).toFixed(3).replace(/\.?0+$/, ''), 5)
  })

  it('carriage reorders the scan: a node with a higher cost floor but no carriage beats a nearer-floored distant one', () => {
    const stock = world(
      [
        node('N0', 'store', { package: '1', unit: '0', perUnitKm: '1' }, { location: { lat: 45.778, lon: 4.84 } }),
        node('N1', 'store', { package: '9', unit: '0' }),
        node('N2', 'store', { package: '9', unit: '0' }),
        node('N3', 'store', { package: '2', unit: '0', perUnitKm: '0.001' }),
      ],
      [['N0', 5], ['N3', 5]],
    )
    expectPlan(call(stock, 1).ship(), 'N3', 'ship', '2', 5)
  })

  it('a node without q units is skipped; one holding exactly q serves', () => {
    const stock = world(
      [
        node('N0', 'store', { package: '1', unit: '0' }),
        node('N1', 'store', { package: '2', unit: '0' }),
        node('N2', 'warehouse', { package: '5', unit: '0' }),
      ],
      [['N0', 1], ['N1', 2], ['N2', 9]],
    )
    expectPlan(call(stock, 2).ship(), 'N1', 'ship', '2', 2)
    expectPlan(call(stock, 1).ship(), 'N0', 'ship', '1', 1)
  })

  it('unknown when two nodes together could be cheaper: 1 + 1 + 2 × 0 below the best single 3', () => {
    const stock = world(
      [
        node('N0', 'store', { package: '1', unit: '0' }),
        node('N1', 'store', { package: '1', unit: '0' }),
        node('N2', 'warehouse', { package: '3', unit: '0' }),
      ],
      [['N0', 1], ['N1', 1], ['N2', 9]],
    )
    expect(call(stock, 2).ship().answer).toEqual({ kind: 'unknown' })
    // And indeed the router sends one unit from each.
    const a = call(stock, 2).ship()
    const plan = routed(a.ctx, a.order)
    expect([plan.totalCost, plan.shipments.map((s) => s.from)]).toEqual(['2', ['N0', 'N1']])
    // One unit: the bound on two parcels does not apply, N0 alone is the optimum.
    expectPlan(call(stock, 1).ship(), 'N0', 'ship', '1', 1)
  })

  it('unknown when the smallest per-unit cost makes two parcels cheaper: 1 + 1 + 2 × 0 below 1.5 + 2 × 1', () => {
    const stock = world(
      [
        node('N0', 'store', { package: '1', unit: '0' }),
        node('N1', 'store', { package: '1', unit: '0' }),
        node('N2', 'warehouse', { package: '1.5', unit: '1' }),
      ],
      [['N0', 1], ['N1', 1], ['N2', 9]],
    )
    expect(call(stock, 2).ship().answer).toEqual({ kind: 'unknown' })
  })

  it('a plan when the best single node costs exactly the two-parcel bound: 2 + 2 × 1 = 1 + 1 + 2 × 1', () => {
    const stock = world(
      [
        node('N0', 'store', { package: '1', unit: '1' }),
        node('N1', 'store', { package: '1', unit: '1' }),
        node('N2', 'warehouse', { package: '2', unit: '1' }),
      ],
      [['N0', 1], ['N1', 1], ['N2', 9]],
    )
    expectPlan(call(stock, 2).ship(), 'N2', 'ship', '4', 9)
  })

  it('only nodes that can ship bound the two-parcel cost: cheap holders without the capability do not', () => {
    const noShip = ['pickup', 'transfer-in', 'transfer-out']
    const stock = world(
      [
        node('A', 'warehouse', { package: '3', unit: '0' }),
        node('B', 'store', { package: '0.5', unit: '0' }, { capabilities: noShip }),
        node('C', 'store', { package: '0.5', unit: '0' }, { capabilities: noShip }),
      ],
      [['A', 2], ['B', 5], ['C', 5]],
    )
    expectPlan(call(stock, 2).ship(), 'A', 'ship', '3', 2)
  })

  it('none when nothing can be served: no holder, or holders that cannot ship or may not source', () => {
    const nodes = [node('N0', 'store', { package: '1', unit: '0' }, { capabilities: ['pickup', 'transfer-in', 'transfer-out'] }), node('N1', 'warehouse', { package: '2', unit: '0' })]
    expect(call(world(nodes, []), 1).ship().answer).toEqual({ kind: 'none' })
    expect(call(world(nodes, [['N0', 5]]), 1).ship().answer).toEqual({ kind: 'none' })
    expect(call(world(nodes, [['N0', 5], ['N1', 5]]), 2, { rules: { excludeNodes: ['N1'] } as unknown as SourcingRules }).ship().answer).toEqual({ kind: 'none' })
    expect(call(world(nodes, [['N0', 5], ['N1', 5]]), 1, {}, HERE, 'OTHER').ship().answer).toEqual({ kind: 'none' })
  })

  it('unknown, not none, when holders exist but none holds q units: together they may', () => {
    const stock = world([node('N0', 'store', { package: '1', unit: '0' }), node('N1', 'store', { package: '1', unit: '0' })], [['N0', 1], ['N1', 1]])
    expect(call(stock, 2).ship().answer).toEqual({ kind: 'unknown' })
  })

  it('unknown when the best cost is at or above the unserved penalty (q × penalty)', () => {
    const stock = world([node('N0', 'store', { package: '2', unit: '1' })], [['N0', 5]])
    expect(call(stock, 2, { unfulfilledPenalty: '2' } as PromiseOptions).ship().answer).toEqual({ kind: 'unknown' })
    expect(call(stock, 1, { unfulfilledPenalty: '3' } as PromiseOptions).ship().answer).toEqual({ kind: 'unknown' })
    expectPlan(call(stock, 2, { unfulfilledPenalty: '2.001' } as PromiseOptions).ship(), 'N0', 'ship', '4', 5)
    expectPlan(call(stock, 1, { unfulfilledPenalty: '3.001' } as PromiseOptions).ship(), 'N0', 'ship', '3', 5)
    // At the penalty the router indeed leaves the order unserved.
    const at = call(stock, 2, { unfulfilledPenalty: '2' } as PromiseOptions).ship()
    expect(routed(at.ctx, at.order).shipments).toEqual([])
  })

  it('the distance rule excludes the cheaper node beyond maxDistanceKm', () => {
    const stock = world(
      [
        node('FAR', 'warehouse', { package: '1', unit: '0' }, { location: { lat: 46.2, lon: 4.84 } }),
        node('NEAR', 'store', { package: '4', unit: '0' }),
      ],
      [['FAR', 9], ['NEAR', 9]],
    )
    expectPlan(call(stock, 1).ship(), 'FAR', 'ship', '1', 9)
    expectPlan(call(stock, 1, { rules: { maxDistanceKm: 10 } as unknown as SourcingRules }).ship(), 'NEAR', 'ship', '4', 9)
  })

  it('a node whose daily capacity is used up is skipped', () => {
    const stock = world(
      [node('N0', 'store', { package: '1', unit: '0' }, { dailyCapacity: { orders: 2 } }), node('N1', 'store', { package: '2', unit: '0' })],
      [['N0', 4], ['N1', 4]],
    )
    expectPlan(call(stock, 1).ship(), 'N0', 'ship', '1', 4)
    expectPlan(call(stock, 1, { capacityUsed: { N0: { orders: 2, units: 0 } } }).ship(), 'N1', 'ship', '2', 4)
  })
})

describe('fastPickup: the pickup point’s own shelves or one transfer, when provably optimal', () => {
  it('its own shelves when they are cheapest: the handling of the units, no fixed cost', () => {
    const stock = world(
      [
        node('X', 'warehouse', { package: '5', unit: '0.2', transfer: { fixed: '1' } }),
        node('T', 'store', { package: '5', unit: '0.5', transfer: { fixed: '2' } }),
      ],
      [['X', 9], ['T', 3]],
    )
    const c = call(stock, 1)
    expectPlan(c.pickup('T'), 'T', 'own', '0.5', 3)
    expect(c.h.lastSource).toBe(-1)
  })

  it('a transfer when the point has no stock: the cheapest sender, which seeds the next point', () => {
    const stock = world(
      [
        node('X', 'warehouse', { package: '5', unit: '0.2', transfer: { fixed: '1' } }),
        node('Y', 'warehouse', { package: '5', unit: '0.2', transfer: { fixed: '2' } }),
        node('T', 'store', { package: '5', unit: '0.5' }),
      ],
      [['X', 9], ['Y', 9]],
    )
    const c = call(stock, 2)
    expectPlan(c.pickup('T'), 'X', 'transfer', '1.4', 9)
    expect(c.h.lastSource).toBe(c.indexOf('X'))
  })

  it('a transfer beats the shelves when cheaper, and a point without transfer-in keeps to its shelves', () => {
    const nodes = (caps?: readonly string[]) => [
      node('X', 'warehouse', { package: '5', unit: '0.2', transfer: { fixed: '1' } }),
      node('T', 'store', { package: '5', unit: '3' }, caps === undefined ? {} : { capabilities: caps }),
    ]
    expectPlan(call(world(nodes(), [['X', 9], ['T', 1]]), 1).pickup('T'), 'X', 'transfer', '1.2', 9)
    expectPlan(call(world(nodes(['pickup', 'ship', 'transfer-out']), [['X', 9], ['T', 1]]), 1).pickup('T'), 'T', 'own', '3', 1)
  })

  it('the last source seeds the next point, but a cheaper shelf there still wins (and leaves the seed)', () => {
    // Nodes are indexed by id: the senders SX, SY come before the points T1, T2.
    const stock = world(
      [
        node('SX', 'warehouse', { package: '5', unit: '0', transfer: { fixed: '1' } }),
        node('SY', 'warehouse', { package: '5', unit: '0', transfer: { fixed: '2' } }),
        node('T1', 'store', { package: '5', unit: '0.5' }),
        node('T2', 'store', { package: '5', unit: '0.1' }),
      ],
      [['SX', 9], ['SY', 9], ['T2', 2]],
    )
    const c = call(stock, 1)
    expectPlan(c.pickup('T1'), 'SX', 'transfer', '1', 9)
    expect(c.h.lastSource).toBe(c.indexOf('SX'))
    expectPlan(c.pickup('T2'), 'T2', 'own', '0.1', 2)
    expect(c.h.lastSource).toBe(c.indexOf('SX'))
    // The seeded scan finds the same transfer at a third point.
    expectPlan(c.pickup('T1'), 'SX', 'transfer', '1', 9)
  })

  it('a point never transfers to itself, even when it was the last source and its transfers are cheap', () => {
    const stock = world(
      [
        node('X', 'warehouse', { package: '5', unit: '0', transfer: { fixed: '5' } }),
        node('T', 'store', { package: '5', unit: '2', transfer: { fixed: '0.1', unit: '0' } }),
        node('T2', 'store', { package: '5', unit: '1' }),
      ],
      [['X', 9], ['T', 2]],
    )
    const c = call(stock, 1)
    expectPlan(c.pickup('T2'), 'T', 'transfer', '0.1', 2)
    expect(c.h.lastSource).toBe(c.indexOf('T'))
    expectPlan(c.pickup('T'), 'T', 'own', '2', 2)
    // Two units: its own shelves (2 × 2) against X (5); the point's own transfer cost bounds nothing.
    const d = call(stock, 2)
    expectPlan(d.pickup('T2'), 'T', 'transfer', '0.1', 2)
    expectPlan(d.pickup('T'), 'T', 'own', '4', 2)
    expectPlan(call(stock, 2).pickup('T'), 'T', 'own', '4', 2)
  })

  it('the seed is dropped when the distance rule excludes it from the next point', () => {
    const at = (lon: number) => ({ location: { lat: 45.76, lon } })
    const stock = world(
      [
        node('X', 'warehouse', { package: '5', unit: '0', transfer: { fixed: '1' } }, at(4.7)),
        node('Y', 'warehouse', { package: '5', unit: '0', transfer: { fixed: '2' } }, at(5.05)),
        node('T1', 'store', { package: '5', unit: '0.5' }, at(4.8)),
        node('T2', 'store', { package: '5', unit: '0.5' }, at(5.0)),
      ],
      [['X', 9], ['Y', 9]],
    )
    const c = call(stock, 1, { rules: { maxDistanceKm: 20 } as unknown as SourcingRules })
    expectPlan(c.pickup('T1'), 'X', 'transfer', '1', 9)
    expect(c.h.lastSource).toBe(c.indexOf('X'))
    expectPlan(c.pickup('T2'), 'Y', 'transfer', '2', 9)
  })

  it('none when nothing can reach the point; unknown when two senders could be cheaper than one', () => {
    const stock = world(
      [node('SUP', 'supplier', { package: '1', unit: '0' }), node('T', 'store', { package: '5', unit: '0.5' })],
      [['SUP', 9]],
    )
    const c = call(stock, 1)
    expect(c.pickup('T').answer).toEqual({ kind: 'none' })
    expect(c.h.lastSource).toBe(-1)
    const two = world(
      [
        node('A', 'store', { package: '5', unit: '0', transfer: { fixed: '1' } }),
        node('B', 'store', { package: '5', unit: '0', transfer: { fixed: '1' } }),
        node('C', 'warehouse', { package: '5', unit: '0', transfer: { fixed: '3' } }),
        node('T', 'locker', { package: '5', unit: '0' }),
      ],
      [['A', 1], ['B', 1], ['C', 9]],
    )
    expect(call(two, 2).pickup('T').answer).toEqual({ kind: 'unknown' })
    expectPlan(call(two, 1).pickup('T'), 'A', 'transfer', '1', 1)
  })
})

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const nowInstant = formatInstant(BASE_INSTANT)

/** Random networks, stock and rules (no stock protection: the fast path is for networks without it). */
const randomArb = networkWithStockArb({ minNodes: 2, maxNodes: 8, minSkus: 1, maxSkus: 3, area: 'city' }).chain((w) =>
  fc.record({
    w: fc.constant(w),
    sku: fc.constantFrom(...w.network.skus.map((s) => s.id)),
    quantity: fc.integer({ min: 1, max: 4 }),
    location: locationArb('city'),
    rules: fc.option(sourcingRulesArb(w.network), { nil: undefined, freq: 3 }),
    used: fc.integer({ min: 0, max: 2 }),
  }),
)

/** Every answer of one call: delivery, then each pickup point in node order (one supply table, as a call shares it). */
const answersOf = (stock: StockState, sku: string, quantity: number, location: { lat: number; lon: number }, options: PromiseOptions) => {
  const request = right(decodePromiseRequest({ channel: 'web', now: nowInstant, location, sku, quantity }))
  const ctx = right(promiseContext(stock, request, options))
  const h = new SkuSupply(ctx)
  const out: Answered[] = []
  const ship = shipOrder(ctx)
  out.push({ ctx, order: ship, answer: fastShip(ctx, h, ship) })
  for (let n = 0; n < ctx.net.nodes.count; n++) {
    if (!hasCapability(ctx.net.nodes, n, 'pickup')) continue
    const order = pickupOrder(ctx, n)
    out.push({ ctx, order, answer: fastPickup(ctx, h, n, order) })
  }
  return out
}

describe('fast path properties', () => {
  it('whenever it answers plan, the router gives that plan; whenever none, the router serves nothing', () => {
    const seen = { plan: 0, none: 0, unknown: 0 }
    fc.assert(
      fc.property(randomArb, (r) => {
        const network = right(compileNetwork(r.w.network))
        fc.pre(!network.protects)
        const stock = right(buildStock(network, r.w.stock))
        const capacityUsed = Object.fromEntries(r.w.network.nodes.map((n, i) => [n.id, { orders: i % 2 === 0 ? r.used : 0, units: 2 * r.used }]))
        const options: PromiseOptions = { capacityUsed, ...(r.rules === undefined ? {} : { rules: r.rules as SourcingRules }) }
        for (const a of answersOf(stock, r.sku, r.quantity, r.location, options)) {
          seen[a.answer.kind]++
          if (a.answer.kind === 'unknown') continue
          const plan = routed(a.ctx, a.order)
          if (a.answer.kind === 'none') {
            expect(plan.allocations).toEqual([])
            continue
          }
          expect(plan.optimality).toBe('proven')
          expect(plan).toEqual(a.answer.plan)
        }
      }),
      propertyParameters({ numRuns: 150 }),
    )
    // The worlds reach every answer, so the property is not vacuous.
    expect(seen.plan).toBeGreaterThan(0)
    expect(seen.none).toBeGreaterThan(0)
  })

  /** A city network where node `winner` stands at the shopper, costs least and holds everything. */
  const clearArb = fc.integer({ min: 2, max: 8 }).chain((n) =>
    fc.record({
      winner: fc.integer({ min: 0, max: n - 1 }),
      quantity: fc.integer({ min: 1, max: 4 }),
      nodes: fc.array(
        fc.record({
          kind: fc.constantFrom('warehouse', 'store', 'dark-store', 'locker'),
          dLat: fc.integer({ min: -300, max: 300 }),
          dLon: fc.integer({ min: -300, max: 300 }),
          pkg: fc.integer({ min: 2000, max: 9000 }),
          unit: fc.integer({ min: 500, max: 1500 }),
          rate: fc.constantFrom('0', '0.0002', '0.05'),
          tfixed: fc.integer({ min: 2000, max: 5000 }),
          onHand: fc.integer({ min: 0, max: 6 }),
        }),
        { minLength: n, maxLength: n },
      ),
    }),
  )

  it('on a world with one clearly cheapest node holding everything, both fast paths answer plan from it', () => {
    const amount = (micros: number) => (micros / 1000).toFixed(3)
    fc.assert(
      fc.property(clearArb, (w) => {
        const nodes = w.nodes.map((x, i) =>
          i === w.winner
            ? node(`N${i}`, 'warehouse', { package: '0.5', unit: '0', transfer: { fixed: '0.25', unit: '0' } })
            : {
                id: `N${i}`,
                kind: x.kind,
                location: { lat: HERE.lat + x.dLat / 10_000, lon: HERE.lon + x.dLon / 10_000 },
                leadTimeHours: 0,
                costs: { package: amount(x.pkg), unit: amount(x.unit), perUnitKm: x.rate, transfer: { fixed: amount(x.tfixed) } },
              },
        )
        const rows = w.nodes.flatMap((x, i): [string, number][] => (i === w.winner ? [[`N${i}`, 10]] : x.kind === 'locker' || x.onHand === 0 ? [] : [[`N${i}`, x.onHand]]))
        const stock = world(nodes, rows)
        const c = call(stock, w.quantity)
        const winner = `N${w.winner}`
        expectPlan(c.ship(), winner, 'ship', (0.5).toString(), 10)
        for (const [i, x] of w.nodes.entries()) {
          if (i === w.winner || (x.kind !== 'store' && x.kind !== 'locker')) continue
          expectPlan(c.pickup(`N${i}`), winner, 'transfer', '0.25', 10)
        }
      }),
      propertyParameters({ numRuns: 60 }),
    )
  })
})
