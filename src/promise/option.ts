/**
 * From a routed plan to a promise option: sources, ETA, cost, what the sources could still
 * promise, the hold of a reserve-in-store, and the price; and the ranking.
 *
 * @internal
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Order } from '../model/order.js'
import type { PromiseMethod } from '../model/promise.js'
import { atpAt, skuIndexOf } from '../stock/index.js'
import { formatInstant, parseInstant } from '../time.js'
import { amountMicros } from './amount.js'
import type { PromiseContext } from './context.js'
import { priceOf, tierOf } from './price.js'
import type { PricingInput, PromiseError, PromiseLine, PromiseOption, PromisedPlan } from './types.js'

/** True when the plan serves every unit (options are all-or-nothing orders). */
export const servesAll = (plan: PromisedPlan): boolean => plan.unfulfilled.length === 0 && plan.allocations.length > 0

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** ATP the plan's source nodes of `sku` still have, each at the latest instant the plan takes from it. */
const availableAt = (ctx: PromiseContext, plan: PromisedPlan, sku: string): number => {
  const latest = new Map<string, number>()
  for (const a of plan.allocations) {
    if (a.sku !== sku) continue
    const at = a.availableAt === undefined ? Number.NEGATIVE_INFINITY : (parseInstant(a.availableAt) ?? Number.NEGATIVE_INFINITY)
    latest.set(a.node, Math.max(latest.get(a.node) ?? Number.NEGATIVE_INFINITY, at))
  }
  const s = skuIndexOf(ctx.stock, sku)
  let total = 0
  for (const [node, at] of latest) {
    total += atpAt(ctx.stock, s, ctx.net.nodes.byId.get(node) ?? -1, ctx.channel, at === Number.NEGATIVE_INFINITY ? undefined : at)
  }
  return total
}

/** An option and the keys it is ranked by. */
export interface Ranked {
  readonly option: PromiseOption
  readonly etaMs: number
  readonly priceMicros: number
  readonly metres: number
}

/**
 * The option for a plan that serves every unit; priced. `etaMs` is the plan's ETA (known to
 * the caller, so it is not parsed back); `sourceAtp`, when the plan takes one SKU from one
 * node, is that node's ATP (known to the fast path).
 */
export const optionOf = (
  ctx: PromiseContext,
  method: PromiseMethod,
  node: number,
  metres: number,
  order: Order,
  plan: PromisedPlan,
  etaMs: number,
  sourceAtp?: number,
): E.Either<PromiseError, Ranked> => {
  const allocations = plan.allocations
  const first = allocations[0]?.node
  let one = first !== undefined
  for (let i = 1; one && i < allocations.length; i++) one = (allocations[i] as { readonly node: string }).node === first
  const sources: readonly string[] = one ? [first as string] : [...new Set(allocations.map((a) => a.node))].sort(compareIds)
  let lines: PromiseLine[]
  if (sourceAtp !== undefined && ctx.items.length === 1) {
    const one = ctx.lines.length === 1 ? ctx.lines[0] : undefined
    if (one !== undefined) lines = [{ lineId: one.id, sku: one.sku, quantity: one.quantity, available: sourceAtp }]
    else {
      lines = []
      for (const l of ctx.lines) lines.push({ lineId: l.id, sku: l.sku, quantity: l.quantity, available: sourceAtp })
    }
  } else {
    const available = ctx.items.map((sku) => availableAt(ctx, plan, sku))
    lines = ctx.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity, available: available[ctx.items.indexOf(l.sku)] ?? 0 }))
  }
  const eta = plan.eta ?? formatInstant(etaMs)
  const id = node >= 0 ? (ctx.net.nodes.ids[node] as string) : undefined
  const name = node >= 0 ? ctx.tables.names[node] : undefined
  const holdUntil = method === 'reserve-in-store' ? formatInstant(etaMs + ctx.holdMs) : undefined
  const parts: OptionParts = { method, id, name, metres, sources, plan, eta, quantity: ctx.quantity, lines, holdUntil, order }
  let price: string
  let priceMicros: number | undefined
  const rule = ctx.price
  if (rule.kind === 'function') {
    const input = optionRecord(parts, undefined) as Writable<PricingInput>
    if (ctx.value !== undefined) input.value = ctx.value
    const priced = priceOf(rule, input, ctx.valueMicros)
    if (E.isLeft(priced)) return priced
    price = priced.right
  } else {
    const tier = rule.kind === 'tiers' ? tierOf(rule.tiers, method, ctx.valueMicros) : undefined
    price = tier === undefined ? plan.totalCost : tier.price
    priceMicros = tier?.priceMicros
  }
  return E.right({
    option: pricedRecord(parts, price),
    etaMs,
    priceMicros: priceMicros ?? amountMicros(price) ?? Number.MAX_SAFE_INTEGER,
    metres: node >= 0 ? Math.round(metres) : 0,
  })
}

