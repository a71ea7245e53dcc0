/**
 * Column generation on the wave's master (./master.ts), priced by the exact router: rounds
 * that solve the master, price its rows with its duals and route each order in it alone on
 * those prices, adding the plans that improve it; the Lagrangian bound those rounds give; a
 * dive on the master towards a feasible wave near that bound; and, for the branch and price
 * (./tree.ts), the test of a converged node's master against a feasible wave.
 *
 * @internal
 */
import { reserveForPlan } from '../batch/reserve.js'
import * as E from 'fp-ts/lib/Either.js'
import { toMicros } from '../money.js'
import type { Order } from '../model/order.js'
import type { Plan } from '../routing/plan.js'
import type { StockState } from '../stock/index.js'
import { inBranch, wholeUnits, type Branch, type Restriction } from './branch.js'
import { costOf, type Alone, type WaveContext } from './context.js'
import type { WaveColumn, WaveMaster } from './master.js'
import { rowApplies, type PriceBook } from './prices.js'
import { complete } from './repairs.js'
import { ascend } from './ascent.js'

/** A plan enters the master when its reduced cost is below −this (micros). */
const REDUCED_COST_TOLERANCE = 0.5
/** LP values within this of 0 or 1 count as integral. */
export const INTEGRAL = 1e-6
/** What an LP objective may be above its exact value by rounding (micros). */
const LP_SLACK = 1e-3
/**
 * Column generation on a master too large to branch on stops once the bound is within this
 * share of the master's value (the bound's ceiling): the last rounds of a long tail move it by
 * less.
 */
const TAILING_OFF = 1e-4
/** Masters of up to this many rows are branched on (branch and price). */
export const BRANCH_ROWS = 400
/** Rounds of column generation after each step of a dive. */
const DIVE_ROUNDS = 4
/** From this many orders in the master, a dive's step also keeps every plan the master takes whole. */
const WHOLE_KEPT_FROM = 100
/**
 * Rows of the master beyond which the simplex no longer solves it (its etas grow dense and a
 * solve takes seconds), unless the options say otherwise: its dual is ascended instead
 * (./ascent.ts).
 */
export const MAX_SIMPLEX_ROWS = 4_000
/** Evaluations of the master's dual in the first round when it is too large for the simplex, and in each later round (from the last round's prices). */
const ASCENT_STEPS = 500
const ASCENT_STEPS_AFTER = 150
/** A master too large for the simplex stops when ASCENT_PATIENCE rounds in a row raise the bound by less than ASCENT_RISE of it. */
const ASCENT_RISE = 1e-3
const ASCENT_PATIENCE = 3
/** Steps of a dive at most in a large master (in a small one, two per order). */
const LARGE_DIVE_STEPS = 100

/** A dive's state: the orders that keep a plan, the stock they leave, and how often each SKU's stock changed (for the prices' memo). */
interface Dive {
  readonly fixed: Set<number>
  state: StockState
  readonly changed: Map<string, number>
}

const NONE: ReadonlySet<number> = new Set()

export class ColumnGeneration {
  /** The best Lagrangian bound on the wave so far (micros). */
  lower: number
  /** The prices that gave it. */
  bestPrices: PriceBook
  /** Rounds of column generation at the root. */
  iterations = 0
  /** Each restricted order's last pricing in a branch: its signature, and its plan there (undefined when the router found none within its budget). */
  readonly branchPriced = new Map<number, { readonly sig: string; readonly alone: Alone | undefined }>()
  /** What each order was last priced at: its signature (see `signature`). */
  private readonly pricedAt = new Map<number, string>()
  /** Parts of the signatures, by SKU, channel and kind of order, for the prices of the book's version `partsAt`. */
  private parts = new Map<string, string>()
  private partsAt = -1
  /** Work units the last round took. */
  private lastRound = 0
  /** True once the master's dual was ascended (later rounds start from its prices). */
  private ascended = false
  /** Rounds in a row that barely raised the bound, on an ascended master. */
  private flat = 0

