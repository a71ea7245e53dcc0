/**
 * The model's helpers and constants, and the shapes of the shared test arbitraries (which
 * other suites rely on: every reference in a generated document points at something that
 * exists).
 */
import { test } from '@fast-check/vitest'
import * as fc from 'fast-check'
import { describe, expect } from 'vitest'
import { CAPABILITIES, Capability, NODE_KINDS, NodeKind, defaultCapabilities } from '../../src/model/network.js'
import { scenarioNetwork } from '../../src/model/scenario.js'
import { isScaledDecimal } from '../../src/money.js'
import { parseInstant } from '../../src/time.js'
import {
  capabilitiesOf,
  networkArb,
  networkWithStockArb,
  orderArb,
  reserveRequestArb,
  scenarioArb,
} from '../support/arbitraries.js'

describe('constants', () => {
  test('NODE_KINDS and CAPABILITIES list exactly the codecs’ values', () => {
    expect([...NODE_KINDS].sort()).toEqual(Object.keys(NodeKind.keys).sort())
    expect([...CAPABILITIES].sort()).toEqual(Object.keys(Capability.keys).sort())
  })

  test.each(NODE_KINDS.map((k) => [k]))('default capabilities of a %s are known, distinct capabilities', (kind) => {
    const caps = defaultCapabilities(kind)
    expect(caps.length).toBeGreaterThan(0)
    expect(new Set(caps).size).toBe(caps.length)
    for (const c of caps) expect(CAPABILITIES).toContain(c)
  })

  test('stores and lockers hand over pickups; warehouses are hubs; suppliers only ship', () => {
    expect(defaultCapabilities('store')).toContain('pickup')
    expect(defaultCapabilities('locker')).toContain('pickup')
    expect(defaultCapabilities('locker')).not.toContain('ship')
    expect(defaultCapabilities('warehouse')).toContain('hub')
    expect(defaultCapabilities('supplier')).toEqual(['ship'])
  })
})

describe('scenarioNetwork', () => {
  test.prop([scenarioArb()])('takes the nodes, SKUs and transit of a scenario, and nothing else', (scenario) => {
    const network = scenarioNetwork(scenario)
    expect(network.nodes).toBe(scenario.nodes)
    expect(network.skus).toBe(scenario.skus)
    expect(network.transit).toBe(scenario.transit)
    expect(Object.keys(network).sort()).toEqual(['nodes', 'skus', 'transit'].filter((k) => k in scenario).sort())
  })
})

describe('test arbitraries', () => {
  test.prop([networkArb()])('networks have unique node and SKU ids and plausible costs', (network) => {
    expect(network.nodes.length).toBeGreaterThan(0)
    expect(new Set(network.nodes.map((n) => n.id)).size).toBe(network.nodes.length)
    expect(new Set(network.skus.map((s) => s.id)).size).toBe(network.skus.length)
    expect(network.nodes.some((n) => n.kind === 'warehouse')).toBe(true)
    for (const n of network.nodes) {
      expect(isScaledDecimal(n.costs.package, 6)).toBe(true)
      expect(Number(n.costs.package)).toBeLessThanOrEqual(20)
      expect(Number(n.costs.perUnitKm)).toBeLessThan(0.01)
    }
  })

  test.prop([networkArb({ minNodes: 3, maxNodes: 3, minSkus: 2, maxSkus: 2, withWarehouse: false })])('honour the requested shape', (network) => {
    expect(network.nodes).toHaveLength(3)
    expect(network.skus).toHaveLength(2)
  })

  test.prop([networkWithStockArb()])('stock refers to existing nodes and SKUs, one row per position, none at lockers', ({ network, stock }) => {
    const nodes = new Map(network.nodes.map((n) => [n.id, n]))
    const skus = new Set(network.skus.map((s) => s.id))
    const positions = new Set<string>()
    for (const row of stock.rows) {
      expect(nodes.has(row.node)).toBe(true)
      expect(skus.has(row.sku)).toBe(true)
      expect(nodes.get(row.node)?.kind).not.toBe('locker')
      const key = JSON.stringify([row.node, row.sku])
      expect(positions.has(key)).toBe(false)
      positions.add(key)
    }
    for (const lot of stock.inbound ?? []) {
      expect(nodes.has(lot.node)).toBe(true)
      expect(skus.has(lot.sku)).toBe(true)
    }
    for (const p of [...(stock.policies?.safetyStock ?? []), ...(stock.policies?.ringFences ?? [])]) {
      if (p.node !== undefined) expect(nodes.has(p.node)).toBe(true)
      if (p.sku !== undefined) expect(skus.has(p.sku)).toBe(true)
    }
  })

  test.prop([networkArb().chain((n) => fc.tuple(fc.constant(n), orderArb(n)))])(
    'orders ask for catalogue SKUs, on distinct lines, and pick up only where pickup is possible',
    ([network, order]) => {
      const skus = new Set(network.skus.map((s) => s.id))
      expect(order.lines.length).toBeGreaterThan(0)
      expect(new Set(order.lines.map((l) => l.id)).size).toBe(order.lines.length)
      expect(new Set(order.lines.map((l) => l.sku)).size).toBe(order.lines.length)
      for (const line of order.lines) expect(skus.has(line.sku)).toBe(true)
      if (order.delivery.method === 'pickup') {
        const { node: pickupAt } = order.delivery
        const node = network.nodes.find((n) => n.id === pickupAt)
        expect(node && capabilitiesOf(node)).toContain('pickup')
      }
      for (const id of order.rules?.excludeNodes ?? []) expect(network.nodes.some((n) => n.id === id)).toBe(true)
    },
  )

  test.prop([scenarioArb()])('scenarios have deliver-by dates and inbound lots after now', (scenario) => {
    const now = parseInstant(scenario.now ?? '2026-01-01T00:00:00Z') ?? 0
    if (scenario.now !== undefined && scenario.order.deliverBy !== undefined) {
      expect(parseInstant(scenario.order.deliverBy)).toBeGreaterThan(now)
    }
    for (const lot of scenario.inbound ?? []) expect(parseInstant(lot.eta)).toBeGreaterThan(now)
  })

  test.prop([networkArb().chain((n) => reserveRequestArb(n).map((r) => [n, r] as const))])(
    'reservation requests hold stock at nodes that hold stock',
    ([network, request]) => {
      for (const line of request.lines) {
        const node = network.nodes.find((n) => n.id === line.node)
        expect(node?.kind).not.toBe('locker')
      }
    },
  )

  test('cover the interesting cases often enough', () => {
    const scenarios = fc.sample(scenarioArb(), { numRuns: 200, seed: 7 })
    const share = (p: (s: (typeof scenarios)[number]) => boolean): number => scenarios.filter(p).length / scenarios.length
    expect(share((s) => s.order.delivery.method === 'pickup')).toBeGreaterThan(0.1)
    expect(share((s) => s.order.lines.length > 1)).toBeGreaterThan(0.3)
    expect(share((s) => s.nodes.length >= 4)).toBeGreaterThan(0.3)
    expect(share((s) => s.stock.length > 0)).toBeGreaterThan(0.7)
    expect(share((s) => s.order.rules !== undefined)).toBeGreaterThan(0.05)
    expect(share((s) => s.order.rules !== undefined)).toBeLessThan(0.5)
    expect(share((s) => s.order.shipComplete === true)).toBeGreaterThan(0.1)
    expect(share((s) => (s.policies?.ringFences?.length ?? 0) > 0)).toBeGreaterThan(0.1)
  })
})
