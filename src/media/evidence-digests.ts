import {rm} from 'node:fs/promises'

import type {Digests} from '../platform/digest/digest.js'
import type {DigestPool} from '../platform/digest/digest-pool.js'
import {describeFileFailure, type FileFailure} from './file-failure.js'
import type {EmbeddedMetadata} from './metadata.js'
import {SNIFF_BYTES, sniffFormat} from './sniff.js'

/** What `media add` learns from one file: its digests, its CRC-32, and what its bytes say about it. */
export interface ImportedFile extends Digests {
  /** Kept for the archive: a zip entry's header carries it before the entry's bytes. */
  crc32: number
  metadata: EmbeddedMetadata
  sourceMtimeMs: number
}

/** A file's result, or why it failed in words for the officer: one file's failure never stops the others. */
export type FileOutcome<T> = {ok: true; value: T} | {ok: false; failure: FileFailure}

/**
 * Copies `source` to `staging` on a digest thread, hashing (SHA-256, SM3, CRC-32) in the same single
 * read, then reads the embedded metadata from the copy, the bytes actually registered. A failure
 * removes the staging copy.
 */
export const importFile = async (
  pool: DigestPool,
  source: string | Uint8Array,
  staging: string,
  timezone: string,
  onBytes?: (bytes: number) => void,
): Promise<FileOutcome<ImportedFile>> => {
  try {
    const copied = await pool.file({copy: {refuseEmpty: true, to: staging}, crc32: true, headBytes: SNIFF_BYTES, path: source}, onBytes)
    try {
      // Loaded on first use: a run that only re-hashes (verify, handover) never needs the parsers.
      const {readEmbeddedMetadata} = await import('./metadata.js')
      const metadata = await readEmbeddedMetadata(staging, sniffFormat(copied.head), timezone)
      const {crc32, mtimeMs, sha256, size, sm3} = copied
      return {ok: true, value: {crc32: crc32 as number, metadata, sha256, size, sm3, sourceMtimeMs: mtimeMs}}
    } catch (error) {
      await rm(staging, {force: true})
      throw error
    }
  } catch (error) {
    return {failure: describeFileFailure(error), ok: false}
  }
}

/** Re-hashes a registered file (verify, handover) on a digest thread. */
export const digestFile = async (pool: DigestPool, path: string, onBytes?: (bytes: number) => void): Promise<FileOutcome<Digests>> => {
  try {
    const {sha256, size, sm3} = await pool.file({path}, onBytes)
    return {ok: true, value: {sha256, size, sm3}}
  } catch (error) {
    return {failure: describeFileFailure(error), ok: false}
  }
}
