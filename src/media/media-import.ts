import {existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, unlinkSync} from 'node:fs'
import {extname, join, relative} from 'node:path'

import {getCase} from '../cases/case-service.js'
import {formatLocal, toInstant} from '../platform/local-time.js'
import type {Workspace} from '../workspace/workspace.js'
import type {AuditEntry} from '../platform/db/audit-chain.js'
import {DigestPool} from '../platform/digest/digest-pool.js'
import {importFile, type ImportedFile} from './evidence-digests.js'
import {insertLink, type MediaDetail, type MediaRow, requireStep, toMediaDetail} from './media-store.js'
import {compileNamePatterns, DEFAULT_NAME_PATTERNS, matchName, NAME_TIME_TOLERANCE_SEC, type NameInfo} from './name-patterns.js'
import {collectSourceFiles, type SourceFile} from './source-files.js'

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

/** Leftover copies of an import that was killed: `.import-<pid>-<n>.part` in the case's media folder. */
const STAGING = /^\.import-(\d+)-\d+\.part$/

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A staging copy of an import still running (its file is transient, not a stray). */
export const isLiveStaging = (name: string): boolean => {
  const match = STAGING.exec(name)
  return match !== null && processAlive(Number(match[1]))
}

/** Removes staging copies left by imports that no longer run; they were never registered. */
const removeStaleStaging = (mediaDir: string): void => {
  for (const name of readdirSync(mediaDir)) {
    const match = STAGING.exec(name)
    if (match && !processAlive(Number(match[1]))) rmSync(join(mediaDir, name), {force: true})
  }
}

/** Safe on every file system we may copy to: no separators, no control characters. */
const storableName = (name: string): string => {
  const cleaned = [...name].map((character) => (character.charCodeAt(0) < 0x20 || character === '/' || character === '\\' ? '_' : character)).join('').trim()
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'unnamed' : cleaned
}

