/** The README's quick start never rots: examples/quickstart.ts is its code, and it prints what the README says. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url)
const readme = readFileSync(new URL('README.md', root), 'utf8')
const example = readFileSync(new URL('examples/quickstart.ts', root), 'utf8')

/** The first ```ts block of the README's `## Quick start` section. */
const quickStart = (): string => {
  const section = readme.split(/^## Quick start$/m)[1]?.split(/^## /m)[0] ?? ''
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1]
  if (block === undefined) throw new Error('README has no ```ts block under ## Quick start')
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

describe('README quick start', () => {
  it('is examples/quickstart.ts, but for the import path', () => {
    const body = example.replace(/^\/\*\*[\s\S]*?\*\/\n/, '')
    expect(body).toBe(quickStart().replaceAll("from 'omnistock'", "from '../src/index.js'"))
  })

  it('prints what the README says it prints', () => {
    const expected = promisedOutput(quickStart())
    expect(expected.length).toBeGreaterThan(0)
    const printed = execFileSync(process.execPath, ['--import', 'tsx', 'examples/quickstart.ts'], { cwd: root, encoding: 'utf8' })
    expect(printed.trim().split('\n')).toEqual(expected)
  })
})
