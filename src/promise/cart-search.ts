/**
 * The cart search: the optimiser's choice among an option's candidates, found depth first
 * over node sets (a branch is cut when its fixed costs plus every unit at the cheapest rate it
 * could still use cannot beat the best plan), with the bounds that start it (a plan the option
 * certainly has) and the costing of a set of candidates as the router serves it.
 *
 * @internal
 */
import { workLeft } from '../routing/offers.js'
import { popcount } from '../internal/bits.js'
import type { PromiseContext } from './context.js'
import type { CartNodes } from './cart-nodes.js'
import { byNode, supplyOf, type Candidate, type Facilities } from './cart-offers.js'

/** Search nodes the cart search may visit before it hands the option to the optimiser. */
const SEARCH_BUDGET = 20_000
/**
 * Work units charged per step, measured against the optimiser's units (see
 * `RouteOptions.budget`): a search node per item and depth (its bound, and the assignment of a
 * complete set).
 */
const VISIT_UNITS = 40
/** Share of the call's work left that one option's search may use before the optimiser takes over. */
const SEARCH_SHARE = 0.2

/**
 * A plan the option can certainly have, to bound the search: the best single node serving
 * everything (its own shelves, or a node holding every SKU), or the nodes of `hint` (the
 * previous pickup point's plan) if they serve everything here too. +∞ when there is none.
 */
export const upperBound = (ctx: PromiseContext, data: CartNodes, fac: Facilities, hint: readonly number[] | undefined): number => {
  const all = (1 << ctx.items.length) - 1
  const total = ctx.quantity
  let bound = Number.POSITIVE_INFINITY
  const single = (c: Candidate | undefined): void => {
    if (c === undefined || data.full(c.slot) !== all || c.capacity < total) return
    bound = Math.min(bound, c.fixed + total * c.unit)
  }
  single(fac.own)
  for (const n of data.coverers) single(fac.at(n))
  const consider = (nodes: readonly number[]): void => {
    const set: Candidate[] = []
    for (const n of nodes) {
      const c = fac.at(n)
      if (c === undefined) return
      set.push(c)
    }
    // Any feasible assignment bounds the optimum, idle nodes and all.
    const { cost, units } = assign(ctx, data, set)
    if (cost < bound && set.every((c, a) => (units[a] as number) <= c.capacity)) bound = cost
  }
  if (hint !== undefined && hint.length > 0) consider(hint)
  if (bound === Number.POSITIVE_INFINITY) consider(greedyCover(ctx, data, fac))
  return bound
}

/**
 * Nodes that together hold every SKU, chosen greedily: most missing SKUs held in full, then
 * the smaller fixed cost. Only the chosen nodes are worked out in detail. [] when it fails.
 */
export const greedyCover = (ctx: PromiseContext, data: CartNodes, fac: Facilities): number[] => {
  const all = (1 << ctx.items.length) - 1
  const chosen: number[] = []
  const refused = new Set<number>()
  let missing = all
  if (fac.own !== undefined) {
    chosen.push(fac.own.node)
    missing &= ~data.full(fac.own.slot)
  }
  while (missing !== 0 && fac.transfers) {
    let pick = -1
    let pickCount = 0
    let pickFixed = Number.POSITIVE_INFINITY
    for (let i = 0; i < data.nodes.length; i++) {
      const n = data.nodes[i] as number
      if (n === fac.self || refused.has(n) || ((ctx.net.nodes.capabilities[n] as number) & fac.bit) === 0) continue
      const count = popcount((data.held[i] as number) & missing)
      const fixed = fac.fixedOf[n] as number
      if (count > pickCount || (count === pickCount && count > 0 && fixed < pickFixed)) {
        pick = n
        pickCount = count
        pickFixed = fixed
      }
    }
    if (pick < 0) return []
    const c = fac.at(pick)
    const gain = c === undefined ? 0 : data.full(c.slot) & missing
    if (c === undefined || gain === 0) {
      refused.add(pick)
      continue
    }
    chosen.push(pick)
    missing &= ~gain
  }
  return missing === 0 ? chosen.sort((a, b) => a - b) : []
}

