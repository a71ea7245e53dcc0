/**
 * Decode errors name the exact JSON path of the problem and say what was expected there:
 * each kind of malformation, at a random place in a generated valid document, yields exactly
 * one issue at exactly that path.
 */
import { test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect } from 'vitest'
import {
  decodeError,
  decodeNetwork,
  decodeOrder,
  decodeReserveRequest,
  decodeScenario,
  decodeStockSnapshot,
  type DecodeError,
} from '../../src/codecs/decode.js'
import { Order } from '../../src/model/order.js'
import {
  networkArb,
  networkWithStockArb,
  orderArb,
  reserveRequestArb,
  scenarioArb,
} from '../support/arbitraries.js'
import { DELETE, jsonPath, resolveTemplate, valueAt, viaJson, withValue, type Key } from './json.js'
import { propertyParameters } from '../support/properties.js'

const leftOf = <A>(result: E.Either<DecodeError, A>): DecodeError => {
  if (E.isRight(result)) throw new Error(`expected a Left, got ${JSON.stringify(result.right).slice(0, 200)}`)
  return result.left
}

/**
 * A malformation: where (a template whose `*` steps pick an element), what to put there, and
 * a fragment the issue's `expected` must contain. `at` is appended to the resolved path when
 * the issue is deeper than the replaced value (e.g. an array element).
 */
interface Malformation {
  readonly kind: string
  readonly where: readonly Key[]
  readonly value: unknown
  readonly expected: string | RegExp
  readonly at?: readonly Key[]
}

const checkMalformations = (
  name: string,
  documents: fc.Arbitrary<unknown>,
  decode: (u: unknown) => E.Either<DecodeError, unknown>,
  malformations: readonly Malformation[],
): void => {
  describe(name, () => {
    test.prop([documents, fc.constantFrom(...malformations), fc.nat()], propertyParameters({ numRuns: 200 }))(
      'one malformation gives exactly one issue at its exact path',
      (doc, m, pick) => {
        const keys = resolveTemplate(doc, m.where, pick)
        fc.pre(keys !== undefined)
        const bad = withValue(doc, keys as Key[], m.value)
        const error = leftOf(decode(bad))
        const path = jsonPath([...(keys as Key[]), ...(m.at ?? [])])
        expect(error.issues.map((i) => i.path), `${m.kind}: ${error.message}`).toEqual([path])
        const [issue] = error.issues
        if (typeof m.expected === 'string') expect(issue?.expected).toContain(m.expected)
        else expect(issue?.expected).toMatch(m.expected)
        expect(error.message).toBe(`${path}: expected ${issue?.expected}, got ${issue?.actual}`)
      },
    )

    // Every malformation must be reachable in the generated documents, or it tests nothing.
    test.each(malformations.map((m) => [m.kind, m] as const))('%s is reachable', (_, m) => {
      const reachable = fc.sample(documents, { numRuns: 200, seed: 1 }).some((d) => resolveTemplate(d, m.where, 0) !== undefined)
      expect(reachable).toBe(true)
    })
  })
}

