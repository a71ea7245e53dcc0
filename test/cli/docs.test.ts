/**
 * The CLI transcripts of docs/*.md (```text blocks starting `$ npx omnistock …`) are what the
 * command prints: each is run in process on the bundled scenario it names.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'

const run = (argv: readonly string[]): string => {
  const out: string[] = []
  main([...argv], {
    out: (s) => out.push(s),
    err: (s) => out.push(s),
    read: (f) => readFileSync(f, 'utf8'),
    now: () => '2026-11-27T09:00:00Z',
  })
  return out.join('\n')
}

const transcripts = readdirSync('docs')
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) =>
    [...readFileSync(`docs/${f}`, 'utf8').matchAll(/```text\n\$ npx omnistock ([^\n]+)\n([\s\S]*?)```/g)].map((m) => ({
      file: f,
      argv: (m[1] as string).split(' '),
      printed: m[2] as string,
    })),
  )

describe('CLI transcripts in docs/', () => {
  it('are there', () => {
    expect(transcripts.length).toBeGreaterThanOrEqual(2)
  })

  it.each(transcripts.map((t) => [`${t.file}: omnistock ${t.argv.join(' ')}`, t] as const))('%s prints what the page shows', (_, t) => {
    const trim = (s: string): string => s.split('\n').map((l) => l.trimEnd()).join('\n').trim()
    expect(trim(run(t.argv))).toBe(trim(t.printed))
  })
})
