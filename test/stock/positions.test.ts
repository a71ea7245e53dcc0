import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { adjustOnHand, fulfil, holderBits, holderWords, nodesHoldingSku, returnUnits, skuIdOf, skuIndexOf } from '../../src/stock/index.js'
import { adjustHold } from '../../src/stock/positions.js'
import { buildWorld, commandArb, runCommand, worldArb } from './arbitraries.js'
import { NOW, build, later, reservedWeb, unwrap } from './fixtures.js'
import { propertyParameters } from '../support/properties.js'

const nodes = ['n0', 'n1', 'n2', 'n3'].map((id) => ({ id }))

describe('nodesHoldingSku', () => {
  it('lists nodes with on hand, a lot or a reservation, ascending, including positions created later', () => {
    const s = build(nodes, {
      rows: [
        { node: 'n2', sku: 'a', onHand: 4 },
        { node: 'n0', sku: 'a', onHand: 0 },
      ],
      inbound: [{ id: 'po', node: 'n3', sku: 'a', quantity: 2, eta: later(5) }],
    })
    const a = skuIndexOf(s, 'a')
    expect(nodesHoldingSku(s, a)).toEqual([2, 3])
    const returned = unwrap(returnUnits(s, { node: 'n1', sku: 'a', quantity: 1 }, NOW)).state
    expect(nodesHoldingSku(returned, a)).toEqual([1, 2, 3])
    const counted = unwrap(adjustOnHand(returned, { node: 'n0', sku: 'a', onHand: 2 }, NOW)).state
    expect(nodesHoldingSku(counted, a)).toEqual([0, 1, 2, 3])
  })

  it('drops a node whose last units left, and keeps one that only holds a backorder', () => {
    const s = build(nodes, { rows: [{ node: 'n1', sku: 'a', onHand: 2 }], inbound: [{ id: 'po', node: 'n1', sku: 'a', quantity: 3, eta: later(1) }] })
    const r = reservedWeb(s, [{ node: 'n1', sku: 'a', quantity: 2 }])
    const shipped = unwrap(fulfil(r, 'r-1', NOW)).state
    expect(nodesHoldingSku(shipped, 0)).toEqual([1]) // the lot is still there
    const emptied = build(nodes, { rows: [{ node: 'n1', sku: 'a', onHand: 2 }] })
    const r2 = reservedWeb(emptied, [{ node: 'n1', sku: 'a', quantity: 2 }])
    expect(nodesHoldingSku(r2, 0)).toEqual([1])
    expect(nodesHoldingSku(unwrap(fulfil(r2, 'r-1', NOW)).state, 0)).toEqual([])
  })

  it('answers empty for unknown SKU indexes', () => {
    const s = build(nodes, { rows: [{ node: 'n1', sku: 'a', onHand: 2 }] })
    expect(nodesHoldingSku(s, -1)).toEqual([])
    expect(nodesHoldingSku(s, 7)).toEqual([])
    expect(nodesHoldingSku(s, 0.5)).toEqual([])
  })
})

