/**
 * Turns an optimiser solution back into the domain: parcels, transfers, a pickup, the units
 * each node gives up (allocations), unfulfilled lines, costs and the ETA.
 */
import { formatMicros } from '../money.js'
import { formatInstant } from '../time.js'
import { dispatchAt, transferArrivesAt } from './eta.js'
import type { Instance, Facility } from './instance.js'
import type { RoutingNetwork } from './network.js'
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

/** Units of every open facility per line, serving higher-penalty lines first. */
const linesByFacility = (inst: Instance, sol: FacilitySolution): Map<number, PlanLine[]> => {
  const p = inst.problem
  const items = p.itemCount
  const out = new Map<number, PlanLine[]>()
  for (let s = 0; s < items; s++) {
    const start = p.tierStart[s] ?? 0
    const end = p.tierStart[s + 1] ?? 0
    const served: number[] = []
    for (let t = start; t < end; t++) served.push((p.tierQuantity[t] ?? 0) - (sol.unserved[t] ?? 0))
    let t = start
    for (const k of sol.open) {
      let q = sol.flow[k * items + s] ?? 0
      while (q > 0 && t < end) {
        const take = Math.min(q, served[t - start] ?? 0)
        if (take > 0) {
          const tier = inst.tiers[t]
          if (tier !== undefined) {
            const list = out.get(k) ?? []
            list.push({ lineId: tier.lineId, sku: tier.sku, quantity: take })
            out.set(k, list)
          }
          q -= take
          served[t - start] = (served[t - start] ?? 0) - take
        }
        if ((served[t - start] ?? 0) === 0) t++
      }
    }
  }
  for (const list of out.values()) list.sort(byLineId)
  return out
}

/** Builds the plan body of `sol` within `inst`. */
export const assemble = (net: RoutingNetwork, inst: Instance, sol: FacilitySolution): Assembled => {
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
  for (const k of sol.open) {
    const f = inst.facilities[k] as Facility
    const node = ids[f.node] ?? ''
    const fl = lines.get(k) ?? []
    const units = fl.reduce((a, l) => a + l.quantity, 0)
    // Written out rather than spread: object spread is several times slower on this path.
    const availableAt = f.later ? formatInstant(f.stockAtMs) : undefined
    for (const l of fl) {
      allocations.push(
        availableAt === undefined
          ? { lineId: l.lineId, sku: l.sku, quantity: l.quantity, node }
          : { lineId: l.lineId, sku: l.sku, quantity: l.quantity, node, availableAt },
      )
    }
    etaMs = etaMs === undefined ? f.etaMs : Math.max(etaMs, f.etaMs)
    // In a hub plan the last-mile share of each unit is paid by the hub's parcel, not the transfer.
    const legMicros = facilityMicros(k) - units * lastMile
    if (f.role === 'ship') {
      shipments.push({
        from: node,
        lines: fl,
        cost: formatMicros(legMicros),
        distanceKm: km(f.metres),
        dispatchAt: formatInstant(dispatchAt(net, f.node, f.stockAtMs)),
        deliveredAt: formatInstant(f.etaMs),
        backorder: f.later,
      })
    } else if (f.role === 'transfer') {
      const arrives = transferArrivesAt(net, f.node, f.stockAtMs, f.metres)
      lastArrival = Math.max(lastArrival, arrives)
      transfers.push({
        from: node,
        to: ids[inst.target] ?? '',
        lines: fl,
        cost: formatMicros(legMicros),
        distanceKm: km(f.metres),
        arrivesAt: formatInstant(arrives),
        backorder: f.later,
      })
    } else {
      lastArrival = Math.max(lastArrival, f.stockAtMs)
      ownLines.push(...fl)
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
  const allLines = mergeLines([...ownLines, ...transfers.flatMap((t) => t.lines)])
  const target = ids[inst.target] ?? ''
  if (inst.mode === 'hub' && sol.open.length > 0) {
    const units = allLines.reduce((a, l) => a + l.quantity, 0)
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
  const base = {
    shipments: shipments.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : Number(a.backorder) - Number(b.backorder))),
    transfers: transfers.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : Number(a.backorder) - Number(b.backorder))),
    unfulfilled,
    allocations: allocations.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : byLineId(a, b)) || byText(a.availableAt ?? '', b.availableAt ?? '')),
    fulfilmentMicros,
    penaltyMicros,
    ...(etaMs === undefined ? {} : { etaMs }),
  }
  if (inst.mode === 'hub') return sol.open.length > 0 ? { ...base, hub: target } : base
  if (inst.mode === 'pickup' && etaMs !== undefined) {
    return {
      ...base,
      pickup: {
        node: target,
        lines: allLines,
        cost: formatMicros(ownMicros),
        readyAt: formatInstant(etaMs),
      },
    }
  }
  return base
}

const mergeLines = (lines: readonly PlanLine[]): PlanLine[] => {
  const by = new Map<string, PlanLine>()
  for (const l of lines) {
    const prev = by.get(l.lineId)
    by.set(l.lineId, prev === undefined ? l : { ...prev, quantity: prev.quantity + l.quantity })
  }
  return [...by.values()].sort(byLineId)
}
