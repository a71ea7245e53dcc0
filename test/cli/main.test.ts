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

  it('explain shows amounts with two decimals and the currency, instants in the node\'s zone; route keeps exact decimals and UTC', () => {
    // pickup.json is in EUR: the transfer from S-LYON-PART-DIEU costs 4.10054, W-PARIS 9.309544.
    const r = run('explain', 'examples/scenarios/pickup.json')
    expect(r.out).toContain('Total €4.10 = fulfilment €4.10 + penalties €0.00; proven')
    expect(r.out).toMatch(/transfer\s+S-LYON-PART-DIEU\s+S-VILLEURBANNE\s+1:SNEAKER-42×1\s+2\.7\s+€4\.10\s+arrives (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{2}:\d{2} /)
    expect(r.out).toMatch(/costlier-by €5\.21\s+W-PARIS \(warehouse, 379\.6 km\): the best plan using it costs €5\.21 more/)
    expect(r.out).toContain('total €4.10 (proven optimal)')
    const plan = JSON.parse(run('route', 'examples/scenarios/pickup.json').out)
    expect([plan.totalCost, plan.currency]).toEqual(['4.10054', 'EUR'])
    expect(plan.pickup.readyAt).toMatch(/Z$/)
  })

  it('a fixed-offset node shows its local time; a network without a currency shows plain two-decimal amounts', () => {
    const doc = JSON.parse(readFileSync('examples/scenarios/ship.json', 'utf8'))
    delete doc.currency
    doc.nodes = doc.nodes.map((n: Record<string, unknown>) => ({ ...n, utcOffset: '+01:00' }))
    const out: string[] = []
    main(['explain', 'x.json'], { out: (s) => out.push(s), err: () => undefined, read: () => JSON.stringify(doc), now: () => '2026-11-27T09:00:00Z' })
    const text = out.join('\n')
    expect(text).toContain('Total 20.38 = fulfilment 20.38 + penalties 0.00; proven')
    expect(text).toMatch(/delivered (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{2}:\d{2} \+01:00/)
    expect(text).not.toContain('€')
  })

  it('explain writes a delay cost and a protection surcharge as terms of the total', () => {
    // ship.json with a delay cost of 1.00 a unit a day; its plan's parcels take some days.
    const doc = JSON.parse(readFileSync('examples/scenarios/ship.json', 'utf8'))
    const out: string[] = []
    main(['explain', 'x.json'], { out: (s) => out.push(s), err: () => undefined, read: () => JSON.stringify({ ...doc, order: { ...doc.order, delayCost: '1' } }), now: () => '2026-11-27T09:00:00Z' })
    const plan = JSON.parse((() => {
      const o: string[] = []
      main(['route', 'x.json'], { out: (s) => o.push(s), err: () => undefined, read: () => JSON.stringify({ ...doc, order: { ...doc.order, delayCost: '1' } }), now: () => '2026-11-27T09:00:00Z' })
      return o.join('\n')
    })())
    const money = (x: string): string => `€${Number(x).toFixed(2)}`
    expect(out.join('\n')).toContain(`Total ${money(plan.totalCost)} = fulfilment ${money(plan.fulfilmentCost)} + penalties ${money(plan.penaltyCost)} + delay ${money(plan.delayCost)}; proven`)
    expect(Number(plan.delayCost)).toBeGreaterThan(0)
  })

  it('refuses a currency that is not three upper-case letters, naming its path', () => {
    const doc = JSON.parse(readFileSync('examples/scenarios/ship.json', 'utf8'))
    const err: string[] = []
    const code = main(['route', 'x.json'], { out: () => undefined, err: (s) => err.push(s), read: () => JSON.stringify({ ...doc, currency: 'eur' }), now: () => '2026-11-27T09:00:00Z' })
    expect(code).toBe(2)
    expect(err.join('\n')).toContain('$.currency')
  })

  it('runs every bundled scenario', () => {
    for (const f of ['ship', 'pickup', 'hub', 'backorder', 'speed']) expect(run('route', `examples/scenarios/${f}.json`).code).toBe(0)
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
