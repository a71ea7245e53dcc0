/**
 * Stock rebalancing ("réassort"): which units to move between nodes so that the expected
 * margin of the network's shelves, less what the moves cost, is as high as possible.
 *
 * The model (docs/reassort.md): a node holding k units of an SKU whose sales over the horizon
 * follow Poisson(μ) sells E[min(D, k)] of them; the j-th unit is worth margin × P(D ≥ j)
 * (rounded to the micro-unit). Only units a node may promise move, each at most once, from a
 * node that can `transfer-out` to one that can `transfer-in`; a lane used at all pays the
 * sender's transfer fixed cost once, and each unit its per-unit and per-km cost.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DecodeError } from '../codecs/decode.js'
import { decodeRebalanceDocument } from '../codecs/decode.js'
import { invalidInput, type InvalidInput } from '../errors.js'
import { formatMicros } from '../money.js'
import type { RebalanceDocument } from '../model/reassort.js'
import type { NetworkError } from '../network/compile.js'
import { unlimitedMeter, workMeter } from '../routing/optimiser/meter.js'
import { explainTransfer, type StopReason } from './explain.js'
import { shelvesAfter } from './flow.js'
import { dualBound, greedyLanes, priceArcs, relaxationPrices } from './greedy.js'
import { buildRebalanceInstance, layAllArcs, layCandidateArcs, pairCount, unitValue, type RebalanceInputError } from './instance.js'
import { expectedUnits } from './poisson.js'
import { searchLanes, type LaneSolution } from './search.js'
import { withShare } from '../routing/optimiser/meter.js'

/** Work budget of a call when neither the document nor the caller sets one. */
export const DEFAULT_REBALANCE_BUDGET = 20_000_000

/** Instances with at most this many (sender, receiver) pairs over all SKUs are searched exactly. */
export const EXACT_PAIR_LIMIT = 20_000

/** Candidate receivers kept per sender and SKU on larger instances (and added per pricing round). */
const CANDIDATES_PER_SENDER = 6

/** Rounds of arc pricing on larger instances. */
const PRICING_ROUNDS = 4

/** One SKU carried by a transfer. */
export interface SuggestedTransferLine {
  readonly sku: string
  readonly quantity: number
  /** Expected margin gained at the receiver less lost at the sender, for these units. */
  readonly gain: string
  /** Expected extra units sold at the receiver (rounded to 0.001). */
  readonly receiverExtraUnits: number
  /** Expected units the sender no longer sells (rounded to 0.001). */
  readonly senderLostUnits: number
  /** Why the quantity stops there. */
  readonly stops: StopReason
}

/** One lane used: a truck from `from` to `to`. */
export interface SuggestedTransfer {
  readonly from: string
  readonly to: string
  /** By SKU id. */
  readonly lines: readonly SuggestedTransferLine[]
  /** Fixed cost of the truck plus each unit's handling and carriage. */
  readonly cost: string
  /** Σ of the lines' gains (before the cost). */
  readonly gain: string
  /** The transfer in the retailer's words (see `explainTransfer`). */
  readonly explanation: string
}

/** The suggestion: transfers, by sender then receiver id, and what they are worth. */
export interface Rebalance {
  readonly transfers: readonly SuggestedTransfer[]
  /** Expected margin of every forecast position before and after the transfers. */
  readonly expectedMarginBefore: string
  readonly expectedMarginAfter: string
  readonly transferCost: string
  /** `proven`: no set of transfers does better; `bounded`: at most `gap` better exists. */
  readonly optimality: 'proven' | 'bounded'
  readonly gap: string
}

/** Options of one call. */
export interface RebalanceCallOptions {
  /** Work budget in work units; wins over the document's `options.budget`. Default 20,000,000. */
  readonly budget?: number
}

/** What can go wrong between a rebalancing document and its suggestion. */
export type RebalanceError = DecodeError | RebalanceInputError | NetworkError | InvalidInput

const isWhole = (n: unknown, min: number): boolean => typeof n === 'number' && Number.isSafeInteger(n) && n >= min

