/**
 * Starting the order service: open the database (PostgreSQL when a connection string is
 * given, embedded PGlite otherwise), create the tables and the genesis if the database is
 * new, and serve HTTP on loopback.
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { decodeNetwork, decodeStockSnapshot } from '../../src/index.js'
import { sampleNetwork, sampleStock } from '../sample-network.js'
import { createApp, type AppOptions } from './app.js'
import { StockCache, type StockCacheOptions } from './cache.js'
import { RoutingPool } from './routing-pool.js'
import { openPglite, openPostgres, type Db } from './db.js'
import { OrderService, type ServiceOptions } from './service.js'
import { migrate, type Catalogue, type Genesis } from './store.js'

/** Decodes a network and a stock snapshot into a genesis, or throws. */
export const genesisOf = (network: unknown, snapshot: unknown): Genesis => {
  const n = decodeNetwork(network)
  const s = decodeStockSnapshot(snapshot)
  if (n._tag === 'Left') throw new Error(`network: ${n.left.message}`)
  if (s._tag === 'Left') throw new Error(`stock: ${s.left.message}`)
  return { network: n.right, snapshot: s.right }
}

/** The bundled French sample network and its stock. */
export const sampleGenesis = (): Genesis => genesisOf(sampleNetwork, sampleStock)

/** Opens the database a connection string names, or an embedded one. */
export const openDatabase = async (options: { readonly databaseUrl?: string | undefined; readonly dataDir?: string | undefined }): Promise<Db> =>
  options.databaseUrl !== undefined && options.databaseUrl !== '' ? openPostgres(options.databaseUrl) : openPglite(options.dataDir)

export interface StartOptions extends Omit<ServiceOptions, 'cache'> {
  readonly db: Db
  /**
   * Keep the stock in memory, current from the event log (default; cache.ts), or read the
   * tables whole for every request (`false`).
   */
  readonly cache?: boolean | StockCacheOptions
  /** Used only when the database has no genesis yet. Default: the sample network. */
  readonly genesis?: Genesis
  readonly port?: number
  readonly hostname?: string
  /** Expire due reservations this often (ms); 0 or absent: only on request. */
  readonly expireEveryMs?: number
  /** The guards and the request log (app.ts, guard.ts). */
  readonly app?: Omit<AppOptions, 'inFlight' | 'draining'>
  /** On close, how long requests being answered may take to finish (ms). Default 10,000. */
  readonly graceMs?: number
  /**
   * Routing worker threads (routing-pool.ts), so that a large order never holds up the event
   * loop; 0: route on the event loop. Default 1 with the stock cache (which they follow), 0
   * without.
   */
  readonly workers?: number
}

export interface RunningService {
  readonly url: string
  readonly service: OrderService
  /**
   * Stops gracefully: no new connection is accepted and new requests on open ones get 503,
   * requests being answered finish (up to `graceMs`), then the database is closed.
   */
  close(): Promise<void>
}

/** Starts the service; resolves once it listens. */
export const startService = async (options: StartOptions): Promise<RunningService> => {
  const workers = options.cache === false ? 0 : (options.workers ?? 1)
  // The workers load their code while this thread reads the database, then build their copy
  // of the stock from the rows the cache loads while it builds its own.
  const router = workers > 0 ? RoutingPool.start(workers) : undefined
  let cache: StockCache | undefined
  let catalogue: Catalogue
  try {
    catalogue = await migrate(options.db, options.genesis ?? sampleGenesis())
    // The workers compile the network while this thread reads the stock (a load on another
    // version, should it change meanwhile, brings its own).
    router?.tell({ kind: 'network', network: { document: catalogue.document, policies: catalogue.policies, version: catalogue.version } })
    if (options.cache !== false) {
      const cacheOptions = options.cache === true || options.cache === undefined ? {} : options.cache
      cache = await StockCache.open(options.db, catalogue, cacheOptions, router === undefined ? [] : [router.tell])
    }
    // Listening only once the workers hold the stock: the first order is not kept waiting.
    await router?.ready()
  } catch (error) {
    await router?.close()
    await cache?.close()
    throw error
  }
  const { cache: _cacheOption, ...serviceOptions } = options
  const service = new OrderService(options.db, catalogue, { ...serviceOptions, ...(cache === undefined ? {} : { cache }), ...(router === undefined ? {} : { router }) })
  const inFlight = { count: 0 }
  let draining = false
  const app = createApp(service, { ...options.app, inFlight, draining: () => draining })
  const hostname = options.hostname ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  let timer: NodeJS.Timeout | undefined
  if (options.expireEveryMs !== undefined && options.expireEveryMs > 0) {
    timer = setInterval(() => {
      service.expireDue().catch((error: unknown) => console.error('expiry failed:', error))
    }, options.expireEveryMs)
    timer.unref()
  }
  return {
    url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`,
    service,
    close: async () => {
      draining = true
      if (timer !== undefined) clearInterval(timer)
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      const http = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void }
      http.closeIdleConnections?.()
      const deadline = Date.now() + (options.graceMs ?? 10_000)
      while (inFlight.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
      http.closeAllConnections?.()
      await closed
      await router?.close()
      await cache?.close()
      await options.db.close()
    },
  }
}
