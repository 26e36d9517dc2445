import {randomBytes} from 'node:crypto'
import {existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

import {fsyncPath, writeNewFile} from '../platform/atomic-file.js'
import {isWithin, pathEscape} from '../platform/confined-path.js'
import type {Catalog} from '../platform/db/catalog.js'
import {conflict, integrityError} from '../platform/errors.js'
import {entryAt} from '../platform/file-kind.js'
import {DIR_MODE} from '../platform/file-modes.js'
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
  mkdirSync(stagingDir, {mode: DIR_MODE, recursive: true})
  return join(stagingDir, `${process.pid}-${randomBytes(4).toString('hex')}-${basename(name)}`)
}

/** The names stagingPath makes: `<pid>-<8 hex>-<name>`. */
const STAGED_NAME = /^(\d+)-[\da-f]{8}-[^/\\]+$/

/** Whole file, flushed to disk, never over an existing one, and its name flushed too. */
export const writeStaged = (path: string, bytes: Uint8Array): void => {
  writeNewFile(path, bytes, 0o644)
  // Its name too: a committed row must never name a copy that a power cut took back.
  fsyncPath(dirname(path))
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
 * Renames a committed copy to its final name, never over an existing file; true once the copy is
 * there. When the final name is already taken by another file (another process, a case-insensitive
 * file system), or the file system refuses the rename, the copy stays whole and fsynced in the staging
 * folder and its row stays, with a warning: nothing is lost, the next command tries again, and no
 * other writer is stopped by it.
 */
const moveIntoPlace = (staged: string, final: string): boolean => {
  const copy = entryAt(staged)
  const there = entryAt(final)
  // Renamed by an earlier run that died before dropping the row.
  if (copy === null) return there !== null
  if (there !== null && (there.ino !== copy.ino || there.dev !== copy.dev)) {
    process.stderr.write(`警告：已登记的文件应放到 ${final}，但那里已有另一个文件；副本保留在 ${staged}，未覆盖任何文件。请查明 ${final} 的来历（zfjl media verify、zfjl doctor）。\n`)
    return false
  }

  if (there !== null) return true
  try {
    renameSync(staged, final)
    return true
  } catch (error) {
    process.stderr.write(`警告：已登记的文件未能从暂存处 ${staged} 移到 ${final}（${(error as Error).message}），下次运行写入命令时会重试。\n`)
    return false
  }
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

/** The staged copies whose placement is recorded (committed, or still being staged by a live process), in one read. */
export const recordedStagedCopies = (db: Catalog): Set<string> => new Set(db.all<{staged: string}>('SELECT staged FROM file_placements').map((row) => row.staged))

/** A committed copy not yet at its final name (a refused rename, a name taken by another file), and whether it is still there. */
export interface AwaitingCopy {
  final: string
  staged: string
  present: boolean
}

/**
 * The committed copies still waiting in the staging folder, by final name; both names as the file
 * system names them, whatever path the writing process used for the workspace.
 */
export const copiesAwaitingPlacement = (db: Catalog): Map<string, AwaitingCopy> =>
  new Map(
    db.all<PlacementRow>("SELECT * FROM file_placements WHERE state = 'committed'").map((row) => {
      const staged = canonical(row.staged)
      return [canonical(row.final), {final: canonical(row.final), present: entryAt(staged)?.isFile() === true, staged}]
    }),
  )

/**
 * Before copying anything for a placement into `destination`: the staging folder must be the
 * workspace's own (no symlink leading elsewhere) and on the same file system as `destination`, or the
 * rename after COMMIT could not happen and the evidence would wait outside the workspace for ever.
 */
export const requireStagingFor = (folders: PlacementFolders, destination: string): void => {
  const problem = stagingProblem(folders, destination)
  if (problem) throw integrityError('STAGING_DISPLACED', `${problem}：未写入任何文件。请把 ${folders.staging} 恢复为工作区内的普通文件夹`)
}

/** Whether the staging folder can hold a file that is then renamed into `destination` (see requireStagingFor). */
export const stagingServes = (folders: PlacementFolders, destination: string): boolean => stagingProblem(folders, destination) === null

const stagingProblem = (folders: PlacementFolders, destination: string): string | null => {
  mkdirSync(folders.staging, {mode: DIR_MODE, recursive: true})
  const escape = pathEscape(folders.root, folders.staging)
  if (escape) return `暂存文件夹不是工作区内的普通文件夹（${escape}）`
  const device = entryAt(destination)?.dev
  if (device === undefined) return `目标文件夹 ${destination} 不存在`
  if (lstatSync(folders.staging).dev !== device) return `暂存文件夹 ${folders.staging} 与 ${destination} 不在同一文件系统上，无法原子地改名到位`
  return null
}

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

/**
 * A row's path with its folder as the file system names it: a process that reached the workspace by
 * another path (a symlink, a second mount) wrote the same place under another spelling.
 */
const canonical = (path: string): string => {
  const resolved = resolve(path)
  try {
    return join(realpathSync(dirname(resolved)), basename(resolved))
  } catch {
    return resolved
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
  const staged = canonical(row.staged)
  const final = canonical(row.final)
  if (dirname(staged) === resolve(folders.staging)) {
    const owner = STAGED_NAME.exec(basename(staged))
    if (!owner) return {kind: 'refused', reason: `暂存文件名 ${basename(staged)} 不是 zfjl 生成的格式`}
    // zfjl records a copy in the staging folder only inside the transaction that commits it, by the process that made it.
    if (row.state !== 'committed') return {kind: 'refused', reason: `暂存文件夹中的副本 ${basename(staged)} 只会以已提交的记录出现`}
    if (Number(owner[1]) !== row.pid) return {kind: 'refused', reason: `暂存文件名 ${basename(staged)} 中的进程号与记录的进程号 ${row.pid} 不符`}
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

    // Acted on as the file system names them: judgeRow judged these, not the row's own spelling.
    const staged = canonical(row.staged)
    const final = canonical(row.final)
    const copy = entryAt(staged)
    const usable = copy === null || copy.isFile() || (verdict.kind === 'export' && copy.isDirectory())
    if (row.state === 'committed') {
      // Only into an existing folder: a row naming a folder that is not there must not stop every writer.
      if (usable && entryAt(dirname(final))?.isDirectory() && moveIntoPlace(staged, final)) {
        fsyncPath(dirname(final))
        db.run('DELETE FROM file_placements WHERE final = ?', row.final)
      }
    } else {
      db.run("DELETE FROM file_placements WHERE final = ? AND staged = ? AND state = 'staging'", row.final, row.staged)
      if (usable && copy !== null) rmSync(staged, {force: true, recursive: copy.isDirectory()})
    }
  }

  const folder = entryAt(folders.staging)
  if (!folder?.isDirectory() || pathEscape(folders.root, folders.staging)) return
  // By name: a row written through another path to the workspace spells the folder differently, and a
  // file any row names (even one refused above) is never swept.
  const named = new Set(rows.map((row) => basename(row.staged)))
  for (const name of readdirSync(folders.staging)) {
    const path = join(folders.staging, name)
    const owner = STAGED_NAME.exec(name)
    if (owner && !named.has(name) && entryAt(path)?.isFile() && !processAlive(Number(owner[1]))) rmSync(path, {force: true})
  }
}