/**
 * How `set` serves every unit: each SKU from the cheapest rate first (ties by node). Units
 * per node, in `set` order, and the cost; the cost is +∞ when the set cannot serve everything.
 */
export const assign = (ctx: PromiseContext, data: CartNodes, set: readonly Candidate[]): { readonly cost: number; readonly units: number[] } => {
  const items = ctx.items.length
  const k = set.length
  // Nodes by rate (ties by node): an insertion sort, sets are small.
  const order: number[] = []
  for (let a = 0; a < k; a++) {
    const c = set[a] as Candidate
    let i = order.length
    while (i > 0) {
      const d = set[order[i - 1] as number] as Candidate
      if (d.unit < c.unit || (d.unit === c.unit && d.node < c.node)) break
      i--
    }
    order.splice(i, 0, a)
  }
  const units = new Array<number>(k).fill(0)
  let cost = 0
  for (const c of set) cost += c.fixed
  for (let s = 0; s < items; s++) {
    let q = ctx.demand[s] as number
    for (let i = 0; i < k && q > 0; i++) {
      const a = order[i] as number
      const c = set[a] as Candidate
      const x = Math.min(q, supplyOf(data, c, s))
      q -= x
      units[a] = (units[a] as number) + x
      cost += x * c.unit
    }
    if (q > 0) return { cost: Number.POSITIVE_INFINITY, units }
  }
  return { cost, units }
}

/**
 * Cost of serving every unit from `set`, or +∞ when it cannot, or when a node would send
 * nothing (the smaller set does as well with fewer nodes); NaN when a capacity could bind
 * (the exact assignment must decide).
 */
export const setCost = (ctx: PromiseContext, data: CartNodes, set: readonly Candidate[]): number => {
  const { cost, units } = assign(ctx, data, set)
  if (cost === Number.POSITIVE_INFINITY) return cost
  for (let a = 0; a < set.length; a++) {
    const u = units[a] as number
    if (u === 0) return Number.POSITIVE_INFINITY
    if (u > (set[a] as Candidate).capacity) return Number.NaN
  }
  return cost
}

/**
 * {@link setCost} without allocating, when every SKU comes whole from the first node (by
 * rate, then node) of `set` that has it — as {@link assign} would take it, and as the routing
 * engine's evaluation of the set does; undefined otherwise (a SKU split between nodes, or a
 * capacity that might bind), for `setCost` to decide. `units` is scratch of at least
 * `set.length` entries; `servedBy`, when given, gets the position in `set` serving each SKU.
 */
export const wholeCost = (ctx: PromiseContext, data: CartNodes, set: readonly Candidate[], units: Int32Array, servedBy?: Int32Array): number | undefined => {
  const k = set.length
  units.fill(0, 0, k)
  let cost = 0
  for (let a = 0; a < k; a++) cost += (set[a] as Candidate).fixed
  for (let s = 0; s < ctx.items.length; s++) {
    const q = ctx.demand[s] as number
    let first = -1
    for (let a = 0; a < k; a++) {
      const c = set[a] as Candidate
      if (supplyOf(data, c, s) === 0) continue
      const f = first < 0 ? undefined : (set[first] as Candidate)
      if (f === undefined || c.unit < f.unit || (c.unit === f.unit && c.node < f.node)) first = a
    }
    if (first < 0) return Number.POSITIVE_INFINITY
    const c = set[first] as Candidate
    if (supplyOf(data, c, s) < q) return undefined
    if (servedBy !== undefined) servedBy[s] = first
    units[first] = (units[first] as number) + q
    cost += q * c.unit
  }
  for (let a = 0; a < k; a++) {
    const u = units[a] as number
    // A node that sends nothing: the smaller set does as well with fewer nodes.
    if (u === 0) return Number.POSITIVE_INFINITY
    if (u > (set[a] as Candidate).capacity) return undefined
  }
  return cost
}

/** True when node list `a` comes before `b` (both ascending, same length). */
export const lexBefore = (a: readonly Candidate[], b: readonly Candidate[]): boolean => {
  for (let k = 0; k < a.length; k++) {
    const x = (a[k] as Candidate).node
    const y = (b[k] as Candidate).node
    if (x !== y) return x < y
  }
  return false
}

