import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The seed and size of every property test: test/support/properties.ts.
    globalSetup: ['test/support/properties.global.ts'],
    setupFiles: ['test/support/properties.setup.ts'],
  },
})
