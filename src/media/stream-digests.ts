import {createHash} from 'node:crypto'
import {open} from 'node:fs/promises'
import {crc32} from 'node:zlib'

import {alignedBlocks, BlockFileWriter} from '../platform/block-file-writer.js'
import {READ_ONLY_FILE_MODE} from '../platform/file-modes.js'
import {SNIFF_BYTES} from './sniff.js'

export interface Digests {
  size: number
  sha256: string
  /** SM3 (GB/T 32905-2016), from the same read pass as the SHA-256. */
  sm3: string
}

export interface StreamedFile extends Digests {
  /** The first bytes, for sniffing the format without reading the file again. */
  head: Buffer
  /** CRC-32 of the content, when asked for: the zip header of the archive needs it before the bytes. */
  crc32: number | null
}

export interface StreamOptions {
  /** Also write every byte read to this new file (created exclusively, read-only). */
  copyTo?: string
  /** false: write the copy through the page cache even where direct I/O is available. */
  directCopy?: boolean
  /** Also compute the CRC-32, which the archive's zip headers need. */
  crc32?: boolean
  onBytes?: (bytes: number) => void
}

/** Large reads and writes keep the per-call overhead small. */
const CHUNK_BYTES = 4 * 1024 * 1024
/**
 * Both digests take a chunk 1 MiB at a time: the slice SHA-256 has just read is still in the CPU
 * cache when SM3 reads it. With two threads hashing 4 MiB at a time the caches thrash; measured here,
 * 1 MiB slices hash 15 % faster.
 */
const HASH_SLICE_BYTES = 1024 * 1024
/**
 * Chunks a file may run ahead of its copy: hashing never waits for a slow write unless the disk
 * falls 28 MiB behind. One ring per thread, reused for every file, so memory does not grow with size.
 */
const RING_CHUNKS = 8
/** Aligned for the direct-I/O copy; kept for reuse, so a worker hashing one file at a time allocates one ring in all. */
const idleRings: Buffer[][] = []
const takeRing = (): Buffer[] => idleRings.pop() ?? alignedBlocks(RING_CHUNKS, CHUNK_BYTES).blocks

/**
 * Reads `source` exactly once, feeding every chunk to SHA-256 and SM3 and, when `copyTo` is given,
 * to the evidence copy. The next chunk is read while the current one is hashed and earlier ones are
 * still being written, so reading, hashing and writing overlap; memory stays one ring of chunks per
 * thread whatever the file's size (a 4 GiB video costs the same as a photo).
 */
export const streamDigests = async (source: string | Buffer, options: StreamOptions = {}): Promise<StreamedFile> => {
  const sha256 = createHash('sha256')
  const sm3 = createHash('sm3')
  let crc = options.crc32 ? 0 : null
  const buffers = takeRing()
  const free = buffers.map(() => true)
  let wakeReader: (() => void) | null = null
  const release = (slot: number) => () => {
    free[slot] = true
    wakeReader?.()
  }

  const slotFree = async (slot: number) => {
    while (!free[slot]) await new Promise<void>((resolve) => (wakeReader = resolve))
  }

  const input = await open(source, 'r')
  let copy: BlockFileWriter | null = null
  let head: Buffer | null = null
  let size = 0
  let reading: ReturnType<typeof input.read> | null = null
  try {
    copy = options.copyTo ? await BlockFileWriter.create(options.copyTo, {direct: options.directCopy}) : null
    let slot = 0
    reading = input.read(buffers[slot], 0, CHUNK_BYTES, null)
    for (;;) {
      const {bytesRead} = await reading
      if (bytesRead === 0) break
      const chunk = buffers[slot].subarray(0, bytesRead)
      free[slot] = false
      const next = (slot + 1) % buffers.length
      await slotFree(next)
      reading = input.read(buffers[next], 0, CHUNK_BYTES, null)
      for (let at = 0; at < chunk.length; at += HASH_SLICE_BYTES) {
        const slice = chunk.subarray(at, at + HASH_SLICE_BYTES)
        sha256.update(slice)
        sm3.update(slice)
        if (crc !== null) crc = crc32(slice, crc)
      }

      head ??= Buffer.from(chunk.subarray(0, SNIFF_BYTES))
      if (copy) copy.enqueue(chunk, size, release(slot))
      else free[slot] = true
      size += chunk.length
      options.onBytes?.(chunk.length)
      slot = next
    }

    // The evidence copy is read-only once complete.
    await copy?.finish(READ_ONLY_FILE_MODE)
  } finally {
    // A failed write must not leave a read running on a handle that is being closed.
    await Promise.allSettled([reading])
    await copy?.close()
    await input.close()
    idleRings.push(buffers)
  }

  return {crc32: crc === null ? null : crc >>> 0, head: head ?? Buffer.alloc(0), sha256: sha256.digest('hex'), size, sm3: sm3.digest('hex')}
}
