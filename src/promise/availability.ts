/**
 * Per-store availability for a product page: the nearest stores and what each may promise of
 * a SKU, bucketed the way the retailer shows it ("in stock", "low stock", "none").
 */
import * as E from 'fp-ts/lib/Either.js'
import type { LatLon } from '../geo.js'
import { NODE_KINDS, type NodeKind } from '../model/network.js'
import { parseInstant } from '../time.js'
import { atpAt, skuIndexOf, type StockState } from '../stock/index.js'
import { DEFAULT_RADIUS_KM } from './context.js'
import { Nearby, NearestFirst } from './geometry.js'
import type { PromiseError } from './types.js'

/** A label shown when a store's ATP is at least `min` (and below the next bucket's `min`). */
export interface AvailabilityBucket {
  readonly label: string
  readonly min: number
}

/** `none` at 0, `low-stock` from 1, `in-stock` from 4 units. */
export const DEFAULT_AVAILABILITY_BUCKETS: readonly AvailabilityBucket[] = [
  { label: 'none', min: 0 },
  { label: 'low-stock', min: 1 },
  { label: 'in-stock', min: 4 },
]

/** Which SKU, for which channel, near where. */
export interface StoreAvailabilityQuery {
  readonly sku: string
  readonly channel: string
  readonly location: LatLon
  /** Stores further than this are not listed. Default 30 km. */
  readonly radiusKm?: number
  /** At most this many stores, nearest first. Default 10. */
  readonly limit?: number
  /** Count inbound lots due by this instant (ISO-8601); default: on hand now. */
  readonly at?: string
}

/** How availability is shown. */
export interface StoreAvailabilityOptions {
  /** Buckets by minimum ATP; one must start at 0. Default {@link DEFAULT_AVAILABILITY_BUCKETS}. */
  readonly buckets?: readonly AvailabilityBucket[]
  /** Node kinds listed. Default `['store']`. */
  readonly kinds?: readonly NodeKind[]
}

/** One store's availability. */
export interface StoreAvailability {
  readonly node: string
  readonly name?: string
  readonly distanceKm: number
  /** ATP for the channel: after safety stock, the count-confidence buffer, other channels' ring-fences and reservations. */
  readonly atp: number
  /** The label of the bucket `atp` falls in. */
  readonly bucket: string
}

/** Stores are listed up to this many unless the query says. */
export const DEFAULT_AVAILABILITY_LIMIT = 10

const invalid = (path: string, message: string): PromiseError => ({ _tag: 'invalid-request', path, message })

/**
 * The `limit` stores nearest to `location` within `radiusKm` (ties by node id), each with its
 * ATP of `sku` for `channel` and the bucket that ATP falls in. ATP already holds back safety
 * stock and the count-confidence buffer, so a store never shows its last, uncertain unit as
 * available. Stores without the SKU are listed with ATP 0, so the page can say "none".
 *
 * @example
 * storeAvailability(stock, { sku: 'JACKET-M', channel: 'web', location: { lat: 45.7578, lon: 4.832 }, limit: 3 })
 * // E.right([{ node: 'S-LYON-PART-DIEU', distanceKm: 2.1, atp: 0, bucket: 'none' },
 * //          { node: 'S-VILLEURBANNE', distanceKm: 4.6, atp: 2, bucket: 'low-stock' }])
 */
export const storeAvailability = (
  stock: StockState,
  query: StoreAvailabilityQuery,
  options: StoreAvailabilityOptions = {},
): E.Either<PromiseError, readonly StoreAvailability[]> => {
  const buckets = options.buckets ?? DEFAULT_AVAILABILITY_BUCKETS
  if (!Array.isArray(buckets) || !buckets.some((b) => b?.min === 0)) return E.left(invalid('options.buckets', 'one bucket must start at 0'))
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i] as AvailabilityBucket | null
    if (b === null || typeof b !== 'object' || typeof b.label !== 'string' || !Number.isSafeInteger(b.min) || b.min < 0) {
      return E.left(invalid(`options.buckets[${i}]`, 'a bucket is { label: string, min: whole number ≥ 0 }'))
    }
  }
  // Highest minimum first; equal minimums keep the first listed.
  const ordered = buckets.map((b, i) => ({ b, i })).sort((x, y) => y.b.min - x.b.min || x.i - y.i)
  const radiusKm = query.radiusKm ?? DEFAULT_RADIUS_KM
  const limit = query.limit ?? DEFAULT_AVAILABILITY_LIMIT
  if (!(radiusKm >= 0)) return E.left(invalid('$.radiusKm', 'expected a distance in km ≥ 0'))
  if (!(Number.isSafeInteger(limit) && limit >= 0)) return E.left(invalid('$.limit', 'expected a whole number ≥ 0'))
  const atMs = query.at === undefined ? undefined : parseInstant(query.at)
  if (query.at !== undefined && atMs === undefined) return E.left(invalid('$.at', `not an ISO-8601 instant: ${JSON.stringify(query.at)}`))
  const kinds = (options.kinds ?? ['store']).map((k) => NODE_KINDS.indexOf(k))
  const nodes = stock.nodes
  const sku = skuIndexOf(stock, query.sku)
  const out: StoreAvailability[] = []
  if (limit === 0) return E.right(out)
  let kindMask = 0
  for (const k of kinds) if (k >= 0) kindMask |= 1 << k
  const stores = new NearestFirst(nodes, new Nearby(nodes, query.location, radiusKm, { capabilities: 0, kinds: kindMask }))
  for (let near = stores.next(); near !== undefined && out.length < limit; near = stores.next()) {
    const atp = sku < 0 ? 0 : atpAt(stock, sku, near.node, query.channel, atMs)
    const bucket = ordered.find((x) => x.b.min <= atp)?.b.label ?? ''
    const name = nodes.nodes[near.node]?.name
    out.push({
      node: nodes.ids[near.node] as string,
      ...(name === undefined ? {} : { name }),
      distanceKm: near.metres / 1000,
      atp,
      bucket,
    })
  }
  return E.right(out)
}
