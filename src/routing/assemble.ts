/**
 * Turns an optimiser solution back into the domain: parcels, transfers, a pickup, the units
 * each node gives up (allocations), unfulfilled lines, costs and the ETA. The one place a
 * plan's legs are written: `assemble` for any solution, `wholePlan` for the plans whose
 * optimum a product knows without a search (one facility sends every unit now), through the
 * same leg writers and the same plan writer (`planOf`).
 */
import { formatMicros } from '../money.js'
import { formatInstant } from '../time.js'
import { dispatchAt, transferArrivesAt } from './eta.js'
import { dispatchInstant, type Facility, type FacilityRole } from './facilities.js'
import type { Instance } from './instance.js'
import type { CompiledNetwork } from '../network/compile.js'
import { unitsCost, type FacilitySolution } from './optimiser.js'
import type { Order } from '../model/order.js'
import type { Allocation, Pickup, Plan, PlanLine, Shipment, Transfer } from './plan.js'

/** The domain view of a solution, before the explanation is written: the plan's legs, and its costs unformatted. */
export interface Assembled extends Pick<Plan, 'shipments' | 'transfers' | 'hub' | 'pickup' | 'unfulfilled' | 'allocations'> {
  readonly fulfilmentMicros: number
  readonly penaltyMicros: number
  /** The order's delay cost over the units served (see ./delay.ts); 0 without one. */
  readonly delayMicros: number
  /** The surcharge on protected units taken (a store's last units); 0 when none. */
  readonly protectionMicros: number
  readonly etaMs?: number
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const byLineId = (a: PlanLine, b: PlanLine): number => byText(a.lineId, b.lineId)

const km = (metres: number): number => Math.round(metres) / 1000

/** True when the solution sends at least one unit. */
export const serves = (sol: FacilitySolution): boolean => sol.open.length > 0

/** Total cost of a solution within its instance, including a hub's last-mile parcel. */
export const instanceCost = (inst: Instance, sol: FacilitySolution): number =>
  sol.cost + (serves(sol) ? inst.constantMicros : 0)

/**
 * Sorts lines by line id in place: an insertion sort (a plan leg has a few lines, mostly in
 * order), written out so that the comparison inlines (see `byNode` in promise/cart-offers.ts).
 */
const sortLines = (lines: PlanLine[]): PlanLine[] => {
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i] as PlanLine
    let j = i
    while (j > 0 && (lines[j - 1] as PlanLine).lineId > l.lineId) {
      lines[j] = lines[j - 1] as PlanLine
      j--
    }
    lines[j] = l
  }
  return lines
}

/** Units of every open facility per line (by position in `sol.open`), serving higher-penalty lines first. */
const linesByFacility = (inst: Instance, sol: FacilitySolution): PlanLine[][] => {
  const p = inst.problem
  const items = p.itemCount
  const out: PlanLine[][] = []
  for (let a = 0; a < sol.open.length; a++) out.push([])
  const served: number[] = []
  for (let s = 0; s < items; s++) {
    const start = p.tierStart[s] ?? 0
    const end = p.tierStart[s + 1] ?? 0
    served.length = 0
    for (let t = start; t < end; t++) served.push((p.tierQuantity[t] ?? 0) - (sol.unserved[t] ?? 0))
    let t = start
    for (let a = 0; a < sol.open.length; a++) {
      let q = sol.flow[(sol.open[a] as number) * items + s] ?? 0
      while (q > 0 && t < end) {
        const take = Math.min(q, served[t - start] ?? 0)
        if (take > 0) {
          const tier = inst.tiers[t]
          if (tier !== undefined) (out[a] as PlanLine[]).push({ lineId: tier.lineId, sku: tier.sku, quantity: take })
          q -= take
          served[t - start] = (served[t - start] ?? 0) - take
        }
        if ((served[t - start] ?? 0) === 0) t++
      }
    }
  }
  for (const list of out) sortLines(list)
  return out
}

