import {lstatSync, readdirSync, realpathSync, statSync} from 'node:fs'
import {basename, dirname, relative, resolve, sep} from 'node:path'

import type {FileFailure} from './file-failure.js'
import {describeFileFailure} from './file-failure.js'

/** One file found under the paths given to `media add`. */
export interface SourceFile {
  /** What fs calls use: a string, or the raw bytes when the name is not valid UTF-8. */
  fsPath: string | Buffer
  /** The path for people and JSON (decoded, NFC). */
  path: string
  /** File name, NFC. */
  name: string
  /** Hex of the name's bytes when they are not the UTF-8 of the NFC name (NFD, GBK, broken bytes). */
  rawNameHex: string | null
  /** Journal key: the absolute path, or `hex:<bytes>` when it is not valid UTF-8. */
  key: string
  size: number
  mtimeMs: number
}

export interface SourceFailure extends FileFailure {
  path: string
}

/** Files operating systems leave on cards and shares; they are not evidence. */
const SYSTEM_CLUTTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini', '.localized'])
const isClutter = (name: string) => SYSTEM_CLUTTER.has(name) || name.startsWith('._')

const gb18030 = new TextDecoder('gb18030', {fatal: true})

/**
 * Decodes a file name's bytes: UTF-8 when valid, else GB18030 (Chinese Windows and many recorders
 * write names in GBK), else UTF-8 with replacement characters. The result is NFC-normalised.
 */
export const decodeName = (bytes: Buffer): string => {
  const utf8 = bytes.toString('utf8')
  if (Buffer.from(utf8, 'utf8').equals(bytes)) return utf8.normalize('NFC')
  try {
    return gb18030.decode(bytes).normalize('NFC')
  } catch {
    return utf8.normalize('NFC')
  }
}

const rawHexOf = (bytes: Buffer, name: string): string | null => (Buffer.from(name, 'utf8').equals(bytes) ? null : bytes.toString('hex'))

const isValidUtf8 = (bytes: Buffer) => Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)

const inside = (root: string, target: string) => {
  const path = relative(root, target)
  return path === '' || (!path.startsWith('..') && !path.startsWith(sep) && path !== '..')
}

interface Collected {
  files: SourceFile[]
  failed: SourceFailure[]
}

/**
 * The walk uses the synchronous fs calls on purpose: it runs before any hashing starts, and thousands
 * of small awaited calls (a re-run over a full card) would cost more in round trips than in work.
 */
const addFile = (collected: Collected, fsPath: string | Buffer, nameBytes: Buffer, sourceRoot: string, knownPlainFile: boolean): void => {
  const pathBytes = typeof fsPath === 'string' ? Buffer.from(fsPath, 'utf8') : fsPath
  const path = decodeName(pathBytes)
  try {
    if (!knownPlainFile && lstatSync(fsPath).isSymbolicLink()) {
      const target = realpathSync(fsPath)
      if (!inside(sourceRoot, target)) {
        collected.failed.push({code: 'SYMLINK_OUTSIDE', message: `符号链接指向来源文件夹之外（${target}），未导入`, path})
        return
      }

      // A link to a folder inside the source is walked through its real path already.
      if (statSync(fsPath).isDirectory()) return
    }

    const info = statSync(fsPath)
    if (!info.isFile()) {
      collected.failed.push({code: 'NOT_A_FILE', message: '不是普通文件（设备、管道或套接字），未导入', path})
      return
    }

    const name = decodeName(nameBytes)
    collected.files.push({
      fsPath,
      key: isValidUtf8(pathBytes) ? pathBytes.toString('utf8') : `hex:${pathBytes.toString('hex')}`,
      mtimeMs: info.mtimeMs,
      name,
      path,
      rawNameHex: rawHexOf(nameBytes, name),
      size: info.size,
    })
  } catch (error) {
    collected.failed.push({...describeFileFailure(error), path})
  }
}

const walk = (collected: Collected, directory: Buffer, sourceRoot: string): void => {
  let entries
  try {
    entries = readdirSync(directory, {encoding: 'buffer', withFileTypes: true})
  } catch (error) {
    collected.failed.push({...describeFileFailure(error), path: decodeName(directory)})
    return
  }

  entries.sort((a, b) => Buffer.compare(a.name, b.name))
  for (const entry of entries) {
    const nameBytes = entry.name
    if (isClutter(nameBytes.toString('utf8'))) continue
    const childPath = Buffer.concat([directory, Buffer.from(sep), nameBytes])
    if (entry.isDirectory()) walk(collected, childPath, sourceRoot)
    else addFile(collected, isValidUtf8(childPath) ? childPath.toString('utf8') : childPath, nameBytes, sourceRoot, entry.isFile())
  }
}

/**
 * Expands the paths given to `media add` into files: folders recursively (a body-cam card dump), in
 * byte order of names so ids follow the card's order. A symlink may point anywhere inside the folder
 * it was found in (or, for a file named directly, inside that file's folder), never outside it.
 */
export const collectSourceFiles = (paths: readonly string[]): Collected => {
  const collected: Collected = {failed: [], files: []}
  for (const given of paths) {
    const absolute = resolve(given)
    let info
    try {
      info = lstatSync(absolute)
    } catch (error) {
      collected.failed.push({...describeFileFailure(error), path: given})
      continue
    }

    if (info.isDirectory()) {
      const root = realpathSync(absolute)
      walk(collected, Buffer.from(root, 'utf8'), root)
    } else {
      const root = realpathSync(dirname(absolute))
      addFile(collected, absolute, Buffer.from(basename(absolute), 'utf8'), root, false)
    }
  }

  return collected
}
