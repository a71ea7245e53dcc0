/**
 * A wave's orders and what every step of `routeWave` (./wave.ts) does with them: route an
 * order alone or after others, on priced stock or not, charging the wave's work; hold plans
 * one after another within the stock and the nodes' daily capacity; and keep the cheapest
 * feasible wave offered so far.
 *
 * Orders are named by their position `j` in the wave's id order.
 *
 * @internal
 */
import { addUsage } from '../batch/batch.js'
import { reserveForPlan } from '../batch/reserve.js'
import * as E from 'fp-ts/lib/Either.js'
import { toMicros } from '../money.js'
import type { Order } from '../model/order.js'
import type { RoutingError } from '../routing/errors.js'
import { unitsToday } from '../routing/facilities.js'
import { workMeter } from '../routing/optimiser.js'
import type { Plan } from '../routing/plan.js'
import { capacityLookup, routeOrderMetered, routeOrderWithin, type CapacityUsed, type CompiledPrices, type InstanceMemo, type PlanRestriction, type RouteOptions } from '../routing/route.js'
import type { StockState } from '../stock/index.js'
import type { Restriction } from './branch.js'
import { PriceBook, type WaveRow } from './prices.js'
import { WaveRows } from './rows.js'

/** One order routed alone: its plan, its priced cost and a proven bound on it. */
export interface Alone {
  readonly plan: Plan
  readonly priced: number
  readonly bound: number
}

/** A feasible wave: a plan per order (by position in the id order) and its real cost. */
export interface Feasible {
  readonly plans: readonly Plan[]
  readonly cost: number
  /** The orders (positions in the id order) in an order the plans can be held in, one after another. */
  readonly sequence: readonly number[]
}

/** Prices for each order routed in a sequence: fixed, none, or read from the order and the stock left before it. */
export type SequencePrices = CompiledPrices | undefined | ((j: number, state: StockState) => CompiledPrices | undefined)

/** The real cost of `plans` together (micros). */
export const costOf = (plans: Iterable<Plan>): number => {
  let c = 0
  for (const p of plans) c += toMicros(p.totalCost)
  return c
}

/** An order's path inside the wave: `$.order…` becomes `$.orders[i]…`. */
const inWave = (error: RoutingError, i: number): RoutingError => {
  const path = error.path ?? ''
  return path.startsWith('$.order') ? ({ ...error, path: `$.orders[${i}]${path.slice('$.order'.length)}` } as RoutingError) : error
}

export class WaveContext {
  /** Work units the wave has spent. */
  spent = 0
  /** The first routing error met, reported when the wave cannot go on. */
  failure: RoutingError | undefined
  /** Every order's position, 0 to n − 1. */
  readonly everyOrder: readonly number[]
  /** The prices of the master's rows, which the orders are routed with. */
  readonly book: PriceBook
  /** The master's rows and their capacities. */
  readonly rows: WaveRows
  /** The best feasible wave so far (set by `begin`). */
  best: Feasible = { plans: [], cost: Number.POSITIVE_INFINITY, sequence: [] }
  /** Each order alone on the whole stock, unpriced (set by `begin`). */
  solo: readonly Alone[] = []
  /** Each order's plan alone at the current prices (its plan alone at none until it is priced). */
  current: Alone[] = []
  /** The instances each order's calls on the whole stock built, by order (the router reuses them at other prices). */
  private readonly memos = new Map<number, InstanceMemo>()

  /**
   * `list`: the orders in id order; `given`: each one's index in the wave as given (for
   * errors' paths); `before`: the capacity used before the wave, by node id.
   */
  constructor(
    readonly stock: StockState,
    readonly list: readonly Order[],
    private readonly given: readonly number[],
    readonly now: string,
    private readonly routeOptions: RouteOptions,
    private readonly orderBudget: number,
    private readonly before: ReadonlyMap<string, CapacityUsed> | Readonly<Record<string, CapacityUsed>> | undefined,
  ) {
    this.everyOrder = list.map((_, j) => j)
    this.book = new PriceBook([...new Set(list.flatMap((o) => o.lines.map((l) => l.sku)))].sort())
    this.rows = new WaveRows(stock, list, this.startUsed())
  }

