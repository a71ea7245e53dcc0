/**
 * The order service's stock cache (examples/order-service/cache.ts): each process keeps the
 * stock in memory and follows the event log. After any run of commands, and whatever order
 * transactions commit in, a cache that has caught up holds the stock the tables hold. On
 * embedded PGlite always; the cases that need concurrent transactions on PostgreSQL
 * (DATABASE_URL).
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StockCache } from '../../examples/order-service/cache.js'
import { openPostgres, type Db } from '../../examples/order-service/db.js'
import { OrderService } from '../../examples/order-service/service.js'
import { genesisOf, sampleGenesis } from '../../examples/order-service/start.js'
import { checkLedger, currentState, loadStock, migrate, project, stateOfRows, type Catalogue } from '../../examples/order-service/store.js'
import { customers, sampleNetwork, sampleStock } from '../../examples/sample-network.js'
import { decodeOrder, returnUnits, type Order } from '../../src/index.js'
import { DATABASE_URL, pgliteBackend, postgresBackend, sameStock, type TestDatabase } from './support.js'

const NOW = '2026-11-27T09:00:00.000Z'
const SKUS = ['SNEAKER-42', 'LAMP', 'JACKET-M']
const destinations = Object.values(customers)

const order = (i: number): Order => {
  const decoded = decodeOrder({
    id: `C-${i}`,
    channel: i % 3 === 0 ? 'store' : 'web',
    lines: [{ id: '1', sku: SKUS[i % SKUS.length], quantity: 1 + (i % 2) }],
    delivery: { method: 'ship', to: destinations[i % destinations.length] },
  })
  if (decoded._tag === 'Left') throw new Error(decoded.left.message)
  return decoded.right
}

/** A mix of every kind of write: orders, confirmations, releases, expiries, returns, inbound. */
const someCommands = async (service: OrderService, from: number, count: number): Promise<void> => {
  for (let i = from; i < from + count; i++) {
    const placed = await service.placeOrder(order(i))
    const id = (placed.body as { reservation?: { id: string } }).reservation?.id
    if (id !== undefined && i % 4 === 1) await service.confirm(id)
    if (id !== undefined && i % 4 === 2) await service.release(id)
    if (i % 5 === 0) await service.returnUnits({ node: 'S-LILLE', sku: SKUS[i % SKUS.length] as string, quantity: 1 })
    if (i % 7 === 0) await service.announceInbound({ id: `PO-C-${i}`, node: 'W-LYON', sku: 'LAMP', quantity: 3, eta: '2026-11-29T08:00:00Z' } as never)
  }
  await service.expireDue()
}