/** What an option says, before it is priced. */
interface OptionParts {
  readonly method: PromiseMethod
  readonly id: string | undefined
  readonly name: string | undefined
  readonly metres: number
  readonly sources: readonly string[]
  readonly plan: PromisedPlan
  readonly eta: string
  readonly quantity: number
  readonly lines: readonly PromiseLine[]
  readonly holdUntil: string | undefined
  readonly order: Order
}

/**
 * The priced option record, written as one literal for the shapes a product page makes:
 * built property by property, each record grew its property store several times (most of
 * what a call allocated). Keys keep the order of {@link optionRecord}, which builds the rest.
 */
const pricedRecord = (p: OptionParts, price: string): PromiseOption => {
  const transfer = p.plan.transfers.length > 0
  const cost = p.plan.totalCost
  if (p.id === undefined) {
    if (p.holdUntil !== undefined) return optionRecord(p, price)
    return { method: p.method, sources: p.sources, transfer, eta: p.eta, cost, price, quantity: p.quantity, lines: p.lines, order: p.order, plan: p.plan }
  }
  const km = Math.round(p.metres) / 1000
  if (p.name === undefined) {
    return p.holdUntil === undefined
      ? { method: p.method, node: p.id, distanceKm: km, sources: p.sources, transfer, eta: p.eta, cost, price, quantity: p.quantity, lines: p.lines, order: p.order, plan: p.plan }
      : { method: p.method, node: p.id, distanceKm: km, sources: p.sources, transfer, eta: p.eta, cost, price, quantity: p.quantity, lines: p.lines, holdUntil: p.holdUntil, order: p.order, plan: p.plan }
  }
  return p.holdUntil === undefined
    ? { method: p.method, node: p.id, nodeName: p.name, distanceKm: km, sources: p.sources, transfer, eta: p.eta, cost, price, quantity: p.quantity, lines: p.lines, order: p.order, plan: p.plan }
    : { method: p.method, node: p.id, nodeName: p.name, distanceKm: km, sources: p.sources, transfer, eta: p.eta, cost, price, quantity: p.quantity, lines: p.lines, holdUntil: p.holdUntil, order: p.order, plan: p.plan }
}

/**
 * The option record. Built by assignment rather than by spreading optional parts: this runs
 * a dozen times per product-page call, and object spread is markedly slower in V8. Keys keep
 * one order.
 */
const optionRecord = (p: OptionParts, price: string | undefined): Writable<PromiseOption> => {
  const o = { method: p.method } as Writable<PromiseOption>
  if (p.id !== undefined) o.node = p.id
  if (p.name !== undefined) o.nodeName = p.name
  if (p.id !== undefined) o.distanceKm = Math.round(p.metres) / 1000
  o.sources = p.sources
  o.transfer = p.plan.transfers.length > 0
  o.eta = p.eta
  o.cost = p.plan.totalCost
  if (price !== undefined) o.price = price
  o.quantity = p.quantity
  o.lines = p.lines
  if (p.holdUntil !== undefined) o.holdUntil = p.holdUntil
  o.order = p.order
  o.plan = p.plan
  return o
}

type Writable<T> = { -readonly [K in keyof T]: T[K] }

const METHOD_RANK: Readonly<Record<PromiseMethod, number>> = { ship: 0, pickup: 1, 'reserve-in-store': 2 }

/** Ranks options: the chosen key first, then eta, price, distance, method, node id. */
export const rankOptions = (ctx: PromiseContext, options: Ranked[]): readonly PromiseOption[] => {
  const first = ctx.rankBy === 'eta' ? 'etaMs' : ctx.rankBy === 'price' ? 'priceMicros' : 'metres'
  const before = (a: Ranked, b: Ranked): number =>
    a[first] - b[first] ||
    a.etaMs - b.etaMs ||
    a.priceMicros - b.priceMicros ||
    a.metres - b.metres ||
    METHOD_RANK[a.option.method] - METHOD_RANK[b.option.method] ||
    compareIds(a.option.node ?? '', b.option.node ?? '')
  // Insertion sort: a dozen options, and Array.prototype.sort allocates a run buffer per
  // call. Stable, as that sort is, so the order is the same.
  const out: PromiseOption[] = []
  for (let i = 0; i < options.length; i++) {
    const r = options[i] as Ranked
    let j = i - 1
    while (j >= 0 && before(options[j] as Ranked, r) > 0) {
      options[j + 1] = options[j] as Ranked
      j--
    }
    options[j + 1] = r
  }
  for (const r of options) out.push(r.option)
  return out
}