const nodeMalformations = (prefix: readonly Key[]): Malformation[] => {
  const node = [...prefix, '*']
  return [
    { kind: 'bad decimal (7 places)', where: [...node, 'costs', 'package'], value: '1.2345671', expected: 'Amount' },
    { kind: 'negative amount', where: [...node, 'costs', 'unit'], value: '-0.5', expected: 'Amount' },
    { kind: 'amount as a number', where: [...node, 'costs', 'package'], value: 8.759, expected: 'Amount' },
    { kind: 'rate in exponent notation', where: [...node, 'costs', 'perUnitKm'], value: '3.36e-4', expected: 'Rate' },
    { kind: 'rate with 10 places', where: [...node, 'costs', 'perUnitKm'], value: '0.0000003361', expected: 'Rate' },
    { kind: 'latitude out of range', where: [...node, 'location', 'lat'], value: 90.000001, expected: 'Latitude' },
    { kind: 'longitude out of range', where: [...node, 'location', 'lon'], value: -180.5, expected: 'Longitude' },
    { kind: 'latitude as a string', where: [...node, 'location', 'lat'], value: '48.85', expected: 'Latitude' },
    { kind: 'unknown node kind', where: [...node, 'kind'], value: 'shop', expected: '"warehouse"' },
    { kind: 'unknown capability', where: [...node, 'capabilities'], value: ['ship', 'teleport'], expected: '"pickup"', at: [1] },
    { kind: 'missing id', where: [...node, 'id'], value: DELETE, expected: 'Id' },
    { kind: 'empty id', where: [...node, 'id'], value: '', expected: 'Id' },
    { kind: 'missing costs', where: [...node, 'costs'], value: DELETE, expected: 'NodeCosts' },
    { kind: 'costs of the wrong type', where: [...node, 'costs'], value: 'cheap', expected: 'NodeCosts' },
    { kind: 'missing location', where: [...node, 'location'], value: DELETE, expected: 'Location' },
    { kind: 'bad cut-off', where: [...node, 'cutoff'], value: '24:00', expected: 'LocalTime' },
    { kind: 'bad offset', where: [...node, 'utcOffset'], value: '+15:00', expected: 'UtcOffset' },
    { kind: 'unknown time zone', where: [...node, 'timeZone'], value: 'Europe/Pariss', expected: 'TimeZone' },
    { kind: 'offset as a time zone', where: [...node, 'timeZone'], value: '+01:00x', expected: 'IANA time zone' },
    { kind: 'overlapping opening hours', where: [...node, 'openingHours'], value: { mon: [['09:00', '13:00'], ['12:00', '19:00']] }, expected: 'without overlap', at: ['mon'] },
    { kind: 'opening hours out of order', where: [...node, 'openingHours'], value: { fri: [['14:00', '19:00'], ['09:00', '12:00']] }, expected: 'in order', at: ['fri'] },
    { kind: 'opening interval ending before it starts', where: [...node, 'openingHours'], value: { tue: [['19:00', '09:00']] }, expected: 'end after they start', at: ['tue'] },
    { kind: 'opening at 24:00', where: [...node, 'openingHours'], value: { wed: [['24:00', '24:00']] }, expected: 'LocalTime', at: ['wed', 0, 0] },
    { kind: 'closing at 25:00', where: [...node, 'openingHours'], value: { wed: [['09:00', '25:00']] }, expected: 'ClosingTime', at: ['wed', 0, 1] },
    { kind: 'never open', where: [...node, 'openingHours'], value: { sun: [] }, expected: 'at least one opening interval' },
    { kind: 'misspelt weekday', where: [...node, 'openingHours'], value: { mon: [['09:00', '19:00']], tues: [] }, expected: 'did you mean "tue"?', at: ['tues'] },
    { kind: 'closed date that does not exist', where: [...node, 'closedDates'], value: ['2026-12-25', '2026-02-30'], expected: 'LocalDate', at: [1] },
    { kind: 'negative lead time', where: [...node, 'leadTimeHours'], value: -1, expected: 'Hours' },
    { kind: 'fractional capacity', where: [...node, 'dailyCapacity'], value: { units: 1.5 }, expected: 'Quantity', at: ['units'] },
    { kind: 'tags not an array', where: [...node, 'tags'], value: 'flagship', expected: 'array of Id' },
    { kind: 'priority as a string', where: [...node, 'priority'], value: '1', expected: 'Priority' },
    { kind: 'infinite priority', where: [...node, 'priority'], value: Infinity, expected: 'Priority' },
    { kind: 'NaN priority', where: [...node, 'priority'], value: Number.NaN, expected: 'Priority' },
    { kind: 'priority beyond its bound', where: [...node, 'priority'], value: -1e300, expected: 'finite number' },
    { kind: 'amount beyond its bound', where: [...node, 'costs', 'package'], value: '1000000000.000001', expected: 'at most 1,000,000,000' },
    { kind: 'amount beyond exact range', where: [...node, 'costs', 'unit'], value: '123456789012345678', expected: 'Amount' },
    { kind: 'rate beyond its bound', where: [...node, 'costs', 'perUnitKm'], value: '1000.000000001', expected: 'at most 1,000' },
    { kind: 'capacity beyond its bound', where: [...node, 'dailyCapacity'], value: { orders: 1_000_001 }, expected: 'from 0 to 1,000,000', at: ['orders'] },
    { kind: 'misspelt cost', where: [...node, 'costs', 'pakage'], value: '1', expected: 'did you mean "package"?' },
    { kind: 'misspelt capacity', where: [...node, 'dailyCapacity'], value: { order: 3 }, expected: 'did you mean "orders"?', at: ['order'] },
    { kind: 'unknown key in a node', where: [...node, 'colour'], value: 'red', expected: 'unknown key' },
    { kind: 'node not an object', where: node, value: 42, expected: 'Node' },
    { kind: 'null node', where: node, value: null, expected: 'Node' },
  ]
}

