/** Runs a promise scenario document end to end: decode, compile, build stock, promise. */
import * as E from 'fp-ts/lib/Either.js'
import { decodePromiseScenario, type DecodeError } from '../codecs/decode.js'
import type { Network } from '../model/network.js'
import type { PromiseScenario } from '../model/promise.js'
import { compileNetwork } from '../network/compile.js'
import { buildScenarioStock, type StockError } from '../stock/index.js'
import { storeAvailability, type StoreAvailability } from './availability.js'
import { promiseOptions } from './promise.js'
import type { PromiseError, PromiseOption, PromiseOptions } from './types.js'

/** Anything that can go wrong between a promise scenario and its options. */
export type PromiseScenarioError = DecodeError | StockError | PromiseError

/** What a promise scenario gives: the ranked options, and per-store availability for a single SKU. */
export interface PromiseScenarioResult {
  readonly scenario: PromiseScenario
  readonly options: readonly PromiseOption[]
  readonly availability?: readonly StoreAvailability[]
}

/**
 * Promises the request of a promise scenario document (already parsed from JSON): the CLI's
 * `omnistock promise`, as a pure function.
 *
 * @example
 * promiseScenario(JSON.parse(text)) // E.right({ options: [{ method: 'ship', … }, …], availability: [{ node: 'S-1', atp: 3, bucket: 'low-stock' }] })
 */
export const promiseScenario = (json: unknown, limits: { readonly budget?: number } = {}): E.Either<PromiseScenarioError, PromiseScenarioResult> => {
  const decoded = decodePromiseScenario(json)
  if (E.isLeft(decoded)) return decoded
  const s = decoded.right
  const doc: Network = { nodes: s.nodes, ...(s.skus === undefined ? {} : { skus: s.skus }), ...(s.transit === undefined ? {} : { transit: s.transit }), ...(s.currency === undefined ? {} : { currency: s.currency }) }
  const network = compileNetwork(doc)
  if (E.isLeft(network)) return network
  const stock = buildScenarioStock(network.right, s)
  if (E.isLeft(stock)) return stock
  const options: PromiseOptions = {
    ...(s.price === undefined ? {} : { price: s.price }),
    ...(s.rules === undefined ? {} : { rules: s.rules }),
    ...(s.holdHours === undefined ? {} : { holdHours: s.holdHours }),
    ...(s.rankBy === undefined ? {} : { rankBy: s.rankBy }),
    ...(s.unfulfilledPenalty === undefined ? {} : { unfulfilledPenalty: s.unfulfilledPenalty }),
    ...(limits.budget === undefined ? {} : { budget: limits.budget }),
  }
  const promised = promiseOptions(stock.right, s.request, options)
  if (E.isLeft(promised)) return promised
  const request = s.request
  if (!('sku' in request) || request.sku === undefined) return E.right({ scenario: s, options: promised.right })
  const listing = s.availability
  const availability = storeAvailability(
    stock.right,
    {
      sku: request.sku,
      channel: request.channel,
      location: request.location,
      ...(listing?.limit === undefined ? {} : { limit: listing.limit }),
      radiusKm: listing?.radiusKm ?? request.radiusKm ?? 30,
    },
    listing?.buckets === undefined ? {} : { buckets: listing.buckets },
  )
  if (E.isLeft(availability)) return availability
  return E.right({ scenario: s, options: promised.right, availability: availability.right })
}
