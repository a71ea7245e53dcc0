/**
 * `npm run service`: the order service on the sample network, on loopback.
 *
 *   npm run service                                   # embedded PGlite, in memory
 *   npm run service -- --port 8080 --data-dir .data   # PGlite kept on disk
 *   DATABASE_URL=postgres://user:pw@127.0.0.1/db npm run service
 *   npm run service -- --read-tables                  # no stock cache: read the tables per request
 *
 * Prints `listening on http://127.0.0.1:PORT` once ready (port 0 picks a free one).
 */
import { parseArgs } from 'node:util'
import { openDatabase, startService } from './start.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env['PORT'] ?? '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string' },
    'expire-every': { type: 'string', default: '10000' },
    'hold-minutes': { type: 'string', default: '15' },
    'read-tables': { type: 'boolean', default: false },
  },
})

const databaseUrl = process.env['DATABASE_URL']
const db = await openDatabase({ databaseUrl, dataDir: values['data-dir'] })
const running = await startService({
  db,
  port: Number(values.port),
  hostname: values.host,
  expireEveryMs: Number(values['expire-every']),
  holdMinutes: Number(values['hold-minutes']),
  cache: !values['read-tables'],
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
