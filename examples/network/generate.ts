/**
 * A seeded, deterministic French omnichannel retailer: warehouses at real logistics towns,
 * stores in real communes sized by population, a few dark stores and parcel lockers, one
 * drop-ship supplier; a catalogue with long-tail (Zipf) demand, sparse store stock, bulky
 * SKUs, inbound lots in transit and channel ring-fences. Everything comes out as plain JSON
 * documents that enter the library through its `decode*` functions (see ./load.ts), exactly as
 * a retailer's own data would.
 *
 * Cost parameters follow the fixed-charge model of the order-fulfilment literature (the public
 * multi-item benchmark: parcel 8.759, handling 0.423 per unit, 0.000541 per unit-mile, i.e.
 * 0.000336 per unit-km); picking in a store is dearer than in a warehouse (staff pick from the
 * shop floor between customers), a dark store sits in between, a drop-ship supplier charges
 * its own parcel fee.
 *
 * Size is a parameter: `generateNetwork({ stores: 10_000 })` scales the same retailer up.
 */
import { COMMUNES, REGION_IDS, commune, type Commune } from './communes.js'
import { cumulative, random, zipfWeights, type Random } from './random.js'

/** What to generate. Every field has a default; the same options always give the same documents. */
export interface NetworkOptions {
  readonly seed?: number
  /** 3 to 5 (default 4). */
  readonly warehouses?: number
  /** Stores (default 160), placed in communes in proportion to population^0.85. */
  readonly stores?: number
  /** Dark stores in the largest cities (default 4). */
  readonly darkStores?: number
  /** Parcel lockers, pickup only (default 6). */
  readonly lockers?: number
  /** Catalogue size (default 2,000). */
  readonly skus?: number
  /** Zipf exponent of SKU demand (default 1.05). */
  readonly zipf?: number
  /** Share of bulky SKUs (default 0.03): only warehouses and the supplier may source them. */
  readonly bulkyShare?: number
  /** Units the warehouses are stocked for, across the catalogue (default 30,000). */
  readonly stockedUnits?: number
  /** Inbound lots in transit (default skus / 5). */
  readonly inboundLots?: number
  /** The instant the snapshot is taken; inbound lots arrive in the days after. */
  readonly now?: string
}

/** Node count → a sensible mix of kinds, for benches that size by total nodes. */
export const optionsForNodes = (nodes: number, base: NetworkOptions = {}): NetworkOptions => {
  const n = Math.max(5, Math.floor(nodes))
  const warehouses = n < 40 ? 3 : n < 200 ? 4 : 5
  const darkStores = Math.floor(n * 0.02)
  const lockers = Math.floor(n * 0.04)
  return { ...base, warehouses, darkStores, lockers, stores: n - warehouses - darkStores - lockers - 1 }
}

/** The JSON documents of a generated retailer, plus the facts the order generator needs. */
export interface GeneratedNetwork {
  readonly options: Required<NetworkOptions>
  /** A `Network` document (decode with `decodeNetwork`). */
  readonly network: NetworkJson
  /** A `StockSnapshot` document (decode with `decodeStockSnapshot`). */
  readonly stock: StockJson
  /** Network-wide `SourcingRules` (bulky SKUs from warehouses and the supplier only). */
  readonly rules: unknown
  /** SKU facts: id, Zipf demand weight, price, bulky. */
  readonly catalogue: readonly CatalogueSku[]
  /** Pickup nodes (stores and lockers) with their positions, for click & collect. */
  readonly pickupNodes: readonly PlacedNode[]
  /** Stores with what they hold on hand (sku → units), for reserve-in-store orders. */
  readonly storeStock: ReadonlyMap<string, ReadonlyMap<string, number>>
  /** SKUs with inbound lots, for backorder orders. */
  readonly inboundSkus: readonly string[]
}

export interface CatalogueSku {
  readonly id: string
  readonly name: string
  readonly weight: number
  readonly price: number
  readonly bulky: boolean
}

export interface PlacedNode {
  readonly id: string
  readonly kind: string
  readonly lat: number
  readonly lon: number
  readonly city: string
}

