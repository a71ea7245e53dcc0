/**
 * The only entry for untrusted data. Every `decode*` function takes `unknown` and returns
 * `Either<DecodeError, T>`; a DecodeError lists every problem with the JSON path it is at.
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { MAX_AMOUNT, MAX_QUANTITY, MAX_RATE } from '../money.js'
import { CountHistory } from '../model/counts.js'
import { Network } from '../model/network.js'
import { Order } from '../model/order.js'
import { MAX_PRIORITY, UnknownKey } from '../model/primitives.js'
import { PromiseRequest, PromiseScenario } from '../model/promise.js'
import { Scenario, WaveDocument } from '../model/scenario.js'
import { RebalanceDocument } from '../model/reassort.js'
import { ReserveRequest, StockSnapshot } from '../model/stock.js'

/** One problem found while decoding: where it is and what was expected there. */
export interface DecodeIssue {
  /** JSON path of the offending value, e.g. `$.nodes[3].costs.package`. */
  readonly path: string
  /** What a valid value looks like there. */
  readonly expected: string
  /** A short rendering of the value found (`undefined` when missing). */
  readonly actual: string
}

/** A document that did not decode. */
export interface DecodeError {
  readonly _tag: 'decode-error'
  /** What was being decoded: `network`, `order`, `scenario`, … */
  readonly document: string
  readonly issues: readonly DecodeIssue[]
  /**
   * One line per issue: `$.nodes[3].costs.package: expected Amount, got "abc"`; when more than
   * 20 problems were found, only the first 20 are listed, and a last line says how many more
   * (`and 7 more problems`).
   */
  readonly message: string
}

const MAX_ISSUES = 20

const renderValue = (v: unknown): string => {
  if (v === undefined) return 'undefined'
  // JSON would render these as null.
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v)
  try {
    const s = JSON.stringify(v)
    if (s === undefined) return typeof v
    return s.length > 60 ? `${s.slice(0, 57)}...` : s
  } catch {
    return typeof v
  }
}

/** A limit as a reader writes it: `1,000,000`. */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

