import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { StockSnapshot } from '../../src/model/stock.js'
import { stringHash } from '../../src/internal/hamt.js'
import { buildStockFromColumns, reservationIdHash } from '../../src/stock/build.js'
import { invalidInput, invalidQuantity, unknownSku } from '../../src/stock/errors.js'
import {
  availableToPromise,
  buildScenarioStock,
  buildStock,
  holderBits,
  nodesHoldingSku,
  positionBreakdown,
  skuAttributes,
  skuIdOf,
  skuIndexOf,
  type ScenarioStock,
} from '../../src/stock/index.js'
import { NODES, buildWorld, observe, worldArb } from './arbitraries.js'
import { compileNetwork, type CompiledNetwork } from '../../src/network/compile.js'
import { build, compiled, deepFreeze, later, network, nodeDoc, snapshot, unwrap, unwrapLeft } from './fixtures.js'
import type { Network } from '../../src/model/network.js'
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
    // An SKU the catalogue does not list (here only in a lot) has no attributes.
    expect(skuAttributes(s, 3)).toEqual([])
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

describe('buildStock on values that bypassed the codecs, field by field', () => {
  const net = compiled(nodes, [{ id: 'a' }, { id: 'b' }])
  const raw = (doc: unknown) => unwrapLeft(buildStock(net, doc as StockSnapshot))
  const rows = [{ node: 'dc-1', sku: 'a', onHand: 1 }]
  const policy = (policies: unknown) => raw({ rows, policies })
  const lot = (fields: Record<string, unknown>) => raw({ rows, inbound: [{ id: 'po', node: 'dc-1', sku: 'a', quantity: 1, eta: later(1), ...fields }] })
  const WHOLE = 'expected a whole number of units ≥ 0'

  it('names the snapshot, its rows and its lots when they are not what they must be', () => {
    expect(raw(42)).toEqual(invalidInput('$.rows', 'an array of stock rows'))
    expect(raw({ rows: {} })).toEqual(invalidInput('$.rows', 'an array of stock rows'))
    expect(raw({ rows, inbound: {} })).toEqual(invalidInput('$.inbound', 'an array of inbound lots'))
    const row = 'a stock row with string node and sku'
    expect(raw({ rows: [...rows, 'dc-1'] })).toEqual(invalidInput('$.rows[1]', row))
    expect(raw({ rows: [...rows, { node: 'dc-1', sku: 5, onHand: 1 }] })).toEqual(invalidInput('$.rows[1]', row))
    expect(raw({ rows: [...rows, { sku: 'b', onHand: 1 }] })).toEqual(invalidInput('$.rows[1]', row))
    expect(raw({ rows: [...rows, { node: 'dc-1', sku: 'b', onHand: 1.5 }] })).toEqual(invalidQuantity(WHOLE, '$.rows[1].onHand'))
    const shape = invalidInput('$.inbound[0]', 'an inbound lot with string id, node and sku')
    expect(raw({ rows, inbound: [null] })).toEqual(shape)
    expect(lot({ sku: 7 })).toEqual(shape)
    expect(lot({ id: 7 })).toEqual(shape)
    expect(lot({ node: undefined })).toEqual(shape)
    expect(lot({ quantity: 0 })).toEqual(invalidQuantity('expected a whole number of units ≥ 1', '$.inbound[0].quantity'))
  })

  it('names each malformed policy field, and reads a key given as undefined as absent', () => {
    expect(policy(7)).toEqual(invalidInput('$.policies', 'an object of policies'))
    expect(policy({ ringFences: {} })).toEqual(invalidInput('$.policies.ringFences', 'an array of policies'))
    expect(policy({ safetyStock: [{ quantity: 1 }, 'dc-1'] })).toEqual(invalidInput('$.policies.safetyStock[1]', 'a policy object'))
    for (const key of ['node', 'nodeKind', 'sku']) {
      expect(policy({ confidenceBuffers: [{ [key]: 3, quantity: 1 }] })).toEqual(invalidInput(`$.policies.confidenceBuffers[0].${key}`, 'a string'))
    }
    expect(policy({ ringFences: [{ channel: 9, quantity: 1 }] })).toEqual(invalidInput('$.policies.ringFences[0].channel', 'a string'))
    expect(policy({ ringFences: [{ quantity: 1 }] })).toEqual(invalidInput('$.policies.ringFences[0].channel', 'a string'))
    expect(policy({ safetyStock: [{ node: 'dc-1', nodeKind: 'store', quantity: 1 }] })).toEqual(
      invalidInput('$.policies.safetyStock[0].nodeKind', 'at most one of "node" or "nodeKind"'),
    )
    expect(policy({ safetyStock: [{ nodeKind: 'depot', quantity: 1 }] })).toEqual(
      invalidInput('$.policies.safetyStock[0].nodeKind', 'one of warehouse, store, dark-store, locker, supplier'),
    )
    expect(policy({ ringFences: [{ channel: 'web', quantity: 1, percent: 5 }] })).toEqual(
      invalidQuantity('expected exactly one of a quantity ≥ 0 or a percent from 0 to 100', '$.policies.ringFences[0]'),
    )
    expect(policy({ ringFences: [{ channel: 'web', quantity: -1 }] })).toEqual(invalidQuantity(WHOLE, '$.policies.ringFences[0].quantity'))
    expect(policy({ ringFences: [{ channel: 'web', percent: 100.5 }] })).toEqual(invalidQuantity('expected a percent from 0 to 100', '$.policies.ringFences[0].percent'))
    expect(policy({ safetyStock: [{ node: 'dc-1', quantity: '2' }] })).toEqual(invalidQuantity(WHOLE, '$.policies.safetyStock[0].quantity'))
    expect(policy({ safetyStock: [{ node: 'dc-1', sku: 'zz', quantity: 1 }] })).toEqual(unknownSku('zz', '$.policies.safetyStock[0].sku'))
    // Undefined values count as absent, as in JSON text; a percent of 100 is allowed.
    const accepted = buildStock(net, {
      rows,
      policies: { safetyStock: [{ node: 'dc-1', nodeKind: undefined, quantity: 1 }], ringFences: [{ channel: 'web', quantity: undefined, percent: 100 }] },
    } as unknown as StockSnapshot)
    expect(accepted._tag).toBe('Right')
  })

  it('reports the first second row in input order, whichever SKU it is of', () => {
    const dup = (order: readonly string[]) => raw({ rows: order.map((sku, i) => ({ node: 'st-1', sku, onHand: i })) })
    expect(dup(['a', 'b', 'a', 'b'])).toMatchObject({ _tag: 'duplicate-position', sku: 'a', path: '$.rows[2]' })
    expect(dup(['b', 'a', 'b', 'a'])).toMatchObject({ _tag: 'duplicate-position', sku: 'b', path: '$.rows[2]' })
    expect(dup(['a', 'a', 'a'])).toMatchObject({ _tag: 'duplicate-position', sku: 'a', path: '$.rows[1]' })
  })

  it('builds a scenario’s stock under its own paths, with its lots and policies', () => {
    const scenarioNet = compiled(nodes)
    expect(unwrapLeft(buildScenarioStock(scenarioNet, 3 as unknown as ScenarioStock))).toEqual(invalidInput('$.stock', 'an array of stock rows'))
    expect(unwrapLeft(buildScenarioStock(scenarioNet, { stock: {} } as unknown as ScenarioStock))).toEqual(invalidInput('$.stock', 'an array of stock rows'))
    const scenario = (doc: unknown) => doc as ScenarioStock
    expect(unwrapLeft(buildScenarioStock(scenarioNet, scenario({ stock: [{ node: 'nowhere', sku: 'a', onHand: 1 }] })))).toMatchObject({ path: '$.stock[0].node' })
    const s = unwrap(
      buildScenarioStock(
        scenarioNet,
        scenario({
          stock: [{ node: 'dc-1', sku: 'a', onHand: 10 }],
          inbound: [{ id: 'po', node: 'st-1', sku: 'b', quantity: 4, eta: later(2) }],
          policies: { safetyStock: [{ node: 'dc-1', quantity: 3 }] },
        }),
      ),
    )
    expect(positionBreakdown(s, { node: 'dc-1', sku: 'a', channel: 'web' })?.safety).toBe(3)
    expect(nodesHoldingSku(s, skuIndexOf(s, 'b'))).toEqual([1])
  })
})

