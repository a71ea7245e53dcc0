/**
 * The order service's commands, independent of HTTP: each one routes or validates with the
 * library and commits its effects in one database transaction, or changes nothing.
 *
 * Placing an order: route on an unlocked read of the stock (a proposal), then, in one
 * transaction, lock the positions the plan uses, re-check the reservation with the library's
 * `reserve` on those fresh, locked rows, and write it. If another order took the units in
 * between, the transaction rolls back and the order is routed again on the new stock. Each
 * retry follows a reservation that some other order committed, so an order cannot lose more
 * races than there are units; when routing finds nothing left, the order is refused cleanly.
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  adjustOnHand,
  announceInbound,
  atpAcrossNetwork,
  atpNear,
  availableToPromise,
  buildStock,
  confirm,
  expire,
  formatError,
  positionBreakdown,
  receiveInbound,
  release,
  reroute,
  reservationRequestFor,
  reserve,
  returnUnits,
  routeOrder,
  type Allocation,
  type InboundLot,
  type LineQuantity,
  type Order,
  type Plan,
  type Reservation,
  type RoutingError,
  type StockError,
  type StockEvent,
  type StockSnapshot,
  type StockState,
  strandedStock,
} from '../../src/index.js'
import type { StockCache, StockCacheStats } from './cache.js'
import type { RoutingPool } from './routing-pool.js'
import { isRetryable, isUnavailable, sqlState, type Db, type Sql } from './db.js'
import { NetworkChanged, catalogueAt, changeNetworkTables, currentState, networkVersion, lockedState, project, readReservations, type Catalogue, type PositionKey } from './store.js'
import { sameJson } from '../../src/internal/json.js'

/** What a command answers: an HTTP status and a JSON body. */
export interface Reply {
  readonly status: number
  readonly body: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export interface ServiceOptions {
  /** The current instant as ISO-8601; the library never reads a clock, the service does. */
  readonly clock?: () => string
  /** How long an unconfirmed reservation holds its units. Default 15 minutes. */
  readonly holdMinutes?: number
  /** Channels listed by the per-channel availability query. */
  readonly channels?: readonly string[]
  /** Attempts of one command when another transaction took its units first. Default 100. */
  readonly maxAttempts?: number
  /**
   * The process's stock kept current from the event log (cache.ts): routing and availability
   * read it instead of the whole tables. Without one, each request reads the tables.
   */
  readonly cache?: StockCache
  /** Route orders in worker threads (routing-pool.ts) instead of on the event loop. */
  readonly router?: RoutingPool
  /** The work budget of each routing call (`RouteOptions.budget`); the library's default when absent. */
  readonly budget?: number
}

/** Thrown inside a transaction to roll it back and answer `reply`. */
class Refusal extends Error {
  constructor(readonly reply: Reply) {
    super(`refused: ${reply.status}`)
  }
}

/** Thrown inside a transaction when the stock moved since the plan was made: route again. */
class StockMoved extends Error {}

/** Thrown when a concurrent request committed the same idempotency key first. */
class KeyTaken extends Error {}

const reply = (status: number, body: unknown, headers?: Readonly<Record<string, string>>): Reply =>
  headers === undefined ? { status, body } : { status, body, headers }

const stockErrorStatus = (e: StockError): number => {
  switch (e._tag) {
    case 'unknown-reservation':
    case 'unknown-lot':
      return 404
    case 'insufficient-stock':
    case 'expired':
    case 'not-live':
    case 'duplicate-reservation':
    case 'duplicate-lot':
    case 'idempotency-conflict':
    case 'time-went-back':
      return 409
    default:
      return 422
  }
}

const errorBody = (e: StockError | RoutingError): Record<string, unknown> => ({ error: e._tag, ...e, message: formatError(e) })

const reservationView = (r: Reservation): Record<string, unknown> => ({
  id: r.id,
  status: r.status,
  channel: r.channel,
  ...(r.expiresAt === undefined ? {} : { expiresAt: r.expiresAt }),
  lines: r.lines.map((l) => ({
    node: l.node,
    sku: l.sku,
    quantity: l.quantity,
    held: l.held,
    ...(l.availableAt === undefined ? {} : { availableAt: l.availableAt }),
    ...(l.lineId === undefined ? {} : { lineId: l.lineId }),
  })),
})

const addMinutes = (iso: string, minutes: number): string => new Date(Date.parse(iso) + minutes * 60_000).toISOString()

const allocationKey = (a: { node: string; sku: string; lineId?: string | undefined; availableAt?: string | undefined }): string =>
  JSON.stringify([a.node, a.sku, a.lineId ?? null, a.availableAt ?? null])

/** The order service. */
export class OrderService {
  private readonly clock: () => string
  private readonly holdMinutes: number
  private readonly maxAttempts: number
  private readonly cache: StockCache | undefined
  private readonly router: RoutingPool | undefined
  private readonly budget: number | undefined
  readonly channels: readonly string[]
  /** Counters since start: orders placed and refused, and plans re-made because another order took their units first. */
  readonly stats = { placed: 0, refused: 0, reroutedAfterRace: 0 }

