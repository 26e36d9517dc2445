import {join} from 'node:path'

import {approveDocument, serveDocument} from '../../../documents/document-actions.js'
import {readDataFile} from '../../../documents/data-file.js'
import {fillDocument} from '../../../documents/fill-document.js'
import {demoPerson, setUpDemoPeople} from './access.js'
import {ZfjlError} from '../../../platform/errors.js'
import type {DocumentRecord} from '../../../workspace/records.js'
import type {DemoStep} from '../demo-step.js'

const label = (document: DocumentRecord): string => `${document.id}《${document.name}》${document.number ? ` ${document.number}` : ''}`

/**
 * The 文书 of the demo's general-procedure penalty, in the order the Measures put them: 案件受理记录, 询问笔录,
 * 事先告知书 (审核、批准、送达 → prior-notice-served), 陈述申辩笔录, 集体讨论记录 (第二十九条), and the
 * 行政处罚决定书 (decision-made; 审核、批准、送达 → decision-served), each with its 送达回证.
 */
export const demoStep: DemoStep = async ({caseId, examplesDir, progress, ws}) => {
  const data = (typeId: string) => readDataFile(join(examplesDir, 'documents', 'demo', `${typeId}.yaml`))
  const summary: string[] = []
  const added = setUpDemoPeople(ws)
  if (added.length > 0) summary.push(`登记审批人员：${added.join('、')}`)
  const reviewer = demoPerson('reviewer')
  const approver = demoPerson('approver')
  // The paper approvals are recorded with the times they were signed, before each service.
  const approve = (document: DocumentRecord, opinion: string, reviewedAt: string, approvedAt: string) => {
    approveDocument(ws.as(reviewer), caseId, document.id, {at: reviewedAt, opinion, role: 'review'})
    return approveDocument(ws.as(approver), caseId, document.id, {at: approvedAt, opinion: '同意', role: 'approve'})
  }

  progress('正在填写文书…')
  const intake = fillDocument(ws, caseId, 'case-intake-record', {data: data('case-intake-record'), date: '2026-10-09'})
  summary.push(`${label(intake)}（第十九条）`)
  const inquiry = fillDocument(ws, caseId, 'inquiry-record', {data: data('inquiry-record'), date: '2026-10-13'})
  summary.push(`${label(inquiry)} → ${inquiry.file}`)

  const notice = fillDocument(ws, caseId, 'penalty-prior-notice', {data: data('penalty-prior-notice'), date: '2026-10-20'})
  try {
    serveDocument(ws, caseId, notice.id, {at: '2026-10-20T16:00', method: 'direct', to: '刘某'})
    throw new Error('演示中未经批准的送达却成功了')
  } catch (error) {
    if (!(error instanceof ZfjlError)) throw error
    summary.push(`未经审批送达被拒绝 → ${error.code}`)
  }

  approve(notice, '事实清楚，证据确凿，拟处罚适当', '2026-10-20T15:00', '2026-10-20T17:30')
  const noticeServed = serveDocument(ws, caseId, notice.id, {at: '2026-10-21T10:00', method: 'direct', to: '刘某（经营者）'})
  summary.push(
    `${label(notice)}：${reviewer} 审核、${approver} 批准，2026-10-21 直接送达刘某，送达回证 ${noticeServed.receipt.id}，记录事件 ${noticeServed.event?.event}`,
  )

  const statement = fillDocument(ws, caseId, 'statement-record', {data: data('statement-record'), date: '2026-10-23', set: {noticeDocNo: notice.number ?? ''}})
  summary.push(`${label(statement)}（记录事件 statement-heard）`)

  const discussion = fillDocument(ws, caseId, 'collective-discussion', {data: data('collective-discussion'), date: '2026-10-28'})
  const attendees = (discussion.fields.attendees as Array<{name: string}>).map((person) => person.name)
  summary.push(`${label(discussion)}：主持人 ${discussion.fields.chair}，出席 ${attendees.join('、')}，每人一条签名行（第二十九条）`)

  const decision = fillDocument(ws, caseId, 'penalty-decision', {
    data: data('penalty-decision'),
    date: '2026-10-30',
    set: {noticeDocNo: notice.number ?? '', noticeServedDate: '2026-10-21'},
  })
  approve(decision, '经集体讨论决定，同意', '2026-10-30T10:00', '2026-10-30T16:00')
  const decisionServed = serveDocument(ws, caseId, decision.id, {at: '2026-10-31T09:30', method: 'direct', to: '刘某（经营者）'})
  summary.push(
    `${label(decision)}：记录事件 decision-made；审核、批准后于 2026-10-31 送达，送达回证 ${decisionServed.receipt.id}，记录事件 ${decisionServed.event?.event}（复议、诉讼期限由此起算）`,
  )
  summary.push(`每份文书均登记 SHA-256 与 SM3，例如 ${decision.id}：SM3 ${decision.sm3.slice(0, 16)}…`)
  return {step: '文书：填写、编号、审批、送达', summary}
}
