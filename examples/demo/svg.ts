/**
 * The demo's pictures as SVG text: the map of one order's plans and the strategy chart. One
 * visual channel per meaning: a strategy is a colour, a transfer is a dashed line (a parcel
 * solid), a node kind is a marker shape; labels are placed so that none covers another
 * (./labels.ts). Amounts and times arrive formatted (money with its currency, instants on
 * the local clock of the node where they happen).
 */
import { formatMoney } from '../../src/display.js'
import { CORSICA_OUTLINE, FRANCE_OUTLINE } from './france.js'
import { placeLabels, type Box, type LabelRequest } from './labels.js'

export interface MapNode {
  readonly id: string
  readonly kind: string
  readonly lat: number
  readonly lon: number
}

export interface MapCity {
  readonly name: string
  readonly lat: number
  readonly lon: number
  readonly population: number
}

/** One strategy's plan drawn as legs: parcels to the customer, transfers to the hub or pickup node. */
export interface MapPlan {
  readonly strategy: string
  readonly colour: string
  /** The plan's total, formatted with its currency (`€12.34`). */
  readonly cost: string
  /** When the customer has it, on the local clock (`Sat 28 Nov 12:00 Europe/Paris`). */
  readonly eta?: string
  readonly summary: string
  readonly parcels: readonly { readonly from: string; readonly label: string }[]
  readonly transfers: readonly { readonly from: string; readonly to: string; readonly label: string }[]
}

export interface MapInput {
  readonly title: string
  readonly subtitle: string
  readonly nodes: readonly MapNode[]
  readonly cities: readonly MapCity[]
  /** The customer's address, or the pickup node's position for click & collect. */
  readonly customer: { readonly lat: number; readonly lon: number; readonly label: string }
  /** The optimal plan first, drawn on top of the others. */
  readonly plans: readonly MapPlan[]
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const f1 = (x: number): string => x.toFixed(1)

const KIND_STYLE: Readonly<Record<string, { fill: string; label: string }>> = {
  warehouse: { fill: '#1f4e9c', label: 'warehouse' },
  store: { fill: '#8a8f98', label: 'store' },
  'dark-store': { fill: '#7b3fa0', label: 'dark store' },
  locker: { fill: '#2e8b57', label: 'locker' },
  supplier: { fill: '#c0651a', label: 'drop-ship supplier' },
}

const marker = (kind: string, x: number, y: number, r: number, extra = ''): string => {
  const fill = KIND_STYLE[kind]?.fill ?? '#888'
  switch (kind) {
    case 'warehouse':
      return `<rect x="${f1(x - r)}" y="${f1(y - r)}" width="${f1(2 * r)}" height="${f1(2 * r)}" fill="${fill}" ${extra}/>`
    case 'dark-store':
      return `<path d="M${f1(x)} ${f1(y - r * 1.3)} L${f1(x + r * 1.3)} ${f1(y)} L${f1(x)} ${f1(y + r * 1.3)} L${f1(x - r * 1.3)} ${f1(y)} Z" fill="${fill}" ${extra}/>`
    case 'locker':
      return `<path d="M${f1(x)} ${f1(y - r * 1.2)} L${f1(x + r * 1.1)} ${f1(y + r * 0.8)} L${f1(x - r * 1.1)} ${f1(y + r * 0.8)} Z" fill="${fill}" ${extra}/>`
    case 'supplier':
      return `<rect x="${f1(x - r)}" y="${f1(y - r)}" width="${f1(2 * r)}" height="${f1(2 * r)}" fill="${fill}" transform="rotate(45 ${f1(x)} ${f1(y)})" ${extra}/>`
    default:
      return `<circle cx="${f1(x)}" cy="${f1(y)}" r="${f1(r)}" fill="${fill}" ${extra}/>`
  }
}

/** Equirectangular projection of a lat/lon box into a pixel box, aspect preserved. */
const projection = (
  box: { minLat: number; maxLat: number; minLon: number; maxLon: number },
  px: { x: number; y: number; w: number; h: number },
): ((lat: number, lon: number) => [number, number]) => {
  const k = Math.cos((((box.minLat + box.maxLat) / 2) * Math.PI) / 180)
  const spanX = (box.maxLon - box.minLon) * k
  const spanY = box.maxLat - box.minLat
  const scale = Math.min(px.w / spanX, px.h / spanY)
  const ox = px.x + (px.w - spanX * scale) / 2
  const oy = px.y + (px.h - spanY * scale) / 2
  return (lat, lon) => [ox + (lon - box.minLon) * k * scale, oy + (box.maxLat - lat) * scale]
}

const polygon = (pts: readonly (readonly [number, number])[], proj: (lat: number, lon: number) => [number, number]): string =>
  pts.map(([lat, lon], i) => {
    const [x, y] = proj(lat, lon)
    return `${i === 0 ? 'M' : 'L'}${f1(x)} ${f1(y)}`
  }).join(' ') + ' Z'

/** The map of one order: its customer, the nodes around, and each strategy's legs. */
export const orderMapSvg = (m: MapInput): string => {
  const W = 1100
  const H = 820
  const mapPx = { x: 20, y: 90, w: 760, h: 640 }
  const byId = new Map(m.nodes.map((n) => [n.id, n]))
  // The view: every point any plan touches, padded, at least ~80 km across.
  const pts: { lat: number; lon: number }[] = [m.customer]
  for (const p of m.plans) {
    for (const s of p.parcels) pts.push(byId.get(s.from) ?? m.customer)
    for (const t of p.transfers) pts.push(byId.get(t.from) ?? m.customer, byId.get(t.to) ?? m.customer)
  }
  let minLat = Math.min(...pts.map((p) => p.lat))
  let maxLat = Math.max(...pts.map((p) => p.lat))
  let minLon = Math.min(...pts.map((p) => p.lon))
  let maxLon = Math.max(...pts.map((p) => p.lon))
  const padLat = Math.max(0.36 - (maxLat - minLat), 0) / 2 + (maxLat - minLat) * 0.15
  const padLon = Math.max(0.5 - (maxLon - minLon), 0) / 2 + (maxLon - minLon) * 0.15
  minLat -= padLat
  maxLat += padLat
  minLon -= padLon
  maxLon += padLon
  const proj = projection({ minLat, maxLat, minLon, maxLon }, mapPx)
  const inView = (lat: number, lon: number): boolean => lat >= minLat && lat <= maxLat && lon >= minLon && lon <= maxLon
  const kmPerPx = (() => {
    const [x0] = proj(minLat, minLon)
    const [x1] = proj(minLat, maxLon)
    return ((maxLon - minLon) * 111.2 * Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180)) / (x1 - x0)
  })()

