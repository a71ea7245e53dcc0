/** Reading the examples of README.md and docs/*.md in tests, so that every example runs as written. */
import { readFileSync } from 'node:fs'

const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')

/** Every ```ts block of the section headed `## <heading>` (or `# <heading>`) of `file` (a path from the repository root). */
export const docExamples = (file: string, heading: string): string[] => {
  const section = read(file).split(new RegExp(`^#{1,2} ${heading}$`, 'm'))[1]?.split(/^## /m)[0] ?? ''
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string)
  if (blocks.length === 0) throw new Error(`${file} has no \`\`\`ts block under ${heading}`)
  return blocks
}

/** The first ```ts block of the section headed `<heading>` of `file`. */
export const docExample = (file: string, heading: string): string => docExamples(file, heading)[0] as string

/** The first ```ts block of the README section headed `## <heading>`. */
export const readmeExample = (heading: string): string => docExample('README.md', heading)

/** The comment lines right after each `console.log` line: what the document says the code prints. */
export const promisedOutput = (code: string): string[] => {
  const lines = code.split('\n')
  const out: string[] = []
  lines.forEach((line, i) => {
    if (!line.includes('console.log')) return
    for (let j = i + 1; j < lines.length && /^\s*\/\/ /.test(lines[j] as string); j++) out.push((lines[j] as string).replace(/^\s*\/\/ /, ''))
  })
  return out
}
