import {execa} from 'execa'
import {randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import type {BenchResult} from './bench-result.js'

/**
 * Issue 11: `zfjl export` of 1 GiB (8 recordings of 128 MiB, approved for copying) copies every file and
 * checks its SHA-256 and SM3 against the registered values in the same read, on the digest threads. Its
 * wall time is compared with `openssl dgst -sha256` + `-sm3` over the same files, and the CPU time it
 * used (user + system) divided by its wall time shows how many cores did the hashing: near 1 would mean
 * one thread hashed while the other core idled.
 */
const ROOT = join(tmpdir(), 'zfjl-bench-export')
const CLI = resolve(import.meta.dirname, '..', 'bin', 'run.js')
const FILES = 8
const FILE_BYTES = 128 * 1024 * 1024
const RUNS = 2

const zfjl = async (args: string[]): Promise<Record<string, unknown>> => {
  const result = await execa('node', [CLI, ...args, '--json'], {env: {CI: '1'}, reject: false})
  if (result.exitCode !== 0) throw new Error(`zfjl ${args.join(' ')} → ${result.exitCode}: ${result.stdout.slice(-2000)}${result.stderr.slice(-2000)}`)
  return JSON.parse(result.stdout) as Record<string, unknown>
}

const writeRandom = (path: string, size: number) => {
  if (existsSync(path) && statSync(path).size === size) return
  const chunk = 8 * 1024 * 1024
  writeFileSync(path, Buffer.alloc(0))
  // Incompressible, like real video.
  for (let written = 0; written < size; written += chunk) writeFileSync(path, randomBytes(Math.min(chunk, size - written)), {flag: 'a'})
}

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
    await zfjl(['init', workspace, '--unit', '基准测试', '--code', '珠卫', '--officer', '张伟:43040520260001', '--officer', '李娜:43040520260002', '--identity', 'declared'])
    await zfjl(['people', 'add', '王强', '--role', 'head', ...at])
    const {id: caseId} = (await zfjl(['case', 'new', ...at, '--procedure', 'inspection', '--title', '基准', '--party', '某单位', '--officer', '张伟', '--officer', '李娜'])) as {id: string}
    await zfjl(['media', 'add', caseId, join(ROOT, 'card'), ...at])
    const {id: approval} = (await zfjl(['copy', 'request', caseId, '--all', '--purpose', '基准测试', '--officer', '张伟', ...at])) as {id: string}
    await zfjl(['copy', 'grant', approval, '--repeatable', '--officer', '王强', ...at])

    let best = {cpuMs: 0, wallMs: Number.POSITIVE_INFINITY}
    for (let index = 0; index < RUNS; index++) {
      const out = join(ROOT, `export-${index}`)
      const measured = await timed(['export', caseId, '--approval', approval, '--out', out, '--officer', '张伟', ...at, '--json'])
      const copied = readdirSync(join(out, 'media')).length
      if (copied !== FILES) throw new Error(`export copied ${copied} of ${FILES} recordings`)
      rmSync(out, {force: true, recursive: true})
      if (measured.wallMs < best.wallMs) best = measured
    }

    let opensslMs = Number.POSITIVE_INFINITY
    for (let index = 0; index < RUNS; index++) {
      const started = performance.now()
      await execa('openssl', ['dgst', '-sha256', ...files])
      await execa('openssl', ['dgst', '-sm3', ...files])
      opensslMs = Math.min(opensslMs, performance.now() - started)
    }

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
