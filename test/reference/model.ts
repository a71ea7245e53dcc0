/**
 * The reference model of routing, stated from the documents (docs/model.md) and solved by
 * HiGHS to a zero gap: a scenario document in, the optimum total cost (exact micro-units) and
 * the facilities it opens out. It builds no engine instance and reads no engine ATP or ETA:
 * only the documented formulas of ./documented.ts. One MIP per way of serving the order
 * (direct parcels, each candidate hub, the pickup node); the optimum is the cheapest. The
 * order's `delayCost` and the nodes' store-stock `protection` are read from the document
 * itself (`readScenario`), not from the engine's decoder.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Node } from '../../src/model/network.js'
import type { Scenario } from '../../src/model/scenario.js'
import { loadHighs } from '../support/highs.js'
import type { PlanLike } from './validity.js'
import {
  admitted,
  atpAt,
  can,
  delayClock,
  delayDays,
  delayRateMicros,
  formatMicros,
  deliveredMs,
  metresBetween,
  micros,
  penaltyMicros,
  pickupReadyMs,
  positionOf,
  readScenario,
  shipUnitMicros,
  skuAdmitted,
  timingOf,
  transferArrivalMs,
  transferFixedMicros,
  transferUnitMicros,
  unprotectedUnits,
  type Clock,
  type Position,
  type PricedScenario,
} from './documented.js'

/** How a facility's units reach the customer. */
export type Role = 'ship' | 'transfer' | 'own'
export type Mode = 'direct' | 'pickup' | 'hub'

/** A (node, role, supply instant): one parcel, one transfer, or the target's own shelf. */
export interface RefFacility {
  readonly node: string
  readonly role: Role
  /** The supply instant (now, or an inbound lot's arrival at the node). */
  readonly at: number
  readonly fixed: bigint
  /** Cost of one unit through this facility (for a hub: transfer + last mile). */
  readonly unit: bigint
  /** When the customer has this facility's units (delivered, or ready to collect). */
  readonly eta: number
  /** The customer's local days from now until `eta` (the delay cost's day count, §7b). */
  readonly days: number
  /** Upper bound of units per SKU (demand and cumulative ATP at `at`). */
  readonly bound: ReadonlyMap<string, number>
  /** True when today's daily capacity binds it (supply at now). */
  readonly today: boolean
}

/** One way of serving the order, before solving. */
export interface RefInstance {
  readonly mode: Mode
  readonly target?: string
  /** Paid once when any unit is served (a hub's last-mile parcel). */
  readonly constant: bigint
  readonly facilities: readonly RefFacility[]
  /** Max facilities open. */
  readonly slots: number
  /** A hub's last-mile cost per unit, included in every facility's `unit` (0 otherwise). */
  readonly lastUnit: bigint
}

/** An optimum of one instance (or of the whole order). */
export interface RefSolution {
  readonly mode: Mode
  readonly target?: string
  readonly lastUnit: bigint
  readonly total: bigint
  readonly fulfilment: bigint
  readonly penalty: bigint
  /** The order's delay cost (0 when it sets none). */
  readonly delay: bigint
  /** Store-stock protection paid. */
  readonly protection: bigint
  /** Open facilities with their units per SKU. */
  readonly open: readonly { readonly facility: RefFacility; readonly units: ReadonlyMap<string, number> }[]
  /** Unfulfilled units per line id. */
  readonly unfulfilled: ReadonlyMap<string, number>
}

export type RefResult =
  | { readonly _tag: 'solved'; readonly best: RefSolution; readonly instances: readonly RefSolution[] }
  | { readonly _tag: 'error'; readonly error: string }

/** Everything the instances of one scenario share. */
export interface Prepared {
  readonly scenario: PricedScenario
  readonly nowMs: number
  readonly deliverByMs: number
  readonly skus: readonly string[]
  readonly demand: ReadonlyMap<string, number>
  readonly positions: ReadonlyMap<string, Position>
  /** Per node id, its supply instants: now and (backorders only) each later lot of an order SKU. */
  readonly instants: ReadonlyMap<string, readonly number[]>
  readonly allOrNothing: boolean
  readonly maxShipments: number
  /** The order's delay cost per unit per day (micro-units), when it sets one. */
  readonly delayRate: bigint | undefined
}

