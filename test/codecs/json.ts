/** Helpers for the codec tests: JSON paths, cloning and editing documents. */

export type Key = string | number

/** The path the decoder reports for `keys`: `$.nodes[2].costs.package`. */
export const jsonPath = (keys: readonly Key[]): string =>
  `$${keys
    .map((k) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`))
    .join('')}`

/** A deep, mutable copy through JSON: what a document looks like after the wire. */
export const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/** Every path to a value inside `doc` (not the root). */
export const pathsOf = (doc: unknown): Key[][] => {
  const out: Key[][] = []
  const walk = (v: unknown, at: Key[]): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        out.push([...at, i])
        walk(item, [...at, i])
      })
    } else if (typeof v === 'object' && v !== null) {
      for (const k of Object.keys(v)) {
        out.push([...at, k])
        walk((v as Record<string, unknown>)[k], [...at, k])
      }
    }
  }
  walk(doc, [])
  return out
}

/** The container and last key of `keys` in `doc`, if every step exists. */
export const locate = (doc: unknown, keys: readonly Key[]): { readonly parent: Record<Key, unknown>; readonly key: Key } | undefined => {
  let v = doc
  for (let i = 0; i < keys.length - 1; i++) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<Key, unknown>)[keys[i] as Key]
  }
  const key = keys[keys.length - 1]
  if (typeof v !== 'object' || v === null || key === undefined) return undefined
  return { parent: v as Record<Key, unknown>, key }
}

/** A copy of `doc` with the value at `keys` replaced (or removed with `DELETE`). */
export const DELETE: unique symbol = Symbol('delete')
export const withValue = <T>(doc: T, keys: readonly Key[], value: unknown): T => {
  const copy = viaJson(doc)
  const at = locate(copy, keys)
  if (at === undefined) throw new Error(`no ${jsonPath(keys)} in the document`)
  if (value === DELETE) delete at.parent[at.key]
  else at.parent[at.key] = value
  return copy
}

/** The value at `keys`, or undefined. */
export const valueAt = (doc: unknown, keys: readonly Key[]): unknown => {
  const at = locate(doc, keys)
  return at === undefined ? undefined : at.parent[at.key]
}

/**
 * Resolves a template such as `['nodes', '*', 'costs', 'package']` against `doc`, choosing
 * each `*` index from `pick`; undefined when a step is missing or an array is empty.
 */
export const resolveTemplate = (doc: unknown, template: readonly Key[], pick: number): Key[] | undefined => {
  const keys: Key[] = []
  let v: unknown = doc
  for (const step of template) {
    if (step === '*') {
      if (!Array.isArray(v) || v.length === 0) return undefined
      const i = pick % v.length
      keys.push(i)
      v = v[i]
    } else {
      if (typeof v !== 'object' || v === null) return undefined
      keys.push(step)
      v = (v as Record<Key, unknown>)[step]
    }
  }
  // The last step may be absent (an optional field to add), but its container must exist.
  return keys.length === template.length ? keys : undefined
}

/** Deep-freezes a document, as the house style's "never mutate inputs" tests do. */
export const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const k of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[k])
  }
  return value
}
