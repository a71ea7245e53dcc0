/**
 * The stock as the library sees it, kept in memory by each service process and brought up to
 * date from the event log, instead of read whole from the tables for every request.
 *
 * - Start-up reads the tables in one snapshot (`loadStock`): positions, lots and the live
 *   reservations whole, with the snapshot's horizon — every transaction with a lower id had
 *   ended — and the transactions above it whose events the snapshot already shows.
 * - Catching up (`eventsSince`) reads, in one snapshot, the events of every transaction
 *   shown at or above the last horizon, and applies those of transactions not applied yet
 *   with the library's `applyEvent`, a transaction's events together and in their order. A
 *   transaction is shown whole or not at all, so each is applied exactly once; one that
 *   commits late (an older id committing after a younger one) is found next time, since the
 *   horizon cannot pass a transaction still running. After a catch-up the cache holds every
 *   transaction its snapshot showed: the stock as the database had it then.
 * - When: every transaction that writes events NOTIFYs (store.ts `project`), and each
 *   notification schedules a catch-up; a poll every `pollMs` catches up as well, for a
 *   notification lost with a dropped connection (the listener is opened again then). The
 *   service also catches up after each of its own commits and before routing again when it
 *   lost a race, so that a process reads its own writes.
 *
 * Plans made on the cached stock are proposals: the service checks them again on locked rows
 * (service.ts), so a cache behind the database costs a retry, never an oversell. Transactions
 * may be applied in another order than they committed (by id): each is a valid change of the
 * stock, and the cache equals the database once it has caught up. Should applying ever fail,
 * the cache reloads from the tables.
 *
 * A network change is an entry of the log too: the cache reads that version's network and
 * carries its stock onto it (library `changeNetwork`) between the transactions before and
 * after, and the service then reads the new network from the cache (`catalogue`).
 */
import { applyEvent, type Network, type StockEvent, type StockPolicies, type StockState } from '../../src/index.js'
import type { Db } from './db.js'
import { EVENTS_CHANNEL, catalogueAt, eventsSince, loadStock, stateOfRows, stateOnNetwork, type Catalogue, type LoadedStock, type StockRows } from './store.js'

export interface StockCacheOptions {
  /** Catch up at least this often (ms), notified or not. Default 1,000; 0: only when told. */
  readonly pollMs?: number
  /** Listen for notifications (default true); without, only polls and explicit catch-ups bring it up to date. */
  readonly listen?: boolean
  /**
   * Reload from the tables after this many transactions applied (default 20,000): a state
   * that has applied many events carries them all (finished reservations, changed
   * positions); a fresh one starts compact.
   */
  readonly reloadAfter?: number
}

/** Counters of what the cache did since it opened. */
export interface StockCacheStats {
  readonly loads: number
  readonly catchUps: number
  readonly transactionsApplied: number
  readonly notifications: number
  /** Milliseconds the last catch-up found the cache behind its last notification, at most. */
  readonly lagMs: number
}

/**
 * What a follower of the cache receives (a routing worker keeping a copy of the stock): the
 * rows a load read, then the events applied after it, in order.
 */
export type CacheChange =
  | { readonly kind: 'load'; readonly rows: StockRows; readonly network: NetworkVersion }
  | { readonly kind: 'apply'; readonly events: readonly StockEvent[] }
  | { readonly kind: 'network'; readonly network: NetworkVersion }

/** A network version as documents, for another thread to compile. */
export interface NetworkVersion {
  readonly document: Network
  readonly policies: StockPolicies | undefined
  readonly version: number
}

const versionOf = (c: Catalogue): NetworkVersion => ({ document: c.document, policies: c.policies, version: c.version })

/** The stock of one process, current from the event log. */
export class StockCache {
  private state: StockState
  private horizon: bigint
  /** Transactions at or above the horizon already applied (or shown by the load). */
  private applied: Set<bigint>
  private queue: Promise<void> = Promise.resolve()
  private pending = false
  private timer: NodeJS.Timeout | undefined
  private stopListening: (() => Promise<void>) | undefined
  private closed = false
  private sinceLoad = 0
  private notifiedAt = 0
  private readonly counts = { loads: 1, catchUps: 0, transactionsApplied: 0, notifications: 0, lagMs: 0 }
  /** The rows of the last load and every event applied since: what a new follower starts from. */
  private rows: StockRows
  private sinceLoadChanges: CacheChange[] = []
  private readonly followers = new Set<(change: CacheChange) => void>()

  private network: Catalogue
  /** The network of the last load, which its rows are on. */
  private loadedOn: NetworkVersion

  private constructor(
    private readonly db: Db,
    private readonly options: StockCacheOptions,
    loaded: LoadedStock,
    state: StockState,
  ) {
    this.network = loaded.catalogue
    this.loadedOn = versionOf(loaded.catalogue)
    this.state = state
    this.rows = loaded.rows
    this.horizon = loaded.horizon
    this.applied = new Set(loaded.shown)
  }

