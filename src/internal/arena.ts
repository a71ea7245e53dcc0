/**
 * Scratch memory for the optimiser's solves. A solve needs a few dozen small typed arrays;
 * allocating each costs more than the search itself on typical orders, so they are carved out
 * of buffers an {@link Arena} keeps from one solve to the next. Arrays come zero-filled unless
 * asked otherwise, and none escapes a solve: plans returned to callers are freshly allocated.
 * An arena belongs to one call (it travels on the call's work meter): its solves run one after
 * another, so one solve's arrays are never live while another's are handed out.
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
 * come from a bump region reset with the solve. Buffers are made on first use.
 */
class Pool<T extends Typed> {
  private readonly views: T[][] = []
  private readonly used: number[] = []
  private readonly stamp: number[] = []
  private chunk: T | undefined
  private chunkTop = 0
  private region: T | undefined
  private regionTop = 0

  constructor(private readonly make: (n: number) => T) {}

  /** Starts a solve. */
  reset(): void {
    this.regionTop = 0
  }

  /** An array of n elements, valid until the solve numbered `solve` ends. */
  take(n: number, solve: number): T {
    if (n > POOLED_LENGTH) {
      if (this.region === undefined || this.regionTop + n > this.region.length) {
        this.region = this.make(Math.max(this.region === undefined ? 1 << 12 : this.region.length * 2, n * 2))
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
    if (this.chunk === undefined || this.chunkTop + n > this.chunk.length) {
      this.chunk = this.make(CHUNK)
      this.chunkTop = 0
    }
    const view = this.chunk.subarray(this.chunkTop, this.chunkTop + n) as T
    this.chunkTop += n
    list.push(view)
    return view
  }
}

/**
 * One call's scratch memory: `begin()` starts a solve (earlier solves' arrays may be handed
 * out again from there on), then `int32`, `float64` and `uint8` hand out arrays for it.
 *
 * @example
 * const arena = new Arena()
 * arena.begin()
 * const marks = arena.uint8(candidates) // zero-filled, valid until the next begin()
 */
export class Arena {
  private readonly ints = new Pool((n) => new Int32Array(n))
  private readonly floats = new Pool((n) => new Float64Array(n))
  private readonly bytes = new Pool((n) => new Uint8Array(n))
  private solve = 0

  /** Starts a solve: arrays handed out before may be reused from here on. */
  begin(): void {
    this.solve = this.solve === Number.MAX_SAFE_INTEGER ? 0 : this.solve + 1
    this.ints.reset()
    this.floats.reset()
    this.bytes.reset()
  }

  /** An Int32Array of n elements, zero-filled unless the caller writes every element before reading it. */
  int32(n: number, zeroed = true): Int32Array {
    const view = this.ints.take(n, this.solve)
    if (zeroed) view.fill(0)
    return view
  }

  /** A Float64Array of n elements, zero-filled unless the caller writes every element before reading it. */
  float64(n: number, zeroed = true): Float64Array {
    const view = this.floats.take(n, this.solve)
    if (zeroed) view.fill(0)
    return view
  }

  /** A Uint8Array of n elements, zero-filled unless the caller writes every element before reading it. */
  uint8(n: number, zeroed = true): Uint8Array {
    const view = this.bytes.take(n, this.solve)
    if (zeroed) view.fill(0)
    return view
  }
}
