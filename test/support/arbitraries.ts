/**
 * fast-check arbitraries for valid omnistock documents with realistic shapes: networks of
 * warehouses, stores, dark stores, lockers and suppliers around real European cities, with
 * costs in the range of the public multi-item benchmark, sparse stock (not every node carries
 * every SKU, lockers hold none), small orders, and policies and rules that refer to ids, tags
 * and regions that exist in the network.
 *
 * Every value is valid for its codec (test/codecs checks this), survives a JSON round trip
 * unchanged (no `undefined` properties, no -0, no null prototypes), and is typed with the
 * branded domain types, so it can be passed to the library without decoding.
 *
 * Typical use:
 *   test.prop([scenarioArb()])('…', (scenario) => { … })
 *   fc.assert(fc.property(networkArb({ maxNodes: 4 }).chain((n) => fc.tuple(fc.constant(n), orderArb(n))), …))
 */
import * as fc from 'fast-check'
import type { Capability, Network, Node, NodeCosts, NodeKind, Sku, Transit } from '../../src/model/network.js'
import { CAPABILITIES, defaultCapabilities } from '../../src/model/network.js'
import type { Delivery, Order, OrderLine, SkuAttributeRule, SourcingRules } from '../../src/model/order.js'
import type {
  Amount,
  Channel,
  Hours,
  Id,
  Instant,
  Kilometres,
  LocalTime,
  Location,
  Percent,
  PositiveQuantity,
  Priority,
  Quantity,
  Rate,
  Speed,
  UtcOffset,
} from '../../src/model/primitives.js'
import type { Scenario, Strategy } from '../../src/model/scenario.js'
import type {
  ConfidenceBuffer,
  InboundLot,
  ReservationLine,
  ReserveRequest,
  RingFence,
  SafetyStock,
  StockPolicies,
  StockRow,
  StockSnapshot,
} from '../../src/model/stock.js'
import { formatMicros } from '../../src/money.js'
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, type EpochMs } from '../../src/time.js'

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** fc.record with plain-prototype objects whose keys outside `required` may be absent. */
const recordOf = <T extends object, K extends keyof T>(
  model: { [P in keyof T]: fc.Arbitrary<T[P]> },
  required: readonly K[],
): fc.Arbitrary<Pick<T, K> & Partial<Omit<T, K>>> =>
  fc.record(model, { requiredKeys: [...required], noNullPrototype: true }) as unknown as fc.Arbitrary<
    Pick<T, K> & Partial<Omit<T, K>>
  >

/** `arb` about one time in `every`, otherwise undefined. */
const sometimes = <T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb })

/** A JSON-safe number: normalises -0, which JSON turns into 0. */
const plain = (n: number): number => n + 0

const uniqueBy = <T>(items: readonly T[], key: (t: T) => string): T[] => {
  const seen = new Set<string>()
  return items.filter((t) => {
    const k = key(t)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

// ---------------------------------------------------------------------------------------------
// Primitives
// ---------------------------------------------------------------------------------------------

/** Any valid Id: 1–200 characters of any kind (including unicode, spaces, `__proto__`). */
export const anyIdArb = (): fc.Arbitrary<Id> =>
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme-composite' }),
      fc.string({ minLength: 1, maxLength: 20 }),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', ' '),
    )
    .filter((s) => s.length >= 1 && s.length <= 200)
    .map((s) => s as Id)

/** A readable Id such as `st-17`. */
export const readableIdArb = (prefix: string, max = 999): fc.Arbitrary<Id> =>
  fc.integer({ min: 1, max }).map((n) => `${prefix}-${n}` as Id)

/** An amount between `min` and `max` micro-units (inclusive), as a canonical decimal string. */
export const amountArb = (opts: { readonly minMicros?: number; readonly maxMicros?: number } = {}): fc.Arbitrary<Amount> =>
  fc
    .integer({ min: opts.minMicros ?? 0, max: opts.maxMicros ?? 100_000_000 })
    .map((m) => formatMicros(m) as Amount)

/** An amount with at most `decimals` decimal places in [min, max] units: prices look like prices. */
const priceArb = (min: number, max: number, decimals = 2): fc.Arbitrary<Amount> => {
  const step = 10 ** (6 - decimals)
  return fc
    .integer({ min: Math.ceil((min * 1_000_000) / step), max: Math.floor((max * 1_000_000) / step) })
    .map((n) => formatMicros(n * step) as Amount)
}

/** A per-unit-per-km rate between `min` and `max` nano-units (inclusive), at most 9 decimals. */
export const rateArb = (opts: { readonly minNanos?: number; readonly maxNanos?: number } = {}): fc.Arbitrary<Rate> =>
  fc.integer({ min: opts.minNanos ?? 0, max: opts.maxNanos ?? 5_000_000 }).map((n) => formatNanos(n) as Rate)

const formatNanos = (nanos: number): string => {
  const whole = Math.floor(nanos / 1e9)
  const frac = nanos - whole * 1e9
  return frac === 0 ? `${whole}` : `${whole}.${String(frac).padStart(9, '0').replace(/0+$/, '')}`
}

export const quantityArb = (max = 50): fc.Arbitrary<Quantity> =>
  // Mostly small counts, as in real stock files, with the occasional large one.
  fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: Math.min(max, 5) }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max }) }).map(
    (n) => n as Quantity,
  )