  /** Starts from the wave routed one by one (the best so far) and each order's plan alone. */
  begin(oneByOne: readonly Plan[], solo: readonly Alone[]): void {
    this.best = { plans: oneByOne, cost: costOf(oneByOne), sequence: this.everyOrder }
    this.solo = solo
    this.current = solo.slice()
  }

  /** The capacity used before the wave, as a new map. */
  startUsed(): Map<string, CapacityUsed> {
    const before = this.before
    return new Map<string, CapacityUsed>(before === undefined ? [] : before instanceof Map ? before : Object.entries(before))
  }

  /** Routes order `j` alone on `state`, charging the wave. */
  route(state: StockState, j: number, prices: CompiledPrices | undefined, used: ReadonlyMap<string, CapacityUsed>, memo?: InstanceMemo): Plan | undefined {
    const meter = workMeter(this.orderBudget, this.stock.network.scratch)
    const routed = routeOrderMetered(state, this.list[j] as Order, { ...this.routeOptions, capacityUsed: used }, meter, prices, memo)
    this.spent += meter.spent
    if (E.isLeft(routed)) {
      this.failure ??= inWave(routed.left, this.given[j] as number)
      return undefined
    }
    return routed.right
  }

  /** What the prices charge order `j`'s `plan`: its units, and each node it sends from today. */
  chargeOf(j: number, plan: Plan): number {
    const order = this.list[j] as Order
    const backorder = order.allowBackorder === true
    const byId = this.stock.network.nodes.byId
    let c = 0
    const today = new Set<number>()
    for (const a of plan.allocations) {
      const idx = byId.get(a.node)
      if (idx === undefined) continue
      c += a.quantity * this.book.unitPrice(idx, a.sku, order.channel, backorder)
      if (a.availableAt === undefined && a.quantity > 0) today.add(idx)
    }
    for (const idx of today) c += this.book.nodeCharge(idx, backorder)
    return c
  }

  /** The prices order `j` is routed with. */
  pricesFor(j: number): CompiledPrices | undefined {
    const order = this.list[j] as Order
    return this.book.compiled(order.channel, order.allowBackorder === true)
  }

  /** Order `j`'s `plan` with its cost (priced at the current prices, or real) and the bound its gap gives. */
  aloneOf(j: number, plan: Plan, priced = true): Alone {
    const cost = toMicros(plan.totalCost) + (priced ? this.chargeOf(j, plan) : 0)
    return { plan, priced: cost, bound: cost - toMicros(plan.gap) }
  }

  /** Order `j` alone on `state` at the current prices. */
  alone(j: number, state: StockState = this.stock): Alone | undefined {
    const plan = this.route(state, j, this.pricesFor(j), this.startUsed(), state === this.stock ? this.memoOf(j) : undefined)
    return plan === undefined ? undefined : this.aloneOf(j, plan)
  }

  /** The instances order `j`'s calls on the whole stock, with the capacity used before the wave, built. */
  private memoOf(j: number): InstanceMemo {
    let memo = this.memos.get(j)
    if (memo === undefined) this.memos.set(j, (memo = new Map()))
    return memo
  }

