/**
 * The rebalancing model of docs/reassort.md, written from the document and the docs (never
 * from the engine's instance): movable units, unit values, lane costs, the MIP solved by
 * HiGHS, a seeded generator of small documents, and the check of a suggestion against the
 * document. Distances and money come from test/reference/documented.ts.
 */
import { mulberry32 } from '../../examples/network/random.js'
import type { Node } from '../../src/model/network.js'
import type { RebalanceDocument } from '../../src/model/reassort.js'
import type { Rebalance } from '../../src/reassort/transfers.js'
import { loadHighs } from '../support/highs.js'
import { can, metresBetween, micros, transferFixedMicros, transferUnitMicros } from '../reference/documented.js'

// ------------------------------------------------------------------ the documented model

/** P(D ≥ j) for D ~ Poisson(mean), as 1 − Σ_{i<j} e^−μ μ^i / i! (small means only). */
export const tail = (mean: number, j: number): number => {
  if (j <= 0) return 1
  if (mean === 0) return 0
  let p = Math.exp(-mean)
  let cdf = 0
  for (let i = 0; i < j; i++) {
    cdf += p
    p = (p * mean) / (i + 1)
  }
  return Math.max(0, 1 - cdf)
}

/** The j-th unit's expected margin in micro-units: margin × P(D ≥ j), rounded to the micro-unit. */
export const unitValue = (marginMicros: number, mean: number, j: number): number => Math.round(marginMicros * tail(mean, j))

/**
 * Units of a position that may move: on hand less safety stock, confidence buffer and every
 * channel's ring-fence (the generator gives at most one policy of each kind per position,
 * scoped to node and SKU; a percent fence is ⌊percent × on hand / 100⌋), at least 0.
 */
export const movableUnits = (doc: RebalanceDocument, node: string, sku: string): number => {
  const row = doc.stock.find((r) => r.node === node && r.sku === sku)
  if (row === undefined) return 0
  const here = <P extends { node?: string; sku?: string }>(list: readonly P[] | undefined): P[] => (list ?? []).filter((p) => p.node === node && p.sku === sku)
  const safety = here(doc.policies?.safetyStock).reduce((s, p) => s + p.quantity, 0)
  const buffer = here(doc.policies?.confidenceBuffers).reduce((s, p) => s + p.quantity, 0)
  const fences = here(doc.policies?.ringFences).reduce((s, p) => s + (p.quantity ?? Math.floor(((p.percent ?? 0) * row.onHand) / 100)), 0)
  return Math.max(0, row.onHand - safety - buffer - fences)
}

export interface ReferenceModel {
  readonly lp: string
  /** Σ of every forecast position's value before any transfer (micro-units). */
  readonly before: number
}

const money = (m: number): string => (m / 1e6).toFixed(6)

