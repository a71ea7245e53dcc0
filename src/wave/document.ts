/** Runs a wave document end to end: decode, compile, build stock, route the wave. */
import * as E from 'fp-ts/lib/Either.js'
import { decodeWaveDocument, type DecodeError } from '../codecs/decode.js'
import type { InvalidJson } from '../internal/json.js'
import { scenarioNetwork, type WaveDocument } from '../model/scenario.js'
import type { RoutingError } from '../routing/errors.js'
import { compileNetwork, type NetworkError } from '../network/compile.js'
import { buildScenarioStock, type StockError, type StockState } from '../stock/index.js'
import { unknownNode } from '../stock/errors.js'
import { routeWave, type WaveOptions, type WaveResult } from './wave.js'

/** Anything that can go wrong between a wave document's text and its plans. */
export type WaveDocumentError = InvalidJson | DecodeError | NetworkError | StockError | RoutingError

/** The first node the document's sourcing rules name that its network does not have. */
const unknownRuleNode = (doc: WaveDocument): StockError | undefined => {
  const ids = new Set<string>(doc.nodes.map((n) => n.id))
  const check = (excluded: readonly string[] | undefined, at: string): StockError | undefined => {
    const list = excluded ?? []
    for (let i = 0; i < list.length; i++) if (!ids.has(list[i] as string)) return unknownNode(list[i] as string, `${at}.excludeNodes[${i}]`)
    return undefined
  }
  let found = check(doc.rules?.excludeNodes, '$.rules')
  for (let i = 0; found === undefined && i < doc.orders.length; i++) found = check(doc.orders[i]?.rules?.excludeNodes, `$.orders[${i}].rules`)
  return found
}

/**
 * Routes the orders of a wave document (already parsed from JSON) together with `routeWave`.
 * `now` is the document's own `now`, else the one given; `options` are the wave's other
 * options (budget, reserve, …). Every error names the document's own path (`$.orders[2].lines[0].sku`).
 *
 * @example routeWaveDocument(JSON.parse(text), '2026-11-27T09:00:00Z') // Right({ document, stock, wave }) or Left({ _tag: 'decode-error', … })
 */
export const routeWaveDocument = (
  json: unknown,
  now: string,
  options: Omit<WaveOptions, 'now' | 'rules'> = {},
): E.Either<WaveDocumentError, { readonly document: WaveDocument; readonly stock: StockState; readonly wave: WaveResult }> => {
  const decoded = decodeWaveDocument(json)
  if (E.isLeft(decoded)) return decoded
  const doc = decoded.right
  const network = compileNetwork(scenarioNetwork(doc))
  if (E.isLeft(network)) return network
  const stock = buildScenarioStock(network.right, doc)
  if (E.isLeft(stock)) return stock
  const unknown = unknownRuleNode(doc)
  if (unknown !== undefined) return E.left(unknown)
  const wave = routeWave(stock.right, doc.orders, { ...options, now: doc.now ?? now, ...(doc.rules === undefined ? {} : { rules: doc.rules }) })
  return E.map((w: WaveResult) => ({ document: doc, stock: stock.right, wave: w }))(wave)
}
