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
import { DEFAULT_WORK_BUDGET, type CapacityUsed, type RouteOptions } from '../routing/route.js'
import type { StockEvent, StockState } from '../stock/index.js'
import { reserveForPlan } from '../batch/reserve.js'
import type { CapacityPrice, StockPrice } from './prices.js'
import { WaveMaster } from './master.js'
import { BRANCH_ROWS, ColumnGeneration, MAX_SIMPLEX_ROWS } from './columns.js'
import { costOf, WaveContext, type Alone } from './context.js'
import { polish, repair } from './repairs.js'
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
  /**
   * Rows of the master up to which its LP is solved by the simplex (0: never). Default 4,000.
   * A larger master's dual is ascended instead, from the last prices (a subgradient method on
   * its pool of plans): its rounds are cheaper and its bound as true, but it converges more
   * slowly, and it gets no dive and no branch and price. Its rounds stop once three in a row
   * raise the bound by less than 0.1 %.
   */
  readonly maxSimplexRows?: number
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
      maxSimplexRows: WholeNumber,
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
/** The cost of an order left without a plan in the master, at least (micros). */
const ARTIFICIAL_FLOOR = 1e11
/** Nodes of the branch and price at most, unless the options say otherwise. */
const DEFAULT_MAX_BRANCH_NODES = 100
/** Share of the wave's budget the first column generation may use; the dive and repairs have the rest. */
const ROOT_SHARE = 0.6

const byId = (a: Order, b: Order): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

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
  const maxSimplexRows = options.maxSimplexRows ?? MAX_SIMPLEX_ROWS
  const {
    capacityUsed: before,
    budget: _b,
    orderBudget: _ob,
    maxIterations: _mi,
    maxBranchNodes: _mb,
    maxSimplexRows: _ms,
    reserve: _r,
    expiresAt: _e,
    ...rest
  } = options
  const routeOptions: RouteOptions = { ...rest, explainAlternatives: options.explainAlternatives ?? 0 }
  const ctx = new WaveContext(
    stock,
    list,
    sorted.map((x) => x.i),
    options.now,
    routeOptions,
    orderBudget,
    before,
  )
  const everyOrder = ctx.everyOrder

  // 1. One by one, in id order: the wave to beat, and a feasible one.
  const oneByOne = ctx.sequential(stock, everyOrder, undefined, ctx.startUsed())
  if (oneByOne === undefined) return E.left(ctx.failure ?? routingError('invalid-option', 'the wave could not be routed one by one', '$.orders'))
  const oneByOnePlans = everyOrder.map((j) => oneByOne.plans.get(j) as Plan)

  // 2. Each order alone on the whole stock (prices 0): the relaxation's first solution.
  const solo: Alone[] = []
  for (const j of everyOrder) {
    const a = ctx.alone(j)
    if (a === undefined) return E.left(ctx.failure ?? routingError('invalid-option', 'an order could not be routed', '$.orders'))
    solo.push(a)
  }
  ctx.begin(oneByOnePlans, solo)

  let lower = 0
  for (const a of solo) lower += a.bound
  let iterations = 0
  let branchNodes = 0
  let polished = false
  let bestPrices = ctx.book.copy()
  let inner: number[] = []
  const aloneTogether = solo.map((a) => a.plan)
  const overStock = (() => {
    const taken = new Map<string, number>()
    aloneTogether.forEach((p, j) => {
      for (const [key, q] of ctx.rowUsageOf(j, p)) taken.set(key, (taken.get(key) ?? 0) + q)
    })
    for (const [key, q] of taken) if (q > ctx.capacityOf(key, ctx.rowAt(key))) return true
    return false
  })()
  const busyNodes = ctx.overUsedNodes(aloneTogether)
  if (!overStock && busyNodes.size === 0) {
    // Every order's plan alone fits the stock and capacity together: that is the optimum.
    ctx.offer(aloneTogether)
  } else {
    // Column generation on the restricted master, priced by the exact router.
    let most = 0
    for (const p of [...aloneTogether, ...oneByOnePlans]) most = Math.max(most, toMicros(p.totalCost))
    const master = new WaveMaster((key, row) => ctx.capacityOf(key, row), Math.max(ARTIFICIAL_FLOOR, 16 * most))
    const cg = new ColumnGeneration(ctx, master, budget, lower, maxSimplexRows)
    for (const j of everyOrder) {
      cg.addPlan(j, (solo[j] as Alone).plan)
      cg.addPlan(j, oneByOnePlans[j] as Plan)
    }
    master.sync()
    if (cg.generate(undefined, maxIterations, budget * ROOT_SHARE) === 'failed') return E.left(ctx.failure as RoutingError)
    if (ctx.best.cost - cg.lower >= 1 && master.size <= maxSimplexRows && cg.dive() === 'failed') return E.left(ctx.failure as RoutingError)
    ctx.book.restore(cg.bestPrices)
    inner = [...new Set([...master.orders(), ...everyOrder.filter((j) => ctx.planAlone(j).allocations.some((a) => busyNodes.has(a.node)))])].sort((a, b) => a - b)
    if (ctx.best.cost - cg.lower >= 1 && ctx.spent <= budget) {
      const failed = repair(ctx, inner, budget, options.defaultUnfulfilledPenalty, master.size > maxSimplexRows)
      if (failed !== undefined) return E.left(failed)
    }
    // Last, with the repairs' wave (polished) to prune by: the branch and price; a wave it finds is polished too.
    if (ctx.best.cost - cg.lower >= 1 && master.size <= Math.min(BRANCH_ROWS, maxSimplexRows) && maxBranchNodes > 0) {
      if (ctx.spent <= budget) ctx.best = polish(ctx, ctx.best, inner)
      const repaired = ctx.best
      const tree = branchAndPrice({
        master,
        byId: net.nodes.byId,
        root: cg.lower,
        maxNodes: maxBranchNodes,
        bestCost: () => ctx.best.cost,
        charge: (units) => {
          ctx.spent += units
        },
        exhausted: () => ctx.spent > budget,
        solveMaster: () => {
          const work = { spent: ctx.spent, limit: budget }
          master.solve(work)
          ctx.spent = work.spent
        },
        price: (branch) => cg.generate(undefined, maxIterations, budget, branch),
        priceWithin: (j, restrictions) => ctx.aloneWithin(j, restrictions)?.plan,
        addPlan: (j, plan) => {
          cg.addPlan(j, plan)
        },
        meetsMaster: (x, restricted, barred) => cg.meetsMaster(x, restricted, barred),
      })
      cg.branchPriced.clear()
      cg.lower = Math.max(cg.lower, tree.bound)
      branchNodes = tree.nodes
      if (ctx.best === repaired) polished = true
    }
    lower = cg.lower
    iterations = cg.iterations
    bestPrices = cg.bestPrices
  }

  if (ctx.best.cost - lower >= 1 && ctx.spent <= budget && !polished) ctx.best = polish(ctx, ctx.best, inner)
  const best = ctx.best
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
    work: { spent: ctx.spent, budget },
  }
  if (options.reserve === true) {
    const reserved = reserveAll(stock, best.sequence.map((j) => best.plans[j] as Plan), options.now, options.expiresAt, ctx.startUsed())
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

