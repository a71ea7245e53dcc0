/**
 * The order service's tables, and the bridge between them and the pure library.
 *
 * The database keeps the facts: positions (on hand, reserved), inbound lots, reservations and
 * their lines, orders, idempotency keys, and an append-only log of the library's own stock
 * events. The library keeps the rules: every command runs as a pure ledger command on a
 * `StockState` rebuilt from the rows it touches, locked, and its events are then written
 * back (`project`) in the same transaction. So the database gives atomicity and isolation,
 * the library decides what is allowed, and `replay(genesis, events)` must always equal the
 * tables (`checkLedger`).
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  applyEvent,
  buildStock,
  changeNetwork,
  compileNetwork,
  decodeNetwork,
  decodeStockSnapshot,
  getReservation,
  positionBreakdown,
  replay,
  type Network,
  type CompiledNetwork,
  type StockEvent,
  type StockPolicies,
  type StockSnapshot,
  type StockState,
} from '../../src/index.js'
import { buildStockFromColumns } from '../../src/advanced.js'
import type { Db, Sql } from './db.js'

type ReservedEvent = Extract<StockEvent, { readonly type: 'reserved' }>

/** The network and the stock snapshot the event log starts from. */
export interface Genesis {
  readonly network: Network
  readonly snapshot: StockSnapshot
}

/**
 * What every request needs and never changes while the service runs: the genesis network
 * (its document and compiled) and its stock policies. The genesis's rows, millions on a
 * national network, stay in the database: only the ledger check reads them (`readGenesis`).
 */
export interface Catalogue {
  readonly document: Network
  readonly policies: StockPolicies | undefined
  readonly network: CompiledNetwork
  /** 0 for the genesis network, then one more for each change (`changeNetworkTables`). */
  readonly version: number
}

