/**
 * Seeded cycle-count histories with a known error process: between two counts, node `i` loses
 * Poisson(λᵢ) units the system does not know about (theft, damage, mis-picks) and, with
 * probability `foundRate`, one unit turns up that the system did not expect. A count's phantom
 * units are then `max(0, lost − found)`, drawn from a distribution the test knows exactly.
 */
import { mulberry32 } from '../../examples/network/random.js'

/** A seeded generator of uniform numbers in [0, 1): the examples' mulberry32. */
export const seeded = mulberry32

/** A Poisson(λ) draw by inversion (λ up to a few tens). */
export const poisson = (random: () => number, lambda: number): number => {
  let k = 0
  let p = Math.exp(-lambda)
  let cumulative = p
  const u = random()
  while (u > cumulative && k < 1000) {
    k++
    p *= lambda / k
    cumulative += p
  }
  return k
}

export interface SimulatedNode {
  readonly id: string
  /** Mean units lost between two counts. */
  readonly lambda: number
  /** Counts in the history. */
  readonly counts: number
}

export interface SimulatedCount {
  readonly node: string
  readonly sku: string
  readonly expected: number
  readonly counted: number
  readonly countedAt: string
}

const DAY = 86_400_000
const START = Date.UTC(2026, 0, 1, 8)

/** One count's (expected, counted) with `lambda`'s loss and the found-unit chance. */
export const drawCount = (random: () => number, lambda: number, foundRate: number): { readonly expected: number; readonly counted: number } => {
  const expected = 60 + Math.floor(random() * 40)
  const lost = poisson(random, lambda)
  const found = random() < foundRate ? 1 : 0
  return { expected, counted: Math.max(0, expected - lost + found) }
}

/**
 * A history: each node's counts spread over SKUs `SKU-0..skus-1` (one count per SKU and day),
 * dated one day apart from 2026-01-01, in a shuffled order.
 */
export const simulateHistory = (nodes: readonly SimulatedNode[], seed: number, options: { readonly skus?: number; readonly foundRate?: number } = {}): SimulatedCount[] => {
  const random = seeded(seed)
  const skus = options.skus ?? 8
  const out: SimulatedCount[] = []
  for (const node of nodes) {
    for (let i = 0; i < node.counts; i++) {
      const { expected, counted } = drawCount(random, node.lambda, options.foundRate ?? 0.1)
      out.push({ node: node.id, sku: `SKU-${i % skus}`, expected, counted, countedAt: new Date(START + i * DAY).toISOString() })
    }
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j] as SimulatedCount, out[i] as SimulatedCount]
  }
  return out
}

/** Share of `n` fresh counts at `lambda` whose phantom units a buffer of `buffer` covers. */
export const holdoutLevel = (random: () => number, lambda: number, buffer: number, n: number, foundRate = 0.1): number => {
  let covered = 0
  for (let i = 0; i < n; i++) {
    const { expected, counted } = drawCount(random, lambda, foundRate)
    if (Math.max(0, expected - counted) <= buffer) covered++
  }
  return covered / n
}

/** The exact share of counts at `lambda` a buffer of `buffer` covers: P(max(0, Poisson(λ) − found) ≤ b). */
export const trueLevel = (lambda: number, buffer: number, foundRate = 0.1): number => {
  const cdf = (b: number): number => {
    let p = Math.exp(-lambda)
    let sum = p
    for (let k = 1; k <= b; k++) {
      p *= lambda / k
      sum += p
    }
    return b < 0 ? 0 : sum
  }
  return (1 - foundRate) * cdf(buffer) + foundRate * cdf(buffer + 1)
}
