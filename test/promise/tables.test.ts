/**
 * The promise's per-network tables (src/promise/tables.ts) read directly: the floor orders
 * its searches prune with, the fixed-cost orders, the network-wide floors, and the memos. The
 * promise only prunes with them, so a wrong order or floor changes no option the promise
 * tests can see unless it prunes a winner; here each is asserted as worked out by hand.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { SourcingRules } from '../../src/model/order.js'
import type { Id } from '../../src/model/primitives.js'
import type { CompiledRules } from '../../src/rules/sourcing.js'
import { networkTables, NetworkTables, Scratch } from '../../src/promise/tables.js'
import type { CompiledPrice } from '../../src/promise/price.js'
import { compiledNetwork, LYON_POINT as at } from '../support/network.js'

/**
 * Five nodes (id, capabilities, package + unit, transfer fixed + unit):
 * W1 warehouse (ship, transfer-out)  5 + 1      transfer 2 + 0.5
 * S1 store (ship, transfer-out)      3 + 2      transfer 1 + 0.25
 * L1 locker (pickup only)            0.5 + 0.1  —
 * S2 store (ship only)               3 + 0.5    transfer 4 + 1 (never sends one)
 * W2 warehouse (ship, transfer-out)  3 + 2      transfer 1 + 0.25 (S1's twin, later index)
 */
const network = () =>
  compiledNetwork({
    nodes: [
      { id: 'W1', name: 'Lyon DC', kind: 'warehouse', location: at, capabilities: ['ship', 'transfer-out'], costs: { package: '5', unit: '1', perUnitKm: '0', transfer: { fixed: '2', unit: '0.5' } } },
      { id: 'S1', kind: 'store', location: at, capabilities: ['ship', 'transfer-out'], costs: { package: '3', unit: '2', perUnitKm: '0', transfer: { fixed: '1', unit: '0.25' } } },
      { id: 'L1', name: 'Locker', kind: 'locker', location: at, capabilities: ['pickup'], costs: { package: '0.5', unit: '0.1', perUnitKm: '0' } },
      { id: 'S2', kind: 'store', location: at, capabilities: ['ship'], costs: { package: '3', unit: '0.5', perUnitKm: '0', transfer: { fixed: '4', unit: '1' } } },
      { id: 'W2', kind: 'warehouse', location: at, capabilities: ['ship', 'transfer-out'], costs: { package: '3', unit: '2', perUnitKm: '0', transfer: { fixed: '1', unit: '0.25' } } },
    ],
  })

const M = 1_000_000
/** Node indexes follow the ids' order: L1 0, S1 1, S2 2, W1 3, W2 4. */
const ids = ['L1', 'S1', 'S2', 'W1', 'W2']
const idx = (id: string): number => ids.indexOf(id)
const named = (a: ArrayLike<number>): string[] => Array.from(a, (n) => ids[n] ?? `#${n}`)
const order = (o: { readonly node: Int32Array; readonly floor: Float64Array }) => ({ node: named(o.node), floor: [...o.floor] })
/** A bitset of nodes, 32 per word. */
const bits = (...nodes: string[]): Int32Array => {
  const b = new Int32Array(1)
  for (const id of nodes) b[idx(id) >>> 5]! |= 1 << (idx(id) & 31)
  return b
}

describe('the nodes that may send, in order of their cost floor', () => {
  it('ship: fixed + q × unit, ascending, ties by node index, only nodes that ship', () => {
    const t = new NetworkTables(network())
    // q = 0: W1 5, S1 3, S2 3, W2 3 → S1, S2, W2 (tie at 3, by index), then W1.
    expect(order(t.floorOrder('ship', 0, bits()))).toEqual({ node: ['S1', 'S2', 'W2', 'W1'], floor: [3 * M, 3 * M, 3 * M, 5 * M] })
    // q = 2: W1 7, S1 7, S2 4, W2 7.
    expect(order(t.floorOrder('ship', 2, bits()))).toEqual({ node: ['S2', 'S1', 'W1', 'W2'], floor: [4 * M, 7 * M, 7 * M, 7 * M] })
    // q = 63 (the largest kept): W1 68, S1 129, S2 34.5, W2 129.
    expect(order(t.floorOrder('ship', 63, bits()))).toEqual({ node: ['S2', 'W1', 'S1', 'W2'], floor: [34.5 * M, 68 * M, 129 * M, 129 * M] })
  })

  it('transfer: transfer fixed + q × transfer unit, only nodes that send transfers', () => {
    const t = new NetworkTables(network())
    // q = 4: W1 2 + 2 = 4, S1 1 + 1 = 2, W2 2; S2 has no transfer-out.
    expect(order(t.floorOrder('transfer-out', 4, bits()))).toEqual({ node: ['S1', 'W2', 'W1'], floor: [2 * M, 2 * M, 4 * M] })
  })

  it('kept per quantity below 64 and every node; from 64 units, per call and only the holders', () => {
    const t = new NetworkTables(network())
    const kept = t.floorOrder('ship', 5, bits('W1'))
    // Kept: the holders given later are ignored, and the same object comes back.
    expect(t.floorOrder('ship', 5, bits('S2'))).toBe(kept)
    expect(named(kept.node)).toEqual(['S2', 'W1', 'S1', 'W2'])
    expect(t.floorOrder('transfer-out', 5, bits())).not.toBe(kept)
    // 64 units: only the holders W1 and W2 (and L1, which does not ship), built afresh.
    const big = t.floorOrder('ship', 64, bits('W1', 'L1', 'W2'))
    expect(order(big)).toEqual({ node: ['W1', 'W2'], floor: [69 * M, 131 * M] })
    expect(t.floorOrder('ship', 64, bits('W1', 'L1', 'W2'))).not.toBe(big)
    expect(named(t.floorOrder('ship', 64, bits()).node)).toEqual([])
    // A quantity that is not a whole number of units is never kept either.
    expect(named(t.floorOrder('ship', 1.5, bits('S1')).node)).toEqual(['S1'])
    expect(named(t.floorOrder('ship', -1, bits('S2')).node)).toEqual(['S2'])
  })

  it('a holder past the first 32 nodes is read from its own word of the bitset', () => {
    const nodes = Array.from({ length: 40 }, (_, i) => ({
      id: `N${i}`,
      kind: 'warehouse',
      location: at,
      costs: { package: String(40 - i), unit: '1', perUnitKm: '0' },
    }))
    const t = new NetworkTables(compiledNetwork({ nodes }))
    const holders = new Int32Array(2)
    holders[0] = 1 << 3
    holders[1] = 1 << (33 - 32)
    expect([...t.floorOrder('ship', 100, holders).node]).toEqual([33, 3])
  })
})

