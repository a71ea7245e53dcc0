/**
 * One differential check: a scenario document routed by the engine (`routeScenario`, as the
 * CLI does) and solved by the reference model; the plan's validity checked independently.
 * The outcome says whether the engine's claim holds and, when not, a first guess of why (a
 * class to confirm by hand, never a verdict).
 */
import * as E from 'fp-ts/lib/Either.js'
import { routeScenario } from '../../src/scenario.js'
import { formatMicros, micros, readScenario } from './documented.js'
import { referenceFastest, referenceOptimum, referencePlan, type RefSolution } from './model.js'
import { planViolations } from './validity.js'

export interface Outcome {
  /** `proven` or `bounded` (or `heuristic`), or `error` when the engine refused the order. */
  readonly optimality: string
  readonly engineTotal?: string
  readonly referenceTotal?: string
  /** The engine's claim holds: proven = reference, or the reference within [total − gap, total]. */
  readonly agrees: boolean
  /** What the independent validity check found wrong with the engine's plan. */
  readonly violations: readonly string[]
  /** What the validity check found wrong with the reference's own optimum (a reference bug). */
  readonly referenceViolations: readonly string[]
  /** When the claim fails: a first guess of the class, to confirm by hand. */
  readonly mismatch?: string
  readonly reference?: RefSolution
}

const NOW = '2026-01-01T00:00:00Z'

/** A guess at why the engine missed the reference optimum. */
const classify = (doc: Record<string, unknown>, ref: RefSolution, engineTotal: bigint, violations: readonly string[], hub?: string): string => {
  if (violations.length > 0) return invalidClass(doc, violations, hub)
  if (engineTotal < ref.total) return 'cheaper-valid(check the reference)'
  const later = ref.open.filter((o) => o.facility.at > Date.parse(String(doc['now'])))
  const nodes = doc['nodes'] as readonly { id: string; dailyCapacity?: { orders?: number; units?: number } }[]
  const exhausted = (id: string): boolean => {
    const c = nodes.find((n) => n.id === id)?.dailyCapacity
    return c?.orders === 0 || c?.units === 0
  }
  if (later.some((o) => exhausted(o.facility.node))) return 'backorder-from-exhausted-node'
  if (ref.delay > 0n && ref.mode === 'direct' && new Set(ref.open.map((o) => o.facility.node)).size < ref.open.length) return 'delay-parcels-at-two-instants'
  if (later.length > 0) {
    if (ref.mode !== 'direct') return `${ref.mode}-waits-for-lot`
    return 'backorder-consolidation'
  }
  const priced = [...(ref.delay > 0n ? ['delay'] : []), ...(ref.protection > 0n || nodes.some((n) => 'protection' in n) ? ['protection'] : [])]
  return `dearer-${ref.mode}${priced.length > 0 ? `-with-${priced.join('-')}` : ''}`
}

/** The first violation's kind; capacity broken at the pickup node or hub is its own-shelf capacity. */
const invalidClass = (doc: Record<string, unknown>, violations: readonly string[], hub?: string): string => {
  const first = violations[0] ?? ''
  const capacity = violations.find((v) => /capacity/.test(v))
  if (capacity !== undefined) {
    const order = doc['order'] as { delivery: { method: string; node?: string } }
    const node = capacity.split(':')[0]
    if (order.delivery.method === 'pickup' && order.delivery.node === node) return 'invalid:own-shelf-capacity'
    return hub === node ? 'invalid:hub-own-shelf-capacity' : 'invalid:capacity'
  }
  return `invalid:${first.replace(/[0-9.:TZ-]+/g, '#').slice(0, 60)}`
}

export const compareScenario = async (doc: Record<string, unknown>): Promise<Outcome> => {
  const decoded = readScenario(doc)
  if (E.isLeft(decoded)) return { optimality: 'error', agrees: false, violations: [], referenceViolations: [], mismatch: `undecodable: ${decoded.left}` }
  const routed = routeScenario(doc, NOW)
  const fastest = decoded.right.strategy === 'fastest'
  const ref = fastest ? await referenceFastest(doc, NOW) : await referenceOptimum(doc, NOW)
  if (E.isLeft(routed)) {
    // The reference's own optimum is checked even when the engine refuses the document.
    const referenceViolations = ref._tag === 'error' ? [] : planViolations(decoded.right, referencePlan(decoded.right, ref.best, NOW), NOW)
    const agrees = ref._tag === 'error'
    const reference = ref._tag === 'error' ? {} : { referenceTotal: formatMicros(ref.best.total), reference: ref.best }
    if (referenceViolations.length > 0) return { optimality: 'error', agrees: false, violations: [], referenceViolations, ...reference, mismatch: 'reference-invalid' }
    return { optimality: 'error', agrees, violations: [], referenceViolations, ...reference, ...(agrees ? {} : { mismatch: `engine-error:${'_tag' in routed.left ? routed.left._tag : 'unknown'}` }) }
  }
  const plan = routed.right.plan
  const violations = planViolations(decoded.right, plan, NOW)
  if (ref._tag === 'error') return { optimality: plan.optimality, engineTotal: plan.totalCost, agrees: false, violations, referenceViolations: [], mismatch: `reference-error:${ref.error}` }
  const total = micros(plan.totalCost)
  const gap = micros(plan.gap)
  const best = ref.best.total
  let agrees = plan.optimality === 'proven' ? best === total : plan.optimality === 'bounded' ? total - gap <= best && best <= total : best <= total
  if (fastest && 'served' in ref) {
    // `fastest` also holds the plan to the most units, by the earliest ETA that serves them.
    const served = plan.allocations.reduce((a, l) => a + l.quantity, 0)
    const eta = plan.eta === undefined ? undefined : Date.parse(plan.eta)
    if (plan.optimality === 'proven') agrees = agrees && served === ref.served && (ref.deadline === undefined ? served === 0 : eta === ref.deadline)
    else {
      // Bounded: never more units nor an earlier ETA than the reference's; its gap speaks of
      // the cost only when it reached the reference's units and ETA.
      const reached = served === ref.served && eta === ref.deadline
      agrees = served <= ref.served && (served < ref.served || eta === undefined || ref.deadline === undefined || eta >= ref.deadline) && (!reached || (total - gap <= best && best <= total))
    }
  }
  const referenceViolations = planViolations(decoded.right, referencePlan(decoded.right, ref.best, NOW), NOW)
  const base = { optimality: plan.optimality, engineTotal: plan.totalCost, referenceTotal: formatMicros(best), agrees, violations, referenceViolations, reference: ref.best }
  if (referenceViolations.length > 0) return { ...base, agrees: false, mismatch: 'reference-invalid' }
  if (agrees && violations.length === 0) return base
  if (agrees) return { ...base, mismatch: invalidClass(doc, violations, plan.hub) }
  if (fastest) return { ...base, mismatch: `fastest-${plan.optimality}-disagrees` }
  return { ...base, mismatch: classify(doc, ref.best, total, violations, plan.hub) }
}
