import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import { packageVersion } from '../../src/cli/version.js'

const run = (...argv: string[]) => {
  const out: string[] = []
  const err: string[] = []
  const code = main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), read: (f) => readFileSync(f, 'utf8'), now: () => '2026-11-27T09:00:00Z' })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const COMMANDS = ['route', 'explain', 'promise', 'buffers']

describe('help and version', () => {
  it('--help (and -h) exits 0 with the usage of every command on standard output', () => {
    for (const flag of ['--help', '-h']) {
      const r = run(flag)
      expect(r.code).toBe(0)
      expect(r.err).toBe('')
      for (const c of COMMANDS) expect(r.out).toContain(`omnistock ${c} [`)
      expect(r.out).toContain('exit codes: 0')
    }
  })

  it('<command> --help prints that command\'s usage and flags, and reads no document', () => {
    for (const c of COMMANDS) {
      const r = run(c, '--help')
      expect(r.code).toBe(0)
      expect(r.out.split('\n')[0]).toMatch(new RegExp(`^usage: omnistock ${c} `))
      expect(r.out).toContain('--max-input-bytes N')
    }
    expect(run('promise', '--help').out).toContain('--json')
    expect(run('buffers', '-h', 'missing.json').out).toContain('--service-level P')
  })

  it('--version prints the version of package.json', () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version
    expect(packageVersion()).toBe(version)
    const r = run('--version')
    expect(r).toEqual({ code: 0, out: version, err: '' })
    expect(run('-V').out).toBe(version)
  })

  it('bad usage exits 2 with the usage on standard error: no command, an unknown command or flag, a flag of another command, a missing document', () => {
    for (const argv of [[], ['fly'], ['route', '--frobnicate', 'x.json'], ['route', '--json', 'x.json'], ['buffers', '--service-level'], ['route'], ['route', 'a.json', 'b.json']]) {
      const r = run(...argv)
      expect(r.code).toBe(2)
      expect(r.out).toBe('')
      expect(r.err).toContain('usage:')
    }
    expect(run('route', '--json', 'x.json').err).toContain('--json does not apply to route')
    expect(run('fly').err).toContain('unknown command "fly"')
  })
})
