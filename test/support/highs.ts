/**
 * HiGHS as an independent oracle for facility problems: the MIP of DESIGN.md written in CPLEX
 * LP format and solved to a zero gap by the `highs` WebAssembly build. Money goes in as
 * currency units (micros / 1e6) to keep the numbers moderate; the cost comes back in micros.
 * The wasm module loads once per process.
 */
import type { FacilityProblem } from '../../src/routing/optimiser.js'

type Highs = Awaited<ReturnType<typeof import('highs')['default']>>

let loading: Promise<Highs> | undefined

/** The HiGHS module, loaded on first use and shared by every later call. */
export const loadHighs = (): Promise<Highs> => {
  loading ??= import('highs').then((m) => m.default())
  return loading
}

const money = (micros: number): string => {
  const text = (micros / 1e6).toString()
  return text.includes('e') ? (micros / 1e6).toFixed(12) : text
}

const UNLIMITED = 2_147_483_647

/**
 * The facility problem's MIP (or, with `relax`, its LP relaxation) in CPLEX LP format:
 * min Σ F_k y_k + Σ c_ks x_ks + Σ P_t u_t subject to coverage per item, x_ks ≤ min(a_ks, Q_s) y_k,
 * Σ_s x_ks ≤ cap_k y_k, Σ y_k ≤ S, all-or-nothing (u_t = q_t z), forceOpen (y_f = 1,
 * Σ_s x_fs ≥ 1) and shared stock (Σ_{j ≤ k in k's group} x_js ≤ a_ks).
 */
