/**
 * The documented formulas, written from the documents (docs/stock.md "ATP", docs/concepts.md "Cost model", docs/cli.md "Scenario format"),
 * the model's docstrings (src/model) and the timing docstrings of src/time.ts and
 * src/routing/eta.ts, never from the engine's code: distance, exact money, ATP of a position
 * at an instant, sourcing eligibility and ETAs. Both the reference model and the validity
 * check read a scenario through these. Nothing here imports src/routing or src/stock.
 */
import * as E from 'fp-ts/lib/Either.js'
import { decodeScenario } from '../../src/codecs/decode.js'
import { defaultCapabilities, type Capability, type Node, type NodeKind } from '../../src/model/network.js'
import type { SourcingRules } from '../../src/model/order.js'
import type { Scenario } from '../../src/model/scenario.js'
import type { RingFence } from '../../src/model/stock.js'

// ---------------------------------------------------------------- distance (docs/concepts.md "Cost model")

const RAD = Math.PI / 180

/** Haversine distance on a sphere of radius 6371 km, rounded to whole metres. */
export const metresBetween = (a: { lat: number; lon: number }, b: { lat: number; lon: number }): number => {
  const dLat = (b.lat - a.lat) * RAD
  const dLon = (b.lon - a.lon) * RAD
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2
  return Math.round(2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h))) * 1000)
}

// ---------------------------------------------------------------- money (docs/concepts.md "Cost model")

/** A non-negative decimal string as an exact count of 10^-scale units. */
export const scaled = (text: string, scale: number): bigint => {
  const [whole = '0', fraction = ''] = text.split('.')
  if (fraction.length > scale) throw new Error(`more than ${scale} decimals: ${text}`)
  return BigInt(whole) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, '0') || '0')
}

/** Micro-units of an amount ("8.759" → 8759000n). */
export const micros = (text: string): bigint => scaled(text, 6)

/** Nano-units per km of a per-unit-per-km rate. */
export const nanosPerKm = (text: string): bigint => scaled(text, 9)

/** n / d rounded half to even (n ≥ 0, d > 0). */
export const halfEven = (n: bigint, d: bigint): bigint => {
  const q = n / d
  const r = n % d
  return 2n * r > d || (2n * r === d && q % 2n === 1n) ? q + 1n : q
}

/** Carriage of one unit over `metres` at a rate: rate × km rounded half to even to the micro-unit. */
export const carriageMicros = (rate: string, metres: number): bigint => halfEven(nanosPerKm(rate) * BigInt(metres), 1_000_000n)

/** Micro-units written as a decimal string without trailing zeros. */
export const formatMicros = (m: bigint): string => {
  const sign = m < 0n ? '-' : ''
  const a = m < 0n ? -m : m
  const frac = (a % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '')
  return `${sign}${a / 1_000_000n}${frac === '' ? '' : `.${frac}`}`
}

/** Per-unit cost of a parcel from `node` to a point `metres` away: unit + carriage. */
export const shipUnitMicros = (node: Node, metres: number): bigint => micros(node.costs.unit) + carriageMicros(node.costs.perUnitKm, metres)

/** Fixed cost of a transfer leaving `node` (default: its package cost). */
export const transferFixedMicros = (node: Node): bigint => micros(node.costs.transfer?.fixed ?? node.costs.package)

/** Per-unit cost of a transfer from `node` over `metres` (defaults: the node's own rates). */
export const transferUnitMicros = (node: Node, metres: number): bigint =>
  micros(node.costs.transfer?.unit ?? node.costs.unit) + carriageMicros(node.costs.transfer?.perUnitKm ?? node.costs.perUnitKm, metres)

// ---------------------------------------------------------------- time (docs/model.md §2; src/model/network.ts docstrings)

const HOUR = 3_600_000
const DAY = 86_400_000
const MINUTE = 60_000

/** Lead time in hours when a node states none (src/network/compile.ts docstring: by kind). */
export const DEFAULT_LEAD_HOURS: Readonly<Record<NodeKind, number>> = { warehouse: 4, store: 2, 'dark-store': 1, locker: 0, supplier: 48 }

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

export interface Timing {
  readonly baseMs: number
  readonly kmPerHour: number
  /** The carrier's delivery days (default Monday to Saturday). */
  readonly deliveryDays: readonly string[]
  /** The customer's clock, when the order's ship delivery names a `timeZone`. */
  readonly customer: Clock | undefined
}

/**
 * Carrier timing: 24 h, 80 km/h, Monday to Saturday unless the scenario's `transit` says
 * otherwise (src/model/network.ts); the customer's clock from the order's `timeZone` (an IANA
 * zone or `±HH:MM`, docs/time.md "Time zones and calendars").
 */
