import {dirname, join} from 'node:path'

import {pathEscape} from '../platform/confined-path.js'
import {integrityError} from '../platform/errors.js'
import {copiesAwaitingPlacement} from '../workspace/file-placement.js'
import type {Workspace} from '../workspace/workspace.js'

/**
 * Why `folder` (the one holding a registered file) is not the workspace's own: `cases/`, the case
 * folder or its media or documents folder replaced by a symlink (the evidence moved elsewhere, where
 * zfjl does not keep it), or null when it is. Every file under such a folder fails, whatever its
 * bytes: a check of the file alone would not see it.
 */
export const evidenceDisplacement = (ws: Workspace, folder: string): string | null => {
  const escape = pathEscape(ws.root, folder)
  return escape === null ? null : `登记的文件所在的文件夹不是工作区中原来的文件夹（${escape}）：证据已被移出工作区，不能作为完好的证据`
}

/**
 * The registered files among `paths` (absolute) that lie behind a symlinked folder, with why: each
 * distinct folder is looked at once, however many files it holds.
 */
export const displacedFiles = (ws: Workspace, paths: Iterable<string>): Map<string, string> => {
  const byFolder = new Map<string, string | null>()
  const displaced = new Map<string, string>()
  for (const path of paths) {
    const folder = dirname(path)
    if (!byFolder.has(folder)) byFolder.set(folder, evidenceDisplacement(ws, folder))
    const reason = byFolder.get(folder)
    if (reason) displaced.set(path, reason)
  }

  return displaced
}

/**
 * Before evidence is read for an archive or an export: refuses (exit 6) when any registered file
 * (`file` relative to the workspace root) lies behind a symlinked folder, or still waits in the
 * staging folder to be renamed into place, naming each one.
 */
export const requireEvidenceInPlace = (ws: Workspace, items: ReadonlyArray<{file: string; label: string}>, action: string): void => {
  const reasons = displacedFiles(ws, items.map((item) => join(ws.root, item.file)))
  const displaced = items.flatMap((item) => {
    const reason = reasons.get(join(ws.root, item.file))
    return reason ? [`${item.label}（${item.file}）：${reason}`] : []
  })
  if (displaced.length > 0) {
    throw integrityError('EVIDENCE_DISPLACED', `以下文件不在工作区中登记的位置，${action}已中止。用 zfjl media verify 检查：\n${displaced.join('\n')}`, {files: displaced})
  }

  // Committed but not yet renamed into place: whatever lies at the name is not what was registered.
  const awaiting = copiesAwaitingPlacement(ws.db)
  const waiting = items.flatMap((item) => {
    const copy = awaiting.get(join(ws.root, item.file))
    return copy ? [`${item.label}（${item.file}）：登记的副本仍在暂存处 ${copy.staged}${copy.present ? '' : '（已不存在）'}`] : []
  })
  if (waiting.length > 0) {
    throw integrityError('EVIDENCE_AWAITING_PLACEMENT', `以下已登记的文件尚未放到位（改名被拒绝，或目标名被另一个文件占用），${action}已中止。用 zfjl doctor 查明：\n${waiting.join('\n')}`, {files: waiting})
  }
}
