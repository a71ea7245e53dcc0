/**
 * The exact best assignment for a fixed set of open candidates. Per item, the open
 * facilities' units go cheapest first (ties: lower index) to the highest-penalty tier first,
 * as long as a unit costs less than the penalty it saves; when that greedy plan overloads a
 * facility's capacity, a small min-cost flow (successive shortest paths) takes over.
 *
 * @internal
 */
import type { Prepared } from './prepare.js'

/** Scratch arrays for evaluating open sets; one per solve, reused by every evaluation. */
export interface Workspace {
  /** bucket[s * m + i]: i-th entry of item s among the set's entries, cheapest first. */
  readonly bucket: Int32Array
  readonly bucketLen: Int32Array
  /** Units on each entry in the last evaluation (entries of the set's members only). */
  readonly flowE: Int32Array
  /** Units left unserved per tier position in the last evaluation. */
  readonly unserved: Int32Array
  /** Per candidate: units served in the last evaluation. */
  readonly load: Int32Array
  /** Effective (search) cost of each item in the last greedy evaluation. */
  readonly itemCost: Float64Array
  /** Candidates serving in the last evaluation, ascending; usedCount of them. */
  readonly used: Int32Array
  usedCount: number
  /** True when the last evaluation served nothing because all-or-nothing could not serve all. */
  servedNothing: boolean
}

export const createWorkspace = (P: Prepared): Workspace => ({
  bucket: new Int32Array(Math.max(1, P.items * P.m)),
  bucketLen: new Int32Array(P.items),
  flowE: new Int32Array(P.eItem.length),
  unserved: new Int32Array(P.tierQty.length),
  load: new Int32Array(P.m),
  itemCost: new Float64Array(P.items),
  used: new Int32Array(P.m),
  usedCount: 0,
  servedNothing: false,
})

/** Sorts the set's entries into per-item buckets, cheapest first, ties by candidate order. */
const fillBuckets = (P: Prepared, W: Workspace, set: Int32Array, size: number): void => {
  const { m, fStart, eItem, eCost } = P
  const { bucket, bucketLen, flowE } = W
  bucketLen.fill(0)
  for (let i = 0; i < size; i++) {
    const j = set[i]!
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
      flowE[e] = 0
      const s = eItem[e]!
      const base = s * m
      const c = eCost[e]!
      let pos = bucketLen[s]!
      // Members arrive in ascending order, so strict comparison keeps index order on ties.
      while (pos > 0 && eCost[bucket[base + pos - 1]!]! > c) {
        bucket[base + pos] = bucket[base + pos - 1]!
        pos--
      }
      bucket[base + pos] = e
      bucketLen[s] = bucketLen[s]! + 1
    }
  }
}

/**
 * Serves item s greedily from its bucket; `forcedEntry` (or -1) serves one unit first.
 * Writes flows and unserved units, returns the item's effective cost.
 */
const serveItem = (P: Prepared, W: Workspace, s: number, forcedEntry: number): number => {
  const { m, tierStart, tierQty, tierPen, eCost, eSupply } = P
  const { bucket, bucketLen, flowE, unserved } = W
  const base = s * m
  const len = bucketLen[s]!
  const tEnd = tierStart[s + 1]!
  let t = tierStart[s]!
  let rem = t < tEnd ? tierQty[t]! : 0
  let cost = 0
  for (let i = 0; i < len; i++) flowE[bucket[base + i]!] = 0
  if (forcedEntry >= 0) {
    flowE[forcedEntry] = 1
    cost += eCost[forcedEntry]!
    rem--
    while (rem === 0 && ++t < tEnd) rem = tierQty[t]!
  }
  for (let i = 0; i < len && t < tEnd; i++) {
    const e = bucket[base + i]!
    const c = eCost[e]!
    if (!(c < tierPen[t]!)) break
    let avail = eSupply[e]! - (e === forcedEntry ? 1 : 0)
    while (avail > 0 && t < tEnd) {
      if (!(c < tierPen[t]!)) break
      const take = avail < rem ? avail : rem
      flowE[e] = flowE[e]! + take
      cost += take * c
      avail -= take
      rem -= take
      while (rem === 0 && ++t < tEnd) rem = tierQty[t]!
    }
  }
  for (let i = tierStart[s]!; i < tEnd; i++) {
    const u = i < t ? 0 : i === t ? rem : tierQty[i]!
    unserved[i] = u
    cost += u * tierPen[i]!
  }
  return cost
}

