/**
 * Positions: SKU interning, reading a position from the overlay or the snapshot base, writing
 * it back into the overlay, and the list of nodes that hold an SKU.
 */
import { type Hamt, hamtDelete, hamtForEachInRange, hamtGet, hamtSet } from '../internal/hamt.js'
import { heldBack } from './policies.js'
import { makePosition, makeState, withOverlay } from './state.js'
import type { Hold, Position, PositionLot, StockBase, StockState } from './types.js'

const NO_HOLDS: readonly Hold[] = []
const NO_LOTS: readonly PositionLot[] = []
const NO_NODES: readonly number[] = []
const NO_ATTRIBUTES: readonly string[] = []

/**
 * The index of SKU `sku` in this state, or −1 when the state has never seen it. Snapshot SKUs
 * (from rows, lots, policies and the catalogue) are numbered in ascending id order; SKUs first
 * seen by a later command follow, in order of appearance.
 *
 * @example skuIndexOf(state, 'sku-42') // 17, or -1
 */
export const skuIndexOf = (state: StockState, sku: string): number => {
  const base = state.base
  const known = base.skuById.get(sku)
  if (known !== undefined) return known
  return (state.skus.count > base.skuCount ? hamtGet(state.skus.byId, sku) : undefined) ?? -1
}

/**
 * The id of SKU index `skuIndex`, or '' when there is no such index.
 *
 * @example skuIdOf(state, skuIndexOf(state, 'sku-42')) // 'sku-42'
 */
export const skuIdOf = (state: StockState, skuIndex: number): string =>
  state.base.skuIds[skuIndex] ?? hamtGet(state.skus.ids, skuIndex) ?? ''

/**
 * An SKU's attributes from the network's catalogue (`bulky`, `hazmat`, …); [] when it has none.
 *
 * @example skuAttributes(state, skuIndexOf(state, 'sofa')) // ['bulky']
 */
export const skuAttributes = (state: StockState, skuIndex: number): readonly string[] =>
  state.base.skuAttributes[skuIndex] ?? NO_ATTRIBUTES

/**
 * The state with `sku` interned, and its index.
 *
 * @example internSku(state, 'new-sku').index // state.skus.count for an unseen id
 * @internal
 */
export const internSku = (state: StockState, sku: string): { readonly state: StockState; readonly index: number } => {
  const known = skuIndexOf(state, sku)
  if (known >= 0) return { state, index: known }
  return internNewSku(state, sku)
}

/**
 * The state with `sku` (not yet known) interned, and its index.
 *
 * @example internNewSku(state, 'new-sku') // { state: … with 'new-sku', index: state.skus.count }
 * @internal
 */
export const internNewSku = (state: StockState, sku: string): { readonly state: StockState; readonly index: number } => {
  const index = state.skus.count
  const skus = { count: index + 1, ids: hamtSet(state.skus.ids, index, sku), byId: hamtSet(state.skus.byId, sku, index) }
  return {
    state: makeState(state, skus, state.overlay, state.lots, state.reservations, state.finished, state.idempotency, state.expiry, state.sequence),
    index,
  }
}

/**
 * Fibonacci hash of a position key into a slot table of 2^(32 − shift) pairs.
 *
 * @example slotHash(12_345, 10) // an entry index below 2^22
 * @internal
 */
export const slotHash = (key: number, shift: number): number => Math.imul(key, 0x9e3779b1) >>> shift

/**
 * The entry of position (sku, node) in the base's slot table, or −1 (also when there is no
 * table). Entry e holds key, slot (~slot with lots), on hand and held back at 4e … 4e + 3.
 *
 * @example state.base.slotTable[4 * baseEntry(state.base, sku, node) + 2] // on hand at snapshot time
 * @internal
 */
export const baseEntry = (base: StockBase, sku: number, node: number): number => {
  const table = base.slotTable
  if (table.length === 0 || sku < 0 || sku >= base.skuCount) return -1
  const key = sku * base.nodeCount + node
  const mask = base.slotMask
  for (let h = slotHash(key, base.slotShift); ; h = (h + 1) & mask) {
    const k = table[4 * h] as number
    if (k === key) return h
    if (k === -1) return -1
  }
}

