/**
 * The prepared order: its demand tiers in their documented order (SKU, then penalty, dearest
 * first, then line id) whatever the order of the lines; the holders' masks, also for orders
 * of more than 31 items; the holders with a target added in place; and the lower bound on a
 * plan that ships from outside the covering nodes, derived by hand.
 */
import { describe, expect, it } from 'vitest'
import { coveringNodes, heldMask, holderNodes, holdersWith, outsideCoverBound, prepareOrder } from '../../src/routing/instance.js'
import { compiledNetwork, nodeNorth, stockOn } from '../support/network.js'
import { oneEach, routingContext, shipTo, skuNames } from './support/context.js'

const M = 1_000_000

/** Every ordering of `xs`. */
const permutations = <A,>(xs: readonly A[]): A[][] =>
  xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]))

describe('the demand tiers', () => {
  const net = compiledNetwork({ nodes: [nodeNorth('W', 'warehouse', 5)] })
  const stock = stockOn(net, { rows: [{ node: 'W', sku: 'X', onHand: 9 }, { node: 'W', sku: 'Y', onHand: 9 }] })
  // X on two lines of penalties 30 and 10; Y on three of 20, whose ids sort as text: 10, 5, b2.
  const lines = [
    { id: 'b2', sku: 'Y', quantity: 1, unfulfilledPenalty: '20' },
    { id: '9', sku: 'X', quantity: 2, unfulfilledPenalty: '10' },
    { id: '5', sku: 'Y', quantity: 2 },
    { id: '3', sku: 'X', quantity: 1, unfulfilledPenalty: '30' },
    { id: '10', sku: 'Y', quantity: 4, unfulfilledPenalty: '20' },
  ]

  it('by SKU, then penalty (dearest first), then line id, with each item’s tiers, quantities and demand', () => {
    const { data } = prepareOrder(routingContext(net, stock, shipTo(lines, { unfulfilledPenalty: '20' })))
    expect({
      items: data.items,
      tiers: data.tiers.map((t) => [t.lineId, t.sku, t.quantity, t.penalty]),
      tierStart: [...data.tierStart],
      tierQuantity: [...data.tierQuantity],
      tierPenalty: [...data.tierPenalty],
      demand: [...data.demand],
    }).toEqual({
      items: ['X', 'Y'],
      tiers: [['3', 'X', 1, 30 * M], ['9', 'X', 2, 10 * M], ['10', 'Y', 4, 20 * M], ['5', 'Y', 2, 20 * M], ['b2', 'Y', 1, 20 * M]],
      tierStart: [0, 2, 5],
      tierQuantity: [1, 2, 4, 2, 1],
      tierPenalty: [30 * M, 10 * M, 20 * M, 20 * M, 20 * M],
      demand: [3, 7],
    })
  })

  it('the same whatever the order of the lines', () => {
    const tiersOf = (ls: readonly unknown[]) => prepareOrder(routingContext(net, stock, shipTo(ls, { unfulfilledPenalty: '20' }))).data.tiers.map((t) => t.lineId)
    for (const ls of permutations(lines)) expect(tiersOf(ls)).toEqual(['3', '9', '10', '5', 'b2'])
  })
})

describe('holders', () => {
  // Nodes by id: A (0), B (1), C (2), D (3), E (4); B and D hold X, D holds Y.
  const net = compiledNetwork({ nodes: ['A', 'B', 'C', 'D', 'E'].map((id, i) => nodeNorth(id, 'warehouse', 5 + i)) })
  const stock = stockOn(net, { rows: [{ node: 'B', sku: 'X', onHand: 2 }, { node: 'D', sku: 'X', onHand: 1 }, { node: 'D', sku: 'Y', onHand: 1 }] })
  const prepared = prepareOrder(routingContext(net, stock, shipTo([{ id: '1', sku: 'X', quantity: 1 }, { id: '2', sku: 'Y', quantity: 1 }])))

  it('a target that holds nothing goes in its place among the holders; one that holds some, or none given, adds nothing', () => {
    expect(holderNodes(prepared)).toEqual(Int32Array.of(1, 3))
    expect([0, 2, 4, 1, 3, -1].map((extra) => [extra, [...holdersWith(prepared, extra)]])).toEqual([
      [0, [0, 1, 3]],
      [2, [1, 2, 3]],
      [4, [1, 3, 4]],
      [1, [1, 3]],
      [3, [1, 3]],
      [-1, [1, 3]],
    ])
  })

  it('the mask of a node has the bits of the items it holds', () => {
    expect([0, 1, 2, 3, 4].map((n) => heldMask(prepared, n))).toEqual([0, 0b01, 0, 0b11, 0])
  })

  it('the covering nodes hold every item some node holds; an item nobody holds asks nothing of them', () => {
    const cover = (skus: readonly string[]) => [...coveringNodes(prepareOrder(routingContext(net, stock, shipTo(oneEach(skus)))))]
    expect([cover(['X']), cover(['X', 'Y']), cover(['X', 'Y', 'W']), cover(['W'])]).toEqual([[1, 3], [3], [3], []])
  })

  /** The prepared order of `count` SKUs, one unit each, all held at A, the first also at C. */
  const wideOrder = (count: number) => {
    const skus = skuNames(count)
    const many = stockOn(net, { rows: [...skus.map((sku) => ({ node: 'A', sku, onHand: 1 })), { node: 'C', sku: 'K00', onHand: 1 }] })
    return prepareOrder(routingContext(net, many, shipTo(oneEach(skus))))
  }

  /** The masks of nodes A to E for `wideOrder(count)`. */
  const masksOf = (count: number): number[] => {
    const p = wideOrder(count)
    return [0, 1, 2, 3, 4].map((n) => heldMask(p, n))
  }

  it('up to 31 items, the exact bits', () => {
    expect(masksOf(31)).toEqual([0x7fffffff, 0, 1, 0, 0])
  })

  it('past 31 items, every holder’s mask has every bit, a node holding none still none', () => {
    expect(masksOf(32)).toEqual([-1, 0, -1, 0, 0])
  })

  it('past 31 items, every holder covers', () => {
    expect([...coveringNodes(wideOrder(32))]).toEqual([0, 2])
  })
})

