/**
 * Seeded scenario documents for the differential suite, one family per fulfilment method or
 * feature and mixtures of them. Small on purpose (2–8 nodes, 1–4 lines) so that HiGHS solves
 * each reference MIP in milliseconds. Every draw comes from a `Tape`: a seeded stream for the
 * long runs, or a fast-check array of naturals, which shrinks towards 0 (the simplest choice
 * of every draw) when a property fails.
 */

/** A source of draws. */
export interface Tape {
  /** A whole number in [lo, hi]. */
  readonly int: (lo: number, hi: number) => number
}

/** mulberry32: a small, well-mixed 32-bit generator. */
export const seededTape = (seed: number): Tape => {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) }
}

/** Draws from a fixed list of naturals; past its end, every draw is the lowest. */
export const listTape = (values: readonly number[]): Tape => {
  let i = 0
  return { int: (lo, hi) => lo + ((values[i++] ?? 0) % (hi - lo + 1)) }
}

export const FAMILIES = [
  'ship',
  'ship-complete',
  'pickup',
  'hub',
  'backorder',
  'backorder-pickup',
  'backorder-hub',
  'capacity',
  'fences',
  'rules',
  'timing',
  'mixed',
  'fastest',
  'calendars',
  'delay',
  'protection',
  'dense',
] as const
export type Family = (typeof FAMILIES)[number]

/**
 * Families whose documents carry fields the engine does not read yet (the order's
 * `delayCost`, a node's `protection`: docs/model.md §7b). The differential suite holds the
 * reference to them and expects the engine to disagree (its decoder refuses the fields) until
 * it reads them; the mixed and fastest families draw these fields only once this list is
 * empty. Empty it when the engine reads both fields.
 */
export const AWAITING_ENGINE: readonly Family[] = []

interface Features {
  readonly method: 'ship' | 'pickup'
  readonly backorder: boolean
  readonly hub: boolean
  readonly shipComplete: boolean
  readonly capacity: boolean
  readonly fences: boolean
  readonly rules: boolean
  readonly timing: boolean
  readonly warehousesOnly: boolean
  /** Time zones (IANA and fixed), opening hours, closed dates and delivery days, around daylight-saving changes. */
  readonly calendars: boolean
  /** The order's `delayCost`, and often the customer's time zone. */
  readonly delay: boolean
  /** Store-stock `protection` on most stores, with little stock on hand. */
  readonly protection: boolean
}

const pick = <A>(tape: Tape, xs: readonly A[]): A => xs[tape.int(0, xs.length - 1)] as A
const chance = (tape: Tape, percent: number): boolean => tape.int(0, 99) < percent

const featuresOf = (tape: Tape, family: Family): Features => {
  const none: Features = {
    method: 'ship',
    backorder: false,
    hub: false,
    shipComplete: false,
    capacity: false,
    fences: false,
    rules: false,
    timing: false,
    warehousesOnly: false,
    calendars: false,
    delay: false,
    protection: false,
  }
  switch (family) {
    case 'ship':
      return none
    case 'ship-complete':
      return { ...none, shipComplete: true }
    case 'pickup':
      return { ...none, method: 'pickup' }
    case 'hub':
      return { ...none, hub: true }
    case 'backorder':
      return { ...none, backorder: true, warehousesOnly: chance(tape, 50) }
    case 'backorder-pickup':
      return { ...none, backorder: true, method: 'pickup' }
    case 'backorder-hub':
      return { ...none, backorder: true, hub: true }
    case 'capacity':
      return { ...none, capacity: true, method: chance(tape, 50) ? 'pickup' : 'ship' }
    case 'fences':
      return { ...none, fences: true, method: chance(tape, 30) ? 'pickup' : 'ship' }
    case 'rules':
      return { ...none, rules: true, method: chance(tape, 30) ? 'pickup' : 'ship', hub: chance(tape, 30) }
    case 'timing':
      return { ...none, timing: true, backorder: chance(tape, 50), method: chance(tape, 30) ? 'pickup' : 'ship' }
    case 'fastest':
    case 'mixed': {
      const method = chance(tape, 35) ? 'pickup' : 'ship'
      return {
        method,
        backorder: chance(tape, 50),
        hub: method === 'ship' && chance(tape, 40),
        shipComplete: method === 'ship' && chance(tape, 25),
        capacity: chance(tape, 40),
        fences: chance(tape, 40),
        rules: chance(tape, 40),
        timing: chance(tape, 50),
        warehousesOnly: false,
        calendars: chance(tape, 30),
        delay: false,
        protection: false,
      }
    }
    case 'calendars': {
      const method = chance(tape, 40) ? 'pickup' : 'ship'
      return { ...none, calendars: true, timing: true, method, backorder: chance(tape, 40), hub: method === 'ship' && chance(tape, 30) }
    }
    case 'delay': {
      const method = chance(tape, 25) ? 'pickup' : 'ship'
      return {
        ...none,
        delay: true,
        method,
        backorder: chance(tape, 65),
        hub: method === 'ship' && chance(tape, 35),
        shipComplete: method === 'ship' && chance(tape, 15),
        timing: chance(tape, 50),
        calendars: chance(tape, 35),
      }
    }
    case 'protection': {
      const method = chance(tape, 30) ? 'pickup' : 'ship'
      return { ...none, protection: true, method, backorder: chance(tape, 30), hub: method === 'ship' && chance(tape, 30), capacity: chance(tape, 20) }
    }
    case 'dense':
      // Drawn by denseScenario, which reads no features.
      return none
  }
}

