import exifr from 'exifr'

import {formatLocal, isRealDate, offsetMinutes} from '../platform/local-time.js'
import type {MediaKind, MediaRecord} from '../workspace/records.js'
import {readWav} from './audio-headers.js'
import {readFileDuration} from './duration.js'
import {probeWithFfprobe} from './ffprobe.js'
import {readIsoBmff} from './iso-bmff.js'
import {MediaParseError} from './media-parse-error.js'
import {readPhotoHeader} from './photo-headers.js'
import type {SniffedFormat} from './sniff.js'

/** What the file's own bytes say: the part of a MediaRecord that comes from metadata. */
export interface EmbeddedMetadata {
  kind: MediaKind
  format: string | null
  capturedAt: string | null
  captureSource: string | null
  durationSec: number | null
  width: number | null
  height: number | null
  gps: MediaRecord['gps']
  make: string | null
  model: string | null
  serial: string | null
  /** Why the file's structure could not be parsed (truncated, corrupt EXIF …); the other fields are then what could be read. */
  unreadable: {code: string; message: string} | null
}

/** Metadata is read from the staged copy, whose name is always plain ASCII. */
type Path = string

const EMPTY: Omit<EmbeddedMetadata, 'kind' | 'format' | 'unreadable'> = {
  captureSource: null,
  capturedAt: null,
  durationSec: null,
  gps: null,
  height: null,
  make: null,
  model: null,
  serial: null,
  width: null,
}

/** `2026:03:02 09:30:15` (+ `+08:00`) → ISO local time with offset, or null when it is not a real moment. */
export const exifDateTime = (value: unknown, offset: string): string | null => {
  if (typeof value !== 'string') return null
  const match = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim())
  if (!match) return null
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number)
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes(offset) * 60_000
  return formatLocal(new Date(utc), offset)
}

const OFFSET = /^[+-]\d{2}:\d{2}$/

const isRealOffset = (offset: string): boolean => {
  try {
    offsetMinutes(offset)
    return true
  } catch {
    return false
  }
}

/** Capture-time tags in order of preference, each with the tag holding its UTC offset (EXIF 2.31). */
const EXIF_TIME_TAGS = [
  {offsetTag: 'OffsetTimeOriginal', tag: 'DateTimeOriginal'},
  {offsetTag: 'OffsetTimeDigitized', tag: 'CreateDate'},
  {offsetTag: 'OffsetTime', tag: 'ModifyDate'},
] as const

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim().replace(/\0+$/, '') : null)
const positive = (value: unknown): number | null => (typeof value === 'number' && value > 0 ? value : null)

/** Raw tag values (dates as written, not revived in the process's time zone); errors thrown, not collected. */
const EXIFR_OPTIONS = {
  exif: true,
  gps: true,
  ihdr: true,
  mergeOutput: true,
  reviveValues: false,
  // Not in exifr's type declarations, but honoured: without it a corrupt IFD is silently skipped.
  silentErrors: false,
  tiff: true,
  translateValues: false,
} as Parameters<typeof exifr.parse>[1]

/**
 * Photos: EXIF via exifr, from the bytes our own reader hands it (see photo-headers.ts). Corrupt EXIF
 * is a failure, not a silent gap: the time it holds is evidence.
 */
const readPhoto = async (path: Path, format: string | null, timezone: string): Promise<Omit<EmbeddedMetadata, 'kind' | 'format' | 'unreadable'>> => {
  const header = await readPhotoHeader(path, format)
  let tags: Record<string, unknown> | undefined
  try {
    tags = header.exifBytes ? ((await exifr.parse(header.exifBytes, EXIFR_OPTIONS)) as Record<string, unknown> | undefined) : undefined
  } catch (error) {
    // exifr's messages may span lines; the reason is shown on one.
    const message = (error as Error).message.replaceAll(/\s+/g, ' ')
    if (/unknown file format/i.test(message)) tags = undefined
    else throw new MediaParseError('EXIF_CORRUPT', `EXIF 数据损坏，无法读取：${message}`)
  }

  if (header.structureProblem) throw header.structureProblem
  const result = {...EMPTY}
  result.width = header.size?.width ?? null
  result.height = header.size?.height ?? null
  if (!tags) return result
  for (const {offsetTag, tag} of EXIF_TIME_TAGS) {
    const offsetValue = text(tags[offsetTag])
    const recorded = offsetValue && OFFSET.test(offsetValue) ? offsetValue : null
    // Shaped like an offset but impossible (+07:80, +25:00): damage, not a value to guess around.
    if (recorded && !isRealOffset(recorded)) throw new MediaParseError('EXIF_CORRUPT', `EXIF ${offsetTag}「${recorded}」不是有效的时区偏移，拍摄时间无法确定`)
    const capturedAt = exifDateTime(tags[tag], recorded ?? timezone)
    if (!capturedAt) continue
    result.capturedAt = capturedAt
    result.captureSource = recorded ? `EXIF ${tag} + ${offsetTag}` : `EXIF ${tag} (${timezone} assumed)`
    break
  }

  const latitude = tags.latitude
  const longitude = tags.longitude
  if (typeof latitude === 'number' && typeof longitude === 'number' && Number.isFinite(latitude) && Number.isFinite(longitude)) {
    const altitude = typeof tags.GPSAltitude === 'number' ? (tags.GPSAltitudeRef === 1 ? -tags.GPSAltitude : tags.GPSAltitude) : null
    result.gps = {altitude, latitude, longitude}
  }

  result.make = text(tags.Make)
  result.model = text(tags.Model)
  result.serial = text(tags.BodySerialNumber) ?? text(tags.SerialNumber) ?? text(tags.CameraSerialNumber)
  result.width ??= positive(tags.ExifImageWidth) ?? positive(tags.ImageWidth)
  result.height ??= positive(tags.ExifImageHeight) ?? positive(tags.ImageHeight)
  return result
}

