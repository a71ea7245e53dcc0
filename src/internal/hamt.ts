/**
 * A persistent hash array mapped trie (HAMT): an immutable map whose updates copy only the
 * O(depth) small nodes on the path to the changed key, so old versions stay valid and share
 * everything else with the new one. Hashes are 30 bits, consumed 5 bits per level (six
 * levels), most significant bits first; keys whose 30-bit hashes are equal share a collision
 * bucket. Keys are compared with `===`, so use primitives (numbers, strings).
 *
 * Because the identity hash of an integer below 2^30 is the integer itself and the most
 * significant bits are consumed first, a number-keyed map is a radix tree in key order: it
 * can visit a key range in ascending order without scanning the rest (`hamtForEachInRange`).
 *
 * @internal
 */
import { popcount } from './bits.js'

const BITS = 5
const MASK = 31
/** Shift of the root level: bits 25–29 first, then 20–24, …, 0–4. */
const TOP = 25
/** Hashes are truncated to 30 bits: six levels of 5 bits. */
const HASH_MASK = 0x3fffffff

const LEAF = 0
const BRANCH = 1
const COLLISION = 2

interface Leaf<K, V> {
  readonly tag: typeof LEAF
  readonly hash: number
  readonly key: K
  readonly value: V
}

interface Branch<K, V> {
  readonly tag: typeof BRANCH
  readonly bitmap: number
  readonly children: readonly Trie<K, V>[]
}

interface Collision<K, V> {
  readonly tag: typeof COLLISION
  readonly hash: number
  readonly leaves: readonly Leaf<K, V>[]
}

type Trie<K, V> = Leaf<K, V> | Branch<K, V> | Collision<K, V>

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

