/**
 * Bit twiddling shared by the stock index and routing: population counts and bitsets over
 * node indexes.
 *
 * @internal
 */

/** Number of set bits of a 32-bit integer. */
export const popcount = (x: number): number => {
  let v = x - ((x >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff
}

/** Number of set bits of a bitset. */
export const bitsetSize = (bits: Int32Array): number => {
  let n = 0
  for (let w = 0; w < bits.length; w++) n += popcount(bits[w] as number)
  return n
}

/** The set bits of a bitset (bit `i & 31` of word `i >>> 5`) as indexes, ascending. */
export const bitsetIndexes = (bits: Int32Array, size: number = bitsetSize(bits)): Int32Array => {
  const out = new Int32Array(size)
  let i = 0
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w] as number
    while (word !== 0) {
      const low = word & -word
      out[i++] = (w << 5) | (31 - Math.clz32(low))
      word ^= low
    }
  }
  return out
}