/** The parcel from `node` carrying `lines`, its stock there at `stockAtMs`, with the customer at `deliveredAt`. */
const shipmentLeg = (net: CompiledNetwork, node: number, lines: readonly PlanLine[], cost: string, metres: number, stockAtMs: number, deliveredAt: string, backorder: boolean): Shipment => ({
  from: net.nodes.ids[node] ?? '',
  lines,
  cost,
  distanceKm: km(metres),
  dispatchAt: formatInstant(dispatchAt(net, node, stockAtMs)),
  deliveredAt,
  backorder,
})

/** The transfer from `node` to `target` carrying `lines`, there at `arrivesMs`. */
const transferLeg = (net: CompiledNetwork, node: number, target: number, lines: readonly PlanLine[], cost: string, metres: number, arrivesMs: number, backorder: boolean): Transfer => ({
  from: net.nodes.ids[node] ?? '',
  to: net.nodes.ids[target] ?? '',
  lines,
  cost,
  distanceKm: km(metres),
  arrivesAt: formatInstant(arrivesMs),
  backorder,
})

/** The units of `lines` taken from `node` (its id), arriving there at `availableAt` when set. */
const allocationsOf = (out: Allocation[], lines: readonly PlanLine[], node: string, availableAt: string | undefined): void => {
  // Written out rather than spread: object spread is several times slower on this path.
  for (const l of lines) {
    out.push(availableAt === undefined ? { lineId: l.lineId, sku: l.sku, quantity: l.quantity, node } : { lineId: l.lineId, sku: l.sku, quantity: l.quantity, node, availableAt })
  }
}

/** A plan without its explanation: what products other than `routeOrder` show. */
export type PlanBody = Omit<Plan, 'explanation'>

/**
 * The plan of an optimal strategy's legs and totals, written out rather than spread (much
 * slower on the product page's path); the key order is `routeOrder`'s.
 */
export const planOf = (
  order: Order,
  shipments: readonly Shipment[],
  transfers: readonly Transfer[],
  pickup: Pickup | undefined,
  unfulfilled: readonly PlanLine[],
  allocations: readonly Allocation[],
  totalCost: string,
  fulfilmentCost: string,
  penaltyCost: string,
  eta: string,
  optimality: 'proven' | 'bounded',
  gap: string,
): PlanBody =>
  pickup === undefined
    ? { orderId: order.id, channel: order.channel, method: order.delivery.method, strategy: 'optimal', shipments, transfers, unfulfilled, allocations, totalCost, fulfilmentCost, penaltyCost, eta, optimality, gap }
    : { orderId: order.id, channel: order.channel, method: order.delivery.method, strategy: 'optimal', shipments, transfers, pickup, unfulfilled, allocations, totalCost, fulfilmentCost, penaltyCost, eta, optimality, gap }

/**
 * The plan `routeOrder` answers: the assembled legs of the chosen instance under `strategy`,
 * its totals (micros), how sure it is, the network's currency and the explanation. Key order
 * as in {@link planOf}, so a product's plan and the routed plan of the same legs are the
 * same JSON.
 */
export const routedPlan = (
  order: Order,
  strategy: Plan['strategy'],
  assembled: Assembled,
  totalMicros: number,
  optimality: Plan['optimality'],
  gapMicros: number,
  currency: string | undefined,
  explanation: Plan['explanation'],
): Plan => ({
  orderId: order.id,
  channel: order.channel,
  method: order.delivery.method,
  strategy,
  shipments: assembled.shipments,
  transfers: assembled.transfers,
  ...(assembled.hub === undefined ? {} : { hub: assembled.hub }),
  ...(assembled.pickup === undefined ? {} : { pickup: assembled.pickup }),
  unfulfilled: assembled.unfulfilled,
  allocations: assembled.allocations,
  totalCost: formatMicros(totalMicros),
  fulfilmentCost: formatMicros(assembled.fulfilmentMicros),
  penaltyCost: formatMicros(assembled.penaltyMicros),
  ...(order.delayCost === undefined ? {} : { delayCost: formatMicros(assembled.delayMicros) }),
  ...(assembled.protectionMicros === 0 ? {} : { protectionCost: formatMicros(assembled.protectionMicros) }),
  ...(assembled.etaMs === undefined ? {} : { eta: formatInstant(assembled.etaMs) }),
  optimality,
  gap: formatMicros(gapMicros),
  ...(currency === undefined ? {} : { currency }),
  explanation,
})

