/**
 * The large-instance search and the bound that keeps it honest.
 *
 * Search: per SKU, units move one at a time along the candidate arc whose next unit gains
 * most (value at the receiver − value lost at the sender − carriage − a share of the lane's
 * fixed cost), while that gain is positive. Lanes are then priced: a lane whose units do not
 * pay its fixed cost closes, the others charge their fixed cost over the units they carried,
 * and the SKUs on changed lanes move again — a few rounds, then `maxLanes` and
 * `minUnitsPerLane` are enforced by closing the weakest lanes.
 *
 * Bound: Lagrangian duality. With a price π_i per unit at each node, every solution's gain is
 * at most Σ_i [V_i(k_i) − V_i(a_i) + π_i (a_i − k_i)] + Σ_senders a_i · max(0, max_j (π_j − π_i
 * − c_ij)) for prices with k_i maximising V_i(k) − π_i k, whatever the lanes and fixed costs —
 * the max running over every receiver, not just the candidates.
 *
 * @internal
 */
import type { WorkMeter } from '../routing/optimiser/meter.js'
import { laneBetween, unitCostBetween, unitValue, type RebalanceInstance, type SkuProblem } from './instance.js'
import { objectiveOf, type LaneSolution } from './search.js'
import { solveSkuFlow } from './flow.js'

interface HeapEntry {
  readonly gain: number
  readonly arc: number
}

const better = (a: HeapEntry, b: HeapEntry): boolean => a.gain > b.gain || (a.gain === b.gain && a.arc < b.arc)

const heapPush = (h: HeapEntry[], e: HeapEntry): void => {
  h.push(e)
  let i = h.length - 1
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (!better(h[i] as HeapEntry, h[parent] as HeapEntry)) break
    ;[h[i], h[parent]] = [h[parent] as HeapEntry, h[i] as HeapEntry]
    i = parent
  }
}

const heapPop = (h: HeapEntry[]): HeapEntry | undefined => {
  const top = h[0]
  const last = h.pop()
  if (h.length > 0 && last !== undefined) {
    h[0] = last
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < h.length && better(h[l] as HeapEntry, h[m] as HeapEntry)) m = l
      if (r < h.length && better(h[r] as HeapEntry, h[m] as HeapEntry)) m = r
      if (m === i) break
      ;[h[i], h[m]] = [h[m] as HeapEntry, h[i] as HeapEntry]
      i = m
    }
  }
  return top
}

/** Units per arc of SKU `p` moved greedily with arc costs `cost` (NaN: closed). */
export const moveGreedily = (p: SkuProblem, cost: Float64Array, meter: WorkMeter): Int32Array => {
  const units = new Int32Array(p.arcs.length)
  const k = [...p.stock]
  const sent = new Int32Array(p.nodes.length)
  const gainOf = (a: number): number => {
    const arc = p.arcs[a] as (typeof p.arcs)[number]
    if ((sent[arc.from] as number) >= (p.stock[arc.from] as number)) return Number.NEGATIVE_INFINITY
    return unitValue(p, arc.to, (k[arc.to] as number) + 1) - unitValue(p, arc.from, k[arc.from] as number) - (cost[a] as number)
  }
  const heap: HeapEntry[] = []
  for (let a = 0; a < p.arcs.length; a++) {
    if (Number.isNaN(cost[a] as number)) continue
    const g = gainOf(a)
    if (g > 0) heapPush(heap, { gain: g, arc: a })
  }
  for (;;) {
    const top = heapPop(heap)
    if (top === undefined) break
    meter.spent += 1 + Math.ceil(Math.log2(heap.length + 2))
    const g = gainOf(top.arc)
    if (g <= 0) continue
    if (g !== top.gain) {
      heapPush(heap, { gain: g, arc: top.arc })
      continue
    }
    const arc = p.arcs[top.arc] as (typeof p.arcs)[number]
    units[top.arc] = (units[top.arc] as number) + 1
    sent[arc.from] = (sent[arc.from] as number) + 1
    k[arc.from] = (k[arc.from] as number) - 1
    k[arc.to] = (k[arc.to] as number) + 1
    const next = gainOf(top.arc)
    if (next > 0) heapPush(heap, { gain: next, arc: top.arc })
    if (meter.spent >= meter.limit) break
  }
  return units
}

