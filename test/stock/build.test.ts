import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { StockSnapshot } from '../../src/model/stock.js'
import { buildStock, nodesHoldingSku, skuAttributes, skuIdOf, skuIndexOf } from '../../src/stock/index.js'
import { NODES, buildWorld, observe, worldArb } from './arbitraries.js'
import { compileNetwork } from '../../src/network/compile.js'
import { build, compiled, deepFreeze, later, network, snapshot, unwrap, unwrapLeft } from './fixtures.js'
import { propertyParameters } from '../support/properties.js'

const nodes = [{ id: 'dc-1' }, { id: 'st-1', kind: 'store' }]

describe('buildStock', () => {
  it('holds the compiled network it was built on, whose node index it shares', () => {
    const net = compiled(nodes)
    const s = unwrap(buildStock(net, snapshot({ rows: [{ node: 'st-1', sku: 'a', onHand: 1 }] })))
    expect(s.network).toBe(net)
    expect(s.nodes).toBe(net.nodes)
  })

  it('interns SKUs from rows, lots, policies and the catalogue in ascending id order', () => {
    const s = build(
      nodes,
      {
        rows: [{ node: 'dc-1', sku: 'm', onHand: 1 }],
        inbound: [{ id: 'po', node: 'st-1', sku: 'z', quantity: 2, eta: later(1) }],
        policies: { safetyStock: [{ sku: 'p', quantity: 1 }] },
      },
      [{ id: 'a', attributes: ['bulky'] }, { id: 'm' }, { id: 'p' }],
    )
    expect(['a', 'm', 'p', 'z'].map((id) => skuIndexOf(s, id))).toEqual([0, 1, 2, 3])
    expect(skuIdOf(s, 3)).toBe('z')
    expect(skuIndexOf(s, 'unknown')).toBe(-1)
    expect(skuIdOf(s, 99)).toBe('')
    expect(skuAttributes(s, 0)).toEqual(['bulky'])
    expect(skuAttributes(s, 1)).toEqual([])
    expect(skuAttributes(s, -1)).toEqual([])
    // A lot-only position exists and holds the SKU.
    expect(nodesHoldingSku(s, 3)).toEqual([1])
  })

  it('names an unknown node of a row or a lot', () => {
    const net = compiled(nodes)
    expect(unwrapLeft(buildStock(net, snapshot({ rows: [{ node: 'dc-1', sku: 'a', onHand: 1 }, { node: 'nowhere', sku: 'a', onHand: 1 }] })))).toMatchObject({
      _tag: 'unknown-node',
      node: 'nowhere',
      path: '$.rows[1].node',
    })
    expect(unwrapLeft(buildStock(net, snapshot({ rows: [], inbound: [{ id: 'po', node: 'ghost', sku: 'a', quantity: 1, eta: later(1) }] })))).toMatchObject({
      _tag: 'unknown-node',
      path: '$.inbound[0].node',
    })
  })

  it('rejects a second row for one position, and a repeated lot id', () => {
    const net = compiled(nodes)
    const dup = snapshot({
      rows: [
        { node: 'st-1', sku: 'b', onHand: 1 },
        { node: 'dc-1', sku: 'a', onHand: 1 },
        { node: 'st-1', sku: 'b', onHand: 2 },
        { node: 'dc-1', sku: 'a', onHand: 3 },
      ],
    })
    expect(unwrapLeft(buildStock(net, dup))).toMatchObject({ _tag: 'duplicate-position', node: 'st-1', sku: 'b', path: '$.rows[2]' })
    const lots = snapshot({
      rows: [],
      inbound: [
        { id: 'po', node: 'dc-1', sku: 'a', quantity: 1, eta: later(1) },
        { id: 'po', node: 'dc-1', sku: 'a', quantity: 1, eta: later(2) },
      ],
    })
    expect(unwrapLeft(buildStock(net, lots))).toMatchObject({ _tag: 'duplicate-lot', path: '$.inbound[1].id' })
    // A row and a lot on one position are fine.
    const both = snapshot({ rows: [{ node: 'dc-1', sku: 'a', onHand: 1 }], inbound: [{ id: 'po', node: 'dc-1', sku: 'a', quantity: 1, eta: later(1) }] })
    expect(unwrap(buildStock(net, both)).base.node.length).toBe(1)
  })

  it('rejects values that bypassed the codecs instead of throwing', () => {
    const net = compiled(nodes)
    const raw = (doc: unknown) => buildStock(net, doc as StockSnapshot)
    expect(unwrapLeft(raw({ rows: [{ node: 'dc-1', sku: 'a', onHand: -1 }] }))).toMatchObject({ _tag: 'invalid-quantity', path: '$.rows[0].onHand' })
    expect(unwrapLeft(raw({ rows: [], inbound: [{ id: 'x', node: 'dc-1', sku: 'a', quantity: 1, eta: 'soon' }] }))).toMatchObject({
      _tag: 'invalid-instant',
      path: '$.inbound[0].eta',
    })
  })

  it('gives the same answers whatever the order of nodes, rows and lots', () => {
    fc.assert(
      fc.property(worldArb, fc.integer(), (world, seed) => {
        const shuffle = <T>(xs: readonly T[], salt: number): T[] =>
          xs
            .map((x, i) => ({ x, k: Math.sin((i + 1) * 12.9898 + seed * 78.233 + salt) }))
            .sort((a, b) => a.k - b.k)
            .map((e) => e.x)
        const original = buildWorld(world)
        const permuted = build(shuffle(NODES, 1), {
          ...world.snapshot,
          rows: shuffle(world.snapshot.rows, 2),
          inbound: shuffle(world.snapshot.inbound, 3),
        })
        expect(permuted.nodes.ids).toEqual(original.nodes.ids)
        expect(observe(permuted)).toEqual(observe(original))
      }),
      propertyParameters({ numRuns: 60 }),
    )
  })

  it('leaves deep-frozen inputs untouched', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const doc = deepFreeze(network(NODES))
        const snap = deepFreeze(snapshot(world.snapshot))
        const before = JSON.stringify([doc, snap])
        unwrap(buildStock(unwrap(compileNetwork(doc)), snap))
        expect(JSON.stringify([doc, snap])).toBe(before)
      }),
      propertyParameters({ numRuns: 40 }),
    )
  })
})

describe('buildStock on garbage', () => {
  it('answers a typed error for arbitrary documents, never throwing', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), fc.anything({ maxDepth: 4 }), (net, snap) => {
        const out = buildStock(compiled(nodes), snap as never)
        expect(out._tag === 'Left' || out._tag === 'Right').toBe(true)
        const withRows = buildStock(compiled(nodes), { rows: [net, snap] } as never)
        expect(withRows._tag).toBe('Left')
      }),
      propertyParameters({ numRuns: 300 }),
    )
  })
})
