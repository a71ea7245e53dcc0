import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeNetwork, decodeOrder, decodeStockSnapshot } from '../../src/codecs/decode.js'
import { generateNetwork, optionsForNodes } from '../../examples/network/generate.js'
import { loadNetwork, loadOrders } from '../../examples/network/load.js'
import { generateOrders } from '../../examples/network/orders.js'
import { compileNetwork } from '../../src/network/compile.js'
import { instanceCost } from '../../src/routing/assemble.js'
import { screenByCells } from '../../src/routing/cell-screen.js'
import { directInstance, prepareOrder } from '../../src/routing/instance.js'
import { solveFacilityProblem, workMeter, type WorkMeter } from '../../src/routing/optimiser.js'
import { routeOrder } from '../../src/routing/route.js'
import { CELL_SCREEN_HOLDERS, screenDirect } from '../../src/routing/screen.js'
import { shipCellsOf } from '../../src/network/ship-cells.js'
import { buildStock } from '../../src/stock/index.js'
import { propertyParameters } from '../support/properties.js'
import { routingContext } from './support/context.js'

const SKUS = ['A', 'B', 'C', 'D', 'E', 'F']
const KINDS = ['warehouse', 'store', 'store', 'store', 'dark-store'] as const

/**
 * A chain of 120–260 nodes, stores for the most part, spread over France in a few clusters,
 * some unable to ship; each holds a few of six SKUs, warehouses many units. Enough nodes for
 * the ship cells to matter.
 */
const worldArb = fc
  .record({
    centres: fc.array(fc.record({ lat: fc.double({ min: 43.5, max: 50, noNaN: true }), lon: fc.double({ min: -1, max: 7, noNaN: true }) }), { minLength: 1, maxLength: 4 }),
    nodes: fc.array(
      fc.record({
        kind: fc.constantFrom(...KINDS),
        centre: fc.nat(),
        dLat: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
        dLon: fc.double({ min: -2, max: 2, noNaN: true }),
        pkg: fc.integer({ min: 2_000, max: 9_000 }),
        unit: fc.integer({ min: 0, max: 1_500 }),
        rate: fc.integer({ min: 100, max: 600 }),
        ships: fc.integer({ min: 0, max: 12 }),
        held: fc.uniqueArray(fc.tuple(fc.constantFrom(...SKUS), fc.integer({ min: 1, max: 3 })), { maxLength: 3, selector: ([s]) => s }),
      }),
      { minLength: 120, maxLength: 260 },
    ),
    lines: fc.uniqueArray(fc.tuple(fc.constantFrom(...SKUS), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 6, selector: ([s]) => s }),
    to: fc.record({ lat: fc.double({ min: 43.5, max: 50, noNaN: true }), lon: fc.double({ min: -1, max: 7, noNaN: true }) }),
    maxOpen: fc.integer({ min: 1, max: 4 }),
  })
  .map((w) => {
    const nodes = w.nodes.map((n, i) => {
      const c = w.centres[n.centre % w.centres.length] as { lat: number; lon: number }
      return {
        id: `N${String(i).padStart(3, '0')}`,
        kind: n.kind,
        location: { lat: c.lat + n.dLat, lon: c.lon + n.dLon },
        ...(n.ships === 0 ? { capabilities: ['pickup', 'transfer-out'] } : {}),
        costs: { package: (n.pkg / 1000).toFixed(3), unit: (n.unit / 1000).toFixed(3), perUnitKm: (n.rate / 1e6).toFixed(6) },
      }
    })
    const rows = w.nodes.flatMap((n, i) =>
      n.kind === 'warehouse'
        ? SKUS.map((sku, s) => ({ node: `N${String(i).padStart(3, '0')}`, sku, onHand: (i + s) % 4 === 0 ? 0 : 20 }))
        : n.held.map(([sku, onHand]) => ({ node: `N${String(i).padStart(3, '0')}`, sku, onHand })),
    )
    return { nodes, rows, lines: w.lines, to: w.to, maxOpen: w.maxOpen }
  })

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

describe('the dominance screen by ship cells', () => {
  it('builds the same nodes, solves the same instance and leaves out the same holders as the screen over every holder, with the same work', () => {
    let byCells = 0
    let cellsLeftOut = 0
    fc.assert(
      fc.property(worldArb, (w) => {
        const net = right(compileNetwork(right(decodeNetwork({ nodes: w.nodes }))))
        const stock = right(buildStock(net, right(decodeStockSnapshot({ rows: w.rows }))))
        const order = right(decodeOrder({ id: 'O', channel: 'web', lines: w.lines.map(([sku, quantity], i) => ({ id: String(i), sku, quantity })), delivery: { method: 'ship', to: w.to }, unfulfilledPenalty: '40' }))
        const ctx = routingContext(net, stock, order, w.maxOpen)
        const screen = (cellsFrom: number) => {
          const prepared = prepareOrder(ctx)
          const meter: WorkMeter = workMeter(10_000_000)
          const built: number[][] = []
          const build = (nodes: Int32Array) => {
            built.push(Array.from(nodes))
            return directInstance(ctx, w.to, prepared, nodes)
          }
          const solve = (inst: ReturnType<typeof build>) => {
            const sol = solveFacilityProblem(inst.problem, { meter })
            return { inst, sol, cost: instanceCost(inst, sol) }
          }
          const found = screenDirect(ctx, w.to, prepared, build, solve, meter, cellsFrom)
          return {
            built,
            cost: found?.solved.cost,
            considered: found?.solved.inst.considered,
            screened: found?.screened === undefined ? undefined : { nodes: found.screened.nodes, dominated: found.screened.dominated, atLeast: found.screened.atLeastMicros },
            unfinished: found?.unfinished,
            spent: meter.spent,
          }
        }
        const everyHolder = screen(Number.POSITIVE_INFINITY)
        const cells = screen(0)
        expect(cells).toEqual(everyHolder)
        // Whether the cells screen ran here, and whether it left out holders it never read.
        const prepared = prepareOrder(ctx)
        const direct = screenByCells(ctx, w.to, prepared, 6, new Int32Array(0), (nodes) => directInstance(ctx, w.to, prepared, nodes))
        if (direct !== undefined && shipCellsOf(net).count > 0) {
          byCells++
          if (direct.view.nodes.length < prepared.holders.count) cellsLeftOut++
        }
      }),
      propertyParameters({ numRuns: 60 }),
    )
    // The generator must reach the cells, and cells must leave holders out unread.
    expect(byCells).toBeGreaterThan(0)
    expect(cellsLeftOut).toBeGreaterThan(0)
  })
})

describe('routing on a network large enough for the cells', () => {
  it('gives the plans routing without any screen gives', () => {
    const g = generateNetwork(optionsForNodes(3000, { seed: 11, skus: 60 }))
    const { stock, rules } = loadNetwork(g)
    const orders = loadOrders(generateOrders(g, { count: 6, seed: 12, lines: 5 })).filter((o) => o.delivery.method === 'ship')
    let throughCells = 0
    for (const order of orders) {
      const options = { now: g.options.now, rules, explainAlternatives: 0 }
      const screened = right(routeOrder(stock, order, options))
      const full = right(routeOrder(stock, order, { ...options, screening: false }))
      const { explanation: _a, ...a } = screened
      const { explanation: _b, ...b } = full
      expect(a).toEqual(b)
      if (prepareOrder(routingContext(stock.network, stock, order)).holders.count >= CELL_SCREEN_HOLDERS) throughCells++
    }
    expect(throughCells).toBeGreaterThan(0)
  })
})
