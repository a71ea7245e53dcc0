/**
 * Independent validity of a plan against its scenario document: coverage per line, never more
 * than ATP per position at any instant (cumulative), fences and safety stock (through ATP),
 * daily capacity (own shelf included), sourcing rules and capabilities, `deliverBy`,
 * `maxShipments`, `shipComplete`, all-or-nothing, and the plan's money: every leg and total
 * recomputed exactly from the documented cost model, the order's delay cost and the nodes'
 * store-stock protection included. Returns what is wrong, or nothing.
 */
import {
  admitted,
  atpAt,
  can,
  delayClock,
  delayDays,
  delayRateMicros,
  deliveredMs,
  formatMicros,
  metresBetween,
  micros,
  penaltyMicros,
  pickupReadyMs,
  positionOf,
  shipUnitMicros,
  skuAdmitted,
  timingOf,
  transferArrivalMs,
  transferFixedMicros,
  transferUnitMicros,
  unprotectedUnits,
  type PricedScenario,
} from './documented.js'
import { hubCandidates } from './model.js'

interface Line {
  readonly lineId: string
  readonly sku: string
  readonly quantity: number
}

/** The parts of a plan this check reads (the engine's `Plan` has them all). */
export interface PlanLike {
  readonly method: 'ship' | 'pickup'
  readonly shipments: readonly { readonly from: string; readonly lines: readonly Line[]; readonly cost: string; readonly backorder: boolean }[]
  readonly transfers: readonly { readonly from: string; readonly to: string; readonly lines: readonly Line[]; readonly cost: string; readonly backorder: boolean }[]
  readonly hub?: string
  readonly pickup?: { readonly node: string; readonly lines: readonly Line[]; readonly cost: string }
  readonly unfulfilled: readonly Line[]
  readonly allocations: readonly (Line & { readonly node: string; readonly availableAt?: string })[]
  readonly totalCost: string
  readonly fulfilmentCost: string
  readonly penaltyCost: string
  /** Present exactly when the order sets a `delayCost`. */
  readonly delayCost?: string
  /** Present exactly when the plan pays store-stock protection (> 0). */
  readonly protectionCost?: string
  readonly eta?: string
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0)