/** A position's key. */
export interface PositionKey {
  readonly node: string
  readonly sku: string
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS positions (
  node text NOT NULL,
  sku text NOT NULL,
  on_hand integer NOT NULL CHECK (on_hand >= 0),
  reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  backordered integer NOT NULL DEFAULT 0 CHECK (backordered >= 0),
  PRIMARY KEY (node, sku)
);
CREATE TABLE IF NOT EXISTS lots (
  id text PRIMARY KEY,
  node text NOT NULL,
  sku text NOT NULL,
  quantity integer NOT NULL CHECK (quantity >= 0),
  eta text NOT NULL
);
CREATE TABLE IF NOT EXISTS reservations (
  id text PRIMARY KEY,
  order_id text,
  channel text NOT NULL,
  status text NOT NULL CHECK (status IN ('held', 'confirmed', 'released', 'expired', 'fulfilled')),
  created_at text NOT NULL,
  expires_at text,
  expires_ms double precision,
  idempotency_key text UNIQUE
);
CREATE TABLE IF NOT EXISTS reservation_lines (
  reservation_id text NOT NULL REFERENCES reservations (id),
  idx integer NOT NULL,
  node text NOT NULL,
  sku text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  held integer NOT NULL CHECK (held >= 0),
  fulfilled integer NOT NULL DEFAULT 0 CHECK (fulfilled >= 0),
  released integer NOT NULL DEFAULT 0 CHECK (released >= 0),
  expired integer NOT NULL DEFAULT 0 CHECK (expired >= 0),
  available_at text,
  line_id text,
  PRIMARY KEY (reservation_id, idx),
  CHECK (quantity = held + fulfilled + released + expired)
);
CREATE INDEX IF NOT EXISTS reservation_lines_live ON reservation_lines (node, sku) WHERE held > 0;
CREATE INDEX IF NOT EXISTS reservations_due ON reservations (expires_ms) WHERE status = 'held';
CREATE TABLE IF NOT EXISTS orders (
  id text PRIMARY KEY,
  body jsonb NOT NULL,
  plan jsonb NOT NULL,
  reservations jsonb NOT NULL,
  created_at text NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key text PRIMARY KEY,
  request jsonb NOT NULL,
  status integer NOT NULL,
  response jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  seq serial PRIMARY KEY,
  type text NOT NULL,
  at text NOT NULL,
  body jsonb NOT NULL
);
ALTER TABLE events ADD COLUMN IF NOT EXISTS txid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TABLE IF NOT EXISTS networks (
  version integer PRIMARY KEY CHECK (version > 0),
  network jsonb NOT NULL,
  policies jsonb,
  at text NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_transaction ON events (txid, seq);
CREATE TABLE IF NOT EXISTS genesis_document (
  id smallint PRIMARY KEY CHECK (id = 1),
  document text NOT NULL
);
`

/**
 * The genesis's network and stock policies, without its rows (millions on a national
 * network): from their own small entry (`genesis-catalogue`, `own`), or, in a database stored
 * before that entry existed, out of the whole genesis document (which reads all of it).
 */
const GENESIS_CATALOGUE = `SELECT value->'network' AS network, value->'policies' AS policies, own FROM (
  SELECT COALESCE(
    (SELECT value FROM meta WHERE key = 'genesis-catalogue'),
    (SELECT jsonb_build_object('network', value->'network', 'policies', value->'snapshot'->'policies') FROM meta WHERE key = 'genesis')) AS value,
    EXISTS (SELECT 1 FROM meta WHERE key = 'genesis-catalogue') AS own) c
  WHERE value IS NOT NULL`

/** Stores the genesis's network and policies in an entry of their own (see `GENESIS_CATALOGUE`). */
const SAVE_GENESIS_CATALOGUE = `INSERT INTO meta (key, value) VALUES ('genesis-catalogue', jsonb_build_object('network', $1::jsonb, 'policies', $2::jsonb)) ON CONFLICT (key) DO NOTHING`

const orThrow = <A>(e: E.Either<unknown, A>, what: string): A => {
  if (E.isLeft(e)) throw new Error(`${what}: ${JSON.stringify(e.left)}`)
  return e.right
}

/** Rows a bulk insert sends at once. */
const BULK_ROWS = 20_000

/**
 * Creates the tables if needed and, on an empty database, stores `genesis` and the positions
 * and lots it describes. Several processes may call it at once: an advisory lock makes one
 * of them do the work. Returns the genesis the database holds (which wins over the one given).
 */
export const migrate = async (db: Db, genesis: Genesis): Promise<Catalogue> => {
  const stored = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7477001)')
    for (const statement of SCHEMA.split(';')) if (statement.trim() !== '') await tx.query(statement)
    // Of a stored genesis, the network and the policies only: its rows stay in the database.
    const found = await tx.query<{ network: Network; policies: StockPolicies | null; own: boolean }>(GENESIS_CATALOGUE)
    const row = found.rows[0]
    if (row !== undefined) {
      // A database stored before the catalogue had an entry of its own gets one, once.
      if (!row.own) await tx.query(SAVE_GENESIS_CATALOGUE, [JSON.stringify(row.network), JSON.stringify(row.policies)])
      return row
    }
    // A new database: its genesis is built first, so that one that cannot be is never stored
    // and the start fails, not the first order.
    orThrow(buildStock(catalogueFrom(genesis.network, genesis.snapshot.policies).network, genesis.snapshot), 'genesis stock')
    // The document as text, stored uncompressed: no server-side parsing of a national
    // network's hundred megabytes (only the ledger check reads it, `readGenesis`).
    await tx.query('ALTER TABLE genesis_document ALTER COLUMN document SET STORAGE EXTERNAL')
    await tx.query('INSERT INTO genesis_document (id, document) VALUES (1, $1)', [JSON.stringify(genesis)])
    await tx.query(SAVE_GENESIS_CATALOGUE, [JSON.stringify(genesis.network), JSON.stringify(genesis.snapshot.policies ?? null)])
    // In slices of arrays (unnest): a national network's millions of positions in a few
    // statements, into the table without its primary key, built once afterwards (one sort,
    // not millions of index insertions; duplicates were refused above).
    await tx.query(`SET LOCAL maintenance_work_mem = '256MB'`)
    await tx.query('ALTER TABLE positions DROP CONSTRAINT positions_pkey')
    const rows = genesis.snapshot.rows
    for (let i = 0; i < rows.length; i += BULK_ROWS) {
      const part = rows.slice(i, i + BULK_ROWS)
      await tx.query('INSERT INTO positions (node, sku, on_hand) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])', [
        part.map((r) => r.node),
        part.map((r) => r.sku),
        part.map((r) => r.onHand),
      ])
    }
    await tx.query('ALTER TABLE positions ADD PRIMARY KEY (node, sku)')
    const lots = genesis.snapshot.inbound ?? []
    for (let i = 0; i < lots.length; i += BULK_ROWS) {
      const part = lots.slice(i, i + BULK_ROWS)
      const [ids, nodes, skus] = [part.map((l) => l.id), part.map((l) => l.node), part.map((l) => l.sku)]
      await tx.query('INSERT INTO lots (id, node, sku, quantity, eta) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[])', [
        ids,
        nodes,
        skus,
        part.map((l) => l.quantity),
        part.map((l) => l.eta),
      ])
      await tx.query('INSERT INTO positions (node, sku, on_hand) SELECT DISTINCT n, s, 0 FROM unnest($1::text[], $2::text[]) AS u (n, s) ON CONFLICT DO NOTHING', [nodes, skus])
    }
    return undefined
  })
  if (stored !== undefined) return (await latestCatalogue(db)) ?? catalogueFrom(stored.network, stored.policies ?? undefined)
  return catalogueFrom(genesis.network, genesis.snapshot.policies)
}

/**
 * The catalogue of a genesis network and its stock policies: decoded again (stored documents
 * were decoded before they were stored; decoding re-brands them) and the network compiled.
 */
export const catalogueFrom = (network: unknown, policies: unknown, version = 0): Catalogue => {
  const document = orThrow(decodeNetwork(network), 'stored network')
  const decoded = policies === undefined || policies === null ? undefined : orThrow(decodeStockSnapshot({ rows: [], policies }), 'stored policies').policies
  return { document, policies: decoded, network: orThrow(compileNetwork(document), 'stored network'), version }
}

/** The network the database holds now: its latest version (undefined while it is the genesis's). */
const latestCatalogue = async (db: Sql): Promise<Catalogue | undefined> => {
  const found = await db.query<{ version: number; network: unknown; policies: unknown }>('SELECT version, network, policies FROM networks ORDER BY version DESC LIMIT 1')
  const row = found.rows[0]
  return row === undefined ? undefined : catalogueFrom(row.network, row.policies, row.version)
}

/** The catalogue of network version `version` (0: the genesis's). */
export const catalogueAt = async (db: Sql, version: number): Promise<Catalogue> => {
  if (version === 0) {
    const found = await db.query<{ network: unknown; policies: unknown }>(GENESIS_CATALOGUE)
    const row = found.rows[0]
    if (row === undefined) throw new Error('the database holds no genesis: run migrate first')
    return catalogueFrom(row.network, row.policies)
  }
  const found = await db.query<{ network: unknown; policies: unknown }>('SELECT network, policies FROM networks WHERE version = $1', [version])
  const row = found.rows[0]
  if (row === undefined) throw new Error(`the database holds no network version ${version}`)
  return catalogueFrom(row.network, row.policies, version)
}

/** The network version the tables are on (0: the genesis's), as a scalar subquery. */
const NETWORK_VERSION = '(SELECT COALESCE(MAX(version), 0)::int FROM networks)'

/** The network version the database holds now. */
export const networkVersion = async (db: Sql): Promise<number> =>
  ((await db.query<{ version: number }>(`SELECT ${NETWORK_VERSION} AS version`)).rows[0] as { version: number }).version

/**
 * Thrown inside a command's transaction when the network changed since the process read its
 * catalogue: the command is run again on the new one (its rows may name nodes the old one
 * lacks).
 */
export class NetworkChanged extends Error {
  override readonly name = 'NetworkChanged'
  constructor(readonly version: number) {
    super(`the network is at version ${version} now`)
  }
}

/** The whole genesis the database holds (network and stock snapshot), as stored. */
export const readGenesis = async (db: Sql): Promise<Genesis> => {
  // As text (`genesis_document`), or as a meta entry in a database stored before that table.
  const document = await db.query<{ document: string }>('SELECT document FROM genesis_document WHERE id = 1')
  const text = document.rows[0]?.document
  const value = text !== undefined ? (JSON.parse(text) as Genesis) : (await db.query<{ value: Genesis }>(`SELECT value FROM meta WHERE key = 'genesis'`)).rows[0]?.value
  if (value === undefined) throw new Error('the database holds no genesis: run migrate first')
  return { network: orThrow(decodeNetwork(value.network), 'stored network'), snapshot: orThrow(decodeStockSnapshot(value.snapshot), 'stored snapshot') }
}

// ---------------------------------------------------------------------------------------------
// Network changes
// ---------------------------------------------------------------------------------------------

/** The event log's entry for a network change: the new version, stored in `networks`. */
export interface NetworkChangedEvent {
  readonly type: 'network-changed'
  readonly at: string
  readonly version: number
}

/** What the event log holds: the library's stock events and network changes. */
export type LoggedEvent = StockEvent | NetworkChangedEvent

/** A position a network change would strand: at a node the new network lacks, still holding something. */
export interface StrandedRow {
  readonly node: string
  readonly sku: string
  readonly onHand: number
  readonly held: number
  readonly lots: readonly string[]
}

/** What `changeNetworkTables` did. */
export type NetworkChange =
  | { readonly kind: 'changed'; readonly catalogue: Catalogue; readonly removed: readonly string[]; readonly added: readonly string[] }
  | { readonly kind: 'invalid'; readonly part: 'network' | 'policies'; readonly error: { readonly _tag: string; readonly message: string; readonly path?: string } }
  | { readonly kind: 'stranded'; readonly positions: readonly StrandedRow[] }

/**
 * Replaces the network (and its stock policies) while the service runs, keeping every
 * position, lot and reservation: decoded and compiled first (`invalid`, naming the path); then,
 * with writes to positions held off (the table's EXCLUSIVE lock, which readers pass), refused
 * as `stranded` when a node it closes still holds units, lots or live reservations; else
 * stored as the next version, with a `network-changed` entry in the event log that every
 * process's cache follows (library `changeNetwork`). Commands that read the old version are
 * run again (`NetworkChanged`).
 */
export const changeNetworkTables = async (db: Db, document: unknown, policies: unknown, at: string): Promise<NetworkChange> => {
  const decoded = decodeNetwork(document)
  if (E.isLeft(decoded)) return { kind: 'invalid', part: 'network', error: decoded.left }
  const compiled = compileNetwork(decoded.right)
  if (E.isLeft(compiled)) return { kind: 'invalid', part: 'network', error: compiled.left }
  const snapshot = decodeStockSnapshot({ rows: [], ...(policies === undefined || policies === null ? {} : { policies }) })
  if (E.isLeft(snapshot)) return { kind: 'invalid', part: 'policies', error: snapshot.left }
  // Policies must fit the new network (a safety stock at a node it lacks is an error).
  const fits = buildStock(compiled.right, snapshot.right)
  if (E.isLeft(fits)) return { kind: 'invalid', part: 'policies', error: fits.left }
  const ids = compiled.right.nodes.ids
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7477002)')
    await tx.query('LOCK TABLE positions IN EXCLUSIVE MODE')
    const stranded = await tx.query<{ node: string; sku: string; on_hand: number; held: number; lots: string[] }>(
      `SELECT p.node, p.sku, p.on_hand, (p.reserved + p.backordered)::int AS held,
         COALESCE(array_agg(l.id ORDER BY l.id) FILTER (WHERE l.id IS NOT NULL), '{}') AS lots
       FROM positions p LEFT JOIN lots l ON l.node = p.node AND l.sku = p.sku AND l.quantity > 0
       WHERE p.node <> ALL($1::text[])
       GROUP BY p.node, p.sku, p.on_hand, p.reserved, p.backordered
       HAVING p.on_hand > 0 OR p.reserved > 0 OR p.backordered > 0 OR COUNT(l.id) > 0
       ORDER BY p.node, p.sku`,
      [ids],
    )
    if (stranded.rows.length > 0) {
      return { kind: 'stranded', positions: stranded.rows.map((r) => ({ node: r.node, sku: r.sku, onHand: r.on_hand, held: r.held, lots: r.lots })) }
    }
    const version = (await networkVersion(tx)) + 1
    const before = (await catalogueAt(tx, version - 1)).network.nodes.ids
    // What is left at closed nodes holds nothing: empty positions and spent lots go with them.
    await tx.query('DELETE FROM lots WHERE node <> ALL($1::text[])', [ids])
    await tx.query('DELETE FROM positions WHERE node <> ALL($1::text[])', [ids])
    await tx.query('INSERT INTO networks (version, network, policies, at) VALUES ($1, $2, $3, $4)', [
      version,
      JSON.stringify(decoded.right),
      snapshot.right.policies === undefined ? null : JSON.stringify(snapshot.right.policies),
      at,
    ])
    const event: NetworkChangedEvent = { type: 'network-changed', at, version }
    await tx.query('INSERT INTO events (type, at, body) VALUES ($1, $2, $3)', [event.type, at, JSON.stringify(event)])
    await tx.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`)
    const known = new Set(ids)
    const had = new Set(before)
    return {
      kind: 'changed',
      catalogue: { document: decoded.right, policies: snapshot.right.policies, network: compiled.right, version },
      removed: before.filter((n) => !known.has(n)),
      added: ids.filter((n) => !had.has(n)),
    }
  })
}

