/**
 * The delivery-promise request: what a product page or a cart asks before the shopper
 * chooses — one SKU or a cart, the channel, where the shopper is, `now`, and which
 * fulfilment methods to offer.
 */
import * as t from 'io-ts'
import { Node, Sku, Transit } from './network.js'
import { SourcingRules } from './order.js'
import { Amount, Channel, Currency, Hours, Id, Instant, Kilometres, Location, PositiveQuantity, Quantity, ZoneName, checkObject, exactKeys, oneOf, record } from './primitives.js'
import { InboundLot, StockPolicies, StockRow } from './stock.js'

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
 * - `orderId`: the id the options' orders carry (default `promise`);
 * - `timeZone`: the shopper's zone (IANA or `±HH:MM`), carried on the ship option's order:
 *   its parcels are handed over on the shopper's delivery days (default: the sender's).
 */
const promiseRequestProps = {
  methods: t.readonlyArray(PromiseMethod),
  radiusKm: Kilometres,
  maxPickupNodes: PositiveQuantity,
  allowBackorder: t.boolean,
  value: Amount,
  orderId: Id,
  timeZone: ZoneName,
}

/**
 * A delivery-promise request: the shopper's `channel`, `location` and `now`, and either one
 * `sku` (with `quantity`) or a cart of `lines`, with the options listed above.
 */
export const PromiseRequest = checkObject(
  exactKeys(
    t.readonly(
      t.intersection([
        t.type({ channel: Channel, location: Location, now: Instant }),
        // The members' own fields: the request as a whole is exact, not each member.
        t.union(
          [t.intersection([t.type({ sku: Id }), t.partial({ quantity: PositiveQuantity })], 'SingleSku'), t.type({ lines: t.readonlyArray(CartLine) }, 'Cart')],
          'PromiseItems',
        ),
        t.partial(promiseRequestProps),
      ]),
      'PromiseRequest',
    ),
    ['channel', 'location', 'now', 'sku', 'quantity', 'lines', ...Object.keys(promiseRequestProps)],
  ),
  (u) => {
    const items = oneOf(u, ['sku', 'lines'], false, 'either "sku" (and "quantity") or "lines"')
    const cartQuantity = u.lines !== undefined && u.sku === undefined && u.quantity !== undefined
    return cartQuantity ? [...items, { key: 'quantity', expected: 'no "quantity" beside "lines" (a cart gives a quantity per line)' }] : items
  },
)
export type PromiseRequest = t.TypeOf<typeof PromiseRequest>

/** A price tier as a document: see `PriceRule`. */
export const PriceTierDoc = record({ price: Amount }, { method: PromiseMethod, threshold: Amount }, 'PriceTier')
export type PriceTierDoc = t.TypeOf<typeof PriceTierDoc>

/** An availability bucket as a document: `label` shown from `min` units of ATP. */
export const AvailabilityBucketDoc = record({ label: t.string, min: Quantity }, {}, 'AvailabilityBucket')

/**
 * A promise scenario (the `omnistock promise` document): the network and stock, the request,
 * and the retailer's side — price tiers, rules, hold, ranking — plus, optionally, how to list
 * per-store availability for a single-SKU request.
 */
export const PromiseScenario = record(
  { nodes: t.readonlyArray(Node), stock: t.readonlyArray(StockRow), request: PromiseRequest },
  {
    skus: t.readonlyArray(Sku),
    transit: Transit,
    currency: Currency,
    inbound: t.readonlyArray(InboundLot),
    policies: StockPolicies,
    rules: SourcingRules,
    price: t.readonlyArray(PriceTierDoc),
    holdHours: Hours,
    rankBy: t.keyof({ distance: null, eta: null, price: null }, 'PromiseRanking'),
    unfulfilledPenalty: Amount,
    availability: record({}, { limit: Quantity, radiusKm: Kilometres, buckets: t.readonlyArray(AvailabilityBucketDoc) }, 'AvailabilityListing'),
  },
  'PromiseScenario',
)
export type PromiseScenario = t.TypeOf<typeof PromiseScenario>