  /** The network as this process last read it, when it has no cache (else the cache's). */
  private own: Catalogue

  constructor(
    readonly db: Db,
    catalogue: Catalogue,
    options: ServiceOptions = {},
  ) {
    this.own = catalogue
    this.clock = options.clock ?? (() => new Date().toISOString())
    this.holdMinutes = options.holdMinutes ?? 15
    this.maxAttempts = options.maxAttempts ?? 100
    this.cache = options.cache
    this.router = options.router
    this.budget = options.budget
    const fenced = (catalogue.policies?.ringFences ?? []).map((f) => f.channel as string)
    this.channels = [...new Set([...(options.channels ?? ['web', 'app', 'store', 'marketplace']), ...fenced])].sort()
  }

  /** The network the service routes on: its cache's, or the one it read last. */
  get catalogue(): Catalogue {
    return this.cache?.catalogue ?? this.own
  }

  /** After a command found the network changed: read the new one (the cache follows the log). */
  private async networkChanged(version: number): Promise<void> {
    if (this.cache !== undefined) await this.cache.catchUp()
    else if (version !== this.own.version) this.own = await catalogueAt(this.db, version)
  }

  /** Orders being routed in worker threads now, when the service has a pool. */
  get routing(): number | undefined {
    return this.router?.waiting
  }

  /** What the stock cache did since it opened, when the service has one. */
  get cacheStats(): StockCacheStats | undefined {
    return this.cache?.stats
  }

  /** The instant the service is at. */
  now(): string {
    return this.clock()
  }

  /**
   * Runs a command's transaction, turning database trouble into replies: a serialisation
   * failure or deadlock is retried, a lost connection is a 503 (the transaction died with it,
   * so nothing of it remains), any other error propagates.
   */
  private async attempt<T>(work: (tx: Sql) => Promise<T>): Promise<T | Reply> {
    for (let i = 0; ; i++) {
      try {
        const done = await this.db.transaction(work)
        // The process reads its own writes: its cache takes in what it just committed.
        await this.cache?.catchUp().catch(() => undefined)
        return done
      } catch (error) {
        if (error instanceof Refusal) return error.reply
        if (error instanceof NetworkChanged && i < this.maxAttempts) {
          await this.networkChanged(error.version)
          continue
        }
        if (isRetryable(error) && i < this.maxAttempts) continue
        if (isUnavailable(error)) return reply(503, { error: 'database-unavailable', message: 'the database went away; nothing was changed, retry' }, { 'retry-after': '1' })
        throw error
      }
    }
  }

  /** The stock to route and answer availability on: the cache's, or the tables' read whole. */
  private async stock(): Promise<StockState> {
    if (this.cache !== undefined) return this.cache.current()
    for (let i = 0; ; i++) {
      try {
        return await currentState(this.db, this.own)
      } catch (error) {
        if (!(error instanceof NetworkChanged) || i >= this.maxAttempts) throw error
        await this.networkChanged(error.version)
      }
    }
  }

