import {execa} from 'execa'
import {join} from 'node:path'

import {type BenchResult, timeBest} from './bench-result.js'

const CLI = join(import.meta.dirname, '..', 'bin', 'run.js')

/** Issue 2: `zfjl --version` starts in under 400 ms; plain `node -e 0` is the floor it is compared with. */
export const run = async (): Promise<BenchResult[]> => {
  const node = await timeBest(() => execa('node', ['-e', '0']), 10)
  const version = await timeBest(() => execa('node', [CLI, '--version']), 10)
  const help = await timeBest(() => execa('node', [CLI, 'case', 'new', '--help']), 5)
  return [
    {baseline: node, name: 'zfjl --version 启动', ratio: version / node, target: '< 400 ms', unit: 'ms', value: version},
    {baseline: node, name: 'zfjl case new --help', ratio: help / node, unit: 'ms', value: help},
  ]
}
