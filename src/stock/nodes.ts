/**
 * The node index: a network's nodes numbered canonically (ascending id, so input order never
 * matters), their coordinates, kinds, capabilities and regions in flat arrays, and a uniform
 * latitude/longitude grid for radius queries.
 */
import * as E from 'fp-ts/lib/Either.js'
import { type LatLon, boundingDegrees, distanceMetres, unitVector } from '../geo.js'
import { CAPABILITIES, type Capability, NODE_KINDS, type Network, type Node, defaultCapabilities } from '../model/network.js'
import { type StockError, duplicateNode, invalidInput } from './errors.js'

/**
 * A uniform grid over the nodes' bounding box. Cell `(row, col)` covers latitudes
 * `[minLat + row × cellLat, …)` and longitudes `[minLon + col × cellLon, …)`; its nodes are
 * `cellNodes[cellStart[row × cols + col] … cellStart[row × cols + col + 1])`, ascending.
 */
export interface NodeGrid {
  readonly minLat: number
  readonly minLon: number
  readonly cellLat: number
  readonly cellLon: number
  readonly rows: number
  readonly cols: number
  readonly cellStart: Int32Array
  readonly cellNodes: Int32Array
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

const buildGrid = (lat: Float64Array, lon: Float64Array, cellsPerSide?: number): NodeGrid => {
  const count = lat.length
  if (count === 0) {
    return { minLat: 0, minLon: 0, cellLat: 1, cellLon: 1, rows: 0, cols: 0, cellStart: new Int32Array(1), cellNodes: new Int32Array(0) }
  }
  let minLat = Infinity
  let maxLat = -Infinity
  let minLon = Infinity
  let maxLon = -Infinity
  for (let i = 0; i < count; i++) {
    const a = lat[i] as number
    const o = lon[i] as number
    if (a < minLat) minLat = a
    if (a > maxLat) maxLat = a
    if (o < minLon) minLon = o
    if (o > maxLon) maxLon = o
  }
  // About one node per cell on average: a radius query then tests few nodes beyond the circle.
  const side = cellsPerSide ?? Math.max(1, Math.ceil(Math.sqrt(count)))
  const cellLat = Math.max((maxLat - minLat) / side, 1e-6)
  const cellLon = Math.max((maxLon - minLon) / side, 1e-6)
  const rows = Math.min(side, Math.floor((maxLat - minLat) / cellLat)) + 1
  const cols = Math.min(side, Math.floor((maxLon - minLon) / cellLon)) + 1
  const cellOf = new Int32Array(count)
  const cellStart = new Int32Array(rows * cols + 1)
  for (let i = 0; i < count; i++) {
    const r = Math.min(rows - 1, Math.floor(((lat[i] as number) - minLat) / cellLat))
    const c = Math.min(cols - 1, Math.floor(((lon[i] as number) - minLon) / cellLon))
    const cell = r * cols + c
    cellOf[i] = cell
    cellStart[cell + 1] = (cellStart[cell + 1] as number) + 1
  }
  for (let k = 0; k < rows * cols; k++) cellStart[k + 1] = (cellStart[k + 1] as number) + (cellStart[k] as number)
  const fill = cellStart.slice(0, rows * cols)
  const cellNodes = new Int32Array(count)
  // Ascending node order inside each cell, because nodes are visited in index order.
  for (let i = 0; i < count; i++) {
    const cell = cellOf[i] as number
    cellNodes[fill[cell] as number] = i
    fill[cell] = (fill[cell] as number) + 1
  }
  return { minLat, minLon, cellLat, cellLon, rows, cols, cellStart, cellNodes }
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
export const buildNodeIndex = (network: Network): E.Either<StockError, NodeIndex> => {
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
  return E.right({ count, ids, nodes, byId, lat, lon, kind, capabilities, region, grid: buildGrid(lat, lon), unitVectors })
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

/** Inclusive column ranges of the grid that cover longitudes `[lo, hi]`, wrapping at ±180°. */
const columnRanges = (grid: NodeGrid, centreLon: number, dLon: number): Array<readonly [number, number]> => {
  if (dLon >= 180) return [[0, grid.cols - 1]]
  const lo = centreLon - dLon
  const hi = centreLon + dLon
  const maxLon = grid.minLon + grid.cols * grid.cellLon
  // Most queries wrap nowhere: one range, nothing to merge.
  if (lo >= -180 && hi <= 180) {
    if (hi < grid.minLon || lo > maxLon) return []
    const c0 = Math.max(0, Math.floor((lo - grid.minLon) / grid.cellLon))
    const c1 = Math.min(grid.cols - 1, Math.floor((hi - grid.minLon) / grid.cellLon))
    return c0 <= c1 ? [[c0, c1]] : []
  }
  const spans: Array<readonly [number, number]> = [[lo, hi]]
  if (lo < -180) spans.push([lo + 360, 180])
  if (hi > 180) spans.push([-180, hi - 360])
  const out: Array<readonly [number, number]> = []
  for (const [a, b] of spans) {
    if (b < grid.minLon || a > maxLon) continue
    const c0 = Math.max(0, Math.floor((a - grid.minLon) / grid.cellLon))
    const c1 = Math.min(grid.cols - 1, Math.floor((b - grid.minLon) / grid.cellLon))
    if (c0 <= c1) out.push([c0, c1])
  }
  // Overlapping ranges would visit a node twice; merge them.
  out.sort((x, y) => x[0] - y[0])
  const merged: Array<[number, number]> = []
  for (const [a, b] of out) {
    const last = merged[merged.length - 1]
    if (last !== undefined && a <= last[1] + 1) last[1] = Math.max(last[1], b)
    else merged.push([a, b])
  }
  return merged
}

/** Cells of a fine grid: enough for a few km per cell on a national network, at least 4 per node. */
const FINE_CELLS = 65_536
const fineGrids = new WeakMap<NodeIndex, NodeGrid>()

/**
 * A finer grid over the same nodes, for searches that grow outwards from a point and stop
 * early (the nearest few pickup points): built on first use, once per index.
 *
 * @internal
 */
export const fineGridOf = (index: NodeIndex): NodeGrid => {
  let grid = fineGrids.get(index)
  if (grid === undefined) {
    grid = buildGrid(index.lat, index.lon, Math.max(1, Math.ceil(Math.sqrt(Math.max(FINE_CELLS, 4 * index.count)))))
    fineGrids.set(index, grid)
  }
  return grid
}

/**
 * The grid rows and columns of a box of half-widths `dLat`, `dLon` degrees around `point`,
 * clamped to the grid, or undefined when the box wraps a meridian ±180° or misses the grid.
 *
 * @internal
 */
export const gridBox = (grid: NodeGrid, point: LatLon, dLat: number, dLon: number): readonly [number, number, number, number] | undefined => {
  const lo = point.lon - dLon
  const hi = point.lon + dLon
  if (dLon >= 180 || lo < -180 || hi > 180 || grid.rows === 0) return undefined
  const r0 = Math.max(0, Math.floor((point.lat - dLat - grid.minLat) / grid.cellLat))
  const r1 = Math.min(grid.rows - 1, Math.floor((point.lat + dLat - grid.minLat) / grid.cellLat))
  const c0 = Math.max(0, Math.floor((lo - grid.minLon) / grid.cellLon))
  const c1 = Math.min(grid.cols - 1, Math.floor((hi - grid.minLon) / grid.cellLon))
  return r0 <= r1 && c0 <= c1 ? [r0, r1, c0, c1] : undefined
}

/**
 * Visits the runs of `grid.cellNodes` (positions `from` to `to`, exclusive) whose cells may
 * hold points within `radiusKm` of `point`: a superset of the answer, a run per grid row
 * and column range, so that a caller can walk the nodes in its own loop. `grid` is the
 * index's own unless given.
 *
 * @internal
 */
export const forEachGridRun = (index: NodeIndex, point: LatLon, radiusKm: number, visit: (from: number, to: number) => void, grid: NodeGrid = index.grid): void => {
  if (grid.rows === 0 || !(radiusKm >= 0) || !Number.isFinite(point.lat) || !Number.isFinite(point.lon)) return
  const { dLat, dLon } = boundingDegrees(point, radiusKm)
  const r0 = Math.max(0, Math.floor((point.lat - dLat - grid.minLat) / grid.cellLat))
  const r1 = Math.min(grid.rows - 1, Math.floor((point.lat + dLat - grid.minLat) / grid.cellLat))
  if (r0 > r1) return
  const ranges = columnRanges(grid, point.lon, dLon)
  for (let r = r0; r <= r1; r++) {
    for (const [c0, c1] of ranges) visit(grid.cellStart[r * grid.cols + c0] as number, grid.cellStart[r * grid.cols + c1 + 1] as number)
  }
}

/**
 * Visits every node in the grid cells that may hold points within `radiusKm` of `point`
 * (a superset of the answer), and returns how many it visited. Pass no visitor to count only.
 *
 * @example forEachGridCandidate(index, { lat: 48.85, lon: 2.35 }, 50) // 23 nodes in the cells around Paris
 * @internal
 */
export const forEachGridCandidate = (
  index: NodeIndex,
  point: LatLon,
  radiusKm: number,
  visit?: (node: number) => void,
): number => {
  const cellNodes = index.grid.cellNodes
  let visited = 0
  forEachGridRun(index, point, radiusKm, (from, to) => {
    visited += to - from
    if (visit !== undefined) for (let k = from; k < to; k++) visit(cellNodes[k] as number)
  })
  return visited
}

/**
 * Nodes within `radiusKm` of `point` (haversine, whole metres, radius inclusive), nearest
 * first, ties by node id. Uses the grid to visit only nearby cells.
 *
 * @example nodesWithin(index, { lat: 48.85, lon: 2.35 }, 50) // [{ node: 3, metres: 1200 }, …]
 */
export const nodesWithin = (
  index: NodeIndex,
  point: LatLon,
  radiusKm: number,
): ReadonlyArray<{ readonly node: number; readonly metres: number }> => {
  const limit = radiusKm * 1000
  const out: Array<{ readonly node: number; readonly metres: number }> = []
  forEachGridCandidate(index, point, radiusKm, (node) => {
    const metres = distanceMetres(point, { lat: index.lat[node] as number, lon: index.lon[node] as number })
    if (metres <= limit) out.push({ node, metres })
  })
  // Node indexes follow id order, so the index is the id tie-break.
  return out.sort((a, b) => a.metres - b.metres || a.node - b.node)
}
