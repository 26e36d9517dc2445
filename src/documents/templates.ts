import {existsSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {DOCUMENT_TYPES} from '../law/documents.js'
import {documentFields} from '../law/document-fields.js'
import {hashHex} from '../platform/digest/digest.js'
import {ioError, usageError} from '../platform/errors.js'
import type {Workspace} from '../workspace/workspace.js'
import {checkTemplate, tagsBeforeStop, type TemplateProblemKind} from './template-check.js'

/** Built-in templates ship beside src/ and dist/ (`templates/<id>.docx`, made by `npm run templates`). */
export const BUILT_IN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url))

export const builtInTemplatePath = (typeId: string): string => join(BUILT_IN_TEMPLATES, `${typeId}.docx`)

export const overrideTemplatePath = (ws: Workspace, typeId: string): string => join(ws.paths.templates, `${typeId}.docx`)

export interface LoadedTemplate {
  path: string
  bytes: Buffer
  sha256: string
  override: boolean
  /** Fields whose tag the template follows with its own 。；， (their values drop a closing mark of their own). */
  stopAfter: ReadonlySet<string>
}

/** Problems that would print a wrong document; a missing optional field only leaves a line out. */
const FATAL: ReadonlySet<TemplateProblemKind> = new Set(['not-docx', 'split-tag', 'unclosed-tag', 'undeclared-tag'])

/** Read once per process and file version: filling 200 documents reads each template once. */
const cache = new Map<string, {mtimeMs: number; size: number; template: LoadedTemplate}>()

const read = (path: string, typeId: string, override: boolean): LoadedTemplate => {
  const stat = statSync(path)
  const cached = cache.get(path)
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.template
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    throw ioError('TEMPLATE_UNREADABLE', `无法读取模板 ${path}：${(error as Error).message}`)
  }

  if (override) {
    const problems = checkTemplate(bytes, typeId).problems.filter((problem) => FATAL.has(problem.kind))
    if (problems.length > 0) {
      throw usageError(
        'TEMPLATE_INVALID',
        `工作区模板 ${path} 有问题，未生成文书：${problems.map((problem) => problem.message).join('；')}（用 zfjl template check 检查）`,
        {path, problems},
      )
    }
  }

  const template = {bytes, override, path, sha256: hashHex('sha256', bytes), stopAfter: tagsBeforeStop(bytes)}
  cache.set(path, {mtimeMs: stat.mtimeMs, size: stat.size, template})
  return template
}

/** The workspace's own `templates/<id>.docx` when it has one (checked first), else the built-in template. */
export const loadTemplate = (ws: Workspace, typeId: string): LoadedTemplate => {
  const override = overrideTemplatePath(ws, typeId)
  if (existsSync(override)) return read(override, typeId, true)
  const builtIn = builtInTemplatePath(typeId)
  if (!existsSync(builtIn)) throw ioError('TEMPLATE_MISSING', `内置模板 ${builtIn} 不存在（运行 npm run templates 生成）`)
  return read(builtIn, typeId, false)
}

export interface TemplateListEntry {
  type: string
  name: string
  numbering: string
  fields: number
  required: number
  /** The file that will be used. */
  template: string
  override: boolean
}

export const listTemplates = (ws: Workspace | null): TemplateListEntry[] =>
  DOCUMENT_TYPES.map((type) => {
    const override = ws ? overrideTemplatePath(ws, type.id) : null
    const useOverride = override !== null && existsSync(override)
    const fields = documentFields(type.id)
    return {
      fields: fields.length,
      name: type.name,
      numbering: type.numbering,
      override: useOverride,
      required: fields.filter((field) => field.required).length,
      template: useOverride ? override : builtInTemplatePath(type.id),
      type: type.id,
    }
  })
