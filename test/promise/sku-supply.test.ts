/**
 * The single-SKU supply table (src/promise/sku-supply.ts), read directly: which nodes hold the
 * SKU, which may source it (ATP, rules, the SKU's attributes), what each may send today, the
 * per-call memo of those answers, and the walk over holders in floor order up to a bound.
 */
import { describe, expect, it } from 'vitest'
import type { PromiseContext } from '../../src/promise/context.js'
import { HolderWalk, SkuSupply } from '../../src/promise/sku-supply.js'
import type { PromiseOptions } from '../../src/promise/types.js'
import { compiledNetwork, nodeNorth, stockOn } from '../support/network.js'
import { contextFor } from '../support/promise.js'

/** A node where the shopper stands, charging `pkg` a parcel and nothing per unit. */
const node = (id: string, kind: string, pkg: string, extra: Record<string, unknown> = {}) =>
  nodeNorth(id, kind, 0, { costs: { package: pkg, unit: '0', perUnitKm: '0' }, ...extra })

/**
 * Stores S1 (package 3, at most 2 units a day), S2 (package 1), S3 (package 2), warehouse W1
 * (package 5) and S4 (package 4, no stock). TENT (bulky): S1 4, S2 1 (1 of it reserved), S3 3,
 * W1 6.
 */
const network = compiledNetwork({
  nodes: [
    node('S1', 'store', '3', { dailyCapacity: { orders: 10, units: 2 } }),
    node('S2', 'store', '1'),
    node('S3', 'store', '2'),
    node('S4', 'store', '4'),
    node('W1', 'warehouse', '5'),
  ],
  skus: [{ id: 'TENT', attributes: ['bulky'] }, { id: 'MUG' }],
})
const stock = stockOn(
  network,
  { rows: [['S1', 4], ['S2', 1], ['S3', 3], ['W1', 6]].map(([n, onHand]) => ({ node: n, sku: 'TENT', onHand })) },
  [{ node: 'S2', sku: 'TENT', quantity: 1 }],
)
const at = (id: string): number => network.nodes.byId.get(id as never) ?? -1
const ctxOf = (o: PromiseOptions = {}, sku = 'TENT', quantity = 3): PromiseContext => contextFor(stock, { sku, quantity }, o)
const ids = ['S1', 'S2', 'S3', 'S4', 'W1']

describe('who holds the SKU and who may source it', () => {
  it('holders: the nodes with a position in the SKU', () => {
    const h = new SkuSupply(ctxOf())
    expect(ids.filter((id) => h.holds(at(id)))).toEqual(['S1', 'S2', 'S3', 'W1'])
    const none = new SkuSupply(ctxOf({}, 'UNKNOWN'))
    expect(ids.filter((id) => none.holds(at(id)))).toEqual([])
    expect([...none.bits].every((w) => w === 0)).toBe(true)
  })

  it('usable: ATP above 0 and the rules allow it; then its ATP, what it may send today, and whether it may send', () => {
    const h = new SkuSupply(ctxOf())
    // S2's one unit is reserved; S4 holds nothing.
    expect(ids.filter((id) => h.usable(at(id)))).toEqual(['S1', 'S3', 'W1'])
    expect([h.atp(at('S1')), h.sendable(at('S1')), h.canSend(at('S1'))]).toEqual([4, 2, true])
    expect([h.atp(at('S3')), h.sendable(at('S3')), h.canSend(at('S3'))]).toEqual([3, 3, true])
    expect([h.atp(at('W1')), h.sendable(at('W1')), h.canSend(at('W1'))]).toEqual([6, 3, true])
    expect(h.canSend(at('S2'))).toBe(false)
    // Asked again in the same call: the same answers, from the memo.
    expect(ids.filter((id) => h.usable(at(id)))).toEqual(['S1', 'S3', 'W1'])
  })

  it('a store with no room left today is usable but may not send', () => {
    const h = new SkuSupply(ctxOf({ capacityUsed: { S1: { orders: 0, units: 2 } } } as unknown as PromiseOptions))
    expect(h.usable(at('S1'))).toBe(true)
    expect([h.sendable(at('S1')), h.canSend(at('S1'))]).toEqual([0, false])
  })

  it('rules on the node and on the SKU’s attributes', () => {
    const byNode = new SkuSupply(ctxOf({ rules: { excludeNodes: ['S3' as never] } }))
    expect(ids.filter((id) => byNode.usable(at(id)))).toEqual(['S1', 'W1'])
    const bulky = new SkuSupply(ctxOf({ rules: { skuAttributes: [{ attribute: 'bulky' as never, nodeKinds: ['warehouse'] }] } }))
    expect(ids.filter((id) => bulky.usable(at(id)))).toEqual(['W1'])
  })

  it('each call works its answers out afresh: the network’s scratch is shared, the memo is not', () => {
    const first = new SkuSupply(ctxOf())
    expect(first.usable(at('S3'))).toBe(true)
    const second = new SkuSupply(ctxOf({ rules: { excludeNodes: ['S3' as never] } }))
    expect(second.usable(at('S3'))).toBe(false)
    expect(second.usable(at('S3'))).toBe(false)
    const third = new SkuSupply(ctxOf())
    expect(third.usable(at('S3'))).toBe(true)
    expect(third.atp(at('S3'))).toBe(3)
  })
})

describe('the holders in floor order', () => {
  it('walks the network order as far as a bound asks, skipping nodes that do not hold the SKU', () => {
    const ctx = ctxOf()
    const h = new SkuSupply(ctx)
    // Ship floors for 3 units (no handling): S2 1, S3 2, S1 3, S4 4, W1 5.
    const walk = h.walk('ship')
    expect(walk).toBe(h.walk('ship'))
    expect(walk.at(0, 0.5e6)).toBe(-1)
    expect(walk.at(0, 1e6)).toBe(at('S2'))
    expect(walk.at(2, 3e6)).toBe(at('S1'))
    // S4 holds nothing: the fourth holder is W1, past a bound of 4.
    expect(walk.at(3, 4e6)).toBe(-1)
    expect(walk.at(3, 5e6)).toBe(at('W1'))
    expect(walk.at(4, Number.POSITIVE_INFINITY)).toBe(-1)
    expect(walk.node.map((n) => ids[n])).toEqual(['S2', 'S3', 'S1', 'W1'])
    expect(walk.floor).toEqual([1e6, 2e6, 3e6, 5e6])
    expect(h.walk('transfer-out')).not.toBe(walk)
    expect(new HolderWalk({ node: new Int32Array(0), floor: new Float64Array(0) }, h).at(0, Number.POSITIVE_INFINITY)).toBe(-1)
  })
})
