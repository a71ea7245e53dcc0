/**
 * The size and seed of every property test, in one place.
 *
 * - `PROPERTY_RUNS` multiplies every property's run count (default 1): `PROPERTY_RUNS=20 npx
 *   vitest run` for a long search. A test's own count is its size at multiplier 1.
 * - `PROPERTY_SEED` is the seed of every property that does not fix its own (default
 *   {@link DEFAULT_PROPERTY_SEED}, so two runs of the suite are the same run; `random` draws
 *   one). The seed in use is printed once per run (see properties.global.ts); fast-check
 *   prints the seed and path of any counterexample, and passing `{ seed, path }` replays it.
 */
/** The seed of the suite when `PROPERTY_SEED` is not set. */
export const DEFAULT_PROPERTY_SEED = 20261205

/** Runs of a property that states no count, at multiplier 1 (fast-check's own default). */
export const DEFAULT_PROPERTY_RUNS = 100

/** The run-count multiplier from `PROPERTY_RUNS` (a positive number), or 1. */
export const propertyRunsMultiplier = (env: Readonly<Record<string, string | undefined>> = process.env): number => {
  const text = env.PROPERTY_RUNS
  if (text === undefined || text === '') return 1
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`PROPERTY_RUNS must be a positive number, not ${JSON.stringify(text)}`)
  return value
}

/** The seed `PROPERTY_SEED` names (an integer, or `random`), or the default. */
export const propertySeedFrom = (env: Readonly<Record<string, string | undefined>> = process.env): number => {
  const text = env.PROPERTY_SEED
  if (text === undefined || text === '') return DEFAULT_PROPERTY_SEED
  if (text === 'random') return Math.floor(Math.random() * 0x7fffffff)
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new Error(`PROPERTY_SEED must be an integer or "random", not ${JSON.stringify(text)}`)
  return value
}

/** `n` runs scaled by `PROPERTY_RUNS`, at least one. */
export const runs = (n: number): number => Math.max(1, Math.round(n * propertyRunsMultiplier()))

/**
 * A property's parameters with its run count scaled by `PROPERTY_RUNS`; a property that fixes
 * no seed takes the suite's (set globally by properties.setup.ts).
 *
 * @example fc.assert(prop, propertyParameters({ numRuns: 300, seed: 7 }))
 */
export const propertyParameters = <P extends { readonly numRuns?: number }>(params: P): P & { readonly numRuns: number } => ({
  ...params,
  numRuns: runs(params.numRuns ?? DEFAULT_PROPERTY_RUNS),
})
