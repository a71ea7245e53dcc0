import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'

/** Two one-unit orders next to store S0, which may send one unit a day; a far warehouse has the rest. */
const CAPACITY_WAVE = JSON.stringify({
  nodes: [
    { id: 'S0', kind: 'store', location: { lat: 48.85, lon: 2.35 }, costs: { package: '5', unit: '0.5', perUnitKm: '0.001' }, capabilities: ['ship'], dailyCapacity: { units: 1 } },
    { id: 'W1', kind: 'warehouse', location: { lat: 43.3, lon: 5.4 }, costs: { package: '12', unit: '0.5', perUnitKm: '0.001' }, capabilities: ['ship'] },
  ],
  stock: [
    { node: 'S0', sku: 'A', onHand: 2 },
    { node: 'W1', sku: 'A', onHand: 2 },
  ],
  orders: ['O1', 'O2'].map((id) => ({ id, channel: 'web', lines: [{ id: '1', sku: 'A', quantity: 1 }], delivery: { method: 'ship', to: { lat: 48.86, lon: 2.34 } }, unfulfilledPenalty: '40' })),
})

const files: Record<string, string> = { 'bad.json': '{"nodes": [], "stock": [], "orders": [{"id": 3}]}', 'capacity.json': CAPACITY_WAVE }

const run = (...argv: string[]) => {
  const out: string[] = []
  const err: string[] = []
  const code = main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), read: (f) => files[f] ?? readFileSync(f, 'utf8'), now: () => '2026-12-22T12:00:00Z' })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('omnistock wave', () => {
  it('prints the wave as a table, and as JSON with --json', () => {
    const table = run('wave', '--budget', '1', 'examples/waves/wave.json')
    expect(table.code).toBe(0)
    expect(table.out).toMatch(/^wave of 30 orders: total \d+(\.\d+)?, (proven|bounded)/)
    expect(table.out).toContain('one by one: ')
    const json = run('wave', '--json', '--budget', '1', 'examples/waves/wave.json')
    expect(json.code).toBe(0)
    const wave = JSON.parse(json.out)
    expect(wave.plans).toHaveLength(30)
    expect(typeof wave.totalCost).toBe('string')
    expect(Number(wave.totalCost)).toBeLessThanOrEqual(Number(wave.oneByOneCost))
  })

  it('--branch-nodes sets the nodes of the branch and price; a bad count exits with code 2 naming the option', () => {
    const none = JSON.parse(run('wave', '--json', '--branch-nodes', '0', 'examples/waves/wave.json').out)
    expect(none.branchNodes).toBe(0)
    const bad = run('wave', '--branch-nodes', '1.5', 'examples/waves/wave.json')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('maxBranchNodes')
  })

  it('--simplex-rows sets the rows the simplex solves (0: the master\'s dual is ascended, with no tree); a bad count exits with code 2 naming the option', () => {
    const ascended = JSON.parse(run('wave', '--json', '--simplex-rows', '0', 'examples/waves/wave.json').out)
    expect(ascended.branchNodes).toBe(0)
    expect(Number(ascended.lowerBound)).toBeLessThanOrEqual(Number(ascended.totalCost))
    expect(Number(ascended.totalCost)).toBeLessThanOrEqual(Number(ascended.oneByOneCost))
    const bad = run('wave', '--simplex-rows', '2.5', 'examples/waves/wave.json')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('maxSimplexRows')
  })

  it('prints the price of a unit a node sends today when the wave contests its daily capacity', () => {
    const r = run('wave', 'capacity.json')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/, proven\n/)
    expect(r.out).toMatch(/prices of daily capacity:\n {2}S0, a unit sent today: \d+(\.\d+)?\n/)
    const wave = JSON.parse(run('wave', '--json', 'capacity.json').out)
    expect(wave.capacityPrices).toHaveLength(1)
    expect(wave.capacityPrices[0]).toMatchObject({ node: 'S0', capacity: 'units' })
  })

  it('a malformed document exits with code 2 naming the path', () => {
    const r = run('wave', 'bad.json')
    expect(r.code).toBe(2)
    expect(r.err).toContain('$.orders[0]')
  })
})
