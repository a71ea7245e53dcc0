/**
 * The single-SKU supply table, the fast path's counterpart of the cart's (./cart-nodes.ts):
 * per node holding the request's only SKU, its ATP, the units it may send today and whether
 * the rules let it source the SKU, worked out on first use; and the holders walked in a
 * network floor order, as far as a scan needs. Which nodes hold the SKU is the stock index's
 * holder bitset (`holderBits`), the same one the router's prepared order reads per item.
 *
 * @internal
 */
import { unitsToday } from '../routing/facilities.js'
import { ineligibility, skuAllowedAt } from '../rules/sourcing.js'
import { atpAt, holderBits, holderWords, skuIndexOf } from '../stock/index.js'
import type { PromiseContext } from './context.js'
import type { FloorOrder, SendingCapability } from './tables.js'

const NO_ATTRIBUTES: readonly string[] = []
const USABLE = 1
const UNUSABLE = 2

/**
 * The single-SKU supply table: the nodes holding the request's only SKU (the stock index's
 * holder bitset, not copied), with what each can give, worked out on first use and shared by
 * every option of the call.
 */
export class SkuSupply {
  readonly sku: number
  /** Bit `n & 31` of word `n >>> 5` is set when node `n` holds the SKU; never written. */
  readonly bits: Int32Array
  private readonly attributes: readonly string[]
  private readonly call: number
  /**
   * What holders could give, per node at 5n…5n+4: the call that wrote it, state (usable or
   * not), ATP, units it may send today (min(ATP, demand, remaining unit capacity)), and 1 when
   * it may ship or transfer today. The network's scratch, so a call allocates nothing per
   * node: an entry counts only for the call that wrote it (a price function that asks for
   * options itself starts another call, whose entries the first one then works out again).
   */
  private readonly scratch: Float64Array
  /** The node the last pickup point took its transfer from, or −1: the next point's first guess. */
  lastSource = -1
  private shipWalk: HolderWalk | undefined
  private transferWalk: HolderWalk | undefined

  constructor(private readonly ctx: PromiseContext) {
    const skuId = ctx.items[0] as string
    this.sku = skuIndexOf(ctx.stock, skuId)
    // Attributes matter only under rules about them (skuAllowedAt): no catalogue lookup otherwise.
    this.attributes = ctx.compiledRules.skuAttributes.length === 0 ? NO_ATTRIBUTES : (ctx.net.skuAttributes.get(skuId) ?? NO_ATTRIBUTES)
    this.bits = this.sku < 0 ? new Int32Array(holderWords(ctx.stock)) : holderBits(ctx.stock, this.sku)
    this.scratch = ctx.tables.holderScratch
    this.call = ++ctx.tables.holderCalls
  }

  /** True when node `n` holds the SKU. */
  holds(n: number): boolean {
    return ((this.bits[n >>> 5] as number) & (1 << (n & 31))) !== 0
  }

  /** The holders that can send by `capability`, by cost floor, walked once for all the call's scans. */
  walk(capability: SendingCapability): HolderWalk {
    const tables = this.ctx.tables
    const q = this.ctx.demand[0] ?? 0
    return capability === 'ship'
      ? (this.shipWalk ??= new HolderWalk(tables.floorOrder(capability, q, this.bits), this))
      : (this.transferWalk ??= new HolderWalk(tables.floorOrder(capability, q, this.bits), this))
  }

  /** ATP of holder `n` (once usable). */
  atp(n: number): number {
    return this.scratch[5 * n + 2] as number
  }

  /** Units holder `n` may send today (once usable). */
  sendable(n: number): number {
    return this.scratch[5 * n + 3] as number
  }

  /** True when node `n` holds the SKU, has ATP and the rules let it source the SKU (at some distance). */
  usable(n: number): boolean {
    const at = 5 * n
    if (this.scratch[at] === this.call) return this.scratch[at + 1] === USABLE
    if (!this.holds(n)) return false
    const ctx = this.ctx
    const nodes = ctx.net.nodes
    const atp = atpAt(ctx.stock, this.sku, n, ctx.channel)
    this.scratch[at] = this.call
    if (atp <= 0 || ineligibility(ctx.compiledRules, nodes, n, 0) !== undefined || !skuAllowedAt(ctx.compiledRules, nodes, this.attributes, n)) {
      this.scratch[at + 1] = UNUSABLE
      return false
    }
    const q = ctx.demand[0] ?? 0
    const cap = unitsToday(ctx.net, ctx.capacityUsed, n)
    this.scratch[at + 1] = USABLE
    this.scratch[at + 2] = atp
    this.scratch[at + 3] = Math.min(atp, q, cap)
    this.scratch[at + 4] = cap > 0 ? 1 : 0
    return true
  }

  /** True when holder `n` may ship or transfer today. */
  canSend(n: number): boolean {
    return this.usable(n) && this.scratch[5 * n + 4] === 1
  }
}

/**
 * The holders in a network floor order, found as far as a scan needs: the walk over the
 * network's nodes stops at the scan's bound, and the next scan (the next pickup point)
 * replays what was found before walking on.
 */
export class HolderWalk {
  /** SkuSupply found so far, in floor order, and their floors. */
  readonly node: number[] = []
  readonly floor: number[] = []
  /** Position in the network order up to which it was walked. */
  private k = 0

  constructor(
    private readonly order: FloorOrder,
    private readonly h: SkuSupply,
  ) {}

  /** The j-th holder, or −1 when every holder left has a floor above `limit`. */
  at(j: number, limit: number): number {
    const nodes = this.order.node
    const floors = this.order.floor
    while (this.node.length <= j) {
      const k = this.k
      if (k >= nodes.length || (floors[k] as number) > limit) return -1
      const n = nodes[k] as number
      if (this.h.holds(n)) {
        this.node.push(n)
        this.floor.push(floors[k] as number)
      }
      this.k = k + 1
    }
    return this.node[j] as number
  }
}
