import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))

/**
 * The library's modules keep no state between calls: memos and scratch live on context
 * objects (per network, per stock index, per call). The one exception, with its reason:
 * - `src/promise/tables.ts`: the promise's per-network tables are found through a WeakMap
 *   keyed by the compiled network (the network layer sits below the promise and cannot name
 *   its tables); keyed by the network, it is the network's own field in all but name.
 */
const STATEFUL_BY_NETWORK = new Set(['src/promise/tables.ts'])
const STATELESS = ['src']

const filesUnder = (path: string): string[] =>
  statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => filesUnder(join(path, name))) : path.endsWith('.ts') ? [path] : []

const files = STATELESS.flatMap((p) => filesUnder(join(root, p)))
  .map((f) => relative(root, f))
  .filter((f) => !f.startsWith('src/cli/') && !STATEFUL_BY_NETWORK.has(f))

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
    // A constant typed ReadonlySet or ReadonlyMap is never written.
    const offending = lines
      .map((line, i) => ({ line, at: i + 1 }))
      .filter(({ line }) => MUTABLE.some((re) => re.test(line)) && !/^const\s+\w+\s*:\s*Readonly(Set|Map)</.test(line))
    expect(offending).toEqual([])
  })

  test('the check sees a module-level let, a memo map and a scratch array', () => {
    const flagged = ['let last = 0', 'export let solve = 0', 'const memo = new WeakMap<object, number>()', 'const scratch = new Float64Array(64)']
    expect(flagged.filter((line) => MUTABLE.some((re) => re.test(line)))).toEqual(flagged)
    expect(['const NO_BITS = new Int32Array(0)', '  let local = 0'].filter((line) => MUTABLE.some((re) => re.test(line)))).toEqual([])
  })
})
