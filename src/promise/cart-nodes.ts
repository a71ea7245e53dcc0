/**
 * The cart's supply table: per node of the call holding a cart SKU, which SKUs it holds,
 * what it may supply of each (ATP capped by demand, after the rules and attribute rules) and
 * its capacity today, read from the facility model and shared by every option of the call.
 *
 * @internal
 */
import { unitsToday } from '../routing/facilities.js'
import { orderTiers, type OrderTiers } from '../routing/offers.js'
import { ineligibility, skuAllowedAt } from '../rules/sourcing.js'
import { popcount } from '../internal/bits.js'
import { atpAt, holderBits, holderWords, skuIndexOf } from '../stock/index.js'
import type { PromiseContext } from './context.js'
import type { FixedOrder } from './tables.js'
import type { Candidate } from './cart-offers.js'

/** SKU sets are bit masks. */
export const MAX_CART_ITEMS = 30

/**
 * Per node of the call holding a cart SKU: which SKUs it holds (known at once) and what it
 * may supply (worked out on first use, since most nodes are dropped before). Shared by every
 * option of the call.
 */
export class CartNodes {
  /** Nodes holding a cart SKU, ascending. */
  readonly nodes: number[] = []
  /** Bit s set when node i holds SKU s (a superset of what it may supply). */
  readonly held: number[] = []
  /** The holders as a bitset over node indexes, and how many come before each word (see `slotOf`). */
  private readonly union: number[] = []
  private readonly before: number[] = []
  /** Holders of every SKU of the request (the only nodes that may serve it alone). */
  readonly coverers: number[] = []
  /** Units the request asks of each set of SKUs (a bit mask), for carts of up to 12 SKUs. */
  readonly unitsBySkus: number[] | undefined
  private shipOrdered: readonly number[] | undefined
  private transferOrdered: readonly number[] | undefined
  private readonly shipCovering = new Map<number, number[]>()
  private readonly transferCovering = new Map<number, number[]>()
  /**
   * Per holder i at INFO × i: the SKUs it supplies at all, those it supplies in full, the
   * units it may still send today, flags (KNOWN, OPEN), and the last option that priced it.
   */
  private readonly info: Int32Array
  /** supply[i × items + s] = min(ATP, demand) of SKU s, 0 when the rules forbid it. */
  private readonly supplies: Int32Array
  /** The facility holder i offers the option that priced it last (see `priced`). */
  private readonly facilities: (Candidate | undefined)[]
  private options = 0
  private readonly skus: number[]
  private readonly attributes: (readonly string[])[]
  private orderTiers: OrderTiers | undefined

  constructor(private readonly ctx: PromiseContext) {
    const { net, stock } = ctx
    const items = ctx.items.length
    this.skus = ctx.items.map((sku) => skuIndexOf(stock, sku))
    this.attributes = ctx.items.map((sku) => net.skuAttributes.get(sku) ?? [])
    // The holders of each SKU as bitsets (memoised per snapshot): their union gives every
    // holder, ascending; then each SKU marks its holders.
    const bits = this.skus.map((sku) => holderBits(stock, sku))
    const words = holderWords(stock)
    const { nodes, held, union, before } = this
    for (let w = 0; w < words; w++) {
      let any = 0
      for (let s = 0; s < items; s++) any |= (bits[s] as Int32Array)[w] as number
      union.push(any)
      before.push(nodes.length)
      while (any !== 0) {
        const low = any & -any
        any ^= low
        nodes.push((w << 5) | (31 - Math.clz32(low)))
        held.push(0)
      }
    }
    for (let s = 0; s < items; s++) {
      const of = bits[s] as Int32Array
      for (let w = 0; w < words; w++) {
        let word = of[w] as number
        const all = union[w] as number
        const first = before[w] as number
        while (word !== 0) {
          const low = word & -word
          word ^= low
          const slot = first + popcount(all & (low - 1))
          held[slot] = (held[slot] as number) | (1 << s)
        }
      }
    }
    const count = this.nodes.length
    this.info = new Int32Array(count * INFO)
    this.supplies = new Int32Array(count * items)
    this.facilities = new Array<Candidate | undefined>(count)
    const everything = (1 << items) - 1
    for (let i = 0; i < count; i++) if (this.held[i] === everything) this.coverers.push(this.nodes[i] as number)
    if (items <= 12) {
      const table = [0]
      for (let mask = 1; mask <= everything; mask++) table.push((table[mask & (mask - 1)] as number) + (ctx.demand[31 - Math.clz32(mask & -mask)] as number))
      this.unitsBySkus = table
    }
  }

  /** The call's demand tiers as the router orders them, shared by its options' offer sets. */
  get tiers(): OrderTiers {
    return (this.orderTiers ??= orderTiers(this.ctx.items, this.ctx.lines, this.ctx.penaltyMicros))
  }

  /** The units the request asks of the SKUs in `skus` (a bit mask). */
  unitsOf(skus: number): number {
    const table = this.unitsBySkus
    if (table !== undefined) return table[skus] as number
    let units = 0
    for (let s = 0; skus >>> s !== 0; s++) if (((skus >>> s) & 1) !== 0) units += this.ctx.demand[s] as number
    return units
  }

  /** The index of node `n` in `nodes`, or −1 when it holds no cart SKU. */
  slotOf(n: number): number {
    const w = n >>> 5
    const bit = 1 << (n & 31)
    const all = this.union[w] ?? 0
    return (all & bit) === 0 ? -1 : (this.before[w] as number) + popcount(all & (bit - 1))
  }

