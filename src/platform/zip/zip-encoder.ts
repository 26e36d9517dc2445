import {crc32, deflateRawSync} from 'node:zlib'

/**
 * Encodes a zip as one stream of bytes in order, for the caller to write and hash as they come. A
 * stored entry's header needs its size and CRC-32 before its bytes, so no data descriptors are needed
 * and every reader (unzip, yauzl, 7-Zip, Windows, Java's ZipInputStream) sees plain entries.
 * UTF-8 names (flag bit 11); zip64 fields wherever a size, offset or count needs them.
 */

const LOCAL_HEADER = 0x04034b50
const CENTRAL_HEADER = 0x02014b50
const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50
const ZIP64_LOCATOR = 0x07064b50
const FLAG_UTF8 = 0x0800
const METHOD_STORED = 0
const METHOD_DEFLATED = 8
const MAX_32 = 0xffffffff
const MAX_16 = 0xffff
/** Version made by: Unix (3), spec 6.3, so external attributes carry a Unix file mode. */
const VERSION_MADE_BY = (3 << 8) | 63
const REGULAR_FILE_MODE = 0o100644

export interface ZipEntryRecord {
  name: string
  nameBytes: Buffer
  method: number
  crc32: number
  compressedSize: number
  size: number
  headerOffset: number
  dataOffset: number
}

const needsZip64Sizes = (size: number): boolean => size >= MAX_32

const zip64LocalExtra = (size: number, compressedSize: number): Buffer => {
  const extra = Buffer.alloc(20)
  extra.writeUInt16LE(0x0001, 0)
  extra.writeUInt16LE(16, 2)
  extra.writeBigUInt64LE(BigInt(size), 4)
  extra.writeBigUInt64LE(BigInt(compressedSize), 12)
  return extra
}

const localHeaderLength = (nameBytes: Buffer, size: number): number => 30 + nameBytes.length + (needsZip64Sizes(size) ? 20 : 0)

/** MS-DOS date and time of `at` read in the given UTC offset (zip has no time zone). */
export const dosDateTime = (at: Date, offsetMinutes: number): {date: number; time: number} => {
  const local = new Date(at.getTime() + offsetMinutes * 60_000)
  const year = Math.max(1980, local.getUTCFullYear())
  return {
    date: ((year - 1980) << 9) | ((local.getUTCMonth() + 1) << 5) | local.getUTCDate(),
    time: (local.getUTCHours() << 11) | (local.getUTCMinutes() << 5) | Math.floor(local.getUTCSeconds() / 2),
  }
}

export class ZipEncoder {
  /** Bytes encoded so far: where the next entry starts. */
  position = 0
  readonly entries: ZipEntryRecord[] = []
  private readonly stamp: {date: number; time: number}

  constructor(modified: Date, offsetMinutes = 480) {
    this.stamp = dosDateTime(modified, offsetMinutes)
  }

  /** The local header of a stored entry; the caller writes its `size` bytes right after it. */
  storedHeader(name: string, size: number, crc: number): Buffer {
    const nameBytes = Buffer.from(name, 'utf8')
    const record: ZipEntryRecord = {
      compressedSize: size,
      crc32: crc >>> 0,
      dataOffset: this.position + localHeaderLength(nameBytes, size),
      headerOffset: this.position,
      method: METHOD_STORED,
      name,
      nameBytes,
      size,
    }
    this.entries.push(record)
    this.position = record.dataOffset + size
    return this.localHeader(record)
  }

  /**
   * Fills in the CRC-32 of the last stored entry, for a writer that could only know it once the bytes
   * had gone by (its file is seekable): the bytes to write at `offset`, inside that entry's local
   * header. The central directory carries it too, so no data descriptor is ever needed.
   */
  completeCrc(crc: number): {offset: number; bytes: Buffer} {
    const entry = this.entries.at(-1)!
    entry.crc32 = crc >>> 0
    const bytes = Buffer.alloc(4)
    bytes.writeUInt32LE(entry.crc32)
    return {bytes, offset: entry.headerOffset + 14}
  }

  /** A whole in-memory entry (stored or deflated): its header and its data. */
  entry(name: string, content: Buffer, deflate: boolean): Buffer {
    const data = deflate ? deflateRawSync(content, {level: 6}) : content
    const nameBytes = Buffer.from(name, 'utf8')
    const record: ZipEntryRecord = {
      compressedSize: data.length,
      crc32: crc32(content) >>> 0,
      dataOffset: this.position + localHeaderLength(nameBytes, Math.max(content.length, data.length)),
      headerOffset: this.position,
      method: deflate ? METHOD_DEFLATED : METHOD_STORED,
      name,
      nameBytes,
      size: content.length,
    }
    this.entries.push(record)
    this.position = record.dataOffset + data.length
    return Buffer.concat([this.localHeader(record), data])
  }

