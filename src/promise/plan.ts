/**
 * Plans of options whose optimum is known without a search: one node serves every unit —
 * a parcel from it, its own shelves, or one transfer to the pickup node. They are built field
 * for field as the routing engine's plan assembly builds them (tests hold the two equal), with
 * cheaper formatting, because a product page builds a dozen per call.
 *
 * @internal
 */
import { formatInstant } from '../time.js'
import type { Order } from '../model/order.js'
import { dispatchAt, transferArrivesAt } from '../routing/eta.js'
import type { Allocation } from '../routing/plan.js'
import { costText } from './amount.js'
import type { PromiseContext } from './context.js'
import type { PromisedPlan } from './types.js'

/** How the one node serves: a parcel to the shopper, its own shelves, or a transfer to the pickup node. */
export type SingleRole = 'ship' | 'own' | 'transfer'

// Writing an instant was about a tenth of a product-page call (a dozen per call, each a
// chain of nine concatenations). The instants of a call fall in a few hours, so the text
// up to the hour ("2026-11-27T09:") is taken from formatInstant once per hour and kept;
// minutes to milliseconds come from tables: two concatenations per instant.
const HOUR_MS = 3_600_000
const HOUR_SLOTS = 64
const slotHour = new Float64Array(HOUR_SLOTS).fill(Number.NaN)
const slotPrefix: string[] = new Array<string>(HOUR_SLOTS).fill('')
const pad = (n: number, width: number): string => String(n).padStart(width, '0')
/** "MM:SS" for minute × 60 + second, and ".mmmZ" for each millisecond. */
const MINUTE_SECOND: readonly string[] = Array.from({ length: 3600 }, (_, i) => `${pad(Math.floor(i / 60), 2)}:${pad(i % 60, 2)}`)
const MILLI_Z: readonly string[] = Array.from({ length: 1000 }, (_, i) => `.${pad(i, 3)}Z`)
/** formatInstant writes years 0000–9999 as `YYYY-MM-DDTHH:MM:SS.mmmZ`; others differently. */
/** 0000-01-01T00:00:00Z (Date.UTC reads year 0 as 1900). */
const FIRST_HOUR = -62_167_219_200_000
const LAST_HOUR = Date.UTC(9999, 11, 31, 23)

const INSTANT_SLOTS = 64
const slotMs = new Float64Array(INSTANT_SLOTS).fill(Number.NaN)
const slotText: string[] = new Array<string>(INSTANT_SLOTS).fill('')

/** `formatInstant(ms)`: the last few texts are kept, each in a slot chosen by its second. */
export const instantText = (ms: number): string => {
  const slot = (ms / 1000) & (INSTANT_SLOTS - 1)
  if (slotMs[slot] === ms) return slotText[slot] as string
  const text = hourText(ms)
  slotMs[slot] = ms
  slotText[slot] = text
  return text
}

/** `formatInstant(ms)`, its hour's text written once. */
const hourText = (ms: number): string => {
  if (!Number.isInteger(ms)) return formatInstant(ms)
  const inHour = ((ms % HOUR_MS) + HOUR_MS) % HOUR_MS
  const hour = ms - inHour
  if (hour < FIRST_HOUR || hour > LAST_HOUR) return formatInstant(ms)
  const slot = (hour / HOUR_MS) & (HOUR_SLOTS - 1)
  let prefix: string
  if (slotHour[slot] === hour) prefix = slotPrefix[slot] as string
  else {
    prefix = formatInstant(hour).slice(0, 14)
    slotHour[slot] = hour
    slotPrefix[slot] = prefix
  }
  const milli = inHour % 1000
  return `${prefix}${MINUTE_SECOND[(inHour - milli) / 1000] as string}${MILLI_Z[milli] as string}`
}

const km = (metres: number): number => Math.round(metres) / 1000

/**
 * The plan in which node `source` alone serves every unit, at `fixed` plus `unit` per unit:
 * a parcel (`ship`), the pickup node's own shelves (`own`) or a transfer to pickup node
 * `target` (`transfer`). `etaMs` is when the customer has the goods.
 */
export const singleNodePlan = (
  ctx: PromiseContext,
  order: Order,
  role: SingleRole,
  source: number,
  target: number,
  metres: number,
  fixed: number,
  unit: number,
  etaMs: number,
): PromisedPlan => {
  // Object literals throughout: this builds a dozen plans per call, and spreading objects
  // into literals is markedly slower in V8.
  const ids = ctx.net.nodes.ids
  const from = ids[source] as string
  const lines = ctx.planLines
  let allocations: Allocation[]
  const one = lines.length === 1 ? lines[0] : undefined
  if (one !== undefined) allocations = [{ lineId: one.lineId, sku: one.sku, quantity: one.quantity, node: from }]
  else {
    allocations = []
    for (const l of lines) allocations.push({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, node: from })
  }
  const cost = costText(fixed + ctx.quantity * unit)
  const eta = instantText(etaMs)
  const method = order.delivery.method
  if (role === 'ship') {
    return {
      orderId: order.id,
      channel: order.channel,
      method,
      strategy: 'optimal',
      shipments: [
        {
          from,
          lines,
          cost,
          distanceKm: km(metres),
          dispatchAt: instantText(dispatchAt(ctx.net, source, ctx.nowMs)),
          deliveredAt: eta,
          backorder: false,
        },
      ],
      transfers: [],
      unfulfilled: [],
      allocations,
      totalCost: cost,
      fulfilmentCost: cost,
      penaltyCost: '0',
      eta,
      optimality: 'proven',
      gap: '0',
    }
  }
  const to = ids[target] as string
  if (role === 'own') {
    return {
      orderId: order.id,
      channel: order.channel,
      method,
      strategy: 'optimal',
      shipments: [],
      transfers: [],
      pickup: { node: to, lines: lines.slice(), cost, readyAt: eta },
      unfulfilled: [],
      allocations,
      totalCost: cost,
      fulfilmentCost: cost,
      penaltyCost: '0',
      eta,
      optimality: 'proven',
      gap: '0',
    }
  }
  return {
    orderId: order.id,
    channel: order.channel,
    method,
    strategy: 'optimal',
    shipments: [],
    transfers: [
      {
        from,
        to,
        lines,
        cost,
        distanceKm: km(metres),
        arrivesAt: instantText(transferArrivesAt(ctx.net, source, ctx.nowMs, metres)),
        backorder: false,
      },
    ],
    pickup: { node: to, lines: lines.slice(), cost: '0', readyAt: eta },
    unfulfilled: [],
    allocations,
    totalCost: cost,
    fulfilmentCost: cost,
    penaltyCost: '0',
    eta,
    optimality: 'proven',
    gap: '0',
  }
}
