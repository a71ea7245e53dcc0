import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeNetwork, decodeOrder, decodeStockSnapshot } from '../../src/codecs/decode.js'
import { toMicros } from '../../src/money.js'
import { compileNetwork } from '../../src/network/compile.js'
import type { Plan } from '../../src/routing/plan.js'
import { routeOrder, type RouteOptions } from '../../src/routing/route.js'
import { atpAt, buildStock, skuIndexOf } from '../../src/stock/index.js'
import { propertyParameters } from '../support/properties.js'

const now = '2026-11-27T09:00:00Z'
const SKUS = ['A', 'B', 'C', 'D']
const KINDS = ['warehouse', 'store', 'dark-store', 'supplier'] as const

const nodeArb = (i: number, minPackage = 0, maxUnit = 2_000) =>
  fc.record({
    kind: fc.constantFrom(...KINDS),
    lat: fc.double({ min: 43, max: 50, noNaN: true }),
    lon: fc.double({ min: -1, max: 7, noNaN: true }),
    pkg: fc.integer({ min: minPackage, max: 12_000 }),
    unit: fc.integer({ min: 0, max: maxUnit }),
    rate: fc.integer({ min: 0, max: 600 }),
    priority: fc.integer({ min: 0, max: 5 }),
    capacity: fc.option(fc.record({ orders: fc.integer({ min: 0, max: 3 }), units: fc.integer({ min: 0, max: 6 }) }), { nil: undefined }),
    hub: fc.boolean(),
    lead: fc.integer({ min: 0, max: 30 }),
    // A store protecting its last units of each SKU, at a surcharge per unit taken from them.
    protection: fc.option(fc.record({ lastUnits: fc.integer({ min: 1, max: 3 }), unitCost: fc.integer({ min: 0, max: 3_000 }) }), { nil: undefined, freq: 2 }),
  }).map((n) => ({
    id: `N${String(i).padStart(2, '0')}`,
    kind: n.kind,
    location: { lat: n.lat, lon: n.lon },
    priority: n.priority,
    leadTimeHours: n.lead,
    ...(n.capacity === undefined ? {} : { dailyCapacity: n.capacity }),
    ...(n.hub && n.kind !== 'supplier' ? { capabilities: ['ship', 'pickup', 'transfer-in', 'transfer-out', 'hub'] } : {}),
    costs: { package: (n.pkg / 1000).toFixed(3), unit: (n.unit / 1000).toFixed(3), perUnitKm: (n.rate / 1e6).toFixed(6) },
    ...(n.protection === undefined || n.kind !== 'store' ? {} : { protection: { lastUnits: n.protection.lastUnits, unitCost: (n.protection.unitCost / 1000).toFixed(3) } }),
  }))

const worldOf = (minPackage: number, minPenalty: number, maxUnit = 2_000, maxQuantity = 4, rows = 3, maxNodes = 10, minNodes = 2, minOnHand = 0) => fc.integer({ min: minNodes, max: maxNodes }).chain((n) =>
  fc.record({
    nodes: fc.tuple(...Array.from({ length: n }, (_, i) => nodeArb(i, minPackage, maxUnit))),
    stock: fc.array(
      fc.record({ node: fc.integer({ min: 0, max: n - 1 }), sku: fc.constantFrom(...SKUS), onHand: fc.integer({ min: minOnHand, max: 6 }) }),
      { minLength: minOnHand > 0 ? rows * n : 0, maxLength: rows * n },
    ),
    lines: fc.uniqueArray(
      fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: maxQuantity }), penalty: fc.integer({ min: minPenalty, max: 60 }) }),
      { minLength: 1, maxLength: 4, selector: (l) => l.sku },
    ),
    inbound: fc.array(
      fc.record({ node: fc.integer({ min: 0, max: n - 1 }), sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 5 }), days: fc.integer({ min: 1, max: 6 }) }),
      { maxLength: 3 },
    ),
    allowBackorder: fc.boolean(),
    allowHub: fc.boolean(),
    deliverByDays: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    pickup: fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: undefined }),
    to: fc.record({ lat: fc.double({ min: 43, max: 50, noNaN: true }), lon: fc.double({ min: -1, max: 7, noNaN: true }) }),
    maxShipments: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    allowPartial: fc.boolean(),
    shipComplete: fc.boolean(),
  }),
)

const worldArb = worldOf(0, 1)
/**
 * Realistic parcel costs (5 to 12), handling and penalties, shipped orders, and two nodes that
 * hold every SKU while the others hold some: the shape the screening bound is made for.
 */
