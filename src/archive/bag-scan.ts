import {lstatSync, openAsBlob, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Readable} from 'node:stream'

import yauzl from 'yauzl'

import {digestBytes} from '../platform/digest/digest.js'
import type {DigestPool} from '../platform/digest/digest-pool.js'
import {SNIFF_BYTES} from '../media/sniff.js'

/**
 * Reads a bag (a zip or an unzipped folder) once: every entry listed with what the container says about
 * it (encryption, symlink, compression) and hashed with SHA-256 and SM3 in a single read. Stored zip
 * entries go to the digest pool as raw byte ranges of the zip, compressed ones as the stream this thread
 * inflates; small files whose content the checks need (tag files, case.json, .docx) are read whole in
 * this thread and hashed from that same buffer.
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

export interface BagScan {
  kind: 'zip' | 'folder'
  source: string
  entries: ScannedEntry[]
  /** Problems with the container itself (unreadable zip, unsupported feature). */
  containerProblems: string[]
}

/** As many as the sniffer reads: frame-based audio and MPEG-TS are recognised by their second frame. */
const HEAD_BYTES = SNIFF_BYTES
/** Files read whole in this thread: the checks parse them, and they are small. */
const CONTENT_LIMIT = 64 * 1024 * 1024

export const wantsContent = (path: string, size: number): boolean =>
  size <= CONTENT_LIMIT && (!path.startsWith('data/') || /\.(docx|json)$/i.test(path))

// ---------- folder ----------

const scanFolder = async (root: string, pool: DigestPool): Promise<BagScan> => {
  const entries: ScannedEntry[] = []
  const jobs: Array<Promise<void>> = []
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
        if (wantsContent(path, stat.size)) {
          const content = readFileSync(absolute)
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
  return {containerProblems: [], entries, kind: 'folder', source: root}
}

// ---------- zip ----------

const S_IFMT = 0o170000
const S_IFLNK = 0o120000
const S_IFDIR = 0o040000

const openZip = (path: string): Promise<yauzl.ZipFile> =>
  new Promise((resolve, reject) => {
    yauzl.open(path, {autoClose: false, decodeStrings: false, lazyEntries: true, validateEntrySizes: false}, (error, zip) => (error ? reject(error) : resolve(zip)))
  })

const readEntries = (zip: yauzl.ZipFile): Promise<{entries: yauzl.Entry[]; error: Error | null}> =>
  new Promise((resolve) => {
    const entries: yauzl.Entry[] = []
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry)
      zip.readEntry()
    })
    zip.on('end', () => resolve({entries, error: null}))
    // Strong encryption or a damaged directory stops the listing; what was read so far is still checked.
    zip.on('error', (error: Error) => resolve({entries, error}))
    zip.readEntry()
  })

const localDataStart = (zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<number> =>
  new Promise((resolve, reject) => {
    // readLocalFileHeader is in yauzl 3 but not in @types/yauzl 2.10.
    ;(zip as unknown as {readLocalFileHeader: (entry: yauzl.Entry, options: {minimal: boolean}, cb: (error: Error | null, header: {fileDataStart: number}) => void) => void}).readLocalFileHeader(
      entry,
      {minimal: true},
      (error, header) => (error ? reject(error) : resolve(header.fileDataStart)),
    )
  })

const openEntryStream = (zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> =>
  new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)))
  })

const entryName = (entry: yauzl.Entry): string => {
  const raw = entry.fileName as unknown as Buffer
  // getFileNameLowLevel honours the UTF-8 flag and the Info-ZIP Unicode path field; not in the typings.
  return (yauzl as unknown as {getFileNameLowLevel: (flags: number, raw: Buffer, extra: unknown[], strict: boolean) => string}).getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    raw,
    entry.extraFields,
    false,
  )
}

const scanZip = async (path: string, pool: DigestPool): Promise<BagScan> => {
  let zip: yauzl.ZipFile
  try {
    zip = await openZip(path)
  } catch (error) {
    return {containerProblems: [`无法作为 zip 打开：${(error as Error).message}`], entries: [], kind: 'zip', source: path}
  }

  try {
    const listing = await readEntries(zip)
    const containerProblems = listing.error ? [`zip 目录读取中断：${listing.error.message}`] : []
    const jobs = listing.entries.map(async (raw): Promise<ScannedEntry> => {
      const name = entryName(raw)
      const mode = (raw.externalFileAttributes >>> 16) & S_IFMT
      const unixHost = raw.versionMadeBy >> 8 === 3
      const kind: ScannedEntry['kind'] =
        unixHost && mode === S_IFLNK ? 'symlink' : name.endsWith('/') || (unixHost && mode === S_IFDIR) ? 'directory' : 'file'
      const entry: ScannedEntry = {
        content: null,
        crcMatches: null,
        encrypted: (raw.generalPurposeBitFlag & 0x1) !== 0,
        head: Buffer.alloc(0),
        kind,
        path: name,
        readError: null,
        sha256: null,
        size: raw.uncompressedSize,
        sm3: null,
        storedAt: null,
      }
      if (kind !== 'file' || entry.encrypted) return entry
      try {
        if (raw.compressionMethod === 0 && !wantsContent(name, raw.uncompressedSize)) {
          const start = await localDataStart(zip, raw)
          const digests = await pool.file({crc32: true, headBytes: HEAD_BYTES, length: raw.compressedSize, path, start})
          return {...entry, crcMatches: digests.crc32 === raw.crc32, head: digests.head, sha256: digests.sha256, size: digests.size, sm3: digests.sm3, storedAt: start}
        }

        const stream = await openEntryStream(zip, raw)
        const digest = pool.stream({crc32: true})
        const keep = wantsContent(name, raw.uncompressedSize)
        const chunks: Buffer[] = []
        let head = Buffer.alloc(0)
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          await digest.update(chunk)
          if (keep) chunks.push(chunk)
          if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)])
        }

        const {crc32, sha256, size, sm3} = await digest.final()
        return {
          ...entry,
          content: keep ? Buffer.concat(chunks) : null,
          crcMatches: crc32 === raw.crc32,
          head,
          sha256,
          size,
          sm3,
          storedAt: raw.compressionMethod === 0 ? await localDataStart(zip, raw) : null,
        }
      } catch (error) {
        return {...entry, readError: (error as Error).message}
      }
    })
    return {containerProblems, entries: await Promise.all(jobs), kind: 'zip', source: path}
  } finally {
    zip.close()
  }
}

export const scanBag = async (source: string, pool: DigestPool): Promise<BagScan> =>
  lstatSync(source).isDirectory() ? scanFolder(source, pool) : scanZip(source, pool)

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
