import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { StockPolicies } from '../../src/model/stock.js'
import { changeNetwork } from '../../src/stock/network-change.js'
import { availableToPromise, getReservation, nodesHoldingSku, positionBreakdown, release, skuIdOf, type StockEvent, type StockState } from '../../src/stock/index.js'
import { propertyParameters } from '../support/properties.js'
import { NODES, buildWorld, commandArb, observe, runCommand, worldArb } from './arbitraries.js'
import { build, compiled, reservedWeb, unwrap, unwrapLeft, later } from './fixtures.js'

/** Runs `commands` from `state`, numbering minutes from `from`; the reservation ids seen go to `ids`. */
const run = (state: StockState, commands: readonly Parameters<typeof runCommand>[1][], from: number, ids: string[]): StockState => {
  let s = state
  commands.forEach((cmd, i) => {
    s = runCommand(s, cmd, from + i * 7, ids).state
  })
  return s
}

/** `observe`, leaving out what concerns `node` (a node one state has and the other not). */
const observeWithout = (state: StockState, ids: readonly string[], node: string): unknown => {
  const seen = observe(state, ids) as { positions: Record<string, unknown> }
  const positions = Object.fromEntries(Object.entries(seen.positions).filter(([key]) => !key.includes(`/${node}/`)))
  return { ...seen, positions }
}

/** A new node whose id sorts before every other, so that every node's index moves. */
const OPENED = { id: 'aa-new', kind: 'store', lat: 47.2, lon: -1.55, region: 'pdl' }

