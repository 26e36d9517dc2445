import {randomBytes} from 'node:crypto'
import {closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, type Stats, writeSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

import {fsyncPath} from '../platform/atomic-file.js'
import {isWithin, pathEscape} from '../platform/confined-path.js'
import type {Catalog} from '../platform/db/catalog.js'
import {conflict} from '../platform/errors.js'
import {formatLocal} from '../platform/local-time.js'
import {processAlive} from '../platform/process-alive.js'

/**
 * Files that belong to a catalog row are placed after the row commits, never before: the transaction
 * records the placement (staged copy → final name) in `file_placements`, the rename follows COMMIT,
 * and whatever a kill interrupts is finished or undone by the next command (`recoverPlacements`). So a
 * file is never at its final name without its row, and a row's number is never given to another file.
 */
export interface Placement {
  staged: string
  final: string
}

interface PlacementRow {
  final: string
  staged: string
  state: 'staging' | 'committed'
  pid: number
}

/** A fresh path in the workspace's staging folder; the pid in front tells recovery whose it is. */
export const stagingPath = (stagingDir: string, name: string): string => {
  mkdirSync(stagingDir, {recursive: true})
  return join(stagingDir, `${process.pid}-${randomBytes(4).toString('hex')}-${basename(name)}`)
}

/** The names stagingPath makes: `<pid>-<8 hex>-<name>`. */
const STAGED_NAME = /^(\d+)-[\da-f]{8}-[^/\\]+$/

/** Whole file, flushed to disk, never over an existing one. */
export const writeStaged = (path: string, bytes: Uint8Array): void => {
  const fd = openSync(path, 'wx', 0o644)
  try {
    let offset = 0
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Before a long copy made outside any transaction (an export): notes the staged path, so that if this
 * process dies, the next command removes the partial copy. Refuses when another live process is
 * staging the same final name.
 */
export const beginStaging = (db: Catalog, placement: Placement, timezone: string): void => {
  db.writeTransaction(() => {
    const other = db.get<PlacementRow>('SELECT * FROM file_placements WHERE final = ?', placement.final)
    if (other) throw conflict('OUT_IN_PROGRESS', `另一个操作正在写入 ${placement.final}，请换一个输出位置或稍后再试`)
    db.run(
      "INSERT INTO file_placements (final, staged, state, pid, created_at) VALUES (?, ?, 'staging', ?, ?)",
      placement.final,
      placement.staged,
      process.pid,
      formatLocal(new Date(), timezone),
    )
  })
}

/** After a failed staging: the partial copy and its note go, unless its transaction committed meanwhile. */
export const abandonStaging = (db: Catalog, placement: Placement): void => {
  const removed = db.run("DELETE FROM file_placements WHERE final = ? AND staged = ? AND state = 'staging'", placement.final, placement.staged)
  if (removed.changes > 0) rmSync(placement.staged, {force: true, recursive: true})
}

/** Inside the transaction that writes the file's row: the placement commits (or rolls back) with it. */
export const recordPlacement = (db: Catalog, placement: Placement, timezone: string): void => {
  db.run(
    `INSERT INTO file_placements (final, staged, state, pid, created_at) VALUES (?, ?, 'committed', ?, ?)
       ON CONFLICT (final) DO UPDATE SET staged = excluded.staged, state = 'committed', pid = excluded.pid`,
    placement.final,
    placement.staged,
    process.pid,
    formatLocal(new Date(), timezone),
  )
}

/**
 * Renames a committed copy to its final name (never over an existing file). A rename the file system
 * refuses is warned about and left for the next command to retry: the row is committed and the copy
 * is whole and fsynced in the staging folder, so nothing is lost, and no other writer is stopped by it.
 */
const moveIntoPlace = (staged: string, final: string): boolean => {
  try {
    if (lstatOrNull(final) === null && lstatOrNull(staged) !== null) renameSync(staged, final)
  } catch (error) {
    process.stderr.write(`警告：已登记的文件未能从暂存处 ${staged} 移到 ${final}（${(error as Error).message}），下次运行写入命令时会重试。\n`)
  }

  return lstatOrNull(final) !== null
}

/**
 * After COMMIT, under the write lock: renames the committed copies into place, fsyncs their folders so
 * the new names survive a power cut, and only then drops the notes of those in place.
 */
export const completePlacements = (db: Catalog, placements: readonly Placement[]): void => {
  const placed = placements.filter((placement) => moveIntoPlace(placement.staged, placement.final))
  for (const folder of new Set(placed.map((placement) => dirname(placement.final)))) fsyncPath(folder)
  for (const placement of placed) db.run('DELETE FROM file_placements WHERE final = ?', placement.final)
}

/** Whether a placement of the copy at `staged` is recorded (committed, or still being staged by a live process). */
export const placementRecorded = (db: Catalog, staged: string): boolean => db.get('SELECT 1 FROM file_placements WHERE staged = ?', staged) !== undefined

export const placementsPending = (db: Catalog, stagingDir: string): boolean =>
  db.get('SELECT 1 FROM file_placements LIMIT 1') !== undefined || (existsSync(stagingDir) && readdirSync(stagingDir).length > 0)

/** The folders recovery may act in; a row naming anything else is left alone. */
export interface PlacementFolders {
  root: string
  /** `.zfjl/staging`: where stagingPath puts the copies a transaction places. */
  staging: string
  /** The case folders, the only place such a copy is renamed to. */
  cases: string
  /** `.zfjl`: never the place of an export. */
  state: string
}

const lstatOrNull = (path: string): Stats | null => {
  try {
    return lstatSync(path)
  } catch {
    return null
  }
}

const escapeRegExp = (text: string): string => text.replaceAll(/[$()*+.?[\\\]^{|}]/g, String.raw`\$&`)

/**
 * What a row of the catalog may make recovery do, or why it may not. The catalog is only a file that
 * someone with write access can edit, so a row is trusted only as far as its paths are what zfjl
 * itself writes: a copy stagingPath made (a plain file directly in the workspace's own staging folder,
 * no symlinked component) for a new file in a case folder, or an export's temporary sibling
 * (temporarySibling: `.<out name>.<pid>.<ms>.tmp` beside `out`, made by the row's own process) outside
 * the workspace's state and case folders. Anything else (a victim's folder, the signing keys) is
 * never removed or renamed.
 */
const judgeRow = (row: PlacementRow, folders: PlacementFolders): {kind: 'copy' | 'export'} | {kind: 'refused'; reason: string} => {
  const staged = resolve(row.staged)
  const final = resolve(row.final)
  if (dirname(staged) === resolve(folders.staging)) {
    if (!STAGED_NAME.test(basename(staged))) return {kind: 'refused', reason: `暂存文件名 ${basename(staged)} 不是 zfjl 生成的格式`}
    const escape = pathEscape(folders.root, staged) ?? pathEscape(folders.root, final)
    if (escape) return {kind: 'refused', reason: escape}
    if (!isWithin(folders.cases, final) || resolve(folders.cases) === final) return {kind: 'refused', reason: `目标 ${row.final} 不在案件文件夹之内`}
    return {kind: 'copy'}
  }

  const exportName = new RegExp(`^\\.${escapeRegExp(basename(final))}\\.${row.pid}\\.\\d+\\.tmp$`)
  if (dirname(staged) !== dirname(final) || !exportName.test(basename(staged))) {
    return {kind: 'refused', reason: `暂存路径 ${row.staged} 既不在工作区的暂存文件夹中，也不是 ${row.final} 的导出临时文件`}
  }

  if ([folders.state, folders.cases].some((folder) => isWithin(folder, staged))) return {kind: 'refused', reason: `导出临时文件 ${row.staged} 位于工作区的状态或案件文件夹中`}
  return {kind: 'export'}
}

/** Rows of file_placements that recovery will not act on, with why (for `zfjl doctor`). */
export const foreignPlacements = (db: Catalog, folders: PlacementFolders): Array<{staged: string; final: string; reason: string}> =>
  db.all<PlacementRow>('SELECT * FROM file_placements').flatMap((row) => {
    const verdict = judgeRow(row, folders)
    return verdict.kind === 'refused' ? [{final: row.final, reason: verdict.reason, staged: row.staged}] : []
  })

/** Rows already reported by this process, so a command that writes several times warns once. */
const reported = new Set<string>()

const reportRefused = (row: PlacementRow, reason: string): void => {
  const key = `${row.final}\0${row.staged}`
  if (reported.has(key)) return
  reported.add(key)
  process.stderr.write(
    `警告：数据库 file_placements 中有一行不是 zfjl 写入的样子（${reason}），未删除、未移动任何文件：staged=${row.staged} final=${row.final}。数据库可能被改动，请运行 zfjl audit verify 并检查该行。\n`,
  )
}

/**
 * Under the write lock: finishes renames a kill interrupted after COMMIT, removes partial copies of
 * processes that died before theirs, and removes staged files no committed row names. Only paths
 * judgeRow accepts are touched, never through a symlink, and a folder is removed (with what is in it)
 * only as an export's own temporary folder.
 */
export const recoverPlacements = (db: Catalog, folders: PlacementFolders): void => {
  const rows = db.all<PlacementRow>('SELECT * FROM file_placements')
  for (const row of rows) {
    if (row.state !== 'committed' && processAlive(row.pid)) continue
    const verdict = judgeRow(row, folders)
    if (verdict.kind === 'refused') {
      reportRefused(row, verdict.reason)
      continue
    }

    const staged = lstatOrNull(row.staged)
    const usable = staged !== null && (staged.isFile() || (verdict.kind === 'export' && staged.isDirectory()))
    if (row.state === 'committed') {
      // Only into an existing folder: a row naming a folder that is not there must not stop every writer.
      const placed = lstatOrNull(row.final) !== null || (usable && lstatOrNull(dirname(row.final))?.isDirectory() === true && moveIntoPlace(row.staged, row.final))
      if (placed) {
        fsyncPath(dirname(row.final))
        db.run('DELETE FROM file_placements WHERE final = ?', row.final)
      }
    } else {
      db.run("DELETE FROM file_placements WHERE final = ? AND staged = ? AND state = 'staging'", row.final, row.staged)
      if (usable) rmSync(row.staged, {force: true, recursive: staged.isDirectory()})
    }
  }

  const folder = lstatOrNull(folders.staging)
  if (!folder?.isDirectory() || pathEscape(folders.root, folders.staging)) return
  const named = new Set(rows.map((row) => resolve(row.staged)))
  for (const name of readdirSync(folders.staging)) {
    const path = join(folders.staging, name)
    const owner = STAGED_NAME.exec(name)
    if (owner && !named.has(path) && lstatOrNull(path)?.isFile() && !processAlive(Number(owner[1]))) rmSync(path, {force: true})
  }
}
