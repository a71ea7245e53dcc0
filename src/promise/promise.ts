/**
 * `promiseOptions`: every honest way a shopper can get a SKU or a cart — delivered, collected
 * at a pickup point, or reserved in a store — each one an order routed by the routing engine,
 * with its ETA, cost, price, the quantity its sources can still promise, and the plan
 * checkout will reserve.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Amount, Hours } from '../model/primitives.js'
import { SourcingRules } from '../model/order.js'
import { CapacityUsedByNode, optionsChecker, PositiveWholeNumber } from '../routing/options.js'
import type { Order } from '../model/order.js'
import type { PromiseMethod, PromiseRequest } from '../model/promise.js'
import { CAPABILITIES, NODE_KINDS } from '../model/network.js'
import type { Plan } from '../routing/plan.js'
import { amountsInRange, routeWithin } from '../routing/offers.js'
import { nodesWithin } from '../network/grid.js'
import { hasCapability } from '../network/nodes.js'
import type { StockState } from '../stock/index.js'
import { promiseContext, type PromiseContext } from './context.js'
import { fastPickup, fastShip, type FastAnswer } from './fast.js'
import { SkuSupply } from './sku-supply.js'
import { reserveCandidates, reserveCandidatesHeld, reservePlan, reserveServes } from './reserve-in-store.js'
import { cartOption, type CartAnswer } from './cart.js'
import { cartNodes, MAX_CART_ITEMS, type CartNodes } from './cart-nodes.js'
import type { Target } from './cart-offers.js'
import { Nearby, NearestFirst, type NodeFilter } from './geometry.js'
import { optionOf, rankOptions, servesAll, type Ranked } from './option.js'
import { pickupOrder, reserveOrder, shipOrder, shopperTarget } from './orders.js'
import { parseInstant } from '../time.js'
import type { PromiseError, PromiseOption, PromiseOptions, PromisedPlan } from './types.js'

const PICKUP_BIT = 1 << CAPABILITIES.indexOf('pickup')
const PICKUP_POINTS: NodeFilter = { capabilities: PICKUP_BIT }
const ADDED: E.Either<PromiseError, boolean> = E.right(true)
const SKIPPED: E.Either<PromiseError, boolean> = E.right(false)

/** Routes an option's order in full (no explanation): the reference every fast answer equals. */
const routeInFull = (ctx: PromiseContext, order: Order): E.Either<PromiseError, PromisedPlan | undefined> =>
  E.map((plan: Plan): PromisedPlan | undefined => {
    const { explanation: _explanation, ...rest } = plan
    return servesAll(rest) ? rest : undefined
  })(
    routeWithin(
      ctx.stock,
      order,
      {
        now: ctx.now,
        explainAlternatives: 0,
        ...(ctx.capacityUsedOption === undefined ? {} : { capacityUsed: ctx.capacityUsedOption }),
        ...(ctx.maxSearchNodes === undefined ? {} : { maxSearchNodes: ctx.maxSearchNodes }),
      },
      ctx.meter,
    ),
  )

/** The members of `PromiseOptions` (see ./types.ts), all optional. */
export const PromiseOptionsCodec = t.partial(
  {
    // Tiers or a function: checked by compilePrice, whose `invalid-price` errors name the tier.
    price: t.unknown,
    rules: SourcingRules,
    holdHours: Hours,
    rankBy: t.keyof({ distance: null, eta: null, price: null }, 'PromiseRanking'),
    capacityUsed: CapacityUsedByNode,
    unfulfilledPenalty: Amount,
    maxSearchNodes: PositiveWholeNumber,
    budget: PositiveWholeNumber,
  },
  'PromiseOptions',
)

const checkPromiseOptions = optionsChecker(PromiseOptionsCodec)

/**
 * How option plans are found. `routed` routes every option in full; `cart` solves each one
 * with the cart path; `fast` (what `promiseOptions` uses) adds the single-SKU scan in front.
 * Tests hold all three equal.
 *
 * @internal
 */
export type PromiseEngine = 'fast' | 'cart' | 'routed'

/** A plan found without routing in full; `available` is the source's ATP when known (else −1). */
type Answer = FastAnswer | CartAnswer