const EXPLAINED: Readonly<Record<string, string>> = {
  Amount: `Amount (non-negative decimal string, at most 6 decimal places, at most ${grouped(Number(MAX_AMOUNT))})`,
  Rate: `Rate (non-negative decimal string, at most 9 decimal places, at most ${grouped(Number(MAX_RATE))})`,
  Quantity: `Quantity (whole number from 0 to ${grouped(MAX_QUANTITY)})`,
  PositiveQuantity: `PositiveQuantity (whole number from 1 to ${grouped(MAX_QUANTITY)})`,
  Priority: `Priority (finite number from −${grouped(MAX_PRIORITY)} to ${grouped(MAX_PRIORITY)})`,
  Id: 'Id (non-empty string, at most 200 characters)',
  Instant: 'Instant (ISO-8601 with offset, e.g. 2026-11-27T09:30:00Z)',
  LocalTime: 'LocalTime (HH:MM)',
  UtcOffset: 'UtcOffset (±HH:MM)',
  TimeZone: 'TimeZone (an IANA time zone the runtime knows, e.g. Europe/Paris)',
  ZoneName: 'ZoneName (an IANA time zone the runtime knows, e.g. Asia/Tokyo, or a fixed offset ±HH:MM)',
  LocalDate: 'LocalDate (YYYY-MM-DD, a date that exists)',
  ClosingTime: 'ClosingTime (HH:MM, or 24:00)',
  Latitude: 'Latitude (−90 to 90)',
  Longitude: 'Longitude (−180 to 180)',
  Percent: 'Percent (0 to 100)',
  Hours: 'Hours (non-negative number, at most 8,784)',
  Kilometres: 'Kilometres (non-negative number, at most 40,000)',
  Speed: 'Speed (positive km per hour, at most 10,000)',
  Mean: 'Mean (expected units sold: a finite number from 0 to 1,000,000)',
  WorkBudget: 'WorkBudget (whole number of work units, 1 or more)',
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

const segment = (key: string | number): string =>
  typeof key === 'number' ? `[${key}]` : IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`

/** What io-ts's UnknownRecord accepts: an object that is not an array, Date, Map, … */
const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Object]'

// ---------------------------------------------------------------------------------------------
// Issues: io-ts errors carry the stack of codecs they went through (the context). The JSON
// path skips the entries that unions and intersections add for their members; the expected
// text comes from the outermost codec at the path (`Node`, not one member of its
// intersection); union failures are narrowed to the branch the value was meant for.
// ---------------------------------------------------------------------------------------------

interface Wrapped {
  readonly _tag?: string
  readonly type?: unknown
  readonly types?: readonly unknown[]
  readonly props?: Readonly<Record<string, unknown>>
  readonly keys?: Readonly<Record<string, unknown>>
  readonly value?: unknown
  readonly tag?: string
  readonly name?: string
}

/** The codec once readonly, exact and refinement wrappers (which share their inner codec's context) are looked through. */
const structural = (codec: unknown): Wrapped => {
  let c = codec as Wrapped
  while ((c._tag === 'ReadonlyType' || c._tag === 'ExactType' || c._tag === 'RefinementType') && c.type !== undefined) {
    c = c.type as Wrapped
  }
  return c
}

/** The path segment entry `i` of a context adds (empty for union and intersection members). */
const step = (context: t.Context, i: number): string => {
  const entry = context[i]
  const parent = context[i - 1]
  if (entry === undefined || parent === undefined) return ''
  const p = structural(parent.type)
  // Unions and intersections validate the same value once per member; the member entries
  // they add are not steps into the document.
  if ((p._tag === 'UnionType' || p._tag === 'IntersectionType') && p.types?.includes(entry.type) === true) return ''
  if (p._tag === 'ReadonlyArrayType' || p._tag === 'ArrayType' || p._tag === 'TupleType') return `[${entry.key}]`
  if (entry.type === UnknownKey) return segment(entry.key)
  return entry.key === '' ? '' : segment(entry.key)
}

/** JSON path of the value at context entry `end - 1`; the first entry is the root codec. */
const pathOf = (context: t.Context, end: number = context.length): string => {
  let path = '$'
  for (let i = 1; i < end; i++) path += step(context, i)
  return path
}

/** Index of the outermost context entry at the same JSON path as entry `last`. */
const outermost = (context: t.Context, last: number): number => {
  let j = last
  while (j > 0 && step(context, j) === '') j--
  return j
}

/** The literal a record codec requires at `key`, if it requires one. */
const literalAt = (codec: unknown, key: string): unknown => {
  const c = structural(codec)
  if ((c._tag === 'InterfaceType' || c._tag === 'StrictType') && c.props !== undefined) {
    const prop = c.props[key] as Wrapped | undefined
    return prop?._tag === 'LiteralType' ? prop.value : undefined
  }
  if (c._tag === 'IntersectionType' && c.types !== undefined) {
    for (const member of c.types) {
      const v = literalAt(member, key)
      if (v !== undefined) return v
    }
  }
  return undefined
}

/** The values of a tagged union's tag, rendered: `"ship", "pickup"`. */
const tagValues = (union: Wrapped, tag: string): string =>
  (union.types ?? []).map((member) => JSON.stringify(literalAt(member, tag))).join(', ')

const describe = (codec: unknown): string => {
  const name = (codec as Wrapped).name ?? 'value'
  const explained = EXPLAINED[name]
  if (explained !== undefined) return explained
  const c = structural(codec)
  switch (c._tag) {
    case 'KeyofType':
      return `${name} (one of ${Object.keys(c.keys ?? {})
        .map((k) => JSON.stringify(k))
        .join(', ')})`
    case 'LiteralType':
      return JSON.stringify(c.value) ?? name
    case 'ReadonlyArrayType':
    case 'ArrayType':
      return `array of ${(c.type as Wrapped | undefined)?.name ?? 'values'}`
    case 'UnionType':
      return c.tag !== undefined ? `${name} (an object whose "${c.tag}" is one of ${tagValues(c, c.tag)})` : name
    default:
      return name
  }
}

const toIssue = (e: t.ValidationError): DecodeIssue => {
  const context = e.context
  const last = context[context.length - 1]
  const union = last === undefined ? undefined : structural(last.type)
  if (union?._tag === 'UnionType' && union.tag !== undefined && isRecord(e.value)) {
    // A tagged union fails as a whole when the tag matches no member: point at the tag.
    return {
      path: pathOf(context) + segment(union.tag),
      expected: `one of ${tagValues(union, union.tag)}`,
      actual: renderValue(e.value[union.tag]),
    }
  }
  return {
    path: pathOf(context),
    expected: e.message ?? describe(context[outermost(context, context.length - 1)]?.type),
    actual: renderValue(e.value),
  }
}

/** Index of the first union-member entry at or after `from` (its parent entry is the union). */
const firstBranch = (context: t.Context, from: number): number | undefined => {
  for (let i = Math.max(from, 1); i < context.length; i++) {
    if (structural(context[i - 1]?.type)._tag === 'UnionType') return i
  }
  return undefined
}

interface UnionFailure {
  readonly at: number
  readonly branches: Map<string, t.ValidationError[]>
}

const missingCount = (errors: readonly t.ValidationError[]): number =>
  errors.reduce((n, e) => (e.value === undefined ? n + 1 : n), 0)

/**
 * Issues for `errors`, where a union whose every member failed reports only the member the
 * value was closest to (fewest missing fields), or, when members tie and only disagree about
 * the value's shape, one issue at the union itself.
 */
const issuesOf = (errors: readonly t.ValidationError[], from: number, out: DecodeIssue[]): void => {
  const items: Array<t.ValidationError | UnionFailure> = []
  const unions = new Map<string, UnionFailure>()
  for (const e of errors) {
    const at = firstBranch(e.context, from)
    if (at === undefined) {
      items.push(e)
      continue
    }
    const id = `${at}\u0000${pathOf(e.context, at)}`
    let failure = unions.get(id)
    if (failure === undefined) {
      failure = { at, branches: new Map() }
      unions.set(id, failure)
      items.push(failure)
    }
    const key = e.context[at]?.key ?? ''
    const branch = failure.branches.get(key)
    if (branch === undefined) failure.branches.set(key, [e])
    else branch.push(e)
  }
  for (const item of items) {
    if ('context' in item) out.push(toIssue(item))
    else unionIssues(item, out)
  }
}

const unionIssues = ({ at, branches }: UnionFailure, out: DecodeIssue[]): void => {
  const members = [...branches.values()]
  const fewest = Math.min(...members.map(missingCount))
  const closest = members.filter((m) => missingCount(m) === fewest)
  const only = closest.length === 1 ? closest[0] : undefined
  if (only !== undefined) return issuesOf(only, at + 1, out)
  const sample = closest[0]?.[0]?.context
  if (sample === undefined) return
  const unionPath = pathOf(sample, at)
  const shallow = (e: t.ValidationError): boolean => e.value === undefined || pathOf(e.context) === unionPath
  if (!closest.every((m) => m.every(shallow))) return issuesOf(closest.flat(), at + 1, out)
  const value = sample[at - 1]?.actual
  const codec = isRecord(value) ? sample[at - 1]?.type : sample[outermost(sample, at - 1)]?.type
  out.push({ path: unionPath, expected: describe(codec), actual: renderValue(value) })
}

const dedupe = (issues: readonly DecodeIssue[]): readonly DecodeIssue[] => {
  const seen = new Set<string>()
  const out: DecodeIssue[] = []
  for (const i of issues) {
    const key = `${i.path}\u0000${i.expected}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(i)
  }
  return out
}

