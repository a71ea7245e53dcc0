/**
 * Physical stock movements: inbound lots announced and received, cycle counts, and customer
 * returns. Like the ledger's, every command validates, emits events and applies them; inputs
 * are never mutated. A movement may create a position the snapshot did not have (a return at
 * a store that never held the SKU, a lot of a brand-new SKU).
 */
import * as E from 'fp-ts/lib/Either.js'
import { hamtGet } from '../internal/hamt.js'
import type { InboundLot } from '../model/stock.js'
import { parseInstant } from '../time.js'
import { isQuantity, isRecord, parseNowAfter } from './input.js'
import {
  type StockError,
  duplicateLot,
  invalidInput,
  invalidInstant,
  invalidQuantity,
  unknownLot,
  unknownNode,
} from './errors.js'
import { type StockEvent, applyEvent } from './events.js'
import { readPosition, skuIndexOf } from './positions.js'
import type { StockState } from './types.js'

/** What a stock movement returns: the new state and the events that made it. */
export interface MovementResult {
  readonly state: StockState
  readonly events: readonly StockEvent[]
}

/** A cycle count: the counted on hand, or a signed correction. */
export type OnHandChange =
  | { readonly node: string; readonly sku: string; readonly onHand: number }
  | { readonly node: string; readonly sku: string; readonly delta: number }

const applied = (state: StockState, event: StockEvent): MovementResult => ({ state: applyEvent(state, event), events: [event] })

/**
 * Announces an inbound lot (purchase order, transfer, truck): from its eta on, its units count
 * towards ATP at that instant. Errors: `unknown-node` (`$.node`), `duplicate-lot` (`$.id`),
 * `invalid-quantity` (`$.quantity`), `invalid-instant` (`$.eta`, `now`).
 *
 * @example announceInbound(state, { id: 'po-7', node: 'dc-1', sku: 'sku-1', quantity: 40, eta: '2026-12-01T08:00:00Z' }, now)
 */
export const announceInbound = (state: StockState, lot: InboundLot, now: string): E.Either<StockError, MovementResult> => {
  const nowMs = parseNowAfter(state, now)
  if (E.isLeft(nowMs)) return nowMs
  if (!isRecord(lot) || typeof lot.id !== 'string' || typeof lot.node !== 'string' || typeof lot.sku !== 'string' || typeof lot.eta !== 'string') {
    return E.left(invalidInput('$', 'an inbound lot with string id, node, sku and eta'))
  }
  if (!state.nodes.byId.has(lot.node)) return E.left(unknownNode(lot.node, '$.node'))
  if (hamtGet(state.lots, lot.id) !== undefined) return E.left(duplicateLot(lot.id, '$.id'))
  if (!isQuantity(lot.quantity, 1)) return E.left(invalidQuantity('expected a whole number of units ≥ 1', '$.quantity'))
  if (parseInstant(lot.eta) === undefined) return E.left(invalidInstant(lot.eta, '$.eta'))
  return E.right(
    applied(state, {
      type: 'inbound-announced',
      at: now,
      lot: { id: lot.id, node: lot.node, sku: lot.sku, quantity: lot.quantity, eta: lot.eta },
    }),
  )
}

/**
 * Receives an inbound lot, wholly or `quantity` units of it: they leave the lot and join on
 * hand. Backorder reservations made against the lot stay promised at their instant. Errors:
 * `unknown-lot`, `invalid-quantity` (more than the lot still has), `invalid-instant`.
 *
 * @example receiveInbound(state, 'po-7', '2026-12-01T09:00:00Z', 30) // 10 stay inbound
 */
export const receiveInbound = (
  state: StockState,
  lotId: string,
  now: string,
  quantity?: number,
): E.Either<StockError, MovementResult> => {
  const nowMs = parseNowAfter(state, now)
  if (E.isLeft(nowMs)) return nowMs
  if (typeof lotId !== 'string') return E.left(invalidInput('lotId', 'a lot id string'))
  const where = hamtGet(state.lots, lotId)
  const lot = where === undefined ? undefined : readPosition(state, where.sku, where.node)?.lots.find((l) => l.id === lotId)
  if (where === undefined || lot === undefined) return E.left(unknownLot(lotId))
  const q = quantity ?? lot.quantity
  if (!isQuantity(q, 1) || q > lot.quantity) {
    return E.left(invalidQuantity(`expected a whole number of units from 1 to ${lot.quantity} (what lot ${lotId} still has)`, 'quantity'))
  }
  return E.right(
    applied(state, {
      type: 'inbound-received',
      at: now,
      lot: lotId,
      node: state.nodes.ids[where.node] as string,
      sku: state.base.skuIds[where.sku] ?? hamtGet(state.skus.ids, where.sku) ?? '',
      quantity: q,
      remaining: lot.quantity - q,
    }),
  )
}

