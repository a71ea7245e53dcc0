/** The README's delivery-promise example runs as written and prints what the README says. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const readme = readFileSync(join(root, 'README.md'), 'utf8')

/** The first ```ts block of the README's `## Delivery promise` section. */
const example = (): string => {
  const section = readme.split(/^## Delivery promise$/m)[1]?.split(/^## /m)[0] ?? ''
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1]
  if (block === undefined) throw new Error('README has no ```ts block under ## Delivery promise')
  return block
}

/** The comment lines right after a `console.log` line: what the README says the code prints. */
const promisedOutput = (code: string): string[] => {
  const lines = code.split('\n')
  const out: string[] = []
  lines.forEach((line, i) => {
    if (!line.includes('console.log')) return
    for (let j = i + 1; j < lines.length && /^\s*\/\/ /.test(lines[j] as string); j++) out.push((lines[j] as string).replace(/^\s*\/\/ /, ''))
  })
  return out
}

describe('README delivery promise', () => {
  it('prints what the README says it prints', () => {
    const code = example()
      .replaceAll("from 'omnistock'", `from '${join(root, 'src/index.js')}'`)
      .replaceAll("from 'fp-ts/lib/Either.js'", `from '${join(root, 'node_modules/fp-ts/lib/Either.js')}'`)
    const dir = mkdtempSync(join(tmpdir(), 'omnistock-readme-'))
    try {
      const file = join(dir, 'promise.ts')
      writeFileSync(file, code)
      const printed = execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' })
      const expected = promisedOutput(code)
      expect(expected.length).toBeGreaterThan(4)
      expect(printed.trim().split('\n')).toEqual(expected)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
