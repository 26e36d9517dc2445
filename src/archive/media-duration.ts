import {parseBlob} from 'music-metadata'

/**
 * A media file's duration read from its headers only, by seeking: for ISO BMFF (MP4/MOV, where body-cam
 * video lives) the movie header `mvhd`, which music-metadata ignores for video-only files; for the rest
 * (WAV, MP3, AMR, M4A …) music-metadata without a full scan.
 */

const readSlice = async (blob: Blob, start: number, length: number): Promise<Buffer> =>
  Buffer.from(await blob.slice(start, Math.min(blob.size, start + length)).arrayBuffer())

interface BoxHeader {
  type: string
  start: number
  headerSize: number
  size: number
}

const boxAt = async (blob: Blob, start: number, limit: number): Promise<BoxHeader | null> => {
  if (start + 8 > limit) return null
  const header = await readSlice(blob, start, 16)
  let size = header.readUInt32BE(0)
  let headerSize = 8
  if (size === 1) {
    size = Number(header.readBigUInt64BE(8))
    headerSize = 16
  } else if (size === 0) {
    size = limit - start
  }

  if (size < headerSize) return null
  return {headerSize, size, start, type: header.toString('latin1', 4, 8)}
}

const isoDuration = async (blob: Blob): Promise<number | undefined> => {
  for (let offset = 0; offset < blob.size; ) {
    const box = await boxAt(blob, offset, blob.size)
    if (!box) return undefined
    if (box.type === 'moov') {
      const moovEnd = box.start + box.size
      for (let inner = box.start + box.headerSize; inner < moovEnd; ) {
        const child = await boxAt(blob, inner, moovEnd)
        if (!child) return undefined
        if (child.type === 'mvhd') {
          const body = await readSlice(blob, child.start + child.headerSize, 32)
          const version = body[0]
          const timescale = version === 1 ? body.readUInt32BE(20) : body.readUInt32BE(12)
          const duration = version === 1 ? Number(body.readBigUInt64BE(24)) : body.readUInt32BE(16)
          return timescale > 0 ? duration / timescale : undefined
        }

        inner += child.size
      }

      return undefined
    }

    offset += box.size
  }

  return undefined
}

export const mediaDuration = async (blob: Blob): Promise<number | undefined> => {
  const head = await readSlice(blob, 0, 12)
  if (head.toString('latin1', 4, 8) === 'ftyp') return isoDuration(blob)
  return (await parseBlob(blob, {duration: false, skipCovers: true})).format.duration
}
