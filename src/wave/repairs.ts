/**
 * Feasible waves from the prices (./wave.ts): the repairs that turn the master's prices and
 * plans into waves whose plans can all be held together, and a local improvement of a wave.
 *
 * - `repair`: the contested orders routed one after another on priced stock, in a few
 *   sequences, and the Lagrangian heuristic (`fixing`);
 * - `complete`: a wave from the plans a dive keeps, the others routed after them;
 * - `polish`: each contested order routed again, unpriced, on what the others hold.
 *
 * @internal
 */
import { addUsage } from '../batch/batch.js'
import { reserveForPlan } from '../batch/reserve.js'
import * as E from 'fp-ts/lib/Either.js'
import { toMicros } from '../money.js'
import type { Order } from '../model/order.js'
import { routingError, type RoutingError } from '../routing/errors.js'
import type { Plan } from '../routing/plan.js'
import { compiledPrices, type CapacityUsed, type CompiledPrices } from '../routing/route.js'
import { release, type StockState } from '../stock/index.js'
import { costOf, type Alone, type Feasible, type WaveContext } from './context.js'
import { rowApplies } from './prices.js'

/**
 * The repairs' runs: a sequence of the orders (0, id order; 1, the dearest penalty per unit
 * first; 2, the most priced stock wanted alone first — ties by id) and whether its prices
 * follow the repair (`dynamicPrices`) or stay fixed.
 */
const RUNS: readonly (readonly [number, boolean])[] = [
  [0, false],
  [1, false],
  [2, false],
  [0, true],
]
/** The runs of a large wave: only prices that follow the repair (the fixed ones and the heuristic cost 2 to 7 % more on the 1,000- and 10,000-order benchmark waves), in id order and most priced stock first. */
const DYNAMIC_RUNS: readonly (readonly [number, boolean])[] = [
  [0, true],
  [2, true],
]

/** Where repairs start: the stock and capacity the orders outside `inner` leave, holding their plans alone. */
interface Base {
  readonly state: StockState
  readonly used: Map<string, CapacityUsed>
  readonly inner: number[]
  readonly outer: number[]
}

const subtractUsage = (used: Map<string, CapacityUsed>, plan: Plan): void => {
  const units = new Map<string, number>()
  for (const a of plan.allocations) if (a.availableAt === undefined) units.set(a.node, (units.get(a.node) ?? 0) + a.quantity)
  for (const [node, q] of units) {
    const prev = used.get(node) ?? { orders: 0, units: 0 }
    used.set(node, { orders: Math.max(0, prev.orders - 1), units: Math.max(0, prev.units - q) })
  }
}

/**
 * Repairs at the current prices: from the orders outside `inner` holding their plans alone,
 * the orders of `inner` routed one after another in each run (`RUNS`), and the Lagrangian
 * heuristic; every wave found is offered. With `dynamicOnly`, the runs whose prices follow the
 * repair (`DYNAMIC_RUNS`) and no heuristic. Stops early once `budget` is spent. An error when
 * an order cannot be routed.
 */
export const repair = (ctx: WaveContext, inner: number[], budget: number, defaultPenalty: string | undefined, dynamicOnly = false): RoutingError | undefined => {
  const base = fixBase(ctx, inner)
  const tried = new Set<string>()
  for (const [q, follow] of dynamicOnly ? DYNAMIC_RUNS : RUNS) {
    if (ctx.spent > budget) break
    const order = sequenceOf(ctx, base.inner, q, defaultPenalty)
    // A run already tried with the same prices gives the same wave: with no price set, the dynamic prices are none too.
    const dynamic = follow && ctx.book.keys().length > 0
    const tryKey = `${dynamic ? 'dynamic' : 'priced'}|${order.join(',')}`
    if (tried.has(tryKey)) continue
    tried.add(tryKey)
    const repaired = ctx.sequential(base.state, order, dynamic ? dynamicPrices(ctx, base.inner) : (j) => ctx.pricesFor(j), new Map(base.used))
    if (repaired === undefined) return ctx.failure ?? routingError('invalid-option', 'the wave could not be repaired', '$.orders')
    ctx.offer(
      ctx.everyOrder.map((j) => repaired.plans.get(j) ?? (ctx.solo[j] as Alone).plan),
      [...base.outer, ...order],
    )
  }
  if (dynamicOnly) return undefined
  const fixedWave = fixing(ctx, base)
  if (fixedWave !== undefined) ctx.offer(fixedWave.plans, fixedWave.sequence)
  return undefined
}

