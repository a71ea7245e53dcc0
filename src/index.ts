/**
 * omnistock — unified omnichannel stock and exact, explainable, cost-optimal order routing.
 * An explicit export list of the product API: everything here is public and documented. The
 * optimiser on raw arrays and lookups by integer index are in `omnistock/advanced`
 * (./advanced.ts); everything else is internal.
 */

// Errors: shared shapes and the one-line message users print
export {
  formatError,
  type UnknownNode,
  type DuplicateNode,
  type UnknownSku,
  type DuplicateSku,
  type InvalidInput,
  type InvalidInstant,
  type InvalidQuantity,
} from './errors.js'

// Decoding untrusted documents
export {
  decodeNetwork,
  decodeStockSnapshot,
  decodeOrder,
  decodeReserveRequest,
  decodeScenario,
  type DecodeError,
  type DecodeIssue,
} from './codecs/decode.js'

// Domain model (io-ts codecs double as the static types)
export {
  Network,
  Node,
  Sku,
  NodeKind,
  Capability,
  NodeCosts,
  TransferCosts,
  DailyCapacity,
  Transit,
  NODE_KINDS,
  CAPABILITIES,
  defaultCapabilities,
} from './model/network.js'
export { Order, OrderLine, Delivery, ShipDelivery, PickupDelivery, SourcingRules, SkuAttributeRule } from './model/order.js'
export {
  StockSnapshot,
  StockRow,
  InboundLot,
  StockPolicies,
  SafetyStock,
  RingFence,
  ConfidenceBuffer,
  ReserveRequest,
  ReservationLine,
} from './model/stock.js'
export { Scenario, Strategy, scenarioNetwork } from './model/scenario.js'
export { Amount, Rate, Id, Quantity, PositiveQuantity, Instant, Location } from './model/primitives.js'

// Money, distance, time
export { formatMicros, toMicros, MICROS_PER_UNIT, type Micros } from './money.js'
export { haversineKm, distanceMetres, EARTH_RADIUS_KM, type LatLon } from './geo.js'

// The compiled network: nodes, grids, SKU catalogue, costs and timings, compiled once
export { compileNetwork, type CompiledNetwork, type NetworkError } from './network/compile.js'

// Unified stock index, ATP and the reservation ledger
export {
  buildStock,
  buildScenarioStock,
  changeNetwork,
  strandedStock,
  availableToPromise,
  positionBreakdown,
  inboundLotsAt,
  atpAcrossNetwork,
  atpInRegion,
  atpNear,
  reserve,
  confirm,
  release,
  expire,
  fulfil,
  getReservation,
  liveReservations,
  lastEventAt,
  announceInbound,
  receiveInbound,
  adjustOnHand,
  returnUnits,
  applyEvent,
  replay,
  type StockState,
  type NetworkChangeOptions,
  type StrandedStock,
  type Reservation,
  type ReservedLine,
  type ReservationStatus,
  type PositionBreakdown,
  type NetworkAtp,
  type NearbyAtp,
  type LedgerResult,
  type ExpiryResult,
  type LineQuantity,
  type MovementResult,
  type OnHandChange,
  type StockEvent,
  type StockError,
  type InsufficientStock,
  type UnknownReservation,
  type Expired,
  type IdempotencyConflict,
  type DuplicatePosition,
  type DuplicateReservation,
  type UnknownLot,
  type DuplicateLot,
  type NotLive,
  type TimeWentBack,
} from './stock/index.js'

// Sourcing rules
export { composeRules, type IneligibleReason } from './rules/sourcing.js'

// Routing
export { routeOrder, type RouteOptions, type CapacityUsed } from './routing/route.js'
export { describeNode } from './routing/explain.js'
export { formatLocalInstant, formatMoney } from './display.js'
export type {
  Plan,
  PlanLine,
  Allocation,
  Shipment,
  Transfer,
  Pickup,
  NodeReason,
  NodeExplanation,
  Explanation,
  Optimality,
} from './routing/plan.js'
export type { RoutingError } from './routing/errors.js'

