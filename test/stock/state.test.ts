import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildWorld, commandArb, runCommand, worldArb } from './arbitraries.js'
import { propertyParameters } from '../support/properties.js'

describe('state records', () => {
  it('every state has the built state’s fields in the same order (one hidden class on the hot path)', () => {
    fc.assert(
      fc.property(worldArb, fc.array(commandArb, { minLength: 1, maxLength: 15 }), (world, commands) => {
        const initial = buildWorld(world)
        const ids: string[] = []
        let s = initial
        commands.forEach((cmd, i) => {
          s = runCommand(s, cmd, i * 7, ids).state
          expect(Object.keys(s)).toEqual(Object.keys(initial))
        })
      }),
      propertyParameters({ numRuns: 50 }),
    )
  })
})
