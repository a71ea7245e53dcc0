/**
 * routeScenario: every error names the scenario's own path, once — stock rows are `$.stock`,
 * not the snapshot's `$.rows` — and every node a scenario names is one of its nodes.
 */
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { routeScenario, type ScenarioError } from '../src/scenario.js'

const NOW = '2026-11-27T09:00:00Z'
const ship = (): Record<string, unknown> & { stock: unknown[]; order: Record<string, unknown> } =>
  JSON.parse(readFileSync('examples/scenarios/ship.json', 'utf8'))

const errorOf = (doc: unknown): ScenarioError => {
  const r = routeScenario(doc, NOW)
  if (E.isRight(r)) throw new Error('expected an error')
  return r.left
}

describe('routeScenario errors', () => {
  it('name a stock row by its path in the scenario, in the path and in the message, once', () => {
    const doc = ship()
    doc.stock = [...doc.stock, { node: 'NOWHERE', sku: 'A', onHand: 1 }]
    const error = errorOf(doc)
    expect(error).toMatchObject({ _tag: 'unknown-node', path: '$.stock[3].node' })
    expect(error.message).toBe('$.stock[3].node: no node "NOWHERE" in the network')
    expect(error.message.split('$.stock[3]')).toHaveLength(2)
  })

  it('name a second row for one position at its scenario path', () => {
    const doc = ship()
    doc.stock = [...doc.stock, { node: 'W1', sku: 'A', onHand: 4 }]
    expect(errorOf(doc)).toMatchObject({ _tag: 'duplicate-position', path: '$.stock[3]' })
  })

  it('name inbound lots and policies at their own paths', () => {
    const lot = { ...ship(), inbound: [{ id: 'po-1', node: 'W1', sku: 'A', quantity: 2, eta: '2026-11-28T09:00:00Z' }, { id: 'po-2', node: 'W9', sku: 'A', quantity: 2, eta: '2026-11-28T09:00:00Z' }] }
    expect(errorOf(lot)).toMatchObject({ _tag: 'unknown-node', path: '$.inbound[1].node' })
    const policy = { ...ship(), policies: { ringFences: [{ channel: 'store', node: 'S-LYON', quantity: 1 }, { channel: 'store', node: 'S-LION', quantity: 1 }] } }
    expect(errorOf(policy)).toMatchObject({ _tag: 'unknown-node', node: 'S-LION', path: '$.policies.ringFences[1].node' })
  })

  it('refuse a sourcing rule excluding a node the network does not have, network-wide or in the order', () => {
    expect(errorOf({ ...ship(), rules: { excludeNodes: ['W1', 'W2'] } })).toMatchObject({ _tag: 'unknown-node', node: 'W2', path: '$.rules.excludeNodes[1]' })
    const doc = ship()
    doc.order = { ...doc.order, rules: { excludeNodes: ['S-LYONS'] } }
    expect(errorOf(doc)).toMatchObject({ _tag: 'unknown-node', path: '$.order.rules.excludeNodes[0]' })
    expect(E.isRight(routeScenario({ ...ship(), rules: { excludeNodes: ['S-LYON'] } }, NOW))).toBe(true)
  })

  it('refuse an SKU listed twice in the catalogue', () => {
    expect(errorOf({ ...ship(), skus: [{ id: 'A' }, { id: 'B' }, { id: 'A' }] })).toMatchObject({ _tag: 'duplicate-sku', path: '$.skus[2].id' })
  })

  it('refuse a ring-fence of 200 percent and one of −50 percent, which used to route with exit 0', () => {
    for (const percent of [200, -50]) {
      const error = errorOf({ ...ship(), policies: { ringFences: [{ channel: 'store', quantity: 1, percent }] } })
      expect(error._tag).toBe('decode-error')
      if (error._tag === 'decode-error') expect(error.issues.map((i) => i.path)).toContain('$.policies.ringFences[0].percent')
    }
  })
})
