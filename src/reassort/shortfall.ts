/**
 * The arithmetic of count shortfalls: weighted distributions of phantom units per count,
 * their mixture with a parent distribution (shrinkage), their quantiles, and the normal
 * prediction quantile used when a group has too few counts for an empirical tail. See
 * docs/confidence-buffers.md for the method.
 *
 * @internal
 */

/**
 * A weighted distribution of phantom units per count: distinct `values` ascending, each with
 * its `weights` entry (summing to 1), and the weight and effective size of the counts behind it.
 */
export interface ShortfallDistribution {
  readonly values: readonly number[]
  readonly weights: readonly number[]
  /** Effective number of counts of the information in it (own counts, plus the parent's share). */
  readonly information: number
}

/** A distribution that holds nothing (no count, or only counts of weight 0). */
export const EMPTY_DISTRIBUTION: ShortfallDistribution = { values: [], weights: [], information: 0 }

/**
 * The distribution of `values` with their `weights` (same length, any order of equal values
 * already grouped by the caller's canonical sort): values sorted ascending, equal values
 * merged, weights normalised. Summation follows the sorted order, so the result does not
 * depend on the order the counts came in once the caller has sorted them canonically.
 *
 * @example distributionOf([0, 2, 0], [1, 1, 1], 3) // { values: [0, 2], weights: [2/3, 1/3], information: 3 }
 */
export const distributionOf = (values: readonly number[], weights: readonly number[], information: number): ShortfallDistribution => {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b)
  const outValues: number[] = []
  const outWeights: number[] = []
  let total = 0
  for (const i of order) {
    const v = values[i] as number
    const w = weights[i] as number
    total += w
    if (outValues.length > 0 && outValues[outValues.length - 1] === v) outWeights[outWeights.length - 1] = (outWeights[outWeights.length - 1] as number) + w
    else {
      outValues.push(v)
      outWeights.push(w)
    }
  }
  if (!(total > 0)) return EMPTY_DISTRIBUTION
  return { values: outValues, weights: outWeights.map((w) => w / total), information }
}

/**
 * The mixture `own × ownShare + parent × (1 − ownShare)`: the group's distribution shrunk
 * towards its parent's. An empty side gives the other whole.
 *
 * @example mixture(distributionOf([1], [1], 1), distributionOf([0], [1], 9), 0.25).weights // [0.75, 0.25]
 */
export const mixture = (own: ShortfallDistribution, parent: ShortfallDistribution, ownShare: number, information: number): ShortfallDistribution => {
  if (own.values.length === 0) return { ...parent, information }
  if (parent.values.length === 0 || ownShare >= 1) return { ...own, information }
  const values: number[] = []
  const weights: number[] = []
  let i = 0
  let j = 0
  while (i < own.values.length || j < parent.values.length) {
    const a = i < own.values.length ? (own.values[i] as number) : Infinity
    const b = j < parent.values.length ? (parent.values[j] as number) : Infinity
    const v = Math.min(a, b)
    let w = 0
    if (a === v) w += (own.weights[i++] as number) * ownShare
    if (b === v) w += (parent.weights[j++] as number) * (1 - ownShare)
    values.push(v)
    weights.push(w)
  }
  return { values, weights, information }
}

/** Tolerance on cumulative weight: sums of floats may miss a level they reach exactly. */
const LEVEL_TOLERANCE = 1e-12

/**
 * The smallest value whose cumulative weight reaches `level` (0 for an empty distribution).
 *
 * @example quantileOf(distributionOf([0, 1, 3], [8, 1, 1], 10), 0.9) // 1
 */
export const quantileOf = (d: ShortfallDistribution, level: number): number => {
  let cumulative = 0
  for (let i = 0; i < d.values.length; i++) {
    cumulative += d.weights[i] as number
    if (cumulative + LEVEL_TOLERANCE >= level) return d.values[i] as number
  }
  return d.values.length === 0 ? 0 : (d.values[d.values.length - 1] as number)
}

/** Mean and standard deviation of a distribution; the variance carries Bessel's correction for its information. */
export const momentsOf = (d: ShortfallDistribution): { readonly mean: number; readonly sd: number } => {
  let mean = 0
  for (let i = 0; i < d.values.length; i++) mean += (d.values[i] as number) * (d.weights[i] as number)
  let variance = 0
  for (let i = 0; i < d.values.length; i++) variance += (d.weights[i] as number) * ((d.values[i] as number) - mean) ** 2
  const n = d.information
  const corrected = n > 1 ? (variance * n) / (n - 1) : variance
  return { mean, sd: Math.sqrt(Math.max(0, corrected)) }
}

