/**
 * The delivery-promise request: what a product page or a cart asks before the shopper
 * chooses — one SKU or a cart, the channel, where the shopper is, `now`, and which
 * fulfilment methods to offer.
 */
import * as t from 'io-ts'
import { Amount, Channel, Id, Instant, Kilometres, Location, PositiveQuantity, record, refuseProtoKey } from './primitives.js'

/**
 * How the shopper gets the goods: `ship` (delivered to the location), `pickup` (click &
 * collect at a pickup point, stock may be transferred there first) or `reserve-in-store`
 * (collect at a store that holds everything on its own shelves, no transfer, held for a
 * limited time).
 */
export const PromiseMethod = t.keyof({ ship: null, pickup: null, 'reserve-in-store': null }, 'PromiseMethod')
export type PromiseMethod = t.TypeOf<typeof PromiseMethod>

/** Every promise method, in ranking order. */
export const PROMISE_METHODS: readonly PromiseMethod[] = ['ship', 'pickup', 'reserve-in-store']

/** One cart line. `id` defaults to the line's position, from `1`. */
export const CartLine = record({ sku: Id, quantity: PositiveQuantity }, { id: Id }, 'CartLine')
export type CartLine = t.TypeOf<typeof CartLine>

/** A single SKU (a product page): `quantity` defaults to 1. */
export const SingleSku = record({ sku: Id }, { quantity: PositiveQuantity }, 'SingleSku')
export type SingleSku = t.TypeOf<typeof SingleSku>

/** A cart: one or more lines. */
export const Cart = record({ lines: t.readonlyArray(CartLine) }, {}, 'Cart')
export type Cart = t.TypeOf<typeof Cart>

/**
 * A promise request. Give `sku` (and `quantity`) for a product page, or `lines` for a cart.
 *
 * - `methods`: which methods to offer (default all three);
 * - `radiusKm`: how far from `location` pickup points and stores may be (default 30 km);
 * - `maxPickupNodes`: at most this many pickup options and this many reserve-in-store
 *   options, nearest first (default 5);
 * - `allowBackorder`: let inbound lots promise (later) units (default false);
 * - `value`: the cart's merchandise value, for price tiers with a `threshold`;
 * - `orderId`: the id the options' orders carry (default `promise`).
 */
export const PromiseRequest = refuseProtoKey(
  t.readonly(
    t.intersection([
      t.type({ channel: Channel, location: Location, now: Instant }),
      t.union([SingleSku, Cart], 'PromiseItems'),
      t.partial({
        methods: t.readonlyArray(PromiseMethod),
        radiusKm: Kilometres,
        maxPickupNodes: PositiveQuantity,
        allowBackorder: t.boolean,
        value: Amount,
        orderId: Id,
      }),
    ]),
    'PromiseRequest',
  ),
)
export type PromiseRequest = t.TypeOf<typeof PromiseRequest>
