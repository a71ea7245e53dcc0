/**
 * One small interface over the two databases the order service runs on: PGlite (PostgreSQL
 * compiled to WebAssembly, in-process, nothing to install) and a real PostgreSQL server
 * through `pg`. Both speak the same SQL with `$1` parameters; transactions are
 * READ COMMITTED and take explicit row locks (see store.ts).
 */
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

/** Something that runs SQL: the database itself, or one open transaction. */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ readonly rows: R[] }>
}

/** A database: SQL, transactions, notifications, and a way to close it. */
export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres'
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>
  /**
   * Calls `onNotify` for every NOTIFY on `channel` (LISTEN), on a connection of its own;
   * `onLost` when that connection fails (no more notifications will come). Resolves to a
   * function that stops listening.
   */
  listen(channel: string, onNotify: () => void, onLost?: () => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

/** The application name the service's connections carry (fault tests find its backends by it). */
export const APPLICATION_NAME = 'omnistock-order-service'

/**
 * An embedded PGlite database, in memory by default or in `dataDir`. PGlite runs one
 * transaction at a time, so it proves the code's logic, never its behaviour under a race.
 */
export const openPglite = async (dataDir?: string): Promise<Db> => {
  const db = await PGlite.create(dataDir === undefined ? {} : { dataDir })
  return {
    kind: 'pglite',
    query: async <R>(text: string, params?: readonly unknown[]) => db.query<R>(text, params as unknown[] | undefined),
    transaction: <T>(work: (tx: Sql) => Promise<T>) =>
      db.transaction(async (tx) =>
        work({ query: async <R>(text: string, params?: readonly unknown[]) => tx.query<R>(text, params as unknown[] | undefined) }),
      ),
    listen: async (channel: string, onNotify: () => void) => {
      const stop = await db.listen(channel, () => onNotify())
      return async () => {
        if (!db.closed) await stop()
      }
    },
    close: () => db.close(),
  }
}

/** A pool of connections to a PostgreSQL server. */
export const openPostgres = (connectionString: string, options: { readonly max?: number } = {}): Db => {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, application_name: APPLICATION_NAME })
  // An idle client whose server connection dies (a restart, pg_terminate_backend) emits an
  // error on the pool; without a listener that would crash the process.
  pool.on('error', () => undefined)
  return {
    kind: 'postgres',
    query: async <R>(text: string, params?: readonly unknown[]) => pool.query(text, params as unknown[] | undefined) as unknown as { rows: R[] },
    transaction: async <T>(work: (tx: Sql) => Promise<T>): Promise<T> => {
      const client = await pool.connect()
      // A checked-out client whose server connection dies emits an error event as well as
      // failing its query; the failed query is what this transaction reports.
      const ignore = (): void => undefined
      client.on('error', ignore)
      let broken: Error | undefined
      try {
        await client.query('BEGIN')
        const result = await work({
          query: async <R>(text: string, params?: readonly unknown[]) => client.query(text, params as unknown[] | undefined) as unknown as { rows: R[] },
        })
        await client.query('COMMIT')
        return result
      } catch (error) {
        try {
          await client.query('ROLLBACK')
        } catch (rollbackError) {
          // The connection itself is gone: the server rolled the transaction back when it
          // lost it; this client must not go back to the pool.
          broken = rollbackError as Error
        }
        throw error
      } finally {
        client.off('error', ignore)
        client.release(broken)
      }
    },
    listen: async (channel: string, onNotify: () => void, onLost?: () => void) => {
      const client = new pg.Client({ connectionString, application_name: APPLICATION_NAME })
      let lost = false
      const fail = (): void => {
        if (lost) return
        lost = true
        onLost?.()
      }
      client.on('error', fail)
      client.on('end', fail)
      client.on('notification', (n) => {
        if (n.channel === channel) onNotify()
      })
      await client.connect()
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`)
      return async () => {
        lost = true
        await client.end().catch(() => undefined)
      }
    },
    close: () => pool.end(),
  }
}

/** PostgreSQL's SQLSTATE of an error, when it has one. */
export const sqlState = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** Errors after which the same transaction may simply be tried again. */
export const isRetryable = (error: unknown): boolean => {
  const code = sqlState(error)
  return code === '40001' || code === '40P01'
}

/** Errors that mean the database (or our connection to it) went away mid-request. */
export const isUnavailable = (error: unknown): boolean => {
  const code = sqlState(error)
  if (code !== undefined && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03')) return true
  const message = error instanceof Error ? error.message : ''
  return /Connection terminated|ECONNREFUSED|ECONNRESET|terminating connection/i.test(message)
}
