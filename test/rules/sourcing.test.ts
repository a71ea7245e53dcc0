import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeNetwork } from '../../src/codecs/decode.js'
import { NODE_KINDS } from '../../src/model/network.js'
import { SourcingRules } from '../../src/model/order.js'
import { compileRules, composeRules, ineligibility, skuAllowedAt } from '../../src/rules/sourcing.js'
import { buildNodeIndex } from '../../src/network/nodes.js'
import { propertyParameters } from '../support/properties.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

const TAGS = ['24h', 'flagship', 'outlet']
const REGIONS = ['IDF', 'ARA', 'PACA']

const nodesArb = fc.array(
  fc.record({ kind: fc.constantFrom(...NODE_KINDS), tags: fc.subarray(TAGS), region: fc.option(fc.constantFrom(...REGIONS), { nil: undefined }) }),
  { minLength: 1, maxLength: 8 },
)

const rulesArb = fc
  .record(
    {
      nodeKinds: fc.subarray([...NODE_KINDS], { minLength: 1 }),
      requireTags: fc.subarray(TAGS),
      excludeTags: fc.subarray(TAGS),
      regions: fc.subarray(REGIONS, { minLength: 1 }),
      maxDistanceKm: fc.integer({ min: 1, max: 500 }),
      excludeNodes: fc.subarray(['N0', 'N1', 'N2']),
      skuAttributes: fc.constant([{ attribute: 'bulky', nodeKinds: ['warehouse'] }]),
    },
    { requiredKeys: [] },
  )
  .map((r) => right(SourcingRules.decode(r)))

const indexOf = (nodes: readonly { kind: string; tags: string[]; region?: string | undefined }[]) =>
  right(
    buildNodeIndex(
      right(
        decodeNetwork({
          nodes: nodes.map((n, i) => ({
            id: `N${i}`,
            kind: n.kind,
            location: { lat: 45, lon: 4 },
            tags: n.tags,
            ...(n.region === undefined ? {} : { region: n.region }),
            costs: { package: '1', unit: '1', perUnitKm: '0' },
          })),
        }),
      ),
    ),
  )

describe('sourcing rules', () => {
  it('says no node is kept out exactly when no node, at any distance, is', () => {
    fc.assert(
      fc.property(nodesArb, rulesArb, fc.integer({ min: 0, max: 1_000_000 }), (nodes, rules, metres) => {
        const index = indexOf(nodes)
        const compiled = compileRules(rules)
        const blocked = nodes.map((_, n) => ineligibility(compiled, index, n, metres))
        if (compiled.everyNode) expect(blocked.every((b) => b === undefined)).toBe(true)
        // Without the shortcut the rules are tested one by one: any restriction is real.
        const restricted = { ...compiled, everyNode: false }
        expect(nodes.map((_, n) => ineligibility(restricted, index, n, metres))).toEqual(blocked)
      }),
      propertyParameters({ numRuns: 300 }),
    )
  })

  it('knows a rule set with only SKU attribute rules keeps every node, and any node rule does not', () => {
    const rules = (json: unknown) => compileRules(right(SourcingRules.decode(json)))
    expect(rules({}).everyNode).toBe(true)
    expect(rules({ skuAttributes: [{ attribute: 'bulky', nodeKinds: ['warehouse'] }] }).everyNode).toBe(true)
    expect(rules({ nodeKinds: [...NODE_KINDS] }).everyNode).toBe(true)
    for (const r of [{ nodeKinds: ['store'] }, { requireTags: ['24h'] }, { excludeTags: ['outlet'] }, { regions: ['IDF'] }, { maxDistanceKm: 50 }, { excludeNodes: ['N1'] }]) {
      expect(rules(r).everyNode).toBe(false)
    }
  })

  it('composes by intersection: a node passes both rule sets exactly when it passes their composition', () => {
    fc.assert(
      fc.property(nodesArb, rulesArb, rulesArb, fc.integer({ min: 0, max: 1_000_000 }), (nodes, a, b, metres) => {
        const index = indexOf(nodes)
        const both = compileRules(composeRules(a, b))
        const ca = compileRules(a)
        const cb = compileRules(b)
        nodes.forEach((_, n) => {
          const passes = ineligibility(ca, index, n, metres) === undefined && ineligibility(cb, index, n, metres) === undefined
          expect(ineligibility(both, index, n, metres) === undefined).toBe(passes)
          const attrs = ['bulky']
          expect(skuAllowedAt(both, index, attrs, n)).toBe(skuAllowedAt(ca, index, attrs, n) && skuAllowedAt(cb, index, attrs, n))
        })
      }),
      propertyParameters({ numRuns: 300 }),
    )
  })
})
