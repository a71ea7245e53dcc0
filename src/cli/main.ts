/**
 * The `omnistock` command: `omnistock route scenario.json` prints the plan as JSON;
 * `omnistock explain scenario.json` prints it as a readable table; `omnistock promise
 * promise.json` prints the ranked delivery options (and, for one SKU, the nearest stores'
 * availability) as a table, or as JSON with `--json`. Invalid documents exit with code 2 and
 * name the offending path. The only module that touches files, the clock and the console.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { withoutByteOrderMark } from '../internal/json.js'
import { promiseScenario, type PromiseScenarioError } from '../promise/scenario.js'
import { routeScenario, type ScenarioError } from '../scenario.js'
import { promiseTable } from './promise-table.js'
import { planTable } from './table.js'

const USAGE = `usage: omnistock <route|explain> <scenario.json | ->
       omnistock promise [--json] <promise.json | ->
  route    print the fulfilment plan as JSON
  explain  print the plan and every node's reason as a table
  promise  print the delivery options (ship, pickup, reserve-in-store) ranked, as a table or JSON`

const describe = (e: ScenarioError | PromiseScenarioError): string => {
  if (e._tag === 'DecodeError') return `invalid ${e.document}:\n${e.message}`
  const path = 'path' in e && typeof e.path === 'string' && !e.message.startsWith(e.path) ? `${e.path}: ` : ''
  return `${e._tag}: ${path}${e.message}`
}

/** Runs the command with `argv` (without node and script) and returns the exit code. */
export const main = (argv: readonly string[], io: { out: (s: string) => void; err: (s: string) => void; read: (f: string) => string; now: () => string }): number => {
  const json = argv[0] === 'promise' && argv[1] === '--json'
  const [command, file] = json ? [argv[0], argv[2]] : argv
  if ((command !== 'route' && command !== 'explain' && command !== 'promise') || file === undefined) {
    io.err(USAGE)
    return 2
  }
  let text: string
  try {
    text = io.read(file)
  } catch (e) {
    io.err(`cannot read ${file}: ${(e as Error).message}`)
    return 2
  }
  let doc: unknown
  try {
    doc = JSON.parse(withoutByteOrderMark(text))
  } catch (e) {
    io.err(`invalid JSON in ${file}: ${(e as Error).message}`)
    return 2
  }
  if (command === 'promise') {
    const promised = promiseScenario(doc)
    if (E.isLeft(promised)) {
      io.err(describe(promised.left))
      return 2
    }
    const { options, availability } = promised.right
    io.out(json ? JSON.stringify(availability === undefined ? { options } : { options, availability }, null, 2) : promiseTable(options, availability))
    return 0
  }
  const result = routeScenario(doc, io.now())
  if (E.isLeft(result)) {
    io.err(describe(result.left))
    return 2
  }
  io.out(command === 'route' ? JSON.stringify(result.right.plan, null, 2) : planTable(result.right.plan))
  return 0
}

const isEntry = (): boolean => {
  const entry = process.argv[1] ?? ''
  return /(?:^|[\\/])(?:omnistock|main\.(?:js|ts|mjs))$/.test(entry)
}

if (isEntry()) {
  process.exitCode = main(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    read: (f) => readFileSync(f === '-' ? 0 : f, 'utf8'),
    now: () => new Date().toISOString(),
  })
}
