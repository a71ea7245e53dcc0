/** Databases for the order-service tests: embedded PGlite always, PostgreSQL when DATABASE_URL is set. */
import { openPglite, openPostgres, type Db } from '../../examples/order-service/db.js'
import { createScratchDatabase, type ScratchDatabase } from '../../examples/order-service/processes.js'
import type { Catalogue } from '../../examples/order-service/store.js'
import { availableToPromise, positionBreakdown, type StockState } from '../../src/index.js'

/** The PostgreSQL server the real-database tests use, or undefined (they are then skipped). */
export const DATABASE_URL: string | undefined = process.env['DATABASE_URL'] === '' ? undefined : process.env['DATABASE_URL']

const TABLES = ['events', 'idempotency_keys', 'orders', 'reservation_lines', 'reservations', 'lots', 'positions', 'meta', 'networks', 'genesis_document']

/** A database the tests can empty between cases. */
export interface TestDatabase {
  readonly kind: 'pglite' | 'postgres'
  /** The database with no tables (a new Db handle: the service closes the one it is given). */
  fresh(): Promise<Db>
  /** Drops everything this backend created. */
  dispose(): Promise<void>
}

/**
 * PGlite takes seconds to create, so one instance serves a whole test file; `fresh` drops
 * the tables and hands out a handle whose `close` does nothing.
 */
export const pgliteBackend = async (): Promise<TestDatabase> => {
  const db = await openPglite()
  return {
    kind: 'pglite',
    fresh: async () => {
      await db.query(`DROP TABLE IF EXISTS ${TABLES.join(', ')} CASCADE`)
      return { ...db, close: async () => undefined }
    },
    dispose: () => db.close(),
  }
}

/** A scratch database on the PostgreSQL server; `fresh` drops its tables. */
export const postgresBackend = async (adminUrl: string): Promise<TestDatabase & { readonly scratch: ScratchDatabase }> => {
  const scratch = await createScratchDatabase(adminUrl, 'omnistock_test')
  const admin = openPostgres(scratch.url, { max: 2 })
  return {
    kind: 'postgres',
    scratch,
    fresh: async () => {
      await admin.query(`DROP TABLE IF EXISTS ${TABLES.join(', ')} CASCADE`)
      return openPostgres(scratch.url)
    },
    dispose: async () => {
      await admin.close()
      await scratch.drop()
    },
  }
}

/** Runs a request against a Hono app and returns status, headers and the JSON body. */
export const call = async (
  app: { request: (input: string, init?: RequestInit) => Response | Promise<Response> },
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> => {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } }
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
  const res = await app.request(path, init)
  const text = await res.text()
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers }
}

/**
 * Where two states' stock differs: every position of the network's nodes and its catalogue's
 * SKUs and `skus` by its breakdown, and ATP per channel now and a day on. Empty when they
 * hold the same stock.
 */
export const sameStock = (a: StockState, b: StockState, catalogue: Catalogue, skus: readonly string[] = []): string[] => {
  const out: string[] = []
  const all = [...new Set([...(catalogue.document.skus ?? []).map((s) => s.id), ...skus])]
  for (const node of catalogue.network.nodes.ids) {
    for (const sku of all) {
      for (const channel of ['web', 'store', 'marketplace']) {
        const x = JSON.stringify(positionBreakdown(a, { node, sku, channel }) ?? null)
        const y = JSON.stringify(positionBreakdown(b, { node, sku, channel }) ?? null)
        if (x !== y) out.push(`${node}/${sku}/${channel}: ${x} ≠ ${y}`)
        for (const at of [undefined, '2026-11-28T09:00:00Z']) {
          const q = { node, sku, channel, ...(at === undefined ? {} : { at }) }
          const p = availableToPromise(a, q)
          const r = availableToPromise(b, q)
          if (p !== r) out.push(`${node}/${sku}/${channel}/${at ?? 'now'}: ATP ${p} ≠ ${r}`)
        }
      }
    }
  }
  return out
}
