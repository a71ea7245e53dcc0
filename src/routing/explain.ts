/**
 * Why each node was used or passed over, node by node, and a one-line summary. Prices of
 * alternatives are exact: the best plan forced to use the node, minus the chosen plan.
 */
import { NODE_KINDS } from '../model/network.js'
import { formatMoney } from '../display.js'
import { formatMicros } from '../money.js'
import type { Assembled } from './assemble.js'
import { instanceCost } from './assemble.js'
import type { Instance } from './instance.js'
import type { CompiledNetwork } from '../network/compile.js'
import { dearestUnitCost, solveFacilityProblem, spentOut, unitsLeft, unservedUnits, withShare, type FacilityProblem, type FacilitySolution, type WorkMeter } from './optimiser.js'
import { fencesAt } from '../stock/atp.js'
import { holderBits, readPosition, skuIndexOf, validPosition } from '../stock/positions.js'
import type { StockState } from '../stock/index.js'
import type { Allocation, Explanation, NodeExplanation, NodeReason, Optimality, PlanLine } from './plan.js'

const DETAIL: Readonly<Record<NodeReason, string>> = {
  used: 'used',
  'no-stock': 'holds none of the order available to promise',
  excluded: 'excluded by the rules',
  'ineligible-kind': 'its kind may not source this order',
  'ineligible-tag': 'its tags do not meet the rules',
  'ineligible-region': 'outside the allowed regions',
  'outside-radius': 'beyond the maximum distance',
  'no-capability': 'cannot ship or transfer for this order',
  'sku-rule': 'may not source these SKUs (attribute rules)',
  'over-capacity': 'no capacity left today',
  'past-cutoff': 'cannot meet the delivery date (lead time, cut-off, transit)',
  dominated: 'dominated',
  'costlier-by': 'costlier',
  'not-priced': 'not priced: beyond the alternatives explained',
  'not-chosen-by-strategy': 'not reached by the strategy',
}

/**
 * One readable sentence for a node of an explanation, e.g.
 * `S-LYON (store, 2.7 km): the best plan using it costs 1.39 more`; with the plan's
 * `currency`, amounts read `€1.39`.
 *
 * @example describeNode(plan.explanation.nodes[0], plan.currency)
 */
export const describeNode = (n: NodeExplanation, currency?: string): string => {
  const what =
    n.reason === 'used'
      ? `used for ${n.units ?? 0} unit${n.units === 1 ? '' : 's'}`
      : n.reason === 'dominated'
        ? `dominated by ${n.dominatedBy ?? ''}, which is used and holds as much for no more`
        : n.reason === 'costlier-by'
          ? `the best plan using it costs ${currency === undefined ? (n.amount ?? '0') : formatMoney(n.amount ?? '0', currency)} more`
          : n.reason === 'not-priced' && n.unusable === true
            ? "cannot be used within the order's limits"
            : DETAIL[n.reason]
  return `${n.node} (${n.kind}, ${(n.distanceKm ?? 0).toFixed(1)} km): ${what}${n.detail === undefined ? '' : `: ${n.detail}`}`
}

const units = (n: number): string => `${n} unit${n === 1 ? '' : 's'}`

/**
 * Units of `skus` on the shelf of `node` that ring-fences keep for channels other than
 * `channel`, by channel (ascending): on hand covers immediate reservations and safety stock
 * first, then each channel's fence less what that channel has reserved, as in ATP.
 */
/** Units of immediate reservations among `holds`, of one channel or (undefined) of all. */
const reservedNow = (holds: readonly { readonly channel: string; readonly atMs: number; readonly quantity: number }[], channel: string | undefined): number => {
  let r = 0
  for (const h of holds) if (h.atMs === Number.NEGATIVE_INFINITY && (channel === undefined || h.channel === channel)) r += h.quantity
  return r
}

const fencedForOthers = (stock: StockState, node: number, skus: readonly number[], channel: string): { channel: string; units: number }[] => {
  const by = new Map<string, number>()
  const w = node >>> 5
  const bit = 1 << (node & 31)
  for (const s of skus) {
    // Only positions the node holds: the holder bitsets are shared and cost one probe.
    if (s < 0 || ((holderBits(stock, s)[w] ?? 0) & bit) === 0 || !validPosition(stock, s, node)) continue
    const p = readPosition(stock, s, node)
    if (p === undefined) continue
    const fences = fencesAt(stock.policies, node, stock.nodes.kind[node] ?? 0, s, p.onHand)
    if (fences.channels.length === 0) continue
    let rest = Math.max(0, p.onHand - reservedNow(p.holds, undefined) - p.heldBack)
    for (let i = 0; i < fences.channels.length; i++) {
      const d = fences.channels[i] as string
      if (d === channel) continue
      const take = Math.min(rest, Math.max(0, (fences.sizes[i] ?? 0) - reservedNow(p.holds, d)))
      rest -= take
      if (take > 0) by.set(d, (by.get(d) ?? 0) + take)
    }
  }
  return [...by].map(([c, u]) => ({ channel: c, units: u })).sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0))
}

