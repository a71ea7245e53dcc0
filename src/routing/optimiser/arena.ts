/**
 * Scratch memory for one solve. A solve needs a few dozen small typed arrays; allocating each
 * costs more than the search itself on typical orders, so they are carved out of buffers
 * kept between calls. Arrays come zero-filled unless asked otherwise, and none escapes a solve: plans
 * returned to callers are freshly allocated. Solves are synchronous, so one solve's arrays are
 * never live while another's are handed out.
 *
 * @internal
 */

let ints = new Int32Array(1 << 14)
let floats = new Float64Array(1 << 13)
let bytes = new Uint8Array(1 << 12)
let intTop = 0
let floatTop = 0
let byteTop = 0

/** Starts a solve: earlier arrays may be reused from here on. */
export const resetArena = (): void => {
  intTop = 0
  floatTop = 0
  byteTop = 0
}

const grown = (size: number, need: number): number => Math.max(size * 2, need * 2, 1024)

/** An Int32Array of n elements, zero-filled unless the caller writes every element before reading it. */
export const int32 = (n: number, zeroed = true): Int32Array => {
  if (intTop + n > ints.length) {
    ints = new Int32Array(grown(ints.length, n))
    intTop = 0
  }
  const view = ints.subarray(intTop, intTop + n)
  if (zeroed) view.fill(0)
  intTop += n
  return view
}

/** A Float64Array of n elements, zero-filled unless the caller writes every element before reading it. */
export const float64 = (n: number, zeroed = true): Float64Array => {
  if (floatTop + n > floats.length) {
    floats = new Float64Array(grown(floats.length, n))
    floatTop = 0
  }
  const view = floats.subarray(floatTop, floatTop + n)
  if (zeroed) view.fill(0)
  floatTop += n
  return view
}

/** A Uint8Array of n elements, zero-filled unless the caller writes every element before reading it. */
export const uint8 = (n: number, zeroed = true): Uint8Array => {
  if (byteTop + n > bytes.length) {
    bytes = new Uint8Array(grown(bytes.length, n))
    byteTop = 0
  }
  const view = bytes.subarray(byteTop, byteTop + n)
  if (zeroed) view.fill(0)
  byteTop += n
  return view
}
