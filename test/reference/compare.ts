/**
 * One differential check: a scenario document routed by the engine (`routeScenario`, as the
 * CLI does) and solved by the reference model; the plan's validity checked independently.
 * The outcome says whether the engine's claim holds and, when not, a first guess of why (a
 * class to confirm by hand, never a verdict).
 */
import * as E from 'fp-ts/lib/Either.js'
import { decodeScenario } from '../../src/codecs/decode.js'
import { routeScenario } from '../../src/scenario.js'
import { formatMicros, micros } from './documented.js'
import { referenceOptimum, type RefSolution } from './model.js'
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
  /** When the claim fails: a first guess of the class, to confirm by hand. */
  readonly mismatch?: string
  readonly reference?: RefSolution
}

const NOW = '2026-01-01T00:00:00Z'

/** A guess at why the engine missed the reference optimum. */
const classify = (doc: Record<string, unknown>, ref: RefSolution, engineTotal: bigint, violations: readonly string[]): string => {
  if (engineTotal < ref.total) return violations.length > 0 ? 'cheaper-invalid' : 'cheaper-valid(check the reference)'
  const later = ref.open.filter((o) => o.facility.at > Date.parse(String(doc['now'])))
  if (later.length > 0) {
    if (ref.mode !== 'direct') return `${ref.mode}-waits-for-lot`
    return 'backorder-consolidation'
  }
  return `dearer-${ref.mode}`
}

export const compareScenario = async (doc: Record<string, unknown>): Promise<Outcome> => {
  const decoded = decodeScenario(doc)
  if (E.isLeft(decoded)) return { optimality: 'error', agrees: false, violations: [], mismatch: `undecodable: ${decoded.left.message}` }
  const routed = routeScenario(doc, NOW)
  const ref = await referenceOptimum(doc, NOW)
  if (E.isLeft(routed)) {
    const agrees = ref._tag === 'error'
    return { optimality: 'error', agrees, violations: [], ...(agrees ? {} : { mismatch: `engine-error:${'_tag' in routed.left ? routed.left._tag : 'unknown'}` }) }
  }
  const plan = routed.right.plan
  const violations = planViolations(decoded.right, plan, NOW)
  if (ref._tag === 'error') return { optimality: plan.optimality, engineTotal: plan.totalCost, agrees: false, violations, mismatch: `reference-error:${ref.error}` }
  const total = micros(plan.totalCost)
  const gap = micros(plan.gap)
  const best = ref.best.total
  const agrees = plan.optimality === 'proven' ? best === total : plan.optimality === 'bounded' ? total - gap <= best && best <= total : best <= total
  const base = { optimality: plan.optimality, engineTotal: plan.totalCost, referenceTotal: formatMicros(best), agrees, violations, reference: ref.best }
  if (agrees && violations.length === 0) return base
  if (agrees) return { ...base, mismatch: `invalid:${violations[0]?.replace(/[0-9.:TZ-]+/g, '#').slice(0, 60) ?? ''}` }
  return { ...base, mismatch: classify(doc, ref.best, total, violations) }
}
