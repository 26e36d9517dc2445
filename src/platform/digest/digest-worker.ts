import {type FileHandle, open, rm} from 'node:fs/promises'
import {parentPort} from 'node:worker_threads'

import {fsyncPath} from '../atomic-file.js'
import {alignedBlocks, BlockFileWriter} from '../block-file-writer.js'
import {DigestState, type DigestsWithCrc, FileRefusal} from './digest.js'
import type {DigestReply, DigestRequest, FileDigests, FileJob} from './digest-protocol.js'
import {READ_ONLY_FILE_MODE} from '../file-modes.js'

/**
 * The one digest thread script. `DigestPool` runs several for files and streams, `RegionHasher` one
 * per ordered stream over shared memory, and the pool one more whose only job is fsync.
 */

/** Large reads and writes keep the per-call overhead small. */
const CHUNK_BYTES = 4 * 1024 * 1024
/**
 * Chunks a file may run ahead of its copy: hashing never waits for a slow write unless the disk
 * falls 28 MiB behind. One ring per thread, reused for every file, so memory does not grow with size.
 */
const RING_CHUNKS = 8
/** Progress is batched: one message per few MiB keeps the main thread free for the other threads. */
const PROGRESS_EVERY_BYTES = 8 * 1024 * 1024

/** Aligned for the direct-I/O copy; kept for reuse, so a thread hashing one file at a time allocates one ring in all. */
const idleRings: Buffer[][] = []
const takeRing = (): Buffer[] => idleRings.pop() ?? alignedBlocks(RING_CHUNKS, CHUNK_BYTES).blocks

/** Raw (non-UTF-8) names travel as bytes and arrive as a plain Uint8Array; fs wants a Buffer. */
const asPath = (path: string | Uint8Array): string | Buffer => (typeof path === 'string' ? path : Buffer.from(path))

/**
 * Reads the job's bytes exactly once, feeding every chunk to the digests and, when asked, to the copy.
 * The next chunk is read while the current one is hashed and earlier ones are still being written, so
 * reading, hashing and writing overlap; memory stays one ring of chunks per thread whatever the size.
 */
const streamFile = async (input: FileHandle, job: FileJob, onBytes: (bytes: number) => void): Promise<DigestsWithCrc & {head: Uint8Array}> => {
  const state = new DigestState({crc32: job.crc32})
  const start = job.start ?? 0
  const limit = job.length ?? Number.POSITIVE_INFINITY
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

  let copy: BlockFileWriter | null = null
  let created = false
  let head: Uint8Array | null = null
  let size = 0
  const readAt = (slot: number) => input.read(buffers[slot], 0, Math.min(CHUNK_BYTES, limit - size), start + size)
  let reading: ReturnType<FileHandle['read']> | null = null
  try {
    copy = job.copy ? await BlockFileWriter.create(job.copy.to, {direct: job.copy.direct}) : null
    created = copy !== null
    let slot = 0
    reading = size < limit ? readAt(slot) : null
    while (reading) {
      const {bytesRead} = await reading
      reading = null
      if (bytesRead === 0) break
      const chunk = buffers[slot].subarray(0, bytesRead)
      free[slot] = false
      const next = (slot + 1) % buffers.length
      await slotFree(next)
      const position = size
      size += bytesRead
      if (size < limit) reading = readAt(next)
      state.update(chunk)
      // A copy the size of the head alone: a view would send the whole ring to the main thread.
      head ??= new Uint8Array(chunk.subarray(0, job.headBytes ?? 0))
      if (copy) copy.enqueue(chunk, position, release(slot))
      else free[slot] = true
      onBytes(bytesRead)
      slot = next
    }

    await copy?.finish(job.copy?.mode ?? READ_ONLY_FILE_MODE)
  } catch (error) {
    await Promise.allSettled([reading])
    await copy?.close()
    copy = null
    // Only a copy this job created is removed: an existing target (EEXIST) is never touched.
    if (created && job.copy) await rm(job.copy.to, {force: true})
    throw error
  } finally {
    // A failed write must not leave a read running on a handle that is being closed.
    await Promise.allSettled([reading])
    await copy?.close()
    idleRings.push(buffers)
  }

  return {...state.final(), head: head ?? new Uint8Array(0)}
}

