import {constants} from 'node:fs'
import {type FileHandle, open} from 'node:fs/promises'

/** Direct I/O moves whole blocks at block-aligned offsets; 4 KiB suits every common disk. */
const DIRECT_ALIGNMENT = 4096
const WASM_PAGE = 65_536
const O_DIRECT = (constants as Record<string, number | undefined>).O_DIRECT ?? 0

/**
 * `count` buffers of `bytes` each (a multiple of 64 KiB), aligned for direct I/O. Buffer does not
 * promise alignment; a WebAssembly memory is page-aligned by construction, so its slices are. A shared
 * memory can also be handed to worker threads, which then read the same bytes without a copy.
 */
export const alignedBlocks = (count: number, bytes: number, options: {shared?: boolean} = {}): {blocks: Buffer[]; memory: ArrayBuffer | SharedArrayBuffer} => {
  const pages = (count * bytes) / WASM_PAGE
  const memory = new WebAssembly.Memory(options.shared ? {initial: pages, maximum: pages, shared: true} : {initial: pages}).buffer
  return {blocks: Array.from({length: count}, (_, index) => Buffer.from(memory, index * bytes, bytes)), memory}
}

interface QueuedBlock {
  chunk: Buffer
  position: number
  release: () => void
}

/**
 * Writes a new file from buffers queued in file order, with direct I/O where the platform has it.
 * Through the page cache, writing a GiB costs about two seconds of kernel CPU on a two-core machine,
 * the very CPU that SM3 needs; direct I/O costs a tenth of that and leaves nothing dirty to flush
 * later. Buffers queue while a write is in flight and go out together in one writev, so the file
 * catches up after a slow write instead of falling further behind. A tail shorter than a block, or a
 * file system that refuses direct I/O, goes through the page cache instead. It fsyncs only when asked
 * (`sync`): the media import fsyncs from a thread of its own instead.
 */
export class BlockFileWriter {
  private direct: FileHandle | null = null
  private buffered: FileHandle | null = null
  private queued: QueuedBlock[] = []
  private inFlight: Promise<void> | null = null
  private failure: unknown = null

  private constructor(private readonly path: string) {}

  /** Creates `path` exclusively; it stays writable by its owner until `finish` sets its final mode. */
  static async create(path: string, options: {direct?: boolean} = {}): Promise<BlockFileWriter> {
    const writer = new BlockFileWriter(path)
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL
    if (options.direct !== false && O_DIRECT) {
      try {
        writer.direct = await open(path, flags | O_DIRECT, 0o600)
        return writer
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error
      }
    }

    writer.buffered = await open(path, flags, 0o600)
    return writer
  }

  /** Queues `chunk` for `position`; `release` runs once its bytes are written and the buffer is free. */
  enqueue(chunk: Buffer, position: number, release: () => void): void {
    if (this.failure) throw this.failure
    this.queued.push({chunk, position, release})
    this.pump()
  }

  /** Waits for every queued byte, then gives the file its final mode. */
  async finish(mode: number): Promise<void> {
    while (this.inFlight) await this.inFlight
    if (this.failure) throw this.failure
    await (this.direct ?? this.buffered)?.chmod(mode)
  }

  /** fsync, once `finish` has returned: the bytes are on disk before anything records the file. */
  async sync(): Promise<void> {
    await this.direct?.sync()
    await this.buffered?.sync()
  }

  async close(): Promise<void> {
    // In-flight writes never reject (pump records the failure), so this only waits.
    while (this.inFlight) await this.inFlight
    await this.direct?.close()
    await this.buffered?.close()
  }

  private pump(): void {
    if (this.inFlight || this.queued.length === 0 || this.failure) return
    const batch = this.queued.splice(0)
    this.inFlight = this.write(batch)
      .then(() => {
        for (const entry of batch) entry.release()
      })
      .catch((error: unknown) => {
        this.failure = error
        // Release the buffers anyway: the producer must not wait forever for a file that has failed.
        for (const entry of [...batch, ...this.queued.splice(0)]) entry.release()
      })
      .finally(() => {
        this.inFlight = null
        this.pump()
      })
  }

  /** The batch is contiguous: buffers arrive in file order. */
  private async write(batch: QueuedBlock[]): Promise<void> {
    const start = batch[0].position
    const chunks = batch.map((entry) => entry.chunk)
    const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0)
    if (!this.direct) return this.writeBuffered(chunks, start)
    const aligned = start % DIRECT_ALIGNMENT === 0 ? length - (length % DIRECT_ALIGNMENT) : 0
    if (aligned > 0) {
      try {
        const {head, tail} = splitAt(chunks, aligned)
        await writeAll(this.direct, head, start)
        if (tail.length > 0) await this.writeBuffered(tail, start + aligned)
        return
      } catch (error) {
        // Some file systems accept O_DIRECT at open and refuse it on the first write.
        if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error
        await this.direct.close()
        this.direct = null
      }
    }

    await this.writeBuffered(chunks, start)
  }

  private async writeBuffered(chunks: Buffer[], position: number): Promise<void> {
    this.buffered ??= await open(this.path, 'r+')
    await writeAll(this.buffered, chunks, position)
  }
}

/** Splits a list of buffers at byte `offset` without copying. */
const splitAt = (chunks: Buffer[], offset: number): {head: Buffer[]; tail: Buffer[]} => {
  const head: Buffer[] = []
  const tail: Buffer[] = []
  let remaining = offset
  for (const chunk of chunks) {
    if (remaining >= chunk.length) head.push(chunk)
    else if (remaining <= 0) tail.push(chunk)
    else {
      head.push(chunk.subarray(0, remaining))
      tail.push(chunk.subarray(remaining))
    }

    remaining -= chunk.length
  }

  return {head, tail}
}

/** writev may write less than asked (a full disk gives ENOSPC on the retry); loop until done. */
const writeAll = async (handle: FileHandle, chunks: Buffer[], position: number): Promise<void> => {
  let pending = chunks
  let at = position
  while (pending.length > 0) {
    const {bytesWritten} = await handle.writev(pending, at)
    at += bytesWritten
    pending = splitAt(pending, bytesWritten).tail
  }
}
