/**
 * The recipes' shared start: the bundled sample network (examples/sample-network.ts) decoded
 * and built with the public API, and a small `orThrow` that unwraps a result or throws the
 * library's one-line message (examples only: real code handles the Left).
 */
import { pathToFileURL } from 'node:url'
import { buildStock, compileNetwork, decodeNetwork, decodeOrder, decodeStockSnapshot, formatError, type Order, type StockState } from '../../src/index.js'
import { sampleNetwork, sampleStock } from '../sample-network.js'

/** The value of a result, or an Error with the library's one-line message. */
export const orThrow = <A>(result: { _tag: 'Left'; left: { _tag: string; message: string } } | { _tag: 'Right'; right: A }): A => {
  if (result._tag === 'Left') throw new Error(formatError(result.left))
  return result.right
}

/** The sample network's stock index, as the morning opens. */
export const sampleStockState = (): StockState =>
  orThrow(buildStock(orThrow(compileNetwork(orThrow(decodeNetwork(sampleNetwork)))), orThrow(decodeStockSnapshot(sampleStock))))

/** An order document, decoded. */
export const orderOf = (json: unknown): Order => orThrow(decodeOrder(json))

/** Friday 27 November 2026, 10:00 in Paris. */
export const NOW = '2026-11-27T09:00:00Z'

/** True when `moduleUrl` is the script node was asked to run (so a recipe prints only when run, not when imported). */
export const isMain = (moduleUrl: string): boolean => process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href