/**
 * `state` carried onto the catalogue a `network-changed` entry names (library `changeNetwork`,
 * with that version's policies, none if it has none).
 */
export const stateOnNetwork = (state: StockState, catalogue: Catalogue): StockState =>
  orThrow(changeNetwork(state, catalogue.network, { policies: catalogue.policies ?? ({} as StockPolicies) }), `network version ${catalogue.version}`)

// ---------------------------------------------------------------------------------------------
// From rows to a StockState
// ---------------------------------------------------------------------------------------------

export interface PositionRow {
  readonly node: string
  readonly sku: string
  readonly on_hand: number
}

export interface LotRow {
  readonly id: string
  readonly node: string
  readonly sku: string
  readonly quantity: number
  readonly eta: string
}

/** Units held by live reservations at a position, per channel and promised instant. */
interface HoldRow {
  readonly node: string
  readonly sku: string
  readonly channel: string
  readonly available_at: string | null
  readonly held: number
}

/** A reservation and its lines, as stored. */
export interface ReservationRow {
  readonly id: string
  readonly order_id: string | null
  readonly channel: string
  readonly status: 'held' | 'confirmed' | 'released' | 'expired' | 'fulfilled'
  readonly created_at: string
  readonly expires_at: string | null
  readonly idempotency_key: string | null
  readonly lines: readonly {
    readonly idx: number
    readonly node: string
    readonly sku: string
    readonly quantity: number
    readonly held: number
    readonly available_at: string | null
    readonly line_id: string | null
  }[]
}

