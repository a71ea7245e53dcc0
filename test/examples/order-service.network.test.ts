/**
 * Network changes while the order service runs (`PUT /network`): on the embedded database and,
 * when DATABASE_URL is set, on PostgreSQL; with the stock cache and reading the tables per
 * request, and with a second process on the same database that learns of the change from the
 * event log. Reservations, positions and lots survive every change, a node that still holds
 * stock cannot be closed, and the tables always equal the replay of the log across versions.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../examples/order-service/app.js'
import { StockCache } from '../../examples/order-service/cache.js'
import { RoutingPool } from '../../examples/order-service/routing-pool.js'
import { OrderService } from '../../examples/order-service/service.js'
import { sampleGenesis } from '../../examples/order-service/start.js'
import { checkLedger, currentState, migrate } from '../../examples/order-service/store.js'
import type { Db } from '../../examples/order-service/db.js'
import { sampleNetwork, sampleStock } from '../../examples/sample-network.js'
import { order as decodedOrder } from '../../examples/setup.js'
import * as E from 'fp-ts/lib/Either.js'
import { call, DATABASE_URL, pgliteBackend, postgresBackend, sameStock, type TestDatabase } from './support.js'

const NOW = '2026-11-27T09:00:00Z'
const NANTES = { lat: 47.2184, lon: -1.5536 }

/** The sample network with a store opened in Nantes. */
const withNantes = () => {
  const lille = sampleNetwork.nodes.find((n) => n.id === 'S-LILLE') as (typeof sampleNetwork.nodes)[number]
  return { ...sampleNetwork, nodes: [...sampleNetwork.nodes, { ...lille, id: 'S-NANTES', name: 'Nantes Commerce', region: 'PDL', location: NANTES }] }
}
const without = (network: { readonly nodes: readonly { readonly id: string }[] }, id: string) => ({ ...network, nodes: network.nodes.filter((n) => n.id !== id) })

const shipTo = (id: string, sku: string, quantity: number, to: { lat: number; lon: number }) => ({ id, channel: 'web', lines: [{ id: '1', sku, quantity }], delivery: { method: 'ship', to } })
const collectAt = (id: string, node: string, sku: string, quantity: number) => ({ id, channel: 'web', lines: [{ id: '1', sku, quantity }], delivery: { method: 'pickup', node } })

const backends: Array<{ name: string; make: () => Promise<TestDatabase>; skip: boolean }> = [
  { name: 'embedded PGlite', make: pgliteBackend, skip: false },
  { name: 'PostgreSQL (DATABASE_URL)', make: () => postgresBackend(DATABASE_URL as string), skip: DATABASE_URL === undefined },
]

