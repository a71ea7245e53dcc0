import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Hamt,
  emptyHamt,
  emptyNumberHamt,
  emptyStringHamt,
  emptyTailedHamt,
  hamtDelete,
  hamtEntries,
  hamtForEachInRange,
  hamtFromEntries,
  hamtGet,
  hamtHas,
  hamtSet,
  hamtValues,
  numberHash,
  stringHash,
} from '../../src/internal/hamt.js'
import { propertyParameters } from '../support/properties.js'

type Op<K> = { readonly kind: 'set'; readonly key: K; readonly value: number } | { readonly kind: 'delete'; readonly key: K }

const opArb = <K>(key: fc.Arbitrary<K>): fc.Arbitrary<Op<K>> =>
  fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
    fc.record({ kind: fc.constant('delete' as const), key }),
  )

const sortedEntries = <K>(m: Hamt<K, number>): Array<[K, number]> =>
  hamtEntries(m).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))

const modelEntries = <K>(m: Map<K, number>): Array<[K, number]> =>
  [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))

/** Runs ops against the HAMT and a Map model; checks every version against its model afterwards. */
const checkAgainstModel = <K>(empty: Hamt<K, number>, ops: readonly Op<K>[], probes: readonly K[], start = new Map<K, number>()): void => {
  const versions: Array<{ map: Hamt<K, number>; model: Map<K, number> }> = [{ map: empty, model: start }]
  let map = empty
  let model = start
  for (const op of ops) {
    model = new Map(model)
    if (op.kind === 'set') {
      map = hamtSet(map, op.key, op.value)
      model.set(op.key, op.value)
    } else {
      map = hamtDelete(map, op.key)
      model.delete(op.key)
    }
    versions.push({ map, model })
  }
  // Old versions must be unchanged by later updates (persistence).
  for (const v of versions) {
    expect(v.map.size).toBe(v.model.size)
    expect(sortedEntries(v.map)).toEqual(modelEntries(v.model))
    for (const k of probes) {
      expect(hamtGet(v.map, k)).toBe(v.model.get(k))
      expect(hamtHas(v.map, k)).toBe(v.model.has(k))
    }
  }
}

