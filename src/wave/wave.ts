/**
 * `routeWave`: the plans of a wave of orders that together cost least, on shared stock.
 *
 * Routing orders one by one, each at its own optimum on what the ones before it left, lets
 * an early order take a unit a later one needed more. The wave is solved jointly instead, by
 * Lagrangian relaxation of the shared-stock rows (Σ over orders of the units taken from a
 * position ≤ its ATP): with a price on each contested position, every order routes alone on
 * priced stock with the exact router (`routeOrder` with `stockPrices`), and
 *
 *     L(λ) = Σ_orders (priced optimum of the order alone, or its proven bound) − Σ λ_p × ATP_p
 *
 * is a lower bound on every feasible wave. Prices move by projected subgradient steps
 * (Polyak's rule, towards the best wave found); each step's prices steer a repair — the
 * orders routed one after another in id order on priced stock, each reserving what it takes
 * (as `routeBatch` does) — that is always feasible. Orders whose SKUs are never contested
 * keep the plan they have alone and are reserved first: the wave decomposes.
 */
import { addUsage } from '../batch/batch.js'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { formatMicros, toMicros } from '../money.js'
import type { Order } from '../model/order.js'
import { Instant } from '../model/primitives.js'
import { routingError, type RoutingError } from '../routing/errors.js'
import { optionsChecker, PositiveWholeNumber, ROUTE_OPTION_PROPS } from '../routing/options.js'
import type { Plan } from '../routing/plan.js'
import { workMeter } from '../routing/optimiser.js'
import { DEFAULT_WORK_BUDGET, routeOrderMetered, type CapacityUsed, type CompiledPrices, type RouteOptions } from '../routing/route.js'
import { atpAt, release, skuIndexOf, type StockEvent, type StockState } from '../stock/index.js'
import { reserveForPlan } from '../batch/reserve.js'
import { PriceBook, positionKey, subgradientStep, type StockPrice, type WavePosition } from './prices.js'

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
  /** Price iterations at most. Default 30. */
  readonly maxIterations?: number
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
  /** The cost of the same orders routed one by one in id order, each reserving as it goes (`routeBatch`, `sequence: 'id'`). */
  readonly oneByOneCost: string
  /** oneByOneCost − totalCost, never below 0. */
  readonly saving: string
  /** Orders whose plans compete for contested stock or capacity (the rest keep the plan they have alone). */
  readonly contestedOrders: number
  readonly iterations: number
  readonly work: { readonly spent: number; readonly budget: number }
  /** Present when the options set `reserve`. */
  readonly reservation?: WaveReservation
}

const DEFAULT_MAX_ITERATIONS = 30
const BUDGET_PER_ORDER = 40
const MIN_DEFAULT_BUDGET = 100_000_000
/** Polyak's step factor at the start, halved after this many steps without a better bound. */
const FIRST_STEP = 1
const PATIENCE = 2
const SMALLEST_STEP = 1 / 64
const SEQUENCES = 4
/** The repair sequence (id order) whose prices follow what later orders still want. */
const DYNAMIC = 3
/** Contested orders up to which every repair sequence runs at each iteration (beyond, one in turn). */
const ALL_SEQUENCES_UP_TO = 50

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

/** A feasible wave: a plan per order (by position in the id order) and its real cost. */
interface Feasible {
  readonly plans: readonly Plan[]
  readonly cost: number
}

