import {effectiveEvents, getCase} from '../cases/case-service.js'
import type {ProcedureId} from '../law/procedures.js'
import type {ApprovalRecord, CaseRecord, FormatProblem, MediaKind, PartyRecord, ServiceRecord} from '../workspace/records.js'
import type {Workspace} from '../workspace/workspace.js'
import {listDocuments} from '../documents/document-store.js'
import {listMedia} from '../media/media-store.js'
import type {CaseFacts, CheckedDocument, CheckedMedia} from './completeness.js'
import type {CheckedEvent} from './deadlines.js'
import {groupBy} from '../platform/group-by.js'
import {parseStoredJson} from '../platform/stored-json.js'

/** One case through the owning modules' own readers. */
export const loadCaseFacts = (ws: Workspace, caseId: string): CaseFacts => ({
  caseRecord: getCase(ws, caseId),
  documents: listDocuments(ws, caseId),
  events: effectiveEvents(ws, caseId),
  media: listMedia(ws, caseId),
})

/**
 * Every case's facts with one query per table instead of several per case: `check --all` over ten
 * thousand cases must stay a matter of seconds. It reads the foundation, documents (002) and media
 * (003) tables directly, only the columns the checks use (CheckedEvent, CheckedDocument,
 * CheckedMedia), mapped as case-service, document-store and media-store map them;
 * test/rules/case-facts.test.ts compares both loaders on the same workspace.
 */
export const loadAllCaseFacts = (ws: Workspace): CaseFacts[] => {
  const db = ws.db
  const cases = db.all<{
    id: string
    year: number
    procedure: ProcedureId
    title: string
    created_at: string
    created_by: string
  }>('SELECT id, year, procedure, title, created_at, created_by FROM cases ORDER BY year, seq')
  const officers = groupBy(
    db.all<{case_id: string; name: string; cert_no: string}>('SELECT case_id, name, cert_no FROM case_officers ORDER BY case_id, position'),
    (row) => row.case_id,
  )
  const parties = groupBy(
    db.all<{
      case_id: string
      name: string
      id_number: string | null
      address: string | null
      type: PartyRecord['type']
    }>('SELECT case_id, name, id_number, address, type FROM parties ORDER BY id'),
    (row) => row.case_id,
  )
  const eventRows = db.all<{
    id: number
    case_id: string
    event: string
    at: string
    supersedes: number | null
  }>('SELECT id, case_id, event, at, supersedes FROM events ORDER BY id')
  const superseded = new Set(eventRows.map((row) => row.supersedes).filter((id): id is number => id !== null))
  const events = groupBy(
    eventRows.filter((row) => !superseded.has(row.id)).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id)),
    (row) => row.case_id,
  )
  const documents = ws.db.hasTable('documents') ? loadAllDocuments(ws) : new Map<string, CheckedDocument[]>()
  const media = ws.db.hasTable('media') ? loadAllMedia(ws) : new Map<string, CheckedMedia[]>()

  return cases.map((row) => {
    const caseEvents = (events.get(row.id) ?? []).map((event): CheckedEvent => ({at: event.at, event: event.event, id: event.id}))
    const caseRecord: CaseRecord = {
      createdAt: row.created_at,
      createdBy: row.created_by,
      id: row.id,
      officers: (officers.get(row.id) ?? []).map((officer) => ({certNo: officer.cert_no, name: officer.name})),
      parties: (parties.get(row.id) ?? []).map((party) => ({address: party.address, idNumber: party.id_number, name: party.name, type: party.type})),
      procedure: row.procedure,
      status: caseEvents.some((event) => event.event === 'closed') ? 'closed' : 'open',
      title: row.title,
      year: row.year,
    }
    return {caseRecord, documents: documents.get(row.id) ?? [], events: caseEvents, media: media.get(row.id) ?? []}
  })
}

const loadAllDocuments = (ws: Workspace): Map<string, CheckedDocument[]> => {
  const db = ws.db
  const approvals = groupBy(
    db.all<{
      document_id: string
      role: ApprovalRecord['role']
      person: string
      at: string
      opinion: string | null
    }>('SELECT document_id, role, person, at, opinion FROM document_approvals ORDER BY id'),
    (row) => row.document_id,
  )
  const services = groupBy(
    db.all<{
      document_id: string
      recipient: string
      method: ServiceRecord['method']
      at: string
      receipt_document_id: string | null
    }>('SELECT document_id, recipient, method, at, receipt_document_id FROM document_services ORDER BY id'),
    (row) => row.document_id,
  )
  const voids = new Map(
    db.all<{document_id: string; reason: string; actor: string; at: string}>('SELECT document_id, reason, actor, at FROM document_voids').map(
      (row) => [row.document_id, {at: row.at, by: row.actor, reason: row.reason}],
    ),
  )
  const rows = db.all<{
    id: string
    case_id: string
    type: string
    name: string
    fields: string
  }>('SELECT id, case_id, type, name, fields FROM documents ORDER BY case_id, seq')
  return groupBy(
    rows.map((row): CheckedDocument & {caseId: string} => ({
      approvals: (approvals.get(row.id) ?? []).map((approval) => ({at: approval.at, by: approval.person, opinion: approval.opinion, role: approval.role})),
      caseId: row.case_id,
      fields: parseStoredJson<Record<string, unknown>>(row.fields, `documents 表 ${row.id} 的 fields 列`),
      id: row.id,
      name: row.name,
      services: (services.get(row.id) ?? []).map((service) => ({
        at: service.at,
        method: service.method,
        receiptDocId: service.receipt_document_id,
        to: service.recipient,
      })),
      type: row.type,
      voided: voids.get(row.id) ?? null,
    })),
    (document) => document.caseId,
  )
}

const loadAllMedia = (ws: Workspace): Map<string, CheckedMedia[]> => {
  const db = ws.db
  const links = groupBy(db.all<{media_id: string; event: string}>('SELECT media_id, event FROM media_links ORDER BY id'), (row) => row.media_id)
  const rows = db.all<{
    id: string
    case_id: string
    kind: MediaKind
    captured_at: string | null
    duration_sec: number | null
    format_problem: string | null
  }>('SELECT id, case_id, kind, captured_at, duration_sec, format_problem FROM media ORDER BY case_id, seq')
  return groupBy(
    rows.map((row): CheckedMedia & {caseId: string} => ({
      capturedAt: row.captured_at,
      caseId: row.case_id,
      durationSec: row.duration_sec,
      formatProblem: row.format_problem ? parseStoredJson<FormatProblem>(row.format_problem, `media 表 ${row.id} 的 format_problem 列`) : null,
      id: row.id,
      kind: row.kind,
      steps: (links.get(row.id) ?? []).map((link) => link.event),
    })),
    (item) => item.caseId,
  )
}