checkMalformations('network errors', networkArb(), decodeNetwork, [
  ...nodeMalformations(['nodes']),
  { kind: 'nodes not an array', where: ['nodes'], value: { a: 1 }, expected: 'array of Node' },
  { kind: 'missing nodes', where: ['nodes'], value: DELETE, expected: 'array of Node' },
  { kind: 'SKU without id', where: ['skus', '*', 'id'], value: DELETE, expected: 'Id' },
  { kind: 'SKU attribute not an Id', where: ['skus', '*', 'attributes'], value: [''], expected: 'Id', at: [0] },
  { kind: 'zero transit speed', where: ['transit'], value: { kmPerHour: 0 }, expected: 'Speed', at: ['kmPerHour'] },
  { kind: 'no delivery day', where: ['transit'], value: { deliveryDays: [] }, expected: 'at least one delivery day', at: ['deliveryDays'] },
  { kind: 'unknown delivery day', where: ['transit'], value: { deliveryDays: ['mon', 'funday'] }, expected: '"mon"', at: ['deliveryDays', 1] },
])

const stockRowMalformations = (rows: Key): Malformation[] => [
  { kind: 'negative on hand', where: [rows, '*', 'onHand'], value: -1, expected: 'Quantity' },
  { kind: 'fractional on hand', where: [rows, '*', 'onHand'], value: 2.5, expected: 'Quantity' },
  { kind: 'on hand as a string', where: [rows, '*', 'onHand'], value: '3', expected: 'Quantity' },
  { kind: 'on hand beyond a billion', where: [rows, '*', 'onHand'], value: 1e12, expected: 'Quantity' },
  { kind: 'missing on hand', where: [rows, '*', 'onHand'], value: DELETE, expected: 'Quantity' },
  { kind: 'row without node', where: [rows, '*', 'node'], value: DELETE, expected: 'Id' },
  { kind: 'row with a numeric SKU', where: [rows, '*', 'sku'], value: 12, expected: 'Id' },
]

