/**
 * `npm run load`: a bounded load on the order service, on loopback only; prints orders/s and
 * latency percentiles, then checks that the tables still equal the replay of the event log.
 *
 *   npm run load                                   # embedded PGlite, service in this process
 *   DATABASE_URL=postgres://… npm run load         # a scratch database, two service processes
 *   npm run load -- --orders 5000 --concurrency 64 --max-seconds 60
 *   npm run load -- --url http://127.0.0.1:3000    # a service already running (loopback only)
 *   npm run load -- --read-tables                  # services without the stock cache (tables read per request)
 *
 * Orders are generated from a seeded PRNG: 1–2 lines of the sample SKUs, 1–3 units each,
 * shipped to random points in France or collected in a store, each with its own idempotency
 * key. The run stops after `--orders` orders or `--max-seconds`, whichever comes first.
 */
import { parseArgs } from 'node:util'
import { sampleStock } from '../sample-network.js'
import { openPglite, openPostgres } from './db.js'
import { createScratchDatabase, isLoopback, startServiceProcess, type ServiceProcess } from './processes.js'
import { genesisOf, startService } from './start.js'
import { sampleNetwork } from '../sample-network.js'
import { checkLedger, migrate, type LedgerCheck } from './store.js'
import { mulberry32 as prng } from '../network/random.js'

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    'max-seconds': { type: 'string', default: '60' },
    url: { type: 'string' },
    seed: { type: 'string', default: '42' },
    processes: { type: 'string', default: '2' },
    'read-tables': { type: 'boolean', default: false },
  },
})

const ORDERS = Math.min(50_000, Math.max(1, Number(values.orders)))
const CONCURRENCY = Math.min(256, Math.max(1, Number(values.concurrency)))
const MAX_SECONDS = Math.min(600, Math.max(1, Number(values['max-seconds'])))
const PROCESSES = Math.min(4, Math.max(1, Number(values.processes)))


const SKUS = ['SNEAKER-42', 'JACKET-M', 'TENT-4P', 'LAMP']
const PICKUP_NODES = ['S-LYON-PART-DIEU', 'S-PARIS-RIVOLI', 'L-LYON-PERRACHE', 'S-MARSEILLE']

const makeOrder = (random: () => number, id: string): unknown => {
  const lines = Array.from({ length: random() < 0.7 ? 1 : 2 }, (_, i) => ({
    id: String(i + 1),
    sku: SKUS[Math.floor(random() * SKUS.length)] as string,
    quantity: 1 + Math.floor(random() * 3),
  }))
  const delivery =
    random() < 0.15
      ? { method: 'pickup', node: PICKUP_NODES[Math.floor(random() * PICKUP_NODES.length)] }
      : { method: 'ship', to: { lat: 43.3 + random() * 7.2, lon: -1 + random() * 8 } }
  return { id, channel: random() < 0.8 ? 'web' : 'app', lines, delivery, maxShipments: 2 }
}

/** The sample network with 200 times its stock, so that most orders can be placed. */
const loadGenesis = () => genesisOf(sampleNetwork, { ...sampleStock, rows: sampleStock.rows.map((r) => ({ ...r, onHand: r.onHand * 200 })) })

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0

interface Target {
  readonly urls: readonly string[]
  readonly describe: string
  check(): Promise<LedgerCheck | undefined>
  close(): Promise<void>
}

