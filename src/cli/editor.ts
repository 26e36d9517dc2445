import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {usageError} from '../platform/errors.js'

/**
 * Opens `text` in the person's editor ($VISUAL, else $EDITOR, else vi), as `git commit` does, and
 * returns what they saved. The file lives in a private temporary folder and is removed afterwards.
 */
export const editText = (text: string, fileName: string): string => {
  const editor = process.env.VISUAL || process.env.EDITOR || 'vi'
  const folder = mkdtempSync(join(tmpdir(), 'zfjl-edit-'))
  const path = join(folder, fileName)
  try {
    writeFileSync(path, text, {mode: 0o600})
    // The editor command may carry arguments (`code --wait`), so it goes through the shell.
    const result = spawnSync(`${editor} "$ZFJL_EDIT_FILE"`, {env: {...process.env, ZFJL_EDIT_FILE: path}, shell: true, stdio: 'inherit'})
    if (result.status !== 0) throw usageError('EDITOR_FAILED', `编辑器「${editor}」未正常退出（退出码 ${result.status ?? result.signal}），未生成文书。可设置 VISUAL 或 EDITOR。`)
    return readFileSync(path, 'utf8')
  } finally {
    rmSync(folder, {force: true, recursive: true})
  }
}
