/**
 * The suite as mutation testing runs it (stryker.config.mjs): every test but the examples'
 * (an order service on PGlite, child processes, a serverless handler), which exercise the
 * library only through paths the unit tests already cover and would multiply the run time.
 * Tests that cannot run instrumented skip themselves when OMNISTOCK_MUTATION_RUN is set.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig, mergeConfig } from 'vitest/config'
import base from '../vitest.config.js'

export default mergeConfig(
  base,
  defineConfig({
    root: fileURLToPath(new URL('..', import.meta.url)),
    test: {
      exclude: ['test/examples/**', 'node_modules/**'],
      // Read by the few tests that cannot run instrumented (each says why).
      env: { OMNISTOCK_MUTATION_RUN: '1' },
    },
  }),
)