const hashFile = async (job: FileJob, onBytes: (bytes: number) => void): Promise<Omit<FileDigests, 'head'> & {head: Uint8Array}> => {
  const input = await open(asPath(job.path), 'r')
  try {
    const before = await input.stat()
    if (job.copy) {
      if (!before.isFile()) throw new FileRefusal('NOT_A_FILE', '不是普通文件（设备、管道或套接字）')
      if (job.copy.refuseEmpty && before.size === 0) throw new FileRefusal('EMPTY_FILE', '文件为空（0 字节），没有可登记的内容')
    }

    const streamed = await streamFile(input, job, onBytes)
    if (job.copy) {
      const after = await input.stat()
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || streamed.size !== before.size) {
        await rm(job.copy.to, {force: true})
        throw new FileRefusal('CHANGED_DURING_COPY', '复制过程中文件被修改（大小或修改时间变化），请待其写完后重新导入')
      }

      // The copy keeps the source's modification time: it is part of what the device recorded.
      const copied = await open(job.copy.to, 'r')
      try {
        await copied.utimes(before.atime, before.mtime)
      } finally {
        await copied.close()
      }
    }

    return {...streamed, mtimeMs: before.mtimeMs}
  } finally {
    await input.close()
  }
}

// Named streams: bytes posted in order (a zip entry being inflated or written), or regions of an
// attached shared memory (the archive writer's block ring).
let shared: SharedArrayBuffer | null = null
const streams = new Map<string, DigestState>()

const updateStream = (request: Extract<DigestRequest, {kind: 'update'}>): null => {
  let state = streams.get(request.stream)
  if (!state) {
    state = new DigestState({crc32: request.crc32})
    streams.set(request.stream, state)
  }

  if (request.bytes) state.update(request.bytes)
  else if (request.region && shared) state.update(new Uint8Array(shared, request.region.offset, request.region.length))
  else if (request.region) throw new Error('共享内存尚未连接')
  return null
}

const finalStream = (stream: string, crc32: boolean): DigestsWithCrc => {
  const state = streams.get(stream) ?? new DigestState({crc32})
  streams.delete(stream)
  return state.final()
}

/**
 * fsync blocks this thread only. Run through libuv it would hold one of the four pool threads that
 * every digest thread's reads and writes share, and the hashing would wait behind it.
 */
const syncPath = (path: string): null => {
  fsyncPath(path)
  return null
}

const post = (reply: DigestReply) => parentPort?.postMessage(reply)

const run = async (request: DigestRequest): Promise<unknown> => {
  switch (request.kind) {
    case 'file': {
      let pending = 0
      try {
        return await hashFile(request.job, (bytes) => {
          pending += bytes
          if (pending < PROGRESS_EVERY_BYTES) return
          post({bytes: pending, id: request.id, type: 'progress'})
          pending = 0
        })
      } finally {
        if (pending > 0) post({bytes: pending, id: request.id, type: 'progress'})
      }
    }

    case 'update': {
      return updateStream(request)
    }

    case 'final': {
      return finalStream(request.stream, request.crc32)
    }

    case 'attach': {
      shared = request.memory
      return null
    }

    case 'sync': {
      return syncPath(request.path)
    }
  }
}

parentPort?.on('message', (request: DigestRequest) => {
  // Stream updates and finals run synchronously here, so each stream sees its bytes in posting order.
  run(request).then(
    (result) => post({id: request.id, result, type: 'done'}),
    (error: unknown) => {
      const {code, message} = error as NodeJS.ErrnoException
      post({failure: {code: code ?? 'READ_FAILED', message, refusal: error instanceof FileRefusal}, id: request.id, type: 'failed'})
    },
  )
})
