/**
 * The `omnistock` command: `omnistock route scenario.json` prints the plan as JSON;
 * `omnistock explain scenario.json` prints it as a readable table; `omnistock promise
 * promise.json` prints the ranked delivery options (and, for one SKU, the nearest stores'
 * availability) as a table, or as JSON with `--json`. Invalid documents exit with code 2 and
 * name the offending path. The only module that touches files, the clock and the console.
 */
import { formatError } from '../errors.js'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { withoutByteOrderMark } from '../internal/json.js'
import { promiseScenario, type PromiseScenarioError } from '../promise/scenario.js'
import { routeScenario, type ScenarioError } from '../scenario.js'
import { promiseTable } from './promise-table.js'
import { planTable } from './table.js'
import { waveCommand } from './wave.js'
import { zoneOfNode } from '../display.js'

const USAGE = `usage: omnistock <route|explain> [--budget N] [--max-input-bytes N] <scenario.json | ->
       omnistock promise [--json] [--budget N] [--max-input-bytes N] <promise.json | ->
       omnistock wave [--json] [--budget N] [--max-input-bytes N] <wave.json | ->
  route    print the fulfilment plan as JSON
  explain  print the plan and every node's reason as a table
  promise  print the delivery options (ship, pickup, reserve-in-store) ranked, as a table or JSON
  wave     route a wave of orders together on shared stock (docs/waves.md), as a table or JSON
  --budget N           work budget of the call, in work units (default 10,000,000)
  --max-input-bytes N  refuse a document larger than N bytes (default 67,108,864: 64 MB)`

/** The largest document read unless `--max-input-bytes` says otherwise: 64 MB. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024

/** Thrown by {@link readBounded} when the input passes the limit; reported with exit code 2. */
export class InputTooLarge extends Error {
  constructor(
    readonly file: string,
    readonly limit: number,
  ) {
    super(`input too large: ${file === '-' ? 'standard input' : file} is over ${limit} bytes (see --max-input-bytes)`)
  }
}

const CHUNK = 1 << 16

/**
 * Reads a file (or standard input, `-`) as UTF-8, never holding more than `maxBytes` (plus one
 * chunk): past the limit it stops reading and throws {@link InputTooLarge}. A regular file
 * whose size is already over the limit is refused before any read.
 */
export const readBounded = (file: string, maxBytes: number): string => {
  const fd = file === '-' ? 0 : openSync(file, 'r')
  try {
    if (file !== '-') {
      const stat = fstatSync(fd)
      if (stat.isFile() && stat.size > maxBytes) throw new InputTooLarge(file, maxBytes)
    }
    const chunks: Buffer[] = []
    let total = 0
    const buffer = Buffer.allocUnsafe(CHUNK)
    for (;;) {
      let n: number
      try {
        n = readSync(fd, buffer, 0, CHUNK, null)
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        if (code === 'EOF') break
        if (code === 'EAGAIN') {
          // A non-blocking standard input with nothing yet: wait a little, without spinning.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5)
          continue
        }
        throw e
      }
      if (n === 0) break
      total += n
      if (total > maxBytes) throw new InputTooLarge(file, maxBytes)
      chunks.push(Buffer.from(buffer.subarray(0, n)))
    }
    return Buffer.concat(chunks, total).toString('utf8')
  } finally {
    if (fd !== 0) closeSync(fd)
  }
}

interface Flags {
  readonly command: string | undefined
  readonly file: string | undefined
  readonly json: boolean
  readonly budget: number | undefined
  readonly maxInputBytes: number
}

/** A positive safe integer from a flag's value, else undefined. */
const positiveInteger = (text: string | undefined): number | undefined => {
  if (text === undefined || !/^[0-9]+$/.test(text)) return undefined
  const n = Number(text)
  return Number.isSafeInteger(n) && n > 0 ? n : undefined
}

/** The command, its file and flags; a message when a flag is malformed. */
const parseArgs = (argv: readonly string[]): Flags | string => {
  let json = false
  let budget: number | undefined
  let maxInputBytes = DEFAULT_MAX_INPUT_BYTES
  const positional: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    if (name === '--json') json = true
    else if (name === '--budget' || name === '--max-input-bytes') {
      const value = inline ?? argv[++i]
      const n = positiveInteger(value)
      if (n === undefined) return `${name} needs a positive whole number, got ${JSON.stringify(value ?? '')}`
      if (name === '--budget') budget = n
      else maxInputBytes = n
    } else if (name.startsWith('--')) return `unknown option ${name}`
    else positional.push(arg)
  }
  const [command, file] = positional
  if (json && command !== 'promise' && command !== 'wave') return '--json applies to promise and wave only'
  return { command, file, json, budget, maxInputBytes }
}

const describe = (e: ScenarioError | PromiseScenarioError): string => (e._tag === 'decode-error' ? formatError(e) : `${e._tag}: ${formatError(e)}`)

/**
 * Runs the command with `argv` (without node and script) and returns the exit code. `io.read`
 * reads a file or standard input (`-`) of at most `maxBytes` bytes (see {@link readBounded}).
 */
export const main = (
  argv: readonly string[],
  io: { out: (s: string) => void; err: (s: string) => void; read: (f: string, maxBytes: number) => string; now: () => string },
): number => {
  const flags = parseArgs(argv)
  if (typeof flags === 'string') {
    io.err(`${flags}\n${USAGE}`)
    return 2
  }
  const { command, file, json } = flags
  if ((command !== 'route' && command !== 'explain' && command !== 'promise' && command !== 'wave') || file === undefined) {
    io.err(USAGE)
    return 2
  }
  const limits = flags.budget === undefined ? {} : { budget: flags.budget }
  let text: string
  try {
    text = io.read(file, flags.maxInputBytes)
  } catch (e) {
    io.err(e instanceof InputTooLarge ? e.message : `cannot read ${file}: ${(e as Error).message}`)
    return 2
  }
  if (text.length > flags.maxInputBytes) {
    io.err(new InputTooLarge(file, flags.maxInputBytes).message)
    return 2
  }
  let doc: unknown
  try {
    doc = JSON.parse(withoutByteOrderMark(text))
  } catch (e) {
    io.err(`invalid JSON in ${file}: ${(e as Error).message}`)
    return 2
  }
  if (command === 'wave') {
    const ran = waveCommand(doc, io.now(), json, limits)
    if (ran.err !== undefined) io.err(ran.err)
    if (ran.out !== undefined) io.out(ran.out)
    return ran.code
  }
  if (command === 'promise') {
    const promised = promiseScenario(doc, limits)
    if (E.isLeft(promised)) {
      io.err(describe(promised.left))
      return 2
    }
    const { options, availability, scenario } = promised.right
    const zones = new Map(scenario.nodes.map((n) => [n.id as string, zoneOfNode(n)]))
    io.out(json ? JSON.stringify(availability === undefined ? { options } : { options, availability }, null, 2) : promiseTable(options, availability, (node) => zones.get(node) ?? 'UTC', scenario.request.timeZone))
    return 0
  }
  const result = routeScenario(doc, io.now(), limits)
  if (E.isLeft(result)) {
    io.err(describe(result.left))
    return 2
  }
  const { scenario, plan } = result.right
  const zones = new Map(scenario.nodes.map((n) => [n.id as string, zoneOfNode(n)]))
  io.out(command === 'route' ? JSON.stringify(plan, null, 2) : planTable(plan, (node) => zones.get(node) ?? 'UTC', scenario.order.delivery.method === 'ship' ? scenario.order.delivery.timeZone : undefined))
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
    read: readBounded,
    now: () => new Date().toISOString(),
  })
}