/** The MIP of docs/reassort.md for `doc` in CPLEX LP format (maximise gain − cost, in currency units). */
export const referenceMip = (doc: RebalanceDocument): ReferenceModel => {
  const nodes = new Map<string, Node>(doc.nodes.map((n) => [n.id, n]))
  const ids: string[] = doc.nodes.map((n) => n.id)
  const margin = new Map<string, number>(doc.margins.map((m) => [m.sku, Number(micros(m.margin))]))
  const skus: string[] = [...new Set<string>([...doc.demand.map((d) => d.sku), ...doc.stock.map((r) => r.sku)])]
  const mean = (n: string, s: string): number => doc.demand.find((d) => d.node === n && d.sku === s)?.mean ?? 0
  const objective: string[] = []
  const rows: string[] = []
  const bounds: string[] = []
  const generals: string[] = []
  const binaries: string[] = []
  const laneTerms = new Map<string, string[]>()
  let before = 0
  const v = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, '_')
  const idx = new Map(ids.map((id, i) => [id, i]))
  const skuIdx = new Map(skus.map((s, i) => [s, i]))
  const x = (i: string, j: string, s: string): string => v(`x_${idx.get(i)}_${idx.get(j)}_${skuIdx.get(s)}`)
  for (const s of skus) {
    const m = margin.get(s) ?? 0
    const a = new Map(ids.map((n) => [n, movableUnits(doc, n, s)]))
    const total = [...a.values()].reduce((p, q) => p + q, 0)
    const out = new Map<string, string[]>(ids.map((n) => [n, []]))
    const inn = new Map<string, string[]>(ids.map((n) => [n, []]))
    for (const i of ids) {
      if ((a.get(i) ?? 0) === 0 || !can(nodes.get(i) as Node, 'transfer-out')) continue
      for (const j of ids) {
        if (i === j || !can(nodes.get(j) as Node, 'transfer-in')) continue
        const name = x(i, j, s)
        const from = nodes.get(i) as Node
        const to = nodes.get(j) as Node
        const c = Number(transferUnitMicros(from, metresBetween(from.location, to.location)))
        objective.push(`- ${money(c)} ${name}`)
        bounds.push(`0 <= ${name} <= ${a.get(i)}`)
        generals.push(name)
        out.get(i)?.push(name)
        inn.get(j)?.push(name)
        const lane = `${idx.get(i)}_${idx.get(j)}`
        const terms = laneTerms.get(lane) ?? []
        terms.push(name)
        laneTerms.set(lane, terms)
        rows.push(`cap_${name}: ${name} - ${a.get(i)} y_${lane} <= 0`)
      }
    }
    for (const n of ids) {
      const ai = a.get(n) ?? 0
      const o = out.get(n) as string[]
      if (o.length > 0) rows.push(`send_${idx.get(n)}_${skuIdx.get(s)}: ${o.join(' + ')} <= ${ai}`)
      const mu = mean(n, s)
      for (let j = 1; j <= ai; j++) before += unitValue(m, mu, j)
      // A shelf without a forecast is worth nothing whatever it holds (and holds ≥ 0: it sends at most its units).
      if (mu === 0 || m === 0) continue
      // Shelf units w_t ∈ [0, 1], t = 1 … all the SKU's movable units, worth their unit values.
      const w: string[] = []
      for (let t = 1; t <= total; t++) {
        const name = `w_${idx.get(n)}_${skuIdx.get(s)}_${t}`
        w.push(name)
        bounds.push(`0 <= ${name} <= 1`)
        const val = unitValue(m, mu, t)
        if (val !== 0) objective.push(`+ ${money(val)} ${name}`)
      }
      const flows = [...(inn.get(n) as string[]).map((t) => `- ${t}`), ...o.map((t) => `+ ${t}`)]
      if (w.length > 0) rows.push(`shelf_${idx.get(n)}_${skuIdx.get(s)}: ${w.join(' + ')} ${flows.join(' ')} = ${ai}`)
    }
  }
  const lanes = [...laneTerms.keys()].sort()
  for (const lane of lanes) {
    const [i] = lane.split('_').map(Number)
    const from = doc.nodes[i as number] as Node
    objective.push(`- ${money(Number(transferFixedMicros(from)))} y_${lane}`)
    bounds.push(`0 <= y_${lane} <= 1`)
    binaries.push(`y_${lane}`)
    const mu = doc.options?.minUnitsPerLane
    if (mu !== undefined) rows.push(`min_${lane}: ${(laneTerms.get(lane) as string[]).join(' + ')} - ${mu} y_${lane} >= 0`)
  }
  if (doc.options?.maxLanes !== undefined && lanes.length > 0) rows.push(`lanes: ${lanes.map((l) => `y_${l}`).join(' + ')} <= ${doc.options.maxLanes}`)
  bounds.push('zero = 0')
  rows.push('anchor: zero >= 0')
  const lp = [
    'Maximize',
    ` obj: ${objective.length > 0 ? objective.join(' ').replace(/^\+ /, '') : '0 zero'}`,
    'Subject To',
    ...rows.map((r) => ` ${r}`),
    'Bounds',
    ...bounds.map((b) => ` ${b}`),
    ...(generals.length === 0 ? [] : ['General', ` ${generals.join(' ')}`]),
    ...(binaries.length === 0 ? [] : ['Binary', ` ${binaries.join(' ')}`]),
    'End',
  ].join('\n')
  return { lp, before }
}