const realisticWorldArb = worldOf(5_000, 20, 1_200, 2, 4).map((w) => ({
  ...w,
  pickup: undefined,
  stock: [...w.stock, ...SKUS.flatMap((sku) => [0, 1].map((node) => ({ node, sku, onHand: 5 })))],
}))

/**
 * Realistic costs, more nodes and sparse stock: often no node holds the whole order and more
 * nodes hold its SKUs than the dominance screen builds first.
 */
const sparseWorldArb = worldOf(5_000, 20, 1_200, 2, 2, 24, 14, 1).map((w) => ({ ...w, pickup: undefined }))

/**
 * A retailer's cost structure: costs set by node kind, as in the generated French network, so
 * that many holders are dominated. Without distance costs, or with several nodes at the same
 * place, costs tie exactly and only node order tells nodes apart.
 */
const KIND_COSTS: Readonly<Record<(typeof KINDS)[number], { package: string; unit: string }>> = {
  warehouse: { package: '8.759', unit: '0.423' },
  store: { package: '8.759', unit: '1.200' },
  'dark-store': { package: '8.759', unit: '0.800' },
  supplier: { package: '12.000', unit: '0.500' },
}
const retailerWorldArb = fc
  .tuple(worldOf(5_000, 20, 1_200, 2, 2, 30, 12, 1), fc.boolean(), fc.boolean(), fc.option(fc.integer({ min: 0, max: 11 }), { nil: undefined }))
  .map(([w, flat, clustered, pickup]) => ({
    ...w,
    // Click & collect at a store (the first nodes are stores), or a parcel, with hubs allowed at random.
    pickup: pickup === undefined ? undefined : pickup,
    nodes: w.nodes.map((n, i) => ({
      ...n,
      ...(pickup !== undefined && i === pickup ? { kind: 'store' as const } : {}),
      ...(clustered ? { location: w.nodes[i % 3]?.location ?? n.location } : {}),
      costs: { ...KIND_COSTS[pickup !== undefined && i === pickup ? 'store' : n.kind], perUnitKm: flat ? '0' : '0.000336', transfer: { fixed: '3.50', unit: '0.60', perUnitKm: flat ? '0' : '0.0002' } },
    })),
  })) as unknown as typeof worldArb

type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never

const documents = (w: World) => {
  const rows = new Map<string, { node: string; sku: string; onHand: number }>()
  for (const r of w.stock) {
    const node = w.nodes[r.node]?.id ?? 'N00'
    rows.set(`${node}|${r.sku}`, { node, sku: r.sku, onHand: r.onHand })
  }
  const pickupNode = w.pickup === undefined ? undefined : w.nodes[w.pickup]
  const delivery =
    pickupNode !== undefined && pickupNode.kind === 'store'
      ? { method: 'pickup', node: pickupNode.id }
      : { method: 'ship', to: w.to }
  return {
    network: { nodes: w.nodes },
    snapshot: {
      rows: [...rows.values()],
      inbound: w.inbound.map((l, i) => ({
        id: `LOT${i}`, node: w.nodes[l.node]?.id ?? 'N00', sku: l.sku, quantity: l.quantity,
        eta: new Date(Date.parse(now) + l.days * 86_400_000).toISOString(),
      })),
    },
    order: {
      id: 'O', channel: 'web', delivery,
      lines: w.lines.map((l, i) => ({ id: `L${i}`, sku: l.sku, quantity: l.quantity, unfulfilledPenalty: String(l.penalty) })),
      allowPartial: w.allowPartial,
      allowBackorder: w.allowBackorder,
      allowHub: w.allowHub,
      ...(w.deliverByDays === undefined ? {} : { deliverBy: new Date(Date.parse(now) + w.deliverByDays * 86_400_000).toISOString() }),
      shipComplete: w.shipComplete,
      ...(w.maxShipments === undefined ? {} : { maxShipments: w.maxShipments }),
    },
  }
}

const setup = (docs: ReturnType<typeof documents>) => {
  const net = decodeNetwork(docs.network)
  const snap = decodeStockSnapshot(docs.snapshot)
  const ord = decodeOrder(docs.order)
  if (E.isLeft(net) || E.isLeft(snap) || E.isLeft(ord)) throw new Error('generator made an invalid document')
  const network = compileNetwork(net.right)
  if (E.isLeft(network)) throw new Error('build failed')
  const stock = buildStock(network.right, snap.right)
  if (E.isLeft(stock)) throw new Error('build failed')
  return { network: network.right, stock: stock.right, order: ord.right }
}