/** Every way `plan` breaks the documented model of `s` (empty when it is valid). */
export const planViolations = (s: PricedScenario, plan: PlanLike, now = '2026-01-01T00:00:00Z'): string[] => {
  const wrong: string[] = []
  const o = s.order
  const nowMs = Date.parse(s.now ?? now)
  const timing = timingOf(s)
  const nodeOf = (id: string): PricedScenario['nodes'][number] | undefined => s.nodes.find((n) => n.id === id)
  const d = o.delivery
  const mode: 'direct' | 'pickup' | 'hub' = d.method === 'pickup' ? 'pickup' : plan.hub !== undefined ? 'hub' : 'direct'
  const target = d.method === 'pickup' ? nodeOf(d.node) : plan.hub !== undefined ? nodeOf(plan.hub) : undefined
  if (plan.method !== d.method) wrong.push(`method ${plan.method} for a ${d.method} order`)
  if (mode !== 'direct' && target === undefined) wrong.push('unknown target node')

  // Money: total = fulfilment + penalties + delay + protection; delayCost present iff the order sets one, protectionCost iff > 0.
  const total = micros(plan.totalCost)
  const fulfilment = micros(plan.fulfilmentCost)
  const penalty = micros(plan.penaltyCost)
  const delay = plan.delayCost === undefined ? 0n : micros(plan.delayCost)
  const protection = plan.protectionCost === undefined ? 0n : micros(plan.protectionCost)
  if (total !== fulfilment + penalty + delay + protection) {
    wrong.push(`totalCost ${plan.totalCost} ≠ fulfilment ${plan.fulfilmentCost} + penalties ${plan.penaltyCost} + delay ${plan.delayCost ?? '-'} + protection ${plan.protectionCost ?? '-'}`)
  }
  const rate = delayRateMicros(s)
  if ((rate === undefined) !== (plan.delayCost === undefined)) wrong.push(rate === undefined ? `delayCost ${plan.delayCost ?? ''} on a plan whose order sets none` : 'no delayCost although the order sets one')
  if (plan.protectionCost !== undefined && protection === 0n) wrong.push('protectionCost 0 is written (present only when > 0)')

  // Coverage per line, and the penalties of what is left.
  let penalties = 0n
  for (const l of o.lines) {
    const planned = sum(plan.allocations.filter((a) => a.lineId === l.id).map((a) => a.quantity))
    const left = sum(plan.unfulfilled.filter((u) => u.lineId === l.id).map((u) => u.quantity))
    if (planned + left !== l.quantity) wrong.push(`line ${l.id}: planned ${planned} + unfulfilled ${left} ≠ ${l.quantity}`)
    penalties += BigInt(left) * penaltyMicros(s, l.id)
  }
  for (const a of [...plan.allocations, ...plan.unfulfilled]) {
    const line = o.lines.find((l) => l.id === a.lineId)
    if (line === undefined || line.sku !== a.sku) wrong.push(`line ${a.lineId} (${a.sku}) is not an order line`)
    if (!(a.quantity > 0)) wrong.push(`line ${a.lineId}: quantity ${a.quantity}`)
  }
  if (penalties !== penalty) wrong.push(`penaltyCost ${plan.penaltyCost} ≠ recomputed ${formatMicros(penalties)}`)

  // Facilities: (node, supply instant), from the allocations.
  interface Used {
    readonly node: PricedScenario['nodes'][number]
    readonly at: number
    readonly units: Map<string, number>
  }
  const used = new Map<string, Used>()
  for (const a of plan.allocations) {
    const node = nodeOf(a.node)
    if (node === undefined) {
      wrong.push(`allocation at unknown node ${a.node}`)
      continue
    }
    const at = a.availableAt === undefined ? nowMs : Date.parse(a.availableAt)
    if (a.availableAt !== undefined) {
      if (o.allowBackorder !== true) wrong.push(`${a.node}: backorder allocation without allowBackorder`)
      const lot = (s.inbound ?? []).some((l) => l.node === a.node && Date.parse(l.eta) === at && at > nowMs && o.lines.some((x) => x.sku === l.sku))
      if (!lot) wrong.push(`${a.node}: availableAt ${a.availableAt} is no lot arrival of the order's SKUs there`)
    }
    const k = `${a.node}@${at}`
    const u = used.get(k) ?? { node, at, units: new Map<string, number>() }
    u.units.set(a.sku, (u.units.get(a.sku) ?? 0) + a.quantity)
    used.set(k, u)
  }
  const facilities = [...used.values()]

  // Never more than ATP at any instant, cumulatively.
  const skus = [...new Set(o.lines.map((l) => l.sku))]
  for (const node of new Set(facilities.map((f) => f.node))) {
    for (const sku of skus) {
      const pos = positionOf(s, node, sku, o.channel, nowMs)
      const instants = [...new Set(facilities.filter((f) => f.node === node).map((f) => f.at))].sort((a, b) => a - b)
      for (const t of instants) {
        const taken = sum(facilities.filter((f) => f.node === node && f.at <= t).map((f) => f.units.get(sku) ?? 0))
        if (taken > atpAt(pos, t)) wrong.push(`${node.id}/${sku}: ${taken} units by ${new Date(t).toISOString()} > ATP ${atpAt(pos, t)}`)
      }
    }
  }

  // Eligibility, capability, ETA, capacity and the exact cost of each facility.
  const deliverBy = o.deliverBy === undefined ? Number.POSITIVE_INFINITY : Date.parse(o.deliverBy)
  const lastMetres = mode === 'hub' && target !== undefined && d.method === 'ship' ? metresBetween(target.location, d.to) : 0
  const lastUnit = mode === 'hub' && target !== undefined ? shipUnitMicros(target, lastMetres) : 0n
  let expected = 0n
  let eta = Number.NEGATIVE_INFINITY
  let parcelDelay = 0n
  const legCost = new Map<string, bigint>()
  for (const f of facilities) {
    const units = sum([...f.units.values()])
    const own = mode !== 'direct' && target !== undefined && f.node.id === target.id
    let metres: number
    let fixed: bigint
    let unit: bigint
    let facilityEta: number
    if (mode === 'direct' && d.method === 'ship') {
      metres = metresBetween(f.node.location, d.to)
      if (!can(f.node, 'ship')) wrong.push(`${f.node.id} cannot ship`)
      fixed = micros(f.node.costs.package)
      unit = shipUnitMicros(f.node, metres)
      facilityEta = deliveredMs(timing, f.node, f.at, metres)
      // A direct parcel's units wait the days until its own delivery.
      parcelDelay += (rate ?? 0n) * BigInt(delayDays(delayClock(timing, f.node), nowMs, facilityEta)) * BigInt(units)
    } else if (target !== undefined) {
      metres = own ? 0 : metresBetween(f.node.location, target.location)
      const lastLeg = (arrived: number): number => (mode === 'hub' ? deliveredMs(timing, target, arrived, lastMetres) : pickupReadyMs(target, arrived))
      if (own) {
        fixed = 0n
        unit = mode === 'hub' ? lastUnit : micros(f.node.costs.unit)
        facilityEta = lastLeg(f.at)
      } else {
        if (!can(f.node, 'transfer-out') || !can(target, 'transfer-in')) wrong.push(`${f.node.id} → ${target.id}: no transfer capability`)
        fixed = transferFixedMicros(f.node)
        unit = transferUnitMicros(f.node, metres) + lastUnit
        facilityEta = lastLeg(transferArrivalMs(timing, f.node, f.at, metres, target))
      }
    } else continue
    if (!admitted(s, f.node, metres)) wrong.push(`${f.node.id} is not admitted by the sourcing rules`)
    for (const sku of f.units.keys()) if (!skuAdmitted(s, sku, f.node)) wrong.push(`${sku} may not come from ${f.node.id}`)
    if (facilityEta > deliverBy) wrong.push(`${f.node.id}@${new Date(f.at).toISOString()}: ETA ${new Date(facilityEta).toISOString()} after deliverBy`)
    eta = Math.max(eta, facilityEta)
    if (f.at === nowMs && f.node.dailyCapacity !== undefined) {
      if (f.node.dailyCapacity.orders === 0) wrong.push(`${f.node.id}: no order capacity left today`)
      const cap = f.node.dailyCapacity.units
      const today = sum(facilities.filter((g) => g.node === f.node && g.at === nowMs).map((g) => sum([...g.units.values()])))
      if (cap !== undefined && today > cap) wrong.push(`${f.node.id}: ${today} units today > capacity ${cap}`)
    }
    const c = fixed + BigInt(units) * unit
    expected += c
    const leg = own ? 'own' : f.node.id
    legCost.set(leg, (legCost.get(leg) ?? 0n) + c - BigInt(units) * lastUnit)
  }
  if (mode === 'hub' && target !== undefined && facilities.length > 0) expected += micros(target.costs.package)
  if (expected !== fulfilment) wrong.push(`fulfilmentCost ${plan.fulfilmentCost} ≠ recomputed ${formatMicros(expected)}`)

  // Delay: a direct parcel's units wait until its delivery; a pickup or hub plan hands every unit over at its ETA.
  if (rate !== undefined) {
    const servedUnits = sum(facilities.map((f) => sum([...f.units.values()])))
    const expectedDelay =
      mode === 'direct' ? parcelDelay : target !== undefined && facilities.length > 0 ? rate * BigInt(delayDays(delayClock(timing, target), nowMs, eta)) * BigInt(servedUnits) : 0n
    if (expectedDelay !== delay) wrong.push(`delayCost ${plan.delayCost ?? '-'} ≠ recomputed ${formatMicros(expectedDelay)}`)
  }

  // Protection: a node with protection pays for each unit of an SKU it sends now beyond its ATP now less its last units.
  let expectedProtection = 0n
  for (const node of new Set(facilities.map((f) => f.node))) {
    if (node.protection === undefined) continue
    for (const sku of skus) {
      const sent = sum(facilities.filter((f) => f.node === node && f.at === nowMs).map((f) => f.units.get(sku) ?? 0))
      const free = unprotectedUnits(node.protection, atpAt(positionOf(s, node, sku, o.channel, nowMs), nowMs))
      expectedProtection += BigInt(Math.max(0, sent - free)) * micros(node.protection.unitCost)
    }
  }
  if (expectedProtection !== protection) wrong.push(`protectionCost ${plan.protectionCost ?? '-'} ≠ recomputed ${formatMicros(expectedProtection)}`)
  if (facilities.length > 0 && plan.eta !== undefined && Date.parse(plan.eta) !== eta) wrong.push(`eta ${plan.eta} ≠ recomputed ${new Date(eta).toISOString()}`)
  if (facilities.length > 0 && plan.eta === undefined) wrong.push('no eta although units are served')

  // The legs agree with the allocations, and their costs add up.
  const legUnits = (legs: readonly { readonly from: string; readonly lines: readonly Line[] }[]): Map<string, number> => {
    const m = new Map<string, number>()
    for (const leg of legs) for (const l of leg.lines) m.set(`${leg.from}/${l.lineId}`, (m.get(`${leg.from}/${l.lineId}`) ?? 0) + l.quantity)
    return m
  }
  const allocated = new Map<string, number>()
  for (const a of plan.allocations) {
    if (mode !== 'direct' && a.node === target?.id) continue
    allocated.set(`${a.node}/${a.lineId}`, (allocated.get(`${a.node}/${a.lineId}`) ?? 0) + a.quantity)
  }
  const legs = legUnits(mode === 'direct' ? plan.shipments : plan.transfers)
  for (const k of new Set([...legs.keys(), ...allocated.keys()])) {
    if ((legs.get(k) ?? 0) !== (allocated.get(k) ?? 0)) wrong.push(`${k}: legs carry ${legs.get(k) ?? 0}, allocations ${allocated.get(k) ?? 0}`)
  }
  if (mode === 'direct' && plan.transfers.length > 0) wrong.push('transfers in a direct plan')
  if (mode !== 'direct') {
    const served = mode === 'pickup' ? plan.pickup?.lines : plan.shipments.find((x) => x.from === target?.id)?.lines
    for (const l of o.lines) {
      const carried = sum((served ?? []).filter((x) => x.lineId === l.id).map((x) => x.quantity))
      const planned = sum(plan.allocations.filter((a) => a.lineId === l.id).map((a) => a.quantity))
      if (carried !== planned) wrong.push(`line ${l.id}: the ${mode === 'pickup' ? 'pickup' : 'hub parcel'} carries ${carried}, allocations ${planned}`)
    }
    if (mode === 'hub' && plan.shipments.length > 1) wrong.push(`${plan.shipments.length} parcels in a hub plan`)
    if (plan.transfers.some((t) => t.to !== target?.id)) wrong.push('a transfer to another node than the target')
  }
  let legs$ = 0n
  for (const x of plan.shipments) legs$ += micros(x.cost)
  for (const x of plan.transfers) legs$ += micros(x.cost)
  if (plan.pickup !== undefined) legs$ += micros(plan.pickup.cost)
  if (legs$ !== fulfilment) wrong.push(`legs cost ${formatMicros(legs$)} ≠ fulfilmentCost ${plan.fulfilmentCost}`)
  if (mode === 'direct') {
    for (const [node, c] of legCost) {
      const paid = plan.shipments.filter((x) => x.from === node).reduce((a, x) => a + micros(x.cost), 0n)
      if (paid !== c) wrong.push(`${node}: parcels cost ${formatMicros(paid)} ≠ recomputed ${formatMicros(c)}`)
    }
  } else if (mode === 'pickup' && plan.pickup !== undefined && micros(plan.pickup.cost) !== (legCost.get('own') ?? 0n)) {
    wrong.push(`pickup cost ${plan.pickup.cost} ≠ recomputed own-shelf handling ${formatMicros(legCost.get('own') ?? 0n)}`)
  }

  // Order options.
  const slots = mode === 'direct' && o.shipComplete === true ? 1 : (o.maxShipments ?? Number.MAX_SAFE_INTEGER)
  if (facilities.length > slots) wrong.push(`${facilities.length} sources > ${slots}`)
  if (mode === 'direct' && plan.shipments.length > slots) wrong.push(`${plan.shipments.length} parcels > ${slots}`)
  const allOrNothing = o.shipComplete === true || o.allowPartial === false
  if (allOrNothing && plan.allocations.length > 0 && plan.unfulfilled.length > 0) wrong.push('partial plan of an all-or-nothing order')
  if (mode === 'hub') {
    if (!(o.allowHub ?? o.shipComplete === true)) wrong.push('a hub plan without allowHub or shipComplete')
    if (d.method === 'ship' && !hubCandidates(s, d.to).some((h) => h.id === target?.id)) wrong.push(`${target?.id} is not one of the hubs tried`)
  }
  return wrong
}
