#!/usr/bin/env node
/**
 * Checks the built package from plain Node, the way consumers load it: the ESM entry
 * (`import` of dist/index.js) and the CommonJS entry (`require` of dist/index.cjs) must
 * expose the same named exports, of the same kinds, including every name in EXPECTED, and
 * both must actually work on a small document. Also checks the CLI entry named by `bin`.
 *
 * Run after `npm run build`: `node scripts/check-dist.mjs`. Exits 1 with a list of problems.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** Names the public API must export (grow this list as the API grows). */
const EXPECTED = [
  // decoding untrusted documents
  'decodeScenario',
  'decodeOrder',
  'decodeNetwork',
  'decodeStockSnapshot',
  'decodeReserveRequest',
  'decodeError',
  // money
  'formatMicros',
  'toMicros',
  // model codecs (values as well as types)
  'Network',
  'Node',
  'Sku',
  'NodeKind',
  'Capability',
  'StockSnapshot',
  'StockRow',
  'InboundLot',
  'Order',
  'OrderLine',
  'Delivery',
  'SourcingRules',
  'Scenario',
  'ReserveRequest',
  'ReservationLine',
  // stock index, ATP and ledger
  'buildStock',
  'availableToPromise',
  'atpNear',
  'reserve',
  'confirm',
  'release',
  'expire',
  'replay',
  // routing
  'compileNetwork',
  'routeOrder',
  'describeNode',
  'solveFacilityProblem',
  'routeBatch',
  'reserveForPlan',
  'reroute',
  'routeScenario',
  // delivery promise
  'promiseOptions',
  'storeAvailability',
  'decodePromiseRequest',
]

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const problems = []
const problem = (text) => problems.push(text)

const esmPath = join(root, 'dist/index.js')
const cjsPath = join(root, 'dist/index.cjs')
for (const p of [esmPath, cjsPath]) if (!existsSync(p)) problem(`missing ${p}: run npm run build first`)
if (problems.length > 0) fail()

const esm = await import(pathToFileURL(esmPath).href)
const cjs = createRequire(import.meta.url)(cjsPath)

const namesOf = (module) => Object.keys(module).filter((k) => k !== 'default' && k !== '__esModule').sort()
const esmNames = namesOf(esm)
const cjsNames = namesOf(cjs)

const onlyEsm = esmNames.filter((n) => !cjsNames.includes(n))
const onlyCjs = cjsNames.filter((n) => !esmNames.includes(n))
if (onlyEsm.length > 0) problem(`exported by ESM but not CJS: ${onlyEsm.join(', ')}`)
if (onlyCjs.length > 0) problem(`exported by CJS but not ESM: ${onlyCjs.join(', ')}`)
if ('default' in esm) problem('the ESM entry has a default export; the API is named exports only')

for (const name of esmNames.filter((n) => cjsNames.includes(n))) {
  if (typeof esm[name] !== typeof cjs[name]) problem(`${name} is a ${typeof esm[name]} in ESM but a ${typeof cjs[name]} in CJS`)
}
for (const name of EXPECTED) {
  if (!esmNames.includes(name)) problem(`ESM does not export ${name}`)
  if (!cjsNames.includes(name)) problem(`CJS does not export ${name}`)
}

// Both builds must work, not just exist.
const order = {
  id: 'o-1',
  channel: 'web',
  lines: [{ id: 'l1', sku: 'sku-1', quantity: 2 }],
  delivery: { method: 'ship', to: { lat: 45.764, lon: 4.8357 } },
}
for (const [label, m] of [
  ['ESM', esm],
  ['CJS', cjs],
]) {
  try {
    if (m.formatMicros(8_759_000) !== '8.759') problem(`${label}: formatMicros(8759000) is ${m.formatMicros(8_759_000)}`)
    if (m.toMicros('0.423') !== 423_000) problem(`${label}: toMicros('0.423') is ${m.toMicros('0.423')}`)
    const good = m.decodeOrder(order)
    if (good._tag !== 'Right') problem(`${label}: a valid order does not decode: ${JSON.stringify(good)}`)
    const bad = m.decodeOrder({ ...order, lines: [{ id: 'l1', sku: 'sku-1', quantity: 0 }] })
    if (bad._tag !== 'Left' || bad.left.issues[0]?.path !== '$.lines[0].quantity') {
      problem(`${label}: an invalid order is not reported at $.lines[0].quantity: ${JSON.stringify(bad)}`)
    }
  } catch (e) {
    problem(`${label}: calling the API threw ${e instanceof Error ? e.stack : String(e)}`)
  }
}

// The CLI named by package.json#bin must be built and runnable as a script.
for (const [command, file] of Object.entries(typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {}))) {
  const path = join(root, file)
  if (!existsSync(path)) problem(`bin ${command}: ${file} was not built`)
  else if (!readFileSync(path, 'utf8').startsWith('#!/usr/bin/env node')) problem(`bin ${command}: ${file} has no #!/usr/bin/env node line`)
}

if (problems.length > 0) fail()
console.log(`ESM and CJS both export the same ${esmNames.length} names, including all ${EXPECTED.length} expected ones; both builds decode and format correctly.`)

function fail() {
  console.error(`check-dist: ${problems.length} problem(s)`)
  for (const p of problems) console.error(`  - ${p}`)
  process.exit(1)
}
