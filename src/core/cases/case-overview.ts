import type {CaseRecord, DocumentRecord, EventRecord, MediaKind} from '../records.js'
import type {Workspace} from '../workspace/workspace.js'
import {allEvents, getCase} from './case-service.js'

export interface TimelineEntry extends EventRecord {
  /** Id of the event that corrected this one, if any. */
  supersededBy: number | null
}

export interface CaseOverview extends CaseRecord {
  timeline: TimelineEntry[]
  documents: DocumentRecord[]
  media: {total: number; byKind: Partial<Record<MediaKind, number>>}
}

/** Everything `case show` prints: one place so the JSON and the human view agree. */
export const caseOverview = (ws: Workspace, caseId: string): CaseOverview => {
  const record = getCase(ws, caseId)
  const events = allEvents(ws, caseId)
  const correctedBy = new Map(events.filter((event) => event.supersedes !== null).map((event) => [event.supersedes, event.id]))
  const timeline = events
    .map((event) => ({...event, supersededBy: correctedBy.get(event.id) ?? null}))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))
  // INTEGRATION: documents and media come from their stores once those modules land.
  const documents: DocumentRecord[] = []
  return {...record, documents, media: {byKind: {}, total: 0}, timeline}
}