const fencedText = (fenced: readonly { readonly channel: string; readonly units: number }[]): string =>
  fenced.map((f) => `${units(f.units)} fenced for ${f.channel}`).join(', ')

/**
 * What facility `k` alone would cost, serving the highest-penalty lines first while a unit is
 * cheaper than its penalty, within its capacity: the order in which passed-over nodes are
 * priced. O(lines), with none of the optimiser's set-up, since every unused node is ranked.
 */
const aloneCost = (p: FacilityProblem, k: number): number => {
  const items = p.itemCount
  let capacity = p.capacity[k] ?? 0
  let cost = p.fixedCost[k] ?? 0
  for (let s = 0; s < items; s++) {
    let supply = p.supply[k * items + s] ?? 0
    const unit = p.unitCost[k * items + s] ?? 0
    for (let t = p.tierStart[s] ?? 0; t < (p.tierStart[s + 1] ?? 0); t++) {
      const q = p.tierQuantity[t] ?? 0
      const penalty = p.tierPenalty[t] ?? 0
      const served = unit < penalty ? Math.min(q, supply, capacity) : 0
      supply -= served
      capacity -= served
      cost += served * unit + (q - served) * penalty
    }
  }
  return cost
}

/** How many passed-over nodes get an exact price by default. */
export const DEFAULT_EXPLAINED_ALTERNATIVES = 5

const kindOf = (net: CompiledNetwork, node: number): string => NODE_KINDS[net.nodes.kind[node] ?? 0] ?? 'warehouse'

/** True when open facility `j` offers everything facility `k` offers, no dearer. */
const dominates = (inst: Instance, j: number, k: number): boolean => {
  const p = inst.problem
  const items = p.itemCount
  if ((p.fixedCost[j] ?? 0) > (p.fixedCost[k] ?? 0)) return false
  for (let s = 0; s < items; s++) {
    const sk = p.supply[k * items + s] ?? 0
    if (sk === 0) continue
    if ((p.supply[j * items + s] ?? 0) < sk) return false
    if (dearestUnitCost(p, j, s) > (p.unitCost[k * items + s] ?? 0)) return false
  }
  return (inst.facilities[j]?.etaMs ?? 0) <= (inst.facilities[k]?.etaMs ?? 0)
}

/** Holders left out of the problem by the screens (see ./screen.ts). */
export interface Screened {
  readonly nodes: number
  /** How many of them a node in the problem dominates. */
  readonly dominated: number
  /** Any plan using one of the others costs at least this much more (0 when all are dominated). */
  readonly atLeastMicros: number
  /** The instance the bound was proven for. */
  readonly instance: Instance
}

export interface ExplainInput {
  readonly net: CompiledNetwork
  readonly inst: Instance
  readonly sol: FacilitySolution
  readonly assembled: Assembled
  readonly optimality: Optimality
  readonly alternatives: number
  readonly maxSearchNodes: number
  /** The call's work meter: ranking and pricing alternatives draw on what the plan left. */
  readonly meter: WorkMeter
  readonly byStrategy: boolean
  /** How the summary states the plan's optimality, when not by `verdictOf` (the `fastest` strategy). */
  readonly verdict?: string
  readonly screened?: Screened
  /** The stock and the order's channel, to say what is fenced for other channels. */
  readonly stock?: StockState
  readonly channel?: string
}

/** The open facility that dominates every facility in `ks`, or −1. */
const dominatorOf = (inst: Instance, open: Int32Array, ks: readonly number[]): number => {
  for (const j of open) {
    let all = true
    for (const k of ks) {
      if (!dominates(inst, j, k)) {
        all = false
        break
      }
    }
    if (all) return j
  }
  return -1
}

