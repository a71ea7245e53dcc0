/**
 * The package's version for `omnistock --version`: defined at build time by tsup (from
 * package.json), else read from the package.json two directories up, which is the package's
 * own from `src/cli/` (tsx, tests) and from `dist/cli/` (the built and installed CLI) alike.
 */
import { readFileSync } from 'node:fs'

declare const __OMNISTOCK_VERSION__: string | undefined

/** The version of the omnistock package, e.g. `0.1.0`. */
export const packageVersion = (): string => {
  if (typeof __OMNISTOCK_VERSION__ === 'string') return __OMNISTOCK_VERSION__
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { readonly version?: unknown }
  return typeof manifest.version === 'string' ? manifest.version : 'unknown'
}
