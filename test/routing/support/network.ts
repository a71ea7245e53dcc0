/**
 * A seeded synthetic retail network for benchmarks: nodes (a few warehouses, many stores and
 * dark stores) clustered around cities, a SKU catalogue with long-tail popularity and sparse
 * stock, and orders of a few SKUs to customers near the cities. `orderProblem` turns one order
 * into the facility problem the routing layer would build: every node holding one of the
 * order's SKUs ships its own parcel (fixed 8.759, per unit 0.4 + 0.000336 × km).
 */
import type { FacilityProblem } from '../../../src/routing/optimiser.js'
import { rng, UNLIMITED, type Rng } from './instances.js'

export interface SyntheticNetwork {
  readonly nodes: number
  readonly lat: Float64Array
  readonly lon: Float64Array
  readonly kind: Uint8Array // 0 warehouse, 1 store, 2 dark store
  readonly skus: number
  /** stock[sku] = list of [node, units] */
  readonly stock: readonly (readonly (readonly [number, number])[])[]
  readonly cities: readonly (readonly [number, number])[]
  /** Remaining unit capacity per node (UNLIMITED for most). */
  readonly capacity: Int32Array
}

const gaussian = (r: Rng): number => {
  const u = Math.max(1e-12, r.next())
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.next())
}

/** A network of `nodes` nodes and `skus` SKUs over a ~1,000 km square. */
export const createNetwork = (seed: number, nodes = 1000, skus = 2000): SyntheticNetwork => {
  const r = rng(seed)
  const cities: [number, number][] = []
  for (let c = 0; c < 30; c++) cities.push([45 + r.next() * 9, -2 + r.next() * 13])
  const lat = new Float64Array(nodes)
  const lon = new Float64Array(nodes)
  const kind = new Uint8Array(nodes)
  const capacity = new Int32Array(nodes).fill(UNLIMITED)
  for (let i = 0; i < nodes; i++) {
    const [clat, clon] = r.pick(cities)
    lat[i] = clat + gaussian(r) * 0.25
    lon[i] = clon + gaussian(r) * 0.35
    kind[i] = i < 20 ? 0 : r.chance(0.1) ? 2 : 1
    if (kind[i] !== 0 && r.chance(0.08)) capacity[i] = r.int(1, 6)
  }
  const stock: [number, number][][] = []
  for (let s = 0; s < skus; s++) {
    // Long tail: a few SKUs everywhere, most in a handful of stores.
    const popularity = Math.min(0.35, 0.002 + 0.08 * Math.pow(r.next(), 3))
    const holders: [number, number][] = []
    for (let i = 0; i < nodes; i++) {
      const p = kind[i] === 0 ? 0.6 : kind[i] === 2 ? popularity * 1.5 : popularity
      if (r.chance(p)) holders.push([i, kind[i] === 0 ? r.int(2, 40) : r.int(1, 4)])
    }
    stock.push(holders)
  }
  return { nodes, lat, lon, kind, skus, stock, cities, capacity }
}

const km = (lat1: number, lon1: number, lat2: number, lon2: number): number => {
  const rad = Math.PI / 180
  const dLat = (lat2 - lat1) * rad
  const dLon = (lon2 - lon1) * rad
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)))
}

export interface OrderOptions {
  readonly lines?: number
  readonly maxOpen?: number | 'unlimited'
  readonly allOrNothing?: boolean
}

/** One order of `lines` distinct SKUs (1–3 units each) as a facility problem. */
export const orderProblem = (net: SyntheticNetwork, seed: number, o: OrderOptions = {}): FacilityProblem => {
  const r = rng(seed)
  const lines = o.lines ?? 5
  const [clat, clon] = r.pick(net.cities)
  const toLat = clat + gaussian(r) * 0.3
  const toLon = clon + gaussian(r) * 0.4
  const skus: number[] = []
  while (skus.length < lines) {
    const s = r.int(0, net.skus - 1)
    if (!skus.includes(s)) skus.push(s)
  }
  skus.sort((a, b) => a - b)
  const items = skus.length
  const demand = skus.map(() => r.int(1, 3))
  const penalty = skus.map(() => Math.round((10 + r.next() * 50) * 100) * 10_000)
  const holdings = new Map<number, Int32Array>()
  skus.forEach((sku, s) => {
    for (const [node, units] of net.stock[sku] ?? []) {
      let row = holdings.get(node)
      if (row === undefined) {
        row = new Int32Array(items)
        holdings.set(node, row)
      }
      row[s] = units
    }
  })
  const nodes = [...holdings.keys()].sort((a, b) => a - b)
  const n = nodes.length
  const fixedCost = new Float64Array(n)
  const unitCost = new Float64Array(n * items)
  const supply = new Int32Array(n * items)
  const capacity = new Int32Array(n)
  nodes.forEach((node, k) => {
    const d = km(net.lat[node] ?? 0, net.lon[node] ?? 0, toLat, toLon)
    fixedCost[k] = net.kind[node] === 0 ? 7_250_000 : 8_759_000
    const perUnit = 400_000 + Math.round(336 * d)
    const row = holdings.get(node) as Int32Array
    for (let s = 0; s < items; s++) {
      supply[k * items + s] = row[s] ?? 0
      unitCost[k * items + s] = perUnit
    }
    capacity[k] = net.capacity[node] ?? UNLIMITED
  })
  const tierStart = Int32Array.from({ length: items + 1 }, (_, s) => s)
  const maxOpen = o.maxOpen ?? r.pick([1, 2, 2, 3, 4, 'unlimited'] as const)
  return {
    itemCount: items,
    tierStart,
    tierQuantity: Int32Array.from(demand),
    tierPenalty: Float64Array.from(penalty),
    facilityCount: n,
    fixedCost,
    unitCost,
    supply,
    capacity,
    maxOpen: maxOpen === 'unlimited' ? Math.max(1, n) : maxOpen,
    allOrNothing: o.allOrNothing ?? r.chance(0.1),
  }
}