/**
 * The error for `issues`, of which the first `MAX_ISSUES` are kept: the message then ends
 * with a line saying how many more there were.
 */
const errorOf = (document: string, all: readonly DecodeIssue[]): DecodeError => {
  const issues = all.slice(0, MAX_ISSUES)
  const more = all.length - issues.length
  const lines = issues.map((i) => `${i.path}: expected ${i.expected}, got ${i.actual}`)
  if (more > 0) lines.push(`and ${more} more ${more === 1 ? 'problem' : 'problems'}`)
  return { _tag: 'decode-error', document, issues, message: lines.join('\n') }
}

/** Builds a DecodeError from io-ts validation errors. */
export const decodeError = (document: string, errors: t.Errors): DecodeError => {
  const issues: DecodeIssue[] = []
  issuesOf(errors, 1, issues)
  return errorOf(document, dedupe(issues))
}

const safeDecode =
  <A>(codec: t.Decoder<unknown, A>, document: string) =>
  (input: unknown): E.Either<DecodeError, A> => {
    try {
      return E.mapLeft((errors: t.Errors) => decodeError(document, errors))(codec.decode(input))
    } catch {
      // A hostile value (a throwing getter or proxy) must not escape as an exception.
      return E.left(errorOf(document, [{ path: '$', expected: document, actual: 'an unreadable value' }]))
    }
  }

