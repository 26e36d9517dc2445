import {type FileHandle, open} from 'node:fs/promises'
import {rmSync} from 'node:fs'
import {crc32} from 'node:zlib'

import {ZipEncoder} from './zip-encoder.js'

/**
 * A zip written in order to a new file with the one encoder (ZipEncoder), for exports: each file
 * streams through once, stored as it is, and its CRC-32 is written back into its local header when
 * the bytes have gone by. Entries are queued, so callers may add the next before the last is written.
 */
export class ZipFileWriter {
  private tail: Promise<void> = Promise.resolve()
  private readonly encoder: ZipEncoder
  /** Bytes written so far, in order. */
  private offset = 0

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    modified: Date,
  ) {
    this.encoder = new ZipEncoder(modified)
  }

  /** Creates `path` exclusively. */
  static async create(path: string, modified = new Date()): Promise<ZipFileWriter> {
    return new ZipFileWriter(path, await open(path, 'wx', 0o644), modified)
  }

  /**
   * Adds a stored entry of `size` bytes read from `source` as they come. Throws when the source
   * gives more or fewer bytes than `size` (the file changed while it was copied).
   */
  addStored(name: string, size: number, source: AsyncIterable<Buffer>): Promise<void> {
    return this.enqueue(async () => {
      await this.write(this.encoder.storedHeader(name, size, 0))
      let crc = 0
      let written = 0
      for await (const chunk of source) {
        written += chunk.length
        if (written > size) break
        crc = crc32(chunk, crc)
        await this.write(chunk)
      }

      if (written !== size) throw new Error(`${name} 的大小在复制时发生变化（应为 ${size} 字节）`)
      const patch = this.encoder.completeCrc(crc)
      await this.handle.write(patch.bytes, 0, patch.bytes.length, patch.offset)
    })
  }

  /** Adds a small in-memory entry, deflated unless asked otherwise. */
  addBytes(name: string, bytes: Buffer, deflate = true): Promise<void> {
    return this.enqueue(() => this.write(this.encoder.entry(name, bytes, deflate)))
  }

  /** Writes the central directory, fsyncs and closes. */
  async finish(): Promise<void> {
    await this.enqueue(() => this.write(this.encoder.finish()))
    await this.handle.sync()
    await this.handle.close()
  }

  /** Closes and removes the unfinished file. */
  async abort(): Promise<void> {
    await this.tail.catch(() => undefined)
    await this.handle.close().catch(() => undefined)
    rmSync(this.path, {force: true})
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.tail.then(work)
    // A failed entry fails every later call and finish(); a caller that did not await is told there.
    next.catch(() => undefined)
    this.tail = next
    return next
  }

  private async write(bytes: Buffer): Promise<void> {
    for (let done = 0; done < bytes.length; ) {
      const {bytesWritten} = await this.handle.write(bytes, done, bytes.length - done, this.offset)
      done += bytesWritten
      this.offset += bytesWritten
    }
  }
}
