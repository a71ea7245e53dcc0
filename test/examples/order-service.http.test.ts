/**
 * The order service's HTTP surface beyond its commands (examples/order-service/app.ts,
 * guard.ts, metrics.ts, openapi.ts): the bearer token, the Origin check, JSON-only bodies,
 * size and rate limits, unknown routes, the OpenAPI description against the routes served,
 * the Prometheus metrics, the request log and a graceful stop. On embedded PGlite.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type AppOptions } from '../../examples/order-service/app.js'
import { openPglite, type Db } from '../../examples/order-service/db.js'
import { Metrics } from '../../examples/order-service/metrics.js'
import { openApiDocument } from '../../examples/order-service/openapi.js'
import { startServiceProcess } from '../../examples/order-service/processes.js'
import { OrderService } from '../../examples/order-service/service.js'
import { sampleGenesis, startService } from '../../examples/order-service/start.js'
import { migrate, type Catalogue } from '../../examples/order-service/store.js'
import { customers } from '../../examples/sample-network.js'
import { call } from './support.js'

const TOKEN = 's3cret-token'
const auth = { authorization: `Bearer ${TOKEN}` }
const order = (id: string) => ({ id, channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 1 }], delivery: { method: 'ship', to: customers.parisBastille } })

describe('the order service over HTTP', () => {
  let db: Db
  let catalogue: Catalogue
  beforeAll(async () => {
    db = await openPglite()
    catalogue = await migrate(db, sampleGenesis())
  })
  afterAll(async () => {
    await db?.close()
  })

  const appWith = (options: AppOptions = {}) => createApp(new OrderService(db, catalogue, { clock: () => '2026-11-27T09:00:00Z' }), { token: TOKEN, ...options })

  it('wants the bearer token on every route but the health probe', async () => {
    const app = appWith()
    expect((await call(app, 'GET', '/health')).status).toBe(200)
    const none = await call(app, 'GET', '/availability/LAMP?node=W-PARIS&channel=web')
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer')
    expect(none.body.error).toBe('unauthorized')
    expect((await call(app, 'GET', '/availability/LAMP?node=W-PARIS&channel=web', undefined, { authorization: 'Bearer nope' })).status).toBe(401)
    expect((await call(app, 'GET', '/availability/LAMP?node=W-PARIS&channel=web', undefined, { authorization: TOKEN })).status).toBe(401)
    expect((await call(app, 'GET', '/availability/LAMP?node=W-PARIS&channel=web', undefined, auth)).status).toBe(200)
    expect((await call(app, 'POST', '/orders', order('H-1'))).status).toBe(401)
    expect((await call(app, 'GET', '/metrics')).status).toBe(401)
    expect((await call(app, 'PUT', '/stock', { rows: [] })).status).toBe(401)
    expect((await call(app, 'PUT', '/stock', { rows: [] }, auth)).status).toBe(200)
  })

  it('answers unknown routes 404, bodies that are not JSON 415, oversize bodies 413', async () => {
    const app = appWith()
    const unknown = await call(app, 'GET', '/nowhere', undefined, auth)
    expect(unknown.status).toBe(404)
    expect(unknown.body.error).toBe('not-found')
    expect((await call(app, 'DELETE', '/orders/H-1', undefined, auth)).status).toBe(404)
    const text = await app.request('/orders', { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: JSON.stringify(order('H-2')) })
    expect(text.status).toBe(415)
    expect(((await text.json()) as { error: string }).error).toBe('unsupported-media-type')
    const form = await app.request('/returns', { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'node=S-LILLE&sku=LAMP&quantity=1' })
    expect(form.status).toBe(415)
    // No body, no content type: nothing to refuse.
    expect((await app.request('/reservations/expire', { method: 'POST', headers: auth })).status).toBe(200)
    expect((await call(app, 'POST', '/orders', order('H-3'), { ...auth, 'content-type': 'application/json; charset=utf-8' })).status).toBe(201)
    expect((await call(app, 'POST', '/orders', 'x'.repeat(1_100_000), auth)).status).toBe(413)
  })

  it('refuses requests from browser pages of other origins', async () => {
    const app = appWith({ origins: ['https://ops.example.com'] })
    const page = await call(app, 'POST', '/returns', { node: 'S-LILLE', sku: 'LAMP', quantity: 1 }, { ...auth, origin: 'https://evil.example' })
    expect(page.status).toBe(403)
    expect(page.body.error).toBe('forbidden-origin')
    expect((await call(app, 'GET', '/health', undefined, { origin: 'http://localhost:8000' })).status).toBe(403)
    expect((await call(app, 'GET', '/availability/LAMP?node=W-PARIS&channel=web', undefined, { ...auth, origin: 'https://ops.example.com' })).status).toBe(200)
  })

  it('limits each client to its rate, then lets it through again', async () => {
    let now = 0
    const metrics = new Metrics()
    const app = appWith({ rateLimit: { perSecond: 2, burst: 3 }, nowMs: () => now, metrics })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await call(app, 'GET', '/health')).status)
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    const limited = await call(app, 'GET', '/health')
    expect(limited.headers.get('retry-after')).toBe('1')
    expect(limited.body.error).toBe('rate-limited')
    now += 1000
    expect((await call(app, 'GET', '/health')).status).toBe(200)
    expect((await call(app, 'GET', '/health')).status).toBe(200)
    expect((await call(app, 'GET', '/health')).status).toBe(429)
    expect(metrics.render()).toContain('omnistock_rate_limited_total 4')
  })

  it('describes exactly the routes it serves in /openapi.json', async () => {
    const app = appWith()
    const served = new Set(app.routes.filter((r) => r.path !== '/*' && r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`))
    const got = await call(app, 'GET', '/openapi.json', undefined, auth)
    expect(got.status).toBe(200)
    expect(got.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())))
    const described = new Set(Object.entries(got.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)))
    expect([...described].sort()).toEqual([...served].sort())
    expect(got.body.openapi).toBe('3.1.0')
    for (const [path, ops] of Object.entries(got.body.paths as Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }>>)) {
      for (const op of Object.values(ops)) {
        expect(Object.keys(op.responses).length).toBeGreaterThan(0)
        // Every path parameter is declared.
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) expect(op.parameters?.some((p) => p.in === 'path' && p.name === name)).toBe(true)
      }
    }
  })

  it('counts and times requests in /metrics, with the orders, and logs one line per request', async () => {
    const lines: Record<string, unknown>[] = []
    const app = appWith({ log: (e) => lines.push({ ...e }) })
    await call(app, 'POST', '/orders', order('H-4'), auth)
    await call(app, 'GET', '/orders/H-4', undefined, auth)
    await call(app, 'GET', '/orders/H-4')
    const m = await app.request('/metrics', { headers: auth })
    expect(m.status).toBe(200)
    expect(m.headers.get('content-type')).toContain('text/plain')
    const text = await m.text()
    expect(text).toContain('# TYPE omnistock_http_requests_total counter')
    expect(text).toContain('omnistock_http_requests_total{method="POST",route="/orders",status="201"} 1')
    expect(text).toContain('omnistock_http_requests_total{method="GET",route="/orders/:id",status="200"} 1')
    expect(text).toContain('omnistock_http_requests_total{method="GET",route="/orders/:id",status="401"} 1')
    expect(text).toContain('# TYPE omnistock_http_request_duration_seconds histogram')
    expect(text).toContain('omnistock_http_request_duration_seconds_bucket{route="/orders",le="+Inf"} 1')
    expect(text).toMatch(/omnistock_http_request_duration_seconds_count\{route="\/orders\/:id"\} 2/)
    expect(text).toMatch(/omnistock_orders_placed_total \d+/)
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[\d.e+]+)$/)
    expect(lines.map((l) => [l.method, l.path, l.route, l.status])).toEqual([
      ['POST', '/orders', '/orders', 201],
      ['GET', '/orders/H-4', '/orders/:id', 200],
      ['GET', '/orders/H-4', '/orders/:id', 401],
      ['GET', '/metrics', '/metrics', 200],
    ])
    for (const l of lines) {
      expect(typeof l.ms).toBe('number')
      expect(typeof l.time).toBe('string')
    }
  })
})

describe('stopping the service', () => {
  it('lets requests being answered finish, then refuses new ones', async () => {
    const db = await openPglite()
    const running = await startService({ db, cache: false })
    try {
      // Hold the database (PGlite runs one transaction at a time) so the order waits in flight.
      let release = (): void => undefined
      const held = new Promise<void>((r) => (release = r))
      const blocking = db.transaction(async () => held)
      const pending = fetch(`${running.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order('G-1')) })
      await new Promise((r) => setTimeout(r, 100))
      const closing = running.close()
      await new Promise((r) => setTimeout(r, 50))
      const late = await fetch(`${running.url}/health`).then(
        (r) => r.status,
        () => 'refused',
      )
      expect([503, 'refused']).toContain(late)
      release()
      await blocking
      const answered = await pending
      expect(answered.status).toBe(201)
      await closing
    } finally {
      await db.close().catch(() => undefined)
    }
  })
})

describe('the service process (main.ts)', () => {
  it('serves the retailer’s own network and stock from files behind its token, and stops on SIGTERM with exit code 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnistock-service-'))
    const network = { nodes: [{ id: 'WH-1', kind: 'warehouse', location: { lat: 45.75, lon: 4.85 }, costs: { package: '5', unit: '0.5', perUnitKm: '0.0003' } }], skus: [{ id: 'MUG' }] }
    writeFileSync(join(dir, 'network.json'), JSON.stringify(network))
    writeFileSync(join(dir, 'stock.json'), JSON.stringify({ rows: [{ node: 'WH-1', sku: 'MUG', onHand: 7 }] }))
    const proc = await startServiceProcess('', { args: ['--network', join(dir, 'network.json'), '--stock', join(dir, 'stock.json')], env: { OMNISTOCK_TOKEN: TOKEN } })
    try {
      expect((await fetch(`${proc.url}/availability/MUG?node=WH-1&channel=web`)).status).toBe(401)
      const got = await fetch(`${proc.url}/availability/MUG?node=WH-1&channel=web`, { headers: auth })
      expect(((await got.json()) as { atp: number }).atp).toBe(7)
      const exited = new Promise<number | null>((r) => proc.child.once('exit', (code) => r(code)))
      proc.child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      await proc.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses to serve beyond loopback without a token', async () => {
    const failed = await startServiceProcess('', { args: ['--host', '0.0.0.0'], env: { OMNISTOCK_TOKEN: '' }, timeoutMs: 30_000 }).then(
      async (p) => {
        await p.stop()
        return 'started'
      },
      (error: unknown) => String(error),
    )
    expect(failed).toContain('refusing to serve on 0.0.0.0 without a token')
  })
})

describe('routing off the event loop', () => {
  it('answers /health again and again while a 16,000-line order routes in a worker', async () => {
    const db = await openPglite()
    // A budget four times the default: the order routes for a second or more.
    const running = await startService({ db, workers: 1, budget: 40_000_000 })
    try {
      const skus = ['SNEAKER-42', 'JACKET-M', 'TENT-4P', 'LAMP']
      const big = {
        id: 'BIG-1',
        channel: 'web',
        allowUnknownSkus: true,
        lines: Array.from({ length: 16_000 }, (_, i) => ({ id: String(i), sku: i < skus.length ? skus[i] : `X-${i}`, quantity: 1 })),
        delivery: { method: 'ship', to: customers.lyonPresquile },
      }
      let done = false
      const pending = fetch(`${running.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(big) }).then(async (r) => {
        done = true
        return { status: r.status, body: (await r.json()) as { plan?: { optimality: string; allocations: unknown[] } } }
      })
      // Probes answered while the order was in the worker: on the event loop, routing would
      // hold every probe until it ended, and none would see it routing.
      let answeredWhileRouting = 0
      while (!done) {
        const health = (await (await fetch(`${running.url}/health`)).json()) as { routing?: number }
        if ((health.routing ?? 0) > 0) answeredWhileRouting++
      }
      const order = await pending
      expect(order.status).toBe(201)
      expect(order.body.plan?.allocations.length).toBeGreaterThan(0)
      expect(answeredWhileRouting).toBeGreaterThan(5)
    } finally {
      await running.close()
    }
  })
})