/**
 * The library's state for these rows: positions and lots from a snapshot, live reservations
 * replayed as `reserved` events. Reservations named in `reservations` come back whole (same
 * id and line order, each line holding what it still holds), so that ledger commands on them
 * emit events that fit the stored reservation; the others only as anonymous holds, enough for
 * ATP.
 */
export const stateFrom = (
  catalogue: Catalogue,
  positions: readonly PositionRow[],
  lots: readonly LotRow[],
  holds: readonly HoldRow[],
  reservations: readonly ReservationRow[],
): StockState => stateOfSnapshotRows(catalogue, positions.map((p) => ({ node: p.node, sku: p.sku, onHand: p.on_hand })), lots, holds, reservations)

/** A snapshot row as the library reads it (before its codecs brand it: these rows come from the tables). */
interface StockRow {
  readonly node: string
  readonly sku: string
  readonly onHand: number
}

/** `stateFrom` with the positions already as snapshot rows. */
const stateOfSnapshotRows = (
  catalogue: Catalogue,
  rows: readonly StockRow[],
  lots: readonly LotRow[],
  holds: readonly HoldRow[],
  reservations: readonly ReservationRow[],
): StockState => {
  const snapshot = { rows, ...snapshotRest(catalogue, lots) } as unknown as StockSnapshot
  return withHolds(orThrow(buildStock(catalogue.network, snapshot), 'stock from rows'), holds, reservations)
}

/** A snapshot's lots and policies from rows (lots still holding units). */
const snapshotRest = (catalogue: Catalogue, lots: readonly LotRow[]): Pick<StockSnapshot, 'inbound' | 'policies'> => ({
  inbound: lots.filter((l) => l.quantity > 0).map((l) => ({ id: l.id, node: l.node, sku: l.sku, quantity: l.quantity, eta: l.eta })) as unknown as NonNullable<StockSnapshot['inbound']>,
  ...(catalogue.policies === undefined ? {} : { policies: catalogue.policies }),
})

/** `state` with the holds and the reservations of `stateFrom` replayed on it. */
const withHolds = (built: StockState, holds: readonly HoldRow[], reservations: readonly ReservationRow[]): StockState => {
  let state = built
  holds.forEach((h, k) => {
    const event: ReservedEvent = {
      type: 'reserved',
      at: '1970-01-01T00:00:00Z',
      reservation: {
        id: `hold:${k}`,
        channel: h.channel,
        lines: [{ node: h.node, sku: h.sku, quantity: h.held, ...(h.available_at === null ? {} : { availableAt: h.available_at }) }],
      },
      sequence: 0,
    }
    state = applyEvent(state, event)
  })
  for (const r of reservations) {
    const lines = [...r.lines].sort((a, b) => a.idx - b.idx)
    const event: ReservedEvent = {
      type: 'reserved',
      at: r.created_at,
      reservation: {
        id: r.id,
        channel: r.channel,
        lines: lines.map((l) => ({
          node: l.node,
          sku: l.sku,
          quantity: l.held,
          ...(l.available_at === null ? {} : { availableAt: l.available_at }),
          ...(l.line_id === null ? {} : { lineId: l.line_id }),
        })),
        ...(r.order_id === null ? {} : { orderId: r.order_id }),
        ...(r.expires_at === null ? {} : { expiresAt: r.expires_at }),
      },
      sequence: 0,
    }
    state = applyEvent(state, event)
    if (r.status === 'confirmed') state = applyEvent(state, { type: 'confirmed', at: r.created_at, reservation: r.id })
  }
  return state
}

const HOLDS = `
  SELECT l.node, l.sku, r.channel, l.available_at, SUM(l.held)::int AS held
  FROM reservation_lines l JOIN reservations r ON r.id = l.reservation_id
  WHERE l.held > 0 AND r.status IN ('held', 'confirmed')`

/**
 * The whole network's stock as the library sees it, read in one statement (one snapshot of
 * the database), without locks: what routing and availability queries work on. A plan made
 * on it is only a proposal; `lockedState` checks it again under locks. Throws
 * `NetworkChanged` when the tables are on another network than `catalogue`.
 */
export const currentState = async (db: Sql, catalogue: Catalogue): Promise<StockState> => {
  const { rows } = await db.query<{ version: number; positions: PositionRow[] | null; lots: LotRow[] | null; holds: HoldRow[] | null }>(`
    SELECT
      ${NETWORK_VERSION} AS version,
      (SELECT json_agg(p) FROM (SELECT node, sku, on_hand FROM positions) p) AS positions,
      (SELECT json_agg(l) FROM (SELECT id, node, sku, quantity, eta FROM lots WHERE quantity > 0) l) AS lots,
      (SELECT json_agg(h) FROM (${HOLDS} GROUP BY l.node, l.sku, r.channel, l.available_at ORDER BY 1, 2, 3, 4) h) AS holds`)
  const row = rows[0]
  if (row !== undefined && row.version !== catalogue.version) throw new NetworkChanged(row.version)
  return stateFrom(catalogue, row?.positions ?? [], row?.lots ?? [], row?.holds ?? [], [])
}

/** Keys beyond which `tupleList` sends two arrays: a list of thousands of tuples exhausts the parser's stack. */
const TUPLES_INLINE = 500

/** The keys as the right side of `(node, sku) IN (…)`: a list of tuples, or two arrays for many keys. */
const tupleList = (keys: readonly PositionKey[], offset: number): { sql: string; params: unknown[] } =>
  keys.length <= TUPLES_INLINE
    ? { sql: keys.map((_, i) => `($${offset + 2 * i + 1}, $${offset + 2 * i + 2})`).join(', '), params: keys.flatMap((k) => [k.node, k.sku]) }
    : { sql: `SELECT * FROM unnest($${offset + 1}::text[], $${offset + 2}::text[])`, params: [keys.map((k) => k.node), keys.map((k) => k.sku)] }

const uniqueSorted = (keys: readonly PositionKey[]): PositionKey[] => {
  const seen = new Map<string, PositionKey>()
  for (const k of keys) seen.set(`${k.node}\u0000${k.sku}`, { node: k.node, sku: k.sku })
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, k]) => k)
}