const key = (node: string, sku: string): string => `${node}\u0000${sku}`

export const prepare = (s: PricedScenario, now: string): Prepared => {
  const nowMs = Date.parse(s.now ?? now)
  const deliverByMs = s.order.deliverBy === undefined ? Number.POSITIVE_INFINITY : Date.parse(s.order.deliverBy)
  const demand = new Map<string, number>()
  for (const l of s.order.lines) demand.set(l.sku, (demand.get(l.sku) ?? 0) + l.quantity)
  const skus = [...demand.keys()].sort()
  const positions = new Map<string, Position>()
  const instants = new Map<string, readonly number[]>()
  for (const n of s.nodes) {
    const at = new Set<number>([nowMs])
    for (const sku of skus) {
      const p = positionOf(s, n, sku, s.order.channel, nowMs)
      positions.set(key(n.id, sku), p)
      if (s.order.allowBackorder === true) for (const l of p.lots) if (l.at > nowMs) at.add(l.at)
    }
    instants.set(n.id, [...at].sort((a, b) => a - b))
  }
  return {
    scenario: s,
    nowMs,
    deliverByMs,
    skus,
    demand,
    positions,
    instants,
    allOrNothing: s.order.shipComplete === true || s.order.allowPartial === false,
    maxShipments: s.order.maxShipments ?? Number.MAX_SAFE_INTEGER,
    delayRate: delayRateMicros(s),
  }
}

/** One node's way of contributing in an instance, before instants are expanded. */
interface Source {
  readonly node: Node
  readonly role: Role
  readonly fixed: bigint
  readonly unit: bigint
  readonly eta: (at: number) => number
  /** The clock the delay cost counts days on. */
  readonly clock: Clock
}

const facilitiesOf = (p: Prepared, sources: readonly Source[]): RefFacility[] => {
  const out: RefFacility[] = []
  for (const src of sources) {
    for (const at of p.instants.get(src.node.id) ?? []) {
      const eta = src.eta(at)
      if (eta > p.deliverByMs) continue
      const today = at === p.nowMs
      if (today && src.node.dailyCapacity?.orders === 0) continue
      const bound = new Map<string, number>()
      for (const sku of p.skus) {
        if (!skuAdmitted(p.scenario, sku, src.node)) continue
        const pos = p.positions.get(key(src.node.id, sku))
        const q = Math.min(p.demand.get(sku) ?? 0, pos === undefined ? 0 : atpAt(pos, at))
        if (q > 0) bound.set(sku, q)
      }
      if (bound.size > 0) out.push({ node: src.node.id, role: src.role, at, fixed: src.fixed, unit: src.unit, eta, days: delayDays(src.clock, p.nowMs, eta), bound, today })
    }
  }
  return out
}

/** Direct parcels: every admitted node that can ship sends its own parcels. */
export const directInstance = (p: Prepared, to: { lat: number; lon: number }): RefInstance => {
  const s = p.scenario
  const t = timingOf(s)
  const sources: Source[] = []
  for (const n of s.nodes) {
    const m = metresBetween(n.location, to)
    if (!can(n, 'ship') || !admitted(s, n, m)) continue
    sources.push({ node: n, role: 'ship', fixed: micros(n.costs.package), unit: shipUnitMicros(n, m), eta: (at) => deliveredMs(t, n, at, m), clock: delayClock(t, n) })
  }
  return { mode: 'direct', constant: 0n, facilities: facilitiesOf(p, sources), slots: s.order.shipComplete === true ? 1 : p.maxShipments, lastUnit: 0n }
}

