import { describe, expect, it } from 'vitest'
import { capacityRowKey, PriceBook, positionKey, rowKey, type WaveRow } from '../../src/wave/prices.js'

const stockRow = (node: number, sku: string): WaveRow => ({ pos: { node, nodeId: `N${node}`, sku } })
const unitsRow = (node: number): WaveRow => ({ pos: { node, nodeId: `N${node}`, sku: '' }, today: 'units' })

describe('the price book', () => {
  it('groups its priced rows by SKU in key order, a node\'s daily capacity under no SKU, and follows every change of price', () => {
    const book = new PriceBook(['A', 'B'])
    const a1 = rowKey(positionKey(1, 'A'))
    const a0 = rowKey(positionKey(0, 'A'))
    const b0 = rowKey(positionKey(0, 'B'))
    const cap = capacityRowKey(2, 'units')
    const v0 = book.version
    book.set(a1, stockRow(1, 'A'), 5)
    book.set(b0, stockRow(0, 'B'), 7)
    book.set(cap, unitsRow(2), 3)
    book.set(a0, stockRow(0, 'A'), 2)
    expect(book.version).toBe(v0 + 4)
    const grouped = book.rowsBySku()
    expect(grouped.get('A')?.map((r) => r.key)).toEqual([a0, a1].sort())
    expect(grouped.get('B')?.map((r) => r.key)).toEqual([b0])
    expect(grouped.get('')?.map((r) => r.key)).toEqual([cap])
    // The same price again changes nothing; a price of 0 drops the row.
    expect(book.set(a1, stockRow(1, 'A'), 5)).toBe(false)
    expect(book.version).toBe(v0 + 4)
    expect(book.rowsBySku()).toBe(grouped)
    book.set(a1, stockRow(1, 'A'), 0)
    expect(book.version).toBe(v0 + 5)
    expect(book.rowsBySku().get('A')?.map((r) => r.key)).toEqual([a0])
    // Restoring other prices moves it too.
    const other = new PriceBook(['A', 'B'])
    other.set(b0, stockRow(0, 'B'), 9)
    book.restore(other)
    expect([...book.rowsBySku().keys()]).toEqual(['B'])
    expect(book.rowsBySku().get('B')?.map((r) => r.key)).toEqual([b0])
  })
})
