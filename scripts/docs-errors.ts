/**
 * `npm run docs:errors`: writes docs/errors.md from the error catalogue (src/error-catalogue.ts),
 * the single source of what each error tag means and what to do about it. `--check` writes
 * nothing and exits 1 when docs/errors.md is not what the catalogue gives.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { errorsMarkdown } from './errors-markdown.js'

const target = new URL('../docs/errors.md', import.meta.url)
const text = errorsMarkdown()
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8')
  if (current !== text) {
    process.stderr.write('docs/errors.md is out of date: run `npm run docs:errors`\n')
    process.exit(1)
  }
} else {
  writeFileSync(target, text)
  process.stdout.write('wrote docs/errors.md\n')
}
