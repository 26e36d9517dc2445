import {randomBytes} from 'node:crypto'
import {closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync} from 'node:fs'
import {basename, join} from 'node:path'

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

/** Renames a committed placement into place (never over an existing file) and drops its note once it is there. */
const complete = (db: Catalog, placement: Placement): void => {
  if (!existsSync(placement.final) && existsSync(placement.staged)) renameSync(placement.staged, placement.final)
  if (existsSync(placement.final)) db.run('DELETE FROM file_placements WHERE final = ?', placement.final)
}

/** After COMMIT, under the write lock. */
export const completePlacements = (db: Catalog, placements: readonly Placement[]): void => {
  for (const placement of placements) complete(db, placement)
}

export const placementsPending = (db: Catalog, stagingDir: string): boolean =>
  db.get('SELECT 1 FROM file_placements LIMIT 1') !== undefined || (existsSync(stagingDir) && readdirSync(stagingDir).length > 0)

/**
 * Under the write lock: finishes renames a kill interrupted after COMMIT, removes partial copies of
 * processes that died before theirs, and removes staged files no committed row names.
 */
export const recoverPlacements = (db: Catalog, stagingDir: string): void => {
  const rows = db.all<PlacementRow>('SELECT * FROM file_placements')
  for (const row of rows) {
    if (row.state === 'committed') complete(db, row)
    else if (!processAlive(row.pid)) abandonStaging(db, row)
  }

  if (!existsSync(stagingDir)) return
  const named = new Set(rows.map((row) => row.staged))
  for (const name of readdirSync(stagingDir)) {
    const path = join(stagingDir, name)
    if (!named.has(path) && !processAlive(Number(name.split('-')[0]))) rmSync(path, {force: true, recursive: true})
  }
}
