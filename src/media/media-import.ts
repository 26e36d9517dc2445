import {closeSync, existsSync, lstatSync, mkdirSync, openSync, readSync, realpathSync, rmSync, statSync, unlinkSync} from 'node:fs'
import {extname, join, relative} from 'node:path'

import {getCase} from '../cases/case-service.js'
import {interruptedError} from '../platform/errors.js'
import {formatLocal, toInstant} from '../platform/local-time.js'
import {pausePoint, pausePointUntilSignal} from '../platform/pause-point.js'
import type {FormatProblem} from '../workspace/records.js'
import {copiesAwaitingPlacement, type Placement, recordedStagedCopies, requireStagingFor, stagingPath} from '../workspace/file-placement.js'
import {isManagedPath, type Workspace} from '../workspace/workspace.js'
import {DIR_MODE} from '../platform/file-modes.js'
import type {AuditEntry} from '../platform/db/audit-chain.js'
import {DigestPool} from '../platform/digest/digest-pool.js'
import {importFile, type ImportedFile} from './evidence-digests.js'
import {archivalProblem, executableReason} from './archival-formats.js'
import {describeFileFailure} from './file-failure.js'
import {insertLink, type MediaDetail, type MediaRow, requireStep, toMediaDetail} from './media-store.js'
import {compileNamePatterns, DEFAULT_NAME_PATTERNS, matchName, NAME_TIME_TOLERANCE_SEC, type NameInfo} from './name-patterns.js'
import {SNIFF_BYTES} from './sniff.js'
import {collectSourceFiles, type SourceFile} from './source-files.js'