  /** `lower`: the bound so far (the orders' own); `budget`: the wave's work budget; `maxSimplexRows`: the rows up to which the simplex solves the master. */
  constructor(
    private readonly ctx: WaveContext,
    readonly master: WaveMaster,
    private readonly budget: number,
    lower: number,
    private readonly maxSimplexRows: number = MAX_SIMPLEX_ROWS,
  ) {
    this.lower = lower
    this.bestPrices = ctx.book.copy()
  }

  /** Adds a plan of order `j` to the master's pool; its pool index, or −1 when the pool has it. */
  addPlan(j: number, plan: Plan): number {
    return this.master.add(j, plan, toMicros(plan.totalCost), this.ctx.rowUsageOf(j, plan), (key) => this.ctx.rowAt(key))
  }

  /**
   * The prices order `j` is routed at: the prices of the rows that bind it — its SKUs' rows,
   * then the nodes' rows of daily capacity (filed under no SKU). Each SKU's part is built once
   * per channel and kind of order until a price changes.
   */
  private signature(j: number): string {
    const ctx = this.ctx
    if (this.partsAt !== ctx.book.version) {
      this.parts = new Map()
      this.partsAt = ctx.book.version
    }
    const bySku = ctx.book.rowsBySku()
    const parts = this.parts
    const order = ctx.list[j] as Order
    const backorder = order.allowBackorder === true
    const out: string[] = []
    for (const sku of [...new Set<string>(order.lines.map((l) => l.sku)), '']) {
      const memo = `${sku}\u0000${order.channel}\u0000${backorder ? 'B' : 'N'}`
      let part = parts.get(memo)
      if (part === undefined) {
        const items: string[] = []
        for (const { key, row } of bySku.get(sku) ?? []) if (rowApplies(row, order.channel, backorder)) items.push(`${key}=${ctx.book.get(key)}`)
        part = items.join(',')
        parts.set(memo, part)
      }
      out.push(part)
    }
    return out.join(';')
  }

