/**
 * The wave's restricted master LP (Dantzig–Wolfe): a pool of plans per order (columns), one
 * row per order that must choose a convex combination of its plans, and one row per contested
 * stock row (`WaveRow`: Σ units taken through it ≤ what the wave may take):
 *
 *     min Σ_o Σ_k cost_ok x_ok   s.t.  Σ_k x_ok = 1 (each order o),  Σ_o Σ_k units_okr x_ok ≤ capacity_r (each contested r)
 *
 * Its duals are the stock prices λ_r = −y_r ≥ 0 the orders are priced with, and μ_o, the price
 * of an order's row: a plan of order o whose priced cost is below μ_o improves the master (a
 * new column). A stock row enters once the pool could over-use it: Σ over orders of the most
 * any one of its plans takes through it > its capacity; an order is in the master once one of
 * its plans touches a row — the others keep the plan they have alone and cannot gain from prices.
 *
 * @internal
 */
import type { Plan } from '../routing/plan.js'
import type { Pool } from './ascent.js'
import { Simplex, type SimplexSnapshot, type SimplexStatus } from './simplex.js'
import type { WaveRow } from './prices.js'

/** One plan of one order in the pool. */
export interface WaveColumn {
  /** The order's position in the wave's id order. */
  readonly order: number
  readonly plan: Plan
  /** The plan's real cost, micros. */
  readonly cost: number
  /** Units the plan takes, by position key. */
  readonly usage: ReadonlyMap<string, number>
}

/** Reduced costs above −this (micros) do not enter. */
const TOLERANCE = 1e-3

export class WaveMaster {
  private lp: Simplex
  private readonly pool: WaveColumn[] = []
  private readonly signatures = new Set<string>()
  private readonly byOrder = new Map<number, number[]>()
  /** LP column of each pool column, for the columns of joined orders. */
  private lpColumn: number[] = []
  private orderRow = new Map<number, number>()
  private artificialOf = new Map<number, number>()
  private positionRow = new Map<string, number>()
  /** Per position: the most each order's plans take from it, and their sum. */
  private readonly most = new Map<string, Map<number, number>>()
  private readonly demand = new Map<string, number>()
  private readonly positions = new Map<string, WaveRow>()
  private rebuildNeeded = false
  private readonly barred = new Set<number>()

  /**
   * `capacity`: the units the wave may take from a position together; `penalty`: the cost of
   * an artificial column (an order left without a plan) and of a barred column, above any plan.
   */
  constructor(
    private readonly capacity: (key: string, pos: WaveRow) => number,
    private readonly penalty: number,
  ) {
    this.lp = new Simplex(TOLERANCE)
  }

  /** The pool's columns. */
  columns(): readonly WaveColumn[] {
    return this.pool
  }

  /** Pool indices of order `j`'s plans. */
  plansOf(j: number): readonly number[] {
    return this.byOrder.get(j) ?? []
  }

  /** Orders in the master, ascending. */
  orders(): number[] {
    return [...this.orderRow.keys()].sort((a, b) => a - b)
  }

  /** Rows of the LP (its size). */
  get size(): number {
    return this.lp.rows
  }

  /**
   * Adds a plan to the pool (its positions given as `pos` by key); returns its pool index, or
   * −1 when the pool already holds the same plan of the same order.
   */
  add(order: number, plan: Plan, cost: number, usage: ReadonlyMap<string, number>, pos: (key: string) => WaveRow): number {
    const signature = `${order}|${[...usage].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k, q]) => `${k}:${q}`).join(',')}|${cost}`
    if (this.signatures.has(signature)) return -1
    this.signatures.add(signature)
    const index = this.pool.length
    this.pool.push({ order, plan, cost, usage })
    const mine = this.byOrder.get(order)
    if (mine === undefined) this.byOrder.set(order, [index])
    else mine.push(index)
    for (const [key, q] of usage) {
      if (!this.positions.has(key)) this.positions.set(key, pos(key))
      let byOrder = this.most.get(key)
      if (byOrder === undefined) this.most.set(key, (byOrder = new Map()))
      const before = byOrder.get(order) ?? 0
      if (q > before) {
        byOrder.set(order, q)
        this.demand.set(key, (this.demand.get(key) ?? 0) + q - before)
      }
    }
    if (this.orderRow.has(order)) this.lpColumn[index] = this.lp.addColumn(this.lpColumnOf(index))
    return index
  }

