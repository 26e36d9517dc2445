
import {getCase} from '../cases/case-service.js'
import {findEvent, unknownEventError} from '../law/events.js'
import {notFound} from '../platform/errors.js'
import {formatLocal} from '../platform/local-time.js'
import type {FormatProblem, MediaKind, MediaRecord} from '../workspace/records.js'
import type {Workspace} from '../workspace/workspace.js'
import type {AuditEntry} from '../platform/db/audit-chain.js'
import {resolveReference} from '../platform/reference.js'
import {parseStoredJson} from '../platform/stored-json.js'

/** A media record plus what `media show` and `media add` tell about how it was read. */
export interface MediaDetail extends MediaRecord {
  format: string | null
  /** Hex of the file name's bytes as found on disk, when they are not the NFC UTF-8 of `original`. */
  originalRawHex: string | null
  /** Where it was imported from (absolute path at import time). */
  sourcePath: string
  /** Modification time of the stored copy (ms since epoch), for `media verify --fast`. */
  mtimeMs: number
  /** Start time read from a body-cam file name, if a name pattern matched. */
  nameTime: string | null
  /** Embedded capture time minus name time, in seconds; flagged in `warnings` beyond the tolerance. */
  nameTimeOffsetSec: number | null
  warnings: string[]
}

export interface MediaRow {
  id: string
  case_id: string
  seq: number
  file: string
  original: string
  original_raw_hex: string | null
  source_path: string
  size: number
  mtime_ms: number
  sha256: string
  sm3: string
  kind: MediaKind
  format: string | null
  captured_at: string | null
  capture_source: string | null
  duration_sec: number | null
  width: number | null
  height: number | null
  gps: string | null
  make: string | null
  model: string | null
  serial: string | null
  device: string | null
  officer: string | null
  name_time: string | null
  name_time_offset_sec: number | null
  warnings: string
  added_at: string
  added_by: string
  format_problem: string | null
}

/** Step links of every media file of a case in one query (a case may hold thousands of files). */
const stepsByMedia = (ws: Workspace, caseId: string): Map<string, string[]> => {
  const links = ws.db.all<{mediaId: string; event: string}>(
    'SELECT l.media_id AS mediaId, l.event FROM media_links l JOIN media m ON m.id = l.media_id WHERE m.case_id = ? ORDER BY l.id',
    caseId,
  )
  const steps = new Map<string, string[]>()
  for (const link of links) steps.set(link.mediaId, [...(steps.get(link.mediaId) ?? []), link.event])
  return steps
}

const stepsOf = (ws: Workspace, mediaId: string): string[] =>
  ws.db.all<{event: string}>('SELECT event FROM media_links WHERE media_id = ? ORDER BY id', mediaId).map((row) => row.event)

export const toMediaRecord = (ws: Workspace, row: MediaRow, steps = stepsOf(ws, row.id)): MediaRecord => ({
  addedAt: row.added_at,
  addedBy: row.added_by,
  caseId: row.case_id,
  captureSource: row.capture_source,
  capturedAt: row.captured_at,
  device: row.device,
  durationSec: row.duration_sec,
  file: row.file,
  gps: row.gps ? parseStoredJson<MediaRecord['gps']>(row.gps, `media 表 ${row.id} 的 gps 列`) : null,
  height: row.height,
  id: row.id,
  kind: row.kind,
  make: row.make,
  model: row.model,
  officer: row.officer,
  original: row.original,
  serial: row.serial,
  sha256: row.sha256,
  size: row.size,
  sm3: row.sm3,
  steps,
  width: row.width,
  formatProblem: row.format_problem ? parseStoredJson<FormatProblem>(row.format_problem, `media 表 ${row.id} 的 format_problem 列`) : null,
})

export const toMediaDetail = (ws: Workspace, row: MediaRow, steps = stepsOf(ws, row.id)): MediaDetail => ({
  ...toMediaRecord(ws, row, steps),
  format: row.format,
  mtimeMs: row.mtime_ms,
  nameTime: row.name_time,
  nameTimeOffsetSec: row.name_time_offset_sec,
  originalRawHex: row.original_raw_hex,
  sourcePath: row.source_path,
  warnings: parseStoredJson<string[]>(row.warnings, `media 表 ${row.id} 的 warnings 列`),
})

export const mediaRows = (ws: Workspace, caseId: string): MediaRow[] =>
  ws.db.all<MediaRow>('SELECT * FROM media WHERE case_id = ? ORDER BY seq', caseId)

/** Every media file registered in the case, in import order. */
export const listMedia = (ws: Workspace, caseId: string): MediaRecord[] => {
  getCase(ws, caseId)
  const steps = stepsByMedia(ws, caseId)
  return mediaRows(ws, caseId).map((row) => toMediaRecord(ws, row, steps.get(row.id) ?? []))
}

export const listMediaDetails = (ws: Workspace, caseId: string): MediaDetail[] => {
  getCase(ws, caseId)
  const steps = stepsByMedia(ws, caseId)
  return mediaRows(ws, caseId).map((row) => toMediaDetail(ws, row, steps.get(row.id) ?? []))
}

