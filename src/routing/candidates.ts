/**
 * What routing knows of every holder of an order before building it into a problem: which of
 * the order's items it holds, its parcel cost and a lower bound on its per-unit cost to the
 * customer. Cheap enough to compute for every holder (no stock lookup, no trigonometry), and
 * enough to pick promising nodes and to screen the others out (the rule of ./dominance.ts).
 */
import { distanceMetres, metresBelow, unitVectorOf, type LatLon } from '../geo.js'
import { popcount } from '../internal/bits.js'
import { CAPABILITIES } from '../model/network.js'
import { heldMask, holdersWith, type PreparedOrder, type RoutingContext } from './instance.js'
import { shipUnitMicros, transferUnitCostMicros } from '../network/compile.js'

const SHIP_BIT = 1 << CAPABILITIES.indexOf('ship')
const TRANSFER_IN_BIT = 1 << CAPABILITIES.indexOf('transfer-in')
const TRANSFER_OUT_BIT = 1 << CAPABILITIES.indexOf('transfer-out')

/** Per holder of the order, by position in `nodes` (ascending node index). */
export interface HolderView {
  readonly nodes: Int32Array
  /** Bit s set when the holder holds item s (see `heldMask`). */
  readonly mask: Int32Array
  /** Fixed cost of its facility (a parcel, a transfer, 0 for a target's own shelves); +Infinity when it cannot serve this way. */
  readonly fixed: Float64Array
  /** A lower bound on its per-unit cost (chord distance). */
  readonly unitBelow: Float64Array
  /** Its exact per-unit cost, as the instance would have it. */
  readonly unitExact: (position: number) => number
}

const NO_WORDS = new Int32Array(0)

/**
 * Handling plus carriage over `metres`, rounded down: never above the rounded cost the
 * instance charges for at least that distance (`distanceCostMicros` is monotone in metres).
 * Past 2^53 the float product may round up across an integer, so one micro-unit is taken off.
 */
export const unitCostBelow = (handlingMicros: number, nanosPerKm: number, metres: number): number => {
  const product = nanosPerKm * metres
  const carriage = Math.floor(product / 1_000_000)
  return handlingMicros + (product <= Number.MAX_SAFE_INTEGER ? carriage : Math.max(0, carriage - 1))
}

/**
 * A lower bound on what node `n` charges per unit shipped to the point whose unit vector is
 * `point`: handling plus carriage over the chord (chord ≤ arc, and the cost is monotone in
 * metres).
 */
export const shipUnitBelow = (net: RoutingContext['net'], n: number, point: Float64Array): number =>
  unitCostBelow(net.unitMicros[n] as number, net.perKmNanos[n] as number, metresBelow(net.nodes.unitVectors, 3 * n, point))

/**
 * A holder's seed score, by which the screens pick and order holders: its per-unit cost bound
 * plus its parcel shared over the order's items it holds (`held`, a mask of them).
 */
export const seedScore = (unitBelow: number, fixed: number, held: number): number => unitBelow + fixed / Math.max(1, popcount(held))

/** The view of the holders `nodes` (ascending) for shipping to `to`. */
export const nodesView = (ctx: RoutingContext, prepared: PreparedOrder, to: LatLon, nodes: Int32Array): HolderView => {
  const { net } = ctx
  const count = nodes.length
  const mask = new Int32Array(count)
  const fixed = new Float64Array(count)
  const unitBelow = new Float64Array(count)
  const customer = unitVectorOf(to)
  for (let i = 0; i < count; i++) {
    const n = nodes[i] as number
    mask[i] = heldMask(prepared, n)
    if (((net.nodes.capabilities[n] as number) & SHIP_BIT) === 0) {
      fixed[i] = Number.POSITIVE_INFINITY
      continue
    }
    fixed[i] = net.packageMicros[n] as number
    unitBelow[i] = shipUnitBelow(net, n, customer)
  }
  return { nodes, mask, fixed, unitBelow, unitExact: exactUnit(ctx, nodes, to) }
}