export const timingOf = (s: Scenario): Timing => {
  const d = s.order.delivery
  const zone = d.method === 'ship' ? d.timeZone : undefined
  return {
    baseMs: (s.transit?.baseHours ?? 24) * HOUR,
    kmPerHour: s.transit?.kmPerHour ?? 80,
    deliveryDays: s.transit?.deliveryDays ?? WEEK.slice(0, 6),
    customer: zone === undefined ? undefined : /^[+-]\d{2}:\d{2}$/.test(zone) ? { offsetMs: minutesOf(zone) * MINUTE } : { zone },
  }
}

/** Minutes of a `HH:MM` local time (`24:00` included) or a `±HH:MM` offset. */
const minutesOf = (text: string): number => {
  const m = /^([+-])?(\d{2}):(\d{2})$/.exec(text)
  if (m === null) throw new Error(`bad time ${text}`)
  const v = Number(m[2]) * 60 + Number(m[3])
  return m[1] === '-' ? -v : v
}

/** A node's clock: an IANA zone, else a fixed offset (default +00:00). */
export type Clock = { readonly zone: string } | { readonly offsetMs: number }

export const clockOf = (node: Node): Clock => (node.timeZone !== undefined ? { zone: node.timeZone } : { offsetMs: minutesOf(node.utcOffset ?? '+00:00') * MINUTE })

/** Formatters by zone name (constructing one per question would dominate the suite's time; no answers are kept). */
const formatters = new Map<string, Intl.DateTimeFormat>()
const formatterOf = (zone: string): Intl.DateTimeFormat => {
  let f = formatters.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short' })
    formatters.set(zone, f)
  }
  return f
}

/** What a node's wall clock reads at instant `at`: its date (days since 1970-01-01), weekday and the local reading as UTC ms. */
interface Reading {
  readonly date: number
  readonly weekday: string
  readonly local: number
}

/** The wall clock at `at`, asked of Intl for that one instant. */
const readClock = (clock: Clock, at: number): Reading => {
  if ('offsetMs' in clock) {
    const local = at + clock.offsetMs
    const date = Math.floor(local / DAY)
    return { date, weekday: new Date(date * DAY).toUTCString().slice(0, 3).toLowerCase(), local }
  }
  const second = Math.floor(at / 1000) * 1000
  const parts = Object.fromEntries(formatterOf(clock.zone).formatToParts(second).map((p) => [p.type, p.value]))
  const local = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second'])) + (at - second)
  return { date: Math.floor(local / DAY), weekday: String(parts['weekday']).toLowerCase().slice(0, 3), local }
}

/** The local date (days since 1970-01-01) a clock reads at instant `at`. */
export const localDate = (clock: Clock, at: number): number => readClock(clock, at).date

const offsetAt = (clock: Clock, at: number): number => readClock(clock, at).local - at

/**
 * The instant the clock reads `local` (UTC-style ms of a local date and time): the earlier
 * when it reads it twice, the first instant after the gap when it never does (§2).
 */
export const instantWhenClockReads = (clock: Clock, local: number): number => {
  const offsets = new Set([offsetAt(clock, local - DAY), offsetAt(clock, local), offsetAt(clock, local + DAY)])
  const fits = [...offsets].map((o) => local - o).filter((u) => readClock(clock, u).local === local)
  if (fits.length > 0) return Math.min(...fits)
  // Never read: walk minute by minute from before the gap to the first reading past it, then second by second back.
  let u = local - Math.max(...offsets)
  while (readClock(clock, u).local < local) u += MINUTE
  while (readClock(clock, u - 1000).local > local) u -= 1000
  return u
}

const leadMs = (node: Node): number => (node.leadTimeHours ?? DEFAULT_LEAD_HOURS[node.kind]) * HOUR

/** The local date of a `YYYY-MM-DD` text, as days since 1970-01-01. */
const dateOf = (text: string): number => Date.parse(`${text}T00:00:00Z`) / DAY

/** The weekday of a local date, from the calendar (1970-01-01 was a Thursday). */
const weekdayOfDate = (date: number): string => new Date(date * DAY).toUTCString().slice(0, 3).toLowerCase()

/** A node is open on a local date that is not one of its `closedDates` and whose weekday has opening hours (none given: every day). */
const openOn = (node: Node, date: number): boolean => {
  if ((node.closedDates ?? []).some((d) => dateOf(d) === date)) return false
  if (node.openingHours === undefined) return true
  return (node.openingHours[weekdayOfDate(date) as (typeof WEEK)[number]] ?? []).length > 0
}

