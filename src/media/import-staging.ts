import {randomBytes} from 'node:crypto'
import {existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {basename, dirname, join, relative, resolve, sep} from 'node:path'

import {DIR_MODE} from '../platform/file-modes.js'
import {writeFileAtomic} from '../platform/atomic-file.js'
import {pathEscape} from '../platform/confined-path.js'
import {processAlive} from '../platform/process-alive.js'
import type {Workspace} from '../workspace/workspace.js'

/**
 * Where `media add` keeps what is not yet evidence: staging copies (`import-<pid>-<run>-<n>.part`)
 * and, while a batch is being placed, an intent listing the files it renames into case folders
 * (`import-<pid>-<run>-<batch>.placing.json`); `<run>` keeps two imports of one process apart. Both live in the workspace's `.zfjl/tmp`: on the same file
 * system as the case folders (the final rename is atomic) and outside them (`media verify` never
 * sees them). Names carry the process id, so a later command knows which ones a dead process left.
 */
const OWNED = /^\.?import-(\d+)-/
const INTENT = /^import-\d+-[\da-f]+-\d+\.placing\.json$/
/** Staging copies of earlier versions, which lived in the case's media folder itself. */
const LEGACY_STAGING = /^\.import-(\d+)-\d+\.part$/

/** A file renamed into a case folder, identified by its inode so recovery removes exactly it and nothing else. */
export interface Placement {
  /** Relative to the workspace root, as the media row records it. */
  file: string
  dev: string
  ino: string
}

const deadOwner = (pattern: RegExp, name: string): boolean => {
  const match = pattern.exec(name)
  return match !== null && !processAlive(Number(match[1]))
}

export const prepareStagingFolder = (ws: Workspace): void => {
  // The group's folder: whoever imports next recovers what an interrupted import of a colleague left.
  mkdirSync(ws.paths.tmp, {mode: DIR_MODE, recursive: true})
}

/** A fresh name prefix for one import's staging files and intents. */
export const newImportRun = (): string => `import-${process.pid}-${randomBytes(4).toString('hex')}`

export const stagingPath = (ws: Workspace, run: string, index: number): string => join(ws.paths.tmp, `${run}-${index}.part`)

export const intentPath = (ws: Workspace, run: string, batch: number): string => join(ws.paths.tmp, `${run}-${batch}.placing.json`)

/** Identity of a staged copy, taken before it is renamed (a rename keeps the inode). */
export const placementOf = (staging: string, file: string): Placement => {
  const info = lstatSync(staging, {bigint: true})
  return {dev: String(info.dev), file, ino: String(info.ino)}
}

/** Written (and fsynced) before the first rename of a batch; removed once the batch's COMMIT is done. */
export const writeIntent = (path: string, placements: readonly Placement[]): void => {
  writeFileAtomic(path, `${JSON.stringify({placements})}\n`)
}

/**
 * Whether an intent's entry names what an import places: a file directly in a case's media folder,
 * reached without any symlink. An intent is a file anyone with write access to `.zfjl/tmp` can write,
 * so recovery removes nothing else, whatever inode it names.
 */
const isCaseMediaFile = (ws: Workspace, path: string): boolean => {
  const mediaDir = dirname(path)
  const caseDir = dirname(mediaDir)
  return dirname(caseDir) === resolve(ws.paths.cases) && mediaDir === ws.casePaths(basename(caseDir)).media && pathEscape(ws.root, path) === null
}

/**
 * Finishes what killed imports left, so the workspace looks as if each had never started or had
 * finished: a file placed in a case folder whose row never committed is removed (the source still
 * holds it: `--move` removes sources only after COMMIT, and the next run imports it again under the
 * same name and the next free number), a committed one is kept, and staging copies are deleted. A
 * placed file is removed only while its inode is the one the intent recorded, never by name alone.
 * Runs under the write lock, so no other import commits in between.
 */
export const recoverInterruptedImports = (ws: Workspace, caseIds: readonly string[]): void => {
  // A symlinked `.zfjl/tmp` or media folder would point the sweep at someone else's files.
  const leftovers =
    existsSync(ws.paths.tmp) && pathEscape(ws.root, ws.paths.tmp) === null ? readdirSync(ws.paths.tmp).filter((name) => deadOwner(OWNED, name)) : []
  const legacy = caseIds.flatMap((caseId) => {
    const mediaDir = ws.casePaths(caseId).media
    return existsSync(mediaDir) && pathEscape(ws.root, mediaDir) === null
      ? readdirSync(mediaDir).filter((name) => deadOwner(LEGACY_STAGING, name)).map((name) => join(mediaDir, name)) : []
  })
  if (leftovers.length === 0 && legacy.length === 0) return
  ws.db.writeTransaction(() => {
    for (const name of leftovers.filter((candidate) => INTENT.test(candidate))) {
      let placements: Placement[] = []
      try {
        const intent = JSON.parse(readFileSync(join(ws.paths.tmp, name), 'utf8')) as {placements?: unknown} | null
        if (Array.isArray(intent?.placements)) placements = intent.placements as Placement[]
      } catch {
        // Killed while writing the intent: nothing of that batch was renamed yet.
      }

      for (const placement of placements) {
        const path = resolve(ws.root, String(placement.file))
        // Registered under its canonical workspace-relative name: `./cases/…` or an absolute path must find it too.
        if (ws.db.get('SELECT 1 FROM media WHERE file = ?', relative(ws.root, path).split(sep).join('/'))) continue
        if (!isCaseMediaFile(ws, path)) {
          process.stderr.write(`警告：导入意图文件 ${name} 指向案件音像文件夹之外的 ${String(placement.file)}，未删除。该文件不是 zfjl 写入的样子，请检查 ${ws.paths.tmp}。\n`)
          continue
        }

        const info = existsSync(path) ? lstatSync(path, {bigint: true}) : null
        if (info?.isFile() && String(info.dev) === placement.dev && String(info.ino) === placement.ino) rmSync(path)
      }
    }

    for (const name of leftovers) if (lstatSync(join(ws.paths.tmp, name)).isFile()) rmSync(join(ws.paths.tmp, name), {force: true})
    for (const path of legacy) rmSync(path, {force: true})
  })
}
