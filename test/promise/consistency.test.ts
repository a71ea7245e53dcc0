/**
 * The promise's contract, as properties over random networks, stock, rules and requests:
 * every option, chosen, routes to the plan it showed (same nodes, ETA and cost); no option
 * promises more than ATP; and the fast paths find exactly the options that routing every
 * candidate in full finds.
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PromiseMethod, PromiseRequest } from '../../src/model/promise.js'
import type { SourcingRules } from '../../src/model/order.js'
import { promiseOptionsWith } from '../../src/promise/promise.js'
import type { PromiseOption, PromiseOptions } from '../../src/promise/index.js'
import { compileNetwork } from '../../src/network/compile.js'
import { routeOrder } from '../../src/routing/route.js'
import { atpAt, buildStock, skuIndexOf } from '../../src/stock/index.js'
import { formatInstant } from '../../src/time.js'
import { BASE_INSTANT, locationArb, networkWithStockArb, sourcingRulesArb } from '../support/arbitraries.js'
import { propertyParameters } from '../support/properties.js'

const now = formatInstant(BASE_INSTANT)
const METHODS: readonly PromiseMethod[] = ['ship', 'pickup', 'reserve-in-store']

const worldArb = fc
  .constantFrom<'city' | 'region'>('city', 'region')
  .chain((area) => networkWithStockArb({ minNodes: 2, maxNodes: 9, minSkus: 1, maxSkus: 5, area }).map((w) => ({ ...w, area })))
  .chain((w) => {
    const skus = w.network.skus.map((s) => s.id)
    return fc.record({
      world: fc.constant(w),
      location: locationArb(w.area),
      lines: fc.array(fc.record({ sku: fc.constantFrom(...skus), quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 4 }),
      single: fc.boolean(),
      methods: fc.option(fc.subarray([...METHODS], { minLength: 1 }), { nil: undefined }),
      radiusKm: fc.constantFrom(5, 30, 150, 2000),
      maxPickupNodes: fc.integer({ min: 1, max: 4 }),
      allowBackorder: fc.boolean(),
      rules: fc.option(sourcingRulesArb(w.network), { nil: undefined, freq: 3 }),
      usedOrders: fc.integer({ min: 0, max: 3 }),
      rankBy: fc.constantFrom<PromiseOptions['rankBy']>('distance', 'eta', 'price'),
    })
  })

/**
 * A dense metro network where multi-node plans and exact ties are common: few cost levels
 * (so equal-cost plans must be broken the same way), stock at most positions, inbound lots.
 * `spread`: costs drawn from ranges and each node holding a SKU or two of six instead, so
 * that few nodes dominate others and an option keeps many candidates.
 */
const KINDS = ['warehouse', 'store', 'store', 'store', 'dark-store', 'locker', 'supplier'] as const
const DENSE_SKUS = ['A', 'B', 'C', 'D'] as const
const SPREAD_SKUS = ['A', 'B', 'C', 'D', 'E', 'F'] as const
const amountArb = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map((x) => (x / 1000).toFixed(3))
const denseArbOf = (minNodes: number, maxNodes: number, spread = false) => fc.integer({ min: minNodes, max: maxNodes }).chain((n) =>
  fc
    .record({
      nodes: fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.record({
            kind: fc.constantFrom(...KINDS),
            lat: spread ? fc.integer({ min: 0, max: 20 }).map((x) => 20 * x) : fc.integer({ min: 0, max: 400 }),
            lon: spread ? fc.integer({ min: 0, max: 30 }).map((x) => 20 * x) : fc.integer({ min: 0, max: 600 }),
            // Spread costs still hit a few shared levels, and co-located nodes, so ties occur.
            pkg: spread ? fc.oneof(amountArb(2000, 9000), fc.constantFrom('3', '5.5')) : fc.constantFrom('3', '5.5', '8.759'),
            unit: spread ? fc.oneof(amountArb(100, 1500), fc.constantFrom('0.2', '0.6')) : fc.constantFrom('0.2', '0.423', '1.2'),
            rate: spread ? fc.constantFrom('0', '0.0002', '0.05', '0.2') : fc.constantFrom('0', '0.000336', '0.002'),
            tfixed: spread ? fc.oneof(amountArb(2000, 5000), fc.constantFrom('2', '3.5')) : fc.constantFrom('2', '3.5'),
            lead: fc.constantFrom(0, 2, 4),
            capacity: fc.option(fc.record({ orders: fc.integer({ min: 1, max: 3 }), units: fc.integer({ min: 1, max: 8 }) }), { nil: undefined }),
          }).map((x) => ({
            id: `N${String(i).padStart(2, '0')}`,
            kind: x.kind,
            location: { lat: 45.7 + x.lat / 10_000, lon: 4.8 + x.lon / 10_000 },
            leadTimeHours: x.lead,
            ...(x.capacity === undefined ? {} : { dailyCapacity: x.capacity }),
            costs: { package: x.pkg, unit: x.unit, perUnitKm: x.rate, transfer: { fixed: x.tfixed, unit: x.unit, perUnitKm: x.rate } },
          })),
        ),
      ),
      stock: spread
        ? fc.array(fc.record({ node: fc.integer({ min: 0, max: n - 1 }), sku: fc.constantFrom(...SPREAD_SKUS), onHand: fc.integer({ min: 2, max: 5 }) }), { minLength: n, maxLength: 2 * n })
        : fc.array(fc.record({ node: fc.integer({ min: 0, max: n - 1 }), sku: fc.constantFrom(...DENSE_SKUS), onHand: fc.integer({ min: 0, max: 6 }) }), { minLength: n, maxLength: 4 * n }),
      inbound: fc.array(fc.record({ node: fc.integer({ min: 0, max: n - 1 }), sku: fc.constantFrom('A', 'B', 'C', 'D'), quantity: fc.integer({ min: 1, max: 5 }), days: fc.integer({ min: 1, max: 6 }) }), { maxLength: 3 }),
      buffer: fc.boolean(),
    })
    .map((d) => {
      const rows = new Map<string, { node: string; sku: string; onHand: number }>()
      for (const r of d.stock) rows.set(`${r.node}|${r.sku}`, { node: d.nodes[r.node]?.id ?? 'N00', sku: r.sku, onHand: r.onHand })
      return {
        network: { nodes: d.nodes, skus: (spread ? SPREAD_SKUS : DENSE_SKUS).map((id) => ({ id })) },
        stock: {
          rows: [...rows.values()],
          inbound: d.inbound.map((l, i) => ({ id: `LOT${i}`, node: d.nodes[l.node]?.id ?? 'N00', sku: l.sku, quantity: l.quantity, eta: formatInstant(BASE_INSTANT + l.days * 86_400_000) })),
          ...(d.buffer ? { policies: { confidenceBuffers: [{ nodeKind: 'store', quantity: 1 }] } } : {}),
        },
        area: 'city' as const,
      }
    }),
)

