/**
 * fast-check arbitraries for the stock properties: small networks with policies, snapshots,
 * and random command sequences (valid and invalid), plus a runner and an observer that reads
 * every query of a state so that two states can be compared.
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import type { InboundLot, ReserveRequest } from '../../src/model/stock.js'
import {
  type StockError,
  type StockEvent,
  type StockState,
  adjustOnHand,
  announceInbound,
  availableToPromise,
  confirm,
  expire,
  fulfil,
  getReservation,
  inboundLotsAt,
  lastEventAt,
  liveReservations,
  nodesHoldingSku,
  positionBreakdown,
  receiveInbound,
  release,
  reserve,
  returnUnits,
  skuIdOf,
} from '../../src/stock/index.js'
import { NOW_MS, type NodeSpec, build } from './fixtures.js'

export const NODE_IDS = ['dc-1', 'st-1', 'st-2', 'dk-1', 'lk-1']
export const SKUS = ['a', 'b', 'c']
export const CHANNELS = ['web', 'store', 'app']

export const NODES: readonly NodeSpec[] = [
  { id: 'dc-1', kind: 'warehouse', lat: 48.9, lon: 2.4, region: 'idf' },
  { id: 'st-1', kind: 'store', lat: 48.85, lon: 2.35, region: 'idf' },
  { id: 'st-2', kind: 'store', lat: 45.76, lon: 4.84, region: 'ara' },
  { id: 'dk-1', kind: 'dark-store', lat: 48.8, lon: 2.3, region: 'idf' },
  { id: 'lk-1', kind: 'locker', lat: 45.7, lon: 4.8, region: 'ara' },
]

/** An instant `minutes` after NOW. */
export const at = (minutes: number): string => new Date(NOW_MS + minutes * 60_000).toISOString()

export interface World {
  readonly snapshot: {
    rows: Array<{ node: string; sku: string; onHand: number }>
    inbound: Array<{ id: string; node: string; sku: string; quantity: number; eta: string }>
    policies: Record<string, unknown>
  }
}

/** A policy's scope: a node or a node kind (never both) or everywhere, and an SKU or every SKU. */
const scope = fc
  .tuple(
    fc.oneof(
      fc.constant({}),
      fc.constantFrom(...NODE_IDS).map((node) => ({ node })),
      fc.constantFrom('warehouse', 'store', 'dark-store', 'locker').map((nodeKind) => ({ nodeKind })),
    ),
    fc.option(fc.constantFrom(...SKUS), { nil: undefined }),
  )
  .map(([where, sku]) => (sku === undefined ? where : { ...where, sku }))

/** A snapshot over NODES and SKUS: distinct positions, a few lots, random policies. */
export const worldArb: fc.Arbitrary<World> = fc
  .record({
    positions: fc.uniqueArray(fc.tuple(fc.constantFrom(...NODE_IDS), fc.constantFrom(...SKUS)), {
      selector: ([n, s]) => `${n}/${s}`,
      minLength: 8,
      maxLength: 15,
    }),
    onHands: fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 40 }) }), {
      minLength: 15,
      maxLength: 15,
    }),
    lots: fc.array(
      fc.record({
        node: fc.constantFrom(...NODE_IDS),
        sku: fc.constantFrom(...SKUS),
        quantity: fc.integer({ min: 1, max: 20 }),
        etaMinutes: fc.integer({ min: -60, max: 600 }),
      }),
      { maxLength: 4 },
    ),
    safety: fc.array(fc.tuple(scope, fc.integer({ min: 0, max: 4 })), { maxLength: 3 }),
    buffers: fc.array(fc.tuple(scope, fc.integer({ min: 0, max: 3 })), { maxLength: 2 }),
    fences: fc.array(
      fc.tuple(scope, fc.constantFrom(...CHANNELS), fc.oneof(fc.record({ quantity: fc.integer({ min: 0, max: 6 }) }), fc.record({ percent: fc.integer({ min: 0, max: 60 }) }))),
      { maxLength: 3 },
    ),
  })
  .map(({ positions, onHands, lots, safety, buffers, fences }) => ({
    snapshot: {
      rows: positions.map(([node, sku], i) => ({ node, sku, onHand: onHands[i] ?? 0 })),
      inbound: lots.map((l, i) => ({ id: `lot-${i}`, node: l.node, sku: l.sku, quantity: l.quantity, eta: at(l.etaMinutes) })),
      policies: {
        safetyStock: safety.map(([s, quantity]) => ({ ...s, quantity })),
        confidenceBuffers: buffers.map(([s, quantity]) => ({ ...s, quantity })),
        ringFences: fences.map(([s, channel, size]) => ({ ...s, channel, ...size })),
      },
    },
  }))

export const buildWorld = (w: World): StockState => build(NODES, w.snapshot)

