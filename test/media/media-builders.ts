import jpeg from 'jpeg-js'
import {closeSync, ftruncateSync, openSync, writeSync} from 'node:fs'
import {crc32} from 'node:zlib'
import piexif from 'piexifjs'
import {PNG} from 'pngjs'

/**
 * Real small media built in memory for tests and fixtures: a JPEG with EXIF (time, offset, GPS, make,
 * model, serial), the same EXIF in a TIFF file, a PNG eXIf chunk and a HEIF container, a PNG, a WAV
 * (optionally with a Broadcast-WAV `bext` origination time) and an AMR stream, each written from the
 * values the caller passes so tests can compare what is read back.
 */

// piexifjs 1.0.6 predates EXIF 2.31: teach it the offset tags so the test can write them.
const EXIF_TAGS = (piexif as unknown as {TAGS: {Exif: Record<number, {name: string; type: string}>}}).TAGS.Exif
EXIF_TAGS[0x9010] ??= {name: 'OffsetTime', type: 'Ascii'}
EXIF_TAGS[0x9011] ??= {name: 'OffsetTimeOriginal', type: 'Ascii'}

const rational = (value: number): [number, number] => [Math.round(value * 10_000), 10_000]
const dms = (degrees: number): Array<[number, number]> => {
  const absolute = Math.abs(degrees)
  const whole = Math.floor(absolute)
  const minutes = Math.floor((absolute - whole) * 60)
  const seconds = (absolute - whole - minutes / 60) * 3600
  return [[whole, 1], [minutes, 1], rational(seconds)]
}

export interface JpegSpec {
  width: number
  height: number
  dateTimeOriginal?: string
  offsetTimeOriginal?: string
  latitude?: number
  longitude?: number
  altitude?: number
  make?: string
  model?: string
  bodySerialNumber?: string
}

const pixels = (width: number, height: number) => {
  const data = Buffer.alloc(width * height * 4)
  for (let index = 0; index < width * height; index++) {
    data[index * 4] = (index * 7) % 256
    data[index * 4 + 1] = (index * 13) % 256
    data[index * 4 + 2] = 128
    data[index * 4 + 3] = 255
  }

  return data
}

/** The EXIF block (`Exif\0\0` + TIFF structure) piexif writes for `spec`, as a binary string. */
const exifFor = (spec: JpegSpec, imageIfd: Record<number, unknown> = {}): string => {
  const zeroth: Record<number, unknown> = {...imageIfd}
  const exif: Record<number, unknown> = {}
  const gps: Record<number, unknown> = {}
  if (spec.make) zeroth[piexif.ImageIFD.Make] = spec.make
  if (spec.model) zeroth[piexif.ImageIFD.Model] = spec.model
  if (spec.dateTimeOriginal) exif[piexif.ExifIFD.DateTimeOriginal] = spec.dateTimeOriginal
  if (spec.offsetTimeOriginal) exif[0x9011] = spec.offsetTimeOriginal
  if (spec.bodySerialNumber) exif[piexif.ExifIFD.BodySerialNumber] = spec.bodySerialNumber
  exif[piexif.ExifIFD.PixelXDimension] = spec.width
  exif[piexif.ExifIFD.PixelYDimension] = spec.height
  if (spec.latitude !== undefined && spec.longitude !== undefined) {
    gps[piexif.GPSIFD.GPSLatitudeRef] = spec.latitude >= 0 ? 'N' : 'S'
    gps[piexif.GPSIFD.GPSLatitude] = dms(spec.latitude)
    gps[piexif.GPSIFD.GPSLongitudeRef] = spec.longitude >= 0 ? 'E' : 'W'
    gps[piexif.GPSIFD.GPSLongitude] = dms(spec.longitude)
    if (spec.altitude !== undefined) {
      gps[piexif.GPSIFD.GPSAltitudeRef] = 0
      gps[piexif.GPSIFD.GPSAltitude] = rational(spec.altitude)
    }
  }

  return piexif.dump({'0th': zeroth, Exif: exif, GPS: gps})
}

