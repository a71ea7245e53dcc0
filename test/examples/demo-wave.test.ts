import { describe, expect, it } from 'vitest'
import { waveSaving } from '../../examples/demo/wave.js'
import { toMicros } from '../../src/money.js'

describe('the demo wave', () => {
  it('routing the eight orders together costs no more than one by one, and the saving is the difference', () => {
    const w = waveSaving()
    expect(toMicros(w.wave)).toBeLessThanOrEqual(toMicros(w.oneByOne))
    expect(toMicros(w.saving)).toBe(toMicros(w.oneByOne) - toMicros(w.wave))
    expect(toMicros(w.saving)).toBeGreaterThan(0)
  })
})