/**
 * A good solution on the candidate arcs of `inst` (see the module comment), within `meter`.
 */
export const greedyLanes = (inst: RebalanceInstance, meter: WorkMeter): LaneSolution & { readonly relaxed: readonly Int32Array[] } => {
  const L = inst.lanes.length
  const closed = new Uint8Array(L)
  // Each unit first carries a quarter of its lane's truck (as if four units shared it), so
  // that a search cut short by its budget has not spread single units over many lanes.
  const share = new Float64Array(L)
  for (let l = 0; l < L; l++) share[l] = Math.ceil((inst.lanes[l] as (typeof inst.lanes)[number]).fixed / 4)
  const costs = (p: SkuProblem): Float64Array => {
    const c = new Float64Array(p.arcs.length)
    for (let a = 0; a < p.arcs.length; a++) {
      const l = (p.arcs[a] as (typeof p.arcs)[number]).lane
      c[a] = closed[l] === 1 ? Number.NaN : (inst.lanes[l] as (typeof inst.lanes)[number]).unit + (share[l] as number)
    }
    return c
  }
  const units: Int32Array[] = inst.skus.map((p) => moveGreedily(p, costs(p), meter))
  // A feasible start for the exact relaxation that bounds the search.
  const relaxed = units.map((u) => Int32Array.from(u))
  const redo = (lanes: ReadonlySet<number>): void => {
    inst.skus.forEach((p, s) => {
      // Once the meter is spent a SKU keeps its units (a partial move would lose them).
      if (meter.spent < meter.limit && p.arcs.some((arc) => lanes.has(arc.lane))) units[s] = moveGreedily(p, costs(p), meter)
    })
  }
  /** Per lane: units carried and the gain its units brought (value moved less carriage, at their marginal values). */
  const laneGains = (): { readonly carried: Float64Array; readonly gain: Float64Array } => {
    const carried = new Float64Array(L)
    const gain = new Float64Array(L)
    inst.skus.forEach((p, s) => {
      const x = units[s] as Int32Array
      const k = [...p.stock]
      for (let a = 0; a < p.arcs.length; a++) {
        const arc = p.arcs[a] as (typeof p.arcs)[number]
        const q = x[a] as number
        if (q === 0) continue
        carried[arc.lane] = (carried[arc.lane] as number) + q
        k[arc.from] = (k[arc.from] as number) - q
        k[arc.to] = (k[arc.to] as number) + q
      }
      // Each unit is worth what its receiver's last unit is worth, less what its sender's next unit would be.
      for (let a = 0; a < p.arcs.length; a++) {
        const arc = p.arcs[a] as (typeof p.arcs)[number]
        const q = x[a] as number
        if (q === 0) continue
        gain[arc.lane] = (gain[arc.lane] as number) + q * (unitValue(p, arc.to, k[arc.to] as number) - unitValue(p, arc.from, (k[arc.from] as number) + 1) - (inst.lanes[arc.lane] as (typeof inst.lanes)[number]).unit)
      }
    })
    return { carried, gain }
  }
  for (let round = 0; round < 4 && meter.spent < meter.limit; round++) {
    const { carried, gain } = laneGains()
    const changed = new Set<number>()
    for (let l = 0; l < L; l++) {
      if (closed[l] === 1) continue
      const lane = inst.lanes[l] as (typeof inst.lanes)[number]
      const q = carried[l] as number
      if (q === 0 || (gain[l] as number) <= lane.fixed || q < inst.minUnitsPerLane) {
        if (q > 0 || round === 0) {
          closed[l] = 1
          if (q > 0) changed.add(l)
        }
        continue
      }
      const s = Math.ceil(lane.fixed / q)
      if (s !== share[l]) {
        share[l] = s
        changed.add(l)
      }
    }
    if (changed.size === 0) break
    redo(changed)
  }
  // Enforce the limits: close the weakest lanes until at most maxLanes carry units, each at least the minimum.
  for (let guard = 0; guard < 8; guard++) {
    const { carried, gain } = laneGains()
    const used: number[] = []
    for (let l = 0; l < L; l++) if ((carried[l] as number) > 0) used.push(l)
    const short = used.filter((l) => (carried[l] as number) < inst.minUnitsPerLane)
    const net = (l: number): number => (gain[l] as number) - (inst.lanes[l] as (typeof inst.lanes)[number]).fixed
    const excess = used.length > inst.maxLanes ? [...used].sort((a, b) => net(a) - net(b) || a - b).slice(0, used.length - inst.maxLanes) : []
    const drop = new Set([...short, ...excess])
    if (drop.size === 0) break
    for (const l of drop) closed[l] = 1
    redo(drop)
  }
  const { objective, laneUnits } = objectiveOf(inst, units)
  let lanesUsed = 0
  let shortLane = false
  for (let l = 0; l < L; l++) {
    if ((laneUnits[l] as number) === 0) continue
    lanesUsed++
    if ((laneUnits[l] as number) < inst.minUnitsPerLane) shortLane = true
  }
  if (objective <= 0 || lanesUsed > inst.maxLanes || shortLane) return { units: inst.skus.map((p) => new Int32Array(p.arcs.length)), objective: 0, relaxed }
  return { units, objective, relaxed }
}

