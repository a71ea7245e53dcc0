/**
 * `routeOrder`: the best fulfilment plan of one order. It builds one instance per way of
 * serving the order (direct parcels; for ship-complete or hub-allowed orders, consolidation
 * at each of the nearest hubs; for click & collect, the pickup node fed by transfers), solves
 * each exactly, and returns the cheapest, explained.
 */
import * as E from 'fp-ts/lib/Either.js'
import { distanceMetres, type LatLon } from '../geo.js'
import { formatMicros, toMicros } from '../money.js'
import type { Order, SourcingRules } from '../model/order.js'
import type { Strategy } from '../model/scenario.js'
import { compileRules, composeRules, ineligibility } from '../rules/sourcing.js'
import { hasCapability } from '../network/nodes.js'
import type { StockState } from '../stock/index.js'
import { MS_PER_DAY, parseInstant } from '../time.js'
import { assemble, instanceCost, routedPlan, serves } from './assemble.js'
import { greedySolution, nearestOrder, priorityOrder } from './baselines.js'
import { invalidInstant, unknownNode, unknownSku } from '../errors.js'
import { routingError, type RoutingError } from './errors.js'
import { DEFAULT_EXPLAINED_ALTERNATIVES, explain, type Screened } from './explain.js'
import { checkRouteOptions } from './options.js'
import { DEFAULT_UNFULFILLED_PENALTY, directInstance, prepareOrder, targetInstance, type Instance, type RoutingContext } from './instance.js'
import { zoneNamed, type CompiledNetwork } from '../network/compile.js'
import { BUILD_UNITS, screenDirect, screenTarget } from './screen.js'
import { infeasiblePlan, solveFacilityProblem, spentOut, unitsLeft, withShare, workMeter, type FacilitySolution, type WorkMeter } from './optimiser.js'
import type { Optimality, Plan } from './plan.js'
import { fastestPlan } from './fastest.js'
import { byDeliveryDay, delayZone, localDays, withUniformDelay } from './delay.js'

/** Capacity a node has already used today. */
export interface CapacityUsed {
  readonly orders: number
  readonly units: number
}

/** Options of one routing call. Only `now` is required. */
export interface RouteOptions {
  /** The current instant (ISO-8601); the library never reads a clock. */
  readonly now: string
  /**
   * `optimal` (default); `fastest`: the most units any plan serves, by the earliest ETA any
   * plan serving them has, then the cheapest such plan (docs/model.md, "Fastest"); or a
   * baseline: `priority` (node priority order) or `nearest`.
   */
  readonly strategy?: Strategy
  /** Network-wide sourcing rules, composed with the order's own. */
  readonly rules?: SourcingRules
  /** Capacity already used today, by node id (orders and units), checked against `dailyCapacity`. */
  readonly capacityUsed?: Readonly<Record<string, CapacityUsed>> | ReadonlyMap<string, CapacityUsed>
  /** Per-unit penalty for unfulfilled units when neither line nor order names one. Default "1000". */
  readonly defaultUnfulfilledPenalty?: string
  /**
   * Work budget of the whole call, in deterministic work units (about one inner-loop step of
   * the optimiser each: an entry scanned by a bound, a unit placed by an evaluation, a stock
   * position looked up while building). Every phase draws on it: screening, building the
   * instances (hubs included), the search, the baselines' seeds and the prices of the
   * explanation's alternatives. Default `DEFAULT_WORK_BUDGET` (10,000,000). When it runs out, the plan
   * is the best found, `optimality: 'bounded'` with a proven `gap`; the units spent are in
   * `explanation.work`. A positive safe integer.
   */
  readonly budget?: number
  /**
   * Search nodes of the exact optimiser per instance. Default 50,000. The work `budget` bounds
   * a call's effort whatever the size of its problem; this limit only counts nodes, whose cost
   * grows with the problem, and is kept for compatibility.
   */
  readonly maxSearchNodes?: number
  /**
   * How many passed-over nodes get an exact `costlier-by` price. Default 5; 0 for batch speed
   * (then holders with nothing to promise are not searched for units fenced for other channels).
   */
  readonly explainAlternatives?: number
  /** How many hubs (nearest to the customer) are tried for consolidation. Default 3. */
  readonly maxHubs?: number
  /**
   * Screening (default on): the direct instance is first solved over the nodes holding every
   * item, the rest left out when a proven bound says they cannot do better; failing that,
   * holders dominated by a few promising nodes are left out. Plans are identical either way;
   * turning it off is for measuring and checking.
   */
  readonly screening?: boolean
  /** Positions never to source from (e.g. a store that rejected a pick). */
  readonly excludePositions?: readonly { readonly node: string; readonly sku: string }[]
  /**
   * Shadow prices of stock: by node id, then SKU, an amount (a decimal string ≥ 0) added to
   * the cost of every unit the plan takes from that position (on hand or inbound, whatever
   * the leg). Prices only steer: the plan is the cheapest under the priced objective, its
   * `totalCost` and every leg's cost stay the real costs, while `optimality` and `gap` refer to
   * the priced objective (real cost + Σ units × price). `routeWave` sets them to the prices of
   * scarce stock; a caller may set them to keep stock for later orders. Absent: no prices.
   */
  readonly stockPrices?: Readonly<Record<string, Readonly<Record<string, string>>>>
}

