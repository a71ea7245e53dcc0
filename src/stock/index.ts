/**
 * The stock layer's public names: the unified stock index and its ATP
 * queries, the reservation ledger, stock movements, events and errors.
 */
export { buildStock, buildScenarioStock, type ScenarioStock } from './build.js'
export { changeNetwork, strandedStock, type NetworkChangeOptions, type StrandedStock } from './network-change.js'
export type {
  StockState,
  Reservation,
  ReservedLine,
  ReservationStatus,
} from './types.js'
export { skuIndexOf, skuIdOf, skuAttributes, nodesHoldingSku, holderBits, holderWords } from './positions.js'
export { atpAt, type PositionBreakdown } from './atp.js'
export {
  availableToPromise,
  positionBreakdown,
  inboundLotsAt,
  atpAcrossNetwork,
  atpInRegion,
  atpNear,
  liveReservations,
  lastEventAt,
  type NetworkAtp,
  type NearbyAtp,
} from './queries.js'
export { reserve, confirm, release, expire, fulfil, getReservation, type LedgerResult, type LineQuantity, type ExpiryResult } from './ledger.js'
export {
  announceInbound,
  receiveInbound,
  adjustOnHand,
  returnUnits,
  type MovementResult,
  type OnHandChange,
} from './inventory.js'
export {
  applyEvent,
  replay,
  type StockEvent,
  type ReservedEvent,
  type ReservedEventLine,
  type ConfirmedEvent,
  type ReleasedEvent,
  type ExpiredEvent,
  type FulfilledEvent,
  type InboundAnnouncedEvent,
  type InboundReceivedEvent,
  type AdjustedEvent,
  type ReturnedEvent,
  type EventLine,
} from './events.js'
export type {
  StockError,
  InsufficientStock,
  UnknownNode,
  DuplicateNode,
  UnknownReservation,
  Expired,
  IdempotencyConflict,
  InvalidQuantity,
  DuplicatePosition,
  DuplicateReservation,
  UnknownLot,
  DuplicateLot,
  InvalidInstant,
  NotLive,
  InvalidInput,
  UnknownSku,
  DuplicateSku,
  TimeWentBack,
} from './errors.js'
