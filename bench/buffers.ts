/**
 * Confidence buffers on simulated count histories: how close the suggested buffers come to
 * the service level asked (measured exactly from the known loss rates), how far they are from
 * the oracle buffer (the smallest that reaches the level for the true rate), and how long a
 * suggestion takes on large histories. Prints markdown tables (docs/confidence-buffers.md).
 *
 *   npx tsx bench/buffers.ts [--histories 100] [--quick]
 */
import * as E from 'fp-ts/lib/Either.js'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import type { CountHistory } from '../src/model/counts.js'
import { suggestConfidenceBuffers, type ConfidenceBufferOptions } from '../src/reassort/confidence.js'
import { seeded, simulateHistory, trueLevel, type SimulatedNode } from '../test/reassort/simulate.js'

const { values } = parseArgs({ options: { histories: { type: 'string' }, quick: { type: 'boolean' } } })
const histories = Number(values.histories ?? (values.quick === true ? 20 : 100))

const suggest = (history: unknown, options: ConfidenceBufferOptions) => {
  const r = suggestConfidenceBuffers(history as CountHistory, options)
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

const oracle = (lambda: number, level: number): number => {
  let b = 0
  while (trueLevel(lambda, b) < level) b++
  return b
}

const LAMBDAS = [0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6]
const worlds: readonly { readonly name: string; readonly counts: (i: number) => number }[] = [
  { name: '120 counts a node', counts: () => 120 },
  { name: '20–40 counts a node', counts: (i) => [20, 30, 40][i % 3] as number },
  { name: 'mixed (120 / 20–60)', counts: (i) => (i % 2 === 0 ? 120 : [30, 25, 40, 30, 20, 60][(i - 1) / 2] as number) },
]

const accuracy: string[] = [
  '| history | service level | achieved (mean) | lowest node | oracle buffers achieve | excess units (mean) | below the oracle |',
  '|---|---|---|---|---|---|---|',
]
for (const world of worlds) {
  const nodes: SimulatedNode[] = LAMBDAS.map((lambda, i) => ({ id: `N${String(i).padStart(2, '0')}`, lambda, counts: world.counts(i) }))
  for (const level of [0.9, 0.95, 0.99]) {
    let achieved = 0
    let lowest = 1
    let oracleLevel = 0
    let excess = 0
    let below = 0
    let n = 0
    for (let seed = 1; seed <= histories; seed++) {
      const s = suggest({ counts: simulateHistory(nodes, 1000 + seed) }, { serviceLevel: level })
      s.nodes.forEach((b, i) => {
        const lambda = (nodes[i] as SimulatedNode).lambda
        const a = trueLevel(lambda, b.quantity)
        const o = oracle(lambda, level)
        achieved += a
        lowest = Math.min(lowest, a)
        oracleLevel += trueLevel(lambda, o)
        excess += b.quantity - o
        if (b.quantity < o) below++
        n++
      })
    }
    accuracy.push(`| ${world.name} | ${level} | ${(achieved / n).toFixed(4)} | ${lowest.toFixed(4)} | ${(oracleLevel / n).toFixed(4)} | ${(excess / n).toFixed(2)} | ${((100 * below) / n).toFixed(1)}% |`)
  }
}

const speed: string[] = ['| counts | nodes | SKUs (4 attributes) | time | work units |', '|---|---|---|---|---|']
const sizes = values.quick === true ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]
for (const total of sizes) {
  const nodeCount = Math.max(10, Math.round(total / 2000))
  const skuCount = 200
  const random = seeded(total)
  const counts = []
  for (let i = 0; i < total; i++) {
    const node = i % nodeCount
    const sku = Math.floor(i / nodeCount) % skuCount
    const day = Math.floor(i / (nodeCount * skuCount))
    const expected = 20 + Math.floor(random() * 20)
    const lost = random() < 0.3 ? 1 + Math.floor(random() * 3) : 0
    counts.push({ node: `N${node}`, sku: `S${sku}`, expected, counted: expected - lost, countedAt: new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString() })
  }
  const skus = Array.from({ length: skuCount }, (_, i) => ({ id: `S${i}`, attributes: [`a${i % 4}`] }))
  const start = performance.now()
  const s = suggest({ counts, skus }, { serviceLevel: 0.95, halfLifeDays: 90, budget: 1_000_000_000 })
  const ms = performance.now() - start
  speed.push(`| ${total.toLocaleString('en')} | ${nodeCount} | ${skuCount} | ${ms.toFixed(0)} ms | ${s.work.spent.toLocaleString('en')} |`)
}

console.log(`Accuracy over ${histories} simulated histories per row (12 nodes, λ from 0.05 to 6 units lost between counts, one unit found in 10 counts):\n`)
console.log(accuracy.join('\n'))
console.log(`\nSpeed (node ${process.version}):\n`)
console.log(speed.join('\n'))
