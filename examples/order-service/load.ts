/**
 * `npm run load`: a bounded load on the order service, on loopback only; prints orders/s and
 * latency percentiles, then checks that the tables still equal the replay of the event log.
 *
 *   npm run load                                   # embedded PGlite, service in this process
 *   DATABASE_URL=postgres://… npm run load         # a scratch database, two service processes
 *   npm run load -- --orders 5000 --concurrency 64 --max-seconds 60
 *   npm run load -- --url http://127.0.0.1:3000    # a service already running (loopback only)
 *   npm run load -- --read-tables                  # services without the stock cache (tables read per request)
 *   DATABASE_URL=… npm run load -- --world national --scenario hot --curve
 *   DATABASE_URL=… npm run load -- --profile /tmp/prof   # service processes write CPU profiles (node --cpu-prof) there
 *
 * Worlds: `sample` (the bundled network, its stock times 200) or `national` (1,000 nodes,
 * 20,000 SKUs, 2,000,000 positions: national.ts). Scenarios: `mixed` (1–2 lines, 1–3 units,
 * shipped or collected in a store; national: 1–3 lines of any SKU, shipped) or `hot` (every
 * order wants one unit of HOT-1, of which 50 may be promised at four nodes: exactly 50 must
 * be placed and the rest refused, or the run fails). `--curve` runs 1, 2 and 4 service
 * processes in turn, each on a scratch database of its own, and prints the curve as a table.
 * Orders come from a seeded PRNG, each with its own idempotency key; a run stops after
 * `--orders` orders or `--max-seconds`, whichever comes first.
 */
import { parseArgs } from 'node:util'
import { mulberry32 as prng } from '../network/random.js'
import { sampleNetwork, sampleStock } from '../sample-network.js'
import { openPglite, openPostgres } from './db.js'
import { nationalGenesis, skuId } from './national.js'
import { createScratchDatabase, isLoopback, startServiceProcess, type ServiceProcess } from './processes.js'
import { genesisOf, startService } from './start.js'
import { checkLedger, migrate, type Genesis, type LedgerCheck } from './store.js'

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    'max-seconds': { type: 'string', default: '60' },
    url: { type: 'string' },
    seed: { type: 'string', default: '42' },
    processes: { type: 'string', default: '2' },
    'read-tables': { type: 'boolean', default: false },
    world: { type: 'string', default: 'sample' },
    scenario: { type: 'string', default: 'mixed' },
    curve: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
})

const ORDERS = Math.min(50_000, Math.max(1, Number(values.orders)))
const CONCURRENCY = Math.min(256, Math.max(1, Number(values.concurrency)))
const MAX_SECONDS = Math.min(600, Math.max(1, Number(values['max-seconds'])))
const PROCESSES = Math.min(4, Math.max(1, Number(values.processes)))
const WORLD = values.world === 'national' ? 'national' : values.world === 'sample' ? 'sample' : undefined
const SCENARIO = values.scenario === 'hot' ? 'hot' : values.scenario === 'mixed' ? 'mixed' : undefined
if (WORLD === undefined || SCENARIO === undefined) {
  console.error('--world is sample or national; --scenario is mixed or hot')
  process.exit(2)
}

/** Units of HOT-1 an order may take in the hot scenario: 20 + 15 + 10 + 5 (warehouses keep safety stock). */
const HOT_UNITS = 50
const NATIONAL = { nodes: 1000, skus: 20_000, perSku: 100 }
const SAMPLE_SKUS = ['SNEAKER-42', 'JACKET-M', 'TENT-4P', 'LAMP']
const PICKUP_NODES = ['S-LYON-PART-DIEU', 'S-PARIS-RIVOLI', 'L-LYON-PERRACHE', 'S-MARSEILLE']

const shipTo = (random: () => number) => ({ method: 'ship', to: { lat: 43.3 + random() * 7.2, lon: -1 + random() * 8 } })

