/**
 * Per-network tables for the product-page path, built once per (immutable) network and held
 * weakly: node fields the path reads per call as flat arrays (node documents come in several
 * shapes, so reading their fields per call is slow), and the nodes that can ship or transfer
 * in order of their cost floor. Each is a pure function of its key, so the memo is invisible.
 *
 * @internal
 */
import { CAPABILITIES } from '../model/network.js'
import type { CompiledNetwork } from '../network/compile.js'
import type { NodeIndex } from '../network/nodes.js'

/** Node fields as flat arrays, by node index. */
export interface NodeTables {
  readonly names: readonly (string | undefined)[]
}

const tablesMemo = new WeakMap<NodeIndex, NodeTables>()

/** The node tables of `nodes`. */
export const nodeTables = (nodes: NodeIndex): NodeTables => {
  let t = tablesMemo.get(nodes)
  if (t === undefined) {
    const names: (string | undefined)[] = []
    for (let n = 0; n < nodes.count; n++) names.push(nodes.nodes[n]?.name)
    t = { names }
    tablesMemo.set(nodes, t)
  }
  return t
}

/**
 * The nodes with a capability in ascending order of their cost floor for `q` units,
 * fixed + q × per-unit handling (ties by node index), and those floors.
 */
export interface FloorOrder {
  readonly node: Int32Array
  readonly floor: Float64Array
}

export type SendingCapability = 'ship' | 'transfer-out'

/**
 * Quantities whose orders are kept per network and capability; for larger ones only the
 * call's holders are sorted, per call.
 */
const MEMO_QUANTITIES = 64
const floorMemo = new WeakMap<CompiledNetwork, { readonly ship: (FloorOrder | undefined)[]; readonly transfer: (FloorOrder | undefined)[] }>()

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

/**
 * The floor order of `capability` for `q` units on `net`: of every node, or (for an unusual
 * quantity, not kept) of the nodes in bitset `holders` only.
 */
export const floorOrder = (net: CompiledNetwork, capability: SendingCapability, q: number, holders: Int32Array): FloorOrder => {
  if (!(Number.isInteger(q) && q >= 0 && q < MEMO_QUANTITIES)) return buildFloorOrder(net, capability, q, holders)
  let memo = floorMemo.get(net)
  if (memo === undefined) {
    memo = { ship: [], transfer: [] }
    floorMemo.set(net, memo)
  }
  const orders = capability === 'ship' ? memo.ship : memo.transfer
  let order = orders[q]
  if (order === undefined) {
    order = buildFloorOrder(net, capability, q)
    orders[q] = order
  }
  return order
}
