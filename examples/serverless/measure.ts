/**
 * `npm run measure:cold-start` (after `npm run build`): what a serverless function pays for
 * omnistock on a cold start. Each sample is a fresh `node` process that imports the built
 * package (ESM, then CJS) and routes one scenario; the import is timed inside the process, so
 * Node's own start-up is not counted. Also prints the bundle's size, raw and gzipped.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } })
const RUNS = Math.min(100, Math.max(1, Number(values.runs)))

const root = fileURLToPath(new URL('../../', import.meta.url))
const esm = `${root}dist/index.js`
const cjs = `${root}dist/index.cjs`
if (!existsSync(esm) || !existsSync(cjs)) {
  console.error('dist/ is missing: run `npm run build` first')
  process.exit(1)
}
const scenario = readFileSync(`${root}examples/scenarios/ship.json`, 'utf8')

const esmProbe = `
const t0 = performance.now()
const m = await import(${JSON.stringify(pathToFileURL(esm).href)})
const t1 = performance.now()
const r = m.routeScenario(JSON.parse(process.env.SCENARIO), '2026-11-27T09:00:00Z')
const t2 = performance.now()
if (r._tag !== 'Right') throw new Error('scenario did not route')
console.log(JSON.stringify([t1 - t0, t2 - t1]))`

const cjsProbe = `
const t0 = performance.now()
const m = require(${JSON.stringify(cjs)})
const t1 = performance.now()
const r = m.routeScenario(JSON.parse(process.env.SCENARIO), '2026-11-27T09:00:00Z')
const t2 = performance.now()
if (r._tag !== 'Right') throw new Error('scenario did not route')
console.log(JSON.stringify([t1 - t0, t2 - t1]))`

const sample = (args: string[]): [number, number] =>
  JSON.parse(execFileSync(process.execPath, args, { env: { ...process.env, SCENARIO: scenario }, encoding: 'utf8' }).trim()) as [number, number]

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

const report = (name: string, args: string[]): void => {
  sample(args) // warm the file-system cache once
  const runs = Array.from({ length: RUNS }, () => sample(args))
  const imports = runs.map((r) => r[0])
  const first = runs.map((r) => r[1])
  console.log(
    `${name.padEnd(5)} cold import: median ${median(imports).toFixed(1)} ms (min ${Math.min(...imports).toFixed(1)}, max ${Math.max(...imports).toFixed(1)}); ` +
      `first routeScenario: median ${median(first).toFixed(1)} ms — ${RUNS} fresh processes, node ${process.version}`,
  )
}

report('ESM', ['--input-type=module', '-e', esmProbe])
report('CJS', ['-e', cjsProbe])
for (const file of [esm, cjs]) {
  const bytes = readFileSync(file)
  console.log(`${file.slice(root.length).padEnd(16)} ${(bytes.length / 1000).toFixed(1)} kB, ${(gzipSync(bytes, { level: 9 }).length / 1000).toFixed(1)} kB gzipped (unminified; fp-ts, io-ts and decimal.js are not in it)`)
}
