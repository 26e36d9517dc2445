import {execa} from 'execa'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {type BenchResult, timeBest} from './bench-result.js'

const CLI = join(import.meta.dirname, '..', 'bin', 'run.js')
/** As from a shell: oclif loads dist/ (under vitest's NODE_ENV=test it would look for the TypeScript sources). */
const ENV = {NODE_ENV: 'production'}
/** Best of this many runs: on a shared machine the least disturbed run is the one that measures zfjl. */
const RUNS = 10

const zfjl = (args: string[]) => execa('node', [CLI, ...args], {env: ENV, reject: false})

/** A small workspace made through the CLI, as a user would: three open cases. */
const smallWorkspace = async (): Promise<{root: string; caseId: string}> => {
  const root = join(mkdtempSync(join(tmpdir(), 'zfjl-bench-startup-')), 'ws')
  const officers = ['--officer', '张伟:43040520260001', '--officer', '李娜:43040520260002']
  await execa('node', [CLI, 'init', root, '--unit', '衡阳市珠晖区卫生健康局', '--code', '珠卫', '--identity', 'declared', '--key', 'ed25519', ...officers, '--json'], {env: ENV})
  const ids: string[] = []
  for (const [index, filed] of ['2026-03-02', '2026-04-07', '2026-05-11'].entries()) {
    const {stdout} = await execa('node', [CLI, 'case', 'new', '--workspace', root, '--procedure', 'penalty-general', '--title', `启动测量案件 ${index + 1}`, '--party', `某某经营户${index + 1}`, '--filed-at', filed, ...officers, '--json'], {env: ENV})
    ids.push((JSON.parse(stdout) as {id: string}).id)
  }

  return {caseId: ids[0], root}
}

/**
 * Issue 2 and issue 11: `zfjl --version` near 200 ms, a read command (`case list`, `check <case>`) near
 * 250 ms, each beside plain `node -e 0` measured in the same run, the floor no command goes below.
 */
export const run = async (): Promise<BenchResult[]> => {
  const {caseId, root} = await smallWorkspace()
  try {
    const node = await timeBest(() => execa('node', ['-e', '0']), RUNS)
    const measure = async (name: string, args: string[], target?: string): Promise<BenchResult> => {
      const value = await timeBest(() => zfjl(args), RUNS)
      return {baseline: node, name, ratio: value / node, target, unit: 'ms', value}
    }

    return [
      {name: 'node -e 0（基线）', unit: 'ms', value: node},
      await measure('zfjl --version 启动', ['--version'], '≈ 200 ms'),
      await measure('zfjl case list（3 件案件，输出到管道）', ['case', 'list', '--workspace', root], '≈ 250 ms'),
      await measure(`zfjl check ${caseId}`, ['check', caseId, '--workspace', root], '≈ 250 ms'),
      await measure('zfjl case new --help', ['case', 'new', '--help']),
    ]
  } finally {
    rmSync(join(root, '..'), {force: true, recursive: true})
  }
}
