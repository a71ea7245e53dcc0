/**
 * Options are input too: the options of `routeOrder`, `routeBatch`, `reroute` and
 * `promiseOptions` are checked with io-ts codecs built from the same primitives as the
 * documents, once per call, and a bad value becomes a typed error naming its path
 * (`$.options.defaultUnfulfilledPenalty`) instead of a NaN plan.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { decodeError } from '../codecs/decode.js'
import { SourcingRules } from '../model/order.js'
import { Amount, Id, Instant, record } from '../model/primitives.js'
import { Strategy } from '../model/scenario.js'
import { routingError, type RoutingError } from './errors.js'

/** A whole number of units or steps, zero or more, within the exact range of a double. */
export interface WholeNumberBrand {
  readonly WholeNumber: unique symbol
}
export const WholeNumber = t.brand(
  t.number,
  (n): n is t.Branded<number, WholeNumberBrand> => Number.isSafeInteger(n) && n >= 0,
  'WholeNumber',
)

/** A whole number, one or more, within the exact range of a double. */
export interface PositiveWholeNumberBrand {
  readonly PositiveWholeNumber: unique symbol
}
export const PositiveWholeNumber = t.brand(
  t.number,
  (n): n is t.Branded<number, PositiveWholeNumberBrand> => Number.isSafeInteger(n) && n >= 1,
  'PositiveWholeNumber',
)

/** Capacity a node has already used today: orders and units, whole numbers. */
export const CapacityUsedCodec = record({ orders: WholeNumber, units: WholeNumber }, {}, 'CapacityUsed')

const isPlainObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && Object.prototype.toString.call(u) === '[object Object]'

/**
 * Capacity used by node id, as a record or a Map. A Map's entries are checked like a record's
 * members, each at the path of its key (`$.options.capacityUsed["S-LYON"].orders`).
 */
export const CapacityUsedByNode = new t.Type<unknown, unknown, unknown>(
  'CapacityUsedByNode (a record or Map of node id to { orders, units })',
  (u): u is unknown => {
    if (u instanceof Map) {
      for (const [key, value] of u) if (typeof key !== 'string' || !CapacityUsedCodec.is(value)) return false
      return true
    }
    if (!isPlainObject(u)) return false
    for (const key in u) if (Object.prototype.hasOwnProperty.call(u, key) && !CapacityUsedCodec.is(u[key])) return false
    return true
  },
  (u, c) => {
    const entries: Iterable<readonly [unknown, unknown]> | undefined =
      u instanceof Map ? u.entries() : isPlainObject(u) ? Object.entries(u) : undefined
    if (entries === undefined) return t.failure(u, c)
    const errors: t.ValidationError[] = []
    for (const [key, value] of entries) {
      if (typeof key !== 'string') {
        errors.push({ value: key, context: t.appendContext(c, `(a ${typeof key} key)`, Id, key), message: 'node ids are strings' })
        continue
      }
      const r = CapacityUsedCodec.validate(value, t.appendContext(c, key, CapacityUsedCodec, value))
      if (E.isLeft(r)) errors.push(...r.left)
    }
    return errors.length === 0 ? t.success(u) : t.failures(errors)
  },
  (a) => a,
)

const Position = record({ node: Id, sku: Id }, {}, 'ExcludedPosition')

/**
 * Prices per unit taken from a position, by node id then SKU: decimal strings ≥ 0 (amounts).
 * A record of records, so that a bad price is named at its path
 * (`$.options.stockPrices["S-LYON"].A`).
 */
export const StockPricesCodec = t.readonly(t.record(Id, t.readonly(t.record(Id, Amount))), 'StockPrices')

/** The members of `RouteOptions` (see ./route.ts), with `now` required. */
export const ROUTE_OPTION_PROPS = {
  strategy: Strategy,
  rules: SourcingRules,
  capacityUsed: CapacityUsedByNode,
  defaultUnfulfilledPenalty: Amount,
  maxSearchNodes: PositiveWholeNumber,
  explainAlternatives: WholeNumber,
  maxHubs: WholeNumber,
  screening: t.boolean,
  excludePositions: t.readonlyArray(Position),
  budget: PositiveWholeNumber,
  stockPrices: StockPricesCodec,
} as const