/**
 * An upper bound on the gain − cost of every solution of `inst` (whatever its arcs and
 * lanes), from prices read off the shelves `units` leave (see the module comment).
 */
export const dualBound = (inst: RebalanceInstance, units: readonly Int32Array[], meter: WorkMeter, prices?: readonly (Float64Array | undefined)[]): number => {
  let total = 0
  inst.skus.forEach((p, s) => {
    const x = units[s] as Int32Array
    const k = [...p.stock]
    for (let a = 0; a < p.arcs.length; a++) {
      const q = x[a] as number
      if (q === 0) continue
      const arc = p.arcs[a] as (typeof p.arcs)[number]
      k[arc.from] = (k[arc.from] as number) - q
      k[arc.to] = (k[arc.to] as number) + q
    }
    const n = p.nodes.length
    const given = prices?.[s]
    const price = new Float64Array(n)
    const isSender = new Uint8Array(n)
    for (const i of p.senders) isSender[i] = 1
    for (let i = 0; i < n; i++) {
      const ki = k[i] as number
      const ai = p.stock[i] as number
      // Any price between the values of the k-th and (k+1)-th units makes k the best shelf.
      const lo = unitValue(p, i, ki + 1)
      const hi = unitValue(p, i, ki)
      const g = given?.[i]
      price[i] = g !== undefined && g >= lo && g <= (ki === 0 ? Number.POSITIVE_INFINITY : hi) ? g : ki < ai || (ki === ai && isSender[i] === 1) ? hi : lo
      if (ki > ai) for (let j = ai + 1; j <= ki; j++) total += unitValue(p, i, j) - (price[i] as number)
      else for (let j = ki + 1; j <= ai; j++) total += (price[i] as number) - unitValue(p, i, j)
    }
    const receivers = [...p.receivers].sort((a, b) => (price[b] as number) - (price[a] as number) || a - b)
    for (const i of p.senders) {
      const from = p.nodes[i] as number
      const floor = inst.net.transferUnitMicros[from] ?? 0
      const pi = price[i] as number
      let best = 0
      for (const j of receivers) {
        meter.spent += 1
        if ((price[j] as number) - pi - floor <= best) break
        if (j === i) continue
        const g = (price[j] as number) - pi - unitCostBetween(inst, from, p.nodes[j] as number)
        if (g > best) best = g
      }
      total += (p.stock[i] as number) * best
    }
  })
  return total
}

/**
 * The relaxation with every candidate arc open and no fixed cost, solved exactly per SKU
 * from `start` (the greedy's relaxed flows) while `meter` lasts: its flows and the prices
 * that make {@link dualBound} equal its value (SKUs left when the meter ran out keep `start`
 * and get no prices).
 */
