/**
 * The rows of a wave's master (./master.ts): what its plans take together, bounded once for
 * every way the plans may be held (see `WaveRow` in ./prices.ts) — a position's units on hand
 * (for every channel, and per channel when the wave has several), every unit with inbound lots
 * when it takes backorders, and a node's daily units and orders. Each row's capacity is read
 * once, from the stock and the capacity used before the wave.
 *
 * @internal
 */
import { capacityLookup, type CapacityUsed } from '../routing/route.js'
import { unitsToday } from '../routing/facilities.js'
import type { Plan } from '../routing/plan.js'
import type { Order } from '../model/order.js'
import { atpAt, skuIndexOf, type StockState } from '../stock/index.js'
import { capacityRowKey, positionKey, rowKey, type WavePosition, type WaveRow } from './prices.js'

export class WaveRows {
  private readonly capacities = new Map<string, number>()
  private readonly positions = new Map<string, WavePosition>()
  private readonly rows = new Map<string, WaveRow>()
  private readonly channels: readonly string[]
  private readonly backorders: boolean

  /** `orders`: the wave's, in its id order; `used`: the capacity used before the wave, by node id. */
  constructor(
    private readonly stock: StockState,
    private readonly orders: readonly Order[],
    private readonly used: ReadonlyMap<string, CapacityUsed>,
  ) {
    this.channels = [...new Set(orders.map((o) => o.channel))].sort()
    this.backorders = orders.some((o) => o.allowBackorder === true)
  }

  /** The ATP of `pos` for `channel` on `state`: on hand now, or with every lot arrived (`later`). */
  atp(state: StockState, pos: WavePosition, channel: string, later = false): number {
    const sku = skuIndexOf(state, pos.sku)
    return sku < 0 ? 0 : atpAt(state, sku, pos.node, channel, later ? Number.MAX_SAFE_INTEGER : undefined)
  }

  /**
   * Units the wave may take through a row: its channel's ATP, or the largest ATP of the wave's
   * channels for every channel; for a node's row of daily units or orders, what its capacity
   * has left.
   */
  capacity(key: string, row: WaveRow): number {
    const known = this.capacities.get(key)
    if (known !== undefined) return known
    const net = this.stock.network
    let cap = 0
    if (row.today === 'units') cap = unitsToday(net, capacityLookup(this.used), row.pos.node)
    else if (row.today === 'orders') cap = Math.max(0, (net.dailyOrders[row.pos.node] ?? 0) - capacityLookup(this.used)(row.pos.nodeId).orders)
    else for (const c of row.channel === undefined ? this.channels : [row.channel]) cap = Math.max(cap, this.atp(this.stock, row.pos, c, row.later === true))
    this.capacities.set(key, cap)
    return cap
  }

  /** The capacity of row `key` when it was read, else 0. */
  capacityRead(key: string): number {
    return this.capacities.get(key) ?? 0
  }

  /** The row of `key`, once a plan's usage named it. */
  row(key: string): WaveRow {
    return this.rows.get(key) as WaveRow
  }

  /** Units `plan` takes, by position key. */
  usage(plan: Plan): Map<string, number> {
    const out = new Map<string, number>()
    for (const a of plan.allocations) {
      const key = this.positionOf(a)
      if (key !== undefined) out.set(key, (out.get(key) ?? 0) + a.quantity)
    }
    return out
  }

  /**
   * Units order `j`'s `plan` takes through each row: a position's row for every channel, and
   * its channel's own when the wave has several; and, from a node with a daily capacity, the
   * node's rows of daily units (what it sends today) and orders (1 when it sends today).
   */
  rowUsage(j: number, plan: Plan): Map<string, number> {
    const net = this.stock.network
    const byChannel: (string | undefined)[] = this.channels.length > 1 ? [undefined, (this.orders[j] as Order).channel] : [undefined]
    const out = new Map<string, number>()
    for (const a of plan.allocations) {
      const position = this.positionOf(a)
      if (position === undefined) continue
      const node = (this.positions.get(position) as WavePosition).node
      if (a.availableAt === undefined && a.quantity > 0) {
        if (Number.isFinite(net.dailyUnits[node] ?? Number.POSITIVE_INFINITY)) {
          const key = capacityRowKey(node, 'units')
          if (!this.rows.has(key)) this.rows.set(key, { pos: { node, nodeId: a.node, sku: '' }, today: 'units' })
          out.set(key, (out.get(key) ?? 0) + a.quantity)
        }
        if (Number.isFinite(net.dailyOrders[node] ?? Number.POSITIVE_INFINITY)) {
          const key = capacityRowKey(node, 'orders')
          if (!this.rows.has(key)) this.rows.set(key, { pos: { node, nodeId: a.node, sku: '' }, today: 'orders' })
          out.set(key, 1)
        }
      }
      for (const later of a.availableAt === undefined ? (this.backorders ? [false, true] : [false]) : [true]) {
        for (const c of byChannel) {
          const key = rowKey(position, c, later)
          if (!this.rows.has(key)) this.rows.set(key, { pos: this.positions.get(position) as WavePosition, ...(c === undefined ? {} : { channel: c }), ...(later ? { later } : {}) })
          out.set(key, (out.get(key) ?? 0) + a.quantity)
        }
      }
    }
    return out
  }

  /** The key of an allocation's position (kept with its position on first sight), or undefined for a node the network lacks. */
  private positionOf(a: Plan['allocations'][number]): string | undefined {
    const node = this.stock.network.nodes.byId.get(a.node)
    if (node === undefined) return undefined
    const key = positionKey(node, a.sku)
    if (!this.positions.has(key)) this.positions.set(key, { node, nodeId: a.node, sku: a.sku })
    return key
  }
}
