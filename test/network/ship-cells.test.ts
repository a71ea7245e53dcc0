import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeNetwork } from '../../src/codecs/decode.js'
import { distanceMetres, unitVectorOf } from '../../src/geo.js'
import { compileNetwork, shipUnitMicros } from '../../src/network/compile.js'
import { hasCapability } from '../../src/network/nodes.js'
import { unitCostBelow } from '../../src/routing/candidates.js'
import { cellMetresBelow, shipCellsOf } from '../../src/network/ship-cells.js'
import { propertyParameters } from '../support/properties.js'

const KINDS = ['warehouse', 'store', 'dark-store', 'supplier'] as const

/** A network of `nodes` around France (and a few far away), some without the `ship` capability. */
const networkArb = fc
  .array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      lat: fc.oneof({ weight: 9, arbitrary: fc.double({ min: 43, max: 50, noNaN: true }) }, { weight: 1, arbitrary: fc.double({ min: -80, max: 80, noNaN: true }) }),
      lon: fc.oneof({ weight: 9, arbitrary: fc.double({ min: -1, max: 7, noNaN: true }) }, { weight: 1, arbitrary: fc.double({ min: -179.9, max: 179.9, noNaN: true }) }),
      pkg: fc.integer({ min: 0, max: 12_000 }),
      unit: fc.integer({ min: 0, max: 2_000 }),
      rate: fc.integer({ min: 0, max: 600 }),
      ships: fc.integer({ min: 0, max: 9 }),
    }),
    { minLength: 1, maxLength: 300 },
  )
  .map((nodes) => {
    const doc = {
      nodes: nodes.map((n, i) => ({
        id: `N${String(i).padStart(3, '0')}`,
        kind: n.kind,
        location: { lat: n.lat, lon: n.lon },
        ...(n.ships === 0 ? { capabilities: ['pickup', 'transfer-out'] } : {}),
        costs: { package: (n.pkg / 1000).toFixed(3), unit: (n.unit / 1000).toFixed(3), perUnitKm: (n.rate / 1e6).toFixed(6) },
      })),
    }
    const decoded = decodeNetwork(doc)
    if (E.isLeft(decoded)) throw new Error(decoded.left.message)
    const net = compileNetwork(decoded.right)
    if (E.isLeft(net)) throw new Error(JSON.stringify(net.left))
    return net.right
  })

const pointArb = fc.record({ lat: fc.double({ min: -89, max: 89, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) })

describe('ship cells', () => {
  it('hold every node that ships exactly once, in ascending order per cell; the others are in the no-ship set', () => {
    fc.assert(
      fc.property(networkArb, (net) => {
        const cells = shipCellsOf(net)
        const seen = new Uint8Array(net.nodes.count)
        for (let c = 0; c < cells.count; c++) {
          expect(cells.start[c + 1]).toBeGreaterThan(cells.start[c] as number)
          for (let k = cells.start[c] as number; k < (cells.start[c + 1] as number); k++) {
            const n = cells.nodes[k] as number
            if (k > (cells.start[c] as number)) expect(n).toBeGreaterThan(cells.nodes[k - 1] as number)
            seen[n] = (seen[n] as number) + 1
          }
        }
        for (let n = 0; n < net.nodes.count; n++) {
          const ships = hasCapability(net.nodes, n, 'ship')
          const inNoShip = (((cells.noShip[n >>> 5] as number) >>> (n & 31)) & 1) === 1
          expect([seen[n], inNoShip]).toEqual(ships ? [1, false] : [0, true])
        }
        expect(shipCellsOf(net)).toBe(cells)
      }),
      propertyParameters({ numRuns: 100 }),
    )
  })

  it("bound every node's distance, parcel and per-unit cost from below, for any customer point", () => {
    fc.assert(
      fc.property(networkArb, pointArb, (net, to) => {
        const cells = shipCellsOf(net)
        const point = unitVectorOf(to)
        for (let c = 0; c < cells.count; c++) {
          const metres = cellMetresBelow(cells, c, point)
          const unit = unitCostBelow(cells.unitMin[c] as number, cells.perKmMin[c] as number, metres)
          for (let k = cells.start[c] as number; k < (cells.start[c + 1] as number); k++) {
            const n = cells.nodes[k] as number
            const exact = distanceMetres({ lat: net.nodes.lat[n] as number, lon: net.nodes.lon[n] as number }, to)
            expect(metres).toBeLessThanOrEqual(exact)
            expect(cells.packageMin[c]).toBeLessThanOrEqual(net.packageMicros[n] as number)
            expect(unit).toBeLessThanOrEqual(shipUnitMicros(net, n, exact))
          }
        }
      }),
      propertyParameters({ numRuns: 100 }),
    )
  })

  it('are tight enough to tell near from far: a cell 400 km away is bounded at 300 km or more', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => ({
      id: `S${String(i).padStart(3, '0')}`,
      kind: 'store',
      location: { lat: 43 + (i % 20) * 0.35, lon: -1 + Math.floor(i / 20) * 0.8 },
      costs: { package: '5', unit: '1', perUnitKm: '0.0003' },
    }))
    const decoded = decodeNetwork({ nodes })
    if (E.isLeft(decoded)) throw new Error(decoded.left.message)
    const net = compileNetwork(decoded.right)
    if (E.isLeft(net)) throw new Error('network')
    const cells = shipCellsOf(net.right)
    expect(cells.count).toBeGreaterThanOrEqual(16)
    const to = { lat: 43, lon: -1 }
    const point = unitVectorOf(to)
    for (let c = 0; c < cells.count; c++) {
      let nearest = Number.POSITIVE_INFINITY
      for (let k = cells.start[c] as number; k < (cells.start[c + 1] as number); k++) {
        const n = cells.nodes[k] as number
        nearest = Math.min(nearest, distanceMetres({ lat: net.right.nodes.lat[n] as number, lon: net.right.nodes.lon[n] as number }, to))
      }
      if (nearest >= 400_000) expect(cellMetresBelow(cells, c, point)).toBeGreaterThanOrEqual(300_000)
    }
  })
})