/** A node's opening intervals on a local date, as instants [from, to). */
const openingsOn = (node: Node, clock: Clock, date: number): readonly [number, number][] => {
  if (!openOn(node, date)) return []
  const list = node.openingHours === undefined ? [['00:00', '24:00'] as const] : (node.openingHours[weekdayOfDate(date) as (typeof WEEK)[number]] ?? [])
  return list.map(([a, b]) => [instantWhenClockReads(clock, date * DAY + minutesOf(a) * MINUTE), instantWhenClockReads(clock, date * DAY + minutesOf(b) * MINUTE)])
}

/** Days looked at past a date: a calendar with one open weekday opens within a week of the last closed date. */
const horizon = (node: Node): number => 7 * ((node.closedDates ?? []).length + 2)

/** The first instant at or after `at` inside the node's opening hours. */
export const nextOpenMs = (node: Node, at: number): number => {
  if (node.openingHours === undefined && (node.closedDates ?? []).length === 0) return at
  const clock = clockOf(node)
  const today = readClock(clock, at).date
  for (let date = today - 1; date <= today + horizon(node); date++) {
    for (const [from, to] of openingsOn(node, clock, date)) if (at < to && from < to) return Math.max(at, from)
  }
  throw new Error(`${node.id} never opens after ${new Date(at).toISOString()}`)
}

/**
 * When a parcel or transfer leaves `node` whose units are there at `stockAt`: ready a lead
 * time later; with a cut-off, at the first instant at or after that when the node's clock
 * reads it on a day it is open; without one, at the first instant inside its opening hours.
 */
export const dispatchMs = (node: Node, stockAt: number): number => {
  const ready = stockAt + leadMs(node)
  if (node.cutoff === undefined) return nextOpenMs(node, ready)
  const clock = clockOf(node)
  const today = readClock(clock, ready).date
  for (let date = today - 1; date <= today + horizon(node); date++) {
    if (!openOn(node, date)) continue
    const c = instantWhenClockReads(clock, date * DAY + minutesOf(node.cutoff) * MINUTE)
    if (c >= ready) return c
  }
  throw new Error(`${node.id} never dispatches after ${new Date(ready).toISOString()}`)
}

/** A carrier hands over on a delivery day of the receiving clock; an arrival on another day waits for the start (00:00) of the next one. */
export const handOverMs = (t: Timing, clock: Clock, arrival: number): number => {
  const r = readClock(clock, arrival)
  if (t.deliveryDays.includes(r.weekday)) return arrival
  let date = r.date + 1
  while (!t.deliveryDays.includes(weekdayOfDate(date))) date++
  return instantWhenClockReads(clock, date * DAY)
}

/** Carrier time over `metres` at the carrier's speed, to the millisecond. */
export const travelMs = (t: Timing, metres: number): number => Math.round((metres / 1000 / t.kmPerHour) * HOUR)

/**
 * A parcel from `node` with units there at `stockAt` reaches a customer `metres` away, on a
 * delivery day of the customer's clock when the order names one, else of the node's.
 */
export const deliveredMs = (t: Timing, node: Node, stockAt: number, metres: number): number =>
  handOverMs(t, t.customer ?? clockOf(node), dispatchMs(node, stockAt) + t.baseMs + travelMs(t, metres))

/** A transfer from `node` (units there at `stockAt`) reaches node `to` `metres` away: + transferHours (default 12), on a delivery day of `to`'s clock. */
export const transferArrivalMs = (t: Timing, node: Node, stockAt: number, metres: number, to: Node): number =>
  handOverMs(t, clockOf(to), dispatchMs(node, stockAt) + (node.transferHours ?? 12) * HOUR + travelMs(t, metres))

/** Units at a pickup node at `stockAt` are ready to collect a lead time later, at the first instant inside its opening hours (no cut-off). */
export const pickupReadyMs = (node: Node, stockAt: number): number => nextOpenMs(node, stockAt + leadMs(node))

// ---------------------------------------------------------------- capabilities and rules

export const capabilitiesOf = (node: Node): readonly Capability[] => node.capabilities ?? defaultCapabilities(node.kind)

export const can = (node: Node, c: Capability): boolean => capabilitiesOf(node).includes(c)