describe('changeNetwork', () => {
  it('carries every unit, lot and reservation onto a network with a new node, and the ledger goes on the same', () => {
    const opened = compiled([OPENED, ...NODES])
    fc.assert(
      fc.property(worldArb, fc.array(commandArb, { minLength: 3, maxLength: 20 }), fc.array(commandArb, { maxLength: 12 }), (world, before, after) => {
        const ids: string[] = []
        const s = run(buildWorld(world), before, 0, ids)
        const moved = unwrap(changeNetwork(s, opened))
        const known = [...ids, 'r-1', 'r-2', 'unknown']
        expect(observeWithout(moved, known, OPENED.id)).toEqual(observe(s, known))
        expect(moved.sequence).toBe(s.sequence)
        // The same commands afterwards give the same stock and reservations on both.
        const idsA = [...ids]
        const idsB = [...ids]
        const a = run(s, after, 200, idsA)
        const b = run(moved, after, 200, idsB)
        expect(idsB).toEqual(idsA)
        expect(observeWithout(b, [...idsA, 'r-1', 'r-2', 'r-3'], OPENED.id)).toEqual(observe(a, [...idsA, 'r-1', 'r-2', 'r-3']))
      }),
      propertyParameters({ numRuns: 60 }),
    )
  })

  it('refuses to close a node that holds anything, naming every position it holds, and closes one that holds nothing', () => {
    fc.assert(
      fc.property(worldArb, fc.array(commandArb, { maxLength: 20 }), fc.integer({ min: 0, max: NODES.length - 1 }), (world, commands, k) => {
        const ids: string[] = []
        const s = run(buildWorld(world), commands, 0, ids)
        const closed = NODES[k] as (typeof NODES)[number]
        const rest = NODES.filter((n) => n.id !== closed.id)
        // Policies that name the closed node go with it.
        const source = world.snapshot.policies as Record<string, readonly { node?: string }[] | undefined>
        const policies = Object.fromEntries(Object.entries(source).map(([key, list]) => [key, (list ?? []).filter((p) => p.node !== closed.id)])) as unknown as StockPolicies
        const holding: string[] = []
        for (let sku = 0; sku < s.skus.count; sku++) {
          const n = s.nodes.byId.get(closed.id) as number
          if (nodesHoldingSku(s, sku).includes(n)) holding.push(skuIdOf(s, sku))
        }
        const result = changeNetwork(s, compiled(rest), { policies })
        if (holding.length > 0) {
          const error = unwrapLeft(result)
          expect(error._tag).toBe('stranded-stock')
          if (error._tag !== 'stranded-stock') return
          expect(error.positions.map((p) => `${p.node}/${p.sku}`)).toEqual(holding.sort().map((sku) => `${closed.id}/${sku}`))
          for (const p of error.positions) {
            const b = positionBreakdown(s, { node: p.node, sku: p.sku, channel: 'web' })
            expect(p.onHand).toBe(b?.onHand ?? 0)
            expect(p.held).toBe((b?.reserved ?? 0) + (b?.backordered ?? 0))
          }
        } else {
          const moved = unwrap(result)
          const reference = unwrap(changeNetwork(s, compiled(NODES), { policies }))
          expect(observeWithout(moved, [...ids, 'r-1'], closed.id)).toEqual(observeWithout(reference, [...ids, 'r-1'], closed.id))
        }
      }),
      propertyParameters({ numRuns: 60 }),
    )
  })

  it('keeps the policies unless new ones are given, resolved again for a node whose kind changed', () => {
    const nodes = [
      { id: 'dc-1', kind: 'warehouse' },
      { id: 'st-1', kind: 'store' },
    ]
    const s = build(nodes, { rows: [{ node: 'dc-1', sku: 'a', onHand: 10 }, { node: 'st-1', sku: 'a', onHand: 10 }], policies: { safetyStock: [{ nodeKind: 'store', quantity: 3 }] } })
    const web = (state: StockState, node: string): number => availableToPromise(state, { node, sku: 'a', channel: 'web' })
    expect([web(s, 'dc-1'), web(s, 'st-1')]).toEqual([10, 7])
    const same = unwrap(changeNetwork(s, compiled(nodes)))
    expect([web(same, 'dc-1'), web(same, 'st-1')]).toEqual([10, 7])
    // dc-1 becomes a store: the store policy now holds 3 back there too.
    const swapped = unwrap(changeNetwork(s, compiled([{ id: 'dc-1', kind: 'store' }, { id: 'st-1', kind: 'store' }])))
    expect([web(swapped, 'dc-1'), web(swapped, 'st-1')]).toEqual([7, 7])
    const none = unwrap(changeNetwork(s, compiled(nodes), { policies: {} as StockPolicies }))
    expect([web(none, 'dc-1'), web(none, 'st-1')]).toEqual([10, 10])
  })

  it('moves a live reservation with its holds, and releasing it afterwards gives the units back', () => {
    const nodes = [{ id: 'dc-1' }, { id: 'st-1', kind: 'store' }]
    const s = reservedWeb(build(nodes, { rows: [{ node: 'st-1', sku: 'a', onHand: 5 }] }), [{ node: 'st-1', sku: 'a', quantity: 4 }], { id: 'order-7', expiresAt: later(2) })
    const moved = unwrap(changeNetwork(s, compiled([{ id: 'aa-new' }, ...nodes])))
    expect(availableToPromise(moved, { node: 'st-1', sku: 'a', channel: 'web' })).toBe(1)
    expect(getReservation(moved, 'order-7')).toEqual(getReservation(s, 'order-7'))
    const released = unwrap(release(moved, 'order-7', later(1)))
    expect(availableToPromise(released.state, { node: 'st-1', sku: 'a', channel: 'web' })).toBe(5)
    expect(released.events.map((e: StockEvent) => e.type)).toEqual(['released'])
    // Closing st-1 while it holds the reservation is refused.
    const error = unwrapLeft(changeNetwork(s, compiled([{ id: 'dc-1' }])))
    expect(error).toMatchObject({ _tag: 'stranded-stock', path: '$.nodes', positions: [{ node: 'st-1', sku: 'a', onHand: 5, held: 4, lots: [] }] })
    expect(error.message).toContain('st-1')
    expect(E.isRight(changeNetwork(released.state, compiled([{ id: 'dc-1' }])))).toBe(false)
  })
})
