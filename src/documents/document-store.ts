import {getCase} from '../cases/case-service.js'
import {notFound} from '../platform/errors.js'
import type {ApprovalRecord, DocumentRecord, ServiceRecord} from '../workspace/records.js'
import type {Workspace} from '../workspace/workspace.js'
import {resolveReference} from '../platform/reference.js'
import {parseStoredJson} from '../platform/stored-json.js'

/** Reading and writing the documents tables; the only module that knows their SQL. */

/** 送达方式 (卫生健康行政处罚程序规定 第五十三至五十七条). */
export const SERVICE_METHODS = {
  direct: '直接送达',
  electronic: '电子送达',
  left: '留置送达',
  mail: '邮寄送达',
  public: '公告送达',
} as const satisfies Record<ServiceRecord['method'], string>

export type ServiceMethod = keyof typeof SERVICE_METHODS


interface DocumentRow {
  id: string
  case_id: string
  seq: number
  type: string
  name: string
  number: string | null
  doc_date: string
  file: string
  sha256: string
  sm3: string
  fields: string
  drafted_by: string
  drafted_at: string
}

interface ApprovalRow {
  role: 'review' | 'approve'
  person: string
  at: string
  opinion: string | null
}

interface ServiceRow {
  recipient: string
  method: ServiceRecord['method']
  at: string
  receipt_document_id: string | null
}

interface VoidRow {
  reason: string
  actor: string
  at: string
}

const toRecord = (ws: Workspace, row: DocumentRow): DocumentRecord => {
  const approvals = ws.db.all<ApprovalRow>(
    'SELECT role, person, at, opinion FROM document_approvals WHERE document_id = ? ORDER BY id',
    row.id,
  ).map((approval): ApprovalRecord => ({at: approval.at, by: approval.person, opinion: approval.opinion, role: approval.role}))
  const services = ws.db.all<ServiceRow>(
    'SELECT recipient, method, at, receipt_document_id FROM document_services WHERE document_id = ? ORDER BY id',
    row.id,
  ).map((service): ServiceRecord => ({at: service.at, method: service.method, receiptDocId: service.receipt_document_id, to: service.recipient}))
  const voided = ws.db.get<VoidRow>('SELECT reason, actor, at FROM document_voids WHERE document_id = ?', row.id)
  return {
    approvals,
    caseId: row.case_id,
    docDate: row.doc_date,
    draftedAt: row.drafted_at,
    draftedBy: row.drafted_by,
    fields: parseStoredJson<Record<string, unknown>>(row.fields, `documents 表 ${row.id} 的 fields 列`),
    file: row.file,
    id: row.id,
    name: row.name,
    number: row.number,
    services,
    sha256: row.sha256,
    sm3: row.sm3,
    type: row.type,
    voided: voided ? {at: voided.at, by: voided.actor, reason: voided.reason} : null,
  }
}

/** Every document of the case in the order they were made, voided ones included. */
export const listDocuments = (ws: Workspace, caseId: string): DocumentRecord[] => {
  getCase(ws, caseId)
  return ws.db.all<DocumentRow>('SELECT * FROM documents WHERE case_id = ? ORDER BY seq', caseId).map((row) => toRecord(ws, row))
}

/** A document by its id (`2026-0001-D03`, or just `D03`) or its 文号/编号. */
export const findDocument = (ws: Workspace, caseId: string, ref: string): DocumentRecord => {
  getCase(ws, caseId)
  const rows = ws.db.all<DocumentRow>('SELECT * FROM documents WHERE case_id = ? ORDER BY seq', caseId)
  const row = resolveReference(rows, ref, {
    caseId,
    idOf: (candidate) => candidate.id,
    listHint: `zfjl doc list ${caseId}`,
    matches: (candidate, typed) => candidate.number === typed,
    notFoundCode: 'DOC_NOT_FOUND',
    what: '文书',
  })
  return toRecord(ws, row)
}

export const getDocumentById = (ws: Workspace, id: string): DocumentRecord => {
  const row = ws.db.get<DocumentRow>('SELECT * FROM documents WHERE id = ?', id)
  if (!row) throw notFound('DOC_NOT_FOUND', `文书 ${id} 不存在`)
  return toRecord(ws, row)
}

/** The next order number within the case (the `NN` of `D03` and of the file name). */
export const nextDocumentSeq = (ws: Workspace, caseId: string): number =>
  ws.db.get<{next: number}>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM documents WHERE case_id = ?', caseId)!.next

/**
 * The next number of a sequence (per 类别字 and year for 文号, per type and year for 编号). Called inside
 * the write transaction, so no other process can take the same number, and voided rows still count.
 */
export const nextNumberSeq = (ws: Workspace, key: string, year: number): number =>
  ws.db.get<{next: number}>('SELECT COALESCE(MAX(number_seq), 0) + 1 AS next FROM documents WHERE number_key = ? AND number_year = ?', key, year)!.next

export interface NewDocumentRow {
  id: string
  caseId: string
  seq: number
  type: string
  name: string
  number: string | null
  numberKey: string | null
  numberYear: number | null
  numberSeq: number | null
  docDate: string
  file: string
  sha256: string
  sm3: string
  fields: Record<string, unknown>
  templateSha256: string
  draftedBy: string
  draftedAt: string
  source: string | null
}

export const insertDocument = (ws: Workspace, row: NewDocumentRow): void => {
  ws.db.run(
    `INSERT INTO documents (id, case_id, seq, type, name, number, number_key, number_year, number_seq, doc_date, file, sha256, sm3,
       fields, template_sha256, drafted_by, drafted_at, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    row.id,
    row.caseId,
    row.seq,
    row.type,
    row.name,
    row.number,
    row.numberKey,
    row.numberYear,
    row.numberSeq,
    row.docDate,
    row.file,
    row.sha256,
    row.sm3,
    JSON.stringify(row.fields),
    row.templateSha256,
    row.draftedBy,
    row.draftedAt,
    row.source,
  )
}

export const insertApproval = (ws: Workspace, documentId: string, approval: ApprovalRecord): void => {
  ws.db.run(
    'INSERT INTO document_approvals (document_id, role, person, at, opinion, recorded_by) VALUES (?, ?, ?, ?, ?, ?)',
    documentId,
    approval.role,
    approval.by,
    approval.at,
    approval.opinion,
    ws.actor.name,
  )
}

export const insertService = (
  ws: Workspace,
  documentId: string,
  service: ServiceRecord & {eventId: number | null; recordedAt: string},
): void => {
  ws.db.run(
    `INSERT INTO document_services (document_id, recipient, method, at, receipt_document_id, event_id, recorded_by, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    documentId,
    service.to,
    service.method,
    service.at,
    service.receiptDocId,
    service.eventId,
    ws.actor.name,
    service.recordedAt,
  )
}

export const insertVoid = (ws: Workspace, documentId: string, entry: {reason: string; by: string; at: string}): void => {
  ws.db.run('INSERT INTO document_voids (document_id, reason, actor, at) VALUES (?, ?, ?, ?)', documentId, entry.reason, entry.by, entry.at)
}
