import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))

/**
 * The delivery promise asks the router through one named interface (`routing/offers.ts`),
 * beside the facility model and the plan, option and error types. It never reaches the
 * router's instances, screens, optimiser or plan assembly, nor any routing export marked
 * `@internal`.
 */
const FORBIDDEN = [
  /^routing\/instance\.ts$/,
  /^routing\/prepared\.ts$/,
  /^routing\/assemble\.ts$/,
  /^routing\/optimiser(\.ts$|\/)/,
  /^routing\/screen\.ts$/,
  /^routing\/candidates\.ts$/,
  /^routing\/dominance\.ts$/,
]

const filesUnder = (path: string): string[] =>
  statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => filesUnder(join(path, name))) : path.endsWith('.ts') ? [path] : []

interface RoutingImport {
  /** The routing module, relative to src/ (`routing/offers.ts`). */
  readonly module: string
  readonly names: readonly string[]
}

/** The imports (and re-exports) of `source`, a file at `file` under src/, that resolve into src/routing/. */
const routingImports = (file: string, source: string): RoutingImport[] => {
  const out: RoutingImport[] = []
  const statement = /(?:import|export)\s+(type\s+)?(?:\{([^}]*)\}|\*\s+as\s+\w+|\w+)?\s*(?:,\s*\{([^}]*)\})?\s*from\s+'([^']+)'/g
  for (const m of source.matchAll(statement)) {
    const spec = m[4] as string
    if (!spec.startsWith('.')) continue
    const module = relative(join(root, 'src'), join(root, 'src', dirname(file), spec.replace(/\.js$/, '.ts')))
    if (!module.startsWith('routing/')) continue
    const names = `${m[2] ?? ''},${m[3] ?? ''}`
      .split(',')
      .map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0] ?? '')
      .filter((n) => n !== '')
    out.push({ module, names })
  }
  return out
}

/** True when `name` is exported from `source` under a doc comment marked `@internal`, or the whole module is. */
const isInternal = (source: string, name: string): boolean => {
  const header = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source)
  if (header !== null && /@internal/.test(header[1] as string) && !/^\s*\/\*\*[\s\S]*?\*\/\s*export\b/.test(source)) return true
  const decl = new RegExp(`\\/\\*\\*((?:(?!\\*\\/)[\\s\\S])*)\\*\\/\\s*export\\s+(?:declare\\s+)?(?:const|let|function|class|interface|type|enum)\\s+${name}\\b`)
  const found = decl.exec(source)
  return found !== null && /@internal/.test(found[1] as string)
}

const promiseFiles = filesUnder(join(root, 'src/promise')).map((f) => relative(join(root, 'src'), f))

describe('the promise asks the router through routing/offers.ts', () => {
  test('the promise modules are found', () => {
    expect(promiseFiles.length).toBeGreaterThan(10)
  })

  test.each(promiseFiles)('src/%s imports no routing internals', (file) => {
    const imports = routingImports(file, readFileSync(join(root, 'src', file), 'utf8'))
    const forbidden = imports.filter((i) => FORBIDDEN.some((re) => re.test(i.module))).map((i) => i.module)
    const internal = imports.flatMap((i) => {
      const path = join(root, 'src', i.module)
      if (!existsSync(path)) return [`${i.module} (missing)`]
      const source = readFileSync(path, 'utf8')
      return i.names.filter((n) => isInternal(source, n)).map((n) => `${i.module}: ${n}`)
    })
    expect({ forbidden, internal }).toEqual({ forbidden: [], internal: [] })
  })

  test('the check sees a forbidden module and an @internal export', () => {
    const source = [
      "import { directInstance, type Instance } from '../routing/instance.js'",
      "import type { FacilityProblem } from '../routing/optimiser/types.js'",
      "import { capacityLookup, routeOrder } from '../routing/route.js'",
    ].join('\n')
    const imports = routingImports('promise/x.ts', source)
    expect(imports.map((i) => i.module)).toEqual(['routing/instance.ts', 'routing/optimiser/types.ts', 'routing/route.ts'])
    expect(imports.filter((i) => FORBIDDEN.some((re) => re.test(i.module))).map((i) => i.module)).toEqual(['routing/instance.ts', 'routing/optimiser/types.ts'])
    const route = readFileSync(join(root, 'src/routing/route.ts'), 'utf8')
    expect(isInternal(route, 'capacityLookup')).toBe(true)
    expect(isInternal(route, 'routeOrder')).toBe(false)
  })
})
