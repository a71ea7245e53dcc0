/**
 * Concurrency and faults against a real PostgreSQL server (DATABASE_URL; skipped without it,
 * and `.ci/run` sets it). PGlite runs one transaction at a time, so only a server with real
 * concurrent backends can show that two checkouts never take the same last unit.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APPLICATION_NAME, openPostgres, type Db } from '../../examples/order-service/db.js'
import { createScratchDatabase, startServiceProcess, type ScratchDatabase, type ServiceProcess } from '../../examples/order-service/processes.js'
import { OrderService } from '../../examples/order-service/service.js'
import { genesisOf } from '../../examples/order-service/start.js'
import { checkLedger, migrate, type Catalogue } from '../../examples/order-service/store.js'
import { customers, sampleNetwork, sampleStock } from '../../examples/sample-network.js'
import { DATABASE_URL } from './support.js'

/** 50 units of RACE-1 a web order may take: 20 + 15 + 10 + 5 (warehouses keep 1 unit of safety stock). */
const RACE_STOCK = [
  { node: 'W-PARIS', sku: 'RACE-1', onHand: 21 },
  { node: 'W-LYON', sku: 'RACE-1', onHand: 16 },
  { node: 'S-PARIS-RIVOLI', sku: 'RACE-1', onHand: 10 },
  { node: 'DS-PARIS-11', sku: 'RACE-1', onHand: 5 },
]
const UNITS = 50
const ORDERS = 200

/** The sample network with RACE-1 in its SKU catalogue: a line for a SKU outside it is an unknown-sku error. */
const raceNetwork = { ...sampleNetwork, skus: [...(sampleNetwork.skus ?? []), { id: 'RACE-1' as (typeof sampleNetwork.skus & object)[number]['id'] }] }
const genesis = () => genesisOf(raceNetwork, { ...sampleStock, rows: [...sampleStock.rows, ...RACE_STOCK] })
const destinations = Object.values(customers)

const raceOrder = (i: number) => ({
  id: `R-${i}`,
  channel: 'web',
  lines: [{ id: '1', sku: 'RACE-1', quantity: 1 }],
  delivery: { method: 'ship', to: destinations[i % destinations.length] },
})

const post = async (url: string, body: unknown, key?: string): Promise<{ status: number; body: any; replayed: boolean }> => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(90_000),
  })
  return { status: res.status, body: await res.json(), replayed: res.headers.get('idempotent-replayed') === 'true' }
}

