/**
 * Shadow prices of scarce stock for a wave: one price per (node, SKU) position, in integer
 * micros, moved by projected subgradient steps on the positions a wave's orders, each routed
 * alone, would over-use. A price is what one more unit of the position would save the wave;
 * it is handed to the router as `stockPrices` and never enters a plan's reported cost.
 *
 * @internal
 */
import { formatMicros } from '../money.js'
import type { CompiledPrices } from '../routing/route.js'

/** One position of the wave: a node (index and id) and an SKU. */
export interface WavePosition {
  readonly node: number
  readonly nodeId: string
  readonly sku: string
}

/** The price of one position, as the wave reports it. */
export interface StockPrice {
  readonly node: string
  readonly sku: string
  /** Per unit, a decimal string. */
  readonly price: string
}

/** The key of a position: node index and SKU. */
export const positionKey = (node: number, sku: string): string => `${node}\u0000${sku}`

/** Prices in micros by position key, with their positions. */
export class PriceBook {
  private readonly micros = new Map<string, number>()
  private readonly positions = new Map<string, WavePosition>()

  get(key: string): number {
    return this.micros.get(key) ?? 0
  }

  /** Sets the price of `pos` (0 drops it); returns true when it changed. */
  set(key: string, pos: WavePosition, price: number): boolean {
    const before = this.get(key)
    if (before === price) return false
    if (price === 0) this.micros.delete(key)
    else {
      this.micros.set(key, price)
      this.positions.set(key, pos)
    }
    return true
  }

  /** The position of `key`, when it was ever priced. */
  position(key: string): WavePosition | undefined {
    return this.positions.get(key)
  }

  /** Keys of every position priced above 0, in key order. */
  keys(): string[] {
    return [...this.micros.keys()].sort()
  }

  /** The prices as the router reads them (node index, then SKU), or undefined when none. */
  compiled(): CompiledPrices | undefined {
    if (this.micros.size === 0) return undefined
    const out = new Map<number, Map<string, number>>()
    for (const [key, m] of this.micros) {
      const pos = this.positions.get(key) as WavePosition
      let bySku = out.get(pos.node)
      if (bySku === undefined) out.set(pos.node, (bySku = new Map()))
      bySku.set(pos.sku, m)
    }
    return out
  }

  /** A copy, for the prices of the best bound. */
  copy(): PriceBook {
    const book = new PriceBook()
    for (const [key, m] of this.micros) book.set(key, this.positions.get(key) as WavePosition, m)
    return book
  }

  /** Takes the prices of `other`; returns the SKUs whose price changed. */
  restore(other: PriceBook): Set<string> {
    const changed = new Set<string>()
    const keys = new Set([...this.micros.keys(), ...other.micros.keys()])
    for (const key of [...keys].sort()) {
      const pos = (other.positions.get(key) ?? this.positions.get(key)) as WavePosition
      if (this.set(key, pos, other.get(key))) changed.add(pos.sku)
    }
    return changed
  }

  /** Σ price × capacity over the priced positions: what the Lagrangian dual subtracts. */
  charge(capacity: (key: string) => number): number {
    let total = 0
    for (const [key, m] of this.micros) total += m * capacity(key)
    return total
  }

  /** The prices as reported: by node id, then SKU. */
  report(): StockPrice[] {
    const out: StockPrice[] = []
    for (const [key, m] of this.micros) {
      const pos = this.positions.get(key) as WavePosition
      out.push({ node: pos.nodeId, sku: pos.sku, price: formatMicros(m) })
    }
    return out.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
  }

  /** The SKUs priced above 0. */
  skus(): Set<string> {
    const out = new Set<string>()
    for (const key of this.micros.keys()) out.add((this.positions.get(key) as WavePosition).sku)
    return out
  }
}

/**
 * One projected subgradient step: every position with a price or an excess moves by
 * `step × excess`, rounded to whole micros, never below 0. Returns the SKUs whose price
 * changed.
 */
export const subgradientStep = (
  book: PriceBook,
  excess: ReadonlyMap<string, { readonly pos: WavePosition; readonly excess: number }>,
  step: number,
): Set<string> => {
  const changed = new Set<string>()
  for (const key of [...excess.keys()].sort()) {
    const { pos, excess: g } = excess.get(key) as { pos: WavePosition; excess: number }
    const before = book.get(key)
    if (before === 0 && g <= 0) continue
    const after = Math.max(0, Math.round(before + step * g))
    if (book.set(key, pos, after)) changed.add(pos.sku)
  }
  return changed
}
