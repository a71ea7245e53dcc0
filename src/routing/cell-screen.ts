/**
 * The direct dominance screen by ship cells (./ship-cells.ts): the rule of ./dominance.ts,
 * applied first to whole cells through their lower bounds, then to the holders no cell rule
 * settles. It finds the seeds without scoring every holder, and leaves out the holders of
 * far cells without working out their costs.
 *
 * 1. Seeds. Cells are opened cheapest first by their bound on a holder's score (per-unit
 *    cost plus parcel cost shared over the order's items), each holder scored as
 *    `promisingNodes` scores it, until every item is settled: its `perItem` best so far
 *    score below the next cell's bound, or every holder of it that ships has been seen. An
 *    item held by no more nodes than that has all of them; the items not settled once an
 *    eighth of the holders (at least four per seed) has been seen are scored from their own
 *    bitsets (when that scores fewer holders than there are; otherwise the screen reads every
 *    holder). The seeds are those `promisingNodes` picks over every holder, so the nodes
 *    built and the work are the same as without cells.
 * 2. Cells. Every facility of the seeds' instance with room for the whole order dominates,
 *    at a cell's bounds, each holder of the cell that holds no item it lacks in full: for
 *    every u from 1 to the units it could be asked for, f + u × c < the cell's parcel + u × its
 *    per-unit bound (strict, so that ties need no rule). A cell where such a facility holds the
 *    whole order is left out unread; in the others, a holder is left out when its items are
 *    among those of a facility that passes the cell's test.
 *    When no facility passes any cell's test, every holder is read as without cells.
 * 3. The holders left are screened one by one at their own costs (`dominanceScreen`).
 *
 * Every holder left out is dominated, so the plan is the one the screen over every holder
 * finds (./screen.ts).
 *
 * @internal
 */
import { unitVectorOf, type LatLon } from '../geo.js'
import { bitsetIndexes, bitsetSize } from '../internal/bits.js'
import { holderView, nodesView, seedScore, shipUnitBelow, unitCostBelow, type HolderView } from './candidates.js'
import { dominanceScreen, dominatorsOf, markNodes, type DominatorsOf } from './dominance.js'
import { heldMask, type Instance, type PreparedOrder, type RoutingContext } from './instance.js'
import { cellMetresBelow, MIN_CELLS, shipCellsOf, type ShipCells } from '../network/ship-cells.js'

/** The outcome: the holders to screen one by one, the seeds built, the holders left out. */
export interface CellScreen {
  /** The holders no cell rule left out, and the seeds, ascending. */
  readonly view: HolderView
  /** Per position of `view`: the seeds `IN_SUBSET`, the dominated `DOMINATED`, the rest `OUTSIDE`. */
  readonly marks: Uint8Array
  /** The instance over the seeds. */
  readonly seeds: Instance
  /** Holders left out: those of the cells and those of `view` found dominated. */
  readonly dominated: number
}

/**
 * Holders the seeds' search scores cell by cell before it scores the items still open from
 * their bitsets: an eighth of the order's holders, and at least four per seed.
 */
const MOST_OPENED_SHARE = 1 / 8
const OPENED_PER_SEED = 4

/**
 * The cell screen of the direct instance of `ctx` to `to`: `perItem` seeds per item, with
 * `extra` (nodes built with them, ascending: the covering nodes) and every holder that cannot
 * ship (built for the explanation, as the screen over every holder does). Undefined when the
 * network has too few cells or the order more than 31 items.
 */
export const screenByCells = (
  ctx: RoutingContext,
  to: LatLon,
  prepared: PreparedOrder,
  perItem: number,
  extra: Int32Array,
  build: (nodes: Int32Array) => Instance,
): CellScreen | undefined => {
  const cells = shipCellsOf(ctx.net)
  if (cells.count < MIN_CELLS || prepared.holders.wide) return undefined
  const bounds = cellBounds(cells, to, prepared.data.items.length)
  const seeds = seedsByCells(ctx, prepared, cells, bounds, perItem, unitVectorOf(to))
  if (seeds === undefined) return undefined
  const seedNodes = ascending([...seeds.chosen, ...Array.from(extra), ...noShipHolders(prepared, cells)])
  const inst = build(seedNodes)
  const of = dominatorsOf(inst)
  const looked = undominatedHolders(prepared, cells, bounds, seeds.opened, of)
  const view = looked === undefined ? holderView(ctx, prepared, to) : nodesView(ctx, prepared, to, ascending([...seeds.near, ...looked, ...Array.from(seedNodes)]))
  const marks = new Uint8Array(view.nodes.length)
  markNodes(view, seedNodes, marks)
  const dominated = dominanceScreen(view, marks, inst, of) + (prepared.holders.count - view.nodes.length)
  return { view, marks, seeds: inst, dominated }
}

/** Per cell, lower bounds on a holder's parcel and per-unit cost to the customer, and the cells cheapest first. */
interface CellBounds {
  readonly fixed: Float64Array
  readonly unit: Float64Array
  /** Per cell: a lower bound on a holder's seed score. */
  readonly score: Float64Array
  /** Cells by ascending score (ties by cell). */
  readonly byScore: Int32Array
}