const findMediaRow = (ws: Workspace, caseId: string, ref: string): MediaRow => {
  getCase(ws, caseId)
  return resolveReference(mediaRows(ws, caseId), ref, {
    caseId,
    idOf: (row) => row.id,
    listHint: `zfjl media list ${caseId}（编号如 ${caseId}-M001、SHA-256 前至少 8 位或文件名）`,
    // A SHA-256 prefix of at least 8 hex digits, else the original or stored file name.
    matches: (row, typed) =>
      /^[\da-f]{8,64}$/i.test(typed) ? row.sha256.startsWith(typed.toLowerCase()) : row.original === typed || row.file.split('/').at(-1) === typed,
    notFoundCode: 'MEDIA_NOT_FOUND',
    what: '音像文件',
  })
}

/** One media file by id (`2026-0001-M007` or `M007`), SHA-256 prefix (≥ 8 hex digits) or file name. */
export const findMedia = (ws: Workspace, caseId: string, ref: string): MediaRecord => toMediaRecord(ws, findMediaRow(ws, caseId, ref))

export const findMediaDetail = (ws: Workspace, caseId: string, ref: string): MediaDetail => toMediaDetail(ws, findMediaRow(ws, caseId, ref))

/** Validates a step id given with `--step`; media may record any catalogued step. */
export const requireStep = (step: string): string => {
  if (!findEvent(step)) throw unknownEventError(step, '步骤（事件）')
  return step
}

/**
 * Adds a step link inside the caller's transaction; a link that exists already is left alone.
 * Returns whether a new link was written.
 */
export const insertLink = (ws: Workspace, audit: (entry: AuditEntry) => void, media: {id: string; caseId: string}, step: string, now = new Date()): boolean => {
  if (ws.db.get('SELECT 1 FROM media_links WHERE media_id = ? AND event = ?', media.id, step)) return false
  ws.db.run(
    'INSERT INTO media_links (media_id, event, linked_at, linked_by) VALUES (?, ?, ?, ?)',
    media.id,
    step,
    formatLocal(now, ws.config.timezone),
    ws.actor.name,
  )
  audit({action: 'media.link', caseId: media.caseId, details: {step}, subject: media.id})
  return true
}

export interface LinkResult {
  step: string
  linked: string[]
  alreadyLinked: string[]
}

/** `media link`: ties files to the step they record (read by the AV-duty check). */
export const linkMedia = (ws: Workspace, caseId: string, refs: readonly string[], step: string): LinkResult => {
  requireStep(step)
  const targets = refs.map((ref) => findMedia(ws, caseId, ref))
  return ws.transact((audit) => {
    const result: LinkResult = {alreadyLinked: [], linked: [], step}
    for (const media of targets) {
      if (insertLink(ws, audit, media, step)) result.linked.push(media.id)
      else result.alreadyLinked.push(media.id)
    }

    return result
  })
}

export interface HandoverItem {
  mediaId: string
  file: string
  original: string
  kind: MediaKind
  durationSec: number | null
  size: number
  sha256: string
  sm3: string
}

export interface HandoverRecord {
  /** `2026-0001-H01` */
  id: string
  caseId: string
  from: string
  to: string
  /** When the files changed hands (ISO local time). */
  at: string
  recordedAt: string
  recordedBy: string
  items: HandoverItem[]
  /** The 音像资料交接记录 filled for this handover, when the documents capability made one. */
  documentId: string | null
}

interface HandoverRow {
  id: string
  case_id: string
  from_officer: string
  to_custodian: string
  at: string
  recorded_at: string
  actor: string
}

const handoverItems = (ws: Workspace, handoverId: string): HandoverItem[] =>
  ws.db.all<HandoverItem>(
    `SELECT i.media_id AS mediaId, m.file, m.original, m.kind, m.duration_sec AS durationSec, i.size, i.sha256, i.sm3
       FROM handover_items i JOIN media m ON m.id = i.media_id WHERE i.handover_id = ? ORDER BY m.seq`,
    handoverId,
  )

export const toHandoverRecord = (ws: Workspace, row: HandoverRow): HandoverRecord => ({
  at: row.at,
  caseId: row.case_id,
  documentId:
    ws.db.get<{document_id: string}>('SELECT document_id FROM handover_documents WHERE handover_id = ? ORDER BY recorded_at DESC', row.id)
      ?.document_id ?? null,
  from: row.from_officer,
  id: row.id,
  items: handoverItems(ws, row.id),
  recordedAt: row.recorded_at,
  recordedBy: row.actor,
  to: row.to_custodian,
})

/** Every 音像资料交接 of the case (第四十二条), oldest first, each with the digests recorded at that moment. */
export const listHandovers = (ws: Workspace, caseId: string): HandoverRecord[] => {
  getCase(ws, caseId)
  return ws.db.all<HandoverRow>('SELECT * FROM handovers WHERE case_id = ? ORDER BY seq', caseId).map((row) =>
    toHandoverRecord(ws, row),
  )
}

export const getHandover = (ws: Workspace, handoverId: string): HandoverRecord => {
  const row = ws.db.get<HandoverRow>('SELECT * FROM handovers WHERE id = ?', handoverId)
  if (!row) throw notFound('HANDOVER_NOT_FOUND', `没有交接记录 ${handoverId}`)
  return toHandoverRecord(ws, row)
}