const PACKAGES = ['8.759', '5', '6.5', '3.99', '12', '4.25']
const UNITS = ['0.423', '1.2', '0.6', '0.35', '0']
const RATES = ['0.000336', '0.000541', '0.0002', '0.0009', '0']
const TAGS = ['24h', 'city', 'bulky-ok']
const REGIONS = ['ARA', 'IDF', 'PACA']
const KINDS = ['warehouse', 'store', 'dark-store', 'locker', 'supplier'] as const
const CAPABILITIES = ['ship', 'pickup', 'transfer-in', 'transfer-out', 'hub'] as const
const SKUS = ['A', 'B', 'C', 'D']
const HOUR = 3_600_000
const ZONES = ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Europe/Paris', 'UTC']
/** A customer's zone: a day ahead of or behind Europe's, or a fixed offset, so that its delivery day differs from the sender's. */
const CUSTOMER_ZONES = ['America/New_York', 'Asia/Tokyo', '+09:00', '-05:00', 'Pacific/Auckland', 'Europe/Paris']
/** Two days before a change of clocks in 2026 (Europe 29 March and 25 October, New York 8 March and 1 November, Sydney 5 April and 4 October), and a plain winter week. */
const AROUND_CHANGES = ['2026-03-27T06:00:00Z', '2026-10-23T06:00:00Z', '2026-03-06T06:00:00Z', '2026-10-30T06:00:00Z', '2026-04-03T06:00:00Z', '2026-10-02T06:00:00Z', '2026-12-22T06:00:00Z']
/** A day's opening intervals: closed, shop hours, a lunch break, all day, and hours inside the hour Europe skips or repeats. */
const DAY_HOURS = [[], [['09:00', '19:00']], [['10:00', '12:30'], ['14:00', '19:00']], [['00:00', '24:00']], [['02:30', '03:30'], ['08:00', '20:00']], [['01:30', '02:30'], ['17:00', '24:00']], [['10:00', '19:00']]]
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
/** Per unit per day: none, small, and large enough to outweigh a package or a day's carriage. */
const DELAY_COSTS = ['0', '0.5', '2', '5', '12', '30']
/** Per protected unit: free, below a parcel's cost, about one, and more than most penalties' gap. */
const PROTECTION_COSTS = ['0', '1.5', '6', '25', '120']

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z')
const point = (tape: Tape): { lat: number; lon: number } => ({ lat: tape.int(430_000, 495_000) / 10_000, lon: tape.int(-10_000, 70_000) / 10_000 })

/**
 * A scenario document (plain JSON, as the CLI reads it) of `family`, drawn from `tape`. With
 * `priced`, the mixed and fastest families also draw a `delayCost` and stores' `protection`
 * now and then (by default once no family awaits the engine).
 */
