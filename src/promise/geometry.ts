/**
 * Nearest-first enumeration without measuring every node. A chord between two points on the
 * unit sphere is never longer than the arc, so it bounds the haversine distance from below
 * (`metresBelow`, over the node index's unit vectors). Exact distances (`distanceMetres`,
 * the routing engine's) are computed only for nodes whose bound could still put them next.
 *
 * @internal
 */
import { boundingDegrees, distanceMetres, EARTH_RADIUS_KM, metresBelow, unitVectorOf, type LatLon } from '../geo.js'
import { fineGridOf, forEachGridRun, gridBox, type NodeGrid } from '../network/grid.js'
import type { NodeIndex } from '../network/nodes.js'

/**
 * Which nodes a {@link Nearby} keeps: those with every capability bit of `capabilities`
 * and, when `kinds` is given, a kind whose bit (1 << index into `NODE_KINDS`) it has. A
 * mask rather than a predicate: it is tested for every node in the cells around the point.
 */
export interface NodeFilter {
  readonly capabilities: number
  readonly kinds?: number
}

/** The first ring a search covers, in metres; each next one doubles it, up to the radius. */
const FIRST_RING_METRES = 2_000

/**
 * The nodes that pass `keep` and may be within `radiusKm` of `point`, gathered ring by ring
 * outwards from the point (cells of the index's fine grid), with their squared chord to it on
 * the unit sphere (which orders them as their chord bound does, without a square root each),
 * in no particular order. After each {@link grow}, every such node within `covered` metres is
 * among them; a few just beyond the radius may be too (callers measure exactly). A search
 * after the nearest few of a city's hundred pickup points thus looks at a few cells only.
 */
export class Nearby {
  readonly point: LatLon
  readonly vector: Float64Array
  /** The radius in metres. */
  readonly limit: number
  readonly node: number[] = []
  readonly chord2: number[] = []
  /** Every kept node within this many metres has been gathered (−1 before the first ring). */
  covered = -1
  private readonly nodes: NodeIndex
  private readonly grid: NodeGrid
  private readonly keep: NodeFilter
  private readonly most: number
  /** Rows and columns gathered so far, or undefined. */
  private box: readonly [number, number, number, number] | undefined

  constructor(nodes: NodeIndex, point: LatLon, radiusKm: number, keep: NodeFilter) {
    this.nodes = nodes
    this.grid = fineGridOf(nodes)
    this.keep = keep
    this.point = point
    this.limit = radiusKm * 1000
    this.vector = unitVectorOf(point)
    // A chord bound within the radius means a chord below (radius + 2 m) / R: a margin for
    // the bound's rounding and the square's.
    const reach = (this.limit + 2) / (EARTH_RADIUS_KM * 1000)
    this.most = reach * reach * (1 + 1e-9)
  }

  /** Gathers the next ring; false when the whole radius was gathered already. */
  grow(): boolean {
    if (this.covered >= this.limit) return false
    const metres = this.covered < 0 ? Math.min(this.limit, FIRST_RING_METRES) : Math.min(this.limit, 2 * this.covered)
    const { dLat, dLon } = boundingDegrees(this.point, metres / 1000)
    const box = metres < this.limit ? gridBox(this.grid, this.point, dLat, dLon) : undefined
    if (box === undefined) {
      // The last ring, or one that wraps a meridian: everything left within the radius.
      const previous = this.box
      forEachGridRun(this.nodes, this.point, this.limit / 1000, (from, to) => this.gather(from, to, previous), this.grid)
      this.covered = this.limit
      return true
    }
    const [r0, r1, c0, c1] = box
    const old = this.box
    const cols = this.grid.cols
    const start = this.grid.cellStart
    for (let r = r0; r <= r1; r++) {
      if (old === undefined || r < old[0] || r > old[1]) this.gather(start[r * cols + c0] as number, start[r * cols + c1 + 1] as number, undefined)
      else {
        if (c0 < old[2]) this.gather(start[r * cols + c0] as number, start[r * cols + old[2]] as number, undefined)
        if (c1 > old[3]) this.gather(start[r * cols + old[3] + 1] as number, start[r * cols + c1 + 1] as number, undefined)
      }
    }
    this.box = box
    this.covered = metres
    return true
  }

  /** Keeps the nodes of cells `from`..`to` of the fine grid, those in `skip`'s cells aside. */
  private gather(from: number, to: number, skip: readonly [number, number, number, number] | undefined): void {
    const nodes = this.nodes
    const grid = this.grid
    const v = nodes.unitVectors
    const p = this.vector
    const px = p[0] as number
    const py = p[1] as number
    const pz = p[2] as number
    const capabilities = nodes.capabilities
    const kinds = nodes.kind
    const capabilityMask = this.keep.capabilities
    const kindMask = this.keep.kinds ?? -1
    const most = this.most
    for (let k = from; k < to; k++) {
      const n = grid.cellNodes[k] as number
      if (((capabilities[n] as number) & capabilityMask) !== capabilityMask || ((kindMask >>> (kinds[n] as number)) & 1) === 0) continue
      if (skip !== undefined && inBox(grid, nodes, n, skip)) continue
      const dx = (v[3 * n] as number) - px
      const dy = (v[3 * n + 1] as number) - py
      const dz = (v[3 * n + 2] as number) - pz
      const c2 = dx * dx + dy * dy + dz * dz
      if (!(c2 <= most)) continue
      this.chord2.push(c2)
      this.node.push(n)
    }
  }
}

