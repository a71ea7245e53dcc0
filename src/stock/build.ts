/**
 * Building a stock state from a network and a stock snapshot: SKUs interned in ascending id
 * order, positions laid out per SKU in CSR arrays sorted by node index, safety stock and
 * confidence buffers resolved per position once, inbound lots placed in the overlay.
 */
import * as E from 'fp-ts/lib/Either.js'
import { EMPTY_HEAP } from '../internal/heap.js'
import { emptyNumberHamt, emptyStringHamt, emptyTailedHamt, hamtFromEntries, stringHash } from '../internal/hamt.js'
import { NODE_KINDS } from '../model/network.js'
import { catalogueSkusOf, internedSkus, type CatalogueSkus, type CompiledNetwork } from '../network/compile.js'
import type { NodeIndex } from '../network/nodes.js'
import type { InboundLot, StockPolicies, StockRow, StockSnapshot } from '../model/stock.js'
import { parseInstant } from '../time.js'
import {
  type StockError,
  duplicateLot,
  duplicatePosition,
  invalidInput,
  invalidInstant,
  invalidQuantity,
  unknownNode,
  unknownSku,
} from './errors.js'
import { isQuantity, isRecord } from './input.js'
import { type ScopedTable, heldBack, policySkus, resolvePolicies } from './policies.js'
import { baseSlot, slotHash } from './positions.js'
import { makeState } from './state.js'
import type { LotLocation, PositionLot, Reservation, StockBase, StockState } from './types.js'

/**
 * Hash of a reservation id: `n` for a generated id `r-<n>`, FNV-1a otherwise. Generated ids
 * are consecutive, so consecutive reservations land in the same bottom-level node, which a
 * tailed map keeps beside its trie: an insert copies that one small node (hot in cache,
 * garbage that dies young) instead of a random path through the whole map.
 *
 * @example reservationIdHash('r-42') // 42; reservationIdHash('order-7') // FNV-1a
 * @internal
 */
export const reservationIdHash = (id: string): number => {
  if (id.length > 2 && id.length <= 11 && id.charCodeAt(0) === 114 && id.charCodeAt(1) === 45) {
    let n = 0
    for (let i = 2; i < id.length; i++) {
      const digit = id.charCodeAt(i) - 48
      if (digit < 0 || digit > 9) return stringHash(id)
      n = n * 10 + digit
    }
    return n & 0x3fffffff
  }
  return stringHash(id)
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)


const POLICY_LISTS = ['safetyStock', 'confidenceBuffers', 'ringFences'] as const

/** True when `p` gives `key` (a key holding `undefined` counts as absent, as in JSON text). */
const gives = (p: Readonly<Record<string, unknown>>, key: string): boolean => Object.prototype.hasOwnProperty.call(p, key) && p[key] !== undefined

/**
 * The first problem of the policies: values the codecs would have rejected (so that
 * resolution can read them without guarding every field), and references to a node the
 * network does not have or, when the network has a catalogue (at least one SKU), to an SKU it
 * does not list. A policy for a typo'd node would otherwise hold nothing back, silently.
 */
const policyError = (network: CompiledNetwork, given: StockPolicies | undefined): StockError | undefined => {
  const catalogue = network.skuAttributes
  const nodes = network.nodes
  const policies: unknown = given
  if (policies === undefined) return undefined
  if (!isRecord(policies)) return invalidInput('$.policies', 'an object of policies')
  for (const list of POLICY_LISTS) {
    const items = policies[list]
    if (items === undefined) continue
    if (!Array.isArray(items)) return invalidInput(`$.policies.${list}`, 'an array of policies')
    for (let i = 0; i < items.length; i++) {
      const p: unknown = items[i]
      const path = `$.policies.${list}[${i}]`
      if (!isRecord(p)) return invalidInput(path, 'a policy object')
      for (const key of ['node', 'nodeKind', 'sku', ...(list === 'ringFences' ? ['channel'] : [])]) {
        if (p[key] !== undefined && typeof p[key] !== 'string') return invalidInput(`${path}.${key}`, 'a string')
      }
      if (gives(p, 'node') && gives(p, 'nodeKind')) return invalidInput(`${path}.nodeKind`, 'at most one of "node" or "nodeKind"')
      if (typeof p.nodeKind === 'string' && !(NODE_KINDS as readonly string[]).includes(p.nodeKind)) {
        return invalidInput(`${path}.nodeKind`, `one of ${NODE_KINDS.join(', ')}`)
      }
      if (list === 'ringFences') {
        if (typeof p.channel !== 'string') return invalidInput(`${path}.channel`, 'a string')
        const byQuantity = gives(p, 'quantity')
        const byPercent = gives(p, 'percent')
        if (byQuantity === byPercent) return invalidQuantity('expected exactly one of a quantity ≥ 0 or a percent from 0 to 100', path)
        if (byQuantity && !isQuantity(p.quantity, 0)) return invalidQuantity('expected a whole number of units ≥ 0', `${path}.quantity`)
        if (byPercent && !(typeof p.percent === 'number' && p.percent >= 0 && p.percent <= 100)) {
          return invalidQuantity('expected a percent from 0 to 100', `${path}.percent`)
        }
      } else if (!isQuantity(p.quantity, 0)) return invalidQuantity('expected a whole number of units ≥ 0', `${path}.quantity`)
      if (typeof p.node === 'string' && !nodes.byId.has(p.node)) return unknownNode(p.node, `${path}.node`)
      if (typeof p.sku === 'string' && catalogue.size > 0 && !catalogue.has(p.sku)) return unknownSku(p.sku, `${path}.sku`)
    }
  }
  return undefined
}

