/**
 * Copy-on-write edits of a trie node's child or leaf list: the new list, the old one intact.
 *
 * @internal
 */

export const arrayReplace = <T>(xs: readonly T[], i: number, x: T): T[] => {
  const out = xs.slice()
  out[i] = x
  return out
}

export const arrayInsert = <T>(xs: readonly T[], i: number, x: T): T[] => {
  const out = new Array<T>(xs.length + 1)
  for (let j = 0; j < i; j++) out[j] = xs[j] as T
  out[i] = x
  for (let j = i; j < xs.length; j++) out[j + 1] = xs[j] as T
  return out
}

export const arrayRemove = <T>(xs: readonly T[], i: number): T[] => {
  const out = new Array<T>(xs.length - 1)
  for (let j = 0; j < i; j++) out[j] = xs[j] as T
  for (let j = i + 1; j < xs.length; j++) out[j - 1] = xs[j] as T
  return out
}
