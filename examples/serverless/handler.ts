/**
 * A serverless routing function: a Web-standard handler (`Request` → `Response`) that
 * decodes a scenario document (network, stock, order), routes the order and returns the plan.
 * It holds no state and opens no connection, so it runs unchanged wherever a platform hands
 * over a `Request`: Cloudflare Workers and Deno (`export default { fetch }`), Vercel and
 * Netlify functions, AWS Lambda behind a Request adapter, Bun.serve, or Node through
 * `@hono/node-server`.
 *
 *   POST /  {"now": "...", "nodes": [...], "stock": [...], "order": {...}}
 *   200 {"plan": {...}}            routed (possibly with unfulfilled lines)
 *   400 {"error": "invalid-request", "issues": [{"path": "$.order.lines[0].quantity", ...}]}
 *   422 {"error": "<routing or stock error>", ...}
 */
import * as E from 'fp-ts/lib/Either.js'
import { routeScenario } from '../../src/index.js'

/** Largest scenario accepted, in bytes. */
export const MAX_BODY_BYTES = 2_000_000

export interface HandlerOptions {
  /** The instant used when the scenario has no `now`. Default: the platform's clock. */
  readonly clock?: () => string
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } })

const badJson = (actual: string): Response =>
  json(400, { error: 'invalid-json', message: `the body is not a JSON document: ${actual}`, issues: [{ path: '$', expected: 'a JSON document', actual }] })

/** Builds the handler. */
export const createHandler =
  (options: HandlerOptions = {}) =>
  async (request: Request): Promise<Response> => {
    if (request.method !== 'POST') return json(405, { error: 'method-not-allowed', message: 'POST a scenario document' }, { allow: 'POST' })
    const declared = Number(request.headers.get('content-length') ?? '0')
    if (declared > MAX_BODY_BYTES) return json(413, { error: 'payload-too-large', message: `scenarios are limited to ${MAX_BODY_BYTES} bytes` })
    const text = await request.text()
    if (text.length > MAX_BODY_BYTES) return json(413, { error: 'payload-too-large', message: `scenarios are limited to ${MAX_BODY_BYTES} bytes` })
    if (text.trim() === '') return badJson('an empty body')
    let document: unknown
    try {
      document = JSON.parse(text)
    } catch (error) {
      return badJson(error instanceof Error ? error.message : 'unparsable')
    }
    const now = (options.clock ?? (() => new Date().toISOString()))()
    const routed = routeScenario(document, now)
    if (E.isRight(routed)) return json(200, { plan: routed.right.plan })
    const error = routed.left
    if (error._tag === 'decode-error') {
      return json(400, { error: 'invalid-request', document: error.document, message: error.message, issues: error.issues })
    }
    return json(422, { error: error._tag, ...error })
  }

/** The handler with the platform's clock. */
export const handle = createHandler()

/** The module shape Workers-style runtimes load. */
export default { fetch: handle }
