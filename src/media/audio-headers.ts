import {type RandomAccessSource, readFromFile} from './iso-bmff.js'
import {MediaParseError} from './media-parse-error.js'

export interface WavInfo {
  durationSec: number
  sampleRate: number
  channels: number
  /** Broadcast-WAV `bext` OriginationDate + OriginationTime (local time of the recorder), if present. */
  origination: string | null
}

/** Reads the RIFF headers of the file at `path`. */
export const readWav = (path: string): Promise<WavInfo> => readFromFile(path, readWavFrom)

/** Walks the RIFF chunks: `fmt ` gives the byte rate, `data` the length, `bext` the recording time. */
export const readWavFrom = async (file: RandomAccessSource): Promise<WavInfo> => {
  const fileSize = file.size
  const chunkHeader = Buffer.alloc(8)
  let offset = 12
  let byteRate = 0
  let sampleRate = 0
  let channels = 0
  let dataSize: number | null = null
  let origination: string | null = null
  while (offset + 8 <= fileSize) {
    await file.read(chunkHeader, offset)
    const id = chunkHeader.toString('latin1', 0, 4)
    const size = chunkHeader.readUInt32LE(4)
    if (id === 'fmt ') {
      const fmt = Buffer.alloc(16)
      await file.read(fmt, offset + 8)
      channels = fmt.readUInt16LE(2)
      sampleRate = fmt.readUInt32LE(4)
      byteRate = fmt.readUInt32LE(8)
    } else if (id === 'bext' && size >= 338) {
      const bext = Buffer.alloc(18)
      await file.read(bext, offset + 8 + 320)
      const date = bext.toString('latin1', 0, 10)
      const time = bext.toString('latin1', 10, 18).replaceAll(/[-.]/g, ':')
      if (/^\d{4}[-:]\d{2}[-:]\d{2}$/.test(date) && /^\d{2}:\d{2}:\d{2}$/.test(time)) {
        origination = `${date.replaceAll(':', '-')}T${time}`
      }
    } else if (id === 'data') {
      if (offset + 8 + size > fileSize) throw new MediaParseError('WAV_TRUNCATED', `WAV 文件被截断：data 块应有 ${size} 字节，文件只剩 ${fileSize - offset - 8} 字节`)
      dataSize = size
    }

    offset += 8 + size + (size % 2)
  }

  if (byteRate === 0) throw new MediaParseError('WAV_NO_FMT', 'WAV 文件缺少有效的 fmt 块，无法读取格式')
  if (dataSize === null) throw new MediaParseError('WAV_NO_DATA', 'WAV 文件缺少 data 块（录音不完整）')
  return {channels, durationSec: dataSize / byteRate, origination, sampleRate}
}

/** Payload bytes per frame type (3GPP TS 26.101 / 26.201); the one-byte frame header comes on top. */
const AMR_NB_FRAME_BYTES = [12, 13, 15, 17, 19, 20, 26, 31, 5, 0, 0, 0, 0, 0, 0, 0]
const AMR_WB_FRAME_BYTES = [17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0]
/** Each AMR frame is 20 ms of speech. */
const AMR_FRAME_SECONDS = 0.02

/** Read at a time while counting AMR frames. */
const AMR_READ_BYTES = 1024 * 1024

/** AMR storage format has no duration field: count the frames (the files are small, ~1.6 KB/s). */
export const readAmrDuration = async (source: RandomAccessSource, wideband: boolean): Promise<number> => {
  const sizes = wideband ? AMR_WB_FRAME_BYTES : AMR_NB_FRAME_BYTES
  const buffer = Buffer.alloc(AMR_READ_BYTES)
  let frames = 0
  // The next frame header's position; frames run past the end of a read, never past the file.
  let offset = wideband ? 9 : 6
  let bufferStart = -1
  let bufferEnd = -1
  while (offset < source.size) {
    if (offset >= bufferEnd) {
      const read = await source.read(buffer, offset)
      if (read === 0) break
      bufferStart = offset
      bufferEnd = offset + read
    }

    const frameType = (buffer[offset - bufferStart] >> 3) & 0x0f
    frames++
    offset += 1 + sizes[frameType]
  }

  if (offset !== source.size) throw new MediaParseError('AMR_TRUNCATED', 'AMR 文件最后一帧不完整，文件被截断')
  return frames * AMR_FRAME_SECONDS
}
