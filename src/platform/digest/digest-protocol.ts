import type {DigestsWithCrc} from './digest.js'

/** A whole file or a byte range of one, read once; optionally copied while it is read. */
export interface FileJob {
  /** Raw (non-UTF-8) names travel as bytes. */
  path: string | Uint8Array
  /** Byte offset where the content starts (a stored entry inside a zip). */
  start?: number
  /** Bytes to read; absent reads to the end of the file. */
  length?: number
  /** How many leading bytes to return, for sniffing the format without reading the file again. */
  headBytes?: number
  crc32?: boolean
  /**
   * Also write every byte read to this new file (created exclusively, with the source's times). The
   * source must be a regular file that does not change while it is copied.
   */
  copy?: {
    to: string
    /** The copy's mode once complete; evidence copies are read-only (READ_ONLY_FILE_MODE, the default). */
    mode?: number
    /** false: write through the page cache even where direct I/O is available. */
    direct?: boolean
    /** Refuse an empty source: evidence with no content cannot be registered. */
    refuseEmpty?: boolean
  }
}

export interface FileDigests extends DigestsWithCrc {
  head: Buffer
  /** The source's modification time when it was opened. */
  mtimeMs: number
}

/** Messages from the main thread to a digest thread. */
export type DigestRequest =
  | {id: number; kind: 'file'; job: FileJob}
  /** Adds bytes to the named stream: given here, or a region of the attached shared memory. */
  | {id: number; kind: 'update'; stream: string; crc32: boolean; bytes?: Uint8Array; region?: {offset: number; length: number}}
  /** `crc32` answers for a stream that never received a byte. */
  | {id: number; kind: 'final'; stream: string; crc32: boolean}
  | {id: number; kind: 'attach'; memory: SharedArrayBuffer}
  | {id: number; kind: 'sync'; path: string}

export interface JobFailure {
  code: string
  message: string
  /** True when the message is a stated reason (FileRefusal), false for a system error. */
  refusal: boolean
}

export type DigestReply =
  | {id: number; type: 'progress'; bytes: number}
  | {id: number; type: 'done'; result: unknown}
  | {id: number; type: 'failed'; failure: JobFailure}
