/**
 * `routeWave`: the plans of a wave of orders that together cost least, on shared stock.
 *
 * Routing orders one by one, each at its own optimum on what the ones before it left, lets
 * an early order take a unit a later one needed more. The wave is solved jointly instead, by
 * column generation on a master LP (./master.ts) over the shared-stock rows (Σ over orders of
 * the units taken through a row ≤ its capacity, see `WaveRow`): its duals price each row,
 * every order routes alone on priced stock with the exact router (`routeOrder` with
 * `stockPrices`), its plan joins the master when it improves it, and
 *
 *     L(λ) = Σ_orders (priced optimum of the order alone, or its proven bound) − Σ λ_r × capacity_r
 *
 * is a lower bound on every feasible wave. A dive on the master, and repairs on priced stock,
 * give feasible waves; a branch and price (./tree.ts) on small masters closes the gap the
 * bound leaves, or narrows it. Orders whose plans touch no contested row keep the plan they
 * have alone: the wave decomposes.
 */
import { addUsage } from '../batch/batch.js'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { formatMicros, toMicros } from '../money.js'
import type { Order } from '../model/order.js'
import { Instant } from '../model/primitives.js'
import { routingError, type RoutingError } from '../routing/errors.js'
import { optionsChecker, PositiveWholeNumber, ROUTE_OPTION_PROPS, WholeNumber } from '../routing/options.js'
import type { Plan } from '../routing/plan.js'
import { workMeter } from '../routing/optimiser.js'
import { capacityLookup, DEFAULT_WORK_BUDGET, routeOrderMetered, routeOrderWithin, type PlanRestriction, type CapacityUsed, type CompiledPrices, type RouteOptions } from '../routing/route.js'
import { unitsToday } from '../routing/facilities.js'
import { release, type StockEvent, type StockState } from '../stock/index.js'
import { reserveForPlan } from '../batch/reserve.js'
import { PriceBook, rowApplies, type CapacityPrice, type StockPrice, type WaveRow } from './prices.js'
import { WaveMaster, type WaveColumn } from './master.js'
import { WaveRows } from './rows.js'
import { inBranch, wholeUnits, type Branch, type Restriction } from './branch.js'
import { branchAndPrice } from './tree.js'

/** Options of a wave: those of `routeOrder` but its strategy and prices, with the wave's own. */
export interface WaveOptions extends Omit<RouteOptions, 'capacityUsed' | 'strategy' | 'stockPrices' | 'budget'> {
  /** Capacity used before the wave, by node id (a Map or a record). */
  readonly capacityUsed?: ReadonlyMap<string, CapacityUsed> | Readonly<Record<string, CapacityUsed>>
  /**
   * Work units of the whole wave (see `RouteOptions.budget`). The one-by-one pass and the
   * orders routed alone always run (each order within `orderBudget`); the price iterations
   * run while the budget lasts. Default: 40 × `orderBudget` per order, at least 10⁸.
   */
  readonly budget?: number
  /** Work units of each routing call within the wave. Default 10,000,000 (`routeOrder`'s). */
  readonly orderBudget?: number
  /** Rounds of column generation at the root, and in each node of the branch and price, at most. Default 60. */
  readonly maxIterations?: number
  /**
   * Nodes of the branch and price at most (0: none). Default 100. More nodes prove more
   * waves optimal and take longer; the work `budget` bounds them too.
   */
  readonly maxBranchNodes?: number
  /** When true, the plans are reserved (as `routeBatch` does) and the state and events returned. */
  readonly reserve?: boolean
  /** When the reservations lapse unless confirmed (ISO-8601), with `reserve`. */
  readonly expiresAt?: string
}

const { strategy: _strategy, stockPrices: _stockPrices, budget: _budget, ...WAVE_ROUTE_PROPS } = ROUTE_OPTION_PROPS

/** The codec of {@link WaveOptions}. */
export const WaveOptionsCodec = t.intersection(
  [
    t.type({ now: Instant }),
    t.partial({
      ...WAVE_ROUTE_PROPS,
      budget: PositiveWholeNumber,
      orderBudget: PositiveWholeNumber,
      maxIterations: PositiveWholeNumber,
      maxBranchNodes: WholeNumber,
      reserve: t.boolean,
      expiresAt: Instant,
    }),
  ],
  'WaveOptions',
)

const checkWaveOptions = optionsChecker(WaveOptionsCodec)

/** The reservations of a wave's plans, when asked for. */
export interface WaveReservation {
  readonly state: StockState
  readonly events: readonly StockEvent[]
  readonly capacityUsed: ReadonlyMap<string, CapacityUsed>
  /** Reservation id by order id, for the orders whose plan takes units. */
  readonly reservations: ReadonlyMap<string, string>
}

/** The result of a wave. */
export interface WaveResult {
  /** One plan per order, in the order given. */
  readonly plans: readonly Plan[]
  /**
   * The order ids in an order the plans can be held in, one after another (`reserveForPlan`
   * on the state each leaves). Id order unless the wave's orders have channels with different
   * ATP at a position, where holding them in id order may not fit.
   */
  readonly holdOrder: readonly string[]
  /** Σ of the plans' real total costs. */
  readonly totalCost: string
  /** A proven lower bound on the total cost of every feasible wave. */
  readonly lowerBound: string
  /** `proven`: no feasible wave costs less; `bounded`: at most `gap` above the optimum. */
  readonly optimality: 'proven' | 'bounded'
  /** (totalCost − lowerBound) / totalCost, rounded up to 6 decimals ("0" when proven). */
  readonly gap: string
  /** The shadow prices of the contested positions at the best bound, by node id then SKU. */
  readonly prices: readonly StockPrice[]
  /**
   * The shadow prices of the nodes whose daily capacity (units or orders) the wave contests,
   * at the best bound, by node id: what one more unit, or one more order, a node may send
   * today is worth to the wave. Not a `stockPrices` option of `routeOrder` (which prices
   * positions).
   */
  readonly capacityPrices: readonly CapacityPrice[]
  /** The cost of the same orders routed one by one in id order, each reserving as it goes (`routeBatch`, `sequence: 'id'`). */
  readonly oneByOneCost: string
  /** oneByOneCost − totalCost, never below 0. */
  readonly saving: string
  /** Orders whose plans compete for contested stock or capacity (the rest keep the plan they have alone). */
  readonly contestedOrders: number
  readonly iterations: number
  /** Nodes of the branch and price visited (0 when the wave was settled without it). */
  readonly branchNodes: number
  readonly work: { readonly spent: number; readonly budget: number }
  /** Present when the options set `reserve`. */
  readonly reservation?: WaveReservation
}