const cellBounds = (cells: ShipCells, to: LatLon, items: number): CellBounds => {
  const point = unitVectorOf(to)
  const unit = new Float64Array(cells.count)
  const score = new Float64Array(cells.count)
  const byScore = new Int32Array(cells.count)
  for (let c = 0; c < cells.count; c++) {
    unit[c] = unitCostBelow(cells.unitMin[c] as number, cells.perKmMin[c] as number, cellMetresBelow(cells, c, point))
    // A holder shares its parcel over at most every item of the order.
    score[c] = (unit[c] as number) + (cells.packageMin[c] as number) / items
    byScore[c] = c
  }
  byScore.sort((a, b) => (score[a] as number) - (score[b] as number) || a - b)
  return { fixed: cells.packageMin, unit, score, byScore }
}

/** The seeds per item, the holders scored cell by cell and the cells opened for them. */
interface Seeds {
  readonly chosen: readonly number[]
  readonly near: readonly number[]
  readonly opened: Uint8Array
}

/**
 * Per item, the `perItem` holders that ship with the lowest score — the bound on its per-unit
 * cost plus its parcel shared over the order's items it holds — ties by node, as
 * `promisingNodes` picks them over every holder (rule 1 of the module); `point`: the
 * customer's unit vector. Undefined when settling them would score more holders than there
 * are: the caller then scores every holder once.
 */
const seedsByCells = (ctx: RoutingContext, prepared: PreparedOrder, cells: ShipCells, bounds: CellBounds, perItem: number, point: Float64Array): Seeds | undefined => {
  const { net } = ctx
  const { itemBits, any, count: total } = prepared.holders
  const lists = prepared.data.items.length
  const listMask = lists === 31 ? 0x7fffffff : (1 << lists) - 1
  const topScore = new Float64Array(lists * perItem).fill(Number.POSITIVE_INFINITY)
  const topNode = new Int32Array(lists * perItem).fill(-1)
  /** Per item: holders scored, holders that ship, and whether its list is final. */
  const seen = new Int32Array(lists)
  const shipping = new Int32Array(lists)
  const final = new Uint8Array(lists)
  /** The score of holder `n`, holding the items of `held` (masked to the lists). */
  const scoreOf = (n: number, held: number): number => seedScore(shipUnitBelow(net, n, point), net.packageMicros[n] as number, held)
  /** Keeps the `perItem` lowest scores of item s, ties by node, as `promisingNodes` over every holder in node order. */
  const insert = (s: number, n: number, score: number): void => {
    const base = s * perItem
    let j = base + perItem - 1
    if (!(score < (topScore[j] as number) || (score === topScore[j] && n < (topNode[j] as number)))) return
    while (j > base && ((topScore[j - 1] as number) > score || (topScore[j - 1] === score && (topNode[j - 1] as number) > n))) {
      topScore[j] = topScore[j - 1] as number
      topNode[j] = topNode[j - 1] as number
      j--
    }
    topScore[j] = score
    topNode[j] = n
  }
  /** Scores every holder of item s that ships, from its bitset, into its list alone. */
  const scoreItem = (s: number): void => {
    topScore.fill(Number.POSITIVE_INFINITY, s * perItem, (s + 1) * perItem)
    topNode.fill(-1, s * perItem, (s + 1) * perItem)
    for (const n of bitsetIndexes(without(itemBits[s] as Int32Array, cells.noShip))) insert(s, n, scoreOf(n, heldMask(prepared, n) & listMask))
    final[s] = 1
  }
  for (let s = 0; s < lists; s++) {
    const count = bitsetSize(without(itemBits[s] as Int32Array, cells.noShip))
    shipping[s] = count
    // Every holder of a sparsely held item is a seed.
    if (count <= perItem) scoreItem(s)
  }
  /** True when no holder of a cell whose bound is `bound` or more can enter any list. */
  const settled = (bound: number): boolean => {
    for (let s = 0; s < lists; s++) {
      if (final[s] === 1 || (seen[s] as number) >= (shipping[s] as number)) continue
      if (!((topScore[s * perItem + perItem - 1] as number) < bound)) return false
    }
    return true
  }
  const opened = new Uint8Array(cells.count)
  const near: number[] = []
  const most = Math.max(total * MOST_OPENED_SHARE, OPENED_PER_SEED * perItem * lists)
  let next = 0
  for (; next < cells.count && near.length <= most; next++) {
    const c = bounds.byScore[next] as number
    if (settled(bounds.score[c] as number)) break
    opened[c] = 1
    for (let k = cells.start[c] as number; k < (cells.start[c + 1] as number); k++) {
      const n = cells.nodes[k] as number
      if ((((any[n >>> 5] as number) >>> (n & 31)) & 1) === 0) continue
      near.push(n)
      const held = heldMask(prepared, n) & listMask
      const score = scoreOf(n, held)
      for (let m = held; m !== 0; m &= m - 1) {
        const s = 31 - Math.clz32(m & -m)
        if (final[s] === 1) continue
        seen[s] = (seen[s] as number) + 1
        insert(s, n, score)
      }
    }
  }
  // Items the cells opened did not settle: their holders scored from their own bitsets, unless
  // that would score more holders than reading every holder once does.
  const bound = next < cells.count ? (bounds.score[bounds.byScore[next] as number] as number) : Number.POSITIVE_INFINITY
  const open: number[] = []
  let toScore = 0
  for (let s = 0; s < lists; s++) {
    if (final[s] === 1 || (seen[s] as number) >= (shipping[s] as number)) continue
    if ((topScore[s * perItem + perItem - 1] as number) < bound) continue
    open.push(s)
    toScore += shipping[s] as number
  }
  if (toScore > total - near.length) return undefined
  for (const s of open) scoreItem(s)
  const chosen: number[] = []
  for (let j = 0; j < topNode.length; j++) if ((topNode[j] as number) >= 0) chosen.push(topNode[j] as number)
  return { chosen, near, opened }
}

