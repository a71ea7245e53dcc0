/**
 * Reserve-in-store: the stores near the shopper that may hold the whole request, and the plan
 * at one of them. It needs no search: the store's own shelves are its only facility, priced
 * and timed by the facility model.
 *
 * @internal
 */
import { distanceMetres, metresBelow, unitVectorOf } from '../geo.js'
import type { Order } from '../model/order.js'
import { unitCostOf, unitsToday } from '../routing/facilities.js'
import { wholeOfferPlan, type Offer } from '../routing/offers.js'
import { ineligibility, skuAllowedAt } from '../rules/sourcing.js'
import { atpAt, nodesHoldingSku, skuIndexOf } from '../stock/index.js'
import type { PromiseContext } from './context.js'

import { pointOf, type FastAnswer } from './fast.js'
import type { SkuSupply } from './sku-supply.js'

/**
 * Stores within the radius that may hold everything the request needs, nearest first (ties
 * by node index): those holding every SKU of the request, by exact distance.
 */
export const reserveCandidates = (
  ctx: PromiseContext,
  isStore: (node: number) => boolean,
  holders?: ArrayLike<number>,
): ReadonlyArray<{ readonly node: number; readonly metres: number }> => {
  const { stock, net } = ctx
  let common: ArrayLike<number> | undefined = holders
  if (common === undefined) {
    for (const skuId of ctx.items) {
      const s = skuIndexOf(stock, skuId)
      const holding = s < 0 ? [] : nodesHoldingSku(stock, s)
      common = common === undefined ? holding : intersectSorted(common, holding)
      if (common.length === 0) return []
    }
  }
  const v = net.nodes.unitVectors
  const p = unitVectorOf(ctx.location)
  const limit = ctx.radiusKm * 1000
  const out: { node: number; metres: number }[] = []
  const candidates = common ?? []
  for (let k = 0; k < candidates.length; k++) {
    const n = candidates[k] as number
    if (!isStore(n) || metresBelow(v, 3 * n, p) > limit) continue
    const metres = distanceMetres(ctx.location, pointOf(ctx, n))
    if (metres <= limit) out.push({ node: n, metres })
  }
  return out.sort((a, b) => a.metres - b.metres || a.node - b.node)
}

/**
 * {@link reserveCandidates} for one SKU: the stores holding it within the radius, by exact
 * distance (ties by node index), read off its holders' bitset.
 */
export const reserveCandidatesHeld = (
  ctx: PromiseContext,
  isStore: (node: number) => boolean,
  h: SkuSupply,
): ReadonlyArray<{ readonly node: number; readonly metres: number }> => {
  const v = ctx.net.nodes.unitVectors
  const p = unitVectorOf(ctx.location)
  const limit = ctx.radiusKm * 1000
  const out: { node: number; metres: number }[] = []
  const bits = h.bits
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w] as number
    while (word !== 0) {
      const low = word & -word
      word ^= low
      const n = (w << 5) | (31 - Math.clz32(low))
      if (!isStore(n) || metresBelow(v, 3 * n, p) > limit) continue
      const metres = distanceMetres(ctx.location, pointOf(ctx, n))
      if (metres > limit) continue
      // Inserted in order of (metres, node): a handful of stores, and sort allocates per call.
      const store = { node: n, metres }
      let j = out.length - 1
      out.push(store)
      for (; j >= 0; j--) {
        const o = out[j] as { node: number; metres: number }
        if (o.metres < metres || (o.metres === metres && o.node < n)) break
        out[j + 1] = o
      }
      out[j + 1] = store
    }
  }
  return out
}

const intersectSorted = (a: ArrayLike<number>, b: ArrayLike<number>): number[] => {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) {
      out.push(x)
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return out
}

/**
 * Reserve-in-store at `store`, any request: its own shelves are the only facility the order
 * allows, so the plan is that facility serving everything, or nothing. The order's extra
 * rules (nothing beyond 0 km, co-located nodes excluded) never exclude the store itself, so
 * the call's own rules decide whether its shelves may source.
 */
export const reserveServes = (ctx: PromiseContext, store: number, h?: SkuSupply): boolean => {
  const { net, stock } = ctx
  if (h !== undefined) {
    // One SKU: the holders already know (or will remember) the store's ATP and rules.
    return h.canSend(store) && h.sendable(store) >= (ctx.demand[0] ?? 0) && (net.unitMicros[store] ?? 0) < ctx.penaltyMicros
  }
  if (!hasRoomFor(ctx, store)) return false
  for (let s = 0; s < ctx.items.length; s++) {
    const skuId = ctx.items[s] as string
    if (atpAt(stock, skuIndexOf(stock, skuId), store, ctx.channel) < (ctx.demand[s] ?? 0)) return false
  }
  const nodes = net.nodes
  if (ineligibility(ctx.compiledRules, nodes, store, 0) !== undefined) return false
  for (const skuId of ctx.items) if (!skuAllowedAt(ctx.compiledRules, nodes, net.skuAttributes.get(skuId) ?? [], store)) return false
  // All-or-nothing: serving nothing costs the penalties and wins a tie.
  return (net.unitMicros[store] ?? 0) < ctx.penaltyMicros
}

/** True when `store` may still pick today every unit of the request (its daily capacity). */
const hasRoomFor = (ctx: PromiseContext, store: number): boolean => {
  const room = unitsToday(ctx.net, ctx.capacityUsed, store)
  return room > 0 && room >= ctx.quantity
}

/** The reserve-in-store plan at `store`, once {@link reserveServes} said it serves. */
export const reservePlan = (ctx: PromiseContext, store: number, order: Order, h?: SkuSupply): FastAnswer => {
  const net = ctx.net
  const own: Offer = { node: store, role: 'own', fixed: 0, unit: unitCostOf(net, 'own', store, 0), metres: 0, capacity: ctx.quantity }
  const { plan, etaMs } = wholeOfferPlan(net, ctx.nowMs, order, ctx.planLines, { mode: 'pickup', node: store }, own)
  // One SKU: the store's ATP is what it can still promise; a cart's is looked up per SKU.
  const available =
    h !== undefined && h.holds(store) ? h.atp(store) : ctx.items.length === 1 ? atpAt(ctx.stock, skuIndexOf(ctx.stock, ctx.items[0] as string), store, ctx.channel) : -1
  return { kind: 'plan', plan, etaMs, available }
}