checkMalformations(
  'stock snapshot errors',
  networkWithStockArb({ minNodes: 2, minSkus: 2 }).map(({ network, stock }) => ({
    ...stock,
    // Make sure every optional part exists somewhere, so every malformation is reachable.
    rows: stock.rows.length > 0 ? stock.rows : [{ node: network.nodes[0]?.id, sku: network.skus[0]?.id, onHand: 1 }],
    inbound: [{ id: 'po-1', node: network.nodes[0]?.id, sku: network.skus[0]?.id, quantity: 3, eta: '2026-02-01T08:00:00Z' }, ...(stock.inbound ?? [])],
    policies: {
      safetyStock: [{ quantity: 1 }],
      ringFences: [{ channel: 'store', quantity: 2, nodeKind: 'store' }],
      confidenceBuffers: [{ quantity: 1 }],
      ...stock.policies,
    },
  })),
  decodeStockSnapshot,
  [
    ...stockRowMalformations('rows'),
    { kind: 'eta without offset', where: ['inbound', '*', 'eta'], value: '2026-11-27T09:30:00', expected: 'Instant' },
    { kind: 'eta on 30 February', where: ['inbound', '*', 'eta'], value: '2026-02-30T09:30:00Z', expected: 'Instant' },
    { kind: 'zero inbound quantity', where: ['inbound', '*', 'quantity'], value: 0, expected: 'PositiveQuantity' },
    { kind: 'unknown policy node kind', where: ['policies', 'safetyStock', '*'], value: { quantity: 1, nodeKind: 'depot' }, expected: '"store"', at: ['nodeKind'] },
    { kind: 'ring fence percent over 100', where: ['policies', 'ringFences', '*'], value: { channel: 'web', percent: 101 }, expected: 'Percent', at: ['percent'] },
    { kind: 'ring fence without size', where: ['policies', 'ringFences', '*'], value: { channel: 'web' }, expected: /exactly one of "quantity".*or "percent"/ },
    { kind: 'ring fence with both sizes', where: ['policies', 'ringFences', '*'], value: { channel: 'web', quantity: 2, percent: 10 }, expected: /exactly one of .*not both "quantity" and "percent"/, at: ['percent'] },
    { kind: 'ring fence of −50 percent', where: ['policies', 'ringFences', '*'], value: { channel: 'web', percent: -50 }, expected: 'Percent', at: ['percent'] },
    { kind: 'policy scoped to a node and a node kind', where: ['policies', 'confidenceBuffers', '*'], value: { quantity: 1, node: 'st-1', nodeKind: 'store' }, expected: 'at most one of "node" or "nodeKind"', at: ['nodeKind'] },
    { kind: 'misspelt policy scope', where: ['policies', 'safetyStock', '*'], value: { quantity: 1, nodes: 'st-1' }, expected: 'did you mean "node"?', at: ['nodes'] },
    { kind: 'unknown policy list', where: ['policies', 'ringfences'], value: [], expected: 'did you mean "ringFences"?' },
    { kind: 'ring fence without channel', where: ['policies', 'ringFences', '*'], value: { quantity: 1 }, expected: 'Id', at: ['channel'] },
    { kind: 'ring fence not an object', where: ['policies', 'ringFences', '*'], value: 'all', expected: 'RingFence' },
    { kind: 'negative confidence buffer', where: ['policies', 'confidenceBuffers', '*', 'quantity'], value: -2, expected: 'Quantity' },
    { kind: 'rows not an array', where: ['rows'], value: 'none', expected: 'array of StockRow' },
  ],
)

