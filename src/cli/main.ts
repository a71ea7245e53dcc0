/**
 * The `omnistock` command: one table of commands, each in its own file (`route`, `explain`,
 * `promise`, `buffers`), every one reading one JSON document (a file, or `-` for standard
 * input) of bounded size. `omnistock --help` lists them, `omnistock <command> --help` gives
 * a command's usage, `omnistock --version` the package's version. Invalid documents and bad
 * usage exit with code 2 and name the offending path or flag. The only module that touches
 * files, the clock and the console.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { withoutByteOrderMark } from '../internal/json.js'
import { buffersCommand } from './buffers.js'
import { positiveInteger, type CliIo, type Command, type FlagValues, type Flags } from './command.js'
import { promiseCommand } from './promise.js'
import { rebalanceCommand } from './rebalance.js'
import { waveCliCommand } from './wave.js'
import { explainCommand, routeCommand } from './route.js'
import { packageVersion } from './version.js'

/** Every command, in the order `--help` lists them. Adding a command: its file, and one entry here. */
const COMMANDS: readonly Command[] = [routeCommand, explainCommand, promiseCommand, rebalanceCommand, waveCliCommand, buffersCommand]

/** Flags every command takes. */
const COMMON: Flags = { help: { type: 'boolean', short: 'h' }, 'max-input-bytes': { type: 'string' } }
/** Flags that take a positive whole number, checked before any document is read. */
const WHOLE_NUMBER_FLAGS = ['budget', 'max-input-bytes']

const COMMON_HELP: readonly (readonly [string, string])[] = [
  ['--max-input-bytes N', 'refuse a document larger than N bytes (default 67,108,864: 64 MB)'],
  ['--help, -h', 'print the usage of the command'],
]

/** Flag lines with their texts aligned. */
const flagLines = (help: readonly (readonly [string, string])[]): string[] => {
  const width = Math.max(...help.map(([flag]) => flag.length))
  return help.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`)
}

const USAGE = [
  'usage: omnistock <command> [flags] <document.json | ->',
  '       omnistock <command> --help | omnistock --help | omnistock --version',
  'commands:',
  ...COMMANDS.map((c) => `  ${c.name.padEnd(Math.max(...COMMANDS.map((d) => d.name.length)) + 2)}${c.summary}`),
  'usage of each command (omnistock <command> --help for its flags):',
  ...COMMANDS.map((c) => `  ${c.usage.split('\n').join('\n  ')}`),
  'every command:',
  ...flagLines(COMMON_HELP),
  'exit codes: 0 done, 2 invalid document or usage (the message names the path or flag)',
].join('\n')

const commandUsage = (c: Command): string =>
  [`usage: ${c.usage}`, `  ${c.summary}`, ...flagLines([...c.flagHelp, ...COMMON_HELP])].join('\n')

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

/** Every flag any command takes, for the first pass that finds the command. */
const ALL_FLAGS: Flags = Object.assign({}, COMMON, ...COMMANDS.map((c) => c.flags), { version: { type: 'boolean', short: 'V' } })

type Parsed = ReturnType<typeof parseArgs<{ options: Flags; allowPositionals: true; tokens: true; strict: true }>>

/** argv parsed against every flag, or the message `parseArgs` gives (unknown flag, missing value). */
const parse = (argv: readonly string[]): Parsed | string => {
  try {
    return parseArgs({ args: [...argv], options: ALL_FLAGS, allowPositionals: true, tokens: true, strict: true })
  } catch (e) {
    return (e as Error).message
  }
}

/**
 * Runs the command with `argv` (without node and script) and returns the exit code. `io.read`
 * reads a file or standard input (`-`) of at most `maxBytes` bytes (see {@link readBounded}).
 */
export const main = (argv: readonly string[], io: CliIo): number => {
  const parsed = parse(argv)
  if (typeof parsed === 'string') {
    io.err(`${parsed}\n${USAGE}`)
    return 2
  }
  // No flag is `multiple`: every value is a string or a boolean.
  const values = parsed.values as FlagValues
  const { positionals, tokens } = parsed
  const [name, file, ...extra] = positionals
  if (name === undefined) {
    if (values['version'] === true) {
      io.out(packageVersion())
      return 0
    }
    if (values['help'] === true) {
      io.out(USAGE)
      return 0
    }
    io.err(USAGE)
    return 2
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (command === undefined) {
    io.err(`unknown command ${JSON.stringify(name)}\n${USAGE}`)
    return 2
  }
  if (values['help'] === true) {
    io.out(commandUsage(command))
    return 0
  }
  const foreign = tokens.find((t) => t.kind === 'option' && !(t.name in COMMON) && !(t.name in command.flags))
  if (foreign !== undefined && foreign.kind === 'option') {
    io.err(`${foreign.rawName} does not apply to ${command.name}\n${commandUsage(command)}`)
    return 2
  }
  for (const flag of WHOLE_NUMBER_FLAGS) {
    const value = values[flag]
    if (value !== undefined && positiveInteger(value) === undefined) {
      io.err(`--${flag} needs a positive whole number, got ${JSON.stringify(value)}\n${commandUsage(command)}`)
      return 2
    }
  }
  if (file === undefined || extra.length > 0) {
    io.err(`${file === undefined ? `${command.name} needs a document` : `unexpected ${JSON.stringify(extra[0])}`}\n${commandUsage(command)}`)
    return 2
  }
  const maxInputBytes = positiveInteger(values['max-input-bytes']) ?? DEFAULT_MAX_INPUT_BYTES
  let text: string
  try {
    text = io.read(file, maxInputBytes)
  } catch (e) {
    io.err(e instanceof InputTooLarge ? e.message : `cannot read ${file}: ${(e as Error).message}`)
    return 2
  }
  if (text.length > maxInputBytes) {
    io.err(new InputTooLarge(file, maxInputBytes).message)
    return 2
  }
  let doc: unknown
  try {
    doc = JSON.parse(withoutByteOrderMark(text))
  } catch (e) {
    io.err(`invalid JSON in ${file}: ${(e as Error).message}`)
    return 2
  }
  return command.run(doc, values, io, file)
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
