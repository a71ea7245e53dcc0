/**
 * One promise call's shared view: the request normalised into order lines, the rules
 * compiled, the limits defaulted, and the checks every option relies on done once.
 *
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Amount, Id, Location, ZoneName } from '../model/primitives.js'
import type { OrderLine, SourcingRules } from '../model/order.js'
import type { PlanLine } from '../routing/plan.js'
import { PROMISE_METHODS, type PromiseMethod, type PromiseRequest } from '../model/promise.js'
import { routingError } from '../routing/errors.js'
import { zoneNamed, type CompiledNetwork } from '../network/compile.js'
import { callMeter, capacityUsedOf, DEFAULT_UNFULFILLED_PENALTY, type WorkMeter } from '../routing/offers.js'
import { invalidInstant } from '../errors.js'
import type { CapacityUsed, RouteOptions } from '../routing/route.js'
import { compileRules, type CompiledRules } from '../rules/sourcing.js'
import type { StockState } from '../stock/index.js'
import { MS_PER_HOUR, parseInstant } from '../time.js'
import type { Zone } from '../time/zone.js'
import { amountMicros } from './amount.js'
import { compilePrice, type CompiledPrice } from './price.js'
import { networkTables, type NetworkTables } from './tables.js'
import type { PromiseError, PromiseOptions, PromiseRanking } from './types.js'

/** Pickup points and stores are looked for within this distance unless the request says. */
export const DEFAULT_RADIUS_KM = 30
/** At most this many pickup options, and this many reserve-in-store options, by default. */
export const DEFAULT_MAX_PICKUP_NODES = 5
/** Hours a reserve-in-store hold lasts once the goods are ready, by default. */
export const DEFAULT_HOLD_HOURS = 2
/** The order id the options' orders carry unless the request names one. */
export const DEFAULT_PROMISE_ORDER_ID = 'promise'

/** @internal */
export interface PromiseContext {
  readonly net: CompiledNetwork
  /** The promise's tables of the network (memos and scratch memory), looked up once per call. */
  readonly tables: NetworkTables
  readonly stock: StockState
  readonly lines: readonly OrderLine[]
  /** The lines as plan lines, by line id: what every single-node plan lists. */
  readonly planLines: readonly PlanLine[]
  /** Distinct SKUs in ascending order, and the units of each (over its lines). */
  readonly items: readonly string[]
  readonly demand: readonly number[]
  readonly quantity: number
  readonly channel: Id
  readonly location: Location
  /** The shopper's zone as the request names it, and compiled (once per call, from the network's memo). */
  readonly timeZone: ZoneName | undefined
  readonly customerZone: Zone | undefined
  readonly now: string
  readonly nowMs: number
  readonly methods: ReadonlySet<PromiseMethod>
  readonly radiusKm: number
  readonly maxPickupNodes: number
  readonly allowBackorder: boolean
  readonly value: string | undefined
  readonly valueMicros: number
  readonly orderId: Id
  /** The caller's network-wide rules, written into every order. */
  readonly rules: SourcingRules | undefined
  readonly compiledRules: CompiledRules
  readonly penalty: Amount
  readonly penaltyMicros: number
  readonly holdMs: number
  readonly rankBy: PromiseRanking
  readonly price: CompiledPrice
  readonly capacityUsedOption: RouteOptions['capacityUsed']
  readonly capacityUsed: (node: string) => CapacityUsed
  readonly maxSearchNodes: number | undefined
  /** The call's work meter: every option's search draws on it. */
  readonly meter: WorkMeter
}

const ALL_METHODS: ReadonlySet<PromiseMethod> = new Set(PROMISE_METHODS)

// A retailer passes the same rules and price rule on every call: the network's tables
// compile each object once.
const NO_RULES = compileRules({})
const compiledRules = (tables: NetworkTables, rules: SourcingRules | undefined): CompiledRules =>
  rules === undefined ? NO_RULES : tables.compiledRules(rules, compileRules)
const compiledPrice = (tables: NetworkTables, rule: PromiseOptions['price']): E.Either<PromiseError, CompiledPrice> =>
  rule === undefined || typeof rule !== 'object' || rule === null ? compilePrice(rule) : tables.compiledPrice(rule, compilePrice)

const invalid = (path: string, message: string): PromiseError => ({ _tag: 'invalid-request', path, message })

