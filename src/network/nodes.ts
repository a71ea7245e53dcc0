/**
 * The node index: a network's nodes numbered canonically (ascending id, so input order never
 * matters), their coordinates, kinds, capabilities and regions in flat arrays, and a uniform
 * latitude/longitude grid for radius queries.
 */
import * as E from 'fp-ts/lib/Either.js'
import { unitVector } from '../geo.js'
import { CAPABILITIES, type Capability, NODE_KINDS, type Network, type Node, defaultCapabilities } from '../model/network.js'
import { type DuplicateNode, type InvalidInput, duplicateNode, invalidInput } from '../errors.js'
import { buildGrid, type NodeGrid } from './grid.js'

/**
 * What is derived from an index on first use and kept with it (not part of its value: two
 * indexes of the same nodes are equal whatever their memos hold).
 *
 * @internal
 */
export interface NodeIndexMemo {
  fineGrid?: NodeGrid
}

/** A network's nodes, numbered by ascending id, in flat arrays. */
export interface NodeIndex {
  readonly count: number
  /** Node index → id; indexes are assigned in ascending id order. */
  readonly ids: readonly string[]
  /** Node index → the node's document. */
  readonly nodes: readonly Node[]
  readonly byId: ReadonlyMap<string, number>
  readonly lat: Float64Array
  readonly lon: Float64Array
  /** Index into `NODE_KINDS`. */
  readonly kind: Uint8Array
  /** Bit i set ⇔ the node has `CAPABILITIES[i]` (its own list, else its kind's defaults). */
  readonly capabilities: Uint8Array
  readonly region: readonly (string | undefined)[]
  readonly grid: NodeGrid
  /** Each node's position as a unit vector, x, y, z at 3·node: chord lower bounds on distances (see `metresBelow`). */
  readonly unitVectors: Float64Array
  /** @internal */
  readonly memo: NodeIndexMemo
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const capabilityMask = (caps: readonly Capability[]): number => {
  let mask = 0
  for (const c of caps) {
    const i = CAPABILITIES.indexOf(c)
    if (i >= 0) mask |= 1 << i
  }
  return mask
}

/**
 * Indexes a network's nodes. Indexes follow ascending node id, so two networks listing the
 * same nodes in different orders give identical indexes. A repeated node id is an error
 * naming the path of its second occurrence.
 *
 * @example
 * const index = buildNodeIndex(network) // Right({ count: 2, ids: ['lyon-1', 'paris-1'], … })
 * // or Left({ _tag: 'duplicate-node', path: '$.nodes[3].id', … })
 */
export const buildNodeIndex = (network: Network): E.Either<DuplicateNode | InvalidInput, NodeIndex> => {
  if (typeof network !== 'object' || network === null || !Array.isArray(network.nodes)) return E.left(invalidInput('$.nodes', 'an array of nodes'))
  const input = network.nodes
  const firstSeen = new Map<string, number>()
  for (let i = 0; i < input.length; i++) {
    const node = input[i] as Node
    if (typeof node !== 'object' || node === null || typeof node.id !== 'string' || typeof node.location !== 'object' || node.location === null) {
      return E.left(invalidInput(`$.nodes[${i}]`, 'a node with a string id and a location'))
    }
    if (firstSeen.has(node.id)) return E.left(duplicateNode(node.id, `$.nodes[${i}].id`))
    firstSeen.set(node.id, i)
  }
  const nodes = [...input].sort((a, b) => compareIds(a.id, b.id))
  const count = nodes.length
  const ids = nodes.map((n) => n.id)
  const byId = new Map<string, number>()
  const lat = new Float64Array(count)
  const lon = new Float64Array(count)
  const kind = new Uint8Array(count)
  const capabilities = new Uint8Array(count)
  const region: (string | undefined)[] = []
  const unitVectors = new Float64Array(3 * count)
  nodes.forEach((n, i) => {
    byId.set(n.id, i)
    lat[i] = n.location.lat
    lon[i] = n.location.lon
    unitVector(n.location, unitVectors, 3 * i)
    kind[i] = Math.max(0, NODE_KINDS.indexOf(n.kind))
    capabilities[i] = capabilityMask(n.capabilities ?? defaultCapabilities(n.kind))
    region.push(n.region)
  })
  return E.right({ count, ids, nodes, byId, lat, lon, kind, capabilities, region, grid: buildGrid(lat, lon), unitVectors, memo: {} })
}

/**
 * True when node `node` (an index) has capability `c`; false for an index out of range.
 *
 * @example hasCapability(index, index.byId.get('lyon-1') ?? -1, 'pickup') // true for a store
 */
export const hasCapability = (index: NodeIndex, node: number, c: Capability): boolean => {
  const bit = CAPABILITIES.indexOf(c)
  const mask = index.capabilities[node]
  return bit >= 0 && mask !== undefined && (mask & (1 << bit)) !== 0
}