/** The TIFF structure inside the EXIF block: what a TIFF file, a PNG eXIf chunk and a HEIF Exif item hold. */
const tiffFor = (spec: JpegSpec, imageIfd: Record<number, unknown> = {}): Buffer => Buffer.from(exifFor(spec, imageIfd), 'binary').subarray(6)

export const buildJpeg = (spec: JpegSpec): Buffer => {
  const encoded = jpeg.encode({data: pixels(spec.width, spec.height), height: spec.height, width: spec.width}, 75).data
  return Buffer.from(piexif.insert(exifFor(spec), Buffer.from(encoded).toString('binary')), 'binary')
}

/**
 * The JPEG with its EXIF damaged: `ifd0-offset` sends the IFD0 pointer far outside the file;
 * `value-type` gives IFD0's first entry a field type TIFF does not define ("Invalid TIFF value type").
 */
export const corruptExif = (jpegBytes: Buffer, damage: 'ifd0-offset' | 'value-type' = 'ifd0-offset'): Buffer => {
  const corrupted = Buffer.from(jpegBytes)
  const tiffStart = corrupted.indexOf('Exif\0\0', 0, 'latin1') + 6
  // piexif writes big-endian ('MM') TIFF.
  if (damage === 'ifd0-offset') corrupted.writeUInt32BE(0x7fff_fff0, tiffStart + 4)
  else corrupted.writeUInt16BE(0x00ff, tiffStart + corrupted.readUInt32BE(tiffStart + 4) + 2 + 2)
  return corrupted
}

export interface TiffLayout {
  /** Image data between the header's structure and the end: a hole in the file, so it costs no disk. */
  imageDataBytes?: number
  /** Where libtiff puts it: a copy of IFD0 after the image data, the header pointing there. */
  ifd0AtEnd?: boolean
}

/**
 * A TIFF file with the EXIF of `spec` (IFD0 with size, make, model; Exif and GPS IFDs), written to
 * `path`; the image data is a sparse hole so a multi-hundred-MB scan takes a few KB of disk.
 */
export const writeTiff = (path: string, spec: JpegSpec, layout: TiffLayout = {}): void => {
  const tiff = tiffFor(spec, {[piexif.ImageIFD.ImageWidth]: spec.width, [piexif.ImageIFD.ImageLength]: spec.height})
  const file = openSync(path, 'w')
  try {
    writeSync(file, tiff, 0, tiff.length, 0)
    const end = tiff.length + (layout.imageDataBytes ?? 0)
    ftruncateSync(file, end)
    if (layout.ifd0AtEnd) {
      // Offsets in the copied entries are absolute, so they still point at the values near the start.
      const ifd0 = tiff.readUInt32BE(4)
      const entries = tiff.readUInt16BE(ifd0)
      writeSync(file, tiff, ifd0, 2 + entries * 12 + 4, end)
      const pointer = Buffer.alloc(4)
      pointer.writeUInt32BE(end)
      writeSync(file, pointer, 0, 4, 4)
    }
  } finally {
    closeSync(file)
  }
}

/** A PNG chunk: length, type, data, CRC-32 over type and data. */
const pngChunk = (type: string, data: Buffer): Buffer => {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

/** A PNG with an eXIf chunk right after IHDR (PNG third edition §11.3.3.6) holding the EXIF of `spec`. */
export const buildPngWithExif = (spec: JpegSpec): Buffer => {
  const png = buildPng(spec.width, spec.height)
  const afterIhdr = 8 + 12 + png.readUInt32BE(8)
  return Buffer.concat([png.subarray(0, afterIhdr), pngChunk('eXIf', tiffFor(spec)), png.subarray(afterIhdr)])
}

const box = (type: string, ...content: Buffer[]): Buffer => {
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + content.reduce((total, part) => total + part.length, 0))
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, ...content])
}

