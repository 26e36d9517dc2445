import jpeg from 'jpeg-js'
import piexif from 'piexifjs'
import {PNG} from 'pngjs'

/**
 * Real small media built in memory for tests and fixtures: a JPEG with EXIF (time, offset, GPS, make,
 * model, serial), a PNG, a WAV (optionally with a Broadcast-WAV `bext` origination time) and an AMR
 * stream, each written from the values the caller passes so tests can compare what is read back.
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

export const buildJpeg = (spec: JpegSpec): Buffer => {
  const encoded = jpeg.encode({data: pixels(spec.width, spec.height), height: spec.height, width: spec.width}, 75).data
  const zeroth: Record<number, unknown> = {}
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

  const exifBytes = piexif.dump({'0th': zeroth, Exif: exif, GPS: gps})
  return Buffer.from(piexif.insert(exifBytes, Buffer.from(encoded).toString('binary')), 'binary')
}

/** The JPEG with its EXIF segment's IFD0 pointer sent far outside the file: the segment is there but unreadable. */
export const corruptExif = (jpegBytes: Buffer): Buffer => {
  const corrupted = Buffer.from(jpegBytes)
  const tiffStart = corrupted.indexOf('Exif\0\0', 0, 'latin1') + 6
  corrupted.writeUInt32BE(0x7fff_fff0, tiffStart + 4)
  return corrupted
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