/**
 * The optimum of gain − cost (currency units) by HiGHS to a zero gap: the MIP's value (the
 * shelves' value after, less the cost) minus the value before.
 */
export const referenceOptimum = async (doc: RebalanceDocument): Promise<number> => {
  const highs = await loadHighs()
  const { lp, before } = referenceMip(doc)
  const r = highs.solve(lp, { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0 })
  if (String(r.Status) !== 'Optimal') throw new Error(`HiGHS: ${String(r.Status)}\n${lp}`)
  return r.ObjectiveValue - before / 1e6
}

// ------------------------------------------------------------------ checking a suggestion

const toMicros = (s: string): number => Number(micros(s.startsWith('-') ? s.slice(1) : s)) * (s.startsWith('-') ? -1 : 1)

/**
 * Checks a suggestion against its document and returns its objective (micro-units), or throws
 * naming the broken rule: units moved only from movable stock, each at most once, from
 * `transfer-out` to `transfer-in` nodes; lane limits; every reported figure recomputed.
 */
export const checkSuggestion = (doc: RebalanceDocument, r: Rebalance): number => {
  const nodes = new Map<string, Node>(doc.nodes.map((n) => [n.id, n]))
  const margin = new Map(doc.margins.map((m) => [m.sku, Number(micros(m.margin))]))
  const sent = new Map<string, number>()
  const shelf = new Map<string, number>()
  const key = (n: string, s: string): string => `${n}\u0000${s}`
  let cost = 0
  const lanes = new Set<string>()
  for (const t of r.transfers) {
    const from = nodes.get(t.from)
    const to = nodes.get(t.to)
    if (from === undefined || to === undefined || t.from === t.to) throw new Error(`bad lane ${t.from} → ${t.to}`)
    if (!can(from, 'transfer-out')) throw new Error(`${t.from} sends without transfer-out`)
    if (!can(to, 'transfer-in')) throw new Error(`${t.to} receives without transfer-in`)
    if (lanes.has(`${t.from}>${t.to}`)) throw new Error('lane listed twice')
    lanes.add(`${t.from}>${t.to}`)
    const unit = Number(transferUnitMicros(from, metresBetween(from.location, to.location)))
    let q = 0
    for (const l of t.lines) {
      if (!Number.isSafeInteger(l.quantity) || l.quantity <= 0) throw new Error('bad quantity')
      q += l.quantity
      sent.set(key(t.from, l.sku), (sent.get(key(t.from, l.sku)) ?? 0) + l.quantity)
      shelf.set(key(t.from, l.sku), (shelf.get(key(t.from, l.sku)) ?? 0) - l.quantity)
      shelf.set(key(t.to, l.sku), (shelf.get(key(t.to, l.sku)) ?? 0) + l.quantity)
    }
    const laneCost = Number(transferFixedMicros(from)) + q * unit
    if (toMicros(t.cost) !== laneCost) throw new Error(`lane cost ${t.cost} ≠ ${laneCost / 1e6}`)
    if (doc.options?.minUnitsPerLane !== undefined && q < doc.options.minUnitsPerLane) throw new Error('lane below its minimum')
    cost += laneCost
  }
  if (doc.options?.maxLanes !== undefined && r.transfers.length > doc.options.maxLanes) throw new Error('too many lanes')
  for (const [k, q] of sent) {
    const [n, s] = k.split('\u0000') as [string, string]
    if (q > movableUnits(doc, n, s)) throw new Error(`${n} sends ${q} of ${s}, more than it may promise`)
  }
  let before = 0
  let after = 0
  for (const d of doc.demand) {
    const m = margin.get(d.sku) ?? 0
    const a = movableUnits(doc, d.node, d.sku)
    const k = a + (shelf.get(key(d.node, d.sku)) ?? 0)
    for (let j = 1; j <= a; j++) before += unitValue(m, d.mean, j)
    for (let j = 1; j <= k; j++) after += unitValue(m, d.mean, j)
  }
  if (toMicros(r.expectedMarginBefore) !== before) throw new Error(`before ${r.expectedMarginBefore} ≠ ${before / 1e6}`)
  if (toMicros(r.expectedMarginAfter) !== after) throw new Error(`after ${r.expectedMarginAfter} ≠ ${after / 1e6}`)
  if (toMicros(r.transferCost) !== cost) throw new Error(`transfer cost ${r.transferCost} ≠ ${cost / 1e6}`)
  return after - before - cost
}

