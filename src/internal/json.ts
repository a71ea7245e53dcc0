/**
 * JSON text and values: parsing a document's text (a leading UTF-8 byte-order mark, which
 * Windows editors write, is accepted), and structural equality of JSON-like values.
 */
import * as E from 'fp-ts/lib/Either.js'

/** A text that is not JSON. */
export interface InvalidJson {
  readonly _tag: 'invalid-json'
  readonly message: string
  readonly path: '$'
}

/**
 * `text` without a leading byte-order mark (U+FEFF, the UTF-8 bytes EF BB BF once decoded).
 *
 * @internal
 * @example withoutByteOrderMark('\uFEFF{"a":1}') // '{"a":1}'
 */
export const withoutByteOrderMark = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)

/**
 * Parses a JSON document's text; a leading byte-order mark is skipped, anything else that is
 * not JSON is an `invalid-json` error, never an exception.
 *
 * @internal
 * @example parseJson('\uFEFF{"nodes":[]}') // Right({ nodes: [] })
 */
export const parseJson = (text: string): E.Either<InvalidJson, unknown> => {
  try {
    return E.right(JSON.parse(withoutByteOrderMark(text)) as unknown)
  } catch (e) {
    return E.left({ _tag: 'invalid-json', message: e instanceof Error ? e.message : 'not JSON', path: '$' })
  }
}

/**
 * Structural equality of JSON-like values: key order is ignored and keys holding `undefined`
 * count as absent (as in JSON text and in a jsonb column). Used to tell whether a replayed
 * idempotency key carries the same request.
 *
 * @internal
 * @example sameJson({ a: 1, b: [2] }, { b: [2], a: 1 }) // true
 */
export const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]))
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined)
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined)
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameJson(ra[k], rb[k]))
}
