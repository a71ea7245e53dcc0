/**
 * What routing knows of each holder before building it: its mask of items (every bit past 31
 * items), its fixed cost (+Infinity when it cannot serve that way), its per-unit cost below
 * and exact, shipping to the customer or through a pickup node or hub; and which holders the
 * screen finds promising, ties going to the lower position. Distance costs nothing in these
 * networks unless said, so every cost is a node's own rate, read off its document.
 */
import { describe, expect, it } from 'vitest'
import { holderView, nodesView, promisingNodes, targetView, type HolderView } from '../../src/routing/candidates.js'
import { prepareOrder } from '../../src/routing/instance.js'
import { compiledNetwork, kmNorth, LYON_POINT, nodeNorth, stockOn } from '../support/network.js'
import { oneEach, routingContext, shipTo, skuNames } from './support/context.js'

const M = 1_000_000

const flat = (pkg: string, unit: string, transfer?: { readonly fixed: string; readonly unit: string }) => ({
  package: pkg,
  unit,
  perUnitKm: '0',
  ...(transfer === undefined ? {} : { transfer: { ...transfer, perUnitKm: '0' } }),
})

describe('the holders’ view', () => {
  // By id: G (0) can hand stock on but not ship; H (1) is a hub holding nothing, whose last
  // mile costs 0.001 a km; K (2) ships and transfers; N (3) ships only. G, K and N hold X.
  const net = compiledNetwork({
    nodes: [
      nodeNorth('G', 'store', 4, { capabilities: ['pickup', 'transfer-out'], costs: flat('7', '1.5') }),
      nodeNorth('H', 'warehouse', 5, { capabilities: ['ship', 'transfer-in', 'hub'], costs: { ...flat('4', '2', { fixed: '3', unit: '0.5' }), perUnitKm: '0.001' } }),
      nodeNorth('K', 'warehouse', 6, { capabilities: ['ship', 'transfer-out'], costs: flat('6', '1', { fixed: '3', unit: '0.25' }) }),
      nodeNorth('N', 'store', 7, { capabilities: ['ship'], costs: flat('8', '3') }),
    ],
  })
  const stock = stockOn(net, { rows: ['G', 'K', 'N'].map((node) => ({ node, sku: 'X', onHand: 2 })) })
  const ctx = routingContext(net, stock, shipTo([{ id: '1', sku: 'X', quantity: 1 }]))
  const prepared = prepareOrder(ctx)
  const seen = (v: HolderView, exact: readonly number[]) => ({
    nodes: [...v.nodes],
    mask: [...v.mask],
    fixed: [...v.fixed],
    unitBelow: [...v.unitBelow],
    unitExact: exact.map((i) => v.unitExact(i)),
  })

  it('shipping to the customer: a holder that cannot ship has no parcel at any price', () => {
    const expected = { nodes: [0, 2, 3], mask: [1, 1, 1], fixed: [Infinity, 6 * M, 8 * M], unitBelow: [0, 1 * M, 3 * M], unitExact: [1 * M, 3 * M] }
    expect(seen(holderView(ctx, prepared, LYON_POINT), [1, 2])).toEqual(expected)
    expect(seen(nodesView(ctx, prepared, LYON_POINT, Int32Array.of(0, 2, 3)), [1, 2])).toEqual(expected)
  })

  it('through the hub H: transfers at the sender’s transfer rates plus H’s last mile; H’s own shelf costs the last mile only', () => {
    // The customer 10 km from H: the last mile is 2 + 10 × 0.001 = 2.01. G: transfer 7 (its
    // parcel), 1.5 + 2.01; H: 0, 2.01; K: 3, 0.25 + 2.01; N cannot transfer.
    expect(seen(targetView(ctx, prepared, 'hub', 1, kmNorth(15)), [0, 1, 2])).toEqual({
      nodes: [0, 1, 2, 3],
      mask: [1, 0, 1, 1],
      fixed: [7 * M, 0, 3 * M, Infinity],
      unitBelow: [3_510_000, 2_010_000, 2_260_000, 0],
      unitExact: [3_510_000, 2_010_000, 2_260_000],
    })
  })

  it('collected at H: no last mile; H’s own shelf costs its unit (2), not its transfer rate (0.5)', () => {
    expect(seen(targetView(ctx, prepared, 'pickup', 1, undefined), [0, 1, 2])).toEqual({
      nodes: [0, 1, 2, 3],
      mask: [1, 0, 1, 1],
      fixed: [7 * M, 0, 3 * M, Infinity],
      unitBelow: [1.5 * M, 2 * M, 0.25 * M, 0],
      unitExact: [1.5 * M, 2 * M, 0.25 * M],
    })
  })

  it('collected at H, the customer’s address adds no last mile', () => {
    const v = targetView(ctx, prepared, 'pickup', 1, kmNorth(15))
    expect([[...v.fixed], [...v.unitBelow], [0, 1, 2].map((i) => v.unitExact(i))]).toEqual([[7 * M, 0, 3 * M, Infinity], [1.5 * M, 2 * M, 0.25 * M, 0], [1.5 * M, 2 * M, 0.25 * M]])
  })

  it('collected at N, which takes no transfers: only its own shelf serves', () => {
    const v = targetView(ctx, prepared, 'pickup', 3, undefined)
    expect([[...v.nodes], [...v.fixed], [...v.unitBelow]]).toEqual([[0, 2, 3], [Infinity, Infinity, 0], [0, 0, 3 * M]])
  })

  it('past 31 items, every holder’s mask has every bit', () => {
    const skus = skuNames(32)
    const wide = stockOn(net, { rows: [...skus.map((sku) => ({ node: 'K', sku, onHand: 1 })), { node: 'N', sku: 'K07', onHand: 1 }] })
    const c = routingContext(net, wide, shipTo(oneEach(skus)))
    const v = holderView(c, prepareOrder(c), LYON_POINT)
    expect([[...v.nodes], [...v.mask]]).toEqual([[2, 3], [-1, -1]])
  })

  /** The per-unit cost below of F at (0, 0), charging 2 a unit and `perUnitKm`, for a customer at `to`. */
  const belowAt = (perUnitKm: string, to: { readonly lat: number; readonly lon: number }): number[] => {
    const far = compiledNetwork({ nodes: [{ id: 'F', kind: 'warehouse', location: { lat: 0, lon: 0 }, costs: { package: '1', unit: '2', perUnitKm } }] })
    const c = routingContext(far, stockOn(far, { rows: [{ node: 'F', sku: 'X', onHand: 1 }] }), shipTo([{ id: '1', sku: 'X', quantity: 1 }], {}, to))
    return [...holderView(c, prepareOrder(c), to).unitBelow, ...nodesView(c, prepareOrder(c), to, Int32Array.of(0)).unitBelow]
  }

  it('the carriage below is the chord’s, in whole metres less one, rounded down', () => {
    // The customer at (0, 90): the chord is √2 × 6,371 km = 9,009,954.6 m, so 9,009,953 m;
    // at 0.000336 a km (336,000 nano-units) that is 3,027,344.208 micros, rounded down.
    expect(belowAt('0.000336', { lat: 0, lon: 90 })).toEqual([2 * M + 3_027_344, 2 * M + 3_027_344])
  })

  it('a carriage past 2^53 nano-units is rounded one micro-unit further down', () => {
    // The customer at (0, 180): the chord is the diameter, 2 × 6,371 km, less a metre:
    // 12,741,999 m. At 1 a km (10^9 nano-units) that is past 2^53, so the carriage is
    // 12,741,999,000 micros less 1, after the unit's 2.
    const below = 2 * M + 12_741_999_000 - 1
    expect(belowAt('1', { lat: 0, lon: 180 })).toEqual([below, below])
  })
})

