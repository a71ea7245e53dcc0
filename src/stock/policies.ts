/**
 * Stock policies resolved to lookup tables: safety stock, confidence buffers and channel
 * ring-fences. A policy's scope is a node or a node kind (or every node), and an SKU (or
 * every SKU); at a position the most specific matching policy wins, in this order:
 * node + SKU, node, node kind + SKU, node kind, SKU only, everywhere. Among policies of the
 * same scope, the first listed wins.
 */
import { NODE_KINDS, type NodeKind } from '../model/network.js'
import type { StockPolicies } from '../model/stock.js'
import type { NodeIndex } from '../network/nodes.js'

/** Values of one kind of policy, by scope. Kinds are indexes into `NODE_KINDS`. */
export interface ScopedTable<T> {
  readonly nodeSku: ReadonlyMap<number, ReadonlyMap<number, T>>
  readonly node: ReadonlyMap<number, T>
  readonly kindSku: ReadonlyMap<number, ReadonlyMap<number, T>>
  readonly kind: ReadonlyMap<number, T>
  readonly sku: ReadonlyMap<number, T>
  readonly all: T | undefined
}

/** A ring-fence's size: a fixed quantity, or a percentage of on hand (rounded down). */
export interface FenceRule {
  readonly quantity: number
  /** Negative when the fence is a fixed quantity. */
  readonly percent: number
}

/** The policies of a stock state, resolved against its node index and SKU interning. */
export interface ResolvedPolicies {
  readonly safety: ScopedTable<number>
  readonly buffer: ScopedTable<number>
  /** Channels that have at least one ring-fence, ascending. */
  readonly fenceChannels: readonly string[]
  /** Per channel (same order as `fenceChannels`), its ring-fences. */
  readonly fences: readonly ScopedTable<FenceRule>[]
  /** Per node, the indexes (into `fenceChannels`) of channels with a fence that may apply there. */
  readonly nodeFenceChannels: readonly (readonly number[])[]
  /** The policies as given, resolved again when the network changes (`changeNetwork`). */
  readonly source: StockPolicies | undefined
}

interface Scope {
  readonly node?: string
  readonly nodeKind?: NodeKind
  readonly sku?: string
}

interface MutableTable<T> {
  nodeSku: Map<number, Map<number, T>>
  node: Map<number, T>
  kindSku: Map<number, Map<number, T>>
  kind: Map<number, T>
  sku: Map<number, T>
  all: T | undefined
}

const emptyTable = <T>(): MutableTable<T> => ({
  nodeSku: new Map(),
  node: new Map(),
  kindSku: new Map(),
  kind: new Map(),
  sku: new Map(),
  all: undefined,
})

const setFirst = <K, T>(m: Map<K, T>, k: K, v: T): void => {
  if (!m.has(k)) m.set(k, v)
}

const nested = <T>(m: Map<number, Map<number, T>>, k: number): Map<number, T> => {
  let inner = m.get(k)
  if (inner === undefined) {
    inner = new Map()
    m.set(k, inner)
  }
  return inner
}

/**
 * Adds one policy to a table. `buildStock` has refused a policy naming a node absent from the
 * network or giving both `node` and `nodeKind`; should one reach here anyway, it matches no
 * position.
 */
const addScoped = <T>(
  table: MutableTable<T>,
  scope: Scope,
  value: T,
  nodes: NodeIndex,
  skuIndex: (sku: string) => number,
): void => {
  const sku = scope.sku === undefined ? -1 : skuIndex(scope.sku)
  if (scope.sku !== undefined && sku < 0) return
  const kindIndex = scope.nodeKind === undefined ? -1 : NODE_KINDS.indexOf(scope.nodeKind)
  if (scope.node !== undefined) {
    const node = nodes.byId.get(scope.node)
    if (node === undefined) return
    if (kindIndex >= 0 && nodes.kind[node] !== kindIndex) return
    if (sku >= 0) setFirst(nested(table.nodeSku, node), sku, value)
    else setFirst(table.node, node, value)
  } else if (kindIndex >= 0) {
    if (sku >= 0) setFirst(nested(table.kindSku, kindIndex), sku, value)
    else setFirst(table.kind, kindIndex, value)
  } else if (sku >= 0) setFirst(table.sku, sku, value)
  else if (table.all === undefined) table.all = value
}

/**
 * The most specific value of `table` at position (node, sku), or undefined when no policy
 * matches.
 *
 * @example resolveScoped(policies.safety, 3, 1, 42) // 2
 */
