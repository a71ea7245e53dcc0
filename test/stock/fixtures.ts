/** Test helpers: documents decoded through the real codecs, unwrapping, deep freezing. */
import * as E from 'fp-ts/lib/Either.js'
import { decodeNetwork, decodeReserveRequest, decodeStockSnapshot } from '../../src/codecs/decode.js'
import type { Network } from '../../src/model/network.js'
import { compileNetwork, type CompiledNetwork } from '../../src/network/compile.js'
import type { ReserveRequest, StockSnapshot } from '../../src/model/stock.js'
import { buildStock } from '../../src/stock/build.js'
import { reserve } from '../../src/stock/ledger.js'
import type { StockState } from '../../src/stock/types.js'

export const NOW = '2026-11-27T09:00:00Z'
export const NOW_MS = Date.parse(NOW)
export const HOUR = 3_600_000
/** An ISO instant `hours` after NOW. */
export const later = (hours: number): string => new Date(NOW_MS + hours * HOUR).toISOString()

export const unwrap = <L, R>(e: E.Either<L, R>): R => {
  if (E.isLeft(e)) throw new Error(`expected Right, got Left: ${JSON.stringify(e.left)}`)
  return e.right
}

export const unwrapLeft = <L, R>(e: E.Either<L, R>): L => {
  if (E.isRight(e)) throw new Error('expected Left, got Right')
  return e.left
}

export interface NodeSpec {
  readonly id: string
  readonly kind?: string
  readonly lat?: number
  readonly lon?: number
  readonly region?: string
  readonly capabilities?: readonly string[]
}

export const nodeDoc = (n: NodeSpec): unknown => ({
  id: n.id,
  kind: n.kind ?? 'warehouse',
  location: { lat: n.lat ?? 48.85, lon: n.lon ?? 2.35 },
  costs: { package: '5', unit: '0.4', perUnitKm: '0.0005' },
  ...(n.region === undefined ? {} : { region: n.region }),
  ...(n.capabilities === undefined ? {} : { capabilities: n.capabilities }),
})

export const network = (nodes: readonly NodeSpec[], skus: readonly unknown[] = []): Network =>
  unwrap(decodeNetwork({ nodes: nodes.map(nodeDoc), skus }))

/** The network of `nodes` (and `skus`), compiled. */
export const compiled = (nodes: readonly NodeSpec[], skus: readonly unknown[] = []): CompiledNetwork => unwrap(compileNetwork(network(nodes, skus)))

export const snapshot = (doc: unknown): StockSnapshot => unwrap(decodeStockSnapshot(doc))

export const request = (doc: unknown): ReserveRequest => unwrap(decodeReserveRequest(doc))

/** `state` after reserving `lines` for the web channel at NOW (the request's other fields from `extra`). */
export const reservedWeb = (state: StockState, lines: readonly unknown[], extra: Record<string, unknown> = {}): StockState =>
  unwrap(reserve(state, request({ channel: 'web', lines, ...extra }), NOW)).state

export const build = (nodes: readonly NodeSpec[], snap: unknown, skus: readonly unknown[] = []): StockState =>
  unwrap(buildStock(compiled(nodes, skus), snapshot(snap)))

/** Object.freeze, recursively: a mutation attempt then throws in strict mode. */
export const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v)
  }
  return value
}