/** Container and WAV durations come from the parsers `readDuration` uses, read here with the other fields. */
const readContainer = async (path: Path, timezone: string, kind: MediaKind): Promise<Partial<EmbeddedMetadata>> => {
  const info = await readIsoBmff(path)
  return {
    captureSource: info.creationTime ? 'mvhd creation_time (UTC)' : null,
    capturedAt: info.creationTime ? formatLocal(info.creationTime, timezone) : null,
    durationSec: info.durationSec,
    gps: info.location,
    height: info.height,
    // An MP4 without a picture track is a sound recording, whatever its brand says.
    kind: kind === 'video' && !info.hasVideo && info.hasAudio ? 'audio' : kind,
    make: info.make,
    model: info.model,
    width: info.width,
  }
}

/** Local times written by a recorder carry no offset: the workspace's is assumed and said so. */
const readWavMetadata = async (path: Path, timezone: string): Promise<Partial<EmbeddedMetadata>> => {
  const wav = await readWav(path)
  const capturedAt = wav.origination ? exifDateTime(wav.origination, timezone) : null
  return {captureSource: capturedAt ? `WAV bext OriginationDate/Time (${timezone} assumed)` : null, capturedAt, durationSec: wav.durationSec}
}

/**
 * Reads everything the file says about itself. A broken structure (MediaParseError) does not stop the
 * import: the file is still the evidence that was handed over, so it is kept with `unreadable` saying
 * why, and `check` reports it. Audio and video whose duration our own parsers cannot read (AVI,
 * Matroska, MPEG-TS …) go to ffprobe when it is installed, which fills only what is still empty.
 */
export const readEmbeddedMetadata = async (path: Path, sniffed: SniffedFormat, timezone: string): Promise<EmbeddedMetadata> => {
  let own: EmbeddedMetadata
  try {
    own = await readOwnMetadata(path, sniffed, timezone)
  } catch (error) {
    if (!(error instanceof MediaParseError)) throw error
    return {...EMPTY, format: sniffed.format, kind: sniffed.kind, unreadable: {code: error.code, message: error.message}}
  }

  if ((own.kind !== 'video' && own.kind !== 'audio') || own.durationSec !== null) return own
  const probed = await probeWithFfprobe(path, timezone)
  if (!probed) return own
  return {
    ...own,
    captureSource: own.capturedAt ? own.captureSource : probed.captureSource,
    capturedAt: own.capturedAt ?? probed.capturedAt,
    durationSec: probed.durationSec,
    height: own.height ?? probed.height,
    width: own.width ?? probed.width,
  }
}

const readOwnMetadata = async (path: Path, sniffed: SniffedFormat, timezone: string): Promise<EmbeddedMetadata> => {
  const base = {...EMPTY, format: sniffed.format, kind: sniffed.kind, unreadable: null}
  switch (sniffed.format) {
    case 'jpeg':
    case 'png':
    case 'heic':
    case 'avif':
    case 'tiff':
    case 'webp': {
      return {...base, ...(await readPhoto(path, sniffed.format, timezone))}
    }

    case 'mp4':
    case 'mov':
    case 'm4a':
    case '3gp': {
      return {...base, ...(await readContainer(path, timezone, sniffed.kind))}
    }

    case 'wav': {
      return {...base, ...(await readWavMetadata(path, timezone))}
    }

    // Nothing but the duration to read: the one duration reader, which archive verify asks again.
    case 'mp3':
    case 'amr':
    case 'amr-wb': {
      return {...base, durationSec: await readFileDuration(path, sniffed.format)}
    }

    default: {
      return base
    }
  }
}
