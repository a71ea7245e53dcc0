/**
 * Confidence buffers from cycle-count history: how many units each node should hold back
 * from promise because its counts show that the system's stock is sometimes not on the shelf.
 * Each count's phantom units (`max(0, expected − counted)`) are weighted by recency, pooled
 * per node (and per node and SKU attribute), shrunk towards the network (or the node) when a
 * group has few counts, and the buffer is the upper quantile of the next count's phantom
 * units at the service level asked: with that buffer, a promise of the last unit the system
 * shows is a unit that is not there with probability at most `1 − serviceLevel`. The method
 * and its choices: docs/confidence-buffers.md.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { decodeCountHistory, type DecodeError } from '../codecs/decode.js'
import { duplicateSku, unknownSku, type DuplicateSku, type UnknownSku } from '../errors.js'
import type { CountHistory, CycleCount } from '../model/counts.js'
import { Instant } from '../model/primitives.js'
import type { ConfidenceBuffer } from '../model/stock.js'
import { MAX_QUANTITY } from '../money.js'
import { optionsChecker } from '../routing/options.js'
import { formatInstant, parseInstant, type EpochMs } from '../time.js'
import {
  credibilityCounts,
  fittedQuantile,
  groupOf,
  mixture,
  momentsOf,
  phantomShareOf,
  quantileOf,
  type ShortfallDistribution,
  type ShortfallGroup,
} from './shortfall.js'

/** Options of {@link suggestConfidenceBuffers}; every one is checked and has a default. */
export interface ConfidenceBufferOptions {
  /** Probability that a promised last unit is on the shelf, from 0.5 to 0.9999. Default 0.95. */
  readonly serviceLevel?: number
  /** Half-life of a count's weight, in days (a count this old weighs half a fresh one). Absent: every count weighs the same. */
  readonly halfLifeDays?: number
  /** The instant ages are measured from (ISO-8601). Default: the latest count's `countedAt`; no count may be later. */
  readonly asOf?: string
  /**
   * Strength of the shrinkage, in counts: a group whose counts weigh `W` in all keeps
   * `W / (W + priorCounts)` of its own distribution. Default: estimated from the history
   * (Bühlmann–Straub credibility), per level (nodes in the network, attributes in a node).
   */
  readonly priorCounts?: number
  /** Effective counts a group needs before its empirical quantile is used (beside the fitted one). Default 50. */
  readonly minEmpiricalCounts?: number
  /** Effective counts a node and SKU attribute need before they get buffers of their own. Default 30. */
  readonly minAttributeCounts?: number
  /** Work budget of the call, in work units (about one count visited or one policy written). Default 50,000,000. */
  readonly budget?: number
}

/** Default service level: 0.95. */
export const DEFAULT_SERVICE_LEVEL = 0.95
/** Default effective counts for an empirical quantile: 50. */
export const DEFAULT_MIN_EMPIRICAL_COUNTS = 50
/** Default effective counts for a buffer per node and SKU attribute: 30. */
export const DEFAULT_MIN_ATTRIBUTE_COUNTS = 30
/** Default work budget of one call: 50,000,000 units. */
export const DEFAULT_BUFFER_BUDGET = 50_000_000

/** How one group's buffer was worked out. */
export interface BufferEstimate {
  /** Counts in the group. */
  readonly counts: number
  /** Kish's effective number of counts once weighted by recency: (Σw)² / Σw². */
  readonly effectiveCounts: number
  /** Weight of the parent's distribution in the group's (0: none; the network has no parent). */
  readonly shrinkage: number
  /** Weighted share of counts that found phantom stock (after shrinkage). */
  readonly phantomShare: number
  /** Mean phantom units per count (after shrinkage). */
  readonly meanShortfall: number
  /** Standard deviation of phantom units per count (after shrinkage). */
  readonly sdShortfall: number
  /** Quantile of the shrunk distribution at the prediction level `p (n + 1) / n` (at most `(1 + p) / 2`), when the group has `minEmpiricalCounts`. */
  readonly empiricalQuantile?: number
  /** Normal prediction quantile at the service level from the shrunk mean and deviation (always given, for comparison). */
  readonly fittedQuantile: number
  /** Which quantile set the buffer: `empirical` when the group has `minEmpiricalCounts` effective counts, else `fitted`. */
  readonly method: 'empirical' | 'fitted'
  /** The buffer: the quantile rounded up to whole units, never below 0 (nor above 1,000,000). */
  readonly quantity: number
  /** One line saying why. */
  readonly reason: string
}