const plan = (docs: ReturnType<typeof documents>, options: Partial<RouteOptions> = {}): Plan => {
  const s = setup(docs)
  const r = routeOrder(s.stock, s.order, { now, explainAlternatives: 2, ...options })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

const sources = (p: Plan): number => new Set(p.allocations.map((a) => `${a.node}|${a.availableAt ?? ''}`)).size

const shuffle = <A>(xs: readonly A[], seed: number): A[] => {
  const out = [...xs]
  let s = seed >>> 0
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j] as A, out[i] as A]
  }
  return out
}

const config = propertyParameters({ numRuns: 150, seed: 20261127 })

describe('routing invariants', () => {
  it('never promises beyond ATP, covers every line exactly, and respects the order limits', () => {
    let surcharged = 0
    fc.assert(
      fc.property(worldArb, (w) => {
        const docs = documents(w)
        const s = setup(docs)
        const p = plan(docs)
        const used = new Map<string, number>()
        for (const a of p.allocations) {
          const key = `${a.node}|${a.sku}`
          used.set(key, (used.get(key) ?? 0) + a.quantity)
          const sku = skuIndexOf(s.stock, a.sku)
          const node = s.network.nodes.byId.get(a.node) ?? -1
          // Units promised from inbound lots are within ATP at their instant; all units of a position within its latest.
          const at = a.availableAt === undefined ? undefined : Date.parse(a.availableAt)
          const total = p.allocations.filter((b) => b.node === a.node && b.sku === a.sku).reduce((x, b) => x + b.quantity, 0)
          const latest = Math.max(...p.allocations.filter((b) => b.node === a.node && b.sku === a.sku).map((b) => (b.availableAt === undefined ? 0 : Date.parse(b.availableAt))))
          expect(total).toBeLessThanOrEqual(atpAt(s.stock, sku, node, 'web', latest > 0 ? latest : undefined))
          const immediate = p.allocations.filter((b) => b.node === a.node && b.sku === a.sku && b.availableAt === undefined).reduce((x, b) => x + b.quantity, 0)
          expect(immediate).toBeLessThanOrEqual(atpAt(s.stock, sku, node, 'web'))
          if (at !== undefined && w.deliverByDays !== undefined) expect(at).toBeLessThanOrEqual(Date.parse(now) + w.deliverByDays * 86_400_000)
        }
        if (w.deliverByDays !== undefined && p.eta !== undefined) {
          expect(Date.parse(p.eta)).toBeLessThanOrEqual(Date.parse(now) + w.deliverByDays * 86_400_000)
        }
        for (const line of docs.order.lines) {
          const planned = p.allocations.filter((a) => a.lineId === line.id).reduce((a, l) => a + l.quantity, 0)
          const missing = p.unfulfilled.filter((u) => u.lineId === line.id).reduce((a, l) => a + l.quantity, 0)
          expect(planned + missing).toBe(line.quantity)
        }
        if (w.shipComplete || !w.allowPartial) {
          const planned = p.allocations.length
          expect(planned === 0 || p.unfulfilled.length === 0).toBe(true)
        }
        if (w.shipComplete && docs.order.delivery.method === 'ship') {
          // one parcel reaches the customer: direct, or the hub's last-mile parcel
          expect(p.shipments.length).toBeLessThanOrEqual(1)
        }
        if (w.maxShipments !== undefined) expect(sources(p)).toBeLessThanOrEqual(w.maxShipments)
        const legs =
          p.shipments.reduce((a, x) => a + toMicros(x.cost), 0) +
          p.transfers.reduce((a, x) => a + toMicros(x.cost), 0) +
          (p.pickup === undefined ? 0 : toMicros(p.pickup.cost))
        expect(legs).toBe(toMicros(p.fulfilmentCost))
        // The surcharge on protected units stands apart from the legs' costs, in the total.
        expect(toMicros(p.fulfilmentCost) + toMicros(p.penaltyCost) + toMicros(p.protectionCost ?? '0')).toBe(toMicros(p.totalCost))
        if (p.protectionCost !== undefined) surcharged++
      }),
      config,
    )
    // Some plans take a store's protected units, or the surcharge is never checked (at a
    // run count far below the default, as in a quick mutation run, there may be none).
    if (config.numRuns >= 100) expect(surcharged).toBeGreaterThan(0)
  })

  it('costs no more than either baseline on the same order', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const docs = documents(w)
        const optimal = plan(docs)
        for (const strategy of ['priority', 'nearest'] as const) {
          expect(toMicros(optimal.totalCost)).toBeLessThanOrEqual(toMicros(plan(docs, { strategy }).totalCost))
        }
      }),
      config,
    )
  })

  it('screening leaves plans unchanged: the bound only skips nodes that cannot improve the optimum', () => {
    let skipped = 0
    let dominated = 0
    let pickupsDominated = 0
    fc.assert(
      fc.property(fc.oneof(worldArb, realisticWorldArb, sparseWorldArb, retailerWorldArb), (w) => {
        const docs = documents(w)
        const screened = plan(docs)
        const full = plan(docs, { screening: false })
        const { explanation: _a, ...a } = screened
        const { explanation: _b, ...b } = full
        expect(a).toEqual(b)
        const left = screened.explanation.screened
        if (left !== undefined) {
          skipped++
          if (left.dominated > 0) dominated++
          if (left.dominated > 0 && docs.order.delivery.method === 'pickup') pickupsDominated++
          expect(left.dominated).toBeLessThanOrEqual(left.nodes)
          if (left.dominated < left.nodes) expect(toMicros(left.atLeastCostlierBy ?? '0')).toBeGreaterThan(0)
          else expect(left.atLeastCostlierBy).toBeUndefined()
          const listed = new Set(screened.explanation.nodes.map((n) => n.node))
          expect(full.explanation.nodes.filter((n) => !listed.has(n.node)).length).toBe(left.nodes)
          for (const n of full.explanation.nodes) if (!listed.has(n.node)) expect(n.reason).not.toBe('used')
        }
      }),
      config,
    )
    // The generator must exercise the screened paths, or this test proves nothing (the counts
    // scale with PROPERTY_RUNS; far below the default, a dominated pickup may not come up).
    expect(skipped).toBeGreaterThan(config.numRuns / 15)
    expect(dominated).toBeGreaterThan(config.numRuns / 50)
    if (config.numRuns >= 100) expect(pickupsDominated).toBeGreaterThan(0)
  })

  it('is deterministic and ignores the order of nodes, stock rows and lines', () => {
    fc.assert(
      fc.property(worldArb, fc.integer(), (w, seed) => {
        const docs = documents(w)
        const a = plan(docs)
        expect(plan(docs)).toEqual(a)
        const shuffled = {
          network: { nodes: shuffle(docs.network.nodes, seed) },
          snapshot: { rows: shuffle(docs.snapshot.rows, seed + 1), inbound: shuffle(docs.snapshot.inbound, seed + 3) },
          order: { ...docs.order, lines: shuffle(docs.order.lines, seed + 2) },
        }
        expect(plan(shuffled)).toEqual(a)
      }),
      config,
    )
  })

  it('adding stock never makes the optimal plan cost more', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 0, max: 9 }), fc.constantFrom(...SKUS), fc.integer({ min: 1, max: 5 }), (w, nodeAt, sku, extra) => {
        const docs = documents(w)
        const before = plan(docs)
        const node = docs.network.nodes[nodeAt % docs.network.nodes.length]?.id ?? 'N00'
        const rows = docs.snapshot.rows.filter((r) => !(r.node === node && r.sku === sku))
        const had = docs.snapshot.rows.find((r) => r.node === node && r.sku === sku)?.onHand ?? 0
        const after = plan({ ...docs, snapshot: { ...docs.snapshot, rows: [...rows, { node, sku, onHand: had + extra }] } })
        if (before.optimality === 'proven' && after.optimality === 'proven') {
          expect(toMicros(after.totalCost)).toBeLessThanOrEqual(toMicros(before.totalCost))
        }
      }),
      config,
    )
  })

  it('never mutates its inputs', () => {
    const deepFreeze = <T>(o: T): T => {
      if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
        Object.freeze(o)
        for (const v of Object.values(o as object)) deepFreeze(v)
      }
      return o
    }
    fc.assert(
      fc.property(worldArb, (w) => {
        const docs = deepFreeze(documents(w))
        const s = setup(docs)
        deepFreeze(s.order)
        expect(() => routeOrder(s.stock, s.order, { now })).not.toThrow()
      }),
      propertyParameters({ ...config, numRuns: 50 }),
    )
  })
})