describe('buildStock at scale and with SKU-specific policies', () => {
  it('interns many SKUs in ascending id order whatever order they come in', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `sku-${String(i).padStart(2, '0')}`)
    const s = build(nodes, { rows: [...ids].reverse().map((sku, i) => ({ node: i % 2 === 0 ? 'dc-1' : 'st-1', sku, onHand: i + 1 })) })
    expect(ids.map((id) => skuIndexOf(s, id))).toEqual(ids.map((_, i) => i))
  })

  it('reads every position of a network larger than the smallest lookup table', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ id: `n-${String(i).padStart(2, '0')}` }))
    const skus = ['a', 'b', 'c', 'd', 'e']
    const stockRows = many.flatMap((n, i) => skus.map((sku, k) => ({ node: n.id, sku, onHand: 10 * i + k })))
    const s = build(many, { rows: stockRows })
    for (const r of stockRows) expect(positionBreakdown(s, { node: r.node, sku: r.sku, channel: 'web' })?.onHand).toBe(r.onHand)
  })

  it('holds back SKU-specific safety stock and buffers (by node, by kind, everywhere) only for their SKU', () => {
    const held = (scope: Record<string, string>) => {
      const s = build(nodes, {
        rows: ['a', 'b'].flatMap((sku) => nodes.map((n) => ({ node: n.id, sku, onHand: 10 }))),
        policies: { safetyStock: [{ ...scope, sku: 'a', quantity: 2 }], confidenceBuffers: [{ ...scope, sku: 'a', quantity: 3 }] },
      })
      return ['a', 'b'].map((sku) => availableToPromise(s, { node: 'st-1', sku, channel: 'web' }))
    }
    expect(held({ node: 'st-1' })).toEqual([5, 10])
    expect(held({ nodeKind: 'store' })).toEqual([5, 10])
    expect(held({})).toEqual([5, 10])
  })
})