describe('hamt', () => {
  it('matches a Map model for number keys, old versions unchanged', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 40 }))
    fc.assert(
      fc.property(fc.array(opArb(key), { maxLength: 120 }), fc.array(key, { maxLength: 20 }), (ops, extra) => {
        checkAgainstModel(emptyNumberHamt<number>(), ops, [...ops.map((o) => o.key), ...extra])
      }),
      propertyParameters({ numRuns: 200 }),
    )
  })

  it('matches a Map model for string keys', () => {
    const key = fc.string({ maxLength: 4 })
    fc.assert(
      fc.property(fc.array(opArb(key), { maxLength: 120 }), (ops) => {
        checkAgainstModel(emptyStringHamt<number>(), ops, ops.map((o) => o.key))
      }),
      propertyParameters({ numRuns: 200 }),
    )
  })

  it('handles full 30-bit hash collisions in buckets', () => {
    // Keys 2^30 apart share their identity hash; a constant hash forces every key into one bucket.
    const collide = fc.integer({ min: 0, max: 6 }).map((i) => 5 + i * 2 ** 30)
    fc.assert(
      fc.property(fc.array(opArb(collide), { maxLength: 60 }), (ops) => {
        checkAgainstModel(emptyNumberHamt<number>(), ops, ops.map((o) => o.key))
      }),
    )
    fc.assert(
      fc.property(fc.array(opArb(fc.string({ maxLength: 3 })), { maxLength: 60 }), (ops) => {
        checkAgainstModel(emptyHamt<string, number>(() => 42), ops, ops.map((o) => o.key))
      }),
    )
  })

  it('mixes deep branches and buckets (hash on few bits)', () => {
    const key = fc.integer({ min: 0, max: 300 })
    fc.assert(
      fc.property(fc.array(opArb(key), { maxLength: 150 }), (ops) => {
        checkAgainstModel(emptyHamt<number, number>((k) => (k % 7) * 0x1234567), ops, ops.map((o) => o.key))
      }),
    )
  })

  it('tailed maps match the model too, for ascending, clustered and random hashes', () => {
    // Keys near a moving cursor (like generated ids), plus strays anywhere.
    const key = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 200 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 30 - 1 }) },
      { weight: 1, arbitrary: fc.integer({ min: 2 ** 30, max: 2 ** 31 }) },
    )
    fc.assert(
      fc.property(fc.array(opArb(key), { maxLength: 200 }), (ops) => {
        checkAgainstModel(emptyTailedHamt<number, number>(numberHash), ops, ops.map((o) => o.key))
      }),
      propertyParameters({ numRuns: 300 }),
    )
    fc.assert(
      fc.property(fc.array(opArb(fc.string({ maxLength: 3 })), { maxLength: 120 }), (ops) => {
        checkAgainstModel(emptyTailedHamt<string, number>(stringHash), ops, ops.map((o) => o.key))
        checkAgainstModel(emptyTailedHamt<string, number>((k) => k.length * 31), ops, ops.map((o) => o.key))
      }),
      propertyParameters({ numRuns: 200 }),
    )
    // Sequential inserts, then deletes in another order.
    let m = emptyTailedHamt<number, number>(numberHash)
    const model = new Map<number, number>()
    for (let i = 0; i < 3000; i++) {
      m = hamtSet(m, i, i)
      model.set(i, i)
    }
    for (let i = 0; i < 3000; i += 3) {
      m = hamtDelete(m, (i * 7) % 3000)
      model.delete((i * 7) % 3000)
    }
    expect(sortedEntries(m)).toEqual(modelEntries(model))
    for (let i = 0; i < 3000; i++) expect(hamtGet(m, i)).toBe(model.get(i))
  })

  it('shares structure: setting the same value returns the same map, deleting a missing key too', () => {
    const m = hamtSet(hamtSet(emptyNumberHamt<string>(), 1, 'a'), 2, 'b')
    expect(hamtSet(m, 1, 'a')).toBe(m)
    expect(hamtDelete(m, 99)).toBe(m)
    expect(hamtSet(m, 1, 'z')).not.toBe(m)
  })

  it('copies only the path: an update leaves untouched sub-tries shared', () => {
    let m = emptyNumberHamt<number>()
    // Keys spread over the whole 30-bit space so that the root has many children.
    for (let i = 0; i < 5000; i++) m = hamtSet(m, i * 200_003, i)
    const next = hamtSet(m, 200_003, -1)
    const root = m.root as unknown as { children: readonly unknown[] }
    const root2 = next.root as unknown as { children: readonly unknown[] }
    const shared = root.children.filter((c, i) => root2.children[i] === c).length
    expect(root.children.length).toBeGreaterThan(16)
    expect(shared).toBe(root.children.length - 1)
    expect(hamtGet(m, 200_003)).toBe(1)
    expect(hamtGet(next, 200_003)).toBe(-1)
    expect(hamtValues(next)).toHaveLength(5000)
  })

  it('visits a key range in ascending order, like a filtered sorted model', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2 ** 30 - 1 }), fc.integer({ min: 2 ** 30, max: 2 ** 33 }))
    fc.assert(
      fc.property(fc.array(opArb(key), { maxLength: 150 }), key, key, (ops, a, b) => {
        let m = emptyNumberHamt<number>()
        const model = new Map<number, number>()
        for (const op of ops) {
          if (op.kind === 'set') {
            m = hamtSet(m, op.key, op.value)
            model.set(op.key, op.value)
          } else {
            m = hamtDelete(m, op.key)
            model.delete(op.key)
          }
        }
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        const seen: Array<[number, number]> = []
        hamtForEachInRange(m, lo, hi, (v, k) => seen.push([k, v]))
        const expected = [...model.entries()].filter(([k]) => k >= lo && k <= hi).sort((x, y) => x[0] - y[0])
        if (hi < 2 ** 30) expect(seen).toEqual(expected)
        else expect(seen.sort((x, y) => x[0] - y[0])).toEqual(expected)
        // A tailed map answers the same range (in any order).
        let t = emptyTailedHamt<number, number>(numberHash)
        for (const op of ops) t = op.kind === 'set' ? hamtSet(t, op.key, op.value) : hamtDelete(t, op.key)
        const seenT: Array<[number, number]> = []
        hamtForEachInRange(t, lo, hi, (v, k) => seenT.push([k, v]))
        expect(seenT.sort((x, y) => x[0] - y[0])).toEqual(expected)
      }),
      propertyParameters({ numRuns: 300 }),
    )
  })

  it('builds from entries the map that inserting them one by one builds', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2 ** 33 }))
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer()), { maxLength: 150 }), fc.array(opArb(key), { maxLength: 40 }), (entries, ops) => {
        let folded = emptyNumberHamt<number>()
        for (const [k, v] of entries) folded = hamtSet(folded, k, v)
        const bulk = hamtFromEntries(numberHash, entries)
        expect(bulk.size).toBe(folded.size)
        expect(sortedEntries(bulk)).toEqual(sortedEntries(folded))
        // The bulk-built map is an ordinary map: later updates behave like on the folded one.
        const model = new Map(entries)
        checkAgainstModel(bulk, ops, [...ops.map((o) => o.key), ...entries.map(([k]) => k)], model)
      }),
      propertyParameters({ numRuns: 200 }),
    )
    const collide = hamtFromEntries((k: string) => k.length, [['ab', 1], ['cd', 2], ['e', 3], ['ab', 4]])
    expect(sortedEntries(collide)).toEqual([['ab', 4], ['cd', 2], ['e', 3]])
    expect(hamtFromEntries(numberHash, []).size).toBe(0)
  })

  it('hashes to 30 bits', () => {
    expect(numberHash(2 ** 30 + 3)).toBe(3)
    fc.assert(
      fc.property(fc.string(), (s) => {
        const h = stringHash(s)
        expect(h >= 0 && h < 2 ** 30).toBe(true)
      }),
    )
  })
})
