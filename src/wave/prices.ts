/**
 * Shadow prices of scarce stock for a wave: one price per shared-stock row (a position, for
 * every channel or for one), in whole micros — the duals of the wave's master LP. A price is
 * what one more unit of the row would save the wave; it is handed to the router as
 * `stockPrices` and never enters a plan's reported cost.
 *
 * @internal
 */
import { formatMicros } from '../money.js'
import { compiledPrices, NODE_CHARGE, type CompiledPrices } from '../routing/route.js'

/** One position of the wave: a node (index and id) and an SKU. */
export interface WavePosition {
  readonly node: number
  readonly nodeId: string
  readonly sku: string
}

/**
 * One shared-stock row of a wave: a position, for the orders of one channel or (no channel)
 * for every order, and its units on hand now or (`later`) every unit, inbound lots included.
 * The units a wave takes from a position on hand now are bounded once for all channels (by
 * the largest ATP now among the wave's channels) and, when the wave has several channels, once
 * per channel (by that channel's ATP now); with backorders, every unit taken is bounded the
 * same way by the ATP once every lot has arrived. Each holds whatever order the plans are held in.
 */
export interface WaveRow {
  readonly pos: WavePosition
  readonly channel?: string
  readonly later?: boolean
  /**
   * Present on a node's row of daily capacity (its `pos.sku` is empty): `units`, the units
   * every order takes from the node's stock today, or `orders`, the orders whose plan sends
   * from the node today — bounded by what its daily capacity has left.
   */
  readonly today?: 'units' | 'orders'
}

/**
 * True when `row` binds the orders of `channel` (with or without backorders): orders with
 * backorders pay only the rows of every unit, and no node's row of daily capacity (their
 * term stays below the true one, so the bound holds).
 */
export const rowApplies = (row: WaveRow, channel: string, backorder: boolean): boolean =>
  (row.channel === undefined || row.channel === channel) && (!backorder || row.later === true)

/** The key of node `node`'s row of daily units (`units`) or orders (`orders`). */
export const capacityRowKey = (node: number, per: 'units' | 'orders'): string => `${node}\u0002${per}`

/** The price of a node's daily capacity, as the wave reports it. */
export interface CapacityPrice {
  readonly node: string
  /** `units`: the price of a unit the node sends today; `orders`: of an order it sends to today. */
  readonly capacity: 'units' | 'orders'
  /** A decimal string. */
  readonly price: string
}

/** The price of one row, as the wave reports it. */
export interface StockPrice {
  readonly node: string
  readonly sku: string
  /** Present when the price is for the orders of this channel only. */
  readonly channel?: string
  /** Present when the price is for every unit of the position, inbound lots included (orders with backorders), not only those on hand. */
  readonly inbound?: true
  /** Per unit, a decimal string. */
  readonly price: string
}

/** The key of a position: node index and SKU. */
export const positionKey = (node: number, sku: string): string => `${node}\u0000${sku}`

/** The key of a row: its position's key and its channel (or every channel). */
export const rowKey = (position: string, channel?: string, later = false): string => `${position}\u0001${later ? 'L' : 'N'}${channel ?? ''}`

/** Prices in micros by row key, with their rows. */
/** A priced row of a {@link PriceBook}: its key and the row. */
export interface PricedRow {
  readonly key: string
  readonly row: WaveRow
}

export class PriceBook {
  private readonly micros = new Map<string, number>()
  private readonly rows = new Map<string, WaveRow>()
  /** The compiled prices by channel, until a price changes. */
  private readonly memo = new Map<string, CompiledPrices | undefined>()
  /** The priced rows by SKU, until a price changes. */
  private bySku: Map<string, PricedRow[]> | undefined
  private changes = 0

  /** `skus`: the wave's SKUs, each charged a node's price of daily units. */
  constructor(private readonly skus: readonly string[] = []) {}

  get(key: string): number {
    return this.micros.get(key) ?? 0
  }

  /** Sets the price of `row` (0 drops it); returns true when it changed. */
  set(key: string, row: WaveRow, price: number): boolean {
    const before = this.get(key)
    if (before === price) return false
    this.memo.clear()
    this.bySku = undefined
    this.changes++
    if (price === 0) this.micros.delete(key)
    else {
      this.micros.set(key, price)
      this.rows.set(key, row)
    }
    return true
  }

  /** The row of `key`, when it was ever priced. */
  row(key: string): WaveRow | undefined {
    return this.rows.get(key)
  }

  /** Keys of every row priced above 0, in key order. */
  keys(): string[] {
    return [...this.micros.keys()].sort()
  }

