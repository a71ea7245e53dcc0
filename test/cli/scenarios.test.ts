/**
 * Every bundled scenario routes to a total derived by hand from the documented cost model,
 * not from the engine: distances are the haversine distance (R = 6371 km) rounded to whole
 * metres, computed below by a reference written here; per-unit-per-km rates times a distance
 * are rounded half-to-even to the micro-unit. The totals live in scenario-totals.json, which
 * CI also reads to check the built CLI.
 *
 * ship.json — to (45.76, 4.84), maxShipments 2, penalty 30 per unit:
 *   km(W1, d) = 391.489 → 0.000336 × 391.489 = 0.131540(304) → W1 per unit 0.423 + 0.13154 = 0.55454
 *   km(S-LYON, d) = 1.506 → 0.000506(016) → S-LYON per unit 1.20 + 0.000506 = 1.200506
 *   W1 holds A×10, B×1; S-LYON holds B×3. Plans meeting A×2, B×2:
 *     W1 {A2, B1} + S-LYON {B1}: 2 × 8.759 + 3 × 0.55454 + 1.200506 = 20.382126  ← cheapest
 *     W1 {A2} + S-LYON {B2}:     2 × 8.759 + 2 × 0.55454 + 2 × 1.200506 = 21.028092
 *     W1 {A2, B1}, B1 unfulfilled: 8.759 + 1.66362 + 30 = 40.42262
 * pickup.json — collect at S-VILLEURBANNE (holds none), default penalty 1000:
 *   transfer from S-LYON-PART-DIEU, km = 2.699: 3.50 + 1 × (0.60 + 0.0002 × 2.699 = 0.00054(0)) = 4.10054 ← cheapest
 *   transfer from W-PARIS (its transfer costs default to its parcel costs), km = 379.595:
 *     8.759 + 0.423 + 0.000336 × 379.595 = 0.127544 → 9.309544
 * hub.json — ship-complete to Toulouse: one parcel must carry TENT-4P (W-PARIS) and LAMP
 *   (W-LYON), so the direct plan leaves both unfulfilled (2 × 1000); through a hub h:
 *   transfer fixed 4.50 + 1 × (0.20 + 0.00025 × km(k, h)) + parcel 8.759 + 2 × (0.423 + 0.000336 × km(h, d))
 *   km(W-PARIS, W-LYON) = 388.909 → 0.097227(25) → transfer 4.797227
 *   hub W-LYON, km(W-LYON, d) = 361.538 → 0.121477 → 8.759 + 2 × 0.544477 = 9.847954; total 14.645181 ← cheapest
 *   hub W-PARIS, km(W-PARIS, d) = 580.113 → 0.194918 → 8.759 + 2 × 0.617918 = 9.994836; total 14.792063
 * backorder.json — 10 units to Grenoble, 4 on hand at W-LYON, 20 arriving 2026-11-29T08:00Z,
 *   backorder allowed, penalty 60: km(W-LYON, d) = 83.105 → 0.027923(28) → per unit 0.450923
 *   one parcel of 10 when the lot is in (on hand and lot units together): 8.759 + 10 × 0.450923 = 13.26823 ← cheapest
 *   4 now + 6 when the lot is in: 2 × 8.759 + 4.50923 = 22.02723
 *   4 now, 6 unfulfilled: 8.759 + 1.803692 + 360 = 370.562692
 * speed.json — 2 jackets to Paris (customer clock Europe/Paris), delayCost 1.50 per unit per
 *   day, now Friday 27 Nov 10:00 Paris; transit 24 h + km/80, delivery Monday–Saturday.
 *   S-OPERA, km = 2.540 → 0.000336 × 2.54 = 0.000853(44) → per unit 0.600853; protection: its
 *     ATP 2, last 1 protected at 2. Ready 12:00, no cut-off: leaves Friday, delivered Saturday
 *     12:01 → 1 day.
 *   W-LYON, km = 402.016 → 0.135077(376) → per unit 0.558077. Ready 14:00, after its 13:00
 *     cut-off: leaves Saturday 13:00, lands Sunday 18:01, not a delivery day → Monday 00:00 → 3 days.
 *     S-OPERA ×2: 4 + 2 × 0.600853 = 5.201706 + protection 2 + delay 2 × 1 × 1.5 = 3 → 10.201706 ← cheapest
 *     W-LYON ×2:  5 + 2 × 0.558077 = 6.116154 + delay 2 × 3 × 1.5 = 9 → 15.116154
 *     one each:   4.600853 + 1.5 + 5.558077 + 4.5 = 16.15893
 *   (without the delay cost W-LYON would win: 6.116154 against 7.201706)
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import totals from './scenario-totals.json' with { type: 'json' }

const run = (file: string) => {
  const out: string[] = []
  const code = main(['route', file], {
    out: (s) => out.push(s),
    err: () => undefined,
    read: (f) => readFileSync(f, 'utf8'),
    now: () => '2026-11-27T09:00:00Z',
  })
  expect(code).toBe(0)
  return JSON.parse(out.join('\n')) as {
    totalCost: string
    shipments: { from: string; cost: string; backorder: boolean; lines: { sku: string; quantity: number }[] }[]
    transfers: { from: string; to: string; cost: string }[]
    hub?: string
    unfulfilled: unknown[]
  }
}

/** The reference distance of the derivation above: haversine, R = 6371 km, whole metres. */
const metres = (a: readonly [number, number], b: readonly [number, number]): number => {
  const rad = Math.PI / 180
  const h = Math.sin(((b[0] - a[0]) * rad) / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(((b[1] - a[1]) * rad) / 2) ** 2
  return Math.round(2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h))) * 1000)
}

