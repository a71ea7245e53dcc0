/**
 * The order service's endpoints, on the embedded database and, when DATABASE_URL is set, on
 * a real PostgreSQL server: every rule is checked against the pure library, and after every
 * case the tables must equal the replay of the event log.
 */
import { fc } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../examples/order-service/app.js'
import { OrderService } from '../../examples/order-service/service.js'
import { sampleGenesis } from '../../examples/order-service/start.js'
import { StockCache } from '../../examples/order-service/cache.js'
import { checkLedger, currentState, migrate } from '../../examples/order-service/store.js'
import { customers } from '../../examples/sample-network.js'
import { loadSample, order as decodedOrder } from '../../examples/setup.js'
import { availableToPromise, routeOrder } from '../../src/index.js'
import { call, DATABASE_URL, pgliteBackend, postgresBackend, sameStock, type TestDatabase } from './support.js'
import { propertyParameters } from '../support/properties.js'

const START = Date.parse('2026-11-27T09:00:00Z')

const backends: Array<{ name: string; make: () => Promise<TestDatabase>; skip: boolean }> = [
  { name: 'embedded PGlite', make: pgliteBackend, skip: false },
  { name: 'PostgreSQL (DATABASE_URL)', make: () => postgresBackend(DATABASE_URL as string), skip: DATABASE_URL === undefined },
]

const shipOrder = (id: string, sku: string, quantity: number, to: { lat: number; lon: number } = customers.parisBastille) => ({
  id,
  channel: 'web',
  lines: [{ id: '1', sku, quantity }],
  delivery: { method: 'ship', to },
})

// Each backend twice: with the stock cache kept current from the event log, as `npm run service`
// runs, and reading the tables whole for every request.
const modes = [
  { name: 'stock cache', cache: true },
  { name: 'tables read per request', cache: false },
] as const

