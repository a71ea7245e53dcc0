/**
 * The price rule (src/promise/price.ts) and the promise's amount parser (src/promise/amount.ts)
 * called directly: every malformed rule names its path, tiers apply most specific first, a
 * price function's answer is checked, and the short-decimal parser agrees with the exact one.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { amountMicros } from '../../src/promise/amount.js'
import { compilePrice, priceOf, priceOfTiers, tierOf, type CompiledPrice } from '../../src/promise/price.js'
import type { PriceRule, PricingInput } from '../../src/promise/types.js'
import { toMicros } from '../../src/money.js'

const compiled = (rule: unknown): CompiledPrice => {
  const c = compilePrice(rule as PriceRule)
  if (E.isLeft(c)) throw new Error(JSON.stringify(c.left))
  return c.right
}
const tiersOf = (rule: unknown) => {
  const c = compiled(rule)
  if (c.kind !== 'tiers') throw new Error(c.kind)
  return c.tiers
}
const option = (method: string, cost: string, node?: string): PricingInput => ({ method, cost, ...(node === undefined ? {} : { node }) }) as unknown as PricingInput

describe('a price rule is checked, with the path of what is wrong', () => {
  it('no rule prices at cost; a function is kept as it is', () => {
    expect(compilePrice(undefined)).toEqual(E.right({ kind: 'cost' }))
    const f = () => '1'
    expect(compilePrice(f)).toEqual(E.right({ kind: 'function', price: f }))
  })

  it.each([
    [{ ship: '4.90' }, '$.price', 'a price rule is an array of tiers or a function'],
    ['4.90', '$.price', 'a price rule is an array of tiers or a function'],
    [[{ price: '1' }, null], '$.price[1]', 'a tier is { method?, threshold?, price }'],
    [[undefined], '$.price[0]', 'a tier is { method?, threshold?, price }'],
    [['4.90'], '$.price[0]', 'a tier is { method?, threshold?, price }'],
    [[{ price: '4,90' }], '$.price[0].price', 'expected an amount such as "4.90", got "4,90"'],
    [[{ price: '1' }, { price: 5 }], '$.price[1].price', 'expected an amount such as "4.90", got 5'],
    [[{ price: '1', threshold: '-50' }], '$.price[0].threshold', 'expected an amount such as "50", got "-50"'],
    [[{ price: '1', method: 'drone' }], '$.price[0].method', 'expected "ship", "pickup" or "reserve-in-store", got "drone"'],
  ])('%j → %s', (rule, path, message) => {
    expect(compilePrice(rule as unknown as PriceRule)).toEqual(E.left({ _tag: 'invalid-price', path, message }))
  })

  it('accepts every method, and a tier without one', () => {
    const tiers = tiersOf([{ method: 'ship', price: '1' }, { method: 'pickup', price: '2' }, { method: 'reserve-in-store', price: '3' }, { price: '4' }])
    expect(tiers.map((t) => t.method)).toEqual(['ship', 'pickup', 'reserve-in-store', undefined])
  })
})

describe('tiers apply most specific first', () => {
  it('highest threshold first, then a tier naming its method, then list order', () => {
    const tiers = tiersOf([
      { price: '9' },
      { method: 'ship', price: '8' },
      { threshold: '50', price: '7' },
      { method: 'pickup', price: '6' },
      { method: 'ship', threshold: '50', price: '5' },
      { threshold: '100', price: '4' },
    ])
    expect(tiers.map((t) => [t.price, t.priceMicros, t.threshold, t.order])).toEqual([
      ['4', 4_000_000, 100_000_000, 5],
      ['5', 5_000_000, 50_000_000, 4],
      ['7', 7_000_000, 50_000_000, 2],
      ['8', 8_000_000, 0, 1],
      ['6', 6_000_000, 0, 3],
      ['9', 9_000_000, 0, 0],
    ])
  })

  it('the first tier whose method and threshold match, or none', () => {
    const tiers = tiersOf([{ method: 'ship', price: '4.90' }, { method: 'ship', threshold: '50', price: '0' }, { method: 'pickup', price: '1' }])
    expect(tierOf(tiers, 'ship', 49_999_999)?.price).toBe('4.90')
    expect(tierOf(tiers, 'ship', 50_000_000)?.price).toBe('0')
    expect(tierOf(tiers, 'pickup', 80_000_000)?.price).toBe('1')
    expect(tierOf(tiers, 'reserve-in-store', 80_000_000)).toBeUndefined()
    expect(tierOf(tiersOf([{ threshold: '10', price: '2' }]), 'ship', 9_999_999)).toBeUndefined()
    // A tier without a method prices every method.
    expect(tierOf(tiersOf([{ threshold: '10', price: '2' }]), 'pickup', 10_000_000)?.price).toBe('2')
  })

  it('of two tiers alike, the first listed applies', () => {
    expect(tierOf(tiersOf([{ price: '3' }, { price: '2' }, { price: '1' }]), 'ship', 0)?.price).toBe('3')
    expect(tierOf(tiersOf([{ method: 'ship', price: '3' }, { method: 'ship', price: '2' }]), 'ship', 0)?.price).toBe('3')
  })

  it('prices at cost without a rule or a matching tier', () => {
    const rule = compiled([{ method: 'pickup', price: '0' }])
    if (rule.kind === 'function') throw new Error('tiers expected')
    expect(priceOfTiers(rule, 'ship', '6.25', 0)).toBe('6.25')
    expect(priceOfTiers(rule, 'pickup', '6.25', 0)).toBe('0')
    expect(priceOfTiers({ kind: 'cost' }, 'pickup', '6.25', 0)).toBe('6.25')
    expect(priceOf(rule, option('ship', '3.10'), 0)).toEqual(E.right('3.10'))
    expect(priceOf({ kind: 'cost' }, option('ship', '3.10'), 0)).toEqual(E.right('3.10'))
  })
})

describe('a price function’s answer is checked', () => {
  it('an amount is the price; anything else is an invalid-price error naming the option', () => {
    const rule = compiled((o: PricingInput) => (o.method === 'ship' ? '2.5' : o.method === 'pickup' ? 'free' : (-1 as unknown as string)))
    expect(priceOf(rule, option('ship', '9'), 0)).toEqual(E.right('2.5'))
    expect(priceOf(rule, option('pickup', '9', 'S1'), 0)).toEqual(
      E.left({ _tag: 'invalid-price', path: '$.price', message: 'the price function returned "free" for pickup at S1; expected an amount such as "4.90"' }),
    )
    expect(priceOf(rule, option('reserve-in-store', '9'), 0)).toEqual(
      E.left({ _tag: 'invalid-price', path: '$.price', message: 'the price function returned -1 for reserve-in-store; expected an amount such as "4.90"' }),
    )
  })
})

describe('amounts on the promise’s hot path', () => {
  it.each([
    ['0', 0],
    ['4.9', 4_900_000],
    ['4.90', 4_900_000],
    ['0.000001', 1],
    ['1000', 1_000_000_000],
    ['999999999.999999', 999_999_999_999_999],
  ])('%s is %d micro-units', (s, micros) => {
    expect(amountMicros(s)).toBe(micros)
    expect(amountMicros(s)).toBe(toMicros(s))
  })

  it.each(['', 'x5', '1x', '1.ab', '1.', '.5', '-1', '4,90', '1.1234567', '1e3', ' 1'])('%j is not an amount', (s) => {
    expect(amountMicros(s)).toBeUndefined()
  })

  it('non-strings are not amounts', () => {
    for (const v of [undefined, null, 4.9, 0, {}, ['1']]) expect(amountMicros(v)).toBeUndefined()
  })
})
