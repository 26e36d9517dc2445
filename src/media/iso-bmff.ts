import {open} from 'node:fs/promises'

import {MediaParseError} from './media-parse-error.js'

/** What the MP4/MOV/M4A/HEIC container says about itself (ISO/IEC 14496-12, QuickTime File Format). */
export interface IsoBmffInfo {
  /** `mvhd` creation_time; container times are UTC. Null when the writer left it 0. */
  creationTime: Date | null
  durationSec: number | null
  width: number | null
  height: number | null
  hasVideo: boolean
  hasAudio: boolean
  /** QuickTime `©xyz` (ISO 6709) location. */
  location: {latitude: number; longitude: number; altitude: number | null} | null
  make: string | null
  model: string | null
}

/** Seconds between 1904-01-01 (the QuickTime epoch) and 1970-01-01. */
const QUICKTIME_EPOCH_OFFSET = 2_082_844_800
/** A `moov` larger than this is not a real header; refusing it keeps memory bounded. */
const MAX_MOOV_BYTES = 64 * 1024 * 1024

interface Box {
  type: string
  /** Payload start and end, absolute within the buffer being walked. */
  start: number
  end: number
}

const childBoxes = (buffer: Buffer, start: number, end: number): Box[] => {
  const boxes: Box[] = []
  let offset = start
  while (offset + 8 <= end) {
    let size = buffer.readUInt32BE(offset)
    const type = buffer.toString('latin1', offset + 4, offset + 8)
    let header = 8
    if (size === 1) {
      if (offset + 16 > end) break
      size = Number(buffer.readBigUInt64BE(offset + 8))
      header = 16
    } else if (size === 0) {
      size = end - offset
    }

    if (size < header || offset + size > end) throw new MediaParseError('BOX_CORRUPT', `「${type}」盒子的长度超出其所在范围，文件结构损坏`)
    boxes.push({end: offset + size, start: offset + header, type})
    offset += size
  }

  return boxes
}

const find = (boxes: Box[], type: string): Box | undefined => boxes.find((box) => box.type === type)

/** `+22.5430+114.0578+10.5/` → coordinates. */
export const parseIso6709 = (text: string): IsoBmffInfo['location'] => {
  const match = /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?/.exec(text.trim())
  if (!match) return null
  return {altitude: match[3] === undefined ? null : Number(match[3]), latitude: Number(match[1]), longitude: Number(match[2])}
}

/** QuickTime user-data text atom: 16-bit length, 16-bit language, then the text. */
const userDataText = (buffer: Buffer, box: Box | undefined): string | null => {
  if (!box || box.end - box.start < 4) return null
  const length = buffer.readUInt16BE(box.start)
  const text = buffer.toString('utf8', box.start + 4, Math.min(box.end, box.start + 4 + length)).replace(/\0+$/, '')
  return text || null
}

/** 3GPP `loci` (TS 26.244): name, role, then longitude, latitude, altitude as signed 16.16 fixed point. */
const readLoci = (buffer: Buffer, box: Box | undefined): IsoBmffInfo['location'] => {
  if (!box) return null
  const nameEnd = buffer.indexOf(0, box.start + 6)
  if (nameEnd < 0 || nameEnd + 14 > box.end) return null
  const fixed = (offset: number) => buffer.readInt32BE(offset) / 65_536
  const at = nameEnd + 2
  return {altitude: fixed(at + 8), latitude: fixed(at + 4), longitude: fixed(at)}
}

const readMvhd = (buffer: Buffer, box: Box) => {
  const version = buffer.readUInt8(box.start)
  const body = box.start + 4
  const creation = version === 1 ? Number(buffer.readBigUInt64BE(body)) : buffer.readUInt32BE(body)
  const timescale = version === 1 ? buffer.readUInt32BE(body + 16) : buffer.readUInt32BE(body + 8)
  const duration = version === 1 ? Number(buffer.readBigUInt64BE(body + 20)) : buffer.readUInt32BE(body + 12)
  return {
    creationTime: creation === 0 ? null : new Date((creation - QUICKTIME_EPOCH_OFFSET) * 1000),
    durationSec: timescale > 0 && duration > 0 && duration !== 0xffffffff ? duration / timescale : null,
  }
}