/** Reads reservations with their lines, locking them (in id order) when `lock` is set. */
export const readReservations = async (tx: Sql, ids: readonly string[], lock: boolean): Promise<ReservationRow[]> => {
  if (ids.length === 0) return []
  const sorted = [...new Set(ids)].sort()
  const placeholders = sorted.map((_, i) => `$${i + 1}`).join(', ')
  const found = await tx.query<Omit<ReservationRow, 'lines'>>(
    `SELECT id, order_id, channel, status, created_at, expires_at, idempotency_key FROM reservations
     WHERE id IN (${placeholders}) ORDER BY id ${lock ? 'FOR UPDATE' : ''}`,
    sorted,
  )
  if (found.rows.length === 0) return []
  const lines = await tx.query<ReservationRow['lines'][number] & { reservation_id: string }>(
    `SELECT reservation_id, idx, node, sku, quantity, held, available_at, line_id FROM reservation_lines
     WHERE reservation_id IN (${placeholders}) ORDER BY reservation_id, idx`,
    sorted,
  )
  return found.rows.map((r) => ({ ...r, lines: lines.rows.filter((l) => l.reservation_id === r.id) }))
}

/**
 * The library's state for one command, inside its transaction: the reservations it names,
 * locked and whole, and the positions it touches (theirs and `positions`), locked in
 * (node, sku) order so that two transactions never wait for each other in a cycle. Positions
 * that do not exist yet (a return of a new SKU) are created first.
 */
export const lockedState = async (
  tx: Sql,
  catalogue: Catalogue,
  scope: { readonly positions?: readonly PositionKey[]; readonly reservations?: readonly string[]; readonly create?: boolean },
): Promise<{ readonly state: StockState; readonly reservations: readonly ReservationRow[] }> => {
  const reservations = await readReservations(tx, scope.reservations ?? [], true)
  const keys = uniqueSorted([...(scope.positions ?? []), ...reservations.flatMap((r) => r.lines.map((l) => ({ node: l.node, sku: l.sku })))])
  if (scope.create === true) {
    for (const k of keys) await tx.query('INSERT INTO positions (node, sku, on_hand) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING', [k.node, k.sku])
  }
  if (keys.length === 0) return { state: stateFrom(catalogue, [], [], [], reservations), reservations }
  const list = tupleList(keys, 0)
  const positions = await tx.query<PositionRow>(
    `SELECT node, sku, on_hand FROM positions WHERE (node, sku) IN (${list.sql}) ORDER BY node, sku FOR UPDATE`,
    list.params,
  )
  const excluded = reservations.map((r) => r.id)
  const exclusion = excluded.length === 0 ? '' : `AND r.id NOT IN (${excluded.map((_, i) => `$${list.params.length + i + 1}`).join(', ')})`
  // After the row locks, in one statement: the network version (a network change holds the
  // table's EXCLUSIVE lock until it commits, so it either committed before and shows here, or
  // waits for this transaction), the positions' lots and the other reservations' holds.
  const rest = await tx.query<{ version: number; lots: LotRow[] | null; holds: HoldRow[] | null }>(
    `SELECT ${NETWORK_VERSION} AS version,
       (SELECT json_agg(l) FROM (SELECT id, node, sku, quantity, eta FROM lots WHERE quantity > 0 AND (node, sku) IN (${list.sql})) l) AS lots,
       (SELECT json_agg(h) FROM (${HOLDS} AND (l.node, l.sku) IN (${list.sql}) ${exclusion} GROUP BY l.node, l.sku, r.channel, l.available_at ORDER BY 1, 2, 3, 4) h) AS holds`,
    [...list.params, ...excluded],
  )
  const row = rest.rows[0] as { version: number; lots: LotRow[] | null; holds: HoldRow[] | null }
  if (row.version !== catalogue.version) throw new NetworkChanged(row.version)
  return { state: stateFrom(catalogue, positions.rows, row.lots ?? [], row.holds ?? [], reservations), reservations }
}

// ---------------------------------------------------------------------------------------------
// From events to rows
// ---------------------------------------------------------------------------------------------

/** The tables disagree with the library's events: a bug, never a refusal. */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation'
}

const drainColumn = { released: 'released', expired: 'expired', fulfilled: 'fulfilled' } as const

/**
 * Writes the library's events to the tables and appends them to the event log, in the
 * caller's transaction. Every update is also guarded in SQL (a reservation never takes more
 * than on hand minus what is already reserved; counters never go negative), so a bug in this
 * code would abort the transaction instead of overselling.
 */
