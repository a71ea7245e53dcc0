/**
 * A routing worker (routing-pool.ts): a thread that keeps its own copy of the stock — the rows
 * of the process's last load and every event its cache applied since, forwarded in order —
 * and routes orders on it, so that a large order never holds up the process's event loop.
 */
import { parentPort } from 'node:worker_threads'
import { applyEvent, routeOrder, type Order, type RouteOptions, type StockEvent, type StockState } from '../../src/index.js'
import type { NetworkVersion } from './cache.js'
import { catalogueFrom, stateOfRows, stateOnNetwork, type Catalogue, type StockRows } from './store.js'

/** What the pool sends a worker, handled in the order sent. */
export type ToWorker =
  | { readonly kind: 'load'; readonly rows: StockRows; readonly network: NetworkVersion }
  | { readonly kind: 'apply'; readonly events: readonly StockEvent[] }
  | { readonly kind: 'network'; readonly network: NetworkVersion }
  | { readonly kind: 'route'; readonly id: number; readonly order: Order; readonly options: RouteOptions }

/** What a worker answers a `route`. */
export type FromWorker = { readonly id: number; readonly result: unknown } | { readonly id: number; readonly failure: string } | { readonly loaded: true }

let catalogue: Catalogue | undefined
let state: StockState | undefined

const port = parentPort
if (port !== null) {
  port.on('message', (m: ToWorker) => {
    switch (m.kind) {
      case 'load': {
        if (catalogue?.version !== m.network.version) catalogue = catalogueFrom(m.network.document, m.network.policies, m.network.version)
        state = stateOfRows(catalogue, m.rows)
        port.postMessage({ loaded: true } satisfies FromWorker)
        return
      }
      case 'apply':
        if (state !== undefined) for (const e of m.events) state = applyEvent(state, e)
        return
      case 'network':
        catalogue = catalogueFrom(m.network.document, m.network.policies, m.network.version)
        if (state !== undefined) state = stateOnNetwork(state, catalogue)
        return
      case 'route': {
        try {
          if (state === undefined) throw new Error('no stock loaded yet')
          port.postMessage({ id: m.id, result: routeOrder(state, m.order, m.options) } satisfies FromWorker)
        } catch (error) {
          port.postMessage({ id: m.id, failure: error instanceof Error ? error.message : String(error) } satisfies FromWorker)
        }
      }
    }
  })
}
