import { describe, expect, it } from 'vitest'
import type { StockSnapshot } from '../../src/model/stock.js'
import { availableToPromise, buildStock, positionBreakdown } from '../../src/stock/index.js'
import { fenceSize } from '../../src/stock/policies.js'
import { build, compiled, unwrapLeft } from './fixtures.js'

const nodes = [
  { id: 'dc-1', kind: 'warehouse' },
  { id: 'dc-2', kind: 'warehouse' },
  { id: 'st-1', kind: 'store' },
  { id: 'st-2', kind: 'store' },
]
const rows = nodes.flatMap((n) => ['a', 'b'].map((sku) => ({ node: n.id, sku, onHand: 50 })))
const safetyAt = (safetyStock: readonly unknown[], node: string, sku: string): number =>
  positionBreakdown(build(nodes, { rows, policies: { safetyStock } }), { node, sku, channel: 'web' })?.safety ?? -1

describe('policy resolution: the most specific policy wins', () => {
  const all = [
    { quantity: 1 },
    { sku: 'a', quantity: 2 },
    { nodeKind: 'store', quantity: 3 },
    { nodeKind: 'store', sku: 'a', quantity: 4 },
    { node: 'st-1', quantity: 5 },
    { node: 'st-1', sku: 'a', quantity: 6 },
  ]

  it('node + SKU > node > kind + SKU > kind > SKU only > everywhere', () => {
    expect(safetyAt(all, 'st-1', 'a')).toBe(6)
    expect(safetyAt(all, 'st-1', 'b')).toBe(5)
    expect(safetyAt(all, 'st-2', 'a')).toBe(4)
    expect(safetyAt(all, 'st-2', 'b')).toBe(3)
    expect(safetyAt(all, 'dc-1', 'a')).toBe(2)
    expect(safetyAt(all, 'dc-1', 'b')).toBe(1)
  })

  it('does not depend on the order policies are listed in', () => {
    const reversed = [...all].reverse()
    for (const n of nodes) for (const sku of ['a', 'b']) expect(safetyAt(reversed, n.id, sku)).toBe(safetyAt(all, n.id, sku))
  })

  it('takes the first of two policies with the same scope', () => {
    expect(safetyAt([{ node: 'dc-1', quantity: 7 }, { node: 'dc-1', quantity: 9 }], 'dc-1', 'a')).toBe(7)
  })

  it('takes the first of two policies with the same scope, at every scope', () => {
    expect(safetyAt([{ quantity: 7 }, { quantity: 9 }], 'dc-1', 'a')).toBe(7)
    expect(safetyAt([{ sku: 'a', quantity: 7 }, { sku: 'a', quantity: 9 }], 'dc-1', 'a')).toBe(7)
    expect(safetyAt([{ nodeKind: 'store', quantity: 7 }, { nodeKind: 'store', quantity: 9 }], 'st-1', 'a')).toBe(7)
    expect(safetyAt([{ node: 'st-1', sku: 'a', quantity: 7 }, { node: 'st-1', sku: 'a', quantity: 9 }], 'st-1', 'a')).toBe(7)
  })

  it('keeps every SKU of one node or kind: a second SKU’s policy does not replace the first’s', () => {
    const list = [
      { node: 'st-1', sku: 'a', quantity: 6 },
      { node: 'st-1', sku: 'b', quantity: 8 },
      { nodeKind: 'warehouse', sku: 'a', quantity: 2 },
      { nodeKind: 'warehouse', sku: 'b', quantity: 3 },
    ]
    expect(safetyAt(list, 'st-1', 'a')).toBe(6)
    expect(safetyAt(list, 'st-1', 'b')).toBe(8)
    expect(safetyAt(list, 'dc-1', 'a')).toBe(2)
    expect(safetyAt(list, 'dc-2', 'b')).toBe(3)
  })

  it('adds the confidence buffer to safety stock, each resolved on its own', () => {
    const s = build(nodes, {
      rows,
      policies: { safetyStock: [{ nodeKind: 'warehouse', quantity: 4 }], confidenceBuffers: [{ nodeKind: 'store', quantity: 2 }, { node: 'st-2', quantity: 5 }] },
    })
    expect(positionBreakdown(s, { node: 'dc-1', sku: 'a', channel: 'web' })?.safety).toBe(4)
    expect(positionBreakdown(s, { node: 'st-1', sku: 'a', channel: 'web' })?.safety).toBe(2)
    expect(positionBreakdown(s, { node: 'st-2', sku: 'a', channel: 'web' })?.safety).toBe(5)
    expect(availableToPromise(s, { node: 'st-2', sku: 'a', channel: 'web' })).toBe(45)
  })
})

