/**
 * Per test file: every property that states neither a seed nor a run count takes the suite's
 * seed and the default count scaled by `PROPERTY_RUNS` (see properties.ts).
 */
import fc from 'fast-check'
import { inject } from 'vitest'
import { DEFAULT_PROPERTY_RUNS, runs } from './properties.js'

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: inject('propertySeed'), numRuns: runs(DEFAULT_PROPERTY_RUNS) })
