/**
 * Available to promise.
 *
 * For a position with on hand H, safety stock S plus confidence buffer B, ring-fences F_d per
 * channel d (a quantity, or floor(percent × H / 100)), live reservations r_d(τ) of channel d
 * promised at or before τ (immediate reservations count at every τ) and inbound lots L(τ)
 * with eta ≤ τ, the units channel c may still promise at instant τ are
 *
 *     free(τ, c) = H + L(τ) − S − B − Σ_d max(F_d, r_d(τ)) + max(0, F_c − r_c(τ))
 *                = H + L(τ) − S − B − R(τ) − Σ_{d≠c} max(0, F_d − r_d(τ))
 *
 * where R(τ) = Σ_d r_d(τ): a channel's reservations consume its own fence first, and other
 * channels' unconsumed fences are out of reach. A promise made at t must still hold later,
 * when backorder reservations fall due, so
 *
 *     ATP_c(t) = max(0, min over τ ∈ {t} ∪ {lot etas > t} ∪ {reservation instants > t} of free(τ, c)).
 *
 * With no `at`, t = −∞: no inbound lot counts, every reservation does (immediate ones at once,
 * backorders at their instant, against the lots due by then). ATP is monotone in t.
 */
import { hamtGet } from '../internal/hamt.js'
import { resolveScoped, fenceSize, type ResolvedPolicies } from './policies.js'
import { baseEntry, baseSlot, readPosition, validPosition } from './positions.js'
import type { Hold, Position, PositionLot, StockState } from './types.js'

/** Ring-fences in force at one position: channel names and sizes, parallel arrays. */
interface Fences {
  readonly channels: readonly string[]
  readonly sizes: readonly number[]
}

const NO_FENCES: Fences = { channels: [], sizes: [] }

/**
 * The ring-fences at position (sku, node) for on hand `onHand`, resolved from the node's list
 * of fenced channels.
 *
 * @example fencesAt(state.policies, node, kind, sku, 10) // { channels: ['store'], sizes: [2] }
 * @internal
 */
export const fencesAt = (policies: ResolvedPolicies, node: number, kind: number, sku: number, onHand: number): Fences => {
  const applicable = policies.nodeFenceChannels[node]
  if (applicable === undefined || applicable.length === 0) return NO_FENCES
  const channels: string[] = []
  const sizes: number[] = []
  for (let k = 0; k < applicable.length; k++) {
    const i = applicable[k] as number
    const rule = resolveScoped(policies.fences[i] as NonNullable<(typeof policies.fences)[number]>, node, kind, sku)
    if (rule === undefined) continue
    const size = fenceSize(rule, onHand)
    if (size <= 0) continue
    channels.push(policies.fenceChannels[i] as string)
    sizes.push(size)
  }
  return channels.length === 0 ? NO_FENCES : { channels, sizes }
}

/** Units of `channel` reserved at the position and promised at or before τ. */
const reservedBy = (p: Position, channel: string, tau: number): number => {
  let r = 0
  const holds = p.holds
  for (let k = 0; k < holds.length; k++) {
    const h = holds[k] as Hold
    if (h.atMs > tau) break
    if (h.channel === channel) r += h.quantity
  }
  return r
}

/** free(τ, c), unclamped. */
const freeAt = (p: Position, fences: Fences, channel: string, tau: number): number => {
  let inbound = 0
  const lots = p.lots
  for (let k = 0; k < lots.length; k++) {
    const lot = lots[k] as PositionLot
    if (lot.etaMs > tau) break
    inbound += lot.quantity
  }
  let reserved = 0
  const holds = p.holds
  for (let k = 0; k < holds.length; k++) {
    const h = holds[k] as Hold
    if (h.atMs > tau) break
    reserved += h.quantity
  }
  let fenced = 0
  for (let i = 0; i < fences.channels.length; i++) {
    const d = fences.channels[i] as string
    if (d === channel) continue
    fenced += Math.max(0, (fences.sizes[i] as number) - reservedBy(p, d, tau))
  }
  return p.onHand + inbound - p.heldBack - reserved - fenced
}

/**
 * min over the breakpoints ≥ t of free(τ, c), unclamped (negative when the position is
 * over-promised). Lot etas only raise free(τ), so the minimum is at t or at a reservation
 * instant after t.
 *
 * @example minFreeFrom(position, fences, 'web', -Infinity) // 7, or negative when over-promised
 * @internal
 */
export const minFreeFrom = (p: Position, fences: Fences, channel: string, t: number): number => {
  let best = freeAt(p, fences, channel, t)
  let last = t
  const holds = p.holds
  for (let k = 0; k < holds.length; k++) {
    const h = holds[k] as Hold
    if (h.atMs <= last) continue
    last = h.atMs
    const f = freeAt(p, fences, channel, h.atMs)
    if (f < best) best = f
  }
  return best
}

/**
 * ATP of a position for `channel` at `t` (−Infinity for "now, on hand only").
 *
 * @example positionAtp(state, position, sku, node, 'web', Date.parse('2026-12-01T00:00:00Z')) // 12
 * @internal
 */
export const positionAtp = (state: StockState, p: Position, sku: number, node: number, channel: string, t: number): number => {
  const fences = fencesAt(state.policies, node, state.nodes.kind[node] as number, sku, p.onHand)
  return Math.max(0, minFreeFrom(p, fences, channel, t))
}