export const facilityLp = (p: FacilityProblem, relax = false): string => {
  const items = p.itemCount
  const forced: readonly number[] = p.forceOpen === undefined ? [] : typeof p.forceOpen === 'number' ? [p.forceOpen] : p.forceOpen
  const demand: number[] = []
  for (let s = 0; s < items; s++) {
    let q = 0
    for (let t = p.tierStart[s] ?? 0; t < (p.tierStart[s + 1] ?? 0); t++) q += p.tierQuantity[t] ?? 0
    demand.push(q)
  }
  const objective: string[] = []
  const rows: string[] = []
  const bounds: string[] = []
  const generals: string[] = []
  const binaries: string[] = []
  const perItem: string[][] = demand.map(() => [])
  const ys: string[] = []
  const xsOf: Set<number>[] = []
  for (let k = 0; k < p.facilityCount; k++) {
    const y = `y${k}`
    const xs: string[] = []
    const has = new Set<number>()
    xsOf.push(has)
    let reach = 0
    for (let s = 0; s < items; s++) {
      const a = Math.min(p.supply[k * items + s] ?? 0, demand[s] ?? 0, p.capacity[k] ?? 0)
      if (a <= 0) continue
      const x = `x${k}_${s}`
      xs.push(x)
      has.add(s)
      reach += a
      perItem[s]?.push(x)
      const prot = Math.min(p.supply[k * items + s] ?? 0, Math.max(0, p.protectedUnits?.[k * items + s] ?? 0))
      if (prot > 0) {
        // x = its units before the protected ones + the protected ones, dearer.
        const before = Math.max(0, (p.supply[k * items + s] ?? 0) - prot)
        objective.push(`${money(p.unitCost[k * items + s] ?? 0)} xn${k}_${s}`, `${money((p.unitCost[k * items + s] ?? 0) + (p.protectedCost?.[k] ?? 0))} xp${k}_${s}`)
        rows.push(`split${k}_${s}: ${x} - xn${k}_${s} - xp${k}_${s} = 0`)
        bounds.push(`0 <= xn${k}_${s} <= ${before}`, `0 <= xp${k}_${s} <= ${prot}`)
      } else objective.push(`${money(p.unitCost[k * items + s] ?? 0)} ${x}`)
      rows.push(`sup${k}_${s}: ${x} - ${a} ${y} <= 0`)
      bounds.push(`0 <= ${x} <= ${a}`)
      generals.push(x)
    }
    if (xs.length === 0 && !forced.includes(k)) continue
    ys.push(y)
    objective.push(`${money(p.fixedCost[k] ?? 0)} ${y}`)
    const cap = p.capacity[k] ?? 0
    if (xs.length > 0 && cap < reach && cap < UNLIMITED) rows.push(`cap${k}: ${xs.join(' + ')} - ${cap} ${y} <= 0`)
    bounds.push(`0 <= ${y} <= 1`)
    binaries.push(y)
    if (forced.includes(k)) {
      rows.push(`force${k}: ${y} = 1`)
      rows.push(`forceuse${k}: ${xs.length > 0 ? xs.join(' + ') : `0 ${y}`} >= 1`)
    }
  }
  if (forced.some((f) => f < 0 || f >= p.facilityCount || !Number.isInteger(f))) rows.push('forcebad: zero = 1')
  // Shared stock: what a group member and the group's earlier members send together is at
  // most the member's supply (its cumulative supply), per item.
  const group = p.stockGroup
  if (group !== undefined) {
    for (let k = 0; k < p.facilityCount; k++) {
      const g = group[k] ?? -1
      if (g < 0) continue
      for (let s = 0; s < items; s++) {
        const terms: string[] = []
        for (let j = 0; j <= k; j++) if (group[j] === g && xsOf[j]?.has(s) === true) terms.push(`x${j}_${s}`)
        if (terms.length > 1) rows.push(`grp${k}_${s}: ${terms.join(' + ')} <= ${Math.max(0, p.supply[k * items + s] ?? 0)}`)
      }
    }
  }
  for (let s = 0; s < items; s++) {
    const terms = [...(perItem[s] ?? [])]
    for (let t = p.tierStart[s] ?? 0; t < (p.tierStart[s + 1] ?? 0); t++) {
      const u = `u${t}`
      terms.push(u)
      objective.push(`${money(p.tierPenalty[t] ?? 0)} ${u}`)
      bounds.push(`0 <= ${u} <= ${p.tierQuantity[t] ?? 0}`)
      generals.push(u)
      if (p.allOrNothing) rows.push(`aon${t}: ${u} - ${p.tierQuantity[t] ?? 0} z = 0`)
    }
    if (terms.length > 0) rows.push(`dem${s}: ${terms.join(' + ')} = ${demand[s] ?? 0}`)
  }
  if (ys.length > 0) rows.push(`slots: ${ys.join(' + ')} <= ${p.maxOpen}`)
  if (p.allOrNothing) {
    bounds.push('0 <= z <= 1')
    binaries.push('z')
  }
  bounds.push('zero = 0')
  rows.push('anchor: zero >= 0')
  return [
    'Minimize',
    ` obj: ${objective.length > 0 ? objective.join(' + ') : '0 zero'}`,
    'Subject To',
    ...rows.map((r) => ` ${r}`),
    'Bounds',
    ...bounds.map((b) => ` ${b}`),
    ...(relax || generals.length === 0 ? [] : ['General', ` ${generals.join(' ')}`]),
    ...(relax || binaries.length === 0 ? [] : ['Binary', ` ${binaries.join(' ')}`]),
    'End',
  ].join('\n')
}

/**
 * Solves `p` with HiGHS to a zero gap. `cost` is in micros (NaN unless `status` is 'Optimal').
 * With `relax`, solves the LP relaxation instead.
 */
export const solveWithHighs = async (
  p: FacilityProblem,
  options: { readonly relax?: boolean } = {},
): Promise<{ cost: number; status: string }> => {
  const highs = await loadHighs()
  const result = highs.solve(facilityLp(p, options.relax ?? false), {
    output_flag: false,
    mip_rel_gap: 0,
    mip_abs_gap: 0,
  })
  const status = String(result.Status)
  return { cost: status === 'Optimal' ? result.ObjectiveValue * 1e6 : Number.NaN, status }
}
