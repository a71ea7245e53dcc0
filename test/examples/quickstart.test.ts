/** The README's quick starts never rot: examples/quickstart*.ts are their code, and they print what the README says. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { docExamples, promisedOutput } from '../support/readme.js'

const root = new URL('../../', import.meta.url)
const [withFpTs, withoutFpTs] = docExamples('README.md', 'Quick start') as [string, string]

describe.each([
  ['with fp-ts', 'examples/quickstart.ts', withFpTs],
  ['with an orThrow helper', 'examples/quickstart-plain.ts', withoutFpTs],
])('README quick start %s', (_, file, block) => {
  it(`is ${file}, but for the import path`, () => {
    const body = readFileSync(new URL(file, root), 'utf8').replace(/^\/\*\*[\s\S]*?\*\/\n/, '')
    expect(body).toBe(block.replaceAll("from 'omnistock'", "from '../src/index.js'"))
  })

  it('prints what the README says it prints', () => {
    const expected = promisedOutput(block)
    expect(expected.length).toBeGreaterThan(0)
    const printed = execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' })
    expect(printed.trim().split('\n')).toEqual(expected)
  })
})