/**
 * The view of the holders and the target for serving through `target` (a pickup node, or a
 * hub with its last mile to `to`): each holder as a transfer into the target, the target as
 * its own shelves (no fixed cost), as `targetInstance` prices them.
 */
export const targetView = (ctx: RoutingContext, prepared: PreparedOrder, mode: 'pickup' | 'hub', target: number, to: LatLon | undefined): HolderView => {
  const { net } = ctx
  const nodes = holdersWith(prepared, target)
  const count = nodes.length
  const mask = new Int32Array(count)
  const fixed = new Float64Array(count)
  const unitBelow = new Float64Array(count)
  const targetPoint = { lat: net.nodes.lat[target] ?? 0, lon: net.nodes.lon[target] ?? 0 }
  const targetVector = unitVectorOf(targetPoint)
  const lastMile = mode === 'hub' && to !== undefined ? shipUnitMicros(net, target, distanceMetres(targetPoint, to)) : 0
  const ownUnit = mode === 'hub' ? lastMile : (net.unitMicros[target] as number)
  const takesTransfers = ((net.nodes.capabilities[target] as number) & TRANSFER_IN_BIT) !== 0
  for (let i = 0; i < count; i++) {
    const n = nodes[i] as number
    mask[i] = heldMask(prepared, n)
    if (n === target) {
      unitBelow[i] = ownUnit
      continue
    }
    if (!takesTransfers || ((net.nodes.capabilities[n] as number) & TRANSFER_OUT_BIT) === 0) {
      fixed[i] = Number.POSITIVE_INFINITY
      continue
    }
    fixed[i] = net.transferFixedMicros[n] as number
    const metres = metresBelow(net.nodes.unitVectors, 3 * n, targetVector)
    unitBelow[i] = unitCostBelow(net.transferUnitMicros[n] as number, net.transferPerKmNanos[n] as number, metres) + lastMile
  }
  const unitExact = (position: number): number => {
    const n = nodes[position] ?? 0
    if (n === target) return ownUnit
    return transferUnitCostMicros(net, n, distanceMetres({ lat: net.nodes.lat[n] ?? 0, lon: net.nodes.lon[n] ?? 0 }, targetPoint)) + lastMile
  }
  return { nodes, mask, fixed, unitBelow, unitExact }
}

/** The exact per-unit shipping cost of the holder at a position of `nodes`. */
const exactUnit =
  (ctx: RoutingContext, nodes: Int32Array, to: LatLon) =>
  (position: number): number => {
    const n = nodes[position] ?? 0
    return shipUnitMicros(ctx.net, n, distanceMetres({ lat: ctx.net.nodes.lat[n] ?? 0, lon: ctx.net.nodes.lon[n] ?? 0 }, to))
  }

