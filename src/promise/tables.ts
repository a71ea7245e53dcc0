/**
 * The promise's per-network tables: everything the delivery promise works out once per
 * (immutable) network and reuses call after call — node names as a flat array, the nodes
 * that can ship or transfer in order of their cost floor, every node by fixed cost, the
 * network-wide cost floors, co-located nodes, compiled rules and price rules — and the
 * scratch memory its hot paths borrow (see {@link Scratch}). One object per network, found
 * by `networkTables(net)` and held by the call's context; each memo is a pure function of
 * its key, so it is invisible in results.
 *
 * @internal
 */
import type * as E from 'fp-ts/lib/Either.js'
import { CAPABILITIES, type Capability } from '../model/network.js'
import type { Id } from '../model/primitives.js'
import type { SourcingRules } from '../model/order.js'
import type { CompiledNetwork } from '../network/compile.js'
import type { CompiledRules } from '../rules/sourcing.js'
import { hasCapability } from '../network/nodes.js'
import type { CompiledPrice } from './price.js'
import type { PromiseError } from './types.js'

/**
 * The nodes with a capability in ascending order of their cost floor for `q` units,
 * fixed + q × per-unit handling (ties by node index), and those floors.
 */
export interface FloorOrder {
  readonly node: Int32Array
  readonly floor: Float64Array
}

export type SendingCapability = 'ship' | 'transfer-out'

/** Every node ordered by (fixed cost, node), per role, and each node's rank in that order. */
export interface FixedOrder {
  readonly order: Int32Array
  readonly rank: Int32Array
}

/** The smallest fixed cost and per-unit handling of any node with a capability. */
export type CostFloor = readonly [fixed: number, unit: number]

/**
 * Growable scratch arrays, by name. A function that borrows one calls out to nothing while it
 * uses it (or, like the single-SKU holders, marks its entries with its call number), so no
 * other user can see it half-written. Held per network, never at module level.
 */
export class Scratch {
  private readonly ints = new Map<string, Int32Array>()
  private readonly floats = new Map<string, Float64Array>()
  private readonly bytes = new Map<string, Uint8Array>()

  /** An Int32Array of at least `length` entries (contents left from its last use). */
  int32(name: string, length: number): Int32Array {
    let a = this.ints.get(name)
    if (a === undefined || a.length < length) {
      a = new Int32Array(Math.max(64, 2 * length))
      this.ints.set(name, a)
    }
    return a
  }

  /** A Float64Array of at least `length` entries (contents left from its last use). */
  float64(name: string, length: number): Float64Array {
    let a = this.floats.get(name)
    if (a === undefined || a.length < length) {
      a = new Float64Array(Math.max(64, 2 * length))
      this.floats.set(name, a)
    }
    return a
  }

  /** A Uint8Array of at least `length` entries (contents left from its last use). */
  uint8(name: string, length: number): Uint8Array {
    let a = this.bytes.get(name)
    if (a === undefined || a.length < length) {
      a = new Uint8Array(Math.max(64, 2 * length))
      this.bytes.set(name, a)
    }
    return a
  }
}

/**
 * Quantities whose floor orders are kept per network and capability; for larger ones only the
 * call's holders are sorted, per call.
 */
const MEMO_QUANTITIES = 64

/** What the delivery promise keeps per network (see the module comment). */
export class NetworkTables {
  /** Node names by node index. */
  readonly names: readonly (string | undefined)[]
  readonly scratch = new Scratch()
  /**
   * What single-SKU holders could give, per node at 5n…5n+4 (see `SkuSupply` in ./sku-supply.ts),
   * and the number of the last call that wrote there.
   */
  readonly holderScratch: Float64Array
  holderCalls = 0
  /** The pickup point's unit vector during a single-SKU scan (see `fastPickup`). */
  readonly targetVector = new Float64Array(3)
  private readonly floorOrders = { ship: [] as (FloorOrder | undefined)[], transfer: [] as (FloorOrder | undefined)[] }
  private fixed: { readonly ship: FixedOrder; readonly transfer: FixedOrder } | undefined
  private floors: { readonly ship: CostFloor; readonly transfer: CostFloor } | undefined
  private readonly colocatedOf = new Map<number, readonly Id[]>()
  private readonly rules = new WeakMap<SourcingRules, CompiledRules>()
  private readonly prices = new WeakMap<object, E.Either<PromiseError, CompiledPrice>>()

  constructor(readonly net: CompiledNetwork) {
    const nodes = net.nodes
    const names: (string | undefined)[] = []
    for (let n = 0; n < nodes.count; n++) names.push(nodes.nodes[n]?.name)
    this.names = names
    this.holderScratch = new Float64Array(5 * nodes.count)
  }

