import {basename} from 'node:path'

import {listDocuments} from '../documents/document-store.js'
import {listMedia} from '../media/media-store.js'
import type {DocumentRecord, MediaRecord} from '../workspace/records.js'
import type {Workspace} from '../workspace/workspace.js'
import {resolveReference} from '../platform/reference.js'

/** A document or media file of a case as access control sees it: something that can be marked or copied. */
export interface CaseItem {
  id: string
  kind: 'document' | 'media'
  caseId: string
  /** Path relative to the workspace root. */
  file: string
  sha256: string
  sm3: string
  /** What a person recognises: `行政处罚决定书 珠卫罚〔2026〕12号`, or the original file name. */
  label: string
  /** Extra names the item can be referred to by on the command line (文号, original file name). */
  aliases: string[]
}

export const documentItem = (document: DocumentRecord): CaseItem => ({
  aliases: [document.number, document.type, basename(document.file)].filter((alias): alias is string => Boolean(alias)),
  caseId: document.caseId,
  file: document.file,
  id: document.id,
  kind: 'document',
  label: `${document.name}${document.number ? ` ${document.number}` : ''}${document.voided ? '（已作废）' : ''}`,
  sha256: document.sha256,
  sm3: document.sm3,
})

export const mediaItem = (media: MediaRecord): CaseItem => ({
  aliases: [media.original, basename(media.file)],
  caseId: media.caseId,
  file: media.file,
  id: media.id,
  kind: 'media',
  label: media.original,
  sha256: media.sha256,
  sm3: media.sm3,
})

/** Every document and media file of the case, as items that can be marked or copied. */
export const loadCaseItems = (ws: Workspace, caseId: string): CaseItem[] => [
  ...listDocuments(ws, caseId).map((document) => documentItem(document)),
  ...listMedia(ws, caseId).map((media) => mediaItem(media)),
]

/**
 * Resolves what a person typed to one item of the case: full id, short id (`D03`, `M007`), 文号,
 * document type id or original file name.
 */
export const resolveItem = (items: readonly CaseItem[], caseId: string, ref: string): CaseItem =>
  resolveReference(items, ref, {
    caseId,
    idOf: (item) => item.id,
    listHint: `zfjl doc list ${caseId} / zfjl media list ${caseId}`,
    matches: (item, typed) => item.aliases.some((alias) => alias.normalize('NFC') === typed),
    notFoundCode: 'ITEM_NOT_FOUND',
    what: '文书或音像文件',
  })

export const resolveItems = (items: readonly CaseItem[], caseId: string, refs: readonly string[]): CaseItem[] => {
  const resolved = new Map<string, CaseItem>()
  for (const ref of refs.flatMap((value) => value.split(/[,，]/)).map((value) => value.trim()).filter(Boolean)) {
    const item = resolveItem(items, caseId, ref)
    resolved.set(item.id, item)
  }

  return [...resolved.values()]
}
