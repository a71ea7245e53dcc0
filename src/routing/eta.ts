/**
 * When things happen: a node is ready `leadTime` after the order (or after its stock
 * arrives), dispatches at its next cut-off, and a parcel or transfer takes a base time plus
 * distance at the carrier's speed.
 */
import { MS_PER_HOUR, nextLocalTime, type EpochMs } from '../time.js'
import type { CompiledNetwork } from '../network/compile.js'

/** The instant a parcel or transfer leaves `node` when its units are there at `stockAt`. */
export const dispatchAt = (net: CompiledNetwork, node: number, stockAt: EpochMs): EpochMs => {
  const ready = stockAt + (net.leadTimeMs[node] ?? 0)
  const cutoff = net.cutoffMinute[node] ?? -1
  return cutoff < 0 ? ready : nextLocalTime(ready, cutoff, net.utcOffsetMinutes[node] ?? 0)
}

/** Milliseconds a carrier takes over `metres`. */
const travelMs = (net: CompiledNetwork, metres: number): number =>
  Math.round((metres / 1000 / net.transitKmPerHour) * MS_PER_HOUR)

/** The instant a parcel from `node` reaches the customer `metres` away. */
export const deliveredAt = (net: CompiledNetwork, node: number, stockAt: EpochMs, metres: number): EpochMs =>
  dispatchAt(net, node, stockAt) + net.transitBaseMs + travelMs(net, metres)

/** The instant a transfer from `node` arrives at a node `metres` away. */
export const transferArrivesAt = (net: CompiledNetwork, node: number, stockAt: EpochMs, metres: number): EpochMs =>
  dispatchAt(net, node, stockAt) + (net.transferMs[node] ?? 0) + travelMs(net, metres)

/** The instant units present at a pickup node at `stockAt` are ready for the customer. */
export const pickupReadyAt = (net: CompiledNetwork, node: number, stockAt: EpochMs): EpochMs =>
  stockAt + (net.leadTimeMs[node] ?? 0)
