import {lstatSync, openAsBlob, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {digestBytes} from '../platform/digest/digest.js'
import type {DigestPool} from '../platform/digest/digest-pool.js'
import {requireFileOrFolder} from '../platform/file-kind.js'
import {SNIFF_BYTES} from '../media/sniff.js'
import {humanBytes} from '../platform/human-bytes.js'
import {ZipContainerError, type ZipEntry, type ZipProblemCode, ZipReader} from '../platform/zip/zip-reader.js'
import {CASE_METADATA_PATH} from './case-metadata.js'

/**
 * Reads a bag (a zip or an unzipped folder) once: every entry listed with what the container says about
 * it (encryption, symlink, compression) and hashed with SHA-256 and SM3 in a single read. Stored zip
 * entries go to the worker pool as raw byte ranges of the zip; small files whose content the checks need
 * (tag files, case.json, .docx) are read whole in this thread and hashed from that same buffer, each
 * under a limit of bytes actually read, so no bag, however built, can make the scan hold more than
 * CONTENT_BUDGET in memory.
 */

export interface ScannedEntry {
  /** Path as the container names it (`/`-separated, not normalised). */
  path: string
  kind: 'file' | 'directory' | 'symlink' | 'other'
  size: number
  encrypted: boolean
  sha256: string | null
  sm3: string | null
  /** First bytes, for format checks. */
  head: Buffer
  /** Whole content, for files the checks parse. */
  content: Buffer | null
  /** False when the zip's CRC-32 for the entry does not match its bytes. */
  crcMatches: boolean | null
  readError: string | null
  /** Where the entry's bytes start in the zip (stored entries), for header-only parsers. */
  storedAt: number | null
}

/** A problem with the container itself: unreadable zip, damaged directory, zip-bomb tricks, a tag file too large. */
export interface ContainerProblem {
  code: ZipProblemCode | 'TAG_FILE_OVERSIZED'
  message: string
  path: string | null
}

export interface BagScan {
  kind: 'zip' | 'folder'
  source: string
  entries: ScannedEntry[]
  containerProblems: ContainerProblem[]
}

/** As many as the sniffer reads: frame-based audio and MPEG-TS are recognised by their second frame. */
const HEAD_BYTES = SNIFF_BYTES
const MiB = 1024 * 1024
/** All content read whole in one scan: the tag files, case.json and the Word documents of a real case fit easily. */
const CONTENT_BUDGET = 128 * MiB

/**
 * How much of a file the scan reads whole. Tag files and case.json are required whole (larger is a
 * container problem: bagit.txt or bag-info.txt of a megabyte is no bag of ours); manifests grow with the
 * payload (32 MiB lists some 200,000 files); a Word document is read whole for its package check when it
 * is small enough, else only hashed. Other payload is only hashed.
 */
const contentLimit = (path: string): {bytes: number; required: boolean} => {
  if (path === `data/${CASE_METADATA_PATH}`) return {bytes: 32 * MiB, required: true}
  if (path.startsWith('data/')) return {bytes: /\.(docx|json)$/i.test(path) ? 32 * MiB : 0, required: false}
  if (/^(tag)?manifest-[a-z0-9]+\.txt$/.test(path)) return {bytes: 32 * MiB, required: true}
  return {bytes: MiB, required: true}
}

// ---------- folder ----------

const scanFolder = async (root: string, pool: DigestPool): Promise<BagScan> => {
  const entries: ScannedEntry[] = []
  const containerProblems: ContainerProblem[] = []
  const jobs: Array<Promise<void>> = []
  let budget = CONTENT_BUDGET
  const walk = (relative: string) => {
    for (const dirent of readdirSync(join(root, relative), {withFileTypes: true})) {
      const path = relative ? `${relative}/${dirent.name}` : dirent.name
      const absolute = join(root, path)
      const stat = lstatSync(absolute)
      const base: ScannedEntry = {content: null, crcMatches: null, encrypted: false, head: Buffer.alloc(0), kind: 'file', path, readError: null, sha256: null, size: stat.size, sm3: null, storedAt: null}
      if (stat.isSymbolicLink()) entries.push({...base, kind: 'symlink'})
      else if (stat.isDirectory()) walk(path)
      else if (!stat.isFile()) entries.push({...base, kind: 'other'})
      else {
        const entry = base
        entries.push(entry)
        const limit = contentLimit(path)
        const keep = stat.size <= limit.bytes && stat.size <= budget
        if (limit.required && !keep) {
          containerProblems.push({code: 'TAG_FILE_OVERSIZED', message: `${path} 有 ${humanBytes(stat.size)}，超过此类文件的上限 ${humanBytes(Math.min(limit.bytes, budget))}，未读取`, path})
        } else if (keep) {
          const content = readFileSync(absolute)
          budget -= content.length
          Object.assign(entry, digestBytes(content), {content, head: content.subarray(0, HEAD_BYTES), size: content.length})
        } else {
          jobs.push(
            pool.file({headBytes: HEAD_BYTES, path: absolute}).then(
              (digests) => void Object.assign(entry, {head: digests.head, sha256: digests.sha256, size: digests.size, sm3: digests.sm3}),
              (error: Error) => void (entry.readError = error.message),
            ),
          )
        }
      }
    }
  }

  walk('')
  await Promise.all(jobs)
  return {containerProblems, entries, kind: 'folder', source: root}
}

// ---------- zip ----------

const scanZip = async (path: string, pool: DigestPool): Promise<BagScan> => {
  let zip: ZipReader
  try {
    zip = await ZipReader.open(path)
  } catch (error) {
    if (error instanceof ZipContainerError) return {containerProblems: [problemOf(error)], entries: [], kind: 'zip', source: path}
    throw error
  }

  try {
    const containerProblems = zip.problems.map((problem) => problemOf(problem))
    const budget = {left: CONTENT_BUDGET}
    const jobs: Array<Promise<void>> = []
    const entries: ScannedEntry[] = []
    // One entry inflates at a time in this thread (bounded memory); stored payload goes to the pool.
    for (const raw of zip.entries) {
      const entry: ScannedEntry = {
        content: null,
        crcMatches: null,
        encrypted: raw.encrypted,
        head: Buffer.alloc(0),
        kind: raw.kind,
        path: raw.name,
        readError: null,
        sha256: null,
        size: raw.size,
        sm3: null,
        storedAt: raw.method === 0 ? raw.dataStart : null,
      }
      entries.push(entry)
      if (raw.kind !== 'file' || raw.encrypted || raw.overlaps) continue
      const limit = contentLimit(raw.name)
      if (limit.required && raw.size > limit.bytes) {
        containerProblems.push({code: 'ZIP_ENTRY_OVERSIZED', message: `zip 容器：${raw.name} 声明解压后 ${humanBytes(raw.size)}，超过此类文件的上限 ${humanBytes(limit.bytes)}，未读取`, path: raw.name})
        continue
      }

      const keep = raw.size <= limit.bytes
      if (raw.method === 0 && !keep && raw.dataStart !== null) {
        const start = raw.dataStart
        jobs.push(
          pool.file({crc32: true, headBytes: HEAD_BYTES, length: raw.compressedSize, path, start}).then(
            (digests) => void Object.assign(entry, {crcMatches: digests.crc32 === raw.crc32, head: digests.head, sha256: digests.sha256, size: digests.size, sm3: digests.sm3}),
            (error: Error) => void (entry.readError = error.message),
          ),
        )
        continue
      }

      if (keep && raw.size > budget.left) {
        containerProblems.push({code: 'ZIP_ENTRY_OVERSIZED', message: `zip 容器：需整读的文件合计超过 ${humanBytes(CONTENT_BUDGET)}，${raw.name} 未读取`, path: raw.name})
        continue
      }

      try {
        Object.assign(entry, await inflateEntry(zip, raw, keep, pool))
        if (entry.content) budget.left -= entry.content.length
      } catch (error) {
        if (error instanceof ZipContainerError) containerProblems.push(problemOf(error))
        else entry.readError = (error as Error).message
      }
    }

    await Promise.all(jobs)
    return {containerProblems, entries, kind: 'zip', source: path}
  } finally {
    zip.close()
  }
}

/** Inflates one entry, hashing it on a digest thread as it comes and keeping its content when the checks parse it. */
const inflateEntry = async (zip: ZipReader, raw: ZipEntry, keep: boolean, pool: DigestPool): Promise<Partial<ScannedEntry>> => {
  const digest = pool.stream({crc32: true})
  const chunks: Buffer[] = []
  let head = Buffer.alloc(0)
  for await (const chunk of zip.stream(raw)) {
    await digest.update(chunk)
    if (keep) chunks.push(chunk)
    if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)])
  }

  const {crc32, sha256, size, sm3} = await digest.final()
  return {content: keep ? Buffer.concat(chunks) : null, crcMatches: crc32 === raw.crc32, head, sha256, size, sm3}
}

const problemOf = (error: ZipContainerError): ContainerProblem => ({code: error.code, message: error.message, path: error.path})

/** Scans a bag: a regular zip file or a folder (never a symlink, FIFO or device). */
export const scanBag = async (source: string, pool: DigestPool): Promise<BagScan> =>
  requireFileOrFolder(source, '案卷') === 'directory' ? scanFolder(source, pool) : scanZip(source, pool)

/**
 * A media file as a Blob over its bytes, for parsers that only seek to the headers they need (an MP4's
 * moov box, a WAV's fmt chunk): no second pass over the data.
 */
export const entryBlob = async (scan: BagScan, entry: ScannedEntry): Promise<Blob | null> => {
  if (scan.kind === 'folder') return openAsBlob(join(scan.source, entry.path))
  if (entry.storedAt === null) return null
  const blob = await openAsBlob(scan.source)
  return blob.slice(entry.storedAt, entry.storedAt + entry.size)
}
