import { describe, expect, it } from 'vitest'
import { haversineKm } from '../../src/geo.js'
import { COMMUNES, REGION_IDS, REGION_NAMES } from '../../examples/network/communes.js'
import { generateNetwork, optionsForNodes } from '../../examples/network/generate.js'
import { loadNetwork, loadOrders } from '../../examples/network/load.js'
import { generateOrders, ORDER_CASES } from '../../examples/network/orders.js'

describe('bundled French communes', () => {
  it('has 150+ distinct communes inside metropolitan France, most populous first', () => {
    expect(COMMUNES.length).toBeGreaterThanOrEqual(150)
    expect(new Set(COMMUNES.map((c) => c.name)).size).toBe(COMMUNES.length)
    for (const c of COMMUNES) {
      expect(c.lat).toBeGreaterThan(41.3)
      expect(c.lat).toBeLessThan(51.1)
      expect(c.lon).toBeGreaterThan(-4.8)
      expect(c.lon).toBeLessThan(9.6)
      expect(c.population).toBeGreaterThan(5000)
      expect(REGION_NAMES[c.region]).toBeDefined()
      expect(REGION_IDS[c.region]).toBeDefined()
    }
    const pops = COMMUNES.map((c) => c.population)
    expect(pops).toEqual([...pops].sort((a, b) => b - a))
  })

  it('places the largest cities where they are (town-centre coordinates within 3 km)', () => {
    const known: Record<string, [number, number, number]> = {
      // name: lat, lon, population order of magnitude check (lower bound)
      Paris: [48.8566, 2.3522, 2_000_000],
      Marseille: [43.2965, 5.3698, 800_000],
      Lyon: [45.764, 4.8357, 500_000],
      Toulouse: [43.6047, 1.4442, 450_000],
      Lille: [50.6292, 3.0573, 200_000],
      Bordeaux: [44.8378, -0.5792, 250_000],
      Strasbourg: [48.5734, 7.7521, 270_000],
      Brest: [48.3904, -4.4861, 130_000],
    }
    for (const [name, [lat, lon, pop]] of Object.entries(known)) {
      const c = COMMUNES.find((x) => x.name === name)
      expect(c, name).toBeDefined()
      expect(haversineKm(c as { lat: number; lon: number }, { lat, lon })).toBeLessThan(3)
      expect(c?.population).toBeGreaterThan(pop)
    }
    // Distances a French reader knows: Paris–Lyon ~392 km, Paris–Marseille ~661 km as the crow flies.
    const at = (n: string): { lat: number; lon: number } => COMMUNES.find((c) => c.name === n) as { lat: number; lon: number }
    expect(haversineKm(at('Paris'), at('Lyon'))).toBeGreaterThan(385)
    expect(haversineKm(at('Paris'), at('Lyon'))).toBeLessThan(400)
    expect(haversineKm(at('Paris'), at('Marseille'))).toBeGreaterThan(650)
    expect(haversineKm(at('Paris'), at('Marseille'))).toBeLessThan(670)
  })
})

describe('generated retailer', () => {
  const g = generateNetwork({ seed: 11, skus: 400 })

  it('is deterministic in its options', () => {
    expect(JSON.stringify(generateNetwork({ seed: 11, skus: 400 }))).toBe(JSON.stringify(g))
    expect(JSON.stringify(generateNetwork({ seed: 12, skus: 400 }).stock)).not.toBe(JSON.stringify(g.stock))
  })

  it('has the shape the issue asks for, and decodes through the library codecs', () => {
    const kinds = (k: string): number => g.network.nodes.filter((n) => n.kind === k).length
    expect(kinds('warehouse')).toBeGreaterThanOrEqual(3)
    expect(kinds('warehouse')).toBeLessThanOrEqual(5)
    expect(kinds('store')).toBeGreaterThanOrEqual(150)
    expect(kinds('dark-store')).toBeGreaterThan(0)
    expect(kinds('locker')).toBeGreaterThan(0)
    expect(kinds('supplier')).toBe(1)
    expect(g.catalogue.some((s) => s.bulky)).toBe(true)
    expect(g.stock.inbound.length).toBeGreaterThan(0)
    // Sparse store stock: a store holds a small part of the catalogue.
    const storeRows = g.stock.rows.filter((r) => r.node.startsWith('S-')).length
    expect(storeRows / kinds('store')).toBeLessThan(g.catalogue.length / 2)
    const loaded = loadNetwork(g)
    expect(loaded.network.nodes.count).toBe(g.network.nodes.length)
  })

  it('sizes by node count', () => {
    for (const n of [10, 100, 1000]) expect(generateNetwork(optionsForNodes(n, { seed: 1, skus: 200 })).network.nodes.length).toBe(n)
  })

  it('generates decodable orders of every case, deterministically', () => {
    const orders = generateOrders(g, { count: 1500 })
    expect(JSON.stringify(generateOrders(g, { count: 1500 }))).toBe(JSON.stringify(orders))
    expect(loadOrders(orders)).toHaveLength(1500)
    for (const c of ORDER_CASES) expect(orders.some((o) => o.case === c), c).toBe(true)
    const fixed = generateOrders(g, { count: 50, lines: 5 })
    expect(fixed.every((o) => o.json.lines.length === 5 && new Set(o.json.lines.map((l) => l.sku)).size === 5)).toBe(true)
  })
})