  /** Routes an order in a worker when there is a pool (on this thread if a worker fails), else here. */
  private async route(order: Order, now: string): Promise<E.Either<RoutingError, Plan>> {
    const options = { now, ...(this.budget === undefined ? {} : { budget: this.budget }) }
    if (this.router !== undefined) {
      try {
        return await this.router.route(order, options)
      } catch {
        // A worker that died is not a refusal: route here.
      }
    }
    return routeOrder(await this.stock(), order, options)
  }

  /** After losing a race for units: the stock the winner left, before routing again. */
  private async afterRace(): Promise<void> {
    await this.cache?.catchUp()
  }

  // -------------------------------------------------------------------------------------------
  // Availability
  // -------------------------------------------------------------------------------------------

  /** ATP of a SKU at one node for a channel, with the position's breakdown. */
  async availabilityAt(q: { sku: string; node: string; channel: string; at?: string }): Promise<Reply> {
    const state = await this.stock()
    if (!state.nodes.byId.has(q.node)) return reply(404, { error: 'unknown-node', message: `node ${q.node} is not in the network`, node: q.node })
    const breakdown = positionBreakdown(state, { node: q.node, sku: q.sku, channel: q.channel })
    return reply(200, { ...q, atp: availableToPromise(state, q), ...(breakdown === undefined ? {} : { breakdown }) })
  }

  /** Nodes near a point with ATP for a SKU and channel, nearest first. */
  async availabilityNear(q: { sku: string; channel: string; lat: number; lon: number; radiusKm: number; limit?: number }): Promise<Reply> {
    const state = await this.stock()
    const nodes = atpNear(state, {
      sku: q.sku,
      channel: q.channel,
      point: { lat: q.lat, lon: q.lon },
      radiusKm: q.radiusKm,
      ...(q.limit === undefined ? {} : { limit: q.limit }),
    })
    return reply(200, { ...q, nodes })
  }

  /** Network ATP of a SKU per channel. */
  async availabilityByChannel(q: { sku: string; channels?: readonly string[] }): Promise<Reply> {
    const state = await this.stock()
    const channels = q.channels ?? this.channels
    return reply(200, { sku: q.sku, channels: Object.fromEntries(channels.map((c) => [c, atpAcrossNetwork(state, { sku: q.sku, channel: c })])) })
  }

  // -------------------------------------------------------------------------------------------
  // Orders
  // -------------------------------------------------------------------------------------------

  private async storedReply(key: string, order: unknown): Promise<Reply | undefined> {
    const found = await this.db.query<{ request: unknown; status: number; response: unknown }>(
      'SELECT request, status, response FROM idempotency_keys WHERE key = $1',
      [key],
    )
    const row = found.rows[0]
    if (row === undefined) return undefined
    if (!sameJson(row.request, order)) {
      return reply(422, { error: 'idempotency-conflict', message: `idempotency key ${key} was used for another request`, idempotencyKey: key })
    }
    return reply(row.status, row.response, { 'idempotent-replayed': 'true' })
  }

  /**
   * Routes an order and reserves its plan, all or nothing. 201 with the plan and the
   * reservation; 409 `out-of-stock` when nothing can be allocated; 409 `duplicate-order`;
   * 422 for a routing error. With an idempotency key, a replay of the same order returns the
   * first answer and changes nothing.
   */
  async placeOrder(order: Order, idempotencyKey?: string): Promise<Reply> {
    if (idempotencyKey !== undefined) {
      const stored = await this.storedReply(idempotencyKey, order)
      if (stored !== undefined) return stored
    }
    for (let i = 0; i < this.maxAttempts; i++) {
      const now = this.clock()
      const routed = await this.route(order, now)
      if (E.isLeft(routed)) return reply(422, errorBody(routed.left))
      const plan = routed.right
      if (plan.allocations.length === 0) {
        this.stats.refused++
        return reply(409, { error: 'out-of-stock', message: `nothing of order ${order.id} can be allocated now`, orderId: order.id, plan })
      }
      try {
        const result = await this.attempt((tx) => this.reservePlan(tx, order, plan, now, idempotencyKey))
        if (result.status === 201) this.stats.placed++
        return result
      } catch (error) {
        if (error instanceof StockMoved) {
          this.stats.reroutedAfterRace++
          await this.afterRace()
          continue
        }
        if (error instanceof KeyTaken && idempotencyKey !== undefined) {
          const stored = await this.storedReply(idempotencyKey, order)
          if (stored !== undefined) return stored
          continue
        }
        if (sqlState(error) === '23505') return reply(409, { error: 'duplicate-order', message: `order ${order.id} was already placed`, orderId: order.id })
        throw error
      }
    }
    return reply(503, { error: 'contention', message: `order ${order.id} lost ${this.maxAttempts} races for stock; retry` }, { 'retry-after': '1' })
  }