  /**
   * Gives rows to every position the pool could over-use and joins the orders that touch
   * them; starts the LP again when a new row does not hold at the current solution. Returns
   * true when the master grew.
   */
  sync(): boolean {
    let grew = false
    for (;;) {
      const keys = [...this.demand.keys()].filter((key) => !this.positionRow.has(key) && (this.demand.get(key) ?? 0) > this.capacity(key, this.positions.get(key) as WaveRow)).sort()
      if (keys.length === 0) break
      grew = true
      for (const key of keys) {
        for (const j of [...(this.most.get(key)?.keys() ?? [])].sort((a, b) => a - b)) this.join(j)
        if (this.rebuildNeeded) {
          this.positionRow.set(key, -1)
          continue
        }
        const entries: [number, number][] = []
        for (const j of this.most.get(key)?.keys() ?? []) {
          for (const i of this.byOrder.get(j) ?? []) {
            const q = (this.pool[i] as WaveColumn).usage.get(key) ?? 0
            if (q > 0) entries.push([this.lpColumn[i] as number, q])
          }
        }
        const row = this.lp.addInequalityRow(this.capacity(key, this.positions.get(key) as WaveRow), entries)
        // A row the current solution breaks: the LP starts again from its artificial start.
        if (row === undefined) this.rebuildNeeded = true
        this.positionRow.set(key, row ?? -1)
      }
    }
    if (this.rebuildNeeded) this.rebuild()
    return grew
  }

  /**
   * The pool as its Lagrangian dual reads it (./ascent.ts): the joined orders (ascending), the
   * contested rows (by key), and each order's plans over those rows; charged `work` units per
   * entry read.
   */
  lagrangian(work: { spent: number }): { readonly orders: readonly number[]; readonly keys: readonly string[]; readonly pool: Pool } {
    const orders = this.orders()
    const keys = [...this.positionRow.keys()].sort()
    const index = new Map(keys.map((key, r) => [key, r]))
    const capacity = Float64Array.from(keys, (key) => this.capacity(key, this.positions.get(key) as WaveRow))
    const first: number[] = [0]
    const cost: number[] = []
    const start: number[] = [0]
    const rows: number[] = []
    const units: number[] = []
    for (const j of orders) {
      for (const i of this.byOrder.get(j) ?? []) {
        const c = this.pool[i] as WaveColumn
        for (const [key, q] of c.usage) {
          const r = index.get(key)
          if (r === undefined || q === 0) continue
          rows.push(r)
          units.push(q)
        }
        work.spent += c.usage.size + 1
        // A barred plan costs the penalty, as in the LP.
        cost.push(c.cost + (this.barred.has(i) ? this.penalty : 0))
        start.push(rows.length)
      }
      first.push(cost.length)
    }
    const pool: Pool = { first: Int32Array.from(first), cost: Float64Array.from(cost), start: Int32Array.from(start), rows: Int32Array.from(rows), units: Float64Array.from(units), capacity }
    return { orders, keys, pool }
  }

  /** Solves the LP within `work`. */
  solve(work: { spent: number; readonly limit: number }): SimplexStatus {
    return this.lp.solve(work)
  }

  /** The LP's basis, to return to after a trial solve. */
  snapshot(): { readonly lp: Simplex; readonly basis: SimplexSnapshot } {
    return { lp: this.lp, basis: this.lp.snapshot() }
  }