describe('the bound on a plan shipping from outside the covering nodes', () => {
  // A: parcel 5, unit 1 (the network's cheapest of each); B: parcel 8, unit 2. No distance cost.
  const costs = (pkg: string, unit: string) => ({ costs: { package: pkg, unit, perUnitKm: '0' } })
  const net = compiledNetwork({ nodes: [nodeNorth('A', 'warehouse', 5, costs('5', '1')), nodeNorth('B', 'warehouse', 6, costs('8', '2'))] })
  const stock = stockOn(net, { rows: [{ node: 'A', sku: 'X', onHand: 5 }, { node: 'B', sku: 'Y', onHand: 5 }] })
  const boundOf = (lines: readonly unknown[], maxOpen: number, on = stock): number => {
    const ctx = routingContext(net, on, shipTo(lines), maxOpen)
    return outsideCoverBound(ctx, prepareOrder(ctx), maxOpen)
  }
  // 32 SKUs of one unit each at 40: past 31 items, the order's masks say nothing per item.
  const wideSkus = skuNames(32)
  const wideLines = oneEach(wideSkus, { unfulfilledPenalty: '40' })
  const x = { id: '1', sku: 'X', quantity: 2, unfulfilledPenalty: '40' }
  const y = { id: '2', sku: 'Y', quantity: 1, unfulfilledPenalty: '30' }
  const z = { id: '3', sku: 'Z', quantity: 3, unfulfilledPenalty: '10' }

  it('X and Y held, Z by nobody: one parcel leaving an item out, or two parcels', () => {
    // Floors: X 2 × min(40, 1) = 2, Y 1 × min(30, 1) = 1, Z unservable 3 × 10 = 30: 33.
    // One parcel without X: 5 + 33 − 2 + 80 = 116; without Y: 5 + 33 − 1 + 30 = 67.
    // Two parcels: 2 × 5 + 33 = 43.
    expect([1, 2, 3].map((maxOpen) => boundOf([x, y, z], maxOpen))).toEqual([67 * M, 43 * M, 43 * M])
  })

  it('only X held: Y’s floor is its penalty, and a parcel leaving out the unservable Y is no plan outside the cover', () => {
    // Floors: X 2, Y 30: 32. One parcel without X: 5 + 32 − 2 + 80 = 115; two: 10 + 32 = 42.
    expect([1, 2].map((maxOpen) => boundOf([x, { ...y, sku: 'Z' }], maxOpen))).toEqual([115 * M, 42 * M])
  })

  it('past 31 items, every item held somewhere counts as servable', () => {
    // 32 SKUs of one unit at 40, all at A: floor 32 × 1 = 32; one parcel without an item:
    // 5 + 32 − 1 + 40 = 76; two parcels: 10 + 32 = 42.
    const wide = stockOn(net, { rows: wideSkus.map((sku) => ({ node: 'A', sku, onHand: 1 })) })
    expect([1, 2].map((maxOpen) => boundOf(wideLines, maxOpen, wide))).toEqual([76 * M, 42 * M])
  })

  it('past 31 items, an item nobody holds still counts as servable', () => {
    // 32 SKUs at 40, A holding all but the last: as above, 76 and 42 (the masks of a wide
    // order do not say which items are held).
    const wide = stockOn(net, { rows: wideSkus.slice(0, 31).map((sku) => ({ node: 'A', sku, onHand: 1 })) })
    expect([1, 2].map((maxOpen) => boundOf(wideLines, maxOpen, wide))).toEqual([76 * M, 42 * M])
  })

  it('an order nobody holds: no one-parcel plan ships from outside the cover; two parcels pay every penalty', () => {
    // 32 SKUs at 40 held nowhere: floor 32 × 40 = 1,280; two parcels 10 + 1,280.
    expect([1, 2].map((maxOpen) => boundOf(wideLines, maxOpen))).toEqual([Infinity, 1290 * M])
  })
})