  const out: string[] = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`)
  out.push(`<defs><clipPath id="view"><rect x="${mapPx.x}" y="${mapPx.y}" width="${mapPx.w}" height="${mapPx.h}"/></clipPath>`)
  for (const p of m.plans) {
    out.push(`<marker id="arrow-${esc(p.strategy)}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="14" markerHeight="14" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="${p.colour}"/></marker>`)
  }
  out.push('</defs>')
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`)
  out.push(`<text x="20" y="36" font-size="22" font-weight="bold" fill="#1b1b1b">${esc(m.title)}</text>`)
  out.push(`<text x="20" y="62" font-size="14" fill="#444">${esc(m.subtitle)}</text>`)
  // Map panel: sea, land, then nodes and legs, all clipped to the view.
  out.push(`<rect x="${mapPx.x}" y="${mapPx.y}" width="${mapPx.w}" height="${mapPx.h}" fill="#e4e6e9" stroke="#9aa" />`)
  out.push('<g clip-path="url(#view)">')
  out.push(`<path d="${polygon(FRANCE_OUTLINE, proj)}" fill="#f7f5ef" stroke="#b9b2a0" stroke-width="1.2"/>`)
  out.push(`<path d="${polygon(CORSICA_OUTLINE, proj)}" fill="#f7f5ef" stroke="#b9b2a0" stroke-width="1.2"/>`)
  const used = new Set<string>()
  for (const p of m.plans) for (const leg of p.parcels) used.add(leg.from)
  for (const p of m.plans) for (const t of p.transfers) used.add(t.from).add(t.to)
  for (const n of m.nodes) {
    if (!inView(n.lat, n.lon) || used.has(n.id)) continue
    const [x, y] = proj(n.lat, n.lon)
    out.push(marker(n.kind, x, y, n.kind === 'store' ? 3 : 4.5, 'opacity="0.55"'))
  }
  const [cx, cy] = proj(m.customer.lat, m.customer.lon)
  // Legs, one style per meaning: the strategy is the colour, a transfer is dashed, a parcel solid.
  // Each strategy's legs are shifted a little sideways so that plans sharing a leg stay visible;
  // the optimal plan is drawn last, on top.
  const shift = (i: number): number => (i - (m.plans.length - 1) / 2) * 4.5
  const drawn = [...m.plans].reverse()
  drawn.forEach((p) => {
    const d = shift(m.plans.indexOf(p))
    const leg = (x1: number, y1: number, x2: number, y2: number, transfer: boolean): string => {
      const len = Math.hypot(x2 - x1, y2 - y1) || 1
      const ox = (-(y2 - y1) / len) * d
      const oy = ((x2 - x1) / len) * d
      return `<line x1="${f1(x1 + ox)}" y1="${f1(y1 + oy)}" x2="${f1(x2 + ox)}" y2="${f1(y2 + oy)}" stroke="${p.colour}" stroke-width="3" ${transfer ? 'stroke-dasharray="9 6" ' : ''}marker-end="url(#arrow-${esc(p.strategy)})"/>`
    }
    for (const parcel of p.parcels) {
      const n = byId.get(parcel.from)
      if (n === undefined) continue
      const [x, y] = proj(n.lat, n.lon)
      out.push(leg(x, y, cx, cy, false))
    }
    for (const t of p.transfers) {
      const a = byId.get(t.from)
      const b = byId.get(t.to)
      if (a === undefined || b === undefined) continue
      const [x1, y1] = proj(a.lat, a.lon)
      const [x2, y2] = proj(b.lat, b.lon)
      out.push(leg(x1, y1, x2, y2, true))
    }
  })
  const usedIds = [...used].sort()
  const obstacles: Box[] = [{ x0: cx - 11, y0: cy - 11, x1: cx + 11, y1: cy + 10 }]
  for (const id of usedIds) {
    const n = byId.get(id)
    if (n === undefined) continue
    const [x, y] = proj(n.lat, n.lon)
    out.push(marker(n.kind, x, y, 7, 'stroke="#ffffff" stroke-width="1.5"'))
    obstacles.push({ x0: x - 8, y0: y - 8, x1: x + 8, y1: y + 8 })
  }
  out.push(`<path d="M${f1(cx)} ${f1(cy - 11)} L${f1(cx + 3.2)} ${f1(cy - 3.4)} L${f1(cx + 10.5)} ${f1(cy - 3.4)} L${f1(cx + 4.6)} ${f1(cy + 1.6)} L${f1(cx + 6.8)} ${f1(cy + 9)} L${f1(cx)} ${f1(cy + 4.6)} L${f1(cx - 6.8)} ${f1(cy + 9)} L${f1(cx - 4.6)} ${f1(cy + 1.6)} L${f1(cx - 10.5)} ${f1(cy - 3.4)} L${f1(cx - 3.2)} ${f1(cy - 3.4)} Z" fill="#d62728" stroke="#fff" stroke-width="1.5"/>`)
  // Labels, most important first: the customer, the nodes the plans use, then city names
  // (largest first, dropped where no spot is free).
  const requests: LabelRequest[] = [{ text: m.customer.label, x: cx, y: cy, size: 13, radius: 11 }]
  for (const id of usedIds) {
    const n = byId.get(id)
    if (n === undefined) continue
    const [x, y] = proj(n.lat, n.lon)
    requests.push({ text: id, x, y, size: 13, radius: 8 })
  }
  const cities = m.cities.filter((c) => inView(c.lat, c.lon)).sort((a, b) => b.population - a.population || a.name.localeCompare(b.name)).slice(0, 24)
  for (const c of cities) {
    const [x, y] = proj(c.lat, c.lon)
    requests.push({ text: c.name, x, y, size: 12, radius: 3, optional: true })
  }
  const bounds: Box = { x0: mapPx.x + 4, y0: mapPx.y + 4, x1: mapPx.x + mapPx.w - 4, y1: mapPx.y + mapPx.h - 40 }
  placeLabels(requests, obstacles, bounds).forEach((l, i) => {
    const style =
      i === 0
        ? 'font-size="13" font-weight="bold" fill="#d62728"'
        : i <= usedIds.length
          ? 'font-size="13" font-weight="bold" fill="#222"'
          : 'font-size="12" font-style="italic" fill="#8a8373"'
    out.push(`<text x="${f1(l.x)}" y="${f1(l.y)}" ${style} stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(l.text)}</text>`)
  })
  out.push('</g>')
  // Scale bar.
  const barKm = [5, 10, 20, 50, 100, 200].find((k) => k / kmPerPx > 80) ?? 200
  const barPx = barKm / kmPerPx
  const bx = mapPx.x + 16
  const by = mapPx.y + mapPx.h - 18
  out.push(`<rect x="${bx - 6}" y="${by - 20}" width="${f1(barPx + 60)}" height="30" fill="#ffffff" opacity="0.8"/>`)
  out.push(`<line x1="${bx}" y1="${by}" x2="${f1(bx + barPx)}" y2="${by}" stroke="#333" stroke-width="3"/>`)
  out.push(`<text x="${f1(bx + barPx + 6)}" y="${by + 4}" font-size="12" fill="#333">${barKm} km</text>`)

  // Side panel: inset of France with the view, the plans' costs, the legend.
  const side = { x: 800, y: 90, w: 280 }
  const insetProj = projection({ minLat: 41.2, maxLat: 51.2, minLon: -5, maxLon: 9.7 }, { x: side.x, y: side.y, w: side.w, h: 230 })
  out.push(`<rect x="${side.x}" y="${side.y}" width="${side.w}" height="230" fill="#e4e6e9" stroke="#9aa"/>`)
  out.push(`<path d="${polygon(FRANCE_OUTLINE, insetProj)}" fill="#f7f5ef" stroke="#b9b2a0"/>`)
  out.push(`<path d="${polygon(CORSICA_OUTLINE, insetProj)}" fill="#f7f5ef" stroke="#b9b2a0"/>`)
  for (const n of m.nodes) {
    if (n.kind === 'store') continue
    const [x, y] = insetProj(n.lat, n.lon)
    out.push(marker(n.kind, x, y, 2.5))
  }
  const [vx0, vy0] = insetProj(maxLat, minLon)
  const [vx1, vy1] = insetProj(minLat, maxLon)
  out.push(`<rect x="${f1(vx0)}" y="${f1(vy0)}" width="${f1(Math.max(4, vx1 - vx0))}" height="${f1(Math.max(4, vy1 - vy0))}" fill="none" stroke="#d62728" stroke-width="2"/>`)
  let y = side.y + 262
  for (const p of m.plans) {
    out.push(`<rect x="${side.x}" y="${y - 11}" width="34" height="8" rx="2" fill="${p.colour}"/>`)
    out.push(`<text x="${side.x + 42}" y="${y}" font-size="15" font-weight="bold" fill="#222">${esc(p.strategy)}: ${esc(p.cost)}</text>`)
    y += 18
    if (p.eta !== undefined) {
      out.push(`<text x="${side.x + 42}" y="${y}" font-size="11.5" fill="#444">ETA ${esc(p.eta)}</text>`)
      y += 15
    }
    for (const line of wrap(p.summary, 40)) {
      out.push(`<text x="${side.x + 42}" y="${y}" font-size="11.5" fill="#444">${esc(line)}</text>`)
      y += 15
    }
    y += 10
  }
  y += 4
  out.push(`<text x="${side.x}" y="${y}" font-size="13" font-weight="bold" fill="#222">Legend</text>`)
  y += 20
  for (const [kind, style] of Object.entries(KIND_STYLE)) {
    out.push(marker(kind, side.x + 8, y - 4, 5.5))
    out.push(`<text x="${side.x + 22}" y="${y}" font-size="12" fill="#333">${style.label}</text>`)
    y += 18
  }
  out.push(`<line x1="${side.x}" y1="${y - 4}" x2="${side.x + 34}" y2="${y - 4}" stroke="#333" stroke-width="3"/><text x="${side.x + 42}" y="${y}" font-size="12" fill="#333">parcel to the customer</text>`)
  y += 18
  out.push(`<line x1="${side.x}" y1="${y - 4}" x2="${side.x + 34}" y2="${y - 4}" stroke="#333" stroke-width="3" stroke-dasharray="9 6"/><text x="${side.x + 42}" y="${y}" font-size="12" fill="#333">transfer to a hub or pickup node</text>`)
  y += 18
  out.push(`<text x="${side.x}" y="${y}" font-size="11.5" fill="#666">colour: strategy; line: leg; shape: node kind</text>`)
  out.push(`<text x="20" y="${H - 20}" font-size="11" fill="#777">Outline of France approximate (backdrop only); positions of nodes and customer from the generated network; straight lines, not road routes.</text>`)
  out.push('</svg>')
  return out.join('\n')
}

const wrap = (text: string, width: number): string[] => {
  const words = text.split(' ')
  const lines: string[] = []
  let cur = ''
  for (const w of words) {
    if (cur.length > 0 && cur.length + 1 + w.length > width) {
      lines.push(cur)
      cur = w
    } else cur = cur.length === 0 ? w : `${cur} ${w}`
  }
  if (cur.length > 0) lines.push(cur)
  return lines
}

export interface ChartBar {
  readonly strategy: string
  readonly colour: string
  readonly meanCost: number
  readonly splitRate: number
  readonly shipFromStore: number
  readonly unfulfilledShare: number
}

/** Bars per strategy: mean cost per order (in `currency`, two decimals), split rate, ship-from-store share and unfulfilled units. */
export const strategyChartSvg = (title: string, subtitle: string, bars: readonly ChartBar[], currency?: string): string => {
  const W = 1100
  const H = 520
  const panels: { title: string; note: string; value: (b: ChartBar) => number; fmt: (x: number) => string; relative: boolean }[] = [
    { title: 'Mean cost per order', note: 'parcels + handling + penalties', value: (b) => b.meanCost, fmt: (x) => formatMoney(x.toFixed(6), currency), relative: true },
    { title: 'Split rate', note: 'served orders sent in several parcels', value: (b) => b.splitRate, fmt: (x) => `${(100 * x).toFixed(1)} %`, relative: false },
    { title: 'Ship from store', note: 'share of parcels leaving a store', value: (b) => b.shipFromStore, fmt: (x) => `${(100 * x).toFixed(1)} %`, relative: false },
    { title: 'Unfulfilled', note: 'share of ordered units not planned', value: (b) => b.unfulfilledShare, fmt: (x) => `${(100 * x).toFixed(2)} %`, relative: false },
  ]
  const out: string[] = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`)
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`)
  out.push(`<text x="24" y="38" font-size="22" font-weight="bold" fill="#1b1b1b">${esc(title)}</text>`)
  out.push(`<text x="24" y="64" font-size="14" fill="#444">${esc(subtitle)}</text>`)
  const pw = (W - 48) / panels.length
  panels.forEach((panel, i) => {
    const x0 = 24 + i * pw
    const top = 130
    const bottom = H - 70
    const max = Math.max(1e-9, ...bars.map(panel.value)) * 1.18
    out.push(`<text x="${f1(x0 + pw / 2)}" y="${top - 22}" font-size="15" font-weight="bold" text-anchor="middle" fill="#222">${esc(panel.title)}</text>`)
    out.push(`<text x="${f1(x0 + pw / 2)}" y="${top - 6}" font-size="11.5" text-anchor="middle" fill="#666">${esc(panel.note)}</text>`)
    out.push(`<line x1="${f1(x0 + 14)}" y1="${bottom}" x2="${f1(x0 + pw - 14)}" y2="${bottom}" stroke="#999"/>`)
    const bw = (pw - 60) / bars.length
    const base = panel.value(bars[0] as ChartBar)
    bars.forEach((b, j) => {
      const v = panel.value(b)
      const h = ((bottom - top) * v) / max
      const x = x0 + 30 + j * bw + 6
      out.push(`<rect x="${f1(x)}" y="${f1(bottom - h)}" width="${f1(bw - 12)}" height="${f1(h)}" fill="${b.colour}" rx="3"/>`)
      out.push(`<text x="${f1(x + (bw - 12) / 2)}" y="${f1(bottom - h - 8)}" font-size="13" font-weight="bold" text-anchor="middle" fill="#222">${esc(panel.fmt(v))}</text>`)
      if (panel.relative && j > 0 && base > 0) {
        out.push(`<text x="${f1(x + (bw - 12) / 2)}" y="${f1(bottom - h - 24)}" font-size="12" font-weight="bold" text-anchor="middle" fill="#b03a2e">+${((100 * (v - base)) / base).toFixed(1)} %</text>`)
      }
      out.push(`<text x="${f1(x + (bw - 12) / 2)}" y="${bottom + 20}" font-size="13" text-anchor="middle" fill="#333">${esc(b.strategy)}</text>`)
    })
  })
  out.push(`<text x="24" y="${H - 18}" font-size="11.5" fill="#777">Same orders, same opening stock, each strategy routed in its own batch with routeBatch (stock reserved order by order).</text>`)
  out.push('</svg>')
  return out.join('\n')
}
