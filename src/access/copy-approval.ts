import {getCase} from '../cases/case-service.js'
import {assertCleanText} from '../platform/clean-text.js'
import {conflict, forbidden, notFound, usageError} from '../platform/errors.js'
import {formatLocal, parseUserDateTime, toInstant} from '../platform/local-time.js'
import {requireCaseRecordsIntact} from '../workspace/record-trail.js'
import type {Workspace} from '../workspace/workspace.js'
import type {CaseItem} from './case-items.js'
import {resolveItems} from './case-items.js'
import {requireActingPerson} from '../people/roles.js'
import {parseStoredJson} from '../platform/stored-json.js'

/**
 * 第四十六条: records are copied only with the consent of the head of the enforcement body. A request
 * names the items and the purpose; a head (never the requester) grants or denies it once.
 */
export type RequestStatus = 'pending' | 'granted' | 'denied' | 'expired' | 'used'

export interface CopyDecision {
  decision: 'granted' | 'denied'
  by: string
  at: string
  reason: string | null
  includeConfidential: boolean
  /** Local date-time until which the grant may be used, or null for no limit. */
  expires: string | null
  repeatable: boolean
}

export interface CopyRequest {
  id: string
  caseId: string
  scope: 'all' | 'items'
  /** The item ids approved for copying, fixed when the request was made. */
  items: string[]
  purpose: string
  requestedBy: string
  requestedAt: string
  decision: CopyDecision | null
  /** Ids of the exports made under this request. */
  exports: string[]
  status: RequestStatus
}

interface RequestRow {
  id: string
  case_id: string
  scope: 'all' | 'items'
  items: string
  purpose: string
  requested_by: string
  requested_at: string
}

interface DecisionRow {
  decision: 'granted' | 'denied'
  decided_by: string
  reason: string | null
  include_confidential: number
  expires: string | null
  repeatable: number
  at: string
}

const isExpired = (decision: CopyDecision, timezone: string, now: Date): boolean =>
  decision.expires !== null && toInstant(decision.expires, timezone).getTime() < now.getTime()

const statusOf = (decision: CopyDecision | null, exports: string[], timezone: string, now: Date): RequestStatus => {
  if (!decision) return 'pending'
  if (decision.decision === 'denied') return 'denied'
  if (isExpired(decision, timezone, now)) return 'expired'
  if (exports.length > 0 && !decision.repeatable) return 'used'
  return 'granted'
}

const toRequest = (ws: Workspace, row: RequestRow, now: Date): CopyRequest => {
  const decisionRow = ws.db.get<DecisionRow>('SELECT * FROM copy_decisions WHERE request_id = ?', row.id)
  const decision: CopyDecision | null = decisionRow
    ? {
        at: decisionRow.at,
        by: decisionRow.decided_by,
        decision: decisionRow.decision,
        expires: decisionRow.expires,
        includeConfidential: decisionRow.include_confidential === 1,
        reason: decisionRow.reason,
        repeatable: decisionRow.repeatable === 1,
      }
    : null
  const exports = ws.db.all<{id: string}>('SELECT id FROM copy_exports WHERE request_id = ? ORDER BY year, seq', row.id).map(
    (entry) => entry.id,
  )
  return {
    caseId: row.case_id,
    decision,
    exports,
    id: row.id,
    items: parseStoredJson<string[]>(row.items, `copy_requests 表 ${row.id} 的 items 列`),
    purpose: row.purpose,
    requestedAt: row.requested_at,
    requestedBy: row.requested_by,
    scope: row.scope,
    status: statusOf(decision, exports, ws.config.timezone, now),
  }
}

export const getCopyRequest = (ws: Workspace, id: string, now = new Date()): CopyRequest => {
  const row = ws.db.get<RequestRow>('SELECT * FROM copy_requests WHERE id = ?', id.trim())
  if (!row) throw notFound('APPROVAL_NOT_FOUND', `复制申请 ${id} 不存在（用 zfjl copy list 查看）`)
  return toRequest(ws, row, now)
}

export const listCopyRequests = (ws: Workspace, caseId?: string, now = new Date()): CopyRequest[] => {
  const rows = caseId
    ? ws.db.all<RequestRow>('SELECT * FROM copy_requests WHERE case_id = ? ORDER BY year, seq', caseId)
    : ws.db.all<RequestRow>('SELECT * FROM copy_requests ORDER BY year, seq')
  return rows.map((row) => toRequest(ws, row, now))
}

export interface CopyRequestInput {
  caseId: string
  /** Item refs as typed; ignored when `all`. */
  items?: string[]
  all?: boolean
  purpose: string
  /** Only the acting person may request (left out: the actor). */
  requestedBy?: string
}