/** Weighted share of the distribution above zero: how often a count found phantom stock. */
export const phantomShareOf = (d: ShortfallDistribution): number => {
  let share = 0
  for (let i = 0; i < d.values.length; i++) if ((d.values[i] as number) > 0) share += d.weights[i] as number
  return share
}

// Coefficients of P. J. Acklam's rational approximation of the normal quantile (relative
// error below 1.2e-9 over (0, 1)).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239] as const
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const
const P_LOW = 0.02425

/**
 * The standard normal quantile z with Φ(z) = p, for p in (0, 1).
 *
 * @example normalQuantile(0.95) // 1.6448536…
 */
export const normalQuantile = (p: number): number => {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
  }
  if (p > 1 - P_LOW) return -normalQuantile(1 - p)
  const q = p - 0.5
  const r = q * q
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
}

/**
 * The normal prediction quantile at `level` of the next count's phantom units, from the
 * distribution's mean and standard deviation: `mean + z × sd × √(1 + 1/n)`, `n` its
 * information (the √ term widens the quantile for the uncertainty of the estimates; with no
 * information it is 0).
 *
 * @example fittedQuantile(distributionOf([0, 2], [1, 1], 2), 0.95) // 1 + 1.645 × 1.414 × 1.225 ≈ 3.85
 */
export const fittedQuantile = (d: ShortfallDistribution, level: number): number => {
  if (d.values.length === 0) return 0
  const { mean, sd } = momentsOf(d)
  const n = d.information
  const widen = n > 0 ? Math.sqrt(1 + 1 / n) : 1
  return mean + normalQuantile(level) * sd * widen
}

/** A group of counts (the network, a node, a node and SKU attribute) reduced to what the estimate needs. */
export interface ShortfallGroup {
  /** Counts in the group. */
  readonly counts: number
  /** Σ weights: the group's exposure in the credibility formula. */
  readonly weight: number
  /** Kish's effective number of counts, (Σw)² / Σw². */
  readonly effective: number
  /** Weighted mean of phantom units per count. */
  readonly mean: number
  /** Σ w (x − mean)²: the group's weighted sum of squares about its own mean. */
  readonly within: number
  /** The group's own distribution (its information is its effective count). */
  readonly own: ShortfallDistribution
}

/**
 * The group of `shortfalls` with their `weights`, both in the caller's canonical order.
 *
 * @example groupOf([0, 2], [1, 1]).mean // 1
 */
export const groupOf = (shortfalls: readonly number[], weights: readonly number[]): ShortfallGroup => {
  let weight = 0
  let squares = 0
  let total = 0
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number
    weight += w
    squares += w * w
    total += w * (shortfalls[i] as number)
  }
  const mean = weight > 0 ? total / weight : 0
  let within = 0
  for (let i = 0; i < weights.length; i++) within += (weights[i] as number) * ((shortfalls[i] as number) - mean) ** 2
  const effective = squares > 0 ? (weight * weight) / squares : 0
  return { counts: shortfalls.length, weight, effective, mean, within, own: distributionOf(shortfalls, weights, effective) }
}

/**
 * Bühlmann–Straub's credibility constant `k = EPV / VHM` of groups, each within a parent
 * group (`parents[g]`, whose counts include the group's): EPV, the expected variance of a
 * count within its group; VHM, the variance of the groups' means about their parents', net of
 * what EPV alone would give (`E[W (m − M)²] = EPV (1 − W / W_parent) + VHM W (1 − W / W_parent)`).
 * A group of weight `W` then keeps `W / (W + k)` of its own estimate. 0 when the counts vary
 * within no group (nothing to shrink); Infinity when the groups' means differ from their
 * parents' no more than chance says (every group is its parent).
 *
 * @example credibilityCounts([groupOf([0, 0], [1, 1]), groupOf([4, 4], [1, 1])], [net, net]) // 0
 */
export const credibilityCounts = (groups: readonly ShortfallGroup[], parents: readonly ShortfallGroup[]): number => {
  let within = 0
  let dof = 0
  for (const group of groups) {
    within += group.within
    dof += group.counts - 1
  }
  const epv = dof > 0 ? within / dof : 0
  if (!(epv > 0)) return 0
  let between = 0
  let chance = 0
  let spread = 0
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as ShortfallGroup
    const parent = parents[g] as ShortfallGroup
    if (!(parent.weight > 0)) continue
    const apart = 1 - group.weight / parent.weight
    between += group.weight * (group.mean - parent.mean) ** 2
    chance += apart
    spread += group.weight * apart
  }
  // Every group is its whole parent (one node in the network): there is nothing to shrink.
  if (!(spread > 0)) return 0
  const vhm = (between - chance * epv) / spread
  return vhm > 0 ? epv / vhm : Number.POSITIVE_INFINITY
}
