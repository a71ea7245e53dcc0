/**
 * The work meter: how much deterministic work one call has done and may still do. The library
 * reads no clock, so effort is counted in work units instead of time: about one inner-loop
 * step of the optimiser (an entry scanned by a bound, a unit placed by an evaluation, a stock
 * position looked up while an instance is built). Every phase of a call draws on one meter;
 * each checks it between steps and stops when it is spent, keeping what it has (a valid plan,
 * a valid bound). The same input and limit always spend the same units, so a bounded answer
 * is reproducible byte for byte.
 *
 * @internal
 */
import { Arena } from '../../internal/arena.js'

/**
 * Units spent so far and the most a call may spend, and the call's scratch memory: the
 * optimiser's solves under one meter (and its shares) run one after another and reuse it.
 */
export interface WorkMeter {
  spent: number
  readonly limit: number
  readonly scratch: Arena
}

/**
 * A meter with nothing spent that stops at `limit` units (Infinity: never), with fresh scratch
 * memory unless the caller hands one over (a batch whose calls run one after another).
 */
export const workMeter = (limit: number, scratch: Arena = new Arena()): WorkMeter => ({ spent: 0, limit, scratch })

/** A meter that never runs out (callers that set no budget on the optimiser itself). */
export const unlimitedMeter = (scratch?: Arena): WorkMeter => workMeter(Number.POSITIVE_INFINITY, scratch)

/** True once the meter has reached its limit: no further step should start. */
export const spentOut = (m: WorkMeter): boolean => m.spent >= m.limit

/** Units left before the limit (0 when spent out). */
export const unitsLeft = (m: WorkMeter): number => (m.spent >= m.limit ? 0 : m.limit - m.spent)

/**
 * Runs `f` on a share of what is left of `parent` (a fraction in (0, 1]) and charges the
 * parent what `f` spent: a phase that must leave room for the ones after it.
 */
export const withShare = <A>(parent: WorkMeter, share: number, f: (m: WorkMeter) => A): A => {
  const child: WorkMeter = { spent: parent.spent, limit: parent.spent + Math.floor(unitsLeft(parent) * share), scratch: parent.scratch }
  const result = f(child)
  parent.spent = child.spent
  return result
}
