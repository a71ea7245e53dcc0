/**
 * Seeded wave documents: a small network, scarce stock and a wave of ship orders competing
 * for it. Ship deliveries only (direct parcels, no hubs, no backorders), so that the joint
 * reference MIP (./reference.ts) stays small; a share of the nodes carries a daily capacity.
 */
import { seededTape, type Tape } from '../reference/generate.js'

export interface WaveShape {
  readonly nodes: readonly [number, number]
  readonly orders: readonly [number, number]
  readonly lines: readonly [number, number]
  readonly skus: number
  /** Percent of nodes with a daily capacity. */
  readonly capacity: number
  readonly maxShipments?: number
  readonly penalty?: string
}

const PACKAGES = ['8.759', '5', '6.5', '3.99', '12', '4.25']
const UNITS = ['0.423', '1.2', '0.6', '0.35', '0']
const RATES = ['0.000336', '0.000541', '0.0002', '0.0009', '0']
const PENALTIES = ['40', '25', '60', '15']

const pick = <A>(tape: Tape, xs: readonly A[]): A => xs[tape.int(0, xs.length - 1)] as A
const point = (tape: Tape): { lat: number; lon: number } => ({ lat: tape.int(430_000, 495_000) / 10_000, lon: tape.int(-10_000, 70_000) / 10_000 })

/** The small waves of the HiGHS check. */
export const SMALL_WAVE: WaveShape = { nodes: [3, 7], orders: [2, 7], lines: [1, 3], skus: 4, capacity: 20 }
/** The bench's waves: 30 orders of 1–3 lines on 12 nodes, maxShipments 3, penalty 40. */
export const BENCH_WAVE: WaveShape = { nodes: [12, 12], orders: [30, 30], lines: [1, 3], skus: 8, capacity: 0, maxShipments: 3, penalty: '40' }

/** A wave document drawn from `tape`. */
export const generateWave = (tape: Tape, shape: WaveShape = SMALL_WAVE): Record<string, unknown> => {
  const skus = Array.from({ length: shape.skus }, (_, i) => String.fromCharCode(65 + i))
  const nodeCount = tape.int(shape.nodes[0], shape.nodes[1])
  const nodes = Array.from({ length: nodeCount }, (_, i) => {
    const kind = tape.int(0, 2) === 0 ? 'warehouse' : 'store'
    const capacity = tape.int(0, 99) < shape.capacity ? { dailyCapacity: tape.int(0, 1) === 0 ? { orders: tape.int(1, 3) } : { units: tape.int(1, 5) } } : {}
    return {
      id: `${kind === 'warehouse' ? 'W' : 'S'}${i}`,
      kind,
      location: point(tape),
      costs: { package: pick(tape, PACKAGES), unit: pick(tape, UNITS), perUnitKm: pick(tape, RATES) },
      capabilities: ['ship'],
      ...capacity,
    }
  })
  const stock: { node: string; sku: string; onHand: number }[] = []
  for (const n of nodes) for (const sku of skus) if (tape.int(0, 99) < 45) stock.push({ node: n.id, sku, onHand: tape.int(1, 3) })
  const orderCount = tape.int(shape.orders[0], shape.orders[1])
  const orders = Array.from({ length: orderCount }, (_, i) => {
    const lineCount = tape.int(shape.lines[0], shape.lines[1])
    const lines = Array.from({ length: lineCount }, (_, l) => ({ id: String(l + 1), sku: pick(tape, skus), quantity: tape.int(1, 3) }))
    const shipComplete = shape.maxShipments === undefined && tape.int(0, 9) === 0
    return {
      id: `O${String(i).padStart(3, '0')}`,
      channel: 'web',
      lines,
      delivery: { method: 'ship', to: point(tape) },
      unfulfilledPenalty: shape.penalty ?? pick(tape, PENALTIES),
      ...(shape.maxShipments !== undefined ? { maxShipments: shape.maxShipments } : tape.int(0, 2) === 0 ? { maxShipments: tape.int(1, 2) } : {}),
      ...(shipComplete ? { shipComplete: true } : {}),
    }
  })
  return { now: '2026-12-22T12:00:00Z', nodes, stock, orders }
}

/** The wave of `seed`. */
export const seededWave = (seed: number, shape?: WaveShape): Record<string, unknown> => generateWave(seededTape(seed), shape)
