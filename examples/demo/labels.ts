/**
 * Deterministic label placement for the demo's map: each label goes to the first of a fixed
 * list of spots around its anchor (right, left, above, below, the corners, then the same
 * farther out) where its box stays inside the panel and overlaps neither a marker nor a label
 * already placed. Labels are placed in the order given (most important first), so the same
 * input always gives the same picture.
 */

/** An axis-aligned box in pixels. */
export interface Box {
  readonly x0: number
  readonly y0: number
  readonly x1: number
  readonly y1: number
}

export interface LabelRequest {
  readonly text: string
  /** The anchor (a marker's centre). */
  readonly x: number
  readonly y: number
  /** Font size in pixels. */
  readonly size: number
  /** The marker's half size: labels keep this far from the anchor. */
  readonly radius: number
  /** A label that may be dropped when no spot is free (a city name); otherwise it takes its least crowded spot. */
  readonly optional?: boolean
}

/** A placed label: where its text starts (`x`, baseline `y`, `text-anchor="start"`) and its box. */
export interface PlacedLabel {
  readonly text: string
  readonly x: number
  readonly y: number
  readonly box: Box
}

export const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1

/** A text's width at a font size: an estimate good enough for sans-serif labels (0.64 em per character). */
export const textWidth = (text: string, size: number): number => text.length * size * 0.64

const inside = (b: Box, bounds: Box): boolean => b.x0 >= bounds.x0 && b.y0 >= bounds.y0 && b.x1 <= bounds.x1 && b.y1 <= bounds.y1

/** The candidate boxes of one label, in order of preference. */
const candidates = (r: LabelRequest): Box[] => {
  const w = textWidth(r.text, r.size)
  const h = r.size * 1.2
  const out: Box[] = []
  for (const k of [1, 2.2, 3.6]) {
    const gap = r.radius * k + 3
    const spots: readonly (readonly [number, number])[] = [
      [r.x + gap, r.y - h / 2], // right
      [r.x - gap - w, r.y - h / 2], // left
      [r.x - w / 2, r.y - gap - h], // above
      [r.x - w / 2, r.y + gap], // below
      [r.x + gap, r.y - gap - h], // upper right
      [r.x + gap, r.y + gap], // lower right
      [r.x - gap - w, r.y - gap - h], // upper left
      [r.x - gap - w, r.y + gap], // lower left
    ]
    for (const [x0, y0] of spots) out.push({ x0, y0, x1: x0 + w, y1: y0 + h })
  }
  return out
}

/**
 * Places the labels in order. `obstacles` are boxes no label may cover (markers); `bounds` is
 * the panel. An optional label with no free spot is left out; any other takes the spot that
 * overlaps the fewest boxes (the first such spot on ties).
 */
export const placeLabels = (requests: readonly LabelRequest[], obstacles: readonly Box[], bounds: Box): PlacedLabel[] => {
  const taken: Box[] = [...obstacles]
  const placed: PlacedLabel[] = []
  for (const r of requests) {
    const spots = candidates(r).filter((b) => inside(b, bounds))
    let box = spots.find((b) => !taken.some((t) => overlaps(b, t)))
    if (box === undefined) {
      if (r.optional === true || spots.length === 0) continue
      let fewest = Number.POSITIVE_INFINITY
      for (const b of spots) {
        const n = taken.filter((t) => overlaps(b, t)).length
        if (n < fewest) {
          fewest = n
          box = b
        }
      }
    }
    if (box === undefined) continue
    taken.push(box)
    placed.push({ text: r.text, x: box.x0, y: box.y1 - r.size * 0.3, box })
  }
  return placed
}
