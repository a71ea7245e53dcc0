/**
 * One benchmark section in a process of its own, for `bench/run.ts`: each section starts
 * with a fresh heap, so that one section's data (the stock bench's two million positions,
 * say) never taxes another's garbage collection. Writes the section's result as JSON to
 * the file named on the command line; its progress lines go to stdout.
 *
 *   npx tsx bench/section.ts routing /tmp/routing.json [--quick]
 */
import { writeFileSync } from 'node:fs'

export type SectionName = 'stock' | 'optimiser' | 'routing' | 'promise' | 'scale' | 'wave'

const [name, out] = process.argv.slice(2)
const quick = process.argv.includes('--quick')

// Only the section's own module is loaded: nothing else compiles or allocates in its process.
const run = async (section: string | undefined): Promise<unknown> => {
  switch (section) {
    case 'stock':
      return (await import('./stock.js')).runStockBench(quick ? { skus: 2000, lots: 2000, atpLookups: 200_000, idLookups: 50_000, nearQueries: 5000, reservePairs: 20_000 } : {})
    case 'optimiser':
      return (await import('./optimiser.js')).runOptimiserBench({ log: false, ...(quick ? { orders: 200, highsOrders: 20, rounds: 2 } : {}) })
    case 'routing':
      return (await import('./routing.js')).runRoutingBench(
        quick ? { orders: 300, rounds: 1, batchOrders: 500, highsOrders: 30, scalingOrders: 60, qualityOrders: 600, dense: { calls: [40, 40, 12, 3], cliFiles: 1 } } : {},
      )
    case 'promise':
      return (await import('./promise.js')).runPromiseBench(quick ? { singleCalls: 2000, cartCalls: 300, availabilityCalls: 2000 } : {})
    case 'scale':
      return (await import('./scale.js')).runScaleBench({ quick })
    case 'wave':
      return (await import('./wave.js')).runWaveBench({ quick, log: false })
    default:
      throw new Error(`unknown bench section ${JSON.stringify(section)}: one of stock, optimiser, routing, promise, scale`)
  }
}

if (out === undefined) throw new Error('usage: tsx bench/section.ts <stock|optimiser|routing|promise> <result.json> [--quick]')
writeFileSync(out, JSON.stringify(await run(name)))