export const relaxationPrices = (inst: RebalanceInstance, start: readonly Int32Array[], meter: WorkMeter): { readonly units: Int32Array[]; readonly prices: (Float64Array | undefined)[] } => {
  const units: Int32Array[] = []
  const prices: (Float64Array | undefined)[] = []
  inst.skus.forEach((p, s) => {
    if (meter.spent >= meter.limit) {
      units.push(start[s] as Int32Array)
      prices.push(undefined)
      return
    }
    const cost = new Float64Array(p.arcs.length)
    for (let a = 0; a < p.arcs.length; a++) cost[a] = (inst.lanes[(p.arcs[a] as (typeof p.arcs)[number]).lane] as (typeof inst.lanes)[number]).unit
    const f = solveSkuFlow(p, cost, meter, start[s])
    units.push(f.units)
    prices.push(f.complete ? f.prices : undefined)
  })
  return { units, prices }
}

/** Plain per-unit costs of `p`'s arcs (every lane open, no fixed cost). */
const plainCosts = (inst: RebalanceInstance, p: SkuProblem): Float64Array => {
  const cost = new Float64Array(p.arcs.length)
  for (let a = 0; a < p.arcs.length; a++) cost[a] = (inst.lanes[(p.arcs[a] as (typeof p.arcs)[number]).lane] as (typeof inst.lanes)[number]).unit
  return cost
}

/**
 * Column generation on the relaxation without fixed costs: solve each SKU exactly on its
 * arcs, read the prices, add the arcs (sender → receiver, any pair) whose next unit would
 * gain at those prices — at most `perSender` per sender and round — and solve again, for at
 * most `rounds` rounds or while `meter` lasts. With no arc left to add the prices prove the
 * relaxation's optimum over every pair, and {@link dualBound} equals it. Arcs added stay on
 * the instance, for the search that follows.
 */
export const priceArcs = (inst: RebalanceInstance, meter: WorkMeter, rounds: number, perSender: number): { readonly units: Int32Array[]; readonly prices: (Float64Array | undefined)[] } => {
  const units: Int32Array[] = inst.skus.map((p) => moveGreedily(p, plainCosts(inst, p), meter))
  const prices: (Float64Array | undefined)[] = inst.skus.map(() => undefined)
  let dirty = new Set<number>(inst.skus.map((_, s) => s))
  for (let round = 0; round < rounds && dirty.size > 0 && meter.spent < meter.limit; round++) {
    for (const s of dirty) {
      if (meter.spent >= meter.limit) break
      const p = inst.skus[s] as SkuProblem
      const start = new Int32Array(p.arcs.length)
      start.set(units[s] as Int32Array)
      const f = solveSkuFlow(p, plainCosts(inst, p), meter, start)
      units[s] = f.units
      prices[s] = f.complete ? f.prices : undefined
    }
    const next = new Set<number>()
    inst.skus.forEach((p, s) => {
      const price = prices[s]
      if (price === undefined || meter.spent >= meter.limit) return
      const has = new Set(p.arcs.map((arc) => arc.from * p.nodes.length + arc.to))
      const receivers = [...p.receivers].sort((a, b) => (price[b] as number) - (price[a] as number) || a - b)
      for (const i of p.senders) {
        const from = p.nodes[i] as number
        const floor = inst.net.transferUnitMicros[from] ?? 0
        const pi = price[i] as number
        const found: { j: number; g: number }[] = []
        for (const j of receivers) {
          meter.spent += 1
          const worst = found.length < perSender ? 0 : (found[found.length - 1] as { g: number }).g
          if ((price[j] as number) - pi - floor <= worst) break
          if (j === i || has.has(i * p.nodes.length + j)) continue
          const g = (price[j] as number) - pi - unitCostBetween(inst, from, p.nodes[j] as number)
          if (g <= worst) continue
          found.push({ j, g })
          found.sort((a, b) => b.g - a.g || a.j - b.j)
          if (found.length > perSender) found.pop()
        }
        for (const { j } of found) {
          p.arcs.push({ from: i, to: j, lane: laneBetween(inst, from, p.nodes[j] as number) })
          next.add(s)
        }
      }
    })
    dirty = next
  }
  // Units arrays as long as each SKU's arcs (arcs added in the last round carry nothing);
  // prices of a SKU whose last round added arcs still bound it (any prices do), less tightly.
  return {
    units: inst.skus.map((p, s) => {
      const u = new Int32Array(p.arcs.length)
      u.set(units[s] as Int32Array)
      return u
    }),
    prices,
  }
}
