import {existsSync, mkdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {join} from 'node:path'

import YAML from 'yaml'

import {writeFileAtomic} from '../platform/atomic-file.js'
import type {Workspace} from '../workspace/workspace.js'

/**
 * What a person typed for a 文书 that could not be generated yet (a validation error, Ctrl-C in the
 * editor flow): kept so the next `doc fill` of the same case and type offers it. A draft is not part
 * of the record; it is removed once the document is generated.
 */
const draftPath = (ws: Workspace, caseId: string, typeId: string): string => join(ws.paths.state, 'drafts', `${caseId}-${typeId}.yaml`)

export interface FillDraft {
  savedAt: string
  values: Record<string, unknown>
}

export const saveDraft = (ws: Workspace, caseId: string, typeId: string, values: Record<string, unknown>): string => {
  const path = draftPath(ws, caseId, typeId)
  mkdirSync(join(ws.paths.state, 'drafts'), {mode: 0o700, recursive: true})
  writeFileAtomic(path, YAML.stringify(values), 0o600)
  return path
}

export const loadDraft = (ws: Workspace, caseId: string, typeId: string): FillDraft | undefined => {
  const path = draftPath(ws, caseId, typeId)
  if (!existsSync(path)) return undefined
  const values = YAML.parse(readFileSync(path, 'utf8')) as unknown
  if (!values || typeof values !== 'object' || Array.isArray(values)) return undefined
  return {savedAt: statSync(path).mtime.toISOString(), values: values as Record<string, unknown>}
}

export const discardDraft = (ws: Workspace, caseId: string, typeId: string): void => rmSync(draftPath(ws, caseId, typeId), {force: true})
