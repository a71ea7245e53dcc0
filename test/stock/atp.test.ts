import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { atpAt, availableToPromise, positionBreakdown, reserve, skuIndexOf } from '../../src/stock/index.js'
import type { StockState } from '../../src/stock/index.js'
import { CHANNELS, SAMPLE_TIMES, buildWorld, commandArb, observe, runCommand, skusOf, worldArb } from './arbitraries.js'
import { NOW, NOW_MS, HOUR, build, later, request, reservedWeb, unwrap } from './fixtures.js'
import { propertyParameters } from '../support/properties.js'

const atp = (s: StockState, node: string, sku: string, channel: string, when?: string): number =>
  availableToPromise(s, when === undefined ? { node, sku, channel } : { node, sku, channel, at: when })

describe('ATP over time', () => {
  // 10 on hand at the store, 6 more in 24 h; the store channel fences 3.
  const s = build([{ id: 'st-1', kind: 'store' }], {
    rows: [{ node: 'st-1', sku: 'a', onHand: 10 }],
    inbound: [{ id: 'po-1', node: 'st-1', sku: 'a', quantity: 6, eta: later(24) }],
    policies: { ringFences: [{ channel: 'store', nodeKind: 'store', quantity: 3 }] },
  })

  it('is the least free stock from the instant on: units promised now stay promised after a lot lands', () => {
    const now = reservedWeb(s, [{ node: 'st-1', sku: 'a', quantity: 5 }])
    const both = reservedWeb(now, [{ node: 'st-1', sku: 'a', quantity: 1, availableAt: later(30) }])
    // Now: 10 − 5 − the fence's 3 = 2; from 30 h: 16 − 6 − 3 = 7. The least from now on is 2.
    expect(atp(both, 'st-1', 'a', 'web')).toBe(2)
    expect(atp(both, 'st-1', 'a', 'web', later(30))).toBe(7)
  })

  it("a fenced channel's later holds use its fence only from their instant", () => {
    const backorder = unwrap(reserve(s, request({ channel: 'store', lines: [{ node: 'st-1', sku: 'a', quantity: 2, availableAt: later(30) }] }), NOW)).state
    // Now the whole fence of 3 still stands against web: 10 − 3. From 30 h the store's 2 units come out of its fence: 16 − 2 − 1.
    expect(atp(backorder, 'st-1', 'a', 'web')).toBe(7)
    expect(atp(backorder, 'st-1', 'a', 'web', later(30))).toBe(13)
    expect(positionBreakdown(backorder, { node: 'st-1', sku: 'a', channel: 'web' })).toMatchObject({ onHand: 10, reserved: 0, ringFenced: 3, available: 7 })
  })
})

describe('ring-fences', () => {
  const s = build([{ id: 'st-1', kind: 'store' }, { id: 'dc-1', kind: 'warehouse' }], {
    rows: [
      { node: 'st-1', sku: 'a', onHand: 10 },
      { node: 'dc-1', sku: 'a', onHand: 40 },
    ],
    policies: {
      ringFences: [
        { channel: 'store', nodeKind: 'store', quantity: 3 },
        { channel: 'marketplace', nodeKind: 'warehouse', percent: 25 },
      ],
    },
  })

  it('keep units for their channel: web cannot promise the store fence, the store channel can', () => {
    expect(atp(s, 'st-1', 'a', 'web')).toBe(7)
    expect(atp(s, 'st-1', 'a', 'store')).toBe(10)
    expect(atp(s, 'dc-1', 'a', 'web')).toBe(30)
    expect(atp(s, 'dc-1', 'a', 'marketplace')).toBe(40)
    expect(atp(s, 'dc-1', 'a', 'store')).toBe(30)
    expect(positionBreakdown(s, { node: 'st-1', sku: 'a', channel: 'web' })).toMatchObject({ ringFenced: 3, available: 7, atp: 7 })
  })

  it('are consumed first by their own channel’s reservations', () => {
    const r = unwrap(reserve(s, request({ channel: 'store', lines: [{ node: 'st-1', sku: 'a', quantity: 2 }] }), NOW))
    // The store took 2 of its own 3 fenced units: web still sees 7.
    expect(atp(r.state, 'st-1', 'a', 'web')).toBe(7)
    expect(atp(r.state, 'st-1', 'a', 'store')).toBe(8)
    const r2 = unwrap(reserve(r.state, request({ channel: 'store', lines: [{ node: 'st-1', sku: 'a', quantity: 3 }] }), NOW))
    // Fence used up (3), 2 more from the shared pool.
    expect(atp(r2.state, 'st-1', 'a', 'web')).toBe(5)
    expect(atp(r2.state, 'st-1', 'a', 'store')).toBe(5)
    expect(positionBreakdown(r2.state, { node: 'st-1', sku: 'a', channel: 'web' })).toMatchObject({ reserved: 5, ringFenced: 0, available: 5 })
    // Web reservations never touch the store fence.
    const w = unwrap(reserve(s, request({ channel: 'web', lines: [{ node: 'st-1', sku: 'a', quantity: 7 }] }), NOW))
    expect(atp(w.state, 'st-1', 'a', 'web')).toBe(0)
    expect(atp(w.state, 'st-1', 'a', 'store')).toBe(3)
  })
})

