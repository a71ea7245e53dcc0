/** Why an order could not be routed at all (as opposed to routed with unfulfilled units). */
export type RoutingError =
  | { readonly _tag: 'invalid-instant'; readonly path: string; readonly message: string }
  | { readonly _tag: 'empty-order'; readonly path: string; readonly message: string }
  | { readonly _tag: 'duplicate-line'; readonly path: string; readonly message: string }
  | { readonly _tag: 'unknown-node'; readonly path: string; readonly message: string }
  | { readonly _tag: 'not-a-pickup-node'; readonly path: string; readonly message: string }
  | { readonly _tag: 'network-mismatch'; readonly message: string }
  | { readonly _tag: 'rejection-mismatch'; readonly path: string; readonly message: string }
  | { readonly _tag: 'invalid-option'; readonly path: string; readonly message: string }
  | { readonly _tag: 'unknown-sku'; readonly path: string; readonly message: string }
  | { readonly _tag: 'amount-out-of-range'; readonly path: string; readonly message: string }

export const routingError = <T extends RoutingError['_tag']>(
  tag: T,
  message: string,
  path?: string,
): Extract<RoutingError, { _tag: T }> =>
  (path === undefined ? { _tag: tag, message } : { _tag: tag, path, message }) as Extract<RoutingError, { _tag: T }>