/** Decodes a network document (nodes, SKUs, transit). @example decodeNetwork(JSON.parse(text)) */
export const decodeNetwork = safeDecode(Network, 'network')
/** Decodes a stock snapshot (rows, inbound lots, policies). */
export const decodeStockSnapshot = safeDecode(StockSnapshot, 'stock snapshot')
/** Decodes an order. */
export const decodeOrder = safeDecode(Order, 'order')
/** Decodes a reservation request. */
export const decodeReserveRequest = safeDecode(ReserveRequest, 'reserve request')
/** Decodes a scenario (the CLI's document). */
export const decodeScenario = safeDecode(Scenario, 'scenario')
/** Decodes a wave document (the `omnistock wave` command's: network, stock, orders). @example decodeWaveDocument(JSON.parse(text)) // E.right({ nodes, stock, orders, … }) or E.left({ issues: [{ path: '$.orders[2].lines', … }] }) */
export const decodeWaveDocument = safeDecode(WaveDocument, 'wave document')
/** Decodes a delivery-promise request (a SKU or a cart, channel, location, now). @example decodePromiseRequest({ channel: 'web', location: { lat: 45.76, lon: 4.83 }, now: '2026-11-27T09:00:00Z', sku: 'LAMP' }) */
export const decodePromiseRequest = safeDecode(PromiseRequest, 'promise request')
/** Decodes a promise scenario (the `omnistock promise` document: network, stock, request, price tiers). @example decodePromiseScenario(JSON.parse(text)) // E.right({ nodes, stock, request, price, … }) or E.left({ issues: [{ path: '$.request.sku', … }] }) */
export const decodePromiseScenario = safeDecode(PromiseScenario, 'promise scenario')
/** Decodes a cycle-count history (counts of expected and counted units per node, SKU and date; optionally the SKU catalogue). @example decodeCountHistory({ counts: [{ node: 'S1', sku: 'A', expected: 5, counted: 4, countedAt: '2026-11-02T08:00:00Z' }] }) // E.right(…) */
export const decodeCountHistory = safeDecode(CountHistory, 'count history')
/** Decodes a rebalancing document (the `omnistock rebalance` document: network, stock, demand forecast, margins, options). @example decodeRebalanceDocument(JSON.parse(text)) // E.left({ issues: [{ path: '$.demand[3].mean', … }] }) when a mean is negative */
export const decodeRebalanceDocument = safeDecode(RebalanceDocument, 'rebalance document')
