import {resolve} from 'node:path'

import {getCase} from '../cases/case-service.js'
import {notFound} from '../platform/errors.js'
import type {Workspace} from '../workspace/workspace.js'

/**
 * Audit actions that read or copy a case without changing its record: after the last pack, only these
 * may happen for the archive to still be current.
 */
const RECORD_PRESERVING_ACTIONS = ['archive.pack', 'archive.pack.aborted', 'copy.deny', 'copy.grant', 'copy.request', 'export', 'media.verify']

export interface ArchiveStatus {
  /** The newest archive of the case, or null when it was never packed. */
  lastArchive: {file: string; sm3: string; packedAt: string; forcedReason: string | null} | null
  /** True when the record changed after the last pack (a new archive is due); null when never packed. */
  changedSince: boolean | null
}

// Read here rather than through pack-case, which would load the packer (and docx) into every `case list`
// and `archive verify`.
const newestArchive = (ws: Workspace, caseId: string) =>
  ws.db.get<{file: string; sm3: string; packedAt: string; forcedReason: string | null}>(
    'SELECT file, sm3, packed_at AS packedAt, forced_reason AS forcedReason FROM archives WHERE case_id = ? ORDER BY id DESC LIMIT 1',
    caseId,
  )

/** The newest archive of the case, as an absolute path: where a command takes a case id for an archive. */
export const latestArchivePath = (ws: Workspace, caseId: string): string => {
  getCase(ws, caseId)
  const archive = newestArchive(ws, caseId)
  if (!archive) throw notFound('ARCHIVE_NOT_FOUND', `案件 ${caseId} 尚未归档：先运行 zfjl archive pack ${caseId}`)
  return resolve(ws.root, archive.file)
}

/** Whether a case's newest archive still holds its whole record: what nightly `--pack-closed` and `case list --unarchived` ask. */
export const archiveStatus = (ws: Workspace, caseId: string): ArchiveStatus => {
  const last = newestArchive(ws, caseId)
  if (!last) return {changedSince: null, lastArchive: null}
  const packed = ws.db.get<{seq: number | null}>("SELECT MAX(seq) AS seq FROM audit_log WHERE case_id = ? AND action = 'archive.pack'", caseId)!
  const placeholders = RECORD_PRESERVING_ACTIONS.map(() => '?').join(', ')
  const later = ws.db.get(
    `SELECT 1 FROM audit_log WHERE case_id = ? AND seq > ? AND action NOT IN (${placeholders}) LIMIT 1`,
    caseId,
    packed.seq ?? 0,
    ...RECORD_PRESERVING_ACTIONS,
  )
  return {
    changedSince: later !== undefined,
    lastArchive: {file: last.file, forcedReason: last.forcedReason, packedAt: last.packedAt, sm3: last.sm3},
  }
}
