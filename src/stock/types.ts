/**
 * The stock state: an immutable base built once from a snapshot (compact CSR arrays per SKU)
 * and persistent maps holding everything that changed since (positions, lots, reservations),
 * so that a command costs O(log n) and shares the rest with the previous state.
 */
import type { ExpiryHeap } from '../internal/heap.js'
import type { Hamt } from '../internal/hamt.js'
import type { ReserveRequest } from '../model/stock.js'
import type { CompiledNetwork } from '../network/compile.js'
import type { NodeIndex } from '../network/nodes.js'
import type { ResolvedPolicies } from './policies.js'

/**
 * Positions at snapshot time, in CSR layout by SKU: the positions of SKU `s` are slots
 * `offsets[s] … offsets[s + 1]`, with ascending node indexes in `node`. Slot `i`'s on hand
 * and held-back units (safety stock plus confidence buffer) sit side by side in `counts`
 * (`counts[2i]`, `counts[2i + 1]`) so that reading a position touches one cache line, and an
 * open-addressing table maps the position key `sku × nodeCount + node` to its slot.
 *
 * @internal
 */
export interface StockBase {
  readonly skuCount: number
  readonly nodeCount: number
  readonly skuIds: readonly string[]
  readonly skuById: ReadonlyMap<string, number>
  readonly skuAttributes: readonly (readonly string[])[]
  readonly offsets: Int32Array
  readonly node: Int32Array
  readonly counts: Int32Array
  /** Pairs (key, slot), key −1 when free; empty when keys would not fit in 31 bits. */
  readonly slotTable: Int32Array
  /** Number of pairs in `slotTable` minus one (a power of two minus one). */
  readonly slotMask: number
  /** 32 − log2(number of pairs): the shift of the table's Fibonacci hash. */
  readonly slotShift: number
  /** 1 for slots with inbound lots at snapshot time (their lots are in `lotsBySlot`). */
  readonly hasLots: Uint8Array
  /** Snapshot lots of a slot, by (eta, id). */
  readonly lotsBySlot: ReadonlyMap<number, readonly PositionLot[]>
  /**
   * Per SKU, its snapshot holders as a bitset, filled on first use by `holderBits`: a memo of
   * this index (the snapshot never changes), never an answer by itself. Starts empty.
   */
  readonly holderBits: (Int32Array | undefined)[]
}

/**
 * SKUs first seen after the snapshot (a return or a lot of a new SKU): they get indexes after
 * the snapshot's, in order of appearance.
 *
 * @internal
 */
export interface SkuTable {
  readonly count: number
  readonly ids: Hamt<number, string>
  readonly byId: Hamt<string, number>
}

/**
 * Units of one channel held at a position by live reservations, aggregated by the instant
 * they are promised for (`atMs` = −Infinity for immediate reservations).
 *
 * @internal
 */
export interface Hold {
  readonly channel: string
  readonly atMs: number
  readonly quantity: number
}

/** An inbound lot as a position holds it. @internal */
export interface PositionLot {
  readonly id: string
  readonly quantity: number
  readonly etaMs: number
  readonly eta: string
}

/**
 * A position's state once something changed it. `holds` is sorted by (atMs, channel), `lots`
 * by (etaMs, id).
 *
 * @internal
 */
export interface Position {
  readonly onHand: number
  readonly heldBack: number
  readonly holds: readonly Hold[]
  readonly lots: readonly PositionLot[]
}

/** Where an inbound lot is. @internal */
export interface LotLocation {
  readonly node: number
  readonly sku: number
}

/** Lifecycle of a reservation. `held` and `confirmed` are live; the others are terminal. */
export type ReservationStatus = 'held' | 'confirmed' | 'released' | 'expired' | 'fulfilled'

/**
 * One line of a reservation: what was reserved, and where those units went. Always
 * `quantity = held + fulfilled + released + expired`.
 */
export interface ReservedLine {
  readonly node: string
  readonly sku: string
  /** Units reserved by the request. */
  readonly quantity: number
  /** Units still held. */
  readonly held: number
  readonly fulfilled: number
  readonly released: number
  readonly expired: number
  readonly availableAt?: string
  readonly lineId?: string
}

/** A reservation as queries return it. */
export interface Reservation {
  readonly id: string
  readonly channel: string
  readonly status: ReservationStatus
  readonly createdAt: string
  readonly lines: readonly ReservedLine[]
  readonly orderId?: string
  readonly idempotencyKey?: string
  readonly expiresAt?: string
}

/**
 * A finished one-line reservation as the finished map keeps it: one record instead of a view,
 * its lines array and its line (about a third less memory for what is rarely read again).
 * `viewOf` turns it back into a `Reservation`.
 *
 * @internal
 */
export interface CompactReservation {
  readonly lines?: undefined
  readonly id: string
  readonly channel: string
  readonly status: ReservationStatus
  readonly createdAt: string
  readonly node: string
  readonly sku: string
  readonly quantity: number
  readonly fulfilled: number
  readonly released: number
  readonly expired: number
  readonly availableAt?: string
  readonly lineId?: string
  readonly orderId?: string
  readonly idempotencyKey?: string
  readonly expiresAt?: string
}

/** A finished reservation as stored: a full view, or compact when it has one line. @internal */
export type StoredReservation = Reservation | CompactReservation

/** What an idempotency key was first used for. @internal */
export interface IdempotencyRecord {
  readonly reservation: string
  readonly request: ReserveRequest
}

/**
 * The immutable stock state. Only `network` (the compiled network it was built on) and
 * `nodes` (that network's node index) are meant to be read directly; the rest is internal and
 * read through the query functions.
 */
export interface StockState {
  readonly network: CompiledNetwork
  /** `network.nodes`. */
  readonly nodes: NodeIndex
  /** @internal */
  readonly base: StockBase
  /** @internal */
  readonly policies: ResolvedPolicies
  /** @internal */
  readonly skus: SkuTable
  /** @internal Positions changed since the snapshot, keyed by `sku × nodeCount + node`. */
  readonly overlay: Hamt<number, Position>
  /** @internal */
  readonly lots: Hamt<string, LotLocation>
  /** @internal Live (held or confirmed) reservations. */
  readonly reservations: Hamt<string, Reservation>
  /**
   * @internal Finished (released, expired, fulfilled) reservations, kept for queries and
   * idempotent commands. Apart from the live ones, so that the live map stays small: a
   * reserve + release pair then touches a small map twice and the large one once.
   */
  readonly finished: Hamt<string, StoredReservation>
  /** @internal */
  readonly idempotency: Hamt<string, IdempotencyRecord>
  /** @internal */
  readonly expiry: ExpiryHeap
  /** @internal Last number used for a generated reservation id `r-<n>`. */
  readonly sequence: number
  /**
   * @internal The latest instant of the events applied since the snapshot (`''` before
   * any), as the event gave it, and as epoch ms (−Infinity before any). Derived by
   * `applyEvent`, so a replay rebuilds it; commands refuse a `now` before it.
   */
  readonly lastEventAt: string
  /** @internal */
  readonly lastEventMs: number
}
