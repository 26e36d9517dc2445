import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'

import {type DigestsWithCrc, FileRefusal} from './digest.js'
import type {DigestReply, DigestRequest, FileDigests, FileJob, JobFailure} from './digest-protocol.js'

type RequestBody = DigestRequest extends infer T ? (T extends DigestRequest ? Omit<T, 'id'> : never) : never

/**
 * Starts a thread of the one digest script. Built code runs `digest-worker.js`. Under the test runner
 * this module is TypeScript source, and Node 20 does not hand tsx's loader on to worker threads
 * (tsx registers itself there only from Node 22.22), so the thread preloads `register-tsx.mjs`, which
 * registers it, and then loads `digest-worker.ts` like any other module.
 */
const spawnDigestThread = (): Worker => {
  const isTypeScript = import.meta.url.endsWith('.ts')
  const script = new URL(`./digest-worker.${isTypeScript ? 'ts' : 'js'}`, import.meta.url)
  if (!isTypeScript) return new Worker(script)
  return new Worker(script, {execArgv: [...process.execArgv, '--import', new URL('register-tsx.mjs', import.meta.url).href]})
}

const asError = (failure: JobFailure): Error =>
  failure.refusal ? new FileRefusal(failure.code, failure.message) : Object.assign(new Error(failure.message), {code: failure.code})

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
  onBytes?: (bytes: number) => void
}

/** One digest thread and the requests it has not answered yet, answered in the order they were sent. */
class DigestThread {
  /** A file job is running here (one at a time: each thread has one ring of read buffers). */
  busy = false
  /** Open streams assigned here. */
  streams = 0
  private readonly worker = spawnDigestThread()
  private readonly pending = new Map<number, Pending>()
  private nextId = 1

  constructor(onDeath: (thread: DigestThread) => void) {
    this.worker.on('message', (reply: DigestReply) => {
      const pending = this.pending.get(reply.id)
      if (!pending) return
      if (reply.type === 'progress') {
        pending.onBytes?.(reply.bytes)
        return
      }

      this.pending.delete(reply.id)
      if (reply.type === 'failed') pending.reject(asError(reply.failure))
      else pending.resolve(reply.result)
    })
    this.worker.on('error', (error) => {
      // A thread that dies takes only its own requests with it; the pool starts another for the rest.
      const failure = new FileRefusal('WORKER_FAILED', `摘要线程异常退出：${error.message}`)
      for (const pending of this.pending.values()) pending.reject(failure)
      this.pending.clear()
      onDeath(this)
    })
  }

  request<T>(body: RequestBody, options: {onBytes?: (bytes: number) => void; transfer?: ArrayBuffer[]} = {}): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {onBytes: options.onBytes, reject, resolve: resolve as (value: unknown) => void})
      this.worker.postMessage({...body, id}, options.transfer)
    })
  }

  async terminate(): Promise<void> {
    await this.worker.terminate()
  }
}

interface QueuedFile {
  job: FileJob
  onBytes?: (bytes: number) => void
  resolve: (value: FileDigests) => void
  reject: (error: Error) => void
}

/**
 * SHA-256 and SM3 (and CRC-32 where a zip needs it) on worker threads, one per core: SM3 runs at about
 * 160 MB/s and cannot be split within one file, so work is fast only when spread over threads. Every
 * digest of evidence goes through here: media import (copy + hash), media verify, archive verify
 * (files and byte ranges of zip entries), export and its verification, the archive label. Threads
 * start on first use, so a run with nothing to hash starts none.
 */
export class DigestPool {
  private readonly size: number
  private readonly threads: DigestThread[] = []
  private readonly queue: QueuedFile[] = []
  private syncThread: DigestThread | null = null
  private nextStream = 1

  constructor(size = availableParallelism()) {
    this.size = Math.max(1, size)
  }

  /** Hashes a file, or a byte range of one, in one read; copies it too when the job says so. */
  file(job: FileJob, onBytes?: (bytes: number) => void): Promise<FileDigests> {
    return new Promise((resolve, reject) => {
      this.queue.push({job, onBytes, reject, resolve})
      this.dispatch()
    })
  }

  /**
   * A stream of bytes the caller produces in order (a zip entry being inflated or written), hashed
   * on a digest thread while the caller goes on.
   */
  stream(options: {crc32?: boolean} = {}): DigestStream {
    const thread = this.threads.length < this.size ? this.start() : this.threads.reduce((least, thread) => (thread.streams < least.streams ? thread : least))
    thread.streams++
    return new DigestStream(thread, `stream-${this.nextStream++}`, options.crc32 ?? false, () => thread.streams--)
  }