/** Through a target: the pickup node (own shelf + transfers in) or a hub (+ one last-mile parcel to `to`). */
export const targetInstance = (p: Prepared, mode: 'pickup' | 'hub', target: Node, to?: { lat: number; lon: number }): RefInstance => {
  const s = p.scenario
  const t = timingOf(s)
  const last = mode === 'hub' && to !== undefined ? metresBetween(target.location, to) : 0
  const lastUnit = mode === 'hub' ? shipUnitMicros(target, last) : 0n
  const lastLeg = (arrived: number): number => (mode === 'hub' ? deliveredMs(t, target, arrived, last) : pickupReadyMs(target, arrived))
  // A pickup has no customer zone (the order's `timeZone` is a ship delivery's), so its days are the pickup node's.
  const clock = delayClock(t, target)
  const sources: Source[] = []
  for (const n of s.nodes) {
    if (n.id === target.id) {
      if (!admitted(s, n, 0)) continue
      sources.push({ node: n, role: 'own', fixed: 0n, unit: mode === 'hub' ? lastUnit : micros(n.costs.unit), eta: lastLeg, clock })
      continue
    }
    const m = metresBetween(n.location, target.location)
    if (!can(target, 'transfer-in') || !can(n, 'transfer-out') || !admitted(s, n, m)) continue
    sources.push({
      node: n,
      role: 'transfer',
      fixed: transferFixedMicros(n),
      unit: transferUnitMicros(n, m) + lastUnit,
      eta: (at) => lastLeg(transferArrivalMs(t, n, at, m, target)),
      clock,
    })
  }
  return { mode, target: target.id, constant: mode === 'hub' ? micros(target.costs.package) : 0n, facilities: facilitiesOf(p, sources), slots: p.maxShipments, lastUnit }
}

/** Hubs tried: hub, ship and transfer-in capable, admitted at their distance to the customer, with order capacity; the `maxHubs` (3) nearest, then by id. */
export const hubCandidates = (s: Scenario, to: { lat: number; lon: number }, maxHubs = 3): readonly Node[] =>
  s.nodes
    .filter((n) => can(n, 'hub') && can(n, 'ship') && can(n, 'transfer-in') && n.dailyCapacity?.orders !== 0)
    .map((n) => ({ n, m: metresBetween(n.location, to) }))
    .filter(({ n, m }) => admitted(s, n, m))
    .sort((a, b) => a.m - b.m || (a.n.id < b.n.id ? -1 : a.n.id > b.n.id ? 1 : 0))
    .slice(0, maxHubs)
    .map(({ n }) => n)

/** Every instance the order admits. */
export const instancesOf = (p: Prepared): readonly RefInstance[] => {
  const s = p.scenario
  const d = s.order.delivery
  if (d.method === 'pickup') {
    const target = s.nodes.find((n) => n.id === d.node)
    if (target === undefined || !can(target, 'pickup')) return []
    return [targetInstance(p, 'pickup', target)]
  }
  const out: RefInstance[] = [directInstance(p, d.to)]
  if (s.order.allowHub ?? s.order.shipComplete === true) for (const h of hubCandidates(s, d.to)) out.push(targetInstance(p, 'hub', h, d.to))
  return out
}

/**
 * The reference solution written as a plan (the fields the validity check reads), so that
 * the optimum itself is checked against the documented constraints: a reference that finds
 * a cheaper plan than the engine must find a valid one.
 */
