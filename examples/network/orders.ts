/**
 * Seeded orders for a generated retailer: customers drawn in proportion to commune
 * population, SKUs by Zipf demand, and a mix of fulfilment cases — home delivery, next-day
 * express, click & collect (with transfers), reserve-in-store, bulky items, backorders on
 * inbound lots and ship-complete orders. Orders come out as JSON documents for `decodeOrder`.
 */
import { haversineKm } from '../../src/geo.js'
import { COMMUNES } from './communes.js'
import { nearCommune, type CatalogueSku, type GeneratedNetwork, type PlacedNode } from './generate.js'
import { cumulative, random, type Random } from './random.js'

/** The fulfilment cases the generator mixes. */
export type OrderCase = 'ship' | 'express' | 'collect' | 'reserve' | 'bulky' | 'backorder' | 'complete'

export const ORDER_CASES: readonly OrderCase[] = ['ship', 'express', 'collect', 'reserve', 'bulky', 'backorder', 'complete']

/** Default shares of each case (they sum to 1). */
export const DEFAULT_MIX: Readonly<Record<OrderCase, number>> = {
  ship: 0.56,
  express: 0.1,
  collect: 0.16,
  reserve: 0.08,
  bulky: 0.03,
  backorder: 0.03,
  complete: 0.04,
}

export interface OrderOptions {
  readonly seed?: number
  readonly count?: number
  /** A fixed number of lines per order (then every order is a plain `ship` order), or the mixed default. */
  readonly lines?: number
  readonly mix?: Readonly<Record<OrderCase, number>>
  /** The routing instant; express orders must arrive by the next evening. */
  readonly now?: string
  /** Cap on parcels per order (default 3). */
  readonly maxShipments?: number
}

/** A generated order document and the case it stands for. */
export interface GeneratedOrder {
  readonly case: OrderCase
  readonly json: OrderJson
}

export interface OrderJson {
  readonly id: string
  readonly channel: string
  readonly lines: readonly { readonly id: string; readonly sku: string; readonly quantity: number; readonly unfulfilledPenalty?: string }[]
  readonly delivery: { readonly method: 'ship'; readonly to: { readonly lat: number; readonly lon: number } } | { readonly method: 'pickup'; readonly node: string }
  readonly maxShipments?: number
  readonly shipComplete?: boolean
  readonly allowBackorder?: boolean
  readonly deliverBy?: string
  readonly unfulfilledPenalty?: string
}

const LINE_COUNTS = cumulative([0.52, 0.25, 0.12, 0.06, 0.03, 0.01, 0.005, 0.005])
const CHANNELS = cumulative([0.7, 0.2, 0.1])
const CHANNEL_NAMES = ['web', 'app', 'marketplace'] as const

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** Lost margin of a unit not delivered: at least twice a far parcel, more for dear items. */
const penaltyOf = (sku: CatalogueSku): string => String(Math.max(20, Math.round(sku.price * 0.4)))

/**
 * Generates `count` orders (default 10,000) for `g`. Deterministic in (g, options).
 *
 * @example
 * const orders = generateOrders(generateNetwork(), { count: 10_000 })
 * orders.map((o) => decodeOrder(o.json))
 */
