/**
 * The prepared order: what every instance of one routing call shares — its items and demand
 * tiers (by SKU, then penalty, then line id), and the nodes holding them as one bitset per
 * item — and the cover bounds read off the holders alone.
 */
import { bitsetIndexes, bitsetSize } from '../internal/bits.js'
import { toMicros } from '../money.js'
import type { Order } from '../model/order.js'
import type { CompiledRules } from '../rules/sourcing.js'
import { holderBits, holderWords, skuIndexOf, type StockState } from '../stock/index.js'
import type { CompiledNetwork } from '../network/compile.js'
import type { Zone } from '../time/zone.js'

/** A demand tier: one order line. */
export interface Tier {
  readonly lineId: string
  readonly sku: string
  readonly quantity: number
  readonly penalty: number
}

/** What every instance of one routing call shares. */
export interface RoutingContext {
  readonly net: CompiledNetwork
  readonly stock: StockState
  readonly order: Order
  readonly rules: CompiledRules
  readonly nowMs: number
  readonly deliverByMs: number
  readonly maxOpen: number
  readonly allOrNothing: boolean
  readonly allowBackorder: boolean
  readonly capacityUsed: (node: string) => { readonly orders: number; readonly units: number }
  readonly defaultPenalty: string
  /** The customer's zone (the ship delivery's `timeZone`), compiled once per call; absent: parcels are judged in their sender's. */
  readonly customerZone?: Zone
  /** The order's `delayCost` per unit and day, in micros (absent or 0: time costs nothing). */
  readonly delayMicros?: number
}

export interface ItemData {
  readonly items: readonly string[]
  readonly skuIndex: Int32Array
  readonly attributes: readonly (readonly string[])[]
  readonly tiers: readonly Tier[]
  readonly tierStart: Int32Array
  /** Per tier: its quantity and penalty, shared by every instance of the order. */
  readonly tierQuantity: Int32Array
  readonly tierPenalty: Float64Array
  readonly demand: Int32Array
}

const NO_ATTRIBUTES: readonly string[] = []

/** Tiers by item (ascending SKU id), then penalty descending, then line id. */
const tierOrder = (a: Tier, b: Tier): number =>
  a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : b.penalty - a.penalty || (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0)

const itemData = (ctx: RoutingContext): ItemData => {
  const { order, net, stock } = ctx
  const orderPenalty = order.unfulfilledPenalty ?? ctx.defaultPenalty
  const tiers: Tier[] = []
  for (const l of order.lines) tiers.push({ lineId: l.id, sku: l.sku, quantity: l.quantity, penalty: toMicros(l.unfulfilledPenalty ?? orderPenalty) })
  tiers.sort(tierOrder)
  const items: string[] = []
  for (const t of tiers) if (items[items.length - 1] !== t.sku) items.push(t.sku)
  const tierStart = new Int32Array(items.length + 1)
  const demand = new Int32Array(items.length)
  const tierQuantity = new Int32Array(tiers.length)
  const tierPenalty = new Float64Array(tiers.length)
  const skuIndex = new Int32Array(items.length)
  const attributes: (readonly string[])[] = []
  for (let t = 0, s = -1; t < tiers.length; t++) {
    const tier = tiers[t] as Tier
    if (s < 0 || items[s] !== tier.sku) {
      s++
      tierStart[s] = t
      skuIndex[s] = skuIndexOf(stock, tier.sku)
      attributes.push(net.skuAttributes.get(tier.sku) ?? NO_ATTRIBUTES)
    }
    demand[s] = (demand[s] as number) + tier.quantity
    tierQuantity[t] = tier.quantity
    tierPenalty[t] = tier.penalty
  }
  tierStart[items.length] = tiers.length
  return { items, skuIndex, attributes, tiers, tierStart, tierQuantity, tierPenalty, demand }
}

/**
 * The nodes holding the order's SKUs, as one bitset per item (see `holderBits`): a node
 * outside an SKU's holders has neither ATP nor inbound lots of it, so only held positions are
 * ever looked up. The ascending list of every holder is made on first use: screened orders
 * never need it.
 */
export interface Holders {
  /** Per item: the nodes holding it (shared with the stock index: never written). */
  readonly itemBits: readonly Int32Array[]
  /** The nodes holding any item. */
  readonly any: Int32Array
  /** How many nodes hold some item. */
  readonly count: number
  /** True for orders of more than 31 items: masks then set every bit. */
  readonly wide: boolean
}

/** What every instance of one order shares: its items, tiers and holders. Build once per routing call. */
export interface PreparedOrder {
  readonly data: ItemData
  readonly holders: Holders
  /** Memo of {@link holderNodes}. */
  nodes?: Int32Array
}

const holdersOf = (ctx: RoutingContext, data: ItemData): Holders => {
  const words = holderWords(ctx.stock)
  const any = new Int32Array(words)
  const itemBits: Int32Array[] = []
  for (let i = 0; i < data.skuIndex.length; i++) {
    const bits = holderBits(ctx.stock, data.skuIndex[i] ?? -1)
    itemBits.push(bits)
    for (let w = 0; w < words; w++) any[w] = (any[w] as number) | (bits[w] as number)
  }
  return { itemBits, any, count: bitsetSize(any), wide: data.skuIndex.length > 31 }
}