export const project = async (tx: Sql, events: readonly StockEvent[]): Promise<void> => {
  for (let k = 0; k < events.length; k++) {
    const ev = events[k] as StockEvent
    if (ev.type === 'adjusted') {
      // A run of counts at distinct positions (a stock snapshot's) in one statement.
      const run = adjustedRun(events, k)
      await tx.query(
        'INSERT INTO positions (node, sku, on_hand) SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) ON CONFLICT (node, sku) DO UPDATE SET on_hand = EXCLUDED.on_hand',
        [run.map((e) => e.node), run.map((e) => e.sku), run.map((e) => e.onHand)],
      )
      k += run.length - 1
      continue
    }
    switch (ev.type) {
      case 'reserved': {
        // One statement: the guarded counters of every line, the reservation and its lines.
        const r = ev.reservation
        const now = r.lines.filter((l) => l.availableAt === undefined)
        const later = r.lines.filter((l) => l.availableAt !== undefined)
        const expiresMs = r.expiresAt === undefined ? null : Date.parse(r.expiresAt)
        const done = await tx.query<{ now: number; later: number }>(
          `WITH now AS (
             UPDATE positions p SET reserved = p.reserved + u.q
             FROM (SELECT node, sku, SUM(q)::int AS q FROM unnest($1::text[], $2::text[], $3::int[]) AS x (node, sku, q) GROUP BY node, sku) u
             WHERE p.node = u.node AND p.sku = u.sku AND p.on_hand - p.reserved >= u.q RETURNING 1),
           later AS (
             UPDATE positions p SET backordered = p.backordered + u.q
             FROM (SELECT node, sku, SUM(q)::int AS q FROM unnest($4::text[], $5::text[], $6::int[]) AS x (node, sku, q) GROUP BY node, sku) u
             WHERE p.node = u.node AND p.sku = u.sku RETURNING 1),
           reservation AS (
             INSERT INTO reservations (id, order_id, channel, status, created_at, expires_at, expires_ms, idempotency_key)
             VALUES ($7, $8, $9, 'held', $10, $11, $12, $13) RETURNING id),
           lines AS (
             INSERT INTO reservation_lines (reservation_id, idx, node, sku, quantity, held, available_at, line_id)
             SELECT (SELECT id FROM reservation), x.idx - 1, x.node, x.sku, x.q, x.q, x.available_at, x.line_id
             FROM unnest($14::text[], $15::text[], $16::int[], $17::text[], $18::text[]) WITH ORDINALITY AS x (node, sku, q, available_at, line_id, idx)
             RETURNING 1)
           SELECT (SELECT COUNT(*) FROM now)::int AS now, (SELECT COUNT(*) FROM later)::int AS later, (SELECT COUNT(*) FROM lines)::int AS lines`,
          [
            now.map((l) => l.node),
            now.map((l) => l.sku),
            now.map((l) => l.quantity),
            later.map((l) => l.node),
            later.map((l) => l.sku),
            later.map((l) => l.quantity),
            r.id,
            r.orderId ?? null,
            r.channel,
            ev.at,
            r.expiresAt ?? null,
            expiresMs,
            r.idempotencyKey ?? null,
            r.lines.map((l) => l.node),
            r.lines.map((l) => l.sku),
            r.lines.map((l) => l.quantity),
            r.lines.map((l) => l.availableAt ?? null),
            r.lines.map((l) => l.lineId ?? null),
          ],
        )
        const counts = done.rows[0] as { now: number; later: number }
        const positionsOf = (lines: typeof r.lines): number => new Set(lines.map((l) => `${l.node}\u0000${l.sku}`)).size
        if (counts.now !== positionsOf(now)) throw new InvariantViolation(`reservation ${r.id} would take more than on hand minus reserved at a position`)
        if (counts.later !== positionsOf(later)) throw new InvariantViolation(`reservation ${r.id} backorders at a position that does not exist`)
        break
      }
      case 'confirmed':
        await tx.query(`UPDATE reservations SET status = 'confirmed' WHERE id = $1 AND status = 'held'`, [ev.reservation])
        break
      case 'released':
      case 'expired':
      case 'fulfilled': {
        const column = drainColumn[ev.type]
        for (const l of ev.lines) {
          const line = await tx.query<{ available_at: string | null }>(
            `UPDATE reservation_lines SET held = held - $3, ${column} = ${column} + $3
             WHERE reservation_id = $1 AND idx = $2 AND held >= $3 RETURNING available_at`,
            [ev.reservation, l.line, l.quantity],
          )
          const found = line.rows[0]
          if (found === undefined) throw new InvariantViolation(`reservation ${ev.reservation} line ${l.line} holds fewer than ${l.quantity}`)
          const counter = found.available_at === null ? 'reserved' : 'backordered'
          const onHand = ev.type === 'fulfilled' ? ', on_hand = GREATEST(0, on_hand - $3)' : ''
          await tx.query(`UPDATE positions SET ${counter} = ${counter} - $3${onHand} WHERE node = $1 AND sku = $2`, [l.node, l.sku, l.quantity])
        }
        await tx.query(
          `UPDATE reservations SET status = CASE
             WHEN $2 = 'expired' OR NOT EXISTS (SELECT 1 FROM reservation_lines WHERE reservation_id = $1 AND held > 0) THEN $2
             ELSE status END
           WHERE id = $1`,
          [ev.reservation, ev.type],
        )
        break
      }
      case 'inbound-announced':
        await tx.query('INSERT INTO lots (id, node, sku, quantity, eta) VALUES ($1, $2, $3, $4, $5)', [ev.lot.id, ev.lot.node, ev.lot.sku, ev.lot.quantity, ev.lot.eta])
        await tx.query('INSERT INTO positions (node, sku, on_hand) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING', [ev.lot.node, ev.lot.sku])
        break
      case 'inbound-received':
        await tx.query('UPDATE lots SET quantity = quantity - $2 WHERE id = $1', [ev.lot, ev.quantity])
        await tx.query('UPDATE positions SET on_hand = on_hand + $3 WHERE node = $1 AND sku = $2', [ev.node, ev.sku, ev.quantity])
        break
      case 'returned':
        await tx.query(
          'INSERT INTO positions (node, sku, on_hand) VALUES ($1, $2, $3) ON CONFLICT (node, sku) DO UPDATE SET on_hand = positions.on_hand + EXCLUDED.on_hand',
          [ev.node, ev.sku, ev.quantity],
        )
        break
    }
  }
  if (events.length === 0) return
  // The log, in the events' order, and a notification delivered when the transaction commits
  // to every process keeping a stock cache (cache.ts): one statement.
  await tx.query(
    `WITH logged AS (
       INSERT INTO events (type, at, body)
       SELECT type, at, body FROM unnest($1::text[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS e (type, at, body, n) ORDER BY n
       RETURNING 1)
     SELECT pg_notify('${EVENTS_CHANNEL}', '') FROM (SELECT COUNT(*) FROM logged) c`,
    [events.map((e) => e.type), events.map((e) => e.at), events.map((e) => JSON.stringify(e))],
  )
}

type AdjustedEvent = Extract<StockEvent, { readonly type: 'adjusted' }>

/** The 'adjusted' events from `events[from]` on, as long as each is at a position the run has not met yet. */
const adjustedRun = (events: readonly StockEvent[], from: number): AdjustedEvent[] => {
  const run: AdjustedEvent[] = []
  const seen = new Set<string>()
  for (let k = from; k < events.length; k++) {
    const e = events[k] as StockEvent
    if (e.type !== 'adjusted') break
    const key = `${e.node}\u0000${e.sku}`
    if (seen.has(key)) break
    seen.add(key)
    run.push(e)
  }
  return run
}

/** The channel `project` notifies when a transaction wrote events. */
export const EVENTS_CHANNEL = 'omnistock_events'

// ---------------------------------------------------------------------------------------------
// The stock cache's reads (cache.ts)
// ---------------------------------------------------------------------------------------------

/**
 * The horizon of the reading transaction's snapshot: every transaction with a lower id had
 * ended (committed or rolled back) when it was taken, so no event of theirs can appear later.
 */
const HORIZON = 'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon'

/** Makes `tx` (just begun) read one snapshot (REPEATABLE READ) and returns that snapshot's horizon. */
const snapshotHorizon = async (tx: Sql): Promise<string> => {
  await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ')
  return ((await tx.query<{ horizon: string }>(HORIZON)).rows[0] as { horizon: string }).horizon
}

/** The ids of transactions (xid8, as decimal text) at or above `horizon` whose events the snapshot shows. */
const SHOWN_ABOVE = 'SELECT DISTINCT txid::text AS txid FROM events WHERE txid >= $1::xid8'

