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
 * The map lives in `./hamt/`: `trie` (nodes, hashing, lookups), `insert`, `remove`,
 * `traverse` and `build` (from many entries at once).
 *
 * @internal
 */
export {
  emptyHamt,
  emptyNumberHamt,
  emptyStringHamt,
  emptyTailedHamt,
  hamtGet,
  hamtHas,
  numberHash,
  stringHash,
  type Hamt,
} from './hamt/trie.js'
export { hamtSet } from './hamt/insert.js'
export { hamtDelete } from './hamt/remove.js'
export { hamtEntries, hamtForEach, hamtForEachInRange, hamtValues } from './hamt/traverse.js'
export { hamtFromEntries } from './hamt/build.js'