  /**
   * The floor order of `capability` for `q` units: of every node, or (for an unusual
   * quantity, not kept) of the nodes in bitset `holders` only.
   */
  floorOrder(capability: SendingCapability, q: number, holders: Int32Array): FloorOrder {
    if (!(Number.isInteger(q) && q >= 0 && q < MEMO_QUANTITIES)) return buildFloorOrder(this.net, capability, q, holders)
    const orders = capability === 'ship' ? this.floorOrders.ship : this.floorOrders.transfer
    return (orders[q] ??= buildFloorOrder(this.net, capability, q))
  }

  /** Every node by (fixed cost, node), per role. */
  fixedOrders(): { readonly ship: FixedOrder; readonly transfer: FixedOrder } {
    if (this.fixed !== undefined) return this.fixed
    const net = this.net
    const order = (fixed: Float64Array): FixedOrder => {
      const o = Int32Array.from({ length: net.nodes.count }, (_, i) => i).sort((a, b) => (fixed[a] as number) - (fixed[b] as number) || a - b)
      const rank = new Int32Array(net.nodes.count)
      o.forEach((n, k) => (rank[n] = k))
      return { order: o, rank }
    }
    return (this.fixed ??= { ship: order(net.packageMicros), transfer: order(net.transferFixedMicros) })
  }

  /** Network-wide floors per role: the smallest fixed cost and per-unit handling of any node with the capability. */
  costFloors(): { readonly ship: CostFloor; readonly transfer: CostFloor } {
    if (this.floors !== undefined) return this.floors
    const net = this.net
    const of = (capability: Capability, fixed: Float64Array, unit: Float64Array): CostFloor => {
      let minFixed = Number.POSITIVE_INFINITY
      let minUnit = Number.POSITIVE_INFINITY
      for (let n = 0; n < net.nodes.count; n++) {
        if (!hasCapability(net.nodes, n, capability)) continue
        minFixed = Math.min(minFixed, fixed[n] as number)
        minUnit = Math.min(minUnit, unit[n] as number)
      }
      return [minFixed, minUnit]
    }
    return (this.floors ??= { ship: of('ship', net.packageMicros, net.unitMicros), transfer: of('transfer-out', net.transferFixedMicros, net.transferUnitMicros) })
  }

  /** The ids of the nodes at `node`'s very coordinates, worked out by `find` on first use. */
  colocated(node: number, find: () => readonly Id[]): readonly Id[] {
    let out = this.colocatedOf.get(node)
    if (out === undefined) {
      out = find()
      this.colocatedOf.set(node, out)
    }
    return out
  }

  /** `rules` compiled by `compile`, once per rules object (a retailer passes the same one on every call). */
  compiledRules(rules: SourcingRules, compile: (r: SourcingRules) => CompiledRules): CompiledRules {
    let c = this.rules.get(rules)
    if (c === undefined) {
      c = compile(rules)
      this.rules.set(rules, c)
    }
    return c
  }

  /** A price rule object compiled by `compile`, once per object. */
  compiledPrice<R extends object>(rule: R, compile: (r: R) => E.Either<PromiseError, CompiledPrice>): E.Either<PromiseError, CompiledPrice> {
    let c = this.prices.get(rule)
    if (c === undefined) {
      c = compile(rule)
      this.prices.set(rule, c)
    }
    return c
  }
}

// The one place the tables are found from a network: until the compiled network carries them
// itself, they are held weakly beside it, as long as the network lives.
const byNetwork = new WeakMap<CompiledNetwork, NetworkTables>()

/** The promise's tables of `net`, made on first use. */
export const networkTables = (net: CompiledNetwork): NetworkTables => {
  let t = byNetwork.get(net)
  if (t === undefined) {
    t = new NetworkTables(net)
    byNetwork.set(net, t)
  }
  return t
}

const buildFloorOrder = (net: CompiledNetwork, capability: SendingCapability, q: number, only?: Int32Array): FloorOrder => {
  const nodes = net.nodes
  const fixed = capability === 'ship' ? net.packageMicros : net.transferFixedMicros
  const unit = capability === 'ship' ? net.unitMicros : net.transferUnitMicros
  const bit = 1 << CAPABILITIES.indexOf(capability)
  const floors: number[] = []
  const members: number[] = []
  for (let n = 0; n < nodes.count; n++) {
    if (((nodes.capabilities[n] as number) & bit) === 0) continue
    if (only !== undefined && ((only[n >>> 5] as number) & (1 << (n & 31))) === 0) continue
    members.push(n)
    floors[n] = (fixed[n] ?? 0) + q * (unit[n] ?? 0)
  }
  members.sort((a, b) => (floors[a] as number) - (floors[b] as number) || a - b)
  const node = Int32Array.from(members)
  const floor = new Float64Array(node.length)
  for (let k = 0; k < node.length; k++) floor[k] = floors[node[k] as number] as number
  return { node, floor }
}
