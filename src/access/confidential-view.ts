import {actorIsHead} from '../people/roles.js'
import type {DocumentRecord, MediaRecord} from '../workspace/records.js'
import type {Workspace} from '../workspace/workspace.js'
import {listCopyRequests} from './copy-approval.js'
import {type ActiveMark, activeMarks} from './marks.js'

/** What replaces a sensitive value the actor may not see. */
export const MASKED = '〔保密，已屏蔽〕'

/**
 * 第四十六、四十七条: the content of a marked item is shown only to a head, or to the person whose own
 * copy request for it was granted with confidential items included (and has not expired). Everyone
 * else sees that the item exists, its mark and its digests, but not what it says. The archive is the
 * record and keeps everything (see pack-case).
 */
export interface ConfidentialView {
  caseId: string
  marks: Map<string, ActiveMark>
  /** True when the actor may see this item's sensitive fields. */
  mayRead: (itemId: string) => boolean
}

export const confidentialView = (ws: Workspace, caseId: string, now = new Date()): ConfidentialView => {
  const marks = activeMarks(ws, caseId)
  if (marks.size === 0 || actorIsHead(ws)) return {caseId, marks, mayRead: () => true}
  const granted = new Set(
    listCopyRequests(ws, caseId, now)
      .filter((request) => request.requestedBy === ws.actor.name && (request.status === 'granted' || request.status === 'used'))
      .filter((request) => request.decision?.includeConfidential)
      .flatMap((request) => request.items),
  )
  return {caseId, marks, mayRead: (itemId) => !marks.has(itemId) || granted.has(itemId)}
}

/** Every value of a field (rows of a table included) replaced by MASKED; the keys stay, so the shape does. */
const maskFields = (fields: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.keys(fields).map((key) => [key, MASKED]))

export type DocumentView<T extends DocumentRecord = DocumentRecord> = T & {mark: ActiveMark | null; masked: boolean}

/** The document as the actor may see it: a marked one's fields (names, ID numbers, phones, addresses, facts) masked. */
export const viewDocument = <T extends DocumentRecord>(view: ConfidentialView, document: T): DocumentView<T> => {
  const mark = view.marks.get(document.id) ?? null
  return view.mayRead(document.id) ? {...document, mark, masked: false} : {...document, fields: maskFields(document.fields), mark, masked: true}
}

export type MediaView<T extends MediaRecord> = T & {mark: ActiveMark | null; masked: boolean}

/** The media record as the actor may see it: a marked file's location and import path masked. */
export const viewMedia = <T extends MediaRecord & {sourcePath?: string}>(view: ConfidentialView, media: T): MediaView<T> => {
  const mark = view.marks.get(media.id) ?? null
  if (view.mayRead(media.id)) return {...media, mark, masked: false}
  return {...media, gps: null, mark, masked: true, ...(media.sourcePath === undefined ? {} : {sourcePath: MASKED})}
}
