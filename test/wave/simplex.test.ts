import fc from 'fast-check'
import { allColumns, BIG, highsOptimum, masterArb, type Master } from './masters.js'
import { describe, expect, it } from 'vitest'
import { Simplex } from '../../src/wave/simplex.js'

/** The master built in `lp`: order rows, then the stock rows, then every column; returns the LP columns. */
const build = (m: Master, lp: Simplex): number[] => {
  const orderRow = Array.from({ length: m.orders }, () => lp.addEqualityRow(1, BIG).row)
  const posRow: number[] = []
  const add = (c: Master['columns'][number]): number => {
    const rows = [orderRow[c.order] as number]
    const values = [1]
    for (const [p, u] of c.usage) {
      if (posRow[p] === undefined) continue
      rows.push(posRow[p] as number)
      values.push(u)
    }
    return lp.addColumn({ cost: c.cost, rows, values })
  }
  m.capacity.forEach((cap, p) => (posRow[p] = lp.addInequalityRow(cap, []) as number))
  return allColumns(m).map(add)
}

describe('the revised simplex of the wave master', () => {
  it('reaches HiGHS’s optimum on random masters; its duals price every column at ≥ 0', async () => {
    const masters = fc.sample(masterArb, { numRuns: 150, seed: 20261207 })
    for (const m of masters) {
      const lp = new Simplex(1e-9)
      const cols = build(m, lp)
      expect(lp.solve({ spent: 0, limit: Number.POSITIVE_INFINITY })).toBe('optimal')
      const optimum = await highsOptimum(m)
      expect(lp.objective()).toBeCloseTo(optimum, 6)
      const y = lp.duals()
      for (const c of cols) expect(lp.reducedCost(c, y)).toBeGreaterThan(-1e-7)
      // Primal feasible: each order's columns sum to 1, each stock row holds.
      const all = allColumns(m)
      for (let o = 0; o < m.orders; o++) {
        let sum = 0
        all.forEach((c, i) => c.order === o && (sum += lp.valueOf(cols[i] as number)))
        expect(sum).toBeCloseTo(1, 9)
      }
      m.capacity.forEach((cap, p) => {
        let used = 0
        all.forEach((c, i) => {
          for (const [q, u] of c.usage) if (q === p) used += u * lp.valueOf(cols[i] as number)
        })
        expect(used).toBeLessThanOrEqual(cap + 1e-9)
      })
    }
  }, 60_000)

  it('rows added after a solve (holding at the solution) and columns barred give the optimum of the LP they leave', async () => {
    const masters = fc.sample(masterArb, { numRuns: 100, seed: 7 })
    let rowsAdded = 0
    for (const m of masters) {
      const lp = new Simplex(1e-9)
      const orderRow = Array.from({ length: m.orders }, () => lp.addEqualityRow(1, BIG).row)
      const all = allColumns(m)
      // Every column first, no stock rows; solve; then each stock row that holds at the solution, with its entries.
      const cols = all.map((c) => lp.addColumn({ cost: c.cost, rows: [orderRow[c.order] as number], values: [1] }))
      lp.solve({ spent: 0, limit: Number.POSITIVE_INFINITY })
      const added = new Set<number>()
      m.capacity.forEach((cap, p) => {
        const entries: [number, number][] = []
        let activity = 0
        all.forEach((c, i) => {
          for (const [q, u] of c.usage) {
            if (q !== p) continue
            entries.push([cols[i] as number, u])
            activity += u * lp.valueOf(cols[i] as number)
          }
        })
        if (activity > cap) return
        lp.addInequalityRow(cap, entries)
        added.add(p)
      })
      rowsAdded += added.size
      lp.solve({ spent: 0, limit: Number.POSITIVE_INFINITY })
      const inAdded = (p: number): boolean => added.has(p)
      expect(lp.objective()).toBeCloseTo(await highsOptimum(m, new Set(), inAdded), 6)
      // Bar every other real column: the simplex prices the barred ones out.
      const barred = new Set<number>()
      for (let i = m.orders; i < all.length; i += 2) {
        barred.add(i)
        lp.bar(cols[i] as number, BIG, true)
      }
      lp.solve({ spent: 0, limit: Number.POSITIVE_INFINITY })
      expect(lp.objective()).toBeCloseTo(await highsOptimum(m, barred, inAdded), 6)
      for (const i of barred) expect(lp.valueOf(cols[i] as number)).toBe(0)
      // And lifting the bars gives the first optimum back.
      for (const i of barred) lp.bar(cols[i] as number, BIG, false)
      lp.solve({ spent: 0, limit: Number.POSITIVE_INFINITY })
      expect(lp.objective()).toBeCloseTo(await highsOptimum(m, new Set(), inAdded), 6)
    }
    expect(rowsAdded).toBeGreaterThan(100)
  }, 60_000)

  it('a snapshot taken at an optimum is returned to after trial solves with columns barred and added', async () => {
    const masters = fc.sample(masterArb, { numRuns: 100, seed: 11 })
    let trials = 0
    for (const m of masters) {
      const lp = new Simplex(1e-9)
      const cols = build(m, lp)
      lp.solve({ spent: 0, limit: Number.POSITIVE_INFINITY })
      const objective = lp.objective()
      const values = cols.map((c) => lp.valueOf(c))
      const duals = Array.from(lp.duals())
      const snapshot = lp.snapshot()
      // Trials: bar a third of the real columns, add a dear copy of one, solve, return.
      const all = allColumns(m)
      for (let t = 0; t < 3; t++) {
        const barred = cols.filter((_, i) => i >= m.orders && (i + t) % 3 === 0)
        for (const c of barred) lp.bar(c, BIG, true)
        const first = all[0] as Master['columns'][number]
        lp.addColumn({ cost: first.cost + 1, rows: [0], values: [1] })
        lp.solve({ spent: 0, limit: Number.POSITIVE_INFINITY })
        for (const c of barred) lp.bar(c, BIG, false)
        expect(lp.restore(snapshot)).toBe(true)
        trials++
        // The basis is the optimum's again: same values, objective and duals, and nothing enters.
        expect(lp.objective()).toBeCloseTo(objective, 9)
        cols.forEach((c, i) => expect(lp.valueOf(c)).toBeCloseTo(values[i] as number, 9))
        Array.from(lp.duals()).forEach((y, r) => expect(y).toBeCloseTo(duals[r] as number, 6))
        const work = { spent: 0, limit: Number.POSITIVE_INFINITY }
        expect(lp.solve(work)).toBe('optimal')
        expect(lp.objective()).toBeCloseTo(await highsOptimum(m), 6)
      }
      // A row added since the snapshot: it is refused and the basis kept.
      lp.addInequalityRow(Number.MAX_SAFE_INTEGER, [])
      const before = lp.objective()
      expect(lp.restore(snapshot)).toBe(false)
      expect(lp.objective()).toBe(before)
    }
    expect(trials).toBe(300)
  }, 60_000)

  it('stops when the work runs out, and charges what it read', () => {
    const m = fc.sample(masterArb, { numRuns: 1, seed: 3 })[0] as Master
    const lp = new Simplex(1e-9)
    build(m, lp)
    const work = { spent: 0, limit: 1 }
    const status = lp.solve(work)
    expect(['budget', 'optimal']).toContain(status)
    expect(work.spent).toBeGreaterThan(0)
  })
})
