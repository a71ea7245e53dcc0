/**
 * suggestConfidenceBuffers: its laws (more error never lowers a buffer, a perfect history
 * gives zero, a higher service level never lowers a buffer, the order of the counts changes
 * nothing, the input is never mutated, any input gives a value), its errors (each naming its
 * path), and its output used as the stock policy it claims to be.
 */
import { test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeStockSnapshot } from '../../src/codecs/decode.js'
import type { CountHistory } from '../../src/model/counts.js'
import { suggestConfidenceBuffers, type BufferSuggestion, type ConfidenceBufferOptions } from '../../src/reassort/confidence.js'
import { positionBreakdown } from '../../src/stock/index.js'
import { deepFreeze } from '../codecs/json.js'
import { propertyParameters } from '../support/properties.js'
import { build } from '../stock/fixtures.js'

const DAY = 86_400_000
const START = Date.UTC(2026, 2, 1, 8)

interface Count {
  readonly node: string
  readonly sku: string
  readonly expected: number
  readonly counted: number
  readonly countedAt: string
}

const countArb: fc.Arbitrary<Count> = fc
  .record({
    node: fc.constantFrom('a', 'b', 'c', 'd'),
    sku: fc.constantFrom('x', 'y', 'z', 'w'),
    day: fc.integer({ min: 0, max: 200 }),
    expected: fc.integer({ min: 0, max: 40 }),
    delta: fc.integer({ min: -6, max: 12 }),
  })
  .map(({ node, sku, day, expected, delta }) => ({ node, sku, expected, counted: Math.max(0, expected - delta), countedAt: new Date(START + day * DAY).toISOString() }))

const CATALOGUE = [
  { id: 'x', attributes: ['fragile'] },
  { id: 'y', attributes: ['fragile', 'small'] },
  { id: 'z', attributes: [] },
  { id: 'w', attributes: ['small'] },
]

/** Histories without two counts of one position at one instant, with or without the catalogue. */
const historyArb: fc.Arbitrary<CountHistory> = fc
  .record({
    counts: fc.uniqueArray(countArb, { minLength: 1, maxLength: 120, selector: (c) => `${c.node}|${c.sku}|${c.countedAt}` }),
    catalogue: fc.boolean(),
  })
  .map(({ counts, catalogue }) => (catalogue ? { counts, skus: CATALOGUE } : { counts }) as unknown as CountHistory)

const optionsArb: fc.Arbitrary<ConfidenceBufferOptions> = fc.record(
  {
    serviceLevel: fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
    halfLifeDays: fc.double({ min: 1, max: 400, noNaN: true }),
    priorCounts: fc.integer({ min: 0, max: 50 }),
    minEmpiricalCounts: fc.integer({ min: 1, max: 60 }),
    minAttributeCounts: fc.integer({ min: 1, max: 40 }),
  },
  { requiredKeys: ['serviceLevel'] },
)

