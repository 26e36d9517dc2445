import {FileRefusal} from '../platform/digest/digest.js'

/** Why a file could not be imported or checked, in words for the officer (Chinese), plus a stable code. */
export interface FileFailure {
  code: string
  message: string
}

const SYSTEM_REASONS: Record<string, string> = {
  EACCES: '没有读取权限',
  EISDIR: '这是一个文件夹，不是文件',
  ELOOP: '符号链接循环',
  EMFILE: '同时打开的文件过多',
  ENOENT: '文件不存在或已被移走',
  ENOSPC: '磁盘空间不足',
  EPERM: '操作不被允许（权限不足）',
  EIO: '磁盘读写错误',
}

export const describeFileFailure = (error: unknown): FileFailure => {
  // A stated reason (a damaged file, one that changed while copied) is already in the officer's words.
  if (error instanceof FileRefusal) return {code: error.code, message: error.message}
  const systemCode = (error as NodeJS.ErrnoException | undefined)?.code
  if (systemCode && SYSTEM_REASONS[systemCode]) return {code: systemCode, message: SYSTEM_REASONS[systemCode]}
  return {code: systemCode ?? 'READ_FAILED', message: `读取失败：${(error as Error | undefined)?.message ?? String(error)}`}
}