/**
 * Shadow prices compiled for one network: micros per unit by node index, then SKU (`byNode`),
 * with the dearest unit and the dearest node charge, which bound the amounts of every call.
 * Built once (`compileStockPrices`, `compiledPrices`) and shared by the orders of a call. A
 * node's entry under {@link NODE_CHARGE} (no SKU id is empty) is a charge per plan that sends
 * units from the node today — the price of its daily order capacity, which `routeWave` sets.
 *
 * @internal
 */
export interface CompiledPrices {
  readonly byNode: ReadonlyMap<number, ReadonlyMap<string, number>>
  /** The dearest price of a unit, micros. */
  readonly dearestUnit: number
  /** The dearest node charge, micros. */
  readonly dearestCharge: number
}

/**
 * The key, in a node's compiled prices, of its charge per plan sending from it today.
 *
 * @internal
 */
export const NODE_CHARGE = ''

/**
 * The prices of `prices` by node index (unknown nodes and zero prices dropped), or undefined
 * when no price is above 0. Prices are amounts already checked by the options' codec.
 *
 * @internal
 */
export const compileStockPrices = (net: CompiledNetwork, prices: RouteOptions['stockPrices']): CompiledPrices | undefined => {
  if (prices === undefined) return undefined
  const out = new Map<number, Map<string, number>>()
  for (const node of Object.keys(prices)) {
    const n = net.nodes.byId.get(node)
    const skus = prices[node]
    if (n === undefined || skus === undefined) continue
    for (const sku of Object.keys(skus)) {
      const micros = toMicros(skus[sku] ?? '0')
      // No SKU id is empty: a price under the empty key would be a node charge, not a stock price.
      if (!(micros > 0) || sku === NODE_CHARGE) continue
      let bySku = out.get(n)
      if (bySku === undefined) out.set(n, (bySku = new Map()))
      bySku.set(sku, micros)
    }
  }
  return compiledPrices(out)
}

/**
 * Prices by node index, then SKU (micros above 0; a node's charge under {@link NODE_CHARGE}),
 * compiled with their dearest unit and charge; undefined when there are none.
 *
 * @internal
 */
export const compiledPrices = (byNode: ReadonlyMap<number, ReadonlyMap<string, number>>): CompiledPrices | undefined => {
  if (byNode.size === 0) return undefined
  let dearestUnit = 0
  let dearestCharge = 0
  for (const bySku of byNode.values()) {
    for (const [sku, m] of bySku) {
      if (sku === NODE_CHARGE) dearestCharge = Math.max(dearestCharge, m)
      else dearestUnit = Math.max(dearestUnit, m)
    }
  }
  return { byNode, dearestUnit, dearestCharge }
}

/**
 * `inst`'s problem with the prices added (`sign` 1) or taken out (−1) — each unit of an item at
 * its node's price of the item, and each facility that sends today at its node's charge — or
 * undefined when no price applies; and what the prices charge `sol` (its units and open
 * facilities). A node has one facility that sends today in an instance (its later instants are
 * other facilities), so a plan pays its node's charge once.
 */
const shiftedCosts = (inst: Instance, prices: CompiledPrices, sign: 1 | -1, sol?: FacilitySolution): { readonly problem: Instance['problem'] | undefined; readonly charge: number } => {
  const p = inst.problem
  const items = p.itemCount
  let unitCost: Float64Array | undefined
  let fixedCost: Float64Array | undefined
  let charge = 0
  const open = sol === undefined ? undefined : new Set<number>(sol.open)
  for (let k = 0; k < p.facilityCount; k++) {
    const f = inst.facilities[k]
    const bySku = prices.byNode.get(f?.node ?? -1)
    if (bySku === undefined) continue
    for (let s = 0; s < items; s++) {
      const price = bySku.get(inst.items[s] ?? '') ?? 0
      if (price === 0) continue
      unitCost ??= Float64Array.from(p.unitCost)
      unitCost[k * items + s] = (unitCost[k * items + s] ?? 0) + sign * price
      charge += price * (sol?.flow[k * items + s] ?? 0)
    }
    const nodeCharge = f === undefined || f.later ? 0 : (bySku.get(NODE_CHARGE) ?? 0)
    if (nodeCharge === 0) continue
    fixedCost ??= Float64Array.from(p.fixedCost)
    fixedCost[k] = (fixedCost[k] ?? 0) + sign * nodeCharge
    if (open?.has(k) === true) charge += nodeCharge
  }
  if (unitCost === undefined && fixedCost === undefined) return { problem: undefined, charge }
  return { problem: { ...p, ...(unitCost === undefined ? {} : { unitCost }), ...(fixedCost === undefined ? {} : { fixedCost }) }, charge }
}

/** `inst` with each facility's units priced at its node's price of each item, and its node's charge added to its fixed cost (the optimiser's costs). */
const withPrices = (inst: Instance, prices: CompiledPrices): Instance => {
  const { problem } = shiftedCosts(inst, prices, 1)
  return problem === undefined ? inst : { ...inst, problem }
}

