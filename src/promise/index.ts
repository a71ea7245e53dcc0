/** The delivery promise's public names. */
export { promiseOptions } from './promise.js'
export { reserveOption, optionReservation, type ReserveOptionOptions } from './reserve.js'
export {
  storeAvailability,
  DEFAULT_AVAILABILITY_BUCKETS,
  DEFAULT_AVAILABILITY_LIMIT,
  type AvailabilityBucket,
  type StoreAvailability,
  type StoreAvailabilityOptions,
  type StoreAvailabilityQuery,
} from './availability.js'
export { DEFAULT_RADIUS_KM, DEFAULT_MAX_PICKUP_NODES, DEFAULT_HOLD_HOURS, DEFAULT_PROMISE_ORDER_ID } from './context.js'
export type {
  PromiseOption,
  PromiseLine,
  PromisedPlan,
  PriceRule,
  PriceTier,
  PricingInput,
  PromiseRanking,
  PromiseOptions,
  PromiseError,
} from './types.js'
