/**
 * The error shapes shared by every layer: one interface and one constructor per meaning
 * (`unknown-node`, `unknown-sku`, `invalid-instant`, …), so that a stock build, a routing
 * call and a promise report the same fact with the same fields. Every error is a value with
 * a kebab-case `_tag`, a one-line `message` (which starts with the JSON `path` when there is
 * one) and, where it concerns a document, that `path`. {@link formatError} gives the line
 * users print.
 */

/** A document or command names a node the network does not have. */
export interface UnknownNode {
  readonly _tag: 'unknown-node'
  readonly message: string
  readonly node: string
  readonly path?: string
}

/** Two nodes of a network share an id. */
export interface DuplicateNode {
  readonly _tag: 'duplicate-node'
  readonly message: string
  readonly node: string
  readonly path: string
}

/** A quantity is not a whole number in range, or exceeds what it applies to. */
export interface InvalidQuantity {
  readonly _tag: 'invalid-quantity'
  readonly message: string
  readonly path?: string
}

/** A string that should be an ISO-8601 instant with an offset is not one. */
export interface InvalidInstant {
  readonly _tag: 'invalid-instant'
  readonly message: string
  readonly value: string
  readonly path?: string
}

/** An argument that is not the document it should be (what the codecs reject): not an object, not an array, not a string. */
export interface InvalidInput {
  readonly _tag: 'invalid-input'
  readonly message: string
  readonly path: string
}

/** A policy names an SKU the network's catalogue does not list. */
export interface UnknownSku {
  readonly _tag: 'unknown-sku'
  readonly message: string
  readonly sku: string
  readonly path?: string
}

/** Two SKUs of a catalogue share an id. */
export interface DuplicateSku {
  readonly _tag: 'duplicate-sku'
  readonly message: string
  readonly sku: string
  readonly path: string
}

/** `path: ` before a message, or nothing. @internal */
export const at = (path: string | undefined): string => (path === undefined ? '' : `${path}: `)

/** A short quoted rendering of any value for a message; never throws (BigInt, cycles, hostile toString). @internal */
export const show = (value: unknown): string => {
  try {
    const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? typeof value
    return text.length > 80 ? `${text.slice(0, 77)}...` : text
  } catch {
    return typeof value
  }
}
/** The `path` field when there is one. @internal */
export const withPath = (path: string | undefined): { readonly path?: string } => (path === undefined ? {} : { path })

/**
 * An `unknown-node` error.
 *
 * @example unknownNode('nowhere', '$.rows[3].node').path // '$.rows[3].node'
 */
export const unknownNode = (node: string, path?: string): UnknownNode => ({
  _tag: 'unknown-node',
  message: `${at(path)}no node ${show(node)} in the network`,
  node,
  ...withPath(path),
})

/**
 * A `duplicate-node` error.
 *
 * @example duplicateNode('lyon-1', '$.nodes[4].id')._tag // 'duplicate-node'
 */
export const duplicateNode = (node: string, path: string): DuplicateNode => ({
  _tag: 'duplicate-node',
  message: `${path}: node id ${show(node)} appears more than once`,
  node,
  path,
})

/**
 * An `invalid-quantity` error.
 *
 * @example invalidQuantity('expected a whole number ≥ 1', '$.lines[0].quantity').path // '$.lines[0].quantity'
 */
export const invalidQuantity = (message: string, path?: string): InvalidQuantity => ({
  _tag: 'invalid-quantity',
  message: `${at(path)}${message}`,
  ...withPath(path),
})

/**
 * An `invalid-instant` error.
 *
 * @example invalidInstant('yesterday', 'now').message // 'now: expected an ISO-8601 instant with offset, got "yesterday"'
 */
export const invalidInstant = (value: unknown, path?: string): InvalidInstant => {
  const shown = typeof value === 'string' ? value : show(value)
  return {
    _tag: 'invalid-instant',
    message: `${at(path)}expected an ISO-8601 instant with offset, got ${show(value)}`,
    value: shown,
    ...withPath(path),
  }
}

/**
 * An `invalid-input` error: the value at `path` is not what the codecs would have let through.
 *
 * @example invalidInput('$.lines[0]', 'an object with node, sku and quantity').message // '$.lines[0]: expected an object with node, sku and quantity'
 */
export const invalidInput = (path: string, expected: string): InvalidInput => ({
  _tag: 'invalid-input',
  message: `${path}: expected ${expected}`,
  path,
})

/**
 * An `unknown-sku` error.
 *
 * @example unknownSku('sku-9', '$.policies.safetyStock[0].sku').message // '$.policies.safetyStock[0].sku: no SKU "sku-9" in the catalogue'
 */
export const unknownSku = (sku: string, path?: string, hint?: string): UnknownSku => ({
  _tag: 'unknown-sku',
  message: `${at(path)}no SKU ${show(sku)} in the catalogue${hint === undefined ? '' : ` (${hint})`}`,
  sku,
  ...withPath(path),
})

/**
 * A `duplicate-sku` error.
 *
 * @example duplicateSku('sku-1', '$.skus[3].id')._tag // 'duplicate-sku'
 */
export const duplicateSku = (sku: string, path: string): DuplicateSku => ({
  _tag: 'duplicate-sku',
  message: `${path}: SKU id ${show(sku)} appears more than once`,
  sku,
  path,
})

/**
 * The one-line message users print for any error the library returns: its path, then its
 * message (once: stock errors already start with their path); a decode error's issues are
 * joined on one line after the document they are in.
 *
 * @example formatError(unknownNode('nowhere', '$.rows[3].node')) // '$.rows[3].node: no node "nowhere" in the network'
 */
export const formatError = (e: { readonly _tag: string; readonly message: string; readonly path?: string; readonly document?: string }): string => {
  const text = e.message.split('\n').join('; ')
  if (e._tag === 'decode-error' && e.document !== undefined) return `invalid ${e.document}: ${text}`
  return e.path === undefined || e.path === '' || text.startsWith(e.path) ? text : `${e.path}: ${text}`
}