const orderMalformations = (order: readonly Key[]): Malformation[] => [
  { kind: 'zero quantity', where: [...order, 'lines', '*', 'quantity'], value: 0, expected: 'PositiveQuantity' },
  { kind: 'quantity beyond its bound', where: [...order, 'lines', '*', 'quantity'], value: 1_000_001, expected: 'PositiveQuantity (whole number from 1 to 1,000,000)' },
  { kind: 'penalty beyond its bound', where: [...order, 'unfulfilledPenalty'], value: '2000000000', expected: 'Amount' },
  { kind: 'negative quantity', where: [...order, 'lines', '*', 'quantity'], value: -3, expected: 'PositiveQuantity' },
  { kind: 'fractional quantity', where: [...order, 'lines', '*', 'quantity'], value: 1.5, expected: 'PositiveQuantity' },
  { kind: 'missing quantity', where: [...order, 'lines', '*', 'quantity'], value: DELETE, expected: 'PositiveQuantity' },
  { kind: 'line without SKU', where: [...order, 'lines', '*', 'sku'], value: DELETE, expected: 'Id' },
  { kind: 'negative line penalty', where: [...order, 'lines', '*', 'unfulfilledPenalty'], value: '-5', expected: 'Amount' },
  { kind: 'line not an object', where: [...order, 'lines', '*'], value: [1], expected: 'OrderLine' },
  { kind: 'lines missing', where: [...order, 'lines'], value: DELETE, expected: 'array of OrderLine' },
  { kind: 'missing channel', where: [...order, 'channel'], value: DELETE, expected: 'Id' },
  { kind: 'unknown delivery method', where: [...order, 'delivery', 'method'], value: 'drone', expected: '"ship", "pickup"' },
  { kind: 'missing delivery method', where: [...order, 'delivery', 'method'], value: DELETE, expected: '"ship", "pickup"' },
  { kind: 'delivery not an object', where: [...order, 'delivery'], value: 'home', expected: 'Delivery' },
  { kind: 'ship latitude out of range', where: [...order, 'delivery'], value: { method: 'ship', to: { lat: -91, lon: 2 } }, expected: 'Latitude', at: ['to', 'lat'] },
  { kind: 'ship without address', where: [...order, 'delivery'], value: { method: 'ship' }, expected: 'Location', at: ['to'] },
  { kind: 'pickup without node', where: [...order, 'delivery'], value: { method: 'pickup' }, expected: 'Id', at: ['node'] },
  { kind: 'pickup with an address', where: [...order, 'delivery'], value: { method: 'pickup', node: 'st-1', to: { lat: 1, lon: 2 } }, expected: 'unknown key', at: ['to'] },
  { kind: 'misspelt option', where: [...order, 'maxShipment'], value: 2, expected: 'did you mean "maxShipments"?' },
  { kind: 'unknown key in a line', where: [...order, 'lines', '*', 'qty'], value: 2, expected: 'unknown key' },
  { kind: 'unknown key in a location', where: [...order, 'delivery', 'to', 'altitude'], value: 35, expected: 'unknown key' },
  { kind: 'unknown key in the rules', where: [...order, 'rules'], value: { excludeNode: ['st-1'] }, expected: 'did you mean "excludeNodes"?', at: ['excludeNode'] },
  { kind: 'bad deliverBy', where: [...order, 'deliverBy'], value: 'tomorrow', expected: 'Instant' },
  { kind: 'deliverBy without offset', where: [...order, 'deliverBy'], value: '2026-11-27T09:30', expected: 'Instant' },
  { kind: 'zero max shipments', where: [...order, 'maxShipments'], value: 0, expected: 'PositiveQuantity' },
  { kind: 'ship-complete as a string', where: [...order, 'shipComplete'], value: 'yes', expected: 'boolean' },
  { kind: 'unknown rule node kind', where: [...order, 'rules'], value: { nodeKinds: ['store', 'depot'] }, expected: '"warehouse"', at: ['nodeKinds', 1] },
  { kind: 'negative rule radius', where: [...order, 'rules'], value: { maxDistanceKm: -1 }, expected: 'Kilometres', at: ['maxDistanceKm'] },
  { kind: 'attribute rule without attribute', where: [...order, 'rules'], value: { skuAttributes: [{ nodeKinds: ['store'] }] }, expected: 'Id', at: ['skuAttributes', 0, 'attribute'] },
]

checkMalformations('order errors', networkArb().chain((n) => orderArb(n)), decodeOrder, orderMalformations([]))

checkMalformations(
  'reserve request errors',
  networkArb().chain((n) => reserveRequestArb(n)),
  decodeReserveRequest,
  [
    { kind: 'zero quantity', where: ['lines', '*', 'quantity'], value: 0, expected: 'PositiveQuantity' },
    { kind: 'bad availableAt', where: ['lines', '*', 'availableAt'], value: '2026-13-01T00:00:00Z', expected: 'Instant' },
    { kind: 'bad expiresAt', where: ['expiresAt'], value: 1795771800000, expected: 'Instant' },
    { kind: 'missing channel', where: ['channel'], value: DELETE, expected: 'Id' },
  ],
)

checkMalformations('scenario errors', scenarioArb(), decodeScenario, [
  ...nodeMalformations(['nodes']),
  ...stockRowMalformations('stock'),
  ...orderMalformations(['order']),
  { kind: 'missing order', where: ['order'], value: DELETE, expected: 'Order' },
  { kind: 'bad now', where: ['now'], value: '27/11/2026', expected: 'Instant' },
  { kind: 'unknown strategy', where: ['strategy'], value: 'cheapest', expected: '"optimal", "fastest", "priority", "nearest"' },
  { kind: 'bad inbound eta', where: ['inbound', '*', 'eta'], value: '2026-11-27', expected: 'Instant' },
  { kind: 'bad network-wide rule', where: ['rules'], value: { regions: [''] }, expected: 'Id', at: ['regions', 0] },
])

