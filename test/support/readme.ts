/** Reading the README's examples in tests, so that every example runs as written. */
import { readFileSync } from 'node:fs'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

/** The first ```ts block of the README section headed `## <heading>`. */
export const readmeExample = (heading: string): string => {
  const section = readme.split(new RegExp(`^## ${heading}$`, 'm'))[1]?.split(/^## /m)[0] ?? ''
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1]
  if (block === undefined) throw new Error(`README has no \`\`\`ts block under ## ${heading}`)
  return block
}

/** The comment lines right after each `console.log` line: what the README says the code prints. */
export const promisedOutput = (code: string): string[] => {
  const lines = code.split('\n')
  const out: string[] = []
  lines.forEach((line, i) => {
    if (!line.includes('console.log')) return
    for (let j = i + 1; j < lines.length && /^\s*\/\/ /.test(lines[j] as string); j++) out.push((lines[j] as string).replace(/^\s*\/\/ /, ''))
  })
  return out
}
