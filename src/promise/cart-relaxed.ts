/**
 * The relaxation hook of the cart search: an option's optimum read off the relaxation (see
 * `relaxedSplit`) when it is a plan no other split reaches.
 *
 * @internal
 */
import type { PromiseContext } from './context.js'
import { relaxedSplit } from './relaxation.js'
import type { CartNodes } from './cart-nodes.js'
import { byNode, type Candidate } from './cart-offers.js'

/** Carts of up to this many SKUs are tried on the relaxation first (2^items table entries). */
const RELAXED_MAX_ITEMS = 10
/** Fewer candidates than this are searched directly: the search is as quick. */
const RELAXED_MIN_CANDIDATES = 6


/**
 * The optimiser's choice among `kept` read off the relaxation (see `relaxedSplit`), when it
 * can be: the relaxed optimum is reached by one split only, uses each node once, and every
 * group is sent in full within capacity. Then it is a plan at the lower bound, and no other
 * plan costs as little (its relaxed cost would tie), so it is the optimum the tie rule picks.
 * Undefined otherwise, for the search.
 */
export const relaxedBest = (ctx: PromiseContext, data: CartNodes, kept: readonly Candidate[], nothing: number): readonly Candidate[] | undefined => {
  const items = ctx.items.length
  const m = kept.length
  const units = data.unitsBySkus
  if (items > RELAXED_MAX_ITEMS || m < RELAXED_MIN_CANDIDATES || units === undefined) return undefined
  const scratch = ctx.tables.scratch
  const relaxedFixed = scratch.float64('cart.relaxedFixed', m)
  const relaxedRate = scratch.float64('cart.relaxedRate', m)
  const relaxedTouch = scratch.int32('cart.relaxedTouch', m)
  for (let j = 0; j < m; j++) {
    const c = kept[j] as Candidate
    relaxedFixed[j] = c.fixed
    relaxedRate[j] = c.unit
    relaxedTouch[j] = data.touch(c.slot)
  }
  const split = relaxedSplit(items, units, m, relaxedFixed, relaxedRate, relaxedTouch, scratch)
  if (split === undefined || split.tied || !(split.cost < nothing)) return undefined
  const set: Candidate[] = []
  for (let g = 0; g < split.facility.length; g++) {
    const c = kept[split.facility[g] as number] as Candidate
    const T = split.group[g] as number
    if ((data.full(c.slot) & T) !== T || (units[T] as number) > c.capacity || set.includes(c)) return undefined
    set.push(c)
  }
  return byNode(set)
}