/**
 * Every SKU id the snapshot and catalogue mention, ascending, with their indexes and
 * attributes: the network's own (`catalogueSkusOf`) when the snapshot names no other SKU,
 * so that a small snapshot on a national catalogue sorts nothing. Shared, never written:
 * SKUs met later go to the state's own tables. `rowSkus` calls its argument with the SKU of
 * every position.
 */
const internSkus = (
  network: CompiledNetwork,
  rowSkus: (note: (sku: string) => void) => void,
  lots: readonly InboundLot[],
  policies: StockPolicies | undefined,
): CatalogueSkus => {
  const catalogue = catalogueSkusOf(network)
  const extra = new Set<string>()
  const note = (sku: string): void => {
    if (!catalogue.byId.has(sku)) extra.add(sku)
  }
  // Malformed rows and lots are reported by `locate`; here they are only skipped.
  rowSkus(note)
  for (const l of lots) if (isRecord(l) && typeof l.sku === 'string') note(l.sku)
  for (const s of policySkus(policies)) note(s)
  return extra.size === 0 ? catalogue : internedSkus(network, [...catalogue.ids, ...extra].sort(compareIds))
}

/** True when no policy of the table names an SKU. */
const skuAgnostic = <T>(t: ScopedTable<T>): boolean => t.nodeSku.size === 0 && t.kindSku.size === 0 && t.sku.size === 0

/** Stable counting sort of `order` by `key[i]` ∈ [0, buckets). */
const countingSort = (order: Int32Array, key: Int32Array, buckets: number): Int32Array => {
  const start = new Int32Array(buckets + 1)
  for (let k = 0; k < order.length; k++) {
    const b = key[order[k] as number] as number
    start[b + 1] = (start[b + 1] as number) + 1
  }
  for (let b = 0; b < buckets; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number)
  const out = new Int32Array(order.length)
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number
    const b = key[i] as number
    out[start[b] as number] = i
    start[b] = (start[b] as number) + 1
  }
  return out
}

interface Located {
  readonly sku: Int32Array
  readonly node: Int32Array
}

/** Node and SKU indexes of every row then every lot, or the first row or lot at an unknown node. */
const locate = (
  nodes: NodeIndex,
  skuById: ReadonlyMap<string, number>,
  rows: readonly StockRow[],
  lots: readonly InboundLot[],
  rowsAt: string,
): E.Either<StockError, Located> => {
  const total = rows.length + lots.length
  const sku = new Int32Array(total)
  const node = new Int32Array(total)
  const byId = nodes.byId
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as StockRow
    if (!isRecord(row) || typeof row.sku !== 'string' || typeof row.node !== 'string') {
      return E.left(invalidInput(`${rowsAt}[${i}]`, 'a stock row with string node and sku'))
    }
    const n = byId.get(row.node)
    if (n === undefined) return E.left(unknownNode(row.node, `${rowsAt}[${i}].node`))
    if (!isQuantity(row.onHand, 0)) return E.left(invalidQuantity('expected a whole number of units ≥ 0', `${rowsAt}[${i}].onHand`))
    node[i] = n
    sku[i] = skuById.get(row.sku) as number
  }
  const placed = locateLots(nodes, skuById, lots, { sku, node }, rows.length)
  return placed === undefined ? E.right({ sku, node }) : E.left(placed)
}