describe('bundled scenarios route to their hand-derived totals', () => {
  it('the distances of the derivation', () => {
    expect(metres([48.85, 2.35], [45.76, 4.84])).toBe(391_489)
    expect(metres([45.7606, 4.8594], [45.76, 4.84])).toBe(1_506)
    expect(metres([45.7606, 4.8594], [45.7719, 4.8902])).toBe(2_699)
    expect(metres([48.7717, 2.4874], [45.7719, 4.8902])).toBe(379_595)
    expect(metres([48.7717, 2.4874], [45.6969, 4.9437])).toBe(388_909)
    expect(metres([45.6969, 4.9437], [43.6047, 1.4442])).toBe(361_538)
    expect(metres([48.7717, 2.4874], [43.6047, 1.4442])).toBe(580_113)
    expect(metres([45.6969, 4.9437], [45.1885, 5.7245])).toBe(83_105)
    expect(metres([48.8736, 2.329], [48.8566, 2.3522])).toBe(2_540)
    expect(metres([45.6969, 4.9437], [48.8566, 2.3522])).toBe(402_016)
  })

  it('ship: W1 ships A×2 and its one B, the Lyon store the other B', () => {
    const plan = run('examples/scenarios/ship.json')
    expect(plan.totalCost).toBe(totals.ship)
    expect(plan.shipments.map((s) => [s.from, s.cost, s.lines.map((l) => `${l.sku}×${l.quantity}`)])).toEqual([
      ['S-LYON', '9.959506', ['B×1']],
      ['W1', '10.42262', ['A×2', 'B×1']],
    ])
    expect(plan.unfulfilled).toEqual([])
  })

  it('pickup: one store-to-store transfer from Part-Dieu', () => {
    const plan = run('examples/scenarios/pickup.json')
    expect(plan.totalCost).toBe(totals.pickup)
    expect(plan.transfers.map((t) => [t.from, t.to, t.cost])).toEqual([['S-LYON-PART-DIEU', 'S-VILLEURBANNE', '4.10054']])
  })

  it('hub: the tent goes to the Lyon hub, which ships both units in one parcel', () => {
    const plan = run('examples/scenarios/hub.json')
    expect(plan.totalCost).toBe(totals.hub)
    expect(plan.hub).toBe('W-LYON')
    expect(plan.transfers.map((t) => [t.from, t.to, t.cost])).toEqual([['W-PARIS', 'W-LYON', '4.797227']])
    expect(plan.shipments.map((s) => [s.from, s.cost])).toEqual([['W-LYON', '9.847954']])
  })

  it('backorder: one parcel of 10 leaves Lyon once the lot is in', () => {
    const plan = run('examples/scenarios/backorder.json')
    expect(plan.totalCost).toBe(totals.backorder)
    expect(plan.shipments.map((s) => [s.from, s.cost, s.backorder, s.lines.map((l) => l.quantity)])).toEqual([['W-LYON', '13.26823', true, [10]]])
    expect(plan.unfulfilled).toEqual([])
  })

  it('speed: the Paris store sends both jackets a day sooner and pays for its last one', () => {
    const plan = run('examples/scenarios/speed.json') as ReturnType<typeof run> & { fulfilmentCost: string; delayCost?: string; protectionCost?: string }
    expect(plan.totalCost).toBe(totals.speed)
    expect([plan.fulfilmentCost, plan.delayCost, plan.protectionCost]).toEqual(['5.201706', '3', '2'])
    expect(plan.shipments.map((s) => [s.from, s.cost, s.lines.map((l) => l.quantity)])).toEqual([['S-OPERA', '5.201706', [2]]])
  })
})
