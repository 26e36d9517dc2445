import {execa} from 'execa'
import {mkdirSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {CLI, writeRandom, zfjl} from './bench-inputs.js'
import {type BenchResult, timeAlternating} from './bench-result.js'

/**
 * Issue 11: `zfjl export` of 1 GiB (8 recordings of 128 MiB, approved for copying) copies every file and
 * checks its SHA-256 and SM3 against the registered values in the same read, on the digest threads. Its
 * wall time is compared with `openssl dgst -sha256` + `-sm3` over the same files, and the CPU time it
 * used (user + system) divided by its wall time shows how many cores did the hashing: near 1 would mean
 * one thread hashed while the other core idled.
 */
const ROOT = join(tmpdir(), 'zfjl-bench-export')
const FILES = 8
const FILE_BYTES = 128 * 1024 * 1024
const RUNS = 2

const zfjlJson = async (args: string[]): Promise<Record<string, unknown>> => JSON.parse(await zfjl([...args, '--json'])) as Record<string, unknown>

/** Wall and CPU seconds of one run of the real CLI, as GNU time reports them. */
const timed = async (args: string[]): Promise<{wallMs: number; cpuMs: number}> => {
  const result = await execa('/usr/bin/time', ['-f', '%e %U %S', 'node', CLI, ...args], {env: {CI: '1'}, reject: false})
  if (result.exitCode !== 0) throw new Error(`zfjl ${args.join(' ')} → ${result.exitCode}: ${result.stdout.slice(-2000)}${result.stderr.slice(-2000)}`)
  const [wall, user, system] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number)
  return {cpuMs: (user + system) * 1000, wallMs: wall * 1000}
}

export async function run(): Promise<BenchResult[]> {
  rmSync(ROOT, {force: true, recursive: true})
  mkdirSync(join(ROOT, 'card'), {recursive: true})
  try {
    const files = Array.from({length: FILES}, (_, index) => join(ROOT, 'card', `DSJ-A8_2026030210${String(index).padStart(2, '0')}00_012345.MP4`))
    for (const file of files) writeRandom(file, FILE_BYTES)
    const workspace = join(ROOT, 'ws')
    const at = ['--workspace', workspace]
    await zfjlJson(['init', workspace, '--unit', '基准测试', '--code', '珠卫', '--officer', '张伟:43040520260001', '--officer', '李娜:43040520260002', '--identity', 'declared'])
    await zfjlJson(['people', 'add', '王强', '--role', 'head', ...at])
    const {id: caseId} = (await zfjlJson(['case', 'new', ...at, '--procedure', 'inspection', '--title', '基准', '--party', '某单位', '--officer', '张伟', '--officer', '李娜'])) as {id: string}
    await zfjlJson(['media', 'add', caseId, join(ROOT, 'card'), ...at])
    const {id: approval} = (await zfjlJson(['copy', 'request', caseId, '--all', '--purpose', '基准测试', '--officer', '张伟', ...at])) as {id: string}
    await zfjlJson(['copy', 'grant', approval, '--repeatable', '--officer', '王强', ...at])

    // Alternating with openssl, so a drift of the cores' speed favours neither.
    let best = {cpuMs: 0, wallMs: Number.POSITIVE_INFINITY}
    let round = 0
    const {opensslMs} = await timeAlternating(
      {
        async exportMs() {
          const out = join(ROOT, `export-${round++}`)
          const measured = await timed(['export', caseId, '--approval', approval, '--out', out, '--officer', '张伟', ...at, '--json'])
          const copied = readdirSync(join(out, 'media')).length
          if (copied !== FILES) throw new Error(`export copied ${copied} of ${FILES} recordings`)
          rmSync(out, {force: true, recursive: true})
          if (measured.wallMs < best.wallMs) best = measured
          return measured.wallMs
        },
        async opensslMs() {
          await execa('openssl', ['dgst', '-sha256', ...files])
          await execa('openssl', ['dgst', '-sm3', ...files])
        },
      },
      RUNS,
    )

    const size = `${FILES} × ${FILE_BYTES / 1024 ** 2} MiB`
    return [
      {
        baseline: opensslMs,
        name: `export ${size}（复制 + 核对 SHA-256 与 SM3 + 签名清单）对 openssl sha256 + sm3`,
        note: '含 CLI 启动与复制写盘；openssl 不写盘',
        ratio: best.wallMs / opensslMs,
        unit: 'ms',
        value: best.wallMs,
      },
      {
        name: `export ${size} 用到的核数（CPU 时间 ÷ 墙钟时间，本机 2 核）`,
        note: `CPU ${(best.cpuMs / 1000).toFixed(1)} s，墙钟 ${(best.wallMs / 1000).toFixed(1)} s`,
        target: '> 1.5（摘要在所有核上计算）',
        unit: '核',
        value: best.cpuMs / best.wallMs,
      },
    ]
  } finally {
    rmSync(ROOT, {force: true, recursive: true})
  }
}