/** Track width and height are the last two 16.16 fixed-point fields of `tkhd`. */
const readTkhdSize = (buffer: Buffer, box: Box) => ({
  height: Math.round(buffer.readUInt32BE(box.end - 4) / 65_536),
  width: Math.round(buffer.readUInt32BE(box.end - 8) / 65_536),
})

const readHandler = (buffer: Buffer, trak: Box): string | null => {
  const mdia = find(childBoxes(buffer, trak.start, trak.end), 'mdia')
  const hdlr = mdia && find(childBoxes(buffer, mdia.start, mdia.end), 'hdlr')
  return hdlr ? buffer.toString('latin1', hdlr.start + 8, hdlr.start + 12) : null
}

/** Positioned reads over a file, or over a stored entry inside a zip. */
export interface RandomAccessSource {
  size: number
  /** Fills `target` from `position` as far as the source goes; returns the bytes read. */
  read: (target: Buffer, position: number) => Promise<number>
}

/** Opens the file at `path`, hands `reader` positioned reads over it and closes it whatever happens. */
export const readFromFile = async <T>(path: string, reader: (source: RandomAccessSource) => Promise<T>): Promise<T> => {
  const file = await open(path, 'r')
  try {
    const {size} = await file.stat()
    return await reader({read: async (target, position) => (await file.read(target, 0, target.length, position)).bytesRead, size})
  } finally {
    await file.close()
  }
}

/** Reads the container header of the file at `path`. */
export const readIsoBmff = (path: string): Promise<IsoBmffInfo> => readFromFile(path, readIsoBmffFrom)

/**
 * Reads the container header by walking the top-level boxes with positioned reads (the media data is
 * never read). A box that runs past the end of the source means the file was truncated.
 */
export const readIsoBmffFrom = async (source: RandomAccessSource): Promise<IsoBmffInfo> => {
  const fileSize = source.size
  const header = Buffer.alloc(16)
  let offset = 0
  let moov: Buffer | null = null
  while (offset + 8 <= fileSize) {
    const bytesRead = await source.read(header, offset)
    let size = header.readUInt32BE(0)
    const type = header.toString('latin1', 4, 8)
    let headerSize = 8
    if (size === 1) {
      if (bytesRead < 16) throw new MediaParseError('MP4_TRUNCATED', '文件在盒子头部处被截断')
      size = Number(header.readBigUInt64BE(8))
      headerSize = 16
    } else if (size === 0) {
      size = fileSize - offset
    }

    if (size < headerSize) throw new MediaParseError('BOX_CORRUPT', `「${type}」盒子的长度无效，文件结构损坏`)
    if (offset + size > fileSize) {
      throw new MediaParseError('MP4_TRUNCATED', `文件被截断：「${type}」盒子应有 ${size} 字节，文件只剩 ${fileSize - offset} 字节`)
    }

    if (type === 'moov') {
      if (size > MAX_MOOV_BYTES) throw new MediaParseError('BOX_CORRUPT', '「moov」头部大得不合理，文件结构损坏')
      moov = Buffer.alloc(size - headerSize)
      await source.read(moov, offset + headerSize)
    }

    offset += size
  }

  if (offset < fileSize) {
    throw new MediaParseError('MP4_TRUNCATED', '文件末尾有不完整的盒子头部，文件被截断')
  }

  if (!moov) throw new MediaParseError('MP4_NO_MOOV', '找不到「moov」头部（录制中断或文件被截断）')
  return parseMoov(moov)
}