/**
 * The slot of position (sku, node) in the snapshot base, or −1: one probe sequence in the
 * slot table (a binary search in the SKU's nodes when the table is absent).
 *
 * @example state.base.node[baseSlot(state.base, sku, node)] === node
 * @internal
 */
export const baseSlot = (base: StockBase, sku: number, node: number): number => {
  if (sku < 0 || sku >= base.skuCount) return -1
  if (base.slotTable.length > 0) {
    const e = baseEntry(base, sku, node)
    if (e < 0) return -1
    const tagged = base.slotTable[4 * e + 1] as number
    return tagged < 0 ? ~tagged : tagged
  }
  let lo = base.offsets[sku] as number
  let hi = (base.offsets[sku + 1] as number) - 1
  const nodes = base.node
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const n = nodes[mid] as number
    if (n < node) lo = mid + 1
    else if (n > node) hi = mid - 1
    else return mid
  }
  return -1
}

/**
 * The snapshot's inbound lots at base slot `slot` (shared, never copied).
 *
 * @example baseLots(state.base, slot).map((l) => l.id) // ['po-1']
 * @internal
 */
export const baseLots = (base: StockBase, slot: number): readonly PositionLot[] =>
  base.hasLots[slot] === 1 ? (base.lotsBySlot.get(slot) ?? NO_LOTS) : NO_LOTS

/**
 * True when `skuIndex` and `nodeIndex` are indexes this state knows.
 *
 * @example validPosition(state, 0, state.nodes.count) // false
 * @internal
 */
export const validPosition = (state: StockState, sku: number, node: number): boolean =>
  Number.isInteger(sku) && Number.isInteger(node) && sku >= 0 && node >= 0 && sku < state.skus.count && node < state.nodes.count

/**
 * The overlay key of position (sku, node).
 *
 * @example positionKey(state, 2, 5) // 2 * state.nodes.count + 5
 * @internal
 */
export const positionKey = (state: StockState, sku: number, node: number): number => sku * state.nodes.count + node

/**
 * The current state of position (sku, node), or undefined when there is none. Indexes must be
 * valid (see `validPosition`).
 *
 * @example readPosition(state, sku, node)?.onHand // 10
 * @internal
 */
export const readPosition = (state: StockState, sku: number, node: number): Position | undefined => {
  if (state.overlay.size > 0) {
    const changed = hamtGet(state.overlay, sku * state.nodes.count + node)
    if (changed !== undefined) return changed
  }
  const slot = baseSlot(state.base, sku, node)
  if (slot < 0) return undefined
  return makePosition(state.base.counts[2 * slot] as number, state.base.counts[2 * slot + 1] as number, NO_HOLDS, baseLots(state.base, slot))
}

/**
 * The position (sku, node), or a new empty one whose safety stock and buffer come from the
 * policies.
 *
 * @example positionOrEmpty(state, sku, node).onHand // 0 for a position that does not exist yet
 * @internal
 */
export const positionOrEmpty = (state: StockState, sku: number, node: number): Position =>
  readPosition(state, sku, node) ?? makePosition(0, heldBack(state.policies, node, state.nodes.kind[node] as number, sku), NO_HOLDS, NO_LOTS)

/**
 * The overlay with `quantity` units of `channel` held at position (sku, node) for instant
 * `atMs` (negative quantity: released), the position being read from `overlay` or, when the
 * overlay has no entry, straight from the snapshot base (so a hold costs one new record).
 *
 * @example holdAt(state, state.overlay, sku, node, 'web', -Infinity, 2) // overlay with 2 more held now
 * @internal
 */
