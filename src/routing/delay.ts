/**
 * Speed priced in the objective: an order's `delayCost`, an amount per unit and per day until
 * the customer has the unit (delivered, or ready to collect), counted in whole local days of
 * the customer's clock (docs/model.md, "Delay"). A parcel sent straight to the customer is
 * counted from its own delivery; a pickup or a hub plan hands every unit over together, so
 * its units are counted from the plan's ETA, the latest of its legs'.
 *
 * Direct parcels carry their days in their per-unit cost (a node that may leave at several
 * instants becomes one facility per instant, sharing its stock). A pickup or hub instance is
 * solved once per day D its legs can reach the customer: cut to the legs that do by then,
 * every unit priced D days — the least over D is the optimum, because a plan whose last leg
 * lands on day D' ≤ D costs least at D' itself.
 */
import { localOf, type Zone } from '../time/zone.js'
import { MS_PER_DAY } from '../time.js'
import type { CompiledNetwork } from '../network/compile.js'
import type { Instance } from './instance.js'
import { cutAt } from './fastest.js'

/** Whole local days in `zone` from the date of `fromMs` to the date of `toMs` (0 when not later). */
export const localDays = (zone: Zone, fromMs: number, toMs: number): number => {
  const days = Math.floor(localOf(zone, toMs) / MS_PER_DAY) - Math.floor(localOf(zone, fromMs) / MS_PER_DAY)
  return days > 0 ? days : 0
}

/**
 * The clock delay is counted on: the customer's (the order's ship `timeZone`) when the order
 * gives one, else that of the node the customer deals with — the parcel's sender, the hub, or
 * the pickup node.
 */
export const delayZone = (net: CompiledNetwork, customer: Zone | undefined, node: number): Zone =>
  customer ?? (net.calendars[node]?.zone as Zone)

/** `inst` with `perUnitMicros` more on every unit it may send: the delay of a plan handed over together. */
export const withUniformDelay = (inst: Instance, perUnitMicros: number): Instance => {
  if (perUnitMicros === 0) return inst
  const unitCost = Float64Array.from(inst.problem.unitCost, (c) => c + perUnitMicros)
  return { ...inst, delayUnitMicros: inst.delayUnitMicros + perUnitMicros, problem: { ...inst.problem, unitCost } }
}

/**
 * The pickup or hub instance `inst` once per day its legs can reach the customer: cut to the
 * legs (and supply instants) that do by that day, every unit priced `rateMicros` × the days.
 * Ascending by day; the whole instance unpriced when no leg reaches the customer at all.
 */
export const byDeliveryDay = (inst: Instance, zone: Zone, nowMs: number, rateMicros: number): Instance[] => {
  const etas: number[] = []
  for (const f of inst.facilities) {
    if (f.instants === undefined) etas.push(f.etaMs)
    else for (const at of f.instants) etas.push(at.etaMs)
  }
  if (etas.length === 0) return [inst]
  etas.sort((a, b) => a - b)
  const out: Instance[] = []
  for (let i = 0; i < etas.length; i++) {
    const eta = etas[i] as number
    const next = etas[i + 1]
    const days = localDays(zone, nowMs, eta)
    // The last ETA of each day: the cut keeps every leg of that day and the days before.
    if (next !== undefined && localDays(zone, nowMs, next) === days) continue
    out.push(withUniformDelay(cutAt(inst, eta), rateMicros * days))
  }
  return out
}
