/**
 * The network's currency: validated as an ISO 4217 code, carried on every plan (routeOrder,
 * routeBatch, reroute) and promise option, and shown by explanations; amounts in JSON stay
 * exact decimal strings.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { customers, sampleNetwork } from '../../examples/sample-network.js'
import { loadSample, order } from '../../examples/setup.js'
import { routeBatch } from '../../src/batch/batch.js'
import { reroute } from '../../src/batch/reroute.js'
import { decodeNetwork, decodePromiseRequest } from '../../src/codecs/decode.js'
import { describeNode } from '../../src/routing/explain.js'
import { promiseOptions } from '../../src/promise/promise.js'
import { routeOrder } from '../../src/routing/route.js'

const now = '2026-11-27T09:00:00Z'
const jacket = order({
  id: 'O-1', channel: 'web', lines: [{ id: '1', sku: 'JACKET-M', quantity: 1 }, { id: '2', sku: 'LAMP', quantity: 1 }],
  delivery: { method: 'ship', to: customers.lyonPresquile },
})

describe('currency', () => {
  it('is three upper-case letters, optional, and its path is named when wrong', () => {
    expect(E.isRight(decodeNetwork({ ...sampleNetwork, currency: 'EUR' }))).toBe(true)
    const { currency: _currency, ...without } = sampleNetwork
    expect(E.isRight(decodeNetwork(without))).toBe(true)
    for (const bad of ['eur', 'EURO', 'E1R', '', 978]) {
      const r = decodeNetwork({ ...sampleNetwork, currency: bad })
      expect(E.isLeft(r) && r.left.issues[0]?.path).toBe('$.currency')
    }
  })

  it('rides on every plan, and the summary reads euros while totalCost stays exact', () => {
    const { stock } = loadSample()
    const plan = routeOrder(stock, jacket, { now })
    if (E.isLeft(plan)) throw new Error('route')
    expect(plan.right.currency).toBe('EUR')
    expect(plan.right.totalCost).toMatch(/^\d+(\.\d{1,6})?$/)
    const total = Number(plan.right.totalCost).toFixed(2)
    expect(plan.right.explanation.summary).toContain(`total €${total}`)
    const priced = plan.right.explanation.nodes.find((n) => n.reason === 'costlier-by')
    if (priced !== undefined) expect(describeNode(priced, 'EUR')).toMatch(/costs €\d+\.\d{2} more$/)
    const batch = routeBatch(stock, [jacket], { now })
    const routed = batch.outcomes[0]
    expect(routed?.status === 'routed' && routed.plan.currency).toBe('EUR')
    const moved = reroute(batch.state, jacket, plan.right, { node: plan.right.allocations[0]?.node ?? '' }, { now })
    if (E.isLeft(moved)) throw new Error('reroute')
    expect(moved.right.plan.currency).toBe('EUR')
  })

  it('without one, plans carry none and summaries keep the exact decimal', () => {
    const { currency: _currency, ...without } = sampleNetwork
    const { stock } = loadSample(without)
    const plan = routeOrder(stock, jacket, { now })
    if (E.isLeft(plan)) throw new Error('route')
    expect('currency' in plan.right).toBe(false)
    expect(plan.right.explanation.summary).toContain(`total ${plan.right.totalCost} (`)
  })

  it('rides on promise options and their plans, as on the plan routing the option gives', () => {
    const { stock } = loadSample()
    const request = decodePromiseRequest({ channel: 'web', location: customers.lyonPresquile, now, sku: 'LAMP' })
    if (E.isLeft(request)) throw new Error('request')
    const options = promiseOptions(stock, request.right)
    if (E.isLeft(options)) throw new Error('promise')
    expect(options.right.length).toBeGreaterThan(0)
    for (const o of options.right) {
      expect([o.currency, o.plan.currency]).toEqual(['EUR', 'EUR'])
      const again = routeOrder(stock, o.order, { now })
      if (E.isLeft(again)) throw new Error('route')
      const { explanation: _explanation, ...plan } = again.right
      expect(JSON.stringify(plan)).toBe(JSON.stringify(o.plan))
    }
  })

  it('is not a call option: the network states it once', () => {
    const { stock } = loadSample()
    const r = routeOrder(stock, jacket, { now, currency: 'USD' } as never)
    expect(E.isLeft(r) && r.left._tag).toBe('invalid-option')
  })
})
