/** Promise options and store availability as readable tables for `omnistock promise`. */
import type { StoreAvailability } from '../promise/availability.js'
import type { PromiseOption } from '../promise/types.js'
import { columns } from './table.js'

const what = (o: PromiseOption): string =>
  o.method === 'ship'
    ? `delivered from ${o.sources.join(' + ')}`
    : o.method === 'reserve-in-store'
      ? `reserve at ${o.node ?? ''}, held until ${o.holdUntil ?? ''}`
      : `collect at ${o.node ?? ''}${o.transfer ? ` after a transfer from ${o.sources.filter((s) => s !== o.node).join(' + ')}` : ''}`

/** One row per option, in rank order, then the stores' availability when given. */
export const promiseTable = (options: readonly PromiseOption[], availability?: readonly StoreAvailability[]): string => {
  const out: string[] = []
  if (options.length === 0) out.push('No option serves every unit of the request.')
  else {
    const rows: string[][] = [['#', 'method', 'km', 'eta', 'price', 'cost', 'available', 'how']]
    options.forEach((o, i) => {
      rows.push([
        String(i + 1),
        o.method,
        o.distanceKm === undefined ? '' : o.distanceKm.toFixed(1),
        o.eta,
        o.price,
        o.cost,
        o.lines.map((l) => `${l.sku}:${l.available}`).join(' '),
        what(o),
      ])
    })
    out.push(columns(rows))
  }
  if (availability !== undefined && availability.length > 0) {
    const rows: string[][] = [['store', 'km', 'atp', 'shown as']]
    for (const s of availability) rows.push([s.node, s.distanceKm.toFixed(1), String(s.atp), s.bucket])
    out.push('', columns(rows))
  }
  return out.join('\n')
}
