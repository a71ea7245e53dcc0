/**
 * The order service's HTTP interface (Hono). Requests pass the guards first (guard.ts: the
 * Origin check, the bearer token, the rate limit, the body size, JSON only); then every body,
 * path parameter, query string and header is decoded with the library's codecs before
 * anything else happens: bad input is a 400 naming the JSON path of each problem, never a
 * 500. Each request is counted and timed (`GET /metrics`) and, when asked, logged as one
 * line of JSON.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { matchedRoutes } from 'hono/route'
import * as t from 'io-ts'
import { decodeError, decodeOrder, decodeStockSnapshot, formatError, Id, InboundLot, PositiveQuantity, Quantity, type DecodeError } from '../../src/index.js'
import { bearerAuth, clientOf, jsonOnly, originCheck, rateLimit, type GuardOptions } from './guard.js'
import { Metrics } from './metrics.js'
import { openApiDocument } from './openapi.js'
import type { OrderService, Reply } from './service.js'
import { checkLedger } from './store.js'

/** How the app is guarded, observed and stopped. */
export interface AppOptions extends GuardOptions {
  /** Where the request metrics go (default: a new registry, served at `/metrics`). */
  readonly metrics?: Metrics
  /** Called with one structured entry per request. */
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void
  /** Requests being answered now: the server waits for them to end before it stops. */
  readonly inFlight?: { count: number }
  /** True once the process is stopping: new requests get 503. */
  readonly draining?: () => boolean
}

const MAX_BODY_BYTES = 1_000_000
/** A national network's document runs to megabytes: `PUT /network` alone takes up to this. */
const MAX_NETWORK_BYTES = 32_000_000

// The example's own envelopes, built from the library's primitive codecs.
const Finite = (name: string, min: number, max: number) =>
  t.refinement(t.number, (n) => Number.isFinite(n) && n >= min && n <= max, `${name} (a number from ${min} to ${max})`)

const LineQuantities = t.readonlyArray(t.type({ node: Id, sku: Id, quantity: PositiveQuantity }), 'LineQuantities')
const ReleaseBody = t.partial({ lines: LineQuantities }, 'ReleaseBody')
const RejectionBody = t.intersection([t.type({ node: Id }), t.partial({ sku: Id, onHand: Quantity })], 'Rejection')
const ReceiptBody = t.partial({ quantity: PositiveQuantity }, 'Receipt')
const ReturnBody = t.intersection([t.type({ node: Id, sku: Id, quantity: PositiveQuantity }), t.partial({ reason: t.string })], 'Return')
const IdParams = t.type({ params: t.type({ id: Id }) })
/** The envelope only: the network and policies are decoded by the library, naming their paths. */
const NetworkBody = t.intersection([t.type({ network: t.UnknownRecord }), t.partial({ policies: t.UnknownRecord })], 'NetworkChange')
const AtNodeQuery = t.type({
  params: t.type({ sku: Id }),
  query: t.intersection([t.type({ node: Id, channel: Id }), t.partial({ at: t.string })]),
})
const NearQuery = t.type({
  params: t.type({ sku: Id }),
  query: t.intersection([
    t.type({ channel: Id, lat: Finite('Latitude', -90, 90), lon: Finite('Longitude', -180, 180), radiusKm: Finite('Kilometres', 0, 40_000) }),
    t.partial({ limit: PositiveQuantity }),
  ]),
})
const ChannelsQuery = t.type({ params: t.type({ sku: Id }), query: t.partial({ channels: t.readonlyArray(Id) }) })
const KeyHeader = t.type({ headers: t.partial({ 'idempotency-key': Id }) })

const decodeWith =
  <A>(codec: t.Decoder<unknown, A>, document: string) =>
  (input: unknown): E.Either<DecodeError, A> =>
    E.mapLeft((errors: t.Errors) => decodeError(document, errors))(codec.decode(input))

const invalid = (c: Context, error: DecodeError): Response =>
  c.json({ error: 'invalid-request', document: error.document, message: formatError(error), issues: error.issues }, 400)

const send = (c: Context, r: Reply): Response => {
  for (const [k, v] of Object.entries(r.headers ?? {})) c.header(k, v)
  return c.json(r.body as object, r.status as 200)
}

/** The JSON body, or undefined for an empty body; a `Response` when it is not JSON. */
const readJson = async (c: Context, optional: boolean): Promise<{ value: unknown } | Response> => {
  const text = await c.req.text()
  if (text.trim() === '') {
    if (optional) return { value: {} }
    return c.json({ error: 'invalid-json', message: 'expected a JSON body', issues: [{ path: '$', expected: 'a JSON document', actual: 'an empty body' }] }, 400)
  }
  try {
    return { value: JSON.parse(text) as unknown }
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unparsable'
    return c.json({ error: 'invalid-json', message: `the body is not JSON: ${detail}`, issues: [{ path: '$', expected: 'a JSON document', actual: detail }] }, 400)
  }
}

/** The route a request matched (`/orders/:id`), refused or not; `unmatched` for none: few label values. */
const routeOf = (c: Context): string => {
  const routes = matchedRoutes(c).filter((r) => r.path !== '/*' && r.path !== '*')
  return routes[routes.length - 1]?.path ?? 'unmatched'
}