const fullBox = (type: string, ...content: Buffer[]): Buffer => box(type, Buffer.alloc(4), ...content)
const u16 = (value: number) => Buffer.from([value >> 8, value & 0xff])
const u32 = (value: number) => {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32BE(value)
  return bytes
}

/**
 * A HEIF still-image container (ISO/IEC 23008-12) whose one item is its EXIF: `ftyp`, `meta` (hdlr,
 * iinf with an `Exif` item, iloc pointing into mdat), then `mdat` with the image data (`imageDataBytes`
 * of filler) before the Exif item, as writers put it after the picture. No picture is coded: what is
 * under test is where the EXIF is found.
 */
export const buildHeif = (spec: JpegSpec, brand: 'heic' | 'avif', imageDataBytes = 0): Buffer => {
  const exifItem = Buffer.concat([u32(0), tiffFor(spec)])
  const ftyp = box('ftyp', Buffer.from(`${brand}\0\0\0\0mif1${brand}`, 'latin1'))
  const meta = (exifOffset: number) =>
    fullBox(
      'meta',
      fullBox('hdlr', u32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(12), Buffer.from([0])),
      fullBox('iinf', u16(1), box('infe', Buffer.from([2, 0, 0, 0]), u16(1), u16(0), Buffer.from('Exif\0', 'latin1'))),
      // version 0: offset and length 4 bytes each, no base offset; one item, one extent.
      fullBox('iloc', Buffer.from([0x44, 0x00]), u16(1), u16(1), u16(0), u16(1), u32(exifOffset), u32(exifItem.length)),
    )
  const exifOffset = ftyp.length + meta(0).length + 8 + imageDataBytes
  return Buffer.concat([ftyp, meta(exifOffset), box('mdat', Buffer.alloc(imageDataBytes, 0x5a), exifItem)])
}

export const buildPng = (width: number, height: number): Buffer => {
  const png = new PNG({height, width})
  pixels(width, height).copy(png.data)
  return PNG.sync.write(png)
}

export interface WavSpec {
  sampleRate: number
  durationSec: number
  /** Broadcast-WAV origination (recorder's local time). */
  origination?: {date: string; time: string}
}

export const buildWav = (spec: WavSpec): Buffer => {
  const samples = Math.round(spec.sampleRate * spec.durationSec)
  const data = Buffer.alloc(samples * 2)
  for (let index = 0; index < samples; index++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * index) / spec.sampleRate)), index * 2)
  const fmt = Buffer.alloc(16)
  fmt.writeUInt16LE(1, 0)
  fmt.writeUInt16LE(1, 2)
  fmt.writeUInt32LE(spec.sampleRate, 4)
  fmt.writeUInt32LE(spec.sampleRate * 2, 8)
  fmt.writeUInt16LE(2, 12)
  fmt.writeUInt16LE(16, 14)
  const chunk = (id: string, body: Buffer) => {
    const header = Buffer.alloc(8)
    header.write(id, 0, 'latin1')
    header.writeUInt32LE(body.length, 4)
    return Buffer.concat([header, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)])
  }

  const chunks = [chunk('fmt ', fmt)]
  if (spec.origination) {
    const bext = Buffer.alloc(602)
    bext.write(spec.origination.date, 320, 'latin1')
    bext.write(spec.origination.time, 330, 'latin1')
    chunks.push(chunk('bext', bext))
  }

  chunks.push(chunk('data', data))
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), ...chunks])
  const riff = Buffer.alloc(8)
  riff.write('RIFF', 0, 'latin1')
  riff.writeUInt32LE(body.length, 4)
  return Buffer.concat([riff, body])
}

/** AMR-NB storage format: `#!AMR\n` then `frames` 12.2 kbit/s frames (20 ms each). */
export const buildAmr = (frames: number): Buffer => {
  const frame = Buffer.alloc(32)
  frame[0] = (7 << 3) | 0x04
  for (let index = 1; index < 32; index++) frame[index] = (index * 31) % 256
  return Buffer.concat([Buffer.from('#!AMR\n', 'latin1'), ...Array.from({length: frames}, () => frame)])
}