/** Part of a reservation line (by index, modulo the line count): `quantity` units, or `held + extra` when `extra` is set. */
export interface PartialPick {
  readonly line: number
  readonly quantity: number
  readonly extra: boolean
}

/** A command of the ledger or of stock movements, with arguments chosen at random. */
export type Command =
  | { readonly kind: 'reserve'; readonly request: ReserveRequest; readonly expiresInMinutes: number | undefined }
  | { readonly kind: 'confirm'; readonly pick: number }
  | { readonly kind: 'release'; readonly pick: number; readonly partial: readonly PartialPick[] | undefined }
  | { readonly kind: 'expire' }
  | { readonly kind: 'fulfil'; readonly pick: number; readonly partial: readonly PartialPick[] | undefined }
  | { readonly kind: 'announce'; readonly lot: InboundLot }
  | { readonly kind: 'receive'; readonly lot: string; readonly quantity: number | undefined }
  | { readonly kind: 'adjust'; readonly node: string; readonly sku: string; readonly onHand?: number; readonly delta?: number }
  | { readonly kind: 'return'; readonly node: string; readonly sku: string; readonly quantity: number }

const nodeOrUnknown = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...NODE_IDS) }, { weight: 1, arbitrary: fc.constant('nowhere') })
const skuOrNew = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...SKUS) }, { weight: 1, arbitrary: fc.constant('new-sku') })
const quantity = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 2.5, 1e12) })

const lineArb = fc
  .record({
    node: fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...NODE_IDS) }, { weight: 1, arbitrary: fc.constant('nowhere') }),
    sku: fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...SKUS) }, { weight: 1, arbitrary: fc.constant('new-sku') }),
    quantity,
    availableAt: fc.option(fc.integer({ min: 0, max: 720 }).map(at), { nil: undefined, freq: 2 }),
  })
  .map(({ availableAt, ...l }) => (availableAt === undefined ? l : { ...l, availableAt }))

const partialArb: fc.Arbitrary<readonly PartialPick[] | undefined> = fc.option(
  fc.array(fc.record({ line: fc.nat(3), quantity, extra: fc.boolean() }), { minLength: 1, maxLength: 2 }),
  { nil: undefined },
)

export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        channel: fc.constantFrom(...CHANNELS),
        lines: fc.array(lineArb, { minLength: 1, maxLength: 2 }),
        expiresInMinutes: fc.option(fc.integer({ min: -5, max: 300 }), { nil: undefined }),
        idempotencyKey: fc.option(fc.constantFrom('k1', 'k2'), { nil: undefined, freq: 4 }),
        id: fc.option(fc.constantFrom('mine-1', 'mine-2', 'r-2'), { nil: undefined, freq: 4 }),
      })
      .map(({ expiresInMinutes, idempotencyKey, id, ...r }) => ({
        kind: 'reserve' as const,
        request: { ...r, ...(idempotencyKey === undefined ? {} : { idempotencyKey }), ...(id === undefined ? {} : { id }) } as unknown as ReserveRequest,
        expiresInMinutes,
      })),
  },
  { weight: 2, arbitrary: fc.nat(20).map((pick) => ({ kind: 'confirm' as const, pick })) },
  { weight: 4, arbitrary: fc.record({ pick: fc.nat(20), partial: partialArb }).map((r) => ({ kind: 'release' as const, ...r })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
  { weight: 3, arbitrary: fc.record({ pick: fc.nat(20), partial: partialArb }).map((r) => ({ kind: 'fulfil' as const, ...r })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ id: fc.constantFrom('lot-0', 'new-lot-1', 'new-lot-2'), node: nodeOrUnknown, sku: skuOrNew, quantity, eta: fc.integer({ min: 0, max: 720 }).map(at) })
      .map((lot) => ({ kind: 'announce' as const, lot: lot as unknown as InboundLot })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ lot: fc.constantFrom('lot-0', 'lot-1', 'new-lot-1', 'none'), quantity: fc.option(quantity, { nil: undefined }) })
      .map((r) => ({ kind: 'receive' as const, ...r })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ node: nodeOrUnknown, sku: skuOrNew, value: fc.integer({ min: -10, max: 25 }), absolute: fc.boolean() })
      .map(({ node, sku, value, absolute }) =>
        absolute ? { kind: 'adjust' as const, node, sku, onHand: value } : { kind: 'adjust' as const, node, sku, delta: value },
      ),
  },
  { weight: 1, arbitrary: fc.record({ node: nodeOrUnknown, sku: skuOrNew, quantity }).map((r) => ({ kind: 'return' as const, ...r })) },
)

export interface Step {
  readonly state: StockState
  readonly events: readonly StockEvent[]
  readonly error?: StockError
}

/** Ids of reservations in a state (live and not), in id order, for `pick`. */
const reservationIds = (state: StockState, known: readonly string[]): readonly string[] =>
  known.filter((id) => getReservation(state, id) !== undefined)

