/**
 * The demo's pictures and report: labels never collide, the map gives each meaning one line
 * style, and `npm run demo` (here on 200 orders, into a temporary directory) writes a report
 * that is well-formed and references nothing but itself.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { overlaps, placeLabels, type Box, type LabelRequest } from '../../examples/demo/labels.js'
import { reportHtml, tableHtml } from '../../examples/demo/report.js'
import { orderMapSvg, type MapInput } from '../../examples/demo/svg.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** Problems that make `doc` (XHTML syntax under an HTML doctype) not well-formed XML: stray `<` or `&`, unknown entities, mismatched or unclosed tags, repeated attributes. */
export const wellFormednessProblems = (doc: string): string[] => {
  const problems: string[] = []
  const stack: string[] = []
  const body = doc.replace(/^<!DOCTYPE html>\n/, '')
  const token = /<!--[\s\S]*?-->|<\/([a-zA-Z][\w:-]*)\s*>|<([a-zA-Z][\w:-]*)((?:\s+[a-zA-Z_:][\w:.-]*="[^"<]*")*)\s*(\/?)>|&[^;\s<&]*;|[<&]/g
  for (const m of body.matchAll(token)) {
    const [t, close, open, attrs, selfClose] = m
    if (t === '<' || t === '&') problems.push(`stray ${t} at ${m.index}`)
    else if (close !== undefined) {
      const top = stack.pop()
      if (top !== close) problems.push(`</${close}> closes <${top ?? 'nothing'}> at ${m.index}`)
    } else if (open !== undefined) {
      const names = [...(attrs ?? '').matchAll(/([a-zA-Z_:][\w:.-]*)=/g)].map((a) => a[1])
      if (new Set(names).size !== names.length) problems.push(`repeated attribute in <${open}> at ${m.index}`)
      if (selfClose !== '/') stack.push(open)
    } else if (t.startsWith('&') && !/^&(amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);$/.test(t)) problems.push(`unknown entity ${t} at ${m.index}`)
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.map((s) => `<${s}>`).join(' ')}`)
  return problems
}

/** What in `doc` would fetch or run something that is not in the page itself. */
const outsideReferences = (doc: string): string[] => {
  const ids = new Set([...doc.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]))
  const out: string[] = []
  for (const m of doc.matchAll(/https?:|\/\/[a-z]|<(script|link|iframe|object|embed|img|audio|video|source)\b|\ssrc=|@import/gi)) out.push(m[0])
  for (const m of doc.matchAll(/\s(?:xlink:)?href="([^"]*)"/g)) if (!(m[1] as string).startsWith('#') || !ids.has((m[1] as string).slice(1))) out.push(`href ${m[1]}`)
  for (const m of doc.matchAll(/url\(([^)]*)\)/g)) if (!(m[1] as string).startsWith('#') || !ids.has((m[1] as string).slice(1))) out.push(`url(${m[1]})`)
  return out
}

describe('label placement', () => {
  const bounds: Box = { x0: 0, y0: 0, x1: 600, y1: 400 }
  const request = fc.record({
    text: fc.string({ minLength: 1, maxLength: 18 }),
    x: fc.integer({ min: 0, max: 600 }),
    y: fc.integer({ min: 0, max: 400 }),
    size: fc.constantFrom(12, 13),
    radius: fc.integer({ min: 2, max: 10 }),
    optional: fc.boolean(),
  })

  it('never lets a label cover another, a marker, or leave the panel (optional labels are dropped instead)', () => {
    fc.assert(
      fc.property(fc.array(request, { maxLength: 40 }), (requests: LabelRequest[]) => {
        const markers: Box[] = requests.map((r) => ({ x0: r.x - r.radius, y0: r.y - r.radius, x1: r.x + r.radius, y1: r.y + r.radius }))
        const optional = requests.map((r) => ({ ...r, optional: true }))
        const placed = placeLabels(optional, markers, bounds)
        placed.forEach((a, i) => {
          expect(a.box.x0 >= 0 && a.box.y0 >= 0 && a.box.x1 <= 600 && a.box.y1 <= 400).toBe(true)
          for (const m of markers) expect(overlaps(a.box, m)).toBe(false)
          for (const b of placed.slice(i + 1)) expect(overlaps(a.box, b.box)).toBe(false)
        })
        // Same input, same picture.
        expect(placeLabels(optional, markers, bounds)).toEqual(placed)
      }),
    )
  })

  it('places every required label, clear of the others when there is room', () => {
    const crowd: LabelRequest[] = [0, 1, 2, 3, 4].map((i) => ({ text: `S-LYON-0${i}`, x: 300 + i * 3, y: 200 + i * 2, size: 13, radius: 7 }))
    const placed = placeLabels(crowd, [], bounds)
    expect(placed.map((p) => p.text)).toEqual(crowd.map((c) => c.text))
    placed.forEach((a, i) => {
      for (const b of placed.slice(i + 1)) expect(overlaps(a.box, b.box)).toBe(false)
    })
  })
})

describe('order map', () => {
  const input: MapInput = {
    title: 'Order O-1',
    subtitle: 'optimal €9.35',
    nodes: [
      { id: 'W-LYON', kind: 'warehouse', lat: 45.7, lon: 4.94 },
      { id: 'S-PART-DIEU', kind: 'store', lat: 45.76, lon: 4.86 },
      { id: 'S-VILLEURBANNE', kind: 'store', lat: 45.77, lon: 4.89 },
      { id: 'W-PARIS', kind: 'warehouse', lat: 48.77, lon: 2.49 },
    ],
    cities: [{ name: 'Lyon', lat: 45.76, lon: 4.84, population: 500_000 }],
    customer: { lat: 45.75, lon: 4.83, label: 'customer in Lyon' },
    plans: [
      { strategy: 'optimal', colour: '#1a7f37', cost: '€4.10', eta: 'Sat 28 Nov 10:00 Europe/Paris', summary: 'collect', parcels: [{ from: 'S-VILLEURBANNE', label: '1' }], transfers: [{ from: 'S-PART-DIEU', to: 'S-VILLEURBANNE', label: '1' }] },
      { strategy: 'priority', colour: '#c0392b', cost: '€9.19', summary: 'ship', parcels: [{ from: 'W-PARIS', label: '1' }], transfers: [] },
      { strategy: 'nearest', colour: '#2f6fb0', cost: '€9.96', summary: 'ship', parcels: [{ from: 'S-PART-DIEU', label: '1' }, { from: 'W-LYON', label: '2' }], transfers: [{ from: 'W-LYON', to: 'S-PART-DIEU', label: '2' }] },
    ],
  }
  const svg = orderMapSvg(input)
  const legs = [...svg.matchAll(/<line [^>]*marker-end="url\(#arrow-([a-z]+)\)"[^>]*\/>/g)].map((m) => ({ strategy: m[1] as string, tag: m[0] }))

  it('draws a strategy in one colour and width, and a transfer (only a transfer) dashed', () => {
    expect(legs.length).toBe(input.plans.reduce((a, p) => a + p.parcels.length + p.transfers.length, 0))
    for (const p of input.plans) {
      const own = legs.filter((l) => l.strategy === p.strategy)
      expect(own.length).toBe(p.parcels.length + p.transfers.length)
      expect(new Set(own.map((l) => /stroke="([^"]+)"/.exec(l.tag)?.[1]))).toEqual(new Set([p.colour]))
      expect(new Set(own.map((l) => /stroke-width="([^"]+)"/.exec(l.tag)?.[1])).size).toBe(1)
      expect(own.filter((l) => l.tag.includes('stroke-dasharray')).length).toBe(p.transfers.length)
    }
  })

  it('shows each plan with its formatted cost and local ETA, and is well-formed', () => {
    expect(svg).toContain('optimal: €4.10')
    expect(svg).toContain('ETA Sat 28 Nov 10:00 Europe/Paris')
    expect(wellFormednessProblems(svg)).toEqual([])
  })
})

describe('report', () => {
  it('the checks can fail', () => {
    expect(wellFormednessProblems('<p><b>x</p>')).not.toEqual([])
    expect(wellFormednessProblems('<p>a & b</p>')).not.toEqual([])
    expect(outsideReferences('<img src="https://example.com/x.png"/>')).not.toEqual([])
    expect(outsideReferences('<a href="#nowhere">x</a>')).not.toEqual([])
  })

  it('escapes what it is given', () => {
    const page = reportHtml('A & B <test>', 'lead', [{ title: 'T', body: tableHtml(['a', 'b'], [['<x>', '1.00']]) }])
    expect(wellFormednessProblems(page)).toEqual([])
    expect(page).toContain('&lt;x&gt;')
  })

  describe('written by the demo', () => {
    let dir = ''
    let page = ''
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'omnistock-demo-'))
      execFileSync(process.execPath, ['--import', 'tsx', 'examples/demo.ts', '--orders', '200', '--out', dir], { cwd: root, encoding: 'utf8' })
      page = readFileSync(join(dir, 'report.html'), 'utf8')
    })
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('keeps the two pictures beside it', () => {
      expect(existsSync(join(dir, 'order-map.svg'))).toBe(true)
      expect(existsSync(join(dir, 'strategies.svg'))).toBe(true)
    })

    it('is well-formed, with unique ids', () => {
      expect(page.startsWith('<!DOCTYPE html>\n')).toBe(true)
      expect(wellFormednessProblems(page)).toEqual([])
      const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])
      expect(new Set(ids).size).toBe(ids.length)
    })

    it('references only its own content: no external URL, script, stylesheet or image', () => {
      expect(outsideReferences(page)).toEqual([])
    })

    it('shows the map, the chart and one explained order, amounts with two decimals and the currency, times on a local clock', () => {
      // The strategies' chart, the order's map and the rebalancing's before and after.
      expect((page.match(/<svg /g) ?? []).length).toBe(3)
      expect(page).toContain('Rebalancing the sample network first')
      expect(page).toMatch(/Order O-\d+, explained/)
      expect(page).toContain('optimal plan:')
      expect(page).toContain('Europe/Paris')
      const amounts = [...page.matchAll(/€[\d,]+(?:\.\d+)?/g)].map((m) => m[0])
      expect(amounts.length).toBeGreaterThan(5)
      for (const a of amounts) expect(a).toMatch(/^€[\d,]+\.\d\d$/)
    })
  })
})