/**
 * The plan in which one facility, `role` at `node` (`metres` from the shopper or the pickup
 * point `target`), sends every unit of `lines` (by line id) from its stock now, for `cost`
 * (formatted) in all; the customer has them at `eta`. What `assemble` and `planOf` write for
 * the solution opening that facility alone with nothing unserved, without building the
 * instance (a product page writes a dozen per call).
 */
export const wholePlan = (
  net: CompiledNetwork,
  nowMs: number,
  order: Order,
  target: number,
  role: FacilityRole,
  node: number,
  metres: number,
  lines: readonly PlanLine[],
  cost: string,
  eta: string,
): PlanBody => {
  const from = net.nodes.ids[node] ?? ''
  const one = lines.length === 1 ? (lines[0] as PlanLine) : undefined
  // One line (a product page): an array literal, not a grown one.
  const allocations: Allocation[] = one === undefined ? [] : [{ lineId: one.lineId, sku: one.sku, quantity: one.quantity, node: from }]
  if (one === undefined) allocationsOf(allocations, lines, from, undefined)
  if (role === 'ship') {
    const shipments = [shipmentLeg(net, node, lines, cost, metres, nowMs, eta, false)]
    return planOf(order, shipments, [], undefined, [], allocations, cost, cost, '0', eta, 'proven', '0')
  }
  const to = net.nodes.ids[target] ?? ''
  if (role === 'own') return planOf(order, [], [], { node: to, lines: lines.slice(), cost, readyAt: eta }, [], allocations, cost, cost, '0', eta, 'proven', '0')
  const transfers = [transferLeg(net, node, target, lines, cost, metres, transferArrivesAt(net, node, nowMs, metres, target), false)]
  return planOf(order, [], transfers, { node: to, lines: lines.slice(), cost: '0', readyAt: eta }, [], allocations, cost, cost, '0', eta, 'proven', '0')
}

