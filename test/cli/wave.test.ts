import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'

const run = (...argv: string[]) => {
  const out: string[] = []
  const err: string[] = []
  const code = main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), read: (f) => (f === 'bad.json' ? '{"nodes": [], "stock": [], "orders": [{"id": 3}]}' : readFileSync(f, 'utf8')), now: () => '2026-12-22T12:00:00Z' })
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

  it('a malformed document exits with code 2 naming the path', () => {
    const r = run('wave', 'bad.json')
    expect(r.code).toBe(2)
    expect(r.err).toContain('$.orders[0]')
  })
})