/** Turns partial picks into release/fulfil lines of reservation `id` (some asking for more than held). */
const resolvePartial = (
  state: StockState,
  id: string,
  partial: readonly PartialPick[] | undefined,
): readonly { node: string; sku: string; quantity: number }[] | undefined => {
  const r = getReservation(state, id)
  if (partial === undefined || r === undefined || r.lines.length === 0) return partial === undefined ? undefined : []
  return partial.map((p) => {
    const l = r.lines[p.line % r.lines.length] as { node: string; sku: string; held: number }
    return { node: l.node, sku: l.sku, quantity: p.extra ? l.held + 1 : Math.max(1, Math.min(p.quantity, l.held)) }
  })
}

/** Runs one command at minute `minute`; `known` lists reservation ids created so far. */
export const runCommand = (state: StockState, cmd: Command, minute: number, known: string[]): Step => {
  const now = at(minute)
  const pickId = (pick: number): string => {
    const ids = reservationIds(state, known)
    // Mostly an existing reservation (latest ones first), sometimes an unknown id.
    return ids.length === 0 || pick === 20 ? `unknown-${pick}` : (ids[ids.length - 1 - (pick % ids.length)] as string)
  }
  const fromEither = (e: E.Either<StockError, { readonly state: StockState; readonly events: readonly StockEvent[] }>): Step =>
    E.isLeft(e) ? { state, events: [], error: e.left } : { state: e.right.state, events: e.right.events }
  switch (cmd.kind) {
    case 'reserve': {
      const request: ReserveRequest =
        cmd.expiresInMinutes === undefined
          ? cmd.request
          : ({ ...cmd.request, expiresAt: at(minute + cmd.expiresInMinutes) } as unknown as ReserveRequest)
      const r = reserve(state, request, now)
      if (E.isRight(r) && !known.includes(r.right.reservation.id)) known.push(r.right.reservation.id)
      return fromEither(r)
    }
    case 'confirm':
      return fromEither(confirm(state, pickId(cmd.pick), now))
    case 'release': {
      const id = pickId(cmd.pick)
      return fromEither(release(state, id, now, resolvePartial(state, id, cmd.partial)))
    }
    case 'expire':
      return fromEither(expire(state, now))
    case 'fulfil': {
      const id = pickId(cmd.pick)
      return fromEither(fulfil(state, id, now, resolvePartial(state, id, cmd.partial)))
    }
    case 'announce':
      return fromEither(announceInbound(state, cmd.lot, now))
    case 'receive':
      return fromEither(receiveInbound(state, cmd.lot, now, cmd.quantity))
    case 'adjust':
      return fromEither(
        adjustOnHand(
          state,
          cmd.onHand === undefined ? { node: cmd.node, sku: cmd.sku, delta: cmd.delta ?? 0 } : { node: cmd.node, sku: cmd.sku, onHand: cmd.onHand },
          now,
          'count',
        ),
      )
    case 'return':
      return fromEither(returnUnits(state, { node: cmd.node, sku: cmd.sku, quantity: cmd.quantity }, now))
  }
}

/** The SKU ids a state knows. */
export const skusOf = (state: StockState): readonly string[] =>
  Array.from({ length: state.skus.count }, (_, i) => skuIdOf(state, i))

/** Instants at which ATP is sampled: none (now), and a spread of later instants. */
export const SAMPLE_TIMES: readonly (string | undefined)[] = [undefined, at(-120), at(0), at(30), at(240), at(800), at(5000)]

/** Every observable fact of a state, keyed by ids (not indexes), for equality checks. */
export const observe = (state: StockState, reservationIdsToCheck: readonly string[] = []): unknown => {
  const positions: Record<string, unknown> = {}
  for (const sku of [...skusOf(state)].sort()) {
    const s = skusOf(state).indexOf(sku)
    positions[`holders/${sku}`] = nodesHoldingSku(state, s).map((n) => state.nodes.ids[n])
    for (const node of state.nodes.ids) {
      const n = state.nodes.byId.get(node) as number
      const lots = inboundLotsAt(state, s, n).map((l) => ({ id: l.id, quantity: l.quantity, etaMs: l.etaMs }))
      if (lots.length > 0) positions[`lots/${node}/${sku}`] = lots
      for (const channel of CHANNELS) {
        const b = positionBreakdown(state, { node, sku, channel })
        if (b !== undefined) positions[`breakdown/${node}/${sku}/${channel}`] = b
        positions[`atp/${node}/${sku}/${channel}`] = SAMPLE_TIMES.map((t) =>
          availableToPromise(state, t === undefined ? { node, sku, channel } : { node, sku, channel, at: t }),
        )
      }
    }
  }
  return {
    positions,
    live: liveReservations(state),
    lastEventAt: lastEventAt(state),
    reservations: reservationIdsToCheck.map((id) => getReservation(state, id) ?? null),
  }
}