/**
 * `promiseOptions` with the engine chosen.
 *
 * @internal
 */
export const promiseOptionsWith = (
  stock: StockState,
  request: PromiseRequest,
  options: PromiseOptions,
  engine: PromiseEngine,
): E.Either<PromiseError, readonly PromiseOption[]> => {
  const checked = checkPromiseOptions(options)
  if (E.isLeft(checked)) return checked
  const prepared = promiseContext(stock, request, options)
  if (E.isLeft(prepared)) return prepared
  const ctx = prepared.right
  const network = ctx.net
  // Every option's totals must stay exact, on the fast paths too. The lines share one penalty,
  // so the whole request's bound is one product; only past it are the lines looked at.
  const perUnit = Math.max(ctx.penaltyMicros, network.dearestUnitMicros)
  if (!(ctx.quantity * perUnit + (Math.min(ctx.quantity, 2 * network.nodes.count) + 1) * network.dearestFixedMicros <= Number.MAX_SAFE_INTEGER)) {
    const single = 'sku' in request && request.sku !== undefined
    const range = amountsInRange(network, ctx.lines, ctx.penalty, single ? () => '$.quantity' : (i) => `$.lines[${i}]`, '$')
    if (range !== undefined) return E.left(range)
  }
  const nodes = network.nodes
  // The shortcuts price a node's units at one rate; a network protecting its stores' last
  // units routes every option in full, so that its plans are the router's.
  const shortcuts = engine !== 'routed' && !network.protects
  const cartPath = shortcuts && !ctx.allowBackorder && ctx.items.length <= MAX_CART_ITEMS
  const singlePath = engine === 'fast' && cartPath && ctx.items.length === 1
  let supply: SkuSupply | undefined
  const supplyOf = (): SkuSupply => (supply ??= new SkuSupply(ctx))
  let cart: CartNodes | undefined
  const cartOf = (): CartNodes => (cart ??= cartNodes(ctx))
  // The last pickup point's nodes: a plan the next (nearby) point very likely has too.
  let hint: readonly number[] | undefined
  /**
   * The single-SKU answer (when there is one) if it settles the option, else the cart
   * path's; `pickupNode` is the pickup point, or −1 for delivery to the shopper.
   */
  const solve = (single: FastAnswer | undefined, pickupNode: number, order: Order): Answer | undefined => {
    if (single !== undefined && single.kind !== 'unknown') return single
    if (!cartPath) return undefined
    const target: Target = pickupNode < 0 ? shopperTarget(ctx) : { mode: 'pickup', node: pickupNode }
    const a = cartOption(ctx, cartOf(), target, order, pickupNode < 0 ? undefined : hint)
    if (a.kind === 'plan' && pickupNode >= 0) hint = a.nodes
    return a
  }
  const out: Ranked[] = []
  /** Adds the option when its plan serves everything; says whether it did. */
  const add = (method: PromiseMethod, node: number, metres: number, order: Order, answer: Answer | undefined): E.Either<PromiseError, boolean> => {
    let plan: PromisedPlan | undefined
    let available: number | undefined
    let etaMs = ctx.nowMs
    if (answer?.kind === 'plan') {
      plan = answer.plan
      etaMs = answer.etaMs
      if ('available' in answer && answer.available >= 0) available = answer.available
    } else if (answer?.kind !== 'none') {
      const routed = routeInFull(ctx, order)
      if (E.isLeft(routed)) return routed
      plan = routed.right
      etaMs = plan?.eta === undefined ? ctx.nowMs : (parseInstant(plan.eta) ?? ctx.nowMs)
    }
    if (plan === undefined) return SKIPPED
    const option = optionOf(ctx, method, node, metres, order, plan, etaMs, available)
    if (E.isLeft(option)) return option
    out.push(option.right)
    return ADDED
  }
  if (ctx.methods.has('ship')) {
    const order = shipOrder(ctx)
    const single = singlePath ? fastShip(ctx, supplyOf(), order) : undefined
    const r = add('ship', -1, 0, order, solve(single, -1, order))
    if (E.isLeft(r)) return r
  }
  const wantsReserve = ctx.methods.has('reserve-in-store') && ctx.maxPickupNodes > 0
  const storeKind = NODE_KINDS.indexOf('store')
  const isStore = (n: number): boolean => nodes.kind[n] === storeKind && ((nodes.capabilities[n] as number) & PICKUP_BIT) !== 0
  // One SKU: the stores holding it, from its holders.
  const singleStores = singlePath && wantsReserve ? reserveCandidatesHeld(ctx, isStore, supplyOf()) : undefined
  if (ctx.methods.has('pickup') && ctx.maxPickupNodes > 0) {
    const points = shortcuts
      ? new NearestFirst(nodes, new Nearby(nodes, ctx.location, ctx.radiusKm, PICKUP_POINTS))
      : listed(nodesWithin(nodes, ctx.location, ctx.radiusKm).filter((p) => hasCapability(nodes, p.node, 'pickup')))
    let found = 0
    for (let p = points.next(); p !== undefined; p = points.next()) {
      const node = p.node
      const order = pickupOrder(ctx, node)
      const single = singlePath ? fastPickup(ctx, supplyOf(), node, order) : undefined
      const r = add('pickup', node, p.metres, order, solve(single, node, order))
      if (E.isLeft(r)) return r
      if (r.right && ++found >= ctx.maxPickupNodes) break
    }
  }
  if (wantsReserve) {
    const stores =
      singleStores ??
      (shortcuts
        ? reserveCandidates(ctx, isStore, cart?.coverers)
        : nodesWithin(nodes, ctx.location, ctx.radiusKm).filter((p) => isStore(p.node)))
    let found = 0
    for (const p of stores) {
      if (shortcuts && !reserveServes(ctx, p.node, singlePath ? supplyOf() : undefined)) continue
      const order = reserveOrder(ctx, p.node)
      const r = add('reserve-in-store', p.node, p.metres, order, shortcuts ? reservePlan(ctx, p.node, order, singlePath ? supplyOf() : undefined) : undefined)
      if (E.isLeft(r)) return r
      if (r.right && ++found >= ctx.maxPickupNodes) break
    }
  }
  return E.right(withCurrency(rankOptions(ctx, out), ctx.net.currency))
}