/** The first option of the document or the call that is not a valid value. */
const badOption = (doc: RebalanceDocument, call: RebalanceCallOptions): InvalidInput | undefined => {
  if (call.budget !== undefined && !isWhole(call.budget, 1)) return invalidInput('budget', 'a whole number of work units, 1 or more')
  const o = doc.options
  if (o === undefined) return undefined
  if (o.budget !== undefined && !isWhole(o.budget, 1)) return invalidInput('$.options.budget', 'a whole number of work units, 1 or more')
  if (o.maxLanes !== undefined && !isWhole(o.maxLanes, 0)) return invalidInput('$.options.maxLanes', 'a whole number of lanes, 0 or more')
  if (o.minUnitsPerLane !== undefined && !isWhole(o.minUnitsPerLane, 1)) return invalidInput('$.options.minUnitsPerLane', 'a whole number of units, 1 or more')
  return undefined
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000

/**
 * Suggests the stock transfers that raise the network's expected margin most, net of their
 * cost, for a decoded rebalancing document: per lane (sender → receiver) the units of each SKU
 * to move, what they cost and gain, and why each quantity stops where it does. Exact
 * (`optimality: 'proven'`) on small and medium instances within the work budget; otherwise the
 * best found, `bounded`, with `gap` an upper bound on what a better suggestion could add.
 * Deterministic: the same document gives the same answer, byte for byte.
 *
 * @example
 * suggestTransfers(doc) // E.right({ transfers: [{ from: 'PARIS-1', to: 'LYON-2', lines: [{ sku: 'COAT-M', quantity: 3, … }], cost: '12.4', gain: '41.2', … }], optimality: 'proven', gap: '0', … })
 */
export const suggestTransfers = (doc: RebalanceDocument, options: RebalanceCallOptions = {}): E.Either<RebalanceError, Rebalance> => {
  const bad = badOption(doc, options)
  if (bad !== undefined) return E.left(bad)
  const built = buildRebalanceInstance(doc)
  if (E.isLeft(built)) return built
  const inst = built.right
  const meter = workMeter(options.budget ?? doc.options?.budget ?? DEFAULT_REBALANCE_BUDGET)
  let best: LaneSolution
  let bound: number
  let proven: boolean
  if (pairCount(inst) <= EXACT_PAIR_LIMIT) {
    layAllArcs(inst)
    const start = withShare(meter, 0.2, (m) => greedyLanes(inst, m))
    // The relaxation without fixed costs, exactly: its prices bound every solution.
    const relaxed = withShare(meter, 0.3, (m) => relaxationPrices(inst, start.relaxed, m))
    const dual = Math.max(start.objective, dualBound(inst, relaxed.units, unlimitedMeter(), relaxed.prices))
    if (dual <= start.objective) {
      best = { units: start.units, objective: start.objective }
      bound = best.objective
      proven = true
    } else {
      const found = searchLanes(inst, { units: start.units, objective: start.objective }, meter)
      best = found.best
      proven = found.proven
      bound = proven ? best.objective : Math.max(best.objective, found.boundValid ? Math.min(found.bound, dual) : dual)
    }
  } else {
    layCandidateArcs(inst, CANDIDATES_PER_SENDER)
    const first = withShare(meter, 0.5, (m) => greedyLanes(inst, m))
    const arcsBefore = inst.skus.map((p) => p.arcs.length)
    // Arcs the relaxation's prices call for are added (after the first arcs, whose units keep
    // their places), then the lanes are chosen again on them.
    const relaxed = withShare(meter, 0.6, (m) => priceArcs(inst, m, PRICING_ROUNDS, CANDIDATES_PER_SENDER))
    const second = greedyLanes(inst, meter)
    if (second.objective > first.objective) best = { units: second.units, objective: second.objective }
    else
      best = {
        objective: first.objective,
        units: inst.skus.map((p, s) => {
          const u = new Int32Array(p.arcs.length)
          u.set((first.units[s] as Int32Array).subarray(0, arcsBefore[s]))
          return u
        }),
      }
    bound = Math.max(best.objective, dualBound(inst, relaxed.units, unlimitedMeter(), relaxed.prices))
    proven = bound <= best.objective
  }
  return E.right(assemble(inst, doc, best, proven ? best.objective : bound, proven))
}

/**
 * Decodes a rebalancing document (already parsed from JSON) and suggests its transfers: the
 * CLI's `omnistock rebalance`, as a pure function. Errors name the document's path.
 *
 * @example rebalanceDocument(JSON.parse(text)) // E.left({ _tag: 'decode-error', issues: [{ path: '$.demand[3].mean', … }] })
 */
export const rebalanceDocument = (json: unknown, options: RebalanceCallOptions = {}): E.Either<RebalanceError, { readonly document: RebalanceDocument; readonly rebalance: Rebalance }> => {
  const decoded = decodeRebalanceDocument(json)
  if (E.isLeft(decoded)) return decoded
  return E.map((rebalance: Rebalance) => ({ document: decoded.right, rebalance }))(suggestTransfers(decoded.right, options))
}

const assemble = (inst: ReturnType<typeof buildRebalanceInstance> extends E.Either<unknown, infer I> ? I : never, doc: RebalanceDocument, best: LaneSolution, bound: number, proven: boolean): Rebalance => {
  interface Line {
    sku: string
    quantity: number
    gain: number
    recvUnits: number
    recvMargin: number
    sendUnits: number
    sendMargin: number
    stops: StopReason
    nextGain: number
    nextLoss: number
  }
  const byLane = new Map<number, Line[]>()
  let transferCost = 0
  inst.skus.forEach((p, s) => {
    const x = best.units[s] as Int32Array
    const k = shelvesAfter(p, x)
    const out = new Array<number>(p.nodes.length).fill(0)
    for (let a = 0; a < p.arcs.length; a++) { const f = (p.arcs[a] as (typeof p.arcs)[number]).from; out[f] = (out[f] as number) + (x[a] as number) }
    // Receipts fill a shelf from what it keeps upwards, senders in id order; sendings empty it
    // from its stock downwards, receivers in id order: the lines' gains add up to the change.
    const order = p.arcs.map((_, a) => a).filter((a) => (x[a] as number) > 0)
    /** Per arc, what its units are worth on the shelf at its `end`, stacked from what the shelf keeps, the arcs in order of their other end. */
    const stacked = (end: 'to' | 'from'): Map<number, { units: number; margin: number }> => {
      const other = end === 'to' ? 'from' : 'to'
      const at = p.nodes.map((_, i) => (p.stock[i] as number) - (out[i] as number))
      const values = new Map<number, { units: number; margin: number }>()
      for (const a of [...order].sort((u, v) => (p.arcs[u] as (typeof p.arcs)[number])[other] - (p.arcs[v] as (typeof p.arcs)[number])[other] || u - v)) {
        const node = (p.arcs[a] as (typeof p.arcs)[number])[end]
        const q = x[a] as number
        const from = at[node] as number
        let margin = 0
        for (let j = from + 1; j <= from + q; j++) margin += unitValue(p, node, j)
        values.set(a, { units: expectedUnits(p.mean[node] as number, from, from + q), margin })
        at[node] = from + q
      }
      return values
    }
    const recvGain = stacked('to')
    const sendLoss = stacked('from')
    for (const a of order) {
      const arc = p.arcs[a] as (typeof p.arcs)[number]
      const lane = inst.lanes[arc.lane] as (typeof inst.lanes)[number]
      const q = x[a] as number
      transferCost += q * lane.unit
      const r = recvGain.get(a) as { units: number; margin: number }
      const l = sendLoss.get(a) as { units: number; margin: number }
      const nextGain = unitValue(p, arc.to, (k[arc.to] as number) + 1)
      const nextLoss = unitValue(p, arc.from, k[arc.from] as number)
      const stops: StopReason =
        (out[arc.from] as number) >= (p.stock[arc.from] as number) ? 'sender-has-no-more' : nextGain - nextLoss - lane.unit <= 0 ? 'next-unit-not-worth-it' : 'search-stopped'
      const line: Line = { sku: p.sku, quantity: q, gain: r.margin - l.margin, recvUnits: r.units, recvMargin: r.margin, sendUnits: l.units, sendMargin: l.margin, stops, nextGain, nextLoss }
      const list = byLane.get(arc.lane)
      if (list === undefined) byLane.set(arc.lane, [line])
      else list.push(line)
    }
  })
  let valueGain = 0
  const transfers: SuggestedTransfer[] = [...byLane.keys()]
    .sort((a, b) => (inst.lanes[a] as (typeof inst.lanes)[number]).from - (inst.lanes[b] as (typeof inst.lanes)[number]).from || (inst.lanes[a] as (typeof inst.lanes)[number]).to - (inst.lanes[b] as (typeof inst.lanes)[number]).to)
    .map((l) => {
      const lane = inst.lanes[l] as (typeof inst.lanes)[number]
      const lines = (byLane.get(l) as Line[]).sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
      transferCost += lane.fixed
      const from = inst.nodeIds[lane.from] as string
      const to = inst.nodeIds[lane.to] as string
      const gain = lines.reduce((g, x) => g + x.gain, 0)
      valueGain += gain
      const cost = lane.fixed + lines.reduce((c, x) => c + x.quantity * lane.unit, 0)
      const explanation = explainTransfer(
        {
          from,
          to,
          fixed: lane.fixed,
          lines: lines.map((x) => ({ sku: x.sku, quantity: x.quantity, receiverUnits: x.recvUnits, receiverMargin: x.recvMargin, senderUnits: x.sendUnits, senderMargin: x.sendMargin, unitCost: lane.unit, stops: x.stops, nextGain: x.nextGain, nextLoss: x.nextLoss })),
        },
        doc.currency,
      )
      return {
        from,
        to,
        lines: lines.map((x) => ({ sku: x.sku, quantity: x.quantity, gain: formatMicros(x.gain), receiverExtraUnits: round3(x.recvUnits), senderLostUnits: round3(x.sendUnits), stops: x.stops })),
        cost: formatMicros(cost),
        gain: formatMicros(gain),
        explanation,
      }
    })
  return {
    transfers,
    expectedMarginBefore: formatMicros(inst.valueBefore),
    expectedMarginAfter: formatMicros(inst.valueBefore + valueGain),
    transferCost: formatMicros(transferCost),
    optimality: proven ? 'proven' : 'bounded',
    gap: formatMicros(Math.max(0, bound - best.objective)),
  }
}
