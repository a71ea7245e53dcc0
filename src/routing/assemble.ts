/**
 * Turns an optimiser solution back into the domain: parcels, transfers, a pickup, the units
 * each node gives up (allocations), unfulfilled lines, costs and the ETA.
 */
import { formatMicros } from '../money.js'
import { formatInstant } from '../time.js'
import { dispatchAt, transferArrivesAt } from './eta.js'
import { dispatchInstant, type Facility } from './facilities.js'
import type { Instance } from './instance.js'
import type { CompiledNetwork } from '../network/compile.js'
import type { FacilitySolution } from './optimiser.js'
import type { Allocation, PlanLine, Shipment, Transfer, Pickup } from './plan.js'

/** The domain view of a solution, before the explanation is written. */
export interface Assembled {
  readonly shipments: readonly Shipment[]
  readonly transfers: readonly Transfer[]
  readonly hub?: string
  readonly pickup?: Pickup
  readonly unfulfilled: readonly PlanLine[]
  readonly allocations: readonly Allocation[]
  readonly fulfilmentMicros: number
  readonly penaltyMicros: number
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

/** Sorts lines by line id in place (an insertion sort: a plan leg has a few lines, mostly in order). */
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

/** Builds the plan body of `sol` within `inst`. */
export const assemble = (net: CompiledNetwork, inst: Instance, sol: FacilitySolution): Assembled => {
  const p = inst.problem
  const items = p.itemCount
  const ids = net.nodes.ids
  const lines = linesByFacility(inst, sol)
  const facilityMicros = (k: number): number => {
    let c = p.fixedCost[k] ?? 0
    for (let s = 0; s < items; s++) c += (sol.flow[k * items + s] ?? 0) * (p.unitCost[k * items + s] ?? 0)
    return c
  }
  const allocations: Allocation[] = []
  const shipments: Shipment[] = []
  const transfers: Transfer[] = []
  const ownLines: PlanLine[] = []
  let ownMicros = 0
  let etaMs: number | undefined
  let lastArrival = Number.NEGATIVE_INFINITY
  const lastMile = inst.lastMileUnitMicros
  for (let a = 0; a < sol.open.length; a++) {
    const k = sol.open[a] as number
    const f = inst.facilities[k] as Facility
    const node = ids[f.node] ?? ''
    const fl = lines[a] as PlanLine[]
    let units = 0
    for (const l of fl) units += l.quantity
    // Written out rather than spread: object spread is several times slower on this path.
    const at = dispatchInstant(f, sol.flow, k * items)
    const availableAt = at.later ? formatInstant(at.stockAtMs) : undefined
    for (const l of fl) {
      allocations.push(
        availableAt === undefined
          ? { lineId: l.lineId, sku: l.sku, quantity: l.quantity, node }
          : { lineId: l.lineId, sku: l.sku, quantity: l.quantity, node, availableAt },
      )
    }
    etaMs = etaMs === undefined ? at.etaMs : Math.max(etaMs, at.etaMs)
    // In a hub plan the last-mile share of each unit is paid by the hub's parcel, not the transfer.
    const legMicros = facilityMicros(k) - units * lastMile
    if (f.role === 'ship') {
      shipments.push({
        from: node,
        lines: fl,
        cost: formatMicros(legMicros),
        distanceKm: km(f.metres),
        dispatchAt: formatInstant(dispatchAt(net, f.node, at.stockAtMs)),
        deliveredAt: formatInstant(at.etaMs),
        backorder: at.later,
      })
    } else if (f.role === 'transfer') {
      const arrives = transferArrivesAt(net, f.node, at.stockAtMs, f.metres, inst.target)
      lastArrival = Math.max(lastArrival, arrives)
      transfers.push({
        from: node,
        to: ids[inst.target] ?? '',
        lines: fl,
        cost: formatMicros(legMicros),
        distanceKm: km(f.metres),
        arrivesAt: formatInstant(arrives),
        backorder: at.later,
      })
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
  const fulfilmentMicros = instanceCost(inst, sol) - penaltyMicros
  const allLines = mergeLines(ownLines, transfers)
  const target = ids[inst.target] ?? ''
  if (inst.mode === 'hub' && sol.open.length > 0) {
    let units = 0
    for (const l of allLines) units += l.quantity
    shipments.push({
      from: target,
      lines: allLines,
      cost: formatMicros(inst.constantMicros + units * lastMile + ownMicros),
      distanceKm: km(inst.targetMetres),
      dispatchAt: formatInstant(dispatchAt(net, inst.target, lastArrival)),
      deliveredAt: formatInstant(etaMs ?? lastArrival),
      backorder: allocations.some((a) => a.availableAt !== undefined),
    })
  }
  // Written field by field rather than spread (several times slower here); same key order.
  const out: { -readonly [K in keyof Assembled]: Assembled[K] } = {
    shipments: shipments.length > 1 ? shipments.sort(byLeg) : shipments,
    transfers: transfers.length > 1 ? transfers.sort(byLeg) : transfers,
    unfulfilled,
    allocations: allocations.length > 1 ? allocations.sort(byAllocation) : allocations,
    fulfilmentMicros,
    penaltyMicros,
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
