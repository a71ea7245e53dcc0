/**
 * `npm run service:size`: the order service on a national network — 1,000 nodes, 20,000
 * SKUs, each SKU at 100 nodes: 2,000,000 stock positions (seeded). On a scratch database of
 * the PostgreSQL server DATABASE_URL names: the first start (tables, genesis and positions
 * written in bulk), then a service process started on it as a later start would be, timed
 * from spawn to listening, with its memory, and a few orders through it.
 *
 *   DATABASE_URL=postgres://… npm run service:size [-- --skus 20000 --per-sku 100]
 */
import { parseArgs } from 'node:util'
import { openPostgres } from './db.js'
import { createScratchDatabase, startServiceProcess } from './processes.js'
import { nationalGenesis, skuId } from './national.js'
import { migrate } from './store.js'

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '1000' }, skus: { type: 'string', default: '20000' }, 'per-sku': { type: 'string', default: '100' } } })
const url = process.env['DATABASE_URL']
if (url === undefined || url === '') {
  console.error('service:size needs DATABASE_URL (a PostgreSQL server where the role may create databases)')
  process.exit(2)
}
const NODES = Math.max(1, Number(values.nodes))
const SKUS = Math.max(1, Number(values.skus))
const PER_SKU = Math.min(NODES, Math.max(1, Number(values['per-sku'])))

const seconds = (t: number): string => ((performance.now() - t) / 1000).toFixed(1)

let t = performance.now()
const genesis = nationalGenesis({ nodes: NODES, skus: SKUS, perSku: PER_SKU })
console.log(`network: ${NODES} nodes, ${SKUS} SKUs, ${genesis.snapshot.rows.length} positions (generated in ${seconds(t)} s)`)
const scratch = await createScratchDatabase(url, 'omnistock_size')
try {
  const db = openPostgres(scratch.url, { max: 2 })
  t = performance.now()
  await migrate(db, genesis)
  console.log(`first start (tables, genesis, positions in bulk): ${seconds(t)} s`)
  await db.close()
  t = performance.now()
  const service = await startServiceProcess(scratch.url, { timeoutMs: 120_000 })
  try {
    const started = seconds(t)
    const health = (await (await fetch(`${service.url}/health`)).json()) as { memory?: { rss: number; heapUsed: number } }
    console.log(`later start (a service process from spawn to listening: network read, stock loaded into its cache and into its routing worker): ${started} s`)
    console.log(`memory of that process: rss ${Math.round((health.memory?.rss ?? 0) / 1e6)} MB, heap ${Math.round((health.memory?.heapUsed ?? 0) / 1e6)} MB`)
    const order = (i: number) => ({ id: `S-${i}`, channel: 'web', lines: [{ id: '1', sku: skuId(i * 7919 % SKUS), quantity: 1 }, { id: '2', sku: skuId(i * 104_729 % SKUS), quantity: 1 }], delivery: { method: 'ship', to: { lat: 44 + (i % 6), lon: 0.5 + (i % 7) } } })
    const times: number[] = []
    for (let i = 0; i < 50; i++) {
      const s = performance.now()
      const r = await fetch(`${service.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order(i)) })
      if (r.status !== 201) throw new Error(`order ${i}: ${r.status} ${await r.text()}`)
      times.push(performance.now() - s)
    }
    times.sort((a, b) => a - b)
    console.log(`50 two-line orders one at a time: p50 ${(times[25] ?? 0).toFixed(1)} ms, max ${(times[49] ?? 0).toFixed(1)} ms`)
  } finally {
    await service.stop()
  }
} finally {
  await scratch.drop()
}