/**
 * A priced candidate's real counterpart: the prices taken out of its per-unit and fixed costs
 * and its solution's cost, so that the plan assembled reports real costs.
 */
const withoutPrices = (c: Candidate, prices: CompiledPrices): Candidate => {
  const { inst, sol } = c
  const { problem, charge } = shiftedCosts(inst, prices, -1, sol)
  if (problem === undefined) return c
  return { inst: { ...inst, problem }, sol: { ...sol, cost: sol.cost - charge }, cost: c.cost - charge }
}

const DEFAULT_MAX_SEARCH_NODES = 50_000
/**
 * Work units a call may spend unless it says otherwise. Calibrated on the dense fashion-chain
 * world of the bench (`npm run bench`, dense rows), where a unit costs 4–8 ns of CPU on one
 * core of the benchmark machine: about 40–80 ms, so that a call ends within 100 ms with what
 * the meter does not count (validation, assembly).
 */
export const DEFAULT_WORK_BUDGET = 10_000_000
/** Share of what is left that an instance's first solve may use: the rest seeds a second solve and prices the explanation. */
const FIRST_SOLVE_SHARE = 0.75
const SEEDED_SOLVE_SHARE = 0.5
/**
 * Beyond this many facilities an instance is likely to need its share of the work, and a
 * second, seeded solve would start its search again from nothing: the baselines' plans seed
 * the one solve from the start, which may use SEEDED_FIRST_SHARE of what is left. Unless the
 * baselines would take more than 1/SEEDED_FIRST_ROOM of the work left: then a search too short
 * to prove anything bounds better on its own first (the two-step scheme).
 */
const SEEDED_FIRST_FACILITIES = 32
const SEEDED_FIRST_SHARE = 0.9
const SEEDED_FIRST_ROOM = 16
const DEFAULT_MAX_HUBS = 3
const NO_CAPACITY_USED: CapacityUsed = { orders: 0, units: 0 }

/**
 * The capacity already used today at a node, read from the `capacityUsed` option (a record,
 * a Map or nothing).
 *
 * @internal
 */
export const capacityLookup = (used: RouteOptions['capacityUsed']): ((node: string) => CapacityUsed) => {
  if (used === undefined) return () => NO_CAPACITY_USED
  if (used instanceof Map) return (node) => used.get(node) ?? NO_CAPACITY_USED
  const record = used as Readonly<Record<string, CapacityUsed>>
  return (node) => (Object.prototype.hasOwnProperty.call(record, node) ? (record[node] ?? NO_CAPACITY_USED) : NO_CAPACITY_USED)
}

const validate = (net: CompiledNetwork, order: Order, options: RouteOptions, prices: CompiledPrices | undefined): E.Either<RoutingError, number> => {
  const nowMs = parseInstant(options.now)
  if (nowMs === undefined) return E.left(invalidInstant(options.now, '$.options.now'))
  if (order.lines.length === 0) return E.left(routingError('empty-order', `order ${order.id} has no lines`, '$.order.lines'))
  const seen = new Set<string>()
  for (let i = 0; i < order.lines.length; i++) {
    const id = order.lines[i]?.id ?? ''
    if (seen.has(id)) return E.left(routingError('duplicate-line', `line id ${id} appears twice`, `$.order.lines[${i}].id`))
    seen.add(id)
  }
  if (net.catalogued && order.allowUnknownSkus !== true) {
    for (let i = 0; i < order.lines.length; i++) {
      const sku = order.lines[i]?.sku ?? ''
      if (!net.skuAttributes.has(sku)) {
        return E.left(unknownSku(sku, `$.order.lines[${i}].sku`, 'set allowUnknownSkus to leave it unfulfilled'))
      }
    }
  }
  const range = amountRange(net, order.lines, order.unfulfilledPenalty ?? options.defaultUnfulfilledPenalty ?? DEFAULT_UNFULFILLED_PENALTY, orderLinePath, '$.order', prices?.dearestUnit ?? 0, prices?.dearestCharge ?? 0)
  if (range !== undefined) return E.left(range)
  if (order.delivery.method === 'pickup') {
    const node = net.nodes.byId.get(order.delivery.node)
    if (node === undefined) return E.left(unknownNode(order.delivery.node, '$.order.delivery.node'))
    if (!hasCapability(net.nodes, node, 'pickup')) {
      return E.left(routingError('not-a-pickup-node', `node ${order.delivery.node} does not offer pickup`, '$.order.delivery.node'))
    }
  }
  return E.right(nowMs)
}

/**
 * An `amount-out-of-range` error when some plan of the order of `lines` could cost more
 * micro-units than a double holds exactly (2^53 − 1), else undefined. Every unit either
 * ships, at most at the dearest per-unit cost of any node (a transfer then a parcel, each over
 * the longest distance), or is left at its penalty; each parcel or transfer carries at least
 * one unit, plus a hub's parcel. Checked once per order, so that totals, gaps and explanation
 * prices are exact. `lineAt(i)` and `whole` are the paths named in the error.
 *
 * @internal
 */
