import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { ERROR_CATALOGUE, type ErrorEntry, type ErrorTag } from '../src/error-catalogue.js'
import { errorsMarkdown } from '../scripts/errors-markdown.js'

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : []
  })

describe('error catalogue', () => {
  it('has exactly one entry per tag of the public error unions (checked by the typecheck)', () => {
    expectTypeOf<keyof typeof ERROR_CATALOGUE>().toEqualTypeOf<ErrorTag>()
    expectTypeOf(ERROR_CATALOGUE).toEqualTypeOf<{ readonly [K in ErrorTag]: ErrorEntry }>()
  })

  it('names every tag written anywhere under src/', () => {
    const written = new Set(sources('src').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/_tag: '([^']+)'/g)].map((m) => m[1] as string)))
    const documented = new Set(Object.keys(ERROR_CATALOGUE))
    expect([...written].filter((t) => !documented.has(t))).toEqual([])
  })

  it('says where each error comes from, when and what to do', () => {
    for (const [tag, e] of Object.entries(ERROR_CATALOGUE)) {
      expect(e.from.length, tag).toBeGreaterThan(0)
      expect(e.when.length, tag).toBeGreaterThan(10)
      expect(e.action.length, tag).toBeGreaterThan(10)
    }
  })

  it('is what docs/errors.md says (run `npm run docs:errors` after changing it)', () => {
    const page = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')
    expect(page).toBe(errorsMarkdown())
    for (const tag of Object.keys(ERROR_CATALOGUE)) expect(page).toContain(`| \`${tag}\` |`)
  })
})