  /**
   * Positions in `transferOrder` (pickup) or `shipOrder` of the holders of every SKU in
   * `skus` (a bit mask); worked out once per call and set of SKUs.
   */
  covering(pickup: boolean, skus: number): readonly number[] {
    const memo = pickup ? this.transferCovering : this.shipCovering
    let found = memo.get(skus)
    if (found === undefined) {
      const order = pickup ? this.transferOrder : this.shipOrder
      const held = this.held
      found = []
      for (let k = 0; k < order.length; k++) if ((((held[order[k] as number] as number) & skus) === skus)) found.push(k)
      memo.set(skus, found)
    }
    return found
  }

  /** The holders (their indexes in `nodes`) by (fixed cost, node), for ship and for transfers; worked out on first use. */
  get shipOrder(): readonly number[] {
    return (this.shipOrdered ??= this.ordered(this.ctx.tables.fixedOrders().ship))
  }

  get transferOrder(): readonly number[] {
    return (this.transferOrdered ??= this.ordered(this.ctx.tables.fixedOrders().transfer))
  }

  /** The holders (indexes in `nodes`) in the order of `all` (every node by (fixed, node)). */
  private ordered(fixed: FixedOrder): number[] {
    const all = fixed.order
    const rank = fixed.rank
    const nodes = this.nodes
    const words = (all.length + 31) >>> 5
    // Holders marked at their rank, then read back in rank order (scratch: this calls out to nothing).
    const scratch = this.ctx.tables.scratch
    const marks = scratch.int32('cart.rankBits', words).fill(0, 0, words)
    const slots = scratch.int32('cart.slotAtRank', all.length)
    for (let i = 0; i < nodes.length; i++) {
      const r = rank[nodes[i] as number] as number
      marks[r >>> 5] = (marks[r >>> 5] as number) | (1 << (r & 31))
      slots[r] = i
    }
    const out: number[] = []
    for (let w = 0; w < words; w++) {
      let word = marks[w] as number
      while (word !== 0) {
        const low = word & -word
        word ^= low
        out.push(slots[(w << 5) | (31 - Math.clz32(low))] as number)
      }
    }
    return out
  }

  /** Works out what holder `i` may supply: ATP capped by demand, after the rules. */
  private learn(i: number): void {
    const ctx = this.ctx
    const nodes = ctx.net.nodes
    const items = ctx.items.length
    const n = this.nodes[i] as number
    const at = i * INFO
    this.info[at + FLAGS] = KNOWN
    if (ineligibility(ctx.compiledRules, nodes, n, 0) !== undefined) return
    const held = this.held[i] as number
    let touch = 0
    let full = 0
    for (let s = 0; s < items; s++) {
      if ((held & (1 << s)) === 0 || !skuAllowedAt(ctx.compiledRules, nodes, this.attributes[s] as readonly string[], n)) continue
      const atp = atpAt(ctx.stock, this.skus[s] as number, n, ctx.channel)
      if (atp <= 0) continue
      const q = ctx.demand[s] as number
      this.supplies[i * items + s] = Math.min(atp, q)
      touch |= 1 << s
      if (atp >= q) full |= 1 << s
    }
    this.info[at + TOUCH] = touch
    this.info[at + FULL] = full
    const cap = unitsToday(ctx.net, ctx.capacityUsed, n)
    this.info[at + CAPACITY] = cap
    this.info[at + FLAGS] = cap > 0 ? KNOWN | OPEN : KNOWN
  }

  private field(i: number, field: number): number {
    const at = i * INFO
    if (this.info[at + FLAGS] === 0) this.learn(i)
    return this.info[at + field] as number
  }

  /** SKUs holder `i` supplies at all (0 when it may not source). */
  touch(i: number): number {
    return this.field(i, TOUCH)
  }

  /** SKUs holder `i` supplies in full. */
  full(i: number): number {
    return this.field(i, FULL)
  }

  supply(i: number, s: number): number {
    if (this.info[i * INFO + FLAGS] === 0) this.learn(i)
    return this.supplies[i * this.ctx.items.length + s] as number
  }

  /** Units holder `i` may still send today. */
  capacity(i: number): number {
    return this.field(i, CAPACITY)
  }

  /** False when its order capacity is used up: it may not ship or transfer today. */
  open(i: number): boolean {
    return (this.field(i, FLAGS) & OPEN) !== 0
  }

  /** A new option of the call, for {@link priced}. */
  newOption(): number {
    return ++this.options
  }

  /** True when holder `i` has been priced for `option` (see {@link facility}). */
  priced(i: number, option: number): boolean {
    return this.info[i * INFO + PRICED] === option
  }

  /** The facility holder `i` offers the option that priced it last. */
  facility(i: number): Candidate | undefined {
    return this.facilities[i]
  }

  /** Records what holder `i` offers `option`. */
  price(i: number, option: number, c: Candidate | undefined): void {
    this.info[i * INFO + PRICED] = option
    this.facilities[i] = c
  }
}

/** Fields of `CartNodes.info`. */
const TOUCH = 0
const FULL = 1
const CAPACITY = 2
const FLAGS = 3
const PRICED = 4
const INFO = 5
const KNOWN = 1
const OPEN = 2

/** The nodes that hold any SKU of the request. */
export const cartNodes = (ctx: PromiseContext): CartNodes => {
  const nodes = new CartNodes(ctx)
  ctx.meter.spent += nodes.nodes.length * (ctx.items.length + 1)
  return nodes
}