/** The view of every holder of the order for shipping to `to`. */
export const holderView = (ctx: RoutingContext, prepared: PreparedOrder, to: LatLon): HolderView => {
  const { net } = ctx
  const { itemBits, any, wide } = prepared.holders
  const count = prepared.holders.count
  const nodes = new Int32Array(count)
  const mask = new Int32Array(count)
  const fixed = new Float64Array(count)
  const unitBelow = new Float64Array(count)
  const customer = unitVectorOf(to)
  const { capabilities } = net.nodes
  const { packageMicros } = net
  const items = itemBits.length
  // Up to eight items (nearly every order), the mask is put together without a loop or a
  // branch: on a typical order the holders' masks are too irregular to predict.
  const short = items <= 8
  const bits = (s: number): Int32Array => (s < items ? (itemBits[s] as Int32Array) : NO_WORDS)
  const [b0, b1, b2, b3, b4, b5, b6, b7] = [bits(0), bits(1), bits(2), bits(3), bits(4), bits(5), bits(6), bits(7)]
  let i = 0
  for (let w = 0; w < any.length; w++) {
    let word = any[w] as number
    if (word === 0) continue
    const w0 = b0[w] ?? 0
    const w1 = b1[w] ?? 0
    const w2 = b2[w] ?? 0
    const w3 = b3[w] ?? 0
    const w4 = b4[w] ?? 0
    const w5 = b5[w] ?? 0
    const w6 = b6[w] ?? 0
    const w7 = b7[w] ?? 0
    while (word !== 0) {
      const low = word & -word
      word ^= low
      const b = 31 - Math.clz32(low)
      const n = (w << 5) | b
      nodes[i] = n
      if (wide) mask[i] = -1
      else if (short) {
        mask[i] =
          ((w0 >>> b) & 1) |
          (((w1 >>> b) & 1) << 1) |
          (((w2 >>> b) & 1) << 2) |
          (((w3 >>> b) & 1) << 3) |
          (((w4 >>> b) & 1) << 4) |
          (((w5 >>> b) & 1) << 5) |
          (((w6 >>> b) & 1) << 6) |
          (((w7 >>> b) & 1) << 7)
      } else {
        let m = 0
        for (let s = 0; s < items; s++) m |= ((((itemBits[s] as Int32Array)[w] as number) >>> b) & 1) << s
        mask[i] = m
      }
      if (((capabilities[n] as number) & SHIP_BIT) === 0) {
        fixed[i++] = Number.POSITIVE_INFINITY
        continue
      }
      fixed[i] = packageMicros[n] as number
      unitBelow[i++] = shipUnitBelow(net, n, customer)
    }
  }
  prepared.nodes ??= nodes
  return { nodes, mask, fixed, unitBelow, unitExact: exactUnit(ctx, nodes, to) }
}

/**
 * Promising holders: for each item the `perItem` holders with the lowest per-unit cost plus
 * parcel cost shared over the order's items they hold. Returns them marked 1 in an array by
 * holder position. One pass: each holder enters the lists of the items it holds.
 */
export const promisingNodes = (view: HolderView, items: number, perItem: number): Uint8Array => {
  const { mask } = view
  const count = mask.length
  const chosen = new Uint8Array(count)
  const lists = Math.min(items, 31)
  const best = new Int32Array(lists * perItem)
  const bestScore = new Float64Array(lists * perItem).fill(Number.POSITIVE_INFINITY)
  const size = new Int32Array(lists)
  for (let i = 0; i < count; i++) {
    const fixed = view.fixed[i] as number
    if (fixed === Number.POSITIVE_INFINITY) continue
    let m = (mask[i] as number) & (lists === 31 ? 0x7fffffff : (1 << lists) - 1)
    const score = seedScore(view.unitBelow[i] as number, fixed, m)
    while (m !== 0) {
      const low = m & -m
      m ^= low
      const base = (31 - Math.clz32(low)) * perItem
      // Keep the `perItem` lowest scores (ties: lower position) by insertion.
      if (!(score < (bestScore[base + perItem - 1] as number))) continue
      const s = base / perItem
      let j = base + Math.min((size[s] as number), perItem - 1)
      if ((size[s] as number) < perItem) size[s] = (size[s] as number) + 1
      while (j > base && (bestScore[j - 1] as number) > score) {
        bestScore[j] = bestScore[j - 1] as number
        best[j] = best[j - 1] as number
        j--
      }
      bestScore[j] = score
      best[j] = i
    }
  }
  for (let s = 0; s < lists; s++) for (let j = 0; j < (size[s] as number); j++) chosen[best[s * perItem + j] as number] = 1
  return chosen
}

/** The node indexes of the holders marked 1 in `chosen`, ascending. */
export const chosenNodes = (view: HolderView, chosen: Uint8Array): Int32Array => {
  let count = 0
  for (let i = 0; i < chosen.length; i++) if (chosen[i] === 1) count++
  const out = new Int32Array(count)
  for (let i = 0, j = 0; i < chosen.length; i++) if (chosen[i] === 1) out[j++] = view.nodes[i] ?? 0
  return out
}