/** Writes the explanation of a plan. */
export const explain = (x: ExplainInput): Explanation => {
  const { net, inst, sol, meter } = x
  const ids = net.nodes.ids
  const items = inst.problem.itemCount
  const openNodes = new Set<number>()
  for (const k of sol.open) openNodes.add(inst.facilities[k]?.node ?? -1)
  const chosen = instanceCost(inst, sol)
  // Facilities by node, for dominance and the prices of alternatives.
  const facilitiesOf = new Map<number, number[]>()
  inst.facilities.forEach((f, k) => {
    const list = facilitiesOf.get(f.node)
    if (list === undefined) facilitiesOf.set(f.node, [k])
    else list.push(k)
  })
  const considered = inst.considered
  // One entry per considered node, at its position; objects written out, not spread.
  const entries: (NodeExplanation | undefined)[] = new Array<NodeExplanation | undefined>(considered.length)
  const unusedPriced: { at: number; node: number; metres: number; k: number; alone: number }[] = []
  considered.forEach((c, at) => {
    const node = ids[c.node] ?? ''
    const kind = kindOf(net, c.node)
    const distanceKm = Math.round(c.metres) / 1000
    if (c.reason !== undefined) {
      if (c.reason === 'over-capacity' && c.node === inst.target && inst.mode === 'pickup') {
        entries[at] = { node, kind, reason: c.reason, distanceKm, detail: 'its own shelf cannot be picked for this collection today' }
      } else entries[at] = { node, kind, reason: c.reason, distanceKm }
      return
    }
    if (openNodes.has(c.node)) {
      let units = 0
      for (const a of x.assembled.allocations) if (a.node === node) units += a.quantity
      entries[at] = { node, kind, reason: 'used', distanceKm, units }
      return
    }
    if (x.byStrategy) {
      entries[at] = { node, kind, reason: 'not-chosen-by-strategy', distanceKm }
      return
    }
    const ks = facilitiesOf.get(c.node) ?? []
    // Out of work, a passed-over node is listed unpriced rather than compared.
    if (spentOut(meter)) {
      entries[at] = { node, kind, reason: 'not-priced', distanceKm }
      return
    }
    meter.spent += (sol.open.length + 1) * ks.length * (items + 1)
    const dominator = dominatorOf(inst, sol.open, ks)
    if (dominator >= 0) {
      entries[at] = { node, kind, reason: 'dominated', distanceKm, dominatedBy: ids[inst.facilities[dominator]?.node ?? -1] ?? '' }
      return
    }
    const k = ks[0]
    if (k === undefined) return
    // With no alternatives to price, every such node is 'not-priced' whatever its rank, so the
    // ranking solve (one per node) is skipped: it dominated batch routing time.
    if (x.alternatives <= 0) {
      entries[at] = { node, kind, reason: 'not-priced', distanceKm }
      return
    }
    meter.spent += items + inst.problem.tierQuantity.length
    unusedPriced.push({ at, node: c.node, metres: c.metres, k, alone: aloneCost(inst.problem, k) })
  })
  unusedPriced.sort((a, b) => a.alone - b.alone || a.node - b.node)
  const chosenLeft = unservedUnits(sol)
  unusedPriced.forEach((u, rank) => {
    const node = ids[u.node] ?? ''
    const kind = kindOf(net, u.node)
    const distanceKm = Math.round(u.metres) / 1000
    // Prices are differences to the optimum: a plan not proven optimal has none to give.
    if (rank >= x.alternatives || x.optimality !== 'proven') {
      entries[u.at] = { node, kind, reason: 'not-priced', distanceKm }
      return
    }
    let best = Number.POSITIVE_INFINITY
    // Each alternative left gets an equal share of the work left; a price is only given when
    // its solve is proven (a bounded one would not be the exact difference it claims).
    let exact = true
    let left = 0
    const share = 1 / Math.max(1, Math.min(x.alternatives, unusedPriced.length) - rank)
    for (const k of facilitiesOf.get(u.node) ?? []) {
      if (unitsLeft(meter) === 0) {
        exact = false
        break
      }
      const forced = withShare(meter, share, (m) => solveFacilityProblem({ ...inst.problem, forceOpen: k }, { maxSearchNodes: x.maxSearchNodes, meter: m }))
      if (forced.feasible && forced.optimality !== 'proven') exact = false
      if (forced.feasible && forced.cost + inst.constantMicros < best) {
        best = forced.cost + inst.constantMicros
        left = unservedUnits(forced)
      }
    }
    if (!exact) {
      entries[u.at] = { node, kind, reason: 'not-priced', distanceKm }
      return
    }
    if (!Number.isFinite(best)) {
      entries[u.at] = { node, kind, reason: 'not-priced', distanceKm, unusable: true }
      return
    }
    const amount = formatMicros(Math.max(0, best - chosen))
    entries[u.at] =
      left > chosenLeft
        ? { node, kind, reason: 'costlier-by', distanceKm, amount, unfulfilledIfUsed: left, detail: `using it would leave ${units(left)} unfulfilled at the penalty` }
        : { node, kind, reason: 'costlier-by', distanceKm, amount }
  })
  // Holders with nothing to promise: is their stock there but kept for other channels? Only
  // these, and only when the explanation prices alternatives (not for batch speed or the
  // baselines): reading the fences of every holder doubled the baselines' routing time.
  const stock = x.stock
  if (stock !== undefined && x.alternatives > 0) {
    let skus: number[] | undefined
    considered.forEach((c, at) => {
      const e = entries[at]
      if (e === undefined || e.reason !== 'no-stock' || (stock.policies.nodeFenceChannels[c.node]?.length ?? 0) === 0) return
      skus ??= inst.items.map((sku) => skuIndexOf(stock, sku))
      const fenced = fencedForOthers(stock, c.node, skus, x.channel ?? '')
      if (fenced.length > 0) entries[at] = { ...e, fenced, detail: e.detail ?? fencedText(fenced) }
    })
  }
  // Used nodes first, then by id: node indexes follow ascending id, so ordering by index gives
  // the id order without comparing strings.
  const order = considered.map((_, at) => at).sort((a, b) => (considered[a]?.node ?? 0) - (considered[b]?.node ?? 0))
  const nodes: NodeExplanation[] = []
  for (const at of order) if (entries[at]?.reason === 'used') nodes.push(entries[at] as NodeExplanation)
  for (const at of order) {
    const e = entries[at]
    if (e !== undefined && e.reason !== 'used') nodes.push(e)
  }
  const summary = summarise(x, chosen)
  if (x.screened === undefined || x.screened.nodes === 0) return { summary, nodes }
  const s = x.screened
  return {
    summary,
    nodes,
    screened:
      s.dominated < s.nodes
        ? { nodes: s.nodes, dominated: s.dominated, atLeastCostlierBy: formatMicros(s.atLeastMicros) }
        : { nodes: s.nodes, dominated: s.dominated },
  }
}