  /**
   * Rounds of column generation: the master solved, its duals as prices, each order in it
   * routed alone on them (the orders in `fixed` keep their plan and are not priced), a plan
   * whose reduced cost is below 0 added. With nothing fixed, L(λ) is a bound on the wave —
   * on the waves of the branch `within`, when given: its orders' plans kept to its
   * restrictions, and its `bound` raised to the best L(λ). Ends `converged` when no plan
   * enters and every order was priced exactly (the master is then the Lagrangian dual), else
   * `stopped` (rounds or `limit` work units spent) or `failed` (an order could not be routed).
   */
  generate(dive: Dive | undefined, rounds: number, limit: number, within?: Branch): 'converged' | 'stopped' | 'failed' {
    const ctx = this.ctx
    const master = this.master
    const fixed = dive?.fixed ?? NONE
    for (let r = 0; r < rounds; r++) {
      if (within === undefined ? fixed.size === 0 && ctx.best.cost - this.lower < 1 : within.bound >= ctx.best.cost) return 'converged'
      // A master too large for the simplex: its dual is ascended instead, at the root only.
      const large = master.size > this.maxSimplexRows
      if (large && (fixed.size > 0 || within !== undefined)) return 'stopped'
      if (ctx.spent + this.lastRound > limit) return 'stopped'
      const startedAt = ctx.spent
      if (fixed.size === 0 && within === undefined) this.iterations++
      let duals: { readonly order: ReadonlyMap<number, number>; readonly price: ReadonlyMap<string, number> }
      /** The master's value (its dual's, from the ascent). */
      let masterValue: () => number
      if (large) {
        const ascended = this.ascend(limit)
        duals = ascended
        masterValue = () => ascended.value
      } else {
        const work = { spent: ctx.spent, limit }
        const status = master.solve(work)
        ctx.spent = work.spent
        if (status === 'budget') return 'stopped'
        this.offerSolution()
        duals = master.duals()
        masterValue = () => master.objective()
      }
      for (const [key, price] of duals.price) ctx.book.set(key, ctx.rowAt(key), Math.round(price))
      const joined = new Set(master.orders())
      let dual = -ctx.book.charge((key) => ctx.rows.capacityRead(key))
      let added = 0
      let exact = true
      for (const j of ctx.everyOrder) {
        if (!joined.has(j) || fixed.has(j)) {
          dual += (ctx.current[j] as Alone).bound
          continue
        }
        const restrictions = within?.restricted.get(j)
        let a: Alone
        if (restrictions === undefined || restrictions.length === 0) {
          const sig = `${dive === undefined ? '' : (ctx.list[j] as Order).lines.map((l) => dive.changed.get(l.sku) ?? 0).join(',')}|${this.signature(j)}`
          if (this.pricedAt.get(j) !== sig) {
            const found = ctx.alone(j, dive?.state)
            if (found === undefined) return 'failed'
            ctx.current[j] = found
            this.pricedAt.set(j, sig)
          }
          a = ctx.current[j] as Alone
        } else {
          const sig = `${restrictions.map((x) => `${x.uses ? '+' : '-'}${x.node}`).join(',')}|${this.signature(j)}`
          let priced = this.branchPriced.get(j)
          if (priced?.sig !== sig) this.branchPriced.set(j, (priced = { sig, alone: ctx.aloneWithin(j, restrictions) }))
          // No plan within the budget: the order's term is 0 (every priced cost is ≥ 0) and nothing is proven here.
          if (priced.alone === undefined) {
            exact = false
            continue
          }
          a = priced.alone
          // A plan outside the branch cannot enter: the bound holds, convergence is not exact.
          if (!inBranch(a.plan, restrictions, ctx.stock.network.nodes.byId)) exact = false
        }
        // An order with backorders is not charged the on-hand rows (its term stays below the true one): nor is it exact.
        if (within !== undefined && (ctx.list[j] as Order).allowBackorder === true) exact = false
        // The plan's reduced cost under the LP's own duals.
        let reduced = toMicros(a.plan.totalCost) - (duals.order.get(j) ?? 0)
        for (const [key, q] of ctx.rowUsageOf(j, a.plan)) reduced += q * (duals.price.get(key) ?? 0)
        if (reduced < -REDUCED_COST_TOLERANCE && (restrictions === undefined || inBranch(a.plan, restrictions, ctx.stock.network.nodes.byId)) && this.addPlan(j, a.plan) >= 0) added++
        dual += a.bound
      }
      const before = this.lower
      if (within !== undefined) within.bound = Math.max(within.bound, dual)
      else if (fixed.size === 0 && dual > this.lower) {
        this.lower = dual
        this.bestPrices = ctx.book.copy()
      }
      master.sync()
      this.lastRound = ctx.spent - startedAt
      // A master beyond the simplex stops once ASCENT_PATIENCE rounds in a row raise the bound by less than ASCENT_RISE of it: its rounds cost seconds each, for a tail of small rises.
      if (large) {
        this.flat = this.lower - before < ASCENT_RISE * Math.abs(this.lower) ? this.flat + 1 : 0
        if (this.flat >= ASCENT_PATIENCE) return 'stopped'
      }
      if (added === 0) return exact ? 'converged' : 'stopped'
      // Tailing off: in a master too large to branch on, the bound is within TAILING_OFF of the master's value, above which no later round can raise it.
      if (within === undefined && fixed.size === 0 && master.size > BRANCH_ROWS) {
        let value = masterValue()
        for (const j of ctx.everyOrder) if (!joined.has(j)) value += (ctx.current[j] as Alone).priced
        if (value - this.lower <= TAILING_OFF * Math.abs(value)) return 'stopped'
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
  dive(): 'failed' | undefined {
    const ctx = this.ctx
    const master = this.master
    const d: Dive = { fixed: new Set(), state: ctx.stock, changed: new Map() }
    const barredHere = new Set<number>()
    const kept = new Map<number, Plan>()
    /** True when `plan` can still be held after the plans kept. */
    const fitsBeside = (plan: Plan): boolean =>
      plan.allocations.length === 0 || E.isRight(reserveForPlan(d.state, plan, { now: ctx.now, reservationId: `order:${plan.orderId}` }))
    const steps = master.orders().length < WHOLE_KEPT_FROM ? 2 * ctx.list.length : LARGE_DIVE_STEPS
    for (let step = 0; step < steps && ctx.spent <= this.budget; step++) {
      const state = this.generate(d, DIVE_ROUNDS, this.budget)
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
          const held = reserveForPlan(d.state, plan, { now: ctx.now, reservationId: `order:${plan.orderId}` })
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
      for (const i of keptNow) for (const key of ctx.rows.usage((master.columns()[i] as WaveColumn).plan).keys()) touched.add(key)
      const keptSet = new Set(keptNow)
      for (const j of joined) {
        const keptHere = d.fixed.has(j) && master.plansOf(j).some((i) => keptSet.has(i))
        if (d.fixed.has(j) && !keptHere) continue
        for (const i of master.plansOf(j)) {
          if (keptSet.has(i) || barredHere.has(i)) continue
          const other = master.columns()[i] as WaveColumn
          if (keptHere || ([...ctx.rows.usage(other.plan).keys()].some((key) => touched.has(key)) && !fitsBeside(other.plan))) {
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
    complete(ctx, kept, new Set(master.orders()))
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
  meetsMaster(x: ReturnType<WaveMaster['solution']>, restricted: ReadonlyMap<number, readonly Restriction[]>, barred: ReadonlySet<number>): boolean {
    const ctx = this.ctx
    const master = this.master
    const joined = master.orders()
    for (const j of joined) if (x.artificial(j) > INTEGRAL || master.plansOf(j).some((i) => barred.has(i) && x.value(i) > INTEGRAL)) return false
    const integral = this.offerSolution()
    if (integral !== undefined) return integral >= ctx.best.cost
    let value = master.objective()
    const inMaster = new Set(joined)
    for (const j of ctx.everyOrder) if (!inMaster.has(j)) value += toMicros((ctx.solo[j] as Alone).plan.totalCost)
    const plans = ctx.everyOrder.map((j) => (ctx.solo[j] as Alone).plan)
    for (const j of joined) {
      const used = master.plansOf(j).filter((i) => x.value(i) > INTEGRAL)
      if (used.length === 1) {
        plans[j] = (master.columns()[used[0] as number] as WaveColumn).plan
        continue
      }
      ctx.spent += used.length * ctx.stock.network.nodes.count
      const caps = wholeUnits(master, x.value, j, new Set((ctx.list[j] as Order).lines.map((l) => l.sku)), ctx.stock.network.nodes.count, ctx.stock.network.nodes.byId)
      const again = caps === undefined ? undefined : ctx.aloneWithin(j, restricted.get(j) ?? [], caps, false)
      if (again === undefined) return false
      plans[j] = again.plan
    }
    ctx.offer(plans)
    return ctx.best.cost <= value + LP_SLACK
  }

  /**
   * The duals of a master too large for the simplex: its Lagrangian dual ascended from the
   * current prices (./ascent.ts), towards the best wave's cost over the master's orders, within
   * ASCENT_STEPS evaluations and the work left before `limit`. The order's dual is its least
   * priced plan in the pool.
   */
  private ascend(limit: number): { readonly order: ReadonlyMap<number, number>; readonly price: ReadonlyMap<string, number>; readonly value: number } {
    const ctx = this.ctx
    const view = this.master.lagrangian(ctx)
    const start = Float64Array.from(view.keys, (key) => ctx.book.get(key))
    const target = costOf(view.orders.map((j) => ctx.best.plans[j] as Plan))
    const a = ascend(view.pool, start, target, { steps: this.ascended ? ASCENT_STEPS_AFTER : ASCENT_STEPS, work: Math.max(0, limit - ctx.spent) }, Math.max(1, ctx.best.cost))
    this.ascended = true
    ctx.spent += a.work
    return {
      order: new Map(view.orders.map((j, o) => [j, a.least[o] as number])),
      price: new Map(view.keys.map((key, r) => [key, a.prices[r] as number])),
      value: a.value,
    }
  }

  /** The wave of the master's solution, when it is integral (one plan per order in it, the others' plans alone), offered; its cost, or undefined when the master is not integral. */
  offerSolution(): number | undefined {
    const ctx = this.ctx
    const master = this.master
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
    const plans = ctx.everyOrder.map((j) => chosen.get(j) ?? (ctx.solo[j] as Alone).plan)
    ctx.offer(plans)
    return costOf(plans)
  }
}
