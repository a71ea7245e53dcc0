/**
 * decode*: valid documents decode and survive the wire; anything else, however hostile,
 * comes back as a value (Left or Right), never as an exception.
 */
import { test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { describe, expect } from 'vitest'
import {
  decodeNetwork,
  decodeOrder,
  decodeReserveRequest,
  decodeScenario,
  decodeStockSnapshot,
  type DecodeError,
} from '../../src/codecs/decode.js'
import {
  networkArb,
  networkWithStockArb,
  orderArb,
  reserveRequestArb,
  scenarioArb,
} from '../support/arbitraries.js'
import { deepFreeze, jsonPath, pathsOf, viaJson, withValue, type Key } from './json.js'
import { propertyParameters } from '../support/properties.js'

type DocumentName = 'network' | 'stock snapshot' | 'order' | 'reserve request' | 'scenario'

const DECODERS: Readonly<Record<DocumentName, (u: unknown) => E.Either<DecodeError, unknown>>> = {
  network: decodeNetwork,
  'stock snapshot': decodeStockSnapshot,
  order: decodeOrder,
  'reserve request': decodeReserveRequest,
  scenario: decodeScenario,
}

/** Every key each document knows at its top level (an extra key may be one of these, left out of the document). */
const KNOWN_TOP_LEVEL: Readonly<Record<DocumentName, readonly string[]>> = {
  network: ['nodes', 'skus', 'transit'],
  'stock snapshot': ['rows', 'inbound', 'policies'],
  order: ['id', 'channel', 'lines', 'delivery', 'maxShipments', 'shipComplete', 'allowPartial', 'allowBackorder', 'allowHub', 'deliverBy', 'unfulfilledPenalty', 'rules'],
  'reserve request': ['channel', 'lines', 'id', 'orderId', 'idempotencyKey', 'expiresAt'],
  scenario: ['nodes', 'stock', 'order', 'skus', 'transit', 'inbound', 'policies', 'rules', 'now', 'strategy'],
}

/** A valid document of every kind, paired with its decoder's name. */
const validDocumentArb: fc.Arbitrary<{ readonly name: DocumentName; readonly doc: unknown }> = fc.oneof(
  networkArb().map((doc) => ({ name: 'network' as const, doc })),
  networkWithStockArb().map(({ stock }) => ({ name: 'stock snapshot' as const, doc: stock })),
  networkArb().chain((n) => orderArb(n)).map((doc) => ({ name: 'order' as const, doc })),
  networkArb().chain((n) => reserveRequestArb(n)).map((doc) => ({ name: 'reserve request' as const, doc })),
  scenarioArb().map((doc) => ({ name: 'scenario' as const, doc })),
)

/**
 * Decodes with every decoder: a Left is a well-formed error; a Right is a valid document, so
 * decoding it again gives it back unchanged.
 */
const decodesToAValue = (input: unknown): void => {
  for (const [name, decode] of Object.entries(DECODERS)) {
    const result = decode(input)
    if (E.isLeft(result)) expectWellFormed(result.left, name)
    else expect(decode(result.right)).toEqual(E.right(result.right))
  }
}

/** The JSON kind of a value: what a codec tells apart first. */
const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

const expectWellFormed = (error: DecodeError, document: string): void => {
  expect(error._tag).toBe('decode-error')
  expect(error.document).toBe(document)
  expect(error.issues.length).toBeGreaterThan(0)
  expect(error.issues.length).toBeLessThanOrEqual(20)
  for (const issue of error.issues) {
    expect(issue.path).toMatch(/^\$/)
    expect(typeof issue.expected).toBe('string')
    expect(issue.expected.length).toBeGreaterThan(0)
    expect(typeof issue.actual).toBe('string')
  }
  // One line per issue, and one more saying how many were left out when the list was cut.
  const lines = error.message.split('\n')
  expect(lines.slice(0, error.issues.length)).toEqual(error.issues.map((i) => `${i.path}: expected ${i.expected}, got ${i.actual}`))
  expect(lines.length === error.issues.length || (error.issues.length === 20 && /^and \d+ more problems?$/.test(lines[20] ?? ''))).toBe(true)
  expect(lines.length).toBeLessThanOrEqual(error.issues.length + 1)
}

/** Every object reachable from a decoded value has an ordinary prototype. */
const expectOrdinaryPrototypes = (value: unknown, seen = new Set<unknown>()): void => {
  if (typeof value !== 'object' || value === null || seen.has(value)) return
  seen.add(value)
  const proto = Object.getPrototypeOf(value)
  expect([Object.prototype, Array.prototype, null]).toContain(proto)
  for (const k of Object.keys(value)) expectOrdinaryPrototypes((value as Record<string, unknown>)[k], seen)
}

describe('valid documents', () => {
  test.prop([validDocumentArb])('decode to Right, unchanged', ({ name, doc }) => {
    const result = DECODERS[name](doc)
    if (E.isLeft(result)) throw new Error(result.left.message)
    expect(result.right).toEqual(doc)
  })

  test.prop([validDocumentArb])('round-trip through JSON: decode(JSON.parse(JSON.stringify(doc))) deep-equals doc', ({ name, doc }) => {
    const wire = viaJson(doc)
    const result = DECODERS[name](wire)
    if (E.isLeft(result)) throw new Error(result.left.message)
    expect(result.right).toStrictEqual(doc)
    // And once more: the decoded value is itself a valid document.
    expect(DECODERS[name](viaJson(result.right))).toEqual(E.right(doc))
  })

  test.prop([validDocumentArb])('decoding does not mutate a deep-frozen input', ({ name, doc }) => {
    const before = viaJson(doc)
    const frozen = deepFreeze(viaJson(doc))
    expect(E.isRight(DECODERS[name](frozen))).toBe(true)
    expect(frozen).toEqual(before)
  })

  test.prop([validDocumentArb, fc.dictionary(fc.string().filter((k) => k !== '__proto__'), fc.jsonValue(), { noNullPrototype: true, minKeys: 1, maxKeys: 5 })])(
    'refuse extra top-level keys, each one at its own path',
    ({ name, doc }, extra) => {
      const known = new Set(Object.keys(doc as object))
      const unknown = Object.keys(extra).filter((k) => !known.has(k) && !KNOWN_TOP_LEVEL[name].includes(k))
      const withExtra = { ...extra, ...(doc as object) }
      const result = DECODERS[name](withExtra)
      if (unknown.length === 0) return
      expect(E.isLeft(result)).toBe(true)
      if (E.isLeft(result)) {
        expectWellFormed(result.left, name)
        const refused = result.left.issues.filter((i) => i.expected.includes('unknown key')).map((i) => i.path)
        for (const k of unknown) expect(refused).toContain(jsonPath([k]))
      }
    },
  )
})

describe('arbitrary input never throws', () => {
  test.prop([fc.jsonValue()], propertyParameters({ numRuns: 300 }))('any JSON value', (value) => {
    decodesToAValue(value)
  })

  const hostileKey = fc.oneof(
    fc.string(),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'nodes', 'order', 'lines', 'rows', 'stock', 'delivery'),
  )

  test.prop(
    [
      fc.anything({
        key: hostileKey,
        maxDepth: 4,
        withBigInt: true,
        withBoxedValues: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withNullPrototype: true,
        withObjectString: true,
        withSparseArray: true,
        withTypedArray: true,
      }),
    ],
    propertyParameters({ numRuns: 300 }),
  )('anything at all, with prototype-looking keys', (value) => {
    decodesToAValue(value)
  })

  test.prop([fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('__proto__', 'constructor', 'prototype')])(
    'JSON text with prototype-looking keys at the top',
    (inner, key) => {
      const parsed: unknown = JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(inner)}, "nodes": []}`)
      decodesToAValue(parsed)
    },
  )

  // Stack depth is what this checks; mutation testing's instrumentation deepens every frame
  // and slows it past any timeout, so mutation runs leave it out (test/mutation.vitest.config.ts).
  test.skipIf(process.env.OMNISTOCK_MUTATION_RUN === '1')('deep nesting, in a decoded field and in an ignored one', () => {
    let deepArray: unknown = 1
    let deepObject: unknown = 1
    for (let i = 0; i < 100_000; i++) {
      deepArray = [deepArray]
      deepObject = { a: deepObject }
    }
    decodesToAValue(deepArray)
    decodesToAValue(deepObject)
    decodesToAValue({ nodes: deepArray, rows: deepObject, order: deepArray })
    expect(E.isLeft(decodeNetwork({ nodes: deepArray }))).toBe(true)
    expect(decodeNetwork({ nodes: [], extra: deepArray })).toMatchObject(E.left({ issues: [{ path: '$.extra', actual: 'object' }] }))
    expect(decodeStockSnapshot({ rows: [], extra: deepObject })).toMatchObject(E.left({ issues: [{ path: '$.extra', actual: 'object' }] }))
  })

  test('cyclic values', () => {
    const cyclic: Record<string, unknown> = { nodes: [] }
    cyclic.self = cyclic
    expect(decodeNetwork(cyclic)).toMatchObject(E.left({ issues: [{ path: '$.self', actual: 'object' }] }))
    const cyclicNode: Record<string, unknown> = { id: 'a' }
    cyclicNode.location = cyclicNode
    const result = decodeNetwork({ nodes: [cyclicNode] })
    expect(E.isLeft(result)).toBe(true)
  })

  test('proxies whose every trap throws, and revoked proxies', () => {
    const trap = (): never => {
      throw new Error('trap')
    }
    const hostile = new Proxy(
      {},
      { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap },
    )
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    for (const value of [hostile, proxy, { nodes: [hostile] }, { nodes: [proxy] }, [hostile]]) {
      decodesToAValue(value)
    }
  })

  test('values whose toJSON or getters throw while the error is being rendered', () => {
    const bad = {
      toJSON: () => {
        throw new Error('no')
      },
    }
    const result = decodeNetwork({ nodes: [bad] })
    expect(E.isLeft(result)).toBe(true)
    decodesToAValue({ nodes: [{ id: 'n', kind: 'store', location: bad, costs: bad }] })
    decodesToAValue({ rows: [{ node: 'n', sku: 's', onHand: 10n }] })
  })

  test.prop([validDocumentArb, fc.nat(), fc.anything({ maxDepth: 2, withBigInt: true, withNullPrototype: true })])(
    'a valid document with any one value replaced by anything',
    ({ name, doc }, pick, junk) => {
      const paths = pathsOf(doc)
      fc.pre(paths.length > 0)
      const path = paths[pick % paths.length] as Key[]
      const mutated = withValue(doc, path, junk)
      const result = DECODERS[name](mutated)
      // A value of another kind where the document had one (a string for a number, an object
      // for an array, …) is never valid: every field of these documents has a single kind.
      const original = path.reduce<unknown>((o, k) => (o as Record<Key, unknown>)[k], doc)
      if (junk !== undefined && kindOf(junk) !== kindOf(original)) expect(E.isLeft(result)).toBe(true)
      if (E.isRight(result)) expect(DECODERS[name](result.right)).toEqual(E.right(result.right))
      if (E.isLeft(result)) {
        expectWellFormed(result.left, name)
        // Some issue is about the replaced value or its siblings (a union or a record can
        // only tell which sibling is wrong from the whole object).
        const parent = path.slice(0, -1)
        const parentPath = jsonPath(parent)
        expect(result.left.issues.some((i) => within(i.path, parentPath))).toBe(true)
      }
    },
  )

  test.prop([validDocumentArb, fc.nat()])('a valid document with a throwing getter in place of any value', ({ name, doc }, pick) => {
    const paths = pathsOf(doc)
    fc.pre(paths.length > 0)
    const path = paths[pick % paths.length] as Key[]
    const copy = viaJson(doc) as Record<Key, unknown>
    let parent: Record<Key, unknown> = copy
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<Key, unknown>
    Object.defineProperty(parent, path[path.length - 1] as Key, {
      enumerable: true,
      get: () => {
        throw new Error('getter')
      },
    })
    const result = DECODERS[name](copy)
    expect(E.isLeft(result)).toBe(true)
    if (E.isLeft(result)) expectWellFormed(result.left, name)
  })

  test.prop([validDocumentArb, fc.nat(), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 }), { noNullPrototype: true })])(
    'an own "__proto__" key anywhere is refused or harmless, never a prototype',
    ({ name, doc }, pick, smuggled) => {
      const containers = [[] as Key[], ...pathsOf(doc)].filter((p) => {
        const v = p.reduce<unknown>((o, k) => (o as Record<Key, unknown>)[k], doc)
        return typeof v === 'object' && v !== null && !Array.isArray(v)
      })
      const at = containers[pick % containers.length] as Key[]
      // JSON.parse creates an own "__proto__" property, as a network request body would.
      // Unknown keys in locations make io-ts copy the records around them (it strips the
      // keys), which is when a "__proto__" key used to become a prototype.
      const text = JSON.stringify(doc, (_key, v: unknown) =>
        typeof v === 'object' && v !== null && 'lat' in v && 'lon' in v ? { ...v, altitude: 35 } : v,
      )
      const parsed = JSON.parse(text) as Record<Key, unknown>
      const target = at.reduce<Record<Key, unknown>>((o, k) => o[k] as Record<Key, unknown>, parsed)
      const injected = JSON.parse(`{"__proto__": ${JSON.stringify(smuggled)}}`) as object
      Object.defineProperty(target, '__proto__', { ...Object.getOwnPropertyDescriptor(injected, '__proto__'), enumerable: true })
      const result = DECODERS[name](parsed)
      if (E.isRight(result)) expectOrdinaryPrototypes(result.right)
      else expectWellFormed(result.left, name)
    },
  )
})

/** True when `path` is `prefix` or a path inside it. */
const within = (path: string, prefix: string): boolean =>
  path === prefix || (path.startsWith(prefix) && (path[prefix.length] === '.' || path[prefix.length] === '['))