const withParts = <K, V>(map: Hamt<K, V>, size: number, root: Trie<K, V> | undefined, tail: Trie<K, V> | undefined, tailPrefix: number): Hamt<K, V> => ({
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

const leaf = <K, V>(hash: number, key: K, value: V): Leaf<K, V> => ({ tag: LEAF, hash, key, value })

/** Hash of any non-branch node (leaves and buckets carry their full hash). */
const hashOf = <K, V>(node: Leaf<K, V> | Collision<K, V>): number => node.hash

/** A sub-trie holding two non-branch nodes with different hashes, starting at `shift`. */
const merge2 = <K, V>(a: Leaf<K, V> | Collision<K, V>, b: Leaf<K, V> | Collision<K, V>, shift: number): Trie<K, V> => {
  const ia = (hashOf(a) >>> shift) & MASK
  const ib = (hashOf(b) >>> shift) & MASK
  if (ia === ib) {
    return { tag: BRANCH, bitmap: 1 << ia, children: [merge2(a, b, shift - BITS)] }
  }
  return ia < ib
    ? { tag: BRANCH, bitmap: (1 << ia) | (1 << ib), children: [a, b] }
    : { tag: BRANCH, bitmap: (1 << ia) | (1 << ib), children: [b, a] }
}

const arrayReplace = <T>(xs: readonly T[], i: number, x: T): T[] => {
  const out = xs.slice()
  out[i] = x
  return out
}

const arrayInsert = <T>(xs: readonly T[], i: number, x: T): T[] => {
  const out = new Array<T>(xs.length + 1)
  for (let j = 0; j < i; j++) out[j] = xs[j] as T
  out[i] = x
  for (let j = i; j < xs.length; j++) out[j + 1] = xs[j] as T
  return out
}

const arrayRemove = <T>(xs: readonly T[], i: number): T[] => {
  const out = new Array<T>(xs.length - 1)
  for (let j = 0; j < i; j++) out[j] = xs[j] as T
  for (let j = i + 1; j < xs.length; j++) out[j - 1] = xs[j] as T
  return out
}

/** Mutable flag for one `assoc` call: set when the key was not present before. */
interface Added {
  added: boolean
}

const assoc = <K, V>(node: Trie<K, V>, shift: number, h: number, key: K, value: V, out: Added): Trie<K, V> => {
  if (node.tag === BRANCH) {
    const bit = 1 << ((h >>> shift) & MASK)
    const idx = popcount(node.bitmap & (bit - 1))
    if ((node.bitmap & bit) === 0) {
      out.added = true
      return { tag: BRANCH, bitmap: node.bitmap | bit, children: arrayInsert(node.children, idx, leaf(h, key, value)) }
    }
    const child = node.children[idx] as Trie<K, V>
    const next = assoc(child, shift - BITS, h, key, value, out)
    return next === child ? node : { tag: BRANCH, bitmap: node.bitmap, children: arrayReplace(node.children, idx, next) }
  }
  if (node.tag === LEAF) {
    if (node.key === key) return node.value === value ? node : leaf(h, key, value)
    out.added = true
    if (node.hash === h) return { tag: COLLISION, hash: h, leaves: [node, leaf(h, key, value)] }
    return merge2(node, leaf(h, key, value), shift)
  }
  if (node.hash === h) {
    const i = node.leaves.findIndex((l) => l.key === key)
    if (i >= 0) {
      const old = node.leaves[i] as Leaf<K, V>
      return old.value === value ? node : { tag: COLLISION, hash: h, leaves: arrayReplace(node.leaves, i, leaf(h, key, value)) }
    }
    out.added = true
    return { tag: COLLISION, hash: h, leaves: [...node.leaves, leaf(h, key, value)] }
  }
  out.added = true
  return merge2(node, leaf(h, key, value), shift)
}

/** True when the trie holds a key whose hash starts with `prefix` (hash >>> 5). */
const holdsPrefix = <K, V>(root: Trie<K, V> | undefined, prefix: number): boolean => {
  const hp = prefix * 32
  let node = root
  let shift = TOP
  while (node !== undefined) {
    if (node.tag !== BRANCH) return node.hash >>> BITS === prefix
    // A branch reached at the bottom level on this prefix's path is this prefix's node.
    if (shift === 0) return true
    const bit = 1 << ((hp >>> shift) & MASK)
    if ((node.bitmap & bit) === 0) return false
    node = node.children[popcount(node.bitmap & (bit - 1))] as Trie<K, V>
    shift -= BITS
  }
  return false
}

/** A chain of one-child branches from `shift` down to the bottom level, ending in `tail`. */
const chain = <K, V>(hp: number, shift: number, tail: Trie<K, V>): Trie<K, V> =>
  shift === 0 ? tail : { tag: BRANCH, bitmap: 1 << ((hp >>> shift) & MASK), children: [chain(hp, shift - BITS, tail)] }

/**
 * Puts a bottom-level node `tail` (the keys with hash prefix `prefix`, none of which is in the
 * trie) back into the trie at its place.
 */
const graft = <K, V>(node: Trie<K, V> | undefined, shift: number, prefix: number, tail: Branch<K, V>): Trie<K, V> => {
  const hp = prefix * 32
  if (node === undefined) return chain(hp, shift, tail)
  const qi = (hp >>> shift) & MASK
  if (node.tag === BRANCH) {
    const bit = 1 << qi
    const idx = popcount(node.bitmap & (bit - 1))
    if ((node.bitmap & bit) === 0) {
      return { tag: BRANCH, bitmap: node.bitmap | bit, children: arrayInsert(node.children, idx, chain(hp, shift - BITS, tail)) }
    }
    return { tag: BRANCH, bitmap: node.bitmap, children: arrayReplace(node.children, idx, graft(node.children[idx], shift - BITS, prefix, tail)) }
  }
  // A leaf or bucket of another prefix sits here: push it down beside the tail.
  const li = (node.hash >>> shift) & MASK
  if (li === qi) return { tag: BRANCH, bitmap: 1 << li, children: [graft(node, shift - BITS, prefix, tail)] }
  const other = chain(hp, shift - BITS, tail)
  return { tag: BRANCH, bitmap: (1 << li) | (1 << qi), children: li < qi ? [node, other] : [other, node] }
}

/** The trie with every entry of a small detached node (leaf, bucket or bottom branch) added. */
const mergeTail = <K, V>(root: Trie<K, V> | undefined, prefix: number, tail: Trie<K, V>): Trie<K, V> => {
  if (tail.tag === BRANCH) return graft(root, TOP, prefix, tail)
  let r = root
  const leaves = tail.tag === LEAF ? [tail] : tail.leaves
  for (const l of leaves) r = r === undefined ? l : assoc(r, TOP, l.hash, l.key, l.value, { added: false })
  return r as Trie<K, V>
}

/**
 * A new map with `key` bound to `value`; `map` is unchanged. Returns `map` itself when the key
 * already holds this exact value.
 *
 * @example hamtGet(hamtSet(emptyNumberHamt<string>(), 3, 'c'), 3) // 'c'
 * @internal
 */
export const hamtSet = <K, V>(map: Hamt<K, V>, key: K, value: V): Hamt<K, V> => {
  const h = map.hash(key) & HASH_MASK
  if (map.tailed) {
    const prefix = h >>> BITS
    if (map.tail !== undefined && prefix === map.tailPrefix) {
      const out: Added = { added: false }
      const tail = assoc(map.tail, 0, h, key, value, out)
      return tail === map.tail ? map : withParts(map, out.added ? map.size + 1 : map.size, map.root, tail, prefix)
    }
    if (!holdsPrefix(map.root, prefix)) {
      // A new bottom-level node: it becomes the tail, and the previous tail joins the trie.
      const root = map.tail === undefined ? map.root : mergeTail(map.root, map.tailPrefix, map.tail)
      return withParts(map, map.size + 1, root, leaf(h, key, value), prefix)
    }
  }
  if (map.root === undefined) return withParts(map, 1, leaf(h, key, value), map.tail, map.tailPrefix)
  const out: Added = { added: false }
  const root = assoc(map.root, TOP, h, key, value, out)
  if (root === map.root) return map
  return withParts(map, out.added ? map.size + 1 : map.size, root, map.tail, map.tailPrefix)
}

interface NotFound {
  readonly tag: -1
}
const NOT_FOUND: NotFound = { tag: -1 }

const dissoc = <K, V>(node: Trie<K, V>, shift: number, h: number, key: K): Trie<K, V> | undefined | NotFound => {
  if (node.tag === BRANCH) {
    const bit = 1 << ((h >>> shift) & MASK)
    if ((node.bitmap & bit) === 0) return NOT_FOUND
    const idx = popcount(node.bitmap & (bit - 1))
    const child = node.children[idx] as Trie<K, V>
    const next = dissoc(child, shift - BITS, h, key)
    if (next === undefined) {
      if (node.children.length === 1) return undefined
      const children = arrayRemove(node.children, idx)
      // A lone leaf or bucket can move up: lookups reach it earlier on the same hash path.
      const only = children[0] as Trie<K, V>
      if (children.length === 1 && only.tag !== BRANCH) return only
      return { tag: BRANCH, bitmap: node.bitmap & ~bit, children }
    }
    if (next.tag === -1) return NOT_FOUND
    if (node.children.length === 1 && next.tag !== BRANCH) return next
    return { tag: BRANCH, bitmap: node.bitmap, children: arrayReplace(node.children, idx, next) }
  }
  if (node.tag === LEAF) return node.key === key ? undefined : NOT_FOUND
  if (node.hash !== h) return NOT_FOUND
  const i = node.leaves.findIndex((l) => l.key === key)
  if (i < 0) return NOT_FOUND
  if (node.leaves.length === 2) return node.leaves[1 - i] as Leaf<K, V>
  return { tag: COLLISION, hash: h, leaves: arrayRemove(node.leaves, i) }
}

/**
 * A new map without `key`; `map` is unchanged. Returns `map` itself when the key is absent.
 *
 * @example hamtDelete(hamtSet(emptyNumberHamt<number>(), 1, 1), 1).size // 0
 * @internal
 */
export const hamtDelete = <K, V>(map: Hamt<K, V>, key: K): Hamt<K, V> => {
  if (map.size === 0) return map
  const h = map.hash(key) & HASH_MASK
  if (map.tail !== undefined && h >>> BITS === map.tailPrefix) {
    const tail = dissoc(map.tail, 0, h, key)
    if (tail !== undefined && tail.tag === -1) return map
    return withParts(map, map.size - 1, map.root, tail, map.tailPrefix)
  }
  if (map.root === undefined) return map
  const root = dissoc(map.root, TOP, h, key)
  if (root !== undefined && root.tag === -1) return map
  return withParts(map, map.size - 1, root, map.tail, map.tailPrefix)
}

const walk = <K, V>(node: Trie<K, V>, f: (value: V, key: K) => void): void => {
  if (node.tag === LEAF) f(node.value, node.key)
  else if (node.tag === BRANCH) for (const c of node.children) walk(c, f)
  else for (const l of node.leaves) f(l.value, l.key)
}

/**
 * Calls `f` for every entry, in hash order (deterministic for a given set of keys and
 * insertion history, but not sorted).
 *
 * @example hamtForEach(m, (v, k) => total += v)
 * @internal
 */
export const hamtForEach = <K, V>(map: Hamt<K, V>, f: (value: V, key: K) => void): void => {
  if (map.root !== undefined) walk(map.root, f)
  if (map.tail !== undefined) walk(map.tail, f)
}

/**
 * Every entry as a `[key, value]` array (hash order).
 *
 * @example hamtEntries(hamtSet(emptyNumberHamt<string>(), 1, 'a')) // [[1, 'a']]
 * @internal
 */
export const hamtEntries = <K, V>(map: Hamt<K, V>): Array<[K, V]> => {
  const out: Array<[K, V]> = []
  hamtForEach(map, (v, k) => out.push([k, v]))
  return out
}

/**
 * Every value (hash order).
 *
 * @example hamtValues(hamtSet(emptyNumberHamt<string>(), 1, 'a')) // ['a']
 * @internal
 */
export const hamtValues = <K, V>(map: Hamt<K, V>): V[] => {
  const out: V[] = []
  hamtForEach(map, (v) => out.push(v))
  return out
}

const walkRange = <V>(node: Trie<number, V>, shift: number, prefix: number, lo: number, hi: number, f: (value: V, key: number) => void): void => {
  if (node.tag === LEAF) {
    if (node.key >= lo && node.key <= hi) f(node.value, node.key)
    return
  }
  if (node.tag === COLLISION) {
    // Below 2^30 a key is its own hash, so at most one key of a bucket lies in the range.
    for (const l of node.leaves) if (l.key >= lo && l.key <= hi) f(l.value, l.key)
    return
  }
  const span = 2 ** shift
  let bitmap = node.bitmap
  let i = 0
  while (bitmap !== 0) {
    const slot = 31 - Math.clz32(bitmap & -bitmap)
    bitmap &= bitmap - 1
    const from = prefix + slot * span
    const child = node.children[i++] as Trie<number, V>
    if (from > hi || from + span - 1 < lo) continue
    walkRange(child, shift - BITS, from, lo, hi, f)
  }
}

/**
 * Calls `f` for every entry of a number-keyed map (built with `emptyNumberHamt`) whose key is
 * in `[lo, hi]`, in ascending key order, visiting only the sub-tries that can hold such keys.
 * For maps with another hash, or ranges reaching 2^30, it falls back to a full scan (then
 * unordered).
 *
 * @example hamtForEachInRange(m, 2000, 2999, (v, k) => out.push(k))
 * @internal
 */
export const hamtForEachInRange = <V>(map: Hamt<number, V>, lo: number, hi: number, f: (value: V, key: number) => void): void => {
  if (map.size === 0 || hi < lo) return
  if (map.hash !== numberHash || map.tail !== undefined || lo < 0 || hi > HASH_MASK) {
    hamtForEach(map, (v, k) => {
      if (k >= lo && k <= hi) f(v, k)
    })
    return
  }
  if (map.root === undefined) return
  walkRange(map.root, TOP, 0, lo, hi, f)
}

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
