/**
 * A wave context (src/wave/context.ts) on a wave document, as `routeWave` starts one: its
 * orders in id order, routed one by one (the best wave so far) and each alone.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Order } from '../../src/model/order.js'
import type { Plan } from '../../src/routing/plan.js'
import { routeWaveDocument } from '../../src/wave/document.js'
import { WaveContext, type Alone } from '../../src/wave/context.js'
import { seededWave } from './generate.js'

export const NOW = '2026-12-22T12:00:00Z'

/** A context on the seeded small wave `seed`, started from its one-by-one wave and its orders alone. */
export const contextOf = (seed: number | Record<string, unknown>): WaveContext => {
  const doc = typeof seed === 'number' ? seededWave(seed) : seed
  const r = routeWaveDocument(doc, NOW, { maxBranchNodes: 0, maxIterations: 1 })
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  const orders = [...(r.right.document.orders as unknown as Order[])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const ctx = new WaveContext(r.right.stock, orders, orders.map((_, i) => i), NOW, { now: NOW, explainAlternatives: 0 }, 10_000_000, undefined)
  const oneByOne = ctx.sequential(ctx.stock, ctx.everyOrder, undefined, ctx.startUsed())
  if (oneByOne === undefined) throw new Error('not routed one by one')
  const solo = ctx.everyOrder.map((j) => ctx.alone(j) as Alone)
  ctx.begin(
    ctx.everyOrder.map((j) => oneByOne.plans.get(j) as Plan),
    solo,
  )
  return ctx
}
