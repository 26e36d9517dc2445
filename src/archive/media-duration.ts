import {parseBlob} from 'music-metadata'

import {readIsoBmffFrom} from '../media/iso-bmff.js'

/**
 * A media file's duration read from its headers only, by seeking: for ISO BMFF (MP4/MOV, where body-cam
 * video lives) the movie header `mvhd`, through the same reader `media add` uses, since music-metadata
 * ignores it for video-only files; for the rest (WAV, MP3, AMR, M4A …) music-metadata without a full scan.
 */
export const mediaDuration = async (blob: Blob): Promise<number | undefined> => {
  const read = async (target: Buffer, position: number): Promise<number> => {
    const bytes = Buffer.from(await blob.slice(position, Math.min(blob.size, position + target.length)).arrayBuffer())
    return bytes.copy(target)
  }

  const head = Buffer.alloc(12)
  await read(head, 0)
  if (head.toString('latin1', 4, 8) === 'ftyp') return (await readIsoBmffFrom({read, size: blob.size})).durationSec ?? undefined
  return (await parseBlob(blob, {duration: false, skipCovers: true})).format.duration
}
