/**
 * When things happen: a node is ready `leadTime` after the order (or after its stock
 * arrives); it dispatches on a day it is open, at its next cut-off, or without one at the
 * first instant inside its opening hours; a parcel or transfer takes a base time plus
 * distance at the carrier's speed and is handed over on a delivery day; a pickup is ready at
 * the first instant inside the pickup node's opening hours after its preparation. Local
 * rules read the node's zone, and a parcel's hand-over day the customer's when the order
 * gives one (src/network/calendar.ts, docs/model.md §2). Every ETA is non-decreasing in the
 * instant the stock is there.
 */
import { MS_PER_HOUR, type EpochMs } from '../time.js'
import type { CompiledNetwork } from '../network/compile.js'
import { nextCutoffAt, nextOpenAt, onDeliveryDay, type NodeCalendar } from '../network/calendar.js'
import type { Zone } from '../time/zone.js'

/** The instant a parcel or transfer leaves `node` when its units are there at `stockAt`. */
export const dispatchAt = (net: CompiledNetwork, node: number, stockAt: EpochMs): EpochMs => {
  const ready = stockAt + (net.leadTimeMs[node] ?? 0)
  const cal = net.calendars[node] as NodeCalendar
  return cal.cutoffMs < 0 ? nextOpenAt(cal, ready) : nextCutoffAt(cal, ready)
}

/** Milliseconds a carrier takes over `metres`. */
const travelMs = (net: CompiledNetwork, metres: number): number =>
  Math.round((metres / 1000 / net.transitKmPerHour) * MS_PER_HOUR)

/**
 * The instant a parcel from `node` reaches the customer `metres` away: on a delivery day in
 * the customer's zone when the order gives one (`customer`), else in the sending node's.
 */
export const deliveredAt = (net: CompiledNetwork, node: number, stockAt: EpochMs, metres: number, customer?: Zone): EpochMs =>
  onDeliveryDay(customer ?? (net.calendars[node] as NodeCalendar).zone, net.deliveryDays, dispatchAt(net, node, stockAt) + net.transitBaseMs + travelMs(net, metres))

/** The instant a transfer from `node` arrives at node `to`, `metres` away: on a delivery day in `to`'s zone. */
export const transferArrivesAt = (net: CompiledNetwork, node: number, stockAt: EpochMs, metres: number, to: number): EpochMs =>
  onDeliveryDay((net.calendars[to] as NodeCalendar).zone, net.deliveryDays, dispatchAt(net, node, stockAt) + (net.transferMs[node] ?? 0) + travelMs(net, metres))

/**
 * The instant units present at a pickup node at `stockAt` are ready for the customer: its
 * lead time later, at the first instant inside its opening hours.
 */
export const pickupReadyAt = (net: CompiledNetwork, node: number, stockAt: EpochMs): EpochMs =>
  nextOpenAt(net.calendars[node] as NodeCalendar, stockAt + (net.leadTimeMs[node] ?? 0))