describe('the examples of the brief', () => {
  const scenario = {
    nodes: [0, 1, 2].map((i) => ({
      id: `n${i}`,
      kind: 'warehouse',
      location: { lat: 48 + i, lon: 2 },
      costs: { package: '8.759', unit: '0.423', perUnitKm: '0.000336' },
    })),
    stock: [0, 1, 2, 3].map((i) => ({ node: 'n0', sku: `s${i}`, onHand: 5 })),
    order: {
      id: 'o1',
      channel: 'web',
      lines: [{ id: 'l1', sku: 's1', quantity: 2 }],
      delivery: { method: 'ship', to: { lat: 45.76, lon: 4.84 } },
    },
  }

  test('the scenario is valid', () => {
    expect(E.isRight(decodeScenario(scenario))).toBe(true)
  })

  test.each([
    [['nodes', 2, 'costs', 'package'], 'abc', '$.nodes[2].costs.package: expected Amount (non-negative decimal string, at most 6 decimal places, at most 1,000,000,000), got "abc"'],
    [['order', 'lines', 0, 'quantity'], -1, '$.order.lines[0].quantity: expected PositiveQuantity (whole number from 1 to 1,000,000), got -1'],
    [['stock', 3, 'onHand'], 1.5, '$.stock[3].onHand: expected Quantity (whole number from 0 to 1,000,000), got 1.5'],
    [['order', 'maxShipment'], 2, '$.order.maxShipment: expected a known key of Order (unknown key; did you mean "maxShipments"?), got 2'],
    [['nodes', 0, 'costs', 'pakage'], '1', '$.nodes[0].costs.pakage: expected a known key of NodeCosts (unknown key; did you mean "package"?), got "1"'],
    [['nodes', 1, 'dailyCapacity'], { order: 3 }, '$.nodes[1].dailyCapacity.order: expected a known key of DailyCapacity (unknown key; did you mean "orders"?), got 3'],
    [['order', 'colour'], 'red', '$.order.colour: expected a known key of Order (unknown key; one of "id", "channel", "lines", "delivery", "maxShipments", "shipComplete", "allowPartial", "allowBackorder", "allowHub", "allowUnknownSkus", "deliverBy", "unfulfilledPenalty", "delayCost", "rules"), got "red"'],
    [['nodes', 0, 'priority'], Infinity, '$.nodes[0].priority: expected Priority (finite number from −1,000,000,000 to 1,000,000,000), got Infinity'],
    [['order', 'delivery', 'method'], 'drone', '$.order.delivery.method: expected one of "ship", "pickup", got "drone"'],
    [['order', 'delivery', 'to', 'lat'], 123, '$.order.delivery.to.lat: expected Latitude (−90 to 90), got 123'],
    [['nodes', 0, 'kind'], 'shop', '$.nodes[0].kind: expected NodeKind (one of "warehouse", "store", "dark-store", "locker", "supplier"), got "shop"'],
    [['order', 'lines', 0, 'id'], DELETE, '$.order.lines[0].id: expected Id (non-empty string, at most 200 characters), got undefined'],
  ] as const)('%j ← %j', (keys, value, message) => {
    expect(leftOf(decodeScenario(withValue(scenario, keys, value))).message).toBe(message)
  })

  test('several problems are all reported, in document order', () => {
    let bad = withValue(scenario, ['nodes', 1, 'location', 'lat'], 100)
    bad = withValue(bad, ['stock', 0, 'onHand'], -1)
    bad = withValue(bad, ['order', 'lines', 0, 'quantity'], 0)
    const error = leftOf(decodeScenario(bad))
    expect(error.document).toBe('scenario')
    expect(error.issues.map((i) => i.path)).toEqual(['$.nodes[1].location.lat', '$.stock[0].onHand', '$.order.lines[0].quantity'])
  })

  test('at most 20 issues are reported', () => {
    const nodes = Array.from({ length: 50 }, (_, i) => ({ id: `n${i}`, kind: 'castle', location: { lat: 0, lon: 0 }, costs: {} }))
    const error = leftOf(decodeNetwork({ nodes }))
    expect(error.issues).toHaveLength(20)
    expect(error.issues[0]?.path).toBe('$.nodes[0].kind')
    // Each node: a bad kind and three missing costs; 200 problems, 20 listed.
    const lines = error.message.split('\n')
    expect(lines).toHaveLength(21)
    expect(lines[20]).toBe('and 180 more problems')
  })

  test('the count of problems left out is exact, and none is mentioned when none is left out', () => {
    const node = (i: number, kind: string) => ({ id: `n${i}`, kind, location: { lat: 0, lon: 0 }, costs: { package: '1', unit: '0', perUnitKm: '0' } })
    const castles = (n: number) => Array.from({ length: 25 }, (_, i) => node(i, i < n ? 'castle' : 'store'))
    expect(leftOf(decodeNetwork({ nodes: castles(21) })).message.split('\n').at(-1)).toBe('and 1 more problem')
    expect(leftOf(decodeNetwork({ nodes: castles(23) })).message.split('\n').at(-1)).toBe('and 3 more problems')
    const twenty = leftOf(decodeNetwork({ nodes: castles(20) }))
    expect(twenty.issues).toHaveLength(20)
    expect(twenty.message).not.toContain('more problem')
  })

  test('a ring-fence gives exactly one size, in range', () => {
    const fences = (fence: object) => leftOf(decodeStockSnapshot({ rows: [], policies: { ringFences: [fence] } })).issues
    expect(fences({ channel: 'web', quantity: 2, percent: 200 })).toEqual([
      { path: '$.policies.ringFences[0].percent', expected: 'Percent (0 to 100)', actual: '200' },
      { path: '$.policies.ringFences[0].percent', expected: 'exactly one of "quantity" (whole number ≥ 0) or "percent" (0 to 100), not both "quantity" and "percent"', actual: '200' },
    ])
    expect(fences({ channel: 'web', quantity: 2, percent: 50 }).map((i) => i.path)).toEqual(['$.policies.ringFences[0].percent'])
    expect(fences({ channel: 'web', percent: -50 })).toEqual([{ path: '$.policies.ringFences[0].percent', expected: 'Percent (0 to 100)', actual: '-50' }])
    expect(fences({ channel: 'web' })).toEqual([
      { path: '$.policies.ringFences[0]', expected: 'exactly one of "quantity" (whole number ≥ 0) or "percent" (0 to 100)', actual: '{"channel":"web"}' },
    ])
    expect(E.isRight(decodeStockSnapshot({ rows: [], policies: { ringFences: [{ channel: 'web', percent: 100 }, { channel: 'web', quantity: 0, node: 'a' }] } }))).toBe(true)
  })

  test('an unknown key that is not an identifier is quoted in its path', () => {
    expect(leftOf(decodeNetwork({ nodes: [], '': 1, 'a b': 2 })).issues.map((i) => i.path)).toEqual(['$[""]', '$["a b"]'])
  })

  test('keys that are not identifiers are quoted in the path', () => {
    const error = leftOf(decodeStockSnapshot({ rows: [], policies: { ringFences: [{ channel: 'web', 'quantity': 'x' }] } }))
    expect(error.issues.map((i) => i.path)).toEqual(['$.policies.ringFences[0].quantity'])
    expect(leftOf(decodeNetwork(5)).message).toBe('$: expected Network, got 5')
    expect(leftOf(decodeOrder(null)).issues[0]).toEqual({ path: '$', expected: 'Order', actual: 'null' })
  })

  test('a hostile getter is reported, not thrown', () => {
    const doc = viaJson(scenario) as { order: Record<string, unknown> }
    Object.defineProperty(doc.order, 'lines', {
      enumerable: true,
      get: () => {
        throw new Error('boom')
      },
    })
    const error = leftOf(decodeScenario(doc))
    expect(error.issues).toEqual([{ path: '$', expected: 'scenario', actual: 'an unreadable value' }])
  })
})

