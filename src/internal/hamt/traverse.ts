/**
 * Visiting a HAMT's entries: all of them in hash order, or, for number keys, a key range in
 * ascending order (the identity hash of an integer below 2^30 is the integer itself and the
 * most significant bits are consumed first, so a number-keyed map is a radix tree in key
 * order that can visit a range without scanning the rest).
 *
 * @internal
 */
import { BITS, BRANCH, COLLISION, HASH_MASK, LEAF, numberHash, TOP, type Hamt, type Trie } from './trie.js'

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
