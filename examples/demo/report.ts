/**
 * The demo's self-contained HTML report (examples/out/report.html): the map, the charts and
 * the explained order on one page, with nothing fetched from anywhere — the pictures are
 * inline SVG, the style an inline `<style>`, no script. The page is well-formed XML (XHTML
 * syntax under an HTML doctype), so that a strict parser reads it too.
 *
 * The demo builds it from sections: a later comparison adds one with `report.push(...)`.
 */

/** One section of the report: a heading and its body, already HTML (build it with the helpers below). */
export interface ReportSection {
  readonly title: string
  readonly body: string
}

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** An SVG document as an inline fragment: no XML prolog, no namespace declaration (HTML supplies it). */
export const inlineSvg = (svg: string): string =>
  svg
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/ xmlns="[^"]*"/g, '')
    .replace(/<svg /, '<svg role="img" ')

/** Lines of monospaced text (console output) as a block. */
export const preformatted = (lines: readonly string[]): string => `<pre>${escapeHtml(lines.join('\n'))}</pre>`

/** A table; cells are text (escaped here). Columns after the first are right-aligned when every cell of theirs reads as a number or an amount. */
export const tableHtml = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const numeric = header.map((_, j) => j > 0 && rows.every((r) => /^[-+€$£]?[\d,.\s%€]+$/.test(r[j] ?? '')))
  const cell = (tag: string, text: string, j: number): string => `<${tag}${numeric[j] === true ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`
  return [
    '<table>',
    `<thead><tr>${header.map((h, j) => cell('th', h, j)).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c, j) => cell('td', c, j)).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ].join('\n')
}

const STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #1b1b1b; margin: 2rem auto; max-width: 1140px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.3rem; }
p.lead { color: #444; margin-top: 0; }
svg { max-width: 100%; height: auto; display: block; }
pre { background: #f6f6f4; padding: 0.8rem; overflow-x: auto; font-size: 0.8rem; line-height: 1.35; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { padding: 0.25rem 0.7rem; border-bottom: 1px solid #e4e4e4; text-align: left; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
nav a { margin-right: 1rem; }
`

/** The whole page. */
export const reportHtml = (title: string, lead: string, sections: readonly ReportSection[]): string => {
  const anchor = (i: number): string => `section-${i + 1}`
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8"/>',
    '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="lead">${escapeHtml(lead)}</p>`,
    `<nav>${sections.map((s, i) => `<a href="#${anchor(i)}">${escapeHtml(s.title)}</a>`).join('')}</nav>`,
    ...sections.map((s, i) => `<section id="${anchor(i)}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.body}\n</section>`),
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