  /**
   * Calls `follow` with the rows of the last load and the events applied since, then with
   * every later load and catch-up, in order, until the returned function is called.
   */
  follow(follow: (change: CacheChange) => void): () => void {
    follow({ kind: 'load', rows: this.rows, network: this.loadedOn })
    for (const change of this.sinceLoadChanges) follow(change)
    this.followers.add(follow)
    return () => {
      this.followers.delete(follow)
    }
  }

  private tell(change: CacheChange): void {
    for (const f of this.followers) f(change)
  }

  /**
   * Loads the stock from the tables and starts following the event log. `followers` follow
   * it from the start (as `follow` would): they receive the rows of the load before this
   * thread builds its own state from them, so that a routing worker builds its copy at the
   * same time, not after.
   */
  static async open(db: Db, catalogue: Catalogue, options: StockCacheOptions = {}, followers: readonly ((change: CacheChange) => void)[] = []): Promise<StockCache> {
    const loaded = await loadStock(db, catalogue)
    const load: CacheChange = { kind: 'load', rows: loaded.rows, network: versionOf(loaded.catalogue) }
    for (const f of followers) f(load)
    const cache = new StockCache(db, options, loaded, stateOfRows(loaded.catalogue, loaded.rows))
    for (const f of followers) cache.followers.add(f)
    if (options.listen !== false) await cache.listen()
    const poll = options.pollMs ?? 1000
    if (poll > 0) {
      cache.timer = setInterval(() => {
        if (options.listen !== false && cache.stopListening === undefined) void cache.listen()
        void cache.catchUp().catch(() => undefined)
      }, poll)
      cache.timer.unref()
    }
    return cache
  }

  /** The stock as of the last catch-up. */
  current(): StockState {
    return this.state
  }

  /** The network the stock is on, as of the last catch-up. */
  get catalogue(): Catalogue {
    return this.network
  }



  get stats(): StockCacheStats {
    return { ...this.counts }
  }

  /**
   * Applies every transaction committed since the last catch-up. Calls made while one runs
   * wait for it and for one more, so that what committed before the call is in the result.
   */
  catchUp(): Promise<void> {
    if (this.pending) return this.queue
    this.pending = true
    // A failed catch-up (the database away) fails its callers, not the ones queued after it.
    this.queue = this.queue
      .catch(() => undefined)
      .then(async () => {
        this.pending = false
        if (!this.closed) await this.step()
      })
    return this.queue
  }

  /** Stops listening and polling. */
  async close(): Promise<void> {
    this.closed = true
    this.followers.clear()
    if (this.timer !== undefined) clearInterval(this.timer)
    const stop = this.stopListening
    this.stopListening = undefined
    await stop?.()
    await this.queue.catch(() => undefined)
  }

  private async listen(): Promise<void> {
    try {
      this.stopListening = await this.db.listen(
        EVENTS_CHANNEL,
        () => {
          this.counts.notifications++
          this.notifiedAt ||= Date.now()
          void this.catchUp().catch(() => undefined)
        },
        () => {
          this.stopListening = undefined
        },
      )
    } catch {
      // The poll opens the listener again.
      this.stopListening = undefined
    }
  }

  private async step(): Promise<void> {
    const notifiedAt = this.notifiedAt
    this.notifiedAt = 0
    const { horizon, transactions } = await eventsSince(this.db, this.horizon, [...this.applied])
    let state = this.state
    let network = this.network
    const changes: CacheChange[] = []
    let events: StockEvent[] = []
    try {
      for (const t of transactions) {
        if (this.applied.has(t.txid)) continue
        for (const e of t.events) {
          if (e.type !== 'network-changed') {
            state = applyEvent(state, e)
            events.push(e)
            continue
          }
          if (e.version <= network.version) continue
          network = await catalogueAt(this.db, e.version)
          state = stateOnNetwork(state, network)
          if (events.length > 0) changes.push({ kind: 'apply', events })
          events = []
          changes.push({ kind: 'network', network: versionOf(network) })
        }
        this.applied.add(t.txid)
        this.counts.transactionsApplied++
        this.sinceLoad++
      }
    } catch {
      await this.reload()
      return
    }
    if (events.length > 0) changes.push({ kind: 'apply', events })
    this.state = state
    this.network = network
    for (const change of changes) {
      this.sinceLoadChanges.push(change)
      this.tell(change)
    }
    this.horizon = horizon
    for (const t of this.applied) if (t < horizon) this.applied.delete(t)
    this.counts.catchUps++
    if (notifiedAt > 0) this.counts.lagMs = Date.now() - notifiedAt
    if (this.sinceLoad >= (this.options.reloadAfter ?? 20_000)) await this.reload()
  }

  private async reload(): Promise<void> {
    const loaded = await loadStock(this.db, this.network)
    // Built before the followers hear of it: they only ever follow loads the cache took.
    const state = stateOfRows(loaded.catalogue, loaded.rows)
    this.network = loaded.catalogue
    this.loadedOn = versionOf(loaded.catalogue)
    this.state = state
    this.rows = loaded.rows
    this.horizon = loaded.horizon
    this.applied = new Set(loaded.shown)
    this.sinceLoad = 0
    this.sinceLoadChanges = []
    this.counts.loads++
    this.tell({ kind: 'load', rows: loaded.rows, network: this.loadedOn })
  }
}
