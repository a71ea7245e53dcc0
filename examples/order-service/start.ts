/**
 * Starting the order service: open the database (PostgreSQL when a connection string is
 * given, embedded PGlite otherwise), create the tables and the genesis if the database is
 * new, and serve HTTP on loopback.
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { decodeNetwork, decodeStockSnapshot } from '../../src/index.js'
import { sampleNetwork, sampleStock } from '../sample-network.js'
import { createApp } from './app.js'
import { StockCache, type StockCacheOptions } from './cache.js'
import { openPglite, openPostgres, type Db } from './db.js'
import { OrderService, type ServiceOptions } from './service.js'
import { migrate, type Genesis } from './store.js'

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
}

export interface RunningService {
  readonly url: string
  readonly service: OrderService
  /** Stops serving and closes the database. */
  close(): Promise<void>
}

/** Starts the service; resolves once it listens. */
export const startService = async (options: StartOptions): Promise<RunningService> => {
  const catalogue = await migrate(options.db, options.genesis ?? sampleGenesis())
  const cache = options.cache === false ? undefined : await StockCache.open(options.db, catalogue, options.cache === true ? {} : (options.cache ?? {}))
  const { cache: _cacheOption, ...serviceOptions } = options
  const service = new OrderService(options.db, catalogue, { ...serviceOptions, ...(cache === undefined ? {} : { cache }) })
  const app = createApp(service)
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
      if (timer !== undefined) clearInterval(timer)
      await cache?.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      })
      await options.db.close()
    },
  }
}