// Batches, reservations for plans, re-routing
export { routeBatch, type BatchOptions, type BatchOutcome, type BatchResult } from './batch/batch.js'
export { reserveForPlan, reservationRequestFor, type ReservePlanOptions } from './batch/reserve.js'
export { reroute, type Rejection, type Rerouted } from './batch/reroute.js'
export { routeWave, type WaveOptions, type WaveResult, type WaveReservation } from './wave/wave.js'
export { routeWaveDocument, type WaveDocumentError } from './wave/document.js'
export type { CapacityPrice, StockPrice } from './wave/prices.js'
export { WaveDocument } from './model/scenario.js'
export { decodeWaveDocument } from './codecs/decode.js'

// Scenarios (the CLI's document) run end to end
export { routeScenario, type ScenarioError } from './scenario.js'

// Path-naming decode errors for callers' own io-ts codecs (request envelopes, query strings)
export { decodeError } from './codecs/decode.js'

// Delivery promise: ranked ship / pickup / reserve-in-store options, per-store availability
export { decodePromiseRequest, decodePromiseScenario } from './codecs/decode.js'
export { PromiseRequest, PromiseMethod, PROMISE_METHODS, CartLine, SingleSku, Cart, PromiseScenario, PriceTierDoc, AvailabilityBucketDoc } from './model/promise.js'
export { promiseScenario, type PromiseScenarioError, type PromiseScenarioResult } from './promise/scenario.js'
export {
  promiseOptions,
  reserveOption,
  optionReservation,
  storeAvailability,
  DEFAULT_AVAILABILITY_BUCKETS,
  DEFAULT_AVAILABILITY_LIMIT,
  DEFAULT_RADIUS_KM,
  DEFAULT_MAX_PICKUP_NODES,
  DEFAULT_HOLD_HOURS,
  DEFAULT_PROMISE_ORDER_ID,
  type PromiseOption,
  type PromiseLine,
  type PromisedPlan,
  type PriceRule,
  type PriceTier,
  type PricingInput,
  type PromiseRanking,
  type PromiseOptions,
  type PromiseError,
  type ReserveOptionOptions,
  type AvailabilityBucket,
  type StoreAvailability,
  type StoreAvailabilityOptions,
  type StoreAvailabilityQuery,
} from './promise/index.js'

// Confidence buffers from cycle-count history
export { decodeCountHistory } from './codecs/decode.js'
export { CountHistory, CycleCount } from './model/counts.js'
export {
  suggestConfidenceBuffers,
  DEFAULT_SERVICE_LEVEL,
  DEFAULT_MIN_EMPIRICAL_COUNTS,
  DEFAULT_MIN_ATTRIBUTE_COUNTS,
  DEFAULT_BUFFER_BUDGET,
  type ConfidenceBufferOptions,
  type BufferSuggestion,
  type BufferEstimate,
  type NodeBuffer,
  type AttributeBuffer,
  type BufferError,
} from './reassort/confidence.js'

// Stock rebalancing: transfers between nodes that raise the expected margin net of their cost
export { decodeRebalanceDocument } from './codecs/decode.js'
export { RebalanceDocument, RebalanceOptions, DemandForecast, SkuMargin, Mean, MAX_MEAN } from './model/reassort.js'
export {
  suggestTransfers,
  rebalanceDocument,
  DEFAULT_REBALANCE_BUDGET,
  type Rebalance,
  type SuggestedTransfer,
  type SuggestedTransferLine,
  type RebalanceCallOptions,
  type RebalanceError,
} from './reassort/transfers.js'
export type { RebalanceInputError } from './reassort/instance.js'
export { explainTransfer, type StopReason, type TransferFigures, type LineFigures } from './reassort/explain.js'
export { tailProbability, unitValueMicros, shelfValueMicros } from './reassort/poisson.js'
