import {confidentialView, type DocumentView, viewDocument} from '../access/confidential-view.js'
import type {ActiveMark} from '../access/marks.js'
import {type ArchiveStatus, archiveStatus} from '../archive/archive-status.js'
import {listDocuments} from '../documents/document-store.js'
import {listMedia} from '../media/media-store.js'
import type {CaseRecord, EventRecord, MediaKind} from '../workspace/records.js'
import type {Workspace} from '../workspace/workspace.js'
import {allEvents, getCase} from '../cases/case-service.js'

export interface TimelineEntry extends EventRecord {
  /** Id of the event that corrected this one, if any. */
  supersededBy: number | null
}

export interface CaseOverview extends CaseRecord {
  timeline: TimelineEntry[]
  /** Marked documents' fields are masked unless the actor may read them (第四十七条). */
  documents: DocumentView[]
  media: {total: number; byKind: Partial<Record<MediaKind, number>>; marked: number}
  /** Item id (document or media) → its confidentiality mark (第四十七条). */
  marks: Record<string, ActiveMark>
  /** The newest archive and whether the record changed after it. */
  archive: ArchiveStatus
}

/** Everything `case show` prints: one place so the JSON and the human view agree. */
export const caseOverview = (ws: Workspace, caseId: string): CaseOverview => {
  const record = getCase(ws, caseId)
  const events = allEvents(ws, caseId)
  const correctedBy = new Map(events.filter((event) => event.supersedes !== null).map((event) => [event.supersedes, event.id]))
  const timeline = events
    .map((event) => ({...event, supersededBy: correctedBy.get(event.id) ?? null}))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))
  const view = confidentialView(ws, caseId)
  const {marks} = view
  const media = listMedia(ws, caseId)
  const byKind: Partial<Record<MediaKind, number>> = {}
  for (const item of media) byKind[item.kind] = (byKind[item.kind] ?? 0) + 1
  return {
    ...record,
    archive: archiveStatus(ws, caseId),
    documents: listDocuments(ws, caseId).map((document) => viewDocument(view, document)),
    marks: Object.fromEntries(marks),
    media: {byKind, marked: media.filter((item) => marks.has(item.id)).length, total: media.length},
    timeline,
  }
}
