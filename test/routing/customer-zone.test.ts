/**
 * The customer's time zone (`order.delivery.timeZone`, the promise request's `timeZone`): a
 * parcel to the customer — direct, or a hub's last mile — is handed over on a delivery day
 * of the customer's clock when the order names one, of its sender's otherwise
 * (docs/model.md §2, choice 16). A Paris warehouse whose carrier delivers Monday to Friday
 * dispatches on Friday at 22:00 Paris time: Friday still in Paris, already Saturday in Tokyo.
 */
import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { planTable } from '../../src/cli/table.js'
import { promiseTable } from '../../src/cli/promise-table.js'
import { decodeOrder, decodePromiseRequest, decodeScenario, decodeStockSnapshot } from '../../src/codecs/decode.js'
import { zoneOfDelivery } from '../../src/display.js'
import { compiledNetwork } from '../support/network.js'
import { zoneNamed } from '../../src/network/compile.js'
import { promiseOptions } from '../../src/promise/index.js'
import { deliveredAt } from '../../src/routing/eta.js'
import { routeOrder } from '../../src/routing/route.js'
import { routeScenario } from '../../src/scenario.js'
import { buildStock } from '../../src/stock/index.js'
import { localOf, weekdayOf } from '../../src/time/zone.js'

const DAY = 86_400_000
const PARIS = { lat: 48.8566, lon: 2.3522 }
const MON_FRI = ['mon', 'tue', 'wed', 'thu', 'fri']
const costs = { package: '5', unit: '0.5', perUnitKm: '0' }

/** A warehouse in Paris that sends the moment an order comes in; its carrier takes no time and delivers Monday to Friday. */
const warehouse = { id: 'W-PARIS', kind: 'warehouse', location: PARIS, timeZone: 'Europe/Paris', leadTimeHours: 0, costs }
const transit = { baseHours: 0, deliveryDays: MON_FRI }

/** One jacket shipped to Paris, on the customer's clock `timeZone` when given. */
const jacketOrder = (timeZone?: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'O1',
  channel: 'web',
  lines: [{ id: '1', sku: 'JACKET', quantity: 1 }],
  ...extra,
  delivery: { method: 'ship', to: PARIS, ...(timeZone === undefined ? {} : { timeZone }) },
})

const shipScenario = (now: string, timeZone?: string): Record<string, unknown> => ({
  now,
  nodes: [warehouse],
  transit,
  stock: [{ node: 'W-PARIS', sku: 'JACKET', onHand: 3 }],
  order: jacketOrder(timeZone),
})

const routed = (doc: Record<string, unknown>) => {
  const r = routeScenario(doc, String(doc['now']))
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}

// Friday 4 December 2026, 22:00 in Paris (21:00Z): Saturday 06:00 in Tokyo.
const FRIDAY_EVENING = '2026-12-04T21:00:00Z'
// Monday 7 December 2026, 00:00 in Tokyo.
const MONDAY_TOKYO = '2026-12-06T15:00:00.000Z'

describe('a parcel dispatched on Friday 22:00 in Paris, carrier delivering Monday to Friday', () => {
  it('without a customer zone it is handed over at once: Friday on the sender’s clock', () => {
    const { plan } = routed(shipScenario(FRIDAY_EVENING))
    expect(plan.shipments.map((s) => s.deliveredAt)).toEqual(['2026-12-04T21:00:00.000Z'])
    expect(plan.eta).toBe('2026-12-04T21:00:00.000Z')
  })

  it('to a customer in Asia/Tokyo (already Saturday) it waits for Monday 00:00 Tokyo time', () => {
    const { plan } = routed(shipScenario(FRIDAY_EVENING, 'Asia/Tokyo'))
    expect(plan.shipments.map((s) => s.deliveredAt)).toEqual([MONDAY_TOKYO])
    expect(plan.eta).toBe(MONDAY_TOKYO)
  })

  it('the fixed offset +09:00 is the same clock as Tokyo’s (no daylight saving there)', () => {
    expect(routed(shipScenario(FRIDAY_EVENING, '+09:00')).plan.eta).toBe(MONDAY_TOKYO)
  })

  it('the other way: Monday 03:00 in Paris is still Sunday in New York, where it waits for Monday 00:00 (05:00Z)', () => {
    const now = '2026-12-07T02:00:00Z'
    expect(routed(shipScenario(now)).plan.eta).toBe('2026-12-07T02:00:00.000Z')
    expect(routed(shipScenario(now, 'America/New_York')).plan.eta).toBe('2026-12-07T05:00:00.000Z')
  })

  it('the customer zone changes no cost: only when the parcel is handed over', () => {
    const without = routed(shipScenario(FRIDAY_EVENING)).plan
    const with_ = routed(shipScenario(FRIDAY_EVENING, 'Asia/Tokyo')).plan
    expect(with_.totalCost).toBe(without.totalCost)
    expect(with_.shipments.map((s) => [s.from, s.dispatchAt])).toEqual(without.shipments.map((s) => [s.from, s.dispatchAt]))
  })
})