  private async reservePlan(tx: Sql, order: Order, plan: Plan, now: string, key: string | undefined): Promise<Reply> {
    if (key !== undefined) {
      // Waits for a concurrent holder of the key; conflicts once it committed.
      const claimed = await tx.query(`INSERT INTO idempotency_keys (key, request, status, response) VALUES ($1, $2, 0, 'null') ON CONFLICT DO NOTHING RETURNING key`, [
        key,
        JSON.stringify(order),
      ])
      if (claimed.rows.length === 0) throw new KeyTaken()
    }
    // A duplicate order is found by the unique keys of its reservation and its row (23505,
    // answered by placeOrder), not by a read first: one round trip less for every order.
    const { state } = await lockedState(tx, this.catalogue, { positions: plan.allocations.map((a) => ({ node: a.node, sku: a.sku })) })
    const request = reservationRequestFor(plan, {
      now,
      expiresAt: addMinutes(now, this.holdMinutes),
      reservationId: `order:${order.id}`,
      ...(key === undefined ? {} : { idempotencyKey: key }),
    })
    const held = reserve(state, request, now)
    if (E.isLeft(held)) {
      if (held.left._tag === 'insufficient-stock') throw new StockMoved()
      throw new Refusal(reply(stockErrorStatus(held.left), errorBody(held.left)))
    }
    await project(tx, held.right.events)
    const body = { orderId: order.id, reservation: reservationView(held.right.reservation), plan }
    await tx.query('INSERT INTO orders (id, body, plan, reservations, created_at) VALUES ($1, $2, $3, $4, $5)', [
      order.id,
      JSON.stringify(order),
      JSON.stringify(plan),
      JSON.stringify([held.right.reservation.id]),
      now,
    ])
    if (key !== undefined) await tx.query('UPDATE idempotency_keys SET status = 201, response = $2 WHERE key = $1', [key, JSON.stringify(body)])
    return reply(201, body)
  }

  /** An order as stored, with its reservations. */
  async getOrder(id: string): Promise<Reply> {
    const found = await this.db.query<{ body: unknown; plan: Plan; reservations: string[] }>('SELECT body, plan, reservations FROM orders WHERE id = $1', [id])
    const row = found.rows[0]
    if (row === undefined) return reply(404, { error: 'unknown-order', message: `no order ${id}`, orderId: id })
    const reservations = await readReservations(this.db, row.reservations, false)
    return reply(200, { orderId: id, order: row.body, plan: row.plan, reservations })
  }

  // -------------------------------------------------------------------------------------------
  // Reservations
  // -------------------------------------------------------------------------------------------

  /** Runs one ledger command on one reservation, locked. */
  private async onReservation(
    id: string,
    command: (state: StockState, now: string) => E.Either<StockError, { readonly events: readonly StockEvent[]; readonly reservation: Reservation }>,
  ): Promise<Reply> {
    const now = this.clock()
    return this.attempt(async (tx) => {
      const { state, reservations } = await lockedState(tx, this.catalogue, { reservations: [id] })
      if (reservations.length === 0) throw new Refusal(reply(404, { error: 'unknown-reservation', message: `no reservation ${id}`, reservation: id }))
      const done = command(state, now)
      if (E.isLeft(done)) throw new Refusal(reply(stockErrorStatus(done.left), errorBody(done.left)))
      await project(tx, done.right.events)
      return reply(200, { reservation: reservationView(done.right.reservation), events: done.right.events })
    })
  }

  /** Confirms a held reservation (payment captured): it no longer expires. Idempotent. */
  confirm(id: string): Promise<Reply> {
    return this.onReservation(id, (state, now) => confirm(state, id, now))
  }