describe('promising holders', () => {
  const view = (unitBelow: readonly number[], fixed: readonly number[] = unitBelow.map(() => 0), mask: readonly number[] = unitBelow.map(() => 1)): HolderView => ({
    nodes: Int32Array.from(unitBelow, (_, i) => 10 + i),
    mask: Int32Array.from(mask),
    fixed: Float64Array.from(fixed),
    unitBelow: Float64Array.from(unitBelow),
    unitExact: () => 0,
  })

  it('keeps the lowest scores per item, the lower position on a tie', () => {
    // Scores 5, 5, 4 for one item, two kept: 4 (position 2), then of the tied 5s position 0.
    expect([...promisingNodes(view([5, 5, 4]), 1, 2)]).toEqual([1, 0, 1])
    // A tie with the last kept is not let in: position 1 stays out.
    expect([...promisingNodes(view([4, 5, 5]), 1, 2)]).toEqual([1, 1, 0])
  })

  it('shares a parcel over the items a holder has, and skips a holder that cannot serve', () => {
    // Item 0 and 1; one kept each. Holder 0 has both: 1 + 6 / 2 = 4; holder 1 item 0 only:
    // 2 + 3 = 5; holder 2 item 1 at 0 but cannot serve.
    expect([...promisingNodes(view([1, 2, 0], [6, 3, Infinity], [0b11, 0b01, 0b10]), 2, 1)]).toEqual([1, 0, 0])
  })

  it('keeps no more than asked per item, however many holders improve on the list', () => {
    // Item 0 held by all four, scores 9, 3, 2, 1 (each better than the last kept); item 1 by
    // none. Two kept: positions 3 and 2.
    expect([...promisingNodes(view([9, 3, 2, 1]), 2, 2)]).toEqual([0, 0, 1, 1])
  })

  it('past 31 items, holders enter the lists of the first 31', () => {
    // Masks of every bit, 32 items, one kept per list: the cheaper holder, position 1.
    expect([...promisingNodes(view([3, 1], [0, 0], [-1, -1]), 32, 1)]).toEqual([0, 1])
  })
})
