/** The delivery-promise example of docs/promise.md runs as written and prints what the page says. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { docExample, promisedOutput } from '../support/readme.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const example = (): string => docExample('docs/promise.md', 'Example')

describe('docs/promise.md example', () => {
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
