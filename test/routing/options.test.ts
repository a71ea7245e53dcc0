import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { customers } from '../../examples/sample-network.js'
import { loadSample, order } from '../../examples/setup.js'
import { routeBatch } from '../../src/batch/batch.js'
import { reroute } from '../../src/batch/reroute.js'
import { promiseOptions } from '../../src/promise/promise.js'
import { routeOrder, type RouteOptions } from '../../src/routing/route.js'
import type { PromiseRequest } from '../../src/model/promise.js'

const now = '2026-11-27T09:00:00Z'
const sample = loadSample()
const lamp = order({ id: 'OPT-1', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 2 }], delivery: { method: 'ship', to: customers.grenoble } })

/** Routes `lamp` with options that are not what the type says, as JavaScript callers can. */
const routeWith = (options: unknown) => routeOrder(sample.stock, lamp, options as RouteOptions)

const leftOf = <A>(r: E.Either<{ readonly _tag: string; readonly path?: string }, A>) => (E.isLeft(r) ? { _tag: r.left._tag, path: r.left.path } : 'right')

describe('route options are input too', () => {
  it('a penalty that is not an amount is an error naming the option, not a NaN plan marked proven', () => {
    expect(leftOf(routeWith({ now, defaultUnfulfilledPenalty: 'abc' }))).toEqual({ _tag: 'invalid-option', path: '$.options.defaultUnfulfilledPenalty' })
  })

  it.each([
    [{ now: 'tomorrow' }, '$.options.now'],
    [{}, '$.options.now'],
    [{ now, strategy: 'cheapest' }, '$.options.strategy'],
    [{ now, rules: { nodeKinds: ['castle'] } }, '$.options.rules.nodeKinds[0]'],
    [{ now, rules: { maxDistanceKm: -1 } }, '$.options.rules.maxDistanceKm'],
    [{ now, capacityUsed: { 'W-LYON': { orders: -1, units: 0 } } }, '$.options.capacityUsed["W-LYON"].orders'],
    [{ now, capacityUsed: new Map([['W-LYON', { orders: 1, units: 1.5 }]]) }, '$.options.capacityUsed["W-LYON"].units'],
    [{ now, capacityUsed: new Map([['W-LYON', { orders: 1 }]]) }, '$.options.capacityUsed["W-LYON"].units'],
    [{ now, capacityUsed: [] }, '$.options.capacityUsed'],
    [{ now, defaultUnfulfilledPenalty: '-5' }, '$.options.defaultUnfulfilledPenalty'],
    [{ now, defaultUnfulfilledPenalty: 12 }, '$.options.defaultUnfulfilledPenalty'],
    [{ now, maxSearchNodes: 0 }, '$.options.maxSearchNodes'],
    [{ now, maxSearchNodes: Number.POSITIVE_INFINITY }, '$.options.maxSearchNodes'],
    [{ now, explainAlternatives: -1 }, '$.options.explainAlternatives'],
    [{ now, explainAlternatives: Number.NaN }, '$.options.explainAlternatives'],
    [{ now, maxHubs: 2.5 }, '$.options.maxHubs'],
    [{ now, excludePositions: [{ node: 'W-LYON' }] }, '$.options.excludePositions[0].sku'],
    [{ now, screening: 'no' }, '$.options.screening'],
    [{ now, budget: 0 }, '$.options.budget'],
    [{ now, budget: 2 ** 53 }, '$.options.budget'],
    [{ now, maxShipment: 1 }, '$.options.maxShipment'],
    [{ now, 'max hubs': 1 }, '$.options["max hubs"]'],
  ])('%o is refused at %s', (options, path) => {
    expect(leftOf(routeWith(options))).toEqual({ _tag: 'invalid-option', path })
  })

  it('accepts every option at a valid value, capacity as a record or a Map', () => {
    const all = {
      now, strategy: 'optimal', rules: { regions: ['ARA'] }, defaultUnfulfilledPenalty: '50', maxSearchNodes: 10_000,
      explainAlternatives: 0, maxHubs: 0, screening: false, excludePositions: [{ node: 'W-PARIS', sku: 'LAMP' }], budget: 1_000_000,
    }
    for (const capacityUsed of [{ 'W-LYON': { orders: 1, units: 2 } }, new Map([['W-LYON', { orders: 1, units: 2 }]]), undefined]) {
      const r = routeWith({ ...all, capacityUsed })
      expect(E.isRight(r) && r.right.optimality).toBe('proven')
    }
  })

  it('each refusal says what was wrong and what is known', () => {
    const refusal = (options: unknown) => {
      const r = routeWith(options)
      return E.isLeft(r) ? { path: (r.left as { readonly path?: string }).path, message: r.left.message } : 'right'
    }
    const unreadable = {
      now,
      get budget(): number {
        throw new Error('not today')
      },
    }
    expect(refusal('everything')).toEqual({ path: '$.options', message: 'options must be an object, got string' })
    expect(refusal(unreadable)).toEqual({ path: '$.options', message: 'the options could not be read' })
    expect(refusal({ now, maxShipment: 1 })).toEqual({
      path: '$.options.maxShipment',
      message:
        'unknown option "maxShipment"; known options: now, strategy, rules, capacityUsed, defaultUnfulfilledPenalty, maxSearchNodes, explainAlternatives, maxHubs, screening, excludePositions, budget, stockPrices',
    })
    expect(refusal({ now, maxHubs: 2.5 })).toEqual({ path: '$.options.maxHubs', message: 'expected WholeNumber, got 2.5' })
    // A value of the wrong shape altogether is named by what was expected there.
    expect(refusal({ now, capacityUsed: 5 })).toEqual({
      path: '$.options.capacityUsed',
      message: 'expected CapacityUsedByNode (a record or Map of node id to { orders, units }), got 5',
    })
    expect(refusal({ now, capacityUsed: { 'W-LYON': 5 } })).toEqual({ path: '$.options.capacityUsed["W-LYON"]', message: 'expected CapacityUsed, got 5' })
    expect(refusal({ now, excludePositions: [5] })).toEqual({ path: '$.options.excludePositions[0]', message: 'expected ExcludedPosition, got 5' })
    const batch = routeBatch(sample.stock, [lamp], { now, sequence: 'x' } as never).outcomes[0]
    expect(batch?.status === 'rejected' && batch.error).toMatchObject({ path: '$.options.sequence', message: 'expected Sequence (one of "given", "id"), got "x"' })
    // A Map's keys are node ids: a number key is refused even with a valid value.
    expect(refusal({ now, capacityUsed: new Map([[1, { orders: 0, units: 0 }]]) })).toEqual({
      path: '$.options.capacityUsed["(a number key)"]',
      message: 'expected node ids are strings, got 1',
    })
  })

  it('any value of any option either routes or is refused at that option, and never throws', () => {
    const keys = ['now', 'strategy', 'rules', 'capacityUsed', 'defaultUnfulfilledPenalty', 'maxSearchNodes', 'explainAlternatives', 'maxHubs', 'excludePositions', 'screening', 'budget'] as const
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.anything({ withMap: true, withNullPrototype: true }), (key, value) => {
        const r = routeWith({ now, [key]: value })
        if (E.isRight(r)) {
          expect(r.right.totalCost).toMatch(/^\d+(\.\d+)?$/)
          return
        }
        expect(r.left._tag).toBe('invalid-option')
        expect((r.left as { readonly path: string }).path.startsWith(`$.options.${key}`)).toBe(true)
      }),
      { numRuns: 400, seed: 12 },
    )
  })

  it('routeBatch refuses bad options for every order and changes nothing', () => {
    const b = routeBatch(sample.stock, [lamp], { now, defaultUnfulfilledPenalty: 'abc' } as never)
    expect(b.state).toBe(sample.stock)
    expect(b.events).toEqual([])
    expect(b.outcomes).toEqual([{ orderId: 'OPT-1', status: 'rejected', error: expect.objectContaining({ _tag: 'invalid-option', path: '$.options.defaultUnfulfilledPenalty' }) }])
    const typo = routeBatch(sample.stock, [lamp], { now, sequnce: 'id' } as never)
    expect(typo.outcomes[0]?.status === 'rejected' && typo.outcomes[0].error).toMatchObject({ _tag: 'invalid-option', path: '$.options.sequnce' })
    const ok = routeBatch(sample.stock, [lamp], { now, sequence: 'id', expiresAt: '2026-11-28T09:00:00Z', capacityUsed: { 'W-LYON': { orders: 0, units: 0 } } } as never)
    expect(ok.outcomes[0]?.status).toBe('routed')
  })

  it('reroute refuses bad options', () => {
    const planned = routeOrder(sample.stock, lamp, { now })
    if (E.isLeft(planned)) throw new Error('route failed')
    const r = reroute(sample.stock, lamp, planned.right, { node: 'W-LYON' }, { now, maxHubs: -1 })
    expect(leftOf(r)).toEqual({ _tag: 'invalid-option', path: '$.options.maxHubs' })
  })

  it('promiseOptions refuses bad options with their path', () => {
    const request = { channel: 'web', location: customers.lyonPresquile, now, sku: 'LAMP' } as unknown as PromiseRequest
    const cases: readonly [unknown, string][] = [
      [{ holdHours: -2 }, '$.options.holdHours'],
      [{ rankBy: 'cost' }, '$.options.rankBy'],
      [{ unfulfilledPenalty: 'abc' }, '$.options.unfulfilledPenalty'],
      [{ maxSearchNodes: 0.5 }, '$.options.maxSearchNodes'],
      [{ capacityUsed: { 'W-LYON': { orders: 'one', units: 0 } } }, '$.options.capacityUsed["W-LYON"].orders'],
      [{ prices: [] }, '$.options.prices'],
    ]
    for (const [options, path] of cases) {
      expect(leftOf(promiseOptions(sample.stock, request, options as never))).toEqual({ _tag: 'invalid-option', path })
    }
    expect(E.isRight(promiseOptions(sample.stock, request, { holdHours: 3, rankBy: 'eta' }))).toBe(true)
  })
})
