import {openAsBlob} from 'node:fs'

import {readAmrDuration, readWavFrom} from './audio-headers.js'
import {type RandomAccessSource, readIsoBmffFrom} from './iso-bmff.js'
import {MediaParseError} from './media-parse-error.js'

/** Positioned reads over a Blob: a file (`openAsBlob`) or a stored entry's slice of a zip. */
export const blobSource = (blob: Blob): RandomAccessSource => ({
  read: async (target, position) => {
    const bytes = Buffer.from(await blob.slice(position, Math.min(blob.size, position + target.length)).arrayBuffer())
    return bytes.copy(target)
  },
  size: blob.size,
})

/** MP3 has no duration field: music-metadata walks the frames (or trusts a Xing/VBRI header). */
const readMp3Duration = async (blob: Blob): Promise<number> => {
  try {
    // Loaded for MP3s only: it costs more start-up than hashing a 20 MB video.
    const {parseBlob} = await import('music-metadata')
    const {format} = await parseBlob(blob, {duration: true, skipCovers: true})
    if (!format.duration) throw new MediaParseError('MP3_NO_FRAMES', 'MP3 文件中没有可解码的音频帧')
    return format.duration
  } catch (error) {
    if (error instanceof MediaParseError) throw error
    throw new MediaParseError('MP3_CORRUPT', `MP3 文件无法解析：${(error as Error).message}`)
  }
}

/**
 * The one duration reader, by the sniffed format, from the headers (seeking, never reading the media
 * data, except AMR's and MP3's frames, which are all there is): `media add` records what it says and
 * `archive verify` asks it again of the archived bytes, so the two agree exactly on the same bytes.
 * Null for formats it does not read (AVI, Matroska, MPEG-TS …; the import may ask ffprobe for those).
 * Throws MediaParseError when the structure is broken.
 */
export const readDuration = async (blob: Blob, format: string | null): Promise<number | null> => {
  switch (format) {
    case 'mp4':
    case 'mov':
    case 'm4a':
    case '3gp': {
      return (await readIsoBmffFrom(blobSource(blob))).durationSec
    }

    case 'wav': {
      return (await readWavFrom(blobSource(blob))).durationSec
    }

    case 'amr':
    case 'amr-wb': {
      return readAmrDuration(blobSource(blob), format === 'amr-wb')
    }

    case 'mp3': {
      return readMp3Duration(blob)
    }

    default: {
      return null
    }
  }
}

/** `readDuration` of the file at `path`. */
export const readFileDuration = async (path: string, format: string | null): Promise<number | null> => readDuration(await openAsBlob(path), format)
