/**
 * The `omnistock` command: `omnistock route scenario.json` prints the plan as JSON;
 * `omnistock explain scenario.json` prints it as a readable table. Invalid documents exit
 * with code 2 and name the offending path. The only module that touches files, the clock and
 * the console.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { routeScenario, type ScenarioError } from '../scenario.js'
import { planTable } from './table.js'

const USAGE = `usage: omnistock <route|explain> <scenario.json | ->
  route    print the fulfilment plan as JSON
  explain  print the plan and every node's reason as a table`

const describe = (e: ScenarioError): string => {
  if (e._tag === 'DecodeError') return `invalid ${e.document}:\n${e.message}`
  const path = 'path' in e && typeof e.path === 'string' ? `${e.path}: ` : ''
  return `${e._tag}: ${path}${e.message}`
}

/** Runs the command with `argv` (without node and script) and returns the exit code. */
export const main = (argv: readonly string[], io: { out: (s: string) => void; err: (s: string) => void; read: (f: string) => string; now: () => string }): number => {
  const [command, file] = argv
  if ((command !== 'route' && command !== 'explain') || file === undefined) {
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
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    io.err(`invalid JSON in ${file}: ${(e as Error).message}`)
    return 2
  }
  const result = routeScenario(json, io.now())
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
