/**
 * Carrying a stock state onto a changed network: nodes opened, closed or re-costed, calendars
 * and capabilities edited, SKUs added. Every unit, lot and reservation is carried over; a
 * change that would strand stock (a node closed while it still holds units, lots or live
 * reservations) is refused and names each stranded position, so nothing is ever lost.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { StockPolicies, StockRow, InboundLot } from '../model/stock.js'
import type { CompiledNetwork } from '../network/compile.js'
import { buildStock } from './build.js'
import type { StockError } from './errors.js'
import { hamtForEachInRange } from '../internal/hamt.js'
import { internSku, readPosition, skuIdOf, writePosition } from './positions.js'
import { makeState } from './state.js'
import type { Hold, StockState } from './types.js'

/** A network change refused because a closed node still holds stock. */
export interface StrandedStock {
  readonly _tag: 'stranded-stock'
  readonly message: string
  /** Every position at a node the new network no longer has, by node then SKU. */
  readonly positions: readonly {
    readonly node: string
    readonly sku: string
    readonly onHand: number
    /** Units of live reservations (immediate and backordered) held there. */
    readonly held: number
    readonly lots: readonly string[]
  }[]
  readonly path: '$.nodes'
}

/**
 * A `stranded-stock` error for these positions (by node, then SKU), its message naming their
 * nodes: what `changeNetwork` returns, and what a service that checks its own tables says.
 *
 * @example strandedStock([{ node: 'S1', sku: 'A', onHand: 2, held: 0, lots: [] }]).message // '$.nodes: S1 still holds stock, …'
 */
export const strandedStock = (positions: StrandedStock['positions']): StrandedStock => {
  const nodes = [...new Set(positions.map((p) => p.node))]
  return {
    _tag: 'stranded-stock',
    message: `$.nodes: ${nodes.join(', ')} still ${nodes.length === 1 ? 'holds' : 'hold'} stock, inbound lots or live reservations; move or release them before closing ${nodes.length === 1 ? 'it' : 'them'}`,
    positions,
    path: '$.nodes',
  }
}

/** Options of {@link changeNetwork}. */
export interface NetworkChangeOptions {
  /** Stock policies under the new network; by default the state's own, resolved again. */
  readonly policies?: StockPolicies
}

interface Carried {
  readonly node: string
  readonly sku: string
  readonly onHand: number
  readonly holds: readonly Hold[]
  readonly lots: readonly InboundLot[]
}

const held = (holds: readonly Hold[]): number => holds.reduce((sum, h) => sum + h.quantity, 0)

/**
 * The same stock on another network: every position's on hand, inbound lots and holds, every
 * reservation (live and finished), idempotency record, expiry and the reservation sequence
 * carried over; safety stock, buffers and ring-fences resolved again against the new nodes
 * (so a node whose kind changes gets its kind's policies). Positions at nodes that hold
 * nothing are dropped with their nodes. Refused with `stranded-stock`, naming every position,
 * when a node that holds units, lots or live reservations is missing from the new network;
 * with the errors of `buildStock` when the new network or policies do not fit the stock.
 *
 * @example
 * const moved = changeNetwork(state, compiledWithNewStore)
 * // Right(state'): availableToPromise(state', q) equals availableToPromise(state, q) at every old node
 */
export const changeNetwork = (
  state: StockState,
  network: CompiledNetwork,
  options: NetworkChangeOptions = {},
): E.Either<StockError | StrandedStock, StockState> => {
  const carried: Carried[] = []
  const count = state.nodes.count
  const base = state.base
  for (let s = 0; s < state.skus.count; s++) {
    const sku = skuIdOf(state, s)
    // Every position, holding something or not: the snapshot's and those created since.
    const at = new Set<number>()
    if (s < base.skuCount) for (let slot = base.offsets[s] as number; slot < (base.offsets[s + 1] as number); slot++) at.add(base.node[slot] as number)
    hamtForEachInRange(state.overlay, s * count, s * count + count - 1, (_, key) => at.add(key - s * count))
    for (const n of [...at].sort((a, b) => a - b)) {
      const p = readPosition(state, s, n)
      if (p === undefined) continue
      const node = state.nodes.ids[n] as string
      carried.push({ node, sku, onHand: p.onHand, holds: p.holds, lots: p.lots.map((l) => ({ id: l.id, node, sku, quantity: l.quantity, eta: l.eta }) as unknown as InboundLot) })
    }
  }
  const holdsSomething = (c: Carried): boolean => c.onHand > 0 || c.holds.length > 0 || c.lots.length > 0
  const stranded = carried
    .filter((c) => !network.nodes.byId.has(c.node) && holdsSomething(c))
    .sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
  if (stranded.length > 0) {
    return E.left(strandedStock(stranded.map((c) => ({ node: c.node, sku: c.sku, onHand: c.onHand, held: held(c.holds), lots: c.lots.map((l) => l.id) }))))
  }
  const kept = carried.filter((c) => network.nodes.byId.has(c.node))
  const rows: StockRow[] = kept.map((c) => ({ node: c.node, sku: c.sku, onHand: c.onHand }) as unknown as StockRow)
  const inbound = kept.flatMap((c) => c.lots)
  const policies = options.policies ?? state.policies.source
  const built = buildStock(network, { rows, inbound, ...(policies === undefined ? {} : { policies }) } as Parameters<typeof buildStock>[1])
  if (E.isLeft(built)) return built
  let next = built.right
  // Every SKU the state knew stays known, holding stock or not (queries name them).
  for (let s = 0; s < state.skus.count; s++) next = internSku(next, skuIdOf(state, s)).state
  for (const c of kept) {
    if (c.holds.length === 0) continue
    const interned = internSku(next, c.sku)
    next = interned.state
    const s = interned.index
    const n = next.nodes.byId.get(c.node) as number
    const p = readPosition(next, s, n)
    next = writePosition(next, s, n, { onHand: p?.onHand ?? 0, heldBack: p?.heldBack ?? 0, holds: c.holds, lots: p?.lots ?? [] })
  }
  const moved = makeState(next, next.skus, next.overlay, next.lots, state.reservations, state.finished, state.idempotency, state.expiry, state.sequence)
  return E.right({ ...moved, lastEventAt: state.lastEventAt, lastEventMs: state.lastEventMs })
}
