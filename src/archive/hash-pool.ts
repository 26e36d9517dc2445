import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'

/**
 * SM3 runs at ~160 MB/s in OpenSSL and cannot be split within one file, so archives are fast only when
 * several files are hashed at once. Each worker reads a file (or a byte range of one) once, in 1 MiB
 * chunks, feeding SHA-256, SM3 and CRC-32 from the same buffer and, when packing, writing that buffer
 * straight to its precomputed place in the zip: one read pass per file, no second copy in memory.
 *
 * The worker body is plain CommonJS given to `eval` so that it runs the same from dist/ and under the
 * TypeScript test runner, without a separate build artefact.
 */
const WORKER_SOURCE = String.raw`
const {parentPort} = require('node:worker_threads')
const {closeSync, openSync, readSync, writeSync} = require('node:fs')
const {createHash} = require('node:crypto')
const {crc32} = require('node:zlib')
const CHUNK = 1 << 20
const buffer = Buffer.allocUnsafe(CHUNK)
let stream = null

const writeAll = (fd, bytes, position) => {
  let done = 0
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done)
}

const hashFile = (job) => {
  const sha256 = createHash('sha256')
  const sm3 = createHash('sm3')
  let crc = 0
  let size = 0
  let head = Buffer.alloc(0)
  const fd = openSync(job.path, 'r')
  try {
    const limit = job.length === null ? Number.POSITIVE_INFINITY : job.length
    while (size < limit) {
      const read = readSync(fd, buffer, 0, Math.min(CHUNK, limit - size), job.start + size)
      if (read === 0) break
      const chunk = buffer.subarray(0, read)
      sha256.update(chunk)
      sm3.update(chunk)
      crc = crc32(chunk, crc)
      if (head.length < job.headBytes) head = Buffer.concat([head, chunk.subarray(0, job.headBytes - head.length)])
      if (job.targetFd !== null) writeAll(job.targetFd, chunk, job.targetPosition + size)
      size += read
    }
    // A file that grew after it was measured would overflow its place in the zip.
    const grew = job.length !== null && job.start === 0 && readSync(fd, buffer, 0, 1, size) > 0
    return {crc32: crc >>> 0, grew, head, sha256: sha256.digest('hex'), size, sm3: sm3.digest('hex')}
  } finally {
    closeSync(fd)
  }
}

const streamUpdate = (job) => {
  stream ??= {sha256: createHash('sha256'), sm3: createHash('sm3'), size: 0}
  const fd = openSync(job.path, 'r')
  try {
    for (let position = job.start; position < job.end; ) {
      const read = readSync(fd, buffer, 0, Math.min(CHUNK, job.end - position), position)
      if (read === 0) throw new Error('stream range beyond end of file')
      const chunk = buffer.subarray(0, read)
      stream.sha256.update(chunk)
      stream.sm3.update(chunk)
      stream.size += read
      position += read
    }
  } finally {
    closeSync(fd)
  }
  return {}
}

const streamFinal = () => {
  const current = stream ?? {sha256: createHash('sha256'), sm3: createHash('sm3'), size: 0}
  stream = null
  return {sha256: current.sha256.digest('hex'), size: current.size, sm3: current.sm3.digest('hex')}
}

parentPort.on('message', (job) => {
  try {
    const result = job.type === 'file' ? hashFile(job) : job.type === 'stream-update' ? streamUpdate(job) : streamFinal()
    parentPort.postMessage({id: job.id, result})
  } catch (error) {
    parentPort.postMessage({error: {code: error.code ?? null, message: error.message}, id: job.id})
  }
})
`

export interface FileHashJob {
  path: string
  /** Byte offset in `path` where the content starts (a stored entry inside a zip). */
  start?: number
  /** Bytes to read; null reads to the end of the file. */
  length?: number | null
  /** Write the bytes read to this descriptor at `targetPosition` (packing). */
  targetFd?: number | null
  targetPosition?: number
  /** How many leading bytes to return, for format checks. */
  headBytes?: number
}

export interface FileDigests {
  sha256: string
  sm3: string
  crc32: number
  size: number
  head: Buffer
  /** The file had more bytes than `length` (it changed after it was measured). */
  grew: boolean
}

export interface StreamDigests {
  sha256: string
  sm3: string
  size: number
}

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

class HashWorker {
  private readonly worker: Worker
  private readonly pending = new Map<number, Pending>()
  private nextId = 1

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, {eval: true})
    this.worker.on('message', (message: {id: number; result?: unknown; error?: {code: string | null; message: string}}) => {
      const pending = this.pending.get(message.id)
      if (!pending) return
      this.pending.delete(message.id)
      if (message.error) pending.reject(Object.assign(new Error(message.error.message), {code: message.error.code ?? undefined}))
      else pending.resolve(message.result)
    })
    this.worker.on('error', (error) => {
      for (const pending of this.pending.values()) pending.reject(error)
      this.pending.clear()
    })
  }

  request<T>(message: Record<string, unknown>): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {reject, resolve: resolve as (value: unknown) => void})
      this.worker.postMessage({...message, id})
    })
  }

  async terminate(): Promise<void> {
    await this.worker.terminate()
  }
}

/** A fixed set of workers taking file jobs in submission order. */
export class HashPool {
  private readonly idle: HashWorker[]
  private readonly all: HashWorker[]
  private readonly queue: Array<() => void> = []

  constructor(size = defaultPoolSize()) {
    this.all = Array.from({length: Math.max(1, size)}, () => new HashWorker())
    this.idle = [...this.all]
  }

  async hashFile(job: FileHashJob): Promise<FileDigests> {
    const worker = await this.acquire()
    try {
      const result = await worker.request<Omit<FileDigests, 'head'> & {head: Uint8Array}>({
        headBytes: job.headBytes ?? 0,
        length: job.length ?? null,
        path: job.path,
        start: job.start ?? 0,
        targetFd: job.targetFd ?? null,
        targetPosition: job.targetPosition ?? 0,
        type: 'file',
      })
      return {...result, head: Buffer.from(result.head)}
    } finally {
      this.release(worker)
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((worker) => worker.terminate()))
  }

  private acquire(): Promise<HashWorker> {
    const worker = this.idle.pop()
    if (worker) return Promise.resolve(worker)
    return new Promise((resolve) => {
      this.queue.push(() => resolve(this.idle.pop() as HashWorker))
    })
  }

  private release(worker: HashWorker): void {
    this.idle.push(worker)
    this.queue.shift()?.()
  }
}

/** Hashes consecutive byte ranges of one file as a single stream (the finished zip, in order). */
export class StreamHasher {
  private readonly worker = new HashWorker()
  private chain: Promise<unknown> = Promise.resolve()

  /** Queues [start, end) of `path`; ranges must be given in order and without gaps. */
  update(path: string, start: number, end: number): void {
    if (end <= start) return
    this.chain = this.chain.then(() => this.worker.request({end, path, start, type: 'stream-update'}))
  }

  async digest(): Promise<StreamDigests> {
    await this.chain
    return this.worker.request<StreamDigests>({type: 'stream-final'})
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined)
    await this.worker.terminate()
  }
}

/** One worker per core, at most four: beyond that the disk, not SM3, is the limit. */
export const defaultPoolSize = (): number => Math.min(4, Math.max(1, availableParallelism()))