/** What a summary reads from a plan: its legs, its allocations and what is left unfulfilled. */
export interface PlanBody {
  readonly shipments: readonly { readonly from: string }[]
  readonly transfers: readonly { readonly from: string }[]
  readonly hub?: string
  readonly pickup?: { readonly node: string }
  readonly unfulfilled: readonly PlanLine[]
  readonly allocations: readonly Allocation[]
}

/** How a summary states a plan's optimality. */
export const verdictOf = (optimality: Optimality): string =>
  optimality === 'proven' ? 'proven optimal' : optimality === 'bounded' ? 'best found within the search budget' : 'baseline strategy'

/**
 * The one-line summary of a plan: what leaves where, what is left unfulfilled, the total and
 * the verdict, e.g. `ship 3 units in 1 parcel from W-LYON; total 9.61 (proven optimal)`. With
 * the network's `money` formatter (its currency) the total reads `€9.61` (two decimals; the plan's
 * `totalCost` stays exact). The delay and protection an order or its nodes price are named
 * inside the total: `total €12.40, of which €3.00 delay (proven optimal)`.
 */
export const summaryOf = (
  a: PlanBody,
  totalMicros: number,
  verdict: string,
  money?: (amount: number) => string,
  priced: { readonly delayMicros: number; readonly protectionMicros: number } = NOTHING_PRICED,
): string => {
  const served = a.allocations.reduce((n, l) => n + l.quantity, 0)
  const missing = a.unfulfilled.reduce((n, l) => n + l.quantity, 0)
  const parts: string[] = []
  if (a.pickup !== undefined) {
    parts.push(`collect ${served} unit${served === 1 ? '' : 's'} at ${a.pickup.node}`)
    if (a.transfers.length > 0) parts.push(`after ${a.transfers.length} transfer${a.transfers.length === 1 ? '' : 's'} (${a.transfers.map((t) => t.from).join(', ')})`)
  } else if (a.hub !== undefined) {
    parts.push(`consolidate ${served} unit${served === 1 ? '' : 's'} at ${a.hub} from ${a.transfers.length + (a.allocations.some((l) => l.node === a.hub) ? 1 : 0)} source(s), then one parcel`)
  } else if (a.shipments.length > 0) {
    parts.push(`ship ${served} unit${served === 1 ? '' : 's'} in ${a.shipments.length} parcel${a.shipments.length === 1 ? '' : 's'} from ${a.shipments.map((s) => s.from).join(', ')}`)
  }
  if (missing > 0) parts.push(`${missing} unit${missing === 1 ? '' : 's'} unfulfilled`)
  if (parts.length === 0) parts.push('nothing to ship')
  const amount = (micros: number): string => (money === undefined ? formatMicros(micros) : money(micros))
  const within: string[] = []
  if (priced.delayMicros > 0) within.push(`${amount(priced.delayMicros)} delay`)
  if (priced.protectionMicros > 0) within.push(`${amount(priced.protectionMicros)} protection`)
  const of = within.length === 0 ? '' : `, of which ${within.join(' and ')}`
  return `${parts.join('; ')}; total ${amount(totalMicros)}${of} (${verdict})`
}

const NOTHING_PRICED = { delayMicros: 0, protectionMicros: 0 }

const summarise = (x: ExplainInput, chosen: number): string => summaryOf(x.assembled, chosen, x.verdict ?? verdictOf(x.optimality), x.net.money, x.assembled)