export const holdAt = (
  state: StockState,
  overlay: Hamt<number, Position>,
  sku: number,
  node: number,
  channel: string,
  atMs: number,
  quantity: number,
): Hamt<number, Position> => {
  const changed = overlay.size > 0 ? hamtGet(overlay, sku * state.nodes.count + node) : undefined
  if (changed !== undefined) {
    return overlayWith(state, overlay, sku, node, makePosition(changed.onHand, changed.heldBack, adjustHold(changed.holds, channel, atMs, quantity), changed.lots))
  }
  const slot = baseSlot(state.base, sku, node)
  const onHand = slot < 0 ? 0 : (state.base.counts[2 * slot] as number)
  const held = slot < 0 ? heldBack(state.policies, node, state.nodes.kind[node] as number, sku) : (state.base.counts[2 * slot + 1] as number)
  const lots = slot < 0 ? NO_LOTS : baseLots(state.base, slot)
  return overlayWith(state, overlay, sku, node, makePosition(onHand, held, adjustHold(NO_HOLDS, channel, atMs, quantity), lots))
}

/**
 * `overlay` with position (sku, node) set to `position`. A snapshot position changed back to
 * its snapshot values leaves the overlay, so the overlay only ever holds real differences.
 *
 * @example overlayWith(state, state.overlay, sku, node, position)
 * @internal
 */
export const overlayWith = (
  state: StockState,
  overlay: Hamt<number, Position>,
  sku: number,
  node: number,
  position: Position,
): Hamt<number, Position> => {
  const key = sku * state.nodes.count + node
  if (position.holds.length === 0) {
    const base = state.base
    const slot = baseSlot(base, sku, node)
    if (
      slot >= 0 &&
      base.counts[2 * slot] === position.onHand &&
      base.counts[2 * slot + 1] === position.heldBack &&
      (position.lots === baseLots(base, slot) || (position.lots.length === 0 && base.hasLots[slot] !== 1))
    ) {
      return hamtDelete(overlay, key)
    }
  }
  return hamtSet(overlay, key, position)
}

/**
 * The state with position (sku, node) set to `position`.
 *
 * @example writePosition(state, sku, node, makePosition(12, 1, [], []))
 * @internal
 */
export const writePosition = (state: StockState, sku: number, node: number, position: Position): StockState =>
  withOverlay(state, overlayWith(state, state.overlay, sku, node, position))

/** True when a position holds something: units on hand, an inbound lot, or a reservation. */
const holdsSomething = (p: Position): boolean => p.onHand > 0 || p.lots.length > 0 || p.holds.length > 0

/**
 * Node indexes, ascending, of every node where SKU `skuIndex` has a position holding something:
 * units on hand, an inbound lot or a live reservation. Includes positions created after the
 * snapshot (a return at a store that never held the SKU, an announced lot).
 *
 * @example nodesHoldingSku(state, skuIndexOf(state, 'sku-1')).map((n) => state.nodes.ids[n])
 */
export const nodesHoldingSku = (state: StockState, skuIndex: number): ReadonlyArray<number> => {
  if (!Number.isInteger(skuIndex) || skuIndex < 0 || skuIndex >= state.skus.count) return NO_NODES
  const base = state.base
  const count = state.nodes.count
  // Overlay entries of this SKU, ascending by node: the overlay is a radix tree in key order
  // (for keys below 2^30; beyond, the walk is unordered and the entries are sorted here).
  const changed: Array<{ readonly node: number; readonly p: Position }> = []
  const first = skuIndex * count
  hamtForEachInRange(state.overlay, first, first + count - 1, (p, key) => changed.push({ node: key - first, p }))
  if (first + count > 0x40000000) changed.sort((a, b) => a.node - b.node)
  const from = skuIndex < base.skuCount ? (base.offsets[skuIndex] as number) : 0
  const to = skuIndex < base.skuCount ? (base.offsets[skuIndex + 1] as number) : 0
  const out: number[] = []
  let t = 0
  for (let slot = from; slot < to || t < changed.length; ) {
    const b = slot < to ? (base.node[slot] as number) : Infinity
    const c = t < changed.length ? (changed[t] as { readonly node: number }).node : Infinity
    if (c <= b) {
      if (holdsSomething((changed[t] as { readonly p: Position }).p)) out.push(c)
      t++
      if (c === b) slot++
    } else {
      if ((base.counts[2 * slot] as number) > 0 || base.hasLots[slot] === 1) out.push(b)
      slot++
    }
  }
  return out
}