export const RouteOptionsCodec = t.intersection([t.type({ now: Instant }), t.partial(ROUTE_OPTION_PROPS)], 'RouteOptions')

/** The members of `BatchOptions` (see ../batch/batch.ts). */
export const BatchOptionsCodec = t.intersection(
  [
    t.type({ now: Instant }),
    t.partial({ ...ROUTE_OPTION_PROPS, expiresAt: Instant, sequence: t.keyof({ given: null, id: null }, 'Sequence') }),
  ],
  'BatchOptions',
)

/** Own keys of `options` its codec does not know, in insertion order. */
const unknownKeys = (options: object, known: ReadonlySet<string>): string[] => {
  const out: string[] = []
  for (const key of Object.keys(options)) if (!known.has(key)) out.push(key)
  return out
}

const keysOf = (codec: t.Mixed): ReadonlySet<string> => {
  const keys = new Set<string>()
  const walk = (c: unknown): void => {
    const w = c as { readonly _tag?: string; readonly props?: object; readonly types?: readonly unknown[] }
    if ((w._tag === 'InterfaceType' || w._tag === 'PartialType') && w.props !== undefined) for (const k of Object.keys(w.props)) keys.add(k)
    if (w._tag === 'IntersectionType') for (const m of w.types ?? []) walk(m)
  }
  walk(codec)
  return keys
}

const VALID: E.Either<RoutingError, true> = E.right(true)

const segment = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)

/** Checks one call's options; see {@link optionsChecker}. */
export type OptionsChecker = (options: unknown, base?: string) => E.Either<RoutingError, true>

/**
 * The check of an options object against `codec`, refusing keys it does not know; the known
 * keys are read off the codec once, here. `base` is the path the options sit at in the call
 * (`$.options`).
 *
 * @example optionsChecker(RouteOptionsCodec)({ now: 'x' }) // E.left({ _tag: 'invalid-option', path: '$.options.now', … })
 */
export const optionsChecker = (codec: t.Mixed): OptionsChecker => {
  const known = keysOf(codec)
  return (options, base = '$.options') => checkAgainst(codec, known, options, base)
}

const checkAgainst = (codec: t.Mixed, known: ReadonlySet<string>, options: unknown, base: string): E.Either<RoutingError, true> => {
  if (!isPlainObject(options)) return E.left(routingError('invalid-option', `options must be an object, got ${typeof options}`, base))
  const extra = unknownKeys(options, known)
  if (extra.length > 0) {
    const key = extra[0] as string
    return E.left(routingError('invalid-option', `unknown option ${JSON.stringify(key)}; known options: ${[...known].join(', ')}`, base + segment(key)))
  }
  let decoded: t.Validation<unknown>
  try {
    // The type guard allocates nothing and is several times faster than decoding; only a
    // failing value is decoded again, for the path of its first problem.
    if (codec.is(options)) return VALID
    decoded = codec.decode(options)
  } catch {
    // A throwing getter or proxy must not escape as an exception.
    return E.left(routingError('invalid-option', 'the options could not be read', base))
  }
  if (E.isRight(decoded)) return VALID
  const issue = decodeError('options', decoded.left).issues[0]
  const path = issue === undefined ? base : base + issue.path.slice(1)
  return E.left(routingError('invalid-option', `expected ${issue?.expected ?? 'valid options'}, got ${issue?.actual ?? 'something else'}`, path))
}

/** The check of `routeOrder`'s and `reroute`'s options. */
export const checkRouteOptions = optionsChecker(RouteOptionsCodec)

/** The check of `routeBatch`'s options. */
export const checkBatchOptions = optionsChecker(BatchOptionsCodec)
