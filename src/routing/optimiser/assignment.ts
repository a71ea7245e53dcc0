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
  /** bucket[s * stride + i]: i-th entry of item s among the set's entries, cheapest first. */
  readonly bucket: Int32Array
  readonly bucketLen: Int32Array
  /** Units on each entry in the last evaluation (entries of the set's members only). */
  readonly flowE: Int32Array
  /** Units left unserved per tier position in the last evaluation. */
  readonly unserved: Int32Array
  /** Effective (search) cost of each item in the last greedy evaluation. */
  readonly itemCost: Float64Array
  /** Candidates serving in the last evaluation, ascending; usedCount of them. */
  readonly used: Int32Array
  usedCount: number
  /** The min-cost-flow graph, allocated on first use. */
  graph: FlowGraph | null
  /** Shared stock: units each candidate sends of the item being served (see `serveGrouped`). */
  readonly gUsed: Int32Array
  /** The set being evaluated (its first `setSize` entries). */
  set: Int32Array
  setSize: number
}

const EMPTY = new Int32Array(0)

export const createWorkspace = (P: Prepared): Workspace => {
  const { scratch } = P.meter
  return {
  bucket: scratch.int32(Math.max(1, P.items * P.stride), false),
  bucketLen: scratch.int32(P.items),
  flowE: scratch.int32(P.eItem.length),
  unserved: scratch.int32(P.tierQty.length),
  itemCost: scratch.float64(P.items),
  used: scratch.int32(P.m),
  usedCount: 0,
    graph: null,
    gUsed: scratch.int32(P.grouped ? P.m : 0),
    set: EMPTY,
    setSize: 0,
  }
}

