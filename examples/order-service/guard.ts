/**
 * What stands between the network and the order service's routes: the bearer token, the
 * Origin check (a web page the operator visits must not reach a loopback service), JSON-only
 * bodies, and a rate limit per client. Each refusal is a JSON error with its status: 401,
 * 403, 415, 429.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'

export interface GuardOptions {
  /** The bearer token every request but `GET /health` must carry; none: no authentication. */
  readonly token?: string | undefined
  /** Origins allowed to call (an `Origin` header elsewhere is refused). Default: none. */
  readonly origins?: readonly string[]
  /** Requests a second per client, and the burst allowed above it; `perSecond` 0: no limit. Default 1,000 and 2,000. */
  readonly rateLimit?: { readonly perSecond: number; readonly burst?: number }
  /** The clock of the rate limit (ms); tests set it. */
  readonly nowMs?: () => number
}

/** Routes anyone may call: the load balancer's probe. */
const OPEN = new Set(['GET /health'])

const digest = (s: string): Buffer => createHash('sha256').update(s).digest()

/** 401 unless the request carries the token (compared in constant time). */
export const bearerAuth = (token: string): MiddlewareHandler => {
  const expected = digest(token)
  return async (c, next) => {
    if (OPEN.has(`${c.req.method} ${c.req.path}`)) return next()
    const header = c.req.header('authorization') ?? ''
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (m === null || !timingSafeEqual(digest(m[1] as string), expected)) {
      c.header('www-authenticate', 'Bearer')
      return c.json({ error: 'unauthorized', message: m === null ? 'send Authorization: Bearer <token>' : 'the token is not valid' }, 401)
    }
    return next()
  }
}

/** 403 for a request from a browser page of an origin not allowed (it sends `Origin`). */
export const originCheck = (allowed: readonly string[]): MiddlewareHandler => {
  const set = new Set(allowed)
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (origin !== undefined && !set.has(origin)) {
      return c.json({ error: 'forbidden-origin', message: `requests from ${origin} are not allowed`, origin }, 403)
    }
    return next()
  }
}

/** True when a media type is JSON (`application/json`, any parameters, or a `+json` suffix). */
const isJson = (contentType: string): boolean => {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase()
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
}

/**
 * 415 for a request with a body that is not declared JSON. A body of another type is read
 * to see whether it is empty (the routes read the same, cached, text).
 */
export const jsonOnly: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || isJson(c.req.header('content-type') ?? '')) return next()
  if ((await c.req.text()) !== '') {
    return c.json({ error: 'unsupported-media-type', message: 'bodies must be JSON (Content-Type: application/json)', contentType: c.req.header('content-type') ?? null }, 415)
  }
  return next()
}

/** The client a request comes from: its socket's address when served by Node, else `local`. */
export const clientOf = (c: Context): string => {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress ?? 'local'
}

/**
 * A token bucket per client: `perSecond` tokens a second up to `burst`; a request takes one
 * or gets 429 with `Retry-After`. Buckets of clients quiet for a minute are dropped.
 */
export const rateLimit = (perSecond: number, burst: number, nowMs: () => number, onLimited?: () => void): MiddlewareHandler => {
  const buckets = new Map<string, { tokens: number; at: number }>()
  let swept = nowMs()
  return async (c, next) => {
    const now = nowMs()
    if (now - swept > 60_000) {
      for (const [k, b] of buckets) if (now - b.at > 60_000) buckets.delete(k)
      swept = now
    }
    const client = clientOf(c)
    const b = buckets.get(client) ?? { tokens: burst, at: now }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond)
    b.at = now
    buckets.set(client, b)
    if (b.tokens < 1) {
      onLimited?.()
      c.header('retry-after', String(Math.max(1, Math.ceil((1 - b.tokens) / perSecond))))
      return c.json({ error: 'rate-limited', message: `at most ${perSecond} requests a second per client` }, 429)
    }
    b.tokens -= 1
    return next()
  }
}