  /** Releases a reservation, or some of its units. Releasing a finished one changes nothing. */
  release(id: string, lines?: readonly LineQuantity[]): Promise<Reply> {
    return this.onReservation(id, (state, now) => release(state, id, now, lines))
  }

  /**
   * Expires every held reservation whose expiry has passed, at most `limit` at a time. Rows
   * another process is expiring are skipped, so several processes may run this at once.
   */
  async expireDue(limit = 500): Promise<Reply> {
    const now = this.clock()
    return this.attempt(async (tx) => {
      const due = await tx.query<{ id: string }>(
        `SELECT id FROM reservations WHERE status = 'held' AND expires_ms <= $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [Date.parse(now), limit],
      )
      if (due.rows.length === 0) return reply(200, { expired: [], events: [] })
      const { state } = await lockedState(tx, this.catalogue, { reservations: due.rows.map((r) => r.id) })
      const expired = expire(state, now)
      if (E.isLeft(expired)) throw new Refusal(reply(stockErrorStatus(expired.left), errorBody(expired.left)))
      const { events } = expired.right
      await project(tx, events)
      return reply(200, { expired: events.map((e) => (e.type === 'expired' ? e.reservation : '')), events })
    })
  }

  // -------------------------------------------------------------------------------------------
  // A store rejecting a pick
  // -------------------------------------------------------------------------------------------

  /**
   * A node cannot pick (some of) an order: its units there are released, the order is
   * re-routed without that position (`reroute`), and the units moved elsewhere are reserved,
   * all in one transaction. With `onHand`, the node's count of the SKU is recorded too.
   */
  async rejectPick(orderId: string, rejection: { readonly node: string; readonly sku?: string; readonly onHand?: number }): Promise<Reply> {
    if (rejection.onHand !== undefined && rejection.sku === undefined) {
      return reply(400, { error: 'invalid-request', message: 'onHand needs a sku', issues: [{ path: '$.onHand', expected: 'a sku beside onHand', actual: String(rejection.onHand) }] })
    }
    for (let i = 0; i < this.maxAttempts; i++) {
      const now = this.clock()
      const found = await this.db.query<{ body: Order; plan: Plan; reservations: string[] }>('SELECT body, plan, reservations FROM orders WHERE id = $1', [orderId])
      const row = found.rows[0]
      if (row === undefined) return reply(404, { error: 'unknown-order', message: `no order ${orderId}`, orderId })
      const state = await this.stock()
      const rerouted = reroute(state, row.body, row.plan, rejection, { now })
      if (E.isLeft(rerouted)) return reply(422, errorBody(rerouted.left))
      try {
        return await this.attempt((tx) => this.applyReroute(tx, orderId, row.plan, rerouted.right.plan, rejection, now))
      } catch (error) {
        if (error instanceof StockMoved) {
          await this.afterRace()
          continue
        }
        throw error
      }
    }
    return reply(503, { error: 'contention', message: `re-routing order ${orderId} lost ${this.maxAttempts} races for stock; retry` }, { 'retry-after': '1' })
  }

  private async applyReroute(
    tx: Sql,
    orderId: string,
    before: Plan,
    after: Plan,
    rejection: { readonly node: string; readonly sku?: string; readonly onHand?: number },
    now: string,
  ): Promise<Reply> {
    const locked = await tx.query<{ plan: Plan; reservations: string[] }>('SELECT plan, reservations FROM orders WHERE id = $1 FOR UPDATE', [orderId])
    const row = locked.rows[0]
    if (row === undefined || !sameJson(row.plan, before)) throw new StockMoved()
    const fresh = after.allocations.map((a) => ({ node: a.node, sku: a.sku }))
    const rejected: PositionKey[] = rejection.sku === undefined ? [] : [{ node: rejection.node, sku: rejection.sku }]
    let { state, reservations } = await lockedState(tx, this.catalogue, { reservations: row.reservations, positions: [...fresh, ...rejected] })
    const live = reservations.filter((r) => r.status === 'held' || r.status === 'confirmed')
    if (live.length === 0) throw new Refusal(reply(409, { error: 'not-live', message: `order ${orderId} holds no stock any more`, orderId }))
    // What the order holds now versus what the new plan needs, per (node, sku, line, instant).
    const want = new Map<string, number>()
    for (const a of after.allocations) want.set(allocationKey(a), (want.get(allocationKey(a)) ?? 0) + a.quantity)
    const events: StockEvent[] = []
    const released: LineQuantity[] = []
    for (const r of live) {
      const lines: LineQuantity[] = []
      for (const l of r.lines) {
        if (l.held === 0) continue
        const key = allocationKey({ node: l.node, sku: l.sku, lineId: l.line_id ?? undefined, availableAt: l.available_at ?? undefined })
        const keep = Math.min(l.held, want.get(key) ?? 0)
        want.set(key, (want.get(key) ?? 0) - keep)
        if (l.held > keep) lines.push({ node: l.node, sku: l.sku, quantity: l.held - keep })
      }
      if (lines.length === 0) continue
      const done = release(state, r.id, now, lines)
      if (E.isLeft(done)) throw new Refusal(reply(stockErrorStatus(done.left), errorBody(done.left)))
      state = done.right.state
      events.push(...done.right.events)
      released.push(...lines)
    }
    if (rejection.onHand !== undefined && rejection.sku !== undefined) {
      const counted = adjustOnHand(state, { node: rejection.node, sku: rejection.sku, onHand: rejection.onHand }, now, `pick rejected for order ${orderId}`)
      if (E.isLeft(counted)) throw new Refusal(reply(stockErrorStatus(counted.left), errorBody(counted.left)))
      state = counted.right.state
      events.push(...counted.right.events)
    }
    const added: Allocation[] = after.allocations
      .map((a) => {
        const missing = want.get(allocationKey(a)) ?? 0
        const q = Math.min(missing, a.quantity)
        want.set(allocationKey(a), missing - q)
        return { ...a, quantity: q }
      })
      .filter((a) => a.quantity > 0)
    const ids = [...row.reservations]
    if (added.length > 0) {
      const id = `order:${orderId}:${ids.length}`
      const request = reservationRequestFor({ ...after, allocations: added }, { now, expiresAt: addMinutes(now, this.holdMinutes), reservationId: id })
      const held = reserve(state, request, now)
      if (E.isLeft(held)) {
        if (held.left._tag === 'insufficient-stock') throw new StockMoved()
        throw new Refusal(reply(stockErrorStatus(held.left), errorBody(held.left)))
      }
      events.push(...held.right.events)
      ids.push(id)
    }
    await project(tx, events)
    await tx.query('UPDATE orders SET plan = $2, reservations = $3 WHERE id = $1', [orderId, JSON.stringify(after), JSON.stringify(ids)])
    return reply(200, { orderId, plan: after, released, reserved: added.map((a) => ({ node: a.node, sku: a.sku, quantity: a.quantity, lineId: a.lineId })), reservations: ids, events })
  }

  // -------------------------------------------------------------------------------------------
  // Stock movements
  // -------------------------------------------------------------------------------------------

  /** Announces an inbound lot (purchase order, transfer): its units count towards ATP from its eta. */
  async announceInbound(lot: InboundLot): Promise<Reply> {
    const now = this.clock()
    return this.attempt(async (tx) => {
      const taken = await tx.query('SELECT 1 FROM lots WHERE id = $1', [lot.id])
      if (taken.rows.length > 0) throw new Refusal(reply(409, { error: 'duplicate-lot', message: `lot ${lot.id} was already announced`, lot: lot.id }))
      const { state } = await lockedState(tx, this.catalogue, { positions: [{ node: lot.node, sku: lot.sku }], create: this.knownNode(lot.node) })
      const done = announceInbound(state, lot, now)
      if (E.isLeft(done)) throw new Refusal(reply(stockErrorStatus(done.left), errorBody(done.left)))
      await project(tx, done.right.events)
      return reply(201, { lot: lot.id, events: done.right.events })
    })
  }

  /** Receives an inbound lot, wholly or `quantity` units of it: they join on hand. */
  async receiveInbound(lotId: string, quantity?: number): Promise<Reply> {
    const now = this.clock()
    return this.attempt(async (tx) => {
      const lot = await tx.query<{ node: string; sku: string }>('SELECT node, sku FROM lots WHERE id = $1 AND quantity > 0', [lotId])
      const where = lot.rows[0]
      if (where === undefined) throw new Refusal(reply(404, { error: 'unknown-lot', message: `no inbound lot ${lotId} (or it was received in full)`, lot: lotId }))
      const { state } = await lockedState(tx, this.catalogue, { positions: [where] })
      const done = receiveInbound(state, lotId, now, quantity)
      if (E.isLeft(done)) throw new Refusal(reply(stockErrorStatus(done.left), errorBody(done.left)))
      await project(tx, done.right.events)
      return reply(200, { lot: lotId, events: done.right.events })
    })
  }

  /** Units returned at a node (an online order brought back to a store): they join on hand there. */
  async returnUnits(units: { readonly node: string; readonly sku: string; readonly quantity: number }): Promise<Reply> {
    const now = this.clock()
    if (!this.knownNode(units.node)) await this.networkChanged(await networkVersion(this.db))
    if (!this.knownNode(units.node)) return reply(404, { error: 'unknown-node', message: `node ${units.node} is not in the network`, node: units.node })
    return this.attempt(async (tx) => {
      const { state } = await lockedState(tx, this.catalogue, { positions: [units], create: true })
      const done = returnUnits(state, units, now)
      if (E.isLeft(done)) throw new Refusal(reply(stockErrorStatus(done.left), errorBody(done.left)))
      await project(tx, done.right.events)
      return reply(200, { events: done.right.events })
    })
  }

  /**
   * Applies a stock snapshot (the format of `--stock`): each row sets the on hand of its
   * position, creating it if needed ('adjusted' events; rows that change nothing emit none);
   * each lot not announced yet is announced ('inbound-announced'). Positions and lots the
   * snapshot leaves out are left as they are. All of it in one transaction, on positions
   * locked and read again, or none of it: 422 when the document does not fit the network
   * (`unknown-node`, `duplicate-position`, `duplicate-lot`, or policies, which change with the
   * network), 409 `below-reserved` naming every row that would leave a position with fewer
   * units than its live reservations hold, 409 `lot-conflict` naming every lot announced
   * already with other values. Every process's cache learns it from the event log.
   */
  async applyStockSnapshot(snapshot: StockSnapshot): Promise<Reply> {
    if (snapshot.policies !== undefined) {
      return reply(422, { error: 'invalid-input', path: '$.policies', message: '$.policies: stock policies change with the network (PUT /network), not with a stock snapshot' })
    }
    const rows = snapshot.rows
    const lots = snapshot.inbound ?? []
    // A node this process has not heard of yet may be one another process just added.
    if ([...rows, ...lots].some((r) => !this.knownNode(r.node))) await this.networkChanged(await networkVersion(this.db))
    const now = this.clock()
    return this.attempt(async (tx) => {
      const catalogue = this.catalogue
      // The document against the network: unknown nodes, repeated positions and lots, by path.
      const fits = buildStock(catalogue.network, snapshot)
      if (E.isLeft(fits)) throw new Refusal(reply(422, errorBody(fits.left)))
      // Every row's position exists before the locks are taken, so that all of them are locked.
      await tx.query('INSERT INTO positions (node, sku, on_hand) SELECT n, s, 0 FROM unnest($1::text[], $2::text[]) AS u (n, s) ON CONFLICT DO NOTHING', [
        rows.map((r) => r.node),
        rows.map((r) => r.sku),
      ])
      let { state } = await lockedState(tx, catalogue, { positions: [...rows, ...lots].map((r) => ({ node: r.node, sku: r.sku })) })
      const events: StockEvent[] = []
      const below: { path: string; node: string; sku: string; onHand: number; reserved: number }[] = []
      let adjusted = 0
      rows.forEach((r, i) => {
        const done = adjustOnHand(state, { node: r.node, sku: r.sku, onHand: r.onHand }, now, 'stock snapshot')
        if (E.isLeft(done)) throw new Refusal(reply(stockErrorStatus(done.left), { ...errorBody(done.left), path: `$.rows[${i}]` }))
        const event = done.right.events[0] as Extract<StockEvent, { readonly type: 'adjusted' }>
        if (event.delta === 0) return
        if (event.shortfall > 0) {
          below.push({ path: `$.rows[${i}].onHand`, node: r.node, sku: r.sku, onHand: r.onHand, reserved: r.onHand + event.shortfall })
          return
        }
        state = done.right.state
        events.push(...done.right.events)
        adjusted++
      })
      if (below.length > 0) {
        const message = `${below.length} row(s) would leave fewer units on hand than live reservations hold, first ${below[0]?.path}: ${below[0]?.onHand} < ${below[0]?.reserved} reserved`
        throw new Refusal(reply(409, { error: 'below-reserved', message, positions: below }))
      }
      const stored = await tx.query<{ id: string; node: string; sku: string; quantity: number; eta: string }>('SELECT id, node, sku, quantity, eta FROM lots WHERE id = ANY($1::text[]) FOR UPDATE', [lots.map((l) => l.id)])
      const known = new Map(stored.rows.map((l) => [l.id, l]))
      const conflicts: { path: string; lot: string; stored: unknown }[] = []
      let announced = 0
      lots.forEach((lot, j) => {
        const was = known.get(lot.id)
        if (was !== undefined) {
          const same = was.node === lot.node && was.sku === lot.sku && was.quantity === lot.quantity && Date.parse(was.eta) === Date.parse(lot.eta)
          if (!same) conflicts.push({ path: `$.inbound[${j}]`, lot: lot.id, stored: { node: was.node, sku: was.sku, quantity: was.quantity, eta: was.eta } })
          return
        }
        const done = announceInbound(state, lot, now)
        if (E.isLeft(done)) throw new Refusal(reply(stockErrorStatus(done.left), { ...errorBody(done.left), path: `$.inbound[${j}]` }))
        state = done.right.state
        events.push(...done.right.events)
        announced++
      })
      if (conflicts.length > 0) {
        const message = `${conflicts.length} lot(s) were announced already with other values, first ${conflicts[0]?.path} (${conflicts[0]?.lot}); a lot's remaining quantity changes with its receipts`
        throw new Refusal(reply(409, { error: 'lot-conflict', message, lots: conflicts }))
      }
      await project(tx, events)
      return reply(200, { adjusted, unchanged: rows.length - adjusted, announced, lotsUnchanged: lots.length - announced, events: events.length })
    })
  }

