import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'

import type {Digests} from './stream-digests.js'
import type {ImportedFile, TaskOutcome, WorkerReply, WorkerTask} from './hash-protocol.js'

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
 * Built code runs `hash-worker.js` directly; under the test runner this module is TypeScript, so the
 * worker registers tsx first and then loads the `.ts` source.
 */
const spawnWorker = (): Worker => {
  const isTypeScript = import.meta.url.endsWith('.ts')
  const workerUrl = new URL(isTypeScript ? './hash-worker.ts' : './hash-worker.js', import.meta.url)
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

  constructor(size = availableParallelism()) {
    this.size = Math.max(1, size)
  }

  digest(path: string | Uint8Array, onBytes?: (bytes: number) => void): Promise<TaskOutcome<Digests>> {
    return this.submit({op: 'digest', path}, onBytes) as Promise<TaskOutcome<Digests>>
  }

  importFile(source: string | Uint8Array, staging: string, timezone: string, onBytes?: (bytes: number) => void): Promise<TaskOutcome<ImportedFile>> {
    return this.submit({op: 'import', source, staging, timezone}, onBytes) as Promise<TaskOutcome<ImportedFile>>
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map(({worker}) => worker.terminate()))
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
    const entry: PoolWorker = {current: null, worker: spawnWorker()}
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
