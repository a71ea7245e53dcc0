/**
 * Why each suggested transfer is what it is, in the retailer's words: what the receiving
 * store should sell more, what the sender should sell less, what the truck and the units
 * cost, and why each SKU's quantity stops where it does.
 */
import { moneyFormat } from '../display.js'
import type { Micros } from '../money.js'

/**
 * Why a line carries no more units: the sender has none left it may promise; one more unit
 * would not pay (its `next*` figures say why); or the search stopped before it tried one
 * more (a `bounded` answer: its work budget, or the large-instance search).
 */
export type StopReason = 'sender-has-no-more' | 'next-unit-not-worth-it' | 'search-stopped'

/** The figures behind one line of a transfer (money in micro-units). */
export interface LineFigures {
  readonly sku: string
  readonly quantity: number
  /** Expected extra units sold at the receiver, and their margin. */
  readonly receiverUnits: number
  readonly receiverMargin: Micros
  /** Expected units the sender no longer sells, and their margin. */
  readonly senderUnits: number
  readonly senderMargin: Micros
  /** Handling and carriage of one unit over the lane. */
  readonly unitCost: Micros
  readonly stops: StopReason
  /** What one more unit would add at the receiver and lose at the sender. */
  readonly nextGain: Micros
  readonly nextLoss: Micros
}

/** The figures behind one transfer. */
export interface TransferFigures {
  readonly from: string
  readonly to: string
  readonly fixed: Micros
  readonly lines: readonly LineFigures[]
}

const units = (n: number): string => n.toFixed(2)

const ordinal = (n: number): string => {
  const tens = n % 100
  if (tens >= 11 && tens <= 13) return `${n}th`
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`
}

/**
 * The explanation of one transfer as plain sentences: a summary, then one line per SKU.
 *
 * @example
 * explainTransfer({ from: 'PARIS-1', to: 'LYON-2', fixed: 10_000_000, lines: [...] }, 'EUR')
 * // 'PARIS-1 → LYON-2: 3 units. LYON-2 should sell 1.85 more units (+€37.00 expected margin); …'
 */
export const explainTransfer = (t: TransferFigures, currency?: string): string => {
  const money = moneyFormat(currency)
  let q = 0
  let recvUnits = 0
  let recvMargin = 0
  let sendUnits = 0
  let sendMargin = 0
  let carriage = 0
  for (const l of t.lines) {
    q += l.quantity
    recvUnits += l.receiverUnits
    recvMargin += l.receiverMargin
    sendUnits += l.senderUnits
    sendMargin += l.senderMargin
    carriage += l.quantity * l.unitCost
  }
  const cost = t.fixed + carriage
  const head =
    `${t.from} → ${t.to}: ${q} ${q === 1 ? 'unit' : 'units'} of ${t.lines.length} ${t.lines.length === 1 ? 'SKU' : 'SKUs'}. ` +
    `${t.to} should sell ${units(recvUnits)} more units (+${money(recvMargin)} expected margin); ` +
    `${t.from} should sell ${units(sendUnits)} fewer (−${money(sendMargin)}). ` +
    `The lane costs ${money(cost)} (truck ${money(t.fixed)}, units ${money(carriage)}), ` +
    `for a net gain of ${money(recvMargin - sendMargin - cost)}.`
  const lines = t.lines.map((l) => {
    const why =
      l.stops === 'sender-has-no-more'
        ? `${t.from} has no more units of it that it may promise`
        : l.stops === 'next-unit-not-worth-it'
          ? `${/^(8|11|18)/.test(String(l.quantity + 1)) ? 'an' : 'a'} ${ordinal(l.quantity + 1)} unit would add ${money(l.nextGain)} at ${t.to} but lose ${money(l.nextLoss)} at ${t.from} and cost ${money(l.unitCost)} to carry`
          : 'the search stopped before trying one more (the answer is bounded, not proven)'
    return `  ${l.sku} × ${l.quantity}: ${t.to} +${units(l.receiverUnits)} units (+${money(l.receiverMargin)}), ${t.from} −${units(l.senderUnits)} units (−${money(l.senderMargin)}); stops at ${l.quantity} because ${why}.`
  })
  return [head, ...lines].join('\n')
}
