/**
 * Plans keep the calendars: on the reference suite's calendar scenarios (Paris, New York,
 * Sydney and fixed offsets, days around the 2026 changes of clocks), no parcel or transfer of
 * a routed plan leaves on a day its node is closed, none is handed over on a carrier's day
 * off, and a pickup is ready inside the pickup node's opening hours.
 */
import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect } from 'vitest'
import type { Node } from '../../src/model/network.js'
import { routeScenario } from '../../src/scenario.js'
import { generateScenario, listTape } from '../reference/generate.js'

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const

/** The local date, weekday and minute of `iso` on the node's clock, read from Intl. */
const reading = (node: Node, iso: string): { date: string; weekday: string; minute: number } => {
  const ms = Date.parse(iso)
  if (node.timeZone === undefined) {
    const m = /^([+-])(\d{2}):(\d{2})$/.exec(node.utcOffset ?? '+00:00')
    const offset = m === null ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000
    const local = new Date(ms + offset)
    return { date: local.toISOString().slice(0, 10), weekday: local.toUTCString().slice(0, 3).toLowerCase(), minute: local.getUTCHours() * 60 + local.getUTCMinutes() }
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: node.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  )
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, weekday: String(parts['weekday']).toLowerCase().slice(0, 3), minute: Number(parts['hour']) * 60 + Number(parts['minute']) }
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))
const openOn = (node: Node, r: { date: string; weekday: string }): boolean =>
  !(node.closedDates ?? []).includes(r.date as never) && (node.openingHours === undefined || (node.openingHours[r.weekday as 'mon'] ?? []).length > 0)

describe('routed plans keep calendars', () => {
  test.prop([fc.array(fc.nat({ max: 1_000_000 }), { maxLength: 160 })], { numRuns: 60 })('no dispatch on a closed day, no hand-over on a day off, pickups inside opening hours', (values) => {
    const doc = generateScenario(listTape(values), 'calendars')
    const r = routeScenario(doc, String(doc['now']))
    if (E.isLeft(r)) return
    const { scenario, plan } = r.right
    const node = (id: string): Node => scenario.nodes.find((n) => n.id === id) as Node
    const days: readonly string[] = scenario.transit?.deliveryDays ?? WEEK
    for (const s of plan.shipments) {
      const from = node(s.from)
      expect(openOn(from, reading(from, s.dispatchAt)), `${s.from} dispatches ${s.dispatchAt}`).toBe(true)
      if (from.cutoff === undefined && from.openingHours !== undefined) {
        const r0 = reading(from, s.dispatchAt)
        expect((from.openingHours[r0.weekday as 'mon'] ?? []).some(([a, b]) => r0.minute >= minutes(a) && r0.minute < minutes(b)), `${s.from} dispatches ${s.dispatchAt} outside its hours`).toBe(true)
      }
      expect(days, `${s.from} delivers ${s.deliveredAt}`).toContain(reading(from, s.deliveredAt).weekday)
    }
    for (const t of plan.transfers) expect(days, `${t.from} → ${t.to} arrives ${t.arrivesAt}`).toContain(reading(node(t.to), t.arrivesAt).weekday)
    if (plan.pickup !== undefined) {
      const p = node(plan.pickup.node)
      const rr = reading(p, plan.pickup.readyAt)
      expect(openOn(p, rr), `ready ${plan.pickup.readyAt}`).toBe(true)
      if (p.openingHours !== undefined) expect((p.openingHours[rr.weekday as 'mon'] ?? []).some(([a, b]) => rr.minute >= minutes(a) && rr.minute < minutes(b)), `ready ${plan.pickup.readyAt}`).toBe(true)
    }
  })
})
