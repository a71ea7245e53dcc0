import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'

const run = (argv: string[], read: (f: string) => string = (f) => readFileSync(f, 'utf8')) => {
  const out: string[] = []
  const err: string[] = []
  const code = main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), read, now: () => '2026-11-27T09:00:00Z' })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const EXAMPLE = 'examples/scenarios/buffers.json'

describe('omnistock buffers', () => {
  it('prints a table per node and attribute, the reasons, and the policies', () => {
    const r = run(['buffers', EXAMPLE])
    expect(r.code).toBe(0)
    const lines = r.out.split('\n')
    expect(lines[0]).toMatch(/^Confidence buffers at service level 0\.95 \(ages from 2026-07-27T09:00:00\.000Z, no recency weighting; shrinkage counts: nodes [\d.]+, attributes [\d.]+\)$/)
    expect(lines[2]).toMatch(/^node\s+counts\s+effective\s+shrunk\s+phantom\s+mean\s+method\s+empirical\s+fitted\s+buffer$/)
    expect(r.out).toMatch(/^S-VILLEURBANNE\s+150\s+150\s+\d+%\s+\d+%\s+[\d.]+\s+empirical\s+\d+\s+[\d.]+\s+\d+$/m)
    expect(r.out).toMatch(/^ {2}\[small\]/m)
    expect(r.out).toContain('S-CALUIRE: 50 counts (effective 50)')
    const policies = JSON.parse(r.out.slice(r.out.indexOf('policies.confidenceBuffers:') + 'policies.confidenceBuffers:'.length))
    expect(policies.filter((p: { sku?: string }) => p.sku === undefined).map((p: { node: string }) => p.node)).toEqual(['S-CALUIRE', 'S-LYON-BELLECOUR', 'S-LYON-PART-DIEU', 'S-VILLEURBANNE', 'W-LYON'])
  })

  it('--json prints the whole suggestion; flags set the options', () => {
    const r = run(['buffers', '--json', '--service-level', '0.99', '--half-life-days=60', '--prior-counts', '10', EXAMPLE])
    expect(r.code).toBe(0)
    const s = JSON.parse(r.out)
    expect(s.serviceLevel).toBe(0.99)
    expect(s.halfLifeDays).toBe(60)
    expect(s.shrinkageCounts).toEqual({ nodes: 10, attributes: 10 })
    const at95 = JSON.parse(run(['buffers', '--json', '--half-life-days=60', '--prior-counts', '10', EXAMPLE]).out)
    for (let i = 0; i < s.nodes.length; i++) expect(s.nodes[i].quantity).toBeGreaterThanOrEqual(at95.nodes[i].quantity)
  })

  it('exits 2 naming the path of a bad count, and the flag of a bad option', () => {
    const bad = run(['buffers', 'x.json'], () => JSON.stringify({ counts: [{ node: 'A', sku: 'X', expected: 2, counted: 'two', countedAt: '2026-01-01T00:00:00Z' }] }))
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('$.counts[0].counted')
    const level = run(['buffers', '--service-level', '1.5', EXAMPLE])
    expect(level.code).toBe(2)
    expect(level.err).toContain('$.options.serviceLevel')
    expect(level.err).toContain('--service-level')
    expect(run(['buffers', '--as-of', 'soon', EXAMPLE]).err).toContain('--as-of')
    expect(run(['buffers', '--budget', '0', EXAMPLE]).code).toBe(2)
    expect(run(['buffers', '--budget', '10', EXAMPLE]).err).toContain('budget-exceeded')
  })
})
