import {existsSync, mkdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {join} from 'node:path'

import YAML from 'yaml'

import {writeFileAtomic} from '../platform/atomic-file.js'
import {DIR_MODE, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE} from '../platform/file-modes.js'
import type {Workspace} from '../workspace/workspace.js'

/**
 * What a person typed for a 文书 that could not be generated yet (a validation error, Ctrl-C in the
 * editor flow): kept so the next `doc fill` of the same case and type offers it. A draft is not part
 * of the record; it is removed once the document is generated.
 */
const draftsFolder = (ws: Workspace): string => join(ws.paths.state, 'drafts', ws.actor.osUser)
/** Each account's drafts in a folder of its own: what one person typed is not another's to read or resume. */
const draftPath = (ws: Workspace, caseId: string, typeId: string): string => join(draftsFolder(ws), `${caseId}-${typeId}.yaml`)

export interface FillDraft {
  savedAt: string
  values: Record<string, unknown>
}

export const saveDraft = (ws: Workspace, caseId: string, typeId: string, values: Record<string, unknown>): string => {
  const path = draftPath(ws, caseId, typeId)
  mkdirSync(join(ws.paths.state, 'drafts'), {mode: DIR_MODE, recursive: true})
  mkdirSync(draftsFolder(ws), {mode: PRIVATE_DIR_MODE, recursive: true})
  writeFileAtomic(path, YAML.stringify(values), PRIVATE_FILE_MODE)
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
