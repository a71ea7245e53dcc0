/**
 * The engine against the reference model of docs/model.md, on seeded scenario families and
 * on fast-check's shrinking tapes: a "proven" plan must cost exactly the reference optimum,
 * and every plan must be valid. The regression cases under test/reference/cases are the
 * defects this suite found once (backorder consolidation, a pickup or hub waiting for a lot,
 * a target's own-shelf capacity, a backorder from a node out of capacity today).
 */
import { test as fcTest } from '@fast-check/vitest'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { decodeScenario } from '../../src/codecs/decode.js'
import { compareScenario, type Outcome } from './compare.js'
import { formatMicros, micros } from './documented.js'
import { FAMILIES, generateScenario, listTape, seededScenario, type Family } from './generate.js'
import { referenceOptimum, referencePlan } from './model.js'
import { planViolations } from './validity.js'

const PER_FAMILY = 20
const SEED = 20_261_222

describe('the reference model on the stories', () => {
  const wLyon = (maxShipments?: number): Record<string, unknown> => ({
    now: '2026-12-22T09:00:00Z',
    nodes: [
      {
        id: 'W-LYON',
        kind: 'warehouse',
        location: { lat: 45.6969, lon: 4.9437 },
        cutoff: '17:00',
        leadTimeHours: 4,
        costs: { package: '8.759', unit: '0.423', perUnitKm: '0.000336' },
      },
    ],
    stock: [{ node: 'W-LYON', sku: 'SNEAKER-42', onHand: 4 }],
    inbound: [{ id: 'PO-1', node: 'W-LYON', sku: 'SNEAKER-42', quantity: 20, eta: '2026-12-23T08:00:00Z' }],
    order: {
      id: 'O1',
      channel: 'web',
      lines: [{ id: '1', sku: 'SNEAKER-42', quantity: 10 }],
      delivery: { method: 'ship', to: { lat: 45.1885, lon: 5.7245 } },
      allowBackorder: true,
      deliverBy: '2026-12-31T18:00:00Z',
      unfulfilledPenalty: '60',
      ...(maxShipments === undefined ? {} : { maxShipments }),
    },
  })

  it('backorder W-LYON: one parcel of 10 when the lot arrives, 8.759 + 10 × (0.423 + 0.000336 × 83.105 km) = 13.26823', async () => {
    for (const doc of [wLyon(1), wLyon()]) {
      const r = await referenceOptimum(doc)
      if (r._tag !== 'solved') throw new Error(r.error)
      expect(formatMicros(r.best.total)).toBe('13.26823')
      expect(r.best.open.map((o) => [o.facility.node, new Date(o.facility.at).toISOString(), o.units.get('SNEAKER-42')])).toEqual([
        ['W-LYON', '2026-12-23T08:00:00.000Z', 10],
      ])
    }
  })

  it('backorder W-LYON without a lot: 4 ship now and 6 pay the penalty', async () => {
    const doc = wLyon(1)
    delete doc['inbound']
    const r = await referenceOptimum(doc)
    if (r._tag !== 'solved') throw new Error(r.error)
    expect(formatMicros(r.best.total)).toBe('370.562692')
  })

  it('backorder W-LYON: the engine plan proven optimal costs the reference optimum (251.46 and 22.03 when on-hand and lot units could not share a parcel)', async () => {
    for (const doc of [wLyon(1), wLyon()]) {
      const o = await compareScenario(doc)
      expect([o.optimality, o.engineTotal]).toEqual(['proven', '13.26823'])
    }
  })
})

interface Case {
  readonly file: string
  readonly optimum: string
  readonly class: string
  readonly why: string
}

const casesDir = new URL('./cases/', import.meta.url)
const readJson = async (url: URL): Promise<unknown> => JSON.parse(await (await import('node:fs/promises')).readFile(url, 'utf8')) as unknown
const cases = (await readJson(new URL('index.json', casesDir))) as readonly Case[]