/** A node and SKU attribute's buffer. */
export interface AttributeBuffer extends BufferEstimate {
  readonly attribute: string
  /**
   * True when the group had `minAttributeCounts` and was shrunk at most half towards its node
   * (its own counts outweigh the node's pull): its buffer then went into SKU policies where it
   * differs from the node's.
   */
  readonly applied: boolean
}

/** A node's buffer, and those of its SKU attributes. */
export interface NodeBuffer extends BufferEstimate {
  readonly node: string
  readonly attributes: readonly AttributeBuffer[]
}

/** What {@link suggestConfidenceBuffers} suggests, and why. */
export interface BufferSuggestion {
  /**
   * The policies, ready for `StockSnapshot.policies.confidenceBuffers`: one per counted node,
   * then one per node and catalogued SKU whose attribute buffer differs from its node's (the
   * largest of its attributes' buffers), by node then SKU.
   */
  readonly confidenceBuffers: readonly ConfidenceBuffer[]
  /** Per counted node, ascending by id. */
  readonly nodes: readonly NodeBuffer[]
  /** The whole network's estimate: what each node is shrunk towards, and a buffer for nodes never counted. */
  readonly network: BufferEstimate
  readonly serviceLevel: number
  /** The instant ages were measured from, in UTC. */
  readonly asOf: string
  readonly halfLifeDays?: number
  /**
   * The credibility constants used (`priorCounts`, or Bühlmann–Straub's estimate from the
   * history): a node of weight `W` keeps `W / (W + nodes)` of its own distribution, a node's
   * SKU attribute `W / (W + attributes)`; `infinite` when the groups differ no more than
   * chance says, so each is its parent (a string, which JSON keeps, where Infinity would not).
   */
  readonly shrinkageCounts: { readonly nodes: number | 'infinite'; readonly attributes: number | 'infinite' }
  /** Work units spent and the budget. */
  readonly work: { readonly spent: number; readonly budget: number }
}

/** Why no buffers could be suggested. */
export type BufferError =
  | DecodeError
  | DuplicateSku
  | UnknownSku
  | { readonly _tag: 'invalid-option'; readonly path: string; readonly message: string }
  | { readonly _tag: 'empty-history'; readonly path: string; readonly message: string }
  | { readonly _tag: 'duplicate-count'; readonly path: string; readonly message: string }
  | { readonly _tag: 'count-after-as-of'; readonly path: string; readonly message: string }
  | { readonly _tag: 'budget-exceeded'; readonly path: string; readonly message: string }

const bufferError = <T extends 'invalid-option' | 'empty-history' | 'duplicate-count' | 'count-after-as-of' | 'budget-exceeded'>(
  tag: T,
  path: string,
  message: string,
): BufferError => ({ _tag: tag, path, message: `${path}: ${message}` })

/** A number checked by `ok`, named for the decode error's "expected …". */
const numberWhere = (name: string, ok: (n: number) => boolean): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(name, (u): u is number => typeof u === 'number' && ok(u), (u, c) => (typeof u === 'number' && ok(u) ? t.success(u) : t.failure(u, c)), (a) => a)

const ServiceLevel = numberWhere('ServiceLevel (0.5 to 0.9999)', (n) => n >= 0.5 && n <= 0.9999)
const Days = numberWhere('Days (above 0, at most 36,500)', (n) => Number.isFinite(n) && n > 0 && n <= 36_500)
const Counts = numberWhere('Counts (0 to 1,000,000)', (n) => Number.isFinite(n) && n >= 0 && n <= 1_000_000)
const PositiveCounts = numberWhere('Counts (1 to 1,000,000)', (n) => Number.isFinite(n) && n >= 1 && n <= 1_000_000)
const Budget = numberWhere('Budget (whole number ≥ 1)', (n) => Number.isSafeInteger(n) && n >= 1)

const OptionsCodec = t.partial(
  { serviceLevel: ServiceLevel, halfLifeDays: Days, asOf: Instant, priorCounts: Counts, minEmpiricalCounts: PositiveCounts, minAttributeCounts: PositiveCounts, budget: Budget },
  'ConfidenceBufferOptions',
)
const checkOptions = optionsChecker(OptionsCodec)

const MS_PER_DAY = 86_400_000

