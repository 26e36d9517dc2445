import {dirname, join} from 'node:path'

import {pathEscape} from '../platform/confined-path.js'
import {integrityError} from '../platform/errors.js'
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
 * Before evidence is read for an archive or an export: refuses (exit 6) when any registered file
 * (`file` relative to the workspace root) lies behind a symlinked folder, naming each one.
 */
export const requireEvidenceInPlace = (ws: Workspace, items: ReadonlyArray<{file: string; label: string}>, action: string): void => {
  const displaced = items.flatMap((item) => {
    const reason = evidenceDisplacement(ws, dirname(join(ws.root, item.file)))
    return reason ? [`${item.label}（${item.file}）：${reason}`] : []
  })
  if (displaced.length > 0) {
    throw integrityError('EVIDENCE_DISPLACED', `以下文件不在工作区中登记的位置，${action}已中止。用 zfjl media verify 检查：\n${displaced.join('\n')}`, {files: displaced})
  }
}