/** Waits until `probe` returns true, polling; fails after `ms`. */
const until = async (probe: () => Promise<boolean>, ms: number, what: string): Promise<void> => {
  const deadline = Date.now() + ms
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const backends: Array<{ name: string; make: () => Promise<TestDatabase>; skip: boolean }> = [
  { name: 'embedded PGlite', make: pgliteBackend, skip: false },
  { name: 'PostgreSQL (DATABASE_URL)', make: () => postgresBackend(DATABASE_URL as string), skip: DATABASE_URL === undefined },
]

for (const backend of backends) {
  describe.skipIf(backend.skip)(`the stock cache on ${backend.name}`, () => {
    let database: TestDatabase
    beforeAll(async () => {
      database = await backend.make()
    })
    afterAll(async () => {
      await database?.dispose()
    })

    /** A fresh database with the sample genesis, a service writing through its own cache, and a clock 15 minutes a step. */
    const setUp = async () => {
      const db = await database.fresh()
      const catalogue = await migrate(db, sampleGenesis())
      let step = 0
      const clock = (): string => new Date(Date.parse(NOW) + 15 * 60_000 * Math.floor(step++ / 12)).toISOString()
      const own = await StockCache.open(db, catalogue, { pollMs: 0 })
      const service = new OrderService(db, catalogue, { clock, cache: own })
      const tables = async () => currentState(db, catalogue)
      return { db, catalogue, service, own, tables }
    }

    it('a second cache follows the first process’s writes through notifications alone', async () => {
      const { db, catalogue, service, own, tables } = await setUp()
      const other = await StockCache.open(db, catalogue, { pollMs: 0 })
      try {
        await someCommands(service, 0, 40)
        const want = await tables()
        await until(async () => sameStock(other.current(), want, catalogue).length === 0, 20_000, 'the second cache to catch up')
        expect(sameStock(own.current(), want, catalogue)).toEqual([])
        expect(other.stats.notifications).toBeGreaterThan(0)
        expect((await checkLedger(db)).mismatches).toEqual([])
      } finally {
        await other.close()
        await own.close()
        await db.close()
      }
    })

    it('a cache that hears no notification catches up by polling', async () => {
      const { db, catalogue, service, own, tables } = await setUp()
      const deaf = await StockCache.open(db, catalogue, { listen: false, pollMs: 25 })
      try {
        await someCommands(service, 100, 30)
        const want = await tables()
        await until(async () => sameStock(deaf.current(), want, catalogue).length === 0, 20_000, 'the polling cache to catch up')
        expect(deaf.stats.notifications).toBe(0)
      } finally {
        await deaf.close()
        await own.close()
        await db.close()
      }
    })

    it('a cache opened after writes, and one that applied many, reload to the same stock', async () => {
      const { db, catalogue, service, own, tables } = await setUp()
      const reloading = await StockCache.open(db, catalogue, { pollMs: 0, reloadAfter: 5 })
      try {
        await someCommands(service, 200, 30)
        const late = await StockCache.open(db, catalogue, { pollMs: 0 })
        await reloading.catchUp()
        const want = await tables()
        expect(sameStock(late.current(), want, catalogue)).toEqual([])
        expect(sameStock(reloading.current(), want, catalogue)).toEqual([])
        expect(reloading.stats.loads).toBeGreaterThan(1)
        await late.close()
      } finally {
        await reloading.close()
        await own.close()
        await db.close()
      }
    })

    it('a load packs every position, ids holding the packing separator included', async () => {
      const db = await database.fresh()
      try {
        // Node and SKU ids with the separator of the packed query: the load reads row by row.
        const odd = { nodes: [...sampleNetwork.nodes, { id: 'S-ODD\u001f7', kind: 'store', location: { lat: 45, lon: 4 }, costs: { package: '6.90', unit: '0.80', perUnitKm: '0.0005' } }], skus: [...(sampleNetwork.skus ?? []), { id: 'SKU\u001f1' }] }
        const genesis = genesisOf(odd, { ...sampleStock, rows: [...sampleStock.rows, { node: 'S-ODD\u001f7', sku: 'SKU\u001f1', onHand: 4 }, { node: 'W-LYON', sku: 'SKU\u001f1', onHand: 3 }] })
        const catalogue = await migrate(db, genesis)
        for (const g of [sampleGenesis(), genesis]) {
          await db.query('DELETE FROM positions')
          for (const r of g.snapshot.rows) await db.query('INSERT INTO positions (node, sku, on_hand) VALUES ($1, $2, $3)', [r.node, r.sku, r.onHand])
          const loaded = await loadStock(db, catalogue)
          expect(loaded.rows.positions.length).toBe(3 * g.snapshot.rows.length)
          expect(sameStock(stateOfRows(catalogue, loaded.rows), await currentState(db, catalogue), catalogue)).toEqual([])
        }
      } finally {
        await db.close()
      }
    })

    it('a database stored with the whole genesis as a meta entry still starts, and gets the catalogue entry', async () => {
      const db = await database.fresh()
      try {
        const first = await migrate(db, sampleGenesis())
        // As such a database was stored: the genesis whole in meta, no catalogue entry, no document.
        await db.query(`DELETE FROM meta WHERE key = 'genesis-catalogue'`)
        await db.query('DELETE FROM genesis_document')
        await db.query(`INSERT INTO meta (key, value) VALUES ('genesis', $1)`, [JSON.stringify(sampleGenesis())])
        const again = await migrate(db, sampleGenesis())
        expect(again.document).toEqual(first.document)
        expect(again.policies).toEqual(first.policies)
        const entry = await db.query<{ value: { network: unknown } }>(`SELECT value FROM meta WHERE key = 'genesis-catalogue'`)
        expect(entry.rows[0]?.value.network).toEqual(JSON.parse(JSON.stringify(first.document)))
        const check = await checkLedger(db)
        expect(check.mismatches).toEqual([])
        expect(check.consistent).toBe(true)
      } finally {
        await db.close()
      }
    })
  })
}

describe.skipIf(DATABASE_URL === undefined)('the stock cache on PostgreSQL with concurrent transactions', () => {
  let database: Awaited<ReturnType<typeof postgresBackend>>
  let db: Db
  let catalogue: Catalogue
  beforeAll(async () => {
    database = await postgresBackend(DATABASE_URL as string)
    db = await database.fresh()
    catalogue = await migrate(db, sampleGenesis())
  })
  afterAll(async () => {
    await db?.close()
    await database?.dispose()
  })

  it('applies a transaction that commits after a younger one the cache has already applied, or loaded', async () => {
    const cache = await StockCache.open(db, catalogue, { pollMs: 0 })
    const service = new OrderService(db, catalogue, { clock: () => NOW, cache })
    const older = new pg.Client({ connectionString: database.scratch.url })
    await older.connect()
    let late: StockCache | undefined
    try {
      await older.query('BEGIN')
      // The older transaction takes its id now, then waits.
      await older.query('SELECT pg_current_xact_id()')
      // A younger one commits, and the cache applies it.
      expect((await service.returnUnits({ node: 'S-LILLE', sku: 'LAMP', quantity: 1 })).status).toBe(200)
      await cache.catchUp()
      // A cache opened now loads tables that already show the younger one, above its horizon.
      late = await StockCache.open(db, catalogue, { pollMs: 0 })
      // The older one writes its events and commits only now.
      const done = returnUnits(await currentState(db, catalogue), { node: 'S-PARIS-RIVOLI', sku: 'LAMP', quantity: 2 }, NOW)
      if (done._tag === 'Left') throw new Error(done.left.message)
      await project({ query: async (text, params) => older.query(text, params as unknown[]) as never }, done.right.events)
      await cache.catchUp()
      expect(sameStock(cache.current(), await currentState(db, catalogue), catalogue)).toEqual([])
      expect(sameStock(late.current(), await currentState(db, catalogue), catalogue)).toEqual([])
      await older.query('COMMIT')
      const want = await currentState(db, catalogue)
      for (const c of [cache, late]) {
        await c.catchUp()
        expect(sameStock(c.current(), want, catalogue)).toEqual([])
      }
      expect((await checkLedger(db)).mismatches).toEqual([])
    } finally {
      await older.end()
      await late?.close()
      await cache.close()
    }
  })

  it('caches opened while four writers run end with the stock the tables hold', async () => {
    const writers = await Promise.all(
      [0, 1, 2, 3].map(async (w) => {
        const wdb = openPostgres(database.scratch.url, { max: 2 })
        const cache = await StockCache.open(wdb, catalogue, { pollMs: 0 })
        return { wdb, cache, service: new OrderService(wdb, catalogue, { clock: () => NOW, cache }), w }
      }),
    )
    const opened: StockCache[] = []
    try {
      const running = Promise.all(writers.map((x) => someCommands(x.service, 1000 + 100 * x.w, 25)))
      for (let i = 0; i < 6; i++) {
        opened.push(await StockCache.open(db, catalogue, { pollMs: 0 }))
        await new Promise((r) => setTimeout(r, 15))
      }
      await running
      const want = await currentState(db, catalogue)
      for (const c of [...opened, ...writers.map((x) => x.cache)]) {
        await c.catchUp()
        expect(sameStock(c.current(), want, catalogue)).toEqual([])
      }
      expect((await checkLedger(db)).mismatches).toEqual([])
    } finally {
      await Promise.all(opened.map((c) => c.close()))
      for (const x of writers) {
        await x.cache.close()
        await x.wdb.close()
      }
    }
  })
})