/** The documents as plain data (what `JSON.parse` of a retailer's export would give). */
export interface NodeJson {
  readonly id: string
  readonly kind: 'warehouse' | 'store' | 'dark-store' | 'locker' | 'supplier'
  readonly name: string
  readonly region: string
  readonly location: { readonly lat: number; readonly lon: number }
  readonly costs: {
    readonly package: string
    readonly unit: string
    readonly perUnitKm: string
    readonly transfer?: { readonly fixed: string; readonly unit: string; readonly perUnitKm: string }
  }
  readonly tags?: readonly string[]
  readonly leadTimeHours?: number
  readonly cutoff?: string
  readonly utcOffset?: string
  readonly timeZone?: string
  readonly openingHours?: Readonly<Record<string, readonly (readonly [string, string])[]>>
  readonly closedDates?: readonly string[]
  readonly transferHours?: number
  readonly dailyCapacity?: { readonly orders?: number; readonly units?: number }
  readonly priority?: number
}
export interface NetworkJson {
  /** The currency of every amount (ISO 4217). */
  readonly currency: string
  readonly transit: { readonly baseHours: number; readonly kmPerHour: number }
  readonly skus: readonly { readonly id: string; readonly name: string; readonly attributes?: readonly string[] }[]
  readonly nodes: readonly NodeJson[]
}
export interface StockJson {
  readonly rows: readonly { readonly node: string; readonly sku: string; readonly onHand: number }[]
  readonly inbound: readonly { readonly id: string; readonly node: string; readonly sku: string; readonly quantity: number; readonly eta: string }[]
  readonly policies: unknown
}

/** Parcel carriage per unit-km: 0.000541 per unit-mile from the literature, in km. */
export const PER_UNIT_KM = '0.000336'
/** Fixed cost of one parcel (the literature's 8.759). */
export const PARCEL = '8.759'

const COSTS = {
  warehouse: { package: PARCEL, unit: '0.423', perUnitKm: PER_UNIT_KM, transfer: { fixed: '4.50', unit: '0.20', perUnitKm: '0.00025' } },
  store: { package: PARCEL, unit: '1.20', perUnitKm: PER_UNIT_KM, transfer: { fixed: '3.50', unit: '0.60', perUnitKm: '0.0002' } },
  darkStore: { package: PARCEL, unit: '0.80', perUnitKm: PER_UNIT_KM, transfer: { fixed: '3.50', unit: '0.40', perUnitKm: '0.0002' } },
  locker: { package: '0', unit: '0.10', perUnitKm: '0' },
  supplier: { package: '12.00', unit: '0.50', perUnitKm: PER_UNIT_KM },
} as const

/** Warehouses at real logistics towns, largest first. */
const WAREHOUSE_SITES: readonly { readonly id: string; readonly town: string; readonly share: number; readonly name: string }[] = [
  { id: 'W-IDF', town: 'Évry-Courcouronnes', share: 0.34, name: 'Île-de-France warehouse (Évry)' },
  { id: 'W-LYON', town: 'Vénissieux', share: 0.24, name: 'Lyon warehouse (Vénissieux)' },
  { id: 'W-BORDEAUX', town: 'Mérignac', share: 0.18, name: 'Bordeaux warehouse (Mérignac)' },
  { id: 'W-LILLE', town: "Villeneuve-d'Ascq", share: 0.12, name: "Lille warehouse (Villeneuve-d'Ascq)" },
  { id: 'W-PROVENCE', town: 'Salon-de-Provence', share: 0.12, name: 'Provence warehouse (Salon-de-Provence)' },
]

/** Dark stores and lockers go to the largest cities, in this order, round robin. */
const DARK_STORE_CITIES = ['Paris', 'Lyon', 'Marseille', 'Lille', 'Toulouse', 'Bordeaux', 'Nantes', 'Nice', 'Strasbourg', 'Montpellier']
const LOCKER_CITIES = ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Bordeaux', 'Lille', 'Nantes', 'Rennes', 'Grenoble', 'Strasbourg', 'Nice', 'Montpellier']

const SUPPLIER = { id: 'SUP-DROPSHIP', town: 'Roanne', name: 'Outdoor furniture drop-ship supplier (Roanne)' }

