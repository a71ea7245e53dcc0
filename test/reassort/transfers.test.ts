import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, test } from 'vitest'
import type { RebalanceDocument } from '../../src/model/reassort.js'
import { rebalanceDocument, type Rebalance } from '../../src/reassort/transfers.js'
import { checkSuggestion, referenceOptimum, smallDocument } from './reference.js'

const suggest = (doc: unknown, budget?: number): Rebalance => {
  const r = rebalanceDocument(doc, budget === undefined ? {} : { budget })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right.rebalance
}

const objective = (r: Rebalance): number => {
  const m = (s: string): number => Math.round(Number(s) * 1e6)
  return m(r.expectedMarginAfter) - m(r.expectedMarginBefore) - m(r.transferCost)
}

describe('suggestTransfers against HiGHS on the documented MIP', () => {
  const COUNT = 530
  test(`${COUNT} seeded small documents: proven answers are optimal, bounded ones within their gap`, async () => {
    let proven = 0
    let withLimits = 0
    for (let seed = 1; seed <= COUNT; seed++) {
      const doc = smallDocument(seed)
      const r = suggest(doc)
      const own = checkSuggestion(doc as RebalanceDocument, r)
      expect(own, `seed ${seed}`).toBe(objective(r))
      const best = await referenceOptimum(doc as RebalanceDocument)
      const got = own / 1e6
      if (r.optimality === 'proven') {
        proven++
        expect(Math.abs(got - best), `seed ${seed}: engine ${got}, HiGHS ${best}`).toBeLessThanOrEqual(1e-6)
      } else {
        expect(got, `seed ${seed}`).toBeLessThanOrEqual(best + 1e-6)
        expect(best, `seed ${seed}: gap ${r.gap}`).toBeLessThanOrEqual(got + Number(r.gap) + 1e-6)
      }
      if (doc.options !== undefined) withLimits++
    }
    expect(proven).toBeGreaterThanOrEqual(500)
    expect(withLimits).toBeGreaterThan(100)
  }, 120_000)
})

/** Deep-freezes a value (the engine must not write to its input). */
const freeze = <T,>(x: T): T => {
  if (typeof x === 'object' && x !== null) {
    for (const v of Object.values(x)) freeze(v)
    Object.freeze(x)
  }
  return x
}

describe('properties on seeded documents', () => {
  const seeds = Array.from({ length: 150 }, (_, i) => 10_000 + i)

  test('every suggestion moves only units that may be promised, once, from transfer-out to transfer-in nodes, within the lane limits, with exact figures', () => {
    for (const seed of seeds) {
      const doc = smallDocument(seed)
      // checkSuggestion throws on any broken rule.
      expect(() => checkSuggestion(doc, suggest(doc)), `seed ${seed}`).not.toThrow()
    }
  })

  test('a suggestion never lowers the objective: expected margin after − cost ≥ before, and the gap is never negative', () => {
    for (const seed of seeds) {
      const r = suggest(smallDocument(seed))
      expect(objective(r), `seed ${seed}`).toBeGreaterThanOrEqual(0)
      expect(Number(r.gap)).toBeGreaterThanOrEqual(0)
      for (const t of r.transfers) expect(t.lines.length).toBeGreaterThan(0)
      // A proven answer takes every unit that pays on a lane it uses.
      if (r.optimality === 'proven') for (const t of r.transfers) for (const l of t.lines) expect(l.stops, `seed ${seed}`).not.toBe('search-stopped')
    }
  })

  test('the same document gives the same answer, byte for byte, whatever the order of its rows, and the input is not written to', () => {
    for (const seed of seeds.slice(0, 60)) {
      const doc = smallDocument(seed)
      const first = JSON.stringify(suggest(freeze(structuredClone(doc))))
      const shuffled = { ...doc, nodes: [...doc.nodes].reverse(), stock: [...doc.stock].reverse(), demand: [...doc.demand].reverse(), margins: [...doc.margins].reverse() }
      expect(JSON.stringify(suggest(freeze(shuffled))), `seed ${seed}`).toBe(first)
      expect(JSON.stringify(suggest(doc))).toBe(first)
    }
  })

  test('a world where no move gains gives no transfer: every shelf already holds what sells, or moves cost more than any unit earns', () => {
    for (const seed of seeds.slice(0, 60)) {
      const doc = smallDocument(seed)
      const costly = { ...doc, nodes: doc.nodes.map((n) => ({ ...n, costs: { ...n.costs, transfer: { fixed: '0', unit: '1000' } } })) }
      const r = suggest(costly)
      expect(r.transfers, `seed ${seed}`).toEqual([])
      expect(r.expectedMarginAfter).toBe(r.expectedMarginBefore)
      expect(r.optimality).toBe('proven')
      const noMargin = { ...doc, margins: doc.margins.map((m) => ({ ...m, margin: '0' })) }
      expect(suggest(noMargin).transfers).toEqual([])
    }
  })

  test('units that may not be promised stay: with every unit held back as safety stock, nothing moves', () => {
    for (const seed of seeds.slice(0, 40)) {
      const doc = smallDocument(seed)
      const held = { ...doc, policies: { safetyStock: [{ quantity: 1_000_000 }] } }
      expect(suggest(held).transfers, `seed ${seed}`).toEqual([])
    }
  })

  test('a node without transfer-out never sends and one without transfer-in never receives', () => {
    for (const seed of seeds.slice(0, 60)) {
      const doc = smallDocument(seed)
      const caps = doc.nodes.map((n, i) => ({ ...n, capabilities: i % 2 === 0 ? (['transfer-in'] as const) : (['transfer-out'] as const) }))
      const r = suggest({ ...doc, nodes: caps })
      for (const t of r.transfers) {
        expect(Number(t.from.slice(1)) % 2, `seed ${seed}`).toBe(1)
        expect(Number(t.to.slice(1)) % 2).toBe(0)
      }
    }
  })

  test('maxLanes 0 gives no transfer; a budget of 1 work unit still gives a valid, bounded or proven answer', () => {
    for (const seed of seeds.slice(0, 40)) {
      const doc = smallDocument(seed)
      expect(suggest({ ...doc, options: { maxLanes: 0 } }).transfers).toEqual([])
      const r = suggest(doc, 1)
      checkSuggestion(doc, r)
      expect(objective(r)).toBeGreaterThanOrEqual(0)
    }
  })
})

