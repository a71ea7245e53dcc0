/**
 * A small revised simplex for the wave's restricted master LP:
 *
 *     min Σ c_j x_j   s.t.   Σ_j a_ij x_j = b_i (order rows),  Σ_j a_ij x_j ≤ b_i (stock rows),  x ≥ 0
 *
 * Every row has a home column — an order row its artificial (the order left without a plan,
 * at a cost above any plan of it), a stock row its slack — a unit vector, so the start basis
 * is the identity and no first phase is needed. The basis inverse is kept in product form: a
 * file of sparse eta vectors, one per pivot since the last reinversion (the master's columns
 * touch a handful of rows each, so the etas stay short). A column is transformed sparsely —
 * only the rows it reaches are read, kept and cleared — so a pivot and a reinversion cost
 * about the entries they touch, not m. The file is rebuilt from the identity every
 * REINVERT_EVERY pivots (every m / 2, at least 16, in a small LP), and when a stock row is added
 * (its slack enters basic; the row must hold at the current solution). A basis can be kept and
 * returned to after trial solves (`snapshot`, `restore`: strong branching).
 *
 * Entering columns by Dantzig's rule, Bland's rule after a run of degenerate pivots (so the
 * method cannot cycle); work is charged per pivot for the entries it reads.
 *
 * @internal
 */

/** Pivots on entries below this are refused in the ratio test. */
const PIVOT_TOLERANCE = 1e-9
/** Entries of an eta below this are dropped. */
const DROP = 1e-13
/** Degenerate pivots in a row after which Bland's rule takes over. */
const DEGENERATE_RUN = 30
/** Columns priced at least before the best of them enters (partial pricing), unless none is found. */
const PRICING_SECTION = 512
/** The eta file is rebuilt after this many pivots. */
const REINVERT_EVERY = 128

/** How a solve ended. */
export type SimplexStatus = 'optimal' | 'budget'

/** One column: its cost and its entries (row, coefficient). */
export interface LpColumn {
  readonly cost: number
  readonly rows: readonly number[]
  readonly values: readonly number[]
}

/** One eta: the pivot row and value, and the other entries of the transformed column. */
interface Eta {
  readonly row: number
  readonly pivot: number
  readonly index: Int32Array
  readonly value: Float64Array
}

/** A basis kept by {@link Simplex.snapshot}. */
export interface SimplexSnapshot {
  readonly m: number
  readonly basis: readonly number[]
  readonly values: readonly number[]
  readonly etas: readonly Eta[]
  readonly sinceReinversion: number
}

export class Simplex {
  private m = 0
  private readonly rhs: number[] = []
  private readonly costs: number[] = []
  private readonly colRows: number[][] = []
  private readonly colValues: number[][] = []
  /** The row a column is basic in, or −1. */
  private readonly basicRow: number[] = []
  private readonly allowed: boolean[] = []
  /** The column basic in each row, and each row's home column. */
  private basis: number[] = []
  private readonly home: number[] = []
  /** The row a column is the home column of, or −1. */
  private readonly homeRow: number[] = []
  private values: number[] = []
  private etas: Eta[] = []
  private sinceReinversion = 0
  private stale = false
  /** Entries read by reinversions since the last solve charged them. */
  private unpaid = 0
  /** Where partial pricing starts its next search. */
  private cursor = 0
  /** The transformed column B⁻¹ a: dense values (0 outside `nz`), the rows it may be nonzero in (`nz`, the first `nnz`), and which rows are listed. */
  private w = new Float64Array(0)
  private nz = new Int32Array(0)
  private listed = new Uint8Array(0)
  private nnz = 0

  /** `tolerance`: reduced costs above −tolerance do not enter (in the units of the costs). */
  constructor(private readonly tolerance: number) {}

  /** Rows so far. */
  get rows(): number {
    return this.m
  }

  /**
   * Adds an equality row `= rhs` with its artificial column of cost `artificialCost` basic in
   * it (no other column may have an entry in it yet); returns the row and the artificial.
   */
  addEqualityRow(rhs: number, artificialCost: number): { readonly row: number; readonly artificial: number } {
    const row = this.m++
    this.rhs.push(rhs)
    const artificial = this.pushColumn(artificialCost, [row], [1])
    this.home.push(artificial)
    this.homeRow[artificial] = row
    this.basis.push(artificial)
    this.basicRow[artificial] = row
    this.values.push(rhs)
    return { row, artificial }
  }