/** What the stock cache starts from: the rows the tables show, in one snapshot, and where the log stood. */
export interface LoadedStock {
  /** The network the snapshot saw (the one given, unless it changed). */
  readonly catalogue: Catalogue
  /** The rows, packed: the state is built from them (`stateOfRows`), in each thread that keeps one. */
  readonly rows: StockRows
  readonly horizon: bigint
  /** Transactions at or above the horizon whose events the tables already show. */
  readonly shown: readonly bigint[]
}

/**
 * Positions, lots and live reservations, as read, in as few objects as possible: plain data
 * another thread takes by copying a few arrays, not millions of objects. Each position is
 * three integers: its node (an index into `nodes`), its SKU (an index into `skus`), its
 * on hand.
 */
export interface StockRows {
  readonly nodes: readonly string[]
  readonly skus: readonly string[]
  /** Per position: node index, SKU index, on hand. */
  readonly positions: Int32Array
  readonly lots: readonly LotRow[]
  readonly live: readonly ReservationRow[]
}

/**
 * The separator of the packed positions query: a control character no id is expected to
 * hold. One that does is found (a SKU's list then splits into more parts than it has
 * positions) and the rows are read one by one instead.
 */
const SEPARATOR = '\u001f'

/**
 * Every position, one row per SKU: its node ids and on hands interleaved in one string, with
 * the count of its positions. Twenty thousand rows and strings split natively, where two
 * million rows would each be parsed into an object.
 */
const PACKED_POSITIONS = `SELECT sku, COUNT(*)::int AS n, string_agg(node || E'\\x1f' || on_hand::text, E'\\x1f') AS p FROM positions GROUP BY sku`

/** Packs every position the snapshot of `tx` shows, nodes numbered from `nodeIds` (then any other met). */
const packedPositions = async (tx: Sql, nodeIds: readonly string[]): Promise<Pick<StockRows, 'nodes' | 'skus' | 'positions'>> => {
  const nodes = [...nodeIds]
  const nodeIndex = new Map<string, number>(nodes.map((id, i) => [id, i]))
  const indexOf = (id: string): number => {
    const known = nodeIndex.get(id)
    if (known !== undefined) return known
    // A position at a node the network lacks: kept, so that building the state reports it.
    nodes.push(id)
    nodeIndex.set(id, nodes.length - 1)
    return nodes.length - 1
  }
  const found = await tx.query<{ sku: string; n: number; p: string }>(PACKED_POSITIONS)
  let total = 0
  for (const r of found.rows) total += r.n
  const positions = new Int32Array(3 * total)
  const skus: string[] = []
  let k = 0
  for (const r of found.rows) {
    const parts = r.p.split(SEPARATOR)
    if (parts.length !== 2 * r.n) return rowByRow(tx, nodeIds)
    const s = skus.length
    skus.push(r.sku)
    for (let j = 0; j < parts.length; j += 2) {
      positions[k++] = indexOf(parts[j] as string)
      positions[k++] = s
      positions[k++] = Number(parts[j + 1])
    }
  }
  return { nodes, skus, positions }
}

/** `packedPositions` from one row per position: for ids holding the separator. */
const rowByRow = async (tx: Sql, nodeIds: readonly string[]): Promise<Pick<StockRows, 'nodes' | 'skus' | 'positions'>> => {
  const found = await tx.query<PositionRow>('SELECT node, sku, on_hand FROM positions')
  const nodes = new Map<string, number>(nodeIds.map((id, i) => [id, i]))
  const skus = new Map<string, number>()
  const indexOf = (m: Map<string, number>, id: string): number => {
    const known = m.get(id)
    if (known !== undefined) return known
    m.set(id, m.size)
    return m.size - 1
  }
  const positions = new Int32Array(3 * found.rows.length)
  found.rows.forEach((p, i) => {
    positions[3 * i] = indexOf(nodes, p.node)
    positions[3 * i + 1] = indexOf(skus, p.sku)
    positions[3 * i + 2] = p.on_hand
  })
  return { nodes: [...nodes.keys()], skus: [...skus.keys()], positions }
}

/**
 * The whole stock in one snapshot (REPEATABLE READ): positions (packed), lots and every live
 * reservation whole, so that later events about them apply; with the snapshot's horizon and
 * the transactions above it it already shows.
 */
export const loadStock = async (db: Db, known: Catalogue): Promise<LoadedStock> =>
  db.transaction(async (tx) => {
    const horizon = await snapshotHorizon(tx)
    const version = await networkVersion(tx)
    const catalogue = version === known.version ? known : await catalogueAt(tx, version)
    const packed = await packedPositions(tx, catalogue.network.nodes.ids)
    const lots = await tx.query<LotRow>('SELECT id, node, sku, quantity, eta FROM lots WHERE quantity > 0')
    const live = await tx.query<ReservationRow>(`
      SELECT r.id, r.order_id, r.channel, r.status, r.created_at, r.expires_at, r.idempotency_key,
        json_agg(json_build_object('idx', l.idx, 'node', l.node, 'sku', l.sku, 'quantity', l.quantity, 'held', l.held,
          'available_at', l.available_at, 'line_id', l.line_id) ORDER BY l.idx) AS lines
      FROM reservations r JOIN reservation_lines l ON l.reservation_id = r.id
      WHERE r.status IN ('held', 'confirmed')
      GROUP BY r.id ORDER BY r.id`)
    const shown = await tx.query<{ txid: string }>(SHOWN_ABOVE, [horizon])
    return {
      catalogue,
      rows: { ...packed, lots: lots.rows, live: live.rows },
      horizon: BigInt(horizon),
      shown: shown.rows.map((r) => BigInt(r.txid)),
    }
  })

/** The library's state for loaded rows: `stateFrom` with their positions, lots and live reservations. */
export const stateOfRows = (catalogue: Catalogue, rows: StockRows): StockState => {
  // Node indexes are the network's when the rows were numbered from its nodes and met no
  // other (else the rows go through `buildStock`, which names a node it lacks): built from
  // the columns as they are, without an object per position.
  const ids = catalogue.network.nodes.ids
  if (rows.nodes.length === ids.length && rows.nodes.every((id, i) => id === ids[i])) {
    const built = buildStockFromColumns(catalogue.network, { skus: rows.skus, positions: rows.positions, ...snapshotRest(catalogue, rows.lots) })
    return withHolds(orThrow(built, 'stock from rows'), [], rows.live)
  }
  const p = rows.positions
  // Pushed, not preallocated: V8 keeps a large `new Array(n)` as a slow dictionary.
  const snapshotRows: StockRow[] = []
  for (let i = 0; i < p.length; i += 3) {
    snapshotRows.push({ node: rows.nodes[p[i] as number] as string, sku: rows.skus[p[i + 1] as number] as string, onHand: p[i + 2] as number })
  }
  return stateOfSnapshotRows(catalogue, snapshotRows, rows.lots, [], rows.live)
}

