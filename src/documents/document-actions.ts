import {effectiveEvents, getCase, insertStepEvent} from '../cases/case-service.js'
import {requireActingPerson} from '../people/roles.js'
import {findDocumentType} from '../law/documents.js'
import {assertCleanText} from '../platform/clean-text.js'
import {conflict, forbidden, usageError} from '../platform/errors.js'
import {assertNotBefore, assertNotFuture, formatLocal, parseUserDateTime} from '../platform/local-time.js'
import type {ApprovalRecord, DocumentRecord, ServiceRecord} from '../workspace/records.js'
import type {Workspace} from '../workspace/workspace.js'
import {findDocument, getDocumentById, insertApproval, insertService, insertVoid, SERVICE_METHODS, type ServiceMethod} from './document-store.js'
import {assertComplete, prepareFill, transactWithFiles, writeDocument} from './fill-document.js'
import {loadTemplate} from './templates.js'

const ROLE_LABEL = {approve: '批准', review: '审核'} as const


const assertNotVoided = (document: DocumentRecord, action: string): void => {
  if (document.voided) {
    throw conflict('DOC_VOIDED', `文书 ${document.id}（${document.number ?? document.name}）已于 ${document.voided.at} 作废（${document.voided.reason}），不能${action}`)
  }
}

export interface ApproveInput {
  role: 'review' | 'approve'
  /** Only the acting person may review or approve (left out: the actor). */
  by?: string
  opinion?: string
  /** When the step was done (date or date-time), for recording a paper approval afterwards; now when left out. */
  at?: string
  now?: Date
}

/**
 * 第十四条, 第四十八条: 承办人 drafts, 审核人 reviews, 批准人 approves, each with time and opinion,
 * each in person. Approval needs a review first; the drafter does neither, and whoever reviewed does
 * not also approve, so three different people have seen every decision.
 */
export const approveDocument = (ws: Workspace, caseId: string, ref: string, input: ApproveInput): DocumentRecord => {
  const by = requireActingPerson(ws, input.by, ROLE_LABEL[input.role] + '文书').name
  assertCleanText(input.opinion, '--opinion（意见）', 'reason')
  const now = input.now ?? new Date()
  const label = `--at（${ROLE_LABEL[input.role]}时间）`
  const at = input.at ? parseUserDateTime(input.at, ws.config.timezone, label) : formatLocal(now, ws.config.timezone)
  assertNotFuture(at, ws.config.timezone, label, now)
  return ws.transact((audit) => {
    const document = findDocument(ws, caseId, ref)
    assertNotVoided(document, ROLE_LABEL[input.role])
    // Local dates compare as strings; an approval cannot predate the document or the review it follows.
    const earliest = [document.docDate, ...document.approvals.map((approval) => approval.at)].sort().at(-1)!
    assertNotBefore(at, earliest, label, '文书日期或前一审批环节', 'APPROVAL_BEFORE_PREDECESSOR')

    if (by === document.draftedBy) {
      throw forbidden('DRAFTER_CANNOT_APPROVE', `${by} 是文书 ${document.id} 的承办人（起草人），不能${ROLE_LABEL[input.role]}自己起草的文书（第四十八条）`)
    }

    // An interpretation of 第四十八条 (明确具体承办人、审核人、批准人): whoever handles the case is its
    // 承办人 for every 文书 in it, drafted by them or a colleague, and so neither reviews nor approves them.
    if (getCase(ws, caseId).officers.some((officer) => officer.name === by)) {
      throw forbidden(
        'CASE_OFFICER_CANNOT_APPROVE',
        `${by} 是案件 ${caseId} 的承办人员，不能${ROLE_LABEL[input.role]}本案的文书：承办人、审核人、批准人须分别明确（本办法第四十八条；「承办本案的执法人员不审核、批准本案文书」是本工具对该条的解释）`,
        {caseId, document: document.id},
      )
    }

    const reviewed = document.approvals.some((approval) => approval.role === 'review')
    const approved = document.approvals.some((approval) => approval.role === 'approve')
    if (input.role === 'review' && reviewed) throw conflict('DOC_ALREADY_REVIEWED', `文书 ${document.id} 已经审核`)
    if (input.role === 'approve' && !reviewed) throw conflict('REVIEW_REQUIRED', `文书 ${document.id} 尚未审核，须先审核后批准（第十四条、第四十八条）`)
    if (input.role === 'approve' && approved) throw conflict('DOC_ALREADY_APPROVED', `文书 ${document.id} 已经批准`)
    const reviewer = document.approvals.find((approval) => approval.role === 'review')?.by
    if (input.role === 'approve' && reviewer === by) {
      throw forbidden('REVIEWER_CANNOT_APPROVE', `${by} 已审核文书 ${document.id}，不能再批准同一文书：审核与批准须由不同的人完成（第十四条、第四十八条）`, {
        document: document.id,
      })
    }

    requireActingPerson(ws, by, ROLE_LABEL[input.role] + '文书', input.role === 'review' ? 'reviewer' : 'approver')
    const approval: ApprovalRecord = {at, by, opinion: input.opinion?.trim() || null, role: input.role}
    insertApproval(ws, document.id, approval)
    audit({action: `doc.${input.role}`, caseId, details: {...approval, number: document.number, type: document.type}, subject: document.id})
    return getDocumentById(ws, document.id)
  })
}

export interface ServeInput {
  to: string
  method: ServiceMethod
  /** Why service is by public notice (下落不明, or the other methods failed); required for `public`. */
  reason?: string
  /** When it was served (date or date-time); now when left out. */
  at?: string
  now?: Date
}

export interface ServeResult {
  document: DocumentRecord
  service: ServiceRecord
  receipt: DocumentRecord
  event: {id: number; event: string; at: string} | null
}

