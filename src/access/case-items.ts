import {basename} from 'node:path'

import {listDocuments} from '../documents/document-store.js'
import {listMedia} from '../media/media-store.js'
import {notFound, usageError} from '../platform/errors.js'
import type {DocumentRecord, MediaRecord} from '../workspace/records.js'
import type {Workspace} from '../workspace/workspace.js'

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

/** `2026-0001-D03` may be typed as `D03`, since the case is already given. */
const shortId = (item: CaseItem): string => item.id.startsWith(`${item.caseId}-`) ? item.id.slice(item.caseId.length + 1) : item.id

/**
 * Resolves what a person typed to one item of the case: full id, short id (`D03`, `M007`), 文号,
 * document type id or original file name. An alias shared by several items is refused as ambiguous.
 */
export const resolveItem = (items: readonly CaseItem[], caseId: string, ref: string): CaseItem => {
  const wanted = ref.normalize('NFC').trim()
  const byId = items.find((item) => item.id === wanted || shortId(item) === wanted.toUpperCase())
  if (byId) return byId
  const byAlias = items.filter((item) => item.aliases.some((alias) => alias.normalize('NFC') === wanted))
  if (byAlias.length === 1) return byAlias[0]
  if (byAlias.length > 1) {
    throw usageError('ITEM_AMBIGUOUS', `「${ref}」对应案件 ${caseId} 的多个文件（${byAlias.map((item) => item.id).join('、')}），请用编号指定`)
  }

  throw notFound('ITEM_NOT_FOUND', `案件 ${caseId} 中没有文书或音像文件「${ref}」（用 zfjl doc list / zfjl media list 查看编号）`)
}

export const resolveItems = (items: readonly CaseItem[], caseId: string, refs: readonly string[]): CaseItem[] => {
  const resolved = new Map<string, CaseItem>()
  for (const ref of refs.flatMap((value) => value.split(/[,，]/)).map((value) => value.trim()).filter(Boolean)) {
    const item = resolveItem(items, caseId, ref)
    resolved.set(item.id, item)
  }

  return [...resolved.values()]
}
