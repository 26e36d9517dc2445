import {execFileSync} from 'node:child_process'
import {closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {readEmbeddedMetadata} from '../../src/media/metadata.js'
import {readPhotoHeader} from '../../src/media/photo-headers.js'
import {compileNamePatterns, DEFAULT_NAME_PATTERNS, matchName} from '../../src/media/name-patterns.js'
import {SNIFF_BYTES, sniffFormat} from '../../src/media/sniff.js'
import {FIXTURES_DIR, MEDIA_FIXTURES} from './fixture-spec.js'
import {buildAmr, buildHeif, buildJpeg, buildPng, buildPngWithExif, buildWav, corruptExif, writeTiff} from './media-builders.js'
import {makeTempDir} from '../helpers/workspace-builder.js'

const dir = makeTempDir()
const write = (name: string, content: Buffer) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** The file's first bytes, as the import sniffs them (a sparse 300 MB scan is not read whole). */
const headOf = (path: string) => {
  const file = openSync(path, 'r')
  try {
    const head = Buffer.alloc(SNIFF_BYTES)
    return head.subarray(0, readSync(file, head, 0, SNIFF_BYTES, 0))
  } finally {
    closeSync(file)
  }
}

const read = (path: string, timezone = '+08:00') => readEmbeddedMetadata(path, sniffFormat(headOf(path)), timezone)
const fixture = (name: string) => join(FIXTURES_DIR, name)

/** The ID3v2 tag's size is a 28-bit syncsafe integer after its 10-byte header. */
const withoutId3 = (mp3: Buffer): Buffer => mp3.subarray(10 + ((mp3[6] << 21) | (mp3[7] << 14) | (mp3[8] << 7) | mp3[9]))

describe('kind from the bytes, not the extension', () => {
  it.each([
    {expected: {format: 'jpeg', kind: 'photo'}, make: () => buildJpeg({height: 8, width: 8}), name: 'looks-like.mp4'},
    {expected: {format: 'png', kind: 'photo'}, make: () => buildPng(4, 4), name: 'image.dat'},
    {expected: {format: 'wav', kind: 'audio'}, make: () => buildWav({durationSec: 0.1, sampleRate: 8000}), name: 'a.jpg'},
    {expected: {format: 'amr', kind: 'audio'}, make: () => buildAmr(3), name: 'x.bin'},
    {expected: {format: 'mp4', kind: 'video'}, make: () => readFileSync(fixture(MEDIA_FIXTURES.mp4.file)), name: 'renamed.jpg'},
    {expected: {format: 'mov', kind: 'video'}, make: () => readFileSync(fixture(MEDIA_FIXTURES.mov.file)), name: 'renamed.txt'},
    {expected: {format: 'mp3', kind: 'audio'}, make: () => readFileSync(fixture(MEDIA_FIXTURES.mp3.file)), name: 'song'},
    {expected: {format: 'm4a', kind: 'audio'}, make: () => readFileSync(fixture(MEDIA_FIXTURES.m4a.file)), name: 'voice.mp4'},
    {expected: {format: 'mp3', kind: 'audio'}, make: () => withoutId3(readFileSync(fixture(MEDIA_FIXTURES.mp3.file))), name: 'bare-frames.bin'},
    // One frame header by chance (random data does this about once in 2,000 files) is not an MP3.
    {expected: {format: null, kind: 'other'}, make: () => Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x00]), Buffer.alloc(4000, 0x11)]), name: 'noise.mp3'},
    {expected: {format: 'pdf', kind: 'document'}, make: () => Buffer.from('%PDF-1.7\n%...'), name: 'report.jpg'},
    {expected: {format: 'heic', kind: 'photo'}, make: () => Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'), name: 'IMG.JPG'},
    {expected: {format: null, kind: 'other'}, make: () => Buffer.from('just some text'), name: 'notes.mp4'},
  ])('$name is $expected.kind ($expected.format)', ({expected, make, name}) => {
    const path = write(name, make())
    expect(sniffFormat(readFileSync(path).subarray(0, 4096))).toEqual(expected)
  })
})

const PHOTO_SPEC = {
  altitude: 58.5,
  bodySerialNumber: 'SN-2026-7',
  dateTimeOriginal: '2026:03:02 09:30:15',
  height: 48,
  latitude: 26.8917,
  longitude: 112.62,
  make: 'Hikvision',
  model: 'DSJ-A8',
  offsetTimeOriginal: '+07:00',
  width: 64,
}

