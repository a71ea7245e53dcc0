/**
 * The persistent hash array mapped trie (HAMT) behind `Hamt`: its nodes, its hashing, its
 * empty maps and its lookups. Hashes are 30 bits, consumed 5 bits per level (six levels),
 * most significant bits first; keys whose 30-bit hashes are equal share a collision bucket.
 * Keys are compared with `===`, so use primitives (numbers, strings).
 *
 * @internal
 */
import { popcount } from '../bits.js'

export const BITS = 5
export const MASK = 31
/** Shift of the root level: bits 25–29 first, then 20–24, …, 0–4. */
export const TOP = 25
/** Hashes are truncated to 30 bits: six levels of 5 bits. */
export const HASH_MASK = 0x3fffffff

export const LEAF = 0
export const BRANCH = 1
export const COLLISION = 2

export interface Leaf<K, V> {
  readonly tag: typeof LEAF
  readonly hash: number
  readonly key: K
  readonly value: V
}

export interface Branch<K, V> {
  readonly tag: typeof BRANCH
  readonly bitmap: number
  readonly children: readonly Trie<K, V>[]
}

export interface Collision<K, V> {
  readonly tag: typeof COLLISION
  readonly hash: number
  readonly leaves: readonly Leaf<K, V>[]
}

export type Trie<K, V> = Leaf<K, V> | Branch<K, V> | Collision<K, V>

/**
 * An immutable map from `K` to `V`. Build one with `emptyHamt`, `emptyNumberHamt` or
 * `emptyStringHamt`; read it with `hamtGet`; derive new versions with `hamtSet`/`hamtDelete`.
 *
 * @internal
 */
export interface Hamt<K, V> {
  readonly size: number
  readonly root: Trie<K, V> | undefined
  readonly hash: (key: K) => number
  /**
   * Maps made with `emptyTailedHamt` keep the entries of one bottom-level node (the hashes
   * sharing `tailPrefix` = hash >>> 5) out of the trie: inserts with ascending hashes then
   * copy only that small node, and the trie path once per 32 keys.
   */
  readonly tailed: boolean
  readonly tail: Trie<K, V> | undefined
  readonly tailPrefix: number
}

/**
 * Identity hash of a non-negative integer key: its low 30 bits. Keys that agree on those bits
 * (≥ 2^30 apart) share a collision bucket.
 *
 * @example numberHash(2 ** 30 + 3) // 3
 * @internal
 */
export const numberHash = (key: number): number => key & HASH_MASK

/**
 * FNV-1a over UTF-16 code units, truncated to 30 bits.
 *
 * @example stringHash('r-1') // a 30-bit integer
 * @internal
 */
export const stringHash = (key: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h & HASH_MASK
}

/**
 * An empty map whose keys are hashed with `hash` (which must return a 30-bit non-negative
 * integer; it is masked to be safe).
 *
 * @example hamtSet(emptyHamt((k: string) => k.length), 'a', 1)
 * @internal
 */
export const emptyHamt = <K, V>(hash: (key: K) => number): Hamt<K, V> => ({
  size: 0,
  root: undefined,
  hash,
  tailed: false,
  tail: undefined,
  tailPrefix: -1,
})

/**
 * An empty map for keys whose hashes mostly arrive in ascending order (generated ids): the
 * most recent bottom-level node lives beside the trie, so an insert copies one node of at
 * most 32 entries instead of a whole path (the path is copied once per 32 new hashes).
 *
 * @example hamtSet(emptyTailedHamt<string, number>(idHash), 'r-7', 1)
 * @internal
 */
export const emptyTailedHamt = <K, V>(hash: (key: K) => number): Hamt<K, V> => ({
  size: 0,
  root: undefined,
  hash,
  tailed: true,
  tail: undefined,
  tailPrefix: -1,
})

/** A map like `map` with other contents. */
export const withParts = <K, V>(map: Hamt<K, V>, size: number, root: Trie<K, V> | undefined, tail: Trie<K, V> | undefined, tailPrefix: number): Hamt<K, V> => ({
  size,
  root,
  hash: map.hash,
  tailed: map.tailed,
  tail,
  tailPrefix: tail === undefined ? -1 : tailPrefix,
})

/**
 * An empty map keyed by non-negative integers.
 *
 * @example hamtGet(hamtSet(emptyNumberHamt<string>(), 7, 'x'), 7) // 'x'
 * @internal
 */
export const emptyNumberHamt = <V>(): Hamt<number, V> => emptyHamt<number, V>(numberHash)

/**
 * An empty map keyed by strings.
 *
 * @example hamtGet(hamtSet(emptyStringHamt<number>(), 'r-1', 3), 'r-1') // 3
 * @internal
 */
export const emptyStringHamt = <V>(): Hamt<string, V> => emptyHamt<string, V>(stringHash)

const lookup = <K, V>(start: Trie<K, V> | undefined, shift: number, h: number, key: K): Leaf<K, V> | undefined => {
  let node = start
  let s = shift
  while (node !== undefined) {
    if (node.tag === BRANCH) {
      const bit = 1 << ((h >>> s) & MASK)
      if ((node.bitmap & bit) === 0) return undefined
      node = node.children[popcount(node.bitmap & (bit - 1))] as Trie<K, V>
      s -= BITS
    } else if (node.tag === LEAF) {
      return node.key === key ? node : undefined
    } else {
      if (node.hash !== h) return undefined
      const leaves = node.leaves
      for (let i = 0; i < leaves.length; i++) if ((leaves[i] as Leaf<K, V>).key === key) return leaves[i]
      return undefined
    }
  }
  return undefined
}

const find = <K, V>(map: Hamt<K, V>, key: K): Leaf<K, V> | undefined => {
  if (map.size === 0) return undefined
  const h = map.hash(key) & HASH_MASK
  if (map.tail !== undefined && h >>> BITS === map.tailPrefix) return lookup(map.tail, 0, h, key)
  return lookup(map.root, TOP, h, key)
}

/**
 * The value stored under `key`, or undefined.
 *
 * @example hamtGet(emptyNumberHamt<number>(), 1) // undefined
 * @internal
 */
export const hamtGet = <K, V>(map: Hamt<K, V>, key: K): V | undefined => find(map, key)?.value

/**
 * True when `key` is present.
 *
 * @example hamtHas(hamtSet(emptyStringHamt<number>(), 'a', 1), 'a') // true
 * @internal
 */
export const hamtHas = <K, V>(map: Hamt<K, V>, key: K): boolean => find(map, key) !== undefined

export const leaf = <K, V>(hash: number, key: K, value: V): Leaf<K, V> => ({ tag: LEAF, hash, key, value })
