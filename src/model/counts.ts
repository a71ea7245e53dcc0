/**
 * Cycle-count history: what the stock system expected at a position when someone counted it,
 * what they counted, and when. The document `suggestConfidenceBuffers` reads (and the
 * `omnistock buffers` command).
 */
import * as t from 'io-ts'
import { Sku } from './network.js'
import { Id, Instant, Quantity, record } from './primitives.js'

/**
 * One cycle count of `sku` at `node` at `countedAt`: the system held `expected` units, the
 * count found `counted`. Its shortfall `expected − counted` is the phantom stock the count
 * uncovered (negative: units the system did not know about).
 */
export const CycleCount = record({ node: Id, sku: Id, expected: Quantity, counted: Quantity, countedAt: Instant }, {}, 'CycleCount')
export type CycleCount = t.TypeOf<typeof CycleCount>

/**
 * A count history: the counts, in any order, and optionally the SKU catalogue (ids and
 * attributes, as in a network document) so that buffers can differ by SKU attribute.
 */
export const CountHistory = record({ counts: t.readonlyArray(CycleCount) }, { skus: t.readonlyArray(Sku) }, 'CountHistory')
export type CountHistory = t.TypeOf<typeof CountHistory>