/** Places the node and SKU indexes of every lot in `located` from `from` on; or the first bad lot. */
const locateLots = (nodes: NodeIndex, skuById: ReadonlyMap<string, number>, lots: readonly InboundLot[], located: Located, from: number): StockError | undefined => {
  const byId = nodes.byId
  const { sku, node } = located
  const lotIds = new Set<string>()
  for (let j = 0; j < lots.length; j++) {
    const lot = lots[j] as InboundLot
    if (!isRecord(lot) || typeof lot.sku !== 'string' || typeof lot.id !== 'string' || typeof lot.node !== 'string') {
      return invalidInput(`$.inbound[${j}]`, 'an inbound lot with string id, node and sku')
    }
    const n = byId.get(lot.node)
    if (n === undefined) return unknownNode(lot.node, `$.inbound[${j}].node`)
    if (lotIds.has(lot.id)) return duplicateLot(lot.id, `$.inbound[${j}].id`)
    lotIds.add(lot.id)
    if (!isQuantity(lot.quantity, 1)) return invalidQuantity('expected a whole number of units ≥ 1', `$.inbound[${j}].quantity`)
    if (parseInstant(lot.eta) === undefined) return invalidInstant(lot.eta, `$.inbound[${j}].eta`)
    node[from + j] = n
    sku[from + j] = skuById.get(lot.sku) as number
  }
  return undefined
}

/**
 * The CSR base from located rows (the first `rowCount`, each with `onHandOf(i)` units) and
 * lots; a repeated (node, SKU) row is an error (`duplicate(i)`, of the earliest repeat).
 */
const layOut = (
  nodes: NodeIndex,
  skuIds: readonly string[],
  rowCount: number,
  onHandOf: (i: number) => number,
  duplicate: (i: number) => StockError,
  located: Located,
): E.Either<StockError, { readonly offsets: Int32Array; readonly node: Int32Array; readonly onHand: Int32Array }> => {
  const total = located.sku.length
  const identity = new Int32Array(total)
  for (let i = 0; i < total; i++) identity[i] = i
  // By node, then stably by SKU: (sku, node, input order), rows before lots.
  const order = countingSort(countingSort(identity, located.node, nodes.count), located.sku, skuIds.length)
  const posNode = new Int32Array(total)
  const onHand = new Int32Array(total)
  const offsets = new Int32Array(skuIds.length + 1)
  let count = 0
  let prevSku = -1
  let prevNode = -1
  let prevWasRow = false
  let duplicateAt = -1
  for (let k = 0; k < total; k++) {
    const i = order[k] as number
    const s = located.sku[i] as number
    const n = located.node[i] as number
    const isRow = i < rowCount
    if (s === prevSku && n === prevNode) {
      // Same position: a lot joins it; a second row is a duplicate (report the earliest in input order).
      if (isRow && prevWasRow && (duplicateAt < 0 || i < duplicateAt)) duplicateAt = i
      continue
    }
    posNode[count] = n
    onHand[count] = isRow ? onHandOf(i) : 0
    offsets[s + 1] = (offsets[s + 1] as number) + 1
    count++
    prevSku = s
    prevNode = n
    prevWasRow = isRow
  }
  if (duplicateAt >= 0) return E.left(duplicate(duplicateAt))
  for (let s = 0; s < skuIds.length; s++) offsets[s + 1] = (offsets[s + 1] as number) + (offsets[s] as number)
  return E.right({ offsets, node: posNode.slice(0, count), onHand: onHand.slice(0, count) })
}

/**
 * The open-addressing table from position key (sku × nodeCount + node) to the position:
 * entries of four integers (key, slot, on hand, held back), at most half full, so that a
 * lookup usually reads one cache line. The slot is stored as ~slot (negative) when the
 * position has snapshot lots. Empty when keys would not fit in 31 bits (lookups then
 * binary-search the CSR arrays).
 */
