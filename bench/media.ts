import {execa} from 'execa'
import {closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {CLI, writeRandom, zfjl} from './bench-inputs.js'
import {type BenchResult, timeAlternating, timeBest} from './bench-result.js'

/**
 * Issue 4: `zfjl media add` (the real CLI: one read pass per file, SHA-256 + SM3 on worker threads,
 * copy + fsync + register) against `openssl dgst -sha256` followed by `openssl dgst -sm3` over the
 * same 1 GiB; a re-run on 2,000 unchanged files against the first run; and the peak RSS of the CLI
 * importing one 4 GiB file. Inputs live in os.tmpdir() and are removed at the end.
 */
const ROOT = join(tmpdir(), 'zfjl-bench-media')
const LARGE_FILES = 8
const LARGE_FILE_BYTES = 128 * 1024 * 1024
const SMALL_FILES = 2000
/** About a body-cam photo at low quality; the card of a day's work holds thousands of them. */
const SMALL_FILE_BYTES = 512 * 1024
const HUGE_FILE_BYTES = 4 * 1024 ** 3

const newWorkspace = async (name: string): Promise<string> => {
  const dir = join(ROOT, name)
  rmSync(dir, {force: true, recursive: true})
  await zfjl(['init', dir, '--unit', '基准测试', '--code', '珠卫', '--officer', '张伟:43040520260001', '--officer', '李娜:43040520260002', '--identity', 'declared', '--json'])
  return dir
}

const newCase = async (workspace: string): Promise<string> => {
  const out = await zfjl(['case', 'new', '--workspace', workspace, '--procedure', 'inspection', '--title', '基准', '--party', '某单位', '--officer', '张伟:43040520260001', '--officer', '李娜:43040520260002', '--json'])
  return (JSON.parse(out) as {id: string}).id
}

const addMedia = async (workspace: string, caseId: string, source: string): Promise<{hashedFiles: number}> =>
  JSON.parse(await zfjl(['media', 'add', caseId, source, '--workspace', workspace, '--json'])) as {hashedFiles: number}

const importVersusOpenssl = async (): Promise<BenchResult[]> => {
  const source = join(ROOT, 'large')
  mkdirSync(source, {recursive: true})
  const files = Array.from({length: LARGE_FILES}, (_, index) => join(source, `DSJ-A8_2026030209${String(index).padStart(2, '0')}00_012345.MP4`))
  for (const file of files) writeRandom(file, LARGE_FILE_BYTES)
  const workspace = await newWorkspace('ws-large')
  // The hashing alone: `media verify` re-reads the imported copies once, both digests, both cores.
  // The floor for the same work with this machine's own tools: both digests on both cores (two
  // openssl processes, half the files each) while dd writes a direct-I/O, fsynced copy of every file.
  // On a virtual disk the copy's writes take CPU from the hashing cores; this shows how much.
  const copyTarget = join(ROOT, 'copy-floor')
  const half = (parity: number) => files.filter((_, index) => index % 2 === parity)
  const hashHalf = async (parity: number) => {
    await execa('openssl', ['dgst', '-sha256', ...half(parity)])
    await execa('openssl', ['dgst', '-sm3', ...half(parity)])
  }

  const copyAll = async () => {
    for (const [index, file] of files.entries()) await execa('dd', [`if=${file}`, `of=${join(copyTarget, String(index))}`, 'bs=4M', 'oflag=direct', 'conv=fsync', 'status=none'])
  }

  // Each timed import goes into a fresh case, or the journal would (rightly) skip everything.
  let lastCase = ''
  const {floorMs, hashFloorMs, opensslMs, verifyMs, zfjlMs} = await timeAlternating({
    async floorMs() {
      rmSync(copyTarget, {force: true, recursive: true})
      mkdirSync(copyTarget)
      await Promise.all([hashHalf(0), hashHalf(1), copyAll()])
    },
    // The floor of the hashing alone: both digests on both cores, two openssl processes, half the files each.
    hashFloorMs: () => Promise.all([hashHalf(0), hashHalf(1)]),
    async opensslMs() {
      await execa('openssl', ['dgst', '-sha256', ...files])
      await execa('openssl', ['dgst', '-sm3', ...files])
    },
    async zfjlMs() {
      if (lastCase) rmSync(join(workspace, 'cases', lastCase, 'media'), {force: true, recursive: true})
      lastCase = await newCase(workspace)
      const started = performance.now()
      await addMedia(workspace, lastCase, source)
      return performance.now() - started
    },
    async verifyMs() {
      // Read from memory like the openssl baseline: the copies were just written past the page cache.
      const mediaDir = join(workspace, 'cases', lastCase, 'media')
      await execa('cat', readdirSync(mediaDir).map((name) => join(mediaDir, name)), {stdout: 'ignore'})
      const started = performance.now()
      await zfjl(['media', 'verify', lastCase, '--workspace', workspace, '--json'])
      return performance.now() - started
    },
  })
  rmSync(copyTarget, {force: true, recursive: true})
  rmSync(workspace, {force: true, recursive: true})
  const size = `${LARGE_FILES} × ${LARGE_FILE_BYTES / 1024 ** 2} MiB`
  return [
    {
      baseline: opensslMs,
      name: `media add ${size}（复制 + SHA-256 + SM3 + fsync + 登记）对 openssl sha256 + sm3`,
      note: `含 CLI 启动、复制与 fsync；openssl 不写盘`,
      ratio: zfjlMs / opensslMs,
      target: '≤ 0.6',
      unit: 'ms',
      value: zfjlMs,
    },
    {
      baseline: opensslMs,
      name: `同样的工作用系统工具完成的下限：两个 openssl 进程各算一半文件的 SHA-256 + SM3，同时 dd 直接 I/O 复制并 fsync`,
      note: `media add 对此下限的比值 ${(zfjlMs / floorMs).toFixed(3)}`,
      ratio: floorMs / opensslMs,
      unit: 'ms',
      value: floorMs,
    },
    {
      baseline: opensslMs,
      name: `media verify ${size}（一次读取 SHA-256 + SM3，工作线程）对 openssl sha256 + sm3`,
      note: `只读不写：摘要计算本身的速度。系统工具在两个核上做同样的摘要（两个 openssl 进程各算一半文件）用 ${hashFloorMs.toFixed(0)} ms，比值 ${(hashFloorMs / opensslMs).toFixed(3)}；media verify 对此下限的比值 ${(verifyMs / hashFloorMs).toFixed(3)}`,
      ratio: verifyMs / opensslMs,
      target: '≤ 0.6',
      unit: 'ms',
      value: verifyMs,
    },
  ]
}

const rerunUnchanged = async (): Promise<BenchResult> => {
  const source = join(ROOT, 'small')
  mkdirSync(source, {recursive: true})
  for (let index = 0; index < SMALL_FILES; index++) writeRandom(join(source, `IMG_${String(index).padStart(4, '0')}.JPG`), SMALL_FILE_BYTES)
  const workspace = await newWorkspace('ws-small')
  const caseId = await newCase(workspace)
  const started = performance.now()
  const first = await addMedia(workspace, caseId, source)
  const firstMs = performance.now() - started
  let rehashed = 0
  const rerunMs = await timeBest(async () => {
    rehashed += (await addMedia(workspace, caseId, source)).hashedFiles
  }, 3)
  const startupMs = await timeBest(() => zfjl(['--version']), 3)
  rmSync(workspace, {force: true, recursive: true})
  if (first.hashedFiles !== SMALL_FILES || rehashed !== 0) throw new Error(`unexpected hashing: ${first.hashedFiles} then ${rehashed}`)
  return {
    baseline: firstMs,
    name: `media add 重新运行 ${SMALL_FILES} 个未变文件 × ${SMALL_FILE_BYTES / 1024} KiB（对首次导入）`,
    note: `重新运行不读取文件内容（按来源路径、大小、修改时间跳过）；其中 CLI 启动（zfjl --version）${startupMs.toFixed(0)} ms`,
    ratio: rerunMs / firstMs,
    target: '< 0.05',
    unit: 'ms',
    value: rerunMs,
  }
}

const peakMemoryHugeFile = async (): Promise<BenchResult> => {
  const source = join(ROOT, 'huge')
  mkdirSync(source, {recursive: true})
  const file = join(source, 'DSJ-A8_20260302090000_012345.MP4')
  // A sparse file: reading it costs no disk, so the figure is the import's own memory.
  if (!existsSync(file) || statSync(file).size !== HUGE_FILE_BYTES) {
    const fd = openSync(file, 'w')
    ftruncateSync(fd, HUGE_FILE_BYTES)
    closeSync(fd)
  }

  const workspace = await newWorkspace('ws-huge')
  const caseId = await newCase(workspace)
  const started = performance.now()
  const result = await execa('/usr/bin/time', ['-f', '%M', 'node', CLI, 'media', 'add', caseId, source, '--workspace', workspace, '--json'], {
    env: {CI: '1'},
    reject: false,
  })
  const ms = performance.now() - started
  rmSync(workspace, {force: true, recursive: true})
  const maxRssKb = Number(result.stderr.trim().split('\n').at(-1))
  return {
    name: 'media add 单个 4 GiB 文件的峰值内存（RSS，含工作线程）',
    note: `用时 ${(ms / 1000).toFixed(1)} s；${(JSON.parse(result.stdout) as {added: unknown[]}).added.length === 1 ? '已复制并登记' : `未登记：${result.stdout}`}`,
    target: '< 300 MB',
    unit: 'MB',
    value: maxRssKb / 1024,
  }
}

export async function run(): Promise<BenchResult[]> {
  mkdirSync(ROOT, {recursive: true})
  try {
    return [...(await importVersusOpenssl()), await rerunUnchanged(), await peakMemoryHugeFile()]
  } finally {
    for (const entry of readdirSync(ROOT)) rmSync(join(ROOT, entry), {force: true, recursive: true})
    rmSync(ROOT, {force: true, recursive: true})
  }
}
