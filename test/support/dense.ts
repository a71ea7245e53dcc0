/**
 * A dense "fashion chain": many stores that each hold one or two units of a fifth of the
 * catalogue, a few warehouses holding part of it, demand by Zipf. Every store holds a little
 * of nearly every order, so an order's problem has hundreds of candidate nodes: the world in
 * which the work of one routing call must be bounded. Seeded and deterministic; shared by the
 * tests and the bench.
 */
import * as E from 'fp-ts/lib/Either.js'
import { decodeNetwork, decodeOrder, decodeStockSnapshot } from '../../src/codecs/decode.js'
import { mulberry32 } from '../../examples/network/random.js'
import type { Network } from '../../src/model/network.js'
import type { Order } from '../../src/model/order.js'
import { compileNetwork, type CompiledNetwork } from '../../src/network/compile.js'
import { buildStock, type StockState } from '../../src/stock/index.js'

export interface DenseOptions {
  readonly seed?: number
  /** Stores (default 1,000). */
  readonly stores?: number
  /** Warehouses (default 4). */
  readonly warehouses?: number
  /** Catalogue size (default 1,000). */
  readonly skus?: number
  /** Share of the catalogue each store holds (default 0.2), 1–2 units each. */
  readonly storeShare?: number
  /** Share of the catalogue each warehouse holds (default 0.3), 1–6 units each. */
  readonly warehouseShare?: number
  /** Zipf exponent of demand (default 1.0). */
  readonly zipf?: number
}

/** Plain JSON, as a retailer's documents would come. */
interface NodeJson {
  readonly id: string
  readonly kind: 'warehouse' | 'store'
  readonly location: { readonly lat: number; readonly lon: number }
  readonly costs: { readonly package: string; readonly unit: string; readonly perUnitKm: string }
}
interface RowJson {
  readonly node: string
  readonly sku: string
  readonly onHand: number
}

export interface DenseWorld {
  /** The documents (a scenario file is `{ nodes, skus, stock: rows, order }`). */
  readonly network: { readonly nodes: readonly NodeJson[]; readonly skus: readonly { readonly id: string }[] }
  readonly rows: readonly RowJson[]
  readonly net: CompiledNetwork
  readonly stock: StockState
  /** SKU ids by demand rank (most demanded first). */
  readonly skus: readonly string[]
  /** `count` orders of `lines` lines each, shipped to points across the country. */
  readonly orders: (lines: number, count: number, seed?: number) => readonly Order[]
}

export const DENSE_NOW = '2026-11-27T09:00:00Z'

// Mainland France, roughly.
const LAT = [43.2, 50.6] as const
const LON = [-1.5, 7.5] as const
const WAREHOUSE_SITES = [
  { lat: 48.85, lon: 2.35 },
  { lat: 45.7, lon: 4.94 },
  { lat: 43.6, lon: 1.44 },
  { lat: 47.22, lon: -1.55 },
  { lat: 50.63, lon: 3.06 },
  { lat: 43.3, lon: 5.37 },
] as const

const money = (x: number): string => x.toFixed(3)
const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/**
 * The world's order generator, made apart from the world so that its closure holds the
 * catalogue and the Zipf table only, not the world's documents (ten million stock rows on
 * 10,000 stores, which a bench lets go once the stock is built).
 */