describe('safety stock and confidence buffers', () => {
  const s = build([{ id: 'st-1', kind: 'store' }, { id: 'st-2', kind: 'store' }, { id: 'dc-1', kind: 'warehouse' }], {
    rows: [
      { node: 'st-1', sku: 'a', onHand: 10 },
      { node: 'st-2', sku: 'a', onHand: 10 },
      { node: 'st-2', sku: 'b', onHand: 10 },
      { node: 'dc-1', sku: 'a', onHand: 10 },
    ],
    policies: {
      safetyStock: [
        { nodeKind: 'warehouse', quantity: 4 },
        { node: 'st-2', quantity: 1 },
        { node: 'st-2', sku: 'b', quantity: 6 },
      ],
      confidenceBuffers: [{ nodeKind: 'store', quantity: 2 }],
    },
  })

  it('hold back per kind, per node and per position, and stores never promise their last doubtful units', () => {
    expect(atp(s, 'dc-1', 'a', 'web')).toBe(6)
    expect(atp(s, 'st-1', 'a', 'web')).toBe(8)
    expect(atp(s, 'st-2', 'a', 'web')).toBe(7)
    expect(atp(s, 'st-2', 'b', 'web')).toBe(2)
    expect(positionBreakdown(s, { node: 'st-2', sku: 'b', channel: 'web' })).toMatchObject({ onHand: 10, safety: 8, available: 2 })
  })

  it('apply to positions created later (a return at a store)', () => {
    expect(atp(s, 'st-1', 'b', 'web')).toBe(0)
  })
})

describe('backorders and inbound lots', () => {
  const s = build([{ id: 'dc-1' }], {
    rows: [{ node: 'dc-1', sku: 'a', onHand: 5 }],
    inbound: [
      { id: 'po-2', node: 'dc-1', sku: 'a', quantity: 8, eta: later(48) },
      { id: 'po-1', node: 'dc-1', sku: 'a', quantity: 10, eta: later(24) },
    ],
  })

  it('count lots due by the instant asked, none without an instant', () => {
    expect(atp(s, 'dc-1', 'a', 'web')).toBe(5)
    expect(atp(s, 'dc-1', 'a', 'web', later(23))).toBe(5)
    expect(atp(s, 'dc-1', 'a', 'web', later(24))).toBe(15)
    expect(atp(s, 'dc-1', 'a', 'web', later(100))).toBe(23)
    const sku = skuIndexOf(s, 'a')
    expect(atpAt(s, sku, 0, 'web', NOW_MS + 48 * HOUR)).toBe(23)
  })

  it('a backorder reservation protects the future units it was promised', () => {
    const r = unwrap(reserve(s, request({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 13, availableAt: later(30) }] }), NOW))
    // 13 due at +30 h from 5 on hand + 10 inbound: only 2 may be promised now or at +24 h …
    expect(atp(r.state, 'dc-1', 'a', 'web')).toBe(2)
    expect(atp(r.state, 'dc-1', 'a', 'web', later(24))).toBe(2)
    // … and after the second lot, 8 more.
    expect(atp(r.state, 'dc-1', 'a', 'web', later(48))).toBe(10)
    const tooMuch = reserve(r.state, request({ channel: 'web', lines: [{ node: 'dc-1', sku: 'a', quantity: 3 }] }), NOW)
    expect(tooMuch._tag).toBe('Left')
  })
})

describe('atpAt', () => {
  it('answers 0 for unknown or out-of-range indexes', () => {
    const s = build([{ id: 'dc-1' }], { rows: [{ node: 'dc-1', sku: 'a', onHand: 5 }] })
    expect(atpAt(s, 0, 0, 'web')).toBe(5)
    for (const [sku, node] of [[-1, 0], [0, -1], [1, 0], [0, 1], [0.5, 0], [0, Number.NaN]] as const) expect(atpAt(s, sku, node, 'web')).toBe(0)
    expect(atpAt(s, 0, 0, 'web', Number.NaN)).toBe(5)
    expect(atp(s, 'dc-1', 'a', 'web', 'not an instant')).toBe(0)
  })

  it('is monotone in `at`: later instants never promise less, and no instant is the least', () => {
    fc.assert(
      fc.property(worldArb, fc.array(commandArb, { minLength: 5, maxLength: 20 }), (world, commands) => {
        let s = buildWorld(world)
        const ids: string[] = []
        commands.forEach((cmd, i) => {
          s = runCommand(s, cmd, i * 7, ids).state
        })
        const times = SAMPLE_TIMES.filter((t): t is string => t !== undefined).sort()
        for (const sku of skusOf(s)) {
          for (const node of s.nodes.ids) {
            for (const channel of CHANNELS) {
              let prev = atp(s, node, sku, channel)
              for (const t of times) {
                const cur = atp(s, node, sku, channel, t)
                expect(cur).toBeGreaterThanOrEqual(prev)
                prev = cur
              }
            }
          }
        }
      }),
      propertyParameters({ numRuns: 100 }),
    )
  })
})

describe('base lookups', () => {
  it('answer the same with the slot table and with the binary-search fallback', () => {
    fc.assert(
      fc.property(worldArb, fc.array(commandArb, { maxLength: 10 }), (world, commands) => {
        let s = buildWorld(world)
        const ids: string[] = []
        commands.forEach((cmd, i) => {
          s = runCommand(s, cmd, i * 7, ids).state
        })
        // Large networks (sku × node ≥ 2^31) have no slot table: force that path.
        const fallback: StockState = { ...s, base: { ...s.base, slotTable: new Int32Array(0), slotMask: 0, slotShift: 0 } }
        expect(s.base.slotTable.length).toBeGreaterThan(0)
        expect(observe(fallback)).toEqual(observe(s))
      }),
      propertyParameters({ numRuns: 60 }),
    )
  })
})