interface Pending {
  source: SourceFile
  staging: string
  outcome: {ok: true; value: ImportedFile} | {ok: false; failure: {code: string; message: string}} | null
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
const describe = (ws: Workspace, source: SourceFile, imported: ImportedFile, nameInfo: NameInfo | null, options: ImportOptions): Described => {
  const timezone = ws.config.timezone
  const warnings: string[] = []
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
 * pass, on worker threads. Every copy goes to a staging file that is fsynced and renamed before the
 * catalog row commits, so a killed import never leaves a registered partial file; a re-run skips the
 * sources already registered (same path, size and modification time) without reading them again.
 */
export const importMedia = async (ws: Workspace, caseId: string, paths: readonly string[], options: ImportOptions = {}): Promise<ImportResult> => {
  getCase(ws, caseId)
  if (options.step) requireStep(options.step)
  const patterns = compileNamePatterns(ws.config.mediaNamePatterns ?? DEFAULT_NAME_PATTERNS)
  const mediaDir = ws.casePaths(caseId).media
  mkdirSync(mediaDir, {recursive: true})
  removeStaleStaging(mediaDir)

  const result: ImportResult = {added: [], caseId, duplicates: [], failed: [], hashedBytes: 0, hashedFiles: 0}
  const collected = collectSourceFiles(paths)
  result.failed.push(...collected.failed.map((failure) => ({code: failure.code, error: failure.message, path: failure.path})))

  const journal = ws.db.prepare('SELECT media_id FROM media_import_journal WHERE case_id = ? AND source_key = ? AND size = ? AND mtime_ms = ?')
  const toImport: SourceFile[] = []
  const alreadyImported: Array<{source: SourceFile; mediaId: string}> = []
  for (const source of collected.files) {
    const hit = journal.get(caseId, source.key, source.size, source.mtimeMs) as {media_id: string} | undefined
    if (hit) alreadyImported.push({mediaId: hit.media_id, source})
    else toImport.push(source)
  }

  if (alreadyImported.length > 0) {
    const digestOf = new Map((ws.db.prepare('SELECT id, sha256 FROM media WHERE case_id = ?').all(caseId) as Array<{id: string; sha256: string}>).map((row) => [row.id, row.sha256]))
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
  const pending: Pending[] = toImport.map((source, index) => ({outcome: null, source, staging: join(mediaDir, `.import-${process.pid}-${index}.part`)}))
  let registered = 0
  let lastFlush = Date.now()
  let flushing: Promise<void> = Promise.resolve()
  let flushError: unknown = null

  // Files are registered in source order (stable ids), each batch as soon as its prefix is hashed.
  const flushReady = (force: boolean) => {
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
        for (const entry of batch) rmSync(entry.staging, {force: true})
      })
  }

  // A long file must not hold back the registration of the short ones already done before it.
  const timer = setInterval(() => flushReady(true), 250)
  try {
    await Promise.all(
      pending.map(async (entry) => {
        entry.outcome = await importFile(pool, entry.source.fsPath, entry.staging, ws.config.timezone, (bytes) => {
          progress.bytesDone += bytes
          options.onProgress?.(progress)
        })
        progress.filesDone++
        if (entry.outcome.ok) {
          result.hashedFiles++
          result.hashedBytes += entry.outcome.value.size
        }

        options.onProgress?.(progress)
        flushReady(false)
        await flushing
      }),
    )
    flushReady(true)
    await flushing
    if (flushError) throw flushError
  } finally {
    clearInterval(timer)
    if (!options.pool) await pool.close()
    // Whatever was hashed but not registered (an error in a batch) must not linger as a stray copy.
    for (const entry of pending.slice(registered)) rmSync(entry.staging, {force: true})
  }

  return result
}

/** Picks the stored name: the original, or `name (2).ext` … when another file holds it. */
const chooseTarget = (ws: Workspace, mediaDir: string, name: string, taken: (file: string) => boolean): string => {
  const extension = extname(name)
  const stem = name.slice(0, name.length - extension.length)
  for (let attempt = 1; ; attempt++) {
    const candidate = attempt === 1 ? name : `${stem} (${attempt})${extension}`
    const absolute = join(mediaDir, candidate)
    const file = relative(ws.root, absolute).split('\\').join('/')
    if (!taken(file) && !existsSync(absolute)) return absolute
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
  const renamed: string[] = []
  const committedIds: string[] = []
  const toRemove: Array<string | Buffer> = []
  const now = options.now ?? new Date()
  // Durable before registered; done here, not in the workers, so they hash the next files meanwhile.
  await Promise.all(batch.filter((entry) => entry.outcome?.ok).map((entry) => pool.sync(entry.staging)))
  try {
    ws.transact((audit: (entry: AuditEntry) => void) => {
      const bySha = ws.db.prepare('SELECT id FROM media WHERE case_id = ? AND sha256 = ? ORDER BY seq LIMIT 1')
      const fileTaken = ws.db.prepare('SELECT 1 FROM media WHERE file = ?')
      const journal = ws.db.prepare(
        'INSERT OR IGNORE INTO media_import_journal (case_id, source_key, size, mtime_ms, media_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      const nextSeq = ws.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM media WHERE case_id = ?')
      const insertMedia = ws.db.prepare(
        `INSERT INTO media (id, case_id, seq, file, original, original_raw_hex, source_path, size, mtime_ms, sha256, sm3, kind, format,
           captured_at, capture_source, duration_sec, width, height, gps, make, model, serial, device, officer, name_time,
           name_time_offset_sec, warnings, added_at, added_by, crc32)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      const selectMedia = ws.db.prepare('SELECT * FROM media WHERE id = ?')
      const recordedAt = formatLocal(now, ws.config.timezone)
      for (const entry of batch) {
        const {outcome, source} = entry
        if (!outcome) continue
        if (!outcome.ok) {
          result.failed.push({code: outcome.failure.code, error: outcome.failure.message, path: source.path})
          continue
        }

        const imported = outcome.value
        const existing = bySha.get(caseId, imported.sha256) as {id: string} | undefined
        if (existing) {
          rmSync(entry.staging, {force: true})
          journal.run(caseId, source.key, source.size, source.mtimeMs, existing.id, recordedAt)
          if (options.step) insertLink(ws, audit, {caseId, id: existing.id}, options.step, now)
          result.duplicates.push({existing: existing.id, original: source.name, path: source.path, reason: 'same-content', sha256: imported.sha256})
          if (options.move) toRemove.push(source.fsPath)
          continue
        }

        const target = chooseTarget(ws, mediaDir, storableName(source.name), (file) => Boolean(fileTaken.get(file)))
        renameSync(entry.staging, target)
        renamed.push(target)
        const file = relative(ws.root, target).split('\\').join('/')
        const {next} = nextSeq.get(caseId) as {next: number}
        const id = `${caseId}-M${String(next).padStart(3, '0')}`
        const described = describe(ws, source, imported, matchName(source.name, patterns, ws.config.timezone), options)
        const metadata = imported.metadata
        insertMedia
          .run(
            id,
            caseId,
            next,
            file,
            source.name,
            source.rawNameHex,
            source.path,
            imported.size,
            statSync(target).mtimeMs,
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
          )
        if (options.step) insertLink(ws, audit, {caseId, id}, options.step, now)
        journal.run(caseId, source.key, source.size, source.mtimeMs, id, recordedAt)
        audit({
          action: 'media.add',
          caseId,
          details: {crc32: imported.crc32, file, kind: metadata.kind, original: source.name, sha256: imported.sha256, size: imported.size, sm3: imported.sm3, source: source.path},
          subject: id,
        })
        const linked = options.step ? [options.step] : []
        result.added.push({...toMediaDetail(ws, selectMedia.get(id) as MediaRow, linked), step: options.step ?? null})
        committedIds.push(id)
        if (options.move) toRemove.push(source.fsPath)
      }
    })
  } catch (error) {
    // The catalog rolled back: the copies renamed into place are unregistered, so take them back out.
    for (const target of renamed) rmSync(target, {force: true})
    for (const entry of batch) rmSync(entry.staging, {force: true})
    throw error
  }

  await pool.sync(mediaDir)
  for (const source of toRemove) unlinkSync(source)
  options.onCommitted?.(committedIds)
}
