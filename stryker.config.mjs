// @ts-check
/**
 * Mutation testing of src/ with StrykerJS: `npm run test:mutation`.
 *
 * Incremental: a run reuses reports/stryker-incremental.json and re-tests only the mutants
 * whose code or covering tests changed, so a run after a small change is quick. Narrow a run
 * to some files with `npx stryker run --mutate src/money.ts,src/time.ts`. The HTML report is
 * reports/mutation/index.html. Surviving mutants judged equivalent are listed, one reason
 * each, in test/mutation-notes.md.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation.vitest.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  // The CLI is I/O around the library; its tests check output, not the engine.
  mutate: ['src/**/*.ts', '!src/cli/**'],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['dist', 'coverage', 'reports', '.scratch', 'examples/out', 'bench/results', '*.tgz'],
  // Two cores; a mutant that loops forever is a kill by timeout.
  concurrency: 2,
  timeoutMS: 10_000,
}
