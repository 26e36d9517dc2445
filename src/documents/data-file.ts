import {readFileSync} from 'node:fs'
import {extname} from 'node:path'

import YAML from 'yaml'

import {usageError} from '../platform/errors.js'

/**
 * `--data <file>`: a JSON or YAML mapping of field keys to values (lists as arrays of mappings).
 * The extension picks the parser; any other name is tried as JSON, then YAML.
 */
export const readDataFile = (path: string): Record<string, unknown> => {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw usageError('DATA_FILE_UNREADABLE', `无法读取数据文件 ${path}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }

  const extension = extname(path).toLowerCase()
  let parsed: unknown
  try {
    if (extension === '.json') parsed = JSON.parse(text)
    else if (extension === '.yaml' || extension === '.yml') parsed = YAML.parse(text)
    else parsed = parseEither(text)
  } catch (error) {
    throw usageError('DATA_FILE_INVALID', `数据文件 ${path} 不是有效的 JSON 或 YAML：${(error as Error).message.split('\n')[0]}`)
  }

  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw usageError('DATA_FILE_INVALID', `数据文件 ${path} 应为 JSON 对象或 YAML 映射（字段名: 值），例如 facts: 经查……`)
  }

  return parsed as Record<string, unknown>
}

const parseEither = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return YAML.parse(text)
  }
}

/** `--set key=value` (repeatable); list fields take a JSON array as the value. */
export const parseSetPairs = (pairs: readonly string[]): Record<string, string> => {
  const values: Record<string, string> = {}
  const bad: string[] = []
  for (const pair of pairs) {
    const match = /^\s*([A-Za-z][A-Za-z0-9]*)\s*=([\s\S]*)$/.exec(pair)
    if (match) values[match[1]] = match[2]
    else bad.push(pair)
  }

  if (bad.length > 0) throw usageError('SET_INVALID', `--set 应为 key=value（key 为英文字段名），收到：${bad.map((pair) => `「${pair}」`).join('、')}`)
  return values
}