// ------------------------------------------------------------------ seeded small documents

export const prng = mulberry32

/** A small rebalancing document drawn from `seed`: 2–5 nodes, 1–3 SKUs, policies and options now and then. */
export const smallDocument = (seed: number): RebalanceDocument => {
  const r = prng(seed)
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1))
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
  const dec = (max: number, places: number): string => (r() * max).toFixed(places)
  const nodeCount = int(2, 5)
  const skuCount = int(1, 3)
  const nodes = Array.from({ length: nodeCount }, (_, i) => {
    const kind = pick(['store', 'store', 'store', 'warehouse', 'dark-store', 'locker', 'supplier'] as const)
    const caps = r() < 0.15 ? { capabilities: pick([['transfer-in'], ['transfer-out'], ['ship'], ['transfer-in', 'transfer-out']] as const) } : {}
    return {
      id: `N${i}`,
      kind,
      location: { lat: 43 + r() * 6, lon: -1 + r() * 7 },
      costs: { package: dec(12, 2), unit: dec(1.5, 2), perUnitKm: dec(0.01, 4), ...(r() < 0.4 ? { transfer: { fixed: dec(15, 2), ...(r() < 0.5 ? { unit: dec(1, 3) } : {}) } } : {}) },
      ...caps,
    }
  })
  const skus = Array.from({ length: skuCount }, (_, s) => `S${s}`)
  const stock: { node: string; sku: string; onHand: number }[] = []
  const demand: { node: string; sku: string; mean: number }[] = []
  for (const n of nodes) {
    for (const s of skus) {
      if (r() < 0.6) stock.push({ node: n.id, sku: s, onHand: int(0, 7) })
      if (r() < 0.7) demand.push({ node: n.id, sku: s, mean: Math.round(r() * 60) / 10 })
    }
  }
  const safetyStock: { node: string; sku: string; quantity: number }[] = []
  const confidenceBuffers: { node: string; sku: string; quantity: number }[] = []
  const ringFences: ({ channel: string; node: string; sku: string } & ({ quantity: number } | { percent: number }))[] = []
  for (const row of stock) {
    if (r() < 0.15) safetyStock.push({ node: row.node, sku: row.sku, quantity: int(0, 3) })
    if (r() < 0.1) confidenceBuffers.push({ node: row.node, sku: row.sku, quantity: int(0, 2) })
    if (r() < 0.1) ringFences.push(r() < 0.5 ? { channel: 'store', node: row.node, sku: row.sku, quantity: int(0, 3) } : { channel: 'web', node: row.node, sku: row.sku, percent: int(0, 60) })
  }
  const policies = safetyStock.length + confidenceBuffers.length + ringFences.length > 0 ? { policies: { safetyStock, confidenceBuffers, ringFences } } : {}
  const options: Record<string, number> = {}
  if (r() < 0.25) options.maxLanes = int(0, 3)
  if (r() < 0.25) options.minUnitsPerLane = int(1, 5)
  const margins = skus.map((s) => ({ sku: s, margin: dec(30, 2) }))
  return {
    now: '2026-11-27T09:00:00Z',
    nodes,
    stock,
    demand,
    margins,
    ...policies,
    ...(Object.keys(options).length > 0 ? { options } : {}),
  } as unknown as RebalanceDocument
}
