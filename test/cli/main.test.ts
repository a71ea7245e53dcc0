import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'

const run = (...argv: string[]) => {
  const out: string[] = []
  const err: string[] = []
  const code = main(argv, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    read: (f) => readFileSync(f, 'utf8'),
    now: () => '2026-11-27T09:00:00Z',
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

describe('omnistock CLI', () => {
  it('route prints the plan as JSON with decimal-string costs', () => {
    const r = run('route', 'examples/scenarios/ship.json')
    expect(r.code).toBe(0)
    const plan = JSON.parse(r.out)
    expect(plan.orderId).toBe('O1')
    expect(plan.optimality).toBe('proven')
    expect(typeof plan.totalCost).toBe('string')
    for (const s of plan.shipments) {
      expect(typeof s.from).toBe('string')
      expect(typeof s.cost).toBe('string')
      for (const l of s.lines) expect(Object.keys(l).sort()).toEqual(['lineId', 'quantity', 'sku'])
    }
    const planned = plan.shipments.flatMap((s: { lines: { quantity: number }[] }) => s.lines).reduce((a: number, l: { quantity: number }) => a + l.quantity, 0)
    const missing = plan.unfulfilled.reduce((a: number, l: { quantity: number }) => a + l.quantity, 0)
    expect(planned + missing).toBe(4)
  })

  it('explain prints a table with every node and its reason', () => {
    const r = run('explain', 'examples/scenarios/pickup.json')
    expect(r.code).toBe(0)
    expect(r.out).toContain('transfer  S-LYON-PART-DIEU')
    expect(r.out).toMatch(/W-PARIS\s+warehouse\s+\S+\s+costlier-by/)
  })

  it('runs every bundled scenario', () => {
    for (const f of ['ship', 'pickup', 'hub', 'backorder']) expect(run('route', `examples/scenarios/${f}.json`).code).toBe(0)
    expect(JSON.parse(run('route', 'examples/scenarios/hub.json').out).hub).toBeDefined()
  })

  it('exits 2 naming the path of every invalid value', () => {
    const r = run('route', 'examples/scenarios/invalid.json')
    expect(r.code).toBe(2)
    expect(r.err).toContain('$.nodes[0].costs.package')
    expect(r.err).toContain('$.stock[0].onHand')
  })

  it('reads a scenario saved with a UTF-8 byte-order mark', () => {
    const text = readFileSync('examples/scenarios/ship.json', 'utf8')
    const out: string[] = []
    const code = main(['route', 'ship.json'], { out: (s) => out.push(s), err: () => undefined, read: () => `\uFEFF${text}`, now: () => '2026-11-27T09:00:00Z' })
    expect(code).toBe(0)
    expect(out.join('\n')).toBe(run('route', 'examples/scenarios/ship.json').out)
  })

  it('names the scenario path of a bad stock row once', () => {
    const doc = JSON.parse(readFileSync('examples/scenarios/ship.json', 'utf8'))
    doc.stock.push({ node: 'NOWHERE', sku: 'A', onHand: 1 })
    const err: string[] = []
    const code = main(['route', 'x.json'], { out: () => undefined, err: (s) => err.push(s), read: () => JSON.stringify(doc), now: () => '2026-11-27T09:00:00Z' })
    expect(code).toBe(2)
    expect(err.join('\n')).toBe('unknown-node: $.stock[3].node: no node "NOWHERE" in the network')
  })

  it('exits 2 on unreadable files, bad JSON and bad usage', () => {
    expect(run('route', 'examples/scenarios/missing.json').code).toBe(2)
    expect(run('route', 'package.json').code).toBe(2)
    expect(run('fly').code).toBe(2)
    expect(run().err).toContain('usage')
  })
})
