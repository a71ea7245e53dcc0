/**
 * Stock queries by id: ATP of one position, across the network, in a region or near a point;
 * a position's breakdown; inbound lots; live reservations. All pure and total: unknown ids
 * and invalid instants give 0 or empty results, never an exception.
 */
import type { LatLon } from '../geo.js'
import { distanceMetres } from '../geo.js'
import { hamtForEach } from '../internal/hamt.js'
import { parseInstant } from '../time.js'
import { type PositionBreakdown, atpAt, breakdownOf } from './atp.js'
import { forEachGridCandidate } from '../network/grid.js'
import { nodesHoldingSku, readPosition, skuIndexOf, validPosition } from './positions.js'
import type { Reservation, StockState } from './types.js'

/** ATP per node, and their total. */
export interface NetworkAtp {
  readonly total: number
  /** Nodes with ATP > 0, sorted by node id. */
  readonly byNode: readonly { readonly node: string; readonly atp: number }[]
}

/** A node near a point with ATP for the SKU. */
export interface NearbyAtp {
  readonly node: string
  readonly atp: number
  readonly distanceKm: number
}

/** `at` as epoch ms: undefined when absent, NaN when not an instant. */
const atMsOf = (at: string | undefined): number | undefined => (at === undefined ? undefined : parseInstant(at) ?? Number.NaN)

/**
 * ATP by ids: units of `sku` that `node` may still promise to `channel`, now (on hand) or at
 * instant `at` (inbound lots due by then count). Unknown node or SKU, or an invalid `at`,
 * give 0.
 *
 * @example availableToPromise(state, { node: 'paris-1', sku: 'sku-1', channel: 'web' }) // 7
 */
export const availableToPromise = (state: StockState, q: { readonly node: string; readonly sku: string; readonly channel: string; readonly at?: string }): number => {
  const atMs = atMsOf(q.at)
  if (Number.isNaN(atMs)) return 0
  return atpAt(state, skuIndexOf(state, q.sku), state.nodes.byId.get(q.node) ?? -1, q.channel, atMs)
}

/**
 * Where a position's units are, now, for `channel`: `onHand + shortfall = available +
 * reserved + ringFenced + safety`, plus inbound, backordered and the channel's ATP.
 * Undefined when the position does not exist.
 *
 * @example positionBreakdown(state, { node: 'paris-1', sku: 'sku-1', channel: 'web' })
 * // { onHand: 10, reserved: 3, safety: 2, ringFenced: 1, available: 4, inbound: 0, shortfall: 0, backordered: 0, atp: 4 }
 */
export const positionBreakdown = (
  state: StockState,
  q: { readonly node: string; readonly sku: string; readonly channel: string },
): PositionBreakdown | undefined => {
  const sku = skuIndexOf(state, q.sku)
  const node = state.nodes.byId.get(q.node) ?? -1
  if (!validPosition(state, sku, node)) return undefined
  const p = readPosition(state, sku, node)
  return p === undefined ? undefined : breakdownOf(state, p, sku, node, q.channel)
}

/**
 * Inbound lots not yet received at a position, by eta then id.
 *
 * @example inboundLotsAt(state, sku, node) // [{ id: 'po-7', quantity: 40, etaMs: 1796112000000 }]
 */
export const inboundLotsAt = (
  state: StockState,
  skuIndex: number,
  nodeIndex: number,
): ReadonlyArray<{ readonly id: string; readonly quantity: number; readonly etaMs: number }> => {
  if (!validPosition(state, skuIndex, nodeIndex)) return []
  return readPosition(state, skuIndex, nodeIndex)?.lots ?? []
}

const acrossNodes = (state: StockState, sku: string, channel: string, at: string | undefined, keep: (node: number) => boolean): NetworkAtp => {
  const atMs = atMsOf(at)
  const s = skuIndexOf(state, sku)
  if (s < 0 || Number.isNaN(atMs)) return { total: 0, byNode: [] }
  let total = 0
  const byNode: Array<{ readonly node: string; readonly atp: number }> = []
  for (const n of nodesHoldingSku(state, s)) {
    if (!keep(n)) continue
    const atp = atpAt(state, s, n, channel, atMs)
    if (atp <= 0) continue
    total += atp
    byNode.push({ node: state.nodes.ids[n] as string, atp })
  }
  return { total, byNode }
}