export const resolveScoped = <T>(table: ScopedTable<T>, node: number, kind: number, sku: number): T | undefined => {
  if (table.nodeSku.size > 0) {
    const v = table.nodeSku.get(node)?.get(sku)
    if (v !== undefined) return v
  }
  if (table.node.size > 0) {
    const v = table.node.get(node)
    if (v !== undefined) return v
  }
  if (table.kindSku.size > 0) {
    const v = table.kindSku.get(kind)?.get(sku)
    if (v !== undefined) return v
  }
  if (table.kind.size > 0) {
    const v = table.kind.get(kind)
    if (v !== undefined) return v
  }
  if (table.sku.size > 0) {
    const v = table.sku.get(sku)
    if (v !== undefined) return v
  }
  return table.all
}

/** True when some policy of `table` may apply at `node` (of kind `kind`), for some SKU. */
const mayApplyAt = <T>(table: ScopedTable<T>, node: number, kind: number): boolean =>
  table.all !== undefined ||
  table.sku.size > 0 ||
  table.kind.has(kind) ||
  table.kindSku.has(kind) ||
  table.node.has(node) ||
  table.nodeSku.has(node)

/**
 * The SKU ids policies name (interned with the stock's SKUs so that a policy always refers to
 * an SKU index, even for an SKU that has no stock yet).
 *
 * @example policySkus({ safetyStock: [{ sku: 'a', quantity: 1 }] }) // ['a']
 */
export const policySkus = (policies: StockPolicies | undefined): readonly string[] => {
  const out: string[] = []
  for (const p of policies?.safetyStock ?? []) if (p.sku !== undefined) out.push(p.sku)
  for (const p of policies?.confidenceBuffers ?? []) if (p.sku !== undefined) out.push(p.sku)
  for (const p of policies?.ringFences ?? []) if (p.sku !== undefined) out.push(p.sku)
  return out
}

/**
 * Resolves a snapshot's policies against the node index and an SKU interning function.
 *
 * @example resolvePolicies(snapshot.policies, nodes, (id) => skuById.get(id) ?? -1)
 */
export const resolvePolicies = (
  policies: StockPolicies | undefined,
  nodes: NodeIndex,
  skuIndex: (sku: string) => number,
): ResolvedPolicies => {
  const safety = emptyTable<number>()
  for (const p of policies?.safetyStock ?? []) addScoped(safety, p, p.quantity, nodes, skuIndex)
  const buffer = emptyTable<number>()
  for (const p of policies?.confidenceBuffers ?? []) addScoped(buffer, p, p.quantity, nodes, skuIndex)
  const byChannel = new Map<string, MutableTable<FenceRule>>()
  for (const p of policies?.ringFences ?? []) {
    let table = byChannel.get(p.channel)
    if (table === undefined) {
      table = emptyTable()
      byChannel.set(p.channel, table)
    }
    const rule: FenceRule = p.percent !== undefined ? { quantity: 0, percent: p.percent } : { quantity: p.quantity ?? 0, percent: -1 }
    addScoped(table, p, rule, nodes, skuIndex)
  }
  const fenceChannels = [...byChannel.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const fences = fenceChannels.map((c) => byChannel.get(c) as MutableTable<FenceRule>)
  const nodeFenceChannels: number[][] = []
  for (let n = 0; n < nodes.count; n++) {
    const kind = nodes.kind[n] as number
    const applicable: number[] = []
    fences.forEach((t, i) => {
      if (mayApplyAt(t, n, kind)) applicable.push(i)
    })
    nodeFenceChannels.push(applicable)
  }
  return { safety, buffer, fenceChannels, fences, nodeFenceChannels, source: policies }
}

/**
 * Units held back from every channel at a position: safety stock plus confidence buffer.
 *
 * @example heldBack(policies, 3, 1, 42) // 5
 */
export const heldBack = (policies: ResolvedPolicies, node: number, kind: number, sku: number): number =>
  (resolveScoped(policies.safety, node, kind, sku) ?? 0) + (resolveScoped(policies.buffer, node, kind, sku) ?? 0)

/**
 * Size of a ring-fence rule at a position with `onHand` units: its quantity, or
 * floor(percent × onHand / 100). A tiny tolerance absorbs binary rounding of decimal percents
 * (e.g. 29% of 100 is 29, not 28).
 *
 * @example fenceSize({ quantity: 0, percent: 10 }, 57) // 5
 */
export const fenceSize = (rule: FenceRule, onHand: number): number =>
  rule.percent < 0 ? rule.quantity : Math.floor((rule.percent * onHand) / 100 + 1e-9)
