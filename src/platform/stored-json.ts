import {integrityError} from './errors.js'

/**
 * A JSON column read back from the catalog. zfjl only ever writes valid JSON there, so a value that
 * does not parse was written by someone else: an integrity refusal (exit 6) naming the table, row and
 * column, never an internal error. `where` reads like `media 表 2026-0001-M001 的 warnings 列`.
 */
export const parseStoredJson = <T>(value: string, where: string): T => {
  try {
    return JSON.parse(value) as T
  } catch {
    throw integrityError('STORED_JSON_INVALID', `数据库中 ${where} 不是有效的 JSON，记录可能被改动。请运行 zfjl audit verify 检查审计链与记录`, {where})
  }
}