/** Sorts the set's entries into per-item buckets, cheapest first, ties by candidate order. */
export const fillBuckets = (P: Prepared, W: Workspace, set: Int32Array, size: number): void => {
  const { stride, fStart, eItem, eCost } = P
  const { bucket, bucketLen, flowE } = W
  bucketLen.fill(0)
  let work = P.items + size
  for (let i = 0; i < size; i++) {
    const j = set[i]!
    work += fStart[j + 1]! - fStart[j]!
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
      flowE[e] = 0
      const s = eItem[e]!
      const base = s * stride
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
  P.meter.spent += work
}

/**
 * Serves item s greedily from its bucket; `forcedEntry` (or -1) serves one unit first.
 * Writes flows and unserved units, returns the item's effective cost.
 */
const serveItem = (P: Prepared, W: Workspace, s: number, forcedEntry: number): number => {
  if (P.grouped) return serveGrouped(P, W, s, forcedEntry)
  const { stride, tierStart, tierQty, tierPen, eCost, eSupply } = P
  const { bucket, bucketLen, flowE, unserved } = W
  const base = s * stride
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

/**
 * Units candidate j may still send of item s under its stock group's cumulative caps, given
 * what the set's members have sent so far (`gUsed`): the least slack of j's cap and of every
 * later member's in the set. Unbounded outside a group.
 */
const groupSlack = (P: Prepared, W: Workspace, j: number, s: number): number => {
  const g = P.group[j]!
  if (g < 0) return 2_147_483_647
  const { group, groupCap, items } = P
  const { set, setSize, gUsed } = W
  let prefix = 0
  let slack = 2_147_483_647
  // The set is ascending and a group's members are in instant order: a running prefix.
  for (let i = 0; i < setSize; i++) {
    const q = set[i]!
    if (group[q] !== g) continue
    prefix += gUsed[q]!
    if (q >= j) {
      const left = groupCap[q * items + s]! - prefix
      if (left < slack) slack = left
    }
  }
  return slack
}

/**
 * {@link serveItem} under shared stock: each take is also held within the group's cumulative
 * caps. Cheapest first over a laminar family of caps is still the exact optimum of one item
 * (a polymatroid): a unit a dearer member would send is never one a cheaper member could.
 */
const serveGrouped = (P: Prepared, W: Workspace, s: number, forcedEntry: number): number => {
  const { stride, tierStart, tierQty, tierPen, eCost, eSupply, eFac } = P
  const { bucket, bucketLen, flowE, unserved, gUsed, set, setSize } = W
  const base = s * stride
  const len = bucketLen[s]!
  const tEnd = tierStart[s + 1]!
  let t = tierStart[s]!
  let rem = t < tEnd ? tierQty[t]! : 0
  let cost = 0
  for (let i = 0; i < setSize; i++) gUsed[set[i]!] = 0
  for (let i = 0; i < len; i++) flowE[bucket[base + i]!] = 0
  P.meter.spent += len * setSize
  if (forcedEntry >= 0) {
    flowE[forcedEntry] = 1
    gUsed[eFac[forcedEntry]!] = 1
    cost += eCost[forcedEntry]!
    rem--
    while (rem === 0 && ++t < tEnd) rem = tierQty[t]!
  }
  for (let i = 0; i < len && t < tEnd; i++) {
    const e = bucket[base + i]!
    const c = eCost[e]!
    if (!(c < tierPen[t]!)) break
    const j = eFac[e]!
    let avail = eSupply[e]! - (e === forcedEntry ? 1 : 0)
    const slack = groupSlack(P, W, j, s)
    if (slack < avail) avail = slack
    while (avail > 0 && t < tEnd) {
      if (!(c < tierPen[t]!)) break
      const take = avail < rem ? avail : rem
      flowE[e] = flowE[e]! + take
      gUsed[j] = gUsed[j]! + take
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

/**
 * Effective cost of item s if one more supply (cost c, a units) joined the set whose buckets
 * are filled, ignoring capacities (a relaxation: capacities only add cost). Writes nothing.
 */
export const itemCostWith = (P: Prepared, W: Workspace, s: number, c: number, a: number): number => {
  const { stride, tierStart, tierQty, tierPen, tierTail, eCost, eSupply } = P
  const { bucket, bucketLen } = W
  const base = s * stride
  const len = bucketLen[s]!
  const tEnd = tierStart[s + 1]!
  let t = tierStart[s]!
  if (t === tEnd) return 0
  let rem = tierQty[t]!
  let cost = 0
  let i = 0
  let extra = a
  for (;;) {
    let cc: number
    let avail: number
    if (extra > 0 && (i >= len || c <= eCost[bucket[base + i]!]!)) {
      cc = c
      avail = extra
      extra = 0
    } else if (i < len) {
      const e = bucket[base + i++]!
      cc = eCost[e]!
      avail = eSupply[e]!
    } else break
    if (!(cc < tierPen[t]!)) break
    while (avail > 0) {
      const take = avail < rem ? avail : rem
      cost += take * cc
      avail -= take
      rem -= take
      if (rem === 0) {
        if (++t === tEnd) return cost
        rem = tierQty[t]!
        if (!(cc < tierPen[t]!)) break
      }
    }
    if (!(cc < tierPen[t]!)) break
  }
  return cost + rem * tierPen[t]! + (t + 1 < tEnd ? tierTail[t + 1]! : 0)
}

/**
 * The dearest unit item s pays when its bucket is served greedily: the penalty of the first
 * tier left (partly) unserved, or else the cost of the last supply used; 0 when nothing is
 * demanded.
 */
export const dearestUnit = (P: Prepared, W: Workspace, s: number): number => {
  const { stride, tierStart, tierQty, tierPen, eCost, eSupply } = P
  const { bucket, bucketLen } = W
  const base = s * stride
  const len = bucketLen[s]!
  const tEnd = tierStart[s + 1]!
  let t = tierStart[s]!
  if (t === tEnd) return 0
  let rem = tierQty[t]!
  let last = 0
  for (let i = 0; i < len; i++) {
    const e = bucket[base + i]!
    const c = eCost[e]!
    if (!(c < tierPen[t]!)) break
    let avail = eSupply[e]!
    while (avail > 0 && c < tierPen[t]!) {
      const take = avail < rem ? avail : rem
      avail -= take
      rem -= take
      last = c
      if (rem === 0) {
        if (++t === tEnd) return last
        rem = tierQty[t]!
      }
    }
  }
  return tierPen[t]! > last ? tierPen[t]! : last
}

/** True when every member's load in the flows of `W` is within its capacity. */
const loadsFit = (P: Prepared, W: Workspace, set: Int32Array, size: number): boolean => {
  const { fStart, cap } = P
  const { flowE } = W
  for (let i = 0; i < size; i++) {
    const j = set[i]!
    let units = 0
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) units += flowE[e]!
    if (units > cap[j]!) return false
  }
  return true
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
  W.set = set
  W.setSize = size
  let hasForced = false
  let mayBind = false
  for (let i = 0; i < size; i++) {
    const j = set[i]!
    if (P.isForced[j] === 1) hasForced = true
    if (P.capBinds[j] === 1) mayBind = true
  }
  // Several candidates that must each serve: the flow serves one unit of each first.
  let greedy = !(hasForced && forced < 0)
  P.meter.spent += P.tierQty.length
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

/** Derives the serving candidates and the cost from the flows in `W`. */
const finishEvaluation = (P: Prepared, W: Workspace, set: Int32Array, size: number, hasForced: boolean): number => {
  const { fStart, eCost, fixed, tierQty, tierRealPen } = P
  const { flowE, unserved, used } = W
  let cost = 0
  let count = 0
  let forcedServing = 0
  for (let i = 0; i < size; i++) {
    const j = set[i]!
    let units = 0
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
      const x = flowE[e]!
      units += x
      cost += x * eCost[e]!
    }
    if (units > 0) {
      used[count++] = j
      cost += fixed[j]!
      if (P.isForced[j] === 1) forcedServing++
    }
  }
  let left = 0
  for (let t = 0; t < tierQty.length; t++) {
    left += unserved[t]!
    cost += unserved[t]! * tierRealPen[t]!
  }
  W.usedCount = count
  if (hasForced && (forcedServing < P.forcedSet.length || (P.serveAll && left > 0))) return Infinity
  if (P.serveAll && left > 0) {
    // All or nothing, and this set cannot serve all: serve nothing instead.
    for (let i = 0; i < size; i++) {
      const j = set[i]!
      for (let e = fStart[j]!; e < fStart[j + 1]!; e++) flowE[e] = 0
    }
    for (let t = 0; t < tierQty.length; t++) unserved[t] = tierQty[t]!
    W.usedCount = 0
    return P.nothingCost
  }
  return cost
}

/** Preallocated residual graph for the min-cost flow. */
interface FlowGraph {
  readonly tail: Int32Array
  readonly head: Int32Array
  readonly capa: Int32Array
  readonly cost: Float64Array
  readonly dist: Float64Array
  readonly via: Int32Array
  /** Arcs leaving node u are outArc[outStart[u] .. outStart[u+1]-1]. */
  readonly outStart: Int32Array
  readonly outArc: Int32Array
  readonly queue: Int32Array
  readonly queued: Uint8Array
  readonly entryArc: Int32Array
  readonly tierArc: Int32Array
}

const flowGraph = (P: Prepared, W: Workspace): FlowGraph => {
  if (W.graph !== null) return W.graph
  const { scratch } = P.meter
  // Shared stock adds a chain node per grouped member and item (see minCostFlow).
  const chain = P.grouped ? P.m * P.items : 0
  const nodes = P.m + P.items + 2 + chain
  const arcs = 2 * (2 * P.m + P.eItem.length + P.tierQty.length + 1 + chain)
  const graph: FlowGraph = {
    tail: scratch.int32(arcs),
    head: scratch.int32(arcs),
    capa: scratch.int32(arcs),
    cost: scratch.float64(arcs),
    dist: scratch.float64(nodes),
    via: scratch.int32(nodes),
    outStart: scratch.int32(nodes + 1),
    outArc: scratch.int32(arcs),
    queue: scratch.int32(nodes),
    queued: scratch.uint8(nodes),
    entryArc: scratch.int32(P.eItem.length),
    tierArc: scratch.int32(P.tierQty.length),
  }
  W.graph = graph
  return graph
}

/**
 * Successive shortest paths on source → facility → item → tier → sink, augmenting while a
 * path saves money. Members of a stock group reach an item through a chain, one node per
 * member in instant order, each node's arc onwards capped by that member's cumulative supply:
 * what flows on it is what the member and the earlier ones send together. Paths come from a
 * queue-based Bellman-Ford (the graph is tiny and has negative arcs; successive shortest
 * paths never create negative cycles). Each forced
 * candidate's first unit carries a bonus larger than any other path's cost, so it is served
 * whenever it can be.
 */
const minCostFlow = (P: Prepared, W: Workspace, set: Int32Array, size: number, hasForced: boolean): void => {
  const { items, fStart, eItem, eSupply, eCost, cap, tierStart, tierQty, tierPen, isForced } = P
  const G = flowGraph(P, W)
  const { tail, head, capa, cost, dist, via, outStart, outArc, queue, queued, entryArc, tierArc } = G
  const source = 0
  const sink = 1 + size + items
  const chained = P.grouped
  const nodeCount = chained ? sink + 1 + size * items : sink + 1
  let arcs = 0
  const addArc = (u: number, v: number, c: number, w: number): number => {
    const a = arcs
    tail[a] = u
    head[a] = v
    capa[a] = c
    cost[a] = w
    tail[a + 1] = v
    head[a + 1] = u
    capa[a + 1] = 0
    cost[a + 1] = -w
    arcs += 2
    return a
  }
  // Above any path's cost, however dear a forced unit (a shadow price can make it so).
  let bonus = 1
  for (let t = 0; t < tierQty.length; t++) bonus += tierQty[t]! * tierPen[t]!
  if (hasForced) for (let e = 0; e < eCost.length; e++) bonus += Math.abs(eCost[e]!)
  for (let i = 0; i < size; i++) {
    const j = set[i]!
    if (hasForced && isForced[j] === 1) {
      addArc(source, 1 + i, 1, -bonus)
      if (cap[j]! > 1) addArc(source, 1 + i, cap[j]! - 1, 0)
    } else {
      addArc(source, 1 + i, cap[j]!, 0)
    }
    const g = chained ? P.group[j]! : -1
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) {
      const to = g < 0 ? 1 + size + eItem[e]! : sink + 1 + i * items + eItem[e]!
      entryArc[e] = addArc(1 + i, to, eSupply[e]!, eCost[e]!)
    }
  }
  if (chained) {
    const { group, groupCap } = P
    for (let i = 0; i < size; i++) {
      const g = group[set[i]!]!
      if (g < 0) continue
      let next = i + 1
      while (next < size && group[set[next]!] !== g) next++
      for (let s = 0; s < items; s++) {
        const to = next < size ? sink + 1 + next * items + s : 1 + size + s
        addArc(sink + 1 + i * items + s, to, groupCap[set[i]! * items + s]!, 0)
      }
    }
  }
  for (let s = 0; s < items; s++) {
    for (let t = tierStart[s]!; t < tierStart[s + 1]!; t++) tierArc[t] = addArc(1 + size + s, sink, tierQty[t]!, -tierPen[t]!)
  }
  // Adjacency in arc order, so that equal-cost paths are always found the same way.
  outStart.fill(0, 0, nodeCount + 1)
  for (let a = 0; a < arcs; a++) outStart[tail[a]! + 1] = outStart[tail[a]! + 1]! + 1
  for (let u = 0; u < nodeCount; u++) outStart[u + 1] = outStart[u + 1]! + outStart[u]!
  for (let a = 0; a < arcs; a++) {
    const u = tail[a]!
    outArc[outStart[u]!] = a
    outStart[u] = outStart[u]! + 1
  }
  for (let u = nodeCount; u > 0; u--) outStart[u] = outStart[u - 1]!
  outStart[0] = 0
  // Each pass of the path search scans every arc at most a few times: charge a pass per arc.
  let scanned = 0
  for (;;) {
    dist.fill(Infinity, 0, nodeCount)
    queued.fill(0, 0, nodeCount)
    dist[source] = 0
    let qHead = 0
    let qLen = 1
    queue[0] = source
    queued[source] = 1
    while (qLen > 0) {
      const u = queue[qHead]!
      qHead = qHead + 1 === nodeCount ? 0 : qHead + 1
      qLen--
      queued[u] = 0
      const du = dist[u]!
      scanned += outStart[u + 1]! - outStart[u]!
      for (let k = outStart[u]!; k < outStart[u + 1]!; k++) {
        const a = outArc[k]!
        if (capa[a]! <= 0) continue
        const v = head[a]!
        const d = du + cost[a]!
        if (d < dist[v]!) {
          dist[v] = d
          via[v] = a
          if (queued[v] === 0) {
            queued[v] = 1
            let at = qHead + qLen
            if (at >= nodeCount) at -= nodeCount
            queue[at] = v
            qLen++
          }
        }
      }
    }
    if (!(dist[sink]! < 0)) break
    let push = 2_147_483_647
    for (let v = sink; v !== source; v = tail[via[v]!]!) push = Math.min(push, capa[via[v]!]!)
    for (let v = sink; v !== source; v = tail[via[v]!]!) {
      const a = via[v]!
      capa[a] = capa[a]! - push
      capa[a ^ 1] = capa[a ^ 1]! + push
    }
  }
  P.meter.spent += scanned + arcs
  for (let i = 0; i < size; i++) {
    const j = set[i]!
    for (let e = fStart[j]!; e < fStart[j + 1]!; e++) W.flowE[e] = capa[entryArc[e]! ^ 1]!
  }
  for (let t = 0; t < tierQty.length; t++) W.unserved[t] = tierQty[t]! - capa[tierArc[t]! ^ 1]!
}
