/**
 * The restricted master's Lagrangian dual, for masters too large for the simplex
 * (./simplex.ts): with prices π ≥ 0 on the contested rows,
 *
 *     g(π) = Σ_orders min over the order's plans in the pool of (cost + Σ_r π_r × units_r) − Σ_r π_r × capacity_r
 *
 * is the LP dual of the master, maximised here by projected subgradient ascent: a plan of least
 * priced cost per order, the rows' excess over their capacity as the direction, Polyak's step
 * towards a target value, halved when the value stops rising. Each evaluation reads the pool
 * once (charged as work), so thousands of steps cost less than one round of the router; the
 * prices it returns are the best it evaluated. Deterministic: orders, plans and rows in a
 * fixed order, ties to the first plan.
 *
 * @internal
 */

/**
 * The pool of a master, flat: order o's plans are `first[o]` to `first[o + 1] − 1`, plan k's
 * entries (row, units) are `start[k]` to `start[k + 1] − 1`; and each row's capacity.
 */
export interface Pool {
  readonly first: Int32Array
  readonly cost: Float64Array
  readonly start: Int32Array
  readonly rows: Int32Array
  readonly units: Float64Array
  readonly capacity: Float64Array
}

/** How far the ascent may go. */
export interface AscentLimits {
  /** Evaluations of g at most. */
  readonly steps: number
  /** Work units at most (entries of the pool read). */
  readonly work: number
}

/** The best prices found, their value g(π), each order's least priced plan cost there, and the work spent. */
export interface Ascent {
  readonly prices: Float64Array
  readonly value: number
  readonly least: Float64Array
  readonly work: number
  readonly steps: number
}

/** Evaluations without a rise after which the step is halved. */
const PATIENCE = 12
/** The step's factor at the start, and below which the ascent stops. */
const START_FACTOR = 1
const LEAST_FACTOR = 1 / 1024
/** A value rises when it beats the best by more than this share of it. */
const RISE = 1e-9

/** g at `prices` into `least` (per order) and `direction` (the projected subgradient); returns g and the entries read. */
const evaluate = (pool: Pool, prices: Float64Array, least: Float64Array, direction: Float64Array): { value: number; read: number } => {
  const { first, cost, start, rows, units, capacity } = pool
  let value = 0
  for (let r = 0; r < capacity.length; r++) {
    const cap = capacity[r] as number
    // A row without a finite capacity is never over-used: its price stays 0.
    direction[r] = Number.isFinite(cap) ? -cap : Number.NEGATIVE_INFINITY
    if ((prices[r] as number) > 0) value -= (prices[r] as number) * cap
  }
  for (let o = 0; o + 1 < first.length; o++) {
    let best = -1
    let bestCost = Number.POSITIVE_INFINITY
    for (let k = first[o] as number; k < (first[o + 1] as number); k++) {
      let c = cost[k] as number
      for (let e = start[k] as number; e < (start[k + 1] as number); e++) c += (prices[rows[e] as number] as number) * (units[e] as number)
      if (c < bestCost) {
        bestCost = c
        best = k
      }
    }
    least[o] = bestCost
    if (best < 0) continue
    value += bestCost
    for (let e = start[best] as number; e < (start[best + 1] as number); e++) direction[rows[e] as number] = (direction[rows[e] as number] as number) + (units[e] as number)
  }
  // Projected: a row at price 0 whose capacity is not exceeded cannot move down.
  for (let r = 0; r < capacity.length; r++) if ((prices[r] as number) <= 0 && (direction[r] as number) < 0) direction[r] = 0
  return { value, read: capacity.length + rows.length + cost.length }
}

/**
 * Maximises g from `start` (one price per row, ≥ 0) towards `target` (an estimate of the
 * maximum from above; a value reached above it raises it), within `limits`, with every price
 * at most `ceiling` (a price above what the whole wave costs steers nothing, and would only
 * carry the router's priced costs towards the limits of an exact amount).
 */
export const ascend = (pool: Pool, start: Float64Array, target: number, limits: AscentLimits, ceiling = Number.POSITIVE_INFINITY): Ascent => {
  const rows = pool.capacity.length
  const prices = Float64Array.from(start, (p) => Math.min(ceiling, Math.max(0, p)))
  const least = new Float64Array(pool.first.length - 1)
  const direction = new Float64Array(rows)
  let best = prices.slice()
  let bestValue = Number.NEGATIVE_INFINITY
  let bestLeast = least.slice()
  let factor = START_FACTOR
  let stall = 0
  let work = 0
  let steps = 0
  let goal = target
  while (steps < limits.steps && work < limits.work && factor >= LEAST_FACTOR) {
    const { value, read } = evaluate(pool, prices, least, direction)
    work += read
    steps++
    if (steps === 1 || value > bestValue + RISE * Math.abs(bestValue)) {
      bestValue = value
      best = prices.slice()
      bestLeast = least.slice()
      stall = 0
    } else if (++stall >= PATIENCE) {
      // No rise for a while: a shorter step, from the best prices.
      factor /= 2
      stall = 0
      prices.set(best)
      continue
    }
    let norm = 0
    for (let r = 0; r < rows; r++) norm += (direction[r] as number) * (direction[r] as number)
    // A zero subgradient: these prices maximise g.
    if (norm === 0) break
    if (goal <= value) goal = value + Math.max(1, Math.abs(value) * 1e-3)
    const step = (factor * (goal - value)) / norm
    for (let r = 0; r < rows; r++) prices[r] = Math.min(ceiling, Math.max(0, (prices[r] as number) + step * (direction[r] as number)))
  }
  return { prices: best, value: bestValue, least: bestLeast, work, steps }
}