const CATEGORIES = [
  'Trail sneaker', 'Rain jacket', 'Fleece', 'Backpack', 'Head lamp', 'Water bottle', 'Hiking sock', 'T-shirt',
  'Cap', 'Glove', 'Sleeping bag', 'Trekking pole', 'Short', 'Legging', 'Swim goggle', 'Yoga mat',
]
const BULKY_CATEGORIES = ['Four-person tent', 'Kayak', 'Road bike', 'Rowing machine', 'Garden table', 'Treadmill']

const slug = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toUpperCase()

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** A point near a commune's centre, spread by its size (metropolitan areas are wider). */
export const nearCommune = (r: Random, c: Commune, spread = 1): { lat: number; lon: number } => {
  const km = spread * (1 + 3 * Math.sqrt(c.population / 200_000))
  const dLat = (r.normal() * km) / 111.2
  const dLon = (r.normal() * km) / (111.2 * Math.cos((c.lat * Math.PI) / 180))
  return { lat: round4(c.lat + dLat), lon: round4(c.lon + dLon) }
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000

/** Store counts per commune: highest averages (D'Hondt) on population^0.85. */
const allocateStores = (stores: number): Int32Array => {
  const weight = COMMUNES.map((c) => Math.pow(c.population, 0.85))
  const count = new Int32Array(COMMUNES.length)
  // A max-heap would be faster; the catalogue of communes is small and this runs once.
  const quotient = weight.slice()
  for (let k = 0; k < stores; k++) {
    let best = 0
    for (let i = 1; i < quotient.length; i++) if ((quotient[i] ?? 0) > (quotient[best] ?? 0)) best = i
    count[best] = (count[best] ?? 0) + 1
    quotient[best] = (weight[best] ?? 0) / ((count[best] ?? 0) + 1)
  }
  return count
}

type StoreSize = 'flagship' | 'standard' | 'small'
const STORE_SIZE: Readonly<Record<StoreSize, { assortment: number; depth: number; orders: number }>> = {
  flagship: { assortment: 1, depth: 8, orders: 80 },
  standard: { assortment: 0.6, depth: 5, orders: 40 },
  small: { assortment: 0.35, depth: 3, orders: 20 },
}

/**
 * Generates the retailer. Deterministic: the same options give byte-identical documents.
 *
 * @example
 * const g = generateNetwork({ seed: 7, stores: 160, skus: 2000 })
 * decodeNetwork(g.network) // E.right(...)
 */
export const generateNetwork = (options: NetworkOptions = {}): GeneratedNetwork => {
  const o: Required<NetworkOptions> = {
    seed: 2026,
    warehouses: 4,
    stores: 160,
    darkStores: 4,
    lockers: 6,
    skus: 2000,
    zipf: 1.05,
    bulkyShare: 0.03,
    stockedUnits: 30_000,
    inboundLots: Math.floor((options.skus ?? 2000) / 5),
    now: '2026-11-27T09:00:00Z',
    ...options,
  }
  const warehouseCount = Math.min(5, Math.max(3, Math.floor(o.warehouses)))
  const r = random(o.seed)
  const nowMs = Date.parse(o.now)

  // --- catalogue ------------------------------------------------------------------------
  const weights = zipfWeights(o.skus, o.zipf)
  const totalWeight = weights.reduce((a, b) => a + b, 0)
  const catalogue: CatalogueSku[] = []
  for (let s = 0; s < o.skus; s++) {
    const bulky = r.chance(o.bulkyShare)
    const category = bulky ? r.pick(BULKY_CATEGORIES) : r.pick(CATEGORIES)
    const price = bulky ? 150 + Math.round(r.next() * 650) : Math.round(Math.exp(2.3 + r.next() * 2.6))
    catalogue.push({ id: `SKU-${pad(s + 1, 5)}`, name: `${category} ${pad(s + 1, 5)}`, weight: (weights[s] ?? 0) / totalWeight, price, bulky })
  }

  // --- nodes ----------------------------------------------------------------------------
  const nodes: NodeJson[] = []
  const placed: PlacedNode[] = []
  const place = (n: NodeJson, city: string): void => {
    nodes.push(n)
    placed.push({ id: n.id, kind: n.kind, lat: n.location.lat, lon: n.location.lon, city })
  }
  // Paris time everywhere; French opening hours: warehouses and stores six days a week, dark
  // stores every day until late, suppliers on weekdays, lockers around the clock.
  const week = (from: string, to: string, days: readonly string[]): Record<string, readonly (readonly [string, string])[]> =>
    Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, days.includes(d) ? [[from, to] as const] : []]))
  const monSat = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat']
  const holidays = ['2026-12-25', '2027-01-01']
  const paris = 'Europe/Paris'
  const warehouses = WAREHOUSE_SITES.slice(0, warehouseCount)
  const shareSum = warehouses.reduce((a, w) => a + w.share, 0)
  warehouses.forEach((w, i) => {
    const c = commune(w.town)
    place(
      {
        id: w.id, kind: 'warehouse', name: w.name, region: REGION_IDS[c.region] ?? c.region,
        location: { lat: c.lat, lon: c.lon }, costs: COSTS.warehouse,
        leadTimeHours: 4, cutoff: '17:00', timeZone: paris, openingHours: week('06:00', '22:00', monSat), closedDates: holidays, transferHours: 12, priority: i + 1,
        tags: ['dc'],
      },
      c.name,
    )
  })
  const sup = commune(SUPPLIER.town)
  place(
    {
      id: SUPPLIER.id, kind: 'supplier', name: SUPPLIER.name, region: REGION_IDS[sup.region] ?? sup.region,
      location: { lat: sup.lat, lon: sup.lon }, costs: COSTS.supplier, leadTimeHours: 48, priority: 50, tags: ['drop-ship'],
      timeZone: paris, openingHours: week('08:00', '18:00', ['mon', 'tue', 'wed', 'thu', 'fri']), closedDates: holidays,
    },
    sup.name,
  )
  for (let i = 0; i < o.darkStores; i++) {
    const c = commune(DARK_STORE_CITIES[i % DARK_STORE_CITIES.length] ?? 'Paris')
    const at = nearCommune(r, c, 0.5)
    place(
      {
        id: `DS-${slug(c.name)}-${pad(Math.floor(i / DARK_STORE_CITIES.length) + 1, 2)}`, kind: 'dark-store',
        name: `${c.name} dark store`, region: REGION_IDS[c.region] ?? c.region, location: at, costs: COSTS.darkStore,
        leadTimeHours: 1, timeZone: paris, openingHours: week('08:00', '23:00', [...monSat, 'sun']), priority: 20 + i, dailyCapacity: { orders: 150, units: 400 },
      },
      c.name,
    )
  }
  const perCommune = allocateStores(o.stores)
  const storeSizes = new Map<string, StoreSize>()
  let storeRank = 0
  COMMUNES.forEach((c, ci) => {
    const n = perCommune[ci] ?? 0
    for (let k = 0; k < n; k++) {
      const size: StoreSize = c.population >= 300_000 && k < 2 ? 'flagship' : c.population >= 60_000 || r.chance(0.3) ? 'standard' : 'small'
      const id = `S-${slug(c.name)}-${pad(k + 1, Math.max(2, String(n).length))}`
      storeSizes.set(id, size)
      place(
        {
          id, kind: 'store', name: `${c.name} ${size} store ${k + 1}`, region: REGION_IDS[c.region] ?? c.region,
          location: k === 0 ? { lat: c.lat, lon: c.lon } : nearCommune(r, c, 0.6), costs: COSTS.store,
          leadTimeHours: 2, cutoff: '16:00', timeZone: paris, openingHours: week('10:00', '19:00', monSat), closedDates: holidays, transferHours: 18, priority: 100 + storeRank++,
          dailyCapacity: { orders: STORE_SIZE[size].orders, units: STORE_SIZE[size].orders * 3 }, tags: [size],
        },
        c.name,
      )
    }
  })
  for (let i = 0; i < o.lockers; i++) {
    const c = commune(LOCKER_CITIES[i % LOCKER_CITIES.length] ?? 'Paris')
    const at = nearCommune(r, c, 0.8)
    place(
      {
        id: `L-${slug(c.name)}-${pad(Math.floor(i / LOCKER_CITIES.length) + 1, 2)}`, kind: 'locker',
        name: `${c.name} parcel locker`, region: REGION_IDS[c.region] ?? c.region, location: at, costs: COSTS.locker, timeZone: paris,
      },
      c.name,
    )
  }

  // --- stock ----------------------------------------------------------------------------
  const rows: { node: string; sku: string; onHand: number }[] = []
  const storeStock = new Map<string, Map<string, number>>()
  const bulkyIds: string[] = []
  catalogue.forEach((sku, s) => {
    const expected = sku.weight * o.stockedUnits
    if (sku.bulky) bulkyIds.push(sku.id)
    warehouses.forEach((w, wi) => {
      // The main warehouse carries nearly everything; regional ones the head and part of the tail.
      const carries = wi === 0 ? r.chance(0.92) : r.chance(s < o.skus * 0.1 ? 0.9 : 0.45)
      if (!carries) return
      const units = Math.round(expected * (w.share / shareSum) * (0.5 + r.next())) + r.int(0, 3)
      if (units > 0) rows.push({ node: w.id, sku: sku.id, onHand: units })
    })
    if (sku.bulky) rows.push({ node: SUPPLIER.id, sku: sku.id, onHand: r.int(20, 200) })
    else if (s > o.skus * 0.25 && r.chance(0.12)) rows.push({ node: SUPPLIER.id, sku: sku.id, onHand: r.int(10, 100) })
  })
  for (const n of nodes) {
    if (n.kind === 'store') {
      const size = STORE_SIZE[storeSizes.get(n.id) ?? 'small']
      const held = new Map<string, number>()
      catalogue.forEach((sku, s) => {
        if (sku.bulky) return
        // Sparse long-tail assortment: the head is everywhere, the tail in a few flagships.
        if (!r.chance(size.assortment * Math.min(1, 40 / (s + 40)))) return
        const units = r.int(1, size.depth)
        held.set(sku.id, units)
        rows.push({ node: n.id, sku: sku.id, onHand: units })
      })
      storeStock.set(n.id, held)
    } else if (n.kind === 'dark-store') {
      catalogue.forEach((sku, s) => {
        if (!sku.bulky && s < 400 && r.chance(0.8)) rows.push({ node: n.id, sku: sku.id, onHand: r.int(2, 12) })
      })
    }
  }
  const inbound: { id: string; node: string; sku: string; quantity: number; eta: string }[] = []
  const inboundSkus = new Set<string>()
  const dayMs = 86_400_000
  for (let i = 0; i < o.inboundLots; i++) {
    // Replenishment favours the head of the catalogue.
    const s = Math.min(o.skus - 1, Math.floor(Math.pow(r.next(), 2.5) * o.skus))
    const sku = catalogue[s] as CatalogueSku
    const w = warehouses[r.weighted(cumulative(warehouses.map((x) => x.share)))] ?? warehouses[0]
    if (w === undefined) break
    const eta = new Date(Math.floor(nowMs / dayMs) * dayMs + r.int(1, 6) * dayMs + 6 * 3_600_000).toISOString()
    inbound.push({ id: `PO-${pad(i + 1, 6)}`, node: w.id, sku: sku.id, quantity: Math.max(5, Math.round(sku.weight * o.stockedUnits * 0.5) + r.int(5, 40)), eta })
    inboundSkus.add(sku.id)
  }
  const policies = {
    safetyStock: [{ nodeKind: 'warehouse', quantity: 1 }],
    ringFences: [
      // Stores keep one unit of everything for walk-in shoppers.
      { channel: 'store', nodeKind: 'store', quantity: 1 },
      // A marketplace contract: 10 % of warehouse stock is promised to the marketplace only.
      { channel: 'marketplace', nodeKind: 'warehouse', percent: 10 },
    ],
    // Store counts of the fastest sellers are doubtful (shrink, misplaced items).
    confidenceBuffers: catalogue.slice(0, 20).map((sku) => ({ nodeKind: 'store', sku: sku.id, quantity: 1 })),
  }
  const network: NetworkJson = {
    currency: 'EUR',
    transit: { baseHours: 24, kmPerHour: 70 },
    skus: catalogue.map((s) => (s.bulky ? { id: s.id, name: s.name, attributes: ['bulky'] } : { id: s.id, name: s.name })),
    nodes,
  }
  return {
    options: o,
    network,
    stock: { rows, inbound, policies },
    rules: { skuAttributes: [{ attribute: 'bulky', nodeKinds: ['warehouse', 'supplier'] }] },
    catalogue,
    pickupNodes: placed.filter((p) => p.kind === 'store' || p.kind === 'locker'),
    storeStock,
    inboundSkus: [...inboundSkus].sort(),
  }
}
