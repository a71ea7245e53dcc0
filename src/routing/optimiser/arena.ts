/**
 * Scratch memory for one solve. A solve needs a few dozen small typed arrays; allocating each
 * costs more than the search itself on typical orders, so they are carved out of buffers
 * kept between calls. Arrays come zero-filled unless asked otherwise, and none escapes a solve: plans
 * returned to callers are freshly allocated. Solves are synchronous, so one solve's arrays are
 * never live while another's are handed out.
 *
 * @internal
 */

/** Lengths up to this come from per-length pools; longer arrays from a bump region. */
const POOLED_LENGTH = 256
const CHUNK = 8192

type Typed = Int32Array | Float64Array | Uint8Array

/**
 * Scratch arrays of one element type. Creating a typed-array view costs about as much as a
 * small solve step, so views of pooled lengths are made once and handed out again in later
 * solves: the k-th request for length n in a solve gets the k-th view of that length. Views
 * are carved from chunks that never move, so a handed-out view never aliases another one
 * live in the same solve. Longer arrays (large problems, where a view's cost is negligible)
 * come from a bump region reset with the solve.
 */
class Scratch<T extends Typed> {
  private readonly views: T[][] = []
  private readonly used: number[] = []
  private readonly stamp: number[] = []
  private chunk: T
  private chunkTop = 0
  private region: T
  private regionTop = 0

  constructor(private readonly make: (n: number) => T) {
    this.chunk = make(CHUNK)
    this.region = make(1 << 12)
  }

  /** Starts a solve (`solve` differs from every earlier solve's). */
  reset(): void {
    this.regionTop = 0
  }

  take(n: number, solve: number): T {
    if (n > POOLED_LENGTH) {
      if (this.regionTop + n > this.region.length) {
        this.region = this.make(Math.max(this.region.length * 2, n * 2))
        this.regionTop = 0
      }
      const view = this.region.subarray(this.regionTop, this.regionTop + n) as T
      this.regionTop += n
      return view
    }
    if (this.stamp[n] !== solve) {
      while (this.views.length <= n) {
        this.views.push([])
        this.used.push(0)
        this.stamp.push(-1)
      }
      this.stamp[n] = solve
      this.used[n] = 0
    }
    const list = this.views[n]!
    const k = this.used[n]!
    this.used[n] = k + 1
    if (k < list.length) return list[k]!
    if (this.chunkTop + n > this.chunk.length) {
      this.chunk = this.make(CHUNK)
      this.chunkTop = 0
    }
    const view = this.chunk.subarray(this.chunkTop, this.chunkTop + n) as T
    this.chunkTop += n
    list.push(view)
    return view
  }
}

const ints = new Scratch((n) => new Int32Array(n))
const floats = new Scratch((n) => new Float64Array(n))
const bytes = new Scratch((n) => new Uint8Array(n))
let solve = 0

/** Starts a solve: earlier arrays may be reused from here on. */
export const resetArena = (): void => {
  solve = solve === Number.MAX_SAFE_INTEGER ? 0 : solve + 1
  ints.reset()
  floats.reset()
  bytes.reset()
}

/** An Int32Array of n elements, zero-filled unless the caller writes every element before reading it. */
export const int32 = (n: number, zeroed = true): Int32Array => {
  const view = ints.take(n, solve)
  if (zeroed) view.fill(0)
  return view
}

/** A Float64Array of n elements, zero-filled unless the caller writes every element before reading it. */
export const float64 = (n: number, zeroed = true): Float64Array => {
  const view = floats.take(n, solve)
  if (zeroed) view.fill(0)
  return view
}

/** A Uint8Array of n elements, zero-filled unless the caller writes every element before reading it. */
export const uint8 = (n: number, zeroed = true): Uint8Array => {
  const view = bytes.take(n, solve)
  if (zeroed) view.fill(0)
  return view
}