/** True when node `n` lies in the grid cells of `box` (rows, then columns, inclusive). */
const inBox = (grid: NodeGrid, nodes: NodeIndex, n: number, box: readonly [number, number, number, number]): boolean => {
  const r = Math.min(grid.rows - 1, Math.floor(((nodes.lat[n] as number) - grid.minLat) / grid.cellLat))
  const c = Math.min(grid.cols - 1, Math.floor(((nodes.lon[n] as number) - grid.minLon) / grid.cellLon))
  return r >= box[0] && r <= box[1] && c >= box[2] && c <= box[3]
}

/** Removes a heap's root from two parallel arrays, its last entry taking the root's place; false when the heap is then empty. */
const popRoot = (keys: number[], nodes: number[]): boolean => {
  const key = keys.pop() as number
  const node = nodes.pop() as number
  if (keys.length === 0) return false
  keys[0] = key
  nodes[0] = node
  return true
}

/** Swaps entries `i` and `j` of two parallel arrays (a heap's keys and nodes). */
const swapPair = (keys: number[], nodes: number[], i: number, j: number): void => {
  const k = keys[i] as number
  keys[i] = keys[j] as number
  keys[j] = k
  const n = nodes[i] as number
  nodes[i] = nodes[j] as number
  nodes[j] = n
}

/**
 * Nodes within `radiusKm` of `point` that pass `keep`, nearest first, ties by node index —
 * the order `nodesWithin` gives — produced one at a time, so a caller that stops after a few
 * pays for a few exact distances.
 */
export class NearestFirst {
  private readonly nodes: NodeIndex
  private readonly point: LatLon
  private readonly vector: Float64Array
  private readonly limit: number
  /** Candidates not yet measured: a min-heap on the squared chord. */
  private readonly candBound: number[]
  private readonly candNode: number[]
  private readonly near: Nearby
  /** Measured nodes: a min-heap on (metres, node). */
  private readonly doneMetres: number[] = []
  private readonly doneNode: number[] = []

  /**
   * Over the nodes `near` gathers (which are kept already). Its arrays become this heap's,
   * rather than copies, and `near` is asked for the next ring as the enumeration needs it:
   * nothing else reads them.
   */
  constructor(nodes: NodeIndex, near: Nearby) {
    this.nodes = nodes
    this.near = near
    this.point = near.point
    this.vector = near.vector
    this.limit = near.limit
    this.candBound = near.chord2
    this.candNode = near.node
    if (near.covered < 0) near.grow()
    for (let i = (this.candBound.length >> 1) - 1; i >= 0; i--) this.siftCand(i)
  }

  /** The next node and its exact distance in metres, or undefined when none is left. */
  next(): { readonly node: number; readonly metres: number } | undefined {
    const nodes = this.nodes
    for (;;) {
      // The nearest unmeasured candidate may come first unless its chord bound is past the
      // nearest measured node.
      while (
        this.candBound.length > 0 &&
        (this.doneMetres.length === 0 || metresBelow(nodes.unitVectors, 3 * (this.candNode[0] as number), this.vector) <= (this.doneMetres[0] as number))
      ) {
        const n = this.candNode[0] as number
        this.popCand()
        const metres = distanceMetres(this.point, { lat: nodes.lat[n] as number, lon: nodes.lon[n] as number })
        if (metres <= this.limit) this.pushDone(metres, n)
      }
      // Nodes not gathered yet are farther than `covered`: the nearest measured one comes
      // next only within it; otherwise the next ring.
      if (this.doneMetres.length > 0 && (this.doneMetres[0] as number) <= this.near.covered) break
      const before = this.candBound.length
      if (!this.near.grow()) break
      for (let i = before; i < this.candBound.length; i++) this.siftUpCand(i)
    }
    if (this.doneMetres.length === 0) return undefined
    const out = { node: this.doneNode[0] as number, metres: this.doneMetres[0] as number }
    this.popDone()
    return out
  }

  private siftCand(i: number): void {
    const b = this.candBound
    const nd = this.candNode
    const size = b.length
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < size && (b[l] as number) < (b[m] as number)) m = l
      if (r < size && (b[r] as number) < (b[m] as number)) m = r
      if (m === i) return
      swapPair(b, nd, i, m)
      i = m
    }
  }

  private siftUpCand(i: number): void {
    const b = this.candBound
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!((b[i] as number) < (b[parent] as number))) return
      swapPair(b, this.candNode, i, parent)
      i = parent
    }
  }

  private popCand(): void {
    if (popRoot(this.candBound, this.candNode)) this.siftCand(0)
  }

  private before(i: number, j: number): boolean {
    const mi = this.doneMetres[i] as number
    const mj = this.doneMetres[j] as number
    return mi < mj || (mi === mj && (this.doneNode[i] as number) < (this.doneNode[j] as number))
  }

  private swapDone(i: number, j: number): void {
    swapPair(this.doneMetres, this.doneNode, i, j)
  }

  private pushDone(metres: number, node: number): void {
    this.doneMetres.push(metres)
    this.doneNode.push(node)
    let i = this.doneMetres.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.before(i, parent)) return
      this.swapDone(i, parent)
      i = parent
    }
  }

  private popDone(): void {
    const m = this.doneMetres
    if (!popRoot(m, this.doneNode)) return
    let i = 0
    const size = m.length
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let best = i
      if (l < size && this.before(l, best)) best = l
      if (r < size && this.before(r, best)) best = r
      if (best === i) return
      this.swapDone(i, best)
      i = best
    }
  }
}
