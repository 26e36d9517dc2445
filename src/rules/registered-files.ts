import {join} from 'node:path'

import {isRegularFile} from '../platform/file-kind.js'
import {copiesAwaitingPlacement} from '../workspace/file-placement.js'
import type {Workspace} from '../workspace/workspace.js'

/** A registered 文书 or 音像 file that is not a regular file at its registered place. */
export interface MissingFile {
  caseId: string
  /** `2026-0001-D03`, `2026-0001-M002`. */
  id: string
  file: string
  /** Its committed copy, when it still waits in the staging folder to be renamed into place. */
  awaiting: string | null
}

/**
 * The registered documents and media, of one case or of all, whose file is not where the catalog
 * says. One stat each, nothing read, so `check --all` stays fast: whether a present file's content
 * changed is for `media verify` and `archive pack` to say.
 */
export const missingRegisteredFiles = (ws: Workspace, caseId?: string): MissingFile[] => {
  const scope = caseId === undefined ? '' : ' WHERE case_id = ?'
  const rows = (['documents', 'media'] as const).flatMap((table) =>
    ws.db.all<{case_id: string; id: string; file: string}>(`SELECT case_id, id, file FROM ${table}${scope} ORDER BY case_id, seq`, ...(caseId === undefined ? [] : [caseId])),
  )
  // A copy still waiting to be placed is not in place, whatever file may lie at its name meanwhile.
  const awaiting = copiesAwaitingPlacement(ws.db)
  return rows
    .filter((row) => awaiting.has(join(ws.root, row.file)) || !isRegularFile(join(ws.root, row.file)))
    .map((row) => ({awaiting: awaiting.get(join(ws.root, row.file))?.staged ?? null, caseId: row.case_id, file: row.file, id: row.id}))
}
