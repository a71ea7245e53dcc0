/** Promise options and store availability as readable tables for `omnistock promise`. */
import { formatLocalIso, formatMoney } from '../display.js'
import type { StoreAvailability } from '../promise/availability.js'
import type { PromiseOption } from '../promise/types.js'
import { columns, type ZoneOf } from './table.js'

/** The zone an option's times are shown in: its pickup point's or store's, else the shopper's when known, else its first source's. */
const zoneOfOption = (o: PromiseOption, zoneOf: ZoneOf, shopperZone: string | undefined): string =>
  o.node !== undefined ? zoneOf(o.node) : (shopperZone ?? zoneOf(o.sources[0] ?? ''))

const what = (o: PromiseOption, zoneOf: ZoneOf, shopperZone: string | undefined): string =>
  o.method === 'ship'
    ? `delivered from ${o.sources.join(' + ')}`
    : o.method === 'reserve-in-store'
      ? `reserve at ${o.node ?? ''}, held until ${formatLocalIso(o.holdUntil ?? '', zoneOfOption(o, zoneOf, shopperZone))}`
      : `collect at ${o.node ?? ''}${o.transfer ? ` after a transfer from ${o.sources.filter((s) => s !== o.node).join(' + ')}` : ''}`

/**
 * One row per option, in rank order, then the stores' availability when given. Amounts have
 * two decimals and the options' currency; times are local to the pickup point or store, per
 * `zoneOf` (a delivery: to the shopper's zone, `shopperZone`, when the request gives one,
 * else to its first source).
 */
export const promiseTable = (options: readonly PromiseOption[], availability?: readonly StoreAvailability[], zoneOf: ZoneOf = () => 'UTC', shopperZone?: string): string => {
  const out: string[] = []
  if (options.length === 0) out.push('No option serves every unit of the request.')
  else {
    const rows: string[][] = [['#', 'method', 'km', 'eta', 'price', 'cost', 'available', 'how']]
    options.forEach((o, i) => {
      rows.push([
        String(i + 1),
        o.method,
        o.distanceKm === undefined ? '' : o.distanceKm.toFixed(1),
        formatLocalIso(o.eta, zoneOfOption(o, zoneOf, shopperZone)),
        formatMoney(o.price, o.currency),
        formatMoney(o.cost, o.currency),
        o.lines.map((l) => `${l.sku}:${l.available}`).join(' '),
        what(o, zoneOf, shopperZone),
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
