import DecimalJs from 'decimal.js'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadSample, order } from '../../examples/setup.js'
import { routeOrder } from '../../src/routing/route.js'
import { promiseOptions } from '../../src/promise/promise.js'
import type { PromiseRequest } from '../../src/model/promise.js'
import type { Plan } from '../../src/routing/plan.js'

const Decimal = DecimalJs.clone({ precision: 80 })
const now = '2026-11-27T09:00:00Z'
const at = { lat: 45.764, lon: 4.8357 }

/**
 * Two warehouses at one point, one unit of B each; the dearer one is quicker (so not
 * dominated: the explanation prices it).
 */
const twins = (cheap: string, dear: string) =>
  loadSample(
    {
      nodes: [
        // The dearer node comes first by id, so that only the price can tell them apart.
        { id: 'A-DEAR', kind: 'warehouse', location: at, leadTimeHours: 1, costs: { package: dear, unit: '0', perUnitKm: '0' } },
        { id: 'B-CHEAP', kind: 'warehouse', location: at, leadTimeHours: 4, costs: { package: cheap, unit: '0', perUnitKm: '0' } },
      ],
    },
    { rows: [{ node: 'A-DEAR', sku: 'B', onHand: 1 }, { node: 'B-CHEAP', sku: 'B', onHand: 1 }] },
  )

const storyOrder = (missing: number, penalty: string) =>
  order({
    id: 'BIG', channel: 'web', unfulfilledPenalty: penalty,
    lines: [{ id: '1', sku: 'NOBODY', quantity: missing }, { id: '2', sku: 'B', quantity: 1 }],
    delivery: { method: 'ship', to: { lat: 45.19, lon: 5.72 } },
  })

const sum = (xs: readonly string[]): string => xs.reduce((a, x) => a.plus(x), new Decimal(0)).toFixed()

/** Totals add up exactly, as decimals: legs to the fulfilment cost, fulfilment and penalty to the total. */
const expectExactTotals = (p: Plan): void => {
  const legs = [...p.shipments.map((s) => s.cost), ...p.transfers.map((t) => t.cost), ...(p.pickup === undefined ? [] : [p.pickup.cost])]
  expect(sum(legs)).toBe(new Decimal(p.fulfilmentCost).toFixed())
  expect(sum([p.fulfilmentCost, p.penaltyCost])).toBe(new Decimal(p.totalCost).toFixed())
}

describe('exact money', () => {
  it('10,000 units nobody holds at a penalty of 1,000,000: the order is refused as out of range, not mis-routed', () => {
    const w = twins('5', '5.000001')
    const r = routeOrder(w.stock, storyOrder(10_000, '1000000'), { now })
    expect(E.isLeft(r) && { _tag: r.left._tag, path: 'path' in r.left ? r.left.path : undefined }).toEqual({ _tag: 'amount-out-of-range', path: '$.order.lines[0]' })
  })

  it('1,000 such units stay in range: the cheaper twin ships, and the dearer one is costlier by 0.000001', () => {
    const w = twins('5', '5.000001')
    const r = routeOrder(w.stock, storyOrder(1_000, '1000000'), { now })
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    expect(r.right.shipments.map((s) => s.from)).toEqual(['B-CHEAP'])
    expect(r.right.fulfilmentCost).toBe('5')
    expect(r.right.penaltyCost).toBe('1000000000')
    expect(r.right.totalCost).toBe('1000000005')
    expect(r.right.explanation.nodes.find((n) => n.node === 'A-DEAR')).toMatchObject({ reason: 'costlier-by', amount: '0.000001' })
    expectExactTotals(r.right)
  })

  it('a line of a million units (the most a line may ask) at a penalty of 10,000 is refused at that line', () => {
    const w = twins('5', '5.000001')
    const o = order({ id: 'HUGE', channel: 'web', unfulfilledPenalty: '10000', lines: [{ id: 'a', sku: 'B', quantity: 1 }, { id: 'b', sku: 'NOBODY', quantity: 1_000_000 }], delivery: { method: 'ship', to: at } })
    const r = routeOrder(w.stock, o, { now })
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'amount-out-of-range', path: '$.order.lines[1]' })
  })

  it('a delivery promise whose totals could leave the exact range is refused at its quantity, on the fast path too', () => {
    const w = twins('5', '5.000001')
    const request = (json: unknown) => json as PromiseRequest
    const dear = { unfulfilledPenalty: '10000' }
    const single = promiseOptions(w.stock, request({ channel: 'web', location: at, now, sku: 'B', quantity: 1_000_000 }), dear)
    expect(E.isLeft(single) && single.left).toMatchObject({ _tag: 'amount-out-of-range', path: '$.quantity' })
    const cart = promiseOptions(w.stock, request({ channel: 'web', location: at, now, lines: [{ sku: 'B', quantity: 1 }, { sku: 'B', quantity: 1_000_000 }] }), dear)
    expect(E.isLeft(cart) && cart.left).toMatchObject({ _tag: 'amount-out-of-range', path: '$.lines[1]' })
    const fine = promiseOptions(w.stock, request({ channel: 'web', location: at, now, sku: 'B', quantity: 1 }))
    expect(E.isRight(fine) && fine.right.map((o) => o.cost)).toContain('5')
  })

  it('every plan in range has exact decimal totals, and a strictly dearer twin is never costlier by 0', () => {
    let refused = 0
    let priced = 0
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000_000 }),
        fc.integer({ min: 1, max: 3_000_000 }),
        // Up to the codecs' limits: a million units a line, a billion per unit.
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 0, max: 999_999 }),
        (cheapMicros, deltaMicros, missing, penaltyUnits, penaltyMicros) => {
          const money = (m: number): string => new Decimal(m).dividedBy(1_000_000).toFixed()
          const w = twins(money(cheapMicros), money(cheapMicros + deltaMicros))
          const penalty = `${penaltyUnits}.${String(penaltyMicros).padStart(6, '0')}`
          const r = routeOrder(w.stock, storyOrder(missing, penalty), { now })
          if (E.isLeft(r)) {
            expect(r.left._tag).toBe('amount-out-of-range')
            // Refused only when a plan could come near the exact range: every unit at its
            // penalty (or shipped), plus a parcel per unit and a hub's (the bound's allowance).
            const dear = new Decimal(money(cheapMicros + deltaMicros))
            const largest = new Decimal(missing).times(penalty).plus(Decimal.max(penalty, 0)).plus(dear.times(3)).times(1_000_000)
            expect(largest.greaterThan(Number.MAX_SAFE_INTEGER)).toBe(true)
            refused++
            return
          }
          expectExactTotals(r.right)
          const left = missing + (r.right.shipments.length === 0 ? 1 : 0)
          expect(r.right.penaltyCost).toBe(new Decimal(left).times(penalty).toFixed())
          const cheaperToShip = new Decimal(money(cheapMicros)).lessThan(penalty)
          if (cheaperToShip) {
            expect(r.right.shipments.map((s) => s.from)).toEqual(['B-CHEAP'])
            expect(r.right.explanation.nodes.find((n) => n.node === 'A-DEAR')).toMatchObject({ reason: 'costlier-by', amount: money(deltaMicros) })
            priced++
          }
        },
      ),
      { numRuns: 300, seed: 4 },
    )
    // Both sides of the range must be exercised, or the property proves nothing.
    expect(refused).toBeGreaterThan(20)
    expect(priced).toBeGreaterThan(20)
  })
})
