import { describe, expect, it } from 'vitest'
import { customers, sampleNetwork, sampleStock } from '../../examples/sample-network.js'
import { main } from '../../src/cli/main.js'

/** The promise document for a shopper in Lyon, on the sample network. */
const document = (request: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...sampleNetwork,
  stock: sampleStock.rows,
  inbound: sampleStock.inbound,
  policies: sampleStock.policies,
  request: { channel: 'web', now: '2026-11-27T09:00:00Z', location: customers.lyonPresquile, ...request },
  price: [
    { method: 'ship', price: '4.90' },
    { method: 'ship', threshold: '50', price: '0' },
    { method: 'pickup', price: '0' },
    { method: 'reserve-in-store', price: '0' },
  ],
  ...extra,
})

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

describe('omnistock promise', () => {
  it('prints the ranked options and the nearest stores as tables', () => {
    const r = run(['promise', 'promise.json'], document({ sku: 'LAMP' }, { holdHours: 2 }))
    expect(r.code).toBe(0)
    const lines = r.out.split('\n')
    expect(lines[0]).toMatch(/^#\s+method\s+km\s+eta\s+price\s+cost\s+available\s+how/)
    expect(lines[1]).toMatch(/^1\s+ship\s/)
    // Amounts with two decimals and the network's currency; times local to the store.
    expect(r.out).toMatch(/pickup\s+2\.1\s+Fri 27 Nov 12:00 Europe\/Paris\s+€0\.00\s+€1\.20\s+LAMP:4\s+collect at S-LYON-PART-DIEU$/m)
    expect(r.out).toContain('reserve at S-LYON-PART-DIEU, held until Fri 27 Nov 14:00 Europe/Paris')
    expect(r.out).toMatch(/collect at S-VILLEURBANNE after a transfer from S-LYON-PART-DIEU/)
    expect(r.out).toMatch(/S-LYON-PART-DIEU\s+2\.1\s+4\s+in-stock/)
    expect(r.out).toMatch(/S-VILLEURBANNE\s+4\.8\s+0\s+none/)
  })

  it('prints options, their orders and plans as JSON with --json', () => {
    const r = run(['promise', '--json', 'promise.json'], document({ lines: [{ sku: 'JACKET-M', quantity: 1 }, { sku: 'LAMP', quantity: 1 }], value: '89.00' }))
    expect(r.code).toBe(0)
    const { options, availability } = JSON.parse(r.out)
    expect(availability).toBeUndefined()
    expect(options[0]).toMatchObject({ method: 'ship', price: '0', sources: ['W-LYON'], quantity: 2 })
    expect(options[0].order.delivery).toEqual({ method: 'ship', to: customers.lyonPresquile })
    expect(options[0].plan.optimality).toBe('proven')
  })

  it('exits 2 naming the path of an invalid request, and keeps route and explain working', () => {
    const bad = run(['promise', 'promise.json'], document({ sku: 'LAMP', methods: ['drone'], radiusKm: -1 }))
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('$.request.methods[0]')
    expect(bad.err).toContain('$.request.radiusKm')
    expect(run(['promise', 'promise.json'], '{').code).toBe(2)
    expect(run(['promise', '--json'], document({ sku: 'LAMP' })).code).toBe(2)
    expect(run(['promise', 'p.json'], document({ lines: [] })).err).toContain('invalid-request: $.lines')
    expect(run(['route', 'examples/scenarios/ship.json'], { nodes: [], stock: [], order: {} }).code).toBe(2)
  })
})
