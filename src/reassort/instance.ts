/**
 * The rebalancing instance: a decoded document turned into what the search reads — per SKU,
 * the nodes that may send it (units they may promise, capability `transfer-out`) and the nodes
 * that may receive it (a forecast, capability `transfer-in`), each with its shelf's value
 * curve; and the lanes (sender → receiver) with their fixed and per-unit cost in micro-units,
 * priced as routing prices a transfer (`transferUnitCostMicros`, the sender's `transfer` costs).
 *
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js'
import { distanceMetres } from '../geo.js'
import { toMicros } from '../money.js'
import type { Network } from '../model/network.js'
import type { RebalanceDocument } from '../model/reassort.js'
import { compileNetwork, transferUnitCostMicros, type CompiledNetwork } from '../network/compile.js'
import { hasCapability } from '../network/nodes.js'
import { buildScenarioStock, positionBreakdown, type StockError, type StockState } from '../stock/index.js'
import { invalidInput, unknownNode, unknownSku } from '../stock/errors.js'
import type { DuplicateNode, DuplicateSku, InvalidInput } from '../errors.js'
import { shelfValueMicros, unitValueMicros } from './poisson.js'

/** Anything a valid document can still get wrong: an unknown node or SKU, a repeated forecast. */
export type RebalanceInputError = StockError | DuplicateNode | DuplicateSku | InvalidInput

/** A lane: one truck from `from` to `to` (node indexes), whatever SKUs it carries. */
export interface Lane {
  readonly from: number
  readonly to: number
  /** The sender's transfer fixed cost, paid once when the lane carries anything. */
  readonly fixed: number
  /** Handling plus carriage of one unit over the lane. */
  readonly unit: number
}

/** A possible movement of one SKU: local node `from` → local node `to` over lane `lane`. */
export interface Arc {
  readonly from: number
  readonly to: number
  readonly lane: number
}

/**
 * One SKU's problem. Local node `i` is network node `nodes[i]` (ascending, so ascending id),
 * holding `stock[i]` movable units, with a forecast of `mean[i]` (0 without one).
 */
export interface SkuProblem {
  readonly sku: string
  readonly margin: number
  readonly nodes: readonly number[]
  readonly stock: readonly number[]
  readonly mean: readonly number[]
  /** Local nodes that may send (units to promise, `transfer-out`). */
  readonly senders: readonly number[]
  /** Local nodes that may receive (a forecast, `transfer-in`). */
  readonly receivers: readonly number[]
  arcs: Arc[]
  /** Unit values already computed, per local node: `values[i][j − 1]` is the j-th unit's. */
  readonly values: (number[] | undefined)[]
}

/** The whole instance. */
export interface RebalanceInstance {
  readonly net: CompiledNetwork
  readonly stock: StockState
  readonly nodeIds: readonly string[]
  readonly skus: readonly SkuProblem[]
  /** Expected margin of every forecast position before any transfer (micro-units). */
  readonly valueBefore: number
  readonly maxLanes: number
  readonly minUnitsPerLane: number
  /** Lanes, grown as arcs are laid; `laneOf` maps `from × nodeCount + to` to a lane index. */
  readonly lanes: Lane[]
  readonly laneOf: Map<number, number>
}

/**
 * The value of the j-th unit (j ≥ 1; j = 0 gives the whole margin, the price of a unit a node
 * would have to have to give it up) at local node `i` of `p`, memoised on `p`.
 */
export const unitValue = (p: SkuProblem, i: number, j: number): number => {
  if (j <= 0) return p.margin
  const mean = p.mean[i] as number
  if (!(mean > 0)) return 0
  let row = p.values[i]
  if (row === undefined) {
    row = []
    p.values[i] = row
  }
  while (row.length < j) row.push(unitValueMicros(p.margin, mean, row.length + 1))
  return row[j - 1] as number
}

/** The lane `from → to` (node indexes), added on first use. */
export const laneBetween = (inst: RebalanceInstance, from: number, to: number): number => {
  const key = from * inst.nodeIds.length + to
  const known = inst.laneOf.get(key)
  if (known !== undefined) return known
  const net = inst.net
  const metres = distanceMetres({ lat: net.nodes.lat[from] ?? 0, lon: net.nodes.lon[from] ?? 0 }, { lat: net.nodes.lat[to] ?? 0, lon: net.nodes.lon[to] ?? 0 })
  const lane: Lane = { from, to, fixed: net.transferFixedMicros[from] ?? 0, unit: transferUnitCostMicros(net, from, metres) }
  inst.lanes.push(lane)
  inst.laneOf.set(key, inst.lanes.length - 1)
  return inst.lanes.length - 1
}