for (const backend of backends) for (const mode of modes) {
  describe.skipIf(backend.skip)(`order service on ${backend.name}, ${mode.name}`, () => {
    let database: TestDatabase
    let service: OrderService
    let app: ReturnType<typeof createApp>
    let nowMs = START
    const clock = (): string => new Date(nowMs).toISOString()

    beforeAll(async () => {
      database = await backend.make()
    })
    afterAll(async () => {
      await database?.dispose()
    })
    beforeEach(async () => {
      nowMs = START
      const db = await database.fresh()
      const catalogue = await migrate(db, sampleGenesis())
      // No polling: the cache must keep up through notifications and its own writes alone.
      const cache = mode.cache ? await StockCache.open(db, catalogue, { pollMs: 0 }) : undefined
      service = new OrderService(db, catalogue, { clock, holdMinutes: 15, ...(cache === undefined ? {} : { cache }) })
      app = createApp(service)
      return async () => {
        const check = await checkLedger(db)
        expect(check.mismatches).toEqual([])
        if (cache !== undefined) {
          // After every case, the cache holds the stock the tables hold.
          await cache.catchUp()
          expect(sameStock(cache.current(), await currentState(db, catalogue), catalogue)).toEqual([])
          await cache.close()
        }
        await db.close()
      }
    })

    const atp = async (sku: string, node: string, channel = 'web'): Promise<number> =>
      (await call(app, 'GET', `/availability/${sku}?node=${node}&channel=${channel}`)).body.atp

    it('answers availability at a node, near a point and per channel as the library does', async () => {
      const sample = loadSample()
      const at = await call(app, 'GET', '/availability/SNEAKER-42?node=W-PARIS&channel=web')
      expect(at.status).toBe(200)
      expect(at.body.atp).toBe(availableToPromise(sample.stock, { node: 'W-PARIS', sku: 'SNEAKER-42', channel: 'web' }))
      expect(at.body.breakdown).toMatchObject({ onHand: 40, safety: 1, reserved: 0 })
      const near = await call(app, 'GET', '/availability/SNEAKER-42/near?channel=web&lat=48.85&lon=2.35&radiusKm=50&limit=5')
      expect(near.status).toBe(200)
      expect(near.body.nodes.map((n: { node: string }) => n.node)).toEqual(['S-PARIS-RIVOLI', 'W-PARIS'])
      const channels = await call(app, 'GET', '/availability/JACKET-M/channels?channels=web,store')
      expect(channels.status).toBe(200)
      expect(Object.keys(channels.body.channels)).toEqual(['web', 'store'])
      expect(channels.body.channels.web.total).toBeGreaterThan(0)
    })

    it('places an order: the plan is the library’s, its units leave ATP, the reservation expires in 15 minutes', async () => {
      const doc = shipOrder('O-1', 'SNEAKER-42', 3, customers.lyonPresquile)
      const sample = loadSample()
      const expected = routeOrder(sample.stock, decodedOrder(doc), { now: clock() })
      if (E.isLeft(expected)) throw new Error('sample order does not route')
      const before = await Promise.all(expected.right.allocations.map((a) => atp('SNEAKER-42', a.node)))
      const placed = await call(app, 'POST', '/orders', doc)
      expect(placed.status).toBe(201)
      expect(placed.body.plan).toEqual(JSON.parse(JSON.stringify(expected.right)))
      expect(placed.body.reservation).toMatchObject({ id: 'order:O-1', status: 'held', expiresAt: '2026-11-27T09:15:00.000Z' })
      const after = await Promise.all(expected.right.allocations.map((a) => atp('SNEAKER-42', a.node)))
      const taken = expected.right.allocations.map((a) => a.quantity)
      after.forEach((v, i) => expect(v).toBe((before[i] as number) - (taken[i] as number)))
      const got = await call(app, 'GET', '/orders/O-1')
      expect(got.status).toBe(200)
      expect(got.body.reservations[0].status).toBe('held')
    })

    it('refuses an order it cannot allocate with a 409 and changes nothing', async () => {
      // A SKU outside the catalogue is an unknown-sku routing error unless the order allows it.
      const unknown = await call(app, 'POST', '/orders', shipOrder('O-2', 'NO-SUCH-SKU', 1))
      expect(unknown.status).toBe(422)
      expect(unknown.body.error).toBe('unknown-sku')
      const refused = await call(app, 'POST', '/orders', { ...shipOrder('O-2', 'NO-SUCH-SKU', 1), allowUnknownSkus: true })
      expect(refused.status).toBe(409)
      expect(refused.body.error).toBe('out-of-stock')
      expect(refused.body.plan.unfulfilled).toHaveLength(1)
      const check = await checkLedger(service.db)
      expect(check.events).toBe(0)
    })

    it('refuses a second order with the same id', async () => {
      expect((await call(app, 'POST', '/orders', shipOrder('O-3', 'LAMP', 1))).status).toBe(201)
      const again = await call(app, 'POST', '/orders', shipOrder('O-3', 'LAMP', 2))
      expect(again.status).toBe(409)
      expect(again.body.error).toBe('duplicate-order')
    })

    it('replays an idempotency key: same answer, nothing changes; another body under the key is a 422', async () => {
      const doc = shipOrder('O-4', 'JACKET-M', 2)
      const headers = { 'idempotency-key': 'checkout-4' }
      const first = await call(app, 'POST', '/orders', doc, headers)
      expect(first.status).toBe(201)
      const events = (await checkLedger(service.db)).events
      const replays = await Promise.all([1, 2, 3].map(() => call(app, 'POST', '/orders', doc, headers)))
      for (const r of replays) {
        expect(r.status).toBe(201)
        expect(r.body).toEqual(first.body)
        expect(r.headers.get('idempotent-replayed')).toBe('true')
      }
      expect((await checkLedger(service.db)).events).toBe(events)
      const other = await call(app, 'POST', '/orders', shipOrder('O-4', 'JACKET-M', 1), headers)
      expect(other.status).toBe(422)
      expect(other.body.error).toBe('idempotency-conflict')
    })

    it('holds one reservation when the same key arrives several times at once', async () => {
      const doc = shipOrder('O-5', 'LAMP', 1)
      const answers = await Promise.all(Array.from({ length: 8 }, () => call(app, 'POST', '/orders', doc, { 'idempotency-key': 'burst-5' })))
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201))
      for (const a of answers) expect(a.body).toEqual(answers[0]?.body)
      const check = await checkLedger(service.db)
      expect(check.reservations).toBe(1)
      expect(check.events).toBe(1)
    })

    it('expires due reservations back into ATP; confirmed ones stay', async () => {
      const before = await atp('LAMP', 'DS-PARIS-11')
      const a = await call(app, 'POST', '/orders', shipOrder('O-6', 'LAMP', 2))
      const b = await call(app, 'POST', '/orders', shipOrder('O-7', 'LAMP', 1))
      expect([a.status, b.status]).toEqual([201, 201])
      expect((await call(app, 'POST', '/reservations/order:O-7/confirm')).status).toBe(200)
      expect((await call(app, 'POST', '/reservations/expire')).body.expired).toEqual([])
      nowMs = START + 16 * 60_000
      const expired = await call(app, 'POST', '/reservations/expire')
      expect(expired.status).toBe(200)
      expect(expired.body.expired).toEqual(['order:O-6'])
      const o7 = b.body.plan.allocations.filter((x: { node: string }) => x.node === 'DS-PARIS-11').reduce((n: number, x: { quantity: number }) => n + x.quantity, 0)
      expect(await atp('LAMP', 'DS-PARIS-11')).toBe(before - o7)
      const late = await call(app, 'POST', '/reservations/order:O-6/confirm')
      expect(late.status).toBe(409)
      expect(late.body.error).toBe('expired')
    })

    it('releases a reservation, partly then wholly, back into ATP', async () => {
      const placed = await call(app, 'POST', '/orders', shipOrder('O-8', 'SNEAKER-42', 3))
      expect(placed.status).toBe(201)
      const line = placed.body.reservation.lines[0]
      const before = await atp(line.sku, line.node)
      const part = await call(app, 'POST', '/reservations/order:O-8/release', { lines: [{ node: line.node, sku: line.sku, quantity: 1 }] })
      expect(part.status).toBe(200)
      expect(await atp(line.sku, line.node)).toBe(before + 1)
      const rest = await call(app, 'POST', '/reservations/order:O-8/release')
      expect(rest.status).toBe(200)
      expect(rest.body.reservation.status).toBe('released')
      const again = await call(app, 'POST', '/reservations/order:O-8/release')
      expect(again.status).toBe(200)
      expect(again.body.events).toEqual([])
      expect((await call(app, 'POST', '/reservations/nope/release')).status).toBe(404)
    })

    it('re-routes when a store rejects a pick: its units go back, the moved units are reserved elsewhere', async () => {
      const placed = await call(app, 'POST', '/orders', shipOrder('O-9', 'SNEAKER-42', 2, customers.parisBastille))
      expect(placed.status).toBe(201)
      const source = placed.body.plan.allocations[0].node as string
      const atSourceBefore = await atp('SNEAKER-42', source)
      const rejected = await call(app, 'POST', '/orders/O-9/rejections', { node: source, sku: 'SNEAKER-42' })
      expect(rejected.status).toBe(200)
      expect(rejected.body.plan.allocations.every((a: { node: string }) => a.node !== source)).toBe(true)
      expect(rejected.body.released).toEqual([{ node: source, sku: 'SNEAKER-42', quantity: 2 }])
      expect(rejected.body.reserved.reduce((n: number, a: { quantity: number }) => n + a.quantity, 0)).toBe(2)
      expect(await atp('SNEAKER-42', source)).toBe(atSourceBefore + 2)
      const order = await call(app, 'GET', '/orders/O-9')
      expect(order.body.reservations.map((r: { status: string }) => r.status)).toEqual(['released', 'held'])
      expect((await call(app, 'POST', '/orders/missing/rejections', { node: source })).status).toBe(404)
    })

    it('records the store’s count when it rejects a pick', async () => {
      const placed = await call(app, 'POST', '/orders', shipOrder('O-10', 'SNEAKER-42', 1, customers.lyonPresquile))
      const source = placed.body.plan.allocations[0].node as string
      const rejected = await call(app, 'POST', '/orders/O-10/rejections', { node: source, sku: 'SNEAKER-42', onHand: 0 })
      expect(rejected.status).toBe(200)
      expect(rejected.body.events.some((e: { type: string }) => e.type === 'adjusted')).toBe(true)
      expect(await atp('SNEAKER-42', source)).toBe(0)
    })

    it('receives inbound lots into on hand and takes returns in store', async () => {
      const before = await atp('SNEAKER-42', 'W-LYON')
      const received = await call(app, 'POST', '/inbound/PO-7781/receipts', { quantity: 5 })
      expect(received.status).toBe(200)
      expect(await atp('SNEAKER-42', 'W-LYON')).toBe(before + 5 - (before === 0 ? 1 : 0))
      expect((await call(app, 'POST', '/inbound/PO-7781/receipts')).status).toBe(200)
      expect((await call(app, 'POST', '/inbound/PO-7781/receipts')).status).toBe(404)
      const lot = { id: 'PO-9', node: 'S-LILLE', sku: 'LAMP', quantity: 6, eta: '2026-11-30T08:00:00Z' }
      expect((await call(app, 'POST', '/inbound', lot)).status).toBe(201)
      expect((await call(app, 'POST', '/inbound', lot)).status).toBe(409)
      const returned = await call(app, 'POST', '/returns', { node: 'S-LILLE', sku: 'SNEAKER-42', quantity: 1, reason: 'web order returned in store' })
      expect(returned.status).toBe(200)
      expect(await atp('SNEAKER-42', 'S-LILLE')).toBe(1)
      expect((await call(app, 'POST', '/returns', { node: 'NOWHERE', sku: 'LAMP', quantity: 1 })).status).toBe(404)
    })

    it('answers bad input with a 400 naming the path of each problem', async () => {
      const cases: Array<[string, string, unknown, Record<string, string>, string]> = [
        ['POST', '/orders', { ...shipOrder('B-1', 'LAMP', 1), lines: [{ id: '1', sku: 'LAMP', quantity: 0 }] }, {}, '$.lines[0].quantity'],
        ['POST', '/orders', { ...shipOrder('B-2', 'LAMP', 1), delivery: { method: 'drone' } }, {}, '$.delivery.method'],
        ['POST', '/orders', '{"id": ', {}, '$'],
        ['POST', '/orders', '', {}, '$'],
        ['POST', '/orders', shipOrder('B-3', 'LAMP', 1), { 'idempotency-key': 'k'.repeat(201) }, '$.headers["idempotency-key"]'],
        ['POST', '/reservations/r-1/release', { lines: [{ node: 'W-PARIS', sku: 'LAMP', quantity: 1.5 }] }, {}, '$.lines[0].quantity'],
        ['POST', `/reservations/${'x'.repeat(201)}/confirm`, undefined, {}, '$.params.id'],
        ['POST', '/orders/O/rejections', { sku: 'LAMP' }, {}, '$.node'],
        ['POST', '/orders/O/rejections', { node: 'W-PARIS', onHand: -1 }, {}, '$.onHand'],
        ['POST', '/inbound/PO-7781/receipts', { quantity: 0 }, {}, '$.quantity'],
        ['POST', '/inbound', { id: 'PO-X', node: 'W-PARIS', sku: 'LAMP', quantity: 1, eta: 'soon' }, {}, '$.eta'],
        ['POST', '/returns', { node: 'S-LILLE', quantity: 1 }, {}, '$.sku'],
        ['GET', '/availability/LAMP?channel=web', undefined, {}, '$.query.node'],
        ['GET', '/availability/LAMP/near?channel=web&lat=91&lon=2&radiusKm=5', undefined, {}, '$.query.lat'],
        ['GET', '/availability/LAMP/near?channel=web&lat=45&lon=2&radiusKm=abc', undefined, {}, '$.query.radiusKm'],
      ]
      for (const [method, path, body, headers, where] of cases) {
        const r = await call(app, method, path, body, headers)
        expect({ path, status: r.status }).toEqual({ path, status: 400 })
        expect(r.body.issues.map((i: { path: string }) => i.path)).toContain(where)
      }
      expect((await call(app, 'POST', '/orders', 'x'.repeat(1_100_000))).status).toBe(413)
    })

    it.skipIf(backend.name !== 'embedded PGlite')('never answers a 500, whatever JSON is posted', async () => {
      const near = fc.record({ id: fc.string(), channel: fc.constantFrom('web', ''), lines: fc.anything(), delivery: fc.anything() }, { requiredKeys: [] })
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue(), near), fc.constantFrom('/orders', '/returns', '/inbound', '/orders/O/rejections', '/reservations/r/release'), async (body, path) => {
          const r = await call(app, 'POST', path, JSON.stringify(body))
          expect(r.status).toBeLessThan(500)
        }),
        propertyParameters({ numRuns: 60, seed: 7 }),
      )
    })

    const onHand = async (sku: string, node: string): Promise<number> =>
      (await call(app, 'GET', `/availability/${sku}?node=${node}&channel=web`)).body.breakdown?.onHand ?? 0

    it('applies a stock snapshot: rows set on hand, new lots are announced, the rest stays; sent again it changes nothing', async () => {
      const snapshot = {
        rows: [
          { node: 'W-LYON', sku: 'LAMP', onHand: 25 },
          { node: 'W-PARIS', sku: 'LAMP', onHand: 7 },
          { node: 'S-LILLE', sku: 'JACKET-M', onHand: 2 },
        ],
        inbound: [
          { id: 'PO-S-1', node: 'W-PARIS', sku: 'LAMP', quantity: 5, eta: '2026-11-28T08:00:00Z' },
          { id: 'PO-7781', node: 'W-LYON', sku: 'SNEAKER-42', quantity: 20, eta: '2026-11-29T08:00:00Z' },
        ],
      }
      const applied = await call(app, 'PUT', '/stock', snapshot)
      expect(applied.status).toBe(200)
      expect(applied.body).toEqual({ adjusted: 2, unchanged: 1, announced: 1, lotsUnchanged: 1, events: 3 })
      expect(await onHand('LAMP', 'W-LYON')).toBe(25)
      expect(await onHand('LAMP', 'W-PARIS')).toBe(7)
      // Positions the snapshot leaves out keep their stock.
      expect(await onHand('LAMP', 'DS-PARIS-11')).toBe(8)
      const later = await call(app, 'GET', '/availability/LAMP?node=W-PARIS&channel=web&at=2026-11-28T09:00:00Z')
      expect(later.body.atp).toBe(7 + 5 - 1)
      const again = await call(app, 'PUT', '/stock', snapshot)
      expect(again.body).toEqual({ adjusted: 0, unchanged: 3, announced: 0, lotsUnchanged: 2, events: 0 })
    })

    it('applies a snapshot of hundreds of positions, new ones included, and reads it back', async () => {
      const nodes = loadSample().network.nodes.ids
      const rows = nodes.flatMap((node, n) => Array.from({ length: 50 }, (_, k) => ({ node, sku: `BULK-${k}`, onHand: (n + k) % 7 })))
      const applied = await call(app, 'PUT', '/stock', { rows })
      expect(applied.status).toBe(200)
      expect(applied.body.adjusted).toBe(rows.filter((r) => r.onHand > 0).length)
      for (const r of [rows[0], rows[123], rows[rows.length - 1]]) expect(await onHand(r?.sku as string, r?.node as string)).toBe(r?.onHand)
      expect((await call(app, 'PUT', '/stock', { rows })).body.adjusted).toBe(0)
    })

    it('refuses a snapshot that does not decode or fit, that would go below what is reserved, or that changes a lot, and changes nothing', async () => {
      const bad = await call(app, 'PUT', '/stock', { rows: [{ node: 'W-LYON', sku: 'LAMP', onHand: -1 }] })
      expect(bad.status).toBe(400)
      expect(bad.body.issues[0].path).toBe('$.rows[0].onHand')
      const unknown = await call(app, 'PUT', '/stock', { rows: [{ node: 'W-LYON', sku: 'LAMP', onHand: 1 }, { node: 'W-NOWHERE', sku: 'LAMP', onHand: 1 }] })
      expect(unknown.status).toBe(422)
      expect(unknown.body).toMatchObject({ error: 'unknown-node', path: '$.rows[1].node' })
      const twice = await call(app, 'PUT', '/stock', { rows: [{ node: 'W-LYON', sku: 'LAMP', onHand: 1 }, { node: 'W-LYON', sku: 'LAMP', onHand: 2 }] })
      expect(twice.body).toMatchObject({ error: 'duplicate-position', path: '$.rows[1]' })
      const policies = await call(app, 'PUT', '/stock', { rows: [], policies: { safetyStock: [] } })
      expect(policies.body).toMatchObject({ error: 'invalid-input', path: '$.policies' })
      expect((await call(app, 'PUT', '/stock', 'x'.repeat(1_100_000))).status).toBe(413)
      // Units a live reservation holds are never counted away.
      const placed = await call(app, 'POST', '/orders', shipOrder('O-S', 'LAMP', 3, customers.lyonPresquile))
      expect(placed.status).toBe(201)
      const line = placed.body.reservation.lines[0] as { node: string; sku: string; held: number }
      const before = await onHand('LAMP', line.node)
      const below = await call(app, 'PUT', '/stock', { rows: [{ node: 'W-PARIS', sku: 'LAMP', onHand: 4 }, { node: line.node, sku: 'LAMP', onHand: line.held - 1 }] })
      expect(below.status).toBe(409)
      expect(below.body).toMatchObject({ error: 'below-reserved', positions: [{ path: '$.rows[1].onHand', node: line.node, sku: 'LAMP', onHand: line.held - 1, reserved: line.held }] })
      expect(await onHand('LAMP', line.node)).toBe(before)
      expect(await onHand('LAMP', 'W-PARIS')).toBe(0)
      // Down to exactly what is reserved is allowed.
      expect((await call(app, 'PUT', '/stock', { rows: [{ node: line.node, sku: 'LAMP', onHand: line.held }] })).body.adjusted).toBe(before === line.held ? 0 : 1)
      const conflict = await call(app, 'PUT', '/stock', { rows: [], inbound: [{ id: 'PO-7781', node: 'W-LYON', sku: 'SNEAKER-42', quantity: 21, eta: '2026-11-29T08:00:00Z' }] })
      expect(conflict.status).toBe(409)
      expect(conflict.body).toMatchObject({ error: 'lot-conflict', lots: [{ path: '$.inbound[0]', lot: 'PO-7781' }] })
    })
  })
}
