import {archiveStatus} from '../archive/archive-status.js'
import {requiredDocumentGroups} from '../law/completeness-rules.js'
import {DOCUMENT_TYPES} from '../law/documents.js'
import {activeOfficers, APPROVAL_ROLES, listPeople, roleName} from '../people/roles.js'
import {evaluateCaseInWorkspace} from '../rules/check.js'
import type {CaseFacts, CheckedDocument, Finding} from '../rules/completeness.js'
import {MIN_OFFICERS} from '../cases/case-service.js'
import type {Workspace} from '../workspace/workspace.js'

/**
 * The 「下一步」 line of the commands that create something: the command that moves the work on, derived
 * from the same data the checks read (the catalog of 文书, the completeness rules, the roster), so it
 * never suggests what `check` would not ask for.
 */

/** Findings that a step needing audio/video has none (their subject is the step). */
const AV_DUTY_RULES = new Set(['av-record', 'av-full-record'])

const documentName = (typeId: string): string => DOCUMENT_TYPES.find((type) => type.id === typeId)?.name ?? typeId

/** After init and people add: who is still missing from the roster, else the first case. */
export const nextStepForRoster = (ws: Workspace): string => {
  const active = listPeople(ws).filter((person) => person.active)
  const held = new Set(active.flatMap((person) => person.roles))
  const officers = activeOfficers(ws).length
  if (officers < MIN_OFFICERS) return `zfjl people add <姓名> --role officer --cert <执法证号>（在用执法人员 ${officers} 名，承办案件至少 ${MIN_OFFICERS} 名）`
  const missing = APPROVAL_ROLES.filter((role) => !held.has(role))
  if (missing.length > 0) {
    const names = missing.map((role) => roleName(role)).join('、')
    return `zfjl people add <姓名> ${missing.map((role) => `--role ${role}`).join(' ')}（尚无${names}，文书无法审核批准）`
  }

  if (ws.config.identity === 'account') {
    // Under `account` identity nobody acts until their login is bound, and the administrator's own
    // account, bound to nobody, may only keep the roster.
    const unbound = active.filter((person) => !person.account).map((person) => person.name)
    if (unbound.length > 0) return `zfjl people add ${unbound[0]} --account <系统账户>（${unbound.join('、')} 尚未绑定登录账户，不能操作）`
    if (!active.some((person) => person.account === ws.actor.osUser)) return `各人以自己的系统账户登录后运行 zfjl case new（本账户 ${ws.actor.osUser} 未绑定人员，只能管理人员名单）`
  }

  return 'zfjl case new'
}

/**
 * What a case needs next: the first thing the completeness check asks for that a command supplies (the
 * 文书 of a recorded step, an approval, audio/video of a step), a new case's first 文书 in its
 * procedure's catalog, and once closed, archiving.
 */
export const nextStepForCase = (ws: Workspace, caseId: string): string | null => {
  const {facts, findings} = evaluateCaseInWorkspace(ws, caseId)
  return caseNextStep(ws, facts, findings)
}

/** After a 文书 is filled or approved: its own 审核, 批准 and 送达 first, then the case's next step. */
export const nextStepForDocument = (ws: Workspace, caseId: string, documentId: string): string | null => {
  const {facts, findings} = evaluateCaseInWorkspace(ws, caseId)
  const document = facts.documents.find((candidate) => candidate.id === documentId)
  return (document && documentNextStep(facts.caseRecord.id, document)) ?? caseNextStep(ws, facts, findings)
}

/** After media is added: linking it to the step it records, when no --step said so, else the case's next step. */
export const nextStepForMedia = (ws: Workspace, caseId: string, unlinked: readonly string[]): string | null => {
  const {facts, findings} = evaluateCaseInWorkspace(ws, caseId)
  if (unlinked.length === 0) return caseNextStep(ws, facts, findings)
  const step = findings.find((finding) => AV_DUTY_RULES.has(finding.rule))?.subject ?? '<环节>'
  return `zfjl media link ${facts.caseRecord.id} ${unlinked.join(' ')} --step ${step}`
}

/**
 * After a handover: the custodian who received the media does not add media or draft 文书, so only a
 * closed case's archiving is theirs to do next; an open case has nothing for them yet.
 */
export const nextStepForHandover = (ws: Workspace, caseId: string): string | null => {
  const {facts, findings} = evaluateCaseInWorkspace(ws, caseId)
  return facts.caseRecord.status === 'closed' ? caseNextStep(ws, facts, findings) : null
}

const documentNextStep = (caseId: string, document: CheckedDocument): string | null => {
  if (document.voided !== null) return null
  const type = DOCUMENT_TYPES.find((candidate) => candidate.id === document.type)
  if (!type) return null
  if (type.needsApproval) {
    for (const role of ['review', 'approve'] as const) {
      if (!document.approvals.some((approval) => approval.role === role)) return `zfjl doc approve ${caseId} ${document.id} --role ${role}`
    }
  }

  if (type.recordsOnServe && document.services.length === 0) return `zfjl doc serve ${caseId} ${document.id} --to <受送达人> --method <送达方式>`
  return null
}

const caseNextStep = (ws: Workspace, facts: CaseFacts, findings: readonly Finding[]): string | null => {
  const {caseRecord} = facts
  const id = caseRecord.id
  const errors = findings.filter((finding) => finding.severity === 'error')
  if (caseRecord.status === 'closed') {
    if (errors.length > 0) return `zfjl check ${id}`
    return archiveStatus(ws, id).changedSince === false ? null : `zfjl archive pack ${id}`
  }

  const live = facts.documents.filter((document) => document.voided === null)
  for (const finding of [...errors, ...findings.filter((finding) => finding.severity !== 'error')]) {
    if (finding.rule === 'step-document' && finding.subject) {
      const group = requiredDocumentGroups(finding.subject, caseRecord.procedure).find((types) => !live.some((document) => types.includes(document.type)))
      if (group) return `zfjl doc fill ${id} ${documentName(group[0])}`
    }

    if (finding.rule === 'approval-missing') {
      const document = live.find((candidate) => candidate.id === finding.subject)
      const step = document && documentNextStep(id, document)
      if (step) return step
    }

    if (AV_DUTY_RULES.has(finding.rule) && finding.subject) return `zfjl media add ${id} <音像文件> --step ${finding.subject}`
  }

  if (live.length === 0) {
    // The catalog lists each procedure's 文书 in the order of its steps; those shared with other procedures come where those begin.
    const ofProcedure = (type: (typeof DOCUMENT_TYPES)[number], only: boolean) =>
      type.procedures !== 'all' && (type.procedures as string[]).includes(caseRecord.procedure) && (!only || type.procedures.length === 1)
    const first = DOCUMENT_TYPES.find((type) => ofProcedure(type, true)) ?? DOCUMENT_TYPES.find((type) => ofProcedure(type, false))
    if (first) return `zfjl doc fill ${id} ${first.name}`
  }

  // Nothing the check asks for yet: the procedure's steps and 文书, to choose what comes next.
  return errors.length > 0 ? `zfjl check ${id}` : `zfjl catalog --procedure ${caseRecord.procedure}（本程序的环节与文书）`
}