  /** Returns to the basis of `snapshot`, unless the LP was rebuilt or grew rows since (then false). */
  restore(snapshot: { readonly lp: Simplex; readonly basis: SimplexSnapshot }): boolean {
    return snapshot.lp === this.lp && this.lp.restore(snapshot.basis)
  }

  /** The LP's objective (micros). */
  objective(): number {
    return this.lp.objective()
  }

  /** The duals: μ per joined order, and the price (≥ 0, micros) of each contested position. */
  duals(): { readonly order: ReadonlyMap<number, number>; readonly price: ReadonlyMap<string, number> } {
    const y = this.lp.duals()
    const order = new Map<number, number>()
    for (const [j, row] of this.orderRow) order.set(j, y[row] ?? 0)
    const price = new Map<string, number>()
    for (const [key, row] of this.positionRow) price.set(key, Math.max(0, -(y[row] ?? 0)))
    return { order, price }
  }

  /** The value of each pool column of the joined orders at the current basis (0 for the others), and each joined order's artificial. */
  solution(): { readonly value: (i: number) => number; readonly artificial: (j: number) => number } {
    return {
      value: (i) => {
        const col = this.lpColumn[i]
        return col === undefined ? 0 : this.lp.valueOf(col)
      },
      artificial: (j) => {
        const col = this.artificialOf.get(j)
        return col === undefined ? 0 : this.lp.valueOf(col)
      },
    }
  }

  /** Bars pool column `i` (it may not be chosen) or lifts the bar. */
  bar(i: number, barred: boolean): void {
    if (barred) this.barred.add(i)
    else this.barred.delete(i)
    const col = this.lpColumn[i]
    if (col !== undefined) this.lp.bar(col, this.penalty, barred)
  }

  private join(j: number): void {
    if (this.orderRow.has(j)) return
    if (this.rebuildNeeded) {
      this.orderRow.set(j, -1)
      return
    }
    const { row, artificial } = this.lp.addEqualityRow(1, this.penalty)
    this.orderRow.set(j, row)
    this.artificialOf.set(j, artificial)
    this.placeColumns(j)
  }

  /** Order `j`'s pool columns placed in the LP, barred as they are. */
  private placeColumns(j: number): void {
    for (const i of this.byOrder.get(j) ?? []) {
      this.lpColumn[i] = this.lp.addColumn(this.lpColumnOf(i))
      if (this.barred.has(i)) this.lp.bar(this.lpColumn[i] as number, this.penalty, true)
    }
  }

  /** Pool column `i` as an LP column over the rows there are. */
  private lpColumnOf(i: number): { cost: number; rows: number[]; values: number[] } {
    const c = this.pool[i] as WaveColumn
    const rows = [this.orderRow.get(c.order) as number]
    const values = [1]
    for (const [key, q] of c.usage) {
      const row = this.positionRow.get(key)
      if (row === undefined || q === 0) continue
      rows.push(row)
      values.push(q)
    }
    return { cost: c.cost, rows, values }
  }

  /** A new LP over the same orders, positions and columns, from the artificial start. */
  private rebuild(): void {
    this.rebuildNeeded = false
    const orders = this.orders()
    const keys = [...this.positionRow.keys()].sort()
    this.lp = new Simplex(TOLERANCE)
    this.orderRow = new Map()
    this.artificialOf = new Map()
    this.positionRow = new Map()
    this.lpColumn = []
    for (const j of orders) {
      const { row, artificial } = this.lp.addEqualityRow(1, this.penalty)
      this.orderRow.set(j, row)
      this.artificialOf.set(j, artificial)
    }
    // With no entries yet, every row holds at the artificial start.
    for (const key of keys) this.positionRow.set(key, this.lp.addInequalityRow(this.capacity(key, this.positions.get(key) as WaveRow), []) as number)
    for (const j of orders) this.placeColumns(j)
  }
}
