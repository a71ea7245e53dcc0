import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_INPUT_BYTES, InputTooLarge, main, readBounded } from '../../src/cli/main.js'
import { customers, sampleNetwork, sampleStock } from '../../examples/sample-network.js'
import { denseScenario, denseWorld } from '../support/dense.js'

const run = (argv: string[], read: (f: string, max: number) => string = readBounded) => {
  const out: string[] = []
  const err: string[] = []
  const code = main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), read, now: () => '2026-11-27T09:00:00Z' })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const world = denseWorld({ stores: 60, skus: 80, seed: 5 })
const dir = mkdtempSync(join(tmpdir(), 'omnistock-cli-'))
const dense = join(dir, 'dense.json')
writeFileSync(dense, JSON.stringify(denseScenario(world, world.orders(20, 1)[0]!)))

describe('CLI limits', () => {
  it('--budget bounds the routing call and is reported in the plan', () => {
    const r = run(['route', '--budget', '5000', dense])
    expect(r.code).toBe(0)
    const plan = JSON.parse(r.out)
    expect(plan.explanation.work.budget).toBe(5000)
    expect(plan.optimality).toBe('bounded')
    const big = JSON.parse(run(['route', `--budget=${200_000_000}`, dense]).out)
    expect(big.optimality).toBe('proven')
    expect(Number(plan.totalCost) - Number(plan.gap)).toBeLessThanOrEqual(Number(big.totalCost))
  })

  it('--budget applies to promise too: a cart within any budget gives options that serve it whole', () => {
    const doc = {
      ...sampleNetwork,
      stock: sampleStock.rows,
      request: { channel: 'web', now: '2026-11-27T09:00:00Z', location: customers.lyonPresquile, lines: sampleStock.rows.slice(0, 3).map((r) => ({ sku: r.sku, quantity: 1 })) },
    }
    const file = join(dir, 'promise.json')
    writeFileSync(file, JSON.stringify(doc))
    for (const budget of ['1', '10000000']) {
      const r = run(['promise', '--json', '--budget', budget, file])
      expect(r.code).toBe(0)
      const options = JSON.parse(r.out).options as { plan: { unfulfilled: unknown[] } }[]
      for (const o of options) expect(o.plan.unfulfilled).toEqual([])
    }
  })

  it('refuses malformed limits with exit 2 and the usage', () => {
    for (const argv of [['route', '--budget', '0', dense], ['route', '--budget', '1.5', dense], ['route', '--max-input-bytes', 'x', dense], ['route', '--budget'], ['route', '--frobnicate', dense], ['route', '--json', dense]]) {
      const r = run(argv)
      expect(r.code).toBe(2)
      expect(r.err).toContain('usage')
    }
  })

  it('refuses a file over --max-input-bytes before reading it, with a clear message', () => {
    const r = run(['route', '--max-input-bytes', '1000', dense])
    expect(r.code).toBe(2)
    expect(r.err).toContain('input too large')
    expect(r.err).toContain('1000 bytes')
    expect(run(['route', '--max-input-bytes', String(10 ** 9), dense]).code).toBe(0)
  })

  it('stops reading an endless stream at the limit: /dev/zero fails, and never beyond the limit', () => {
    expect(() => readBounded('/dev/zero', 1 << 20)).toThrow(InputTooLarge)
    const r = run(['route', '--max-input-bytes', String(1 << 20), '/dev/zero'])
    expect(r.code).toBe(2)
    expect(r.err).toContain('input too large')
    expect(DEFAULT_MAX_INPUT_BYTES).toBe(64 * 1024 * 1024)
  })

  it('reads a file within the limit whole, and a reader that ignores the limit is still caught', () => {
    expect(readBounded(dense, 10 ** 9)).toBe(readFileSync(dense, 'utf8'))
    const r = run(['route', '--max-input-bytes', '100', 'x.json'], () => 'x'.repeat(101))
    expect(r.code).toBe(2)
    expect(r.err).toContain('input too large')
  })
})