/**
 * Routes a wave of orders jointly on shared stock: one plan per order, together the cheapest
 * under the cost model — every order's parcels, transfers and penalties — with no position
 * promised beyond its ATP, each node within its daily capacity and each order within its own
 * rules and limits. Lagrangian prices on contested stock give a proven lower bound; the
 * result is `proven` when the best wave meets it, else `bounded` with its relative `gap`. It
 * never costs more than routing the orders one by one in id order (reported as
 * `oneByOneCost`, with the `saving`), and is deterministic and independent of the order of
 * `orders`. Nothing is reserved unless `reserve` is set; the plans can also be held later,
 * each with `reserveForPlan`, in id order.
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
  const {
    capacityUsed: before,
    budget: _b,
    orderBudget: _ob,
    maxIterations: _mi,
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

  const book = new PriceBook()
  const priceAt = (node: string, sku: string): number => {
    const idx = net.nodes.byId.get(node)
    return idx === undefined ? 0 : book.get(positionKey(idx, sku))
  }
  const chargeOf = (plan: Plan): number => {
    let c = 0
    for (const a of plan.allocations) c += a.quantity * priceAt(a.node, a.sku)
    return c
  }
  const alone = (j: number): Alone | undefined => {
    const plan = route(stock, j, book.compiled(), startUsed())
    if (plan === undefined) return undefined
    const priced = toMicros(plan.totalCost) + chargeOf(plan)
    return { plan, priced, bound: priced - toMicros(plan.gap) }
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
  let best: Feasible = { plans: oneByOnePlans, cost: costOf(oneByOnePlans) }

  // 2. Each order alone on the whole stock (prices 0): the relaxation's first solution.
  const solo: Alone[] = []
  for (const j of everyOrder) {
    const a = alone(j)
    if (a === undefined) return E.left(failure ?? routingError('invalid-option', 'an order could not be routed', '$.orders'))
    solo.push(a)
  }

  const channels = [...new Set(list.map((o) => o.channel))].sort()
  const backorders = list.some((o) => o.allowBackorder === true)
  const capacities = new Map<string, number>()
  /** Units the wave may take from a position together (a relaxation with several channels). */
  const capacityOf = (key: string, pos: WavePosition): number => {
    const known = capacities.get(key)
    if (known !== undefined) return known
    const sku = skuIndexOf(stock, pos.sku)
    let cap = 0
    for (const c of channels) cap += sku < 0 ? 0 : atpAt(stock, sku, pos.node, c, backorders ? Number.MAX_SAFE_INTEGER : undefined)
    capacities.set(key, cap)
    return cap
  }

  /** Units per position over every order's plan alone, and each position. */
  const usage = (): Map<string, { pos: WavePosition; units: number }> => {
    const out = new Map<string, { pos: WavePosition; units: number }>()
    for (const a of solo) {
      for (const al of a.plan.allocations) {
        const node = net.nodes.byId.get(al.node)
        if (node === undefined) continue
        const key = positionKey(node, al.sku)
        const u = out.get(key)
        if (u === undefined) out.set(key, { pos: { node, nodeId: al.node, sku: al.sku }, units: al.quantity })
        else u.units += al.quantity
      }
    }
    return out
  }

  /** Orders competing for a contested SKU or an over-used node's capacity. */
  const contestedSkus = new Set<string>()
  const contestedNodes = new Set<string>()
  const findContested = (): boolean => {
    let grew = false
    for (const [key, u] of usage()) {
      if (u.units > capacityOf(key, u.pos) && !contestedSkus.has(u.pos.sku)) {
        contestedSkus.add(u.pos.sku)
        grew = true
      }
    }
    const used = startUsed()
    for (const a of solo) addUsage(used, a.plan)
    for (const [node, u] of used) {
      const idx = net.nodes.byId.get(node)
      if (idx === undefined || contestedNodes.has(node)) continue
      const orders = net.dailyOrders[idx] ?? Number.POSITIVE_INFINITY
      const units = net.dailyUnits[idx] ?? Number.POSITIVE_INFINITY
      if (u.orders > orders || u.units > units) {
        contestedNodes.add(node)
        grew = true
      }
    }
    return grew
  }
  const involved = (j: number): boolean => {
    const order = list[j] as Order
    if (order.lines.some((l) => contestedSkus.has(l.sku))) return true
    return (solo[j] as Alone).plan.allocations.some((a) => contestedNodes.has(a.node))
  }

  /**
   * The Lagrangian heuristic: the contested orders' plans alone (at the current prices), kept
   * in id order while they still fit the stock and capacity left; the orders whose plan no
   * longer fits are routed after them, one by one, on priced stock. Feasible by construction.
   */
  const fixing = (b: { state: StockState; used: Map<string, CapacityUsed>; inner: number[] }): Feasible | undefined => {
    let state = b.state
    const used = new Map(b.used)
    const chosen = new Map<number, Plan>()
    const left: number[] = []
    for (const j of b.inner) {
      const plan = (solo[j] as Alone).plan
      if (plan.allocations.length === 0) {
        chosen.set(j, plan)
        continue
      }
      if (!fitsCapacity(plan, used)) {
        left.push(j)
        continue
      }
      const held = reserveForPlan(state, plan, { now: options.now, reservationId: `order:${plan.orderId}` })
      if (E.isLeft(held)) {
        left.push(j)
        continue
      }
      state = held.right.state
      addUsage(used, plan)
      chosen.set(j, plan)
    }
    const rerouted = sequential(state, left, book.compiled(), used)
    if (rerouted === undefined) return undefined
    const plans = everyOrder.map((j) => chosen.get(j) ?? rerouted.plans.get(j) ?? (solo[j] as Alone).plan)
    return { plans, cost: costOf(plans) }
  }
  const fitsCapacity = (plan: Plan, used: ReadonlyMap<string, CapacityUsed>): boolean => {
    const units = new Map<string, number>()
    for (const a of plan.allocations) if (a.availableAt === undefined) units.set(a.node, (units.get(a.node) ?? 0) + a.quantity)
    for (const [node, q] of units) {
      const idx = net.nodes.byId.get(node)
      if (idx === undefined) continue
      const u = used.get(node) ?? { orders: 0, units: 0 }
      if (u.orders + 1 > (net.dailyOrders[idx] ?? Number.POSITIVE_INFINITY) || u.units + q > (net.dailyUnits[idx] ?? Number.POSITIVE_INFINITY)) return false
    }
    return true
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
    for (let j = 0; j < n; j++) {
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
      const current = plans[j] as Plan
      let without = state
      const id = reservedId.get(j)
      if (id !== undefined) {
        const released = release(state, id, options.now)
        if (E.isLeft(released)) continue
        without = released.right.state
        subtractUsage(used, current)
      }
      const again = route(without, j, undefined, used)
      if (again === undefined) return wave
      const gain = toMicros(current.totalCost) - toMicros(again.totalCost)
      const next = gain > 0 ? again : current
      if (next === current && id === undefined) continue
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
    return { plans, cost }
  }

  /**
   * Prices that follow the repair: an order pays a position's price only while the orders
   * routed after it would, alone, want at least what is left of it; stock no later order
   * wants is free.
   */
  const dynamicPrices = (which: readonly number[]): ((j: number, state: StockState) => CompiledPrices | undefined) => {
    const wanted = new Map<string, number>()
    const usageOf = (j: number): Map<string, number> => {
      const out = new Map<string, number>()
      for (const a of (solo[j] as Alone).plan.allocations) {
        const node = net.nodes.byId.get(a.node)
        if (node === undefined) continue
        const key = positionKey(node, a.sku)
        if (book.get(key) > 0) out.set(key, (out.get(key) ?? 0) + a.quantity)
      }
      return out
    }
    for (const j of which) for (const [key, q] of usageOf(j)) wanted.set(key, (wanted.get(key) ?? 0) + q)
    const priced = book.keys().map((key) => ({ key, pos: book.position(key) as WavePosition }))
    return (j, state) => {
      for (const [key, q] of usageOf(j)) wanted.set(key, (wanted.get(key) ?? 0) - q)
      const order = list[j] as Order
      const skus = new Set(order.lines.map((l) => l.sku))
      const out = new Map<number, Map<string, number>>()
      for (const { key, pos } of priced) {
        if (!skus.has(pos.sku as Order['lines'][number]['sku'])) continue
        const sku = skuIndexOf(state, pos.sku)
        const left = sku < 0 ? 0 : atpAt(state, sku, pos.node, order.channel)
        if ((wanted.get(key) ?? 0) < left) continue
        let bySku = out.get(pos.node)
        if (bySku === undefined) out.set(pos.node, (bySku = new Map()))
        bySku.set(pos.sku, book.get(key))
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
      return chargeOf((solo[j] as Alone).plan)
    }
    const keys = new Map(inner.map((j) => [j, key(j)]))
    return inner.slice().sort((a, b) => (keys.get(b) ?? 0) - (keys.get(a) ?? 0) || a - b)
  }

  let lower = 0
  for (const a of solo) lower += a.bound
  let iterations = 0
  let bestPrices = book.copy()
  findContested()
  if (contestedSkus.size === 0 && contestedNodes.size === 0) {
    // Every order's plan alone fits the stock and capacity together: that is the optimum.
    const together = sequentialOf(stock, solo.map((a) => a.plan), options.now, startUsed())
    const cost = costOf(solo.map((a) => a.plan))
    if (together !== undefined && cost <= best.cost) best = { plans: solo.map((a) => a.plan), cost }
  } else {
    let step = FIRST_STEP
    let sinceBetter = 0
    let base: { state: StockState; used: Map<string, CapacityUsed>; fixed: number; inner: number[] } | undefined
    const fixBase = (): typeof base => {
      const inner = everyOrder.filter(involved)
      const outer = everyOrder.filter((j) => !involved(j))
      const used = startUsed()
      let state = stock
      let fixed = 0
      for (const j of outer) {
        const plan = (solo[j] as Alone).plan
        fixed += toMicros(plan.totalCost)
        if (plan.allocations.length === 0) continue
        const held = reserveForPlan(state, plan, { now: options.now, reservationId: `order:${plan.orderId}` })
        if (E.isLeft(held)) {
          // Stock the relaxation counts as enough (orders of several channels) but is not: contested.
          for (const a of plan.allocations) contestedSkus.add(a.sku)
          return fixBase()
        }
        state = held.right.state
        addUsage(used, plan)
      }
      return { state, used, fixed, inner }
    }
    base = fixBase()
    let lastIteration = 0
    while (iterations < maxIterations && base !== undefined) {
      if (best.cost - lower < 1) break
      // An iteration routes the contested orders twice: stop when the last one would not fit.
      if (spent + lastIteration > budget) break
      const startedAt = spent
      iterations++
      // Subgradient: each position's units over its capacity, at the orders' plans alone.
      const excess = new Map<string, { pos: WavePosition; excess: number }>()
      for (const [key, u] of usage()) excess.set(key, { pos: u.pos, excess: u.units - capacityOf(key, u.pos) })
      let norm = 0
      for (const [key, e] of excess) if (e.excess > 0 || book.get(key) > 0) norm += e.excess * e.excess
      if (norm === 0) {
        // The plans alone share the stock without excess: they (or what fixing keeps of them) are a wave.
        const fixedWave = fixing(base)
        if (fixedWave !== undefined && fixedWave.cost < best.cost) best = fixedWave
        break
      }
      const current = relaxed(solo, book, (key) => capacities.get(key) ?? 0)
      const changed = subgradientStep(book, excess, (step * Math.max(1, best.cost - current)) / norm)
      for (const sku of changed) contestedSkus.add(sku)
      for (const j of everyOrder) {
        if (!(list[j] as Order).lines.some((l) => changed.has(l.sku))) continue
        const a = alone(j)
        if (a === undefined) return E.left(failure as RoutingError)
        solo[j] = a
      }
      const dual = relaxed(solo, book, (key) => capacities.get(key) ?? 0)
      if (dual > lower) {
        lower = dual
        bestPrices = book.copy()
        sinceBetter = 0
      } else if (++sinceBetter >= PATIENCE) {
        // Steps too long: halve them and start again from the prices of the best bound.
        step = Math.max(SMALLEST_STEP, step / 2)
        sinceBetter = 0
        const back = book.restore(bestPrices)
        for (const j of everyOrder) {
          if (!(list[j] as Order).lines.some((l) => back.has(l.sku))) continue
          const a = alone(j)
          if (a === undefined) return E.left(failure as RoutingError)
          solo[j] = a
        }
      }
      if (findContested()) base = fixBase()
      if (base === undefined) break
      // Repair: the contested orders one after another on priced stock, after the others; in
      // turn in id order, dearest penalty first, and most priced stock wanted first.
      const all = base.inner.length <= ALL_SEQUENCES_UP_TO
      for (let q = 0; q < SEQUENCES; q++) {
        if (!all && q !== iterations % SEQUENCES) continue
        const repaired = sequential(base.state, sequenceOf(base.inner, q), q === DYNAMIC ? dynamicPrices(base.inner) : book.compiled(), new Map(base.used))
        if (repaired === undefined) return E.left(failure ?? routingError('invalid-option', 'the wave could not be repaired', '$.orders'))
        const plans = everyOrder.map((j) => repaired.plans.get(j) ?? (solo[j] as Alone).plan)
        const candidate = { plans, cost: costOf(plans) }
        if (candidate.cost < best.cost) best = candidate
      }
      // Fixing: keep every plan alone that still fits, in id order; route the others after.
      const fixedWave = fixing(base)
      if (fixedWave === undefined) return E.left(failure ?? routingError('invalid-option', 'the wave could not be repaired', '$.orders'))
      if (fixedWave.cost < best.cost) best = fixedWave
      lastIteration = spent - startedAt
    }
  }

  if (best.cost - lower >= 1 && spent <= budget) best = polish(best, everyOrder.filter(involved))
  const cost = best.cost
  const bound = Math.min(cost, Math.ceil(lower))
  const proven = cost - bound < 1
  const plansGiven: Plan[] = new Array<Plan>(n)
  sorted.forEach(({ i }, j) => (plansGiven[i] = best.plans[j] as Plan))
  const oneByOneCost = costOf(oneByOnePlans)
  const result: { -readonly [K in keyof WaveResult]: WaveResult[K] } = {
    plans: plansGiven,
    totalCost: formatMicros(cost),
    lowerBound: formatMicros(bound),
    optimality: proven ? 'proven' : 'bounded',
    gap: proven || cost <= 0 ? '0' : relativeGap(cost - bound, cost),
    prices: bestPrices.report(),
    oneByOneCost: formatMicros(oneByOneCost),
    saving: formatMicros(Math.max(0, oneByOneCost - cost)),
    contestedOrders: everyOrder.filter(involved).length,
    iterations,
    work: { spent, budget },
  }
  if (options.reserve === true) {
    const reserved = reserveAll(stock, best.plans, options.now, options.expiresAt, startUsed())
    if (E.isLeft(reserved)) return E.left(routingError('invalid-option', `the wave's plans could not be reserved: ${reserved.left}`, '$.options.reserve'))
    result.reservation = reserved.right
  }
  return E.right(result)
}

/** L(λ): Σ of the orders' proven priced bounds alone, less Σ price × capacity. */
const relaxed = (solo: readonly Alone[], book: PriceBook, capacity: (key: string) => number): number => {
  let total = 0
  for (const a of solo) total += a.bound
  return total - book.charge(capacity)
}

/** `part / whole` rounded up to 6 decimals, as a decimal string. */
const relativeGap = (part: number, whole: number): string => {
  const millionths = Math.ceil((part * 1_000_000) / whole)
  return formatMicros(Math.max(1, millionths))
}

/** True when `plans` can all be reserved on `state` in this order. */
const sequentialOf = (state: StockState, plans: readonly Plan[], now: string, used: Map<string, CapacityUsed>): StockState | undefined => {
  let s = state
  for (const plan of plans) {
    if (plan.allocations.length === 0) continue
    const held = reserveForPlan(s, plan, { now, reservationId: `order:${plan.orderId}` })
    if (E.isLeft(held)) return undefined
    s = held.right.state
    addUsage(used, plan)
  }
  return s
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
