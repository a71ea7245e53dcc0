/**
 * The only entry for untrusted data. Every `decode*` function takes `unknown` and returns
 * `Either<DecodeError, T>`; a DecodeError lists every problem with the JSON path it is at.
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { Network } from '../model/network.js'
import { Order } from '../model/order.js'
import { Scenario } from '../model/scenario.js'
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
  readonly _tag: 'DecodeError'
  /** What was being decoded: `network`, `order`, `scenario`, … */
  readonly document: string
  readonly issues: readonly DecodeIssue[]
  /** One line per issue: `$.nodes[3].costs.package: expected Amount, got "abc"`. */
  readonly message: string
}

const MAX_ISSUES = 20

const renderValue = (v: unknown): string => {
  if (v === undefined) return 'undefined'
  try {
    const s = JSON.stringify(v)
    if (s === undefined) return typeof v
    return s.length > 60 ? `${s.slice(0, 57)}...` : s
  } catch {
    return typeof v
  }
}

const EXPLAINED: Readonly<Record<string, string>> = {
  Amount: 'Amount (non-negative decimal string, at most 6 decimal places)',
  Rate: 'Rate (non-negative decimal string, at most 9 decimal places)',
  Quantity: 'Quantity (whole number ≥ 0)',
  PositiveQuantity: 'PositiveQuantity (whole number ≥ 1)',
  Id: 'Id (non-empty string, at most 200 characters)',
  Instant: 'Instant (ISO-8601 with offset, e.g. 2026-11-27T09:30:00Z)',
  LocalTime: 'LocalTime (HH:MM)',
  UtcOffset: 'UtcOffset (±HH:MM)',
  Latitude: 'Latitude (−90 to 90)',
  Longitude: 'Longitude (−180 to 180)',
  Percent: 'Percent (0 to 100)',
  Hours: 'Hours (non-negative number)',
  Kilometres: 'Kilometres (non-negative number)',
  Speed: 'Speed (positive km per hour)',
}

interface Wrapped {
  readonly _tag?: string
  readonly type?: unknown
}

/** The tag of a codec once readonly, exact and refinement wrappers (which share their inner codec's context) are looked through. */
const structuralTag = (codec: unknown): string | undefined => {
  let c = codec as Wrapped
  while ((c._tag === 'ReadonlyType' || c._tag === 'ExactType' || c._tag === 'RefinementType') && c.type !== undefined) {
    c = c.type as Wrapped
  }
  return c._tag
}

const pathOf = (context: t.Context): string => {
  let path = '$'
  // The first entry is the root codec; unions and intersections add entries with numeric
  // keys for their members, which are not part of the document's path.
  for (let i = 1; i < context.length; i++) {
    const entry = context[i]
    const parent = context[i - 1]
    if (entry === undefined || parent === undefined) continue
    const parentTag = structuralTag(parent.type)
    if (parentTag === 'UnionType' || parentTag === 'IntersectionType') continue
    if (parentTag === 'ReadonlyArrayType' || parentTag === 'ArrayType') path += `[${entry.key}]`
    else if (entry.key !== '') path += /^[A-Za-z_$][\w$]*$/.test(entry.key) ? `.${entry.key}` : `[${JSON.stringify(entry.key)}]`
  }
  return path
}

const toIssue = (e: t.ValidationError): DecodeIssue => {
  const last = e.context[e.context.length - 1]
  const name = last?.type.name ?? 'value'
  return {
    path: pathOf(e.context),
    expected: e.message ?? EXPLAINED[name] ?? name,
    actual: renderValue(e.value),
  }
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

/** Builds a DecodeError from io-ts validation errors. */
export const decodeError = (document: string, errors: t.Errors): DecodeError => {
  const issues = dedupe(errors.map(toIssue)).slice(0, MAX_ISSUES)
  return {
    _tag: 'DecodeError',
    document,
    issues,
    message: issues.map((i) => `${i.path}: expected ${i.expected}, got ${i.actual}`).join('\n'),
  }
}

const safeDecode =
  <A>(codec: t.Decoder<unknown, A>, document: string) =>
  (input: unknown): E.Either<DecodeError, A> => {
    try {
      return E.mapLeft((errors: t.Errors) => decodeError(document, errors))(codec.decode(input))
    } catch {
      // A hostile value (a throwing getter or proxy) must not escape as an exception.
      return E.left({
        _tag: 'DecodeError',
        document,
        issues: [{ path: '$', expected: document, actual: 'an unreadable value' }],
        message: `$: expected ${document}, got an unreadable value`,
      })
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
