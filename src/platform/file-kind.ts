import {lstatSync, type Stats} from 'node:fs'

import {notFound, usageError} from './errors.js'

/**
 * What a path given to read from (an archive, an export) is, by lstat: a regular file or a folder.
 * A FIFO would block the reader for ever and a symlink would be followed to something else than was
 * named, so both, and devices and sockets, are refused with a message saying what the path is.
 */
export const requireFileOrFolder = (path: string, what: string, allowed: ReadonlyArray<'file' | 'directory'> = ['file', 'directory']): 'file' | 'directory' => {
  let stat
  try {
    stat = lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('PATH_NOT_FOUND', `${path} 不存在`)
    throw error
  }

  const kind = stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : null
  if (kind && allowed.includes(kind)) return kind
  const actual = stat.isSymbolicLink() ? '符号链接（请给出它指向的真实路径）' : stat.isFIFO() ? '命名管道（FIFO）' : stat.isDirectory() ? '文件夹' : stat.isFile() ? '普通文件' : '设备或套接字'
  const expected = allowed.map((item) => (item === 'file' ? '普通文件' : '文件夹')).join('或')
  throw usageError('NOT_A_REGULAR_FILE', `${path} 是${actual}，不是${what}应有的${expected}`, {path})
}

/** What is at `path` itself (a symlink is not followed), or null when nothing is. */
export const entryAt = (path: string): Stats | null => {
  try {
    return lstatSync(path)
  } catch {
    return null
  }
}

/** A regular file itself: a symlink (even to an identical copy), a folder or a device is not. */
export const isRegularFile = (path: string): boolean => entryAt(path)?.isFile() === true
