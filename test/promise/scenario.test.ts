/**
 * A promise scenario document end to end (src/promise/scenario.ts): every field of the
 * document reaches the promise — the catalogue's attributes, carrier timing and currency,
 * the price rule, rules, hold, ranking and penalty, and the availability
 * listing's limit, radius and buckets — each shown by the change it makes to the answer.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { customers, sampleNetwork, sampleStock } from '../../examples/sample-network.js'
import { promiseScenario, type PromiseScenarioResult } from '../../src/promise/scenario.js'

const base = (request: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...sampleNetwork,
  stock: sampleStock.rows,
  inbound: sampleStock.inbound,
  policies: sampleStock.policies,
  request: { channel: 'web', now: '2026-11-27T09:00:00Z', location: customers.lyonPresquile, sku: 'LAMP', ...request },
  ...extra,
})

const run = (doc: Record<string, unknown>, limits: { readonly budget?: number } = {}): PromiseScenarioResult => {
  const r = promiseScenario(doc, limits)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}
const without = (doc: Record<string, unknown>, key: string): Record<string, unknown> => {
  const { [key]: _dropped, ...rest } = doc
  return rest
}
const ship = (r: PromiseScenarioResult) => r.options.find((o) => o.method === 'ship')
const reserveAt = (r: PromiseScenarioResult, node: string) => r.options.find((o) => o.method === 'reserve-in-store' && o.node === node)

describe('a promise scenario’s network fields', () => {
  it('the currency is carried by every option, and left off without one', () => {
    expect(run(base()).options.every((o) => o.currency === 'EUR')).toBe(true)
    expect(run(without(base(), 'currency')).options.every((o) => o.currency === undefined)).toBe(true)
  })

  it('carrier timing moves the delivery estimate', () => {
    const normal = ship(run(base()))?.eta
    const slow = ship(run(base({}, { transit: { baseHours: 72, kmPerHour: 80 } })))?.eta
    expect(normal).toBeDefined()
    expect(Date.parse(slow ?? '')).toBeGreaterThan(Date.parse(normal ?? ''))
  })

  it('the catalogue’s attributes reach the rules (a bulky tent kept out of stores)', () => {
    const rules = { skuAttributes: [{ attribute: 'bulky', nodeKinds: ['warehouse'] }] }
    const doc = (skus: boolean) => (skus ? base({ sku: 'TENT-4P' }, { rules }) : without(base({ sku: 'TENT-4P' }, { rules }), 'skus'))
    const sources = (r: PromiseScenarioResult) => [...new Set(r.options.flatMap((o) => o.sources))]
    const kinds = new Map<string, string>(sampleNetwork.nodes.map((n) => [n.id, n.kind]))
    expect(sources(run(doc(true))).every((n) => kinds.get(n) !== 'store')).toBe(true)
    // Without the catalogue the tent has no attributes, and stores may send it.
    expect(sources(run(doc(false))).some((n) => kinds.get(n) === 'store')).toBe(true)
  })
})

describe('a promise scenario’s options', () => {
  it('the price rule prices the options (else the price is the cost)', () => {
    const atCost = ship(run(base()))
    expect(atCost?.price).toBe(atCost?.cost)
    expect(ship(run(base({}, { price: [{ method: 'ship', price: '4.90' }] })))?.price).toBe('4.90')
  })

  it('the hold lasts holdHours once the goods are ready', () => {
    const hold = (hours?: number) => reserveAt(run(base({}, hours === undefined ? {} : { holdHours: hours })), 'S-LYON-PART-DIEU')
    const two = hold()
    const five = hold(5)
    expect(Date.parse(five?.holdUntil ?? '') - Date.parse(two?.holdUntil ?? '')).toBe(3 * 3_600_000)
  })

  it('rankBy reorders the options', () => {
    const order = (rankBy?: string) => run(base({}, rankBy === undefined ? {} : { rankBy })).options.map((o) => `${o.method}@${o.node ?? ''}`)
    expect(order('eta')).not.toEqual(order())
    expect(order('distance')).toEqual(order())
  })

  it('the unfulfilled penalty decides whether a dear option is worth offering', () => {
    // Ten lamps: at a penalty of 0.01 a unit, serving nothing is cheaper than any plan.
    expect(run(base({ quantity: 10 }, { unfulfilledPenalty: '0.01' })).options).toEqual([])
    expect(run(base({ quantity: 10 })).options.length).toBeGreaterThan(0)
  })

  it('the rules reach every option (a node excluded sends nothing)', () => {
    const sources = (r: PromiseScenarioResult) => new Set(r.options.flatMap((o) => o.sources))
    expect(sources(run(base())).has('S-LYON-PART-DIEU')).toBe(true)
    expect(sources(run(base({}, { rules: { excludeNodes: ['S-LYON-PART-DIEU'] } }))).has('S-LYON-PART-DIEU')).toBe(false)
  })
})

describe('a promise scenario’s availability listing', () => {
  it('a single SKU lists the nearest stores; a cart lists none', () => {
    expect(run(base()).availability?.length).toBeGreaterThan(1)
    expect(run(base({ sku: undefined, lines: [{ sku: 'LAMP', quantity: 1 }] })).availability).toBeUndefined()
  })

  it('limit, radius and buckets are the listing’s, the radius defaulting to the request’s', () => {
    const all = run(base()).availability ?? []
    expect(run(base({}, { availability: { limit: 1 } })).availability).toEqual(all.slice(0, 1))
    const near = run(base({}, { availability: { radiusKm: 3 } })).availability ?? []
    expect(near.length).toBeLessThan(all.length)
    expect(near.every((a) => a.distanceKm <= 3)).toBe(true)
    expect(run(base({ radiusKm: 3 })).availability).toEqual(near)
    const labels = run(base({}, { availability: { buckets: [{ label: 'zero', min: 0 }, { label: 'some', min: 1 }] } })).availability ?? []
    expect(new Set(labels.map((a) => a.bucket))).toEqual(new Set(all.map((a) => (a.atp > 0 ? 'some' : 'zero'))))
  })
})
