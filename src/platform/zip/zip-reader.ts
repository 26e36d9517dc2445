import type {Readable} from 'node:stream'

import yauzl from 'yauzl'

import {requireFileOrFolder} from '../file-kind.js'
import {humanBytes} from '../human-bytes.js'

/**
 * The one zip reader (over yauzl) for everything that opens a zip it did not just write: archive
 * verify, copy verify, archive label. A zip comes from outside and may be hostile, so it trusts none of
 * the sizes the zip declares: every read counts the bytes actually inflated and stops at the caller's
 * limit or at the declared size, whichever is smaller, and entries whose bytes overlap another entry's
 * (the trick that makes a 62 KB zip inflate to gigabytes) are refused before anything is read.
 */

export type ZipProblemCode = 'ZIP_UNREADABLE' | 'ZIP_DIRECTORY_DAMAGED' | 'ZIP_ENTRIES_OVERLAP' | 'ZIP_ENTRY_OVERSIZED'

/** A problem with the zip container itself, named by a stable code; messages start with 「zip 容器」. */
export class ZipContainerError extends Error {
  constructor(
    readonly code: ZipProblemCode,
    message: string,
    readonly path: string | null = null,
  ) {
    super(message)
    this.name = 'ZipContainerError'
  }
}

export interface ZipEntry {
  /** As the zip names it (UTF-8 flag and Info-ZIP Unicode path honoured; not normalised). */
  name: string
  kind: 'file' | 'directory' | 'symlink'
  encrypted: boolean
  /** 0 stored, 8 deflated. */
  method: number
  /** What the zip declares; reads never trust it further than as an upper bound. */
  size: number
  compressedSize: number
  crc32: number
  /** Where the entry's bytes start in the zip file; null when its local header cannot be read. */
  dataStart: number | null
  /** Shares bytes with another entry: never read. */
  overlaps: boolean
}

const S_IFMT = 0o170000
const S_IFLNK = 0o120000
const S_IFDIR = 0o040000
const FLAG_ENCRYPTED = 0x1

interface Yauzl3ZipFile extends yauzl.ZipFile {
  // readLocalFileHeader is in yauzl 3 but not in @types/yauzl 2.10.
  readLocalFileHeader: (entry: yauzl.Entry, options: {minimal: boolean}, cb: (error: Error | null, header: {fileDataStart: number}) => void) => void
}

const getFileNameLowLevel = (yauzl as unknown as {getFileNameLowLevel: (flags: number, raw: Buffer, extra: unknown[], strict: boolean) => string}).getFileNameLowLevel

const openYauzl = (source: string | Buffer): Promise<Yauzl3ZipFile> =>
  new Promise((resolve, reject) => {
    // Sizes are checked here, against bytes actually inflated, so yauzl's own check is off.
    const options = {autoClose: false, decodeStrings: false, lazyEntries: true, validateEntrySizes: false}
    const done = (error: Error | null, zip: yauzl.ZipFile) => (error ? reject(error) : resolve(zip as Yauzl3ZipFile))
    if (typeof source === 'string') yauzl.open(source, options, done)
    else yauzl.fromBuffer(source, options, done)
  })

const listRawEntries = (zip: yauzl.ZipFile): Promise<{entries: yauzl.Entry[]; error: Error | null}> =>
  new Promise((resolve) => {
    const entries: yauzl.Entry[] = []
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry)
      zip.readEntry()
    })
    zip.on('end', () => resolve({entries, error: null}))
    // Strong encryption or a damaged directory stops the listing; what was read so far is still listed.
    zip.on('error', (error: Error) => resolve({entries, error}))
    zip.readEntry()
  })

const dataStartOf = (zip: Yauzl3ZipFile, entry: yauzl.Entry): Promise<number> =>
  new Promise((resolve, reject) => {
    zip.readLocalFileHeader(entry, {minimal: true}, (error, header) => (error ? reject(error) : resolve(header.fileDataStart)))
  })

const kindOf = (raw: yauzl.Entry, name: string): ZipEntry['kind'] => {
  const mode = (raw.externalFileAttributes >>> 16) & S_IFMT
  const unixHost = raw.versionMadeBy >> 8 === 3
  if (unixHost && mode === S_IFLNK) return 'symlink'
  return name.endsWith('/') || (unixHost && mode === S_IFDIR) ? 'directory' : 'file'
}

/** Marks every entry whose bytes (local header through data) overlap another's. */
const markOverlaps = (entries: Array<{entry: ZipEntry; start: number}>): number => {
  const spans = entries
    .filter(({entry}) => entry.dataStart !== null)
    .map(({entry, start}) => ({end: (entry.dataStart as number) + entry.compressedSize, entry, start}))
    .sort((a, b) => a.start - b.start)
  let count = 0
  let furthest: (typeof spans)[number] | null = null
  for (const span of spans) {
    if (furthest && span.start < furthest.end) {
      if (!furthest.entry.overlaps) count++
      if (!span.entry.overlaps) count++
      furthest.entry.overlaps = true
      span.entry.overlaps = true
    }

    if (!furthest || span.end > furthest.end) furthest = span
  }

  return count
}