/** Per-unit cost of the lane `from → to` without recording it. */
export const unitCostBetween = (inst: RebalanceInstance, from: number, to: number): number => {
  const known = inst.laneOf.get(from * inst.nodeIds.length + to)
  if (known !== undefined) return (inst.lanes[known] as Lane).unit
  const net = inst.net
  return transferUnitCostMicros(net, from, distanceMetres({ lat: net.nodes.lat[from] ?? 0, lon: net.nodes.lon[from] ?? 0 }, { lat: net.nodes.lat[to] ?? 0, lon: net.nodes.lon[to] ?? 0 }))
}

const networkOf = (d: RebalanceDocument): Network => ({
  nodes: d.nodes,
  ...(d.skus === undefined ? {} : { skus: d.skus }),
  ...(d.transit === undefined ? {} : { transit: d.transit }),
  ...(d.currency === undefined ? {} : { currency: d.currency }),
})

/**
 * Builds the instance of a decoded document: compiles the network, builds the stock index
 * (every error names the document's path), checks that each forecast and margin names a
 * known node and SKU, once, and that every forecast SKU has a margin.
 */
export const buildRebalanceInstance = (doc: RebalanceDocument): E.Either<RebalanceInputError, RebalanceInstance> => {
  const compiled = compileNetwork(networkOf(doc))
  if (E.isLeft(compiled)) return compiled
  const net = compiled.right
  const built = buildScenarioStock(net, doc)
  if (E.isLeft(built)) return built
  const stock = built.right
  // With a catalogue, every SKU named must be in it; without one, any SKU may be named (a
  // forecast still needs a margin).
  const catalogue = doc.skus === undefined ? undefined : new Set<string>(doc.skus.map((s) => s.id))
  const knownSku = (id: string): boolean => catalogue === undefined || catalogue.has(id)
  const margins = new Map<string, number>()
  for (let i = 0; i < doc.margins.length; i++) {
    const m = doc.margins[i] as (typeof doc.margins)[number]
    if (!knownSku(m.sku)) return E.left(unknownSku(m.sku, `$.margins[${i}].sku`))
    if (margins.has(m.sku)) return E.left(invalidInput(`$.margins[${i}].sku`, `one margin per SKU (${JSON.stringify(m.sku)} has one already)`))
    margins.set(m.sku, toMicros(m.margin))
  }
  const nodes = net.nodes
  const forecasts = new Map<string, Map<number, number>>()
  for (let i = 0; i < doc.demand.length; i++) {
    const d = doc.demand[i] as (typeof doc.demand)[number]
    const node = nodes.byId.get(d.node)
    if (node === undefined) return E.left(unknownNode(d.node, `$.demand[${i}].node`))
    if (!knownSku(d.sku)) return E.left(unknownSku(d.sku, `$.demand[${i}].sku`))
    if (!margins.has(d.sku)) return E.left(invalidInput(`$.demand[${i}].sku`, `a SKU with a margin in $.margins (${JSON.stringify(d.sku)} has none)`))
    let bySku = forecasts.get(d.sku)
    if (bySku === undefined) {
      bySku = new Map()
      forecasts.set(d.sku, bySku)
    }
    if (bySku.has(node)) return E.left(invalidInput(`$.demand[${i}]`, `one forecast per node and SKU (${JSON.stringify(d.node)}, ${JSON.stringify(d.sku)} has one already)`))
    bySku.set(node, d.mean)
  }
  // Movable units: what the position may promise now, on hand only (no reservation, safety
  // stock, confidence buffer or ring-fence of any channel).
  const movable = new Map<string, Map<number, number>>()
  for (const row of doc.stock) {
    const node = nodes.byId.get(row.node) as number
    const available = positionBreakdown(stock, { node: row.node, sku: row.sku, channel: '' })?.available ?? 0
    if (available <= 0) continue
    let bySku = movable.get(row.sku)
    if (bySku === undefined) {
      bySku = new Map()
      movable.set(row.sku, bySku)
    }
    bySku.set(node, available)
  }
  const canSend = nodes.ids.map((_, n) => hasCapability(nodes, n, 'transfer-out'))
  const canReceive = nodes.ids.map((_, n) => hasCapability(nodes, n, 'transfer-in'))
  const skus: SkuProblem[] = []
  let valueBefore = 0
  const minUnitsPerLane = doc.options?.minUnitsPerLane ?? 0
  // With a minimum per lane, units worth nothing where they go may still fill a truck: every
  // SKU with movable units may then ride, to every node that can receive.
  const fillers = minUnitsPerLane > 0
  const everyReceiver = fillers ? nodes.ids.map((_, n) => n).filter((n) => canReceive[n] === true) : []
  const skuIds = [...new Set([...forecasts.keys(), ...(fillers ? movable.keys() : [])])].sort()
  for (const sku of skuIds) {
    const demand = forecasts.get(sku) ?? new Map<number, number>()
    const held = movable.get(sku) ?? new Map<number, number>()
    const margin = margins.get(sku) ?? 0
    for (const [node, mean] of demand) valueBefore += shelfValueMicros(margin, mean, held.get(node) ?? 0)
    if (margin === 0 && !fillers) continue
    const local = [...new Set([...demand.keys(), ...held.keys(), ...everyReceiver])].sort((a, b) => a - b)
    const stockOf = local.map((n) => held.get(n) ?? 0)
    const meanOf = local.map((n) => demand.get(n) ?? 0)
    const senders: number[] = []
    const receivers: number[] = []
    local.forEach((n, i) => {
      if ((stockOf[i] as number) > 0 && canSend[n] === true) senders.push(i)
      if (((meanOf[i] as number) > 0 || fillers) && canReceive[n] === true) receivers.push(i)
    })
    if (senders.length === 0 || receivers.length === 0) continue
    if (senders.length === 1 && receivers.length === 1 && senders[0] === receivers[0]) continue
    skus.push({ sku, margin, nodes: local, stock: stockOf, mean: meanOf, senders, receivers, arcs: [], values: local.map(() => undefined) })
  }
  const maxLanes = doc.options?.maxLanes ?? Number.POSITIVE_INFINITY
  return E.right({ net, stock, nodeIds: nodes.ids, skus, valueBefore, maxLanes, minUnitsPerLane, lanes: [], laneOf: new Map() })
}