export const referencePlan = (s: PricedScenario, sol: RefSolution, now = '2026-01-01T00:00:00Z'): PlanLike => {
  const served = new Map(s.order.lines.map((l) => [l.id, l.quantity - (sol.unfulfilled.get(l.id) ?? 0)]))
  const nowMs = Date.parse(s.now ?? now)
  const legs = sol.open.map(({ facility: f, units }) => {
    const lines: { lineId: string; sku: string; quantity: number }[] = []
    for (const [sku, q] of units) {
      let left = q
      for (const l of s.order.lines) {
        if (l.sku !== sku || left === 0) continue
        const take = Math.min(left, served.get(l.id) ?? 0)
        if (take === 0) continue
        lines.push({ lineId: l.id, sku, quantity: take })
        served.set(l.id, (served.get(l.id) ?? 0) - take)
        left -= take
      }
    }
    const n = lines.reduce((a, l) => a + l.quantity, 0)
    return { f, lines, cost: f.fixed + BigInt(n) * (f.unit - sol.lastUnit), n }
  })
  const allocations = legs.flatMap(({ f, lines }) => lines.map((l) => ({ ...l, node: f.node, ...(f.at === nowMs ? {} : { availableAt: new Date(f.at).toISOString() }) })))
  const merged = new Map<string, { lineId: string; sku: string; quantity: number }>()
  for (const a of allocations) merged.set(a.lineId, { lineId: a.lineId, sku: a.sku, quantity: (merged.get(a.lineId)?.quantity ?? 0) + a.quantity })
  const transfers = legs
    .filter(({ f }) => f.role === 'transfer')
    .map(({ f, lines, cost }) => ({ from: f.node, to: sol.target ?? '', lines, cost: formatMicros(cost), backorder: f.at !== nowMs }))
  const own = legs.filter(({ f }) => f.role === 'own')
  const shipments =
    sol.mode === 'direct'
      ? legs.map(({ f, lines, cost }) => ({ from: f.node, lines, cost: formatMicros(cost), backorder: f.at !== nowMs }))
      : sol.mode === 'hub' && legs.length > 0
        ? [{ from: sol.target ?? '', lines: [...merged.values()], cost: formatMicros(sol.fulfilment - transfers.reduce((a, t) => a + micros(t.cost), 0n)), backorder: legs.some(({ f }) => f.at !== nowMs) }]
        : []
  const eta = legs.reduce((a, { f }) => Math.max(a, f.eta), Number.NEGATIVE_INFINITY)
  return {
    method: s.order.delivery.method,
    shipments,
    transfers,
    ...(sol.mode === 'hub' && legs.length > 0 && sol.target !== undefined ? { hub: sol.target } : {}),
    ...(sol.mode === 'pickup' && legs.length > 0 && sol.target !== undefined
      ? { pickup: { node: sol.target, lines: [...merged.values()], cost: formatMicros(own.reduce((a, o) => a + o.cost, 0n)) } }
      : {}),
    unfulfilled: s.order.lines.filter((l) => (sol.unfulfilled.get(l.id) ?? 0) > 0).map((l) => ({ lineId: l.id, sku: l.sku, quantity: sol.unfulfilled.get(l.id) ?? 0 })),
    allocations,
    totalCost: formatMicros(sol.total),
    fulfilmentCost: formatMicros(sol.fulfilment),
    penaltyCost: formatMicros(sol.penalty),
    ...(s.order.delayCost === undefined ? {} : { delayCost: formatMicros(sol.delay) }),
    ...(sol.protection > 0n ? { protectionCost: formatMicros(sol.protection) } : {}),
    ...(legs.length > 0 ? { eta: new Date(eta).toISOString() } : {}),
  }
}

const money = (m: bigint): string => {
  const neg = m < 0n
  const a = neg ? -m : m
  return `${neg ? '-' : ''}${a / 1_000_000n}.${(a % 1_000_000n).toString().padStart(6, '0')}`
}

/**
 * What one solve of an instance minimises: its cost (the MIP of docs/model.md), or the units
 * it leaves unfulfilled (`units`, the first step of `fastest`); `atMostUnfulfilled` adds the
 * row Σ u ≤ that many (the last step of `fastest`: serve the most units).
 */
export interface SolveGoal {
  readonly objective: 'cost' | 'units'
  readonly atMostUnfulfilled?: number
}

const COST: SolveGoal = { objective: 'cost' }

/**
 * The MIP of one instance in CPLEX LP format (docs/model.md, "The MIP", with §7b's delay and
 * protection). Direct parcels pay the delay of their own ETA per unit; a pickup or hub plan
 * pays `planDays` days for every unit it serves (the caller enumerates them).
 */