const slotTableOf = (
  offsets: Int32Array,
  node: Int32Array,
  counts: Int32Array,
  hasLots: Uint8Array,
  skuCount: number,
  nodeCount: number,
): { readonly table: Int32Array; readonly mask: number; readonly shift: number } => {
  if (skuCount * nodeCount >= 0x7fffffff) return { table: new Int32Array(0), mask: 0, shift: 0 }
  let bits = 4
  while (2 ** bits < 2 * node.length) bits++
  const entries = 2 ** bits
  const mask = entries - 1
  const shift = 32 - bits
  const table = new Int32Array(4 * entries).fill(-1)
  for (let s = 0; s < skuCount; s++) {
    const to = offsets[s + 1] as number
    for (let slot = offsets[s] as number; slot < to; slot++) {
      const key = s * nodeCount + (node[slot] as number)
      let h = slotHash(key, shift)
      while (table[4 * h] !== -1) h = (h + 1) & mask
      table[4 * h] = key
      table[4 * h + 1] = hasLots[slot] === 1 ? ~slot : slot
      table[4 * h + 2] = counts[2 * slot] as number
      table[4 * h + 3] = counts[2 * slot + 1] as number
    }
  }
  return { table, mask, shift }
}

/**
 * Builds the stock state on a compiled network (see `compileNetwork`) from a snapshot; the
 * state holds that network, which routing and the promise read. Node indexes are the
 * network's (ascending node id) and SKU indexes follow ascending SKU id (SKUs come from rows,
 * lots, policies and the network's catalogue), so the order of rows, lots and nodes never
 * changes a result. Errors: `unknown-node`
 * (`$.rows[i].node`, `$.inbound[i].node`, `$.policies.safetyStock[i].node`, …),
 * `unknown-sku` (`$.policies.ringFences[i].sku`, … when the network has a catalogue),
 * `duplicate-position` (`$.rows[i]`), `duplicate-lot` (`$.inbound[i].id`), and
 * `invalid-quantity` / `invalid-instant` / `invalid-input` for values that bypassed the
 * codecs. A row or lot of an SKU missing from the catalogue is fine (stock of an SKU not yet
 * listed); a policy naming one is not (it is most likely a typo).
 *
 * @example
 * const network = compileNetwork(decodedNetwork) // Right(network)
 * const state = buildStock(network, { rows: [{ node: 'paris-1', sku: 'sku-1', onHand: 12 }] })
 * // Right(state): atpAt(state, 0, 0, 'web') === 12
 */
export const buildStock = (network: CompiledNetwork, snapshot: StockSnapshot): E.Either<StockError, StockState> => {
  if (!isRecord(snapshot)) return E.left(invalidInput('$.rows', 'an array of stock rows'))
  return buildFrom(network, snapshot, '$.rows')
}

/** The stock parts of a scenario document: on-hand rows under `stock`, lots, policies. */
export interface ScenarioStock {
  readonly stock: readonly StockRow[]
  readonly inbound?: readonly InboundLot[]
  readonly policies?: StockPolicies
}

/**
 * Builds the stock of a scenario document (`omnistock route` and `omnistock promise`), whose
 * rows are under `stock`: the same as `buildStock`, with errors naming the scenario's own
 * paths (`$.stock[3].node`, not the snapshot's `$.rows[3].node`).
 *
 * @example buildScenarioStock(network, scenario) // with network = compileNetwork(scenarioNetwork(scenario)): Left({ _tag: 'unknown-node', path: '$.stock[3].node', … })
 */
export const buildScenarioStock = (network: CompiledNetwork, scenario: ScenarioStock): E.Either<StockError, StockState> => {
  if (!isRecord(scenario)) return E.left(invalidInput('$.stock', 'an array of stock rows'))
  const snapshot: StockSnapshot = {
    rows: scenario.stock,
    ...(scenario.inbound === undefined ? {} : { inbound: scenario.inbound }),
    ...(scenario.policies === undefined ? {} : { policies: scenario.policies }),
  }
  return buildFrom(network, snapshot, '$.stock')
}

/** `buildStock`, its rows at `rowsAt` in the caller's document. */
const buildFrom = (network: CompiledNetwork, snapshot: StockSnapshot, rowsAt: string): E.Either<StockError, StockState> => {
  if (!Array.isArray(snapshot.rows)) return E.left(invalidInput(rowsAt, 'an array of stock rows'))
  if (snapshot.inbound !== undefined && !Array.isArray(snapshot.inbound)) return E.left(invalidInput('$.inbound', 'an array of inbound lots'))
  const nodes = network.nodes
  const malformed = policyError(network, snapshot.policies)
  if (malformed !== undefined) return E.left(malformed)
  const rows = snapshot.rows
  const lots = snapshot.inbound ?? []
  const skus = internSkus(
    network,
    (note) => {
      for (const r of rows) if (isRecord(r) && typeof r.sku === 'string') note(r.sku)
    },
    lots,
    snapshot.policies,
  )
  const located = locate(nodes, skus.byId, rows, lots, rowsAt)
  if (E.isLeft(located)) return located
  const laid = layOut(
    nodes,
    skus.ids,
    rows.length,
    (i) => (rows[i] as StockRow).onHand,
    (i) => duplicatePosition((rows[i] as StockRow).node, (rows[i] as StockRow).sku, `${rowsAt}[${i}]`),
    located.right,
  )
  if (E.isLeft(laid)) return laid
  return E.right(assemble(network, skus, snapshot.policies, laid.right, lots))
}

