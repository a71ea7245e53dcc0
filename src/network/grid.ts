/**
 * Uniform latitude/longitude grids over a network's nodes, for radius queries and for
 * searches that grow outwards from a point.
 */
import { type LatLon, boundingDegrees, distanceMetres } from '../geo.js'
import type { NodeIndex } from './nodes.js'

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

/**
 * The grid over points `lat`, `lon` (node order), about one point per cell unless
 * `cellsPerSide` says otherwise.
 *
 * @internal
 */
export const buildGrid = (lat: Float64Array, lon: Float64Array, cellsPerSide?: number): NodeGrid => {
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

/**
 * A finer grid over the same nodes, for searches that grow outwards from a point and stop
 * early (the nearest few pickup points): built on first use, once per index, and kept in
 * the index's memo.
 *
 * @internal
 */
export const fineGridOf = (index: NodeIndex): NodeGrid => {
  const memo = index.memo
  if (memo.fineGrid === undefined) memo.fineGrid = buildGrid(index.lat, index.lon, Math.max(1, Math.ceil(Math.sqrt(Math.max(FINE_CELLS, 4 * index.count)))))
  return memo.fineGrid
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
