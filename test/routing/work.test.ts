/**
 * routeOrder's work, pinned. Screening, instance building and the search each have shortcuts
 * whose loss changes no plan (a holder kept that could have been screened out, a bound
 * recomputed, a subtree explored that could have been pruned): every plan test passes, and
 * the orders that fill a budget simply prove less. Work is counted in deterministic units
 * (`explanation.work.spent`), so the totals over seeded orders are exact and pinned exactly,
 * with what the screens left out (the nodes screened and found dominated, summed over the
 * plans' explanations) and the summed cost of the plans. A change that makes routing do more,
 * or less, here must say why and record the new figures.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { generateNetwork, optionsForNodes } from '../../examples/network/generate.js'
import { loadNetwork, loadOrders } from '../../examples/network/load.js'
import { generateOrders } from '../../examples/network/orders.js'
import { toMicros } from '../../src/money.js'
import type { Order } from '../../src/model/order.js'
import { routeOrder, type RouteOptions } from '../../src/routing/route.js'
import type { StockState } from '../../src/stock/types.js'
import { DENSE_NOW, denseWorld } from '../support/dense.js'

/**
 * What routing `orders` took and gave: work spent (total and the most one order took), the
 * holders the screens left out (screened and dominated, summed), the plans proven, and their
 * summed cost and gap.
 */
const workOf = (stock: StockState, orders: readonly Order[], options: RouteOptions) => {
  let spent = 0
  let most = 0
  let screened = 0
  let dominated = 0
  let proven = 0
  let cost = 0
  let gap = 0
  for (const order of orders) {
    const result = routeOrder(stock, order, options)
    if (E.isLeft(result)) throw new Error(JSON.stringify(result.left))
    const plan = result.right
    const units = plan.explanation.work?.spent ?? Infinity
    spent += units
    if (units > most) most = units
    screened += plan.explanation.screened?.nodes ?? 0
    dominated += plan.explanation.screened?.dominated ?? 0
    if (plan.optimality === 'proven') proven++
    cost += toMicros(plan.totalCost)
    gap += toMicros(plan.gap)
  }
  return { spent, most, screened, dominated, proven, cost, gap }
}

// A dense chain: 150 stores holding 1–2 units of a fifth of 120 SKUs, 4 warehouses; its stores
// offer pickup and its warehouses are hubs.
const dense = denseWorld({ stores: 150, skus: 120, seed: 3 })