const denseWorldArbOf = (minNodes: number, maxNodes: number, maxLines: number, spread = false) => denseArbOf(minNodes, maxNodes, spread).chain((dense) => {
  const w = dense as unknown as World['world']
  return fc.record({
    world: fc.constant(w),
    location: fc.record({ lat: fc.integer({ min: 0, max: 400 }), lon: fc.integer({ min: 0, max: 600 }) }).map((p) => ({ lat: 45.7 + p.lat / 10_000, lon: 4.8 + p.lon / 10_000 })),
    lines: fc.array(fc.record({ sku: fc.constantFrom(...(spread ? SPREAD_SKUS : DENSE_SKUS)), quantity: fc.integer({ min: 1, max: spread ? 2 : 5 }) }), { minLength: 1, maxLength: maxLines }),
    single: fc.boolean(),
    methods: fc.constant(undefined),
    radiusKm: fc.constantFrom(1, 3, 10),
    maxPickupNodes: fc.integer({ min: 1, max: 4 }),
    allowBackorder: fc.boolean(),
    rules: fc.constant(undefined),
    usedOrders: fc.integer({ min: 0, max: 2 }),
    rankBy: fc.constantFrom<PromiseOptions['rankBy']>('distance', 'eta', 'price'),
  }) as unknown as fc.Arbitrary<World>
})

type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never

/** Both generators: random networks across Europe and dense metro networks. */
const anyWorldArb: fc.Arbitrary<World> = fc.oneof(worldArb, denseWorldArbOf(3, 14, 4))

/** Metro networks large enough that cart options keep many candidates (the relaxation's ground). */
const metroWorldArb: fc.Arbitrary<World> = denseWorldArbOf(20, 40, 6, true).map((w) => ({ ...w, single: false, allowBackorder: false }))

const setup = (w: World) => {
  const network = compileNetwork(w.world.network)
  if (E.isLeft(network)) throw new Error('generated an invalid world')
  const stock = buildStock(network.right, w.world.stock)
  if (E.isLeft(stock)) throw new Error('generated an invalid world')
  const first = w.lines[0] as { readonly sku: string; readonly quantity: number }
  const request = {
    channel: 'web',
    location: w.location,
    now,
    ...(w.single ? { sku: first.sku, quantity: first.quantity } : { lines: w.lines.map((l, i) => ({ id: `l${i + 1}`, ...l })) }),
    ...(w.methods === undefined ? {} : { methods: w.methods }),
    radiusKm: w.radiusKm,
    maxPickupNodes: w.maxPickupNodes,
    allowBackorder: w.allowBackorder,
  } as unknown as PromiseRequest
  // Some capacity already used today, so that daily capacity binds now and then.
  const capacityUsed = Object.fromEntries(w.world.network.nodes.map((n, i) => [n.id, { orders: i % 2 === 0 ? w.usedOrders : 0, units: w.usedOrders * 3 }]))
  const options: PromiseOptions = {
    ...(w.rules === undefined ? {} : { rules: w.rules as SourcingRules }),
    capacityUsed,
    ...(w.rankBy === undefined ? {} : { rankBy: w.rankBy }),
    price: [{ method: 'ship', price: '4.90' }, { method: 'pickup', price: '0' }],
  }
  return { network: network.right, stock: stock.right, request, options, capacityUsed }
}

