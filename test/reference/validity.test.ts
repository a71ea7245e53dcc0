/**
 * The validity check is not vacuous: the reference's own optimum passes it, and each way of
 * breaking that plan (one unit too many, a wrong cost, a lost line, a fenced unit, today's
 * capacity, a late date, an extra parcel, a delay or protection cost miscounted or
 * misplaced) is caught.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeScenario } from '../../src/codecs/decode.js'
import type { Scenario } from '../../src/model/scenario.js'
import { readScenario, type PricedScenario } from './documented.js'
import { referenceOptimum, referencePlan } from './model.js'
import { planViolations, type PlanLike } from './validity.js'

const doc = {
  now: '2026-12-22T09:00:00Z',
  nodes: [
    { id: 'S-NICE', kind: 'store', location: { lat: 43.7102, lon: 7.262 }, costs: { package: '8.759', unit: '1.2', perUnitKm: '0.000336' } },
    { id: 'W-MARSEILLE', kind: 'warehouse', location: { lat: 43.2965, lon: 5.3698 }, costs: { package: '5', unit: '0.423', perUnitKm: '0.000336' } },
  ],
  stock: [
    { node: 'S-NICE', sku: 'LAMP', onHand: 3 },
    { node: 'W-MARSEILLE', sku: 'LAMP', onHand: 5 },
  ],
  policies: { ringFences: [{ channel: 'store', nodeKind: 'store', quantity: 1 }] },
  order: {
    id: 'O1',
    channel: 'web',
    lines: [{ id: '1', sku: 'LAMP', quantity: 6 }],
    delivery: { method: 'ship', to: { lat: 43.5, lon: 6.5 } },
    unfulfilledPenalty: '60',
  },
}

const scenario = (json: unknown): Scenario => {
  const decoded = decodeScenario(json)
  if (E.isLeft(decoded)) throw new Error(decoded.left.message)
  return decoded.right
}

const setup = async (): Promise<{ s: Scenario; plan: PlanLike }> => {
  const r = await referenceOptimum(doc)
  if (r._tag !== 'solved') throw new Error(r.error)
  return { s: scenario(doc), plan: referencePlan(scenario(doc), r.best) }
}

describe('plan validity', () => {
  it('accepts the reference optimum: all 5 from Marseille, the sixth from the 2 unfenced units at Nice', async () => {
    const { s, plan } = await setup()
    expect(planViolations(s, plan)).toEqual([])
    expect(plan.allocations.map((a) => [a.node, a.quantity])).toEqual([
      ['S-NICE', 1],
      ['W-MARSEILLE', 5],
    ])
  })

  it('catches every broken copy of it', async () => {
    const { s, plan } = await setup()
    const nice = plan.allocations.findIndex((a) => a.node === 'S-NICE')
    const broken: Record<string, PlanLike> = {
      'a fenced unit': {
        ...plan,
        allocations: plan.allocations.map((a, i) => (i === nice ? { ...a, quantity: 3 } : a.node === 'W-MARSEILLE' ? { ...a, quantity: 3 } : a)),
      },
      'a wrong total': { ...plan, totalCost: '1' },
      'a line lost': { ...plan, allocations: plan.allocations.slice(1) },
      'one parcel too many': { ...plan, shipments: [...plan.shipments, ...plan.shipments.slice(0, 1)] },
    }
    for (const [name, p] of Object.entries(broken)) expect(planViolations(s, p), name).not.toEqual([])
    expect(planViolations(s, broken['a fenced unit'] as PlanLike).join()).toMatch(/S-NICE\/LAMP: 3 units .* > ATP 2/)
    expect(planViolations(s, broken['a wrong total'] as PlanLike).join()).toMatch(/totalCost 1 ≠/)
    const capped = scenario({ ...doc, nodes: doc.nodes.map((n) => (n.id === 'W-MARSEILLE' ? { ...n, dailyCapacity: { units: 4 } } : n)) })
    expect(planViolations(capped, plan).join()).toMatch(/capacity/)
    const late = scenario({ ...doc, order: { ...doc.order, deliverBy: '2026-12-22T10:00:00Z' } })
    expect(planViolations(late, plan).join()).toMatch(/deliverBy/)
    const single = scenario({ ...doc, order: { ...doc.order, maxShipments: 1 } })
    expect(planViolations(single, plan).join()).toMatch(/sources > 1/)
  })
})

describe('plan validity: delay cost and protection', () => {
  const load = async (file: string): Promise<{ doc: Record<string, unknown>; s: PricedScenario; plan: PlanLike }> => {
    const doc = JSON.parse(readFileSync(new URL(`./cases/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>
    const s = readScenario(doc)
    if (E.isLeft(s)) throw new Error(s.left)
    const r = await referenceOptimum(doc)
    if (r._tag !== 'solved') throw new Error(r.error)
    return { doc, s: s.right, plan: referencePlan(s.right, r.best) }
  }

  it('direct: each parcel pays its own days (4 units × 1 day + 6 units × 2 days, at 5)', async () => {
    const { s, plan } = await load('delay-two-parcels.json')
    expect([plan.delayCost, plan.totalCost, plan.shipments.length]).toEqual(['80', '102.02723', 2])
    expect(planViolations(s, plan)).toEqual([])
    // Counted as one plan-wide ETA (2 days × 10 units) it would be 100.
    expect(planViolations(s, { ...plan, delayCost: '100', totalCost: '122.02723' }).join()).toMatch(/delayCost 100 ≠ recomputed 80/)
    const { delayCost: _, ...bare } = plan
    expect(planViolations(s, { ...bare, totalCost: '22.02723' }).join()).toMatch(/no delayCost although the order sets one/)
    expect(planViolations(s, { ...plan, totalCost: '22.02723' }).join()).toMatch(/totalCost 22.02723 ≠/)
    const unpriced = readScenario({ ...JSON.parse(readFileSync(new URL('./cases/delay-two-parcels.json', import.meta.url), 'utf8')), order: { ...s.order, delayCost: undefined } })
    if (E.isLeft(unpriced)) throw new Error(unpriced.left)
    expect(planViolations(unpriced.right, plan).join()).toMatch(/delayCost 80 on a plan whose order sets none/)
  })

  it('pickup: every unit waits for the plan\'s readiness (3 units × 1 day at 2, not the transfer\'s 2 units)', async () => {
    const { s, plan } = await load('delay-pickup-readiness.json')
    expect([plan.delayCost, plan.totalCost]).toEqual(['6', '13.317826'])
    expect(planViolations(s, plan)).toEqual([])
    expect(planViolations(s, { ...plan, delayCost: '4', totalCost: '11.317826' }).join()).toMatch(/delayCost 4 ≠ recomputed 6/)
  })

  it('protection: the units sent now beyond ATP less the last units, written only when paid', async () => {
    const { s, plan } = await load('protection-worth-paying.json')
    expect([plan.protectionCost, plan.totalCost, plan.delayCost]).toEqual(['0.5', '5.701706', undefined])
    expect(planViolations(s, plan)).toEqual([])
    const { protectionCost: _, ...bare } = plan
    expect(planViolations(s, { ...bare, totalCost: '5.201706' }).join()).toMatch(/protectionCost - ≠ recomputed 0.5/)
    const avoided = await load('protection-takes-warehouse.json')
    expect(planViolations(avoided.s, avoided.plan)).toEqual([])
    expect(planViolations(avoided.s, { ...avoided.plan, protectionCost: '0' }).join()).toMatch(/protectionCost 0 is written/)
  })
})