const orderMaker = (skus: readonly string[], zipf: number, seed: number): DenseWorld['orders'] => {
  const skuCount = skus.length
  // Zipf over the catalogue: rank r drawn with weight 1 / (r + 1)^zipf.
  const cumulative: number[] = []
  let total = 0
  for (let r = 0; r < skuCount; r++) {
    total += 1 / Math.pow(r + 1, zipf)
    cumulative.push(total)
  }
  const draw = (r: () => number): string => {
    const x = r() * total
    let lo = 0
    let hi = skuCount - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cumulative[mid] as number) < x) lo = mid + 1
      else hi = mid
    }
    return skus[lo] as string
  }
  const orders = (lines: number, count: number, orderSeed = seed * 7919 + lines): readonly Order[] => {
    const r = mulberry32(orderSeed)
    const out: Order[] = []
    for (let i = 0; i < count; i++) {
      const used = new Set<string>()
      const orderLines: { id: string; sku: string; quantity: number }[] = []
      // Distinct SKUs per order while the catalogue allows (a cart rarely repeats an item).
      for (let l = 0; l < lines; l++) {
        let sku = draw(r)
        for (let tries = 0; used.has(sku) && tries < 20; tries++) sku = draw(r)
        used.add(sku)
        orderLines.push({ id: `L${l + 1}`, sku, quantity: 1 + (r() < 0.2 ? 1 : 0) })
      }
      const order = decodeOrder({
        id: `D-${lines}-${pad(i, 5)}`,
        channel: 'web',
        lines: orderLines,
        delivery: { method: 'ship', to: { lat: LAT[0] + r() * (LAT[1] - LAT[0]), lon: LON[0] + r() * (LON[1] - LON[0]) } },
      })
      if (E.isLeft(order)) throw new Error(`dense order: ${order.left.message}`)
      out.push(order.right)
    }
    return out
  }
  return orders
}

/** Builds the dense world. The same options always give the same documents and orders. */
export const denseWorld = (o: DenseOptions = {}): DenseWorld => {
  const seed = o.seed ?? 1
  const storeCount = o.stores ?? 1000
  const warehouseCount = Math.min(WAREHOUSE_SITES.length, o.warehouses ?? 4)
  const skuCount = o.skus ?? 1000
  const storeShare = o.storeShare ?? 0.2
  const warehouseShare = o.warehouseShare ?? 0.3
  const zipf = o.zipf ?? 1.0
  const rnd = mulberry32(seed)
  const skus = Array.from({ length: skuCount }, (_, i) => `SKU-${pad(i, 5)}`)
  const nodes: NodeJson[] = []
  for (let w = 0; w < warehouseCount; w++) {
    const site = WAREHOUSE_SITES[w] as { lat: number; lon: number }
    nodes.push({
      id: `W-${pad(w, 2)}`,
      kind: 'warehouse',
      location: site,
      costs: { package: money(8.759), unit: money(0.423), perUnitKm: '0.000336' },
    })
  }
  for (let s = 0; s < storeCount; s++) {
    nodes.push({
      id: `S-${pad(s, 4)}`,
      kind: 'store',
      location: { lat: LAT[0] + rnd() * (LAT[1] - LAT[0]), lon: LON[0] + rnd() * (LON[1] - LON[0]) },
      costs: { package: money(8 + rnd() * 2), unit: money(0.8 + rnd() * 0.6), perUnitKm: '0.000336' },
    })
  }
  const rows: RowJson[] = []
  const pick = (share: number, units: (r: () => number) => number, node: string): void => {
    for (const sku of skus) if (rnd() < share) rows.push({ node, sku, onHand: units(rnd) })
  }
  for (let w = 0; w < warehouseCount; w++) pick(warehouseShare, (r) => 1 + Math.floor(r() * 6), `W-${pad(w, 2)}`)
  for (let s = 0; s < storeCount; s++) pick(storeShare, (r) => 1 + Math.floor(r() * 2), `S-${pad(s, 4)}`)
  const network = { nodes, skus: skus.map((id) => ({ id })) }
  const decoded = decodeNetwork(network)
  if (E.isLeft(decoded)) throw new Error(`dense network: ${decoded.left.message}`)
  const snapshot = decodeStockSnapshot({ rows })
  if (E.isLeft(snapshot)) throw new Error(`dense stock: ${snapshot.left.message}`)
  const doc: Network = decoded.right
  const net = compileNetwork(doc)
  if (E.isLeft(net)) throw new Error(`dense network: ${JSON.stringify(net.left)}`)
  const stock = buildStock(net.right, snapshot.right)
  if (E.isLeft(stock)) throw new Error(`dense stock: ${JSON.stringify(stock.left)}`)
  const orders = orderMaker(skus, zipf, seed)
  return { network, rows, net: net.right, stock: stock.right, skus, orders }
}

/** A scenario document (`omnistock route`) routing `order` on the dense world, as plain JSON. */
export const denseScenario = (world: DenseWorld, order: Order): unknown => ({
  nodes: world.network.nodes,
  skus: world.network.skus,
  stock: world.rows,
  order,
  now: DENSE_NOW,
})