/** A scan's worth of image data: the file is sparse, so this costs no disk. */
const SCAN_BYTES = 300 * 1024 * 1024

/** The descriptors this process holds open on `path` (Linux). */
const descriptorsOn = (path: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path
    } catch {
      return false // the directory's own descriptor, gone by the time it is read
    }
  })

describe('photo metadata (exifr)', () => {
  it.each([
    {format: 'jpeg', name: 'photo.jpg', place: (path: string) => writeFileSync(path, buildJpeg(PHOTO_SPEC))},
    {format: 'png', name: 'photo.png', place: (path: string) => writeFileSync(path, buildPngWithExif(PHOTO_SPEC))},
    {format: 'tiff', name: 'photo.tif', place: (path: string) => writeTiff(path, PHOTO_SPEC)},
    {format: 'tiff', name: 'scan-ifd-last.tif', place: (path: string) => writeTiff(path, PHOTO_SPEC, {ifd0AtEnd: true, imageDataBytes: SCAN_BYTES})},
    {format: 'heic', name: 'photo.heic', place: (path: string) => writeFileSync(path, buildHeif(PHOTO_SPEC, 'heic', 200_000))},
    {format: 'avif', name: 'photo.avif', place: (path: string) => writeFileSync(path, buildHeif(PHOTO_SPEC, 'avif'))},
  ])('reads capture time with its recorded offset, GPS, make, model, serial and size from $name', async ({format, name, place}) => {
    const path = join(dir, name)
    place(path)
    const metadata = await read(path)
    expect(metadata).toMatchObject({
      captureSource: 'EXIF DateTimeOriginal + OffsetTimeOriginal',
      capturedAt: '2026-03-02T09:30:15+07:00',
      format,
      height: 48,
      kind: 'photo',
      make: 'Hikvision',
      model: 'DSJ-A8',
      serial: 'SN-2026-7',
      unreadable: null,
      width: 64,
    })
    expect(metadata.gps?.latitude).toBeCloseTo(26.8917, 4)
    expect(metadata.gps?.longitude).toBeCloseTo(112.62, 4)
    expect(metadata.gps?.altitude).toBeCloseTo(58.5, 3)
  })

  it.each([
    {format: 'jpeg', name: 'large.jpg', place: (path: string) => writeFileSync(path, buildJpeg({...PHOTO_SPEC, height: 480, width: 640}))},
    {format: 'tiff', name: 'scan.tif', place: (path: string) => writeTiff(path, PHOTO_SPEC, {imageDataBytes: SCAN_BYTES})},
    {format: 'tiff', name: 'scan-ifd-last.tif', place: (path: string) => writeTiff(path, PHOTO_SPEC, {ifd0AtEnd: true, imageDataBytes: SCAN_BYTES})},
    {format: 'heic', name: 'exif-after-image.heic', place: (path: string) => writeFileSync(path, buildHeif(PHOTO_SPEC, 'heic', 2_000_000))},
  ])('hands exifr the metadata of $name, not its image data', async ({format, name, place}) => {
    const path = join(dir, name)
    place(path)
    const {exifBytes} = await readPhotoHeader(path, format)
    expect(exifBytes?.length).toBeGreaterThan(0)
    expect(exifBytes!.length).toBeLessThan(Math.min(statSync(path).size / 4, 64 * 1024))
  })

  it.each(['ifd0-offset', 'value-type'] as const)('reports corrupt EXIF (%s) as unreadable with a Chinese reason, keeping the format from the bytes', async (damage) => {
    const path = write(`corrupt-${damage}.jpg`, corruptExif(buildJpeg({dateTimeOriginal: '2026:03:02 09:30:15', height: 16, make: 'X', width: 16}), damage))
    expect(await read(path)).toMatchObject({format: 'jpeg', kind: 'photo', unreadable: {code: 'EXIF_CORRUPT', message: expect.stringContaining('EXIF 数据损坏')}})
  })

  it('reads a TIFF whose Exif IFD points on to an Interoperability IFD, as cameras and DNGs write them', async () => {
    const u16 = (value: number) => Buffer.from([value & 0xff, value >> 8])
    const u32 = (value: number) => Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24])
    // IFD0 at 8 → Exif IFD at 26 (DateTimeOriginal at 56, Interop pointer) → Interop IFD at 76.
    const ifd0 = Buffer.concat([u16(1), u16(0x87_69), u16(4), u32(1), u32(26), u32(0)])
    const exif = Buffer.concat([u16(2), u16(0x90_03), u16(2), u32(20), u32(56), u16(0xa0_05), u16(4), u32(1), u32(76), u32(0)])
    const interop = Buffer.concat([u16(1), u16(1), u16(2), u32(4), Buffer.from('R98\0'), u32(0)])
    const path = write('interop.tif', Buffer.concat([Buffer.from('II'), u16(42), u32(8), ifd0, exif, Buffer.from('2026:11:20 10:11:12\0'), interop, Buffer.alloc(64, 0xee)]))
    expect(await read(path)).toMatchObject({capturedAt: '2026-11-20T10:11:12+08:00', unreadable: null})
  })

  it('calls a HEIC Exif item that is too short or not TIFF corrupt, and stops at endless top-level boxes', async () => {
    const whole = buildHeif(PHOTO_SPEC, 'heic')
    const tiffAt = whole.lastIndexOf(Buffer.from('II*\0', 'latin1')) >= 0 ? whole.lastIndexOf(Buffer.from('II*\0', 'latin1')) : whole.lastIndexOf(Buffer.from('MM\0*', 'latin1'))
    const notTiff = Buffer.from(whole)
    notTiff.write('XXXX', tiffAt, 'latin1')
    expect(await read(write('not-tiff.heic', notTiff))).toMatchObject({unreadable: {code: 'EXIF_CORRUPT', message: expect.stringContaining('不是 TIFF')}})
    // The iloc extent (offset, length) rewritten to a 2-byte item.
    const itemAt = tiffAt - 4
    const extent = Buffer.alloc(8)
    extent.writeUInt32BE(itemAt, 0)
    extent.writeUInt32BE(whole.length - itemAt, 4)
    const short = Buffer.from(whole)
    short.writeUInt32BE(2, short.indexOf(extent) + 4)
    expect(await read(write('short-item.heic', short))).toMatchObject({unreadable: {code: 'EXIF_CORRUPT', message: expect.stringContaining('太短')}})
    const endless = Buffer.concat([whole.subarray(0, whole.readUInt32BE(0)), Buffer.alloc(5000 * 8).fill(Buffer.from([0, 0, 0, 8, 0x66, 0x72, 0x65, 0x65]))])
    expect(await read(write('endless.heic', endless))).toMatchObject({unreadable: {code: 'BOX_CORRUPT'}})
  })

  it('calls a PNG cut off, without IHDR first, or with a chunk longer than the file corrupt', async () => {
    const png = buildPng(4, 4)
    const huge = Buffer.concat([png.subarray(0, 33), Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.from('eXIf', 'latin1'), Buffer.alloc(16)])
    expect(await read(write('huge-chunk.png', huge))).toMatchObject({unreadable: {code: 'PNG_CORRUPT', message: expect.stringContaining('超出文件范围')}})
    expect(await read(write('signature-only.png', Buffer.concat([png.subarray(0, 8), Buffer.alloc(2)])))).toMatchObject({unreadable: {code: 'PNG_CORRUPT'}})
    const noIhdr = Buffer.concat([png.subarray(0, 8), Buffer.from([0, 0, 0, 0]), Buffer.from('tIME', 'latin1'), Buffer.alloc(4), png.subarray(8)])
    expect(await read(write('no-ihdr.png', noIhdr))).toMatchObject({height: null, unreadable: {code: 'PNG_CORRUPT', message: expect.stringContaining('IHDR')}, width: null})
  })

  it('stops walking a JPEG whose segments never end or do not advance, and calls it corrupt', async () => {
    const soi = Buffer.from([0xff, 0xd8])
    const endless = Buffer.concat([soi, Buffer.alloc(5000 * 4).fill(Buffer.from([0xff, 0xe5, 0x00, 0x02])), Buffer.from([0xff, 0xd9])])
    expect(await read(write('endless.jpg', endless))).toMatchObject({unreadable: {code: 'JPEG_CORRUPT', message: expect.stringContaining('4096')}})
    const stuck = Buffer.concat([soi, Buffer.from([0xff, 0xe5, 0x00, 0x00]), Buffer.alloc(64), Buffer.from([0xff, 0xd9])])
    expect(await read(write('stuck.jpg', stuck))).toMatchObject({unreadable: {code: 'JPEG_CORRUPT', message: expect.stringContaining('段长度无效')}})
  })

  it('reports an impossible recorded offset (+07:80) as corrupt EXIF instead of failing the import', async () => {
    const path = write('bad-offset.jpg', buildJpeg({dateTimeOriginal: '2026:03:02 09:30:15', height: 16, offsetTimeOriginal: '+07:80', width: 16}))
    expect(await read(path)).toMatchObject({capturedAt: null, unreadable: {code: 'EXIF_CORRUPT', message: expect.stringContaining('+07:80')}})
  })

  it('reports a HEIC cut off before its Exif item as corrupt EXIF', async () => {
    const whole = buildHeif(PHOTO_SPEC, 'heic')
    expect(await read(write('cut.heic', whole.subarray(0, whole.length - 40)))).toMatchObject({format: 'heic', unreadable: {code: 'EXIF_CORRUPT'}})
  })

  // exifr, handed a path, left its file handle open when the EXIF made it throw; Node closed it on
  // garbage collection with a warning on stderr (and a future Node throws instead).
  it.skipIf(!existsSync('/proc/self/fd')).each(['ifd0-offset', 'value-type'] as const)('leaves no descriptor open on a photo whose EXIF is corrupt (%s)', async (damage) => {
    const path = write(`leak-${damage}.jpg`, corruptExif(buildJpeg({dateTimeOriginal: '2026:03:02 09:30:15', height: 16, make: 'X', width: 16}), damage))
    expect((await read(path)).unreadable?.code).toBe('EXIF_CORRUPT')
    expect(descriptorsOn(path)).toEqual([])
  })

  it('assumes the workspace time zone when the photo has no offset, and says so', async () => {
    const path = write('no-offset.jpg', buildJpeg({dateTimeOriginal: '2026:03:02 23:59:59', height: 16, width: 16}))
    expect(await read(path, '+08:00')).toMatchObject({captureSource: 'EXIF DateTimeOriginal (+08:00 assumed)', capturedAt: '2026-03-02T23:59:59+08:00'})
    expect(await read(path, '+09:00')).toMatchObject({captureSource: 'EXIF DateTimeOriginal (+09:00 assumed)', capturedAt: '2026-03-02T23:59:59+09:00'})
  })

  it('reads a PNG size from its header', async () => {
    const metadata = await read(write('shot.png', buildPng(33, 21)))
    expect(metadata).toMatchObject({capturedAt: null, format: 'png', height: 21, kind: 'photo', width: 33})
  })
})

