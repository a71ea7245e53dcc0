/**
 * The suite as mutation testing runs it (stryker.config.mjs): every test but the examples'
 * (an order service on PGlite, child processes, a serverless handler), which exercise the
 * library only through paths the unit tests already cover and would multiply the run time.
 * Tests that cannot run instrumented skip themselves when OMNISTOCK_MUTATION_RUN is set.
 *
 * On two cores a run over one module is quickest with that module's own tests:
 * `MUTATION_TESTS=test/money.test.ts,test/time.test.ts npx stryker run --mutate src/money.ts,src/time.ts`
 * (a comma-separated list of test files or globs; by default, the whole suite).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import base from '../vitest.config.js'

const only = process.env.MUTATION_TESTS

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    ...base.test,
    ...(only ? { include: only.split(',') } : {}),
    exclude: ['test/examples/**', 'node_modules/**'],
    // Read by the few tests that cannot run instrumented (each says why).
    env: { OMNISTOCK_MUTATION_RUN: '1' },
    // Instrumented, the optimiser runs several times slower: its seeded HiGHS loops would
    // time out in the initial run (Stryker's own per-mutant timeout still applies).
    testTimeout: 600_000,
  },
})