const DEFAULT_MAX_ITERATIONS = 60
const BUDGET_PER_ORDER = 40
const MIN_DEFAULT_BUDGET = 100_000_000
const SEQUENCES = 4
/** The repair sequence (id order) whose prices follow what later orders still want. */
const DYNAMIC = 3
/** A plan enters the master when its reduced cost is below −this (micros). */
const REDUCED_COST_TOLERANCE = 0.5
/** LP values within this of 0 or 1 count as integral. */
const INTEGRAL = 1e-6
/** What an LP objective may be above its exact value by rounding (micros). */
const LP_SLACK = 1e-3
/** The cost of an order left without a plan in the master, at least (micros). */
const ARTIFICIAL_FLOOR = 1e11
/**
 * Column generation on a master too large to branch on stops once the bound is within this
 * share of the master's value (the bound's ceiling): the last rounds of a long tail move it by
 * less.
 */
const TAILING_OFF = 1e-4
/** Masters of up to this many rows are branched on (branch and price). */
const BRANCH_ROWS = 400
/** Nodes of the branch and price at most, unless the options say otherwise. */
const DEFAULT_MAX_BRANCH_NODES = 100
/** Share of the wave's budget the first column generation may use; the dive and repairs have the rest. */
const ROOT_SHARE = 0.6
/** Rounds of column generation after each step of a dive. */
const DIVE_ROUNDS = 4
/** From this many orders in the master, a dive's step also keeps every plan the master takes whole. */
const WHOLE_KEPT_FROM = 100
/**
 * Rows of the master beyond which it is no longer solved (the simplex's etas grow dense and a
 * solve takes seconds): the wave keeps the bound it has and goes on with its repairs.
 */
const MAX_MASTER_ROWS = 4_000
/** Steps of a dive at most in a large master (in a small one, two per order). */
const LARGE_DIVE_STEPS = 100

const subtractUsage = (used: Map<string, CapacityUsed>, plan: Plan): void => {
  const units = new Map<string, number>()
  for (const a of plan.allocations) if (a.availableAt === undefined) units.set(a.node, (units.get(a.node) ?? 0) + a.quantity)
  for (const [node, q] of units) {
    const prev = used.get(node) ?? { orders: 0, units: 0 }
    used.set(node, { orders: Math.max(0, prev.orders - 1), units: Math.max(0, prev.units - q) })
  }
}

const byId = (a: Order, b: Order): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** An order's path inside the wave: `$.order…` becomes `$.orders[i]…`. */
const inWave = (error: RoutingError, i: number): RoutingError => {
  const path = error.path ?? ''
  return path.startsWith('$.order') ? ({ ...error, path: `$.orders[${i}]${path.slice('$.order'.length)}` } as RoutingError) : error
}

/** One order routed alone: its plan, its priced cost and a proven bound on it. */
interface Alone {
  readonly plan: Plan
  readonly priced: number
  readonly bound: number
}

/** A dive's state: the orders that keep a plan, the stock they leave, and how often each SKU's stock changed (for the prices' memo). */
interface Dive {
  readonly fixed: Set<number>
  state: StockState
  readonly changed: Map<string, number>
}

const NONE: ReadonlySet<number> = new Set()

/** A feasible wave: a plan per order (by position in the id order) and its real cost. */
interface Feasible {
  readonly plans: readonly Plan[]
  readonly cost: number
  /** The orders (positions in the id order) in an order the plans can be held in, one after another. */
  readonly sequence: readonly number[]
}

/**
 * Routes a wave of orders jointly on shared stock: one plan per order, together the cheapest
 * under the cost model — every order's parcels, transfers and penalties — with no position
 * promised beyond its ATP, each node within its daily capacity and each order within its own
 * rules and limits. Column generation on a master LP prices the contested stock for the
 * exact router and gives a proven lower bound, which a branch and price raises (up to
 * `maxBranchNodes` nodes); the result is `proven` when the best wave meets it, else `bounded`
 * with its relative `gap`. It never costs more than routing the orders one
 * by one in id order (reported as `oneByOneCost`, with the `saving`), and is deterministic and
 * independent of the order of `orders`. Nothing is reserved unless `reserve` is set; the plans
 * can also be held later, each with `reserveForPlan`, in the order of `holdOrder`.
 *
 * @example
 * const wave = routeWave(stock, orders, { now: '2026-11-27T09:00:00Z' })
 * // E.right({ plans: [...], totalCost: '412.5', optimality: 'proven', gap: '0', saving: '18.2', ... })
 */
