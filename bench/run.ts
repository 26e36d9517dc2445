import {readdirSync} from 'node:fs'
import {basename} from 'node:path'
import {pathToFileURL} from 'node:url'

import type {BenchModule, BenchResult} from './bench-result.js'

/**
 * `npm run bench [area…]`: runs every bench/<area>.ts (or the named ones) and prints each figure
 * beside its baseline. Timings live here, never in the test suite.
 */
const HELPERS = new Set(['run.ts', 'bench-result.ts'])
const wanted = new Set(process.argv.slice(2))
const modules = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.ts') && !HELPERS.has(file))
  .filter((file) => wanted.size === 0 || wanted.has(basename(file, '.ts')))
  .sort()

const format = (value: number | undefined, digits = 2) => (value === undefined ? '' : value.toFixed(digits))
const all: Array<BenchResult & {area: string}> = []
for (const file of modules) {
  const area = basename(file, '.ts')
  process.stderr.write(`\n▶ ${area}\n`)
  // Areas run one at a time so they do not compete for the two cores.
  const module = (await import(pathToFileURL(`${import.meta.dirname}/${file}`).href)) as BenchModule
  const results = await module.run()
  for (const result of results) {
    all.push({area, ...result})
    console.log(
      [area, result.name, `${format(result.value)} ${result.unit}`, result.baseline === undefined ? '' : `基线 ${format(result.baseline)} ${result.unit}`, result.ratio === undefined ? '' : `比值 ${format(result.ratio, 3)}`, result.target ? `目标 ${result.target}` : '', result.note ?? '']
        .filter(Boolean)
        .join(' | '),
    )
  }
}

if (process.env.BENCH_JSON) console.log(JSON.stringify(all, null, 2))
