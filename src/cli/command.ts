/**
 * What a command of the `omnistock` CLI is: its name, one line for the list of commands, its
 * usage, the flags it takes (in `node:util` `parseArgs` form) and what it does with the
 * document it is given. The dispatcher (`main.ts`) holds one table of them; adding a command
 * is one file exporting a {@link Command} and one entry in that table.
 */
import type { ParseArgsConfig } from 'node:util'

/** What a command may touch: the console, files (bounded), the clock. */
export interface CliIo {
  readonly out: (s: string) => void
  readonly err: (s: string) => void
  /** Reads a file, or standard input (`-`), of at most `maxBytes` bytes. */
  readonly read: (file: string, maxBytes: number) => string
  /** The current instant, ISO-8601. */
  readonly now: () => string
}

/** The flags of one command, as `parseArgs` takes them. */
export type Flags = NonNullable<ParseArgsConfig['options']>

/** Flag values as `parseArgs` returns them. */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>

/** One command of the CLI. */
export interface Command {
  readonly name: string
  /** One line for `omnistock --help`. */
  readonly summary: string
  /** Its usage line(s), without the leading `usage: `. */
  readonly usage: string
  /** Per flag, its form and what it does, for `omnistock <command> --help`: `['--budget N', 'work budget …']`. */
  readonly flagHelp: readonly (readonly [string, string])[]
  /** Its flags (`--help` and `--max-input-bytes` are every command's). */
  readonly flags: Flags
  /** Runs on the parsed JSON document `doc` read from `file`; returns the exit code. */
  readonly run: (doc: unknown, flags: FlagValues, io: CliIo, file: string) => number
}

/** The help of `--budget` for the routing and promise commands. */
export const BUDGET_HELP: readonly [string, string] = ['--budget N', 'work budget of the call, in work units (default 10,000,000)']

/** A positive safe integer from a flag's value, else undefined. */
export const positiveInteger = (text: string | boolean | undefined): number | undefined => {
  if (typeof text !== 'string' || !/^[0-9]+$/.test(text)) return undefined
  const n = Number(text)
  return Number.isSafeInteger(n) && n > 0 ? n : undefined
}

/**
 * A flag's number, for the library's option checks to judge: a decimal number becomes a
 * number, anything else stays the text it was (and is refused with its path).
 */
export const numberFlag = (text: string | boolean | undefined): unknown =>
  typeof text === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : text