/** A numeric query value as a number when it reads as one, else as given (so the error shows it). */
const numeric = (v: string | undefined): unknown => (v !== undefined && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v)

const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

/** The order service as a Hono app: `app.fetch(request)` answers a Web-standard Request. */
export const createApp = (service: OrderService, options: AppOptions = {}): Hono => {
  const app = new Hono()
  const metrics = options.metrics ?? new Metrics()
  const inFlight = options.inFlight ?? { count: 0 }

  // Outermost: every request, refused or not, is counted, timed and logged.
  app.use('*', async (c, next) => {
    const started = performance.now()
    inFlight.count++
    try {
      await next()
    } finally {
      inFlight.count--
      const seconds = (performance.now() - started) / 1000
      const route = routeOf(c)
      const status = String(c.res.status)
      metrics.inc('omnistock_http_requests_total', 'HTTP requests answered, by method, route and status', { method: c.req.method, route, status })
      metrics.observe('omnistock_http_request_duration_seconds', 'Time to answer an HTTP request, by route', seconds, { route })
      options.log?.({ time: new Date().toISOString(), method: c.req.method, path: c.req.path, route, status: c.res.status, ms: Math.round(seconds * 100_000) / 100, client: clientOf(c) })
    }
  })
  app.use('*', async (c, next) => {
    if (options.draining?.() !== true) return next()
    c.header('connection', 'close')
    return c.json({ error: 'shutting-down', message: 'this process is stopping; retry on another' }, 503)
  })
  app.use('*', originCheck(options.origins ?? []))
  if (options.token !== undefined && options.token !== '') app.use('*', bearerAuth(options.token))
  const limit = options.rateLimit ?? { perSecond: 1000 }
  if (limit.perSecond > 0) {
    const onLimited = (): void => metrics.inc('omnistock_rate_limited_total', 'Requests refused by the rate limit')
    app.use('*', rateLimit(limit.perSecond, limit.burst ?? 2 * limit.perSecond, options.nowMs ?? Date.now, onLimited))
  }
  const limited = (maxSize: number) =>
    bodyLimit({ maxSize, onError: (c) => c.json({ error: 'payload-too-large', message: `bodies are limited to ${maxSize} bytes` }, 413) })
  const bodies = limited(MAX_BODY_BYTES)
  const networks = limited(MAX_NETWORK_BYTES)
  app.use('*', (c, next) => (c.req.path === '/network' && c.req.method === 'PUT' ? networks(c, next) : bodies(c, next)))
  app.use('*', jsonOnly)

  app.get('/health', (c) =>
    c.json({
      ok: true,
      database: service.db.kind,
      now: service.now(),
      stats: service.stats,
      ...(service.cacheStats === undefined ? {} : { cache: service.cacheStats }),
      ...(service.routing === undefined ? {} : { routing: service.routing }),
      memory: { rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed },
    }),
  )

  app.get('/openapi.json', (c) => c.json(openApiDocument()))

  app.get('/metrics', (c) => {
    const s = service.stats
    metrics.set('omnistock_orders_placed_total', 'Orders placed (201)', s.placed, {}, 'counter')
    metrics.set('omnistock_orders_refused_total', 'Orders refused for want of stock (409 out-of-stock)', s.refused, {}, 'counter')
    metrics.set('omnistock_orders_rerouted_total', 'Plans made again after another order took their units first', s.reroutedAfterRace, {}, 'counter')
    const cache = service.cacheStats
    if (cache !== undefined) {
      metrics.set('omnistock_cache_transactions_applied_total', 'Transactions of the event log the stock cache applied', cache.transactionsApplied, {}, 'counter')
      metrics.set('omnistock_cache_loads_total', 'Times the stock cache loaded the tables', cache.loads, {}, 'counter')
      metrics.set('omnistock_cache_notifications_total', 'Notifications of new events the stock cache heard', cache.notifications, {}, 'counter')
      metrics.set('omnistock_cache_lag_seconds', 'Time from a notification to the end of the catch-up that took it in (last one)', cache.lagMs / 1000)
    }
    return c.text(metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
  })

  app.get('/availability/:sku', async (c) => {
    const q = decodeWith(AtNodeQuery, 'availability query')({ params: c.req.param(), query: defined({ node: c.req.query('node'), channel: c.req.query('channel'), at: c.req.query('at') }) })
    if (E.isLeft(q)) return invalid(c, q.left)
    const { node, channel, at } = q.right.query
    return send(c, await service.availabilityAt({ sku: q.right.params.sku, node, channel, ...(at === undefined ? {} : { at }) }))
  })

  app.get('/availability/:sku/near', async (c) => {
    const raw = { channel: c.req.query('channel'), lat: numeric(c.req.query('lat')), lon: numeric(c.req.query('lon')), radiusKm: numeric(c.req.query('radiusKm')), limit: numeric(c.req.query('limit')) }
    const q = decodeWith(NearQuery, 'availability query')({ params: c.req.param(), query: defined(raw) })
    if (E.isLeft(q)) return invalid(c, q.left)
    const { limit, ...rest } = q.right.query
    return send(c, await service.availabilityNear({ sku: q.right.params.sku, ...rest, ...(limit === undefined ? {} : { limit }) }))
  })

  app.get('/availability/:sku/channels', async (c) => {
    const list = c.req.query('channels')
    const q = decodeWith(ChannelsQuery, 'availability query')({ params: c.req.param(), query: defined({ channels: list?.split(',') }) })
    if (E.isLeft(q)) return invalid(c, q.left)
    const channels = q.right.query.channels
    return send(c, await service.availabilityByChannel({ sku: q.right.params.sku, ...(channels === undefined ? {} : { channels }) }))
  })

  app.post('/orders', async (c) => {
    const key = decodeWith(KeyHeader, 'request headers')({ headers: defined({ 'idempotency-key': c.req.header('idempotency-key') }) })
    if (E.isLeft(key)) return invalid(c, key.left)
    const body = await readJson(c, false)
    if (body instanceof Response) return body
    const order = decodeOrder(body.value)
    if (E.isLeft(order)) return invalid(c, order.left)
    return send(c, await service.placeOrder(order.right, key.right.headers['idempotency-key']))
  })

  app.get('/orders/:id', async (c) => {
    const p = decodeWith(IdParams, 'path')({ params: c.req.param() })
    if (E.isLeft(p)) return invalid(c, p.left)
    return send(c, await service.getOrder(p.right.params.id))
  })

  app.post('/orders/:id/rejections', async (c) => {
    const p = decodeWith(IdParams, 'path')({ params: c.req.param() })
    if (E.isLeft(p)) return invalid(c, p.left)
    const body = await readJson(c, false)
    if (body instanceof Response) return body
    const rejection = decodeWith(RejectionBody, 'rejection')(body.value)
    if (E.isLeft(rejection)) return invalid(c, rejection.left)
    return send(c, await service.rejectPick(p.right.params.id, rejection.right))
  })

  app.post('/reservations/expire', async (c) => send(c, await service.expireDue()))

  app.post('/reservations/:id/confirm', async (c) => {
    const p = decodeWith(IdParams, 'path')({ params: c.req.param() })
    if (E.isLeft(p)) return invalid(c, p.left)
    return send(c, await service.confirm(p.right.params.id))
  })

  app.post('/reservations/:id/release', async (c) => {
    const p = decodeWith(IdParams, 'path')({ params: c.req.param() })
    if (E.isLeft(p)) return invalid(c, p.left)
    const body = await readJson(c, true)
    if (body instanceof Response) return body
    const release = decodeWith(ReleaseBody, 'release')(body.value)
    if (E.isLeft(release)) return invalid(c, release.left)
    return send(c, await service.release(p.right.params.id, release.right.lines))
  })

  app.post('/inbound', async (c) => {
    const body = await readJson(c, false)
    if (body instanceof Response) return body
    const lot = decodeWith(InboundLot, 'inbound lot')(body.value)
    if (E.isLeft(lot)) return invalid(c, lot.left)
    return send(c, await service.announceInbound(lot.right))
  })

  app.post('/inbound/:id/receipts', async (c) => {
    const p = decodeWith(IdParams, 'path')({ params: c.req.param() })
    if (E.isLeft(p)) return invalid(c, p.left)
    const body = await readJson(c, true)
    if (body instanceof Response) return body
    const receipt = decodeWith(ReceiptBody, 'receipt')(body.value)
    if (E.isLeft(receipt)) return invalid(c, receipt.left)
    return send(c, await service.receiveInbound(p.right.params.id, receipt.right.quantity))
  })

  app.post('/returns', async (c) => {
    const body = await readJson(c, false)
    if (body instanceof Response) return body
    const units = decodeWith(ReturnBody, 'return')(body.value)
    if (E.isLeft(units)) return invalid(c, units.left)
    const { node, sku, quantity } = units.right
    return send(c, await service.returnUnits({ node, sku, quantity }))
  })

  app.put('/network', async (c) => {
    const body = await readJson(c, false)
    if (body instanceof Response) return body
    const change = decodeWith(NetworkBody, 'network change')(body.value)
    if (E.isLeft(change)) return invalid(c, change.left)
    return send(c, await service.changeNetwork(change.right.network, change.right.policies))
  })

  // A stock snapshot (the `--stock` format) within the common body limit: about 25,000 rows.
  app.put('/stock', async (c) => {
    const body = await readJson(c, false)
    if (body instanceof Response) return body
    const snapshot = decodeStockSnapshot(body.value)
    if (E.isLeft(snapshot)) return invalid(c, snapshot.left)
    return send(c, await service.applyStockSnapshot(snapshot.right))
  })

  app.get('/ledger/check', async (c) => {
    const check = await checkLedger(service.db)
    return c.json(check, check.consistent ? 200 : 500)
  })

  app.notFound((c) => c.json({ error: 'not-found', message: `no route ${c.req.method} ${c.req.path}` }, 404))
  app.onError((error, c) => {
    console.error(error)
    return c.json({ error: 'internal', message: 'unexpected error' }, 500)
  })
  return app
}