describe("a hub's last-mile parcel is judged on the customer's clock too", () => {
  // The stock sits at a node that can only transfer; the hub next door ships.
  const hubScenario = (timeZone?: string): Record<string, unknown> => ({
    now: FRIDAY_EVENING,
    nodes: [
      { id: 'A-STOCK', kind: 'warehouse', location: PARIS, timeZone: 'Europe/Paris', leadTimeHours: 0, transferHours: 0, capabilities: ['transfer-out'], costs },
      { id: 'H-PARIS', kind: 'warehouse', location: PARIS, timeZone: 'Europe/Paris', leadTimeHours: 0, capabilities: ['ship', 'hub', 'transfer-in'], costs },
    ],
    transit,
    stock: [{ node: 'A-STOCK', sku: 'JACKET', onHand: 3 }],
    order: jacketOrder(timeZone, { allowHub: true }),
  })

  it('the transfer arrives on Friday in Paris either way; the last mile waits for Monday in Tokyo', () => {
    const without = routed(hubScenario()).plan
    const tokyo = routed(hubScenario('Asia/Tokyo')).plan
    expect(without.hub).toBe('H-PARIS')
    expect(tokyo.hub).toBe('H-PARIS')
    expect(tokyo.transfers.map((t) => t.arrivesAt)).toEqual(without.transfers.map((t) => t.arrivesAt))
    expect(without.eta).toBe('2026-12-04T21:00:00.000Z')
    expect(tokyo.eta).toBe(MONDAY_TOKYO)
    expect(tokyo.shipments.map((s) => [s.from, s.deliveredAt])).toEqual([['H-PARIS', MONDAY_TOKYO]])
  })
})

describe('the compiled customer zone', () => {
  it('is compiled once per name on the network, and is the nodes’ own zone object when they share it', () => {
    const net = compiledNetwork({ nodes: [warehouse], transit })
    const tokyo = zoneNamed(net, 'Asia/Tokyo')
    expect(zoneNamed(net, 'Asia/Tokyo')).toBe(tokyo)
    expect(zoneNamed(net, 'Europe/Paris')).toBe(net.calendars[0]?.zone)
    expect(zoneNamed(net, '+09:00').name).toBe('+09:00')
    expect(zoneNamed(net, '+09:00')).toBe(zoneNamed(net, '+09:00'))
  })

  it('routing an order twice adds its zone to the network once, and the second call reuses its memo of offsets', () => {
    const net = compiledNetwork({ nodes: [warehouse], transit })
    const snapshot = decodeStockSnapshot({ rows: [{ node: 'W-PARIS', sku: 'JACKET', onHand: 3 }] })
    if (E.isLeft(snapshot)) throw new Error(snapshot.left.message)
    const stock = buildStock(net, snapshot.right)
    if (E.isLeft(stock)) throw new Error(JSON.stringify(stock.left))
    const order = decodeOrder((shipScenario(FRIDAY_EVENING, 'Asia/Tokyo') as { order: unknown }).order)
    if (E.isLeft(order)) throw new Error(order.left.message)
    const before = net.zones.size
    const first = routeOrder(stock.right, order.right, { now: FRIDAY_EVENING })
    const tokyo = net.zones.get('tz:Asia/Tokyo')
    const days = tokyo?.days.size ?? 0
    const second = routeOrder(stock.right, order.right, { now: FRIDAY_EVENING })
    expect(net.zones.size).toBe(before + 1)
    expect(net.zones.get('tz:Asia/Tokyo')).toBe(tokyo)
    expect(days).toBeGreaterThan(0)
    expect(tokyo?.days.size).toBe(days)
    expect(E.isRight(first) && first.right.eta).toBe(MONDAY_TOKYO)
    expect(second).toEqual(first)
  })

  test.prop([fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }), fc.integer({ min: 0, max: 2_000_000 }), fc.subarray(MON_FRI.concat('sat', 'sun'), { minLength: 1 })])(
    'a customer on the sender’s own clock changes nothing; on another clock, the hand-over is the arrival, or else 00:00 of the next delivery day there',
    (stockAt, metres, deliveryDays) => {
      const net = compiledNetwork({ nodes: [warehouse], transit: { baseHours: 0, deliveryDays } })
      const paris = net.calendars[0]?.zone
      const tokyo = zoneNamed(net, 'Asia/Tokyo')
      expect(deliveredAt(net, 0, stockAt, metres, paris)).toBe(deliveredAt(net, 0, stockAt, metres))
      const t = deliveredAt(net, 0, stockAt, metres, tokyo)
      const arrival = stockAt + Math.round((metres / 1000 / 80) * 3_600_000)
      expect(t).toBeGreaterThanOrEqual(arrival)
      const weekday = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][weekdayOf(Math.floor(localOf(tokyo, t) / DAY))]
      expect(deliveryDays).toContain(weekday)
      // Moved only when the arrival's Tokyo date is a day off, and then to a Tokyo midnight.
      if (t !== arrival) expect(localOf(tokyo, t) % DAY).toBe(0)
    },
  )
})