export const amountRange = (
  net: CompiledNetwork,
  lines: readonly { readonly id: string; readonly quantity: number; readonly unfulfilledPenalty?: string }[],
  penalty: string,
  lineAt: (i: number) => string,
  whole: string,
  priceMicros = 0,
  chargeMicros = 0,
): RoutingError | undefined => {
  let total = 0
  let units = 0
  const common = toMicros(penalty)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === undefined) continue
    const perUnit = Math.max(line.unfulfilledPenalty === undefined ? common : toMicros(line.unfulfilledPenalty), net.dearestUnitMicros + priceMicros)
    units += line.quantity
    total += line.quantity * perUnit
    if (!(total <= Number.MAX_SAFE_INTEGER)) {
      return routingError(
        'amount-out-of-range',
        `line ${line.id} could bring the order's total beyond ${formatMicros(Number.MAX_SAFE_INTEGER)}, the largest exact amount (${line.quantity} units at up to ${formatMicros(Math.round(perUnit))} each)`,
        lineAt(i),
      )
    }
  }
  total += (Math.min(units, 2 * net.nodes.count) + 1) * (net.dearestFixedMicros + chargeMicros)
  if (!(total <= Number.MAX_SAFE_INTEGER)) {
    return routingError('amount-out-of-range', `the order's total could exceed ${formatMicros(Number.MAX_SAFE_INTEGER)}, the largest exact amount`, whole)
  }
  return undefined
}

const orderLinePath = (i: number): string => `$.order.lines[${i}]`

/**
 * True when no plan of `inst` can cost beyond 2^53 − 1 micros with the order's delay cost
 * added (`amountRange` has bounded the rest): every unit at the rate × the days to the
 * latest ETA of the instance (plus two for the zones' offsets), on top of the dearest unit
 * or penalty and a fixed charge per unit.
 */
const delayInRange = (net: CompiledNetwork, inst: Instance, nowMs: number, rateMicros: number): boolean => {
  let latest = nowMs
  for (const f of inst.facilities) {
    latest = Math.max(latest, f.etaMs)
    for (const at of f.instants ?? []) latest = Math.max(latest, at.etaMs)
  }
  const p = inst.problem
  let units = 0
  let dearest = net.dearestUnitMicros
  p.tierQuantity.forEach((q, t) => {
    units += q
    dearest = Math.max(dearest, p.tierPenalty[t] ?? 0)
  })
  const days = Math.ceil((latest - nowMs) / MS_PER_DAY) + 2
  const total = units * (rateMicros * days + dearest + net.dearestFixedMicros + inst.lastMileUnitMicros) + inst.constantMicros
  return total <= Number.MAX_SAFE_INTEGER
}

interface Candidate {
  readonly inst: Instance
  readonly sol: FacilitySolution
  readonly cost: number
}

/**
 * The shipments of a candidate's plan: its parcels and transfers, and a hub's last-mile parcel
 * when it serves. A hub's or pickup node's own shelf moves nothing: it is not one.
 */
const shipments = (c: Candidate): number => {
  let count = c.inst.mode === 'hub' && serves(c.sol) ? 1 : 0
  for (const k of c.sol.open) if (c.inst.facilities[k]?.role !== 'own') count++
  return count
}

/** The route's tie rule: the cheaper plan; at exactly the same cost, fewer shipments; else the one considered first. */
const better = (a: Candidate, b: Candidate): boolean => (a.cost !== b.cost ? a.cost < b.cost : shipments(a) < shipments(b))

/** Hubs to try for consolidation: hub-capable, shipping, eligible, nearest to the customer first. */
const hubCandidates = (ctx: RoutingContext, to: { lat: number; lon: number }, limit: number): number[] => {
  const nodes = ctx.net.nodes
  const found: { node: number; metres: number }[] = []
  for (let n = 0; n < nodes.count; n++) {
    if (!hasCapability(nodes, n, 'hub') || !hasCapability(nodes, n, 'ship') || !hasCapability(nodes, n, 'transfer-in')) continue
    const metres = distanceMetres({ lat: nodes.lat[n] ?? 0, lon: nodes.lon[n] ?? 0 }, to)
    if (ineligibility(ctx.rules, nodes, n, metres) !== undefined) continue
    const cap = ctx.net.dailyOrders[n] ?? Number.POSITIVE_INFINITY
    if (cap !== Number.POSITIVE_INFINITY && cap - ctx.capacityUsed(nodes.ids[n] ?? '').orders <= 0) continue
    found.push({ node: n, metres })
  }
  return found
    .sort((a, b) => a.metres - b.metres || a.node - b.node)
    .slice(0, limit)
    .map((h) => h.node)
}

/** A proven lower bound on the cost of any plan of `inst`: its hub parcel is paid unless nothing ships. */
const instanceLowerBound = (inst: Instance, sol: FacilitySolution): number => {
  if (sol.optimality === 'proven') return instanceCost(inst, sol)
  if (inst.constantMicros === 0) return sol.lowerBound
  let nothing = 0
  inst.problem.tierPenalty.forEach((p, t) => (nothing += p * (inst.problem.tierQuantity[t] ?? 0)))
  return Math.min(nothing, sol.lowerBound + inst.constantMicros)
}