/**
 * The state of a laid-out base: what is held back at each position resolved once, snapshot
 * lots placed, the position table and the lot index built.
 */
const assemble = (
  network: CompiledNetwork,
  skus: CatalogueSkus,
  given: StockPolicies | undefined,
  csr: { readonly offsets: Int32Array; readonly node: Int32Array; readonly onHand: Int32Array },
  lots: readonly InboundLot[],
): StockState => {
  const nodes = network.nodes
  const skuIds = skus.ids
  const skuById = skus.byId
  const policies = resolvePolicies(given, nodes, (id) => skuById.get(id) ?? -1)
  const counts = new Int32Array(2 * csr.node.length)
  // Without SKU-specific safety or buffer policies, what is held back depends on the node only.
  const perNode = skuAgnostic(policies.safety) && skuAgnostic(policies.buffer)
  const heldAtNode = Int32Array.from({ length: nodes.count }, (_, n) => (perNode ? heldBack(policies, n, nodes.kind[n] as number, -1) : 0))
  for (let s = 0; s < skuIds.length; s++) {
    const to = csr.offsets[s + 1] as number
    for (let slot = csr.offsets[s] as number; slot < to; slot++) {
      const n = csr.node[slot] as number
      counts[2 * slot] = csr.onHand[slot] as number
      counts[2 * slot + 1] = perNode ? (heldAtNode[n] as number) : heldBack(policies, n, nodes.kind[n] as number, s)
    }
  }
  // Snapshot lots stay in the base (the overlay starts empty); filled below, before any read.
  const hasLots = new Uint8Array(csr.node.length)
  const lotsBySlot = new Map<number, PositionLot[]>()
  const base: StockBase = {
    skuCount: skuIds.length,
    nodeCount: nodes.count,
    skuIds,
    skuById,
    skuAttributes: skus.attributes,
    offsets: csr.offsets,
    node: csr.node,
    counts,
    slotTable: new Int32Array(0),
    slotMask: 0,
    slotShift: 0,
    hasLots,
    lotsBySlot,
    holderBits: [],
  }
  const state: StockState = {
    network,
    nodes,
    base,
    policies,
    skus: { count: skuIds.length, ids: emptyNumberHamt(), byId: emptyStringHamt() },
    overlay: emptyNumberHamt(),
    lots: emptyStringHamt(),
    reservations: emptyTailedHamt<string, Reservation>(reservationIdHash),
    finished: emptyTailedHamt<string, Reservation>(reservationIdHash),
    idempotency: emptyStringHamt(),
    expiry: EMPTY_HEAP,
    sequence: 0,
    lastEventAt: '',
    lastEventMs: -Infinity,
  }
  // Lots sorted by (eta, id) so that each position's list is built in its final order.
  const sortedLots = lots
    .map((lot) => ({ lot, etaMs: parseInstant(lot.eta) as number }))
    .sort((a, b) => a.etaMs - b.etaMs || compareIds(a.lot.id, b.lot.id))
  const lotIndex: Array<readonly [string, LotLocation]> = []
  for (const { lot, etaMs } of sortedLots) {
    const node = nodes.byId.get(lot.node) as number
    const sku = skuById.get(lot.sku) as number
    const slot = baseSlot(base, sku, node)
    const entry: PositionLot = { id: lot.id, quantity: lot.quantity, etaMs, eta: lot.eta }
    const list = lotsBySlot.get(slot)
    if (list === undefined) lotsBySlot.set(slot, [entry])
    else list.push(entry)
    hasLots[slot] = 1
    const where: LotLocation = { node, sku }
    lotIndex.push([lot.id, where])
  }
  const slots = slotTableOf(base.offsets, base.node, counts, hasLots, skuIds.length, nodes.count)
  const indexed: StockState = { ...state, base: { ...base, slotTable: slots.table, slotMask: slots.mask, slotShift: slots.shift } }
  // Bulk-built: see hamtFromEntries on why start-up maps must not go through hamtSet.
  const lotMap = hamtFromEntries<string, LotLocation>(stringHash, lotIndex)
  return makeState(indexed, state.skus, state.overlay, lotMap, state.reservations, state.finished, state.idempotency, state.expiry, state.sequence)
}