const run = (history: CountHistory, options: ConfidenceBufferOptions = {}): BufferSuggestion => {
  const r = suggestConfidenceBuffers(history, options)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const left = (history: unknown, options: ConfidenceBufferOptions = {}) => {
  const r = suggestConfidenceBuffers(history as CountHistory, options)
  if (E.isRight(r)) throw new Error('expected an error')
  return r.left
}

/** The buffer the policies give at (node, sku): the SKU policy if any, else the node's. */
const bufferAt = (s: BufferSuggestion, node: string, sku: string): number =>
  (s.confidenceBuffers.find((p) => p.node === node && p.sku === sku) ?? s.confidenceBuffers.find((p) => p.node === node && p.sku === undefined))?.quantity ?? -1

/** Every buffer of a suggestion: per node, per node attribute, and per counted position. */
const everyBuffer = (s: BufferSuggestion, history: CountHistory): number[] => [
  s.network.quantity,
  ...s.nodes.flatMap((n) => [n.quantity, ...n.attributes.map((a) => a.quantity)]),
  ...history.counts.map((c) => bufferAt(s, c.node, c.sku)),
]

/** The history with each count's phantom units multiplied by `factor` (a surplus stays as it is). */
const scaled = (history: CountHistory, factor: number): CountHistory =>
  ({ ...history, counts: history.counts.map((c) => (c.expected > c.counted ? { ...c, expected: c.counted + factor * (c.expected - c.counted) } : c)) }) as CountHistory

describe('laws', () => {
  test.prop([historyArb, optionsArb, fc.integer({ min: 2, max: 6 })])('more error never lowers a buffer: scaling every shortfall up', (history, options, factor) => {
    const before = run(history, options)
    const after = run(scaled(history, factor), options)
    const b = everyBuffer(before, history)
    const a = everyBuffer(after, history)
    for (let i = 0; i < b.length; i++) expect(a[i]).toBeGreaterThanOrEqual(b[i] as number)
    // The same policies exist; only their sizes may grow.
    expect(after.confidenceBuffers.filter((p) => p.sku === undefined).length).toBe(before.confidenceBuffers.filter((p) => p.sku === undefined).length)
  })

  test.prop([historyArb, optionsArb])('a perfect history (every count found what the system expected) gives zero everywhere', (history, options) => {
    const perfect = { ...history, counts: history.counts.map((c) => ({ ...c, counted: c.expected })) } as CountHistory
    const s = run(perfect, options)
    expect(everyBuffer(s, perfect).every((q) => q === 0)).toBe(true)
    expect(s.confidenceBuffers.every((p) => p.quantity === 0)).toBe(true)
  })

  test.prop([historyArb, optionsArb, fc.double({ min: 0.5, max: 0.9999, noNaN: true })])('a higher service level never lowers a buffer', (history, options, other) => {
    const low = Math.min(options.serviceLevel as number, other)
    const high = Math.max(options.serviceLevel as number, other)
    const a = everyBuffer(run(history, { ...options, serviceLevel: low }), history)
    const b = everyBuffer(run(history, { ...options, serviceLevel: high }), history)
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeGreaterThanOrEqual(a[i] as number)
  })

  test.prop([historyArb, optionsArb, fc.integer()])('the order of the counts and of the catalogue changes nothing', (history, options, seed) => {
    const shuffle = <T>(xs: readonly T[]): T[] => {
      const out = [...xs]
      let s = seed >>> 0
      for (let i = out.length - 1; i > 0; i--) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0
        const j = s % (i + 1)
        ;[out[i], out[j]] = [out[j] as T, out[i] as T]
      }
      return out
    }
    const shuffled = { ...history, counts: shuffle(history.counts), ...(history.skus === undefined ? {} : { skus: shuffle(history.skus) }) } as CountHistory
    expect(run(shuffled, options)).toEqual(run(history, options))
  })

  test.prop([historyArb, optionsArb])('the input is not mutated (a deep-frozen history and options give the same answer)', (history, options) => {
    const copy = structuredClone({ history, options })
    const frozen = deepFreeze(structuredClone({ history, options }))
    expect(run(frozen.history, frozen.options)).toEqual(run(copy.history, copy.options))
    expect(frozen).toEqual(copy)
  })

  test.prop([historyArb, optionsArb])('the same input gives byte-identical output, every buffer a whole number ≥ 0 with a reason', (history, options) => {
    const a = run(history, options)
    expect(JSON.stringify(run(history, options))).toBe(JSON.stringify(a))
    for (const p of a.confidenceBuffers) expect(Number.isSafeInteger(p.quantity) && p.quantity >= 0).toBe(true)
    for (const n of a.nodes) expect(n.reason).toContain(`buffer ${n.quantity}`)
    expect(a.work.spent).toBeLessThanOrEqual(a.work.budget)
  })

  test.prop([fc.anything({ maxDepth: 3, withBigInt: true }), fc.anything({ maxDepth: 2 })], propertyParameters({ numRuns: 200 }))('any input gives a value, never an exception', (history, options) => {
    const r = suggestConfidenceBuffers(history as CountHistory, options as ConfidenceBufferOptions)
    expect(E.isLeft(r) || E.isRight(r)).toBe(true)
  })
})