  /**
   * Order `j` alone on the whole stock at the current prices (unpriced when `priced` is
   * false), kept to `restrictions` — the nodes it may not use left out, those it must use
   * forced open — and to `caps`, the most units it may take from a position. Undefined when
   * the router gives no such plan within its budget.
   */
  aloneWithin(j: number, restrictions: readonly Restriction[], caps?: PlanRestriction['caps'], priced = true): Alone | undefined {
    const order = this.list[j] as Order
    const ids = this.stock.network.nodes.ids
    const skus = [...new Set(order.lines.map((l) => l.sku))]
    const left = restrictions.filter((r) => !r.uses).flatMap((r) => skus.map((sku) => ({ node: ids[r.node] ?? '', sku })))
    const within: RouteOptions = { ...this.routeOptions, capacityUsed: this.startUsed(), excludePositions: [...(this.routeOptions.excludePositions ?? []), ...left] }
    const through = restrictions.filter((r) => r.uses).map((r) => r.node)
    const meter = workMeter(this.orderBudget, this.stock.network.scratch)
    const routed = routeOrderWithin(this.stock, order, within, meter, priced ? this.pricesFor(j) : undefined, { through, ...(caps === undefined ? {} : { caps }) }, this.memoOf(j))
    this.spent += meter.spent
    return E.isLeft(routed) || routed.right === undefined ? undefined : this.aloneOf(j, routed.right, priced)
  }

  /**
   * Routes `which` (positions in id order) one after another on `state`, each reserving what
   * it takes: the plans, the state after and the capacity used.
   */
  sequential(state: StockState, which: readonly number[], prices: SequencePrices, used: Map<string, CapacityUsed>): { plans: Map<number, Plan>; state: StockState } | undefined {
    const plans = new Map<number, Plan>()
    let s = state
    for (const j of which) {
      const plan = this.route(s, j, typeof prices === 'function' ? prices(j, s) : prices, used)
      if (plan === undefined) return undefined
      plans.set(j, plan)
      if (plan.allocations.length === 0) continue
      const held = reserveForPlan(s, plan, { now: this.now, reservationId: `order:${plan.orderId}` })
      if (E.isLeft(held)) return undefined
      s = held.right.state
      addUsage(used, plan)
    }
    return { plans, state: s }
  }

  /** The capacity of row `key` (`row`). */
  capacityOf(key: string, row: WaveRow): number {
    return this.rows.capacity(key, row)
  }

  /** What order `j`'s `plan` takes through each row. */
  rowUsageOf(j: number, plan: Plan): Map<string, number> {
    return this.rows.rowUsage(j, plan)
  }

  /** The row of `key`. */
  rowAt(key: string): WaveRow {
    return this.rows.row(key)
  }

  /** Order `j`'s plan alone at the current prices. */
  planAlone(j: number): Plan {
    return (this.current[j] as Alone).plan
  }

  /** Nodes whose daily capacity `plans` together exceed. */
  overUsedNodes(plans: readonly Plan[]): Set<string> {
    const net = this.stock.network
    const used = this.startUsed()
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
  fitsCapacity(plan: Plan, used: ReadonlyMap<string, CapacityUsed>): boolean {
    const net = this.stock.network
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
  hold(state: StockState, plan: Plan, used: Map<string, CapacityUsed>): StockState | undefined {
    if (plan.allocations.length === 0) return state
    if (!this.fitsCapacity(plan, used)) return undefined
    const held = reserveForPlan(state, plan, { now: this.now, reservationId: `order:${plan.orderId}` })
    if (E.isLeft(held)) return undefined
    addUsage(used, plan)
    return held.right.state
  }

  /** True when `plans` (one per order) can all be held one after another in `sequence`, within stock and capacity. */
  feasible(plans: readonly Plan[], sequence: readonly number[]): boolean {
    let state: StockState | undefined = this.stock
    const used = this.startUsed()
    for (const j of sequence) {
      state = this.hold(state, plans[j] as Plan, used)
      if (state === undefined) return false
    }
    return true
  }

  /** Keeps `plans` as the best wave when they cost less and can be held in `sequence` (id order unless given). */
  offer(plans: readonly Plan[], sequence: readonly number[] = this.everyOrder): void {
    const cost = costOf(plans)
    if (cost < this.best.cost && this.feasible(plans, sequence)) this.best = { plans, cost, sequence }
  }
}
