import fc from 'fast-check'
import { expect } from 'vitest'
import { loadHighs } from '../support/highs.js'

/**
 * Random masters of the wave's shape — an equality row per order (Σ its columns = 1), stock
 * rows Σ units × x ≤ capacity — solved by the revised simplex and by HiGHS on the same LP
 * written out in CPLEX LP format. Each order also has an "unfulfilled" column that takes no
 * stock, so the LP is always feasible without the artificials.
 */
export interface Master {
  readonly orders: number
  readonly capacity: readonly number[]
  readonly columns: readonly { readonly order: number; readonly cost: number; readonly usage: readonly (readonly [number, number])[] }[]
}

export const masterArb = fc
  .record({
    orders: fc.integer({ min: 1, max: 8 }),
    positions: fc.integer({ min: 1, max: 6 }),
  })
  .chain(({ orders, positions }) =>
    fc.record({
      orders: fc.constant(orders),
      capacity: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: positions, maxLength: positions }),
      columns: fc.array(
        fc.record({
          order: fc.integer({ min: 0, max: orders - 1 }),
          cost: fc.integer({ min: 1, max: 100 }),
          usage: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: positions - 1 }), fc.integer({ min: 1, max: 3 })), { selector: (u) => u[0], maxLength: 3 }),
        }),
        { maxLength: 24 },
      ),
    }),
  )

export const PENALTY = 1000
export const BIG = 1e7

/** Every column of `m`, each order's unfulfilled column first. */
export const allColumns = (m: Master): Master['columns'] => [...Array.from({ length: m.orders }, (_, order) => ({ order, cost: PENALTY, usage: [] })), ...m.columns]

export const highsOptimum = async (m: Master, barred: ReadonlySet<number> = new Set(), rowsOf: (p: number) => boolean = () => true): Promise<number> => {
  const highs = await loadHighs()
  const cols = allColumns(m)
    .map((c, i) => ({ ...c, i }))
    .filter((c) => !barred.has(c.i))
  const obj = cols.map((c) => `+ ${c.cost} x${c.i}`).join(' ')
  const rows: string[] = []
  for (let o = 0; o < m.orders; o++) rows.push(` o${o}: ${cols.filter((c) => c.order === o).map((c) => `+ x${c.i}`).join(' ') || '0 x0'} = 1`)
  m.capacity.forEach((cap, p) => {
    const terms = cols.flatMap((c) => c.usage.filter(([q]) => q === p).map(([, u]) => `+ ${u} x${c.i}`))
    if (terms.length > 0 && rowsOf(p)) rows.push(` p${p}: ${terms.join(' ')} <= ${cap}`)
  })
  const lp = `Minimize\n obj: ${obj}\nSubject To\n${rows.join('\n')}\nEnd\n`
  const result = highs.solve(lp, { output_flag: false })
  expect(result.Status).toBe('Optimal')
  return result.ObjectiveValue
}
