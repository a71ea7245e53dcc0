#!/usr/bin/env node
/**
 * Checks the built package from plain Node, the way consumers load it, for each entry of the
 * `exports` map (`omnistock` and `omnistock/advanced`): the ESM file (`import`) and the
 * CommonJS file (`require`) named by the map must expose the same named exports, of the same
 * kinds, including every name expected of that entry, and both must actually work on a small
 * document. Also checks the CLI entry named by `bin`.
 *
 * Run after `npm run build`: `node scripts/check-dist.mjs`. Exits 1 with a list of problems.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** Names the root entry must export (grow this list as the API grows). */
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
  'routeBatch',
  'reserveForPlan',
  'reroute',
  'routeScenario',
  // delivery promise
  'promiseOptions',
  'storeAvailability',
  'decodePromiseRequest',
  // confidence buffers from cycle counts
  'suggestConfidenceBuffers',
  'decodeCountHistory',
  'CountHistory',
  // errors
  'formatError',
]

/** Names `omnistock/advanced` must export: the optimiser on raw arrays, index-level lookups. */
const EXPECTED_ADVANCED = ['solveFacilityProblem', 'evaluateOpenSet', 'skuIndexOf', 'skuIdOf', 'atpAt', 'nodesHoldingSku', 'holderBits', 'buildNodeIndex', 'nodesWithin', 'buildStockFromColumns']

/** Names that belong to `omnistock/advanced` only: the root entry stays the product API. */
const ADVANCED_ONLY = ['solveFacilityProblem', 'evaluateOpenSet', 'skuIndexOf', 'atpAt', 'holderBits']

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const problems = []
const problem = (text) => problems.push(text)

/** The ESM and CJS files the `exports` map names for `entry` ('.' or './advanced'). */
const filesOf = (entry) => {
  const e = pkg.exports?.[entry]
  if (e === undefined) {
    problem(`package.json#exports has no ${entry}`)
    return undefined
  }
  for (const [condition, target] of [['import', e.import], ['require', e.require]]) {
    if (target?.types === undefined || target?.default === undefined) problem(`exports[${entry}].${condition} needs types and default`)
  }
  return { esm: join(root, e.import?.default ?? ''), cjs: join(root, e.require?.default ?? '') }
}

const namesOf = (module) => Object.keys(module).filter((k) => k !== 'default' && k !== '__esModule').sort()

/** Loads an entry both ways and checks that both expose the same names, of the same kinds, including `expected`. */
const loadEntry = async (entry, expected) => {
  const files = filesOf(entry)
  if (files === undefined) return undefined
  for (const p of [files.esm, files.cjs]) if (!existsSync(p)) problem(`missing ${p}: run npm run build first`)
  if (problems.length > 0) fail()
  const esm = await import(pathToFileURL(files.esm).href)
  const cjs = createRequire(import.meta.url)(files.cjs)
  const esmNames = namesOf(esm)
  const cjsNames = namesOf(cjs)
  const onlyEsm = esmNames.filter((n) => !cjsNames.includes(n))
  const onlyCjs = cjsNames.filter((n) => !esmNames.includes(n))
  if (onlyEsm.length > 0) problem(`${entry}: exported by ESM but not CJS: ${onlyEsm.join(', ')}`)
  if (onlyCjs.length > 0) problem(`${entry}: exported by CJS but not ESM: ${onlyCjs.join(', ')}`)
  if ('default' in esm) problem(`${entry}: the ESM entry has a default export; the API is named exports only`)
  for (const name of esmNames.filter((n) => cjsNames.includes(n))) {
    if (typeof esm[name] !== typeof cjs[name]) problem(`${entry}: ${name} is a ${typeof esm[name]} in ESM but a ${typeof cjs[name]} in CJS`)
  }
  for (const name of expected) {
    if (!esmNames.includes(name)) problem(`${entry}: ESM does not export ${name}`)
    if (!cjsNames.includes(name)) problem(`${entry}: CJS does not export ${name}`)
  }
  return { esm, cjs, count: esmNames.length }
}

const main = await loadEntry('.', EXPECTED)
const advanced = await loadEntry('./advanced', EXPECTED_ADVANCED)
if (main === undefined || advanced === undefined) fail()
for (const name of ADVANCED_ONLY) if (name in main.esm) problem(`the root entry exports ${name}, which belongs to omnistock/advanced`)
const { esm, cjs } = main

// Both builds must work, not just exist.
const sampleNetwork = {
  nodes: [{ id: 'W1', kind: 'warehouse', location: { lat: 48.85, lon: 2.35 }, costs: { package: '8.759', unit: '0.423', perUnitKm: '0.000336' } }],
}
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
    if (bad._tag === 'Left' && !m.formatError(bad.left).startsWith('invalid order: $.lines[0].quantity')) problem(`${label}: formatError gives ${m.formatError(bad.left)}`)
    // The advanced entry reads a stock index the root entry built.
    const adv = label === 'ESM' ? advanced.esm : advanced.cjs
    const network = m.compileNetwork(m.decodeNetwork(sampleNetwork).right)
    const stock = network._tag === 'Right' ? m.buildStock(network.right, { rows: [{ node: 'W1', sku: 'sku-1', onHand: 5 }] }) : network
    if (stock._tag !== 'Right') problem(`${label}: the sample network and stock do not build: ${JSON.stringify(stock.left)}`)
    else {
      const atp = adv.atpAt(stock.right, adv.skuIndexOf(stock.right, 'sku-1'), stock.right.nodes.byId.get('W1'), 'web')
      if (atp !== 5) problem(`${label}: advanced atpAt gives ${atp}, not 5`)
      const plan = m.routeOrder(stock.right, order, { now: '2026-11-27T09:00:00Z' })
      if (plan._tag !== 'Right' || plan.right.shipments[0]?.from !== 'W1') problem(`${label}: routeOrder does not ship from W1: ${JSON.stringify(plan)}`)
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
console.log(
  `omnistock: ESM and CJS both export the same ${main.count} names, including all ${EXPECTED.length} expected ones; omnistock/advanced: the same ${advanced.count}, including all ${EXPECTED_ADVANCED.length} expected; both builds decode, build, route and format correctly.`,
)

function fail() {
  console.error(`check-dist: ${problems.length} problem(s)`)
  for (const p of problems) console.error(`  - ${p}`)
  process.exit(1)
}