const INSERT_MEDIA = `INSERT INTO media (id, case_id, seq, file, original, original_raw_hex, source_path, size, mtime_ms, sha256, sm3, kind, format,
  captured_at, capture_source, duration_sec, width, height, gps, make, model, serial, device, officer, name_time,
  name_time_offset_sec, warnings, added_at, added_by, crc32, format_problem)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

export interface ImportOptions {
  /** Event id the files record (`--step`). */
  step?: string
  /** Officer who recorded them (`--recorder`); else taken from the file name when a pattern matches. */
  recorder?: string
  /** Recording device serial (`--device`); else from the file name. */
  device?: string
  /** Remove each source once its content is safely registered in the case. */
  move?: boolean
  onProgress?: (progress: ImportProgress) => void
  /** Called after each batch of files is committed (ids of the files registered in it). */
  onCommitted?: (ids: string[]) => void
  pool?: DigestPool
  /** Aborted (Ctrl-C): the files already registered stay, the rest is undone, and the import throws `interrupted`. */
  signal?: AbortSignal
  now?: Date
}

export interface ImportProgress {
  bytesDone: number
  bytesTotal: number
  filesDone: number
  filesTotal: number
}

/** One `added` item of `media add --json`. */
export interface AddedMedia extends MediaDetail {
  /** The step given with `--step`, if any. */
  step: string | null
}

export interface DuplicateMedia {
  path: string
  original: string
  /** The registered file holding the same content. */
  existing: string
  sha256: string
  /** `same-content`: hashed and found equal; `already-imported`: same source path, size and time as an earlier import. */
  reason: 'same-content' | 'already-imported'
}

export interface FailedMedia {
  path: string
  error: string
  code: string
}

export interface ImportResult {
  caseId: string
  added: AddedMedia[]
  duplicates: DuplicateMedia[]
  failed: FailedMedia[]
  /** Files read and hashed in this run (re-runs skip unchanged sources already registered). */
  hashedFiles: number
  hashedBytes: number
}

/** Safe on every file system we may copy to: no separators, no control characters. */
const storableName = (name: string): string => {
  const cleaned = [...name].map((character) => (character.charCodeAt(0) < 0x20 || character === '/' || character === '\\' ? '_' : character)).join('').trim()
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'unnamed' : cleaned
}

interface Pending {
  source: SourceFile
  staging: string
  outcome: {ok: true; value: ImportedFile; formatProblem: FormatProblem | null} | {ok: false; failure: {code: string; message: string}} | null
}

/** The longest file name ext4, XFS, btrfs and APFS take, in bytes. */
const MAX_NAME_BYTES = 255

const readHead = (path: string): Buffer => {
  const head = Buffer.alloc(SNIFF_BYTES)
  const descriptor = openSync(path, 'r')
  try {
    return head.subarray(0, readSync(descriptor, head, 0, SNIFF_BYTES, 0))
  } finally {
    closeSync(descriptor)
  }
}

/**
 * What the staged copy is: executables and scripts are refused (they are never evidence, and an
 * archive holding one fails its own security check); a file an archive's 可用性 check would reject,
 * or whose structure cannot be parsed, is kept with its problem recorded, which `check` reports.
 */
const inspectStaged = (source: SourceFile, staging: string, imported: ImportedFile): NonNullable<Pending['outcome']> => {
  let head: Buffer
  try {
    // The digest worker already left the copy read-only (READ_ONLY_FILE_MODE).
    head = readHead(staging)
  } catch (error) {
    return {failure: describeFileFailure(error), ok: false}
  }

  const executable = executableReason(source.name, head)
  if (executable) return {failure: {code: 'EXECUTABLE_REFUSED', message: `可执行文件或脚本不能作为证据导入（${executable}）`}, ok: false}
  const unreadable = imported.metadata.unreadable
  const formatProblem: FormatProblem | null =
    archivalProblem(source.name, head) ?? (unreadable ? {code: 'unreadable', message: `无法按其格式解析（${unreadable.message}）`} : null)
  return {formatProblem, ok: true, value: imported}
}

const officerFromNumber = (ws: Workspace, number: string | null): string | null => {
  if (!number) return null
  const officer = ws.config.officers.find((entry) => entry.certNo === number || entry.certNo.endsWith(number))
  return officer?.name ?? number
}

const secondsBetween = (a: string, b: string, timezone: string) => (toInstant(a, timezone).getTime() - toInstant(b, timezone).getTime()) / 1000

interface Described {
  capturedAt: string | null
  captureSource: string | null
  device: string | null
  officer: string | null
  nameTime: string | null
  nameTimeOffsetSec: number | null
  warnings: string[]
}

/** Combines what the bytes say, what the file name says and what the officer typed. */
const describe = (
  ws: Workspace,
  source: SourceFile,
  imported: ImportedFile,
  formatProblem: FormatProblem | null,
  nameInfo: NameInfo | null,
  options: ImportOptions,
): Described => {
  const timezone = ws.config.timezone
  const warnings: string[] = []
  if (formatProblem) warnings.push(formatProblem.message)
  let capturedAt = imported.metadata.capturedAt
  let captureSource = imported.metadata.captureSource
  const nameTime = nameInfo?.start ?? null
  let nameTimeOffsetSec: number | null = null
  if (capturedAt && nameTime) {
    nameTimeOffsetSec = secondsBetween(capturedAt, nameTime, timezone)
    if (Math.abs(nameTimeOffsetSec) > NAME_TIME_TOLERANCE_SEC) {
      warnings.push(
        `文件名中的时间 ${nameTime} 与文件内记录的时间 ${capturedAt}（${captureSource}）相差 ${Math.round(Math.abs(nameTimeOffsetSec))} 秒，超过 ${NAME_TIME_TOLERANCE_SEC} 秒：请核对记录设备的时钟`,
      )
    }
  } else if (!capturedAt && nameTime) {
    capturedAt = nameTime
    captureSource = `file name (${timezone} assumed)`
  } else if (!capturedAt) {
    capturedAt = formatLocal(new Date(source.mtimeMs), timezone)
    captureSource = 'file modification time'
    warnings.push('文件内没有拍摄/录制时间，采用文件修改时间')
  }

  return {
    captureSource,
    capturedAt,
    device: options.device ?? nameInfo?.serial ?? null,
    nameTime,
    nameTimeOffsetSec,
    officer: options.recorder?.normalize('NFC') ?? officerFromNumber(ws, nameInfo?.officer ?? null),
    warnings,
  }
}

/**
 * `media add`: copies files into the case, hashing each (SHA-256 + SM3) in the same single read
 * pass, on worker threads. Every copy goes to the workspace's staging folder and is fsynced before its
 * batch is registered; the batch's rows commit together with the placements of its copies, which are
 * renamed into the case folder after COMMIT, like every file that belongs to a catalog row (see
 * file-placement.ts). So after a crash the next command finishes the renames of what committed and
 * removes the copies of what did not. A re-run skips the sources already registered (same path, size
 * and modification time) without reading them again. Files the workspace itself manages are refused,
 * and `--move` removes a source only once its copy is in place, never a source that is a registered file.
 */
export const importMedia = async (ws: Workspace, caseId: string, paths: readonly string[], options: ImportOptions = {}): Promise<ImportResult> => {
  getCase(ws, caseId)
  if (options.step) requireStep(options.step)
  const patterns = compileNamePatterns(ws.config.mediaNamePatterns ?? DEFAULT_NAME_PATTERNS)
  const mediaDir = ws.casePaths(caseId).media
  mkdirSync(mediaDir, {mode: DIR_MODE, recursive: true})
  requireStagingFor(ws.paths, mediaDir)

  const result: ImportResult = {added: [], caseId, duplicates: [], failed: [], hashedBytes: 0, hashedFiles: 0}
  const realRoot = realpathSync(ws.root)
  const collected = collectSourceFiles(paths, {isManaged: (realPath) => isManagedPath(realRoot, realPath)})
  result.failed.push(...collected.failed.map((failure) => ({code: failure.code, error: failure.message, path: failure.path})))

  const toImport: SourceFile[] = []
  const alreadyImported: Array<{source: SourceFile; mediaId: string}> = []
  for (const source of collected.files) {
    const hit = ws.db.get<{media_id: string}>(
      'SELECT media_id FROM media_import_journal WHERE case_id = ? AND source_key = ? AND size = ? AND mtime_ms = ?',
      caseId,
      source.key,
      source.size,
      source.mtimeMs,
    )
    // With --move a source is read again even so: it is removed only once its own bytes are found registered.
    if (hit && !options.move) alreadyImported.push({mediaId: hit.media_id, source})
    else toImport.push(source)
  }

  if (alreadyImported.length > 0) {
    const digestOf = new Map(ws.db.all<{id: string; sha256: string}>(
      'SELECT id, sha256 FROM media WHERE case_id = ?',
      caseId,
    ).map((row) => [row.id, row.sha256]))
    for (const {mediaId, source} of alreadyImported) {
      result.duplicates.push({existing: mediaId, original: source.name, path: source.path, reason: 'already-imported', sha256: digestOf.get(mediaId) ?? ''})
    }

    const {step} = options
    if (step) ws.transact((audit) => alreadyImported.forEach(({mediaId}) => insertLink(ws, audit, {caseId, id: mediaId}, step, options.now)))
  }

  const progress: ImportProgress = {
    bytesDone: 0,
    bytesTotal: toImport.reduce((sum, source) => sum + source.size, 0),
    filesDone: 0,
    filesTotal: toImport.length,
  }
  const pool = options.pool ?? new DigestPool()
  const pending: Pending[] = toImport.map((source, index) => ({outcome: null, source, staging: stagingPath(ws.paths.staging, `import-${index}`)}))
  let registered = 0
  let lastFlush = Date.now()
  let flushing: Promise<void> = Promise.resolve()
  let flushError: unknown = null
  let stopped = false

  // Files are registered in source order (stable ids), each batch as soon as its prefix is hashed.
  const flushReady = (force: boolean) => {
    if (stopped) return
    let end = registered
    while (end < pending.length && pending[end].outcome) end++
    if (end === registered) return
    if (!force && end - registered < 50 && Date.now() - lastFlush < 250) return
    const batch = pending.slice(registered, end)
    registered = end
    lastFlush = Date.now()
    flushing = flushing
      .then(() => (flushError ? undefined : registerBatch(ws, pool, caseId, batch, patterns, options, result)))
      .catch((error: unknown) => {
        // Kept, not thrown here: a timer may have started this batch, with nobody awaiting it yet.
        flushError ??= error
      })
  }

  const hashAll = async () => {
    await Promise.all(
      pending.map(async (entry) => {
        const outcome = await importFile(pool, entry.source.fsPath, entry.staging, ws.config.timezone, (bytes) => {
          progress.bytesDone += bytes
          options.onProgress?.(progress)
        })
        progress.filesDone++
        if (outcome.ok) {
          result.hashedFiles++
          result.hashedBytes += outcome.value.size
        }

        const inspected = outcome.ok ? inspectStaged(entry.source, entry.staging, outcome.value) : outcome
        // Before the outcome is set: while paused here, the flush timer must not register this file.
        await pausePointUntilSignal('media-add:staged')
        entry.outcome = inspected
        options.onProgress?.(progress)
        flushReady(false)
        await flushing
      }),
    )
    flushReady(true)
    await flushing
  }

  // Ctrl-C: stop waiting for the hashing; the batch being registered finishes, the rest is undone.
  let onAbort: (() => void) | null = null
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(interruptedError('INTERRUPTED', `导入已中断：已登记 ${result.added.length} 个文件，其余未导入（重新运行同一命令会接着导入）`))
    options.signal?.addEventListener('abort', onAbort, {once: true})
  })
  // A long file must not hold back the registration of the short ones already done before it.
  const timer = setInterval(() => flushReady(true), 250)
  try {
    await Promise.race([hashAll(), aborted])
    if (flushError) throw flushError
  } finally {
    stopped = true
    clearInterval(timer)
    if (onAbort) options.signal?.removeEventListener('abort', onAbort)
    await flushing
    if (!options.pool) await pool.close()
    // Whatever was hashed but not registered (a failure, an error in a batch, an interruption) must not
    // linger; a copy whose placement committed is registered evidence, whatever went wrong after COMMIT.
    const recorded = recordedStagedCopies(ws.db)
    for (const entry of pending) if (!recorded.has(entry.staging)) rmSync(entry.staging, {force: true})
  }

  return result
}

/** `name + suffix`, the name shortened (never inside a character) so that the whole fits in MAX_NAME_BYTES. */
const fitName = (stem: string, suffix: string): string => {
  const characters = [...stem]
  while (characters.length > 0 && Buffer.byteLength(characters.join('') + suffix) > MAX_NAME_BYTES) characters.pop()
  return characters.join('') + suffix
}

/** Picks the stored name: the original, or `name (2).ext` … when another file holds it, always short enough to create. */
const chooseTarget = (ws: Workspace, mediaDir: string, name: string, taken: (file: string) => boolean): string => {
  const extension = extname(name)
  const stem = name.slice(0, name.length - extension.length)
  for (let attempt = 1; ; attempt++) {
    const candidate = fitName(stem, attempt === 1 ? extension : ` (${attempt})${extension}`)
    const absolute = join(mediaDir, candidate)
    if (!taken(workspaceRelative(ws, absolute)) && !existsSync(absolute)) return absolute
  }
}

const workspaceRelative = (ws: Workspace, absolute: string): string => relative(ws.root, absolute).split('\\').join('/')

/**
 * The source is itself a registered file (the same inode: a hard link, or a case folder reached
 * through another mount): `--move` must not remove it, whatever its path says.
 */
const isRegisteredFile = (ws: Workspace, source: SourceFile): boolean => {
  const info = lstatSync(source.fsPath, {bigint: true})
  const sameSize = ws.db.all<{file: string}>('SELECT file FROM media WHERE size = ?', Number(info.size))
  return sameSize.some(({file}) => {
    const path = join(ws.root, file)
    if (!existsSync(path)) return false
    const registered = lstatSync(path, {bigint: true})
    return registered.ino === info.ino && registered.dev === info.dev
  })
}

/**
 * `--move`: removes each source whose content is now registered and in the case folder; a source that
 * cannot go is reported, not thrown.
 */
const removeSources = (ws: Workspace, sources: ReadonlyArray<{source: SourceFile; copy: string}>, result: ImportResult): void => {
  const awaiting = sources.length > 0 ? copiesAwaitingPlacement(ws.db) : new Map()
  for (const {copy, source} of sources) {
    try {
      if (!existsSync(copy) || awaiting.has(copy)) {
        result.failed.push({code: 'MOVE_FAILED', error: '已登记，但副本尚未移入案件文件夹（下次运行写入命令时会重试），未删除来源文件', path: source.path})
        continue
      }

      if (isRegisteredFile(ws, source)) {
        result.failed.push({code: 'MOVE_REFUSED', error: '来源就是已登记的证据文件本身（同一文件），未删除', path: source.path})
        continue
      }

      unlinkSync(source.fsPath)
    } catch (error) {
      const failure = describeFileFailure(error)
      result.failed.push({code: 'MOVE_FAILED', error: `已登记，但未能删除来源文件：${failure.message}`, path: source.path})
    }
  }
}

const registerBatch = async (
  ws: Workspace,
  pool: DigestPool,
  caseId: string,
  batch: Pending[],
  patterns: RegExp[],
  options: ImportOptions,
  result: ImportResult,
): Promise<void> => {
  const mediaDir = ws.casePaths(caseId).media
  const committedIds: string[] = []
  /** `--move`: each source, with where its content now lies (its own copy, or the file already holding it). */
  const toRemove: Array<{source: SourceFile; copy: string}> = []
  const now = options.now ?? new Date()
  // Durable before registered, names included; done here, not in the workers, so they hash the next files meanwhile.
  await Promise.all(batch.filter((entry) => entry.outcome?.ok).map((entry) => pool.sync(entry.staging)))
  await pool.sync(ws.paths.staging)
  try {
    ws.transact((audit: (entry: AuditEntry) => void, place: (placement: Placement) => void) => {
      const recordedAt = formatLocal(now, ws.config.timezone)
      const bySha = (sha256: string) => ws.db.get<{id: string; file: string}>(
        'SELECT id, file FROM media WHERE case_id = ? AND sha256 = ? ORDER BY seq LIMIT 1',
        caseId,
        sha256,
      )
      // Compared without case: on the file systems that ignore it (NTFS, exFAT, APFS), and in an archive
      // unpacked there, IMG_0001.JPG and img_0001.jpg are one file.
      const taken = new Set(ws.db.all<{file: string}>('SELECT file FROM media WHERE case_id = ?', caseId).map((row) => row.file.toLowerCase()))
      const journal = (source: SourceFile, mediaId: string) =>
        ws.db.run(
          `INSERT INTO media_import_journal (case_id, source_key, size, mtime_ms, media_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (case_id, source_key, size, mtime_ms) DO NOTHING`,
          caseId,
          source.key,
          source.size,
          source.mtimeMs,
          mediaId,
          recordedAt,
        )

      // One file after another: a row inserted here is seen by the next file's lookups (same content, taken name).
      for (const {outcome, source, staging} of batch) {
        if (!outcome) continue
        if (!outcome.ok) {
          result.failed.push({code: outcome.failure.code, error: outcome.failure.message, path: source.path})
          continue
        }

        const {formatProblem, value: imported} = outcome
        const existing = bySha(imported.sha256)
        if (existing) {
          rmSync(staging, {force: true})
          journal(source, existing.id)
          if (options.step) insertLink(ws, audit, {caseId, id: existing.id}, options.step, now)
          result.duplicates.push({existing: existing.id, original: source.name, path: source.path, reason: 'same-content', sha256: imported.sha256})
          if (options.move) toRemove.push({copy: join(ws.root, existing.file), source})
          continue
        }

        const target = chooseTarget(ws, mediaDir, storableName(source.name), (file) => taken.has(file.toLowerCase()))
        const file = workspaceRelative(ws, target)
        taken.add(file.toLowerCase())
        const {next} = ws.db.get<{next: number}>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM media WHERE case_id = ?', caseId)!
        const id = `${caseId}-M${String(next).padStart(3, '0')}`
        const described = describe(ws, source, imported, formatProblem, matchName(source.name, patterns, ws.config.timezone), options)
        const metadata = imported.metadata
        ws.db.run(
          INSERT_MEDIA,
          id,
          caseId,
          next,
          file,
          source.name,
          source.rawNameHex,
          source.path,
          imported.size,
          // The copy keeps the source's modification time, and the rename after COMMIT keeps it too.
          statSync(staging).mtimeMs,
          imported.sha256,
          imported.sm3,
          metadata.kind,
          metadata.format,
          described.capturedAt,
          described.captureSource,
          metadata.durationSec,
          metadata.width,
          metadata.height,
          metadata.gps ? JSON.stringify(metadata.gps) : null,
          metadata.make,
          metadata.model,
          metadata.serial,
          described.device,
          described.officer,
          described.nameTime,
          described.nameTimeOffsetSec,
          JSON.stringify(described.warnings),
          recordedAt,
          ws.actor.name,
          imported.crc32,
          formatProblem ? JSON.stringify(formatProblem) : null,
        )
        place({final: target, staged: staging})
        if (options.step) insertLink(ws, audit, {caseId, id}, options.step, now)
        journal(source, id)
        audit({
          action: 'media.add',
          caseId,
          details: {
            crc32: imported.crc32,
            file,
            kind: metadata.kind,
            original: source.name,
            sha256: imported.sha256,
            size: imported.size,
            sm3: imported.sm3,
            source: source.path,
            ...(formatProblem ? {formatProblem: formatProblem.code} : {}),
          },
          subject: id,
        })
        const linked = options.step ? [options.step] : []
        result.added.push({...toMediaDetail(ws, ws.db.get<MediaRow>('SELECT * FROM media WHERE id = ?', id)!, linked), step: options.step ?? null})
        committedIds.push(id)
        if (options.move) toRemove.push({copy: target, source})
      }

      pausePoint('media-add:registered')
    })
  } catch (error) {
    // What did not commit is not evidence: its copies go (importMedia's cleanup keeps any that did).
    const recorded = recordedStagedCopies(ws.db)
    for (const entry of batch) if (!recorded.has(entry.staging)) rmSync(entry.staging, {force: true})
    throw error
  }

  // The renames are done and their folder fsynced: a source goes only once its copy is in place.
  pausePoint('media-add:placed')
  removeSources(ws, toRemove, result)
  options.onCommitted?.(committedIds)
}
