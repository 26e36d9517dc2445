import {closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {FILE_MODE} from './file-modes.js'

/** fsync of a file, or of a folder so that the names just created or renamed in it survive a power cut. */
export const fsyncPath = (path: string): void => {
  const descriptor = openSync(path, 'r')
  try {
    fsyncSync(descriptor)
  } finally {
    closeSync(descriptor)
  }
}

/** Temporary sibling path: same directory, so the final rename stays on one file system and is atomic. */
export const temporarySibling = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`)

/** Creates `path` (never over an existing file) holding `bytes`, flushed to disk; a failed write leaves no file. */
export const writeNewFile = (path: string, bytes: Uint8Array, mode = FILE_MODE): void => {
  const fd = openSync(path, 'wx', mode)
  try {
    let offset = 0
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset)
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(path, {force: true})
    throw error
  }

  closeSync(fd)
}

/**
 * Writes a whole file or nothing: temp file, fsync, rename. A reader never sees half a file,
 * and a crash leaves at most a stray `.tmp` beside it.
 */
export const writeFileAtomic = (path: string, content: string | Uint8Array, mode = FILE_MODE): void => {
  const temporary = temporarySibling(path)
  writeNewFile(temporary, typeof content === 'string' ? Buffer.from(content, 'utf8') : content, mode)
  renameSync(temporary, path)
}