const makeOrder = (random: () => number, id: string): unknown => {
  if (SCENARIO === 'hot') return { id, channel: 'web', lines: [{ id: '1', sku: 'HOT-1', quantity: 1 }], delivery: shipTo(random) }
  if (WORLD === 'national') {
    const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => ({ id: String(i + 1), sku: skuId(Math.floor(random() * NATIONAL.skus)), quantity: 1 + Math.floor(random() * 2) }))
    return { id, channel: 'web', lines, delivery: shipTo(random), maxShipments: 2 }
  }
  const lines = Array.from({ length: random() < 0.7 ? 1 : 2 }, (_, i) => ({
    id: String(i + 1),
    sku: SAMPLE_SKUS[Math.floor(random() * SAMPLE_SKUS.length)] as string,
    quantity: 1 + Math.floor(random() * 3),
  }))
  const delivery = random() < 0.15 ? { method: 'pickup', node: PICKUP_NODES[Math.floor(random() * PICKUP_NODES.length)] } : shipTo(random)
  return { id, channel: random() < 0.8 ? 'web' : 'app', lines, delivery, maxShipments: 2 }
}

/** The genesis of the world, with HOT-1 at four nodes for the hot scenario. */
const loadGenesis = (): Genesis => {
  if (WORLD === 'national') {
    const g = nationalGenesis(NATIONAL)
    if (SCENARIO !== 'hot') return g
    const hot = [
      { node: 'N0000', sku: 'HOT-1', onHand: 22 },
      { node: 'N0010', sku: 'HOT-1', onHand: 17 },
      { node: 'N0001', sku: 'HOT-1', onHand: 10 },
      { node: 'N0002', sku: 'HOT-1', onHand: 5 },
    ]
    return genesisOf({ ...g.network, skus: [...(g.network.skus ?? []), { id: 'HOT-1' }] }, { ...g.snapshot, rows: [...g.snapshot.rows, ...hot] })
  }
  // The sample network with 200 times its stock, so that most mixed orders can be placed.
  const rows = sampleStock.rows.map((r) => ({ ...r, onHand: r.onHand * 200 }))
  const hot = [
    { node: 'W-PARIS', sku: 'HOT-1', onHand: 21 },
    { node: 'W-LYON', sku: 'HOT-1', onHand: 16 },
    { node: 'S-PARIS-RIVOLI', sku: 'HOT-1', onHand: 10 },
    { node: 'DS-PARIS-11', sku: 'HOT-1', onHand: 5 },
  ]
  return SCENARIO === 'hot'
    ? genesisOf({ ...sampleNetwork, skus: [...(sampleNetwork.skus ?? []), { id: 'HOT-1' }] }, { ...sampleStock, rows: [...rows, ...hot] })
    : genesisOf(sampleNetwork, { ...sampleStock, rows })
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0

interface Target {
  readonly urls: readonly string[]
  readonly describe: string
  check(): Promise<LedgerCheck | undefined>
  close(): Promise<void>
}

const startTarget = async (genesis: Genesis, processes: number): Promise<Target> => {
  if (values.url !== undefined) {
    if (!isLoopback(values.url)) throw new Error(`refusing to load ${values.url}: only loopback addresses (127.0.0.0/8, localhost, ::1)`)
    return { urls: [values.url.replace(/\/$/, '')], describe: `the service at ${values.url}`, check: async () => undefined, close: async () => undefined }
  }
  const databaseUrl = process.env['DATABASE_URL']
  if (databaseUrl !== undefined && databaseUrl !== '') {
    const scratch = await createScratchDatabase(databaseUrl, 'omnistock_load')
    const db = openPostgres(scratch.url, { max: 2 })
    await migrate(db, genesis)
    const services: ServiceProcess[] = []
    try {
      const args = values['read-tables'] ? ['--read-tables'] : []
      services.push(...(await Promise.all(Array.from({ length: processes }, () => startServiceProcess(scratch.url, { args, timeoutMs: 180_000, ...(values.profile === undefined ? {} : { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] }) })))))
    } catch (error) {
      await Promise.all(services.map((s) => s.stop()))
      await db.close()
      await scratch.drop()
      throw error
    }
    return {
      urls: services.map((s) => s.url),
      describe: `${processes} service process${processes === 1 ? '' : 'es'} on PostgreSQL (scratch database ${scratch.name})`,
      check: () => checkLedger(db),
      close: async () => {
        await Promise.all(services.map((s) => s.stop()))
        await db.close()
        await scratch.drop()
      },
    }
  }
  const db = await openPglite()
  const running = await startService({ db, genesis, cache: !values['read-tables'] })
  return {
    urls: [running.url],
    describe: 'one service in this process on embedded PGlite',
    check: () => checkLedger(db),
    close: () => running.close(),
  }
}