/** What the screens left out of `inst`, when it is one they solved. */
const screenedOf = (screens: readonly Screened[], inst: Instance): { readonly screened?: Screened } => {
  const found = screens.find((s) => s.instance === inst)
  return found === undefined ? {} : { screened: found }
}

/**
 * No plan of the order, direct or through a hub, costs less: every unit at the lesser of its
 * penalty and the cheapest per-unit handling of any node that ships. The bound of an
 * instance the budget left no room to build.
 */
const anyPlanFloor = (net: CompiledNetwork, inst: Instance): number => {
  const unit = net.minShipUnitMicros
  let floor = 0
  inst.problem.tierPenalty.forEach((p, t) => (floor += (inst.problem.tierQuantity[t] ?? 0) * Math.min(p, unit)))
  return Math.floor(floor)
}

/**
 * The caps on a call's positions (node index, then SKU): the restriction's caps, and 0 for
 * every excluded position (the lesser where both apply); undefined when there are none.
 */
const supplyCaps = (net: CompiledNetwork, excluded: RouteOptions['excludePositions'], caps: PlanRestriction['caps']): ReadonlyMap<number, ReadonlyMap<string, number>> | undefined => {
  if ((excluded === undefined || excluded.length === 0) && (caps === undefined || caps.size === 0)) return undefined
  const out = new Map<number, Map<string, number>>()
  const cap = (node: number, sku: string, q: number): void => {
    let bySku = out.get(node)
    if (bySku === undefined) out.set(node, (bySku = new Map()))
    bySku.set(sku, Math.min(bySku.get(sku) ?? Number.POSITIVE_INFINITY, Math.max(0, q)))
  }
  for (const [node, bySku] of caps ?? []) for (const [sku, q] of bySku) cap(node, sku, q)
  for (const { node, sku } of excluded ?? []) {
    const n = net.nodes.byId.get(node)
    if (n !== undefined) cap(n, sku, 0)
  }
  return out
}

/** Caps the supply of each capped position (see {@link supplyCaps}) at its cap. */
const withCaps = (inst: Instance, caps: ReadonlyMap<number, ReadonlyMap<string, number>> | undefined): Instance => {
  if (caps === undefined) return inst
  const supply = Int32Array.from(inst.problem.supply)
  const items = inst.problem.itemCount
  inst.facilities.forEach((f, k) => {
    const bySku = caps.get(f.node)
    if (bySku === undefined) return
    inst.items.forEach((sku, s) => {
      const cap = bySku.get(sku)
      if (cap !== undefined) supply[k * items + s] = Math.min(supply[k * items + s] ?? 0, cap)
    })
  })
  return { ...inst, problem: { ...inst.problem, supply } }
}

/**
 * Routes one order to its best fulfilment plan under the cost model, rules and limits.
 * With the default `optimal` strategy the plan is the exact optimum of the fixed-charge MIP
 * (`optimality: 'proven'`), or, beyond the search budget, the best plan found with its
 * proven `gap`; it never costs more than either baseline. Deterministic: the same input gives
 * the same plan, whatever the order of nodes, lines or stock rows.
 *
 * @example
 * const plan = routeOrder(stock, order, { now: '2026-11-27T09:00:00Z' }) // stock = buildStock(network, snapshot)
 * // E.right({ shipments: [{ from: 'W1', lines: [...], cost: '9.61' }], totalCost: '9.61', optimality: 'proven', ... })
 */
export const routeOrder = (
  stock: StockState,
  order: Order,
  options: RouteOptions,
): E.Either<RoutingError, Plan> => {
  const checked = checkRouteOptions(options)
  return E.isLeft(checked) ? checked : routeOrderMetered(stock, order, options, workMeter(workBudget(options.budget), stock.network.scratch))
}

/** The work budget of `budget` (a positive safe integer), or the default. */
export const workBudget = (budget: number | undefined): number =>
  budget === undefined || !Number.isFinite(budget) ? DEFAULT_WORK_BUDGET : Math.max(1, Math.floor(budget))

/**
 * `routeOrder` drawing on `meter`, with options already checked (by `checkRouteOptions`): for
 * calls that route several orders within one budget or check their options once (the
 * delivery promise, `reroute`, batches). `memo`: see `routeOrderWithin`.
 *
 * @internal
 */
export const routeOrderMetered = (
  stock: StockState,
  order: Order,
  options: RouteOptions,
  meter: WorkMeter,
  compiledPrices?: CompiledPrices,
  memo?: InstanceMemo,
): E.Either<RoutingError, Plan> => routeOrderWithin(stock, order, options, meter, compiledPrices, {}, memo) as E.Either<RoutingError, Plan>

/**
 * What the wave's branch and price keeps an order's plans to: `through`, nodes (indexes) they
 * all take units from; `caps`, the most units they take from a position (node index, then SKU).
 *
 * @internal
 */
export interface PlanRestriction {
  readonly through?: readonly number[]
  readonly caps?: ReadonlyMap<number, ReadonlyMap<string, number>>
}

