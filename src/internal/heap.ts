/**
 * A persistent leftist min-heap of reservation expiries `(expiresAtMs, reservationId)`,
 * ordered by instant then id. Insert and pop cost O(log n) worst case and never touch older
 * versions. Deletion is lazy: callers leave entries of released or confirmed reservations in
 * place and skip them when they surface.
 *
 * @internal
 */

/** One expiry entry. @internal */
export interface ExpiryEntry {
  readonly atMs: number
  readonly id: string
}

interface HeapNode {
  readonly entry: ExpiryEntry
  /** Length of the right spine (the leftist invariant keeps it ≤ log2(n + 1)). */
  readonly rank: number
  readonly left: HeapNode | undefined
  readonly right: HeapNode | undefined
}

/**
 * An immutable min-heap of expiry entries.
 *
 * @internal
 */
export interface ExpiryHeap {
  readonly size: number
  readonly root: HeapNode | undefined
}

/**
 * The empty heap.
 *
 * @example heapSize(EMPTY_HEAP) // 0
 * @internal
 */
export const EMPTY_HEAP: ExpiryHeap = { size: 0, root: undefined }

const before = (a: ExpiryEntry, b: ExpiryEntry): boolean => a.atMs < b.atMs || (a.atMs === b.atMs && a.id < b.id)

const rankOf = (n: HeapNode | undefined): number => (n === undefined ? 0 : n.rank)

const meld = (a: HeapNode | undefined, b: HeapNode | undefined): HeapNode | undefined => {
  if (a === undefined) return b
  if (b === undefined) return a
  const [lo, hi] = before(b.entry, a.entry) ? [b, a] : [a, b]
  const merged = meld(lo.right, hi)
  const l = lo.left
  return rankOf(l) >= rankOf(merged)
    ? { entry: lo.entry, rank: rankOf(merged) + 1, left: l, right: merged }
    : { entry: lo.entry, rank: rankOf(l) + 1, left: merged, right: l }
}

/**
 * A heap with `entry` added.
 *
 * @example heapPeek(heapInsert(EMPTY_HEAP, { atMs: 5, id: 'r-1' })) // { atMs: 5, id: 'r-1' }
 * @internal
 */
export const heapInsert = (heap: ExpiryHeap, entry: ExpiryEntry): ExpiryHeap => ({
  size: heap.size + 1,
  root: meld(heap.root, { entry, rank: 1, left: undefined, right: undefined }),
})

/**
 * The smallest entry (earliest instant, then lowest id), or undefined when empty.
 *
 * @example heapPeek(EMPTY_HEAP) // undefined
 * @internal
 */
export const heapPeek = (heap: ExpiryHeap): ExpiryEntry | undefined => heap.root?.entry

/**
 * The heap without its smallest entry (the empty heap stays empty).
 *
 * @example heapSize(heapPop(heapInsert(EMPTY_HEAP, { atMs: 1, id: 'a' }))) // 0
 * @internal
 */
export const heapPop = (heap: ExpiryHeap): ExpiryHeap =>
  heap.root === undefined ? heap : { size: heap.size - 1, root: meld(heap.root.left, heap.root.right) }

/**
 * Number of entries, stale ones included.
 *
 * @example heapSize(EMPTY_HEAP) // 0
 * @internal
 */
export const heapSize = (heap: ExpiryHeap): number => heap.size
