import { describe, expect, it } from 'vitest'
import { sampleRebalanceDocument } from '../../examples/rebalance/sample.js'
import { main } from '../../src/cli/main.js'

const run = (argv: string[], doc: unknown) => {
  const out: string[] = []
  const err: string[] = []
  const code = main(argv, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    read: () => (typeof doc === 'string' ? doc : JSON.stringify(doc)),
    now: () => '2026-11-27T09:00:00Z',
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('omnistock rebalance', () => {
  it('prints the transfers as a table, the totals, and each transfer explained', () => {
    const r = run(['rebalance', 'rebalance.json'], sampleRebalanceDocument)
    expect(r.code).toBe(0)
    const lines = r.out.split('\n')
    expect(lines[0]).toMatch(/^from\s+to\s+sku\s+units\s+gain\s+lane cost$/)
    expect(r.out).toMatch(/expected margin €[\d,.]+ → €[\d,.]+, transfer cost €[\d,.]+/)
    expect(r.out).toContain('proven optimal')
    expect(r.out).toMatch(/should sell [\d.]+ more units/)
    expect(r.out).toMatch(/stops at \d+ because/)
  })

  it('prints JSON with --json, the same suggestion the library gives', () => {
    const r = run(['rebalance', '--json', 'rebalance.json'], sampleRebalanceDocument)
    expect(r.code).toBe(0)
    const parsed = JSON.parse(r.out) as { transfers: unknown[]; optimality: string; gap: string }
    expect(parsed.transfers.length).toBeGreaterThan(0)
    expect(parsed.optimality).toBe('proven')
    expect(parsed.gap).toBe('0')
  })

  it('exits 2 and names the path of a bad forecast or option', () => {
    const bad = run(['rebalance', 'x.json'], { ...sampleRebalanceDocument, demand: [{ node: 'S-LILLE', sku: 'LAMP', mean: -1 }] })
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('$.demand[0].mean')
    const unknown = run(['rebalance', 'x.json'], { ...sampleRebalanceDocument, demand: [{ node: 'S-NOWHERE', sku: 'LAMP', mean: 1 }] })
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('$.demand[0].node')
    const option = run(['rebalance', 'x.json'], { ...sampleRebalanceDocument, options: { maxLanes: 1.5 } })
    expect(option.code).toBe(2)
    expect(option.err).toContain('$.options.maxLanes')
    expect(run(['rebalance', '--budget', '0', 'x.json'], sampleRebalanceDocument).code).toBe(2)
  })
})