describe('the estimate', () => {
  const counts = (node: string, shortfalls: readonly number[], from = 0): Count[] =>
    shortfalls.map((s, i) => ({ node, sku: `S${i % 3}`, expected: 20, counted: 20 - s, countedAt: new Date(START + (from + i) * DAY).toISOString() }))

  it('a node with many counts takes its empirical prediction quantile; a surplus counts as no phantom stock', () => {
    // 60 counts: 54 clean, 3 short by 1, 3 short by 2, plus surpluses that must not matter.
    const shortfalls = [...Array<number>(50).fill(0), -3, -3, -2, -1, 1, 1, 1, 2, 2, 2]
    const s = run({ counts: counts('S1', shortfalls) } as unknown as CountHistory, { serviceLevel: 0.9 })
    const n = s.nodes[0]
    expect(n?.method).toBe('empirical')
    // P(0) = 54/60 = 0.9 < the prediction level 0.9 × 61/60 = 0.915; P(≤1) = 0.95: buffer 1.
    expect(n?.empiricalQuantile).toBe(1)
    expect(n?.quantity).toBe(1)
    expect(s.confidenceBuffers).toEqual([{ node: 'S1', quantity: 1 }])
    expect(n?.reason).toMatch(/^60 counts \(effective 60\); phantom stock in 10% of counts, mean 0\.15 units; empirical 90% prediction quantile 1 \(level 0\.915\); buffer 1$/)
  })

  it('a node with few counts takes the normal prediction quantile, shrunk towards the network', () => {
    const big = counts('BIG', [...Array<number>(80).fill(0), ...Array<number>(20).fill(1)])
    const small = counts('SMALL', [3, 0, 4, 0, 5], 200)
    const s = run({ counts: [...big, ...small] } as unknown as CountHistory, { serviceLevel: 0.95, priorCounts: 5 })
    const node = s.nodes.find((n) => n.node === 'SMALL')
    expect(node?.method).toBe('fitted')
    // Weight 5 against priorCounts 5: half its own distribution, half the network's.
    expect(node?.shrinkage).toBe(0.5)
    expect(node?.reason).toContain('shrunk 50% towards the network')
    expect(node?.quantity).toBe(Math.ceil((node?.fittedQuantile as number) - 1e-9))
    expect(s.shrinkageCounts).toEqual({ nodes: 5, attributes: 5 })
  })

  it('estimates the shrinkage from the history when priorCounts is not given (Bühlmann–Straub)', () => {
    // Two nodes whose means differ far more than chance: almost no shrinkage.
    const apart = run({ counts: [...counts('A', Array<number>(40).fill(0).map((_, i) => i % 2)), ...counts('B', Array<number>(40).fill(0).map((_, i) => 8 + (i % 2)))] } as unknown as CountHistory)
    expect(apart.shrinkageCounts.nodes).toBeLessThan(1)
    // Two nodes drawn alike: their means differ by chance only, so each is the network.
    const alike = run({ counts: [...counts('A', Array<number>(40).fill(0).map((_, i) => i % 3)), ...counts('B', Array<number>(40).fill(0).map((_, i) => (i + 1) % 3))] } as unknown as CountHistory)
    expect(alike.shrinkageCounts.nodes).toBe('infinite')
    expect(JSON.parse(JSON.stringify(alike)).shrinkageCounts.nodes).toBe('infinite')
    expect(alike.nodes.map((n) => n.shrinkage)).toEqual([1, 1])
    expect(alike.nodes[0]?.quantity).toBe(alike.nodes[1]?.quantity)
  })

  it('gives an attribute its own SKU policies when its counts support it, and only then', () => {
    // Fragile SKUs lose 0–4 units a count (60 counts), the others none (300 counts).
    const fragile = Array.from({ length: 60 }, (_, i) => ({ node: 'S1', sku: i % 2 === 0 ? 'VASE' : 'BOWL', expected: 20, counted: 20 - (i % 5), countedAt: new Date(START + i * DAY).toISOString() }))
    const sturdy = Array.from({ length: 300 }, (_, i) => ({ node: 'S1', sku: 'PAN', expected: 20, counted: 20, countedAt: new Date(START + i * DAY).toISOString() }))
    const skus = [
      { id: 'VASE', attributes: ['fragile'] },
      { id: 'BOWL', attributes: ['fragile'] },
      { id: 'PAN', attributes: ['metal'] },
      { id: 'JUG', attributes: ['fragile'] },
    ]
    const s = run({ counts: [...fragile, ...sturdy], skus } as unknown as CountHistory, { serviceLevel: 0.95 })
    const node = s.nodes[0]
    expect(node?.attributes.map((a) => [a.attribute, a.applied])).toEqual([
      ['fragile', true],
      ['metal', true],
    ])
    const fragileBuffer = node?.attributes[0]?.quantity as number
    const metalBuffer = node?.attributes[1]?.quantity as number
    expect(fragileBuffer).toBe(4)
    expect(metalBuffer).toBe(0)
    // JUG is never counted but is fragile: it takes the fragile buffer too.
    expect(node?.quantity).toBe(3)
    expect(s.confidenceBuffers).toEqual([
      { node: 'S1', quantity: 3 },
      { node: 'S1', sku: 'BOWL', quantity: 4 },
      { node: 'S1', sku: 'JUG', quantity: 4 },
      { node: 'S1', sku: 'PAN', quantity: 0 },
      { node: 'S1', sku: 'VASE', quantity: 4 },
    ])
    // With fewer than minAttributeCounts, the attribute is reported but not applied.
    const thin = run({ counts: [...fragile, ...sturdy], skus } as unknown as CountHistory, { serviceLevel: 0.95, minAttributeCounts: 400 })
    expect(thin.nodes[0]?.attributes.every((a) => !a.applied && a.reason.includes('not applied: fewer than 400 effective counts'))).toBe(true)
    expect(thin.confidenceBuffers).toEqual([{ node: 'S1', quantity: thin.nodes[0]?.quantity }])
  })

  it('is a confidence-buffer policy a stock snapshot takes as it is, and ATP drops by it', () => {
    const s = run({ counts: counts('st-1', [0, 2, 1, 3, 0, 2, 1, 4, 0, 2]) } as unknown as CountHistory, { serviceLevel: 0.9 })
    const snapshot = { rows: [{ node: 'st-1', sku: 'S0', onHand: 30 }], policies: { confidenceBuffers: s.confidenceBuffers } }
    expect(E.isRight(decodeStockSnapshot(snapshot))).toBe(true)
    const stock = build([{ id: 'st-1', kind: 'store' }], snapshot)
    const position = positionBreakdown(stock, { node: 'st-1', sku: 'S0', channel: 'web' })
    expect(s.nodes[0]?.quantity).toBeGreaterThan(0)
    expect(position?.available).toBe(30 - (s.nodes[0]?.quantity as number))
  })

  it('measures ages from asOf, or from the latest count, and reports it in UTC', () => {
    const history = { counts: [{ node: 'A', sku: 'X', expected: 3, counted: 1, countedAt: '2026-03-02T09:00:00+01:00' }] } as unknown as CountHistory
    expect(run(history).asOf).toBe('2026-03-02T08:00:00.000Z')
    expect(run(history, { asOf: '2026-04-01T00:00:00Z', halfLifeDays: 10 }).asOf).toBe('2026-04-01T00:00:00.000Z')
  })
})