const NO_BITS = new Int32Array(0)

/** 32-bit words of a bitset over the network's nodes. */
export const holderWords = (state: StockState): number => (state.nodes.count + 31) >>> 5

/** The snapshot's holders of SKU `skuIndex` as a bitset, built once per stock index (on `base.holderBits`). */
const snapshotHolderBits = (base: StockBase, skuIndex: number, words: number): Int32Array => {
  const known = base.holderBits[skuIndex]
  if (known !== undefined) return known
  const bits = new Int32Array(words)
  if (skuIndex < base.skuCount) {
    const to = base.offsets[skuIndex + 1] as number
    for (let slot = base.offsets[skuIndex] as number; slot < to; slot++) {
      if ((base.counts[2 * slot] as number) > 0 || base.hasLots[slot] === 1) {
        const n = base.node[slot] as number
        bits[n >>> 5] = (bits[n >>> 5] as number) | (1 << (n & 31))
      }
    }
  }
  base.holderBits[skuIndex] = bits
  return bits
}

/**
 * The nodes of {@link nodesHoldingSku} as a bitset: bit `n & 31` of word `n >>> 5` is set when
 * node `n` holds something of SKU `skuIndex`. The snapshot's part is computed once per SKU
 * and stock index and shared; positions changed since are applied to a copy. The result is
 * shared: never write to it. Intersections and unions of an order's SKUs are then a few word
 * operations.
 *
 * @example holderBits(state, sku)[node >>> 5] & (1 << (node & 31)) // non-zero when node holds sku
 * @internal
 */
export const holderBits = (state: StockState, skuIndex: number): Int32Array => {
  const words = holderWords(state)
  if (!Number.isInteger(skuIndex) || skuIndex < 0 || skuIndex >= state.skus.count) return words === 0 ? NO_BITS : new Int32Array(words)
  const bits = snapshotHolderBits(state.base, skuIndex, words)
  if (state.overlay.size === 0) return bits
  const count = state.nodes.count
  const first = skuIndex * count
  let copy: Int32Array | undefined
  hamtForEachInRange(state.overlay, first, first + count - 1, (p, key) => {
    const n = key - first
    copy ??= Int32Array.from(bits)
    if (holdsSomething(p)) copy[n >>> 5] = (copy[n >>> 5] as number) | (1 << (n & 31))
    else copy[n >>> 5] = (copy[n >>> 5] as number) & ~(1 << (n & 31))
  })
  return copy ?? bits
}

/**
 * Holds with `quantity` more (or, negative, fewer) units of `channel` promised at `atMs`;
 * entries that reach zero disappear, order (atMs, channel) is kept.
 *
 * @example adjustHold([], 'web', -Infinity, 2) // [{ channel: 'web', atMs: -Infinity, quantity: 2 }]
 * @internal
 */
export const adjustHold = (holds: readonly Hold[], channel: string, atMs: number, quantity: number): readonly Hold[] => {
  let i = 0
  while (i < holds.length) {
    const h = holds[i] as Hold
    if (h.atMs > atMs || (h.atMs === atMs && h.channel >= channel)) break
    i++
  }
  const found = holds[i]
  if (found !== undefined && found.atMs === atMs && found.channel === channel) {
    const q = found.quantity + quantity
    if (q <= 0) {
      if (holds.length === 1) return NO_HOLDS
      const out = holds.slice()
      out.splice(i, 1)
      return out
    }
    const out = holds.slice()
    out[i] = { channel, atMs, quantity: q }
    return out
  }
  if (quantity <= 0) return holds
  if (holds.length === 0) return [{ channel, atMs, quantity }]
  const out = holds.slice()
  out.splice(i, 0, { channel, atMs, quantity })
  return out
}
