import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'

/**
 * SM3 runs at ~160 MB/s in OpenSSL and cannot be split within one file, so work is fast only when
 * spread over threads. Verifying: each worker reads a file (or a stored entry's byte range of a zip)
 * once, in 1 MiB chunks, feeding SHA-256, SM3 and CRC-32 from the same buffer. Packing: workers hash
 * regions of the writer's shared block ring, where the bytes already are.
 *
 * The worker body is plain CommonJS given to `eval` so that it runs the same from dist/ and under the
 * TypeScript test runner, without a separate build artefact.
 */
const WORKER_SOURCE = String.raw`
const {parentPort} = require('node:worker_threads')
const {closeSync, openSync, readSync} = require('node:fs')
const {createHash} = require('node:crypto')
const {crc32} = require('node:zlib')
const CHUNK = 1 << 20
const buffer = Buffer.allocUnsafe(CHUNK)

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
      size += read
    }
    return {crc32: crc >>> 0, head, sha256: sha256.digest('hex'), size, sm3: sm3.digest('hex')}
  } finally {
    closeSync(fd)
  }
}

// Regions of a shared memory (the archive's block ring), hashed as named streams: one per payload
// file, or one for the whole archive.
let shared = null
const streams = new Map()

const regionUpdate = (job) => {
  let state = streams.get(job.stream)
  if (!state) {
    state = {crc: job.crc ? 0 : null, sha256: createHash('sha256'), size: 0, sm3: createHash('sm3')}
    streams.set(job.stream, state)
  }
  // 1 MiB at a time, so SM3 reads what SHA-256 has just brought into the CPU cache.
  for (let at = 0; at < job.length; at += CHUNK) {
    const bytes = new Uint8Array(shared, job.offset + at, Math.min(CHUNK, job.length - at))
    state.sha256.update(bytes)
    state.sm3.update(bytes)
    if (state.crc !== null) state.crc = crc32(bytes, state.crc)
  }
  state.size += job.length
  return {}
}

const regionFinal = (job) => {
  const state = streams.get(job.stream) ?? {crc: null, sha256: createHash('sha256'), size: 0, sm3: createHash('sm3')}
  streams.delete(job.stream)
  return {crc32: state.crc === null ? null : state.crc >>> 0, sha256: state.sha256.digest('hex'), size: state.size, sm3: state.sm3.digest('hex')}
}

const OPERATIONS = {
  attach: (job) => {
    shared = job.memory
    return {}
  },
  file: hashFile,
  'region-final': regionFinal,
  region: regionUpdate,
}

parentPort.on('message', (job) => {
  try {
    const result = OPERATIONS[job.type](job)
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
  /** How many leading bytes to return, for format checks. */
  headBytes?: number
}

export interface FileDigests {
  sha256: string
  sm3: string
  crc32: number
  size: number
  head: Buffer
}

export interface RegionDigests {
  sha256: string
  sm3: string
  size: number
  /** Only for streams whose regions asked for it. */
  crc32: number | null
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

/**
 * A worker hashing regions of a shared memory as named streams, in the order they are given: the
 * archive writer's block ring, read by no one else, so the bytes are hashed where they already are.
 */
export class RegionHasher {
  private readonly worker = new HashWorker()

  constructor(memory: SharedArrayBuffer) {
    // Messages are handled in order, so the first update always finds the memory attached.
    void this.worker.request({memory, type: 'attach'})
  }

  update(stream: string, offset: number, length: number, options: {crc32?: boolean} = {}): Promise<void> {
    return this.worker.request({crc: options.crc32 ?? false, length, offset, stream, type: 'region'})
  }

  final(stream: string): Promise<RegionDigests> {
    return this.worker.request<RegionDigests>({stream, type: 'region-final'})
  }

  async close(): Promise<void> {
    await this.worker.terminate()
  }
}

/** One worker per core, at most four: beyond that the disk, not SM3, is the limit. */
export const defaultPoolSize = (): number => Math.min(4, Math.max(1, availableParallelism()))
