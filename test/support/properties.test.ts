import { describe, expect, it } from 'vitest'
import { DEFAULT_PROPERTY_SEED, propertyParameters, propertyRunsMultiplier, propertySeedFrom } from './properties.js'

describe('property test size and seed', () => {
  it('PROPERTY_RUNS multiplies run counts; it must be a positive number', () => {
    expect(propertyRunsMultiplier({})).toBe(1)
    expect(propertyRunsMultiplier({ PROPERTY_RUNS: '20' })).toBe(20)
    expect(propertyRunsMultiplier({ PROPERTY_RUNS: '0.5' })).toBe(0.5)
    expect(() => propertyRunsMultiplier({ PROPERTY_RUNS: '0' })).toThrow(/PROPERTY_RUNS/)
    expect(() => propertyRunsMultiplier({ PROPERTY_RUNS: 'many' })).toThrow(/PROPERTY_RUNS/)
  })

  it('PROPERTY_SEED names the seed, defaults to a fixed one, and "random" draws an integer', () => {
    expect(propertySeedFrom({})).toBe(DEFAULT_PROPERTY_SEED)
    expect(propertySeedFrom({ PROPERTY_SEED: '-42' })).toBe(-42)
    expect(Number.isSafeInteger(propertySeedFrom({ PROPERTY_SEED: 'random' }))).toBe(true)
    expect(() => propertySeedFrom({ PROPERTY_SEED: '1.5' })).toThrow(/PROPERTY_SEED/)
  })

  it('a property keeps its own seed and other parameters; its count is scaled from this run\'s multiplier', () => {
    const m = propertyRunsMultiplier()
    expect(propertyParameters({ numRuns: 300, seed: 7, endOnFailure: true })).toEqual({ numRuns: Math.max(1, Math.round(300 * m)), seed: 7, endOnFailure: true })
    expect(propertyParameters({}).numRuns).toBe(Math.max(1, Math.round(100 * m)))
  })
})