  /**
   * Adds a row `Σ coefficients ≤ rhs` over existing columns (`entries`: column, coefficient),
   * with its slack basic; returns the row, or undefined (and adds nothing) when the current
   * solution does not satisfy it.
   */
  addInequalityRow(rhs: number, entries: readonly (readonly [number, number])[]): number | undefined {
    let activity = 0
    for (const [col, coef] of entries) activity += coef * this.valueOf(col)
    if (activity > rhs + 1e-9) return undefined
    const row = this.m++
    this.rhs.push(rhs)
    for (const [col, coef] of entries) {
      if (coef === 0) continue
      ;(this.colRows[col] as number[]).push(row)
      ;(this.colValues[col] as number[]).push(coef)
    }
    const slack = this.pushColumn(0, [row], [1])
    this.home.push(slack)
    this.homeRow[slack] = row
    this.basis.push(slack)
    this.basicRow[slack] = row
    this.values.push(Math.max(0, rhs - activity))
    // The eta file no longer describes the basis: rebuilt before it is next read.
    this.stale = true
    return row
  }

  /** Adds a column; returns its index. */
  addColumn(column: LpColumn): number {
    return this.pushColumn(column.cost, column.rows.slice(), column.values.slice())
  }

  /**
   * Bars column `col` (its cost raised by `penalty`, and it may not enter) or lifts the bar. A
   * barred basic column is priced out by the next solve when the other columns allow it.
   */
  bar(col: number, penalty: number, barred: boolean): void {
    if (this.allowed[col] === !barred) return
    this.allowed[col] = !barred
    this.costs[col] = (this.costs[col] as number) + (barred ? penalty : -penalty)
  }

  /** The value of column `col` at the current basis. */
  valueOf(col: number): number {
    const r = this.basicRow[col] ?? -1
    return r < 0 ? 0 : Math.max(0, this.values[r] ?? 0)
  }

  /**
   * Pivots to an optimum of the columns allowed, or until `work` reaches `limit`
   * (`work.spent` is charged). Returns how it ended.
   */
  solve(work: { spent: number; readonly limit: number }): SimplexStatus {
    if (this.stale) this.reinvert()
    work.spent += this.unpaid
    this.unpaid = 0
    const m = this.m
    let degenerate = 0
    const duals = new Float64Array(m)
    for (;;) {
      if (work.spent >= work.limit) return 'budget'
      this.dualsInto(duals)
      // Entering column: the most negative reduced cost of the first section of columns (from
      // where the last search stopped) that has one (partial pricing); under Bland's rule, the
      // lowest column.
      const bland = degenerate >= DEGENERATE_RUN
      let enter = -1
      let bestReduced = -this.tolerance
      const n = this.costs.length
      const section = bland ? n : Math.max(PRICING_SECTION, Math.ceil(n / 8))
      let read = m
      for (let scanned = 0; scanned < n && (enter < 0 || scanned % section !== 0); scanned++) {
        const j = bland ? scanned : (this.cursor + scanned) % n
        if ((this.basicRow[j] as number) >= 0 || !this.allowed[j]) continue
        read += (this.colRows[j] as number[]).length
        const reduced = this.reducedCost(j, duals)
        if (reduced < bestReduced) {
          enter = j
          if (bland) break
          bestReduced = reduced
        }
      }
      if (enter >= 0 && !bland) this.cursor = (enter + 1) % n
      work.spent += read
      if (enter < 0) return 'optimal'
      work.spent += this.transform(enter)
      const direction = this.w
      const nz = this.nz
      // Ratio test: the smallest ratio; ties to the largest pivot, then (Bland) the lowest column.
      let leave = -1
      let bestRatio = Number.POSITIVE_INFINITY
      for (let k = 0; k < this.nnz; k++) {
        const r = nz[k] as number
        const d = direction[r] as number
        if (d <= PIVOT_TOLERANCE) continue
        const ratio = Math.max(0, this.values[r] as number) / d
        if (
          leave < 0 ||
          ratio < bestRatio - 1e-12 ||
          (ratio <= bestRatio + 1e-12 && (bland ? (this.basis[r] as number) < (this.basis[leave] as number) : d > (direction[leave] as number)))
        ) {
          leave = r
          bestRatio = ratio
        }
      }
      if (leave < 0) {
        // Unbounded along a column: the master's order rows rule it out; bar the column.
        this.allowed[enter] = false
        this.clearWork()
        continue
      }
      degenerate = bestRatio <= 1e-12 ? degenerate + 1 : 0
      this.pivot(leave, enter, bestRatio)
      if (++this.sinceReinversion >= Math.min(REINVERT_EVERY, Math.max(16, this.m >> 1))) this.reinvert()
      work.spent += this.unpaid
      this.unpaid = 0
    }
  }