/** What one run measured. */
interface RunResult {
  readonly processes: number
  readonly sent: number
  readonly seconds: number
  readonly placed: number
  readonly p50: number
  readonly p99: number
  readonly statuses: ReadonlyMap<number, number>
  readonly failures: number
  readonly raced: number
  readonly check: LedgerCheck | undefined
  /** For the hot scenario: exactly the units that may be promised were placed. */
  readonly exact: boolean | undefined
}

const runLoad = async (genesis: Genesis, processes: number): Promise<RunResult> => {
  const target = await startTarget(genesis, processes)
  console.log(`load: up to ${ORDERS} orders (${WORLD} world, ${SCENARIO}), ${CONCURRENCY} at a time, at most ${MAX_SECONDS} s, against ${target.describe}`)
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
    const check = await target.check()
    const exact = SCENARIO === 'hot' ? placed === Math.min(HOT_UNITS, latencies.length) && (statuses.get(409) ?? 0) === latencies.length - placed : undefined
    console.log(
      [
        `orders sent      ${latencies.length} in ${seconds.toFixed(2)} s`,
        `throughput       ${(latencies.length / seconds).toFixed(1)} orders/s (${(placed / seconds).toFixed(1)} placed/s)`,
        `latency (ms)     p50 ${percentile(sorted, 50).toFixed(1)}  p90 ${percentile(sorted, 90).toFixed(1)}  p99 ${percentile(sorted, 99).toFixed(1)}  max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)}`,
        `answers          ${[...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ')}${failures > 0 ? `, network errors: ${failures}` : ''}`,
        `re-routed after losing a race: ${raced}`,
        ...(exact === undefined ? [] : [`hot SKU          ${exact ? `exactly ${Math.min(HOT_UNITS, latencies.length)} placed, the rest refused` : 'NOT EXACT'}`]),
      ].join('\n'),
    )
    if (check !== undefined) {
      console.log(`ledger check     ${check.consistent ? 'consistent' : 'INCONSISTENT'}: ${check.events} events replayed, ${check.reservations} reservations, ${check.positions} positions`)
      for (const m of check.mismatches.slice(0, 10)) console.log(`  ${m}`)
    }
    return { processes, sent: latencies.length, seconds, placed, p50: percentile(sorted, 50), p99: percentile(sorted, 99), statuses, failures, raced, check, exact }
  } finally {
    await target.close()
  }
}

const failed = (r: RunResult): boolean => {
  const serverErrors = [...r.statuses.entries()].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0)
  return r.failures > 0 || serverErrors > 0 || (r.check !== undefined && !r.check.consistent) || r.exact === false
}

const genesis = loadGenesis()
const counts = values.curve ? [1, 2, 4] : [PROCESSES]
const results: RunResult[] = []
for (const p of counts) results.push(await runLoad(genesis, p))
if (values.curve) {
  console.log(`\n| processes | orders | orders/s | placed/s | p50 ms | p99 ms | re-routed | ${SCENARIO === 'hot' ? 'exactly 50 placed | ' : ''}ledger |`)
  console.log(`|---:|---:|---:|---:|---:|---:|---:|${SCENARIO === 'hot' ? '---|' : ''}---|`)
  for (const r of results) {
    const cells = [r.processes, r.sent, (r.sent / r.seconds).toFixed(1), (r.placed / r.seconds).toFixed(1), r.p50.toFixed(0), r.p99.toFixed(0), r.raced]
    console.log(`| ${cells.join(' | ')} | ${r.exact === undefined ? '' : `${r.exact ? 'yes' : 'NO'} | `}${r.check === undefined ? '—' : r.check.consistent ? 'consistent' : 'INCONSISTENT'} |`)
  }
}
if (results.some(failed)) process.exitCode = 1
