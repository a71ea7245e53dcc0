/**
 * `npm run bench:docs`: rewrites docs/performance.md and README.md's performance summary from
 * the last run's results (bench/results/latest.json), measuring nothing — for when the page's
 * layout changes, not the figures.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writePerformanceDocs, type Results } from './report.js'

const here = dirname(fileURLToPath(import.meta.url))
const results = JSON.parse(readFileSync(join(here, 'results', 'latest.json'), 'utf8')) as Results
for (const file of writePerformanceDocs(results, join(here, '..'))) process.stdout.write(`wrote ${file}\n`)
