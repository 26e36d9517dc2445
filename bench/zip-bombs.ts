import {execa} from 'execa'
import {createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {createDeflateRaw} from 'node:zlib'

import {verifyExport} from '../src/access/verify-export.js'
import {labelForArchive} from '../src/archive/label-source.js'
import {verifyArchive} from '../src/archive/verify.js'
import {ZipEncoder} from '../src/platform/zip/zip-encoder.js'
import type {BenchResult} from './bench-result.js'

/**
 * Issue 12 item 8: peak memory of archive verify, copy verify and archive label on two zip bombs, each
 * in its own child process so the figure is its own. Before the one zip reader: 2.2 GB and exit 10 on
 * the first, 2 GB on the second.
 * - a zip of about 1 MB whose bag-info.txt declares 1 KiB and inflates to 1 GiB;
 * - 16 central-directory entries sharing one deflated 64 MiB stream (a 62 KB zip, 1 GiB if all were read).
 */
const ROOT = join(tmpdir(), 'zfjl-bench-zip-bombs')
const GiB = 1024 * 1024 * 1024
const MiB = 1024 * 1024

/** 1 GiB of zeros deflated as it streams, never held whole. */
const deflatedZeros = async (path: string, bytes: number): Promise<number> => {
  const deflate = createDeflateRaw({level: 9})
  const out = createWriteStream(path)
  deflate.pipe(out)
  const chunk = Buffer.alloc(16 * MiB)
  for (let written = 0; written < bytes; written += chunk.length) {
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve))
  }

  deflate.end()
  await new Promise<void>((resolve) => out.on('close', () => resolve()))
  return statSync(path).size
}

/** bagit.txt, then bag-info.txt declaring 1 KiB over a deflate stream of 1 GiB. */
const buildLyingBomb = async (zip: string): Promise<void> => {
  const stream = join(ROOT, 'zeros.deflate')
  const compressedSize = existsSync(stream) ? statSync(stream).size : await deflatedZeros(stream, GiB)
  const encoder = new ZipEncoder(new Date())
  const bagit = encoder.entry('bagit.txt', Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'), true)
  const name = Buffer.from('bag-info.txt')
  const header = Buffer.alloc(30)
  header.writeUInt32LE(0x04034b50, 0)
  header.writeUInt16LE(20, 4)
  header.writeUInt16LE(8, 8)
  header.writeUInt32LE(compressedSize, 18)
  header.writeUInt32LE(1024, 22)
  header.writeUInt16LE(name.length, 26)
  const headerOffset = encoder.position
  encoder.entries.push({compressedSize, crc32: 0, dataOffset: headerOffset + 30 + name.length, headerOffset, method: 8, name: 'bag-info.txt', nameBytes: name, size: 1024})
  encoder.position = headerOffset + 30 + name.length + compressedSize
  writeFileSync(zip, Buffer.concat([bagit, header, name, readFileSync(stream), encoder.finish()]))
}

/** Every central entry points at the one local entry: 16 overlapping entries. */
const buildOverlappingBomb = (zip: string): void => {
  const encoder = new ZipEncoder(new Date())
  const local = encoder.entry('data/documents/D00.docx', Buffer.alloc(64 * MiB), true)
  const [first] = encoder.entries
  for (let index = 1; index < 16; index++) {
    const name = `data/documents/D${String(index).padStart(2, '0')}.docx`
    encoder.entries.push({...first, name, nameBytes: Buffer.from(name)})
  }

  writeFileSync(zip, Buffer.concat([local, encoder.finish()]))
}

const READERS = {
  // Label runs 四性检测 first and refuses a failing archive; the container finding is what refused it.
  'archive label': async (zip: string) => labelForArchive(zip, {allowUntrusted: true}).then(
    () => 'ok',
    (error: {code?: string; details?: {findings?: Array<{code: string}>}}) => error.details?.findings?.find((finding) => finding.code.startsWith('ZIP_'))?.code ?? error.code ?? 'error',
  ),
  'archive verify': async (zip: string) => {
    const report = await verifyArchive(zip, {allowUntrusted: true})
    return report.findings.find((finding) => finding.code.startsWith('ZIP_'))?.code ?? (report.ok ? 'ok' : 'findings')
  },
  'copy verify': async (zip: string) => {
    const result = await verifyExport(zip)
    return result.problems.find((problem) => problem.kind === 'container') ? 'container' : result.ok ? 'ok' : 'problems'
  },
} as const

type Reader = keyof typeof READERS

/** The measured side: `node --import tsx bench/zip-bombs.ts <reader> <zip>`. */
const child = async (reader: Reader, zip: string): Promise<void> => {
  const outcome = await READERS[reader](zip)
  process.stdout.write(JSON.stringify({maxRssMb: process.resourceUsage().maxRSS / 1024, outcome}))
}

export const run = async (): Promise<BenchResult[]> => {
  mkdirSync(ROOT, {recursive: true})
  const bombs = {
    '16 个重叠条目（62 KB）': join(ROOT, 'overlapping.zip'),
    'bag-info.txt 解压 1 GiB（约 1 MB）': join(ROOT, 'lying.zip'),
  }
  if (!existsSync(bombs['bag-info.txt 解压 1 GiB（约 1 MB）'])) await buildLyingBomb(bombs['bag-info.txt 解压 1 GiB（约 1 MB）'])
  if (!existsSync(bombs['16 个重叠条目（62 KB）'])) buildOverlappingBomb(bombs['16 个重叠条目（62 KB）'])
  const results: BenchResult[] = []
  for (const [bomb, zip] of Object.entries(bombs)) {
    for (const reader of Object.keys(READERS) as Reader[]) {
      const {stdout} = await execa(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), reader, zip])
      const {maxRssMb, outcome} = JSON.parse(stdout) as {maxRssMb: number; outcome: string}
      results.push({name: `${reader} 峰值内存：${bomb}`, note: `结果 ${outcome}；zip ${(statSync(zip).size / 1024).toFixed(0)} KB`, target: '< 300 MB', unit: 'MB', value: maxRssMb})
    }
  }

  return results
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]) await child(process.argv[2] as Reader, process.argv[3])
