/**
 * Routing off the event loop: a pool of worker threads (routing-worker.ts), each with its own
 * copy of the stock that follows the process's stock cache (cache.ts `follow`). An order goes
 * to the worker with the fewest orders waiting; what the cache applied before the order was
 * sent reaches the worker before it (a worker handles its messages in order), so a process
 * still reads its own writes.
 *
 * At start-up the workers are started first (`start`), so that they load their code while the
 * process reads the database, and they follow the cache from its first load (`tell`, given to
 * `StockCache.open`): each builds its copy of the stock from the packed rows while the
 * process builds its own.
 */
import { Worker } from 'node:worker_threads'
import type { Order, Plan, RouteOptions, RoutingError } from '../../src/index.js'
import type * as E from 'fp-ts/lib/Either.js'
import type { CacheChange, StockCache } from './cache.js'
import type { FromWorker, ToWorker } from './routing-worker.js'

const WORKER = new URL('./routing-worker.ts', import.meta.url).href

/**
 * The worker's first code: it registers tsx's loader in its own thread (hooks registered in
 * another thread do not reach it), then loads the worker module.
 */
const BOOT = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER)}) })`

interface Slot {
  readonly worker: Worker
  /** Settles once the worker has built its first copy of the stock. */
  readonly loaded: Promise<void>
  readonly waiting: Map<number, { resolve: (r: E.Either<RoutingError, Plan>) => void; reject: (e: Error) => void }>
}

/** A pool of routing workers. */
export class RoutingPool {
  private next = 0
  private unfollow: () => void = () => undefined
  private closed = false

  private constructor(private readonly slots: readonly Slot[]) {}

  /**
   * Sends a change of the cache to every worker: give it to `StockCache.open` as a follower,
   * or call `follow` once the cache is open.
   */
  readonly tell = (change: CacheChange): void => {
    if (this.closed) return
    for (const s of this.slots) s.worker.postMessage(change satisfies ToWorker)
  }

  /** Starts `size` workers (at least one), following `cache` (its stock and its network). */
  static open(cache: StockCache, size: number): RoutingPool {
    const pool = RoutingPool.start(size)
    pool.follow(cache)
    return pool
  }

  /** Follows `cache` from its last load (for a pool not given to `StockCache.open`). */
  follow(cache: StockCache): void {
    this.unfollow = cache.follow(this.tell)
  }

  /** Starts `size` workers (at least one), which wait for the stock (`tell`, `follow`). */
  static start(size: number): RoutingPool {
    const slots = Array.from({ length: Math.max(1, size) }, (): Slot => {
      // The worker loads TypeScript as the process does (tsx), whatever ran this one.
      const worker = new Worker(BOOT, { eval: true })
      let loaded = (): void => undefined
      let failed = (_: Error): void => undefined
      const slot: Slot = { worker, waiting: new Map(), loaded: new Promise<void>((resolve, reject) => ((loaded = resolve), (failed = reject))) }
      // A pool closed before its workers loaded (a start that failed) is no unhandled rejection.
      slot.loaded.catch(() => undefined)
      worker.on('message', (m: FromWorker) => {
        if ('loaded' in m) {
          loaded()
          return
        }
        const w = slot.waiting.get(m.id)
        if (w === undefined) return
        slot.waiting.delete(m.id)
        if ('failure' in m) w.reject(new Error(`routing worker: ${m.failure}`))
        else w.resolve(m.result as E.Either<RoutingError, Plan>)
      })
      const fail = (error: unknown): void => {
        failed(error instanceof Error ? error : new Error(String(error)))
        for (const w of slot.waiting.values()) w.reject(error instanceof Error ? error : new Error(String(error)))
        slot.waiting.clear()
      }
      worker.on('error', fail)
      worker.on('exit', () => fail(new Error('routing worker exited')))
      return slot
    })
    return new RoutingPool(slots)
  }

  /** Resolves once every worker has built its first copy of the stock; rejects if one fails first. */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.loaded))
  }

  /** Orders waiting in every worker. */
  get waiting(): number {
    return this.slots.reduce((n, s) => n + s.waiting.size, 0)
  }

  /** Routes `order` in the least busy worker. Rejects if the worker fails. */
  route(order: Order, options: RouteOptions): Promise<E.Either<RoutingError, Plan>> {
    const slot = this.slots.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a))
    const id = this.next++
    return new Promise((resolve, reject) => {
      slot.waiting.set(id, { resolve, reject })
      slot.worker.postMessage({ kind: 'route', id, order, options } satisfies ToWorker)
    })
  }

  /** Stops following the cache and ends the workers. */
  async close(): Promise<void> {
    this.closed = true
    this.unfollow()
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
  }
}