/** ATP of a snapshot position that has inbound lots (the general path). */
const atpWithLots = (state: StockState, sku: number, node: number, channel: string, atMs: number | undefined): number =>
  positionAtp(state, readPosition(state, sku, node) as Position, sku, node, channel, atMs === undefined || Number.isNaN(atMs) ? -Infinity : atMs)

/**
 * Available to promise of SKU index `skuIndex` at node index `nodeIndex` for `channel`, at
 * epoch ms `atMs` (inbound lots due by then count) or, without `atMs`, from on hand now. The
 * routing engine's hot path: a snapshot position with no changes costs one overlay probe, one
 * binary search and the node's fences. Unknown indexes give 0.
 *
 * @example atpAt(state, skuIndexOf(state, 'sku-1'), state.nodes.byId.get('paris-1') ?? -1, 'web') // 7
 */
export const atpAt = (state: StockState, skuIndex: number, nodeIndex: number, channel: string, atMs?: number): number => {
  if (!validPosition(state, skuIndex, nodeIndex)) return 0
  if (state.overlay.size > 0) {
    const p = hamtGet(state.overlay, skuIndex * state.nodes.count + nodeIndex)
    if (p !== undefined) return positionAtp(state, p, skuIndex, nodeIndex, channel, atMs === undefined || Number.isNaN(atMs) ? -Infinity : atMs)
  }
  const base = state.base
  let onHand: number
  let free: number
  const e = baseEntry(base, skuIndex, nodeIndex)
  if (e >= 0) {
    // One cache line: slot (negative when the position has lots), on hand, held back.
    const table = base.slotTable
    if ((table[4 * e + 1] as number) < 0) return atpWithLots(state, skuIndex, nodeIndex, channel, atMs)
    onHand = table[4 * e + 2] as number
    free = onHand - (table[4 * e + 3] as number)
  } else {
    const slot = base.slotTable.length > 0 ? -1 : baseSlot(base, skuIndex, nodeIndex)
    if (slot < 0) return 0
    if (base.hasLots[slot] === 1) return atpWithLots(state, skuIndex, nodeIndex, channel, atMs)
    onHand = base.counts[2 * slot] as number
    free = onHand - (base.counts[2 * slot + 1] as number)
  }
  const policies = state.policies
  const applicable = policies.nodeFenceChannels[nodeIndex] as readonly number[]
  if (applicable.length > 0) {
    const kind = state.nodes.kind[nodeIndex] as number
    for (let k = 0; k < applicable.length; k++) {
      const i = applicable[k] as number
      if (policies.fenceChannels[i] === channel) continue
      const rule = resolveScoped(policies.fences[i] as NonNullable<(typeof policies.fences)[number]>, nodeIndex, kind, skuIndex)
      if (rule !== undefined) free -= Math.max(0, fenceSize(rule, onHand))
    }
  }
  return free > 0 ? free : 0
}

/**
 * Where a position's on hand is, now. `onHand + shortfall = available + reserved + ringFenced
 * + safety` always holds.
 */
export interface PositionBreakdown {
  readonly onHand: number
  /** Units of immediate live reservations (backorders are in `backordered`). */
  readonly reserved: number
  /** Safety stock plus confidence buffer actually covered by on hand. */
  readonly safety: number
  /** Σ_d max(0, F_d − r_d) over every channel (including the queried one), as covered by on hand. */
  readonly ringFenced: number
  /** On hand not reserved, fenced or held back: what any channel may promise now. */
  readonly available: number
  /** Units of inbound lots not yet received. */
  readonly inbound: number
  /** Units reserved beyond on hand (after a cycle count found fewer units than were held). */
  readonly shortfall: number
  /** Units of live backorder reservations (promised from inbound at a later instant). */
  readonly backordered: number
  /** ATP for the queried channel now: `available` plus its own unconsumed fence, less what future backorders need. */
  readonly atp: number
}

/**
 * The breakdown of a position for `channel`. On hand covers immediate reservations first,
 * then safety stock (with buffer), then ring-fences; what remains is available. When on hand
 * falls below what is reserved, safety and fences shrink to zero first and the rest is
 * shortfall.
 *
 * @example breakdownOf(state, position, sku, node, 'web').available // 4
 * @internal
 */
export const breakdownOf = (state: StockState, p: Position, sku: number, node: number, channel: string): PositionBreakdown => {
  const fences = fencesAt(state.policies, node, state.nodes.kind[node] as number, sku, p.onHand)
  let reserved = 0
  let backordered = 0
  for (const h of p.holds) {
    if (h.atMs === -Infinity) reserved += h.quantity
    else backordered += h.quantity
  }
  let fenceNeed = 0
  for (let i = 0; i < fences.channels.length; i++) {
    fenceNeed += Math.max(0, (fences.sizes[i] as number) - reservedBy(p, fences.channels[i] as string, -Infinity))
  }
  let rest = Math.max(0, p.onHand - reserved)
  const safety = Math.min(p.heldBack, rest)
  rest -= safety
  const ringFenced = Math.min(fenceNeed, rest)
  rest -= ringFenced
  let inbound = 0
  for (const lot of p.lots) inbound += lot.quantity
  return {
    onHand: p.onHand,
    reserved,
    safety,
    ringFenced,
    available: rest,
    inbound,
    shortfall: Math.max(0, reserved - p.onHand),
    backordered,
    atp: Math.max(0, minFreeFrom(p, fences, channel, -Infinity)),
  }
}
