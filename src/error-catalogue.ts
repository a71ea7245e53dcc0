/**
 * The catalogue of every error tag the library returns: where it comes from, when it occurs
 * and what the caller should do. It is the single source of docs/errors.md
 * (`npm run docs:errors`), and its type makes it complete: {@link ErrorTag} is the union of the
 * tags of every public error union, and the catalogue is a record over exactly those tags, so
 * a new tag without an entry (or an entry for a tag that no longer exists) fails the typecheck.
 */
import type { DecodeError } from './codecs/decode.js'
import type { NetworkError } from './network/compile.js'
import type { PromiseError } from './promise/types.js'
import type { RoutingError } from './routing/errors.js'
import type { ScenarioError } from './scenario.js'
import type { StockError } from './stock/errors.js'
import type { StrandedStock } from './stock/network-change.js'
import type { BufferError } from './reassort/confidence.js'
import type { RebalanceError } from './reassort/transfers.js'

/** Every error a public function of the library can return. */
export type LibraryError = DecodeError | NetworkError | StockError | StrandedStock | BufferError | RebalanceError | RoutingError | PromiseError | ScenarioError

/** The `_tag` of every error the library returns. */
export type ErrorTag = LibraryError['_tag']

/** What the documentation says about one error tag. */
export interface ErrorEntry {
  /** The public functions (or families of functions) that return it. */
  readonly from: readonly string[]
  /** When it occurs, in the caller's words; the fields it carries in backticks. */
  readonly when: string
  /** What the caller should do about it. */
  readonly action: string
}

/**
 * Every error tag with where it comes from, when it occurs and what to do. Each error also
 * carries a one-line `message` (path first) that {@link formatError} prints.
 *
 * @example ERROR_CATALOGUE['insufficient-stock'].from // ['reserve', 'reserveForPlan', 'reserveOption']
 */
