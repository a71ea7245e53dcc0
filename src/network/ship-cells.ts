/**
 * Ship cells: the nodes that can ship, grouped by place, each group with a lower bound on what
 * any of its nodes charges to ship to a given point. Routing's direct screen
 * (../routing/cell-screen.ts) looks at the cells first: a cell whose cheapest conceivable parcel is dearer, at every number of
 * units the order could send, than one built node that holds the whole order is dominated as
 * a whole (the rule of ./dominance.ts, applied to the cell's lower bounds), and its holders
 * are never looked at. On a national network only the cells near the customer remain, so
 * the screen's cost follows the order's neighbourhood rather than the size of the network.
 *
 * @internal
 */
import { EARTH_RADIUS_KM } from '../geo.js'
import { CAPABILITIES } from '../model/network.js'
import { buildGrid } from './grid.js'
import type { CompiledNetwork } from './compile.js'

const SHIP_BIT = 1 << CAPABILITIES.indexOf('ship')

/** Shipping nodes per cell, about: few enough that a cell near the customer costs little to open. */
const NODES_PER_CELL = 8
/** Below this many cells the screen looks at every holder: cells would save nothing. */
export const MIN_CELLS = 8

/** The shipping nodes of a network in cells, with each cell's bounds. */
export interface ShipCells {
  /** Non-empty cells. */
  readonly count: number
  /** Per cell, x, y, z at 3·cell: the mean of its nodes' unit vectors (see `unitVector`). */
  readonly centre: Float64Array
  /** Per cell: the longest straight distance from its centre to one of its nodes, on the unit sphere, padded. */
  readonly radius: Float64Array
  /** Per cell: the least parcel cost, per-unit handling and per-km rate (nanos) of its nodes. */
  readonly packageMin: Float64Array
  readonly unitMin: Float64Array
  readonly perKmMin: Float64Array
  /** Cell c's nodes are `nodes[start[c] … start[c + 1])`, ascending. */
  readonly start: Int32Array
  readonly nodes: Int32Array
  /** Bitset (bit `n & 31` of word `n >>> 5`) of the nodes that cannot ship: no cell has them. */
  readonly noShip: Int32Array
}

/** The ship cells of `net`, built on first use and kept in the network's memo. */
export const shipCellsOf = (net: CompiledNetwork): ShipCells => (net.memo.shipCells ??= buildShipCells(net))

/**
 * Rounding slack of the bounds: the radius is padded by a relative 1e-9 (a few millimetres
 * on the unit sphere's scale) and the distance bound loses two metres, so that the float
 * error of a centre, a radius or a chord never makes a bound exceed the real distance.
 */
const RADIUS_PAD = 1e-9
const METRES_PAD = 2

/** One cell under construction: its nodes, ascending. */
type Cell = readonly number[]

/**
 * The cells of the shipping nodes: one grid per kind of node (warehouses, stores, …), whose
 * costs differ by kind, so that a cell's least costs are close to each of its nodes'.
 */
const buildShipCells = (net: CompiledNetwork): ShipCells => {
  const index = net.nodes
  const words = (index.count + 31) >>> 5
  const noShip = new Int32Array(words)
  const byKind = new Map<number, number[]>()
  for (let n = 0; n < index.count; n++) {
    if (((index.capabilities[n] as number) & SHIP_BIT) === 0) noShip[n >>> 5] = (noShip[n >>> 5] as number) | (1 << (n & 31))
    else {
      const kind = index.kind[n] as number
      const list = byKind.get(kind)
      if (list === undefined) byKind.set(kind, [n])
      else list.push(n)
    }
  }
  const cells: Cell[] = []
  for (const kind of [...byKind.keys()].sort((a, b) => a - b)) {
    const shipping = byKind.get(kind) as number[]
    const lat = Float64Array.from(shipping, (n) => index.lat[n] as number)
    const lon = Float64Array.from(shipping, (n) => index.lon[n] as number)
    const grid = buildGrid(lat, lon, Math.max(1, Math.round(Math.sqrt(shipping.length / NODES_PER_CELL))))
    for (let c = 0; c < grid.rows * grid.cols; c++) {
      const from = grid.cellStart[c] as number
      const to = grid.cellStart[c + 1] as number
      if (to > from) cells.push(Array.from(grid.cellNodes.subarray(from, to), (i) => shipping[i] as number))
    }
  }
  const count = cells.length
  const centre = new Float64Array(3 * count)
  const radius = new Float64Array(count)
  const packageMin = new Float64Array(count)
  const unitMin = new Float64Array(count)
  const perKmMin = new Float64Array(count)
  const start = new Int32Array(count + 1)
  const nodes = new Int32Array(cells.reduce((sum, c) => sum + c.length, 0))
  const v = index.unitVectors
  let at = 0
  cells.forEach((cell, k) => {
    start[k] = at
    let x = 0
    let y = 0
    let z = 0
    let fixed = Number.POSITIVE_INFINITY
    let unit = Number.POSITIVE_INFINITY
    let perKm = Number.POSITIVE_INFINITY
    for (const n of cell) {
      nodes[at++] = n
      x += v[3 * n] as number
      y += v[3 * n + 1] as number
      z += v[3 * n + 2] as number
      fixed = Math.min(fixed, net.packageMicros[n] as number)
      unit = Math.min(unit, net.unitMicros[n] as number)
      perKm = Math.min(perKm, net.perKmNanos[n] as number)
    }
    x /= cell.length
    y /= cell.length
    z /= cell.length
    let r = 0
    for (const n of cell) {
      const dx = (v[3 * n] as number) - x
      const dy = (v[3 * n + 1] as number) - y
      const dz = (v[3 * n + 2] as number) - z
      r = Math.max(r, Math.sqrt(dx * dx + dy * dy + dz * dz))
    }
    centre[3 * k] = x
    centre[3 * k + 1] = y
    centre[3 * k + 2] = z
    radius[k] = r * (1 + RADIUS_PAD) + RADIUS_PAD
    packageMin[k] = fixed
    unitMin[k] = unit
    perKmMin[k] = perKm
  })
  start[count] = at
  return { count, centre, radius, packageMin, unitMin, perKmMin, start, nodes, noShip }
}

/**
 * Whole metres no more than the distance from `point` (a unit vector) to any node of cell
 * `c`: the straight distance to the cell's centre less its radius (the triangle inequality;
 * the chord is below the great circle), padded for rounding.
 */
export const cellMetresBelow = (cells: ShipCells, c: number, point: Float64Array): number => {
  const dx = (cells.centre[3 * c] as number) - (point[0] as number)
  const dy = (cells.centre[3 * c + 1] as number) - (point[1] as number)
  const dz = (cells.centre[3 * c + 2] as number) - (point[2] as number)
  const chord = Math.sqrt(dx * dx + dy * dy + dz * dz) - (cells.radius[c] as number)
  return Math.max(0, Math.floor(chord * EARTH_RADIUS_KM * 1000) - METRES_PAD)
}