describe('video and audio metadata without external programs', () => {
  it('reads MP4 creation time (UTC → local), duration, size and location', async () => {
    const spec = MEDIA_FIXTURES.mp4
    const metadata = await read(fixture(spec.file))
    expect(metadata).toMatchObject({
      captureSource: 'mvhd creation_time (UTC)',
      capturedAt: spec.capturedAtLocal,
      durationSec: spec.durationSec,
      height: spec.height,
      kind: 'video',
      width: spec.width,
    })
    expect(new Date(metadata.capturedAt!).toISOString()).toBe(new Date(spec.creationTimeUtc).toISOString())
    expect(metadata.gps?.latitude).toBeCloseTo(spec.location.latitude, 3)
    expect(metadata.gps?.longitude).toBeCloseTo(spec.location.longitude, 3)
  })

  it('reads MOV creation time, duration, size, make, model and ©xyz location', async () => {
    const spec = MEDIA_FIXTURES.mov
    const metadata = await read(fixture(spec.file))
    expect(metadata).toMatchObject({
      capturedAt: spec.capturedAtLocal,
      durationSec: spec.durationSec,
      format: 'mov',
      height: spec.height,
      make: spec.make,
      model: spec.model,
      width: spec.width,
    })
    expect(metadata.gps).toMatchObject(spec.location)
  })

  it('reads M4A as audio with its creation time and duration', async () => {
    const spec = MEDIA_FIXTURES.m4a
    expect(await read(fixture(spec.file))).toMatchObject({capturedAt: spec.capturedAtLocal, durationSec: spec.durationSec, kind: 'audio'})
  })

  it('reads the MP3 duration (music-metadata)', async () => {
    const metadata = await read(fixture(MEDIA_FIXTURES.mp3.file))
    expect(metadata.kind).toBe('audio')
    // The encoder adds up to one frame of padding at each end.
    expect(metadata.durationSec).toBeGreaterThan(MEDIA_FIXTURES.mp3.durationSec - 0.1)
    expect(metadata.durationSec).toBeLessThan(MEDIA_FIXTURES.mp3.durationSec + 0.2)
  })

  it('computes WAV duration from the header and takes the bext origination time', async () => {
    const path = write('talk.wav', buildWav({durationSec: 1.5, origination: {date: '2026-03-02', time: '10:15:00'}, sampleRate: 8000}))
    expect(await read(path)).toMatchObject({capturedAt: '2026-03-02T10:15:00+08:00', durationSec: 1.5, kind: 'audio'})
  })

  it('counts AMR frames for the duration (20 ms each)', async () => {
    expect(await read(write('call.amr', buildAmr(150)))).toMatchObject({durationSec: 3, format: 'amr', kind: 'audio', unreadable: null})
  })

  it('reports a truncated MP4 (recording cut off) as unreadable', async () => {
    const whole = readFileSync(fixture(MEDIA_FIXTURES.mp4.file))
    const path = write('cut.mp4', whole.subarray(0, Math.floor(whole.length / 2)))
    expect(await read(path)).toMatchObject({durationSec: null, unreadable: {code: 'MP4_TRUNCATED', message: expect.stringContaining('截断')}})
  })

  it('reports a truncated WAV as unreadable', async () => {
    const whole = buildWav({durationSec: 1, sampleRate: 8000})
    expect(await read(write('cut.wav', whole.subarray(0, 4000)))).toMatchObject({unreadable: {code: 'WAV_TRUNCATED'}})
  })
})

