import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { decodeScenario } from '../src/codecs/decode.js'
import { scenarioNetwork } from '../src/model/scenario.js'
import { compileNetwork } from '../src/routing/network.js'
import { buildScenarioStock } from '../src/stock/index.js'
import { routeOrder } from '../src/routing/route.js'
const file = process.argv[2]!
for (let rep = 0; rep < 2; rep++) {
let t = performance.now(); const lap = (n: string) => { const x = performance.now(); console.log(n, (x - t).toFixed(0), 'ms'); t = x }
const text = readFileSync(file, 'utf8'); lap('read')
const json = JSON.parse(text); lap('parse')
const d = decodeScenario(json); lap('decode'); if (E.isLeft(d)) throw 1
const net = compileNetwork(scenarioNetwork(d.right)); lap('compile'); if (E.isLeft(net)) throw 1
const st = buildScenarioStock(scenarioNetwork(d.right), d.right); lap('stock'); if (E.isLeft(st)) throw 1
const p = routeOrder(net.right, st.right, d.right.order, { now: d.right.now! }); lap('route')
}
