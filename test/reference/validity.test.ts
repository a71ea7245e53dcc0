/**
 * The validity check is not vacuous: the reference's own optimum passes it, and each way of
 * breaking that plan (one unit too many, a wrong cost, a lost line, a fenced unit, today's
 * capacity, a late date, an extra parcel) is caught.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeScenario } from '../../src/codecs/decode.js'
import type { Scenario } from '../../src/model/scenario.js'
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
