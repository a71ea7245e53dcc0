import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EMPTY_HEAP, type ExpiryEntry, type ExpiryHeap, heapInsert, heapPeek, heapPop, heapSize } from '../../src/internal/heap.js'

const order = (a: ExpiryEntry, b: ExpiryEntry): number => a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const drain = (h: ExpiryHeap): ExpiryEntry[] => {
  const out: ExpiryEntry[] = []
  let cur = h
  for (let e = heapPeek(cur); e !== undefined; e = heapPeek(cur)) {
    out.push(e)
    cur = heapPop(cur)
  }
  return out
}

const entry = fc.record({ atMs: fc.integer({ min: 0, max: 50 }), id: fc.string({ maxLength: 3 }) })

describe('expiry heap', () => {
  it('pops in (atMs, id) order, like a sorted model', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 200 }), (entries) => {
        let h = EMPTY_HEAP
        for (const e of entries) h = heapInsert(h, e)
        expect(heapSize(h)).toBe(entries.length)
        expect(drain(h)).toEqual([...entries].sort(order))
      }),
    )
  })

  it('is persistent under interleaved inserts and pops', () => {
    const op = fc.oneof(entry.map((e) => ({ insert: e })), fc.constant({ pop: true as const }))
    fc.assert(
      fc.property(fc.array(op, { maxLength: 150 }), (ops) => {
        const versions: Array<{ heap: ExpiryHeap; model: ExpiryEntry[] }> = [{ heap: EMPTY_HEAP, model: [] }]
        let heap = EMPTY_HEAP
        let model: ExpiryEntry[] = []
        for (const o of ops) {
          if ('insert' in o) {
            heap = heapInsert(heap, o.insert)
            model = [...model, o.insert].sort(order)
          } else {
            expect(heapPeek(heap)).toEqual(model[0])
            heap = heapPop(heap)
            model = model.slice(1)
          }
          versions.push({ heap, model })
        }
        for (const v of versions) expect(drain(v.heap)).toEqual(v.model)
      }),
    )
  })

  it('pop on empty stays empty', () => {
    expect(heapPop(EMPTY_HEAP)).toBe(EMPTY_HEAP)
    expect(heapPeek(EMPTY_HEAP)).toBeUndefined()
  })
})