/**
 * Lays every arc that can carry a unit in some optimal solution: sender `i` → receiver `j`
 * (distinct) when the first unit `j` could ever hold is worth more than the carriage
 * (`value_j(1) > unit cost`). Without lane minimums an arc failing that test never helps:
 * taking one unit off it gains its cost and loses at most `value_j(1)` at `j`, while the
 * sender keeps a unit worth at least 0. With them, every arc is laid (a unit may fill a
 * truck). Returns the number of arcs laid.
 */
export const layAllArcs = (inst: RebalanceInstance): number => {
  let count = 0
  for (const p of inst.skus) {
    const arcs: Arc[] = []
    for (const i of p.senders) {
      for (const j of p.receivers) {
        if (i === j) continue
        const from = p.nodes[i] as number
        const to = p.nodes[j] as number
        if (inst.minUnitsPerLane === 0 && unitValue(p, j, 1) <= unitCostBetween(inst, from, to)) continue
        arcs.push({ from: i, to: j, lane: laneBetween(inst, from, to) })
      }
    }
    p.arcs = arcs
    count += arcs.length
  }
  return count
}

/** Σ over SKUs of senders × receivers: the pairs {@link layAllArcs} would test. */
export const pairCount = (inst: RebalanceInstance): number => inst.skus.reduce((n, p) => n + p.senders.length * p.receivers.length, 0)

/**
 * Lays, for each sender of each SKU, the arcs to the `perSender` receivers whose first unit
 * moved gains most (value at the receiver − value lost at the sender − carriage), when that
 * gain is positive: the candidates of the large-instance search.
 */
export const layCandidateArcs = (inst: RebalanceInstance, perSender: number): number => {
  let count = 0
  for (const p of inst.skus) {
    const byNeed = [...p.receivers].map((j) => ({ j, v: unitValue(p, j, (p.stock[j] as number) + 1) })).sort((a, b) => b.v - a.v || a.j - b.j)
    const arcs: Arc[] = []
    for (const i of p.senders) {
      const from = p.nodes[i] as number
      const lose = unitValue(p, i, p.stock[i] as number)
      const floor = (inst.net.transferUnitMicros[from] ?? 0) + lose
      const best: { j: number; g: number }[] = []
      for (const { j, v } of byNeed) {
        const worst = best.length < perSender ? 0 : (best[best.length - 1] as { g: number }).g
        if (v - floor <= worst) break
        if (j === i) continue
        const g = v - lose - unitCostBetween(inst, from, p.nodes[j] as number)
        if (g <= worst) continue
        best.push({ j, g })
        best.sort((a, b) => b.g - a.g || a.j - b.j)
        if (best.length > perSender) best.pop()
      }
      for (const { j } of best) arcs.push({ from: i, to: j, lane: laneBetween(inst, from, p.nodes[j] as number) })
    }
    p.arcs = arcs
    count += arcs.length
  }
  return count
}