  /** A count that moves whenever a price changes (for memos of what the prices give). */
  get version(): number {
    return this.changes
  }

  /** The rows priced above 0 by SKU (a node's rows of daily capacity under the empty SKU), each SKU's in key order. */
  rowsBySku(): ReadonlyMap<string, readonly PricedRow[]> {
    if (this.bySku !== undefined) return this.bySku
    const out = new Map<string, PricedRow[]>()
    for (const key of this.keys()) {
      const row = this.rows.get(key) as WaveRow
      let rows = out.get(row.pos.sku)
      if (rows === undefined) out.set(row.pos.sku, (rows = []))
      rows.push({ key, row })
    }
    this.bySku = out
    return out
  }

  /** What a unit of SKU `sku` at node `node` costs an order of `channel`: the rows that bind it (see {@link rowApplies}). */
  unitPrice(node: number, sku: string, channel: string, backorder: boolean): number {
    const position = positionKey(node, sku)
    let total = backorder ? 0 : this.get(capacityRowKey(node, 'units'))
    for (const later of backorder ? [true] : [false, true]) total += this.get(rowKey(position, undefined, later)) + this.get(rowKey(position, channel, later))
    return total
  }

  /** What sending from node `node` today costs an order (with backorders: nothing). */
  nodeCharge(node: number, backorder: boolean): number {
    return backorder ? 0 : this.get(capacityRowKey(node, 'orders'))
  }

  /** The prices an order of `channel` is routed with (node index, then SKU, and the node's charge), or undefined when none. */
  compiled(channel: string, backorder: boolean): CompiledPrices | undefined {
    if (this.micros.size === 0) return undefined
    const memo = `${backorder ? 'B' : 'N'}${channel}`
    if (this.memo.has(memo)) return this.memo.get(memo)
    const out = new Map<number, Map<string, number>>()
    for (const [key, m] of this.micros) {
      const row = this.rows.get(key) as WaveRow
      if (!rowApplies(row, channel, backorder)) continue
      let bySku = out.get(row.pos.node)
      if (bySku === undefined) out.set(row.pos.node, (bySku = new Map()))
      for (const sku of row.today === 'units' ? this.skus : row.today === 'orders' ? [NODE_CHARGE] : [row.pos.sku]) bySku.set(sku, (bySku.get(sku) ?? 0) + m)
    }
    const compiled = compiledPrices(out)
    this.memo.set(memo, compiled)
    return compiled
  }

  /** A copy, for the prices of the best bound. */
  copy(): PriceBook {
    const book = new PriceBook(this.skus)
    for (const [key, m] of this.micros) book.set(key, this.rows.get(key) as WaveRow, m)
    return book
  }

  /** Takes the prices of `other`. */
  restore(other: PriceBook): void {
    const keys = new Set([...this.micros.keys(), ...other.micros.keys()])
    for (const key of [...keys].sort()) this.set(key, (other.rows.get(key) ?? this.rows.get(key)) as WaveRow, other.get(key))
  }

  /** Σ price × capacity over the priced rows: what the Lagrangian dual subtracts. */
  charge(capacity: (key: string) => number): number {
    let total = 0
    for (const [key, m] of this.micros) total += m * capacity(key)
    return total
  }

  /** The prices as reported: by node id, SKU, then channel (every channel first). */
  report(): StockPrice[] {
    const out: StockPrice[] = []
    for (const [key, m] of this.micros) {
      const row = this.rows.get(key) as WaveRow
      if (row.today !== undefined) continue
      out.push({ node: row.pos.nodeId, sku: row.pos.sku, ...(row.channel === undefined ? {} : { channel: row.channel }), ...(row.later === true ? { inbound: true as const } : {}), price: formatMicros(m) })
    }
    const order = (a: string | undefined, b: string | undefined): number => (a === b ? 0 : a === undefined ? -1 : b === undefined ? 1 : a < b ? -1 : 1)
    return out.sort((a, b) => order(a.node, b.node) || order(a.sku, b.sku) || order(a.channel, b.channel) || Number(a.inbound === true) - Number(b.inbound === true))
  }

  /** The prices of nodes' daily capacity, by node id (orders before units). */
  capacityReport(): CapacityPrice[] {
    const out: CapacityPrice[] = []
    for (const [key, m] of this.micros) {
      const row = this.rows.get(key) as WaveRow
      if (row.today !== undefined) out.push({ node: row.pos.nodeId, capacity: row.today, price: formatMicros(m) })
    }
    return out.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : a.capacity < b.capacity ? -1 : a.capacity > b.capacity ? 1 : 0))
  }
}