export const instanceLp = (p: Prepared, inst: RefInstance, goal: SolveGoal = COST, planDays = 0): string => {
  const s = p.scenario
  const obj: string[] = []
  const rows: string[] = []
  const bounds: string[] = []
  const ints: string[] = []
  const bins: string[] = []
  const cover = new Map<string, string[]>(p.skus.map((sku) => [sku, []]))
  const costs = goal.objective === 'cost'
  const rate = p.delayRate ?? 0n
  inst.facilities.forEach((f, k) => {
    if (costs) obj.push(`${money(f.fixed)} y${k}`)
    bins.push(`y${k}`)
    const delay = rate * BigInt(inst.mode === 'direct' ? f.days : planDays)
    const node = s.nodes.find((x) => x.id === f.node)
    for (const [sku, ub] of f.bound) {
      const j = p.skus.indexOf(sku)
      const x = `x${k}_${j}`
      if (costs) obj.push(`${money(f.unit + delay)} ${x}`)
      bounds.push(`0 <= ${x} <= ${ub}`)
      ints.push(x)
      rows.push(`open${k}_${j}: ${x} - ${ub} y${k} <= 0`)
      cover.get(sku)?.push(x)
      // Store-stock protection: what leaves now beyond the node's unprotected units pays unitCost each (v ≥ x − free).
      const guard = node?.protection
      const pos = p.positions.get(key(f.node, sku))
      if (costs && f.today && guard !== undefined && pos !== undefined) {
        const free = unprotectedUnits(guard, atpAt(pos, p.nowMs))
        if (ub > free) {
          obj.push(`${money(micros(guard.unitCost))} v${k}_${j}`)
          rows.push(`protect${k}_${j}: ${x} - v${k}_${j} <= ${free}`)
          bounds.push(`0 <= v${k}_${j} <= ${ub}`)
          ints.push(`v${k}_${j}`)
        }
      }
    }
  })
  // Cumulative supply: what leaves a node by instant t never exceeds what is there by t.
  const byNode = new Map<string, number[]>()
  inst.facilities.forEach((f, k) => byNode.set(f.node, [...(byNode.get(f.node) ?? []), k]))
  for (const [node, ks] of byNode) {
    const n = s.nodes.find((x) => x.id === node) as Node
    for (const [j, sku] of p.skus.entries()) {
      const pos = p.positions.get(key(node, sku))
      if (pos === undefined) continue
      for (const [ti, t] of (p.instants.get(node) ?? []).entries()) {
        const xs = ks.filter((k) => (inst.facilities[k] as RefFacility).at <= t && (inst.facilities[k] as RefFacility).bound.has(sku)).map((k) => `x${k}_${j}`)
        if (xs.length > 0) rows.push(`atp_${k9(node)}_${j}_${ti}: ${xs.join(' + ')} <= ${atpAt(pos, t)}`)
      }
    }
    // Today's remaining daily capacity binds what leaves with today's supply (own shelf included).
    const units = n.dailyCapacity?.units
    const today = ks.filter((k) => (inst.facilities[k] as RefFacility).today)
    if (units !== undefined && today.length > 0) {
      const xs = today.flatMap((k) => [...(inst.facilities[k] as RefFacility).bound.keys()].map((sku) => `x${k}_${p.skus.indexOf(sku)}`))
      rows.push(`units_${k9(node)}: ${xs.join(' + ')} <= ${units}`)
    }
    const orders = n.dailyCapacity?.orders
    if (orders !== undefined && today.length > orders) rows.push(`orders_${k9(node)}: ${today.map((k) => `y${k}`).join(' + ')} <= ${orders}`)
  }
  s.order.lines.forEach((l, i) => {
    obj.push(costs ? `${money(penaltyMicros(s, l.id))} u${i}` : `1 u${i}`)
    bounds.push(`0 <= u${i} <= ${l.quantity}`)
    ints.push(`u${i}`)
    cover.get(l.sku)?.push(`u${i}`)
    if (p.allOrNothing) rows.push(`aon${i}: u${i} - ${l.quantity} z = 0`)
  })
  for (const [j, sku] of p.skus.entries()) rows.push(`cover${j}: ${(cover.get(sku) ?? []).join(' + ')} = ${p.demand.get(sku) ?? 0}`)
  if (inst.facilities.length > 0 && inst.slots < inst.facilities.length) rows.push(`slots: ${inst.facilities.map((_, k) => `y${k}`).join(' + ')} <= ${inst.slots}`)
  if (p.allOrNothing) bins.push('z')
  if (goal.atMostUnfulfilled !== undefined) rows.push(`served: ${s.order.lines.map((_, i) => `u${i}`).join(' + ')} <= ${goal.atMostUnfulfilled}`)
  if (inst.constant > 0n && inst.facilities.length > 0) {
    if (costs) obj.push(`${money(inst.constant)} w`)
    else obj.push('0 w')
    bins.push('w')
    inst.facilities.forEach((_, k) => rows.push(`last${k}: y${k} - w <= 0`))
  }
  return [
    'Minimize',
    ` obj: ${obj.join(' + ')}`,
    'Subject To',
    ...rows.map((r) => ` ${r}`),
    'Bounds',
    ...bounds.map((b) => ` ${b}`),
    ...(ints.length > 0 ? ['General', ` ${ints.join(' ')}`] : []),
    ...(bins.length > 0 ? ['Binary', ` ${bins.join(' ')}`] : []),
    'End',
  ].join('\n')
}

