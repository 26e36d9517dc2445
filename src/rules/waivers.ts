import {getCase} from '../cases/case-service.js'
import {requireRole} from '../people/roles.js'
import {assertCleanText} from '../platform/clean-text.js'
import {notFound, usageError} from '../platform/errors.js'
import {formatLocal} from '../platform/local-time.js'
import type {Workspace} from '../workspace/workspace.js'
import {CHECK_RULES} from './check-rules.js'
import type {Finding} from './completeness.js'

/** A finding the head of the enforcement body has accepted: it stays listed but no longer fails `check`. */
export interface Waiver {
  id: number
  caseId: string
  rule: string
  /** The finding's subject (event or document id); null waives the rule for the whole case. */
  subject: string | null
  reason: string
  by: string
  at: string
}

export interface WaiveInput {
  rule: string
  subject?: string
  reason: string
  /** The head who accepts the finding (defaults to the acting person). */
  by: string
  now?: Date
}

/**
 * `check waive`: only a head (执法机构负责人) may accept a finding, with a reason; the waiver is
 * append-only and audited, so who accepted what, when and why stays on record.
 */
export const waiveFinding = (ws: Workspace, caseId: string, input: WaiveInput): Waiver => {
  const reason = input.reason.trim()
  if (!reason) throw usageError('REASON_REQUIRED', '豁免检查发现必须用 --reason 写明理由')
  assertCleanText(reason, '--reason（豁免理由）', 'reason')
  assertCleanText(input.subject, '--subject（检查对象）', 'title')
  if (!CHECK_RULES.some((rule) => rule.id === input.rule)) {
    throw notFound('CHECK_RULE_UNKNOWN', `未知的检查规则「${input.rule}」（规则列表见 zfjl catalog 的检查规则）`)
  }

  const now = input.now ?? new Date()
  return ws.transact((audit) => {
    getCase(ws, caseId)
    const by = requireRole(ws, input.by, 'head').name
    const at = formatLocal(now, ws.config.timezone)
    const subject = input.subject?.trim() || null
    const {id} = ws.db.get<{id: number}>(
      'INSERT INTO check_waivers (case_id, rule, subject, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      caseId,
      input.rule,
      subject,
      reason,
      by,
      at,
    )!
    audit({action: 'check.waive', caseId, details: {at, by, reason, rule: input.rule, subject}, subject: `${caseId}:${input.rule}${subject ? `:${subject}` : ''}`})
    return {at, by, caseId, id, reason, rule: input.rule, subject}
  })
}

/** Every waiver, or one case's, in the order they were given. */
export const listWaivers = (ws: Workspace, caseId?: string): Waiver[] => {
  if (!ws.db.hasTable('check_waivers')) return []
  const rows = ws.db.all<{id: number; case_id: string; rule: string; subject: string | null; reason: string; actor: string; at: string}>(
    `SELECT id, case_id, rule, subject, reason, actor, at FROM check_waivers ${caseId ? 'WHERE case_id = ?' : ''} ORDER BY id`,
    ...(caseId ? [caseId] : []),
  )
  return rows.map((row) => ({at: row.at, by: row.actor, caseId: row.case_id, id: row.id, reason: row.reason, rule: row.rule, subject: row.subject}))
}

export type WaivedFinding = Finding & {waiver: Pick<Waiver, 'id' | 'by' | 'at' | 'reason'>}

/** Splits findings into those that still count and those a waiver covers. */
export const applyWaivers = (findings: readonly Finding[], waivers: readonly Waiver[]): {open: Finding[]; waived: WaivedFinding[]} => {
  const open: Finding[] = []
  const waived: WaivedFinding[] = []
  for (const finding of findings) {
    const waiver = waivers.find(
      (candidate) => candidate.caseId === finding.case && candidate.rule === finding.rule && (candidate.subject === null || candidate.subject === finding.subject),
    )
    if (waiver) waived.push({...finding, waiver: {at: waiver.at, by: waiver.by, id: waiver.id, reason: waiver.reason}})
    else open.push(finding)
  }

  return {open, waived}
}