describe('reservationIdHash', () => {
  it('is n for a generated id r-<n> of at most nine digits, and the string hash of any other id', () => {
    expect(reservationIdHash('r-0')).toBe(0)
    expect(reservationIdHash('r-42')).toBe(42)
    expect(reservationIdHash('r-123456789')).toBe(123_456_789)
    for (const id of ['r-', 'r-1234567890', 'q-12', 'r_12', 'R-12', 'r-1/', 'r-1:', 'r-4a', 'order-7']) expect(reservationIdHash(id), id).toBe(stringHash(id))
  })
})

describe('buildStock’s lookups', () => {
  it('give the holders of the first SKU as a bitset of node indexes', () => {
    const s = build(nodes, { rows: [{ node: 'st-1', sku: 'a', onHand: 1 }, { node: 'dc-1', sku: 'b', onHand: 1 }] })
    expect(Array.from(holderBits(s, 0))).toEqual([0b10])
    expect(Array.from(holderBits(s, 1))).toEqual([0b01])
  })

  it('find a position whose key (SKU × nodes + node) does not fit in 31 bits', () => {
    // 46,341² > 2³¹ − 1: the table of keys gives way to a search of the sorted arrays.
    const size = 46_341
    const ids = (prefix: string) => Array.from({ length: size }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`)
    const net = unwrap(compileNetwork({ nodes: ids('n').map((id) => nodeDoc({ id })), skus: ids('s').map((id) => ({ id })) } as unknown as Network))
    const s = unwrap(buildStock(net, { rows: [{ node: 'n46340', sku: 's46340', onHand: 7 }, { node: 'n00000', sku: 's00000', onHand: 3 }] } as unknown as StockSnapshot))
    expect(positionBreakdown(s, { node: 'n46340', sku: 's46340', channel: 'web' })?.onHand).toBe(7)
    expect(positionBreakdown(s, { node: 'n00000', sku: 's00000', channel: 'web' })?.onHand).toBe(3)
  })
})

describe('buildStockFromColumns', () => {
  /** The columns of a snapshot's rows on `net`: SKU ids in an order of their own, a salted order of positions. */
  const columnsOf = (net: CompiledNetwork, rows: readonly { node: string; sku: string; onHand: number }[], salt = 0) => {
    const skus = [...new Set(rows.map((r) => r.sku))].reverse()
    const order = rows.map((_, i) => i).sort((a, b) => ((a * 7 + salt) % 11) - ((b * 7 + salt) % 11) || a - b)
    const positions = new Int32Array(3 * rows.length)
    order.forEach((i, k) => {
      const r = rows[i] as { node: string; sku: string; onHand: number }
      positions.set([net.nodes.byId.get(r.node) as number, skus.indexOf(r.sku), r.onHand], 3 * k)
    })
    return { skus, positions }
  }

  it('builds the state buildStock builds from the same rows, lots and policies', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(10), (world, salt) => {
        const net = compiled(NODES)
        const snap = snapshot(world.snapshot)
        const fromColumns = unwrap(buildStockFromColumns(net, { ...columnsOf(net, snap.rows, salt), inbound: snap.inbound ?? [], ...(snap.policies === undefined ? {} : { policies: snap.policies }) }))
        expect(observe(fromColumns)).toEqual(observe(unwrap(buildStock(net, snap))))
      }),
      propertyParameters({ numRuns: 60 }),
    )
  })

  it('names the position, the SKU or the lot at fault', () => {
    const net = compiled(nodes)
    const left = (columns: unknown) => unwrapLeft(buildStockFromColumns(net, columns as never))
    expect(left({ skus: ['a'], positions: Int32Array.of(0, 0, 1, 2, 0, 1) })).toMatchObject({ _tag: 'invalid-input', path: '$.positions[1]' })
    expect(left({ skus: ['a'], positions: Int32Array.of(0, 1, 1) })).toMatchObject({ _tag: 'invalid-input', path: '$.positions[0]' })
    expect(left({ skus: ['a'], positions: Int32Array.of(1, 0, -1) })).toMatchObject({ _tag: 'invalid-quantity', path: '$.positions[0].onHand' })
    expect(left({ skus: ['a', 'a'], positions: Int32Array.of(1, 0, 1, 0, 0, 2, 1, 1, 3) })).toMatchObject({ _tag: 'duplicate-position', path: '$.positions[2]', node: 'st-1', sku: 'a' })
    expect(left({ skus: ['a', 7], positions: new Int32Array(0) })).toMatchObject({ _tag: 'invalid-input', path: '$.skus[1]' })
    expect(left({ skus: ['a'], positions: Int32Array.of(0, 0) })).toMatchObject({ _tag: 'invalid-input', path: '$.positions' })
    expect(left({ skus: ['a'], positions: [0, 0, 1] })).toMatchObject({ _tag: 'invalid-input', path: '$.positions' })
    expect(left({ skus: ['a'], positions: Int32Array.of(0, 0, 1), inbound: [{ id: 'po', node: 'nowhere', sku: 'a', quantity: 1, eta: later(1) }] })).toMatchObject({
      _tag: 'unknown-node',
      path: '$.inbound[0].node',
    })
    expect(left({ skus: ['a'], positions: Int32Array.of(0, 0, 1), policies: { safetyStock: [{ node: 'nowhere', quantity: 1 }] } })).toMatchObject({ _tag: 'unknown-node' })
  })
})
