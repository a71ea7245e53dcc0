/**
 * Building a HAMT from many entries at once, bottom-up after sorting by hash.
 *
 * @internal
 */
import { BITS, BRANCH, COLLISION, HASH_MASK, LEAF, MASK, TOP, type Hamt, type Leaf, type Trie } from './trie.js'

interface Hashed<K, V> {
  readonly hash: number
  readonly key: K
  readonly value: V
}

/** The trie of sorted, distinct-key entries [lo, hi), all sharing the hash bits above `shift`. */
const bulk = <K, V>(entries: readonly Hashed<K, V>[], lo: number, hi: number, shift: number): Trie<K, V> => {
  const first = entries[lo] as Hashed<K, V>
  if (hi - lo === 1) return { tag: LEAF, hash: first.hash, key: first.key, value: first.value }
  const last = entries[hi - 1] as Hashed<K, V>
  if (first.hash === last.hash) {
    const leaves: Leaf<K, V>[] = []
    for (let i = lo; i < hi; i++) {
      const e = entries[i] as Hashed<K, V>
      leaves.push({ tag: LEAF, hash: e.hash, key: e.key, value: e.value })
    }
    return { tag: COLLISION, hash: first.hash, leaves }
  }
  let bitmap = 0
  const children: Trie<K, V>[] = []
  for (let start = lo; start < hi; ) {
    const slot = ((entries[start] as Hashed<K, V>).hash >>> shift) & MASK
    let end = start + 1
    while (end < hi && (((entries[end] as Hashed<K, V>).hash >>> shift) & MASK) === slot) end++
    bitmap |= 1 << slot
    children.push(bulk(entries, start, end, shift - BITS))
    start = end
  }
  return { tag: BRANCH, bitmap, children }
}

/**
 * A map holding `entries` (the last value wins for a repeated key), built bottom-up in one
 * pass after sorting by hash: O(n log n) with no path copying. Besides being faster than n
 * inserts, it allocates its nodes at allocation sites of its own, so that V8 does not learn
 * from a large long-lived map built at start-up to pretenure the nodes every later (mostly
 * short-lived) update allocates.
 *
 * @example hamtGet(hamtFromEntries(stringHash, [['po-1', 3]]), 'po-1') // 3
 * @internal
 */
export const hamtFromEntries = <K, V>(hash: (key: K) => number, entries: Iterable<readonly [K, V]>): Hamt<K, V> => {
  const latest = new Map<K, V>()
  for (const [k, v] of entries) latest.set(k, v)
  const hashed: Hashed<K, V>[] = []
  for (const [key, value] of latest) hashed.push({ hash: hash(key) & HASH_MASK, key, value })
  hashed.sort((a, b) => a.hash - b.hash)
  return {
    size: hashed.length,
    root: hashed.length === 0 ? undefined : bulk(hashed, 0, hashed.length, TOP),
    hash,
    tailed: false,
    tail: undefined,
    tailPrefix: -1,
  }
}