/**
 * A good first plan to bound the search: the best single node serving everything, else
 * nodes added greedily by cost per unit they add.
 */
export const firstPlan = (ctx: PromiseContext, data: CartNodes, kept: readonly Candidate[]): Candidate[] => {
  const all = (1 << ctx.items.length) - 1
  let best: Candidate | undefined
  let bestCost = Number.POSITIVE_INFINITY
  for (const c of kept) {
    if (data.full(c.slot) !== all) continue
    const cost = setCost(ctx, data, [c])
    if (cost < bestCost) {
      bestCost = cost
      best = c
    }
  }
  if (best !== undefined) return [best]
  const chosen: Candidate[] = []
  const left = ctx.demand.slice()
  for (let round = 0; round < kept.length && left.some((q) => q > 0); round++) {
    let pick: Candidate | undefined
    let pickRatio = Number.POSITIVE_INFINITY
    for (const c of kept) {
      if (chosen.includes(c)) continue
      let units = 0
      for (let s = 0; s < left.length; s++) units += Math.min(left[s] as number, supplyOf(data, c, s))
      if (units === 0) continue
      const ratio = (c.fixed + units * c.unit) / units
      if (ratio < pickRatio) {
        pickRatio = ratio
        pick = c
      }
    }
    if (pick === undefined) return []
    chosen.push(pick)
    for (let s = 0; s < left.length; s++) left[s] = Math.max(0, (left[s] as number) - supplyOf(data, pick, s))
  }
  // Keep the nodes the assignment uses (it may serve a SKU from a later, cheaper pick).
  let set = byNode(chosen)
  for (;;) {
    const { cost, units } = assign(ctx, data, set)
    if (cost === Number.POSITIVE_INFINITY) return []
    const used = set.filter((_, a) => (units[a] as number) > 0)
    if (used.length === set.length) return set
    set = used
  }
}

/**
 * Arrays of the search, kept between searches: it calls out to nothing (its candidates' data
 * is worked out before it starts), so no other search can run while one uses them.
 */
const searchScratch = (ctx: PromiseContext, ints: number, floats: number): readonly [Int32Array, Float64Array] =>
  [ctx.tables.scratch.int32('cart.searchInts', ints), ctx.tables.scratch.float64('cart.searchFloats', floats)]

/**
 * The optimiser's choice among `kept` (in node order): least cost, then fewest nodes, then
 * the smallest node list; the empty set (serve nothing) costs `nothing`. Depth-first over
 * node lists; a branch stops when its fixed costs plus every unit at the cheapest rate it
 * could still use pass the best plan found, or `known` (the cost of a plan the option has:
 * the search starts from a greedy first plan only without one). Returns undefined when a
 * capacity could bind or the budget runs out.
 */