/**
 * Sets on hand from a cycle count (`onHand`) or corrects it (`delta`). On hand may fall below
 * what is reserved: safety stock and ring-fences shrink first, then the event reports the
 * `shortfall` (reserved units not covered). Errors: `unknown-node` (`$.node`),
 * `invalid-input` (both `onHand` and `delta`, or neither), `invalid-quantity` (`$.onHand`,
 * `$.delta`: on hand must stay a whole number ≥ 0).
 *
 * @example adjustOnHand(state, { node: 'paris-1', sku: 'sku-1', onHand: 3 }, now, 'cycle count')
 */
export const adjustOnHand = (
  state: StockState,
  change: OnHandChange,
  now: string,
  reason?: string,
): E.Either<StockError, MovementResult> => {
  const nowMs = parseNowAfter(state, now)
  if (E.isLeft(nowMs)) return nowMs
  if (!isRecord(change) || typeof change.node !== 'string' || typeof change.sku !== 'string') {
    return E.left(invalidInput('$', 'a count with string node and sku, and onHand or delta'))
  }
  const node = state.nodes.byId.get(change.node)
  if (node === undefined) return E.left(unknownNode(change.node, '$.node'))
  const sku = skuIndexOf(state, change.sku)
  const p = sku < 0 ? undefined : readPosition(state, sku, node)
  const previous = p?.onHand ?? 0
  const counted = 'onHand' in change && change.onHand !== undefined
  const corrected = 'delta' in change && (change as { readonly delta?: unknown }).delta !== undefined
  if (counted === corrected) return E.left(invalidInput(counted ? '$.delta' : '$', 'exactly one of onHand (a count) or delta (a correction)'))
  let onHand: number
  if (counted) {
    if (!isQuantity(change.onHand, 0)) return E.left(invalidQuantity('expected a whole number of units ≥ 0', '$.onHand'))
    onHand = change.onHand
  } else {
    const delta = (change as { readonly delta: unknown }).delta
    if (typeof delta !== 'number' || !Number.isSafeInteger(delta) || !isQuantity(previous + delta, 0)) {
      return E.left(invalidQuantity(`expected a whole number keeping on hand (${previous}) ≥ 0`, '$.delta'))
    }
    onHand = previous + delta
  }
  let reserved = 0
  for (const h of p?.holds ?? []) if (h.atMs === -Infinity) reserved += h.quantity
  return E.right(
    applied(state, {
      type: 'adjusted',
      at: now,
      node: change.node,
      sku: change.sku,
      previous,
      onHand,
      delta: onHand - previous,
      shortfall: Math.max(0, reserved - onHand),
      ...(reason === undefined ? {} : { reason }),
    }),
  )
}

/**
 * Takes back `quantity` returned units at `node`, any node (an online order returned in a
 * store): they join on hand there, creating the position if needed. Errors: `unknown-node`
 * (`$.node`), `invalid-quantity` (`$.quantity`).
 *
 * @example returnUnits(state, { node: 'lyon-store', sku: 'sku-1', quantity: 1 }, now)
 */
export const returnUnits = (
  state: StockState,
  units: { readonly node: string; readonly sku: string; readonly quantity: number },
  now: string,
): E.Either<StockError, MovementResult> => {
  const nowMs = parseNowAfter(state, now)
  if (E.isLeft(nowMs)) return nowMs
  if (!isRecord(units) || typeof units.node !== 'string' || typeof units.sku !== 'string') {
    return E.left(invalidInput('$', 'returned units with string node and sku'))
  }
  if (!state.nodes.byId.has(units.node)) return E.left(unknownNode(units.node, '$.node'))
  if (!isQuantity(units.quantity, 1)) return E.left(invalidQuantity('expected a whole number of units ≥ 1', '$.quantity'))
  return E.right(applied(state, { type: 'returned', at: now, node: units.node, sku: units.sku, quantity: units.quantity }))
}
