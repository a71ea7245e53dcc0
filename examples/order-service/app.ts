/**
 * The order service's HTTP interface (Hono). Every body, path parameter, query string and
 * header is decoded with the library's codecs before anything else happens: bad input is a
 * 400 naming the JSON path of each problem, never a 500.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import * as t from 'io-ts'
import { decodeError, decodeOrder, formatError, Id, InboundLot, PositiveQuantity, Quantity, type DecodeError } from '../../src/index.js'
import type { OrderService, Reply } from './service.js'
import { checkLedger } from './store.js'

const MAX_BODY_BYTES = 1_000_000

// The example's own envelopes, built from the library's primitive codecs.
const Finite = (name: string, min: number, max: number) =>
  t.refinement(t.number, (n) => Number.isFinite(n) && n >= min && n <= max, `${name} (a number from ${min} to ${max})`)

const LineQuantities = t.readonlyArray(t.type({ node: Id, sku: Id, quantity: PositiveQuantity }), 'LineQuantities')
const ReleaseBody = t.partial({ lines: LineQuantities }, 'ReleaseBody')
const RejectionBody = t.intersection([t.type({ node: Id }), t.partial({ sku: Id, onHand: Quantity })], 'Rejection')
const ReceiptBody = t.partial({ quantity: PositiveQuantity }, 'Receipt')
const ReturnBody = t.intersection([t.type({ node: Id, sku: Id, quantity: PositiveQuantity }), t.partial({ reason: t.string })], 'Return')
const IdParams = t.type({ params: t.type({ id: Id }) })
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

/** A numeric query value as a number when it reads as one, else as given (so the error shows it). */
const numeric = (v: string | undefined): unknown => (v !== undefined && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v)

const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

/** The order service as a Hono app: `app.fetch(request)` answers a Web-standard Request. */
export const createApp = (service: OrderService): Hono => {
  const app = new Hono()

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: 'payload-too-large', message: `bodies are limited to ${MAX_BODY_BYTES} bytes` }, 413),
    }),
  )

  app.get('/health', (c) => c.json({ ok: true, database: service.db.kind, now: service.now(), stats: service.stats, ...(service.cacheStats === undefined ? {} : { cache: service.cacheStats }) }))

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

  app.get('/ledger/check', async (c) => {
    const check = await checkLedger(service.db, service.catalogue)
    return c.json(check, check.consistent ? 200 : 500)
  })

  app.notFound((c) => c.json({ error: 'not-found', message: `no route ${c.req.method} ${c.req.path}` }, 404))
  app.onError((error, c) => {
    console.error(error)
    return c.json({ error: 'internal', message: 'unexpected error' }, 500)
  })
  return app
}