describe('errors name their path', () => {
  const ok = [{ node: 'A', sku: 'X', expected: 3, counted: 1, countedAt: '2026-03-02T08:00:00Z' }]

  it('a malformed history is a decode error naming each offending path', () => {
    const e = left({ counts: [...ok, { node: 'A', sku: 'X', expected: 3, counted: -1, countedAt: 'yesterday' }] })
    expect(e._tag).toBe('decode-error')
    expect(e.message).toContain('$.counts[1].counted')
    expect(e.message).toContain('$.counts[1].countedAt')
    expect(left({ counts: ok, skus: [{ id: 'X', attributes: 'fragile' }] }).message).toContain('$.skus[0].attributes')
    expect(left({ count: ok }).message).toContain('$.count')
  })

  it('options are checked and named', () => {
    expect(left({ counts: ok }, { serviceLevel: 1 })).toMatchObject({ _tag: 'invalid-option', path: '$.options.serviceLevel' })
    expect(left({ counts: ok }, { serviceLevel: Number.NaN })).toMatchObject({ _tag: 'invalid-option', path: '$.options.serviceLevel' })
    expect(left({ counts: ok }, { halfLifeDays: 0 })).toMatchObject({ _tag: 'invalid-option', path: '$.options.halfLifeDays' })
    expect(left({ counts: ok }, { asOf: 'soon' })).toMatchObject({ _tag: 'invalid-option', path: '$.options.asOf' })
    expect(left({ counts: ok }, { priorCounts: -1 })).toMatchObject({ _tag: 'invalid-option', path: '$.options.priorCounts' })
    expect(left({ counts: ok }, { minEmpiricalCounts: 0 })).toMatchObject({ _tag: 'invalid-option', path: '$.options.minEmpiricalCounts' })
    expect(left({ counts: ok }, { budget: 1.5 })).toMatchObject({ _tag: 'invalid-option', path: '$.options.budget' })
    expect(left({ counts: ok }, { serviceLvel: 0.9 } as never)).toMatchObject({ _tag: 'invalid-option', path: '$.options.serviceLvel' })
    expect(left({ counts: ok }, null as never)).toMatchObject({ _tag: 'invalid-option', path: '$.options' })
  })

  it('refuses what would silently skew the estimate: a count twice, a count after asOf, an SKU outside the catalogue, an SKU listed twice, no counts', () => {
    expect(left({ counts: [...ok, { ...ok[0], counted: 2 }] })).toMatchObject({ _tag: 'duplicate-count', path: '$.counts[1]' })
    expect(left({ counts: [{ ...ok[0], countedAt: '2026-03-02T09:00:00+01:00' }, ...ok] })).toMatchObject({ _tag: 'duplicate-count', path: '$.counts[1]' })
    expect(left({ counts: ok }, { asOf: '2026-03-01T00:00:00Z' })).toMatchObject({ _tag: 'count-after-as-of', path: '$.counts[0].countedAt' })
    expect(left({ counts: ok, skus: [{ id: 'Y' }] })).toMatchObject({ _tag: 'unknown-sku', path: '$.counts[0].sku' })
    expect(left({ counts: ok, skus: [{ id: 'X' }, { id: 'X' }] })).toMatchObject({ _tag: 'duplicate-sku', path: '$.skus[1].id' })
    expect(left({ counts: [] })).toMatchObject({ _tag: 'empty-history', path: '$.counts' })
    expect(left({ counts: ok }, { asOf: '2100-01-01T00:00:00Z', halfLifeDays: 1 })).toMatchObject({ _tag: 'invalid-option', path: '$.options.halfLifeDays' })
  })

  it('stops within its work budget with an error naming the option', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ node: `N${i % 7}`, sku: 'X', expected: 5, counted: 4, countedAt: new Date(START + i * DAY).toISOString() }))
    expect(left({ counts: many }, { budget: 1000 })).toMatchObject({ _tag: 'budget-exceeded', path: '$.options.budget' })
    const s = run({ counts: many } as unknown as CountHistory, { budget: 100_000 })
    expect(s.work.spent).toBeLessThanOrEqual(100_000)
    expect(s.work.spent).toBeGreaterThan(500)
  })
})