const parseMoov = (moov: Buffer): IsoBmffInfo => {
  const boxes = childBoxes(moov, 0, moov.length)
  const mvhd = find(boxes, 'mvhd')
  if (!mvhd) throw new MediaParseError('MP4_NO_MVHD', '「moov」中没有「mvhd」，文件结构损坏')
  const info: IsoBmffInfo = {
    ...readMvhd(moov, mvhd),
    hasAudio: false,
    hasVideo: false,
    height: null,
    location: null,
    make: null,
    model: null,
    width: null,
  }
  for (const trak of boxes.filter((box) => box.type === 'trak')) {
    const handler = readHandler(moov, trak)
    const tkhd = find(childBoxes(moov, trak.start, trak.end), 'tkhd')
    if (handler === 'soun') info.hasAudio = true
    if (handler === 'vide' && tkhd) {
      const size = readTkhdSize(moov, tkhd)
      if (size.width > 0 && size.height > 0) {
        info.hasVideo = true
        info.width ??= size.width
        info.height ??= size.height
      }
    }
  }

  const udta = find(boxes, 'udta')
  if (udta) {
    const items = childBoxes(moov, udta.start, udta.end)
    const location = userDataText(moov, find(items, '\u00a9xyz'))
    info.location = location ? parseIso6709(location) : readLoci(moov, find(items, 'loci'))
    info.make = userDataText(moov, find(items, '\u00a9mak'))
    info.model = userDataText(moov, find(items, '\u00a9mod'))
  }

  return info
}

/** A HEIF `meta` box larger than this is not a still image's header. */
const MAX_HEIF_META_BYTES = 16 * 1024 * 1024
/** An Exif item larger than this is not EXIF (a segment holds 64 KiB in a JPEG). */
const MAX_HEIF_EXIF_BYTES = 1024 * 1024
/** Top-level boxes walked looking for `meta`: a photo has a handful. */
const MAX_HEIF_TOP_LEVEL_BOXES = 4096

/** `size` bytes at `offset` as an unsigned integer (iloc fields are 0, 4 or 8 bytes wide). */
const uintOf = (buffer: Buffer, offset: number, size: number): number => (size === 8 ? Number(buffer.readBigUInt64BE(offset)) : size === 0 ? 0 : buffer.readUIntBE(offset, size))

/** The `Exif` item's ID from `iinf` (ISO/IEC 14496-12 §8.11.6; item_type needs `infe` version 2 or 3). */
const exifItemId = (meta: Buffer, iinf: Box): number | null => {
  const version = meta[iinf.start]
  const entriesStart = iinf.start + 4 + (version === 0 ? 2 : 4)
  for (const infe of childBoxes(meta, entriesStart, iinf.end).filter((child) => child.type === 'infe')) {
    const infeVersion = meta[infe.start]
    if (infeVersion < 2) continue
    const idSize = infeVersion === 3 ? 4 : 2
    if (meta.toString('latin1', infe.start + 4 + idSize + 2, infe.start + 4 + idSize + 6) === 'Exif') return meta.readUIntBE(infe.start + 4, idSize)
  }

  return null
}

/** The item's first extent as a file position and length from `iloc` (§8.11.3); null when it lives elsewhere (idat). */
const itemExtent = (meta: Buffer, iloc: Box, itemId: number): {position: number; length: number} | null => {
  const version = meta[iloc.start]
  let at = iloc.start + 4
  const offsetSize = meta[at] >> 4
  const lengthSize = meta[at] & 0x0f
  const baseOffsetSize = meta[at + 1] >> 4
  const indexSize = version === 0 ? 0 : meta[at + 1] & 0x0f
  at += 2
  const idSize = version === 2 ? 4 : 2
  const itemCount = meta.readUIntBE(at, idSize)
  at += idSize
  for (let item = 0; item < itemCount; item++) {
    const id = meta.readUIntBE(at, idSize)
    at += idSize
    const constructionMethod = version === 0 ? 0 : meta.readUInt16BE(at) & 0x0f
    if (version !== 0) at += 2
    at += 2 // data_reference_index
    const baseOffset = uintOf(meta, at, baseOffsetSize)
    at += baseOffsetSize
    const extentCount = meta.readUInt16BE(at)
    at += 2
    if (id === itemId) {
      if (constructionMethod !== 0 || extentCount === 0) return null
      return {length: uintOf(meta, at + indexSize + offsetSize, lengthSize), position: baseOffset + uintOf(meta, at + indexSize, offsetSize)}
    }

    at += extentCount * (indexSize + offsetSize + lengthSize)
  }

  return null
}

