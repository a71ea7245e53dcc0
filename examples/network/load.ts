/**
 * Decodes generated documents through the library's codecs — the same door a retailer's own
 * data goes through — and builds what routing needs. Throws on a decode error (examples and
 * benches only: a generated document that does not decode is a generator bug).
 */
import * as E from 'fp-ts/lib/Either.js'
import { decodeNetwork, decodeOrder, decodeStockSnapshot } from '../../src/codecs/decode.js'
import type { Network } from '../../src/model/network.js'
import { SourcingRules, type Order } from '../../src/model/order.js'
import { compileNetwork, type CompiledNetwork } from '../../src/network/compile.js'
import { buildStock, type StockState } from '../../src/stock/index.js'
import type { GeneratedNetwork } from './generate.js'
import type { GeneratedOrder } from './orders.js'

const orThrow = <A>(e: E.Either<unknown, A>, what: string): A => {
  if (E.isLeft(e)) throw new Error(`${what}: ${JSON.stringify(e.left, null, 2).slice(0, 2000)}`)
  return e.right
}

export interface LoadedNetwork {
  readonly doc: Network
  readonly network: CompiledNetwork
  readonly stock: StockState
  readonly rules: SourcingRules
}

/** Decodes the network, stock and rules documents and builds the routing network and stock index. */
export const loadNetwork = (g: GeneratedNetwork): LoadedNetwork => {
  const doc = orThrow(decodeNetwork(g.network), 'network')
  const snapshot = orThrow(decodeStockSnapshot(g.stock), 'stock snapshot')
  const network = orThrow(compileNetwork(doc), 'compile network')
  return {
    doc,
    network,
    stock: orThrow(buildStock(network, snapshot), 'build stock'),
    rules: orThrow(SourcingRules.decode(g.rules), 'rules'),
  }
}

/** Decodes generated orders. */
export const loadOrders = (orders: readonly GeneratedOrder[]): Order[] => orders.map((o) => orThrow(decodeOrder(o.json), `order ${o.json.id}`))