for (const backend of backends) for (const cached of [true, false]) {
  describe.skipIf(backend.skip)(`network changes on ${backend.name}, ${cached ? 'stock cache' : 'tables read per request'}`, () => {
    let database: TestDatabase
    let db: Db
    let service: OrderService
    let other: OrderService
    let app: ReturnType<typeof createApp>
    let otherApp: ReturnType<typeof createApp>
    const caches: StockCache[] = []
    const clock = (): string => NOW

    beforeAll(async () => {
      database = await backend.make()
    })
    afterAll(async () => {
      await database?.dispose()
    })
    beforeEach(async () => {
      db = await database.fresh()
      const catalogue = await migrate(db, sampleGenesis())
      const open = async (): Promise<StockCache | undefined> => {
        if (!cached) return undefined
        const cache = await StockCache.open(db, catalogue, { pollMs: 0 })
        caches.push(cache)
        return cache
      }
      const a = await open()
      const b = await open()
      service = new OrderService(db, catalogue, { clock, ...(a === undefined ? {} : { cache: a }) })
      other = new OrderService(db, catalogue, { clock, ...(b === undefined ? {} : { cache: b }) })
      app = createApp(service)
      otherApp = createApp(other)
      return async () => {
        expect((await checkLedger(db)).mismatches).toEqual([])
        for (const cache of caches.splice(0)) {
          await cache.catchUp()
          expect(cache.catalogue.version).toBe(service.catalogue.version)
          expect(sameStock(cache.current(), await currentState(db, service.catalogue), service.catalogue)).toEqual([])
          await cache.close()
        }
        await db.close()
      }
    })

    it('opens a store while a reservation is live: the reservation, positions and lots stay, and both processes use the store', async () => {
      const placed = await call(app, 'POST', '/orders', shipTo('O-1', 'SNEAKER-42', 2, { lat: 48.8532, lon: 2.3692 }))
      expect(placed.status).toBe(201)
      const before = await call(app, 'GET', '/orders/O-1')
      const changed = await call(app, 'PUT', '/network', { network: withNantes(), policies: sampleStock.policies })
      expect(changed.status).toBe(200)
      expect(changed.body).toMatchObject({ version: 1, added: ['S-NANTES'], removed: [] })
      expect(await call(app, 'GET', '/orders/O-1')).toMatchObject({ status: 200, body: before.body })
      // The other process has not seen the change: it learns it from the log, not from a restart.
      const returned = await call(otherApp, 'POST', '/returns', { node: 'S-NANTES', sku: 'LAMP', quantity: 3 })
      expect(returned.status).toBe(200)
      expect(other.catalogue.version).toBe(1)
      // A cache sees another process's writes once notified; here, at once.
      for (const cache of caches) await cache.catchUp()
      for (const a of [app, otherApp]) {
        const at = await call(a, 'GET', '/availability/LAMP?node=S-NANTES&channel=web')
        expect(at).toMatchObject({ status: 200, body: { atp: 3 } })
      }
      // An order collected at the new store is served from its shelves.
      const nantes = await call(app, 'POST', '/orders', collectAt('O-2', 'S-NANTES', 'LAMP', 2))
      expect(nantes.status).toBe(201)
      expect(nantes.body.plan.allocations.map((x: { node: string }) => x.node)).toEqual(['S-NANTES'])
      // The reservation made before the change is released after it, in full.
      const released = await call(otherApp, 'POST', `/reservations/${placed.body.reservation.id}/release`, {})
      expect(released.status).toBe(200)
    })

    it('refuses to close a node that holds stock, naming every position, and closes one that holds nothing', async () => {
      const refused = await call(app, 'PUT', '/network', { network: without(sampleNetwork, 'S-LILLE'), policies: sampleStock.policies })
      expect(refused.status).toBe(409)
      expect(refused.body).toMatchObject({ error: 'stranded-stock', positions: [{ node: 'S-LILLE', sku: 'JACKET-M', onHand: 2, held: 0, lots: [] }] })
      expect(refused.body.message).toContain('S-LILLE')
      // A lot on its way to a node keeps it open too.
      const lot = await call(app, 'PUT', '/network', { network: without(sampleNetwork, 'W-LYON'), policies: sampleStock.policies })
      expect(lot.status).toBe(409)
      expect(lot.body.positions.find((p: { sku: string }) => p.sku === 'SNEAKER-42')).toMatchObject({ node: 'W-LYON', lots: ['PO-7781'] })
      const closed = await call(app, 'PUT', '/network', { network: without(sampleNetwork, 'L-LYON-PERRACHE'), policies: sampleStock.policies })
      expect(closed).toMatchObject({ status: 200, body: { version: 1, removed: ['L-LYON-PERRACHE'], added: [] } })
      // Nothing was changed by the refusals: the stock is as it was.
      expect((await call(otherApp, 'GET', '/availability/JACKET-M?node=S-LILLE&channel=web')).body.breakdown).toMatchObject({ onHand: 2 })
    })

    it('names the offending path of a network or policies that do not decode or fit, and changes nothing', async () => {
      const bad = withNantes()
      const broken = { ...bad, nodes: bad.nodes.map((n, i) => (i === 0 ? { ...n, costs: { ...n.costs, package: 'free' } } : n)) }
      const invalid = await call(app, 'PUT', '/network', { network: broken })
      expect(invalid.status).toBe(422)
      expect(invalid.body.issues.map((i: { path: string }) => i.path)).toEqual(['$.network.nodes[0].costs.package'])
    expect(invalid.body.message).toContain('$.network.nodes[0].costs.package')
      const unfit = await call(app, 'PUT', '/network', { network: sampleNetwork, policies: { safetyStock: [{ node: 'S-NOWHERE', quantity: 1 }] } })
      expect(unfit.status).toBe(422)
      expect(unfit.body.path).toMatch(/^\$\.policies\.safetyStock\[0\]\.node/)
      expect((await call(app, 'PUT', '/network', {})).status).toBe(400)
      expect(service.catalogue.version).toBe(0)
    })

    it('a network change in the middle of racing orders: no order is lost or counted twice', async () => {
      const lamps = async (): Promise<number> => {
        let total = 0
        for (const node of ['W-PARIS', 'W-LYON', 'W-BORDEAUX', 'S-LYON-PART-DIEU', 'S-VILLEURBANNE', 'S-PARIS-RIVOLI', 'S-MARSEILLE', 'S-LILLE', 'DS-PARIS-11', 'SUP-OUTDOOR']) {
          total += (await call(app, 'GET', `/availability/LAMP?node=${node}&channel=web`)).body.atp as number
        }
        return total
      }
      const sellable = await lamps()
      const orders = Array.from({ length: 24 }, (_, i) => call(i % 2 === 0 ? app : otherApp, 'POST', '/orders', shipTo(`R-${i}`, 'LAMP', 1, { lat: 48.85, lon: 2.35 })))
      const change = call(otherApp, 'PUT', '/network', { network: withNantes(), policies: sampleStock.policies })
      const replies = await Promise.all([...orders, change])
      expect((replies.at(-1) as { status: number }).status).toBe(200)
      const placed = replies.slice(0, -1).filter((r) => r.status === 201).length
      expect(replies.slice(0, -1).every((r) => r.status === 201 || r.status === 409)).toBe(true)
      expect(placed).toBe(Math.min(24, sellable))
      for (const cache of caches) await cache.catchUp()
      expect(await lamps()).toBe(sellable - placed)
    })

    it.runIf(cached)('a routing worker carries its copy of the stock onto the new network', async () => {
      const cache = caches[0] as StockCache
      const pool = RoutingPool.open(cache, 1)
      try {
        await pool.ready()
        expect((await call(app, 'PUT', '/network', { network: withNantes(), policies: sampleStock.policies })).status).toBe(200)
        expect((await call(app, 'POST', '/returns', { node: 'S-NANTES', sku: 'LAMP', quantity: 3 })).status).toBe(200)
        const routed = await pool.route(decodedOrder(collectAt('O-9', 'S-NANTES', 'LAMP', 1)), { now: NOW })
        expect(E.isRight(routed) ? routed.right.allocations.map((a) => a.node) : routed.left).toEqual(['S-NANTES'])
      } finally {
        await pool.close()
      }
    })
  })
}
