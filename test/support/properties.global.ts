/**
 * Once per run: draws or reads the suite's property seed, prints it with the run multiplier,
 * and hands the seed to every test file (a random seed must be the same in every worker).
 */
import type { TestProject } from 'vitest/node'
import { propertyRunsMultiplier, propertySeedFrom } from './properties.js'

declare module 'vitest' {
  export interface ProvidedContext {
    propertySeed: number
  }
}

export default function setup(project: TestProject): void {
  const seed = propertySeedFrom()
  const multiplier = propertyRunsMultiplier()
  console.log(`property tests: PROPERTY_SEED=${seed} PROPERTY_RUNS=${multiplier} (replay a run with the same two values)`)
  project.provide('propertySeed', seed)
}
