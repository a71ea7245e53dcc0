/**
 * The recipes of docs/recipes.md (examples/recipes/*.ts) run and do what the page says:
 * each recipe's function is called here and its outcome checked, and each file runs as a
 * script and prints.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { clickAndCollect } from '../../examples/recipes/click-and-collect.js'
import { posSync } from '../../examples/recipes/pos-sync.js'
import { returns } from '../../examples/recipes/returns.js'
import { shipFromStore } from '../../examples/recipes/ship-from-store.js'
import { storeRejectsPick } from '../../examples/recipes/store-rejects-pick.js'

const root = new URL('../../', import.meta.url)
const sources = (p: { readonly allocations: readonly { readonly node: string }[] }): string[] => [...new Set(p.allocations.map((a) => a.node))].sort()

describe('recipes', () => {
  it('ship from store: the warehouse without a deadline, the Marseille store with one', () => {
    const { cheapest, byDeadline } = shipFromStore()
    expect(sources(cheapest)).toEqual(['W-BORDEAUX'])
    expect(sources(byDeadline)).toEqual(['S-MARSEILLE'])
    expect(byDeadline.optimality).toBe('proven')
    expect(Number(byDeadline.totalCost)).toBeGreaterThan(Number(cheapest.totalCost))
    expect(Date.parse(byDeadline.eta ?? '')).toBeLessThanOrEqual(Date.parse('2026-11-28T18:00:00Z'))
    expect(Date.parse(cheapest.eta ?? '')).toBeGreaterThan(Date.parse('2026-11-28T18:00:00Z'))
    expect(byDeadline.explanation.nodes.find((n) => n.node === 'W-BORDEAUX')?.reason).toBe('past-cutoff')
  })

  it('click & collect: a store-to-store transfer, held exactly', () => {
    const { plan, reservation, atpBefore, atpAfter } = clickAndCollect()
    expect(plan.pickup?.node).toBe('S-VILLEURBANNE')
    expect(plan.transfers.map((t) => `${t.from}>${t.to}`)).toEqual(['S-LYON-PART-DIEU>S-VILLEURBANNE'])
    expect(plan.totalCost).toBe('4.10054')
    expect(reservation.lines).toMatchObject([{ node: 'S-LYON-PART-DIEU', sku: 'SNEAKER-42', quantity: 1 }])
    expect(reservation.expiresAt).toBe('2026-11-27T09:30:00Z')
    expect([atpBefore, atpAfter]).toEqual([1, 0])
  })

  it('a store rejects a pick: only its lamps move, the sneakers stay, the new plan is held', () => {
    const { first, rerouted, reservedAfter } = storeRejectsPick()
    expect(sources(first)).toEqual(['S-LYON-PART-DIEU'])
    expect(rerouted.moved).toMatchObject([{ node: 'S-LYON-PART-DIEU', sku: 'LAMP', quantity: 2 }])
    expect(rerouted.plan.transfers.map((t) => t.from)).toEqual(['W-LYON'])
    expect(rerouted.extraOverFullReroute).toBe('0')
    expect(reservedAfter).toEqual(['1 × SNEAKER-42 at S-LYON-PART-DIEU', '2 × LAMP at W-LYON'])
  })

  it('point-of-sale sync: ATP follows the tills, the closing count reports the shortfall, the log replays', () => {
    const { atp, events, evening, replayed } = posSync()
    expect(atp).toEqual([3, 2, 0])
    expect(events.map((e) => e.type)).toEqual(['reserved', 'adjusted', 'adjusted', 'adjusted'])
    expect(evening).toMatchObject({ onHand: 0, reserved: 1, shortfall: 1 })
    expect(replayed).toEqual(evening)
  })

  it('returns: the returned pair is promisable at once and saves the transfer', () => {
    const { atpBefore, atpAfter, before, after } = returns()
    expect([atpBefore, atpAfter]).toEqual([1, 2])
    expect(before.transfers.length).toBe(1)
    expect(after.transfers).toEqual([])
    expect(Number(after.totalCost)).toBeLessThan(Number(before.totalCost))
  })

  const files = readdirSync(new URL('examples/recipes/', root)).filter((f) => f.endsWith('.ts') && f !== 'sample.ts')
  it('are the five files docs/recipes.md describes', () => {
    const page = readFileSync(new URL('docs/recipes.md', root), 'utf8')
    expect(files.sort()).toEqual(['click-and-collect.ts', 'pos-sync.ts', 'returns.ts', 'ship-from-store.ts', 'store-rejects-pick.ts'])
    for (const f of files) expect(page).toContain(`examples/recipes/${f}`)
  })

  it.each(files)('%s runs as a script and prints', (f) => {
    const printed = execFileSync(process.execPath, ['--import', 'tsx', `examples/recipes/${f}`], { cwd: root, encoding: 'utf8' })
    expect(printed.trim().split('\n').length).toBeGreaterThanOrEqual(2)
  })
})