/** One transaction's events, in the order it wrote them. */
export interface LoggedTransaction {
  readonly txid: bigint
  readonly events: readonly LoggedEvent[]
}

/**
 * The events of every transaction the current snapshot shows at or above `since`, but those in
 * `known`, grouped by transaction (ascending id, then write order), with the snapshot's horizon.
 */
export const eventsSince = async (
  db: Db,
  since: bigint,
  known: readonly bigint[] = [],
): Promise<{ readonly horizon: bigint; readonly transactions: readonly LoggedTransaction[] }> => {
  // One statement, so one snapshot (READ COMMITTED takes one per statement): the horizon and
  // the events it shows agree, in one round trip. The transactions the caller already has
  // (`known`) are left out: under load the horizon lags behind the transactions still
  // running, and every catch-up would otherwise read again all those since.
  const found = await db.query<{ horizon: string; events: { txid: string; body: LoggedEvent }[] | null }>(
    `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon,
       (SELECT json_agg(json_build_object('txid', txid::text, 'body', body) ORDER BY txid, seq) FROM events
        WHERE txid >= $1::xid8 AND txid <> ALL($2::xid8[])) AS events`,
    [since.toString(), known.map((t) => t.toString())],
  )
  const row = found.rows[0] as { horizon: string; events: { txid: string; body: LoggedEvent }[] | null }
  const transactions: { txid: bigint; events: LoggedEvent[] }[] = []
  for (const r of row.events ?? []) {
    const txid = BigInt(r.txid)
    const last = transactions[transactions.length - 1]
    if (last !== undefined && last.txid === txid) last.events.push(r.body)
    else transactions.push({ txid, events: [r.body] })
  }
  return { horizon: BigInt(row.horizon), transactions }
}

// ---------------------------------------------------------------------------------------------
// The strong check: tables = replay of the log
// ---------------------------------------------------------------------------------------------

/** What `checkLedger` found. */
export interface LedgerCheck {
  readonly consistent: boolean
  readonly events: number
  readonly positions: number
  readonly reservations: number
  /** Units reserved now (immediate holds), over all positions. */
  readonly reserved: number
  readonly mismatches: readonly string[]
}

/**
 * Replays the whole event log on the genesis with the pure library and compares the result
 * with the tables, position by position (on hand, reserved, backordered; none negative;
 * reserved = Σ held of live reservation lines) and reservation by reservation (status, held
 * per line). The log's network changes are replayed where they happened (library
 * `changeNetwork`). Reads everything in one transaction, so run it when writes have stopped.
 */
export const checkLedger = async (db: Db): Promise<LedgerCheck> =>
  db.transaction(async (tx) => {
    const events = await tx.query<{ body: LoggedEvent }>('SELECT body FROM events ORDER BY seq')
    const positions = await tx.query<{ node: string; sku: string; on_hand: number; reserved: number; backordered: number; live: number; live_backordered: number }>(`
      SELECT p.node, p.sku, p.on_hand, p.reserved, p.backordered, COALESCE(l.live, 0)::int AS live, COALESCE(l.live_backordered, 0)::int AS live_backordered
      FROM positions p LEFT JOIN (
        -- Aggregated once and joined: a national network's millions of positions, one pass each.
        SELECT node, sku, SUM(held) FILTER (WHERE available_at IS NULL) AS live, SUM(held) FILTER (WHERE available_at IS NOT NULL) AS live_backordered
        FROM reservation_lines WHERE held > 0 GROUP BY node, sku
      ) l ON l.node = p.node AND l.sku = p.sku
      ORDER BY p.node, p.sku`)
    const ids = await tx.query<{ id: string }>('SELECT id FROM reservations ORDER BY id')
    const reservations = await readReservations(tx, ids.rows.map((r) => r.id), false)
    // The genesis network, then each version the log names, from where it names it.
    const genesis = await catalogueAt(tx, 0)
    let state = orThrow(buildStock(genesis.network, (await readGenesis(tx)).snapshot), 'genesis')
    let segment: StockEvent[] = []
    for (const { body } of events.rows) {
      if (body.type !== 'network-changed') {
        segment.push(body)
        continue
      }
      state = stateOnNetwork(replay(state, segment), await catalogueAt(tx, body.version))
      segment = []
    }
    state = replay(state, segment)
    const mismatches: string[] = []
    let reserved = 0
    for (const p of positions.rows) {
      const where = `${p.node}/${p.sku}`
      reserved += p.reserved
      if (p.on_hand < 0 || p.reserved < 0 || p.backordered < 0) mismatches.push(`${where}: negative counter`)
      if (p.reserved !== p.live) mismatches.push(`${where}: reserved ${p.reserved} ≠ Σ live lines ${p.live}`)
      if (p.backordered !== p.live_backordered) mismatches.push(`${where}: backordered ${p.backordered} ≠ Σ live lines ${p.live_backordered}`)
      const b = positionBreakdown(state, { node: p.node, sku: p.sku, channel: '-' })
      const expected = { onHand: b?.onHand ?? 0, reserved: b?.reserved ?? 0, backordered: b?.backordered ?? 0 }
      if (expected.onHand !== p.on_hand || expected.reserved !== p.reserved || expected.backordered !== p.backordered) {
        mismatches.push(`${where}: table ${JSON.stringify([p.on_hand, p.reserved, p.backordered])} ≠ replay ${JSON.stringify([expected.onHand, expected.reserved, expected.backordered])}`)
      }
    }
    for (const r of reservations) {
      const view = getReservation(state, r.id)
      if (view === undefined) {
        mismatches.push(`reservation ${r.id}: not in the replay`)
        continue
      }
      if (view.status !== r.status) mismatches.push(`reservation ${r.id}: status ${r.status} ≠ replay ${view.status}`)
      r.lines.forEach((l) => {
        const held = view.lines[l.idx]?.held
        if (held !== l.held) mismatches.push(`reservation ${r.id} line ${l.idx}: held ${l.held} ≠ replay ${String(held)}`)
      })
    }
    return {
      consistent: mismatches.length === 0,
      events: events.rows.length,
      positions: positions.rows.length,
      reservations: reservations.length,
      reserved,
      mismatches,
    }
  })