/**
 * The Lagrangian heuristic: the contested orders' plans alone (at the current prices), kept
 * in id order while they still fit the stock and capacity left; the orders whose plan no
 * longer fits are routed after them, one by one, on priced stock. Feasible by construction.
 */
const fixing = (ctx: WaveContext, b: Base): Feasible | undefined => {
  let state = b.state
  const used = new Map(b.used)
  const chosen = new Map<number, Plan>()
  const left: number[] = []
  for (const j of b.inner) {
    const plan = ctx.planAlone(j)
    const after = ctx.hold(state, plan, used)
    if (after === undefined) {
      left.push(j)
      continue
    }
    state = after
    chosen.set(j, plan)
  }
  const rerouted = ctx.sequential(state, left, (j) => ctx.pricesFor(j), used)
  if (rerouted === undefined) return undefined
  const plans = ctx.everyOrder.map((j) => chosen.get(j) ?? rerouted.plans.get(j) ?? ctx.planAlone(j))
  return { plans, cost: costOf(plans), sequence: [...b.outer, ...chosen.keys(), ...left] }
}

/**
 * Local improvement of a feasible wave: each contested order in turn (id order) gives its
 * units back and is routed again, unpriced, on what the others hold; its new plan is kept
 * when it costs less. Prices that steered a repair may leave a last order short of stock no
 * one else wants; this takes it.
 */