/** Sums loads per member; true when every capacity holds. */
const loadsFit = (P: Prepared, W: Workspace, set: Int32Array, size: number): boolean => {
  const { fStart, cap } = P
  const { flowE, load } = W
  let fits = true
  for (let i = 0; i < size; i++) {
    const j = set[i]!
    let units = 0
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) units += flowE[e]!
    load[j] = units
    if (units > cap[j]!) fits = false
  }
  return fits
}

/**
 * Evaluates open set `set[0..size)` (candidate indices, ascending): the best assignment using
 * only those candidates. Returns the plan's cost (real penalties; the cost of serving nothing
 * when all-or-nothing cannot serve everything; Infinity when the forced candidate cannot
 * serve). Leaves flows, unserved units and the serving candidates in `W`.
 */
export const evaluateSet = (P: Prepared, W: Workspace, set: Int32Array, size: number): number => {
  const { items, forced, fStart, eItem } = P
  fillBuckets(P, W, set, size)
  let hasForced = false
  let mayBind = false
  for (let i = 0; i < size; i++) {
    const j = set[i]!
    if (j === forced) hasForced = true
    if (P.capBinds[j] === 1) mayBind = true
  }
  let greedy = true
  for (let s = 0; s < items; s++) W.itemCost[s] = serveItem(P, W, s, -1)
  if (mayBind && !loadsFit(P, W, set, size)) greedy = false
  if (greedy && hasForced) {
    let forcedLoad = 0
    for (let e = fStart[forced]!; e < fStart[forced + 1]!; e++) forcedLoad += W.flowE[e]!
    if (forcedLoad === 0) {
      // Serve one unit from the forced candidate where it costs least (ties: lower item).
      let bestEntry = -1
      let bestDelta = Infinity
      for (let e = fStart[forced]!; e < fStart[forced + 1]!; e++) {
        const s = eItem[e]!
        const delta = serveItem(P, W, s, e) - W.itemCost[s]!
        if (delta < bestDelta) {
          bestDelta = delta
          bestEntry = e
        }
        W.itemCost[s] = serveItem(P, W, s, -1)
      }
      const s = eItem[bestEntry]!
      W.itemCost[s] = serveItem(P, W, s, bestEntry)
    }
  }
  if (!greedy) minCostFlow(P, W, set, size, hasForced)
  return finishEvaluation(P, W, set, size, hasForced)
}

/** Derives loads, the serving candidates and the cost from the flows in `W`. */
const finishEvaluation = (P: Prepared, W: Workspace, set: Int32Array, size: number, hasForced: boolean): number => {
  const { fStart, eCost, fixed, tierQty, tierRealPen } = P
  const { flowE, unserved, load, used } = W
  let cost = 0
  let count = 0
  for (let i = 0; i < size; i++) {
    const j = set[i]!
    let units = 0
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
      const x = flowE[e]!
      units += x
      cost += x * eCost[e]!
    }
    load[j] = units
    if (units > 0) {
      used[count++] = j
      cost += fixed[j]!
    }
  }
  let left = 0
  for (let t = 0; t < tierQty.length; t++) {
    left += unserved[t]!
    cost += unserved[t]! * tierRealPen[t]!
  }
  W.servedNothing = false
  if (P.serveAll && left > 0) {
    if (hasForced) {
      W.usedCount = count
      return Infinity
    }
    // Serve nothing instead.
    for (let i = 0; i < size; i++) {
      const j = set[i]!
      load[j] = 0
      for (let e = fStart[j]!; e < fStart[j + 1]!; e++) flowE[e] = 0
    }
    for (let t = 0; t < tierQty.length; t++) unserved[t] = tierQty[t]!
    W.usedCount = 0
    W.servedNothing = true
    return P.nothingCost
  }
  if (hasForced && load[P.forced] === 0) {
    W.usedCount = count
    return Infinity
  }
  W.usedCount = count
  return cost
}