describe('delivery union errors stay useful', () => {
  const order = {
    id: 'o1',
    channel: 'web',
    lines: [{ id: 'l1', sku: 's1', quantity: 1 }],
    delivery: { method: 'ship', to: { lat: 48.85, lon: 2.35 } },
  }
  const issuesFor = (delivery: unknown) => leftOf(decodeOrder({ ...order, delivery })).issues

  test('a bad member field is reported at its path, against the member the method names', () => {
    expect(issuesFor({ method: 'ship', to: { lat: 200, lon: 2 } })).toEqual([
      { path: '$.delivery.to.lat', expected: 'Latitude (−90 to 90)', actual: '200' },
    ])
    expect(issuesFor({ method: 'pickup', nodeId: 'st-1' })).toEqual([
      { path: '$.delivery.node', expected: 'Id (non-empty string, at most 200 characters)', actual: 'undefined' },
      { path: '$.delivery.nodeId', expected: 'a known key of PickupDelivery (unknown key; did you mean "node"?)', actual: '"st-1"' },
    ])
    // Nothing about the other member (no "expected pickup" for a ship delivery).
    expect(issuesFor({ method: 'ship', to: 'home' }).map((i) => i.path)).toEqual(['$.delivery.to'])
  })

  test('an unknown method is reported at the method, listing the known ones', () => {
    expect(issuesFor({ method: 'drone', to: { lat: 1, lon: 2 } })).toEqual([
      { path: '$.delivery.method', expected: 'one of "ship", "pickup"', actual: '"drone"' },
    ])
    expect(issuesFor({ to: { lat: 1, lon: 2 } })).toEqual([
      { path: '$.delivery.method', expected: 'one of "ship", "pickup"', actual: 'undefined' },
    ])
  })

  test('a delivery that is not an object says what a delivery is', () => {
    const [issue] = issuesFor(['ship'])
    expect(issue?.path).toBe('$.delivery')
    expect(issue?.expected).toContain('Delivery')
    expect(issue?.expected).toContain('"method"')
    expect(issue?.expected).toContain('"ship", "pickup"')
  })
})

