import {existsSync, lstatSync, readdirSync, readlinkSync, realpathSync, statSync} from 'node:fs'
import {basename, dirname, join, relative, resolve, sep} from 'node:path'

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

/** Decides what may be imported at all: the workspace's own files never are. */
export interface CollectOptions {
  /** True for a real path (symlinks resolved) that zfjl manages in the workspace. */
  isManaged?: (realPath: string) => boolean
}

const MANAGED_REFUSAL = {
  code: 'WORKSPACE_MANAGED',
  message: '这是工作区自己管理的文件（数据库、密钥、配置、已登记的证据、文书或归档包），不能作为证据导入；请从原始存储卡或导出文件夹导入',
} as const

/**
 * The walk uses the synchronous fs calls on purpose: it runs before any hashing starts, and thousands
 * of small awaited calls (a re-run over a full card) would cost more in round trips than in work.
 * `realPath` is the path with every folder's symlinks resolved (the walk starts from real paths).
 */
const addFile = (
  collected: Collected,
  options: CollectOptions,
  fsPath: string | Buffer,
  realPath: string,
  nameBytes: Buffer,
  sourceRoot: string,
  knownPlainFile: boolean,
): void => {
  const pathBytes = typeof fsPath === 'string' ? Buffer.from(fsPath, 'utf8') : fsPath
  const path = decodeName(pathBytes)
  try {
    let target = realPath
    if (!knownPlainFile && lstatSync(fsPath).isSymbolicLink()) {
      if (!existsSync(fsPath)) {
        collected.failed.push({code: 'SYMLINK_BROKEN', message: `符号链接指向的文件不存在（${readlinkSync(fsPath, 'utf8')}），未导入`, path})
        return
      }

      target = realpathSync(fsPath)
      if (!inside(sourceRoot, target)) {
        collected.failed.push({code: 'SYMLINK_OUTSIDE', message: `符号链接指向来源文件夹之外（${target}），未导入`, path})
        return
      }

      // A link to a folder inside the source is walked through its real path already.
      if (statSync(fsPath).isDirectory()) return
    }

    if (options.isManaged?.(target)) {
      collected.failed.push({...MANAGED_REFUSAL, path})
      return
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

const walk = (collected: Collected, options: CollectOptions, directory: Buffer, sourceRoot: string): void => {
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
    if (entry.isDirectory()) walk(collected, options, childPath, sourceRoot)
    else addFile(collected, options, isValidUtf8(childPath) ? childPath.toString('utf8') : childPath, decodeName(childPath), nameBytes, sourceRoot, entry.isFile())
  }
}

/**
 * Expands the paths given to `media add` into files: folders recursively (a body-cam card dump), in
 * byte order of names so ids follow the card's order. A symlink found inside may point anywhere
 * inside the folder it was found in (or, for a file named directly, inside that file's folder), never
 * outside it; a symlink named directly to a folder is walked as that folder. A path that yields no
 * file at all (an empty folder, only system clutter) is itself reported, so an import never ends
 * silently with nothing done.
 */
export const collectSourceFiles = (paths: readonly string[], options: CollectOptions = {}): Collected => {
  const collected: Collected = {failed: [], files: []}
  for (const given of paths) {
    const absolute = resolve(given)
    const before = collected.files.length + collected.failed.length
    let info
    try {
      info = lstatSync(absolute)
      if (info.isSymbolicLink() && existsSync(absolute) && statSync(absolute).isDirectory()) info = statSync(absolute)
    } catch (error) {
      collected.failed.push({...describeFileFailure(error), path: given})
      continue
    }

    if (info.isDirectory()) {
      const root = realpathSync(absolute)
      walk(collected, options, Buffer.from(root, 'utf8'), root)
    } else {
      const root = realpathSync(dirname(absolute))
      addFile(collected, options, absolute, join(root, basename(absolute)), Buffer.from(basename(absolute), 'utf8'), root, false)
    }

    if (collected.files.length + collected.failed.length === before) {
      collected.failed.push({code: 'NO_FILES', message: '文件夹中没有可导入的文件（空文件夹，或只有系统生成的文件）', path: given})
    }
  }

  return collected
}