describe('regression cases (test/reference/cases)', () => {
  for (const c of cases) {
    it(`${c.file}: the reference optimum is ${c.optimum}, and a valid plan`, async () => {
      const doc = (await readJson(new URL(c.file, casesDir))) as Record<string, unknown>
      const r = await referenceOptimum(doc)
      if (r._tag !== 'solved') throw new Error(r.error)
      expect(formatMicros(r.best.total)).toBe(c.optimum)
      const s = decodeScenario(doc)
      if (E.isLeft(s)) throw new Error(s.left.message)
      expect(planViolations(s.right, referencePlan(s.right, r.best))).toEqual([])
    })
    it(`${c.file}: the engine's plan is valid and proven at ${c.optimum} (${c.class})`, async () => {
      const doc = (await readJson(new URL(c.file, casesDir))) as Record<string, unknown>
      const o = await compareScenario(doc)
      expect(o.violations).toEqual([])
      expect([o.optimality, o.engineTotal]).toEqual(['proven', c.optimum])
    })
  }
})

describe(`differential: ${PER_FAMILY} seeded instances per family`, () => {
  const outcomes = new Map<Family, { seed: number; outcome: Outcome }[]>()
  beforeAll(async () => {
    for (const family of FAMILIES) {
      const list: { seed: number; outcome: Outcome }[] = []
      for (let i = 0; i < PER_FAMILY; i++) list.push({ seed: SEED + i, outcome: await compareScenario(seededScenario(SEED + i, family)) })
      outcomes.set(family, list)
    }
  })
  const failing = (families: readonly Family[], keep: (o: Outcome) => boolean): string[] =>
    families.flatMap((f) => (outcomes.get(f) ?? []).filter(({ outcome }) => keep(outcome)).map(({ seed, outcome }) => `${f}-${seed}: ${outcome.mismatch ?? ''} ${outcome.violations.join('; ')}`))

  it('the reference optimum is always a valid plan, never beaten by a valid engine plan', () => {
    expect(failing(FAMILIES, (o) => o.referenceViolations.length > 0 || o.mismatch === 'cheaper-valid(check the reference)' || o.mismatch?.startsWith('reference-') === true)).toEqual([])
  })

  it('every family: every plan valid and proven equal to the reference', () => {
    expect(failing(FAMILIES, (o) => !o.agrees || o.violations.length > 0)).toEqual([])
    expect(FAMILIES.filter((f) => !(outcomes.get(f) ?? []).every(({ outcome }) => outcome.optimality === 'proven'))).toEqual([])
  })

  it('the seeded instances reach what the suite is for: consolidation with later supply, transfers into a pickup, hubs', () => {
    const solved = FAMILIES.flatMap((f) =>
      (outcomes.get(f) ?? []).flatMap(({ seed, outcome }) => (outcome.reference === undefined ? [] : [{ now: Date.parse(String(seededScenario(seed, f)['now'])), ref: outcome.reference }])),
    )
    const optima = solved.map((x) => x.ref)
    // Optima with a parcel or transfer that waits for an inbound lot.
    const consolidating = solved.filter(({ now, ref }) => ref.open.some((o) => o.facility.at > now))
    expect(consolidating.length).toBeGreaterThan(10)
    expect(optima.filter((r) => r.mode === 'pickup' && r.open.some((o) => o.facility.role === 'transfer')).length).toBeGreaterThan(10)
    expect(optima.filter((r) => r.mode === 'hub').length).toBeGreaterThan(2)
  })
})

describe('differential properties (shrinking tapes)', () => {
  const tape = fc.array(fc.nat({ max: 1_000_000 }), { maxLength: 160 })
  fcTest.prop([fc.constantFrom(...FAMILIES), tape], { numRuns: 40 })('the reference optimum is a valid plan no valid engine plan beats', async (family, values) => {
    const o = await compareScenario(generateScenario(listTape(values), family))
    expect(o.referenceViolations).toEqual([])
    if (o.violations.length === 0 && o.engineTotal !== undefined && o.referenceTotal !== undefined) {
      expect(micros(o.engineTotal) >= micros(o.referenceTotal)).toBe(true)
    }
  })

  fcTest.prop([fc.constantFrom(...FAMILIES), tape], { numRuns: 40 })('plans of every family are valid and proven optimal', async (family, values) => {
    const o = await compareScenario(generateScenario(listTape(values), family))
    expect(o.violations).toEqual([])
    expect(o.agrees).toBe(true)
  })
})
