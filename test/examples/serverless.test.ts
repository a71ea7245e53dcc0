/** The serverless handler, called directly with Web-standard Requests. */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import handler, { createHandler, MAX_BODY_BYTES } from '../../examples/serverless/handler.js'
import { routeScenario } from '../../src/index.js'

const NOW = '2026-11-27T09:00:00Z'
const handle = createHandler({ clock: () => NOW })
const scenario = (name: string): string => readFileSync(new URL(`../../examples/scenarios/${name}.json`, import.meta.url), 'utf8')
const post = (body: string): Request => new Request('https://fn.example/route', { method: 'POST', body, headers: { 'content-type': 'application/json' } })

describe('serverless handler', () => {
  it.each(['ship', 'pickup', 'hub', 'backorder', 'speed'])('routes the %s scenario to the plan routeScenario gives', async (name) => {
    const res = await handle(post(scenario(name)))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    const expected = routeScenario(JSON.parse(scenario(name)), NOW)
    if (E.isLeft(expected)) throw new Error(`${name} does not route`)
    expect(await res.json()).toEqual({ plan: JSON.parse(JSON.stringify(expected.right.plan)) })
  })

  it('is deterministic: the same scenario gives byte-identical bodies', async () => {
    const a = await (await handle(post(scenario('hub')))).text()
    const b = await (await handle(post(scenario('hub')))).text()
    expect(a).toBe(b)
  })

  it('answers an invalid scenario with a 400 naming every path', async () => {
    const res = await handle(post(scenario('invalid')))
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: string; issues: { path: string }[] }
    expect(body.error).toBe('invalid-request')
    expect(body.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['$.nodes[0].costs.package', '$.stock[0].onHand']))
  })

  it('answers what is not JSON with a 400, other methods with a 405, huge bodies with a 413', async () => {
    expect((await handle(post('{"nodes": ['))).status).toBe(400)
    expect((await handle(post(''))).status).toBe(400)
    const get = await handle(new Request('https://fn.example/route'))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    expect((await handle(post(' '.repeat(MAX_BODY_BYTES + 1)))).status).toBe(413)
  })

  it('answers an order the network cannot route with a 422', async () => {
    const doc = JSON.parse(scenario('ship')) as { order: Record<string, unknown> }
    doc.order['delivery'] = { method: 'pickup', node: 'NOWHERE' }
    const res = await handle(post(JSON.stringify(doc)))
    expect(res.status).toBe(422)
    expect(((await res.json()) as { error: string }).error).toBe('unknown-node')
  })

  it('uses the scenario’s own now, else the clock', async () => {
    const doc = JSON.parse(scenario('ship')) as Record<string, unknown>
    delete doc['now']
    const early = await (await createHandler({ clock: () => '2026-11-27T06:00:00Z' })(post(JSON.stringify(doc)))).json()
    const late = await (await createHandler({ clock: () => '2026-11-27T20:00:00Z' })(post(JSON.stringify(doc)))).json()
    expect((early as { plan: { eta?: string } }).plan.eta).not.toBe((late as { plan: { eta?: string } }).plan.eta)
  })

  it('has the module shape Workers-style runtimes load', () => {
    expect(typeof handler.fetch).toBe('function')
  })
})
