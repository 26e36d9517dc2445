import type {FileFailure} from './file-failure.js'
import type {EmbeddedMetadata} from './metadata.js'
import type {Digests} from './stream-digests.js'

/** Messages between the hash pool and its worker threads. */
export type WorkerTask =
  | {id: number; op: 'digest'; path: string | Uint8Array}
  | {id: number; op: 'import'; source: string | Uint8Array; staging: string; timezone: string}

export interface ImportedFile extends Digests {
  /** Kept for the archive: a zip entry's header carries it before the entry's bytes. */
  crc32: number
  metadata: EmbeddedMetadata
  sourceMtimeMs: number
}

export type WorkerReply =
  | {id: number; type: 'progress'; bytes: number}
  | {id: number; type: 'digest'; result: Digests}
  | {id: number; type: 'imported'; result: ImportedFile}
  | {id: number; type: 'failed'; failure: FileFailure}

export type TaskOutcome<T> = {ok: true; value: T} | {ok: false; failure: FileFailure}

/** Messages to and from the fsync thread. */
export interface SyncRequest {
  id: number
  path: string
}

export type SyncReply = {id: number; error?: {code: string; message: string}}