/** The bits of `a` not in `b`, as a new bitset. */
const without = (a: Int32Array, b: Int32Array): Int32Array => {
  const out = new Int32Array(a.length)
  for (let w = 0; w < a.length; w++) out[w] = (a[w] as number) & ~(b[w] as number)
  return out
}

/** The holders of the order that cannot ship: no cell has them. */
const noShipHolders = (prepared: PreparedOrder, cells: ShipCells): number[] => {
  const { any } = prepared.holders
  const both = new Int32Array(any.length)
  for (let w = 0; w < any.length; w++) both[w] = (any[w] as number) & (cells.noShip[w] as number)
  return Array.from(bitsetIndexes(both))
}

/**
 * The holders of the cells not opened that no facility of `of` dominates at their cell's
 * bounds (see the module's rule 2); undefined when no facility passes any cell's test.
 */
const undominatedHolders = (prepared: PreparedOrder, cells: ShipCells, bounds: CellBounds, opened: Uint8Array, of: DominatorsOf): number[] | undefined => {
  const { any } = prepared.holders
  const items = prepared.data.items.length
  const all = items === 31 ? 0x7fffffff : (1 << items) - 1
  const { fulls, fixeds, units, mosts } = facilitiesOf(of)
  // Per cell, the item sets of the facilities that pass its test (ALL for one holding the whole order).
  const passStart = new Int32Array(cells.count + 1)
  const passing: number[] = []
  for (let c = 0; c < cells.count; c++) {
    passStart[c] = passing.length
    if (opened[c] === 1) continue
    const fixed = bounds.fixed[c] as number
    const unit = bounds.unit[c] as number
    for (let d = 0; d < fulls.length; d++) {
      const f = fixeds[d] as number
      const u = units[d] as number
      const m = mosts[d] as number
      if (f + u < fixed + unit && f + m * u < fixed + m * unit) {
        const full = fulls[d] as number
        if (full === all) {
          passing.length = passStart[c] as number
          passing.push(all)
          break
        }
        passing.push(full)
      }
    }
  }
  passStart[cells.count] = passing.length
  // No cell rule applies anywhere: reading every holder is cheaper than walking the cells.
  if (passing.length === 0) return undefined
  const out: number[] = []
  for (let c = 0; c < cells.count; c++) {
    if (opened[c] === 1) continue
    const from = passStart[c] as number
    const to = passStart[c + 1] as number
    if (to === from + 1 && passing[from] === all) continue
    for (let k = cells.start[c] as number; k < (cells.start[c + 1] as number); k++) {
      const n = cells.nodes[k] as number
      if ((((any[n >>> 5] as number) >>> (n & 31)) & 1) === 0) continue
      const held = heldMask(prepared, n)
      let covered = false
      for (let p = from; p < to && !covered; p++) covered = (held & ~(passing[p] as number)) === 0
      if (!covered) out.push(n)
    }
  }
  return out
}

/** The dominators of `of` with the units each could be asked for at most: the order's units of the items it holds in full. */
const facilitiesOf = (of: DominatorsOf): { readonly fulls: readonly number[]; readonly fixeds: readonly number[]; readonly units: readonly number[]; readonly mosts: readonly number[] } => {
  const fulls: number[] = []
  const fixeds: number[] = []
  const units: number[] = []
  const mosts: number[] = []
  of.dominators.forEach((fixed, unit, full) => {
    let most = 0
    for (let m = full; m !== 0; m &= m - 1) most += of.demand[31 - Math.clz32(m & -m)] as number
    fulls.push(full)
    fixeds.push(fixed)
    units.push(unit)
    mosts.push(most)
  })
  return { fulls, fixeds, units, mosts }
}

/** The nodes, ascending, each once. */
const ascending = (nodes: readonly number[]): Int32Array => {
  const all = Int32Array.from(nodes).sort()
  let size = 0
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[size++] = all[i] as number
  return all.slice(0, size)
}