  /**
   * The current basis, to return to with {@link restore} after a trial solve (columns may be
   * added and barred meanwhile, not rows).
   */
  snapshot(): SimplexSnapshot {
    if (this.stale) this.reinvert()
    return { m: this.m, basis: this.basis.slice(), values: this.values.slice(), etas: this.etas.slice(), sinceReinversion: this.sinceReinversion }
  }

  /** Returns to the basis of `snapshot`; false (nothing changes) when rows were added since. */
  restore(snapshot: SimplexSnapshot): boolean {
    if (snapshot.m !== this.m || this.stale) return false
    for (const col of this.basis) this.basicRow[col] = -1
    this.basis = snapshot.basis.slice()
    this.basis.forEach((col, r) => (this.basicRow[col] = r))
    this.values = snapshot.values.slice()
    this.etas = snapshot.etas.slice()
    this.sinceReinversion = snapshot.sinceReinversion
    return true
  }

  /** The duals y = c_B B⁻¹ (one per row). */
  duals(): Float64Array {
    const y = new Float64Array(this.m)
    this.dualsInto(y)
    return y
  }

  private dualsInto(y: Float64Array): void {
    if (this.stale) this.reinvert()
    for (let r = 0; r < this.m; r++) y[r] = this.costs[this.basis[r] as number] as number
    for (let k = this.etas.length - 1; k >= 0; k--) {
      const e = this.etas[k] as Eta
      let s = y[e.row] as number
      for (let t = 0; t < e.index.length; t++) s -= (y[e.index[t] as number] as number) * (e.value[t] as number)
      y[e.row] = s / e.pivot
    }
  }

  /** The objective at the current basis. */
  objective(): number {
    let z = 0
    for (let r = 0; r < this.m; r++) z += (this.costs[this.basis[r] as number] as number) * Math.max(0, this.values[r] as number)
    return z
  }

  /** The reduced cost of column `j` under `duals`. */
  reducedCost(j: number, duals: ArrayLike<number>): number {
    const rows = this.colRows[j] as number[]
    const vals = this.colValues[j] as number[]
    let d = this.costs[j] as number
    for (let k = 0; k < rows.length; k++) d -= (duals[rows[k] as number] as number) * (vals[k] as number)
    return d
  }

