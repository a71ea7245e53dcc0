/**
 * `npm run service`: the order service, on loopback by default.
 *
 *   npm run service                                   # embedded PGlite, in memory, sample network
 *   npm run service -- --port 8080 --data-dir .data   # PGlite kept on disk
 *   DATABASE_URL=postgres://user:pw@127.0.0.1/db npm run service
 *   npm run service -- --network net.json --stock stock.json   # the retailer's own documents
 *   npm run service -- --read-tables                  # no stock cache: read the tables per request
 *
 * `OMNISTOCK_TOKEN` in the environment: every request but `GET /health` must carry
 * `Authorization: Bearer <token>`; serving beyond loopback (`--host`) needs one. Browsers'
 * requests (an `Origin` header) are refused unless `--origin` allows theirs. Each request
 * is logged as one line of JSON on stdout (`--quiet`: none). Orders are routed in
 * `--workers` threads (default 1; 0: on the event loop), each call within `--budget` work
 * units (the library's default when absent). SIGTERM or SIGINT stops it gracefully:
 * requests being answered finish, new ones get 503.
 *
 * `npm run service` runs npm, then tsx, then Node: signal the Node process, or start it as
 * `node --import tsx examples/order-service/main.ts …` so that its PID is the server's.
 *
 * Prints `listening on http://127.0.0.1:PORT` once ready (port 0 picks a free one).
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { isLoopback } from './processes.js'
import { genesisOf, openDatabase, startService } from './start.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env['PORT'] ?? '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string' },
    'expire-every': { type: 'string', default: '10000' },
    'hold-minutes': { type: 'string', default: '15' },
    'read-tables': { type: 'boolean', default: false },
    network: { type: 'string' },
    stock: { type: 'string' },
    origin: { type: 'string', multiple: true, default: [] },
    rate: { type: 'string', default: '1000' },
    quiet: { type: 'boolean', default: false },
    workers: { type: 'string', default: '1' },
    budget: { type: 'string' },
  },
})

const fail = (message: string): never => {
  console.error(message)
  process.exit(2)
}

const token = process.env['OMNISTOCK_TOKEN']
if ((token === undefined || token === '') && !isLoopback(`http://${values.host.includes(':') ? `[${values.host}]` : values.host}`)) {
  fail(`refusing to serve on ${values.host} without a token: set OMNISTOCK_TOKEN`)
}
if ((values.network === undefined) !== (values.stock === undefined)) fail('--network and --stock go together')
const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown
  } catch (error) {
    return fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
}
let genesis: ReturnType<typeof genesisOf> | undefined
if (values.network !== undefined && values.stock !== undefined) {
  try {
    genesis = genesisOf(readJson(values.network), readJson(values.stock))
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error))
  }
}
const perSecond = Number(values.rate)
if (!Number.isFinite(perSecond) || perSecond < 0) fail(`--rate must be a number of requests a second (0: no limit), not ${values.rate}`)

const workers = Number(values.workers)
if (!Number.isInteger(workers) || workers < 0 || workers > 64) fail(`--workers must be a whole number from 0 to 64, not ${values.workers}`)
const budget = values.budget === undefined ? undefined : Number(values.budget)
if (budget !== undefined && !(Number.isSafeInteger(budget) && budget > 0)) fail(`--budget must be a positive whole number of work units, not ${values.budget}`)

const databaseUrl = process.env['DATABASE_URL']
const db = await openDatabase({ databaseUrl, dataDir: values['data-dir'] })
const running = await startService({
  db,
  ...(genesis === undefined ? {} : { genesis }),
  port: Number(values.port),
  hostname: values.host,
  expireEveryMs: Number(values['expire-every']),
  holdMinutes: Number(values['hold-minutes']),
  cache: !values['read-tables'],
  workers,
  ...(budget === undefined ? {} : { budget }),
  app: {
    ...(token === undefined || token === '' ? {} : { token }),
    origins: values.origin,
    rateLimit: { perSecond },
    ...(values.quiet ? {} : { log: (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`) }),
  },
})
console.log(`listening on ${running.url} (database: ${db.kind})`)

let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