describe('ring-fences at every scope', () => {
  const webAtp = (ringFences: readonly unknown[], node: string, sku: string): number =>
    availableToPromise(build(nodes, { rows, policies: { ringFences } }), { node, sku, channel: 'web' })

  it('a fence everywhere, or on one SKU everywhere, holds units from every other channel at every node', () => {
    for (const n of nodes) expect(webAtp([{ channel: 'store', quantity: 4 }], n.id, 'b')).toBe(46)
    for (const n of nodes) {
      expect(webAtp([{ channel: 'store', sku: 'a', quantity: 4 }], n.id, 'a')).toBe(46)
      expect(webAtp([{ channel: 'store', sku: 'a', quantity: 4 }], n.id, 'b')).toBe(50)
    }
  })

  it('two fences of one channel at different nodes both hold', () => {
    const fences = [
      { channel: 'store', node: 'st-1', quantity: 4 },
      { channel: 'store', node: 'st-2', quantity: 6 },
    ]
    expect(webAtp(fences, 'st-1', 'a')).toBe(46)
    expect(webAtp(fences, 'st-2', 'a')).toBe(44)
    expect(webAtp(fences, 'dc-1', 'a')).toBe(50)
  })
})

describe('policies that name what does not exist, or say two things at once', () => {
  const net = compiled(nodes, [{ id: 'a' }, { id: 'b' }])
  const raw = (policies: unknown, skus?: readonly unknown[]) =>
    buildStock(skus === undefined ? net : compiled(nodes, skus), { rows, policies } as unknown as StockSnapshot)

  it('refuse a policy for a node the network does not have, naming its path', () => {
    for (const list of ['safetyStock', 'confidenceBuffers'] as const) {
      expect(unwrapLeft(raw({ [list]: [{ node: 'dc-1', quantity: 1 }, { node: 'ghost', quantity: 7 }] }))).toMatchObject({
        _tag: 'unknown-node',
        node: 'ghost',
        path: `$.policies.${list}[1].node`,
      })
    }
    expect(unwrapLeft(raw({ ringFences: [{ node: 'st-9', channel: 'store', quantity: 2 }] }))).toMatchObject({
      _tag: 'unknown-node',
      path: '$.policies.ringFences[0].node',
    })
  })

  it('refuse a policy for an SKU the catalogue does not list, and accept any SKU without a catalogue', () => {
    expect(unwrapLeft(raw({ ringFences: [{ sku: 'zz', channel: 'store', percent: 10 }] }))).toMatchObject({
      _tag: 'unknown-sku',
      sku: 'zz',
      path: '$.policies.ringFences[0].sku',
    })
    expect(unwrapLeft(raw({ safetyStock: [{ sku: 'a', quantity: 1 }, { sku: 'c', quantity: 1 }] }))).toMatchObject({ path: '$.policies.safetyStock[1].sku' })
    expect(raw({ safetyStock: [{ sku: 'zz', quantity: 1 }] }, [])._tag).toBe('Right')
  })

  it('refuse a fence with both a quantity and a percent, or a percent out of range, when the codecs were bypassed', () => {
    expect(unwrapLeft(raw({ ringFences: [{ channel: 'store', quantity: 1, percent: 200 }] }))).toMatchObject({
      _tag: 'invalid-quantity',
      path: '$.policies.ringFences[0]',
    })
    expect(unwrapLeft(raw({ ringFences: [{ channel: 'store', percent: -50 }] }))).toMatchObject({ _tag: 'invalid-quantity', path: '$.policies.ringFences[0].percent' })
    expect(unwrapLeft(raw({ ringFences: [{ channel: 'store', percent: 200 }] }))).toMatchObject({ _tag: 'invalid-quantity', path: '$.policies.ringFences[0].percent' })
    expect(unwrapLeft(raw({ ringFences: [{ channel: 'store' }] }))).toMatchObject({ _tag: 'invalid-quantity', path: '$.policies.ringFences[0]' })
  })

  it('refuse a scope with both a node and a node kind', () => {
    expect(unwrapLeft(raw({ safetyStock: [{ node: 'dc-1', nodeKind: 'store', quantity: 7 }] }))).toMatchObject({
      _tag: 'invalid-input',
      path: '$.policies.safetyStock[0].nodeKind',
    })
  })
})

describe('fenceSize', () => {
  it('is the quantity, or floor(percent × on hand / 100) without binary rounding surprises', () => {
    expect(fenceSize({ quantity: 3, percent: -1 }, 100)).toBe(3)
    expect(fenceSize({ quantity: 0, percent: 10 }, 57)).toBe(5)
    expect(fenceSize({ quantity: 0, percent: 29 }, 100)).toBe(29)
    expect(fenceSize({ quantity: 0, percent: 33.3 }, 300)).toBe(99)
    expect(fenceSize({ quantity: 0, percent: 0.1 }, 9)).toBe(0)
  })
})
