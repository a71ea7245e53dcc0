/** Decodes the sample network and stock and builds what routing needs, or throws (examples only). */
import * as E from 'fp-ts/lib/Either.js'
import { decodeNetwork, decodeOrder, decodeStockSnapshot } from '../src/codecs/decode.js'
import type { Network } from '../src/model/network.js'
import type { Order } from '../src/model/order.js'
import type { StockSnapshot } from '../src/model/stock.js'
import { compileNetwork, type CompiledNetwork } from '../src/network/compile.js'
import { buildStock, type StockState } from '../src/stock/index.js'
import { sampleNetwork, sampleStock } from './sample-network.js'

const orThrow = <A>(e: E.Either<unknown, A>, what: string): A => {
  if (E.isLeft(e)) throw new Error(`${what}: ${JSON.stringify(e.left, null, 2)}`)
  return e.right
}

export interface Sample {
  readonly doc: Network
  readonly network: CompiledNetwork
  readonly snapshot: StockSnapshot
  readonly stock: StockState
}

/** The sample network and stock, decoded and built. */
export const loadSample = (networkJson: unknown = sampleNetwork, stockJson: unknown = sampleStock): Sample => {
  const doc = orThrow(decodeNetwork(networkJson), 'network')
  const snapshot = orThrow(decodeStockSnapshot(stockJson), 'stock')
  const network = orThrow(compileNetwork(doc), 'compile')
  return {
    doc,
    network,
    snapshot,
    stock: orThrow(buildStock(network, snapshot), 'stock index'),
  }
}

/** Decodes an order document, or throws (examples only). */
export const order = (json: unknown): Order => orThrow(decodeOrder(json), 'order')
