/**
 * Mutation testing by sample, for code too hot to run instrumented (the optimiser's bound and
 * search: one instrumented dry run of their tests takes minutes, a whole Stryker run many
 * hours on two cores). Reads the mutants of a Stryker JSON report (a run that lists them:
 * any statuses), keeps those that type-check (each re-checked alone against the project's
 * TypeScript program), draws a seeded sample of `--fraction` of each file's, and applies each
 * sampled mutant alone to the source, uninstrumented: the named tests run, the file is
 * restored. Prints one line per mutant and a tally per file; refuses to start if a file's
 * source differs from the report's, and restores the file on any exit.
 *
 *   node scripts/mutation-sample.mjs --report reports/mutation/mutation.json --fraction 0.125 \
 *     --seed 20261206 --timeout 90 --whole src/routing/optimiser/meter.ts -- test/routing/optimiser/search.test.ts test/routing/budget.test.ts
 *
 * A mutant is `killed` when the tests fail, `timeout` when they run past `--timeout` seconds,
 * `survived` otherwise. To list the mutants, run Stryker with the type checker off
 * (`checkers: []`, `ignoreStatic: true` in a copy of stryker.config.mjs) and a test that only
 * imports the files: every mutant is then reported uncovered, with its replacement, at once.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const ts = require('typescript')

const args = process.argv.slice(2)
const dash = args.indexOf('--')
const tests = dash >= 0 ? args.slice(dash + 1) : []
const flags = dash >= 0 ? args.slice(0, dash) : args
const flag = (name, fallback) => {
  const i = flags.indexOf(`--${name}`)
  return i >= 0 && flags[i + 1] !== undefined ? flags[i + 1] : fallback
}
const reportPath = flag('report', 'reports/mutation/mutation.json')
const fraction = Number(flag('fraction', '0.125'))
const seed = Number(flag('seed', '20261206'))
const timeout = Number(flag('timeout', '90'))
/** Files taken whole rather than sampled (comma-separated paths). */
const whole = new Set(flag('whole', '').split(',').filter((f) => f !== ''))
if (!(fraction > 0 && fraction <= 1) || !Number.isInteger(seed) || !(timeout > 0) || tests.length === 0) {
  console.error('usage: node scripts/mutation-sample.mjs --report R --fraction F (0 < F <= 1) --seed N --timeout S -- <test files>')
  process.exit(2)
}

const report = JSON.parse(readFileSync(reportPath, 'utf8'))
const files = Object.entries(report.files).filter(([, f]) => f.mutants.length > 0)
for (const [file, f] of files) {
  if (readFileSync(file, 'utf8') !== f.source) {
    console.error(`${file} differs from the report's source: list its mutants again`)
    process.exit(2)
  }
}

/** Offsets of a source's line starts, and a mutant's source with its replacement written in. */
const mutated = (source, m) => {
  const starts = [0]
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1)
  const at = (p) => starts[p.line - 1] + p.column - 1
  return source.slice(0, at(m.location.start)) + m.replacement + source.slice(at(m.location.end))
}

// Type checks: one language service, the mutated file alone given a new version each time.
const config = ts.parseJsonConfigFileContent(ts.readConfigFile('tsconfig.json', ts.sys.readFile).config, ts.sys, process.cwd())
const overrides = new Map()
const versions = new Map()
const service = ts.createLanguageService(
  {
    getScriptFileNames: () => config.fileNames,
    getScriptVersion: (f) => String(versions.get(path.resolve(f)) ?? 0),
    getScriptSnapshot: (f) => {
      const text = overrides.get(path.resolve(f)) ?? ts.sys.readFile(f)
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text)
    },
    getCurrentDirectory: () => process.cwd(),
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  },
  ts.createDocumentRegistry(),
)
const errorsIn = (file) => service.getSyntacticDiagnostics(file).length + service.getSemanticDiagnostics(file).length
/** Whether `m` adds no error to `file`, which has `before` errors unmutated. */
const compiles = (file, source, before, m) => {
  const key = path.resolve(file)
  overrides.set(key, mutated(source, m))
  versions.set(key, (versions.get(key) ?? 0) + 1)
  const after = errorsIn(file)
  overrides.delete(key)
  versions.set(key, (versions.get(key) ?? 0) + 1)
  return after <= before
}

// The seeded draw (a linear congruential generator, then a Fisher–Yates shuffle per file).
let state = seed
const next = () => {
  state = (state * 1103515245 + 12345) % 2147483648
  return state / 2147483648
}

let current
const restore = () => {
  if (current) writeFileSync(current.file, current.source)
  current = undefined
}
process.on('SIGINT', () => {
  restore()
  process.exit(130)
})

const total = { sampled: 0, killed: 0, timeout: 0, survived: 0, compileErrors: 0 }
for (const [file, f] of files) {
  const listed = f.mutants.filter((m) => m.status !== 'Ignored')
  const before = errorsIn(file)
  const ok = listed.filter((m) => compiles(file, f.source, before, m))
  const ids = ok.map((m) => m.id)
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[ids[i], ids[j]] = [ids[j], ids[i]]
  }
  const picked = new Set(ids.slice(0, whole.has(file) ? ids.length : Math.round(ids.length * fraction)))
  const tally = { sampled: picked.size, killed: 0, timeout: 0, survived: 0, compileErrors: listed.length - ok.length }
  try {
    for (const m of ok) {
      if (!picked.has(m.id)) continue
      current = { file, source: f.source }
      writeFileSync(file, mutated(f.source, m))
      const run = spawnSync('npx', ['vitest', 'run', ...tests], { encoding: 'utf8', timeout: timeout * 1000, killSignal: 'SIGKILL' })
      restore()
      const status = run.error?.code === 'ETIMEDOUT' || run.signal === 'SIGKILL' ? 'timeout' : run.status !== 0 ? 'killed' : 'survived'
      tally[status]++
      const { line, column } = m.location.start
      console.log(`${status}\t${file}:${line}:${column}\t${m.mutatorName}\t${m.replacement.replace(/\s+/g, ' ').slice(0, 60)}`)
    }
  } finally {
    restore()
  }
  const score = tally.sampled === 0 ? 0 : (100 * (tally.killed + tally.timeout)) / tally.sampled
  console.log(`${file}: ${ok.length} compile (${tally.compileErrors} do not), ${tally.sampled} sampled: ${tally.killed} killed, ${tally.timeout} timed out, ${tally.survived} survived (${score.toFixed(2)} %)`)
  for (const k of Object.keys(total)) total[k] += tally[k]
}
const score = total.sampled === 0 ? 0 : (100 * (total.killed + total.timeout)) / total.sampled
console.log(`all: ${total.sampled} sampled: ${total.killed} killed, ${total.timeout} timed out, ${total.survived} survived (${score.toFixed(2)} %)`)
