import {type RandomAccessSource, readFromFile, readHeifExif} from './iso-bmff.js'
import {MediaParseError} from './media-parse-error.js'

/*
 * A photo's header is read with a file handle we open and close ourselves, and exifr is handed the
 * bytes, never the path: a corrupt EXIF that makes exifr throw cannot leave a descriptor behind for
 * the garbage collector (a warning on the user's terminal today, an error in a future Node). Each
 * format gives exifr only the part that holds its metadata, decided per format below, so importing
 * a card of photos does not read every photo whole a second time.
 */

/** What a photo's own structure gives the metadata reader. */
export interface PhotoHeader {
  /** The bytes exifr parses; null for a format exifr 7 has no parser for (WebP). */
  exifBytes: Buffer | null
  /** Pixel size from the image's own header (JPEG SOFn, PNG IHDR), which EXIF copies may contradict. */
  size: {width: number; height: number} | null
  /** A broken image structure, raised by the caller after the EXIF so corrupt EXIF is reported first. */
  structureProblem: MediaParseError | null
}

/** Up to `length` bytes from `position`: fewer at the end of the source. */
const readAt = async (source: RandomAccessSource, position: number, length: number): Promise<Buffer> => {
  const bytes = Buffer.alloc(Math.max(0, Math.min(length, source.size - position)))
  const bytesRead = bytes.length > 0 ? await source.read(bytes, position) : 0
  return bytes.subarray(0, bytesRead)
}

const JPEG_END_OF_IMAGE = Buffer.from([0xff, 0xd9])
/** Where a JPEG's end-of-image marker sits when nothing follows it: the last bytes. */
const JPEG_END_BYTES = 4 * 1024
/** How far from the end it may sit before a camera's trailer. */
const JPEG_TRAILER_BYTES = 256 * 1024
/**
 * Exif puts its APP1 segment right after SOI (CIPA DC-008 §4.5.4), after a JFIF APP0 at most, and a
 * segment holds at most 64 KiB: 1 MiB of segments before the image data is far more than a photo's
 * metadata, and exifr itself gave up after five 64 KiB chunks when it read the file.
 */
const JPEG_METADATA_LIMIT = 1024 * 1024
/**
 * A camera writes a few dozen segments before the image data (a large ICC profile or extended XMP a
 * few hundred at most); a file that keeps going is damaged or built to make the walk endless.
 */
const JPEG_SEGMENT_LIMIT = 4096

/**
 * JPEG: the segments before the scan data (SOS), where the APPn metadata and the frame header are,
 * walked marker by marker; then one read of those segments for exifr. The image data is not read.
 */
const readJpegHeader = async (source: RandomAccessSource): Promise<PhotoHeader> => {
  const marker = Buffer.alloc(9)
  let size: PhotoHeader['size'] = null
  let structureProblem: MediaParseError | null = null
  /** End of the last whole segment within the limit: exifr never meets a segment cut in two. */
  let metadataEnd = 2
  let offset = 2
  for (let segments = 0; offset + 4 <= source.size; segments++) {
    if (segments === JPEG_SEGMENT_LIMIT) {
      structureProblem ??= new MediaParseError('JPEG_CORRUPT', `JPEG 文件在图像数据之前有超过 ${JPEG_SEGMENT_LIMIT} 个段，结构不合理`)
      break
    }

    const bytesRead = await source.read(marker, offset)
    if (marker[0] !== 0xff) {
      if (!size) structureProblem = new MediaParseError('JPEG_CORRUPT', `JPEG 文件结构损坏（偏移 ${offset} 处不是标记）`)
      break
    }

    const type = marker[1]
    if (type === 0xff) {
      offset++
      continue
    }

    if (type === 0xda || type === 0xd9) break
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (!size && type >= 0xc0 && type <= 0xcf && type !== 0xc4 && type !== 0xc8 && type !== 0xcc && bytesRead === 9) {
      size = {height: marker.readUInt16BE(5), width: marker.readUInt16BE(7)}
    }

    // A segment's length counts its own two bytes: less is no segment, and the walk would not advance.
    if (marker.readUInt16BE(2) < 2) {
      structureProblem ??= new MediaParseError('JPEG_CORRUPT', `JPEG 文件结构损坏（偏移 ${offset} 处的段长度无效）`)
      break
    }

    const end = offset + 2 + marker.readUInt16BE(2)
    if (end > JPEG_METADATA_LIMIT && size) break
    if (end <= JPEG_METADATA_LIMIT) metadataEnd = end
    offset = end
  }

  if (!size && !structureProblem) structureProblem = new MediaParseError('JPEG_CORRUPT', 'JPEG 文件中找不到图像尺寸（SOF 段），文件不完整或已损坏')
  // A recording cut off (card pulled, battery died) loses the end-of-image marker; cameras may append
  // a trailer after it (preview images, maker data), so it is looked for near the end, not at it:
  // the last few KiB first, where it almost always is, then the trailer's reach.
  const endsWithin = async (bytes: number) => (await readAt(source, Math.max(0, source.size - bytes), bytes)).includes(JPEG_END_OF_IMAGE)
  if (!(await endsWithin(JPEG_END_BYTES)) && !(await endsWithin(JPEG_TRAILER_BYTES))) structureProblem = new MediaParseError('JPEG_TRUNCATED', 'JPEG 文件不完整：找不到图像结束标记（FFD9），文件可能被截断')
  // With the next marker's two bytes: exifr takes a segment as readable only when bytes follow it.
  return {exifBytes: await readAt(source, 0, metadataEnd + 2), size, structureProblem}
}