/** Normalises and checks a request and the options, once per call. */
export const promiseContext = (stock: StockState, request: PromiseRequest, options: PromiseOptions): E.Either<PromiseError, PromiseContext> => {
  const net = stock.network
  const nowMs = parseInstant(request.now)
  if (nowMs === undefined) return E.left(invalidInstant(request.now, '$.now'))
  let lines: OrderLine[]
  if ('sku' in request && request.sku !== undefined) {
    if ('lines' in request && (request as { readonly lines?: unknown }).lines !== undefined) {
      return E.left(invalid('$.lines', 'give either sku (a product page) or lines (a cart), not both'))
    }
    lines = [{ id: '1' as Id, sku: request.sku, quantity: request.quantity ?? (1 as OrderLine['quantity']) }]
  } else {
    const cart = (request as { readonly lines: readonly { readonly id?: Id; readonly sku: Id; readonly quantity: OrderLine['quantity'] }[] }).lines
    if (cart.length === 0) return E.left(invalid('$.lines', 'a cart has at least one line'))
    lines = cart.map((l, i) => ({ id: l.id ?? (String(i + 1) as Id), sku: l.sku, quantity: l.quantity }))
    const seen = new Set<string>()
    for (let i = 0; i < lines.length; i++) {
      const id = lines[i]?.id ?? ''
      if (seen.has(id)) return E.left(routingError('duplicate-line', `line id ${id} appears twice`, `$.lines[${i}].id`))
      seen.add(id)
    }
  }
  const only = lines.length === 1 ? (lines[0] as OrderLine) : undefined
  const items = only !== undefined ? [only.sku as string] : [...new Set(lines.map((l) => l.sku as string))].sort()
  const demand = only !== undefined ? [only.quantity as number] : items.map((sku) => lines.reduce((a, l) => (l.sku === sku ? a + l.quantity : a), 0))
  const quantity = only !== undefined ? (only.quantity as number) : demand.reduce((a, q) => a + q, 0)
  const penalty = options.unfulfilledPenalty ?? DEFAULT_UNFULFILLED_PENALTY
  const penaltyMicros = amountMicros(penalty)
  if (penaltyMicros === undefined) return E.left(invalid('$.options.unfulfilledPenalty', `expected an amount such as "1000", got ${JSON.stringify(penalty)}`))
  const holdHours = options.holdHours ?? DEFAULT_HOLD_HOURS
  if (!(typeof holdHours === 'number' && Number.isFinite(holdHours) && holdHours >= 0)) {
    return E.left(invalid('$.options.holdHours', `expected a non-negative number of hours, got ${JSON.stringify(holdHours)}`))
  }
  const rankBy = options.rankBy ?? 'distance'
  if (rankBy !== 'distance' && rankBy !== 'eta' && rankBy !== 'price') {
    return E.left(invalid('$.options.rankBy', `expected "distance", "eta" or "price", got ${JSON.stringify(rankBy)}`))
  }
  const tables = networkTables(net)
  const price = compiledPrice(tables, options.price)
  if (E.isLeft(price)) return price
  const wanted = request.methods ?? PROMISE_METHODS
  const planLines: PlanLine[] =
    only !== undefined
      ? [{ lineId: only.id, sku: only.sku, quantity: only.quantity }]
      : lines.map((l): PlanLine => ({ lineId: l.id, sku: l.sku, quantity: l.quantity })).sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0))
  return E.right({
    net,
    tables,
    stock,
    lines,
    planLines,
    items,
    demand,
    quantity,
    channel: request.channel,
    location: request.location,
    timeZone: request.timeZone,
    customerZone: request.timeZone === undefined ? undefined : zoneNamed(net, request.timeZone),
    now: request.now,
    nowMs,
    methods: wanted === PROMISE_METHODS ? ALL_METHODS : new Set(PROMISE_METHODS.filter((m) => wanted.includes(m))),
    radiusKm: request.radiusKm ?? DEFAULT_RADIUS_KM,
    maxPickupNodes: request.maxPickupNodes ?? DEFAULT_MAX_PICKUP_NODES,
    allowBackorder: request.allowBackorder === true,
    value: request.value,
    valueMicros: request.value === undefined ? 0 : (amountMicros(request.value) ?? 0),
    orderId: request.orderId ?? (DEFAULT_PROMISE_ORDER_ID as Id),
    rules: options.rules,
    compiledRules: compiledRules(tables, options.rules),
    penalty: penalty as Amount,
    penaltyMicros,
    holdMs: holdHours * MS_PER_HOUR,
    rankBy,
    price: price.right,
    capacityUsedOption: options.capacityUsed,
    capacityUsed: capacityUsedOf(options.capacityUsed),
    maxSearchNodes: options.maxSearchNodes,
    meter: callMeter(net, options.budget),
  })
}