/** Where `meta` (a full box: version and flags before its children) says the Exif item is. */
const exifExtent = (meta: Buffer): {position: number; length: number} | null => {
  const children = childBoxes(meta, 4, meta.length)
  const iinf = find(children, 'iinf')
  const iloc = find(children, 'iloc')
  try {
    const itemId = iinf ? exifItemId(meta, iinf) : null
    return iloc && itemId !== null ? itemExtent(meta, iloc, itemId) : null
  } catch (error) {
    // Item entries that run past their box: the bounds check of the Buffer reads.
    if (error instanceof RangeError) throw new MediaParseError('BOX_CORRUPT', '「iinf」或「iloc」盒子的内容超出其范围，文件结构损坏')
    throw error
  }
}

/**
 * HEIC/AVIF: the TIFF structure of the `Exif` item (ISO/IEC 23008-12 Annex A: a 4-byte offset to the
 * TIFF header, then the EXIF), found through `meta`'s `iinf` and `iloc` with positioned reads: the
 * image data is not read. Null when the file has no Exif item.
 */
export const readHeifExif = async (source: RandomAccessSource): Promise<Buffer | null> => {
  const header = Buffer.alloc(16)
  let offset = 0
  for (let boxes = 0; offset + 8 <= source.size; boxes++) {
    // ftyp, meta, mdat and a few more: a file of endless tiny boxes is damaged or built to stall the walk.
    if (boxes === MAX_HEIF_TOP_LEVEL_BOXES) throw new MediaParseError('BOX_CORRUPT', `文件的顶层盒子超过 ${MAX_HEIF_TOP_LEVEL_BOXES} 个，结构不合理`)
    await source.read(header, offset)
    let size = header.readUInt32BE(0)
    let headerSize = 8
    if (size === 1) {
      size = Number(header.readBigUInt64BE(8))
      headerSize = 16
    } else if (size === 0) {
      size = source.size - offset
    }

    if (size < headerSize || offset + size > source.size) throw new MediaParseError('BOX_CORRUPT', `「${header.toString('latin1', 4, 8)}」盒子的长度超出文件范围，文件结构损坏`)
    if (header.toString('latin1', 4, 8) === 'meta') {
      if (size > MAX_HEIF_META_BYTES) throw new MediaParseError('BOX_CORRUPT', '「meta」盒子大得不合理，文件结构损坏')
      const meta = Buffer.alloc(size - headerSize)
      await source.read(meta, offset + headerSize)
      const extent = exifExtent(meta)
      if (!extent) return null
      // An extent length of 0 means "to the end of the file" (ISO/IEC 14496-12 §8.11.3.3).
      const length = extent.length === 0 ? source.size - extent.position : extent.length
      if (length > MAX_HEIF_EXIF_BYTES || extent.position + length > source.size) {
        throw new MediaParseError('EXIF_CORRUPT', 'EXIF 数据损坏，无法读取：Exif 项的位置或长度超出文件范围')
      }

      const item = Buffer.alloc(length)
      await source.read(item, extent.position)
      const tiffStart = item.length >= 4 ? 4 + item.readUInt32BE(0) : Number.POSITIVE_INFINITY
      if (tiffStart + 8 > item.length) throw new MediaParseError('EXIF_CORRUPT', 'EXIF 数据损坏，无法读取：Exif 项太短，或其中的 TIFF 头偏移超出该项')
      const tiff = item.subarray(tiffStart)
      // An Exif item that is not TIFF is damage, not an absence of EXIF: exifr would only say "unknown format".
      const byteOrder = tiff.toString('latin1', 0, 2)
      if (!((byteOrder === 'II' && tiff.readUInt16LE(2) === 42) || (byteOrder === 'MM' && tiff.readUInt16BE(2) === 42))) {
        throw new MediaParseError('EXIF_CORRUPT', 'EXIF 数据损坏，无法读取：Exif 项不是 TIFF 结构')
      }

      return tiff
    }

    offset += size
  }

  return null
}
