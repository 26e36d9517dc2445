import {closeSync, fsyncSync, openSync} from 'node:fs'
import {parentPort} from 'node:worker_threads'

import type {SyncReply, SyncRequest} from './hash-protocol.js'

/**
 * fsync on a thread of its own. An fsync can take a few hundred milliseconds on a virtual disk; run
 * through libuv it would hold one of the four pool threads that every hashing worker's reads and
 * writes share, and the hashing would wait behind it. Here it blocks nothing but this thread.
 */
parentPort?.on('message', ({id, path}: SyncRequest) => {
  let reply: SyncReply
  try {
    const descriptor = openSync(path, 'r')
    try {
      fsyncSync(descriptor)
    } finally {
      closeSync(descriptor)
    }

    reply = {id}
  } catch (error) {
    const {code, message} = error as NodeJS.ErrnoException
    reply = {error: {code: code ?? 'EIO', message}, id}
  }

  parentPort?.postMessage(reply)
})