export const routeWave = (stock: StockState, orders: readonly Order[], options: WaveOptions): E.Either<RoutingError, WaveResult> => {
  const checked = checkWaveOptions(options)
  if (E.isLeft(checked)) return checked
  const net = stock.network
  const sorted = orders.map((o, i) => ({ o, i })).sort((a, b) => byId(a.o, b.o) || a.i - b.i)
  for (let j = 1; j < sorted.length; j++) {
    const here = sorted[j] as { o: Order; i: number }
    if (here.o.id === sorted[j - 1]?.o.id) return E.left(routingError('invalid-option', `order id ${here.o.id} appears twice in the wave`, `$.orders[${here.i}].id`))
  }
  const list = sorted.map((x) => x.o)
  const n = list.length
  const orderBudget = options.orderBudget ?? DEFAULT_WORK_BUDGET
  const budget = options.budget ?? Math.max(MIN_DEFAULT_BUDGET, BUDGET_PER_ORDER * n * Math.min(orderBudget, 1_000_000))
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS
  const maxBranchNodes = options.maxBranchNodes ?? DEFAULT_MAX_BRANCH_NODES
  const {
    capacityUsed: before,
    budget: _b,
    orderBudget: _ob,
    maxIterations: _mi,
    maxBranchNodes: _mb,
    reserve: _r,
    expiresAt: _e,
    ...rest
  } = options
  const routeOptions: RouteOptions = { ...rest, explainAlternatives: options.explainAlternatives ?? 0 }
  const startUsed = (): Map<string, CapacityUsed> =>
    new Map<string, CapacityUsed>(before === undefined ? [] : before instanceof Map ? before : Object.entries(before))
  let spent = 0
  let failure: RoutingError | undefined

  /** Routes order `j` alone on `state`, charging the wave. */
  const route = (state: StockState, j: number, prices: CompiledPrices | undefined, used: ReadonlyMap<string, CapacityUsed>): Plan | undefined => {
    const meter = workMeter(orderBudget, net.scratch)
    const routed = routeOrderMetered(state, list[j] as Order, { ...routeOptions, capacityUsed: used }, meter, prices)
    spent += meter.spent
    if (E.isLeft(routed)) {
      failure ??= inWave(routed.left, (sorted[j] as { i: number }).i)
      return undefined
    }
    return routed.right
  }

  const book = new PriceBook([...new Set(list.flatMap((o) => o.lines.map((l) => l.sku)))].sort())
  /** What the prices charge order `j`'s `plan`: its units, and each node it sends from today. */
  const chargeOf = (j: number, plan: Plan): number => {
    const order = list[j] as Order
    const backorder = order.allowBackorder === true
    let c = 0
    const today = new Set<number>()
    for (const a of plan.allocations) {
      const idx = net.nodes.byId.get(a.node)
      if (idx === undefined) continue
      c += a.quantity * book.unitPrice(idx, a.sku, order.channel, backorder)
      if (a.availableAt === undefined && a.quantity > 0) today.add(idx)
    }
    for (const idx of today) c += book.nodeCharge(idx, backorder)
    return c
  }
  /** The prices order `j` is routed with. */
  const pricesFor = (j: number): CompiledPrices | undefined => book.compiled((list[j] as Order).channel, (list[j] as Order).allowBackorder === true)
  /** Order `j`'s `plan` with its cost (priced at the current prices, or real) and the bound its gap gives. */
  const aloneOf = (j: number, plan: Plan, priced = true): Alone => {
    const cost = toMicros(plan.totalCost) + (priced ? chargeOf(j, plan) : 0)
    return { plan, priced: cost, bound: cost - toMicros(plan.gap) }
  }
  const alone = (j: number, state: StockState = stock): Alone | undefined => {
    const plan = route(state, j, pricesFor(j), startUsed())
    return plan === undefined ? undefined : aloneOf(j, plan)
  }

  /**
   * Order `j` alone on the whole stock at the current prices (unpriced when `priced` is
   * false), kept to `restrictions` — the nodes it may not use left out, those it must use
   * forced open — and to `caps`, the most units it may take from a position. Undefined when
   * the router gives no such plan within its budget.
   */
  const aloneWithin = (j: number, restrictions: readonly Restriction[], caps?: PlanRestriction['caps'], priced = true): Alone | undefined => {
    const order = list[j] as Order
    const skus = [...new Set(order.lines.map((l) => l.sku))]
    const left = restrictions.filter((r) => !r.uses).flatMap((r) => skus.map((sku) => ({ node: net.nodes.ids[r.node] ?? '', sku })))
    const within: RouteOptions = { ...routeOptions, capacityUsed: startUsed(), excludePositions: [...(routeOptions.excludePositions ?? []), ...left] }
    const through = restrictions.filter((r) => r.uses).map((r) => r.node)
    const meter = workMeter(orderBudget, net.scratch)
    const routed = routeOrderWithin(stock, order, within, meter, priced ? pricesFor(j) : undefined, { through, ...(caps === undefined ? {} : { caps }) })
    spent += meter.spent
    return E.isLeft(routed) || routed.right === undefined ? undefined : aloneOf(j, routed.right, priced)
  }

  /**
   * Routes `which` (positions in id order) one after another on `state`, each reserving what
   * it takes: the plans, the state after and the capacity used.
   */
  const sequential = (
    state: StockState,
    which: readonly number[],
    prices: CompiledPrices | undefined | ((j: number, state: StockState) => CompiledPrices | undefined),
    used: Map<string, CapacityUsed>,
  ): { plans: Map<number, Plan>; state: StockState } | undefined => {
    const plans = new Map<number, Plan>()
    let s = state
    for (const j of which) {
      const plan = route(s, j, typeof prices === 'function' ? prices(j, s) : prices, used)
      if (plan === undefined) return undefined
      plans.set(j, plan)
      if (plan.allocations.length === 0) continue
      const held = reserveForPlan(s, plan, { now: options.now, reservationId: `order:${plan.orderId}` })
      if (E.isLeft(held)) return undefined
      s = held.right.state
      addUsage(used, plan)
    }
    return { plans, state: s }
  }

  const everyOrder = list.map((_, j) => j)
  const costOf = (plans: Iterable<Plan>): number => {
    let c = 0
    for (const p of plans) c += toMicros(p.totalCost)
    return c
  }

  // 1. One by one, in id order: the wave to beat, and a feasible one.
  const oneByOne = sequential(stock, everyOrder, undefined, startUsed())
  if (oneByOne === undefined) return E.left(failure ?? routingError('invalid-option', 'the wave could not be routed one by one', '$.orders'))
  const oneByOnePlans = everyOrder.map((j) => oneByOne.plans.get(j) as Plan)
  let best: Feasible = { plans: oneByOnePlans, cost: costOf(oneByOnePlans), sequence: everyOrder }

  // 2. Each order alone on the whole stock (prices 0): the relaxation's first solution.
  const solo: Alone[] = []
  for (const j of everyOrder) {
    const a = alone(j)
    if (a === undefined) return E.left(failure ?? routingError('invalid-option', 'an order could not be routed', '$.orders'))
    solo.push(a)
  }

  const waveRows = new WaveRows(stock, list, startUsed())
  const capacityOf = (key: string, row: WaveRow): number => waveRows.capacity(key, row)
  const rowUsageOf = (j: number, plan: Plan): Map<string, number> => waveRows.rowUsage(j, plan)
  const rowAt = (key: string): WaveRow => waveRows.row(key)

  /** Nodes whose daily capacity `plans` together exceed. */
  const overUsedNodes = (plans: readonly Plan[]): Set<string> => {
    const used = startUsed()
    for (const p of plans) addUsage(used, p)
    const out = new Set<string>()
    for (const [node, u] of used) {
      const idx = net.nodes.byId.get(node)
      if (idx === undefined) continue
      if (u.orders > (net.dailyOrders[idx] ?? Number.POSITIVE_INFINITY) || u.units > (net.dailyUnits[idx] ?? Number.POSITIVE_INFINITY)) out.add(node)
    }
    return out
  }
  /** True when every node `plan` sends from today can still send its units, after `used`. */
  const fitsCapacity = (plan: Plan, used: ReadonlyMap<string, CapacityUsed>): boolean => {
    const units = new Map<string, number>()
    for (const a of plan.allocations) if (a.availableAt === undefined) units.set(a.node, (units.get(a.node) ?? 0) + a.quantity)
    const usedAt = capacityLookup(used)
    for (const [node, q] of units) {
      const idx = net.nodes.byId.get(node)
      if (idx !== undefined && unitsToday(net, usedAt, idx) < q) return false
    }
    return true
  }
  /**
   * Holds `plan` on `state` within the daily capacity left after `used` (which then counts
   * it): the state after, or undefined when the stock or the capacity is not there.
   */
  const hold = (state: StockState, plan: Plan, used: Map<string, CapacityUsed>): StockState | undefined => {
    if (plan.allocations.length === 0) return state
    if (!fitsCapacity(plan, used)) return undefined
    const held = reserveForPlan(state, plan, { now: options.now, reservationId: `order:${plan.orderId}` })
    if (E.isLeft(held)) return undefined
    addUsage(used, plan)
    return held.right.state
  }
  /** True when `plans` (one per order) can all be held one after another in `sequence`, within stock and capacity. */
  const feasible = (plans: readonly Plan[], sequence: readonly number[]): boolean => {
    let state: StockState | undefined = stock
    const used = startUsed()
    for (const j of sequence) {
      state = hold(state, plans[j] as Plan, used)
      if (state === undefined) return false
    }
    return true
  }
  /** Keeps `plans` as the best wave when they cost less and can be held in `sequence` (id order unless given). */
  const offer = (plans: readonly Plan[], sequence: readonly number[] = everyOrder): void => {
    const cost = costOf(plans)
    if (cost < best.cost && feasible(plans, sequence)) best = { plans, cost, sequence }
  }

  /** Each order's plan alone at the current prices (its plan alone at none until it is priced). */
  const current = solo.slice()
  const planAlone = (j: number): Plan => (current[j] as Alone).plan

  /**
   * The Lagrangian heuristic: the contested orders' plans alone (at the current prices), kept
   * in id order while they still fit the stock and capacity left; the orders whose plan no
   * longer fits are routed after them, one by one, on priced stock. Feasible by construction.
   */
  const fixing = (b: { state: StockState; used: Map<string, CapacityUsed>; inner: number[]; outer: number[] }): Feasible | undefined => {
    let state = b.state
    const used = new Map(b.used)
    const chosen = new Map<number, Plan>()
    const left: number[] = []
    for (const j of b.inner) {
      const plan = planAlone(j)
      const after = hold(state, plan, used)
      if (after === undefined) {
        left.push(j)
        continue
      }
      state = after
      chosen.set(j, plan)
    }
    const rerouted = sequential(state, left, pricesFor, used)
    if (rerouted === undefined) return undefined
    const plans = everyOrder.map((j) => chosen.get(j) ?? rerouted.plans.get(j) ?? planAlone(j))
    return { plans, cost: costOf(plans), sequence: [...b.outer, ...chosen.keys(), ...left] }
  }

  /**
   * Local improvement of a feasible wave: each contested order in turn (id order) gives its
   * units back and is routed again, unpriced, on what the others hold; its new plan is kept
   * when it costs less. Prices that steered a repair may leave a last order short of stock no
   * one else wants; this takes it.
   */
  const polish = (wave: Feasible, inner: readonly number[]): Feasible => {
    const used = startUsed()
    let state = stock
    const reservedId = new Map<number, string>()
    // Each order held again goes to the end of the sequence: it fits beside every other plan held.
    const sequence = wave.sequence.slice()
    for (const j of wave.sequence) {
      const plan = wave.plans[j] as Plan
      if (plan.allocations.length === 0) continue
      const held = reserveForPlan(state, plan, { now: options.now, reservationId: `order:${plan.orderId}` })
      if (E.isLeft(held)) return wave
      state = held.right.state
      reservedId.set(j, held.right.reservation.id)
      addUsage(used, plan)
    }
    const plans = wave.plans.slice()
    let cost = wave.cost
    for (const j of inner) {
      const here = plans[j] as Plan
      let without = state
      const id = reservedId.get(j)
      if (id !== undefined) {
        const released = release(state, id, options.now)
        if (E.isLeft(released)) continue
        without = released.right.state
        subtractUsage(used, here)
      }
      const again = route(without, j, undefined, used)
      if (again === undefined) return wave
      const gain = toMicros(here.totalCost) - toMicros(again.totalCost)
      const next = gain > 0 ? again : here
      if (next === here && id === undefined) continue
      sequence.splice(sequence.indexOf(j), 1)
      sequence.push(j)
      if (next.allocations.length > 0) {
        const held = reserveForPlan(without, next, { now: options.now, reservationId: `order:${next.orderId}:${gain > 0 ? 'polished' : 'kept'}` })
        if (E.isLeft(held)) return wave
        state = held.right.state
        reservedId.set(j, held.right.reservation.id)
        addUsage(used, next)
      } else {
        state = without
        reservedId.delete(j)
      }
      if (gain > 0) {
        plans[j] = next
        cost -= gain
      }
    }
    return { plans, cost, sequence }
  }

  /**
   * Prices that follow the repair: an order pays a position's price only while the orders
   * routed after it would, alone, want at least what is left of it; stock no later order
   * wants is free.
   */
  const dynamicPrices = (which: readonly number[]): ((j: number, state: StockState) => CompiledPrices | undefined) => {
    const wanted = new Map<string, number>()
    const pricedUsage = (j: number): Map<string, number> => {
      const out = new Map<string, number>()
      for (const [key, q] of rowUsageOf(j, planAlone(j))) if (book.get(key) > 0) out.set(key, q)
      return out
    }
    for (const j of which) for (const [key, q] of pricedUsage(j)) wanted.set(key, (wanted.get(key) ?? 0) + q)
    const priced = book.keys().map((key) => ({ key, row: book.row(key) as WaveRow }))
    return (j, state) => {
      for (const [key, q] of pricedUsage(j)) wanted.set(key, (wanted.get(key) ?? 0) - q)
      const order = list[j] as Order
      const skus = new Set<string>(order.lines.map((l) => l.sku))
      const out = new Map<number, Map<string, number>>()
      for (const { key, row } of priced) {
        if (!skus.has(row.pos.sku) || !rowApplies(row, order.channel, order.allowBackorder === true)) continue
        if ((wanted.get(key) ?? 0) < waveRows.atp(state, row.pos, order.channel, row.later === true)) continue
        let bySku = out.get(row.pos.node)
        if (bySku === undefined) out.set(row.pos.node, (bySku = new Map()))
        bySku.set(row.pos.sku, (bySku.get(row.pos.sku) ?? 0) + book.get(key))
      }
      return out.size === 0 ? undefined : out
    }
  }

  /** Repair sequences: 0, id order; 1, the dearest penalty per unit first; 2, the most priced stock wanted alone first (ties by id). */
  const sequenceOf = (inner: readonly number[], which: number): number[] => {
    if (which === 0 || which === DYNAMIC) return inner.slice()
    const key = (j: number): number => {
      const order = list[j] as Order
      if (which === 1) {
        let most = 0
        for (const l of order.lines) most = Math.max(most, toMicros(l.unfulfilledPenalty ?? order.unfulfilledPenalty ?? options.defaultUnfulfilledPenalty ?? '1000'))
        return most
      }
      return chargeOf(j, planAlone(j))
    }
    const keys = new Map(inner.map((j) => [j, key(j)]))
    return inner.slice().sort((a, b) => (keys.get(b) ?? 0) - (keys.get(a) ?? 0) || a - b)
  }

  /** A feasible start for the repairs: the orders outside `inner` keep their plan alone, reserved first (all are inner when those do not fit). */
  const fixBase = (which: number[]): { state: StockState; used: Map<string, CapacityUsed>; inner: number[]; outer: number[] } => {
    const set = new Set(which)
    const used = startUsed()
    let state = stock
    for (const j of everyOrder) {
      if (set.has(j)) continue
      const after = hold(state, (solo[j] as Alone).plan, used)
      if (after === undefined) return { state: stock, used: startUsed(), inner: everyOrder.slice(), outer: [] }
      state = after
    }
    return { state, used, inner: which, outer: everyOrder.filter((j) => !set.has(j)) }
  }

  /** The wave of the master's solution, when it is integral (one plan per order in it, the others' plans alone), offered; its cost, or undefined when the master is not integral. */
  const offerSolution = (master: WaveMaster): number | undefined => {
    const x = master.solution()
    const chosen = new Map<number, Plan>()
    for (const j of master.orders()) {
      if (x.artificial(j) > INTEGRAL) return undefined
      let found: Plan | undefined
      for (const i of master.plansOf(j)) {
        const v = x.value(i)
        if (v > 1 - INTEGRAL) found = master.columns()[i]?.plan
        else if (v > INTEGRAL) return undefined
      }
      if (found === undefined) return undefined
      chosen.set(j, found)
    }
    const plans = everyOrder.map((j) => chosen.get(j) ?? (solo[j] as Alone).plan)
    offer(plans)
    return costOf(plans)
  }

  /**
   * A wave from the plans `kept` (by order), the plans alone of the orders outside `priced`,
   * and the other orders routed one after another on priced stock after them; offered when
   * it is feasible.
   */
  const complete = (kept: ReadonlyMap<number, Plan>, priced: ReadonlySet<number>): void => {
    let state = stock
    const used = startUsed()
    const held: number[] = []
    const rest: number[] = []
    const take = (j: number, plan: Plan): boolean => {
      const after = hold(state, plan, used)
      if (after === undefined) return false
      state = after
      held.push(j)
      return true
    }
    // The plans kept, in the order they were kept; then the others' plans alone; what does not fit is routed again after them.
    for (const [j, plan] of kept) if (!take(j, plan)) rest.push(j)
    for (const j of everyOrder) if (!kept.has(j) && (priced.has(j) || !take(j, (solo[j] as Alone).plan))) rest.push(j)
    rest.sort((a, b) => a - b)
    const routed = sequential(state, rest, pricesFor, used)
    if (routed !== undefined) {
      const keptHeld = new Set(held)
      offer(
        everyOrder.map((j) => (keptHeld.has(j) ? (kept.get(j) ?? (solo[j] as Alone).plan) : (routed.plans.get(j) as Plan))),
        [...held, ...rest],
      )
    }
  }

  let lower = 0
  for (const a of solo) lower += a.bound
  let iterations = 0
  let branchNodes = 0
  let polished = false
  let bestPrices = book.copy()
  let inner: number[] = []
  const aloneTogether = solo.map((a) => a.plan)
  const overStock = (() => {
    const taken = new Map<string, number>()
    aloneTogether.forEach((p, j) => {
      for (const [key, q] of rowUsageOf(j, p)) taken.set(key, (taken.get(key) ?? 0) + q)
    })
    for (const [key, q] of taken) if (q > capacityOf(key, rowAt(key))) return true
    return false
  })()
  const busyNodes = overUsedNodes(aloneTogether)
  if (!overStock && busyNodes.size === 0) {
    // Every order's plan alone fits the stock and capacity together: that is the optimum.
    offer(aloneTogether)
  } else {
    // Column generation on the restricted master, priced by the exact router.
    let most = 0
    for (const p of [...aloneTogether, ...oneByOnePlans]) most = Math.max(most, toMicros(p.totalCost))
    const master = new WaveMaster(capacityOf, Math.max(ARTIFICIAL_FLOOR, 16 * most))
    const addPlan = (j: number, plan: Plan): number => master.add(j, plan, toMicros(plan.totalCost), rowUsageOf(j, plan), rowAt)
    for (const j of everyOrder) {
      addPlan(j, (solo[j] as Alone).plan)
      addPlan(j, oneByOnePlans[j] as Plan)
    }
    master.sync()
    /** What each order was last priced at: the prices of the rows that bind it, by SKU (rebuilt when a price changes). */
    const pricedAt = new Map<number, string>()
    let bySku: Map<string, string[]> | undefined
    const signature = (j: number): string => {
      if (bySku === undefined) {
        bySku = new Map()
        for (const key of book.keys()) {
          const row = rowAt(key)
          let keys = bySku.get(row.pos.sku)
          if (keys === undefined) bySku.set(row.pos.sku, (keys = []))
          keys.push(key)
        }
      }
      const order = list[j] as Order
      const parts: string[] = []
      // The order's SKUs' rows, then the nodes' rows of daily capacity (filed under no SKU).
      for (const sku of [...new Set<string>(order.lines.map((l) => l.sku)), '']) {
        for (const key of bySku.get(sku) ?? []) if (rowApplies(rowAt(key), order.channel, order.allowBackorder === true)) parts.push(`${key}=${book.get(key)}`)
      }
      return parts.join(',')
    }
    let lastRound = 0
    /** Each restricted order's last pricing in a branch: its signature, and its plan there (undefined when the router found none within its budget). */
    const branchPriced = new Map<number, { readonly sig: string; readonly alone: Alone | undefined }>()
    /**
     * Rounds of column generation: the master solved, its duals as prices, each order in it
     * routed alone on them (the orders in `fixed` keep their plan and are not priced), a plan
     * whose reduced cost is below 0 added. With nothing fixed, L(λ) is a bound on the wave —
     * on the waves of the branch `within`, when given: its orders' plans kept to its
     * restrictions, and its `bound` raised to the best L(λ). Ends `converged` when no plan
     * enters and every order was priced exactly (the master is then the Lagrangian dual), else
     * `stopped` (rounds or `limit` work units spent) or `failed` (an order could not be routed).
     */
    const generate = (dive: Dive | undefined, rounds: number, limit: number, within?: Branch): 'converged' | 'stopped' | 'failed' => {
      const fixed = dive?.fixed ?? NONE
      for (let r = 0; r < rounds; r++) {
        if (within === undefined ? fixed.size === 0 && best.cost - lower < 1 : within.bound >= best.cost) return 'converged'
        if (master.size > MAX_MASTER_ROWS) return 'stopped'
        if (spent + lastRound > limit) return 'stopped'
        const startedAt = spent
        if (fixed.size === 0 && within === undefined) iterations++
        const work = { spent, limit }
        const status = master.solve(work)
        spent = work.spent
        if (status === 'budget') return 'stopped'
        offerSolution(master)
        const duals = master.duals()
        for (const [key, price] of duals.price) if (book.set(key, rowAt(key), Math.round(price))) bySku = undefined
        const joined = new Set(master.orders())
        let dual = -book.charge((key) => waveRows.capacityRead(key))
        let added = 0
        let exact = true
        for (const j of everyOrder) {
          if (!joined.has(j) || fixed.has(j)) {
            dual += (current[j] as Alone).bound
            continue
          }
          const restrictions = within?.restricted.get(j)
          let a: Alone
          if (restrictions === undefined || restrictions.length === 0) {
            const sig = `${dive === undefined ? '' : (list[j] as Order).lines.map((l) => dive.changed.get(l.sku) ?? 0).join(',')}|${signature(j)}`
            if (pricedAt.get(j) !== sig) {
              const found = alone(j, dive?.state)
              if (found === undefined) return 'failed'
              current[j] = found
              pricedAt.set(j, sig)
            }
            a = current[j] as Alone
          } else {
            const sig = `${restrictions.map((x) => `${x.uses ? '+' : '-'}${x.node}`).join(',')}|${signature(j)}`
            let priced = branchPriced.get(j)
            if (priced?.sig !== sig) branchPriced.set(j, (priced = { sig, alone: aloneWithin(j, restrictions) }))
            // No plan within the budget: the order's term is 0 (every priced cost is ≥ 0) and nothing is proven here.
            if (priced.alone === undefined) {
              exact = false
              continue
            }
            a = priced.alone
            // A plan outside the branch cannot enter: the bound holds, convergence is not exact.
            if (!inBranch(a.plan, restrictions, net.nodes.byId)) exact = false
          }
          // An order with backorders is not charged the on-hand rows (its term stays below the true one): nor is it exact.
          if (within !== undefined && (list[j] as Order).allowBackorder === true) exact = false
          // The plan's reduced cost under the LP's own duals.
          let reduced = toMicros(a.plan.totalCost) - (duals.order.get(j) ?? 0)
          for (const [key, q] of rowUsageOf(j, a.plan)) reduced += q * (duals.price.get(key) ?? 0)
          if (reduced < -REDUCED_COST_TOLERANCE && (restrictions === undefined || inBranch(a.plan, restrictions, net.nodes.byId)) && addPlan(j, a.plan) >= 0) added++
          dual += a.bound
        }
        if (within !== undefined) within.bound = Math.max(within.bound, dual)
        else if (fixed.size === 0 && dual > lower) {
          lower = dual
          bestPrices = book.copy()
        }
        master.sync()
        lastRound = spent - startedAt
        if (added === 0) return exact ? 'converged' : 'stopped'
        // Tailing off: in a master too large to branch on, the bound is within TAILING_OFF of the master's value, above which no later round can raise it.
        if (within === undefined && fixed.size === 0 && master.size > BRANCH_ROWS) {
          let value = master.objective()
          for (const j of everyOrder) if (!joined.has(j)) value += (current[j] as Alone).priced
          if (value - lower <= TAILING_OFF * Math.abs(value)) return 'stopped'
        }
      }
      return 'stopped'
    }
    /**
     * A dive: the order whose leading plan the master takes most keeps that plan, its units
     * leave the stock the others are priced on, their plans that no longer fit beside it are
     * barred, and the others are priced again — until the master is integral or every order
     * keeps a plan. What is left is routed one by one after the kept plans. A feasible wave
     * near the master's bound; the plans it prices stay in the pool.
     */
    const dive = (): 'failed' | undefined => {
      const d: Dive = { fixed: new Set(), state: stock, changed: new Map() }
      const barredHere = new Set<number>()
      const kept = new Map<number, Plan>()
      /** True when `plan` can still be held after the plans kept. */
      const fitsBeside = (plan: Plan): boolean =>
        plan.allocations.length === 0 || E.isRight(reserveForPlan(d.state, plan, { now: options.now, reservationId: `order:${plan.orderId}` }))
      const steps = master.orders().length < WHOLE_KEPT_FROM ? 2 * n : LARGE_DIVE_STEPS
      for (let step = 0; step < steps && spent <= budget; step++) {
        const state = generate(d, DIVE_ROUNDS, budget)
        if (state === 'failed') return 'failed'
        const x = master.solution()
        const joined = master.orders()
        // An order left without a plan: more plans may make room (go on), else the plans kept leave none.
        if (joined.some((j) => x.artificial(j) > INTEGRAL)) {
          if (state === 'converged') break
          continue
        }
        // This step keeps the leading fractional plan and, in a large master, every plan it takes whole.
        let pick: { j: number; i: number; value: number } | undefined
        const whole: { j: number; i: number; value: number }[] = []
        for (const j of joined) {
          if (d.fixed.has(j)) continue
          for (const i of master.plansOf(j)) {
            const v = x.value(i)
            if (v >= 1 - INTEGRAL) whole.push({ j, i, value: v })
            else if (pick === undefined || v > pick.value) pick = { j, i, value: v }
          }
        }
        if (pick === undefined) break
        const keptNow: number[] = []
        for (const c of joined.length >= WHOLE_KEPT_FROM ? [pick, ...whole] : [pick]) {
          const plan = (master.columns()[c.i] as WaveColumn).plan
          if (plan.allocations.length > 0) {
            const held = reserveForPlan(d.state, plan, { now: options.now, reservationId: `order:${plan.orderId}` })
            if (E.isLeft(held)) {
              if (c === pick) {
                master.bar(c.i, true)
                barredHere.add(c.i)
              }
              continue
            }
            d.state = held.right.state
          }
          d.fixed.add(c.j)
          kept.set(c.j, plan)
          keptNow.push(c.i)
        }
        if (keptNow.length === 0) continue
        for (const i of keptNow) for (const a of (master.columns()[i] as WaveColumn).plan.allocations) d.changed.set(a.sku, (d.changed.get(a.sku) ?? 0) + 1)
        // Bar the kept orders' other plans, and the free orders' plans that no longer fit beside them.
        const touched = new Set<string>()
        for (const i of keptNow) for (const key of waveRows.usage((master.columns()[i] as WaveColumn).plan).keys()) touched.add(key)
        const keptSet = new Set(keptNow)
        for (const j of joined) {
          const keptHere = d.fixed.has(j) && master.plansOf(j).some((i) => keptSet.has(i))
          if (d.fixed.has(j) && !keptHere) continue
          for (const i of master.plansOf(j)) {
            if (keptSet.has(i) || barredHere.has(i)) continue
            const other = master.columns()[i] as WaveColumn
            if (keptHere || ([...waveRows.usage(other.plan).keys()].some((key) => touched.has(key)) && !fitsBeside(other.plan))) {
              master.bar(i, true)
              barredHere.add(i)
            }
          }
        }
      }
      // Plans the master takes whole are kept too; the rest is routed after them.
      const x = master.solution()
      for (const j of master.orders()) {
        if (kept.has(j)) continue
        for (const i of master.plansOf(j)) if (x.value(i) >= 1 - INTEGRAL && !barredHere.has(i)) kept.set(j, (master.columns()[i] as WaveColumn).plan)
      }
      for (const i of barredHere) master.bar(i, false)
      complete(kept, new Set(master.orders()))
      return undefined
    }
    /**
     * When every order of the master takes from the same nodes in all its plans, and the
     * master is converged (its value bounds the node's waves): true when a feasible wave meets
     * that value (it is offered). An integral master is that wave. Otherwise, when each order's
     * units by position in the mix are whole, each order with several plans is routed again,
     * unpriced, within those units: with its nodes fixed, a plan's cost is linear in its units
     * but for the penalties, which are convex, so that plan costs no more than the mix, and the
     * wave stays within the stock rows.
     */
    const meetsMaster = (x: ReturnType<WaveMaster['solution']>, restricted: ReadonlyMap<number, readonly Restriction[]>, barred: ReadonlySet<number>): boolean => {
      const joined = master.orders()
      for (const j of joined) if (x.artificial(j) > INTEGRAL || master.plansOf(j).some((i) => barred.has(i) && x.value(i) > INTEGRAL)) return false
      const integral = offerSolution(master)
      if (integral !== undefined) return integral >= best.cost
      let value = master.objective()
      const inMaster = new Set(joined)
      for (const j of everyOrder) if (!inMaster.has(j)) value += toMicros((solo[j] as Alone).plan.totalCost)
      const plans = everyOrder.map((j) => (solo[j] as Alone).plan)
      for (const j of joined) {
        const used = master.plansOf(j).filter((i) => x.value(i) > INTEGRAL)
        if (used.length === 1) {
          plans[j] = (master.columns()[used[0] as number] as WaveColumn).plan
          continue
        }
        spent += used.length * net.nodes.count
        const caps = wholeUnits(master, x.value, j, new Set((list[j] as Order).lines.map((l) => l.sku)), net.nodes.count, net.nodes.byId)
        const again = caps === undefined ? undefined : aloneWithin(j, restricted.get(j) ?? [], caps, false)
        if (again === undefined) return false
        plans[j] = again.plan
      }
      offer(plans)
      return best.cost <= value + LP_SLACK
    }
    if (generate(undefined, maxIterations, budget * ROOT_SHARE) === 'failed') return E.left(failure as RoutingError)
    if (best.cost - lower >= 1 && master.size <= MAX_MASTER_ROWS && dive() === 'failed') return E.left(failure as RoutingError)
    book.restore(bestPrices)
    inner = [...new Set([...master.orders(), ...everyOrder.filter((j) => planAlone(j).allocations.some((a) => busyNodes.has(a.node)))])].sort((a, b) => a - b)
    if (best.cost - lower >= 1 && spent <= budget) {
      const base = fixBase(inner)
      for (let q = 0; q < SEQUENCES && spent <= budget; q++) {
        const order = sequenceOf(base.inner, q)
        const repaired = sequential(base.state, order, q === DYNAMIC ? dynamicPrices(base.inner) : pricesFor, new Map(base.used))
        if (repaired === undefined) return E.left(failure ?? routingError('invalid-option', 'the wave could not be repaired', '$.orders'))
        offer(
          everyOrder.map((j) => repaired.plans.get(j) ?? (solo[j] as Alone).plan),
          [...base.outer, ...order],
        )
      }
      const fixedWave = fixing(base)
      if (fixedWave !== undefined) offer(fixedWave.plans, fixedWave.sequence)
    }
    // Last, with the repairs' wave (polished) to prune by: the branch and price; a wave it finds is polished too.
    if (best.cost - lower >= 1 && master.size <= BRANCH_ROWS && maxBranchNodes > 0) {
      if (spent <= budget) best = polish(best, inner)
      const repaired = best
      const tree = branchAndPrice({
        master,
        byId: net.nodes.byId,
        root: lower,
        maxNodes: maxBranchNodes,
        bestCost: () => best.cost,
        charge: (units) => {
          spent += units
        },
        exhausted: () => spent > budget,
        solveMaster: () => {
          const work = { spent, limit: budget }
          master.solve(work)
          spent = work.spent
        },
        price: (branch) => generate(undefined, maxIterations, budget, branch),
        priceWithin: (j, restrictions) => aloneWithin(j, restrictions)?.plan,
        addPlan: (j, plan) => {
          addPlan(j, plan)
        },
        meetsMaster,
      })
      branchPriced.clear()
      lower = Math.max(lower, tree.bound)
      branchNodes = tree.nodes
      if (best === repaired) polished = true
    }
  }

  if (best.cost - lower >= 1 && spent <= budget && !polished) best = polish(best, inner)
  const cost = best.cost
  const bound = Math.min(cost, Math.ceil(lower))
  const proven = cost - bound < 1
  const plansGiven: Plan[] = new Array<Plan>(n)
  const asGiven = asPartOfWave(proven, cost - bound, net.money)
  sorted.forEach(({ i }, j) => (plansGiven[i] = asGiven(best.plans[j] as Plan)))
  const oneByOneCost = costOf(oneByOnePlans)
  const result: { -readonly [K in keyof WaveResult]: WaveResult[K] } = {
    plans: plansGiven,
    holdOrder: best.sequence.map((j) => (list[j] as Order).id),
    totalCost: formatMicros(cost),
    lowerBound: formatMicros(bound),
    optimality: proven ? 'proven' : 'bounded',
    gap: proven || cost <= 0 ? '0' : relativeGap(cost - bound, cost),
    prices: bestPrices.report(),
    capacityPrices: bestPrices.capacityReport(),
    oneByOneCost: formatMicros(oneByOneCost),
    saving: formatMicros(Math.max(0, oneByOneCost - cost)),
    contestedOrders: inner.length,
    iterations,
    branchNodes,
    work: { spent, budget },
  }
  if (options.reserve === true) {
    const reserved = reserveAll(stock, best.sequence.map((j) => best.plans[j] as Plan), options.now, options.expiresAt, startUsed())
    if (E.isLeft(reserved)) return E.left(routingError('invalid-option', `the wave's plans could not be reserved: ${reserved.left}`, '$.options.reserve'))
    result.reservation = reserved.right
  }
  return E.right(result)
}

