/** The price rule: caller data (tiers) or a caller function, checked before use. */
import * as E from 'fp-ts/lib/Either.js'
import { amountMicros } from './amount.js'
import type { PriceRule, PriceTier, PricingInput, PromiseError } from './types.js'

/** A price rule with its tiers checked and their amounts in micro-units. */
export type CompiledPrice =
  | { readonly kind: 'cost' }
  | { readonly kind: 'tiers'; readonly tiers: readonly CompiledTier[] }
  | { readonly kind: 'function'; readonly price: (option: PricingInput) => string }

interface CompiledTier {
  readonly method: string | undefined
  readonly threshold: number
  readonly price: string
  readonly priceMicros: number
  readonly order: number
}

const invalid = (path: string, message: string): PromiseError => ({ _tag: 'invalid-price', path, message })

/** Checks a price rule's tiers (amounts, methods) once per call. */
export const compilePrice = (rule: PriceRule | undefined): E.Either<PromiseError, CompiledPrice> => {
  if (rule === undefined) return E.right({ kind: 'cost' })
  if (typeof rule === 'function') return E.right({ kind: 'function', price: rule })
  if (!Array.isArray(rule)) return E.left(invalid('$.price', 'a price rule is an array of tiers or a function'))
  const tiers: CompiledTier[] = []
  for (let i = 0; i < rule.length; i++) {
    const t = rule[i] as PriceTier | undefined
    if (t === undefined || t === null || typeof t !== 'object') return E.left(invalid(`$.price[${i}]`, 'a tier is { method?, threshold?, price }'))
    const priceMicros = amountMicros(t.price)
    if (priceMicros === undefined) return E.left(invalid(`$.price[${i}].price`, `expected an amount such as "4.90", got ${JSON.stringify(t.price)}`))
    const threshold = t.threshold === undefined ? 0 : amountMicros(t.threshold)
    if (threshold === undefined) {
      return E.left(invalid(`$.price[${i}].threshold`, `expected an amount such as "50", got ${JSON.stringify(t.threshold)}`))
    }
    if (t.method !== undefined && t.method !== 'ship' && t.method !== 'pickup' && t.method !== 'reserve-in-store') {
      return E.left(invalid(`$.price[${i}].method`, `expected "ship", "pickup" or "reserve-in-store", got ${JSON.stringify(t.method)}`))
    }
    tiers.push({ method: t.method, threshold, price: t.price, priceMicros, order: i })
  }
  // Most specific first: highest threshold, then a tier naming its method, then list order.
  tiers.sort((a, b) => b.threshold - a.threshold || Number(b.method !== undefined) - Number(a.method !== undefined) || a.order - b.order)
  return E.right({ kind: 'tiers', tiers })
}

/** The tier that prices an option of `method`, if any (else the price is the cost). */
export const tierOf = (tiers: readonly CompiledTier[], method: string, valueMicros: number): CompiledTier | undefined => {
  for (const t of tiers) {
    if (t.method !== undefined && t.method !== method) continue
    if (t.threshold > valueMicros) continue
    return t
  }
  return undefined
}

/** The price of an option of `method` costing `cost` under a tier (or cost) rule. */
export const priceOfTiers = (rule: Exclude<CompiledPrice, { readonly kind: 'function' }>, method: string, cost: string, valueMicros: number): string =>
  rule.kind === 'cost' ? cost : (tierOf(rule.tiers, method, valueMicros)?.price ?? cost)

/**
 * The price of one option: the first applicable tier, the function's answer (checked), or
 * the cost.
 */
export const priceOf = (rule: CompiledPrice, option: PricingInput, valueMicros: number): E.Either<PromiseError, string> => {
  switch (rule.kind) {
    case 'cost':
    case 'tiers':
      return E.right(priceOfTiers(rule, option.method, option.cost, valueMicros))
    case 'function': {
      const price = rule.price(option)
      return amountMicros(price) !== undefined
        ? E.right(price)
        : E.left(invalid('$.price', `the price function returned ${JSON.stringify(price)} for ${option.method}${option.node === undefined ? '' : ` at ${option.node}`}; expected an amount such as "4.90"`))
    }
  }
}