  /**
   * The transformed column B⁻¹ a_col into `w` (its nonzero rows listed in `nz`, ascending);
   * returns the entries read.
   */
  private transform(col: number): number {
    const m = this.m
    if (this.w.length < m) {
      const size = Math.max(m, 2 * this.w.length)
      this.w = new Float64Array(size)
      this.nz = new Int32Array(size)
      this.listed = new Uint8Array(size)
    }
    const w = this.w
    const nz = this.nz
    const listed = this.listed
    let nnz = 0
    const rows = this.colRows[col] as number[]
    const vals = this.colValues[col] as number[]
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k] as number
      if (listed[r] === 0) {
        listed[r] = 1
        nz[nnz++] = r
      }
      w[r] = (w[r] as number) + (vals[k] as number)
    }
    let read = rows.length
    for (const e of this.etas) {
      const t = w[e.row] as number
      if (t === 0) continue
      const x = t / e.pivot
      w[e.row] = x
      const index = e.index
      const value = e.value
      for (let k = 0; k < index.length; k++) {
        const r = index[k] as number
        if (listed[r] === 0) {
          listed[r] = 1
          nz[nnz++] = r
        }
        w[r] = (w[r] as number) - (value[k] as number) * x
      }
      read += index.length
    }
    nz.subarray(0, nnz).sort()
    this.nnz = nnz
    return read
  }

  /** Sets `w` back to 0. */
  private clearWork(): void {
    for (let k = 0; k < this.nnz; k++) {
      const r = this.nz[k] as number
      this.w[r] = 0
      this.listed[r] = 0
    }
    this.nnz = 0
  }

  /** Applies the eta file to the dense `v` in place. */
  private forward(v: Float64Array): void {
    for (const e of this.etas) {
      const t = v[e.row] as number
      if (t === 0) continue
      const x = t / e.pivot
      v[e.row] = x
      for (let k = 0; k < e.index.length; k++) v[e.index[k] as number] = (v[e.index[k] as number] as number) - (e.value[k] as number) * x
    }
  }

  /** Pivots column `enter` (transformed in `w`) into row `leave`, a step of `step`. */
  private pivot(leave: number, enter: number, step: number): void {
    for (let k = 0; k < this.nnz; k++) {
      const r = this.nz[k] as number
      if (r !== leave) this.values[r] = (this.values[r] as number) - step * (this.w[r] as number)
    }
    this.values[leave] = step
    this.pushEta(leave)
    this.basicRow[this.basis[leave] as number] = -1
    this.basis[leave] = enter
    this.basicRow[enter] = leave
  }

  /** Appends the eta of the column in `w` pivoted in `row`, and clears `w`. */
  private pushEta(row: number): void {
    const index: number[] = []
    const value: number[] = []
    for (let k = 0; k < this.nnz; k++) {
      const r = this.nz[k] as number
      if (r === row) continue
      const v = this.w[r] as number
      if (v > DROP || v < -DROP) {
        index.push(r)
        value.push(v)
      }
    }
    this.etas.push({ row, pivot: this.w[row] as number, index: Int32Array.from(index), value: Float64Array.from(value) })
    this.clearWork()
  }

  /**
   * Rebuilds the eta file for the current basic columns from the identity: each basic column
   * that is not a home column is pivoted into a row still held by a home column (the largest
   * entry); the values are then B⁻¹ b.
   */
  private reinvert(): void {
    const m = this.m
    this.etas = []
    this.sinceReinversion = 0
    this.stale = false
    const basic = this.basis.slice()
    const basis = this.home.slice()
    const takenRow = new Array<boolean>(m).fill(false)
    for (const col of basic) this.basicRow[col] = -1
    // Home columns still basic keep their rows.
    for (const col of basic) {
      const h = this.homeRow[col] as number
      if (h >= 0) takenRow[h] = true
    }
    // The sparsest columns first: their etas stay short.
    const structural = basic.filter((col) => (this.homeRow[col] as number) < 0).sort((a, b) => (this.colRows[a] as number[]).length - (this.colRows[b] as number[]).length || a - b)
    for (const col of structural) {
      this.unpaid += this.transform(col)
      const w = this.w
      let best = -1
      for (let k = 0; k < this.nnz; k++) {
        const r = this.nz[k] as number
        if (!takenRow[r] && Math.abs(w[r] as number) > PIVOT_TOLERANCE && (best < 0 || Math.abs(w[r] as number) > Math.abs(w[best] as number))) best = r
      }
      this.unpaid += this.nnz
      if (best < 0) {
        // Dependent on the columns placed (numerically): its row keeps its home column.
        this.clearWork()
        continue
      }
      takenRow[best] = true
      this.pushEta(best)
      basis[best] = col
    }
    this.basis = basis
    for (let r = 0; r < m; r++) this.basicRow[basis[r] as number] = r
    const x = new Float64Array(m)
    for (let r = 0; r < m; r++) x[r] = this.rhs[r] as number
    this.forward(x)
    this.values = Array.from(x)
  }

  private pushColumn(cost: number, rows: number[], values: number[]): number {
    this.costs.push(cost)
    this.colRows.push(rows)
    this.colValues.push(values)
    this.basicRow.push(-1)
    this.homeRow.push(-1)
    this.allowed.push(true)
    return this.costs.length - 1
  }
}