/** Metadata chunks (eXIf, iCCP, tEXt …) before the image data; past this it is not a photo's header. */
const PNG_METADATA_LIMIT = 4 * 1024 * 1024
const PNG_SIGNATURE_BYTES = 8

/**
 * PNG: the chunks before the first IDAT, walked header by header. eXIf belongs there (PNG third
 * edition §11.3.3.6); exifr, handed the file's path, looked only at chunks starting in the first 512 bytes.
 */
const readPngHeader = async (source: RandomAccessSource): Promise<PhotoHeader> => {
  const header = Buffer.alloc(8)
  let offset = PNG_SIGNATURE_BYTES
  let structureProblem: MediaParseError | null = null
  while (offset + 8 <= source.size) {
    await source.read(header, offset)
    const type = header.toString('latin1', 4, 8)
    const end = offset + 12 + header.readUInt32BE(0)
    if (offset === PNG_SIGNATURE_BYTES && type !== 'IHDR') {
      structureProblem = new MediaParseError('PNG_CORRUPT', `PNG 文件结构损坏：第一个块是「${type}」而不是 IHDR`)
      break
    }

    if (type === 'IDAT') break
    // A chunk running past the end of the file: cut off, or a length that was never written by a camera.
    if (end > source.size) {
      structureProblem = new MediaParseError('PNG_CORRUPT', `PNG 文件结构损坏：「${type}」块的长度超出文件范围，文件可能被截断`)
      break
    }

    if (end > PNG_METADATA_LIMIT) break
    offset = end
  }

  if (offset === PNG_SIGNATURE_BYTES && !structureProblem) structureProblem = new MediaParseError('PNG_CORRUPT', 'PNG 文件结构损坏：没有 IHDR 块，文件不完整')
  const exifBytes = await readAt(source, 0, offset)
  // IHDR is the first chunk: width and height right after the signature and its length and type.
  const size = structureProblem === null && exifBytes.length >= 24 ? {height: exifBytes.readUInt32BE(20), width: exifBytes.readUInt32BE(16)} : null
  return {exifBytes, size, structureProblem}
}

/** TIFF field types (TIFF 6.0 §2, plus 13 = IFD from TIFF Technical Note 1) → bytes per value. */
const TIFF_TYPE_BYTES: Readonly<Record<number, number>> = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
/**
 * The pointers exifr follows: IFD0's to the Exif and GPS IFDs, and the Exif IFD's to the Interoperability
 * IFD. Each is copied and rewritten; one left with its file offset would send exifr into the wrong bytes.
 */
const TIFF_SUB_IFD_TAGS = new Set([0x87_69, 0x88_25, 0xa0_05])
/** IFD0 → Exif → Interoperability: deeper pointers (or an IFD pointing at itself) are not followed. */
const TIFF_IFD_DEPTH = 2
/** A value larger than this is an image's strip table or an embedded profile, not metadata we read. */
const TIFF_VALUE_LIMIT = 1024 * 1024
/** IFD0, Exif and GPS IFDs with their values: a camera writes a few KB. */
const TIFF_METADATA_LIMIT = 16 * 1024 * 1024
const TIFF_CLASSIC_MAGIC = 42

const tiffCorrupt = (detail: string) => new MediaParseError('EXIF_CORRUPT', `EXIF 数据损坏，无法读取：${detail}`)

