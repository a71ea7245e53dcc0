import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** Files and folders whose modules keep no state between calls (memos and scratch live on context objects). */
const STATELESS = [
  'src/routing/optimiser',
  'src/routing/optimiser.ts',
  'src/internal',
  'src/time.ts',
  'src/stock/input.ts',
  'src/stock/positions.ts',
  'src/routing/baselines.ts',
  'src/routing/explain.ts',
]

const filesUnder = (path: string): string[] =>
  statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => filesUnder(join(path, name))) : path.endsWith('.ts') ? [path] : []

const files = STATELESS.flatMap((p) => filesUnder(join(root, p))).map((f) => relative(root, f))

/** Module-level lines (no indentation) that bind something writable or hold mutable memory. */
const MUTABLE = [
  /^(export\s+)?(let|var)\s/,
  /^(export\s+)?const\s+\w+(\s*:[^=]+)?\s*=\s*new\s+(Map|WeakMap|Set|WeakSet|Array|(Int|Uint|Float|BigInt|BigUint)(8|16|32|64)(Clamped)?Array)\b(?![^\n]*\(0\))/,
]

describe('no module-level mutable state', () => {
  test('the modules listed are found', () => {
    expect(files.length).toBeGreaterThan(20)
  })

  test.each(files)('%s binds nothing writable at module level', (file) => {
    const lines = readFileSync(join(root, file), 'utf8').split('\n')
    const offending = lines.map((line, i) => ({ line, at: i + 1 })).filter(({ line }) => MUTABLE.some((re) => re.test(line)))
    expect(offending).toEqual([])
  })

  test('the check sees a module-level let, a memo map and a scratch array', () => {
    const flagged = ['let last = 0', 'export let solve = 0', 'const memo = new WeakMap<object, number>()', 'const scratch = new Float64Array(64)']
    expect(flagged.filter((line) => MUTABLE.some((re) => re.test(line)))).toEqual(flagged)
    expect(['const NO_BITS = new Int32Array(0)', '  let local = 0'].filter((line) => MUTABLE.some((re) => re.test(line)))).toEqual([])
  })
})