/** Builds the data every instance of the order in `ctx` shares. */
export const prepareOrder = (ctx: RoutingContext): PreparedOrder => {
  const data = itemData(ctx)
  return { data, holders: holdersOf(ctx, data) }
}

/** Every node holding some item of the order, ascending. */
export const holderNodes = (prepared: PreparedOrder): Int32Array =>
  (prepared.nodes ??= bitsetIndexes(prepared.holders.any, prepared.holders.count))

/** Bit s set when `node` holds item s (every bit for orders of more than 31 items); 0 for non-holders. */
export const heldMask = (prepared: PreparedOrder, node: number): number => {
  const h = prepared.holders
  const w = node >>> 5
  const b = node & 31
  if ((((h.any[w] ?? 0) >>> b) & 1) === 0) return 0
  if (h.wide) return -1
  const bits = h.itemBits
  let mask = 0
  for (let s = 0; s < bits.length; s++) mask |= ((((bits[s] as Int32Array)[w] as number) >>> b) & 1) << s
  return mask
}

/** The holders, ascending, with `extra` added when it holds none of the order. */
export const holdersWith = (prepared: PreparedOrder, extra: number): Int32Array => {
  const nodes = holderNodes(prepared)
  if (extra < 0 || heldMask(prepared, extra) !== 0) return nodes
  const out = new Int32Array(nodes.length + 1)
  let i = 0
  while (i < nodes.length && (nodes[i] ?? 0) < extra) {
    out[i] = nodes[i] ?? 0
    i++
  }
  out[i] = extra
  out.set(nodes.subarray(i), i + 1)
  return out
}

/** The bits of the items that some node holds: the items a plan can serve at all. */
const servableMask = (prepared: PreparedOrder): number => {
  const h = prepared.holders
  if (h.count === 0) return 0
  if (h.wide) return -1
  let mask = 0
  h.itemBits.forEach((bits, s) => {
    if (bits.some((w) => w !== 0)) mask |= 1 << s
  })
  return mask
}

/**
 * Nodes that hold every servable item of the order, ascending: the only nodes a one-parcel
 * plan can serve completely from.
 */
export const coveringNodes = (prepared: PreparedOrder): Int32Array => {
  const h = prepared.holders
  if (h.wide) return holderNodes(prepared)
  const need = servableMask(prepared)
  const all = Int32Array.from(h.any)
  h.itemBits.forEach((bits, s) => {
    if ((need & (1 << s)) === 0) return
    for (let w = 0; w < all.length; w++) all[w] = (all[w] as number) & (bits[w] as number)
  })
  return bitsetIndexes(all)
}

/**
 * A proven lower bound on the cost of any direct plan that ships from at least one node
 * outside {@link coveringNodes}. Such a node lacks some servable item, so a plan using it
 * either leaves that item wholly unfulfilled (one parcel) or pays for at least two parcels;
 * every other unit costs at least the network's cheapest handling or its penalty. Nodes
 * beyond the covering set need not be looked at when this bound exceeds the covering set's
 * optimum.
 */
export const outsideCoverBound = (ctx: RoutingContext, prepared: PreparedOrder, maxOpen: number): number => {
  const { data } = prepared
  const need = servableMask(prepared)
  const fMin = ctx.net.minShipPackageMicros
  const cMin = ctx.net.minShipUnitMicros
  if (!Number.isFinite(fMin) || !Number.isFinite(cMin)) return Number.POSITIVE_INFINITY
  const items = data.items.length
  // Per item: the least any plan pays for its units, and what it pays when none is served.
  let floor = 0
  const itemFloor = new Float64Array(items)
  const itemMissing = new Float64Array(items)
  for (let s = 0; s < items; s++) {
    const servable = (need & (1 << s)) !== 0 || (need === -1)
    for (let t = data.tierStart[s] ?? 0; t < (data.tierStart[s + 1] ?? 0); t++) {
      const tier = data.tiers[t]
      if (tier === undefined) continue
      itemFloor[s] = (itemFloor[s] ?? 0) + tier.quantity * (servable ? Math.min(tier.penalty, cMin) : tier.penalty)
      itemMissing[s] = (itemMissing[s] ?? 0) + tier.quantity * tier.penalty
    }
    floor += itemFloor[s] ?? 0
  }
  let alone = Number.POSITIVE_INFINITY
  for (let s = 0; s < items; s++) {
    if ((need & (1 << s)) === 0 && need !== -1) continue
    alone = Math.min(alone, fMin + floor - (itemFloor[s] ?? 0) + (itemMissing[s] ?? 0))
  }
  const several = maxOpen >= 2 ? 2 * fMin + floor : Number.POSITIVE_INFINITY
  return Math.min(alone, several)
}
