import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { customers } from '../../examples/sample-network.js'
import { loadSample, order } from '../../examples/setup.js'
import { toMicros } from '../../src/money.js'
import type { Order } from '../../src/model/order.js'
import type { Plan } from '../../src/routing/plan.js'
import { NODE_CHARGE, compileStockPrices, compiledPrices, routeOrder, routeOrderMetered, type CompiledPrices } from '../../src/routing/route.js'
import { workMeter } from '../../src/routing/optimiser/meter.js'

const now = '2026-11-27T09:00:00Z'
const sample = loadSample()
const SKUS = ['SNEAKER-42', 'JACKET-M', 'TENT-4P', 'LAMP']

const shipOrder = (id: string, lines: readonly { sku: string; q: number }[], to: { lat: number; lon: number }): Order =>
  order({ id, channel: 'web', lines: lines.map((l, i) => ({ id: String(i + 1), sku: l.sku, quantity: l.q })), delivery: { method: 'ship', to }, unfulfilledPenalty: '40' })

const planOf = (o: Order, options: Record<string, unknown> = {}): Plan => {
  const r = routeOrder(sample.stock, o, { now, ...options })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

/** The real cost of a plan from its legs: parcels and transfers (hub parcel included), the pickup's own units, penalties. */
const legsCost = (p: Plan): number =>
  [...p.shipments, ...p.transfers].reduce((a, l) => a + toMicros(l.cost), 0) + toMicros(p.pickup?.cost ?? '0') + toMicros(p.penaltyCost)

const orderArb = fc.record({
  lines: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), q: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 3 }),
  to: fc.constantFrom(...Object.values(customers)),
})

describe('a node charge in compiled prices (the wave\'s price of a node\'s daily orders)', () => {
  const net = sample.stock.network
  const metered = (o: Order, prices: CompiledPrices | undefined): Plan => {
    const r = routeOrderMetered(sample.stock, o, { now }, workMeter(10_000_000, net.scratch), prices)
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    return r.right
  }

  it('is paid once by a plan that sends from the node today: the priced optimum is the lesser of the best plan through the node plus the charge and the best plan without it; costs stay real', () => {
    let steered = 0
    let checked = 0
    fc.assert(
      fc.property(orderArb, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 80 }), ({ lines, to }, pick, charge) => {
        const o = shipOrder('P', lines, to)
        const plain = metered(o, undefined)
        const nodes = [...new Set(plain.allocations.map((a) => a.node))].sort()
        if (nodes.length === 0) return
        const node = nodes[pick % nodes.length] as string
        const prices = compiledPrices(new Map([[net.nodes.byId.get(node) as number, new Map([[NODE_CHARGE, charge * 1_000_000]])]]))
        const priced = metered(o, prices)
        // The best plan without the node: every SKU of the order excluded there.
        const without = planOf(o, { excludePositions: SKUS.map((sku) => ({ node, sku })) })
        expect(toMicros(priced.totalCost)).toBe(legsCost(priced))
        if (priced.optimality !== 'proven' || plain.optimality !== 'proven' || without.optimality !== 'proven') return
        checked++
        const through = priced.allocations.some((a) => a.node === node && a.availableAt === undefined)
        const objective = toMicros(priced.totalCost) + (through ? charge * 1_000_000 : 0)
        // plain is the best plan of all and takes from the node: the best plan through it.
        expect(objective).toBe(Math.min(toMicros(plain.totalCost) + charge * 1_000_000, toMicros(without.totalCost)))
        if (!through) steered++
      }),
      { numRuns: 60, seed: 20261207 },
    )
    expect(checked).toBeGreaterThan(30)
    expect(steered).toBeGreaterThan(0)
  })

  it('cannot be given through stockPrices: an empty SKU key is no charge', () => {
    const node = net.nodes.ids[0] as string
    expect(compileStockPrices(net, { [node]: { '': '50' } })).toBeUndefined()
    expect(compileStockPrices(net, { [node]: { '': '50', LAMP: '2' } })?.byNode.get(0)).toEqual(new Map([['LAMP', 2_000_000]]))
  })
})

describe('routeOrder stockPrices', () => {
  it('zero prices change nothing: the same plan as without the option', () => {
    fc.assert(
      fc.property(orderArb, ({ lines, to }) => {
        const o = shipOrder('P', lines, to)
        const plain = planOf(o)
        const zero: Record<string, Record<string, string>> = {}
        for (const a of plain.allocations) zero[a.node] = { ...zero[a.node], [a.sku]: '0' }
        expect(planOf(o, { stockPrices: zero })).toEqual(plain)
      }),
      { numRuns: 30 },
    )
  })

  it('prices steer but the plan reports real costs: totalCost is what its legs cost, and never below the unpriced optimum', () => {
    fc.assert(
      fc.property(orderArb, fc.integer({ min: 0, max: 60 }), ({ lines, to }, price) => {
        const o = shipOrder('P', lines, to)
        const plain = planOf(o)
        const priced: Record<string, Record<string, string>> = {}
        for (const a of plain.allocations) priced[a.node] = { ...priced[a.node], [a.sku]: String(price) }
        const steered = planOf(o, { stockPrices: priced })
        expect(toMicros(steered.totalCost)).toBe(legsCost(steered))
        expect(toMicros(steered.totalCost)).toBeGreaterThanOrEqual(toMicros(plain.totalCost))
        // The priced objective of the steered plan is no more than the plain plan's at the same prices.
        const charge = (p: Plan): number => p.allocations.reduce((a, al) => a + al.quantity * toMicros(priced[al.node]?.[al.sku] ?? '0'), 0)
        if (steered.optimality === 'proven') expect(toMicros(steered.totalCost) + charge(steered)).toBeLessThanOrEqual(toMicros(plain.totalCost) + charge(plain))
      }),
      { numRuns: 30 },
    )
  })

  it('a price above the penalty on the only position moves the units elsewhere or leaves them unfulfilled', () => {
    const o = shipOrder('P', [{ sku: 'LAMP', q: 1 }], customers.lyonPresquile)
    const plain = planOf(o)
    const used = plain.allocations[0]
    expect(used).toBeDefined()
    const steered = planOf(o, { stockPrices: { [used?.node ?? '']: { LAMP: '1000' } } })
    expect(steered.allocations.some((a) => a.node === used?.node)).toBe(false)
  })

  it('a bad price is an invalid-option error naming its path', () => {
    const o = shipOrder('P', [{ sku: 'LAMP', q: 1 }], customers.lyonPresquile)
    const r = routeOrder(sample.stock, o, { now, stockPrices: { 'S-LYON': { LAMP: '-1' } } })
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'invalid-option', path: '$.options.stockPrices["S-LYON"].LAMP' })
    const notRecord = routeOrder(sample.stock, o, { now, stockPrices: { W1: 'x' } as never })
    expect(E.isLeft(notRecord) && notRecord.left).toMatchObject({ _tag: 'invalid-option', path: '$.options.stockPrices.W1' })
  })
})
