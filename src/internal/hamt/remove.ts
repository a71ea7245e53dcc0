/**
 * Removal from a HAMT: the path to the key is copied, and a branch left with one leaf or
 * bucket gives way to it.
 *
 * @internal
 */
import { popcount } from '../bits.js'
import { arrayRemove, arrayReplace } from './arrays.js'
import { BITS, BRANCH, COLLISION, HASH_MASK, LEAF, MASK, TOP, withParts, type Hamt, type Leaf, type Trie } from './trie.js'

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
