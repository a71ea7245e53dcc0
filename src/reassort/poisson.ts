/**
 * Poisson tails and the value of stock on a shelf. With sales D ~ Poisson(μ) over the
 * horizon, a shelf holding k units sells E[min(D, k)] = Σ_{j=1..k} P(D ≥ j) of them: the j-th
 * unit sells with probability P(D ≥ j), which falls as j grows, so each further unit is worth
 * less than the one before (the value is concave in k).
 *
 * The probabilities are computed without factorials: the probability mass at one point comes
 * from logarithms (ln n! by Stirling's series beyond 30), the rest by the ratio
 * p(i + 1) = p(i) μ / (i + 1), summing whichever tail is the shorter. Beyond 12 standard
 * deviations (plus 30) from the mean a tail is taken as 0 (its mass is below 1e-30).
 */

const HALF_LN_TWO_PI = 0.9189385332046728

/** ln n! for a whole n ≥ 0: a sum below 30, Stirling's series (error below 1e-14) above. */
export const lnFactorial = (n: number): number => {
  if (n < 30) {
    let s = 0
    for (let i = 2; i <= n; i++) s += Math.log(i)
    return s
  }
  const inv = 1 / n
  const inv2 = inv * inv
  return n * Math.log(n) - n + 0.5 * Math.log(n) + HALF_LN_TWO_PI + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260))
}

/** P(D = n) for D ~ Poisson(mean), n ≥ 0 whole, mean > 0. */
const mass = (mean: number, n: number): number => Math.exp(-mean + n * Math.log(mean) - lnFactorial(n))

/** The range [lo, hi] outside which the Poisson law of `mean` has no mass worth counting. */
const support = (mean: number): { readonly lo: number; readonly hi: number } => {
  const spread = 12 * Math.sqrt(mean) + 30
  return { lo: Math.max(0, Math.floor(mean - spread)), hi: Math.ceil(mean + spread) }
}

/**
 * P(D ≥ t) for D ~ Poisson(mean) and a whole t: 1 for t ≤ 0; exactly 1 below the law's
 * support and exactly 0 above it. Costs at most one pass over the shorter tail (about 12
 * standard deviations).
 *
 * @example tailProbability(2, 1) // 1 − e^−2 ≈ 0.8646647167633873
 */
export const tailProbability = (mean: number, t: number): number => {
  if (t <= 0) return 1
  if (!(mean > 0)) return 0
  const { lo, hi } = support(mean)
  if (t <= lo) return 1
  if (t > hi) return 0
  if (t > mean) {
    // Upper tail: Σ_{i ≥ t} p(i), terms falling from p(t).
    let p = mass(mean, t)
    let s = 0
    for (let i = t; i <= hi && p > 0; i++) {
      s += p
      p = (p * mean) / (i + 1)
      if (p < s * 1e-17) break
    }
    return Math.min(1, s)
  }
  // Lower tail: 1 − Σ_{i < t} p(i), terms falling from p(t − 1) downwards.
  let p = mass(mean, t - 1)
  let s = 0
  for (let i = t - 1; i >= lo && p > 0; i--) {
    s += p
    p = (p * i) / mean
    if (p < s * 1e-17) break
  }
  return Math.max(0, Math.min(1, 1 - s))
}

/**
 * The expected margin of the j-th unit on a shelf, in micro-units: `marginMicros × P(D ≥ j)`
 * rounded to the nearest micro-unit (halves up). Non-increasing in j.
 *
 * @example unitValueMicros(20_000_000, 2, 1) // 17293294 (20 × 0.8646647…)
 */
export const unitValueMicros = (marginMicros: number, mean: number, j: number): number => Math.round(marginMicros * tailProbability(mean, j))

/**
 * The expected margin of a shelf of `k` units, in micro-units: Σ_{j=1..k} of
 * {@link unitValueMicros} (each unit rounded, then summed exactly). Every unit below the law's
 * support is worth the whole margin, so the cost does not grow with k beyond the support.
 *
 * @example shelfValueMicros(20_000_000, 2, 2) // 17293294 + 11879925
 */
export const shelfValueMicros = (marginMicros: number, mean: number, k: number): number => {
  if (k <= 0 || !(mean > 0) || marginMicros === 0) return 0
  const { lo, hi } = support(mean)
  const full = Math.min(k, lo)
  let s = full * marginMicros
  const last = Math.min(k, hi)
  for (let j = full + 1; j <= last; j++) s += unitValueMicros(marginMicros, mean, j)
  return s
}

/**
 * Expected units sold from a shelf's units `from + 1 … to`: Σ P(D ≥ j) (a plain number, for
 * explanations).
 *
 * @example expectedUnits(2, 0, 1) // ≈ 0.8647
 */
export const expectedUnits = (mean: number, from: number, to: number): number => {
  let s = 0
  for (let j = from + 1; j <= to; j++) s += tailProbability(mean, j)
  return s
}