/**
 * TIFF: the IFDs may sit anywhere (libtiff writes them after the image data), so neither a head nor
 * a tail is enough, and a scan may be hundreds of MB. IFD0, its Exif and GPS IFDs and the values
 * they point to are copied into a small TIFF of their own, offsets rewritten, for exifr to parse.
 * The next-IFD pointer is cleared: exifr reads the thumbnail IFD only when outputs are not merged.
 */
const readTiffHeader = async (source: RandomAccessSource): Promise<PhotoHeader> => {
  const header = Buffer.from(await readAt(source, 0, 8))
  if (header.length < 8) throw tiffCorrupt('TIFF 文件头不完整')
  const littleEndian = header[0] === 0x49
  const u16 = (bytes: Buffer, at: number) => (littleEndian ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at))
  const u32 = (bytes: Buffer, at: number) => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at))
  const setU32 = (bytes: Buffer, at: number, value: number) => (littleEndian ? bytes.writeUInt32LE(value, at) : bytes.writeUInt32BE(value, at))
  // BigTIFF (43) has 64-bit offsets, which exifr does not parse: no tags, as before.
  if (u16(header, 2) !== TIFF_CLASSIC_MAGIC) return {exifBytes: null, size: null, structureProblem: null}

  const parts: Buffer[] = [header]
  let length = header.length
  const append = (bytes: Buffer): number => {
    // Entries may point at the same bytes again and again: the copy, not the file, is bounded.
    if (length + bytes.length > TIFF_METADATA_LIMIT) throw tiffCorrupt(`IFD 及其值超过 ${TIFF_METADATA_LIMIT / 1024 / 1024} MiB，大得不合理`)
    parts.push(bytes)
    length += bytes.length
    return length - bytes.length
  }

  const copyIfd = async (offset: number, depth: number): Promise<number> => {
    if (offset < 8 || offset + 2 > source.size) throw tiffCorrupt(`IFD 偏移 ${offset} 超出文件范围（${source.size} 字节）`)
    const entries = u16(await readAt(source, offset, 2), 0)
    const table = await readAt(source, offset, 2 + entries * 12)
    if (table.length < 2 + entries * 12) throw tiffCorrupt(`偏移 ${offset} 处的 IFD 超出文件范围`)
    const ifd = Buffer.concat([table, Buffer.alloc(4)])
    const at = append(ifd)
    for (let entry = 2; entry < 2 + entries * 12; entry += 12) {
      const unit = TIFF_TYPE_BYTES[u16(ifd, entry + 2)]
      // An unknown type is left as written: exifr judges it (and fails on it) as before.
      if (!unit) continue
      const valueOffset = u32(ifd, entry + 8)
      if (TIFF_SUB_IFD_TAGS.has(u16(ifd, entry))) {
        // Too deep to be a camera's: emptied (no values) rather than left aiming into the original file.
        if (depth < TIFF_IFD_DEPTH) setU32(ifd, entry + 8, await copyIfd(valueOffset, depth + 1))
        else setU32(ifd, entry + 4, 0)
        continue
      }

      const valueBytes = unit * u32(ifd, entry + 4)
      if (valueBytes <= 4) continue
      if (valueBytes > TIFF_VALUE_LIMIT) {
        setU32(ifd, entry + 4, 0)
        continue
      }

      if (valueOffset + valueBytes > source.size) throw tiffCorrupt(`标签 ${u16(ifd, entry).toString(16)} 的值超出文件范围`)
      setU32(ifd, entry + 8, append(await readAt(source, valueOffset, valueBytes)))
    }

    return at
  }

  setU32(header, 4, await copyIfd(u32(header, 4), 0))
  return {exifBytes: Buffer.concat(parts, length), size: null, structureProblem: null}
}

/** HEIC/AVIF: exifr gets the Exif item's TIFF structure, found and read by the ISO BMFF reader. */
const readHeifHeader = async (source: RandomAccessSource): Promise<PhotoHeader> => ({exifBytes: await readHeifExif(source), size: null, structureProblem: null})

/** WebP is missing: exifr 7 has no parser for it (it said "Unknown file format" when given the path). */
const READERS: Readonly<Record<string, (source: RandomAccessSource) => Promise<PhotoHeader>>> = {
  avif: readHeifHeader,
  heic: readHeifHeader,
  jpeg: readJpegHeader,
  png: readPngHeader,
  tiff: readTiffHeader,
}

/** Reads the photo's header with our own handle, closed whatever happens. */
export const readPhotoHeader = async (path: string, format: string | null): Promise<PhotoHeader> => {
  const reader = format ? READERS[format] : undefined
  return reader ? readFromFile(path, reader) : {exifBytes: null, size: null, structureProblem: null}
}