export const positiveQuantityArb = (max = 10): fc.Arbitrary<PositiveQuantity> =>
  fc
    .oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: Math.min(max, 3) }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max }) })
    .map((n) => n as PositiveQuantity)

export const hoursArb = (max = 72): fc.Arbitrary<Hours> =>
  fc.integer({ min: 0, max: max * 2 }).map((n) => (n / 2) as Hours)

export const localTimeArb = (): fc.Arbitrary<LocalTime> =>
  fc
    .record({ h: fc.integer({ min: 0, max: 23 }), m: fc.constantFrom(0, 15, 30, 45, 59) }, { noNullPrototype: true })
    .map(({ h, m }) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}` as LocalTime)

/** Offsets in real use, minutes east of UTC. */
const OFFSETS = [-300, -240, 0, 60, 120, 180, 330, 540, 600, -600, 840, -720] as const

export const formatOffset = (minutes: number): string => {
  const sign = minutes < 0 ? '-' : '+'
  const a = Math.abs(minutes)
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}

export const utcOffsetArb = (): fc.Arbitrary<UtcOffset> =>
  fc.constantFrom(...OFFSETS).map((m) => formatOffset(m) as UtcOffset)

/** 2026-01-01T00:00:00Z. */
export const BASE_INSTANT: EpochMs = Date.UTC(2026, 0, 1)

/** Formats `ms` as an ISO instant in one of the styles callers send (Z, millis, offset). */
export const formatInstantAs = (ms: EpochMs, style: 'Z' | 'millis' | 'minutes' | number): Instant => {
  const offset = typeof style === 'number' ? style : 0
  const iso = new Date(ms + offset * MS_PER_MINUTE).toISOString() // YYYY-MM-DDTHH:MM:SS.sssZ
  switch (style) {
    case 'millis':
      return iso as Instant
    case 'Z':
      return `${iso.slice(0, 19)}Z` as Instant
    case 'minutes':
      return `${iso.slice(0, 16)}Z` as Instant
    default:
      return `${iso.slice(0, 19)}${formatOffset(offset)}` as Instant
  }
}

/**
 * An instant in [from, to] (epoch ms, default 2026–2027), whole minutes, written in a random
 * but valid style (`…Z`, `….000Z`, `…HH:MMZ`, `…+02:00`).
 */
export const instantArb = (opts: { readonly from?: EpochMs; readonly to?: EpochMs } = {}): fc.Arbitrary<Instant> => {
  const from = Math.ceil((opts.from ?? BASE_INSTANT) / MS_PER_MINUTE)
  const to = Math.floor((opts.to ?? BASE_INSTANT + 2 * 365 * MS_PER_DAY) / MS_PER_MINUTE)
  return fc
    .tuple(
      fc.integer({ min: from, max: Math.max(from, to) }),
      fc.constantFrom<'Z' | 'millis' | 'minutes' | number>('Z', 'millis', 'minutes', 60, 120, -300, 330),
    )
    .map(([minutes, style]) => formatInstantAs(minutes * MS_PER_MINUTE, style))
}

export const channelArb = (): fc.Arbitrary<Channel> => fc.constantFrom('web', 'app', 'store', 'marketplace').map((c) => c as Channel)

// ---------------------------------------------------------------------------------------------
// Geography
// ---------------------------------------------------------------------------------------------

/** Real city centres the generated networks cluster around. */
export const CITIES: readonly { readonly name: string; readonly region: string; readonly lat: number; readonly lon: number }[] = [
  { name: 'Paris', region: 'fr-north', lat: 48.8566, lon: 2.3522 },
  { name: 'Lille', region: 'fr-north', lat: 50.6292, lon: 3.0573 },
  { name: 'Lyon', region: 'fr-south', lat: 45.764, lon: 4.8357 },
  { name: 'Marseille', region: 'fr-south', lat: 43.2965, lon: 5.3698 },
  { name: 'Bordeaux', region: 'fr-south', lat: 44.8378, lon: -0.5792 },
  { name: 'Nantes', region: 'fr-north', lat: 47.2184, lon: -1.5536 },
  { name: 'Brussels', region: 'benelux', lat: 50.8503, lon: 4.3517 },
  { name: 'Amsterdam', region: 'benelux', lat: 52.3676, lon: 4.9041 },
  { name: 'Cologne', region: 'de-west', lat: 50.9375, lon: 6.9603 },
  { name: 'Frankfurt', region: 'de-west', lat: 50.1109, lon: 8.6821 },
  { name: 'Munich', region: 'de-south', lat: 48.1351, lon: 11.582 },
  { name: 'Berlin', region: 'de-east', lat: 52.52, lon: 13.405 },
  { name: 'Milan', region: 'it-north', lat: 45.4642, lon: 9.19 },
  { name: 'Barcelona', region: 'es-east', lat: 41.3874, lon: 2.1686 },
  { name: 'Madrid', region: 'es-centre', lat: 40.4168, lon: -3.7038 },
  { name: 'London', region: 'uk', lat: 51.5074, lon: -0.1278 },
]

/**
 * Where generated places lie: `city` (one metro area, a few km apart), `region` (the cities
 * above, tens to ~2,000 km apart) or `world` (anywhere, including the poles and ±180°).
 */
export type Area = 'city' | 'region' | 'world'

/** A location, rounded to micro-degrees like real geocodes. */
export const locationArb = (area: Area = 'region'): fc.Arbitrary<Location> => {
  const micro = (x: number): number => plain(Math.round(x * 1e6) / 1e6)
  if (area === 'world') {
    return fc
      .record(
        {
          lat: fc.oneof(fc.integer({ min: -90_000_000, max: 90_000_000 }), fc.constantFrom(-90_000_000, 90_000_000, 0)),
          lon: fc.oneof(fc.integer({ min: -180_000_000, max: 180_000_000 }), fc.constantFrom(-180_000_000, 180_000_000, 0)),
        },
        { noNullPrototype: true },
      )
      .map(({ lat, lon }) => ({ lat: plain(lat / 1e6), lon: plain(lon / 1e6) }) as Location)
  }
  const cities = area === 'city' ? CITIES.slice(0, 1) : CITIES
  const spread = area === 'city' ? 0.12 : 0.25
  return fc
    .record(
      {
        city: fc.constantFrom(...cities),
        dLat: fc.double({ min: -spread, max: spread, noNaN: true }),
        dLon: fc.double({ min: -spread, max: spread, noNaN: true }),
      },
      { noNullPrototype: true },
    )
    .map(({ city, dLat, dLon }) => ({ lat: micro(city.lat + dLat), lon: micro(city.lon + dLon) }) as Location)
}

/** The region name of the city nearest to `loc` (the `region` arbitrary's vocabulary). */
export const regionOf = (loc: Location): Id => {
  let best = CITIES[0]
  let bestD = Infinity
  for (const c of CITIES) {
    const d = (c.lat - loc.lat) ** 2 + (c.lon - loc.lon) ** 2
    if (d < bestD) {
      bestD = d
      best = c
    }
  }
  return (best?.region ?? 'global') as Id
}

// ---------------------------------------------------------------------------------------------
// Network
// ---------------------------------------------------------------------------------------------

export const NODE_TAGS = ['24h', 'refrigerated', 'large-items', 'flagship', 'outlet', 'hazmat-certified'] as const
export const SKU_ATTRIBUTES = ['bulky', 'hazmat', 'fragile', 'cold'] as const

const KIND_PREFIX: Readonly<Record<NodeKind, string>> = {
  warehouse: 'wh',
  store: 'st',
  'dark-store': 'ds',
  locker: 'lk',
  supplier: 'sp',
}

/** Costs by node kind, in the range of the public benchmark (package 8.759, unit 0.423, 0.000336/km). */
const costsArb = (kind: NodeKind): fc.Arbitrary<NodeCosts> => {
  const [pkg, unit, rate]: [readonly [number, number], readonly [number, number], readonly [number, number]] =
    kind === 'warehouse'
      ? [[4, 9], [0.2, 0.6], [200_000, 600_000]]
      : kind === 'store'
        ? [[6, 14], [0.5, 1.8], [250_000, 900_000]]
        : kind === 'dark-store'
          ? [[3, 7], [0.3, 0.9], [300_000, 1_200_000]]
          : kind === 'supplier'
            ? [[9, 20], [0.1, 0.5], [150_000, 500_000]]
            : [[1, 3], [0, 0.2], [300_000, 800_000]]
  return recordOf<NodeCosts, 'package' | 'unit' | 'perUnitKm'>(
    {
      package: fc.oneof({ weight: 9, arbitrary: priceArb(pkg[0], pkg[1], 3) }, { weight: 1, arbitrary: amountArb({ maxMicros: 20_000_000 }) }),
      unit: priceArb(unit[0], unit[1], 3),
      perUnitKm: rateArb({ minNanos: rate[0], maxNanos: rate[1] }),
      transfer: recordOf(
        { fixed: priceArb(2, 10, 2), unit: priceArb(0, 0.5, 3), perUnitKm: rateArb({ minNanos: 50_000, maxNanos: 400_000 }) },
        ['fixed'],
      ),
    },
    ['package', 'unit', 'perUnitKm'],
  )
}

const capabilitiesArb = (kind: NodeKind): fc.Arbitrary<readonly Capability[]> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(defaultCapabilities(kind)) },
    { weight: 1, arbitrary: fc.subarray([...CAPABILITIES]) },
  )

const KIND_WEIGHTS: readonly [NodeKind, number][] = [
  ['warehouse', 2],
  ['store', 5],
  ['dark-store', 1],
  ['locker', 1],
  ['supplier', 1],
]

const kindArb = (): fc.Arbitrary<NodeKind> =>
  fc.oneof(...KIND_WEIGHTS.map(([kind, weight]) => ({ weight, arbitrary: fc.constant(kind) })))

/** A node of `kind` (random when omitted) at a location in `area`. The id is `wh-3`, `st-17`, … */
export const nodeArb = (opts: { readonly kind?: NodeKind; readonly area?: Area } = {}): fc.Arbitrary<Node> =>
  (opts.kind === undefined ? kindArb() : fc.constant(opts.kind)).chain((kind) =>
    fc
      .tuple(
        readableIdArb(KIND_PREFIX[kind]),
        locationArb(opts.area ?? 'region'),
        recordOf(
          {
            costs: costsArb(kind),
            name: fc.constantFrom('North', 'Central', 'Riverside', 'Airport', 'Old Town', 'Mall'),
            tags: fc.uniqueArray(fc.constantFrom(...NODE_TAGS), { maxLength: 3 }).map((t) => t as Id[]),
            capabilities: capabilitiesArb(kind),
            leadTimeHours: hoursArb(kind === 'supplier' ? 96 : 24),
            cutoff: localTimeArb(),
            utcOffset: utcOffsetArb(),
            transferHours: hoursArb(48),
            dailyCapacity: recordOf({ orders: quantityArb(500), units: quantityArb(2000) }, []),
            priority: fc.integer({ min: 0, max: 20 }).map((p) => p as Priority),
          },
          ['costs'],
        ),
        fc.boolean(),
      )
      .map(([id, location, rest, withRegion]): Node => {
        const node: Node = { id, kind, location, ...rest }
        return withRegion ? { ...node, region: regionOf(location) } : node
      }),
  )

export const skuArb = (): fc.Arbitrary<Sku> =>
  fc
    .tuple(
      readableIdArb('sku', 9999),
      recordOf(
        {
          name: fc.constantFrom('Kettle', 'Sofa', 'T-shirt', 'Paint', 'Glass vase', 'Ice cream', 'Lamp'),
          attributes: fc.uniqueArray(fc.constantFrom(...SKU_ATTRIBUTES), { maxLength: 2 }).map((a) => a as Id[]),
        },
        [],
      ),
    )
    .map(([id, rest]): Sku => ({ id, ...rest }))

export const transitArb = (): fc.Arbitrary<Transit> =>
  recordOf(
    {
      baseHours: fc.constantFrom(12, 24, 36, 48).map((h) => h as Hours),
      kmPerHour: fc.integer({ min: 40, max: 90 }).map((v) => v as Speed),
    },
    [],
  )

export interface NetworkShape {
  readonly minNodes?: number
  readonly maxNodes?: number
  readonly minSkus?: number
  readonly maxSkus?: number
  readonly area?: Area
  /** Always include at least one warehouse (default true): real networks have one. */
  readonly withWarehouse?: boolean
}

/**
 * A network with unique node ids and SKU ids and a non-empty SKU catalogue (`skus` is always
 * present here, though the codec makes it optional).
 */
export const networkArb = (shape: NetworkShape = {}): fc.Arbitrary<Network & { readonly skus: readonly Sku[] }> => {
  const area = shape.area ?? 'region'
  const minNodes = shape.minNodes ?? 1
  const maxNodes = Math.max(minNodes, shape.maxNodes ?? 8)
  const withWarehouse = shape.withWarehouse ?? true
  return fc
    .record(
      {
        warehouse: withWarehouse ? nodeArb({ kind: 'warehouse', area }).map((n): Node[] => [n]) : fc.constant<Node[]>([]),
        others: fc.uniqueArray(nodeArb({ area }), {
          selector: (n) => n.id,
          minLength: Math.max(0, minNodes - (withWarehouse ? 1 : 0)),
          maxLength: Math.max(0, maxNodes - (withWarehouse ? 1 : 0)),
        }),
        skus: fc.uniqueArray(skuArb(), {
          selector: (s) => s.id,
          minLength: Math.max(1, shape.minSkus ?? 1),
          maxLength: Math.max(1, shape.minSkus ?? 1, shape.maxSkus ?? 6),
        }),
        transit: fc.option(transitArb(), { nil: undefined }),
        order: fc.boolean(),
      },
      { noNullPrototype: true },
    )
    .map(({ warehouse, others, skus, transit, order }) => {
      // The warehouse's random id may collide with another node's: renumber it.
      const ids = new Set(others.map((n) => n.id))
      const wh = warehouse.map((n): Node => {
        let id = n.id
        for (let i = 1; ids.has(id); i++) id = `wh-${1000 + i}` as Id
        return { ...n, id }
      })
      const all = order ? [...wh, ...others] : [...others, ...wh]
      const nodes = uniqueBy(all, (n) => n.id).slice(0, maxNodes)
      return transit === undefined ? { nodes, skus } : { nodes, skus, transit }
    })
}

/** Ids of the nodes that hold stock (everything except lockers). */
export const stockHoldingNodes = (network: Network): readonly Node[] => network.nodes.filter((n) => n.kind !== 'locker')

/** Capabilities of a node, explicit or by default. */
export const capabilitiesOf = (node: Node): readonly Capability[] => node.capabilities ?? defaultCapabilities(node.kind)

// ---------------------------------------------------------------------------------------------
// Stock
// ---------------------------------------------------------------------------------------------

/**
 * On-hand rows for distinct (node, SKU) positions of `network`; lockers hold nothing, and
 * each other node carries a random part of the catalogue (suppliers carry more units).
 */
export const stockRowsArb = (network: Network, opts: { readonly maxOnHand?: number } = {}): fc.Arbitrary<readonly StockRow[]> => {
  const skus = network.skus ?? []
  const positions = stockHoldingNodes(network).flatMap((n) => skus.map((s) => ({ node: n, sku: s.id })))
  if (positions.length === 0) return fc.constant([])
  return fc.subarray(positions, { minLength: 0, maxLength: positions.length }).chain((chosen) =>
    fc.tuple(...chosen.map((p) => quantityArb(p.node.kind === 'supplier' ? 1000 : (opts.maxOnHand ?? 50)))).map((qs) =>
      chosen.map((p, i): StockRow => ({ node: p.node.id, sku: p.sku, onHand: qs[i] as Quantity })),
    ),
  )
}

export const inboundLotsArb = (network: Network, now: EpochMs = BASE_INSTANT): fc.Arbitrary<readonly InboundLot[]> => {
  const nodes = stockHoldingNodes(network)
  const skus = network.skus ?? []
  if (nodes.length === 0 || skus.length === 0) return fc.constant([])
  return fc
    .uniqueArray(
      fc.record(
        {
          id: readableIdArb('po', 99_999),
          node: fc.constantFrom(...nodes.map((n) => n.id)),
          sku: fc.constantFrom(...skus.map((s) => s.id)),
          quantity: positiveQuantityArb(100),
          eta: instantArb({ from: now + MS_PER_HOUR, to: now + 14 * MS_PER_DAY }),
        },
        { noNullPrototype: true },
      ),
      { selector: (l) => l.id, maxLength: 4 },
    )
    .map((lots) => lots as readonly InboundLot[])
}

/** Scope of a policy: a node, a node kind, or everywhere; a SKU or every SKU. */
const scopeArb = (network: Network): fc.Arbitrary<{ node?: Id; nodeKind?: NodeKind; sku?: Id }> => {
  const nodeIds = network.nodes.map((n) => n.id)
  const kinds = uniqueBy(network.nodes.map((n) => n.kind), (k) => k)
  const skus = (network.skus ?? []).map((s) => s.id)
  return fc
    .record(
      {
        where: fc.oneof(
          fc.constant({}),
          fc.constantFrom(...nodeIds).map((node) => ({ node })),
          fc.constantFrom(...kinds).map((nodeKind) => ({ nodeKind })),
        ),
        what: skus.length === 0 ? fc.constant({}) : fc.oneof(fc.constant({}), fc.constantFrom(...skus).map((sku) => ({ sku }))),
      },
      { noNullPrototype: true },
    )
    .map(({ where, what }) => ({ ...where, ...what }))
}

export const stockPoliciesArb = (network: Network): fc.Arbitrary<StockPolicies> => {
  if (network.nodes.length === 0) return fc.constant({})
  const scope = scopeArb(network)
  const safety: fc.Arbitrary<SafetyStock> = fc
    .tuple(scope, quantityArb(3))
    .map(([s, quantity]) => ({ ...s, quantity }))
  const fence: fc.Arbitrary<RingFence> = fc
    .tuple(
      scope,
      channelArb(),
      fc.oneof(
        quantityArb(3).map((quantity) => ({ quantity })),
        fc.integer({ min: 0, max: 50 }).map((p) => ({ percent: p as Percent })),
      ),
    )
    .map(([s, channel, size]) => ({ channel, ...size, ...s }))
  const buffer: fc.Arbitrary<ConfidenceBuffer> = fc
    .tuple(scope, quantityArb(2))
    .map(([s, quantity]) => ({ ...s, quantity }))
  return recordOf<StockPolicies, never>(
    {
      safetyStock: fc.array(safety, { maxLength: 3 }),
      ringFences: fc.array(fence, { maxLength: 3 }),
      confidenceBuffers: fc.array(buffer, { maxLength: 2 }),
    },
    [],
  )
}

export const stockSnapshotArb = (network: Network, now: EpochMs = BASE_INSTANT): fc.Arbitrary<StockSnapshot> =>
  fc
    .record(
      {
        rows: stockRowsArb(network),
        inbound: fc.option(inboundLotsArb(network, now), { nil: undefined }),
        policies: fc.option(stockPoliciesArb(network), { nil: undefined }),
      },
      { noNullPrototype: true },
    )
    .map(({ rows, inbound, policies }) => ({
      rows,
      ...(inbound === undefined ? {} : { inbound }),
      ...(policies === undefined ? {} : { policies }),
    }))

/** A network with a stock snapshot over it. */
export const networkWithStockArb = (
  shape: NetworkShape = {},
): fc.Arbitrary<{ readonly network: Network & { readonly skus: readonly Sku[] }; readonly stock: StockSnapshot }> =>
  networkArb(shape).chain((network) => stockSnapshotArb(network).map((stock) => ({ network, stock })))

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

/**
 * One to three sourcing rules that name kinds, tags, regions, nodes and attributes found in
 * `network` (positive filters are never empty lists).
 */
export const sourcingRulesArb = (network: Network): fc.Arbitrary<SourcingRules> => {
  const kinds = uniqueBy(network.nodes.map((n) => n.kind), (k) => k)
  const tags = uniqueBy(network.nodes.flatMap((n) => n.tags ?? []), (t) => t)
  const regions = uniqueBy(network.nodes.flatMap((n) => (n.region === undefined ? [] : [n.region])), (r) => r)
  const ids = network.nodes.map((n) => n.id)
  const some = <T>(xs: readonly T[], max = xs.length): fc.Arbitrary<T[]> =>
    fc.subarray([...xs], { minLength: 1, maxLength: Math.min(max, xs.length) })
  const attributeRule: fc.Arbitrary<SkuAttributeRule> = fc
    .tuple(
      fc.constantFrom(...SKU_ATTRIBUTES).map((a) => a as Id),
      kinds.length === 0 ? fc.constant({}) : fc.option(some(kinds).map((nodeKinds) => ({ nodeKinds })), { nil: {} }),
      tags.length === 0 ? fc.constant({}) : fc.option(some(tags, 1).map((requireTags) => ({ requireTags })), { nil: {} }),
    )
    .map(([attribute, k, t]) => ({ attribute, ...k, ...t }))
  const rules: fc.Arbitrary<SourcingRules>[] = [
    fc.constantFrom(25, 100, 300, 800, 2000).map((k) => ({ maxDistanceKm: k as Kilometres })),
    fc.array(attributeRule, { minLength: 1, maxLength: 2 }).map((skuAttributes) => ({ skuAttributes })),
  ]
  if (kinds.length > 0) rules.push(some(kinds).map((nodeKinds) => ({ nodeKinds })))
  if (tags.length > 0) {
    rules.push(some(tags, 1).map((requireTags) => ({ requireTags })))
    rules.push(some(tags, 2).map((excludeTags) => ({ excludeTags })))
  }
  if (regions.length > 0) rules.push(some(regions).map((rs) => ({ regions: rs })))
  if (ids.length > 1) rules.push(some(ids, 2).map((excludeNodes) => ({ excludeNodes })))
  return fc
    .shuffledSubarray(rules, { minLength: 1, maxLength: 3 })
    .chain((chosen) => fc.tuple(...chosen))
    .map((parts) => Object.assign({}, ...parts) as SourcingRules)
}

const deliveryArb = (network: Network): fc.Arbitrary<Delivery> => {
  const pickupNodes = network.nodes.filter((n) => capabilitiesOf(n).includes('pickup')).map((n) => n.id)
  const ship = fc
    .tuple(locationArb('region'), fc.boolean())
    .map(([to, withRegion]): Delivery => (withRegion ? { method: 'ship', to, region: regionOf(to) } : { method: 'ship', to }))
  if (pickupNodes.length === 0) return ship
  const pickup = fc.constantFrom(...pickupNodes).map((node): Delivery => ({ method: 'pickup', node }))
  return fc.oneof({ weight: 3, arbitrary: ship }, { weight: 1, arbitrary: pickup })
}

export interface OrderShape {
  readonly maxLines?: number
  /** Let two lines ask for the same SKU (valid, but rare in practice). Default false. */
  readonly duplicateSkus?: boolean
  /** Add order-level sourcing rules some of the time. Default true. */
  readonly withRules?: boolean
  /** `now` of the surrounding scenario: `deliverBy` is after it. */
  readonly now?: EpochMs
}

/** An order for SKUs of `network`'s catalogue (line ids `l1`, `l2`, …). */
export const orderArb = (network: Network, shape: OrderShape = {}): fc.Arbitrary<Order> => {
  const skus = (network.skus ?? []).map((s) => s.id)
  const catalogue = skus.length > 0 ? skus : (['sku-1'] as Id[])
  const maxLines = Math.max(1, shape.maxLines ?? 4)
  const now = shape.now ?? BASE_INSTANT
  const lineSkus = shape.duplicateSkus
    ? fc.array(fc.constantFrom(...catalogue), { minLength: 1, maxLength: maxLines })
    : fc.shuffledSubarray(catalogue, { minLength: 1, maxLength: Math.min(maxLines, catalogue.length) })
  const lines = lineSkus.chain((chosen) =>
    fc
      .tuple(...chosen.map(() => fc.tuple(positiveQuantityArb(), sometimes(priceArb(5, 80), 5))))
      .map((qs) =>
        chosen.map((sku, i): OrderLine => {
          const [quantity, penalty] = qs[i] ?? [1 as PositiveQuantity, undefined]
          const line: OrderLine = { id: `l${i + 1}` as Id, sku, quantity }
          return penalty === undefined ? line : { ...line, unfulfilledPenalty: penalty }
        }),
      ),
  )
  return fc
    .tuple(
      readableIdArb('o', 999_999),
      channelArb(),
      lines,
      deliveryArb(network),
      recordOf(
        {
          maxShipments: fc.integer({ min: 1, max: 3 }).map((n) => n as PositiveQuantity),
          shipComplete: fc.boolean(),
          allowPartial: fc.boolean(),
          allowBackorder: fc.boolean(),
          allowHub: fc.boolean(),
          deliverBy: instantArb({ from: now + 12 * MS_PER_HOUR, to: now + 10 * MS_PER_DAY }),
          unfulfilledPenalty: priceArb(10, 60),
        },
        [],
      ),
      shape.withRules === false ? fc.constant(undefined) : sometimes(sourcingRulesArb(network), 5),
    )
    .map(([id, channel, orderLines, delivery, options, rules]): Order => {
      const order: Order = { id, channel, lines: orderLines, delivery, ...options }
      return rules === undefined ? order : { ...order, rules }
    })
}

/** A reservation request for positions of `network`. */
export const reserveRequestArb = (network: Network, now: EpochMs = BASE_INSTANT): fc.Arbitrary<ReserveRequest> => {
  const nodes = stockHoldingNodes(network).map((n) => n.id)
  const skus = (network.skus ?? []).map((s) => s.id)
  if (nodes.length === 0 || skus.length === 0) {
    return channelArb().map((channel) => ({ channel, lines: [] }))
  }
  const line: fc.Arbitrary<ReservationLine> = fc
    .tuple(
      fc.constantFrom(...nodes),
      fc.constantFrom(...skus),
      positiveQuantityArb(),
      recordOf(
        { availableAt: instantArb({ from: now, to: now + 7 * MS_PER_DAY }), lineId: readableIdArb('l', 9) },
        [],
      ),
    )
    .map(([node, sku, quantity, rest]) => ({ node, sku, quantity, ...rest }))
  return fc
    .tuple(
      channelArb(),
      fc.array(line, { minLength: 1, maxLength: 4 }),
      recordOf(
        {
          id: readableIdArb('r', 99_999),
          orderId: readableIdArb('o', 999_999),
          idempotencyKey: fc.uuid().map((u) => u as Id),
          expiresAt: instantArb({ from: now + MS_PER_MINUTE, to: now + MS_PER_DAY }),
        },
        [],
      ),
    )
    .map(([channel, lines, rest]) => ({ channel, lines, ...rest }))
}

// ---------------------------------------------------------------------------------------------
// Scenario
// ---------------------------------------------------------------------------------------------

export interface ScenarioShape extends NetworkShape, Omit<OrderShape, 'now'> {}

/**
 * A complete scenario (the CLI's document): a network, stock over it, an order for its
 * catalogue, and some of the optional inbound lots, policies, network-wide rules, `now` and
 * strategy.
 */
export const scenarioArb = (shape: ScenarioShape = {}): fc.Arbitrary<Scenario> =>
  fc
    .tuple(networkArb(shape), fc.integer({ min: 0, max: 365 * 24 }).map((h) => BASE_INSTANT + h * MS_PER_HOUR))
    .chain(([network, now]) =>
      fc
        .tuple(
          stockRowsArb(network),
          orderArb(network, { ...shape, now }),
          recordOf(
            {
              skus: fc.constant(network.skus),
              transit: network.transit === undefined ? transitArb() : fc.constant(network.transit),
              inbound: inboundLotsArb(network, now),
              policies: stockPoliciesArb(network),
              now: fc.constant(formatInstantAs(now, 'Z')),
              strategy: fc.constantFrom<Strategy>('optimal', 'priority', 'nearest'),
            },
            [],
          ),
          shape.withRules === false ? fc.constant(undefined) : sometimes(sourcingRulesArb(network), 5),
        )
        .map(([stock, order, rest, rules]): Scenario => {
          const scenario: Scenario = { nodes: network.nodes, stock, order, ...rest }
          return rules === undefined || shape.withRules === false ? scenario : { ...scenario, rules }
        }),
    )
