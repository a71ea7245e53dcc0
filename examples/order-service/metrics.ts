/**
 * The order service's metrics in Prometheus' text format (`GET /metrics`): counters,
 * gauges and histograms with labels, kept in memory by each process.
 */

/** Latency buckets (seconds): 1 ms to 10 s. */
export const LATENCY_BUCKETS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

type Labels = Readonly<Record<string, string>>

interface Family {
  readonly type: 'counter' | 'gauge' | 'histogram'
  readonly help: string
  /** By label set (rendered): a value, or for a histogram its bucket counts, sum and count. */
  readonly series: Map<string, { value: number; buckets?: number[]; sum?: number }>
}

/** Escapes a label value as the text format wants it. */
const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')

const labelText = (labels: Labels): string => {
  const keys = Object.keys(labels).sort()
  return keys.length === 0 ? '' : `{${keys.map((k) => `${k}="${escapeLabel(labels[k] as string)}"`).join(',')}}`
}

/** A process's metrics. */
export class Metrics {
  private readonly families = new Map<string, Family>()

  private family(name: string, type: Family['type'], help: string): Family {
    const known = this.families.get(name)
    if (known !== undefined) return known
    const made: Family = { type, help, series: new Map() }
    this.families.set(name, made)
    return made
  }

  /** Adds `by` (default 1) to a counter. */
  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const f = this.family(name, 'counter', help)
    const key = labelText(labels)
    const s = f.series.get(key)
    if (s === undefined) f.series.set(key, { value: by })
    else s.value += by
  }

  /** Sets a gauge, or a counter kept elsewhere (its running total). */
  set(name: string, help: string, value: number, labels: Labels = {}, type: 'gauge' | 'counter' = 'gauge'): void {
    this.family(name, type, help).series.set(labelText(labels), { value })
  }

  /** Records one observation in a histogram with the latency buckets. */
  observe(name: string, help: string, value: number, labels: Labels = {}): void {
    const f = this.family(name, 'histogram', help)
    const key = labelText(labels)
    let s = f.series.get(key)
    if (s === undefined) {
      s = { value: 0, buckets: LATENCY_BUCKETS.map(() => 0), sum: 0 }
      f.series.set(key, s)
    }
    s.value++
    s.sum = (s.sum ?? 0) + value
    LATENCY_BUCKETS.forEach((b, i) => {
      if (value <= b && s.buckets !== undefined) s.buckets[i] = (s.buckets[i] ?? 0) + 1
    })
  }

  /** The text exposition format, families and series in name order. */
  render(): string {
    const lines: string[] = []
    for (const name of [...this.families.keys()].sort()) {
      const f = this.families.get(name) as Family
      lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`)
      for (const key of [...f.series.keys()].sort()) {
        const s = f.series.get(key) as { value: number; buckets?: number[]; sum?: number }
        if (f.type !== 'histogram') {
          lines.push(`${name}${key} ${s.value}`)
          continue
        }
        const inner = key === '' ? '' : key.slice(1, -1)
        const withLe = (le: string): string => `{${inner === '' ? '' : `${inner},`}le="${le}"}`
        LATENCY_BUCKETS.forEach((b, i) => lines.push(`${name}_bucket${withLe(String(b))} ${s.buckets?.[i] ?? 0}`))
        lines.push(`${name}_bucket${withLe('+Inf')} ${s.value}`, `${name}_sum${key} ${s.sum ?? 0}`, `${name}_count${key} ${s.value}`)
      }
    }
    return `${lines.join('\n')}\n`
  }
}