export class ZipReader {
  private constructor(
    private readonly zip: Yauzl3ZipFile,
    readonly entries: ZipEntry[],
    /** Problems with the container found while listing (damaged directory, overlapping entries). */
    readonly problems: ZipContainerError[],
    private readonly raw: Map<ZipEntry, yauzl.Entry>,
  ) {}

  /**
   * Opens a regular file (never a FIFO, device or symlink: lstat), or a zip held in memory (a .docx
   * inside a bag), and lists its entries. Throws a ZipContainerError when it is no zip at all.
   */
  static async open(source: string | Buffer): Promise<ZipReader> {
    if (typeof source === 'string') requireFileOrFolder(source, 'zip 文件', ['file'])
    let zip: Yauzl3ZipFile
    try {
      zip = await openYauzl(source)
    } catch (error) {
      throw new ZipContainerError('ZIP_UNREADABLE', `zip 容器：无法作为 zip 打开（${(error as Error).message}）`)
    }

    const listing = await listRawEntries(zip)
    const problems: ZipContainerError[] = []
    if (listing.error) problems.push(new ZipContainerError('ZIP_DIRECTORY_DAMAGED', `zip 容器：目录读取中断（${listing.error.message}）`))
    const raw = new Map<ZipEntry, yauzl.Entry>()
    const placed: Array<{entry: ZipEntry; start: number}> = []
    for (const item of listing.entries) {
      const name = getFileNameLowLevel(item.generalPurposeBitFlag, item.fileName as unknown as Buffer, item.extraFields, false)
      const entry: ZipEntry = {
        compressedSize: item.compressedSize,
        crc32: item.crc32,
        dataStart: null,
        encrypted: (item.generalPurposeBitFlag & FLAG_ENCRYPTED) !== 0,
        kind: kindOf(item, name),
        method: item.compressionMethod,
        name,
        overlaps: false,
        size: item.uncompressedSize,
      }
      try {
        entry.dataStart = await dataStartOf(zip, item)
        placed.push({entry, start: item.relativeOffsetOfLocalHeader})
      } catch {
        // Reported when the entry is read; its place is unknown, so it cannot overlap anything we read.
      }

      raw.set(entry, item)
    }

    const overlapping = markOverlaps(placed)
    if (overlapping > 0) {
      problems.push(new ZipContainerError('ZIP_ENTRIES_OVERLAP', `zip 容器：${overlapping} 个条目的数据相互重叠（zip 炸弹的手法），这些条目未读取`))
    }

    return new ZipReader(zip, [...raw.keys()], problems, raw)
  }

  /**
   * The whole content of `entry`, at most `limit` bytes actually inflated (and never more than the zip
   * declares). Throws ZipContainerError ZIP_ENTRY_OVERSIZED beyond either.
   */
  async read(entry: ZipEntry, limit: number): Promise<Buffer> {
    const chunks: Buffer[] = []
    for await (const chunk of this.stream(entry, limit)) chunks.push(chunk)
    return Buffer.concat(chunks)
  }

  /** The content of `entry` as it inflates, stopped as soon as it exceeds `limit` or the declared size. */
  async *stream(entry: ZipEntry, limit = Number.POSITIVE_INFINITY): AsyncGenerator<Buffer> {
    if (entry.overlaps) throw new ZipContainerError('ZIP_ENTRIES_OVERLAP', `zip 容器：${entry.name} 的数据与其他条目重叠，未读取`, entry.name)
    if (entry.size > limit) {
      throw new ZipContainerError('ZIP_ENTRY_OVERSIZED', `zip 容器：${entry.name} 声明解压后 ${humanBytes(entry.size)}，超过此类文件的上限 ${humanBytes(limit)}，未读取`, entry.name)
    }

    const stream = await new Promise<Readable>((resolve, reject) => {
      this.zip.openReadStream(this.raw.get(entry)!, (error, opened) => (error ? reject(error) : resolve(opened)))
    })
    let inflated = 0
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        inflated += chunk.length
        if (inflated > entry.size) {
          throw new ZipContainerError('ZIP_ENTRY_OVERSIZED', `zip 容器：${entry.name} 实际解压超过声明的 ${humanBytes(entry.size)}（zip 炸弹的手法），已停止读取`, entry.name)
        }

        yield chunk
      }
    } finally {
      stream.destroy()
    }
  }

  close(): void {
    this.zip.close()
  }
}