  /** fsync `path` (a file or a folder) on a thread of its own, so no digest thread waits behind it. */
  sync(path: string): Promise<void> {
    this.syncThread ??= new DigestThread(() => (this.syncThread = null))
    return this.syncThread.request({kind: 'sync', path})
  }

  async close(): Promise<void> {
    const threads = this.threads.splice(0)
    if (this.syncThread) threads.push(this.syncThread)
    this.syncThread = null
    await Promise.all(threads.map((thread) => thread.terminate()))
  }

  private start(): DigestThread {
    const thread = new DigestThread((dead) => {
      const index = this.threads.indexOf(dead)
      if (index >= 0) this.threads.splice(index, 1)
      this.dispatch()
    })
    this.threads.push(thread)
    return thread
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = this.threads.find((thread) => !thread.busy) ?? (this.threads.length < this.size ? this.start() : null)
      if (!idle) return
      const next = this.queue.shift() as QueuedFile
      idle.busy = true
      idle
        .request<Omit<FileDigests, 'head'> & {head: Uint8Array}>({job: next.job, kind: 'file'}, {onBytes: next.onBytes})
        .then(
          (result) => next.resolve({...result, head: Buffer.from(result.head)}),
          (error: Error) => next.reject(error),
        )
        .finally(() => {
          idle.busy = false
          this.dispatch()
        })
    }
  }
}

/** Bytes a stream may have posted but not yet hashed before `update` makes the producer wait. */
const STREAM_WINDOW_BYTES = 16 * 1024 * 1024

/** Bytes hashed on a digest thread in the order they are given; see `DigestPool.stream`. */
export class DigestStream {
  private inFlight = 0
  private drained: (() => void) | null = null
  private failure: Error | null = null

  constructor(
    private readonly thread: DigestThread,
    private readonly name: string,
    private readonly crc32: boolean,
    private readonly onFinal: () => void,
  ) {}

  /** Posts a copy of `bytes`; resolves at once unless too much is still waiting to be hashed. */
  async update(bytes: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure
    this.inFlight += bytes.length
    // A copy of just these bytes, handed over without a second copy: posting a view would clone the
    // whole buffer behind it, and the caller keeps using its own bytes.
    const copy = new Uint8Array(bytes)
    this.thread.request({bytes: copy, crc32: this.crc32, kind: 'update', stream: this.name}, {transfer: [copy.buffer]}).then(
      () => this.settle(bytes.length),
      (error: Error) => {
        this.failure ??= error
        this.settle(bytes.length)
      },
    )
    while (this.inFlight > STREAM_WINDOW_BYTES) await new Promise<void>((resolve) => (this.drained = resolve))
    if (this.failure) throw this.failure
  }

  async final(): Promise<DigestsWithCrc> {
    try {
      const result = await this.thread.request<DigestsWithCrc>({crc32: this.crc32, kind: 'final', stream: this.name})
      if (this.failure) throw this.failure
      return result
    } finally {
      this.onFinal()
    }
  }

  private settle(bytes: number): void {
    this.inFlight -= bytes
    this.drained?.()
    this.drained = null
  }
}

/**
 * A digest thread of its own hashing regions of a shared memory as named streams, in the order they
 * are given: the archive writer's block ring, read by no one else, so the bytes are hashed where they
 * already are. Each `update` resolves once its region is hashed and the memory may be reused.
 */
export class RegionHasher {
  private readonly thread = new DigestThread(() => undefined)

  constructor(memory: SharedArrayBuffer) {
    // Requests are handled in order, so the first update always finds the memory attached.
    void this.thread.request({kind: 'attach', memory})
  }

  update(stream: string, offset: number, length: number, options: {crc32?: boolean} = {}): Promise<void> {
    return this.thread.request({crc32: options.crc32 ?? false, kind: 'update', region: {length, offset}, stream})
  }

  final(stream: string, options: {crc32?: boolean} = {}): Promise<DigestsWithCrc> {
    return this.thread.request<DigestsWithCrc>({crc32: options.crc32 ?? false, kind: 'final', stream})
  }

  async close(): Promise<void> {
    await this.thread.terminate()
  }
}