describe('__proto__ keys', () => {
  test('cannot smuggle unvalidated fields into a decoded order', () => {
    const text =
      '{"id":"o1","channel":"web","lines":[],"delivery":{"method":"ship","to":{"lat":1,"lon":2,"extra":1}},' +
      '"__proto__":{"maxShipments":-5,"shipComplete":"yes"}}'
    const error = leftOf(decodeOrder(JSON.parse(text)))
    expect(error.issues).toEqual([
      { path: '$.__proto__', expected: 'no "__proto__" key', actual: '{"maxShipments":-5,"shipComplete":"yes"}' },
    ])
  })

  test('are reported where they are, in nested records and ring fences too', () => {
    const network = JSON.parse(
      '{"nodes":[{"id":"a","kind":"store","location":{"lat":1,"lon":2},"costs":{"package":"1","unit":"0","perUnitKm":"0","__proto__":{"unit":"-1"}}}]}',
    )
    expect(leftOf(decodeNetwork(network)).issues.map((i) => i.path)).toEqual(['$.nodes[0].costs.__proto__'])
    const stock = JSON.parse('{"rows":[],"policies":{"ringFences":[{"channel":"web","quantity":1,"__proto__":{"percent":500}}]}}')
    expect(leftOf(decodeStockSnapshot(stock)).issues.map((i) => i.path)).toEqual(['$.policies.ringFences[0].__proto__'])
  })

  test('a "__proto__" key in a location is refused like any other unknown key', () => {
    const order = JSON.parse(
      '{"id":"o1","channel":"web","lines":[],"delivery":{"method":"ship","to":{"lat":1,"lon":2,"__proto__":{"lat":99}}}}',
    )
    expect(leftOf(decodeOrder(order)).issues).toEqual([{ path: '$.delivery.to.__proto__', expected: 'no "__proto__" key', actual: '{"lat":99}' }])
  })
})

describe('decodeError', () => {
  test('builds the same error as the decoder from raw io-ts errors', () => {
    const input = { id: 'o1', channel: 'web', lines: [{ id: 'l1', sku: 's', quantity: 0 }], delivery: { method: 'pickup', node: 'st-1' } }
    const raw = Order.decode(input)
    if (E.isRight(raw)) throw new Error('expected raw errors')
    expect(decodeError('order', raw.left)).toEqual(leftOf(decodeOrder(input)))
    expect(valueAt(input, ['lines', 0, 'quantity'])).toBe(0)
  })
})