export const ERROR_CATALOGUE: { readonly [K in ErrorTag]: ErrorEntry } = {
  'decode-error': {
    from: ['decodeNetwork', 'decodeStockSnapshot', 'decodeOrder', 'decodeReserveRequest', 'decodeScenario', 'decodePromiseRequest', 'decodePromiseScenario', 'routeScenario', 'promiseScenario'],
    when: 'The document does not match its codec. `document` names it (`network`, `order`, `scenario`, …); `issues[]` lists each problem with its `path` (`$.nodes[3].costs.package`), `expected` and `actual` — at most 20, then `and N more problems`. An unknown key is refused with the known key it most resembles.',
    action: 'Fix the document at each listed path; the `expected` text states the accepted form and its limits. Answer a client with 400 and the issues.',
  },
  'invalid-json': {
    from: ['routeScenario', 'promiseScenario'],
    when: 'The text given is not JSON (`path` is `$`, `message` is the parser\'s).',
    action: 'Send valid JSON (a leading UTF-8 byte-order mark is accepted).',
  },
  'invalid-input': {
    from: ['compileNetwork', 'buildStock', 'ledger and stock commands', 'suggestTransfers (a call or document option, by its path)'],
    when: 'An argument is not the document it should be (not an object, not an array, not a string) — what a codec would have refused; `path` says where.',
    action: 'Pass values produced by the `decode*` functions, not raw JSON.',
  },
  'duplicate-node': {
    from: ['compileNetwork', 'buildStock'],
    when: 'Two nodes share an id (`node`, `path` of the second).',
    action: 'Give every node a unique id.',
  },
  'duplicate-sku': {
    from: ['compileNetwork', 'buildStock'],
    when: 'Two SKUs of the catalogue share an id (`sku`, `path` of the second).',
    action: 'List each SKU once in `skus`.',
  },
  'unknown-node': {
    from: ['buildStock', 'ledger and stock commands', 'routeOrder', 'routeScenario', 'promiseOptions'],
    when: 'A stock row, lot, policy, sourcing rule, command or pickup names a node the network lacks (`node`, `path`).',
    action: 'Add the node to the network, or correct the id; re-sync the network if it changed since the stock was built.',
  },
  'unknown-sku': {
    from: ['buildStock', 'routeOrder', 'promiseOptions'],
    when: 'A policy, or an order line whose order does not set `allowUnknownSkus`, names an SKU the catalogue (`skus`) lacks (`sku`, `path`).',
    action: 'Add the SKU to `skus`, correct the id, or set `allowUnknownSkus: true` on the order to leave such lines unfulfilled.',
  },
  'duplicate-position': {
    from: ['buildStock'],
    when: 'Two stock rows for one (node, SKU) (`path` of the second).',
    action: 'Merge the rows: one row per position.',
  },
  'duplicate-lot': {
    from: ['buildStock', 'announceInbound'],
    when: 'Two inbound lots share an id (`path`).',
    action: 'Give every lot a unique id (a purchase-order or transfer number).',
  },
  'duplicate-reservation': {
    from: ['reserve', 'reserveForPlan'],
    when: 'A reservation with the requested id already exists.',
    action: 'Use a new reservation id, or an idempotency key to make retries safe.',
  },
  'insufficient-stock': {
    from: ['reserve', 'reserveForPlan', 'reserveOption'],
    when: 'A line asks for more than the position can promise to the channel (`node`, `sku`, `requested`, `available`); nothing was held (all or nothing).',
    action: 'Route the order again on the current stock and reserve the new plan; for a promise option, ask for the options again.',
  },
  'unknown-reservation': {
    from: ['confirm', 'release', 'fulfil'],
    when: 'No reservation has this id.',
    action: 'Check the id; a reservation exists only in the state (or the replayed events) where it was made.',
  },
  'not-live': {
    from: ['confirm', 'release', 'fulfil'],
    when: 'The reservation is no longer held (released or fulfilled; `status` says which).',
    action: 'Nothing to undo: treat it as done; reserve again if the units are still wanted.',
  },
  expired: {
    from: ['confirm', 'release', 'fulfil'],
    when: 'The reservation lapsed: its `expiresAt` is at or before `now`, and its units went back to ATP.',
    action: 'Reserve again (route again if the stock moved), or confirm earlier: a confirmed reservation no longer expires.',
  },
  'idempotency-conflict': {
    from: ['reserve'],
    when: 'An idempotency key was replayed with a different request than the one it was first used with.',
    action: 'Use a new key for a new request; replay a key only with the identical request (it then returns the first result and changes nothing).',
  },
  'invalid-quantity': {
    from: ['ledger and stock commands'],
    when: 'A quantity is not a whole number in range, or releases or fulfils more than is held (`path`).',
    action: 'Send whole quantities within what the reservation or position holds.',
  },
  'unknown-lot': {
    from: ['receiveInbound'],
    when: 'No inbound lot has this id.',
    action: 'Announce the lot first (`announceInbound`), or correct the id.',
  },
  'invalid-instant': {
    from: ['ledger and stock commands', 'routeOrder', 'promiseOptions', 'storeAvailability'],
    when: '`now` or another instant is not ISO-8601 with an offset (`value`, `path`).',
    action: 'Pass an instant such as `2026-11-27T09:00:00Z` or `2026-11-27T10:00:00+01:00`.',
  },
  'time-went-back': {
    from: ['ledger and stock commands'],
    when: 'A command\'s `now` is before the state\'s last event (`last`, `now`): the ledger\'s history only moves forward.',
    action: 'Apply commands in time order, with `now` taken from one clock; replay late events through `applyEvent` in order.',
  },
  'stranded-stock': {
    from: ['changeNetwork'],
    when: 'The new network lacks a node that still holds units on hand, inbound lots or live reservations. `positions[]` names each such position with its `onHand`, `held` (units of live reservations) and `lots`; `path` is `$.nodes`.',
    action: 'Move the units out (a transfer, or `adjustOnHand` to zero after a count), let the lots arrive or cancel them, and release or fulfil the reservations; then close the node. Nothing was changed.',
  },
  'empty-history': {
    from: ['suggestConfidenceBuffers'],
    when: 'The count history holds no counts (`path` is `$.counts`): there is nothing to estimate count errors from.',
    action: 'Send the cycle counts (expected and counted quantity, node, SKU, date) of at least one node.',
  },
  'duplicate-count': {
    from: ['suggestConfidenceBuffers'],
    when: 'Two counts share node, SKU and `countedAt` (`path` names the second and the message the first): one count would weigh twice.',
    action: 'Keep one record per count; merge or drop the duplicate at `path`.',
  },
  'count-after-as-of': {
    from: ['suggestConfidenceBuffers'],
    when: 'A count is dated after the `asOf` option (`path` is its `countedAt`): recency weights are measured back from `asOf`.',
    action: 'Move `asOf` to the latest count or later, or leave it out (it defaults to the latest count).',
  },
  'budget-exceeded': {
    from: ['suggestConfidenceBuffers'],
    when: 'The history needs more work units than `options.budget` (counts × SKU attributes, plus the SKU policies written); `path` is `$.options.budget`.',
    action: 'Raise the budget, or split the history (by region or node group) and suggest buffers per part.',
  },
  'empty-order': {
    from: ['routeOrder', 'promiseOptions'],
    when: 'The order has no lines (`path`).',
    action: 'Send at least one line.',
  },
  'duplicate-line': {
    from: ['routeOrder'],
    when: 'Two lines of the order share an id (`path`).',
    action: 'Give every line a unique id.',
  },
  'not-a-pickup-node': {
    from: ['routeOrder', 'reroute'],
    when: 'A pickup order names a node that does not offer pickup (its `capabilities`).',
    action: 'Choose a node with the `pickup` capability (stores and lockers by default), or add the capability.',
  },
  'rejection-mismatch': {
    from: ['reroute'],
    when: 'The plan given is not the order\'s: its `orderId` is another order\'s (`path` is `$.plan.orderId`).',
    action: 'Pass the order together with its own current plan.',
  },
  'invalid-option': {
    from: ['routeOrder', 'routeBatch', 'reroute', 'reserveForPlan', 'promiseOptions', 'suggestConfidenceBuffers'],
    when: 'An option is not what its codec accepts, or is not an option at all (`path`, e.g. `$.options.defaultUnfulfilledPenalty`).',
    action: 'Fix the option at `path`; the message states the accepted form.',
  },
  'amount-out-of-range': {
    from: ['routeOrder', 'promiseOptions'],
    when: 'Some plan of the order could cost more than the largest exact amount, 9,007,199,254.740991 (`path` of the line, or `$.order.delayCost`).',
    action: 'Lower the penalties, costs or delay cost to realistic figures, or split the order.',
  },
  'invalid-request': {
    from: ['promiseOptions', 'storeAvailability'],
    when: 'The promise request, its options or an availability query are not valid beyond the codec: both `sku` and `lines`, an empty cart, a malformed `unfulfilledPenalty`, `holdHours` or `rankBy`, buckets without one starting at 0, a bad `radiusKm`, `limit` or `at` (`path`).',
    action: 'Fix the request at `path`.',
  },
  'invalid-price': {
    from: ['promiseOptions'],
    when: 'A price tier is malformed, or the price function returned something other than an amount (`path` names the tier or the option).',
    action: 'Return a non-negative decimal string with at most 6 decimals from the price rule.',
  },
}