  /**
   * Replaces the network (and stock policies) while orders keep flowing: 200 with the new
   * version; 409 `stranded-stock` naming every position a closed node still holds; 422 for a
   * network or policies that do not decode, compile or fit. Reservations, positions and lots
   * are kept; every process carries its stock onto the new network from the event log.
   */
  async changeNetwork(network: unknown, policies: unknown): Promise<Reply> {
    const change = await changeNetworkTables(this.db, network, policies, this.clock())
    switch (change.kind) {
      case 'invalid': {
        // Paths in the request body: the network's under $.network; the policies' are already $.policies….
        const inBody = (text: string): string => (change.part === 'network' ? text.replace(/\$(?=[.[:\s]|$)/g, '$.network') : text)
        const e = change.error as typeof change.error & { readonly issues?: readonly { readonly path: string }[] }
        return reply(422, {
          error: e._tag,
          message: inBody(e.message),
          ...(e.path === undefined ? {} : { path: inBody(e.path) }),
          ...(e.issues === undefined ? {} : { issues: e.issues.map((i) => ({ ...i, path: inBody(i.path) })) }),
        })
      }
      case 'stranded': {
        const e = strandedStock(change.positions)
        return reply(409, { error: e._tag, message: e.message, positions: e.positions })
      }
      case 'changed':
        if (this.cache === undefined) this.own = change.catalogue
        await this.cache?.catchUp()
        return reply(200, { version: change.catalogue.version, nodes: change.catalogue.network.nodes.count, added: change.added, removed: change.removed })
    }
  }

  private knownNode(node: string): boolean {
    return this.catalogue.network.nodes.byId.has(node)
  }
}