describe('holderBits', () => {
  const decoded = (bits: Int32Array): number[] => {
    const out: number[] = []
    for (let n = 0; n < 32 * bits.length; n++) if (((bits[n >>> 5] ?? 0) & (1 << (n & 31))) !== 0) out.push(n)
    return out
  }

  it('sets exactly the bits of nodesHoldingSku, before and after any commands, and never changes a state it was read from', () => {
    fc.assert(
      fc.property(worldArb, fc.array(commandArb, { maxLength: 15 }), (world, commands) => {
        let s = buildWorld(world)
        const ids: string[] = []
        const seen: { state: typeof s; sku: number; nodes: number[] }[] = []
        const check = (): void => {
          for (let sku = -1; sku <= s.skus.count; sku++) {
            const bits = holderBits(s, sku)
            expect(bits.length).toBe(holderWords(s))
            const nodes = decoded(bits)
            expect(nodes).toEqual([...nodesHoldingSku(s, sku)])
            seen.push({ state: s, sku, nodes })
          }
        }
        check()
        commands.forEach((cmd, i) => {
          s = runCommand(s, cmd, i * 7, ids).state
          check()
        })
        // The memo is shared across states of one snapshot: earlier answers still hold.
        for (const x of seen) expect(decoded(holderBits(x.state, x.sku))).toEqual(x.nodes)
      }),
      propertyParameters({ numRuns: 150 }),
    )
  })

  it('spans every node of a network of more than 32 nodes', () => {
    const many = Array.from({ length: 70 }, (_, i) => ({ id: `n${String(i).padStart(2, '0')}` }))
    const s = build(many, { rows: [0, 31, 32, 69].map((i) => ({ node: `n${String(i).padStart(2, '0')}`, sku: 'a', onHand: 1 })) })
    expect(holderWords(s)).toBe(3)
    expect(decoded(holderBits(s, 0))).toEqual([0, 31, 32, 69])
  })
})

describe('adjustHold', () => {
  const NOW_ = Number.NEGATIVE_INFINITY
  it('keeps holds in (instant, channel) order and merges only a hold of the same instant and channel', () => {
    let holds = adjustHold([], 'web', 100, 3)
    expect(holds).toEqual([{ channel: 'web', atMs: 100, quantity: 3 }])
    holds = adjustHold(holds, 'web', NOW_, 2)
    holds = adjustHold(holds, 'app', 100, 1)
    holds = adjustHold(holds, 'store', NOW_, 1)
    expect(holds).toEqual([
      { channel: 'store', atMs: NOW_, quantity: 1 },
      { channel: 'web', atMs: NOW_, quantity: 2 },
      { channel: 'app', atMs: 100, quantity: 1 },
      { channel: 'web', atMs: 100, quantity: 3 },
    ])
    // Same instant and channel: merged; same channel at another instant, or another channel: apart.
    holds = adjustHold(holds, 'web', NOW_, 3)
    expect(holds.map((h) => [h.channel, h.atMs, h.quantity])).toEqual([
      ['store', NOW_, 1],
      ['web', NOW_, 5],
      ['app', 100, 1],
      ['web', 100, 3],
    ])
  })

  it('drops a hold that reaches zero, and leaves holds as they are when taking from one that is not there', () => {
    const holds = [
      { channel: 'web', atMs: Number.NEGATIVE_INFINITY, quantity: 2 },
      { channel: 'web', atMs: 100, quantity: 1 },
    ]
    expect(adjustHold(holds, 'web', 100, -1)).toEqual([holds[0]])
    expect(adjustHold(holds, 'web', Number.NEGATIVE_INFINITY, -5)).toEqual([holds[1]])
    expect(adjustHold(holds, 'store', 100, -1)).toBe(holds)
    expect(adjustHold(holds, 'web', 50, -1)).toBe(holds)
    expect(adjustHold([holds[1] as (typeof holds)[number]], 'web', 100, -1)).toEqual([])
  })
})

describe('SKU interning', () => {
  it('gives SKUs first seen by a command the next indexes, in order of appearance', () => {
    const s = build(nodes, { rows: [{ node: 'n1', sku: 'm', onHand: 2 }] })
    const s1 = unwrap(returnUnits(s, { node: 'n0', sku: 'zz', quantity: 1 }, NOW)).state
    const s2 = unwrap(returnUnits(s1, { node: 'n0', sku: 'aa', quantity: 1 }, NOW)).state
    expect(['m', 'zz', 'aa'].map((id) => skuIndexOf(s2, id))).toEqual([0, 1, 2])
    expect([0, 1, 2].map((i) => skuIdOf(s2, i))).toEqual(['m', 'zz', 'aa'])
    expect(skuIndexOf(s, 'zz')).toBe(-1)
  })
})
