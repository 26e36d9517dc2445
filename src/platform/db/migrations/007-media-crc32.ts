import type {Migration} from './index.js'

/**
 * The CRC-32 of each imported file, computed in the import's read pass. A zip entry's local header
 * carries the CRC before the entry's bytes; knowing it lets `archive pack` write the archive as one
 * stream in order, hashing the archive's own digest as it goes, without reading any evidence twice.
 * Files imported before this version have none; the pack computes theirs.
 */
export const mediaCrc32: Migration = {
  version: 7,
  name: 'media-crc32',
  sql: `ALTER TABLE media ADD COLUMN crc32 INTEGER;`,
}