export const generateOrders = (g: GeneratedNetwork, options: OrderOptions = {}): GeneratedOrder[] => {
  const count = options.count ?? 10_000
  const r = random(options.seed ?? g.options.seed * 31 + 7)
  const nowMs = Date.parse(options.now ?? g.options.now)
  const maxShipments = options.maxShipments ?? 3
  const cat = g.catalogue
  const regular = cat.filter((s) => !s.bulky)
  const regularCum = cumulative(regular.map((s) => s.weight))
  const bulky = cat.filter((s) => s.bulky)
  const bulkyCum = cumulative(bulky.map((s) => s.weight))
  const communeCum = cumulative(COMMUNES.map((c) => c.population))
  const mix = options.mix ?? DEFAULT_MIX
  const caseCum = cumulative(ORDER_CASES.map((c) => mix[c]))
  const bySku = new Map(cat.map((s) => [s.id, s]))
  const stores = [...g.storeStock.entries()].filter(([, held]) => held.size > 0)
  const inboundSkus = g.inboundSkus.map((id) => bySku.get(id)).filter((s): s is CatalogueSku => s !== undefined && !s.bulky)

  const customer = (): { lat: number; lon: number } => nearCommune(r, COMMUNES[r.weighted(communeCum)] ?? COMMUNES[0]!, 1)
  const distinctSkus = (n: number): CatalogueSku[] => {
    const out = new Map<string, CatalogueSku>()
    for (let guard = 0; out.size < n && guard < n * 50; guard++) {
      const s = regular[r.weighted(regularCum)]
      if (s !== undefined) out.set(s.id, s)
    }
    return [...out.values()]
  }
  const quantity = (): number => (r.chance(0.85) ? 1 : r.chance(0.75) ? 2 : r.int(3, 4))
  const lines = (skus: readonly CatalogueSku[], q: () => number = quantity): OrderJson['lines'] =>
    skus.map((s, i) => ({ id: String(i + 1), sku: s.id, quantity: q(), unfulfilledPenalty: penaltyOf(s) }))
  const channel = (): string => CHANNEL_NAMES[r.weighted(CHANNELS)] ?? 'web'
  const lineCount = (): number => r.weighted(LINE_COUNTS) + 1

  const out: GeneratedOrder[] = []
  for (let i = 0; i < count; i++) {
    const id = `O-${pad(i + 1, 6)}`
    if (options.lines !== undefined) {
      out.push({
        case: 'ship',
        json: { id, channel: 'web', lines: lines(distinctSkus(options.lines)), delivery: { method: 'ship', to: customer() }, maxShipments },
      })
      continue
    }
    const kind = ORDER_CASES[r.weighted(caseCum)] ?? 'ship'
    out.push({ case: kind, json: orderOf(kind) })

    function orderOf(k: OrderCase): OrderJson {
      const base = { id, channel: channel(), maxShipments }
      switch (k) {
        case 'ship':
          return { ...base, lines: lines(distinctSkus(lineCount())), delivery: { method: 'ship', to: customer() } }
        case 'express': {
          // Next-day by 20:00 Paris time: only nodes within a few hours' drive make it.
          const deliverBy = new Date(Math.floor(nowMs / 86_400_000) * 86_400_000 + 86_400_000 + 19 * 3_600_000).toISOString()
          return { ...base, lines: lines(distinctSkus(Math.min(3, lineCount()))), delivery: { method: 'ship', to: customer() }, deliverBy }
        }
        case 'collect': {
          const at = customer()
          return { ...base, lines: lines(distinctSkus(lineCount())), delivery: { method: 'pickup', node: nearestPickup(g.pickupNodes, at) } }
        }
        case 'reserve': {
          // The shopper reserves what the store's web page shows in stock, to collect today.
          const [store, held] = r.pick(stores)
          const candidates = [...held.entries()].filter(([, units]) => units >= 3)
          const chosen = candidates.length === 0 ? [...held.entries()].slice(0, 1) : pickSome(r, candidates, r.chance(0.8) ? 1 : 2)
          return {
            ...base,
            channel: 'web',
            lines: chosen.map(([sku], li) => ({ id: String(li + 1), sku, quantity: 1, unfulfilledPenalty: penaltyOf(bySku.get(sku) as CatalogueSku) })),
            delivery: { method: 'pickup', node: store },
          }
        }
        case 'bulky': {
          const big = bulky.length > 0 ? [bulky[r.weighted(bulkyCum)] as CatalogueSku] : []
          const extra = r.chance(0.5) ? distinctSkus(1) : []
          return { ...base, lines: lines([...big, ...extra], () => 1), delivery: { method: 'ship', to: customer() } }
        }
        case 'backorder': {
          // A club order: more units than any one node holds; the customer accepts waiting for the lot.
          const sku = inboundSkus.length > 0 ? r.pick(inboundSkus) : (regular[0] as CatalogueSku)
          return {
            ...base,
            lines: lines([sku], () => r.int(8, 30)),
            delivery: { method: 'ship', to: customer() },
            allowBackorder: true,
          }
        }
        case 'complete':
          return { ...base, lines: lines(distinctSkus(Math.max(2, lineCount()))), delivery: { method: 'ship', to: customer() }, shipComplete: true }
      }
    }
  }
  return out
}

const pickSome = <A>(r: Random, xs: readonly A[], n: number): A[] => {
  const pool = [...xs]
  const out: A[] = []
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(r.next() * pool.length), 1)[0] as A)
  return out
}

/** The pickup node (store or locker) nearest to `at`. */
export const nearestPickup = (nodes: readonly PlacedNode[], at: { lat: number; lon: number }): string => {
  let best = ''
  let bestKm = Number.POSITIVE_INFINITY
  for (const n of nodes) {
    const km = haversineKm(n, at)
    if (km < bestKm || (km === bestKm && n.id < best)) {
      best = n.id
      bestKm = km
    }
  }
  return best
}
