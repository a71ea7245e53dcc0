import type { InvalidInstant, UnknownNode, UnknownSku } from '../errors.js'

/** Why an order could not be routed at all (as opposed to routed with unfulfilled units). */
export type RoutingError =
  | InvalidInstant
  | { readonly _tag: 'empty-order'; readonly path: string; readonly message: string }
  | { readonly _tag: 'duplicate-line'; readonly path: string; readonly message: string }
  | UnknownNode
  | { readonly _tag: 'not-a-pickup-node'; readonly path: string; readonly message: string }
  | { readonly _tag: 'rejection-mismatch'; readonly path: string; readonly message: string }
  | { readonly _tag: 'invalid-option'; readonly path: string; readonly message: string }
  | UnknownSku
  | { readonly _tag: 'amount-out-of-range'; readonly path: string; readonly message: string }

/** The routing errors made of a tag, a message and a path; the shared shapes have constructors of their own in `../errors.ts`. */
type PlainRoutingError = Exclude<RoutingError, InvalidInstant | UnknownNode | UnknownSku>

export const routingError = <T extends PlainRoutingError['_tag']>(tag: T, message: string, path: string): Extract<RoutingError, { _tag: T }> =>
  ({ _tag: tag, path, message }) as Extract<RoutingError, { _tag: T }>