describe('routeOrder’s work on seeded orders is the recorded work', () => {
  // The generated retailer at 300 nodes: warehouses, stores, dark stores, a supplier.
  const g = generateNetwork(optionsForNodes(300, { seed: 5, skus: 400 }))
  const retailer = loadNetwork(g)
  const options = { now: g.options.now, rules: retailer.rules }

  it('300 mixed orders of the generated retailer (ship, express, collect, reserve, bulky, backorder, complete)', () => {
    const w = workOf(retailer.stock, loadOrders(generateOrders(g, { count: 300, seed: 9 })), options)
    expect(w).toEqual({ spent: 597_533, most: 51_331, screened: 42_475, dominated: 33_505, proven: 300, cost: 2_586_485_857, gap: 0 })
  })

  const fiveLines = loadOrders(generateOrders(g, { count: 300, seed: 9, lines: 5 }))

  it('300 five-line orders of the generated retailer', () => {
    const w = workOf(retailer.stock, fiveLines, options)
    expect(w).toEqual({ spent: 430_422, most: 22_162, screened: 76_076, dominated: 5_885, proven: 300, cost: 3_675_976_793, gap: 0 })
  })

  // A baseline builds the whole instance (no screen), charges a step per facility and item, and
  // prices no alternatives for its explanation (it names the strategy instead).
  it.each([
    ['priority', { spent: 28_404_350, most: 102_265, screened: 0, dominated: 0, proven: 0, cost: 4_275_432_385, gap: 0 }],
    ['nearest', { spent: 28_404_350, most: 102_265, screened: 0, dominated: 0, proven: 0, cost: 19_435_102_251, gap: 0 }],
  ] as const)('300 five-line orders of the generated retailer by %s', (strategy, expected) => {
    const w = workOf(retailer.stock, fiveLines, { ...options, strategy })
    expect(w).toEqual(expected)
  })

  it('40 five-line orders of a dense chain', () => {
    const w = workOf(dense.stock, dense.orders(5, 40), { now: DENSE_NOW })
    expect(w).toEqual({ spent: 1_073_072, most: 272_362, screened: 3_376, dominated: 3_171, proven: 40, cost: 866_355_580, gap: 0 })
  })

  it('40 ten-line orders of a dense chain', () => {
    const w = workOf(dense.stock, dense.orders(10, 40), { now: DENSE_NOW })
    expect(w).toEqual({ spent: 14_091_202, most: 1_719_025, screened: 3_157, dominated: 3_157, proven: 40, cost: 1_395_083_991, gap: 0 })
  })

  // Building every holder of a dense order at once would take more than a quarter of these
  // budgets: the holders left after the cover are built in slices, cheapest first, until the
  // work runs out (at 25,000 units the order of the slices decides which holders are built).
  it.each([
    [25_000, { spent: 1_042_342, most: 26_226, dominated: 3157, proven: 0, cost: 1_449_547_109, gap: 1_241_008_109, screened: 3157 }],
    [60_000, { spent: 2_422_886, most: 62_115, dominated: 3157, proven: 4, cost: 1_431_715_587, gap: 569_396_402, screened: 3157 }],
    [150_000, { spent: 5_416_521, most: 150_341, dominated: 3_157, proven: 12, cost: 1_401_580_787, gap: 400_791_088, screened: 3_157 }],
  ])('40 ten-line orders of a dense chain on a budget of %i units', (budget, expected) => {
    expect(workOf(dense.stock, dense.orders(10, 40), { now: DENSE_NOW, budget })).toEqual(expected)
  })
})

describe('bounded plans through a pickup node or a hub report the bound of every way they tried', () => {
  const orders = dense.orders(10, 20)
  // Each collected at its own store (every seventh).
  const pickups = orders.map((o, i) => ({ ...o, delivery: { method: 'pickup', node: `S-${String(7 * i).padStart(4, '0')}` } }) as Order)
  const viaHubs = orders.map((o): Order => ({ ...o, allowHub: true }))

  // Cut short, a screen bounds what it did not build by the floor of every plan (each unit at
  // its penalty or the cheapest handling of any node): the gaps below include that floor's.
  it.each([
    [25_000, { spent: 520_430, most: 26_160, screened: 1558, dominated: 1558, proven: 0, cost: 706_652_691, gap: 599_210_691 }],
    [60_000, { spent: 1_209_711, most: 61_975, screened: 1558, dominated: 1558, proven: 1, cost: 701_791_822, gap: 318_496_531 }],
    [150_000, { spent: 2_840_425, most: 150_839, screened: 1_558, dominated: 1_558, proven: 5, cost: 674_182_362, gap: 174_109_714 }],
  ])('20 ten-line collect orders on a budget of %i units', (budget, expected) => {
    expect(workOf(dense.stock, pickups, { now: DENSE_NOW, budget })).toEqual(expected)
  })

  it.each([
    [25_000, { spent: 521_387, most: 26_189, screened: 1572, dominated: 1572, proven: 0, cost: 727_702_645, gap: 620_260_645 }],
    [60_000, { spent: 1_323_650, most: 74_611, screened: 1572, dominated: 1572, proven: 0, cost: 721_486_489, gap: 614_044_489 }],
    [150_000, { spent: 3_077_463, most: 163_139, screened: 1572, dominated: 1572, proven: 0, cost: 706_567_434, gap: 599_125_434 }],
    [1_000_000, { spent: 12_808_458, most: 1_000_290, screened: 1_572, dominated: 1_572, proven: 18, cost: 702_662_918, gap: 32_596_842 }],
  ])('20 ten-line orders allowed a hub on a budget of %i units', (budget, expected) => {
    expect(workOf(dense.stock, viaHubs, { now: DENSE_NOW, budget })).toEqual(expected)
  })
})