export const generateScenario = (tape: Tape, family: Family, priced = AWAITING_ENGINE.length === 0): Record<string, unknown> => {
  if (family === 'dense') return denseScenario(tape)
  const f = featuresOf(tape, family)
  const nowMs = f.calendars ? Date.parse(pick(tape, AROUND_CHANGES)) + tape.int(0, 96) * HOUR : Date.parse('2026-12-22T06:00:00Z') + tape.int(0, 16) * HOUR
  const nodeCount = tape.int(2, 8)
  const lineCount = tape.int(1, 4)
  const nodes: Record<string, unknown>[] = []
  for (let i = 0; i < nodeCount; i++) {
    const kind = f.warehousesOnly ? 'warehouse' : i === 0 && f.method === 'pickup' ? pick(tape, ['store', 'locker', 'store'] as const) : pick(tape, ['warehouse', 'store', 'store', 'warehouse', 'dark-store', 'supplier', 'locker'] as const)
    const node: Record<string, unknown> = {
      id: `${kind === 'warehouse' ? 'W' : kind === 'store' ? 'S' : kind === 'dark-store' ? 'D' : kind === 'locker' ? 'L' : 'P'}${i}`,
      kind,
      location: point(tape),
      costs: {
        package: pick(tape, PACKAGES),
        unit: pick(tape, UNITS),
        perUnitKm: pick(tape, RATES),
        ...(chance(tape, 40) ? { transfer: { fixed: pick(tape, ['4.5', '3.5', '2', '0']), ...(chance(tape, 70) ? { unit: pick(tape, ['0.2', '0.6', '0']) } : {}), ...(chance(tape, 70) ? { perUnitKm: pick(tape, ['0.00025', '0.0001']) } : {}) } } : {}),
      },
    }
    if (f.timing || f.backorder) {
      if (chance(tape, 60)) node['cutoff'] = pick(tape, ['17:00', '12:00', '20:30', '09:15'])
      if (chance(tape, 50)) node['utcOffset'] = pick(tape, ['+01:00', '-05:00', '+05:30', '+00:00'])
      if (chance(tape, 60)) node['leadTimeHours'] = pick(tape, [0, 2, 4, 12, 30])
      if (chance(tape, 40)) node['transferHours'] = pick(tape, [0, 6, 12, 30])
    }
    if (f.calendars) {
      if (chance(tape, 75)) node['timeZone'] = pick(tape, ZONES)
      if (chance(tape, 40)) node['cutoff'] = pick(tape, ['17:00', '02:30', '00:30', '12:00'])
      if (chance(tape, 60)) {
        const hours: Record<string, unknown> = {}
        for (const d of WEEK) if (chance(tape, 85)) hours[d] = pick(tape, DAY_HOURS)
        if (!Object.values(hours).some((h) => (h as unknown[]).length > 0)) hours['mon'] = [['09:00', '19:00']]
        node['openingHours'] = hours
      }
      if (chance(tape, 40)) node['closedDates'] = Array.from({ length: tape.int(1, 3) }, () => iso(nowMs + tape.int(-1, 5) * 24 * HOUR).slice(0, 10))
    }
    if (f.rules) {
      if (chance(tape, 60)) node['tags'] = TAGS.filter(() => chance(tape, 40))
      if (chance(tape, 70)) node['region'] = pick(tape, REGIONS)
    }
    if (chance(tape, f.rules || f.method === 'pickup' || f.hub ? 25 : 8)) node['capabilities'] = CAPABILITIES.filter(() => chance(tape, 65))
    if (f.capacity && chance(tape, 50)) {
      node['dailyCapacity'] = { ...(chance(tape, 50) ? { orders: tape.int(0, 2) } : {}), ...(chance(tape, 70) ? { units: tape.int(0, 6) } : {}) }
    }
    nodes.push(node)
  }
  if (f.method === 'pickup') {
    // The pickup node offers pickup, or the order would be an error rather than a plan.
    const target = nodes[0] as Record<string, unknown>
    const caps = target['capabilities'] as string[] | undefined
    if (caps !== undefined && !caps.includes('pickup')) target['capabilities'] = [...caps, 'pickup']
  }
  const skus = SKUS.slice(0, tape.int(1, 4))
  const stock: Record<string, unknown>[] = []
  const inbound: Record<string, unknown>[] = []
  for (const n of nodes) {
    for (const sku of skus) {
      if (chance(tape, f.delay ? 85 : 60)) stock.push({ node: n['id'], sku, onHand: tape.int(0, f.protection ? 3 : 6) })
      if (f.backorder && chance(tape, f.delay ? 70 : 40)) {
        const lots = tape.int(1, 2)
        for (let k = 0; k < lots; k++) {
          inbound.push({ id: `PO-${inbound.length + 1}`, node: n['id'], sku, quantity: tape.int(1, 20), eta: iso(nowMs + tape.int(0, 4) * 24 * HOUR + tape.int(-6, 6) * HOUR) })
        }
      }
    }
  }
  const lines: Record<string, unknown>[] = []
  for (let i = 0; i < lineCount; i++) {
    lines.push({
      id: `${i + 1}`,
      sku: chance(tape, 10) && lines.length > 0 ? (lines[0] as { sku: string }).sku : pick(tape, skus),
      quantity: tape.int(1, 8),
      ...(chance(tape, 25) ? { unfulfilledPenalty: pick(tape, ['15', '40', '80', '250']) } : {}),
    })
  }
  const order: Record<string, unknown> = {
    id: 'O1',
    channel: f.fences ? pick(tape, ['web', 'store', 'app']) : 'web',
    lines,
    delivery: f.method === 'pickup' ? { method: 'pickup', node: (nodes[0] as { id: string }).id } : { method: 'ship', to: point(tape) },
  }
  if (chance(tape, 70)) order['unfulfilledPenalty'] = pick(tape, ['20', '60', '150', '1000', '35.5'])
  if (chance(tape, 40)) order['maxShipments'] = tape.int(1, 3)
  if (f.shipComplete) order['shipComplete'] = true
  else if (chance(tape, 12)) order['allowPartial'] = false
  if (f.backorder) order['allowBackorder'] = true
  if (f.hub) order['allowHub'] = true
  else if (f.shipComplete && chance(tape, 20)) order['allowHub'] = false
  if (f.timing || (f.backorder && chance(tape, 60))) order['deliverBy'] = iso(nowMs + tape.int(24, 8 * 24) * HOUR)
  const doc: Record<string, unknown> = { now: iso(nowMs), nodes, stock, order }
  if (family === 'fastest') doc['strategy'] = 'fastest'
  if (inbound.length > 0) doc['inbound'] = inbound
  if (f.timing && chance(tape, 50)) doc['transit'] = { baseHours: pick(tape, [0, 12, 24, 48]), kmPerHour: pick(tape, [40, 80, 120]) }
  if (f.calendars && chance(tape, 50)) {
    const days = WEEK.filter(() => chance(tape, 70))
    doc['transit'] = { ...((doc['transit'] as Record<string, unknown> | undefined) ?? {}), deliveryDays: days.length > 0 ? days : ['wed'] }
  }
  if (f.fences) {
    const scope = (): Record<string, unknown> => {
      const which = tape.int(0, 5)
      const node = (pick(tape, nodes) as { id: string }).id
      const kind = pick(tape, KINDS)
      const sku = pick(tape, skus)
      return [{}, { node }, { nodeKind: kind }, { sku }, { node, sku }, { nodeKind: kind, sku }][which] as Record<string, unknown>
    }
    const policies: Record<string, unknown> = {}
    if (chance(tape, 60)) policies['safetyStock'] = Array.from({ length: tape.int(1, 2) }, () => ({ ...scope(), quantity: tape.int(0, 3) }))
    if (chance(tape, 80))
      policies['ringFences'] = Array.from({ length: tape.int(1, 3) }, () => ({
        ...scope(),
        channel: pick(tape, ['web', 'store', 'app']),
        ...(chance(tape, 50) ? { quantity: tape.int(0, 4) } : { percent: pick(tape, [0, 20, 50, 75, 100]) }),
      }))
    if (chance(tape, 50)) policies['confidenceBuffers'] = Array.from({ length: tape.int(1, 2) }, () => ({ ...scope(), quantity: tape.int(0, 2) }))
    doc['policies'] = policies
  }
  if (f.rules) {
    const rules = (): Record<string, unknown> => {
      const r: Record<string, unknown> = {}
      if (chance(tape, 30)) r['nodeKinds'] = KINDS.filter(() => chance(tape, 60))
      if (chance(tape, 20)) r['requireTags'] = [pick(tape, TAGS)]
      if (chance(tape, 20)) r['excludeTags'] = [pick(tape, TAGS)]
      if (chance(tape, 25)) r['regions'] = REGIONS.filter(() => chance(tape, 60))
      if (chance(tape, 30)) r['maxDistanceKm'] = pick(tape, [50, 200, 400, 700])
      if (chance(tape, 25)) r['excludeNodes'] = [(pick(tape, nodes) as { id: string }).id]
      if (chance(tape, 30)) r['skuAttributes'] = [{ attribute: pick(tape, ['bulky', 'fragile']), ...(chance(tape, 70) ? { nodeKinds: [pick(tape, KINDS), pick(tape, KINDS)] } : {}), ...(chance(tape, 40) ? { requireTags: [pick(tape, TAGS)] } : {}) }]
      return r
    }
    if (chance(tape, 50)) doc['rules'] = rules()
    if (chance(tape, 70)) order['rules'] = rules()
    doc['skus'] = skus.map((id) => ({ id, ...(chance(tape, 50) ? { attributes: [pick(tape, ['bulky', 'fragile'])] } : {}) }))
  }
  // Drawn last, and in this family only, so that every other instance stays as it was.
  if (family === 'calendars' && f.method === 'ship' && chance(tape, 50)) {
    order['delivery'] = { ...(order['delivery'] as Record<string, unknown>), timeZone: pick(tape, CUSTOMER_ZONES) }
  }
  // Delay cost and protection, drawn after everything else so that the older families stay as they were.
  const sprinkle = priced && (family === 'mixed' || family === 'fastest')
  if (f.delay || (sprinkle && chance(tape, 10))) order['delayCost'] = pick(tape, DELAY_COSTS)
  if (f.protection || (sprinkle && chance(tape, 10))) {
    for (const n of nodes) {
      const shop = n['kind'] === 'store' || n['kind'] === 'dark-store'
      if (chance(tape, shop ? 75 : 15)) n['protection'] = { lastUnits: tape.int(1, 3), unitCost: pick(tape, PROTECTION_COSTS) }
    }
  }
  if (f.delay && f.method === 'ship' && chance(tape, 50)) order['delivery'] = { ...(order['delivery'] as Record<string, unknown>), timeZone: pick(tape, CUSTOMER_ZONES) }
  if ((f.delay || f.protection) && chance(tape, 15)) doc['strategy'] = 'fastest'
  return doc
}