export const bestSet = (ctx: PromiseContext, data: CartNodes, candidates: readonly Candidate[], nothing: number, known: number): readonly Candidate[] | undefined => {
  const items = ctx.items.length
  const all = (1 << items) - 1
  const demand = ctx.demand
  const INF = Number.POSITIVE_INFINITY
  let bestCost = nothing
  let best: Candidate[] = []
  const better = (cost: number, set: readonly Candidate[]): boolean =>
    cost < bestCost || (cost === bestCost && (set.length < best.length || (set.length === best.length && lexBefore(set, best))))
  // Branches are cut above `limit`: the best plan found so far, or the cost of a plan the
  // option is known to have (the optimum costs no more; a plan of exactly that cost is still found).
  let limit = Math.min(nothing, known)
  if (limit === nothing) {
    const first = firstPlan(ctx, data, candidates)
    if (first.length > 0) {
      const cost = setCost(ctx, data, first)
      if (Number.isNaN(cost)) return undefined
      if (better(cost, first)) {
        bestCost = cost
        best = first
        limit = cost
      }
    }
  }
  // Every unit costs at least the cheapest rate of any candidate. A candidate whose fixed cost,
  // plus another's when it cannot serve everything, plus that floor, exceeds the first plan's
  // cost is in no plan as good: the search never sees it.
  let unitMin = INF
  let fixedMin = INF
  for (const c of candidates) {
    if (c.unit < unitMin) unitMin = c.unit
    if (c.fixed < fixedMin) fixedMin = c.fixed
  }
  const floorAll = ctx.quantity * unitMin
  const kept = candidates.filter((c) => c.fixed + (data.touch(c.slot) === all ? 0 : fixedMin) + floorAll <= limit)
  const m = kept.length
  const [ints, floats] = searchScratch(ctx, 3 * m + 2, (m + 1) * (1 + 2 * items))
  // What the nodes from j on can still bring: SKUs, each SKU's cheapest rate, the smallest fixed cost.
  const touches = ints.subarray(0, m)
  for (let j = 0; j < m; j++) touches[j] = data.touch((kept[j] as Candidate).slot)
  const suffixTouch = ints.subarray(m, 2 * m + 1).fill(0)
  const suffixFixed = floats.subarray(0, m + 1).fill(INF)
  const suffixRate = floats.subarray(m + 1, (m + 1) * (1 + items)).fill(INF)
  for (let j = m - 1; j >= 0; j--) {
    const c = kept[j] as Candidate
    const touch = touches[j] as number
    suffixTouch[j] = (suffixTouch[j + 1] as number) | touch
    suffixFixed[j] = Math.min(suffixFixed[j + 1] as number, c.fixed)
    for (let s = 0; s < items; s++) {
      const next = suffixRate[(j + 1) * items + s] as number
      suffixRate[j * items + s] = (touch & (1 << s)) !== 0 ? Math.min(next, c.unit) : next
    }
  }
  let visited = 0
  let failed = false
  const stopAt = ctx.meter.spent + workLeft(ctx.meter) * SEARCH_SHARE
  const units = ints.subarray(2 * m + 1, 3 * m + 2)
  const chosen: Candidate[] = []
  // rates[depth × items + s]: the cheapest rate for SKU s among the chosen nodes.
  const rates = floats.subarray((m + 1) * (1 + items), (m + 1) * (1 + 2 * items)).fill(INF)
  const visit = (from: number, fixed: number, covered: number): void => {
    const depth = chosen.length
    for (let j = from; j < m && !failed; j++) {
      const c = kept[j] as Candidate
      const touch = touches[j] as number
      const f = fixed + c.fixed
      const now = covered | touch
      // Every plan in this branch pays f, one more fixed cost while SKUs are missing, and at
      // least the cheapest rate it could use for every unit (first with the cheapest rate of all).
      let bound = f + (now === all ? 0 : (suffixFixed[j + 1] as number))
      if (bound + floorAll > limit) continue
      for (let s = 0; s < items && bound < INF; s++) {
        let r = rates[depth * items + s] as number
        if ((touch & (1 << s)) !== 0 && c.unit < r) r = c.unit
        rates[(depth + 1) * items + s] = r
        bound += (demand[s] as number) * Math.min(r, suffixRate[(j + 1) * items + s] as number)
      }
      const size = depth + (now === all ? 1 : 2)
      if (bound > limit || (bound === bestCost && size > best.length)) continue
      // Out of nodes or of the call's work, the optimiser takes over (bounded by the same meter).
      ctx.meter.spent += (items + depth + 1) * VISIT_UNITS
      if (++visited > SEARCH_BUDGET || ctx.meter.spent >= stopAt) {
        failed = true
        return
      }
      chosen.push(c)
      if (now === all) {
        const quick = wholeCost(ctx, data, chosen, units)
        const cost = quick === undefined ? setCost(ctx, data, chosen) : quick
        if (Number.isNaN(cost)) failed = true
        else if (better(cost, chosen)) {
          bestCost = cost
          best = chosen.slice()
          if (cost < limit) limit = cost
        }
      }
      // More nodes may still cover what is missing, or bring cheaper rates.
      if ((now | (suffixTouch[j + 1] as number)) === all) visit(j + 1, f, now)
      chosen.pop()
    }
  }
  visit(0, 0, 0)
  return failed ? undefined : best
}

