/**
 * A seeded national network for the order service's size and load runs: a tenth of the nodes
 * warehouses, the rest stores, spread over France; every SKU stocked at `perSku` nodes drawn
 * at random, 1–20 units each.
 */
import { mulberry32 } from '../network/random.js'
import { genesisOf } from './start.js'
import type { Genesis } from './store.js'

const pad = (n: number, w: number): string => String(n).padStart(w, '0')

/** The id of SKU `i` of the national network. */
export const skuId = (i: number): string => `SKU-${pad(i, 5)}`

/** The national network and its stock (1,000 × 20,000 × 100: 2,000,000 positions). */
export const nationalGenesis = (size: { readonly nodes: number; readonly skus: number; readonly perSku: number }): Genesis => {
  const rnd = mulberry32(20_261_206)
  const nodes = Array.from({ length: size.nodes }, (_, i) => ({
    id: `N${pad(i, 4)}`,
    kind: i % 10 === 0 ? 'warehouse' : 'store',
    location: { lat: 43 + rnd() * 7, lon: -1.5 + rnd() * 9 },
    costs: i % 10 === 0 ? { package: '4.50', unit: '0.35', perUnitKm: '0.0004' } : { package: '6.90', unit: '0.80', perUnitKm: '0.0005' },
  }))
  const skus = Array.from({ length: size.skus }, (_, i) => ({ id: skuId(i) }))
  const rows: { node: string; sku: string; onHand: number }[] = []
  const pool = Array.from({ length: size.nodes }, (_, i) => i)
  const perSku = Math.min(size.nodes, size.perSku)
  for (let s = 0; s < size.skus; s++) {
    for (let j = 0; j < perSku; j++) {
      const r = j + Math.floor(rnd() * (size.nodes - j))
      ;[pool[j], pool[r]] = [pool[r] as number, pool[j] as number]
      rows.push({ node: (nodes[pool[j] as number] as { id: string }).id, sku: skuId(s), onHand: 1 + Math.floor(rnd() * 20) })
    }
  }
  return genesisOf({ nodes, skus }, { rows, policies: { safetyStock: [{ nodeKind: 'warehouse', quantity: 2 }] } })
}