/**
 * ATP of an SKU for a channel at every node that has some, and the network total.
 *
 * @example atpAcrossNetwork(state, { sku: 'sku-1', channel: 'web' }) // { total: 19, byNode: [{ node: 'lyon-1', atp: 12 }, …] }
 */
export const atpAcrossNetwork = (
  state: StockState,
  q: { readonly sku: string; readonly channel: string; readonly at?: string },
): NetworkAtp => acrossNodes(state, q.sku, q.channel, q.at, () => true)

/**
 * ATP of an SKU for a channel at the nodes of one region.
 *
 * @example atpInRegion(state, { sku: 'sku-1', channel: 'web', region: 'idf' }) // { total: 7, byNode: [{ node: 'paris-1', atp: 7 }] }
 */
export const atpInRegion = (
  state: StockState,
  q: { readonly sku: string; readonly channel: string; readonly region: string; readonly at?: string },
): NetworkAtp => acrossNodes(state, q.sku, q.channel, q.at, (n) => state.nodes.region[n] === q.region)

/**
 * Nodes within `radiusKm` of `point` with ATP > 0 for the SKU and channel, nearest first (ties
 * by node id), at most `limit`. Visits whichever is smaller: the SKU's positions, or the
 * nodes of the grid cells around the point.
 *
 * @example atpNear(state, { sku: 'sku-1', channel: 'web', point: { lat: 48.85, lon: 2.35 }, radiusKm: 50, limit: 3 })
 * // [{ node: 'paris-1', atp: 7, distanceKm: 1.2 }, …]
 */
export const atpNear = (
  state: StockState,
  q: {
    readonly sku: string
    readonly channel: string
    readonly point: LatLon
    readonly radiusKm: number
    readonly at?: string
    readonly limit?: number
  },
): readonly NearbyAtp[] => {
  const atMs = atMsOf(q.at)
  const s = skuIndexOf(state, q.sku)
  const limit = q.limit ?? Infinity
  if (s < 0 || Number.isNaN(atMs) || !(q.radiusKm >= 0) || !(limit > 0)) return []
  const nodes = state.nodes
  const maxMetres = q.radiusKm * 1000
  const found: Array<{ node: number; metres: number; atp: number }> = []
  const consider = (n: number): void => {
    const metres = distanceMetres(q.point, { lat: nodes.lat[n] as number, lon: nodes.lon[n] as number })
    if (metres > maxMetres) return
    const atp = atpAt(state, s, n, q.channel, atMs)
    if (atp > 0) found.push({ node: n, metres, atp })
  }
  const base = state.base
  // Positions created since the snapshot are few; the snapshot count decides the strategy.
  const positions = s < base.skuCount ? (base.offsets[s + 1] as number) - (base.offsets[s] as number) : 0
  const cells = forEachGridCandidate(nodes, q.point, q.radiusKm)
  if (positions <= cells) for (const n of nodesHoldingSku(state, s)) consider(n)
  else forEachGridCandidate(nodes, q.point, q.radiusKm, consider)
  found.sort((a, b) => a.metres - b.metres || a.node - b.node)
  const out: NearbyAtp[] = []
  for (const f of found) {
    if (out.length >= limit) break
    out.push({ node: nodes.ids[f.node] as string, atp: f.atp, distanceKm: f.metres / 1000 })
  }
  return out
}

/**
 * Live (held or confirmed) reservations, sorted by id.
 *
 * @example liveReservations(state).map((r) => r.id) // ['r-1', 'r-4']
 */
export const liveReservations = (state: StockState): readonly Reservation[] => {
  const out: Reservation[] = []
  hamtForEach(state.reservations, (rec) => out.push(rec))
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * The instant of the latest event the state has seen since its snapshot, as that event gave
 * it, or undefined before any: the earliest `now` a command may be given (an earlier one is
 * `time-went-back`).
 *
 * @example lastEventAt(unwrap(confirm(state, 'r-1', '2026-11-27T11:00:00Z')).state) // '2026-11-27T11:00:00Z'
 */
export const lastEventAt = (state: StockState): string | undefined => (state.lastEventAt === '' ? undefined : state.lastEventAt)