describe('one worked case', () => {
  const costs = { package: '5', unit: '0.5', perUnitKm: '0.002' }
  const doc = {
    now: '2026-11-27T09:00:00Z',
    nodes: [
      { id: 'LILLE-1', kind: 'store', location: { lat: 50.63, lon: 3.06 }, costs },
      { id: 'LYON-1', kind: 'store', location: { lat: 45.76, lon: 4.84 }, costs },
      { id: 'PARIS-1', kind: 'store', location: { lat: 48.85, lon: 2.35 }, costs },
    ],
    stock: [
      { node: 'PARIS-1', sku: 'A', onHand: 10 },
      { node: 'PARIS-1', sku: 'B', onHand: 4 },
    ],
    demand: [
      { node: 'PARIS-1', sku: 'A', mean: 2 },
      { node: 'LYON-1', sku: 'A', mean: 5 },
      { node: 'LILLE-1', sku: 'A', mean: 3 },
      { node: 'LILLE-1', sku: 'B', mean: 2 },
    ],
    margins: [
      { sku: 'A', margin: '20' },
      { sku: 'B', margin: '8' },
    ],
  }

  test('Paris sends its surplus to Lille and Lyon, one truck each, and each line says why it stops', () => {
    const r = suggest(doc)
    expect(r.optimality).toBe('proven')
    expect(r.transfers.map((t) => [t.from, t.to, t.lines.map((l) => `${l.sku}×${l.quantity}`).join(' ')])).toEqual([
      ['PARIS-1', 'LILLE-1', 'A×3 B×4'],
      ['PARIS-1', 'LYON-1', 'A×5'],
    ])
    const [lille, lyon] = r.transfers
    expect(lille?.lines.find((l) => l.sku === 'B')?.stops).toBe('sender-has-no-more')
    expect(lyon?.lines[0]?.stops).toBe('next-unit-not-worth-it')
    expect(lyon?.explanation).toMatch(/^PARIS-1 → LYON-1: 5 units of 1 SKU\. LYON-1 should sell 4\.12 more units \(\+82\.45 expected margin\)/)
    expect(lyon?.explanation).toMatch(/stops at 5 because a 6th unit would add 7\.68 at LYON-1 but lose 11\.88 at PARIS-1 and cost 1\.28 to carry\./)
    // Σ of the transfers' gains is the change in expected margin.
    const gains = r.transfers.reduce((s, t) => s + Math.round(Number(t.gain) * 1e6), 0)
    expect(gains).toBe(Math.round(Number(r.expectedMarginAfter) * 1e6) - Math.round(Number(r.expectedMarginBefore) * 1e6))
  })

  test('a lane minimum above what a lane is worth filling closes it; maxLanes 1 keeps the better lane', () => {
    expect(suggest({ ...doc, options: { maxLanes: 1 } }).transfers.map((t) => t.to)).toEqual(['LYON-1'])
    const r = suggest({ ...doc, options: { minUnitsPerLane: 8 } })
    for (const t of r.transfers) expect(t.lines.reduce((q, l) => q + l.quantity, 0)).toBeGreaterThanOrEqual(8)
  })
})