/** Whether one rule set admits `node` at `metres` from the customer (or the pickup node / hub). */
const admittedBy = (r: SourcingRules | undefined, node: Node, metres: number): boolean => {
  if (r === undefined) return true
  if (r.excludeNodes?.includes(node.id) === true) return false
  if (r.nodeKinds !== undefined && !r.nodeKinds.includes(node.kind)) return false
  const tags = node.tags ?? []
  if (r.requireTags !== undefined && !r.requireTags.every((t) => tags.includes(t))) return false
  if (r.excludeTags !== undefined && r.excludeTags.some((t) => tags.includes(t))) return false
  if (r.regions !== undefined && (node.region === undefined || !r.regions.includes(node.region))) return false
  if (r.maxDistanceKm !== undefined && metres > r.maxDistanceKm * 1000) return false
  return true
}

/** Network-wide and order rules compose by intersection: a node must pass both. */
export const admitted = (s: Scenario, node: Node, metres: number): boolean =>
  admittedBy(s.rules, node, metres) && admittedBy(s.order.rules, node, metres)

/** Every SKU attribute rule (of either set) naming one of the SKU's attributes admits the node's kind and tags. */
export const skuAdmitted = (s: Scenario, sku: string, node: Node): boolean => {
  const attributes = s.skus?.find((k) => k.id === sku)?.attributes ?? []
  const rules = [...(s.rules?.skuAttributes ?? []), ...(s.order.rules?.skuAttributes ?? [])]
  const tags = node.tags ?? []
  return rules.every(
    (r) =>
      !attributes.includes(r.attribute) ||
      ((r.nodeKinds === undefined || r.nodeKinds.includes(node.kind)) && (r.requireTags === undefined || r.requireTags.every((t) => tags.includes(t)))),
  )
}

// ---------------------------------------------------------------- ATP (docs/stock.md "ATP")

interface Scoped {
  readonly node?: string
  readonly nodeKind?: NodeKind
  readonly sku?: string
}

/** Rank of a matching policy's scope, most specific first: node+SKU, node, kind+SKU, kind, SKU, everywhere. */
const rank = (p: Scoped): number =>
  p.node !== undefined ? (p.sku !== undefined ? 0 : 1) : p.nodeKind !== undefined ? (p.sku !== undefined ? 2 : 3) : p.sku !== undefined ? 4 : 5

const matches = (p: Scoped, node: Node, sku: string): boolean =>
  (p.node === undefined || p.node === node.id) && (p.nodeKind === undefined || p.nodeKind === node.kind) && (p.sku === undefined || p.sku === sku)

/** The most specific matching policy; the first listed among equals. */
const mostSpecific = <P extends Scoped>(list: readonly P[] | undefined, node: Node, sku: string): P | undefined => {
  let best: P | undefined
  for (const p of list ?? []) if (matches(p, node, sku) && (best === undefined || rank(p) < rank(best))) best = p
  return best
}

/** Units a ring-fence holds at a position with `onHand`: its quantity, or percent of on hand rounded down. */
const fenceUnits = (f: RingFence, onHand: number): number => (f.quantity !== undefined ? f.quantity : Math.floor(((f.percent ?? 0) * onHand) / 100))

/** The parts of a position that ATP is made of (no reservations exist in a scenario). */
export interface Position {
  readonly onHand: number
  readonly safety: number
  readonly buffer: number
  /** Units fenced for channels other than the order's. */
  readonly fencedForOthers: number
  /** Inbound lots: instant and quantity. */
  readonly lots: readonly { readonly at: number; readonly quantity: number }[]
  /** The routing call's now. */
  readonly nowMs: number
}

/**
 * The position of `sku` at `node` for `channel`, as seen at `nowMs` (see {@link atpAt}).
 */
export const positionOf = (s: Scenario, node: Node, sku: string, channel: string, nowMs: number): Position => {
  const onHand = s.stock.find((r) => r.node === node.id && r.sku === sku)?.onHand ?? 0
  const safety = mostSpecific(s.policies?.safetyStock, node, sku)?.quantity ?? 0
  const buffer = mostSpecific(s.policies?.confidenceBuffers, node, sku)?.quantity ?? 0
  const fences = s.policies?.ringFences ?? []
  const channels = [...new Set(fences.map((f) => f.channel))].filter((c) => c !== channel)
  let fencedForOthers = 0
  for (const c of channels) {
    const f = mostSpecific(
      fences.filter((x) => x.channel === c),
      node,
      sku,
    )
    if (f !== undefined) fencedForOthers += fenceUnits(f, onHand)
  }
  const lots = (s.inbound ?? []).filter((l) => l.node === node.id && l.sku === sku).map((l) => ({ at: Date.parse(l.eta), quantity: l.quantity }))
  return { onHand, safety, buffer, fencedForOthers, lots, nowMs }
}