/** The options, and their plans, with the network's currency when it names one. */
const withCurrency = (options: readonly PromiseOption[], currency: string | undefined): readonly PromiseOption[] =>
  currency === undefined ? options : options.map((o) => ({ ...o, plan: { ...o.plan, currency }, currency }))

/** A list read one at a time, like {@link NearestFirst}. */
const listed = <A>(xs: readonly A[]): { next: () => A | undefined } => {
  let i = 0
  return { next: () => xs[i++] }
}

/**
 * The ranked delivery options for a SKU or a cart: `ship` to the shopper's location (the
 * cost-optimal plan), `pickup` at the nearest pickup points within the radius (stock may be
 * transferred there first), and `reserve-in-store` at the nearest stores that hold everything
 * on their own shelves (held `holdHours` once ready). Each option is an order routed by
 * {@link routeOrder} — all-or-nothing, with the options' rules written in — so routing
 * `option.order` at checkout, on the same stock, gives `option.plan` again: the same nodes,
 * ETA and cost. Options never promise more than ATP; an option that cannot serve every unit
 * is left out. Single-SKU requests take a proven fast path; anything else is routed in full.
 * Deterministic: ties are broken by method, then node id.
 *
 * @example
 * const options = promiseOptions(stock, {
 *   channel: 'web', location: { lat: 45.7578, lon: 4.832 }, now: '2026-11-27T09:00:00Z', sku: 'LAMP',
 * }, { price: [{ method: 'ship', price: '4.90' }, { method: 'ship', threshold: '50', price: '0' }, { method: 'pickup', price: '0' }] })
 * // E.right([{ method: 'ship', eta: '2026-11-28T…', cost: '…', price: '4.90', … },
 * //          { method: 'pickup', node: 'S-LYON-PART-DIEU', distanceKm: 2.1, lines: [{ sku: 'LAMP', available: 4, … }], … }, …])
 */
export const promiseOptions = (
  stock: StockState,
  request: PromiseRequest,
  options: PromiseOptions = {},
): E.Either<PromiseError, readonly PromiseOption[]> => promiseOptionsWith(stock, request, options, 'fast')