const STORE_PACKAGES = ['8.2', '8.759', '9.1', '9.6', '8.5']
const STORE_UNITS = ['0.8', '0.95', '1.1', '1.25', '1.4']

/**
 * A small fashion chain (the `dense` family): 8–24 stores that each hold 1–2 units of a large
 * share of a 6–12 SKU catalogue, 0–2 warehouses holding some of it, parcel and unit costs a
 * few cents apart, and an order of 3–8 lines of 1–2 units. Every store holds a little of most
 * of the order, so screening keeps many holders, near-ties abound and the optimum is a
 * set-cover choice among them: where routing's screens, bounds and tie rule are tried hardest.
 */
const denseScenario = (tape: Tape): Record<string, unknown> => {
  const nowMs = Date.parse('2026-12-22T06:00:00Z') + tape.int(0, 16) * HOUR
  const warehouses = tape.int(0, 2)
  const stores = tape.int(8, 24)
  const skus = Array.from({ length: tape.int(6, 12) }, (_, i) => `K${i}`)
  const storeShare = pick(tape, [25, 35, 50])
  const nodes: Record<string, unknown>[] = []
  const stock: Record<string, unknown>[] = []
  for (let i = 0; i < warehouses + stores; i++) {
    const warehouse = i < warehouses
    const id = `${warehouse ? 'W' : 'S'}${i}`
    nodes.push({
      id,
      kind: warehouse ? 'warehouse' : 'store',
      location: point(tape),
      costs: warehouse ? { package: '8.759', unit: '0.423', perUnitKm: '0.000336' } : { package: pick(tape, STORE_PACKAGES), unit: pick(tape, STORE_UNITS), perUnitKm: '0.000336' },
    })
    for (const sku of skus) if (chance(tape, warehouse ? 30 : storeShare)) stock.push({ node: id, sku, onHand: warehouse ? tape.int(1, 6) : tape.int(1, 2) })
  }
  const method = chance(tape, 15) ? 'pickup' : 'ship'
  const lines: Record<string, unknown>[] = []
  const free = [...skus]
  const lineCount = tape.int(3, Math.min(8, skus.length))
  for (let i = 0; i < lineCount; i++) {
    const sku = free.splice(tape.int(0, free.length - 1), 1)[0] as string
    lines.push({ id: `${i + 1}`, sku, quantity: chance(tape, 25) ? 2 : 1 })
  }
  if (method === 'pickup') {
    const target = nodes[warehouses] as Record<string, unknown>
    target['capabilities'] = ['ship', 'pickup', 'transfer-in', 'transfer-out']
  }
  const order: Record<string, unknown> = {
    id: 'O1',
    channel: 'web',
    lines,
    delivery: method === 'pickup' ? { method: 'pickup', node: (nodes[warehouses] as { id: string }).id } : { method: 'ship', to: point(tape) },
    unfulfilledPenalty: pick(tape, ['15', '40', '1000']),
  }
  if (chance(tape, 30)) order['maxShipments'] = tape.int(2, 4)
  if (method === 'ship' && chance(tape, 15)) order['shipComplete'] = true
  if (method === 'ship' && chance(tape, 20)) order['allowHub'] = true
  return { now: iso(nowMs), nodes, stock, order }
}

/** The instance of `family` with number `seed` in the long runs: the seed and the family both mix into the stream. */
export const seededScenario = (seed: number, family: Family, priced?: boolean): Record<string, unknown> =>
  generateScenario(seededTape(seed * 7919 + FAMILIES.indexOf(family) * 104_729 + 1), family, priced)