/**
 * Records the service, generates its 送达回证 and records the catalog's recordsOnServe event (e.g.
 * `decision-served`), all in one transaction, so the deadlines that run from service start exactly once.
 */
export const serveDocument = (ws: Workspace, caseId: string, ref: string, input: ServeInput): ServeResult => {
  const now = input.now ?? new Date()
  const to = input.to.trim()
  if (!to) throw usageError('RECIPIENT_REQUIRED', '请用 --to 写明受送达人')
  assertCleanText(to, '--to（受送达人）', 'name')
  if (!(input.method in SERVICE_METHODS)) {
    throw usageError('SERVICE_METHOD_INVALID', `送达方式应为 ${Object.keys(SERVICE_METHODS).join('、')}，收到「${input.method}」`)
  }

  const reason = input.reason?.trim() ?? ''
  if (input.method === 'public' && !reason) {
    throw usageError('PUBLIC_SERVICE_REASON_REQUIRED', '公告送达须用 --reason 写明原因和经过（受送达人下落不明，或用其他方式无法送达；民事诉讼法 第九十五条）')
  }

  const at = input.at ? parseUserDateTime(input.at, ws.config.timezone, '--at（送达时间）') : formatLocal(now, ws.config.timezone)
  assertNotFuture(at, ws.config.timezone, '--at（送达时间）', now)
  const target = findDocument(ws, caseId, ref)
  assertServiceMethodAllowed(ws, caseId, target, input.method, at)
  const receiptPlan = prepareFill(ws, caseId, 'service-receipt', {
    data: {docNo: target.number ?? '', docTitle: target.name, method: SERVICE_METHODS[input.method], recipient: to, servedAt: at},
    date: at.slice(0, 10),
    now,
  })
  assertComplete(receiptPlan)
  const template = loadTemplate(ws, 'service-receipt')
  return transactWithFiles(ws, now, (context) => {
    // Re-read under the write lock: a void or approval may have landed since the first look.
    const document = getDocumentById(ws, target.id)
    assertNotVoided(document, '送达')
    // Served after it was dated and approved, never before.
    assertNotBefore(at, [document.docDate, ...document.approvals.map((approval) => approval.at)].sort().at(-1), '--at（送达时间）', '文书日期或其审批时间')
    const type = findDocumentType(document.type)
    if (type?.needsApproval && !document.approvals.some((approval) => approval.role === 'approve')) {
      throw forbidden('DOC_NOT_APPROVED', `《${document.name}》须经审核、批准后才能送达（第十四条、第四十八条）；用 zfjl doc approve ${caseId} ${document.id} --role review|approve`)
    }

    const receipt = writeDocument(ws, receiptPlan, template, {...context, source: `serve:${document.id}`})
    const note = `${SERVICE_METHODS[input.method]}：${to}${reason ? `（${reason}）` : ''}`
    // A step the document recorded when filled (调取证据) is not recorded twice on the same day.
    const event = type?.recordsOnServe ? insertStepEvent(ws, context.audit, caseId, type.recordsOnServe, {at, note, source: `serve:${document.id}`}, now) : null
    const service: ServiceRecord = {at, method: input.method, receiptDocId: receipt.id, to}
    insertService(ws, document.id, {...service, eventId: event?.id ?? null, recordedAt: formatLocal(now, ws.config.timezone)})
    context.audit({action: 'doc.serve', caseId, details: {...service, event: event?.event ?? null, number: document.number, reason: reason || undefined}, subject: document.id})
    return {
      document: getDocumentById(ws, document.id),
      event: event ? {at: event.at, event: event.event, id: event.id} : null,
      receipt,
      service,
    }
  })
}

/**
 * Service methods the law rules out for a document: a 催告书 is served directly or under the civil
 * procedure rules, not electronically (行政强制法 第三十八条); a 行政处罚决定书 goes electronically only with
 * the party's signed consent (行政处罚法 第六十一条第二款), recorded as `electronic-service-consented`.
 */
const assertServiceMethodAllowed = (ws: Workspace, caseId: string, document: DocumentRecord, method: ServiceMethod, at: string): void => {
  if (method !== 'electronic') return
  if (document.type === 'payment-reminder') {
    throw forbidden('SERVICE_METHOD_NOT_ALLOWED', `《${document.name}》应当直接送达当事人，不能电子送达（行政强制法 第三十八条）`)
  }

  const consented = effectiveEvents(ws, caseId).some((event) => event.event === 'electronic-service-consented' && event.at.slice(0, 10) <= at.slice(0, 10))
  if (document.type === 'penalty-decision' && !consented) {
    throw forbidden(
      'ELECTRONIC_SERVICE_NO_CONSENT',
      `电子送达《${document.name}》须当事人同意并签订确认书（行政处罚法 第六十一条第二款）；先用 zfjl case event ${caseId} electronic-service-consented --at <签订日期> 记录`,
    )
  }
}

/** 作废: the file, the number and the record stay; a void row says why, who and when. */
export const voidDocument = (ws: Workspace, caseId: string, ref: string, input: {reason: string; now?: Date}): DocumentRecord => {
  const reason = input.reason.trim()
  if (!reason) throw usageError('REASON_REQUIRED', '作废文书必须用 --reason 写明理由')
  assertCleanText(reason, '--reason（作废理由）', 'reason')
  const now = input.now ?? new Date()
  return ws.transact((audit) => {
    const document = findDocument(ws, caseId, ref)
    assertNotVoided(document, '再次作废')
    const entry = {at: formatLocal(now, ws.config.timezone), by: ws.actor.name, reason}
    insertVoid(ws, document.id, entry)
    audit({action: 'doc.void', caseId, details: {...entry, file: document.file, number: document.number, type: document.type}, subject: document.id})
    return getDocumentById(ws, document.id)
  })
}
