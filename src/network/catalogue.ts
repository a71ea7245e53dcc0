/**
 * The SKU catalogue of a network: which SKUs it lists and their attributes (for sourcing
 * rules on SKU attributes), checked once when the network is compiled.
 */
import * as E from 'fp-ts/lib/Either.js'
import { type DuplicateSku, type InvalidInput, duplicateSku, invalidInput } from '../errors.js'
import type { Network } from '../model/network.js'

/** A network's SKU catalogue. */
export interface SkuCatalogue {
  /** Attributes of every listed SKU (empty when it states none). */
  readonly skuAttributes: ReadonlyMap<string, readonly string[]>
  /**
   * True when the network lists its SKUs (`skus`, even empty): a line for a SKU outside the
   * catalogue is then an `unknown-sku` error unless the order allows unknown SKUs.
   */
  readonly catalogued: boolean
}

/**
 * The catalogue of `network.skus`, or the first problem: values the codecs would have
 * rejected (`invalid-input`), an SKU id listed twice (`duplicate-sku`, at the second).
 *
 * @example catalogueOf({ nodes: [], skus: [{ id: 'LAMP', attributes: ['fragile'] }] }) // Right({ skuAttributes: Map { 'LAMP' => ['fragile'] }, catalogued: true })
 */
export const catalogueOf = (network: Network): E.Either<DuplicateSku | InvalidInput, SkuCatalogue> => {
  const skus: unknown = network.skus
  const skuAttributes = new Map<string, readonly string[]>()
  if (skus === undefined) return E.right({ skuAttributes, catalogued: false })
  if (!Array.isArray(skus)) return E.left(invalidInput('$.skus', 'an array of SKUs'))
  for (let i = 0; i < skus.length; i++) {
    const sku = skus[i] as { readonly id?: unknown; readonly attributes?: unknown } | null
    if (typeof sku !== 'object' || sku === null || typeof sku.id !== 'string' || (sku.attributes !== undefined && !Array.isArray(sku.attributes))) {
      return E.left(invalidInput(`$.skus[${i}]`, 'an SKU with a string id'))
    }
    if (skuAttributes.has(sku.id)) return E.left(duplicateSku(sku.id, `$.skus[${i}].id`))
    skuAttributes.set(sku.id, (sku.attributes as readonly string[] | undefined) ?? [])
  }
  return E.right({ skuAttributes, catalogued: true })
}