/** LP names take letters, digits and a few signs; node ids are hashed into a stable token. */
const k9 = (id: string): string => [...id].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `_${c.charCodeAt(0)}`)).join('')

/**
 * Solves one instance; the cost is recomputed exactly from the integer solution. A pickup or
 * hub plan hands every unit over at its ETA, so with a delay cost its price per unit depends
 * on its latest facility: for each distinct day D of the facilities' ETAs, the instance keeps
 * the facilities due within D days and prices every unit D days of delay; its optimum is the
 * least of these (each recomputed with the days its plan actually takes).
 */
export const solveInstance = async (p: Prepared, inst: RefInstance, goal: SolveGoal = COST): Promise<RefSolution> => {
  const rate = p.delayRate ?? 0n
  const levels = goal.objective !== 'cost' || inst.mode === 'direct' || rate === 0n ? [undefined] : [...new Set(inst.facilities.map((f) => f.days))].sort((a, b) => a - b)
  let best: RefSolution | undefined
  for (const days of levels) {
    // Cut at fewer days, the last step of `fastest` may not reach its units: that level has no plan.
    const sol = await solveAt(p, days === undefined ? inst : { ...inst, facilities: inst.facilities.filter((f) => f.days <= days) }, goal, days ?? 0, days !== undefined)
    if (sol !== undefined && (best === undefined || sol.total < best.total)) best = sol
  }
  return best ?? ((await solveAt(p, inst, goal, 0, false)) as RefSolution)
}

const solveAt = async (p: Prepared, inst: RefInstance, goal: SolveGoal, planDays: number, mayBeInfeasible: boolean): Promise<RefSolution | undefined> => {
  const highs = await loadHighs()
  const lp = instanceLp(p, inst, goal, planDays)
  const r = highs.solve(lp, { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0 })
  if (r.Status === 'Infeasible' && mayBeInfeasible) return undefined
  if (r.Status !== 'Optimal') throw new Error(`HiGHS: ${r.Status}\n${lp}`)
  const value = (name: string): number => {
    const c = (r.Columns as Record<string, { Primal: number } | undefined>)[name]
    return c === undefined ? 0 : Math.round(c.Primal)
  }
  const s = p.scenario
  const open: { facility: RefFacility; units: Map<string, number> }[] = []
  let fulfilment = 0n
  inst.facilities.forEach((f, k) => {
    const units = new Map<string, number>()
    for (const sku of f.bound.keys()) {
      const x = value(`x${k}_${p.skus.indexOf(sku)}`)
      if (x > 0) units.set(sku, x)
    }
    if (units.size > 0) {
      open.push({ facility: f, units })
      fulfilment += f.fixed
      for (const x of units.values()) fulfilment += BigInt(x) * f.unit
    }
  })
  if (open.length > 0) fulfilment += inst.constant
  const rate = p.delayRate ?? 0n
  let delay = 0n
  if (inst.mode === 'direct') for (const o of open) for (const x of o.units.values()) delay += rate * BigInt(o.facility.days) * BigInt(x)
  else if (open.length > 0) {
    const days = Math.max(...open.map((o) => o.facility.days))
    const served = open.reduce((a, o) => a + [...o.units.values()].reduce((b, x) => b + x, 0), 0)
    delay = rate * BigInt(days) * BigInt(served)
  }
  let protection = 0n
  for (const n of s.nodes) {
    if (n.protection === undefined) continue
    for (const sku of p.skus) {
      const pos = p.positions.get(key(n.id, sku))
      if (pos === undefined) continue
      const now = open.filter((o) => o.facility.node === n.id && o.facility.today).reduce((a, o) => a + (o.units.get(sku) ?? 0), 0)
      protection += BigInt(Math.max(0, now - unprotectedUnits(n.protection, atpAt(pos, p.nowMs)))) * micros(n.protection.unitCost)
    }
  }
  const unfulfilled = new Map<string, number>()
  let penalty = 0n
  s.order.lines.forEach((l, i) => {
    const u = value(`u${i}`)
    if (u > 0) unfulfilled.set(l.id, u)
    penalty += BigInt(u) * penaltyMicros(s, l.id)
  })
  return {
    mode: inst.mode,
    ...(inst.target === undefined ? {} : { target: inst.target }),
    lastUnit: inst.lastUnit,
    total: fulfilment + penalty + delay + protection,
    fulfilment,
    penalty,
    delay,
    protection,
    open,
    unfulfilled,
  }
}