/** Builds the plan body of `sol` within `inst`. */
export const assemble = (net: CompiledNetwork, inst: Instance, sol: FacilitySolution): Assembled => {
  const p = inst.problem
  const items = p.itemCount
  const ids = net.nodes.ids
  const lines = linesByFacility(inst, sol)
  /** The protected surcharge within the cost of the facility `facilityMicros` last priced. */
  let facilityProtection = 0
  /** Facility k's fixed cost and its units at their per-unit rates, the protected surcharge apart (in `facilityProtection`). */
  const facilityMicros = (k: number): number => {
    let c = p.fixedCost[k] ?? 0
    facilityProtection = 0
    for (let s = 0; s < items; s++) {
      const x = sol.flow[k * items + s] ?? 0
      const plain = x * (p.unitCost[k * items + s] ?? 0)
      c += plain
      if (p.protectedUnits !== undefined) facilityProtection += unitsCost(p, k, s, x) - plain
    }
    return c
  }
  const allocations: Allocation[] = []
  const shipments: Shipment[] = []
  const transfers: Transfer[] = []
  const ownLines: PlanLine[] = []
  let ownMicros = 0
  let etaMs: number | undefined
  let lastArrival = Number.NEGATIVE_INFINITY
  let delayMicros = 0
  let protectionMicros = 0
  const lastMile = inst.lastMileUnitMicros
  for (let a = 0; a < sol.open.length; a++) {
    const k = sol.open[a] as number
    const f = inst.facilities[k] as Facility
    const node = ids[f.node] ?? ''
    const fl = lines[a] as PlanLine[]
    let units = 0
    for (const l of fl) units += l.quantity
    const at = dispatchInstant(f, sol.flow, k * items)
    allocationsOf(allocations, fl, node, at.later ? formatInstant(at.stockAtMs) : undefined)
    etaMs = etaMs === undefined ? at.etaMs : Math.max(etaMs, at.etaMs)
    // In a hub plan the last-mile share of each unit is paid by the hub's parcel, not the
    // transfer; the delay priced into a unit is the order's, not the leg's.
    const delay = units * (inst.delayUnitMicros + (f.delayMicros ?? 0))
    const legMicros = facilityMicros(k) - units * lastMile - delay
    delayMicros += delay
    protectionMicros += facilityProtection
    if (f.role === 'ship') {
      shipments.push(shipmentLeg(net, f.node, fl, formatMicros(legMicros), f.metres, at.stockAtMs, formatInstant(at.etaMs), at.later))
    } else if (f.role === 'transfer') {
      const arrives = transferArrivesAt(net, f.node, at.stockAtMs, f.metres, inst.target)
      lastArrival = Math.max(lastArrival, arrives)
      transfers.push(transferLeg(net, f.node, inst.target, fl, formatMicros(legMicros), f.metres, arrives, at.later))
    } else {
      lastArrival = Math.max(lastArrival, at.stockAtMs)
      for (const l of fl) ownLines.push(l)
      ownMicros += legMicros
    }
  }
  const unfulfilled: PlanLine[] = []
  inst.tiers.forEach((tier, t) => {
    const q = sol.unserved[t] ?? 0
    if (q > 0) unfulfilled.push({ lineId: tier.lineId, sku: tier.sku, quantity: q })
  })
  unfulfilled.sort(byLineId)
  let penaltyMicros = 0
  for (let t = 0; t < inst.tiers.length; t++) penaltyMicros += (sol.unserved[t] ?? 0) * (p.tierPenalty[t] ?? 0)
  const fulfilmentMicros = instanceCost(inst, sol) - penaltyMicros - delayMicros - protectionMicros
  const allLines = mergeLines(ownLines, transfers)
  const target = ids[inst.target] ?? ''
  if (inst.mode === 'hub' && sol.open.length > 0) {
    let units = 0
    for (const l of allLines) units += l.quantity
    const cost = formatMicros(inst.constantMicros + units * lastMile + ownMicros)
    shipments.push(shipmentLeg(net, inst.target, allLines, cost, inst.targetMetres, lastArrival, formatInstant(etaMs ?? lastArrival), allocations.some((a) => a.availableAt !== undefined)))
  }
  // Written field by field rather than spread (several times slower here); same key order.
  const out: { -readonly [K in keyof Assembled]: Assembled[K] } = {
    shipments: shipments.length > 1 ? shipments.sort(byLeg) : shipments,
    transfers: transfers.length > 1 ? transfers.sort(byLeg) : transfers,
    unfulfilled,
    allocations: allocations.length > 1 ? allocations.sort(byAllocation) : allocations,
    fulfilmentMicros,
    penaltyMicros,
    delayMicros,
    protectionMicros,
  }
  if (etaMs !== undefined) out.etaMs = etaMs
  if (inst.mode === 'hub') {
    if (sol.open.length > 0) out.hub = target
  } else if (inst.mode === 'pickup' && etaMs !== undefined) {
    out.pickup = { node: target, lines: allLines, cost: formatMicros(ownMicros), readyAt: formatInstant(etaMs) }
  }
  return out
}

/** Legs by origin, then on-hand before backorder. */
const byLeg = (a: Shipment | Transfer, b: Shipment | Transfer): number =>
  a.from < b.from ? -1 : a.from > b.from ? 1 : Number(a.backorder) - Number(b.backorder)

const byAllocation = (a: Allocation, b: Allocation): number =>
  (a.node < b.node ? -1 : a.node > b.node ? 1 : byLineId(a, b)) || byText(a.availableAt ?? '', b.availableAt ?? '')

/** The own shelves' lines and every transfer's, one per line id, by line id. */
const mergeLines = (own: readonly PlanLine[], transfers: readonly Transfer[]): PlanLine[] => {
  const all: PlanLine[] = own.slice()
  for (const t of transfers) for (const l of t.lines) all.push(l)
  sortLines(all)
  const out: PlanLine[] = []
  for (const l of all) {
    const last = out[out.length - 1]
    if (last !== undefined && last.lineId === l.lineId) out[out.length - 1] = { lineId: last.lineId, sku: last.sku, quantity: last.quantity + l.quantity }
    else out.push(l)
  }
  return out
}