  /** The central directory and end records, which close the zip. */
  finish(): Buffer {
    const centralStart = this.position
    const central = Buffer.concat(this.entries.map((entry) => this.centralHeader(entry)))
    const centralEnd = centralStart + central.length
    const parts: Buffer[] = [central]
    const zip64 = this.entries.length >= MAX_16 || centralStart >= MAX_32 || central.length >= MAX_32
    if (zip64) {
      const record = Buffer.alloc(56)
      record.writeUInt32LE(ZIP64_END_OF_CENTRAL_DIRECTORY, 0)
      record.writeBigUInt64LE(44n, 4)
      record.writeUInt16LE(VERSION_MADE_BY, 12)
      record.writeUInt16LE(45, 14)
      record.writeBigUInt64LE(BigInt(this.entries.length), 24)
      record.writeBigUInt64LE(BigInt(this.entries.length), 32)
      record.writeBigUInt64LE(BigInt(central.length), 40)
      record.writeBigUInt64LE(BigInt(centralStart), 48)
      const locator = Buffer.alloc(20)
      locator.writeUInt32LE(ZIP64_LOCATOR, 0)
      locator.writeBigUInt64LE(BigInt(centralEnd), 8)
      locator.writeUInt32LE(1, 16)
      parts.push(record, locator)
    }

    const end = Buffer.alloc(22)
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0)
    end.writeUInt16LE(Math.min(this.entries.length, MAX_16), 8)
    end.writeUInt16LE(Math.min(this.entries.length, MAX_16), 10)
    end.writeUInt32LE(Math.min(central.length, MAX_32), 12)
    end.writeUInt32LE(Math.min(centralStart, MAX_32), 16)
    parts.push(end)
    const tail = Buffer.concat(parts)
    this.position += tail.length
    return tail
  }

  private localHeader(entry: ZipEntryRecord): Buffer {
    const zip64 = needsZip64Sizes(Math.max(entry.size, entry.compressedSize))
    const header = Buffer.alloc(30)
    header.writeUInt32LE(LOCAL_HEADER, 0)
    header.writeUInt16LE(zip64 ? 45 : 20, 4)
    header.writeUInt16LE(FLAG_UTF8, 6)
    header.writeUInt16LE(entry.method, 8)
    header.writeUInt16LE(this.stamp.time, 10)
    header.writeUInt16LE(this.stamp.date, 12)
    header.writeUInt32LE(entry.crc32, 14)
    header.writeUInt32LE(zip64 ? MAX_32 : entry.compressedSize, 18)
    header.writeUInt32LE(zip64 ? MAX_32 : entry.size, 22)
    header.writeUInt16LE(entry.nameBytes.length, 26)
    header.writeUInt16LE(zip64 ? 20 : 0, 28)
    return Buffer.concat([header, entry.nameBytes, ...(zip64 ? [zip64LocalExtra(entry.size, entry.compressedSize)] : [])])
  }

  private centralHeader(entry: ZipEntryRecord): Buffer {
    const extraFields: Buffer[] = []
    if (entry.size >= MAX_32) extraFields.push(uint64(entry.size))
    if (entry.compressedSize >= MAX_32) extraFields.push(uint64(entry.compressedSize))
    if (entry.headerOffset >= MAX_32) extraFields.push(uint64(entry.headerOffset))
    let extra = Buffer.alloc(0)
    if (extraFields.length > 0) {
      const body = Buffer.concat(extraFields)
      const head = Buffer.alloc(4)
      head.writeUInt16LE(0x0001, 0)
      head.writeUInt16LE(body.length, 2)
      extra = Buffer.concat([head, body])
    }

    const header = Buffer.alloc(46)
    header.writeUInt32LE(CENTRAL_HEADER, 0)
    header.writeUInt16LE(VERSION_MADE_BY, 4)
    header.writeUInt16LE(extraFields.length > 0 ? 45 : 20, 6)
    header.writeUInt16LE(FLAG_UTF8, 8)
    header.writeUInt16LE(entry.method, 10)
    header.writeUInt16LE(this.stamp.time, 12)
    header.writeUInt16LE(this.stamp.date, 14)
    header.writeUInt32LE(entry.crc32, 16)
    header.writeUInt32LE(Math.min(entry.compressedSize, MAX_32), 20)
    header.writeUInt32LE(Math.min(entry.size, MAX_32), 24)
    header.writeUInt16LE(entry.nameBytes.length, 28)
    header.writeUInt16LE(extra.length, 30)
    header.writeUInt32LE((REGULAR_FILE_MODE << 16) >>> 0, 38)
    header.writeUInt32LE(Math.min(entry.headerOffset, MAX_32), 42)
    return Buffer.concat([header, entry.nameBytes, extra])
  }
}

const uint64 = (value: number): Buffer => {
  const bytes = Buffer.alloc(8)
  bytes.writeBigUInt64LE(BigInt(value))
  return bytes
}
