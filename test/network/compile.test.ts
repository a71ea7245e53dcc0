import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileNetwork } from '../../src/network/compile.js'
import { routeOrder } from '../../src/routing/route.js'
import { buildStock } from '../../src/stock/build.js'
import { compiled, network, snapshot, unwrap, unwrapLeft } from '../stock/fixtures.js'

const nodes = [{ id: 'dc-1' }, { id: 'st-1', kind: 'store' }]

describe('compileNetwork', () => {
  it('refuses a node id listed twice, at the second one', () => {
    expect(unwrapLeft(compileNetwork(network([{ id: 'a' }, { id: 'b' }, { id: 'a' }])))).toMatchObject({ _tag: 'duplicate-node', node: 'a', path: '$.nodes[2].id' })
  })

  it('refuses an SKU listed twice in the catalogue, at the second one', () => {
    expect(unwrapLeft(compileNetwork(network(nodes, [{ id: 'a' }, { id: 'b' }, { id: 'a', attributes: ['bulky'] }])))).toMatchObject({
      _tag: 'duplicate-sku',
      sku: 'a',
      path: '$.skus[2].id',
    })
  })

  it('keeps the catalogue: attributes by SKU, and whether the network lists its SKUs at all', () => {
    const listed = compiled(nodes, [{ id: 'b', attributes: ['bulky'] }, { id: 'a' }])
    expect([...listed.skuAttributes.entries()]).toEqual([
      ['b', ['bulky']],
      ['a', []],
    ])
    expect(listed.catalogued).toBe(true)
    const unlisted = unwrap(compileNetwork({ nodes: network(nodes).nodes }))
    expect(unlisted.catalogued).toBe(false)
    expect(unlisted.skuAttributes.size).toBe(0)
  })

  it('answers a typed error for arbitrary documents, never throwing', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), (doc) => {
        const out = compileNetwork(doc as never)
        expect(out._tag === 'Left' || out._tag === 'Right').toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})

describe('one compiled network under the stock and the router', () => {
  it('routes on the network the stock was built on: the network is never passed twice', () => {
    const net = compiled(nodes, [{ id: 'a' }])
    const stock = unwrap(buildStock(net, snapshot({ rows: [{ node: 'st-1', sku: 'a', onHand: 2 }] })))
    expect(stock.network).toBe(net)
    const plan = unwrap(
      routeOrder(stock, { id: 'o', channel: 'web', lines: [{ id: '1', sku: 'a', quantity: 2 }], delivery: { method: 'ship', to: { lat: 48.85, lon: 2.35 } } } as never, {
        now: '2026-11-27T09:00:00Z',
      }),
    )
    expect(plan.shipments.map((s) => s.from)).toEqual(['st-1'])
  })
})
