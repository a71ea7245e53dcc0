/**
 * A lower bound for a cart option that is usually its optimum. Let every facility send every
 * unit of any SKU it has at all (no supply or capacity limit). Each SKU then goes to the
 * cheapest facility of the plan that has it, so a relaxed plan is a split of the SKUs into
 * groups, each sent by one facility, and the relaxed optimum over splits is a lower bound on
 * every plan. Over SKU sets M (bit masks), with s the first SKU of M:
 *
 *   R(∅) = 0,  R(M) = min over a facility j having s and a group T ⊆ M of SKUs j has, s ∈ T,
 *                     of fixed(j) + units(T) × rate(j) + R(M ∖ T).
 *
 * The split reaching R(all) is reported with whether another split reaches it too (then
 * another plan might cost as much, and the optimiser's tie rule must decide).
 *
 * @internal
 */
import { Scratch } from './tables.js'

/** The optimum split: `facility[g]` sends the SKUs `group[g]`; `tied` when it is not the only one. */
export interface RelaxedSplit {
  readonly cost: number
  readonly facility: readonly number[]
  readonly group: readonly number[]
  readonly tied: boolean
}


/**
 * The relaxed optimum over `m` facilities and `items` SKUs: facility j costs `fixed[j]` once
 * and `rate[j]` per unit, and has the SKUs in `touch[j]`; `units[T]` is what the request asks
 * of SKU set T. Undefined when some SKU has no facility. Costs should be whole numbers
 * (micros) so that ties are exact.
 */
export const relaxedSplit = (
  items: number,
  units: readonly number[],
  m: number,
  fixed: ArrayLike<number>,
  rate: ArrayLike<number>,
  touch: ArrayLike<number>,
  scratch: Scratch = new Scratch(),
): RelaxedSplit | undefined => {
  const size = 1 << items
  // Scratch kept between calls (the network's): the function calls out to nothing.
  const costs = scratch.float64('relaxation.costs', size)
  const choices = scratch.int32('relaxation.choices', size)
  const groups = scratch.int32('relaxation.groups', size)
  const ties = scratch.uint8('relaxation.ties', size)
  const bySku = scratch.int32('relaxation.bySku', m * items + items + 1)
  // The facilities having SKU s: bySku[bySku[at + s] .. bySku[at + s + 1]).
  const at = m * items
  let n = 0
  for (let s = 0; s < items; s++) {
    bySku[at + s] = n
    for (let j = 0; j < m; j++) if ((((touch[j] as number) >>> s) & 1) !== 0) bySku[n++] = j
  }
  bySku[at + items] = n
  const INF = Number.POSITIVE_INFINITY
  costs[0] = 0
  ties[0] = 0
  for (let M = 1; M < size; M++) {
    const low = M & -M
    const s = 31 - Math.clz32(low)
    let best = INF
    let bestJ = -1
    let bestT = 0
    let tie = false
    for (let i = bySku[at + s] as number, end = bySku[at + s + 1] as number; i < end; i++) {
      const j = bySku[i] as number
      const f = fixed[j] as number
      const r = rate[j] as number
      const rest = ((touch[j] as number) & M) ^ low
      for (let sub = rest; ; sub = (sub - 1) & rest) {
        const T = sub | low
        const left = costs[M ^ T] as number
        if (left !== INF) {
          const v = f + (units[T] as number) * r + left
          if (v < best) {
            best = v
            bestJ = j
            bestT = T
            tie = false
          } else if (v === best) tie = true
        }
        if (sub === 0) break
      }
    }
    costs[M] = best
    choices[M] = bestJ
    groups[M] = bestT
    ties[M] = tie || (bestJ >= 0 && ties[M ^ bestT] === 1) ? 1 : 0
  }
  const all = size - 1
  if (costs[all] === INF) return undefined
  const facility: number[] = []
  const group: number[] = []
  for (let M = all; M !== 0; M ^= groups[M] as number) {
    facility.push(choices[M] as number)
    group.push(groups[M] as number)
  }
  return { cost: costs[all] as number, facility, group, tied: ties[all] === 1 }
}
