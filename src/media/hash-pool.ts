import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'

import type {Digests} from './stream-digests.js'
import type {ImportedFile, SyncReply, TaskOutcome, WorkerReply, WorkerTask} from './hash-protocol.js'

type TaskInput = WorkerTask extends infer T ? (T extends WorkerTask ? Omit<T, 'id'> : never) : never

interface QueuedTask {
  task: WorkerTask
  onBytes?: (bytes: number) => void
  settle: (outcome: TaskOutcome<unknown>) => void
}

interface PoolWorker {
  worker: Worker
  current: QueuedTask | null
}

/**
 * Built code runs `<module>.js` directly; under the test runner this module is TypeScript, so the
 * worker registers tsx first and then loads the `.ts` source.
 */
const spawnWorker = (module: 'hash-worker' | 'sync-worker'): Worker => {
  const isTypeScript = import.meta.url.endsWith('.ts')
  const workerUrl = new URL(`./${module}.${isTypeScript ? 'ts' : 'js'}`, import.meta.url)
  if (!isTypeScript) return new Worker(workerUrl)
  const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(workerUrl.href)}) })`
  return new Worker(bootstrap, {eval: true})
}

/**
 * A pool of worker threads, one per core: each streams one file at a time through SHA-256 and SM3
 * (and the copy), so several files are hashed in parallel while the main thread registers results.
 * Workers are started lazily, so a run that has nothing to hash starts none.
 */
export class HashPool {
  private readonly size: number
  private readonly workers: PoolWorker[] = []
  private readonly queue: QueuedTask[] = []
  private nextId = 1
  private syncWorker: Worker | null = null
  private readonly pendingSyncs = new Map<number, {resolve: () => void; reject: (error: Error) => void}>()

  constructor(size = availableParallelism()) {
    this.size = Math.max(1, size)
  }

  digest(path: string | Uint8Array, onBytes?: (bytes: number) => void): Promise<TaskOutcome<Digests>> {
    return this.submit({op: 'digest', path}, onBytes) as Promise<TaskOutcome<Digests>>
  }

  importFile(source: string | Uint8Array, staging: string, timezone: string, onBytes?: (bytes: number) => void): Promise<TaskOutcome<ImportedFile>> {
    return this.submit({op: 'import', source, staging, timezone}, onBytes) as Promise<TaskOutcome<ImportedFile>>
  }

  /** fsync `path` (a file or a directory) on the pool's own fsync thread. */
  sync(path: string): Promise<void> {
    const worker = this.syncWorker ?? this.startSyncWorker()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pendingSyncs.set(id, {reject, resolve})
      worker.postMessage({id, path})
    })
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0).map(({worker}) => worker)
    if (this.syncWorker) workers.push(this.syncWorker)
    this.syncWorker = null
    await Promise.all(workers.map((worker) => worker.terminate()))
  }

  private startSyncWorker(): Worker {
    const worker = spawnWorker('sync-worker')
    worker.on('message', ({error, id}: SyncReply) => {
      const pending = this.pendingSyncs.get(id)
      this.pendingSyncs.delete(id)
      if (error) pending?.reject(Object.assign(new Error(error.message), {code: error.code}))
      else pending?.resolve()
    })
    worker.on('error', (error) => {
      this.syncWorker = null
      for (const pending of this.pendingSyncs.values()) pending.reject(error)
      this.pendingSyncs.clear()
    })
    this.syncWorker = worker
    return worker
  }

  private submit(input: TaskInput, onBytes?: (bytes: number) => void): Promise<TaskOutcome<unknown>> {
    return new Promise((settle) => {
      this.queue.push({onBytes, settle, task: {...input, id: this.nextId++} as WorkerTask})
      this.dispatch()
    })
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let idle = this.workers.find((entry) => entry.current === null)
      if (!idle && this.workers.length < this.size) idle = this.start()
      if (!idle) return
      const next = this.queue.shift() as QueuedTask
      idle.current = next
      idle.worker.postMessage(next.task)
    }
  }

  private start(): PoolWorker {
    const entry: PoolWorker = {current: null, worker: spawnWorker('hash-worker')}
    entry.worker.on('message', (reply: WorkerReply) => {
      const current = entry.current
      if (!current || current.task.id !== reply.id) return
      if (reply.type === 'progress') {
        current.onBytes?.(reply.bytes)
        return
      }

      entry.current = null
      if (reply.type === 'failed') current.settle({failure: reply.failure, ok: false})
      else current.settle({ok: true, value: reply.result})
      this.dispatch()
    })
    entry.worker.on('error', (error) => {
      // A worker that dies takes only its current file with it; the pool replaces it for the rest.
      const current = entry.current
      this.workers.splice(this.workers.indexOf(entry), 1)
      current?.settle({failure: {code: 'WORKER_FAILED', message: `哈希线程异常退出：${error.message}`}, ok: false})
      this.dispatch()
    })
    this.workers.push(entry)
    return entry
  }
}

export type {ImportedFile} from './hash-protocol.js'