/**
 * A stock snapshot's positions as columns, for `buildStockFromColumns`: SKU ids once, each
 * position as three integers.
 */
export interface StockColumns {
  /** The SKU ids positions name, by index. */
  readonly skus: readonly string[]
  /**
   * Per position, three integers: its node's index in the network (`network.nodes.ids`, by
   * ascending id), its SKU's index in `skus`, its units on hand (≥ 0).
   */
  readonly positions: Int32Array
  readonly inbound?: readonly InboundLot[]
  readonly policies?: StockPolicies
}

/**
 * Builds the stock state from a snapshot given as columns: the same state as `buildStock` on
 * the rows these columns describe, without one object per position, nor a lookup of its
 * node and SKU by id — for millions of positions read from a database, or handed to another
 * thread as a few arrays. The positions are checked all the same, errors naming them by
 * number: `invalid-input` (`$.positions`, `$.skus[j]`, `$.positions[i]` for a node or SKU
 * index out of range), `invalid-quantity` (`$.positions[i].onHand`), `duplicate-position`
 * (`$.positions[i]`), and the lots' and policies' errors of `buildStock`.
 *
 * @example
 * const network = compileNetwork(decodedNetwork) // Right(network), nodes ['paris-1', 'paris-2']
 * buildStockFromColumns(network, { skus: ['sku-1'], positions: Int32Array.of(0, 0, 12, 1, 0, 3) })
 * // Right(state): 12 units of sku-1 at paris-1, 3 at paris-2
 */
export const buildStockFromColumns = (network: CompiledNetwork, columns: StockColumns): E.Either<StockError, StockState> => {
  if (!isRecord(columns)) return E.left(invalidInput('$', 'stock columns'))
  const positions: unknown = columns.positions
  if (!(positions instanceof Int32Array) || positions.length % 3 !== 0) return E.left(invalidInput('$.positions', 'an Int32Array of (node, SKU, on hand) triples'))
  const ids: unknown = columns.skus
  if (!Array.isArray(ids)) return E.left(invalidInput('$.skus', 'an array of SKU ids'))
  for (let j = 0; j < ids.length; j++) if (typeof ids[j] !== 'string') return E.left(invalidInput(`$.skus[${j}]`, 'a string'))
  const skuList = ids as readonly string[]
  if (columns.inbound !== undefined && !Array.isArray(columns.inbound)) return E.left(invalidInput('$.inbound', 'an array of inbound lots'))
  const malformed = policyError(network, columns.policies)
  if (malformed !== undefined) return E.left(malformed)
  const nodes = network.nodes
  const lots = columns.inbound ?? []
  const skus = internSkus(
    network,
    (note) => {
      for (const id of skuList) note(id)
    },
    lots,
    columns.policies,
  )
  const skuOf = Int32Array.from(skuList, (id) => skus.byId.get(id) as number)
  const count = positions.length / 3
  const located: Located = { sku: new Int32Array(count + lots.length), node: new Int32Array(count + lots.length) }
  for (let i = 0; i < count; i++) {
    const n = positions[3 * i] as number
    const k = positions[3 * i + 1] as number
    if (n < 0 || n >= nodes.count) return E.left(invalidInput(`$.positions[${i}]`, `a node index from 0 to ${nodes.count - 1}`))
    if (k < 0 || k >= skuList.length) return E.left(invalidInput(`$.positions[${i}]`, `an SKU index from 0 to ${skuList.length - 1}`))
    if ((positions[3 * i + 2] as number) < 0) return E.left(invalidQuantity('expected a whole number of units ≥ 0', `$.positions[${i}].onHand`))
    located.node[i] = n
    located.sku[i] = skuOf[k] as number
  }
  const placed = locateLots(nodes, skus.byId, lots, located, count)
  if (placed !== undefined) return E.left(placed)
  const laid = layOut(
    nodes,
    skus.ids,
    count,
    (i) => positions[3 * i + 2] as number,
    (i) => duplicatePosition(nodes.ids[positions[3 * i] as number] as string, skuList[positions[3 * i + 1] as number] as string, `$.positions[${i}]`),
    located,
  )
  if (E.isLeft(laid)) return laid
  return E.right(assemble(network, skus, columns.policies, laid.right, lots))
}
