import {open} from 'node:fs/promises'

import {alignedBlocks, BlockFileWriter} from '../platform/block-file-writer.js'
import type {DigestsWithCrc} from '../platform/digest/digest.js'
import {RegionHasher} from '../platform/digest/digest-pool.js'

const BLOCK_BYTES = 4 * 1024 * 1024
/** 48 MiB in all: enough for reading, both hashers and the disk to each hold a few blocks. */
const BLOCKS = 12
const ARCHIVE_STREAM = 'archive'

/** Where a payload's bytes come from: an open file, or bytes already in memory. */
export type PayloadSource = {file: string} | {bytes: Buffer}

export interface ArchiveDigests {
  size: number
  sha256: string
  sm3: string
}

/**
 * The archive as one stream of bytes in order, through a ring of aligned blocks in shared memory.
 * Payload files are read straight into the ring; one worker hashes each payload's regions (its
 * SHA-256 and SM3, for the manifests and the comparison with what was recorded), another hashes every
 * full block as the archive's own digest, and the disk writes the block with direct I/O. Each byte is
 * read once, copied never (headers aside), and the two digest streams, each as long as the archive,
 * run side by side on the two cores: the archive's own SM3 is one sequential stream that no amount of
 * threads can split, so it is the one to keep busy from first byte to last.
 */
export class ArchiveStream {
  /** Bytes appended so far. */
  size = 0
  private readonly blocks: Buffer[]
  private readonly users: number[]
  private readonly payloadHasher: RegionHasher
  private readonly archiveHasher: RegionHasher
  private current = 0
  private fill = 0
  private wake: (() => void) | null = null
  private failure: unknown = null
  private closed = false

  private constructor(private readonly writer: BlockFileWriter) {
    const {blocks, memory} = alignedBlocks(BLOCKS, BLOCK_BYTES, {shared: true})
    this.blocks = blocks
    this.users = blocks.map(() => 0)
    this.payloadHasher = new RegionHasher(memory as SharedArrayBuffer)
    this.archiveHasher = new RegionHasher(memory as SharedArrayBuffer)
  }

  /** Creates `path` exclusively. */
  static async create(path: string): Promise<ArchiveStream> {
    return new ArchiveStream(await BlockFileWriter.create(path))
  }

  /** Appends bytes that are not payload (zip headers, tag files, the central directory). */
  async append(bytes: Buffer): Promise<void> {
    for (let done = 0; done < bytes.length; ) {
      const room = await this.room()
      const length = Math.min(room, bytes.length - done)
      bytes.copy(this.blocks[this.current], this.fill, done, done + length)
      done += length
      this.advance(length)
    }
  }

  /**
   * Appends `length` payload bytes from `source` as the payload stream `stream`, whose digests
   * `payloadDigests` then gives. Throws PayloadSizeChangedError if the file holds fewer or more bytes.
   */
  async appendPayload(stream: string, source: PayloadSource, length: number, options: {crc32?: boolean} = {}): Promise<void> {
    const handle = 'file' in source ? await open(source.file, 'r') : null
    try {
      for (let done = 0; done < length; ) {
        const room = await this.room()
        const block = this.blocks[this.current]
        const wanted = Math.min(room, length - done)
        const read = handle ? (await handle.read(block, this.fill, wanted, done)).bytesRead : (source as {bytes: Buffer}).bytes.copy(block, this.fill, done, done + wanted)
        if (read === 0) throw new PayloadSizeChangedError(done)
        this.track(this.current, this.payloadHasher.update(stream, this.current * BLOCK_BYTES + this.fill, read, options))
        done += read
        this.advance(read)
      }

      if (handle && (await handle.read(Buffer.alloc(1), 0, 1, length)).bytesRead > 0) throw new PayloadSizeChangedError(length + 1)
    } finally {
      await handle?.close()
    }
  }

  payloadDigests(stream: string): Promise<DigestsWithCrc> {
    return this.payloadHasher.final(stream)
  }

  /** Writes the last block, waits for the disk and fsyncs, and returns the archive's own digests. */
  async finish(mode: number): Promise<ArchiveDigests> {
    if (this.fill > 0) this.dispatch()
    await this.writer.finish(mode)
    await this.writer.sync()
    const {sha256, size, sm3} = await this.archiveHasher.final(ARCHIVE_STREAM)
    // Replies come in order: any region that failed has been recorded by now.
    if (this.failure) throw this.failure
    return {sha256, size, sm3}
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.writer.close()
    await Promise.all([this.payloadHasher.close(), this.archiveHasher.close()])
  }

  /** Free bytes in the current block, waiting for it to come back from the hashers and the disk. */
  private async room(): Promise<number> {
    if (this.failure) throw this.failure
    while (this.fill === 0 && this.users[this.current] > 0) {
      await new Promise<void>((resolve) => (this.wake = resolve))
      if (this.failure) throw this.failure
    }

    return BLOCK_BYTES - this.fill
  }

  private advance(length: number): void {
    this.fill += length
    this.size += length
    if (this.fill === BLOCK_BYTES) this.dispatch()
  }

  /** Sends the current block to the archive hasher and the disk, and moves on to the next. */
  private dispatch(): void {
    const index = this.current
    const position = this.size - this.fill
    const bytes = this.blocks[index].subarray(0, this.fill)
    this.track(index, this.archiveHasher.update(ARCHIVE_STREAM, index * BLOCK_BYTES, bytes.length))
    this.users[index]++
    this.writer.enqueue(bytes, position, () => this.release(index))
    this.current = (index + 1) % this.blocks.length
    this.fill = 0
  }

  private track(index: number, work: Promise<void>): void {
    this.users[index]++
    work.then(
      () => this.release(index),
      (error: unknown) => {
        this.failure ??= error
        this.release(index)
      },
    )
  }

  private release(index: number): void {
    this.users[index]--
    this.wake?.()
  }
}

/** The payload file is not the size it was measured at: it changed while being packed. */
export class PayloadSizeChangedError extends Error {
  constructor(readonly bytesSeen: number) {
    super(`大小在读取时发生变化（读到第 ${bytesSeen} 字节）`)
  }
}
