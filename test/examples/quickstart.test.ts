/** The README's quick start never rots: examples/quickstart.ts is its code, and it prints what the README says. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { promisedOutput, readmeExample } from '../support/readme.js'

const root = new URL('../../', import.meta.url)
const example = readFileSync(new URL('examples/quickstart.ts', root), 'utf8')
const quickStart = (): string => readmeExample('Quick start')

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