const startTarget = async (): Promise<Target> => {
  if (values.url !== undefined) {
    if (!isLoopback(values.url)) throw new Error(`refusing to load ${values.url}: only loopback addresses (127.0.0.0/8, localhost, ::1)`)
    return { urls: [values.url.replace(/\/$/, '')], describe: `the service at ${values.url}`, check: async () => undefined, close: async () => undefined }
  }
  const databaseUrl = process.env['DATABASE_URL']
  if (databaseUrl !== undefined && databaseUrl !== '') {
    const scratch = await createScratchDatabase(databaseUrl, 'omnistock_load')
    const db = openPostgres(scratch.url, { max: 2 })
    const catalogue = await migrate(db, loadGenesis())
    const services: ServiceProcess[] = []
    try {
      services.push(...(await Promise.all(Array.from({ length: PROCESSES }, () => startServiceProcess(scratch.url, values['read-tables'] ? { args: ['--read-tables'] } : {})))))
    } catch (error) {
      await Promise.all(services.map((s) => s.stop()))
      await db.close()
      await scratch.drop()
      throw error
    }
    return {
      urls: services.map((s) => s.url),
      describe: `${PROCESSES} service processes on PostgreSQL (scratch database ${scratch.name})`,
      check: () => checkLedger(db, catalogue),
      close: async () => {
        await Promise.all(services.map((s) => s.stop()))
        await db.close()
        await scratch.drop()
      },
    }
  }
  const db = await openPglite()
  const running = await startService({ db, genesis: loadGenesis(), cache: !values['read-tables'] })
  return {
    urls: [running.url],
    describe: 'one service in this process on embedded PGlite',
    check: () => checkLedger(db, running.service.catalogue),
    close: () => running.close(),
  }
}

const target = await startTarget()
console.log(`load: up to ${ORDERS} orders, ${CONCURRENCY} at a time, at most ${MAX_SECONDS} s, against ${target.describe}`)
const random = prng(Number(values.seed))
const run = `${Date.now().toString(36)}`
const bodies = Array.from({ length: ORDERS }, (_, i) => makeOrder(random, `L-${run}-${i}`))
const latencies: number[] = []
const statuses = new Map<number, number>()
let next = 0
let failures = 0
const started = performance.now()
const deadline = started + MAX_SECONDS * 1000

const worker = async (): Promise<void> => {
  for (;;) {
    const i = next++
    if (i >= ORDERS || performance.now() > deadline) return
    const url = target.urls[i % target.urls.length] as string
    const t0 = performance.now()
    try {
      const res = await fetch(`${url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `load-${run}-${i}` },
        body: JSON.stringify(bodies[i]),
        signal: AbortSignal.timeout(30_000),
      })
      await res.arrayBuffer()
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    } catch {
      failures++
    }
    latencies.push(performance.now() - t0)
  }
}

try {
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const seconds = (performance.now() - started) / 1000
  const sorted = [...latencies].sort((a, b) => a - b)
  const placed = statuses.get(201) ?? 0
  const stats = await Promise.all(target.urls.map(async (u) => ((await (await fetch(`${u}/health`)).json()) as { stats?: { reroutedAfterRace: number } }).stats))
  const raced = stats.reduce((n, s) => n + (s?.reroutedAfterRace ?? 0), 0)
  console.log(
    [
      `orders sent      ${latencies.length} in ${seconds.toFixed(2)} s`,
      `throughput       ${(latencies.length / seconds).toFixed(1)} orders/s (${(placed / seconds).toFixed(1)} placed/s)`,
      `latency (ms)     p50 ${percentile(sorted, 50).toFixed(1)}  p90 ${percentile(sorted, 90).toFixed(1)}  p99 ${percentile(sorted, 99).toFixed(1)}  max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)}`,
      `answers          ${[...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ')}${failures > 0 ? `, network errors: ${failures}` : ''}`,
      `re-routed after losing a race: ${raced}`,
    ].join('\n'),
  )
  const check = await target.check()
  if (check !== undefined) {
    console.log(`ledger check     ${check.consistent ? 'consistent' : 'INCONSISTENT'}: ${check.events} events replayed, ${check.reservations} reservations, ${check.positions} positions`)
    for (const m of check.mismatches.slice(0, 10)) console.log(`  ${m}`)
  }
  const serverErrors = [...statuses.entries()].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0)
  if (failures > 0 || serverErrors > 0 || (check !== undefined && !check.consistent)) process.exitCode = 1
} finally {
  await target.close()
}
