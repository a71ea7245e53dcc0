/** docs/performance.md and README.md's performance summary are what the last bench results give (bench/report.ts), never hand-edited figures. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { performancePage, performanceSummary, type Results } from '../../bench/report.js'

const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')
const results = JSON.parse(read('bench/results/latest.json')) as Results

describe('performance documents', () => {
  it('docs/performance.md is the page of bench/results/latest.json (`npm run bench:docs` rewrites it)', () => {
    expect(read('docs/performance.md')).toBe(performancePage(results))
  })

  it('README.md carries the summary between the bench markers, with a link to the full page', () => {
    const readme = read('README.md')
    const block = readme.split('<!-- bench:start -->')[1]?.split('<!-- bench:end -->')[0] ?? ''
    expect(block).toContain(performanceSummary(results))
    expect(block).toContain('docs/performance.md')
    expect(block.split('\n').length).toBeLessThan(20)
  })

  it('counts the targets the full page lists', () => {
    const page = performancePage(results)
    const met = (page.match(/\| met \|/g) ?? []).length
    const missed = (page.match(/\| \*\*missed\*\* \|/g) ?? []).length
    expect(performanceSummary(results)).toContain(`${met} of ${met + missed} performance targets met, ${missed} missed`)
  })
})