const hasTools = ['ffmpeg', 'ffprobe'].every((tool) => {
  try {
    execFileSync(tool, ['-version'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
})
if (!hasTools) process.stderr.write('ffmpeg/ffprobe 不在 PATH 中：跳过 ffprobe 补充元数据的测试\n')

describe('formats we do not parse ourselves, through ffprobe when it is installed', () => {
  const encode = (name: string, args: string[]) => {
    const path = join(dir, name)
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', ...args, '-c:v', 'mpeg4', path])
    return path
  }

  it.runIf(hasTools)('fills duration, size and the UTC creation time of a Matroska video', async () => {
    const path = encode('body-cam.mkv', ['-i', 'testsrc=duration=2.5:size=64x48:rate=10', '-metadata', 'creation_time=2026-03-02T01:30:00Z'])
    expect(await read(path)).toMatchObject({
      captureSource: 'ffprobe creation_time (UTC)',
      capturedAt: '2026-03-02T09:30:00+08:00',
      durationSec: 2.5,
      format: 'matroska',
      height: 48,
      kind: 'video',
      width: 64,
    })
  })

  it.runIf(hasTools)('fills the duration and size of an AVI, which carries no creation time', async () => {
    const path = encode('old-recorder.avi', ['-i', 'testsrc=duration=1.5:size=32x24:rate=10'])
    expect(await read(path)).toMatchObject({capturedAt: null, durationSec: 1.5, format: 'avi', height: 24, width: 32})
  })
})

describe('body-cam file names', () => {
  const patterns = compileNamePatterns(DEFAULT_NAME_PATTERNS)
  it.each([
    {expected: {officer: '012345', serial: 'DSJ-A8', start: '2026-03-02T09:30:00+08:00'}, name: 'DSJ-A8_20260302093000_012345.MP4'},
    {expected: {officer: '012345', serial: 'DSJA8', start: '2026-03-02T09:30:00+08:00'}, name: '012345_20260302_093000_DSJA8.mp4'},
  ])('reads serial, officer and start from $name', ({expected, name}) => {
    expect(matchName(name, patterns, '+08:00')).toMatchObject(expected)
  })

  it('ignores names that match no pattern and impossible times', () => {
    expect(matchName('IMG_0001.JPG', patterns, '+08:00')).toBeNull()
    expect(matchName('DSJ-A8_20260230093000_012345.MP4', patterns, '+08:00')?.start).toBeNull()
  })

  it('accepts configured patterns and rejects invalid ones', () => {
    const custom = compileNamePatterns([String.raw`^REC-(?<officer>\d+)-(?<start>\d{14})\.mp4$`])
    expect(matchName('REC-77-20260302101500.mp4', custom, '+08:00')).toMatchObject({officer: '77', serial: null, start: '2026-03-02T10:15:00+08:00'})
    expect(() => compileNamePatterns(['(unclosed'])).toThrow(/mediaNamePatterns/)
  })
})