/**
 * The reference optimum of a scenario document (already parsed JSON): the cheapest solution
 * over every instance the order admits, or why the order cannot be routed at all.
 */
export const referenceOptimum = async (json: unknown, now = '2026-01-01T00:00:00Z'): Promise<RefResult> => {
  const decoded = readScenario(json)
  if (E.isLeft(decoded)) return { _tag: 'error', error: decoded.left }
  const s = decoded.right
  const d = s.order.delivery
  if (d.method === 'pickup') {
    const target = s.nodes.find((n) => n.id === d.node)
    if (target === undefined) return { _tag: 'error', error: 'unknown-node' }
    if (!can(target, 'pickup')) return { _tag: 'error', error: 'not-a-pickup-node' }
  }
  const p = prepare(s, now)
  const solved: RefSolution[] = []
  for (const inst of instancesOf(p)) solved.push(await solveInstance(p, inst))
  const best = solved.reduce((a, b) => (b.total < a.total ? b : a))
  return { _tag: 'solved', best, instances: solved }
}

/** Units a solution leaves unfulfilled. */
export const unfulfilledUnits = (sol: RefSolution): number => [...sol.unfulfilled.values()].reduce((a, q) => a + q, 0)

/** The instance with only the facilities whose ETA is at most `deadline`. */
const cutAt = (inst: RefInstance, deadline: number): RefInstance => ({ ...inst, facilities: inst.facilities.filter((f) => f.eta <= deadline) })

/** The `fastest` reference: its optimum, the most units `served` and the ETA `deadline` they take. */
export type RefFastest =
  | { readonly _tag: 'solved'; readonly best: RefSolution; readonly served: number; readonly deadline?: number }
  | { readonly _tag: 'error'; readonly error: string }

/**
 * The reference of the `fastest` strategy (docs/model.md, "Fastest"), solved
 * lexicographically by HiGHS: F* = the most units any plan of any instance serves; T* = the
 * least facility ETA T such that some instance cut at T (facilities with ETA ≤ T) serves F*
 * units, found by trying every distinct ETA in turn (no appeal to monotonicity); then the
 * cheapest plan of the instances cut at T* that serves F* units.
 */
export const referenceFastest = async (json: unknown, now = '2026-01-01T00:00:00Z'): Promise<RefFastest> => {
  const optimum = await referenceOptimum(json, now)
  if (optimum._tag === 'error') return optimum
  const decoded = readScenario(json)
  if (E.isLeft(decoded)) return { _tag: 'error', error: decoded.left }
  const p = prepare(decoded.right, now)
  const instances = instancesOf(p)
  const demand = decoded.right.order.lines.reduce((a, l) => a + l.quantity, 0)
  const servedBy = async (inst: RefInstance): Promise<number> => demand - unfulfilledUnits(await solveInstance(p, inst, { objective: 'units' }))
  let most = 0
  for (const inst of instances) most = Math.max(most, await servedBy(inst))
  if (most === 0) return { _tag: 'solved', best: optimum.best, served: 0 }
  const etas = [...new Set(instances.flatMap((i) => i.facilities.map((f) => f.eta)))].sort((a, b) => a - b)
  for (const deadline of etas) {
    const reaching: RefInstance[] = []
    for (const inst of instances) if ((await servedBy(cutAt(inst, deadline))) === most) reaching.push(cutAt(inst, deadline))
    if (reaching.length === 0) continue
    let best: RefSolution | undefined
    for (const inst of reaching) {
      const sol = await solveInstance(p, inst, { objective: 'cost', atMostUnfulfilled: demand - most })
      if (best === undefined || sol.total < best.total) best = sol
    }
    return { _tag: 'solved', best: best as RefSolution, served: most, deadline }
  }
  return { _tag: 'error', error: 'no deadline serves the most units (a reference bug)' }
}
