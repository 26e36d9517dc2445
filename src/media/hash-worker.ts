import {open, rm} from 'node:fs/promises'
import {parentPort} from 'node:worker_threads'

import {describeFileFailure} from './file-failure.js'
import type {WorkerReply, WorkerTask} from './hash-protocol.js'
import {MediaParseError} from './media-parse-error.js'
import {sniffFormat} from './sniff.js'
import {streamDigests} from './stream-digests.js'

/** Progress is batched: one message per few MiB keeps the main thread free for the other workers. */
const PROGRESS_EVERY_BYTES = 8 * 1024 * 1024

/** Raw (non-UTF-8) names travel as bytes and arrive as a plain Uint8Array; fs wants a Buffer. */
const asPath = (path: string | Uint8Array): string | Buffer => (typeof path === 'string' ? path : Buffer.from(path))

const post = (reply: WorkerReply) => parentPort?.postMessage(reply)

const runTask = async (task: WorkerTask): Promise<void> => {
  let pending = 0
  const onBytes = (bytes: number) => {
    pending += bytes
    if (pending >= PROGRESS_EVERY_BYTES) {
      post({bytes: pending, id: task.id, type: 'progress'})
      pending = 0
    }
  }

  const flush = () => {
    if (pending > 0) post({bytes: pending, id: task.id, type: 'progress'})
    pending = 0
  }

  if (task.op === 'digest') {
    try {
      const {sha256, size, sm3} = await streamDigests(asPath(task.path), {onBytes})
      flush()
      post({id: task.id, result: {sha256, size, sm3}, type: 'digest'})
    } catch (error) {
      flush()
      post({failure: describeFileFailure(error), id: task.id, type: 'failed'})
    }

    return
  }

  try {
    const source = await open(asPath(task.source), 'r')
    try {
      const before = await source.stat()
      if (!before.isFile()) throw new MediaParseError('NOT_A_FILE', '不是普通文件（设备、管道或套接字）')
      if (before.size === 0) throw new MediaParseError('EMPTY_FILE', '文件为空（0 字节），没有可登记的内容')
      const streamed = await streamDigests(asPath(task.source), {copyTo: task.staging, crc32: true, onBytes})
      const after = await source.stat()
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || streamed.size !== before.size) {
        throw new MediaParseError('CHANGED_DURING_COPY', '复制过程中文件被修改（大小或修改时间变化），请待其写完后重新导入')
      }

      // Keep the original modification time on the copy: it is part of what the device recorded.
      const staged = await open(task.staging, 'r')
      try {
        await staged.utimes(before.atime, before.mtime)
      } finally {
        await staged.close()
      }

      const sniffed = sniffFormat(streamed.head)
      // Loaded on first use: a worker that only re-hashes (verify, handover) never needs the parsers.
      const {readEmbeddedMetadata} = await import('./metadata.js')
      const metadata = await readEmbeddedMetadata(task.staging, sniffed, task.timezone)
      flush()
      post({
        id: task.id,
        result: {crc32: streamed.crc32 as number, metadata, sha256: streamed.sha256, size: streamed.size, sm3: streamed.sm3, sourceMtimeMs: before.mtimeMs},
        type: 'imported',
      })
    } finally {
      await source.close()
    }
  } catch (error) {
    flush()
    await rm(task.staging, {force: true})
    post({failure: describeFileFailure(error), id: task.id, type: 'failed'})
  }
}

parentPort?.on('message', (task: WorkerTask) => {
  void runTask(task)
})
