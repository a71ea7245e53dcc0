import { readFileSync } from 'node:fs'
import { defineConfig } from 'tsup'

/** The package's version, compiled into the CLI for `omnistock --version`. */
const version = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version

export default defineConfig([
  {
    entry: { index: 'src/index.ts', advanced: 'src/advanced.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    treeshake: true,
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    define: { __OMNISTOCK_VERSION__: JSON.stringify(version) },
  },
])