/**
 * ATP for the order's channel at instant t, without reservations: free(τ) = H + L(τ) − S − B −
 * Σ_{d ≠ c} F_d is non-decreasing in τ, so the minimum over τ ≥ t is free(t).
 */
export const atpAt = (p: Position, t: number): number => {
  let arrived = 0
  // Now is on hand only: a lot counts at the instants after now its ETA has passed, so a late
  // lot (ETA passed, never received) waits for the receipt or for a backorder's later instant.
  if (t > p.nowMs) for (const l of p.lots) if (l.at <= t) arrived += l.quantity
  return Math.max(0, p.onHand + arrived - p.safety - p.buffer - p.fencedForOthers)
}

/** The penalty of one unit of a line: line › order › default "1000". */
export const penaltyMicros = (s: Scenario, lineId: string): bigint => {
  const line = s.order.lines.find((l) => l.id === lineId)
  return micros(line?.unfulfilledPenalty ?? s.order.unfulfilledPenalty ?? '1000')
}

// ---------------------------------------------------------------- delay cost and store-stock protection (docs/model.md §7b)

/** A node's store-stock protection: each unit it sends now out of its last `lastUnits` of ATP costs `unitCost` more. */
export interface Protection {
  readonly lastUnits: number
  readonly unitCost: string
}

/**
 * A scenario as the reference reads it: the decoded document. The order's `delayCost` and
 * the nodes' `protection` are checked here against their documented shapes before the
 * document is decoded, so that the reference's reading of them does not rest on the engine's
 * codecs alone.
 */
export type PricedScenario = Scenario

const AMOUNT = /^\d{1,12}(\.\d{1,6})?$/

type Json = Record<string, unknown>
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)

/**
 * Decodes a scenario document for the reference: `order.delayCost` (an amount ≥ 0, at most 6
 * decimals) and each node's `protection` (`lastUnits` an integer ≥ 1, `unitCost` an amount)
 * are checked first, then the whole goes through `decodeScenario`. A malformed field is an
 * error naming its path.
 */
export const readScenario = (json: unknown): E.Either<string, PricedScenario> => {
  if (!isObject(json)) return decodeMessage(json)
  const order = json['order']
  const nodes = json['nodes']
  const delayCost = isObject(order) ? order['delayCost'] : undefined
  if (delayCost !== undefined && (typeof delayCost !== 'string' || !AMOUNT.test(delayCost))) return E.left(`$.order.delayCost: expected an amount, got ${JSON.stringify(delayCost)}`)
  if (Array.isArray(nodes)) {
    for (const [i, n] of nodes.entries()) {
      const p = isObject(n) ? n['protection'] : undefined
      if (p === undefined) continue
      const ok = isObject(p) && Number.isSafeInteger(p['lastUnits']) && (p['lastUnits'] as number) >= 1 && typeof p['unitCost'] === 'string' && AMOUNT.test(p['unitCost']) && Object.keys(p).every((k) => k === 'lastUnits' || k === 'unitCost')
      if (!ok) return E.left(`$.nodes[${i}].protection: expected { lastUnits: integer ≥ 1, unitCost: amount }, got ${JSON.stringify(p)}`)
    }
  }
  return decodeMessage(json)
}

const decodeMessage = (json: unknown): E.Either<string, PricedScenario> => {
  const decoded = decodeScenario(json)
  return E.isLeft(decoded) ? E.left(decoded.left.message) : E.right(decoded.right)
}

/** The order's delay cost per unit per day, in micro-units (undefined: the order sets none). */
export const delayRateMicros = (s: PricedScenario): bigint | undefined => (s.order.delayCost === undefined ? undefined : micros(s.order.delayCost))

/** The customer's local days from now until instant `at` on `clock` (whole civil days). */
export const delayDays = (clock: Clock, nowMs: number, at: number): number => localDate(clock, at) - localDate(clock, nowMs)

/**
 * The clock delay days are counted on: the customer's when the order's ship delivery names a
 * `timeZone`; else the sending node's for a direct parcel, the hub's for a hub plan, the
 * pickup node's for a pickup (`node` is that node).
 */
export const delayClock = (t: Timing, node: Node): Clock => t.customer ?? clockOf(node)

/**
 * Units of one SKU a node with protection may send now before it pays: ATP now beyond its
 * last `lastUnits` (never below 0). `atpNow` is A_ks(now) for the order's channel, not capped
 * at the demand.
 */
export const unprotectedUnits = (protection: Protection, atpNow: number): number => Math.max(0, atpNow - protection.lastUnits)