/**
 * Successive shortest paths on source → facility → item → tier → sink, augmenting while a
 * path saves money. The forced candidate's first unit carries a bonus larger than any other
 * path's cost, so it is served whenever it can be. Rare (capacities must bind), so it
 * allocates its own small graph.
 */
const minCostFlow = (P: Prepared, W: Workspace, set: Int32Array, size: number, hasForced: boolean): void => {
  const { items, fStart, eItem, eSupply, eCost, cap, tierStart, tierQty, tierPen, forced } = P
  const source = 0
  const itemNode = (s: number): number => 1 + size + s
  const sink = 1 + size + items
  const nodeCount = sink + 1
  const head: number[] = []
  const to: number[] = []
  const capa: number[] = []
  const cost: number[] = []
  const next: number[] = []
  const first = new Int32Array(nodeCount).fill(-1)
  const addArc = (u: number, v: number, c: number, w: number): number => {
    const a = to.length
    to.push(v, u)
    capa.push(c, 0)
    cost.push(w, -w)
    head.push(u, v)
    next.push(first[u]!, first[v]!)
    first[u] = a
    first[v] = a + 1
    return a
  }
  let bonus = 1
  for (let t = 0; t < tierQty.length; t++) bonus += tierQty[t]! * tierPen[t]!
  const entryArc = new Map<number, number>()
  for (let i = 0; i < size; i++) {
    const j = set[i]!
    if (hasForced && j === forced) {
      addArc(source, 1 + i, 1, -bonus)
      if (cap[j]! > 1) addArc(source, 1 + i, cap[j]! - 1, 0)
    } else {
      addArc(source, 1 + i, cap[j]!, 0)
    }
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
      entryArc.set(e, addArc(1 + i, itemNode(eItem[e]!), eSupply[e]!, eCost[e]!))
    }
  }
  const tierArc = new Int32Array(tierQty.length)
  for (let s = 0; s < items; s++) {
    for (let t = tierStart[s]!; t < tierStart[s + 1]!; t++) tierArc[t] = addArc(itemNode(s), sink, tierQty[t]!, -tierPen[t]!)
  }
  const dist = new Float64Array(nodeCount)
  const via = new Int32Array(nodeCount)
  for (;;) {
    dist.fill(Infinity)
    via.fill(-1)
    dist[source] = 0
    // Bellman-Ford: the graph is tiny and has negative arcs.
    for (let round = 0; round < nodeCount; round++) {
      let changed = false
      for (let a = 0; a < to.length; a++) {
        if (capa[a]! <= 0) continue
        const u = head[a]!
        const du = dist[u]!
        if (du === Infinity) continue
        const d = du + cost[a]!
        const v = to[a]!
        if (d < dist[v]!) {
          dist[v] = d
          via[v] = a
          changed = true
        }
      }
      if (!changed) break
    }
    if (!(dist[sink]! < 0)) break
    let push = Infinity
    for (let v = sink; v !== source; v = head[via[v]!]!) push = Math.min(push, capa[via[v]!]!)
    for (let v = sink; v !== source; v = head[via[v]!]!) {
      const a = via[v]!
      capa[a] = capa[a]! - push
      capa[a ^ 1] = capa[a ^ 1]! + push
    }
  }
  for (const [e, a] of entryArc) W.flowE[e] = capa[a ^ 1]!
  for (let t = 0; t < tierQty.length; t++) W.unserved[t] = tierQty[t]! - capa[tierArc[t]! ^ 1]!
}