describe('the delivery promise takes the shopper’s zone', () => {
  const promised = (timeZone?: string) => {
    const net = compiledNetwork({ nodes: [warehouse], transit })
    const snapshot = decodeStockSnapshot({ rows: [{ node: 'W-PARIS', sku: 'JACKET', onHand: 3 }] })
    if (E.isLeft(snapshot)) throw new Error(snapshot.left.message)
    const stock = buildStock(net, snapshot.right)
    if (E.isLeft(stock)) throw new Error(JSON.stringify(stock.left))
    const req = decodePromiseRequest({ channel: 'web', now: FRIDAY_EVENING, location: PARIS, sku: 'JACKET', methods: ['ship'], ...(timeZone === undefined ? {} : { timeZone }) })
    if (E.isLeft(req)) throw new Error(req.left.message)
    const options = promiseOptions(stock.right, req.right)
    if (E.isLeft(options)) throw new Error(JSON.stringify(options.left))
    return options.right
  }

  it('the ship option is delivered on Monday in Tokyo, and its order carries the zone for checkout', () => {
    const [without] = promised()
    const [tokyo] = promised('Asia/Tokyo')
    expect(without?.eta).toBe('2026-12-04T21:00:00.000Z')
    expect(tokyo?.eta).toBe(MONDAY_TOKYO)
    expect(tokyo?.plan.shipments.map((s) => s.deliveredAt)).toEqual([MONDAY_TOKYO])
    expect(tokyo?.order.delivery).toEqual({ method: 'ship', to: PARIS, timeZone: 'Asia/Tokyo' })
    expect(without?.order.delivery).toEqual({ method: 'ship', to: PARIS })
  })

  it('the promise table shows the delivery on the shopper’s clock', () => {
    expect(promiseTable(promised('Asia/Tokyo'), undefined, () => 'Europe/Paris', 'Asia/Tokyo')).toContain('Mon 7 Dec 00:00 Asia/Tokyo')
    expect(promiseTable(promised(), undefined, () => 'Europe/Paris')).toContain('Fri 4 Dec 22:00 Europe/Paris')
  })
})

describe('readable output', () => {
  it('the explain table shows a parcel’s delivery and the ETA on the customer’s clock when the order has one', () => {
    const { plan } = routed(shipScenario(FRIDAY_EVENING, 'Asia/Tokyo'))
    const table = planTable(plan, () => 'Europe/Paris', 'Asia/Tokyo')
    expect(table).toContain('ETA Mon 7 Dec 00:00 Asia/Tokyo')
    expect(table).toContain('delivered Mon 7 Dec 00:00 Asia/Tokyo')
    expect(planTable(routed(shipScenario(FRIDAY_EVENING)).plan, () => 'Europe/Paris')).toContain('delivered Fri 4 Dec 22:00 Europe/Paris')
  })

  it('zoneOfDelivery: the customer’s zone for a ship delivery that names one, else the sender’s', () => {
    expect(zoneOfDelivery({ method: 'ship', timeZone: 'Asia/Tokyo' }, { timeZone: 'Europe/Paris' })).toBe('Asia/Tokyo')
    expect(zoneOfDelivery({ method: 'ship' }, { timeZone: 'Europe/Paris' })).toBe('Europe/Paris')
    expect(zoneOfDelivery({ method: 'pickup' }, { utcOffset: '+01:00' })).toBe('+01:00')
    expect(zoneOfDelivery(undefined, undefined)).toBe('UTC')
  })
})

describe('a bad customer zone is a decode error at its path', () => {
  const order = (timeZone: unknown): unknown => ({ id: 'O1', channel: 'web', lines: [{ id: '1', sku: 'A', quantity: 1 }], delivery: { method: 'ship', to: PARIS, timeZone } })

  it.each([['Asia/Tokio'], ['+25:00'], ['09:00'], [''], [9]])('%j in an order', (zone) => {
    const r = decodeOrder(order(zone))
    if (E.isRight(r)) throw new Error('expected a decode error')
    expect(r.left.issues.map((i) => i.path)).toEqual(['$.delivery.timeZone'])
    expect(r.left.issues[0]?.expected).toContain('ZoneName')
  })

  it('in a scenario, at its full path; in a promise request, at $.timeZone', () => {
    const s = decodeScenario({ ...shipScenario(FRIDAY_EVENING), order: order('Mars/Olympus') })
    if (E.isRight(s)) throw new Error('expected a decode error')
    expect(s.left.issues.map((i) => i.path)).toEqual(['$.order.delivery.timeZone'])
    const req = decodePromiseRequest({ channel: 'web', now: FRIDAY_EVENING, location: PARIS, sku: 'JACKET', timeZone: 'Mars/Olympus' })
    if (E.isRight(req)) throw new Error('expected a decode error')
    expect(req.left.issues.map((i) => i.path)).toEqual(['$.timeZone'])
  })

  it('IANA names and fixed offsets decode', () => {
    for (const zone of ['Asia/Tokyo', 'America/New_York', 'UTC', '+09:00', '-05:30']) expect(E.isRight(decodeOrder(order(zone))), zone).toBe(true)
  })
})