/**
 * The instances one order's calls have built, as built (before caps and prices), by the way
 * of serving and the nodes built: calls on the same stock state with the same options, which
 * differ only in their prices, `excludePositions` and restriction (all applied after a build),
 * build the same instances, and a memo handed to each of them builds each once. The caller
 * keeps it to one order, one state and one set of options.
 *
 * @internal
 */
export type InstanceMemo = Map<string, Instance>

/**
 * `routeOrderMetered` kept to the plans that follow `restriction` (with none, the same). With
 * `through`, every instance is solved whole (no screen) with one facility of each of those
 * nodes forced open, every such choice in turn. Undefined when no such plan exists; a plan's
 * `gap` bounds the plans that follow the restriction. `memo`: the instances earlier calls of
 * the same order on the same state and options built (see {@link InstanceMemo}).
 *
 * @internal
 */
export const routeOrderWithin = (
  stock: StockState,
  order: Order,
  options: RouteOptions,
  meter: WorkMeter,
  compiledPrices: CompiledPrices | undefined,
  restriction: PlanRestriction,
  memo?: InstanceMemo,
): E.Either<RoutingError, Plan | undefined> => {
  const mustUse = restriction.through !== undefined && restriction.through.length > 0 ? restriction.through : undefined
  const network = stock.network
  const prices = compiledPrices ?? compileStockPrices(network, options.stockPrices)
  return E.chain((nowMs: number): E.Either<RoutingError, Plan | undefined> => {
    const strategy = options.strategy ?? 'optimal'
    const deliverByMs = order.deliverBy === undefined ? Number.POSITIVE_INFINITY : (parseInstant(order.deliverBy) ?? Number.POSITIVE_INFINITY)
    const shipComplete = order.shipComplete === true
    const maxShipments = order.maxShipments ?? Number.MAX_SAFE_INTEGER
    const ctx: RoutingContext = {
      net: network,
      stock,
      order,
      rules: compileRules(composeRules(options.rules, order.rules)),
      nowMs,
      deliverByMs,
      maxOpen: maxShipments,
      allOrNothing: shipComplete || order.allowPartial === false,
      allowBackorder: order.allowBackorder === true,
      capacityUsed: capacityLookup(options.capacityUsed),
      defaultPenalty: options.defaultUnfulfilledPenalty ?? DEFAULT_UNFULFILLED_PENALTY,
      // Once per call, from the network's memo: every node's ETA reads this one zone.
      ...(order.delivery.method === 'ship' && order.delivery.timeZone !== undefined ? { customerZone: zoneNamed(network, order.delivery.timeZone) } : {}),
      ...(order.delayCost === undefined ? {} : { delayMicros: toMicros(order.delayCost) }),
    }
    const delayRate = ctx.delayMicros ?? 0
    const maxSearchNodes = options.maxSearchNodes ?? DEFAULT_MAX_SEARCH_NODES
    const caps = supplyCaps(network, options.excludePositions, restriction.caps)
    const delivery = order.delivery
    const prepared = prepareOrder(ctx)
    let best: Candidate | undefined
    let lowerBound = Number.POSITIVE_INFINITY
    /** What the screens left out, by the instance they solved. */
    const screens: Screened[] = []
    const consider = (candidate: Candidate): void => {
      if (best === undefined || better(candidate, best)) best = candidate
    }
    // Excluded positions are zeroed (and the restriction's caps applied) as each instance is built, before any screen reads it.
    // Building looks up every considered node's positions: charged per node and item.
    const itemCount = prepared.data.items.length
    /** Set when some plan's delay cost could leave the exact range of a double. */
    let delayOutOfRange = false
    /** The instance `make` builds, or the one an earlier call built under `key`. */
    const memoised = (key: string, make: () => Instance): Instance => {
      if (memo === undefined) return make()
      let inst = memo.get(key)
      if (inst === undefined) memo.set(key, (inst = make()))
      return inst
    }
    const nodesKey = (nodes: Int32Array | undefined): string => (nodes === undefined ? '*' : nodes.join(','))
    const built = (raw: Instance): Instance => {
      meter.spent += raw.considered.length * (itemCount + 1) * BUILD_UNITS + raw.problem.facilityCount * itemCount
      if (delayRate > 0 && !delayInRange(network, raw, nowMs, delayRate)) delayOutOfRange = true
      const kept = withCaps(raw, caps)
      return prices === undefined ? kept : withPrices(kept, prices)
    }
    const solve = (inst: Instance): Candidate => {
      if (mustUse !== undefined) return solveThrough(inst, mustUse)
      let sol: FacilitySolution
      const baselineUnits = 2 * inst.problem.facilityCount * (itemCount + 1)
      if (strategy === 'optimal' && inst.problem.facilityCount > SEEDED_FIRST_FACILITIES && baselineUnits * SEEDED_FIRST_ROOM <= unitsLeft(meter)) {
        meter.spent += baselineUnits
        const seeds = [greedySolution(inst, priorityOrder(network, inst)).open, greedySolution(inst, nearestOrder(inst)).open]
        sol = withShare(meter, SEEDED_FIRST_SHARE, (m) => solveFacilityProblem(inst.problem, { maxSearchNodes, incumbents: seeds, meter: m }))
      } else if (strategy === 'optimal') {
        sol = withShare(meter, FIRST_SOLVE_SHARE, (m) => solveFacilityProblem(inst.problem, { maxSearchNodes, meter: m }))
        if (sol.optimality !== 'proven') {
          // Beyond the budget, the baselines' plans seed a second search (with the first one's
          // plan), so that the plan never costs more than either baseline. A proven optimum
          // needs no such seed.
          meter.spent += baselineUnits
          const first = sol
          const seeds = [first.open, greedySolution(inst, priorityOrder(network, inst)).open, greedySolution(inst, nearestOrder(inst)).open]
          const seeded = withShare(meter, SEEDED_SOLVE_SHARE, (m) => solveFacilityProblem(inst.problem, { maxSearchNodes, incumbents: seeds, meter: m }))
          // Both lower bounds hold; the second solve may have had too little work left to bound.
          const lowerBound = Math.min(seeded.cost, Math.max(first.lowerBound, seeded.lowerBound))
          sol = seeded.optimality === 'proven' || lowerBound === seeded.lowerBound ? seeded : { ...seeded, lowerBound }
        }
      } else {
        meter.spent += inst.problem.facilityCount * (itemCount + 1)
        sol = greedySolution(inst, strategy === 'priority' ? priorityOrder(network, inst) : nearestOrder(inst))
      }
      return { inst, sol, cost: instanceCost(inst, sol) }
    }
    /**
     * The best plan of `inst` that takes units from every node of `nodes`: one facility of each
     * forced open, every such choice in turn (a node has one facility in an instance but for
     * its instants). Its solution's bound is the least of theirs (0 for a solve that found no
     * plan but did not prove there is none); with no such plan, its cost is +∞.
     */
    const solveThrough = (inst: Instance, nodes: readonly number[]): Candidate => {
      let found: Candidate | undefined
      let bound = Number.POSITIVE_INFINITY
      let proven = true
      let choices: number[][] = [[]]
      for (const node of nodes) {
        const here: number[] = []
        inst.facilities.forEach((f, k) => {
          if (f.node === node) here.push(k)
        })
        choices = choices.flatMap((c) => here.map((k) => [...c, k]))
      }
      for (const forceOpen of choices) {
        const sol = withShare(meter, FIRST_SOLVE_SHARE, (m) => solveFacilityProblem({ ...inst.problem, forceOpen }, { maxSearchNodes, meter: m }))
        if (sol.optimality !== 'proven') proven = false
        if (!sol.feasible) {
          if (sol.optimality !== 'proven') bound = 0
          continue
        }
        bound = Math.min(bound, sol.optimality === 'proven' ? sol.cost : sol.lowerBound)
        const c: Candidate = { inst, sol, cost: instanceCost(inst, sol) }
        if (found === undefined || better(c, found)) found = c
      }
      if (found === undefined) {
        const none: FacilitySolution = { ...infeasiblePlan(inst.problem, 0), cost: Number.POSITIVE_INFINITY, lowerBound: bound, optimality: 'bounded' }
        return { inst, sol: none, cost: Number.POSITIVE_INFINITY }
      }
      return { inst, sol: { ...found.sol, lowerBound: bound, optimality: proven ? 'proven' : 'bounded' }, cost: found.cost }
    }
    const screening = strategy === 'optimal' && options.screening !== false && mustUse === undefined
    /** A proven lower bound on the plans of `c`'s way of serving; only the floor when its build was cut short. */
    const boundOf = (c: Candidate, unfinished: boolean | undefined): number =>
      unfinished === true ? Math.min(instanceLowerBound(c.inst, c.sol), anyPlanFloor(network, c.inst)) : instanceLowerBound(c.inst, c.sol)
    /**
     * The best plan through a pickup node or hub, screened like the direct instance; with a
     * delay cost, the best over the days its units can reach the customer together (each a
     * whole instance cut to that day: ./delay.ts).
     */
    const throughTarget = (mode: 'pickup' | 'hub', target: number, to: LatLon | undefined): Candidate => {
      const build = (nodes?: Int32Array): Instance => built(memoised(`${mode}${target}|${nodesKey(nodes)}`, () => targetInstance(ctx, mode, target, to, prepared, nodes)))
      if (delayRate > 0) {
        let found: Candidate | undefined
        for (const day of byDeliveryDay(build(), delayZone(network, ctx.customerZone, target), nowMs, delayRate)) {
          const c = solve(day)
          lowerBound = Math.min(lowerBound, instanceLowerBound(c.inst, c.sol))
          if (found === undefined || better(c, found)) found = c
        }
        return found as Candidate
      }
      if (!screening) return solve(build())
      const found = screenTarget(ctx, prepared, mode, target, to, build, solve, meter)
      if (found.screened !== undefined) screens.push(found.screened)
      lowerBound = Math.min(lowerBound, boundOf(found.solved, found.unfinished))
      return found.solved
    }
    // The screens' views cost a few steps per holder.
    meter.spent += prepared.holders.count
    /** For `fastest`: false when some step of its search was not proven. */
    let fastestProven = true
    if (strategy === 'fastest') {
      // Every way of serving, built whole (no screen: they bound cost, not time).
      const instances: Instance[] = []
      if (delivery.method === 'pickup') {
        const target = network.nodes.byId.get(delivery.node) ?? 0
        instances.push(built(memoised(`pickup${target}|*`, () => targetInstance(ctx, 'pickup', target, undefined, prepared))))
      }
      else {
        instances.push(built(memoised('direct|*', () => directInstance({ ...ctx, maxOpen: shipComplete ? 1 : maxShipments }, delivery.to, prepared))))
        if (order.allowHub ?? shipComplete) {
          for (const hub of hubCandidates(ctx, delivery.to, options.maxHubs ?? DEFAULT_MAX_HUBS)) {
            if (spentOut(meter)) fastestProven = false
            else instances.push(built(memoised(`hub${hub}|*`, () => targetInstance(ctx, 'hub', hub, delivery.to, prepared))))
          }
        }
      }
      // A pickup or hub plan by T* hands every unit over at T*: its delay is T*'s days.
      const priced = (inst: Instance, deadline: number): Instance =>
        delayRate === 0 || inst.mode === 'direct' || !Number.isFinite(deadline)
          ? inst
          : withUniformDelay(inst, delayRate * localDays(delayZone(network, ctx.customerZone, inst.target), nowMs, deadline))
      const choice = fastestPlan(instances, meter, maxSearchNodes, instanceCost, better, priced)
      if (choice !== undefined) {
        best = choice
        lowerBound = choice.lowerBound
        fastestProven &&= choice.proven
      }
    } else if (delivery.method === 'pickup') {
      const c = throughTarget('pickup', network.nodes.byId.get(delivery.node) ?? 0, undefined)
      lowerBound = Math.min(lowerBound, instanceLowerBound(c.inst, c.sol))
      consider(c)
    } else {
      const directCtx: RoutingContext = { ...ctx, maxOpen: shipComplete ? 1 : maxShipments }
      let direct: Candidate | undefined
      if (screening) {
        const found = screenDirect(directCtx, delivery.to, prepared, (nodes) => built(memoised(`direct|${nodesKey(nodes)}`, () => directInstance(directCtx, delivery.to, prepared, nodes))), solve, meter)
        if (found !== undefined) {
          direct = found.solved
          lowerBound = Math.min(lowerBound, boundOf(found.solved, found.unfinished))
          if (found.screened !== undefined) screens.push(found.screened)
        }
      }
      direct ??= solve(built(memoised('direct|*', () => directInstance(directCtx, delivery.to, prepared))))
      lowerBound = Math.min(lowerBound, instanceLowerBound(direct.inst, direct.sol))
      consider(direct)
      const hubsAllowed = order.allowHub ?? shipComplete
      if (hubsAllowed && strategy === 'optimal') {
        for (const hub of hubCandidates(ctx, delivery.to, options.maxHubs ?? DEFAULT_MAX_HUBS)) {
          if (spentOut(meter)) {
            // No work left to build this hub's instance: only the floor of every plan is known.
            lowerBound = Math.min(lowerBound, anyPlanFloor(network, direct.inst))
            continue
          }
          const c = throughTarget('hub', hub, delivery.to)
          lowerBound = Math.min(lowerBound, instanceLowerBound(c.inst, c.sol))
          consider(c)
        }
      }
    }
    if (delayOutOfRange) {
      return E.left(routingError('amount-out-of-range', `the order's delay cost (${order.delayCost ?? ''} a unit a day) could bring its total beyond ${formatMicros(Number.MAX_SAFE_INTEGER)}, the largest exact amount`, '$.order.delayCost'))
    }
    // At least the direct (or pickup) instance exists.
    const chosen = best as Candidate
    // Only with `mustUse`: no plan takes units from all its nodes.
    if (!Number.isFinite(chosen.cost)) return E.right(undefined)
    // Prices steer; the plan reports real costs, and its gap is the priced objective's.
    const real = prices === undefined ? chosen : withoutPrices(chosen, prices)
    const assembled = assemble(network, real.inst, real.sol)
    const total = real.cost
    const exact = strategy === 'optimal' || strategy === 'fastest'
    const gap = exact ? Math.max(0, chosen.cost - Math.min(chosen.cost, lowerBound)) : 0
    const optimality: Optimality = !exact ? 'heuristic' : gap > 0 || !fastestProven ? 'bounded' : 'proven'
    const explanation = explain({
      net: network,
      inst: chosen.inst,
      sol: chosen.sol,
      assembled,
      optimality,
      alternatives: strategy === 'optimal' ? (options.explainAlternatives ?? DEFAULT_EXPLAINED_ALTERNATIVES) : 0,
      maxSearchNodes,
      meter,
      byStrategy: strategy !== 'optimal',
      ...(strategy === 'fastest' ? { verdict: optimality === 'proven' ? 'proven fastest, then cheapest' : 'fastest found within the search budget' } : {}),
      stock,
      channel: order.channel,
      ...screenedOf(screens, chosen.inst),
    })
    return E.right(routedPlan(order, strategy, assembled, total, optimality, gap, network.currency, { ...explanation, work: { spent: meter.spent, budget: meter.limit } }))
  })(validate(network, order, options, prices))
}