/**
 * A plan as the wave returns it: the router's verdict on it (reached alone, one by one or on
 * priced stock) says nothing of the wave, so its `optimality`, `gap` and the verdict closing its
 * summary become the wave's — proven when the wave is, else bounded by the wave's gap (an
 * amount). Its costs, legs and the rest of its explanation are the router's.
 */
const asPartOfWave = (proven: boolean, gapMicros: number, money?: (amount: number) => string): ((plan: Plan) => Plan) => {
  const gap = proven ? '0' : formatMicros(gapMicros)
  const verdict = proven ? 'part of a proven optimal wave' : `part of a wave at most ${money === undefined ? gap : money(gapMicros)} above its optimum`
  return (plan) => {
    const summary = plan.explanation.summary
    const at = summary.lastIndexOf(' (')
    return {
      ...plan,
      optimality: proven ? 'proven' : 'bounded',
      gap,
      explanation: { ...plan.explanation, summary: `${at < 0 ? summary : summary.slice(0, at)} (${verdict})` },
    }
  }
}

/** `part / whole` rounded up to 6 decimals, as a decimal string. */
const relativeGap = (part: number, whole: number): string => {
  const millionths = Math.ceil((part * 1_000_000) / whole)
  return formatMicros(Math.max(1, millionths))
}

const reserveAll = (
  stock: StockState,
  plans: readonly Plan[],
  now: string,
  expiresAt: string | undefined,
  used: Map<string, CapacityUsed>,
): E.Either<string, WaveReservation> => {
  let state = stock
  const events: StockEvent[] = []
  const reservations = new Map<string, string>()
  for (const plan of plans) {
    if (plan.allocations.length === 0) continue
    const held = reserveForPlan(state, plan, { now, ...(expiresAt === undefined ? {} : { expiresAt }), reservationId: `order:${plan.orderId}` })
    if (E.isLeft(held)) return E.left(held.left._tag)
    state = held.right.state
    events.push(...held.right.events)
    reservations.set(plan.orderId, held.right.reservation.id)
    addUsage(used, plan)
  }
  return E.right({ state, events, capacityUsed: used, reservations })
}