/** Deterministic meter of one call: charges `n` units, false once past the budget. */
interface Meter {
  spent: number
  readonly budget: number
}
const charge = (m: Meter, n: number): boolean => {
  m.spent += n
  return m.spent <= m.budget
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000

/** Ceiling that ignores float noise below 1e-9 (3.0000000001 is 3 units). */
const wholeUnits = (x: number): number => Math.min(MAX_QUANTITY, Math.max(0, Math.ceil(x - 1e-9)))

interface Settings {
  readonly level: number
  readonly minEmpirical: number
}

/**
 * A group's estimate, shrunk towards `parent` (undefined for the network) with credibility
 * constant `k`; returns the shrunk distribution its children shrink towards.
 */
const estimate = (
  group: ShortfallGroup,
  parent: ShortfallDistribution | undefined,
  k: number,
  s: Settings,
  towards: string,
): { readonly estimate: BufferEstimate; readonly shrunk: ShortfallDistribution } => {
  const ownShare = parent === undefined ? 1 : k === 0 ? (group.weight > 0 ? 1 : 0) : Number.isFinite(k) ? group.weight / (group.weight + k) : 0
  const information = parent === undefined ? group.effective : group.effective + Math.min(k, parent.information)
  const shrunk = parent === undefined ? group.own : mixture(group.own, parent, ownShare, information)
  const { mean, sd } = momentsOf(shrunk)
  const fitted = fittedQuantile(shrunk, s.level)
  // Distribution-free prediction level of the next count, p(n + 1)/n, kept below (1 + p)/2 so
  // that a single count of the parent's far tail, whatever its weight, never sets the buffer.
  const empiricalLevel = Math.min((s.level * (group.effective + 1)) / group.effective, (1 + s.level) / 2)
  const empirical = group.effective >= s.minEmpirical ? quantileOf(shrunk, empiricalLevel) : undefined
  const method = empirical === undefined ? 'fitted' : 'empirical'
  const quantity = wholeUnits(empirical ?? fitted)
  const percent = `${round3(s.level * 100)}%`
  const share = parent === undefined || ownShare >= 1 ? '' : `, shrunk ${Math.round((1 - ownShare) * 100)}% towards the ${towards}`
  const quantiles =
    empirical === undefined
      ? `fewer than ${s.minEmpirical} effective counts: normal ${percent} prediction quantile ${round3(fitted)}`
      : `empirical ${percent} prediction quantile ${empirical} (level ${round3(empiricalLevel)})`
  const reason = `${group.counts} counts (effective ${round3(group.effective)})${share}; phantom stock in ${Math.round(phantomShareOf(shrunk) * 100)}% of counts, mean ${round3(mean)} units; ${quantiles}; buffer ${quantity}`
  return {
    shrunk,
    estimate: {
      counts: group.counts,
      effectiveCounts: round3(group.effective),
      shrinkage: round3(1 - ownShare),
      phantomShare: round3(phantomShareOf(shrunk)),
      meanShortfall: round3(mean),
      sdShortfall: round3(sd),
      ...(empirical === undefined ? {} : { empiricalQuantile: empirical }),
      fittedQuantile: round3(fitted),
      method,
      quantity,
      reason,
    },
  }
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Counts in one canonical order (node, SKU, instant, expected, counted), so sums never depend on the input's order. */
const canonical = (counts: readonly CycleCount[], at: readonly number[]): number[] =>
  counts
    .map((_, i) => i)
    .sort((i, j) => {
      const a = counts[i] as CycleCount
      const b = counts[j] as CycleCount
      return byString(a.node, b.node) || byString(a.sku, b.sku) || (at[i] as number) - (at[j] as number) || a.expected - b.expected || a.counted - b.counted || i - j
    })

/**
 * Suggests a confidence buffer per node (and per node and SKU attribute when the catalogue is
 * given and the counts support it) from a cycle-count history, such that promising a node's
 * last shown unit finds it missing with probability at most `1 − serviceLevel`. Each count's
 * phantom units are `max(0, expected − counted)`; counts are weighted by recency
 * (`halfLifeDays`), pooled per node and shrunk towards the network by Bühlmann–Straub
 * credibility (or `priorCounts`); the buffer is the empirical prediction quantile when the
 * node has `minEmpiricalCounts` effective counts, else a normal prediction quantile, rounded
 * up to whole units. Deterministic and independent of
 * the order of the counts; every node's estimate says why. The history is decoded here, so a
 * malformed one is a `decode-error` naming its paths, never an exception.
 *
 * @example
 * const suggestion = suggestConfidenceBuffers(history, { serviceLevel: 0.99, halfLifeDays: 90 })
 * if (E.isRight(suggestion)) snapshot = { ...snapshot, policies: { confidenceBuffers: suggestion.right.confidenceBuffers } }
 */
export const suggestConfidenceBuffers = (history: CountHistory, options: ConfidenceBufferOptions = {}): E.Either<BufferError, BufferSuggestion> => {
  const checked = checkOptions(options)
  if (E.isLeft(checked)) return E.left(bufferError('invalid-option', checked.left.path ?? '$.options', checked.left.message.replace(/^\$[^:]*: /, '')))
  const decoded = decodeCountHistory(history)
  if (E.isLeft(decoded)) return decoded
  const { counts, skus } = decoded.right
  if (counts.length === 0) return E.left(bufferError('empty-history', '$.counts', 'no counts to estimate from'))
  const meter: Meter = { spent: 0, budget: options.budget ?? DEFAULT_BUFFER_BUDGET }
  const overBudget = (): E.Either<BufferError, never> =>
    E.left(bufferError('budget-exceeded', '$.options.budget', `the history needs more than ${meter.budget} work units (counts × SKU attributes, plus the SKU policies written)`))

  const attributesOf = new Map<string, readonly string[]>()
  for (let i = 0; i < (skus ?? []).length; i++) {
    const sku = (skus ?? [])[i] as NonNullable<typeof skus>[number]
    if (attributesOf.has(sku.id)) return E.left(duplicateSku(sku.id, `$.skus[${i}].id`))
    attributesOf.set(sku.id, [...new Set(sku.attributes ?? [])].sort(byString))
  }
  const at = counts.map((c) => parseInstant(c.countedAt) as number)
  let latest = 0
  for (let i = 1; i < at.length; i++) if ((at[i] as number) > (at[latest] as number)) latest = i
  const asOfMs = options.asOf === undefined ? (at[latest] as number) : (parseInstant(options.asOf) as number)
  const level = options.serviceLevel ?? DEFAULT_SERVICE_LEVEL
  const halfLife = options.halfLifeDays
  const settings: Settings = { level, minEmpirical: options.minEmpiricalCounts ?? DEFAULT_MIN_EMPIRICAL_COUNTS }
  const minAttribute = options.minAttributeCounts ?? DEFAULT_MIN_ATTRIBUTE_COUNTS

  if (!charge(meter, counts.length * Math.max(1, Math.ceil(Math.log2(counts.length + 1))))) return overBudget()
  const order = canonical(counts, at)
  // Per count, in canonical order: its node, phantom units and weight; a count seen twice is refused.
  const shortfalls: number[] = []
  const weights: number[] = []
  const nodeIds: string[] = []
  const skuIds: string[] = []
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number
    const c = counts[i] as CycleCount
    if ((at[i] as number) > asOfMs) return E.left(bufferError('count-after-as-of', `$.counts[${i}].countedAt`, `counted at ${c.countedAt}, after asOf ${options.asOf ?? ''}`))
    if (skus !== undefined && !attributesOf.has(c.sku)) return E.left(unknownSku(c.sku, `$.counts[${i}].sku`))
    const previous = k > 0 ? (counts[order[k - 1] as number] as CycleCount) : undefined
    if (previous !== undefined && previous.node === c.node && previous.sku === c.sku && at[order[k - 1] as number] === at[i]) {
      const [first, second] = [order[k - 1] as number, i].sort((a, b) => a - b)
      return E.left(bufferError('duplicate-count', `$.counts[${second}]`, `the same node, SKU and countedAt as $.counts[${first}]`))
    }
    shortfalls.push(Math.max(0, c.expected - c.counted))
    weights.push(halfLife === undefined ? 1 : 2 ** (-((asOfMs - (at[i] as number)) / MS_PER_DAY) / halfLife))
    nodeIds.push(c.node)
    skuIds.push(c.sku)
  }

  // Groups: the network, each node (a run of the canonical order), each node and SKU attribute.
  const networkGroup = groupOf(shortfalls, weights)
  if (!(networkGroup.weight > 0)) {
    return E.left(bufferError('invalid-option', '$.options.halfLifeDays', `every count weighs 0 at a half-life of ${halfLife ?? ''} days from asOf ${options.asOf ?? ''}: nothing to estimate from`))
  }
  const nodeGroups: { readonly node: string; readonly group: ShortfallGroup }[] = []
  const attributeGroups: { readonly node: number; readonly attribute: string; readonly group: ShortfallGroup }[] = []
  for (let start = 0; start < nodeIds.length; ) {
    const node = nodeIds[start] as string
    let end = start
    while (end < nodeIds.length && nodeIds[end] === node) end++
    const byAttribute = new Map<string, { readonly shortfalls: number[]; readonly weights: number[] }>()
    for (let k = start; k < end; k++) {
      const attributes = attributesOf.get(skuIds[k] as string) ?? []
      if (!charge(meter, 1 + attributes.length)) return overBudget()
      for (const attribute of attributes) {
        let g = byAttribute.get(attribute)
        if (g === undefined) {
          g = { shortfalls: [], weights: [] }
          byAttribute.set(attribute, g)
        }
        g.shortfalls.push(shortfalls[k] as number)
        g.weights.push(weights[k] as number)
      }
    }
    for (const attribute of [...byAttribute.keys()].sort(byString)) {
      const g = byAttribute.get(attribute) as { readonly shortfalls: number[]; readonly weights: number[] }
      attributeGroups.push({ node: nodeGroups.length, attribute, group: groupOf(g.shortfalls, g.weights) })
    }
    nodeGroups.push({ node, group: groupOf(shortfalls.slice(start, end), weights.slice(start, end)) })
    start = end
  }
  const nodeK = options.priorCounts ?? credibilityCounts(nodeGroups.map((n) => n.group), nodeGroups.map(() => networkGroup))
  const attributeK = options.priorCounts ?? credibilityCounts(attributeGroups.map((a) => a.group), attributeGroups.map((a) => (nodeGroups[a.node] as { readonly group: ShortfallGroup }).group))

  const network = estimate(networkGroup, undefined, 0, settings, 'network')
  const nodes: NodeBuffer[] = []
  const policies: ConfidenceBuffer[] = []
  const skuPolicies: ConfidenceBuffer[] = []
  const catalogue = [...attributesOf.keys()].sort(byString)
  let nextAttribute = 0
  for (let n = 0; n < nodeGroups.length; n++) {
    const { node, group } = nodeGroups[n] as { readonly node: string; readonly group: ShortfallGroup }
    if (!charge(meter, group.own.values.length + network.shrunk.values.length)) return overBudget()
    const own = estimate(group, network.shrunk, nodeK, settings, 'network')
    const attributes: AttributeBuffer[] = []
    const applied = new Map<string, number>()
    for (; nextAttribute < attributeGroups.length && attributeGroups[nextAttribute]?.node === n; nextAttribute++) {
      const { attribute, group: g } = attributeGroups[nextAttribute] as { readonly attribute: string; readonly group: ShortfallGroup }
      if (!charge(meter, g.own.values.length + own.shrunk.values.length)) return overBudget()
      const a = estimate(g, own.shrunk, attributeK, settings, 'node')
      // Applied when the attribute has counts enough and they outweigh the pull of the node.
      const why = g.effective < minAttribute ? `fewer than ${minAttribute} effective counts` : a.estimate.shrinkage > 0.5 ? 'shrunk more than half towards the node' : undefined
      if (why === undefined) applied.set(attribute, a.estimate.quantity)
      attributes.push({ attribute, applied: why === undefined, ...a.estimate, reason: why === undefined ? a.estimate.reason : `${a.estimate.reason} (not applied: ${why})` })
    }
    nodes.push({ node, ...own.estimate, attributes })
    policies.push({ node, quantity: own.estimate.quantity } as ConfidenceBuffer)
    if (applied.size > 0) {
      if (!charge(meter, catalogue.length)) return overBudget()
      for (const sku of catalogue) {
        let quantity = -1
        for (const attribute of attributesOf.get(sku) ?? []) quantity = Math.max(quantity, applied.get(attribute) ?? -1)
        if (quantity >= 0 && quantity !== own.estimate.quantity) skuPolicies.push({ node, sku, quantity } as ConfidenceBuffer)
      }
    }
  }
  return E.right({
    confidenceBuffers: [...policies, ...skuPolicies.sort((a, b) => byString(a.node ?? '', b.node ?? '') || byString(a.sku ?? '', b.sku ?? ''))],
    nodes,
    network: network.estimate,
    serviceLevel: level,
    asOf: formatInstant(asOfMs as EpochMs),
    ...(halfLife === undefined ? {} : { halfLifeDays: halfLife }),
    shrinkageCounts: { nodes: Number.isFinite(nodeK) ? round3(nodeK) : 'infinite', attributes: Number.isFinite(attributeK) ? round3(attributeK) : 'infinite' },
    work: { spent: meter.spent, budget: meter.budget },
  })
}
