/**
 * Insertion into a HAMT: the path to the key is copied, everything else is shared. Maps made
 * with `emptyTailedHamt` keep their newest bottom-level node beside the trie and graft it in
 * once their keys move on to another one.
 *
 * @internal
 */
import { popcount } from '../bits.js'
import { arrayInsert, arrayReplace } from './arrays.js'
import { BITS, BRANCH, COLLISION, HASH_MASK, LEAF, leaf, MASK, TOP, withParts, type Branch, type Collision, type Hamt, type Leaf, type Trie } from './trie.js'

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