/** Waits until `probe` returns a value, polling; fails after `ms`. */
const until = async <T>(probe: () => Promise<T | undefined>, ms: number, what: string): Promise<T> => {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe.skipIf(DATABASE_URL === undefined)('order service on a real PostgreSQL server (DATABASE_URL)', () => {
  let scratch: ScratchDatabase
  let db: Db
  let catalogue: Catalogue
  let admin: pg.Client

  beforeAll(async () => {
    scratch = await createScratchDatabase(DATABASE_URL as string, 'omnistock_race')
    db = openPostgres(scratch.url, { max: 4 })
    catalogue = await migrate(db, genesis())
    admin = new pg.Client({ connectionString: scratch.url })
    await admin.connect()
  })
  afterAll(async () => {
    await admin?.end()
    await db?.close()
    await scratch?.drop()
  })

  const raceReserved = async (): Promise<{ reserved: number; onHand: number; negative: number }> => {
    const { rows } = await db.query<{ reserved: number; on_hand: number; negative: number }>(
      `SELECT SUM(reserved)::int AS reserved, SUM(on_hand)::int AS on_hand,
              (SELECT COUNT(*)::int FROM positions WHERE on_hand - reserved < 0 OR reserved < 0 OR on_hand < 0) AS negative
       FROM positions WHERE sku = 'RACE-1'`,
    )
    const r = rows[0] as { reserved: number; on_hand: number; negative: number }
    return { reserved: r.reserved, onHand: r.on_hand, negative: r.negative }
  }

  it(`${ORDERS} concurrent orders through two service processes race for ${UNITS} units: exactly ${UNITS} win`, async () => {
    const services: ServiceProcess[] = []
    try {
      services.push(...(await Promise.all([startServiceProcess(scratch.url), startServiceProcess(scratch.url)])))
      const urls = services.map((s) => `${s.url}/orders`)
      const started = performance.now()
      const answers = await Promise.all(
        Array.from({ length: ORDERS }, (_, i) => post(urls[i % 2] as string, raceOrder(i), `race-key-${i}`)),
      )
      const seconds = (performance.now() - started) / 1000
      const statuses = answers.reduce<Record<number, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {})
      console.log(`race: ${ORDERS} orders over 2 processes in ${seconds.toFixed(2)} s → ${JSON.stringify(statuses)}`)
      expect(statuses).toEqual({ 201: UNITS, 409: ORDERS - UNITS })
      for (const a of answers) if (a.status === 409) expect(a.body.error).toBe('out-of-stock')

      const totals = await raceReserved()
      expect(totals).toEqual({ reserved: UNITS, onHand: UNITS + 2, negative: 0 })
      const perNode = await db.query<{ node: string; reserved: number }>(`SELECT node, reserved FROM positions WHERE sku = 'RACE-1' ORDER BY node`)
      expect(Object.fromEntries(perNode.rows.map((r) => [r.node, r.reserved]))).toEqual({ 'DS-PARIS-11': 5, 'S-PARIS-RIVOLI': 10, 'W-LYON': 15, 'W-PARIS': 20 })
      const check = await checkLedger(db)
      expect(check.mismatches).toEqual([])
      expect({ reservations: check.reservations, events: check.events }).toEqual({ reservations: UNITS, events: UNITS })

      // Every key replayed, each to the other process, all at once: the winners get their
      // first answer back, the refused are refused again, and nothing changes.
      const replays = await Promise.all(answers.map((_, i) => post(urls[(i + 1) % 2] as string, raceOrder(i), `race-key-${i}`)))
      replays.forEach((r, i) => {
        const first = answers[i] as (typeof answers)[number]
        expect(r.status).toBe(first.status)
        if (first.status === 201) {
          expect(r.replayed).toBe(true)
          expect(r.body).toEqual(first.body)
        }
      })
      const after = await checkLedger(db)
      expect(after).toEqual(check)
      expect(await raceReserved()).toEqual(totals)
    } finally {
      await Promise.all(services.map((s) => s.stop()))
    }
  })

  it(`${ORDERS} orders through four processes, one killed and restarted mid-load, race for ${UNITS} units: exactly ${UNITS} win`, async () => {
    // A database of its own: the race above took this one's units.
    const own = await createScratchDatabase(DATABASE_URL as string, 'omnistock_race4')
    const ownDb = openPostgres(own.url, { max: 2 })
    const services: ServiceProcess[] = []
    try {
      await migrate(ownDb, genesis())
      services.push(...(await Promise.all([0, 1, 2, 3].map(() => startServiceProcess(own.url)))))
      const urlOf = (i: number): string => `${(services[i % 4] as ServiceProcess).url}/orders`
      // Each order is sent until it gets an answer, to the next process when one is down; the
      // idempotency key makes a resend after a lost answer safe.
      const send = async (i: number): Promise<{ status: number; body: any }> => {
        for (let k = 0; ; k++) {
          try {
            return await post(urlOf(i + k), raceOrder(i), `race4-key-${i}`)
          } catch {
            await new Promise((r) => setTimeout(r, 50))
          }
        }
      }
      const first = Promise.all(Array.from({ length: ORDERS / 2 }, (_, i) => send(i)))
      // Mid-load, the third process dies without warning and a new one takes its place.
      await new Promise((r) => setTimeout(r, 150))
      ;(services[2] as ServiceProcess).child.kill('SIGKILL')
      services[2] = await startServiceProcess(own.url)
      const answers = [...(await first), ...(await Promise.all(Array.from({ length: ORDERS / 2 }, (_, i) => send(ORDERS / 2 + i))))]
      const statuses = answers.reduce<Record<number, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {})
      expect(statuses).toEqual({ 201: UNITS, 409: ORDERS - UNITS })
      const { rows } = await ownDb.query<{ reserved: number }>(`SELECT SUM(reserved)::int AS reserved FROM positions WHERE sku = 'RACE-1'`)
      expect(rows[0]?.reserved).toBe(UNITS)
      const check = await checkLedger(ownDb)
      expect(check.mismatches).toEqual([])
      // Every process, the restarted one too, answers availability from the stock the tables hold.
      for (const svc of services) {
        for (const node of ['W-PARIS', 'W-LYON', 'S-PARIS-RIVOLI', 'DS-PARIS-11']) {
          const res = await fetch(`${svc.url}/availability/RACE-1?node=${node}&channel=web`)
          expect(((await res.json()) as { atp: number }).atp).toBe(0)
        }
      }
    } finally {
      await Promise.all(services.map((s) => s.stop()))
      await ownDb.close()
      await own.drop()
    }
  })

  /**
   * Blocks the service's transaction midway: the test holds an exclusive lock on the event
   * log, so the transaction has updated positions and inserted the reservation, then waits
   * at its INSERT INTO events. Returns the waiting backend's pid once it is there.
   */
  const blockMidway = async (): Promise<number> => {
    await admin.query('BEGIN')
    await admin.query('LOCK TABLE events IN EXCLUSIVE MODE')
    return until(
      async () => {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO events%'`,
          [APPLICATION_NAME],
        )
        // pg_stat_activity is read once per transaction unless the snapshot is cleared.
        await admin.query('SELECT pg_stat_clear_snapshot()')
        return rows[0]?.pid
      },
      30_000,
      'the order transaction to block at its event insert',
    )
  }

  /** Tables the backend has written to in its open transaction. */
  const writtenBy = async (pid: number): Promise<string[]> => {
    const { rows } = await admin.query<{ rel: string }>(
      `SELECT relation::regclass::text AS rel FROM pg_locks WHERE pid = $1 AND locktype = 'relation' AND mode = 'RowExclusiveLock' ORDER BY 1`,
      [pid],
    )
    return rows.map((r) => r.rel)
  }

  const snapshot = async () => ({
    totals: await raceReserved(),
    check: await checkLedger(db),
    lamp: (await db.query(`SELECT node, on_hand, reserved FROM positions WHERE sku = 'LAMP' ORDER BY node`)).rows,
  })

  it('a transaction whose backend is terminated midway leaves no partial reservation', async () => {
    const before = await snapshot()
    const service = new OrderService(openPostgres(scratch.url, { max: 2 }), catalogue)
    try {
      const order = { id: 'K-1', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 2 }], delivery: { method: 'ship', to: customers.lyonPresquile } } as const
      const { decodeOrder } = await import('../../src/index.js')
      const decoded = decodeOrder(order)
      if (decoded._tag === 'Left') throw new Error(decoded.left.message)
      const pending = service.placeOrder(decoded.right, 'kill-key-1')
      const pid = await blockMidway()
      expect(await writtenBy(pid)).toEqual(expect.arrayContaining(['positions', 'reservation_lines', 'reservations']))
      await admin.query('SELECT pg_terminate_backend($1)', [pid])
      await admin.query('ROLLBACK')
      const answer = await pending
      expect(answer.status).toBe(503)
      expect(await snapshot()).toEqual(before)
      expect((await db.query(`SELECT 1 FROM reservations WHERE id = 'order:K-1'`)).rows).toHaveLength(0)

      // The client retries with the same key: now it goes through, exactly once.
      const retried = await service.placeOrder(decoded.right, 'kill-key-1')
      expect(retried.status).toBe(201)
      const check = await checkLedger(db)
      expect(check.mismatches).toEqual([])
      expect(check.events).toBe(before.check.events + 1)
    } finally {
      await service.db.close()
    }
  })

  it('a service process killed midway (SIGKILL) leaves no partial reservation', async () => {
    const before = await snapshot()
    const proc = await startServiceProcess(scratch.url)
    try {
      const order = { id: 'K-2', channel: 'web', lines: [{ id: '1', sku: 'LAMP', quantity: 1 }], delivery: { method: 'ship', to: customers.parisBastille } }
      const pending = post(`${proc.url}/orders`, order).then(
        () => 'answered',
        () => 'connection lost',
      )
      const pid = await blockMidway()
      expect(await writtenBy(pid)).toEqual(expect.arrayContaining(['positions', 'reservation_lines', 'reservations']))
      proc.child.kill('SIGKILL')
      expect(await pending).toBe('connection lost')
      await admin.query('ROLLBACK')
      // The server notices the dead client and rolls its transaction back.
      await until(
        async () => {
          await admin.query('SELECT pg_stat_clear_snapshot()')
          return (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rows.length === 0 ? true : undefined
        },
        30_000,
        'the orphaned backend to end',
      )
      expect(await snapshot()).toEqual(before)
      expect((await db.query(`SELECT 1 FROM reservations WHERE id = 'order:K-2'`)).rows).toHaveLength(0)
    } finally {
      await proc.stop()
    }
  })
})
