/**
 * The facility model: what one node offers an order's lines. A facility is one way a node can
 * contribute units — a parcel to the customer (`ship`), a transfer to the pickup node or hub
 * (`transfer`), or the target's own shelf (`own`) — with a fixed cost, a per-unit cost, the
 * units it may send today and when the customer has them. The router's instances
 * (`instance.ts`), the delivery promise's cart search and its single-SKU scan all read a
 * node's offer from here, so a rule about capacity, cost or timing is written once.
 *
 * The per-node queries allocate nothing: the promise's fast paths call them per node of a
 * scan.
 */
import { deliveredAt, pickupReadyAt, transferArrivesAt } from './eta.js'
import { shipUnitMicros, transferUnitCostMicros, type CompiledNetwork } from '../network/compile.js'
import type { Zone } from '../time/zone.js'

/** Units of a facility without a daily unit capacity. */
export const UNLIMITED = 2_147_483_647

/** Per-unit penalty when neither the line, the order nor the options name one. */
export const DEFAULT_UNFULFILLED_PENALTY = '1000'

/** The capacity a node has already used today. */
export type CapacityUsedAt = (node: string) => { readonly orders: number; readonly units: number }

/** How a facility's units reach the customer. */
export type FacilityRole = 'ship' | 'transfer' | 'own'

/**
 * One instant at which a facility can dispatch: the units at its node by then (on hand and
 * lots arrived, within ATP and the order's demand, cumulative), and when the customer has
 * them if they leave then.
 */
export interface SupplyInstant {
  readonly atMs: number
  readonly etaMs: number
  /** True when this is a later instant than now (its units wait for inbound lots). */
  readonly later: boolean
  /** Cumulative units per item available by `atMs`, capped at the order's demand. */
  readonly supply: Int32Array
  /** Units it may send: today's remaining capacity now, unlimited on a later day. */
  readonly capacity: number
}

/**
 * One way a node can contribute units: one parcel (or transfer, or the target's own shelf)
 * that leaves at one of its supply instants. Its supply in the problem is the cumulative
 * supply of its last instant; once the optimiser has chosen its units, the facility leaves at
 * the earliest instant that carries them ({@link dispatchInstant}). Under the cost model
 * the instant changes no cost, so one parcel per node and role is never dearer than a parcel
 * now plus another later: the plan found is optimal for the model in which a node may send
 * at every instant, cumulative use never above cumulative supply.
 */
export interface Facility {
  readonly node: number
  readonly role: FacilityRole
  /** True when the facility's last instant waits for inbound lots. */
  readonly later: boolean
  /** The facility's last instant (now, or the last lot it may wait for). */
  readonly stockAtMs: number
  /** Distance to the customer (`ship`) or to the target node (`transfer`, `own`: 0). */
  readonly metres: number
  /** When the customer has the units if they leave at the last instant. */
  readonly etaMs: number
  /** Every instant the facility may leave at, ascending; absent when it leaves now only. */
  readonly instants?: readonly SupplyInstant[]
  /**
   * The order's delay cost per unit of this parcel, in its per-unit cost (micros): the
   * order's `delayCost` × the local days until it is delivered. Absent: none.
   */
  readonly delayMicros?: number
}

/** When a facility that sends `flow` (per item, at `offset` in the array) leaves. */
export interface Dispatch {
  readonly stockAtMs: number
  readonly etaMs: number
  readonly later: boolean
}

/**
 * The earliest instant of `f` that carries `flow[offset + s]` units of every item s: the
 * facility's own instant when it has only one.
 */
export const dispatchInstant = (f: Facility, flow: ArrayLike<number>, offset: number): Dispatch => {
  const instants = f.instants
  if (instants === undefined || instants.length <= 1) return f
  for (const at of instants) {
    let units = 0
    let fits = true
    for (let s = 0; s < at.supply.length && fits; s++) {
      const x = flow[offset + s] ?? 0
      units += x
      if (x > (at.supply[s] ?? 0)) fits = false
    }
    if (fits && units <= at.capacity) return { stockAtMs: at.atMs, etaMs: at.etaMs, later: at.later }
  }
  return f
}

/**
 * Units `node` may still send today: its daily unit capacity less what it used (`UNLIMITED`
 * without one), or 0 when it may send nothing today (its orders or its units are used up).
 *
 * @example unitsToday(net, () => ({ orders: 0, units: 3 }), node) // 7 for a node of 10 units a day
 */
export const unitsToday = (net: CompiledNetwork, used: CapacityUsedAt, node: number): number => {
  const orders = net.dailyOrders[node] ?? Number.POSITIVE_INFINITY
  const units = net.dailyUnits[node] ?? Number.POSITIVE_INFINITY
  if (orders === Number.POSITIVE_INFINITY && units === Number.POSITIVE_INFINITY) return UNLIMITED
  const u = used(net.nodes.ids[node] ?? '')
  if (orders - u.orders <= 0) return 0
  return units === Number.POSITIVE_INFINITY ? UNLIMITED : Math.max(0, units - u.units)
}

/** The fixed cost of `node`'s facility of `role`: its package, its transfer, nothing for its own shelf. */
export const fixedCostOf = (net: CompiledNetwork, role: FacilityRole, node: number): number =>
  role === 'ship' ? (net.packageMicros[node] ?? 0) : role === 'transfer' ? (net.transferFixedMicros[node] ?? 0) : 0

/**
 * The per-unit cost of `node`'s facility of `role` over `metres` (to the customer for `ship`,
 * to the target node for `transfer`): handling plus carriage, handling alone on its own shelf.
 * A hub's last mile is added by its instance.
 */
export const unitCostOf = (net: CompiledNetwork, role: FacilityRole, node: number, metres: number): number =>
  role === 'ship' ? shipUnitMicros(net, node, metres) : role === 'transfer' ? transferUnitCostMicros(net, node, metres) : (net.unitMicros[node] ?? 0)

/**
 * When the customer has units that are at `node` at `stockAtMs` and leave by `role`: a parcel
 * `metres` away (`ship`); or, through `target` (a pickup node, or a hub `targetMetres` from the
 * customer), after a transfer `metres` long or straight from the target's own shelf. A parcel
 * to the customer (direct, or the hub's last mile) is handed over on a delivery day of
 * `customer`, the order's zone compiled once per call, when the order gives one.
 */
export const offerEta = (
  net: CompiledNetwork,
  mode: 'direct' | 'pickup' | 'hub',
  target: number,
  targetMetres: number,
  role: FacilityRole,
  node: number,
  stockAtMs: number,
  metres: number,
  customer?: Zone,
): number => {
  if (role === 'ship') return deliveredAt(net, node, stockAtMs, metres, customer)
  const there = role === 'own' ? stockAtMs : transferArrivesAt(net, node, stockAtMs, metres, target)
  return mode === 'hub' ? deliveredAt(net, target, there, targetMetres, customer) : pickupReadyAt(net, target, there)
}