describe('every node by fixed cost, and the network-wide floors', () => {
  it('orders every node (whatever it can do) by fixed cost, then index, with each node’s rank', () => {
    const t = new NetworkTables(network())
    const f = t.fixedOrders()
    // Package: W1 5, S1 3, L1 0.5, S2 3, W2 3.
    expect(named(f.ship.order)).toEqual(['L1', 'S1', 'S2', 'W2', 'W1'])
    expect([...f.ship.rank]).toEqual([0, 1, 2, 4, 3])
    // Transfer fixed: W1 2, S1 1, L1 0.5 (its package: a node's transfer defaults to it), S2 4, W2 1.
    expect(named(f.transfer.order)).toEqual(['L1', 'S1', 'W2', 'W1', 'S2'])
    expect([...f.transfer.rank]).toEqual([0, 1, 4, 3, 2])
    expect(t.fixedOrders()).toBe(f)
  })

  it('the smallest fixed cost and the smallest unit cost among the nodes with the capability', () => {
    const t = new NetworkTables(network())
    const floors = t.costFloors()
    // Ship: fixed min(5, 3, 3, 3) = 3 (not the locker's 0.5), unit min(1, 2, 0.5, 2) = 0.5.
    expect(floors.ship).toEqual([3 * M, 0.5 * M])
    // Transfer-out: fixed min(2, 1, 1) = 1, unit min(0.5, 0.25, 0.25) = 0.25 (not S2's).
    expect(floors.transfer).toEqual([1 * M, 0.25 * M])
    expect(t.costFloors()).toBe(floors)
  })

  it('a network where no node ships has infinite floors', () => {
    const t = new NetworkTables(compiledNetwork({ nodes: [{ id: 'L', kind: 'locker', location: at, costs: { package: '1', unit: '1', perUnitKm: '0' } }] }))
    expect(t.costFloors().ship).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY])
  })
})

describe('names, memos and the tables of a network', () => {
  it('names by node index, undefined where a node has none', () => {
    expect(new NetworkTables(network()).names).toEqual(['Locker', undefined, undefined, 'Lyon DC', undefined])
  })

  it('colocated nodes, rules and prices are worked out once per key', () => {
    const t = new NetworkTables(network())
    let finds = 0
    const find = () => {
      finds++
      return ['S1', 'W2'] as unknown as readonly Id[]
    }
    expect(t.colocated(1, find)).toEqual(['S1', 'W2'])
    expect(t.colocated(1, find)).toEqual(['S1', 'W2'])
    expect(finds).toBe(1)
    t.colocated(4, find)
    expect(finds).toBe(2)

    let compiles = 0
    const compiled = {} as CompiledRules
    const compile = (): CompiledRules => {
      compiles++
      return compiled
    }
    const rules = {} as SourcingRules
    expect(t.compiledRules(rules, compile)).toBe(compiled)
    expect(t.compiledRules(rules, compile)).toBe(compiled)
    expect(compiles).toBe(1)
    t.compiledRules({} as SourcingRules, compile)
    expect(compiles).toBe(2)

    let prices = 0
    const price = E.right({ kind: 'tiers' } as unknown as CompiledPrice)
    const rule = [{ method: 'ship', price: '0' }]
    const compilePrice = () => {
      prices++
      return price
    }
    expect(t.compiledPrice(rule, compilePrice)).toBe(price)
    expect(t.compiledPrice(rule, compilePrice)).toBe(price)
    expect(prices).toBe(1)
  })

  it('one tables object per network', () => {
    const a = network()
    const b = network()
    expect(networkTables(a)).toBe(networkTables(a))
    expect(networkTables(a)).not.toBe(networkTables(b))
    expect(networkTables(a).holderScratch.length).toBe(5 * 5)
  })
})

describe('scratch arrays by name', () => {
  it('at least the length asked (64 at least, twice the length when it grows), kept between uses', () => {
    const s = new Scratch()
    for (const [take, fill] of [
      [(n: number) => s.int32('a', n), 7],
      [(n: number) => s.float64('a', n), 0.5],
      [(n: number) => s.uint8('a', n), 9],
    ] as const) {
      const small = take(10)
      expect(small.length).toBe(64)
      small[63] = fill
      expect(take(64)).toBe(small)
      expect(take(64)[63]).toBe(fill)
      const grown = take(65)
      expect(grown.length).toBe(130)
      expect(grown).not.toBe(small)
      expect(take(100)).toBe(grown)
    }
    // Names and types are separate arrays.
    expect(s.int32('b', 1)).not.toBe(s.int32('a', 1))
    expect(s.int32('a', 1)).not.toBe(s.float64('a', 1) as unknown)
  })
})