export const polish = (ctx: WaveContext, wave: Feasible, inner: readonly number[]): Feasible => {
  const used = ctx.startUsed()
  let state = ctx.stock
  const reservedId = new Map<number, string>()
  // Each order held again goes to the end of the sequence: it fits beside every other plan held.
  const sequence = wave.sequence.slice()
  for (const j of wave.sequence) {
    const plan = wave.plans[j] as Plan
    if (plan.allocations.length === 0) continue
    const held = reserveForPlan(state, plan, { now: ctx.now, reservationId: `order:${plan.orderId}` })
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
      const released = release(state, id, ctx.now)
      if (E.isLeft(released)) continue
      without = released.right.state
      subtractUsage(used, here)
    }
    const again = ctx.route(without, j, undefined, used)
    if (again === undefined) return wave
    const gain = toMicros(here.totalCost) - toMicros(again.totalCost)
    const next = gain > 0 ? again : here
    if (next === here && id === undefined) continue
    sequence.splice(sequence.indexOf(j), 1)
    sequence.push(j)
    if (next.allocations.length > 0) {
      const held = reserveForPlan(without, next, { now: ctx.now, reservationId: `order:${next.orderId}:${gain > 0 ? 'polished' : 'kept'}` })
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
const dynamicPrices = (ctx: WaveContext, which: readonly number[]): ((j: number, state: StockState) => CompiledPrices | undefined) => {
  const book = ctx.book
  const wanted = new Map<string, number>()
  const pricedUsage = (j: number): Map<string, number> => {
    const out = new Map<string, number>()
    for (const [key, q] of ctx.rowUsageOf(j, ctx.planAlone(j))) if (book.get(key) > 0) out.set(key, q)
    return out
  }
  for (const j of which) for (const [key, q] of pricedUsage(j)) wanted.set(key, (wanted.get(key) ?? 0) + q)
  const priced = book.rowsBySku()
  return (j, state) => {
    for (const [key, q] of pricedUsage(j)) wanted.set(key, (wanted.get(key) ?? 0) - q)
    const order = ctx.list[j] as Order
    const skus = new Set<string>(order.lines.map((l) => l.sku))
    const rows = [...skus].flatMap((sku) => priced.get(sku) ?? []).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    const out = new Map<number, Map<string, number>>()
    for (const { key, row } of rows) {
      if (!rowApplies(row, order.channel, order.allowBackorder === true)) continue
      if ((wanted.get(key) ?? 0) < ctx.rows.atp(state, row.pos, order.channel, row.later === true)) continue
      let bySku = out.get(row.pos.node)
      if (bySku === undefined) out.set(row.pos.node, (bySku = new Map()))
      bySku.set(row.pos.sku, (bySku.get(row.pos.sku) ?? 0) + book.get(key))
    }
    return compiledPrices(out)
  }
}

/** The orders of `inner` in repair sequence `which` (ties by id). */
const sequenceOf = (ctx: WaveContext, inner: readonly number[], which: number, defaultPenalty: string | undefined): number[] => {
  if (which === 0) return inner.slice()
  const key = (j: number): number => {
    const order = ctx.list[j] as Order
    if (which === 1) {
      let most = 0
      for (const l of order.lines) most = Math.max(most, toMicros(l.unfulfilledPenalty ?? order.unfulfilledPenalty ?? defaultPenalty ?? '1000'))
      return most
    }
    return ctx.chargeOf(j, ctx.planAlone(j))
  }
  const keys = new Map(inner.map((j) => [j, key(j)]))
  return inner.slice().sort((a, b) => (keys.get(b) ?? 0) - (keys.get(a) ?? 0) || a - b)
}

/** A feasible start for the repairs: the orders outside `which` keep their plan alone, reserved first (all are inner when those do not fit). */
const fixBase = (ctx: WaveContext, which: number[]): Base => {
  const set = new Set(which)
  const used = ctx.startUsed()
  let state = ctx.stock
  for (const j of ctx.everyOrder) {
    if (set.has(j)) continue
    const after = ctx.hold(state, (ctx.solo[j] as Alone).plan, used)
    if (after === undefined) return { state: ctx.stock, used: ctx.startUsed(), inner: ctx.everyOrder.slice(), outer: [] }
    state = after
  }
  return { state, used, inner: which, outer: ctx.everyOrder.filter((j) => !set.has(j)) }
}

/**
 * A wave from the plans `kept` (by order), the plans alone of the orders outside `priced`,
 * and the other orders routed one after another on priced stock after them; offered when
 * it is feasible.
 */
export const complete = (ctx: WaveContext, kept: ReadonlyMap<number, Plan>, priced: ReadonlySet<number>): void => {
  let state = ctx.stock
  const used = ctx.startUsed()
  const held: number[] = []
  const rest: number[] = []
  const take = (j: number, plan: Plan): boolean => {
    const after = ctx.hold(state, plan, used)
    if (after === undefined) return false
    state = after
    held.push(j)
    return true
  }
  // The plans kept, in the order they were kept; then the others' plans alone; what does not fit is routed again after them.
  for (const [j, plan] of kept) if (!take(j, plan)) rest.push(j)
  for (const j of ctx.everyOrder) if (!kept.has(j) && (priced.has(j) || !take(j, (ctx.solo[j] as Alone).plan))) rest.push(j)
  rest.sort((a, b) => a - b)
  const routed = ctx.sequential(state, rest, (j) => ctx.pricesFor(j), used)
  if (routed !== undefined) {
    const keptHeld = new Set(held)
    ctx.offer(
      ctx.everyOrder.map((j) => (keptHeld.has(j) ? (kept.get(j) ?? (ctx.solo[j] as Alone).plan) : (routed.plans.get(j) as Plan))),
      [...held, ...rest],
    )
  }
}
