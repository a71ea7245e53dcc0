/**
 * Sourcing rules as data: which nodes may source an order, and which may source a given SKU.
 * Rules compose by intersection, so a network-wide policy and an order's own constraints
 * simply stack.
 */
import { NODE_KINDS, type NodeKind } from '../model/network.js'
import type { SkuAttributeRule, SourcingRules } from '../model/order.js'
import type { NodeIndex } from '../network/nodes.js'

/** Why a node may not source (before stock and cost are looked at). */
export type IneligibleReason =
  | 'excluded'
  | 'ineligible-kind'
  | 'ineligible-tag'
  | 'ineligible-region'
  | 'outside-radius'
  | 'no-capability'

const intersect = <A>(a: readonly A[] | undefined, b: readonly A[] | undefined): readonly A[] | undefined =>
  a === undefined ? b : b === undefined ? a : a.filter((x) => b.includes(x))

const union = <A>(a: readonly A[] | undefined, b: readonly A[] | undefined): readonly A[] | undefined =>
  a === undefined ? b : b === undefined ? a : [...a, ...b.filter((x) => !a.includes(x))]

const minimum = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b)

/**
 * Composes two rule sets into one that admits a node only when both admit it.
 *
 * @example composeRules({ nodeKinds: ['warehouse', 'store'] }, { excludeNodes: ['S12'] })
 */
export const composeRules = (a: SourcingRules | undefined, b: SourcingRules | undefined): SourcingRules => {
  const out: Record<string, unknown> = {}
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) out[key] = value
  }
  set('nodeKinds', intersect(a?.nodeKinds, b?.nodeKinds))
  set('requireTags', union(a?.requireTags, b?.requireTags))
  set('excludeTags', union(a?.excludeTags, b?.excludeTags))
  set('regions', intersect(a?.regions, b?.regions))
  set('maxDistanceKm', minimum(a?.maxDistanceKm, b?.maxDistanceKm))
  set('excludeNodes', union(a?.excludeNodes, b?.excludeNodes))
  set('skuAttributes', union(a?.skuAttributes, b?.skuAttributes))
  return out as SourcingRules
}

/** Rules compiled for fast per-node tests. */
export interface CompiledRules {
  readonly kindAllowed: readonly boolean[]
  readonly requireTags: readonly string[]
  readonly excludeTags: readonly string[]
  readonly regions: ReadonlySet<string> | undefined
  readonly maxMetres: number
  readonly excludeNodes: ReadonlySet<string>
  readonly skuAttributes: readonly SkuAttributeRule[]
  /** True when no rule keeps any node from sourcing (only SKU attribute rules, if any). */
  readonly everyNode: boolean
}

/** Compiles a rule set once per routing call. */
export const compileRules = (rules: SourcingRules): CompiledRules => {
  const kindAllowed = NODE_KINDS.map((k) => rules.nodeKinds === undefined || rules.nodeKinds.includes(k))
  const requireTags = rules.requireTags ?? []
  const excludeTags = rules.excludeTags ?? []
  const regions = rules.regions === undefined ? undefined : new Set(rules.regions)
  const maxMetres = rules.maxDistanceKm === undefined ? Number.POSITIVE_INFINITY : rules.maxDistanceKm * 1000
  const excludeNodes = new Set(rules.excludeNodes ?? [])
  return {
    kindAllowed,
    requireTags,
    excludeTags,
    regions,
    maxMetres,
    excludeNodes,
    skuAttributes: rules.skuAttributes ?? [],
    everyNode:
      kindAllowed.every((k) => k) &&
      requireTags.length === 0 &&
      excludeTags.length === 0 &&
      regions === undefined &&
      maxMetres === Number.POSITIVE_INFINITY &&
      excludeNodes.size === 0,
  }
}

/**
 * The first rule that keeps `node` from sourcing, or undefined when it may source.
 * `metres` is its distance to the customer (or to the pickup node).
 */
export const ineligibility = (
  rules: CompiledRules,
  nodes: NodeIndex,
  node: number,
  metres: number,
): IneligibleReason | undefined => {
  if (rules.everyNode) return undefined
  const id = nodes.ids[node] ?? ''
  if (rules.excludeNodes.has(id)) return 'excluded'
  if (rules.kindAllowed[nodes.kind[node] ?? 0] !== true) return 'ineligible-kind'
  if (rules.requireTags.length > 0 || rules.excludeTags.length > 0) {
    const tags: readonly string[] = nodes.nodes[node]?.tags ?? []
    if (!rules.requireTags.every((t) => tags.includes(t))) return 'ineligible-tag'
    if (rules.excludeTags.some((t) => tags.includes(t))) return 'ineligible-tag'
  }
  if (rules.regions !== undefined) {
    const region = nodes.region[node]
    if (region === undefined || !rules.regions.has(region)) return 'ineligible-region'
  }
  if (metres > rules.maxMetres) return 'outside-radius'
  return undefined
}

/**
 * Whether a SKU with `attributes` may come from `node`: every attribute rule that names one
 * of the SKU's attributes must admit the node's kind and tags.
 *
 * @example skuAllowedAt(rules, nodes, ['bulky'], 3) // false when bulky ships from warehouses only
 */
export const skuAllowedAt = (
  rules: CompiledRules,
  nodes: NodeIndex,
  attributes: readonly string[],
  node: number,
): boolean => {
  if (attributes.length === 0 || rules.skuAttributes.length === 0) return true
  const kind: NodeKind = NODE_KINDS[nodes.kind[node] ?? 0] ?? 'warehouse'
  for (const rule of rules.skuAttributes) {
    if (!attributes.includes(rule.attribute)) continue
    if (rule.nodeKinds !== undefined && !rule.nodeKinds.includes(kind)) return false
    if (rule.requireTags !== undefined) {
      const tags: readonly string[] = nodes.nodes[node]?.tags ?? []
      if (!rule.requireTags.every((t) => tags.includes(t))) return false
    }
  }
  return true
}
