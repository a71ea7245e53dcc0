/** Seeded randomness for the sample generators (the library itself has none). */

/** A seeded source of uniform numbers in [0, 1) and the draws the generators need. */
export interface Random {
  readonly next: () => number
  /** A whole number in [lo, hi]. */
  readonly int: (lo: number, hi: number) => number
  readonly chance: (p: number) => boolean
  /** A standard normal draw (Box–Muller). */
  readonly normal: () => number
  /** An index drawn with probability proportional to `cumulative[i] - cumulative[i-1]`. */
  readonly weighted: (cumulative: Float64Array) => number
  readonly pick: <A>(xs: readonly A[]) => A
}

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)), good enough for synthetic data. */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The seeded draws the generators need, on mulberry32. */
export const random = (seed: number): Random => {
  const next = mulberry32(seed)
  const weighted = (cumulative: Float64Array): number => {
    const total = cumulative[cumulative.length - 1] ?? 0
    const x = next() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cumulative[mid] ?? 0) > x) hi = mid
      else lo = mid + 1
    }
    return lo
  }
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    normal: () => Math.sqrt(-2 * Math.log(Math.max(1e-12, next()))) * Math.cos(2 * Math.PI * next()),
    weighted,
    pick: <A>(xs: readonly A[]): A => xs[Math.floor(next() * xs.length)] as A,
  }
}

/** Cumulative weights, for `Random.weighted`. */
export const cumulative = (weights: readonly number[]): Float64Array => {
  const out = new Float64Array(weights.length)
  let sum = 0
  weights.forEach((w, i) => {
    sum += w
    out[i] = sum
  })
  return out
}

/** Zipf weights 1 / (rank + 1)^s for `n` ranks. */
export const zipfWeights = (n: number, s: number): number[] => Array.from({ length: n }, (_, r) => 1 / Math.pow(r + 1, s))
