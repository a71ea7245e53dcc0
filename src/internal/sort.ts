/**
 * Sorting the short, mostly ordered lists of the hot paths (a plan leg's lines, an option's
 * facilities) without the allocation and the comparator calls of `Array.prototype.sort`.
 *
 * @internal
 */

/**
 * Sorts `xs` in place by insertion, `after(a, b)` true when a goes after b, and returns it.
 * Stable; linear on a list already in order.
 *
 * @example insertionSort([3, 1, 2], (a, b) => a > b) // [1, 2, 3]
 */
export const insertionSort = <T>(xs: T[], after: (a: T, b: T) => boolean): T[] => {
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i] as T
    let j = i
    while (j > 0 && after(xs[j - 1] as T, x)) {
      xs[j] = xs[j - 1] as T
      j--
    }
    xs[j] = x
  }
  return xs
}