const optionsOf = (s: ReturnType<typeof setup>, engine: 'fast' | 'cart' | 'routed'): readonly PromiseOption[] => {
  const r = promiseOptionsWith(s.stock, s.request, s.options, engine)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

const config = propertyParameters({ numRuns: 300, seed: 20261127 })

describe('delivery promise consistency', () => {
  it('every option, when chosen, routes to the plan it showed: same nodes, ETA and cost', () => {
    fc.assert(
      fc.property(anyWorldArb, (w) => {
        const s = setup(w)
        for (const o of optionsOf(s, 'fast')) {
          const routed = routeOrder(s.stock, o.order, { now, capacityUsed: s.capacityUsed })
          expect(E.isRight(routed)).toBe(true)
          if (E.isLeft(routed)) continue
          const { explanation: _explanation, ...plan } = routed.right
          if (plan.optimality === 'proven') expect(plan).toEqual(o.plan)
          else expect(Number(plan.totalCost)).toBeLessThanOrEqual(Number(o.plan.totalCost))
          expect(o.eta).toBe(plan.eta)
          expect(o.cost).toBe(plan.totalCost)
          expect(o.sources).toEqual([...new Set(plan.allocations.map((a) => a.node))].sort())
        }
      }),
      config,
    )
  })

  it('never promises more than ATP, and promises every unit of the request', () => {
    fc.assert(
      fc.property(anyWorldArb, (w) => {
        const s = setup(w)
        const requested = w.single ? (w.lines[0]?.quantity ?? 0) : w.lines.reduce((a, l) => a + l.quantity, 0)
        for (const o of optionsOf(s, 'fast')) {
          expect(o.quantity).toBe(requested)
          expect(o.plan.unfulfilled).toEqual([])
          expect(o.plan.allocations.reduce((a, x) => a + x.quantity, 0)).toBe(requested)
          const byPosition = new Map<string, { node: string; sku: string; units: number; at: number | undefined }>()
          for (const a of o.plan.allocations) {
            const key = `${a.node}|${a.sku}`
            const at = a.availableAt === undefined ? undefined : Date.parse(a.availableAt)
            const prev = byPosition.get(key)
            byPosition.set(key, {
              node: a.node,
              sku: a.sku,
              units: (prev?.units ?? 0) + a.quantity,
              at: prev?.at === undefined ? at : at === undefined ? prev.at : Math.max(prev.at, at),
            })
          }
          for (const p of byPosition.values()) {
            expect(p.units).toBeLessThanOrEqual(atpAt(s.stock, skuIndexOf(s.stock, p.sku), s.network.nodes.byId.get(p.node) ?? -1, 'web', p.at))
          }
          for (const line of o.lines) {
            const units = o.lines.filter((l) => l.sku === line.sku).reduce((a, l) => a + l.quantity, 0)
            expect(line.available).toBeGreaterThanOrEqual(units)
          }
          if (o.method === 'reserve-in-store') {
            expect(o.plan.transfers).toEqual([])
            expect(o.sources).toEqual([o.node])
          }
        }
      }),
      config,
    )
  })

  it('the fast paths find exactly what routing every candidate in full finds', () => {
    fc.assert(
      fc.property(anyWorldArb, (w) => {
        const s = setup(w)
        const routed = optionsOf(s, 'routed')
        expect(optionsOf(s, 'cart')).toEqual(routed)
        expect(optionsOf(s, 'fast')).toEqual(routed)
      }),
      config,
    )
  })

  it('the cart path finds exactly what routing in full finds on larger metro networks', () => {
    fc.assert(
      fc.property(metroWorldArb, (w) => {
        const s = setup(w)
        expect(optionsOf(s, 'cart')).toEqual(optionsOf(s, 'routed'))
      }),
      propertyParameters({ ...config, numRuns: 400 }),
    )
  })

  it('is deterministic, never mutates its inputs and never throws on them', () => {
    const deepFreeze = <T>(o: T): T => {
      if (o !== null && typeof o === 'object' && !Object.isFrozen(o) && !ArrayBuffer.isView(o)) {
        Object.freeze(o)
        for (const v of Object.values(o as object)) deepFreeze(v)
      }
      return o
    }
    fc.assert(
      fc.property(anyWorldArb, (w) => {
        const s = setup(w)
        deepFreeze(s.request)
        deepFreeze(s.options)
        const a = optionsOf(s, 'fast')
        expect(optionsOf(s, 'fast')).toEqual(a)
      }),
      propertyParameters({ ...config, numRuns: 50 }),
    )
  })
})
