/**
 * The joint reference MIP of a wave, written from the documented model (docs/model.md) and
 * docs/waves.md: each order's direct-parcel facilities and costs from the single-order
 * reference (../reference/model.ts, built from the document, not from the engine), plus the
 * wave's shared rows — Σ over orders of the units each node sends of an SKU ≤ its ATP, and a
 * node's daily capacity (orders and units) over the whole wave. Solved by HiGHS to a zero
 * gap. Ship deliveries without hubs or backorders only.
 */
import { loadHighs } from '../support/highs.js'
import { atpAt, micros, penaltyMicros, positionOf, readScenario, type PricedScenario } from '../reference/documented.js'
import { directInstance, prepare, type RefInstance } from '../reference/model.js'

const money = (m: bigint): string => {
  const neg = m < 0n
  const a = neg ? -m : m
  const whole = a / 1_000_000n
  const frac = (a % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '')
  return `${neg ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}`
}

/** The wave's optimum in micro-units (from HiGHS's objective, rounded), or an error. */
export const joinedOptimum = async (doc: Record<string, unknown>): Promise<{ readonly optimum: number } | { readonly error: string }> => {
  const orders = doc.orders as readonly Record<string, unknown>[]
  const now = doc.now as string
  const obj: string[] = []
  const rows: string[] = []
  const bounds: string[] = []
  const ints: string[] = []
  const bins: string[] = []
  /** x columns per (node, sku) over the wave, and per node (today's units), y per node. */
  const bySku = new Map<string, string[]>()
  const unitsAt = new Map<string, string[]>()
  const opensAt = new Map<string, string[]>()
  let first: PricedScenario | undefined
  for (const [i, order] of orders.entries()) {
    const { orders: _all, ...rest } = doc
    const read = readScenario({ ...rest, order })
    if (read._tag === 'Left') return { error: read.left }
    const s = read.right
    first ??= s
    const p = prepare(s, now)
    const to = (order.delivery as { to: { lat: number; lon: number } }).to
    const inst: RefInstance = directInstance(p, to)
    const cover = new Map<string, string[]>(p.skus.map((sku) => [sku, []]))
    inst.facilities.forEach((f, k) => {
      const y = `y${i}_${k}`
      obj.push(`${money(f.fixed)} ${y}`)
      bins.push(y)
      opensAt.set(f.node, [...(opensAt.get(f.node) ?? []), y])
      for (const [sku, ub] of f.bound) {
        const j = p.skus.indexOf(sku)
        const x = `x${i}_${k}_${j}`
        obj.push(`${money(f.unit)} ${x}`)
        bounds.push(`0 <= ${x} <= ${ub}`)
        ints.push(x)
        rows.push(`open${i}_${k}_${j}: ${x} - ${ub} ${y} <= 0`)
        cover.get(sku)?.push(x)
        const pk = `${f.node}\u0000${sku}`
        bySku.set(pk, [...(bySku.get(pk) ?? []), x])
        unitsAt.set(f.node, [...(unitsAt.get(f.node) ?? []), x])
      }
    })
    s.order.lines.forEach((l, li) => {
      const u = `u${i}_${li}`
      obj.push(`${money(penaltyMicros(s, l.id))} ${u}`)
      bounds.push(`0 <= ${u} <= ${l.quantity}`)
      ints.push(u)
      cover.get(l.sku)?.push(u)
      if (p.allOrNothing) rows.push(`aon${i}_${li}: ${u} - ${l.quantity} z${i} = 0`)
    })
    if (p.allOrNothing) bins.push(`z${i}`)
    for (const [j, sku] of p.skus.entries()) rows.push(`cover${i}_${j}: ${(cover.get(sku) ?? []).join(' + ')} = ${p.demand.get(sku) ?? 0}`)
    if (inst.facilities.length > 0 && inst.slots < inst.facilities.length) rows.push(`slots${i}: ${inst.facilities.map((_, k) => `y${i}_${k}`).join(' + ')} <= ${inst.slots}`)
  }
  if (first === undefined) return { optimum: 0 }
  const s = first
  const nowMs = Date.parse(now)
  let r = 0
  // Shared stock: the whole wave takes at most a position's ATP (one channel).
  for (const [pk, xs] of bySku) {
    const [nodeId, sku] = pk.split('\u0000') as [string, string]
    const node = s.nodes.find((n) => n.id === nodeId)
    if (node === undefined) continue
    rows.push(`atp${r++}: ${xs.join(' + ')} <= ${atpAt(positionOf(s, node, sku, 'web', nowMs), nowMs)}`)
  }
  // Daily capacity over the whole wave.
  for (const n of s.nodes) {
    const units = n.dailyCapacity?.units
    const xs = unitsAt.get(n.id) ?? []
    if (units !== undefined && xs.length > 0) rows.push(`units${r++}: ${xs.join(' + ')} <= ${units}`)
    const opens = n.dailyCapacity?.orders
    const ys = opensAt.get(n.id) ?? []
    if (opens !== undefined && ys.length > opens) rows.push(`orders${r++}: ${ys.join(' + ')} <= ${opens}`)
  }
  const lp = [
    'Minimize',
    ` obj: ${obj.length === 0 ? '0 dummy' : obj.join(' + ')}`,
    'Subject To',
    ...(rows.length === 0 ? [' none: dummy >= 0'] : rows.map((x) => ` ${x}`)),
    'Bounds',
    ...bounds.map((b) => ` ${b}`),
    ...(ints.length > 0 ? ['General', ` ${ints.join(' ')}`] : []),
    ...(bins.length > 0 ? ['Binary', ` ${bins.join(' ')}`] : []),
    'End',
  ].join('\n')
  const highs = await loadHighs()
  const solved = highs.solve(lp, { mip_rel_gap: 0, mip_abs_gap: 0 } as never)
  if (solved.Status !== 'Optimal') return { error: `HiGHS: ${solved.Status}` }
  return { optimum: Math.round(solved.ObjectiveValue * 1e6) }
}

export { micros }
