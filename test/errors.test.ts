import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeOrder } from '../src/codecs/decode.js'
import { duplicateNode, formatError, invalidInput, invalidInstant, unknownNode, unknownSku } from '../src/errors.js'
import { promiseOptions } from '../src/promise/promise.js'
import { routeOrder } from '../src/routing/route.js'
import { buildStock } from '../src/stock/build.js'
import { compiled, snapshot, unwrap, unwrapLeft } from './stock/fixtures.js'

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : []
  })

describe('error tags', () => {
  it('are kebab-case everywhere under src/', () => {
    const tags = sources('src').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/_tag: '([^']+)'/g)].map((m) => m[1] as string))
    expect(tags.length).toBeGreaterThan(20)
    expect(tags.filter((t) => !/^[a-z]+(-[a-z]+)*$/.test(t))).toEqual([])
  })
})

describe('shared error shapes', () => {
  const net = compiled([{ id: 'dc-1' }, { id: 'st-1', kind: 'store' }], [{ id: 'a' }])
  const stock = unwrap(buildStock(net, snapshot({ rows: [{ node: 'dc-1', sku: 'a', onHand: 1 }] })))
  const order = (o: object) => ({ id: 'o', channel: 'web', lines: [{ id: '1', sku: 'a', quantity: 1 }], delivery: { method: 'ship', to: { lat: 48.85, lon: 2.35 } }, ...o }) as never

  it('an unknown node has the same fields whether the stock or the router finds it', () => {
    const fromStock = unwrapLeft(buildStock(net, snapshot({ rows: [{ node: 'ghost', sku: 'a', onHand: 1 }] })))
    const fromRouting = unwrapLeft(routeOrder(stock, order({ delivery: { method: 'pickup', node: 'ghost' } }), { now: '2026-11-27T09:00:00Z' }))
    expect(Object.keys(fromRouting).sort()).toEqual(Object.keys(fromStock).sort())
    expect(fromRouting).toEqual(unknownNode('ghost', '$.order.delivery.node'))
  })

  it('an invalid instant from the promise and an unknown SKU from the router are the shared shapes', () => {
    const request = { channel: 'web', location: { lat: 48.85, lon: 2.35 }, now: 'soon', sku: 'a' } as never
    expect(unwrapLeft(promiseOptions(stock, request))).toEqual(invalidInstant('soon', '$.now'))
    const unknown = unwrapLeft(routeOrder(stock, order({ lines: [{ id: '1', sku: 'zz', quantity: 1 }] }), { now: '2026-11-27T09:00:00Z' }))
    expect(unknown).toMatchObject({ _tag: 'unknown-sku', sku: 'zz', path: '$.order.lines[0].sku' })
    expect(Object.keys(unknown).sort()).toEqual(Object.keys(unknownSku('zz', '$')).sort())
  })
})

describe('formatError', () => {
  it('gives one line that names the path once', () => {
    expect(formatError(unknownNode('ghost', '$.rows[3].node'))).toBe('$.rows[3].node: no node "ghost" in the network')
    expect(formatError({ _tag: 'empty-order', path: '$.order.lines', message: 'order o has no lines' })).toBe('$.order.lines: order o has no lines')
    expect(formatError({ _tag: 'not-live', message: 'reservation r-1 is released, no longer live' })).toBe('reservation r-1 is released, no longer live')
  })

  it('puts every issue of a decode error on one line after the document', () => {
    const e = unwrapLeft(decodeOrder({ id: 'o', channel: 'web', lines: [{ id: '1', sku: 'a', quantity: 0 }, { id: '2', sku: 'b', quantity: -1 }], delivery: {} }))
    const line = formatError(e)
    expect(line.startsWith('invalid order: $.lines[0].quantity')).toBe(true)
    expect(line).toContain('$.lines[1].quantity')
    expect(line).not.toContain('\n')
  })

  it('never spans lines, whatever the values named', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (value, path) => {
        for (const e of [unknownNode(value, path), duplicateNode(value, path), invalidInstant(value, path), invalidInput(path, value), unknownSku(value)]) {
          expect(formatError(e)).not.toContain('\n')
        }
      }),
    )
  })
})