/** Records a request; `items` are the case's documents and media (the refs are resolved against them). */
export const requestCopy = (ws: Workspace, input: CopyRequestInput, caseItems: readonly CaseItem[], now = new Date()): CopyRequest => {
  const purpose = input.purpose?.trim()
  const refs = input.items ?? []
  if (!purpose) throw usageError('PURPOSE_REQUIRED', '复制申请必须用 --purpose 写明用途')
  assertCleanText(purpose, '--purpose（用途）', 'reason')
  const requestedBy = requireActingPerson(ws, input.requestedBy, '申请复制').name
  if (input.all && refs.length > 0) throw usageError('ITEMS_OR_ALL', '--items 与 --all 只能选一个')
  if (!input.all && refs.length === 0) throw usageError('ITEMS_OR_ALL', '用 --items <编号,…> 指定要复制的文书或音像文件，或用 --all 申请复制全案')
  getCase(ws, input.caseId)
  const items = input.all ? [...caseItems] : resolveItems(caseItems, input.caseId, refs)
  if (items.length === 0) throw conflict('NOTHING_TO_COPY', `案件 ${input.caseId} 还没有文书或音像文件，无可复制的内容`)
  const requestedAt = formatLocal(now, ws.config.timezone)
  const year = Number(requestedAt.slice(0, 4))
  return ws.transact((audit) => {
    const {next} = ws.db.get<{next: number}>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM copy_requests WHERE year = ?', year)!
    const id = `CR-${year}-${String(next).padStart(4, '0')}`
    const itemIds = items.map((item) => item.id)
    ws.db.run(
      `INSERT INTO copy_requests (id, year, seq, case_id, scope, items, purpose, requested_by, requested_at, actor)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      year,
      next,
      input.caseId,
      input.all ? 'all' : 'items',
      JSON.stringify(itemIds),
      purpose,
      requestedBy,
      requestedAt,
      ws.actor.name,
    )
    audit({action: 'copy.request', caseId: input.caseId, details: {items: itemIds, purpose, requestedBy, scope: input.all ? 'all' : 'items'}, subject: id})
    return getCopyRequest(ws, id, now)
  })
}

/** The checks every decision shares: the acting person, a head, not the requester (nor who filed it), and only once. */
const checkDecider = (ws: Workspace, request: CopyRequest, by: string | undefined): string => {
  const decider = requireActingPerson(ws, by, '审批复制申请', 'head').name
  const {actor: filedBy} = ws.db.get<{actor: string}>('SELECT actor FROM copy_requests WHERE id = ?', request.id)!
  if (decider === request.requestedBy || decider === filedBy) {
    throw forbidden(
      'GRANTOR_IS_REQUESTER',
      `${decider} 是复制申请 ${request.id} 的申请人，不能审批自己的申请（第四十六条：须经执法机构负责人同意），请由另一位执法机构负责人审批`,
      {request: request.id},
    )
  }

  if (request.decision) {
    const verb = request.decision.decision === 'granted' ? '同意' : '拒绝'
    throw conflict('REQUEST_ALREADY_DECIDED', `复制申请 ${request.id} 已于 ${request.decision.at} 由 ${request.decision.by} ${verb}，不能再次审批`, {
      request: request.id,
    })
  }

  return decider
}

export interface GrantInput {
  /** Only the acting head may grant (left out: the actor). */
  by?: string
  includeConfidential?: boolean
  /** `YYYY-MM-DD` (valid through that local day) or a local date-time. */
  expires?: string
  repeatable?: boolean
}

/** A plain date means "through the end of that day": stored as the last second of it. */
const parseExpiry = (input: string, timezone: string, now: Date): string => {
  const trimmed = input.trim()
  const expires = /^\d{4}-\d{2}-\d{2}$/.test(trimmed)
    ? parseUserDateTime(`${trimmed}T23:59:59`, timezone, '--expires')
    : parseUserDateTime(trimmed, timezone, '--expires')
  if (toInstant(expires, timezone).getTime() <= now.getTime()) {
    throw usageError('EXPIRES_IN_PAST', `--expires ${input} 已经过去，批准的有效期必须晚于现在`)
  }

  return expires
}

export const grantCopy = (ws: Workspace, requestId: string, input: GrantInput, now = new Date()): CopyRequest =>
  ws.transact((audit) => {
    const request = getCopyRequest(ws, requestId, now)
    const by = checkDecider(ws, request, input.by)
    const expires = input.expires ? parseExpiry(input.expires, ws.config.timezone, now) : null
    const at = formatLocal(now, ws.config.timezone)
    ws.db.run(
      `INSERT INTO copy_decisions (request_id, decision, decided_by, reason, include_confidential, expires, repeatable, at, actor)
         VALUES (?, 'granted', ?, NULL, ?, ?, ?, ?, ?)`,
      request.id,
      by,
      input.includeConfidential ? 1 : 0,
      expires,
      input.repeatable ? 1 : 0,
      at,
      ws.actor.name,
    )
    audit({
      action: 'copy.grant',
      caseId: request.caseId,
      details: {
        expires,
        grantor: by,
        includeConfidential: Boolean(input.includeConfidential),
        items: request.items,
        repeatable: Boolean(input.repeatable),
        requester: request.requestedBy,
      },
      subject: request.id,
    })
    return getCopyRequest(ws, request.id, now)
  })

export const denyCopy = (ws: Workspace, requestId: string, input: {by?: string; reason: string}, now = new Date()): CopyRequest => {
  const reason = input.reason?.trim()
  if (!reason) throw usageError('REASON_REQUIRED', '拒绝复制申请必须用 --reason 写明理由')
  assertCleanText(reason, '--reason（拒绝理由）', 'reason')
  return ws.transact((audit) => {
    const request = getCopyRequest(ws, requestId, now)
    const by = checkDecider(ws, request, input.by)
    const at = formatLocal(now, ws.config.timezone)
    ws.db.run(
      `INSERT INTO copy_decisions (request_id, decision, decided_by, reason, include_confidential, expires, repeatable, at, actor)
         VALUES (?, 'denied', ?, ?, 0, NULL, 0, ?, ?)`,
      request.id,
      by,
      reason,
      at,
      ws.actor.name,
    )
    audit({action: 'copy.deny', caseId: request.caseId, details: {grantor: by, reason, requester: request.requestedBy}, subject: request.id})
    return getCopyRequest(ws, request.id, now)
  })
}

export type ApprovalUse = 'export' | 'unmark'

/**
 * The approval as it stands for a use on `caseId`, or the refusal: each reason has its own code so a
 * script can tell them apart. `used` only blocks exports; removing a mark does not consume the grant.
 */
export const requireUsableApproval = (
  ws: Workspace,
  requestId: string | undefined,
  caseId: string,
  use: ApprovalUse,
  now = new Date(),
): CopyRequest & {decision: CopyDecision} => {
  if (!requestId?.trim()) {
    throw forbidden(
      'APPROVAL_REQUIRED',
      use === 'export'
        ? `复制案件 ${caseId} 的执法记录须经执法机构负责人同意（第四十六条）：先用 zfjl copy request ${caseId} 申请，经 zfjl copy grant 批准后用 --approval <申请编号> 导出`
        : `取消保密标记须有执法机构负责人批准的申请（第四十七条）：用 --approval <申请编号> 指定`,
      {caseId},
    )
  }

  const request = getCopyRequest(ws, requestId, now)
  if (request.caseId !== caseId) {
    throw forbidden('APPROVAL_OTHER_CASE', `复制申请 ${request.id} 批准的是案件 ${request.caseId}，不能用于案件 ${caseId}`, {
      approvalCase: request.caseId,
      caseId,
      request: request.id,
    })
  }

  const decision = request.decision
  if (!decision) {
    throw forbidden('APPROVAL_PENDING', `复制申请 ${request.id} 尚未经执法机构负责人审批（由负责人本人用 zfjl copy grant ${request.id} 批准）`, {
      request: request.id,
    })
  }

  // A grant is relied on only as the audit chain recorded it, with the case's marks and items it is used on:
  // a row written, edited or deleted behind the program is refused.
  requireCaseRecordsIntact(ws, caseId)
  if (decision.decision === 'denied') {
    throw forbidden('APPROVAL_DENIED', `复制申请 ${request.id} 已于 ${decision.at} 被 ${decision.by} 拒绝（理由：${decision.reason}）`, {request: request.id})
  }

  if (isExpired(decision, ws.config.timezone, now)) {
    throw forbidden('APPROVAL_EXPIRED', `复制申请 ${request.id} 的批准已于 ${decision.expires} 过期，请重新申请`, {
      expires: decision.expires,
      request: request.id,
    })
  }

  if (use === 'export' && request.exports.length > 0 && !decision.repeatable) {
    throw conflict(
      'APPROVAL_USED',
      `复制申请 ${request.id} 已用于导出 ${request.exports.join('、')}；该批准只允许复制一次（批准时未指定 --repeatable），请重新申请`,
      {exports: request.exports, request: request.id},
    )
  }

  return {...request, decision}
}
