/** Network and stock documents decoded and built for a test; a malformed one fails the test with its message. */
import * as E from 'fp-ts/lib/Either.js'
import { decodeNetwork, decodeStockSnapshot } from '../../src/codecs/decode.js'
import { compileNetwork, type CompiledNetwork } from '../../src/network/compile.js'
import { buildStock, reserve, type StockState } from '../../src/stock/index.js'

export const compiledNetwork = (doc: unknown): CompiledNetwork => {
  const d = decodeNetwork(doc)
  if (E.isLeft(d)) throw new Error(d.left.message)
  const n = compileNetwork(d.right)
  if (E.isLeft(n)) throw new Error(JSON.stringify(n.left))
  return n.right
}

/**
 * The stock of a snapshot document on `network`, with `held` (node, SKU, units) reserved for
 * the web channel at `now` when given: a position that holds a SKU with nothing to promise.
 */
export const stockOn = (
  network: CompiledNetwork,
  snapshot: unknown,
  held: readonly { readonly node: string; readonly sku: string; readonly quantity: number }[] = [],
  now = '2026-01-01T00:00:00Z',
): StockState => {
  const snap = decodeStockSnapshot(snapshot)
  if (E.isLeft(snap)) throw new Error(snap.left.message)
  const built = buildStock(network, snap.right)
  if (E.isLeft(built)) throw new Error(JSON.stringify(built.left))
  if (held.length === 0) return built.right
  const r = reserve(built.right, { channel: 'web', lines: held } as never, now)
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right.state
}

/** Lyon: where the hand-made networks' shoppers stand. */
export const LYON_POINT = { lat: 45.76, lon: 4.84 }

/** The point `km` kilometres due north of `from` (on the library's sphere of 6,371 km). */
export const kmNorth = (km: number, from = LYON_POINT): { readonly lat: number; readonly lon: number } => ({
  lat: from.lat + km / 111.19492664455873,
  lon: from.lon,
})

/**
 * A node document `km` kilometres north of Lyon, charging 1 a parcel and 1 a unit and nothing
 * per km, with `extra` fields (name, capabilities, daily capacity …) on top.
 */
export const nodeNorth = (id: string, kind: string, km: number, extra: Record<string, unknown> = {}) => ({
  id,
  kind,
  location: kmNorth(km),
  costs: { package: '1', unit: '1', perUnitKm: '0' },
  ...extra,
})
