import {createHash} from 'node:crypto'
import {open} from 'node:fs/promises'

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
}

/** Large reads keep the per-chunk overhead of two hashes and a write small. */
const CHUNK_BYTES = 2 * 1024 * 1024

/**
 * Reads `source` exactly once, feeding every chunk to SHA-256 and SM3 and, when `copyTo` is given,
 * writing it to that new file (created exclusively). The copy is not fsynced here: the caller does
 * that before relying on it (`syncFile`), so the disk can catch up while the next file is hashed.
 * Two buffers are reused
 * for the whole file: the next chunk is read while the current one is hashed, so memory stays two
 * chunks per file whatever its size (a 4 GiB video costs the same as a photo) and nothing is left for
 * the garbage collector.
 */
export const streamDigests = async (
  source: string | Buffer,
  options: {copyTo?: string; onBytes?: (bytes: number) => void} = {},
): Promise<StreamedFile> => {
  const sha256 = createHash('sha256')
  const sm3 = createHash('sm3')
  const input = await open(source, 'r')
  let target = null
  const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)]
  let head: Buffer | null = null
  let size = 0
  let reading: ReturnType<typeof input.read> | null = null
  try {
    target = options.copyTo ? await open(options.copyTo, 'wx', 0o444) : null
    let current = 0
    reading = input.read(buffers[current], 0, CHUNK_BYTES, null)
    for (;;) {
      const {bytesRead} = await reading
      if (bytesRead === 0) break
      const chunk = buffers[current].subarray(0, bytesRead)
      current ^= 1
      reading = input.read(buffers[current], 0, CHUNK_BYTES, null)
      sha256.update(chunk)
      sm3.update(chunk)
      head ??= Buffer.from(chunk.subarray(0, SNIFF_BYTES))
      if (target) {
        let written = 0
        while (written < chunk.length) written += (await target.write(chunk, written, chunk.length - written)).bytesWritten
      }

      size += chunk.length
      options.onBytes?.(chunk.length)
    }
  } finally {
    // A failed write must not leave a read running on a handle that is being closed.
    await Promise.allSettled([reading])
    await target?.close()
    await input.close()
  }

  return {head: head ?? Buffer.alloc(0), sha256: sha256.digest('hex'), size, sm3: sm3.digest('hex')}
}

/** fsync: the file's bytes are on disk before anything records that it exists. */
export const syncFile = async (path: string): Promise<void> => {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
